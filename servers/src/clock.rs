//! The wall clock, for a real server: the core never reads it, so it is implemented here.

use sessionlab_core::session::Clock;
use sessionlab_core::time::UnixTime;

/// [`Clock`] over `std::time::SystemTime`.
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> UnixTime {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(UnixTime::EPOCH, |d| {
                UnixTime::from_micros(i64::try_from(d.as_micros()).unwrap_or(i64::MAX))
            })
    }
}
