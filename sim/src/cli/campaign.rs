//! `sessionlab campaign` (the default command), `sessionlab replay` and `sessionlab merge`.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;

use clap::Args;
use sessionlab_core::session::{Policy, presets};

use super::Failure;
use crate::attackers;
use crate::campaign::{self, Campaign, Cell, NamedPolicy, Report, report};
use crate::catalogue::{Catalogue, TargetCell};
use crate::oracle::Outcome;
use crate::probe::ProbeConfig;
use crate::target::{LiveOptions, TargetSpec};
use crate::trace::ReplayId;

pub(crate) const CAMPAIGN_HELP: &str = "\
Run every attacker model against every policy, several seeds per cell, in parallel, and print \
the matrix. This is what `sessionlab` does with no arguments: every built-in preset against \
every attacker.

Each run is deterministic: one seed decides the victim's workload, which swarm features are \
on (plain-HTTP pages, idle periods, a visit to the attacker's site, the attacker's position on \
the network, ...) and every id the application issues. A cell where an attack succeeded \
prints the command that replays its first success, shrunk to the fewest steps.

Exit codes: 0 when the matrix is printed and every expectation holds; 1 when a built-in \
preset's expectation fails, an attacker is toothless (succeeds against no built-in preset), or \
with --expect blocked any attack succeeds; 2 on bad input.

With --site FILE, the same attackers play against a live server on loopback, described by a \
site file (a `sessionlab probe` config: login, users, logout, the protected page and its \
`logged_in_body` marker naming {user}, and optionally `served_as_body`, `https_paths`, \
`password_change_path` and `[race]`). Each run gets a fresh client; attacks that need what a \
live server cannot give (reading its logs; moving its clock, unless the file's `[server]` lets \
sessionlab start it under libfaketime) are skipped, with the reason.

Examples:
  sessionlab campaign --policy my-app.toml --expect blocked --junit report.xml
  sessionlab campaign --site examples/probe/tower-sessions.toml --seeds 4
  sessionlab campaign --preset django --attacker csrf --seeds 100
  sessionlab campaign --shard 1/4 --json > part1.json && sessionlab merge part*.json";

/// Options of `sessionlab campaign`.
#[derive(Debug, Args)]
pub(crate) struct CampaignArgs {
    /// A policy file (TOML) to attack; repeatable. With it, only the given policies run
    /// (add --preset to include built-ins).
    #[arg(long = "policy", value_name = "FILE")]
    policies: Vec<PathBuf>,
    /// A live server to attack, described by a site file (a probe config, TOML); repeatable.
    /// With it, only the given targets run (add --preset to include built-ins).
    #[arg(long = "site", value_name = "FILE")]
    sites: Vec<PathBuf>,
    /// A built-in preset to attack (`all` for every one); repeatable. Default: all.
    #[arg(long = "preset", value_name = "NAME")]
    presets: Vec<String>,
    /// An attacker to run; repeatable. Default: all.
    #[arg(long = "attacker", value_name = "NAME")]
    attackers: Vec<String>,
    /// Seeds per cell.
    #[arg(long, default_value_t = 16)]
    seeds: u64,
    /// The first seed.
    #[arg(long, default_value_t = 1)]
    first_seed: u64,
    /// Run only shard I of N (e.g. 2/4), to split a campaign across CI jobs; join the JSON
    /// reports with `sessionlab merge`.
    #[arg(long, value_name = "I/N", value_parser = parse_shard)]
    shard: Option<(u64, u64)>,
    /// Print the report as JSON instead of the matrix.
    #[arg(long)]
    json: bool,
    /// Also write a JUnit XML report to FILE.
    #[arg(long, value_name = "FILE")]
    junit: Option<PathBuf>,
    /// `blocked`: exit 1 if any attack succeeds against the policies run (for your CI).
    #[arg(long, value_name = "OUTCOME", value_parser = ["blocked"])]
    expect: Option<String>,
    /// Do not shrink failures (faster).
    #[arg(long)]
    no_shrink: bool,
    /// Run every seed twice and compare transcript hashes.
    #[arg(long)]
    check_determinism: bool,
    /// Worker threads (default: one per core).
    #[arg(long)]
    threads: Option<usize>,
}

impl Default for CampaignArgs {
    /// What `sessionlab` with no arguments runs: every preset, every attacker.
    fn default() -> Self {
        use clap::FromArgMatches;
        let cmd = <CampaignArgs as Args>::augment_args(clap::Command::new("campaign"));
        let matches = cmd.get_matches_from(["campaign"]);
        CampaignArgs::from_arg_matches(&matches).expect("the defaults parse")
    }
}

fn parse_shard(s: &str) -> Result<(u64, u64), String> {
    let (i, n) = s.split_once('/').ok_or("expected I/N, e.g. 1/4")?;
    let (i, n): (u64, u64) = (
        i.parse().map_err(|_| "I is not a number")?,
        n.parse().map_err(|_| "N is not a number")?,
    );
    if n == 0 || i == 0 || i > n {
        return Err(format!("shard {i}/{n}: need 1 <= I <= N"));
    }
    Ok((i - 1, n))
}

/// A site file as a live target named after the file's stem.
fn load_site(path: &PathBuf) -> Result<(TargetSpec, String), Failure> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| Failure::bad_input(format!("cannot read {}: {e}", path.display())))?;
    let config = ProbeConfig::from_toml(&text)
        .map_err(|e| Failure::bad_input(format!("{}: {e}", path.display())))?;
    let name = path
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or("site")
        .replace(':', "_");
    let spec = TargetSpec::live(name, &config, LiveOptions::default())
        .map_err(|e| Failure::bad_input(format!("{}: {e}", path.display())))?;
    Ok((spec, path.display().to_string()))
}

