//! `Cookie` request headers: parsing is total, and what parses round-trips through the writer.
#![no_main]
use libfuzzer_sys::fuzz_target;
use sessionlab_core::check::{cookie, fuzz::expect};

fuzz_target!(|data: &[u8]| expect(cookie::cookie_header(data)));
