//! `sessionlab cookie lint`: security findings for `Set-Cookie` headers.

use std::io::{BufRead, Write};

use sessionlab_core::cookie::lint::{Finding, LintOptions, Severity, lint_header};

use super::{Failure, LintArgs};

pub(crate) const LONG_HELP: &str = "\
Lint Set-Cookie headers for session-security weaknesses. Each finding names the OWASP ASVS \
requirement it comes from (5.0, or 4.0.3 where 5.0 has none):

  no-secure         no Secure attribute                         ASVS 5.0 V3.3.1
  no-httponly       no HttpOnly attribute                       ASVS 5.0 V3.3.4
  samesite-missing  no (valid) SameSite attribute               ASVS 5.0 V3.3.2
  samesite-none     SameSite=None                               ASVS 5.0 V3.3.2
  domain-attribute  a Domain attribute (shared with subdomains) ASVS 5.0 V3.3.3
  no-host-prefix    no __Host- prefix                           ASVS 5.0 V3.3.3
  prefix-violated   a __Host-/__Secure- cookie browsers drop    ASVS 5.0 V3.3.1/V3.3.3
  broad-path        Path broader than --path                    ASVS 4.0.3 V3.4.5
  persistent        Max-Age/Expires on a session cookie         ASVS 5.0 V7.3.2
  oversized         near or over the 4096-octet limit           ASVS 5.0 V3.3.5
  entropy           apparent entropy of a session id's value    ASVS 5.0 V7.2.3 (128 bits)
  dropped           a header browsers ignore entirely           ASVS 5.0 V3.3

Whether a cookie is a session cookie is guessed from its name (sid, session, token, ...) and \
value (long and random-looking); --session forces it. The entropy figure is an upper bound \
from the value's length, alphabet and character frequencies: a low figure proves weakness, \
a high one does not prove strength (use `sessionlab analyze` on many samples for that).

Exit codes: 0 no finding at or above --fail-on, 1 at least one, 2 bad input.

Examples:
  sessionlab cookie lint 'Set-Cookie: PHPSESSID=1234; path=/'
  curl -sI https://example.com/ | grep -i '^set-cookie:' | sessionlab cookie lint --fail-on high";

pub(crate) fn run(
    args: &LintArgs,
    input: &mut dyn BufRead,
    out: &mut dyn Write,
) -> Result<u8, Failure> {
    let mut headers: Vec<String> = args
        .headers
        .iter()
        .filter(|h| h.as_str() != "-")
        .cloned()
        .collect();
    if headers.is_empty() {
        let mut raw = Vec::new();
        input.read_to_end(&mut raw)?;
        let text =
            String::from_utf8(raw).map_err(|_| Failure::bad_input("stdin is not valid UTF-8"))?;
        headers.extend(
            text.lines()
                .map(str::trim)
                .filter(|l| !l.is_empty() && !l.starts_with('#'))
                .map(str::to_owned),
        );
    }
    if headers.is_empty() {
        return Err(Failure::bad_input(
            "no Set-Cookie header given (pass it as an argument or on stdin)",
        ));
    }
    let options = LintOptions {
        session: args.session,
        expected_path: args.path.clone(),
    };
    if let Some(p) = &options.expected_path {
        if !p.starts_with('/') {
            return Err(Failure::bad_input(format!(
                "--path must start with '/', got {p:?}"
            )));
        }
    }
    let reports: Vec<(&str, Vec<Finding>)> = headers
        .iter()
        .map(|h| {
            let value = strip_header_name(h);
            (value, lint_header(value, &options))
        })
        .collect();
    let worst = reports
        .iter()
        .flat_map(|(_, f)| f.iter().map(|f| f.severity))
        .max();
    if args.json {
        let cookies: Vec<_> = reports
            .iter()
            .map(|(h, f)| serde_json::json!({ "header": h, "findings": f }))
            .collect();
        let obj = serde_json::json!({ "fail_on": args.fail_on, "cookies": cookies });
        writeln!(out, "{obj}")?;
    } else {
        for (i, (h, findings)) in reports.iter().enumerate() {
            if i > 0 {
                writeln!(out)?;
            }
            writeln!(out, "Set-Cookie: {h}")?;
            for f in findings {
                writeln!(
                    out,
                    "  {:<6}  {:<16}  {:<17}  {}",
                    f.severity.as_str().to_uppercase(),
                    f.id,
                    f.asvs,
                    f.message
                )?;
            }
            writeln!(out, "  {}", summary(findings))?;
        }
    }
    Ok(if worst.is_some_and(|w| w >= args.fail_on) {
        1
    } else {
        0
    })
}

/// Accepts `Set-Cookie: v`, `set-cookie:v` or just `v`.
fn strip_header_name(h: &str) -> &str {
    match h.split_once(':') {
        Some((name, value)) if name.trim().eq_ignore_ascii_case("set-cookie") => {
            value.trim_matches([' ', '\t'])
        }
        _ => h,
    }
}

fn summary(findings: &[Finding]) -> String {
    if findings.is_empty() {
        return "no findings".to_owned();
    }
    let count = |s: Severity| findings.iter().filter(|f| f.severity == s).count();
    let parts: Vec<String> = [
        Severity::High,
        Severity::Medium,
        Severity::Low,
        Severity::Info,
    ]
    .into_iter()
    .filter(|&s| count(s) > 0)
    .map(|s| format!("{} {}", count(s), s))
    .collect();
    format!(
        "{} finding{}: {}",
        findings.len(),
        if findings.len() == 1 { "" } else { "s" },
        parts.join(", ")
    )
}
