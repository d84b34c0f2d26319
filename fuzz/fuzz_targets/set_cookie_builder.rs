//! The `Set-Cookie` builder: arbitrary parts are refused or build a header that parses back to
//! exactly them.
#![no_main]
use libfuzzer_sys::fuzz_target;
use sessionlab_core::check::{cookie, fuzz::expect};

fuzz_target!(|input: cookie::BuilderInput| expect(cookie::builder_parts(&input)));
