//! `tower-sessions-app [--port P] [--idle-timeout-secs N]`: the tower-sessions application on
//! 127.0.0.1, until killed.

use std::net::{Ipv4Addr, SocketAddr};
use std::process::ExitCode;

use clap::Parser;
use sessionlab_servers::{TowerOptions, start_tower_sessions_app};

/// The tower-sessions application, on 127.0.0.1, until killed.
#[derive(Debug, Parser)]
#[command(name = "tower-sessions-app", version)]
#[command(after_help = "Test users: alice / alice-password, bob / bob-password.")]
struct Args {
    /// The port on 127.0.0.1 (0 picks a free one).
    #[arg(long, default_value_t = 8081)]
    port: u16,
    /// `Expiry::OnInactivity` in seconds.
    #[arg(long, default_value_t = TowerOptions::default().idle_timeout_secs)]
    idle_timeout_secs: u64,
}

fn main() -> ExitCode {
    let args = Args::parse();
    let addr = SocketAddr::from((Ipv4Addr::LOCALHOST, args.port));
    let options = TowerOptions::idle_timeout(args.idle_timeout_secs);
    match start_tower_sessions_app(&options, addr) {
        Ok(server) => {
            println!(
                "tower-sessions-app on {} (users alice/alice-password, bob/bob-password)",
                server.base_url()
            );
            server.wait();
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
    }
}
