//! The `sessionlab` command line: clap definitions and the in-process entry point [`run`].
//!
//! Exit codes: 0 success, 1 a check failed (e.g. a lint finding at or above `--fail-on`),
//! 2 bad arguments or bad input, always with a one-line error on stderr.

use sessionlab_core::cookie::BrowserProfile;
use sessionlab_core::time::UnixTime;
use std::ffi::OsString;
use std::io::{BufRead, Write};

use clap::{Args, Parser, Subcommand};
use sessionlab_core::cookie::lint::Severity;

mod analyze;
mod campaign;
mod cookie_jar;
mod cookie_lint;
pub mod policy;
mod predict;
mod probe;

/// Proves web session management secure, or shows exactly how it breaks.
#[derive(Debug, Parser)]
#[command(name = "sessionlab", version, propagate_version = true)]
#[command(
    long_about = "Proves web session management secure, or shows exactly how it breaks.\n\n\
    The cookie tools replay what a browser's cookie jar does with a transcript of responses and \
    requests (RFC 6265bis), and lint Set-Cookie headers against the OWASP ASVS."
)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Cookie tools: replay a browser cookie jar, lint Set-Cookie headers.
    #[command(subcommand)]
    Cookie(CookieCommand),
    /// Session policies: list and show the built-in presets, check your own policy file.
    #[command(subcommand)]
    Policy(PolicyCommand),
    /// Run attackers against policies and print the matrix (the default command).
    #[command(long_about = campaign::CAMPAIGN_HELP)]
    Campaign(campaign::CampaignArgs),
    /// Rerun one campaign run bit for bit and print its transcript.
    Replay(campaign::ReplayArgs),
    /// Join the JSON reports of campaign shards.
    Merge(campaign::MergeArgs),
    /// Measure the randomness of a sample of session tokens (FIPS 140-2, SP 800-90B).
    Analyze(analyze::AnalyzeArgs),
    /// Recover a weak generator's state from observed tokens and predict the next ones.
    Predict(predict::PredictArgs),
    /// Attack a running server on loopback: cookie attributes, rotation, logout, fixation,
    /// idle timeout, the logout race, ids in URLs, a token sample.
    #[command(long_about = probe::PROBE_HELP)]
    Probe(probe::ProbeArgs),
}

#[derive(Debug, Subcommand)]
enum PolicyCommand {
    /// List the built-in presets, one line each on what they model.
    List,
    /// Print a preset as the TOML a user would start from.
    Show {
        /// The preset's name (see `sessionlab policy list`).
        name: String,
    },
    /// Validate a policy file and print its findings against the OWASP checklist.
    #[command(long_about = policy::CHECK_HELP)]
    Check {
        /// The policy file (TOML).
        file: std::path::PathBuf,
        /// Exit with code 1 when a finding of this severity or higher exists.
        #[arg(long, default_value = "medium", value_parser = parse_severity)]
        fail_on: Severity,
        /// Print the findings as JSON.
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Subcommand)]
enum CookieCommand {
    /// Replay a transcript of responses, requests and scripts (read on stdin) through a
    /// browser cookie jar, printing the Cookie header each request would carry.
    #[command(long_about = cookie_jar::LONG_HELP)]
    Jar(JarArgs),
    /// Lint Set-Cookie headers for session-security weaknesses, citing OWASP ASVS.
    #[command(long_about = cookie_lint::LONG_HELP)]
    Lint(LintArgs),
}

/// Options of `sessionlab cookie jar`.
#[derive(Debug, Args)]
struct JarArgs {
    /// Print one JSON object per `>` and `?` line, with the cookies sent and every cookie
    /// dropped so far with its reason.
    #[arg(long)]
    json: bool,
    /// The browser whose cookie rules to follow: `rfc` (RFC 6265bis draft 22 as written) or
    /// `chromium` (its deviations: HTAB inside names, values and attributes refused, a
    /// nameless cookie with `=` in its value refused, `Domain=.` refused, UTF-8 IDN domains
    /// accepted, `Max-Age=+N` accepted, a replaced cookie with a new value gets a new
    /// creation time).
    #[arg(long, default_value = "rfc", value_parser = ["rfc", "chromium"])]
    browser: String,
}

/// Options of `sessionlab cookie lint`.
#[derive(Debug, Args)]
struct LintArgs {
    /// Headers to lint (`Set-Cookie: ...` or just the value); without any, or with `-`, one
    /// header per line is read from stdin.
    headers: Vec<String>,
    /// Exit with code 1 when a finding of this severity or higher exists.
    #[arg(long, default_value = "medium", value_parser = parse_severity)]
    fail_on: Severity,
    /// The narrowest path the cookie is needed on (e.g. /account); a broader Path is reported.
    #[arg(long, value_name = "PATH")]
    path: Option<String>,
    /// Treat every cookie as a session cookie (by default, guessed from name and value).
    #[arg(long)]
    session: bool,
    /// Print the findings as JSON.
    #[arg(long)]
    json: bool,
}

