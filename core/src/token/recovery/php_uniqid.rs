//! PHP's `uniqid($prefix)`: `sprintf("%s%08x%05x", $prefix, sec, usec)`, the time in
//! microseconds (PHP 7.4+ polls the clock until it changes, so no two are equal), and
//! `uniqid($prefix, true)`, which appends `sprintf("%.8F", lcg_value() * 10)`.
//!
//! The time part is a clock: the next ids are the next microseconds, in order, and an id takes
//! as many guesses as microseconds passed. Up to PHP 8.3 the `more_entropy` fraction is the
//! combined LCG's (`lcg_value()`'s) output to within 2 or 3 values of its 31 bits; two of them,
//! searched over 2^31 `s1`, and a third to choose, give the LCG, after which the fraction adds
//! no guess at all. PHP 8.4 (php-src #15217), and Debian's PHP 8.2.31 measured here, draw it
//! from the CSPRNG instead (32 bits over `UINT32_MAX`): no LCG fits, and the recovery says so.

use super::php_lcg::{SCALE, search};
use super::{Model, Recovered, RecoveredState, RecoveryError};
use crate::token::weak::PhpCombinedLcg;

/// `sec` and `usec` of one id, and its `lcg_value() * 10` as printed.
#[derive(Debug, Clone, PartialEq)]
struct Uniqid {
    prefix: String,
    micros: i64,
    more: Option<String>,
}

/// Years 2001 to 2106 in seconds: 8 hex digits, starting `3` to `f`.
const PLAUSIBLE_SECONDS: std::ops::Range<i64> = 1_000_000_000..0x1_0000_0000;

fn parse(s: &str) -> Option<Uniqid> {
    let (rest, more) = match s.len().checked_sub(10) {
        Some(i) if s.is_char_boundary(i) && s.as_bytes().get(i + 1) == Some(&b'.') => {
            let frac = &s[i..];
            let ok = frac.as_bytes()[0].is_ascii_digit()
                && frac.as_bytes()[2..].iter().all(u8::is_ascii_digit);
            if !ok {
                return None;
            }
            (&s[..i], Some(frac))
        }
        _ => (s, None),
    };
    let i = rest.len().checked_sub(13)?;
    if !rest.is_char_boundary(i) {
        return None;
    }
    let hex = &rest[i..];
    if !hex.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f')) {
        return None;
    }
    let sec = i64::from_str_radix(&hex[..8], 16).ok()?;
    let usec = i64::from_str_radix(&hex[8..], 16).ok()?;
    (PLAUSIBLE_SECONDS.contains(&sec) && usec < 1_000_000).then_some(Uniqid {
        prefix: rest[..i].to_owned(),
        micros: sec * 1_000_000 + usec,
        more: more.map(str::to_owned),
    })
}

/// `z` values whose `%.8F` of `z * SCALE * 10` could print as `frac`.
fn z_range(frac: &str) -> Option<std::ops::RangeInclusive<i64>> {
    let v: f64 = frac.parse().ok()?;
    let step = SCALE * 10.0;
    let lo = ((v - 0.5e-8) / step).floor() as i64 - 1;
    let hi = ((v + 0.5e-8) / step).ceil() as i64 + 1;
    let fits = |z: i64| format!("{:.8}", z as f64 * SCALE * 10.0) == frac;
    let lo = (lo..=hi).find(|&z| fits(z))?;
    let hi = (lo..=hi).rev().find(|&z| fits(z))?;
    Some(lo.max(1)..=hi)
}

/// The clock, and the LCG behind the fractions when they were printed.
#[derive(Debug, Clone)]
pub struct UniqidRecovery {
    /// The prefix every sample shares.
    pub prefix: String,
    /// The last sample's time, Unix microseconds.
    pub last_micros: i64,
    /// Median microseconds between consecutive samples (`None` from one sample).
    pub median_gap: Option<i64>,
    /// `uniqid($prefix, true)`: the combined LCG states that fit, after the last sample
    /// (empty for plain `uniqid()`).
    pub lcg: Vec<PhpCombinedLcg>,
    more: bool,
}

impl UniqidRecovery {
    /// The ids of the next microseconds, in order (the attacker's guesses), each with the
    /// LCG's next fraction; none when the fraction is not pinned down.
    pub(super) fn predict(&self, k: usize) -> Vec<String> {
        let frac = if self.more {
            let mut next = self.lcg.iter().map(|g| {
                let mut g = *g;
                format!("{:.8}", g.next_f64() * 10.0)
            });
            let first = next.next();
            match first {
                Some(f) if next.all(|o| o == f) => Some(f),
                _ => return Vec::new(),
            }
        } else {
            None
        };
        (1..=k as i64)
            .map(|j| {
                let t = self.last_micros + j;
                format!(
                    "{}{:08x}{:05x}{}",
                    self.prefix,
                    t / 1_000_000,
                    t % 1_000_000,
                    frac.as_deref().unwrap_or("")
                )
            })
            .collect()
    }

    pub(super) fn describe(&self) -> String {
        let pace = match self.median_gap {
            Some(g) => format!(
                "the samples came every {g} us (median), so the next id is about guess {g}; "
            ),
            None => String::new(),
        };
        let lcg = if !self.more {
            String::new()
        } else {
            match self.lcg.as_slice() {
                [g] => {
                    let (s1, s2) = g.state();
                    format!(
                        "; the more_entropy fraction is known: combined LCG s1 = {s1}, s2 = {s2} \
                         (no extra guess)"
                    )
                }
                [] => "; the more_entropy fractions fit no combined LCG: they come from the \
                       CSPRNG (PHP 8.4+, and some 8.2 builds) or other lcg_value() calls came in \
                       between; each id then takes 10^9 times the guesses, and none is predicted"
                    .to_owned(),
                fits => format!(
                    "; {} combined LCG states fit the fractions: give another sample",
                    fits.len()
                ),
            }
        };
        format!(
            "a microsecond clock, last at Unix {}.{:06}: {pace}an id t seconds later is one of \
             t x 10^6 guesses{lcg}",
            self.last_micros.div_euclid(1_000_000),
            self.last_micros.rem_euclid(1_000_000),
        )
    }
}

