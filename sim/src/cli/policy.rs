//! `sessionlab policy`: list and show the built-in presets, check a user's policy file.

use std::io::Write;

use sessionlab_core::cookie::lint::{Finding, Severity};
use sessionlab_core::session::{Policy, presets};

use super::Failure;

pub(crate) const CHECK_HELP: &str = "\
Validate a policy file and list its findings against the OWASP checklist (ASVS 5.0 chapters \
V3 and V7, 4.0.3 where 5.0 has no rule; the session cookie is linted as by `cookie lint`).

Unknown keys, wrong types and impossible combinations (a __Host- cookie with a Domain, \
SameSite=None without Secure, a Secure cookie on a site without HTTPS, ...) are errors that \
name the key: exit code 2. Otherwise the findings are printed, worst first, and the exit code \
is 1 when one is at or above --fail-on, else 0.

Start from a preset: `sessionlab policy show hardened > my-app.toml`.";

pub(crate) fn list(out: &mut dyn Write) -> Result<u8, Failure> {
    let all = presets::all();
    let width = all.iter().map(|p| p.name.len()).max().unwrap_or(0);
    for p in all {
        writeln!(out, "{:<width$}  {}", p.name, p.summary)?;
    }
    Ok(0)
}

pub(crate) fn show(name: &str, out: &mut dyn Write) -> Result<u8, Failure> {
    let Some(p) = presets::by_name(name) else {
        let names: Vec<_> = presets::all().iter().map(|p| p.name).collect();
        return Err(Failure::bad_input(format!(
            "no preset named {name:?} (presets: {})",
            names.join(", ")
        )));
    };
    writeln!(out, "# sessionlab policy: {}\n# {}\n", p.name, p.summary)?;
    write!(out, "{}", p.policy.to_toml())?;
    Ok(0)
}

pub(crate) fn check(
    path: &std::path::Path,
    fail_on: Severity,
    json: bool,
    out: &mut dyn Write,
) -> Result<u8, Failure> {
    let text = std::fs::read(path)
        .map_err(|e| Failure::bad_input(format!("cannot read {}: {e}", path.display())))?;
    let text = String::from_utf8(text)
        .map_err(|_| Failure::bad_input(format!("{}: not valid UTF-8", path.display())))?;
    let policy = Policy::from_toml(&text)
        .map_err(|e| Failure::bad_input(format!("{}: {e}", path.display())))?;
    let errors = policy.validate();
    if let Some(first) = errors.first() {
        let more = if errors.len() > 1 {
            format!(" (and {} more)", errors.len() - 1)
        } else {
            String::new()
        };
        return Err(Failure::bad_input(format!(
            "{}: {first}{more}",
            path.display()
        )));
    }
    let findings = policy.findings();
    if json {
        let obj = serde_json::json!({ "file": path.display().to_string(), "fail_on": fail_on, "findings": findings });
        writeln!(out, "{obj}")?;
    } else {
        write_findings(out, &policy, &findings)?;
    }
    Ok(if findings.iter().any(|f| f.severity >= fail_on) {
        1
    } else {
        0
    })
}

/// The human-readable policy summary: its description, session cookie and findings.
pub fn write_findings(
    out: &mut dyn Write,
    policy: &Policy,
    findings: &[Finding],
) -> std::io::Result<()> {
    writeln!(out, "{}", policy.description)?;
    writeln!(out, "Set-Cookie: {}", policy.sample_set_cookie())?;
    for f in findings {
        writeln!(
            out,
            "  {:<6}  {:<31}  {:<37}  {}",
            f.severity.as_str().to_uppercase(),
            f.id,
            f.asvs,
            f.message
        )?;
    }
    writeln!(
        out,
        "  {} finding{}",
        findings.len(),
        if findings.len() == 1 { "" } else { "s" }
    )
}