fn parse_severity(s: &str) -> Result<Severity, String> {
    match s.to_ascii_lowercase().as_str() {
        "info" => Ok(Severity::Info),
        "low" => Ok(Severity::Low),
        "medium" => Ok(Severity::Medium),
        "high" => Ok(Severity::High),
        _ => Err("expected one of info, low, medium, high".to_owned()),
    }
}

/// A failure that ends the command with a one-line message and an exit code.
#[derive(Debug)]
pub(crate) struct Failure {
    pub(crate) code: u8,
    pub(crate) message: String,
}

impl Failure {
    pub(crate) fn bad_input(message: impl Into<String>) -> Self {
        Failure {
            code: 2,
            message: message.into(),
        }
    }
}

impl From<std::io::Error> for Failure {
    fn from(e: std::io::Error) -> Self {
        Failure::bad_input(format!("I/O error: {e}"))
    }
}

/// Runs the command line given by `args` (program name first) with the given streams, at Unix
/// time `now` (used only where a command needs the current time and the input gives none).
/// Returns the process exit code.
pub fn run<I, T>(
    args: I,
    input: &mut dyn BufRead,
    out: &mut dyn Write,
    err: &mut dyn Write,
    now: i64,
) -> u8
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    let args: Vec<OsString> = args.into_iter().map(Into::into).collect();
    // `--json` asked for a JSON document on stdout: an error is one too (CI that parses the
    // output gets `{"error": ...}`, not an empty file), besides the line on stderr.
    let json = args
        .iter()
        .skip(1)
        .take_while(|a| *a != "--")
        .any(|a| a == "--json");
    let cli = match Cli::try_parse_from(&args) {
        Ok(cli) => cli,
        Err(e) => {
            let mut message = Vec::new();
            let code = report_clap_error(&e, out, &mut message);
            let _ = err.write_all(&message);
            if json && code == 2 {
                let text = String::from_utf8_lossy(&message);
                let line = text.trim().strip_prefix("error: ").unwrap_or(text.trim());
                json_error(out, line, code);
            }
            return code;
        }
    };
    let result = match cli.command {
        None => campaign::run(&campaign::CampaignArgs::default(), out, err),
        Some(Command::Campaign(a)) => campaign::run(&a, out, err),
        Some(Command::Replay(a)) => campaign::replay(&a, out),
        Some(Command::Merge(a)) => campaign::merge(&a, out, err),
        Some(Command::Cookie(CookieCommand::Jar(a))) => {
            let profile = BrowserProfile::from_name(&a.browser).unwrap_or_default();
            cookie_jar::run(input, out, err, a.json, profile, UnixTime::from_secs(now))
        }
        Some(Command::Cookie(CookieCommand::Lint(a))) => cookie_lint::run(&a, input, out),
        Some(Command::Analyze(a)) => analyze::run(&a, input, out, err),
        Some(Command::Predict(a)) => predict::run(&a, input, out, err),
        Some(Command::Probe(a)) => probe::run(&a, out),
        Some(Command::Policy(PolicyCommand::List)) => policy::list(out),
        Some(Command::Policy(PolicyCommand::Show { name })) => policy::show(&name, out),
        Some(Command::Policy(PolicyCommand::Check {
            file,
            fail_on,
            json,
        })) => policy::check(&file, fail_on, json, out),
    };
    match result {
        Ok(code) => code,
        Err(f) => {
            let _ = writeln!(err, "error: {}", f.message);
            if json {
                json_error(out, &f.message, f.code);
            }
            f.code
        }
    }
}

/// `{"error": {"message": ..., "exit_code": ...}}` on stdout.
fn json_error(out: &mut dyn Write, message: &str, code: u8) {
    let doc = serde_json::json!({ "error": { "message": message, "exit_code": code } });
    let _ = writeln!(out, "{doc}");
}

/// Help and version go to stdout with code 0; every other clap error is one line on stderr
/// with code 2.
fn report_clap_error(e: &clap::Error, out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    use clap::error::ErrorKind;
    match e.kind() {
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => {
            let _ = write!(out, "{}", e.render());
            0
        }
        ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand | ErrorKind::MissingSubcommand => {
            let _ = writeln!(
                err,
                "error: a subcommand is required (see 'sessionlab --help')"
            );
            2
        }
        _ => {
            let rendered = e.render().to_string();
            let first = rendered
                .lines()
                .find(|l| !l.trim().is_empty())
                .unwrap_or("invalid arguments");
            let first = first.strip_prefix("error: ").unwrap_or(first);
            let _ = writeln!(err, "error: {first} (see 'sessionlab --help')");
            2
        }
    }
}
