//! The fuzz targets' entry points, by name, over raw bytes: what `cargo fuzz` runs and what the
//! corpus replay in `cargo test` runs, decoded the same way (`arbitrary`'s
//! `arbitrary_take_rest`, as `libfuzzer-sys` does for a typed `fuzz_target!`).

use arbitrary::{Arbitrary, Unstructured};

use super::{Violation, cookie, differential, jar, session};

/// A fuzz target's oracle over the raw input.
pub type Target = fn(&[u8]) -> Result<(), Violation>;

/// Decodes `data` as `T` exactly as a typed `fuzz_target!` does; `None` when it cannot.
pub fn decode<'a, T: Arbitrary<'a>>(data: &'a [u8]) -> Option<T> {
    T::arbitrary_take_rest(Unstructured::new(data)).ok()
}

/// Runs `check` on `data` decoded as `T`; undecodable input passes (libFuzzer skips it too).
pub fn typed<'a, T: Arbitrary<'a>>(
    data: &'a [u8],
    check: impl FnOnce(&T) -> Result<(), Violation>,
) -> Result<(), Violation> {
    decode::<T>(data).map_or(Ok(()), |input| check(&input))
}

/// `set_cookie_builder`: arbitrary parts are refused or round-trip.
pub fn set_cookie_builder(data: &[u8]) -> Result<(), Violation> {
    typed::<cookie::BuilderInput>(data, cookie::builder_parts)
}

/// `jar_ops`: arbitrary jar operations keep every jar invariant.
pub fn jar_ops(data: &[u8]) -> Result<(), Violation> {
    typed::<jar::JarOps>(data, jar::ops)
}

/// `session_ops`: arbitrary session operations under an arbitrary policy keep every session
/// invariant.
pub fn session_ops(data: &[u8]) -> Result<(), Violation> {
    typed::<session::SessionOps>(data, session::ops)
}

/// The core crate's targets, by the names of `fuzz/fuzz_targets/*.rs`. (`sim_scenario` lives
/// in the simulator crate.)
pub const TARGETS: &[(&str, Target)] = &[
    ("cookie_header", cookie::cookie_header),
    ("set_cookie", cookie::set_cookie),
    ("cookie_date", cookie::cookie_date),
    ("set_cookie_builder", set_cookie_builder),
    ("jar_ops", jar_ops),
    ("session_ops", session_ops),
    ("differential_cookie", differential::set_cookie),
];

/// Panics with the violation: what a fuzz target does when its oracle fails, so that libFuzzer
/// records the input as a crash.
pub fn expect(result: Result<(), Violation>) {
    if let Err(v) = result {
        panic!("property violated: {v}");
    }
}
