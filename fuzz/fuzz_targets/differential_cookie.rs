//! Our `Set-Cookie` parser against the `cookie` crate's: they agree wherever both define the
//! result (the deliberate differences are listed in `sessionlab_core::check::differential`).
#![no_main]
use libfuzzer_sys::fuzz_target;
use sessionlab_core::check::{differential, fuzz::expect};

fuzz_target!(|data: &[u8]| expect(differential::set_cookie(data)));
