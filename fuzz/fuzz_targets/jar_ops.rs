//! The cookie jar: arbitrary sets (HTTP and script), requests and clock moves keep the Secure,
//! HttpOnly, domain, path, prefix and limit invariants.
#![no_main]
use libfuzzer_sys::fuzz_target;
use sessionlab_core::check::{fuzz::expect, jar};

fuzz_target!(|input: jar::JarOps| expect(jar::ops(&input)));
