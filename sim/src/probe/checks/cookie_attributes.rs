//! The session cookie's `Set-Cookie`, linted like `sessionlab cookie lint --session`.

use sessionlab_core::cookie::lint::{LintOptions, lint_header};

use super::{Check, Outcome, Probe, ProbeError};

/// See the module docs.
pub struct CookieAttributes;

impl Check for CookieAttributes {
    fn name(&self) -> &'static str {
        "cookie-attributes"
    }

    fn summary(&self) -> &'static str {
        "the session cookie's Set-Cookie against OWASP ASVS (Secure, HttpOnly, SameSite, __Host-, lifetime)"
    }

    fn run(&self, p: &Probe<'_, '_>) -> Result<Outcome, ProbeError> {
        if p.bearer() {
            return Ok(Outcome::skipped(
                "the session is a bearer token, not a cookie: no Set-Cookie to lint",
            ));
        }
        let ex = &p.session.issued_by;
        p.target.record(ex.clone());
        let header = ex.set_cookie_header(&p.session.cookie).ok_or_else(|| {
            ProbeError::Unexpected(format!("no Set-Cookie for {}", p.session.cookie))
        })?;
        let fail_on = p.target.options.fail_on;
        // One value says little about randomness (the lint's bound is at most log2(length)
        // bits per character, under 128 for a 22-character id): token-sample judges that.
        let findings: Vec<_> = lint_header(
            header,
            &LintOptions {
                session: true,
                expected_path: None,
            },
        )
        .into_iter()
        .filter(|f| f.id != "entropy")
        .collect();
        let notes = findings
            .iter()
            .map(|f| {
                format!(
                    "{:<6}  {:<16}  {:<17}  {}",
                    f.severity.as_str().to_uppercase(),
                    f.id,
                    f.asvs,
                    f.message
                )
            })
            .collect();
        let bad: Vec<String> = findings
            .iter()
            .filter(|f| f.severity >= fail_on)
            .map(|f| format!("{} ({})", f.id, f.severity))
            .collect();
        let below: Vec<&str> = findings
            .iter()
            .filter(|f| f.severity < fail_on)
            .map(|f| f.id)
            .collect();
        let outcome = if bad.is_empty() {
            Outcome::pass(format!(
                "no finding at or above {fail_on}{}",
                if below.is_empty() {
                    String::new()
                } else {
                    format!(" (below: {})", below.join(", "))
                }
            ))
        } else {
            Outcome::fail(format!(
                "{} at or above {fail_on}: {}",
                if bad.len() == 1 {
                    "1 finding".to_owned()
                } else {
                    format!("{} findings", bad.len())
                },
                bad.join(", ")
            ))
        };
        Ok(outcome.with_notes(notes))
    }
}
