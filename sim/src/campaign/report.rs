//! Campaign reports: a readable matrix, JSON (with merge for shards), and JUnit XML.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use super::{Cell, Report};
use crate::oracle::Outcome;

/// A short column label for an attacker.
fn label(attacker: &str) -> &str {
    match attacker {
        "eavesdrop" => "eavesdrop",
        "active-network" => "active",
        "fixation-url" => "fix-url",
        "fixation-tossing" => "fix-toss",
        "fixation-http-cookie" => "fix-http",
        "token-prediction" => "predict",
        "online-guessing" => "guess",
        "xss-theft" => "xss",
        "logout-race" => "race",
        "concurrent-logins" => "concurrent",
        other => other,
    }
}

fn symbol(o: Outcome) -> char {
    match o {
        Outcome::Hijacked => 'H',
        Outcome::Partial => 'P',
        Outcome::Detected => 'D',
        Outcome::Blocked => '.',
        Outcome::Skipped => '-',
    }
}

/// The matrix as text: one row per policy, one column per attacker.
pub fn table(r: &Report) -> String {
    let mut policies: Vec<&str> = Vec::new();
    let mut attackers: Vec<&str> = Vec::new();
    for c in &r.cells {
        if !policies.contains(&c.row()) {
            policies.push(c.row());
        }
        if !attackers.contains(&c.attacker.as_str()) {
            attackers.push(&c.attacker);
        }
    }
    let by: BTreeMap<(&str, &str), &Cell> = r
        .cells
        .iter()
        .map(|c| ((c.row(), c.attacker.as_str()), c))
        .collect();
    let pw = policies.iter().map(|p| p.len()).max().unwrap_or(6).max(6);
    let mut out = String::new();
    let runs: u64 = r.cells.iter().map(|c| c.runs).sum();
    let _ = writeln!(
        out,
        "sessionlab campaign: {} {} x {} attackers, {} seeds per cell, {runs} runs (shard {})\n",
        policies.len(),
        match (r.cells.iter().all(|c| !c.policy.is_empty()), policies.len()) {
            (true, 1) => "policy",
            (true, _) => "policies",
            (false, 1) => "target",
            (false, _) => "targets",
        },
        attackers.len(),
        r.seeds,
        r.shard
    );
    let _ = write!(out, "{:<pw$}", "policy");
    for a in &attackers {
        let _ = write!(out, "  {:>w$}", label(a), w = label(a).len().max(4));
    }
    out.push('\n');
    for p in &policies {
        let _ = write!(out, "{p:<pw$}");
        for a in &attackers {
            let w = label(a).len().max(4);
            let text = match by.get(&(*p, *a)) {
                None => "-".to_owned(),
                Some(c) if c.successes == 0 => format!(
                    "{}{}",
                    symbol(c.outcome),
                    if c.expectation_met() { "" } else { "!" }
                ),
                Some(c) => format!(
                    "{}{}{}",
                    symbol(c.outcome),
                    c.successes,
                    if c.expectation_met() { "" } else { "!" }
                ),
            };
            let _ = write!(out, "  {text:>w$}");
        }
        out.push('\n');
    }
    out.push_str("\nH hijacked (served as the victim on a sensitive page)  P partial (only ordinary pages)\nD detected (the app ended the session)  . blocked  N = successful runs  ! expectation failed\n");
    let skipped: Vec<&Cell> = r.cells.iter().filter(|c| c.skipped.is_some()).collect();
    if !skipped.is_empty() {
        out.push_str(
            "- skipped (every run needed a capability the target lacks)\n\nSkipped runs:\n",
        );
        for c in skipped {
            let _ = writeln!(
                out,
                "  {} vs {}: {}",
                c.row(),
                c.attacker,
                c.skipped.as_deref().unwrap_or("")
            );
        }
    }
    let dependent: Vec<&Cell> = r
        .cells
        .iter()
        .filter(|c| c.browser_dependent.is_some())
        .collect();
    if !dependent.is_empty() {
        out.push_str(
            "\nBrowser-dependent (the successful run, replayed with the victim in the other browser):\n",
        );
        for c in dependent {
            let by: Vec<String> = c
                .by_browser
                .iter()
                .map(|(p, t)| format!("{} {}/{}", p.name(), t.successes, t.runs))
                .collect();
            let _ = writeln!(
                out,
                "  {} vs {}: {} (successes {})",
                c.row(),
                c.attacker,
                c.browser_dependent.as_deref().unwrap_or(""),
                by.join(", ")
            );
        }
    }
    let failed = r.failed_expectations();
    if !failed.is_empty() {
        out.push_str("\nExpectations that failed:\n");
        for c in failed {
            let _ = writeln!(
                out,
                "  {} vs {}: expected {}, got {}",
                c.row(),
                c.attacker,
                c.expect.map_or("-", |e| e.as_str()),
                c.outcome.as_str()
            );
        }
    }
    let toothless = r.toothless();
    if !toothless.is_empty() {
        let _ = writeln!(
            out,
            "\nToothless attackers (no success against any built-in preset): {}",
            toothless.join(", ")
        );
    }
    let replays: Vec<&Cell> = r.cells.iter().filter(|c| c.replay.is_some()).collect();
    if !replays.is_empty() {
        out.push_str("\nReplay the first successful run of each cell:\n");
        for c in replays {
            let _ = writeln!(out, "  {}", c.replay.as_deref().unwrap_or_default());
        }
    }
    let nondet: u64 = r.cells.iter().map(|c| c.nondeterministic).sum();
    if nondet > 0 {
        let _ = writeln!(out, "\n{nondet} runs were not deterministic");
    }
    out
}