/// A catalogue cell of a live site as a campaign cell.
fn site_cell(name: &str, file: &str, t: TargetCell) -> Cell {
    let first_success_seed =
        t.id.as_deref()
            .and_then(|id| id.split(':').nth(1))
            .and_then(|s| s.parse().ok());
    Cell {
        target: name.to_owned(),
        policy: String::new(),
        replay: t
            .id
            .as_ref()
            .map(|id| format!("sessionlab replay --site {file} {name}:{id}")),
        attacker: t.attacker,
        outcome: t.outcome,
        runs: t.runs,
        successes: t.successes,
        outcomes: t.outcomes,
        expect: None,
        first_success_seed,
        violations: t.violations,
        nondeterministic: 0,
        skipped: t.skipped.filter(|_| t.outcome == Outcome::Skipped),
        by_browser: t.by_browser,
        browser_dependent: None,
    }
}

fn load_policy(path: &PathBuf) -> Result<NamedPolicy, Failure> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| Failure::bad_input(format!("cannot read {}: {e}", path.display())))?;
    let policy = Policy::from_toml(&text)
        .map_err(|e| Failure::bad_input(format!("{}: {e}", path.display())))?;
    if let Some(e) = policy.validate().first() {
        return Err(Failure::bad_input(format!("{}: {e}", path.display())));
    }
    let name = path
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or("policy")
        .replace(':', "_");
    Ok(NamedPolicy {
        name,
        policy,
        builtin: false,
        file: Some(path.display().to_string()),
    })
}

