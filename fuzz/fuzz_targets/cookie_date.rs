//! RFC 6265bis cookie-dates: parsing is total, and accepted dates format and parse back.
#![no_main]
use libfuzzer_sys::fuzz_target;
use sessionlab_core::check::{cookie, fuzz::expect};

fuzz_target!(|data: &[u8]| expect(cookie::cookie_date(data)));
