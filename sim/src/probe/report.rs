//! The probe's report in the campaign's three forms: a table (with the evidence of each
//! check), JSON (`checks`, each with `name`, `verdict`, `finding` and `evidence`), and JUnit.

use std::fmt::Write as _;

use serde::Serialize;

use super::client::{Exchange, Target};
use super::config::BEARER;
use super::{Check, Outcome, Verdict};
use crate::campaign::report::xml_escape;

/// Evidence lines kept per check; the rest are counted.
const MAX_EVIDENCE: usize = 16;

/// The whole probe.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ProbeReport {
    /// The base URL probed.
    pub target: String,
    /// The session cookie's name.
    pub session_cookie: String,
    /// Requests sent in all.
    pub requests: usize,
    /// Every check run, in order.
    pub checks: Vec<CheckReport>,
}

/// One check's result.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CheckReport {
    /// The check's name.
    pub name: String,
    /// What it tests.
    pub summary: String,
    /// Pass, fail, skipped or inconclusive.
    pub verdict: Verdict,
    /// What was observed, in one line.
    pub finding: String,
    /// More lines.
    pub notes: Vec<String>,
    /// The requests that show the verdict, ids redacted.
    pub evidence: Vec<Evidence>,
    /// Requests of this check not listed in `evidence`.
    pub evidence_omitted: usize,
}

/// One request and its response, ids redacted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Evidence {
    /// What the probe was doing.
    pub step: String,
    /// The method.
    pub method: String,
    /// The path (and query) sent.
    pub path: String,
    /// The `Cookie` header sent.
    pub cookie: Option<String>,
    /// The bearer token sent (in the configured header), when the session is one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bearer: Option<String>,
    /// The status received.
    pub status: u16,
    /// The `Set-Cookie` headers received.
    pub set_cookie: Vec<String>,
    /// The bearer token the response's body gave, when the session is one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub token: Option<String>,
    /// The `Location` header received.
    pub location: Option<String>,
}

impl Evidence {
    /// One line: `step: METHOD path; Cookie: .. -> status; Set-Cookie: ..; Location: ..`.
    pub fn line(&self) -> String {
        let mut s = format!("{}: {} {}", self.step, self.method, self.path);
        if let Some(c) = &self.cookie {
            let _ = write!(s, "; Cookie: {c}");
        }
        if let Some(t) = &self.bearer {
            let _ = write!(s, "; token: {t}");
        }
        let _ = write!(s, " -> {}", self.status);
        for c in &self.set_cookie {
            let _ = write!(s, "; Set-Cookie: {c}");
        }
        if let Some(t) = &self.token {
            let _ = write!(s, "; token in the body: {t}");
        }
        if let Some(l) = &self.location {
            let _ = write!(s, "; Location: {l}");
        }
        s
    }
}

pub(crate) fn check_report(
    t: &Target<'_>,
    check: &dyn Check,
    outcome: Outcome,
    exchanges: &[Exchange],
    unlisted: usize,
) -> CheckReport {
    let evidence = exchanges
        .iter()
        .take(MAX_EVIDENCE)
        .map(|ex| {
            // A bearer token is filed as a pseudo-cookie: shown as what it is.
            let bearer_prefix = format!("{BEARER}=");
            let (mut cookie, mut bearer) = (Vec::new(), None);
            for pair in ex.cookie.iter().flat_map(|c| c.split("; ")) {
                match pair.strip_prefix(&bearer_prefix) {
                    Some(v) => bearer = Some(t.redact(&format!("x={v}"))[2..].to_owned()),
                    None => cookie.push(pair),
                }
            }
            let (mut set_cookie, mut token) = (Vec::new(), None);
            for h in &ex.set_cookies {
                match h.strip_prefix(&bearer_prefix) {
                    Some(v) => {
                        let v = v.split(';').next().unwrap_or("");
                        token = Some(t.redact(&format!("x={v}"))[2..].to_owned());
                    }
                    None => set_cookie.push(t.redact_set_cookie(h)),
                }
            }
            Evidence {
                step: ex.step.clone(),
                method: ex.method.clone(),
                path: t.redact(&ex.path),
                cookie: (!cookie.is_empty()).then(|| t.redact(&cookie.join("; "))),
                bearer,
                status: ex.status,
                set_cookie,
                token,
                location: ex.location.as_deref().map(|l| t.redact(l)),
            }
        })
        .collect();
    CheckReport {
        name: check.name().to_owned(),
        summary: check.summary().to_owned(),
        verdict: outcome.verdict,
        finding: t.redact(&outcome.finding),
        notes: outcome.notes.iter().map(|n| t.redact(n)).collect(),
        evidence,
        evidence_omitted: exchanges.len().saturating_sub(MAX_EVIDENCE) + unlisted,
    }
}

