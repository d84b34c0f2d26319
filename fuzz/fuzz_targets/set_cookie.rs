//! `Set-Cookie` headers: parsing is total, and what parses re-serializes to the same cookie.
#![no_main]
use libfuzzer_sys::fuzz_target;
use sessionlab_core::check::{cookie, fuzz::expect};

fuzz_target!(|data: &[u8]| expect(cookie::set_cookie(data)));
