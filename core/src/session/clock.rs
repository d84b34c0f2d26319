//! Time, injected. The core never reads the wall clock: a server passes a clock that does, and
//! tests and the simulator pass a [`ManualClock`] they move by hand.

use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};

/// A source of the current time.
pub trait Clock: Send + Sync {
    /// Microseconds since the Unix epoch. May go backwards (a clock step); the manager copes.
    fn now_micros(&self) -> i64;
}

/// A clock that moves only when told to. Clones share the same time.
#[derive(Debug, Clone, Default)]
pub struct ManualClock {
    micros: Arc<AtomicI64>,
}

impl ManualClock {
    /// A clock showing `unix_secs`.
    pub fn at(unix_secs: i64) -> Self {
        ManualClock {
            micros: Arc::new(AtomicI64::new(unix_secs.saturating_mul(1_000_000))),
        }
    }

    /// Moves the clock by `secs` (negative moves it back).
    pub fn advance_secs(&self, secs: i64) {
        self.micros
            .fetch_add(secs.saturating_mul(1_000_000), Ordering::SeqCst);
    }

    /// Moves the clock by `micros`.
    pub fn advance_micros(&self, micros: i64) {
        self.micros.fetch_add(micros, Ordering::SeqCst);
    }

    /// Sets the clock.
    pub fn set_micros(&self, micros: i64) {
        self.micros.store(micros, Ordering::SeqCst);
    }
}

impl Clock for ManualClock {
    fn now_micros(&self) -> i64 {
        self.micros.load(Ordering::SeqCst)
    }
}
