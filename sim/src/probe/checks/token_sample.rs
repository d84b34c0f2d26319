//! A sample of ids, analyzed like `sessionlab analyze`: first visits when the site gives
//! visitors an id, else a login and a logout per id (ASVS 5.0 V7.2.3: 128 bits from a CSPRNG).

use sessionlab_core::token::analysis::{Verdict as TokenVerdict, analyze};
use sessionlab_core::token::cookie_value::{ValueKind, classify};

use super::{Check, Outcome, Probe, ProbeError};
use crate::probe::client::{CookieChange, Req};
use crate::probe::config::MIN_TOKEN_SAMPLE;

/// See the module docs.
pub struct TokenSample;

impl Check for TokenSample {
    fn name(&self) -> &'static str {
        "token-sample"
    }

    fn summary(&self) -> &'static str {
        "a sample of issued ids passes `sessionlab analyze` (FIPS 140-2, SP 800-90B)"
    }

    fn run(&self, p: &Probe<'_, '_>) -> Result<Outcome, ProbeError> {
        let t = p.target;
        let want = t.config.token_sample;
        if want == 0 {
            return Ok(Outcome::skipped("token_sample = 0 in the config"));
        }
        let name = &p.session.cookie;
        // A first visit, or a login and a logout (each after its form when CSRF tokens are on).
        let per_id = if p.session.guest_ids {
            1
        } else if t.csrf() {
            3
        } else {
            2
        };
        let n = want.min(t.requests_left() / per_id);
        if n < MIN_TOKEN_SAMPLE {
            return Ok(Outcome::inconclusive(format!(
                "the request budget leaves room for {n} ids, analyze needs {MIN_TOKEN_SAMPLE} (raise --max-requests)"
            )));
        }
        let (a, _) = t.config.users();
        let mut ids = Vec::with_capacity(n);
        // The first few exchanges are listed as evidence, the rest counted.
        let send = |i: usize, req: Req| {
            if i < 2 {
                t.send(req)
            } else {
                t.send_unlisted(req)
            }
        };
        // The sample shrinks to the time budget: once the ids so far say how long one takes,
        // it stops while a few seconds remain for the checks after it.
        let started = std::time::Instant::now();
        let reserve = std::time::Duration::from_secs(5);
        let mut shrunk = None;
        for i in 0..n {
            if i >= MIN_TOKEN_SAMPLE {
                let per_id = started.elapsed() / u32::try_from(i).unwrap_or(u32::MAX);
                let rest = per_id * u32::try_from(n - i).unwrap_or(u32::MAX);
                if rest > t.time_left().saturating_sub(reserve) {
                    shrunk = Some(per_id);
                    break;
                }
            }
            let got = if p.session.guest_ids {
                let ex = send(
                    i,
                    Req::new(
                        format!("collect id {}/{n}: a first visit", i + 1),
                        "GET",
                        t.landing(),
                    ),
                )?;
                ex.cookie_change(name)
            } else {
                let send_one = |req: Req| send(i, req);
                let (ex, cookie) = t.login_fresh(
                    &format!("collect id {}/{n}: log in", i + 1),
                    a,
                    None,
                    &send_one,
                )?;
                let change = ex.cookie_change(name);
                if let (CookieChange::Set(_), Some(cookie)) = (&change, &cookie) {
                    let logout = t.logout_req(
                        &format!("collect id {}/{n}: log out", i + 1),
                        cookie,
                        &send_one,
                    )?;
                    crate::probe::client::refused_logout(&send(i, logout)?)?;
                }
                change
            };
            let CookieChange::Set(id) = got else {
                return Err(ProbeError::Unexpected(format!(
                    "request {} of the sample set no {name} cookie",
                    i + 1
                )));
            };
            ids.push(id);
        }
        // The values as they are: percent-decoded, the id part of a signed id, and no analysis
        // at all of a session that lives in the cookie.
        let values: Vec<_> = ids.iter().map(|v| classify(v)).collect();
        let client_side = values.iter().filter(|v| v.kind.is_client_side()).count();
        if client_side * 2 > values.len() {
            let kind = values
                .iter()
                .find(|v| v.kind.is_client_side())
                .map_or("", |v| v.kind.describe());
            return Ok(Outcome::skipped(format!(
                "not applicable (client-side session): {client_side} of the {n} values are {kind}, the session itself rather than an id"
            )));
        }
        let mut notes = Vec::new();
        if let Some(signed) = values
            .iter()
            .find(|v| matches!(v.kind, ValueKind::SignedId(_)))
        {
            notes.push(format!(
                "the values are {}: the id part is analyzed, not the signature",
                signed.kind.describe()
            ));
        } else if values.iter().zip(&ids).any(|(v, raw)| *v.decoded != **raw) {
            notes.push("the values are URL-encoded: analyzed decoded".to_owned());
        }
        let parts: Vec<String> = values
            .iter()
            .zip(&ids)
            .map(|(v, raw)| v.id.as_deref().unwrap_or(raw).to_owned())
            .collect();
        if let Some(per_id) = shrunk {
            notes.push(format!(
                "{} of the {n} ids asked for: at {} ms an id, the time budget (--max-time) allowed no more",
                ids.len(),
                per_id.as_millis()
            ));
        }
        let refs: Vec<&str> = parts.iter().map(String::as_str).collect();
        let report = match analyze(&refs, None) {
            Ok(r) => r,
            Err(e) => return Ok(Outcome::inconclusive(format!("analyze: {e}"))),
        };
        let source = if p.session.guest_ids {
            "first visits"
        } else {
            "logins"
        };
        let verdict = match report.verdict {
            TokenVerdict::Pass => "pass",
            TokenVerdict::Weak => "weak",
            TokenVerdict::Fail => "fail",
        };
        notes.extend(report.reasons);
        if n < want {
            notes.push(format!(
                "{n} of the {want} ids asked for: the request budget allowed no more (--max-requests)"
            ));
        }
        Ok(Outcome::judge(
            report.verdict == TokenVerdict::Pass,
            format!(
                "{} ids from {source}{}: analyze says {verdict}, effective entropy {} of {:.0} bits",
                ids.len(),
                if shrunk.is_some() {
                    " (shrunk to the time budget)"
                } else {
                    ""
                },
                report.effective_entropy_bits,
                report.format_entropy_bits
            ),
        )
        .with_notes(notes))
    }
}
