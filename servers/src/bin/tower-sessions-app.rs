//! `tower-sessions-app [--port P] [--idle-timeout-secs N]`: the tower-sessions application on
//! 127.0.0.1, until killed.

use std::net::{Ipv4Addr, SocketAddr};
use std::process::ExitCode;

use sessionlab_servers::{TowerOptions, start_tower_sessions_app};

const USAGE: &str = "usage: tower-sessions-app [--port P] [--idle-timeout-secs N]
  --port P                the port on 127.0.0.1 (default 8081; 0 picks a free one)
  --idle-timeout-secs N   Expiry::OnInactivity in seconds (default 600)
Test users: alice / alice-password, bob / bob-password.";

fn main() -> ExitCode {
    match run(std::env::args().skip(1).collect()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
    }
}

fn run(args: Vec<String>) -> Result<(), String> {
    let mut port: u16 = 8081;
    let mut options = TowerOptions::default();
    let mut it = args.into_iter();
    while let Some(arg) = it.next() {
        let mut value = |flag: &str| it.next().ok_or(format!("{flag} needs a value\n{USAGE}"));
        match arg.as_str() {
            "--port" => {
                port = value("--port")?
                    .parse()
                    .map_err(|_| "--port needs a number from 0 to 65535".to_owned())?;
            }
            "--idle-timeout-secs" => {
                let secs = value("--idle-timeout-secs")?
                    .parse()
                    .map_err(|_| "--idle-timeout-secs needs a number of seconds".to_owned())?;
                options = TowerOptions::idle_timeout(secs);
            }
            "-h" | "--help" => {
                println!("{USAGE}");
                return Ok(());
            }
            other => return Err(format!("unknown argument {other:?}\n{USAGE}")),
        }
    }
    let addr = SocketAddr::from((Ipv4Addr::LOCALHOST, port));
    let server = start_tower_sessions_app(&options, addr).map_err(|e| e.to_string())?;
    println!(
        "tower-sessions-app on {} (users alice/alice-password, bob/bob-password)",
        server.base_url()
    );
    server.wait();
    Ok(())
}
