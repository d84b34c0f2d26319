//! Oracles: engine-independent checks that property tests, plain tests and fuzz targets share.
//!
//! Each function takes an input (bytes or a structured value), runs the code under test and
//! returns `Err(Violation)` naming the property that failed. Fuzz targets unwrap the result;
//! proptest properties assert it. None of them panics on any input unless the code under test
//! does, which is itself the finding.

pub mod cookie;
#[cfg(feature = "fuzzing")]
pub mod differential;
#[cfg(feature = "fuzzing")]
pub mod fuzz;
pub mod jar;
pub mod schedule;
pub mod session;

/// A property that did not hold, with enough detail to reproduce it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{property}: {detail}")]
pub struct Violation {
    /// The property's name, e.g. `set_cookie_reparse_identity`.
    pub property: &'static str,
    /// What was observed.
    pub detail: String,
}

pub(crate) fn ensure(
    ok: bool,
    property: &'static str,
    detail: impl FnOnce() -> String,
) -> Result<(), Violation> {
    if ok {
        Ok(())
    } else {
        Err(Violation {
            property,
            detail: detail(),
        })
    }
}
