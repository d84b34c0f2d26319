//! The session manager: arbitrary operations under an arbitrary policy keep every session
//! invariant.
#![no_main]
use libfuzzer_sys::fuzz_target;
use sessionlab_core::check::{fuzz::expect, session};

fuzz_target!(|input: session::SessionOps| expect(session::ops(&input)));