pub(super) fn recover(samples: &[&str]) -> Result<Recovered, RecoveryError> {
    let model = Model::PhpUniqid;
    let ids = super::parse_all(
        samples,
        "a uniqid() ('%08x%05x' of the time, after a prefix, with '%.8F' for more_entropy)",
        parse,
    )?;
    let no_state = |reason: String| RecoveryError::NoState { model, reason };
    let first = &ids[0];
    for (i, id) in ids.iter().enumerate().skip(1) {
        if id.prefix != first.prefix {
            return Err(no_state(format!(
                "sample {} has another prefix than sample 1 (uniqid(mt_rand()): predict the \
                 prefix with php-mt-rand)",
                i + 1
            )));
        }
        if id.more.is_some() != first.more.is_some() {
            return Err(no_state(format!(
                "sample {} differs from sample 1 in more_entropy",
                i + 1
            )));
        }
        if id.micros <= ids[i - 1].micros {
            return Err(no_state(format!(
                "sample {} is not later than sample {i}",
                i + 1
            )));
        }
    }
    let more = first.more.is_some();
    let mut lcg = Vec::new();
    let mut work = ids.len() as u64;
    if more {
        let ranges: Vec<_> = ids
            .iter()
            .enumerate()
            .map(|(index, id)| {
                z_range(id.more.as_deref().unwrap_or_default()).ok_or_else(|| {
                    RecoveryError::Malformed {
                        index,
                        reason: "its fraction is not a '%.8F' of lcg_value() * 10".to_owned(),
                    }
                })
            })
            .collect::<Result<_, _>>()?;
        if ranges.len() < 3 {
            return Err(RecoveryError::TooFewSamples {
                model,
                needed: 3,
                got: ranges.len(),
            });
        }
        let threads = std::thread::available_parallelism().map_or(2, |n| n.get().clamp(1, 16));
        let r1: &std::ops::RangeInclusive<i64> = &ranges[0];
        work = (r1.end() - r1.start() + 1) as u64 * (1 << 31);
        lcg = search(ranges[0].clone(), ranges[1].clone(), threads)
            .into_iter()
            .map(|(s1, s2)| {
                let mut g = PhpCombinedLcg::new(s1 as i32, s2 as i32);
                g.next_f64();
                g
            })
            .collect();
        for (r, id) in ranges[2..].iter().zip(&ids[2..]) {
            lcg.retain_mut(|g| {
                let x = g.next_f64();
                r.contains(&((x / SCALE).round() as i64))
                    && Some(format!("{:.8}", x * 10.0)) == id.more
            });
        }
    }
    let mut gaps: Vec<i64> = ids.windows(2).map(|w| w[1].micros - w[0].micros).collect();
    gaps.sort_unstable();
    let used = if more { 3 } else { 1 };
    Ok(Recovered {
        model,
        samples_used: used.min(ids.len()),
        samples_checked: ids.len().saturating_sub(used),
        work,
        work_unit: if more { "s1 candidates" } else { "ids read" },
        state: RecoveredState::PhpUniqid(Box::new(UniqidRecovery {
            prefix: first.prefix.clone(),
            last_micros: ids[ids.len() - 1].micros,
            median_gap: (!gaps.is_empty()).then(|| gaps[gaps.len() / 2]),
            lcg,
            more,
        })),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_both_forms_and_a_prefix() {
        let id = parse("6b1043c485939").unwrap();
        assert_eq!(id.micros, 0x6b10_43c4 * 1_000_000 + 0x85939);
        assert_eq!((id.prefix.as_str(), id.more), ("", None));
        let id = parse("sess_6b1043c498faf6.72051882").unwrap();
        assert_eq!(
            (id.prefix.as_str(), id.more.as_deref()),
            ("sess_", Some("6.72051882"))
        );
        assert!(parse("6b1043c4f4240").is_none(), "usec 1000000");
        assert!(parse("zzzz").is_none());
        assert!(parse("6B1043C485939").is_none());
    }

    #[test]
    fn fractions_name_two_or_three_outputs() {
        let r = z_range("6.72051882").unwrap();
        assert!((1..=3).contains(&(r.end() - r.start() + 1)), "{r:?}");
        for z in r {
            assert_eq!(format!("{:.8}", z as f64 * SCALE * 10.0), "6.72051882");
        }
    }
}

#[cfg(test)]
mod sim_tests {
    use super::*;

    #[test]
    fn simulated_more_entropy_ids_give_the_lcg() {
        let mut g = PhpCombinedLcg::new(1_234_567_890, 987_654_321);
        let ids: Vec<String> = (0..5)
            .map(|i| {
                format!(
                    "{:08x}{:05x}{:.8}",
                    0x6b10_43c4u32,
                    0x1000 + i * 7,
                    g.next_f64() * 10.0
                )
            })
            .collect();
        let refs: Vec<&str> = ids.iter().map(String::as_str).collect();
        let got = recover(&refs).unwrap();
        let RecoveredState::PhpUniqid(u) = &got.state else {
            panic!()
        };
        assert_eq!(u.lcg, vec![g]);
    }
}