pub(crate) fn run(
    a: &CampaignArgs,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<u8, Failure> {
    let mut policies = Vec::new();
    let all_presets = a.presets.is_empty() && a.policies.is_empty() && a.sites.is_empty()
        || a.presets.iter().any(|p| p == "all");
    for np in campaign::builtin_policies() {
        if all_presets || a.presets.contains(&np.name) {
            policies.push(np);
        }
    }
    for name in &a.presets {
        if name != "all" && presets::by_name(name).is_none() {
            return Err(Failure::bad_input(format!(
                "no preset named {name:?} (see `sessionlab policy list`)"
            )));
        }
    }
    for path in &a.policies {
        policies.push(load_policy(path)?);
    }
    let mut sites = Vec::new();
    for path in &a.sites {
        sites.push(load_site(path)?);
    }
    let mut chosen = Vec::new();
    for name in &a.attackers {
        chosen.push(attackers::by_name(name).ok_or_else(|| {
            let names: Vec<_> = attackers::all().iter().map(|a| a.name()).collect();
            Failure::bad_input(format!(
                "no attacker named {name:?} (attackers: {})",
                names.join(", ")
            ))
        })?);
    }
    let all_attackers = chosen.is_empty();
    if all_attackers {
        chosen = attackers::all();
    }
    if a.seeds == 0 {
        return Err(Failure::bad_input("--seeds must be at least 1"));
    }
    let c = Campaign {
        policies,
        attackers: chosen,
        seeds: a.seeds,
        first_seed: a.first_seed,
        shard: a.shard,
        shrink: !a.no_shrink,
        check_determinism: a.check_determinism,
    };
    let total =
        (c.policies.len() * c.attackers.len()) as u64 * c.seeds / c.shard.map_or(1, |s| s.1);
    let bar = (!a.json && std::io::stdout().is_terminal()).then(|| {
        let b = indicatif::ProgressBar::new(total);
        b.set_style(
            indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} runs, {eta} left")
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
        );
        b
    });
    let progress = || {
        if let Some(b) = &bar {
            b.inc(1);
        }
    };
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(a.threads.unwrap_or(0))
        .build()
        .map_err(|e| Failure::bad_input(e.to_string()))?;
    let mut report = pool.install(|| campaign::run(&c, &progress));
    if let Some(b) = bar {
        b.finish_and_clear();
    }
    // Live sites run in the first shard only: the server is shared, the runs are few.
    if c.shard.is_none_or(|(i, _)| i == 0) {
        for (spec, file) in &sites {
            let names: Vec<&str> = c.attackers.iter().map(|a| a.name()).collect();
            let found = pool.install(|| {
                Catalogue::new(spec.clone())
                    .attackers(&names)
                    .seeds(a.seeds)
                    .first_seed(a.first_seed)
                    .shrink(!a.no_shrink)
                    .run()
            });
            report.cells.extend(
                found
                    .cells
                    .into_iter()
                    .map(|t| site_cell(&spec.name, file, t)),
            );
        }
    }
    let complete = all_presets && all_attackers && c.shard.is_none();
    finish(
        &report,
        a.json,
        a.junit.as_ref(),
        a.expect.is_some(),
        complete,
        out,
        err,
    )
}

/// Prints a report and decides the exit code.
fn finish(
    report: &Report,
    json: bool,
    junit: Option<&PathBuf>,
    expect_blocked: bool,
    complete: bool,
    out: &mut dyn Write,
    _err: &mut dyn Write,
) -> Result<u8, Failure> {
    if json {
        writeln!(out, "{}", report::json(report))?;
    } else {
        write!(out, "{}", report::table(report))?;
    }
    if let Some(path) = junit {
        std::fs::write(path, report::junit(report, expect_blocked))
            .map_err(|e| Failure::bad_input(format!("cannot write {}: {e}", path.display())))?;
    }
    let failed = !report.failed_expectations().is_empty()
        || (complete && !report.toothless().is_empty())
        || (expect_blocked && report.cells.iter().any(|c| c.outcome.is_success()));
    Ok(u8::from(failed))
}

/// Options of `sessionlab replay`.
#[derive(Debug, Args)]
pub(crate) struct ReplayArgs {
    /// The run: POLICY:ATTACKER:SEED[:KEEP], as a campaign prints it.
    id: String,
    /// The policy file, when the run's policy is not a built-in preset.
    #[arg(long, value_name = "FILE")]
    policy: Option<PathBuf>,
    /// The site file, when the run was against a live server (`campaign --site`).
    #[arg(long, value_name = "FILE", conflicts_with = "policy")]
    site: Option<PathBuf>,
}