/// The report as JSON.
pub fn json(r: &Report) -> String {
    let mut v = serde_json::to_value(r).unwrap_or_default();
    if let Some(obj) = v.as_object_mut() {
        obj.insert("toothless".into(), serde_json::json!(r.toothless()));
        obj.insert(
            "failed_expectations".into(),
            serde_json::json!(r.failed_expectations().len()),
        );
    }
    serde_json::to_string_pretty(&v).unwrap_or_default()
}

/// Escapes text for an XML attribute or element (the JUnit reports of campaigns and probes).
pub(crate) fn xml_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The report as JUnit XML: a test suite per policy, a test case per attacker, a failure where
/// an expectation failed (or, with `strict`, where any attack succeeded).
pub fn junit(r: &Report, strict: bool) -> String {
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"sessionlab\">\n",
    );
    let mut policies: Vec<&str> = Vec::new();
    for c in &r.cells {
        if !policies.contains(&c.row()) {
            policies.push(c.row());
        }
    }
    for p in policies {
        let cells: Vec<&Cell> = r.cells.iter().filter(|c| c.row() == p).collect();
        let failed = |c: &Cell| !c.expectation_met() || (strict && c.outcome.is_success());
        let failures = cells.iter().filter(|c| failed(c)).count();
        let _ = writeln!(
            out,
            "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{failures}\">",
            xml_escape(p),
            cells.len()
        );
        for c in cells {
            let _ = write!(
                out,
                "    <testcase classname=\"sessionlab.{}\" name=\"{}\"",
                xml_escape(p),
                xml_escape(&c.attacker)
            );
            if failed(c) {
                let expect = if strict {
                    "blocked"
                } else {
                    c.expect.map_or("-", |e| e.as_str())
                };
                let _ = writeln!(
                    out,
                    ">\n      <failure message=\"expected {expect}, got {}\">{}</failure>\n    </testcase>",
                    c.outcome.as_str(),
                    xml_escape(c.replay.as_deref().unwrap_or(""))
                );
            } else {
                out.push_str("/>\n");
            }
        }
        out.push_str("  </testsuite>\n");
    }
    out.push_str("</testsuites>\n");
    out
}

/// Joins shard reports into one: runs and outcomes add up, the worst outcome wins, and the
/// replay of the lowest successful seed is kept.
pub fn merge(reports: Vec<Report>) -> Result<Report, String> {
    let Some(first) = reports.first() else {
        return Err("nothing to merge".into());
    };
    let seeds = first.seeds;
    let mut order: Vec<(String, String)> = Vec::new();
    let mut cells: BTreeMap<(String, String), Cell> = BTreeMap::new();
    for r in &reports {
        if r.seeds != seeds {
            return Err(format!(
                "reports ran different seed counts ({} and {})",
                seeds, r.seeds
            ));
        }
        for c in &r.cells {
            let key = (c.row().to_owned(), c.attacker.clone());
            match cells.get_mut(&key) {
                None => {
                    order.push(key.clone());
                    cells.insert(key, c.clone());
                }
                Some(m) => {
                    m.runs += c.runs;
                    m.successes += c.successes;
                    for (p, t) in &c.by_browser {
                        let mt = m.by_browser.entry(*p).or_default();
                        mt.runs += t.runs;
                        mt.successes += t.successes;
                    }
                    m.nondeterministic += c.nondeterministic;
                    m.outcome = m.outcome.max(c.outcome);
                    for (o, n) in &c.outcomes {
                        *m.outcomes.entry(*o).or_insert(0) += n;
                    }
                    for v in &c.violations {
                        if !m.violations.contains(v) {
                            m.violations.push(v.clone());
                        }
                    }
                    m.violations.sort();
                    if c.first_success_seed.is_some()
                        && (m.first_success_seed.is_none()
                            || c.first_success_seed < m.first_success_seed)
                    {
                        m.first_success_seed = c.first_success_seed;
                        m.replay = c.replay.clone();
                        m.browser_dependent = c.browser_dependent.clone();
                    }
                }
            }
        }
    }
    let cells = order.into_iter().filter_map(|k| cells.remove(&k)).collect();
    Ok(Report {
        seeds,
        shard: format!("merged from {}", reports.len()),
        cells,
    })
}