impl ProbeReport {
    fn count(&self, v: Verdict) -> usize {
        self.checks.iter().filter(|c| c.verdict == v).count()
    }

    /// Whether any check failed or could not finish (exit code 1).
    pub fn failed(&self) -> bool {
        self.checks
            .iter()
            .any(|c| matches!(c.verdict, Verdict::Fail | Verdict::Inconclusive))
    }

    /// The names of the failed checks, in order.
    pub fn failures(&self) -> Vec<&str> {
        self.checks
            .iter()
            .filter(|c| c.verdict == Verdict::Fail)
            .map(|c| c.name.as_str())
            .collect()
    }
}

/// The report as text: a table of verdicts, then each check's notes and evidence.
pub fn table(r: &ProbeReport) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "sessionlab probe: {} ({}), {} {}, {} requests\n",
        r.target,
        if r.session_cookie == BEARER {
            "session: a bearer token".to_owned()
        } else {
            format!("session cookie {}", r.session_cookie)
        },
        r.checks.len(),
        if r.checks.len() == 1 {
            "check"
        } else {
            "checks"
        },
        r.requests
    );
    let nw = r
        .checks
        .iter()
        .map(|c| c.name.len())
        .max()
        .unwrap_or(5)
        .max(5);
    let _ = writeln!(out, "{:<nw$}  {:<12}  finding", "check", "verdict");
    for c in &r.checks {
        let _ = writeln!(
            out,
            "{:<nw$}  {:<12}  {}",
            c.name,
            c.verdict.as_str(),
            c.finding
        );
    }
    let _ = writeln!(
        out,
        "\n{} passed, {} failed, {} skipped, {} inconclusive",
        r.count(Verdict::Pass),
        r.count(Verdict::Fail),
        r.count(Verdict::Skipped),
        r.count(Verdict::Inconclusive)
    );
    for c in &r.checks {
        let _ = writeln!(out, "\n{} ({}): {}", c.name, c.verdict.as_str(), c.summary);
        for n in &c.notes {
            let _ = writeln!(out, "  {n}");
        }
        for e in &c.evidence {
            let _ = writeln!(out, "  {}", e.line());
        }
        if c.evidence_omitted > 0 {
            let _ = writeln!(out, "  ... and {} more requests", c.evidence_omitted);
        }
    }
    out
}

/// The report as JSON.
pub fn json(r: &ProbeReport) -> String {
    let mut v = serde_json::to_value(r).unwrap_or_default();
    if let Some(obj) = v.as_object_mut() {
        obj.insert("passed".into(), r.count(Verdict::Pass).into());
        obj.insert("failed".into(), r.count(Verdict::Fail).into());
        obj.insert("skipped".into(), r.count(Verdict::Skipped).into());
        obj.insert("inconclusive".into(), r.count(Verdict::Inconclusive).into());
    }
    serde_json::to_string_pretty(&v).unwrap_or_default()
}

/// The report as JUnit XML: one test suite, a test case per check; a failed check is a
/// failure, an inconclusive one an error, a skipped one skipped.
pub fn junit(r: &ProbeReport) -> String {
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"sessionlab\">\n",
    );
    let _ = writeln!(
        out,
        "  <testsuite name=\"probe {}\" tests=\"{}\" failures=\"{}\" errors=\"{}\" skipped=\"{}\">",
        xml_escape(&r.target),
        r.checks.len(),
        r.count(Verdict::Fail),
        r.count(Verdict::Inconclusive),
        r.count(Verdict::Skipped)
    );
    for c in &r.checks {
        let _ = write!(
            out,
            "    <testcase classname=\"sessionlab.probe\" name=\"{}\"",
            xml_escape(&c.name)
        );
        let body: String = c
            .notes
            .iter()
            .cloned()
            .chain(c.evidence.iter().map(Evidence::line))
            .collect::<Vec<_>>()
            .join("\n");
        let element = match c.verdict {
            Verdict::Pass => None,
            Verdict::Fail => Some("failure"),
            Verdict::Inconclusive => Some("error"),
            Verdict::Skipped => Some("skipped"),
        };
        match element {
            None => out.push_str("/>\n"),
            Some(e) => {
                let _ = writeln!(
                    out,
                    ">\n      <{e} message=\"{}\">{}</{e}>\n    </testcase>",
                    xml_escape(&c.finding),
                    xml_escape(&body)
                );
            }
        }
    }
    out.push_str("  </testsuite>\n</testsuites>\n");
    out
}
