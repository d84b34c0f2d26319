//! `reference-server [--preset NAME | --policy FILE] [--port P] [--idle-timeout-secs N]`: the
//! core session manager under a preset or policy file, on 127.0.0.1, until killed.

use std::net::{Ipv4Addr, SocketAddr};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::Parser;
use sessionlab_core::session::{Policy, presets};
use sessionlab_servers::{Overrides, start_reference};

/// The core session manager under a preset or policy file, on 127.0.0.1, until killed.
#[derive(Debug, Parser)]
#[command(name = "reference-server", version)]
#[command(after_help = "Test users: alice / alice-password, bob / bob-password.")]
struct Args {
    /// A built-in preset (`sessionlab policy list`).
    #[arg(long, default_value = "hardened", conflicts_with = "policy")]
    preset: String,
    /// A policy file (TOML) instead of a preset.
    #[arg(long)]
    policy: Option<PathBuf>,
    /// The port on 127.0.0.1 (0 picks a free one).
    #[arg(long, default_value_t = 8080)]
    port: u16,
    /// Shortens the idle timeout of a policy that has one.
    #[arg(long)]
    idle_timeout_secs: Option<u64>,
}

fn main() -> ExitCode {
    match run(Args::parse()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
    }
}

fn run(args: Args) -> Result<(), String> {
    let (name, policy) = match &args.policy {
        Some(file) => {
            let text = std::fs::read_to_string(file)
                .map_err(|e| format!("cannot read {}: {e}", file.display()))?;
            let policy =
                Policy::from_toml(&text).map_err(|e| format!("{}: {e}", file.display()))?;
            if let Some(e) = policy.validate().first() {
                return Err(format!("{}: {e}", file.display()));
            }
            (file.display().to_string(), policy)
        }
        None => {
            let preset = presets::by_name(&args.preset).ok_or(format!(
                "no preset named {:?} (see `sessionlab policy list`)",
                args.preset
            ))?;
            (args.preset.clone(), preset.policy)
        }
    };
    let overrides = args
        .idle_timeout_secs
        .map_or_else(Overrides::default, Overrides::idle_timeout);
    let addr = SocketAddr::from((Ipv4Addr::LOCALHOST, args.port));
    let server = start_reference(policy, &overrides, addr).map_err(|e| e.to_string())?;
    println!(
        "reference-server: {name} on {} (users alice/alice-password, bob/bob-password)",
        server.base_url()
    );
    server.wait();
    Ok(())
}
