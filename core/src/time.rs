//! The one time type of the cookie and session layers: [`UnixTime`], a point in time counted
//! in microseconds since the Unix epoch (UTC). The core never reads the wall clock; callers pass
//! a `UnixTime` in (the jar) or inject a [`Clock`](crate::session::Clock) that answers one.
//!
//! Arithmetic saturates at the ends of the range, so an absurd `Max-Age` or a clock stepped to
//! the far future yields the latest representable time instead of wrapping around.

use std::fmt;

/// Microseconds since 1970-01-01T00:00:00Z; about ±292,000 years either side.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Default,
    serde::Serialize,
    serde::Deserialize,
)]
#[serde(transparent)]
pub struct UnixTime(i64);

const MICROS_PER_SEC: i64 = 1_000_000;

impl UnixTime {
    /// The earliest representable time (a cookie that expired "at the earliest representable
    /// date and time", RFC 6265bis §5.6.2).
    pub const MIN: UnixTime = UnixTime(i64::MIN);
    /// The latest representable time.
    pub const MAX: UnixTime = UnixTime(i64::MAX);
    /// 1970-01-01T00:00:00Z.
    pub const EPOCH: UnixTime = UnixTime(0);

    /// `secs` seconds after the epoch (saturating).
    pub const fn from_secs(secs: i64) -> Self {
        UnixTime(secs.saturating_mul(MICROS_PER_SEC))
    }

    /// `micros` microseconds after the epoch.
    pub const fn from_micros(micros: i64) -> Self {
        UnixTime(micros)
    }

    /// Whole seconds since the epoch, rounded down (towards the past).
    pub const fn as_secs(self) -> i64 {
        self.0.div_euclid(MICROS_PER_SEC)
    }

    /// Microseconds since the epoch.
    pub const fn as_micros(self) -> i64 {
        self.0
    }

    /// `secs` seconds later (earlier when negative), saturating.
    #[must_use]
    pub const fn add_secs(self, secs: i64) -> Self {
        UnixTime(self.0.saturating_add(secs.saturating_mul(MICROS_PER_SEC)))
    }

    /// `micros` microseconds later (earlier when negative), saturating.
    #[must_use]
    pub const fn add_micros(self, micros: i64) -> Self {
        UnixTime(self.0.saturating_add(micros))
    }

    /// Microseconds from `earlier` to `self` (negative when `earlier` is later), saturating.
    pub const fn micros_since(self, earlier: UnixTime) -> i64 {
        self.0.saturating_sub(earlier.0)
    }

    /// Whole seconds from `earlier` to `self`, rounded down, saturating.
    pub const fn secs_since(self, earlier: UnixTime) -> i64 {
        self.micros_since(earlier).div_euclid(MICROS_PER_SEC)
    }
}

/// Seconds with their microseconds, e.g. `1700000000.250000`.
impl fmt::Display for UnixTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}.{:06}",
            self.as_secs(),
            self.0.rem_euclid(MICROS_PER_SEC)
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seconds_and_micros_agree() {
        let t = UnixTime::from_secs(1_700_000_000);
        assert_eq!(t.as_micros(), 1_700_000_000_000_000);
        assert_eq!(t.as_secs(), 1_700_000_000);
        assert_eq!(t.add_micros(999_999).as_secs(), 1_700_000_000);
        assert_eq!(t.add_micros(-1).as_secs(), 1_699_999_999);
        assert_eq!(UnixTime::from_micros(-1).as_secs(), -1);
        assert_eq!(t.add_secs(60).secs_since(t), 60);
        assert_eq!(t.secs_since(t.add_micros(1)), -1);
        assert_eq!(t.add_micros(250_000).to_string(), "1700000000.250000");
    }

    #[test]
    fn arithmetic_saturates() {
        assert_eq!(UnixTime::from_secs(i64::MAX), UnixTime::MAX);
        assert_eq!(UnixTime::from_secs(i64::MIN), UnixTime::MIN);
        assert_eq!(UnixTime::MAX.add_secs(1), UnixTime::MAX);
        assert_eq!(UnixTime::MIN.add_secs(-1), UnixTime::MIN);
        assert_eq!(UnixTime::MAX.micros_since(UnixTime::MIN), i64::MAX);
    }
}
