//! Time, injected. The core never reads the wall clock: a server passes a clock that does, and
//! tests and the simulator pass a [`ManualClock`] they move by hand. Both answer a
//! [`UnixTime`], the time type the cookie jar takes too.

use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};

use crate::time::UnixTime;

/// A source of the current time.
pub trait Clock: Send + Sync {
    /// Now. May go backwards (a clock step); the manager copes.
    fn now(&self) -> UnixTime;
}

/// A clock that moves only when told to. Clones share the same time.
#[derive(Debug, Clone, Default)]
pub struct ManualClock {
    micros: Arc<AtomicI64>,
}

impl ManualClock {
    /// A clock showing `unix_secs` seconds after the epoch.
    pub fn at(unix_secs: i64) -> Self {
        Self::showing(UnixTime::from_secs(unix_secs))
    }

    /// A clock showing `t`.
    pub fn showing(t: UnixTime) -> Self {
        ManualClock {
            micros: Arc::new(AtomicI64::new(t.as_micros())),
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
    pub fn set(&self, t: UnixTime) {
        self.micros.store(t.as_micros(), Ordering::SeqCst);
    }
}

impl Clock for ManualClock {
    fn now(&self) -> UnixTime {
        UnixTime::from_micros(self.micros.load(Ordering::SeqCst))
    }
}
