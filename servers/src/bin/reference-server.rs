//! `reference-server --preset NAME [--policy FILE] [--port P] [--idle-timeout-secs N]`: the
//! core session manager under a preset or policy file, on 127.0.0.1, until killed.

use std::net::{Ipv4Addr, SocketAddr};
use std::process::ExitCode;

use sessionlab_core::session::{Policy, presets};
use sessionlab_servers::{Overrides, start_reference};

const USAGE: &str =
    "usage: reference-server [--preset NAME | --policy FILE] [--port P] [--idle-timeout-secs N]
  --preset NAME           a built-in preset (`sessionlab policy list`); default hardened
  --policy FILE           a policy file (TOML) instead of a preset
  --port P                the port on 127.0.0.1 (default 8080; 0 picks a free one)
  --idle-timeout-secs N   shortens the idle timeout of a policy that has one
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
    let mut policy = presets::hardened();
    let mut name = "hardened".to_owned();
    let mut port: u16 = 8080;
    let mut overrides = Overrides::default();
    let mut it = args.into_iter();
    while let Some(arg) = it.next() {
        let mut value = |flag: &str| it.next().ok_or(format!("{flag} needs a value\n{USAGE}"));
        match arg.as_str() {
            "--preset" => {
                name = value("--preset")?;
                policy = presets::by_name(&name)
                    .ok_or(format!(
                        "no preset named {name:?} (see `sessionlab policy list`)"
                    ))?
                    .policy;
            }
            "--policy" => {
                let file = value("--policy")?;
                let text = std::fs::read_to_string(&file)
                    .map_err(|e| format!("cannot read {file}: {e}"))?;
                policy = Policy::from_toml(&text).map_err(|e| format!("{file}: {e}"))?;
                if let Some(e) = policy.validate().first() {
                    return Err(format!("{file}: {e}"));
                }
                name = file;
            }
            "--port" => {
                port = value("--port")?
                    .parse()
                    .map_err(|_| "--port needs a number from 0 to 65535".to_owned())?;
            }
            "--idle-timeout-secs" => {
                let secs = value("--idle-timeout-secs")?
                    .parse()
                    .map_err(|_| "--idle-timeout-secs needs a number of seconds".to_owned())?;
                overrides = Overrides::idle_timeout(secs);
            }
            "-h" | "--help" => {
                println!("{USAGE}");
                return Ok(());
            }
            other => return Err(format!("unknown argument {other:?}\n{USAGE}")),
        }
    }
    let addr = SocketAddr::from((Ipv4Addr::LOCALHOST, port));
    let server = start_reference(policy, &overrides, addr).map_err(|e| e.to_string())?;
    println!(
        "reference-server: {name} on {} (users alice/alice-password, bob/bob-password)",
        server.base_url()
    );
    server.wait();
    Ok(())
}