pub(crate) fn replay(a: &ReplayArgs, out: &mut dyn Write) -> Result<u8, Failure> {
    let id: ReplayId = a.id.parse().map_err(Failure::bad_input)?;
    if let Some(path) = &a.site {
        return replay_site(path, &id, out);
    }
    let policy = match &a.policy {
        Some(path) => load_policy(path)?.policy,
        None => presets::by_name(&id.policy)
            .map(|p| p.policy)
            .ok_or_else(|| {
                Failure::bad_input(format!(
                    "no preset named {:?}; pass --policy FILE for your own",
                    id.policy
                ))
            })?,
    };
    let attacker = attackers::by_name(&id.attacker)
        .ok_or_else(|| Failure::bad_input(format!("no attacker named {:?}", id.attacker)))?;
    let first = campaign::run::run_one(&policy, &*attacker, id.seed, id.keep);
    // Like shuttle, check determinism before trusting a replay.
    let second = campaign::run::run_one(&policy, &*attacker, id.seed, id.keep);
    writeln!(
        out,
        "replay {id}: {} vs {} ({})",
        id.attacker,
        id.policy,
        attacker.summary()
    )?;
    for line in &first.transcript {
        writeln!(out, "{line}")?;
    }
    if first.violations.is_empty() {
        writeln!(out, "invariants: all held")?;
    } else {
        writeln!(out, "invariants broken: {}", first.violations.join("; "))?;
    }
    writeln!(
        out,
        "deterministic: {}",
        if first.hash == second.hash {
            "yes (same transcript twice)"
        } else {
            "NO"
        }
    )?;
    Ok(if first.hash == second.hash { 0 } else { 1 })
}

/// Replays a run against a live site: the same attacker steps against the server as it is
/// now. Its ids differ from the first time, so the check is whether the outcome repeated.
fn replay_site(path: &PathBuf, id: &ReplayId, out: &mut dyn Write) -> Result<u8, Failure> {
    let (spec, _) = load_site(path)?;
    let attacker = attackers::by_name(&id.attacker)
        .ok_or_else(|| Failure::bad_input(format!("no attacker named {:?}", id.attacker)))?;
    let first = campaign::run::run_target(&spec, &*attacker, id.seed, id.keep, true);
    let second = campaign::run::run_target(&spec, &*attacker, id.seed, id.keep, false);
    writeln!(
        out,
        "replay {id}: {} vs the live site {} ({})",
        id.attacker,
        path.display(),
        attacker.summary()
    )?;
    for line in &first.transcript {
        writeln!(out, "{line}")?;
    }
    let same = first.outcome == second.outcome;
    writeln!(
        out,
        "outcome repeated: {} (a live server issues new ids on every run: transcripts differ)",
        if same {
            format!("yes ({} twice)", first.outcome.as_str())
        } else {
            format!(
                "NO ({} then {})",
                first.outcome.as_str(),
                second.outcome.as_str()
            )
        }
    )?;
    Ok(u8::from(!same))
}

/// Options of `sessionlab merge`.
#[derive(Debug, Args)]
pub(crate) struct MergeArgs {
    /// JSON reports from `sessionlab campaign --shard I/N --json`.
    #[arg(required = true)]
    files: Vec<PathBuf>,
    /// Print the merged report as JSON.
    #[arg(long)]
    json: bool,
    /// Also write a JUnit XML report to FILE.
    #[arg(long, value_name = "FILE")]
    junit: Option<PathBuf>,
}

pub(crate) fn merge(
    a: &MergeArgs,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<u8, Failure> {
    let mut reports = Vec::new();
    for f in &a.files {
        let text = std::fs::read_to_string(f)
            .map_err(|e| Failure::bad_input(format!("cannot read {}: {e}", f.display())))?;
        let r: Report = serde_json::from_str(&text).map_err(|e| {
            Failure::bad_input(format!("{}: not a campaign report: {e}", f.display()))
        })?;
        reports.push(r);
    }
    let merged = report::merge(reports).map_err(Failure::bad_input)?;
    finish(&merged, a.json, a.junit.as_ref(), false, false, out, err)
}
