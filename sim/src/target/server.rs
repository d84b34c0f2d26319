//! A live server that sessionlab starts itself (a site file's `[server]`), under libfaketime,
//! so that its clock can be moved: a 30-minute idle timeout or a 12-hour absolute timeout is
//! attacked in seconds, in any language.
//!
//! The command runs through `sh -c "exec COMMAND"` with `{port}` replaced by a free loopback
//! port, `LD_PRELOAD` set to libfaketime and `FAKETIME_TIMESTAMP_FILE` pointing at a file that
//! holds the offset (`+SECONDS`); libfaketime rereads it at every clock call
//! (`FAKETIME_NO_CACHE=1`), and the monotonic clock is left alone
//! (`FAKETIME_DONT_FAKE_MONOTONIC=1`), so the server's timers keep working. sessionlab waits
//! for the server to answer `ready_path`, and kills it when the [`ManagedServer`] is dropped.

use std::collections::BTreeMap;
use std::io::Read;
use std::net::{SocketAddr, TcpListener};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use crate::probe::client::SetupError;

/// Where Debian's `faketime` package puts the library (and where else it is looked for).
const LIBFAKETIME: [&str; 3] = [
    "/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1",
    "/usr/lib/aarch64-linux-gnu/faketime/libfaketime.so.1",
    "/usr/lib/faketime/libfaketime.so.1",
];

/// How to start the server (the site file's `[server]`).
#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ServerConfig {
    /// The command line (a shell command); `{port}` becomes the port sessionlab picked.
    pub command: String,
    /// Its working directory (default: the current one).
    #[serde(default)]
    pub cwd: Option<PathBuf>,
    /// More environment variables.
    #[serde(default)]
    pub env: BTreeMap<String, String>,
    /// The path polled until the server answers (default: the base URL's).
    #[serde(default)]
    pub ready_path: Option<String>,
    /// How long to wait for it, in seconds (default 30).
    #[serde(default = "thirty")]
    pub ready_timeout_secs: u64,
    /// Run it under libfaketime (default true; without it the clock cannot be moved).
    #[serde(default = "yes")]
    pub faketime: bool,
}

fn thirty() -> u64 {
    30
}
fn yes() -> bool {
    true
}

/// The libfaketime library, if it is installed.
pub fn libfaketime() -> Option<&'static str> {
    LIBFAKETIME.into_iter().find(|p| Path::new(p).exists())
}

/// A server sessionlab started; dropping it kills the process and removes the clock file.
#[derive(Debug)]
pub struct ManagedServer {
    child: Mutex<Child>,
    /// The port it listens on.
    pub port: u16,
    clock: Option<FakeClock>,
}

/// The offset of a server's clock, in the file libfaketime reads.
#[derive(Debug)]
struct FakeClock {
    file: PathBuf,
    offset_secs: Mutex<u64>,
}

impl FakeClock {
    fn write(&self, offset: u64) -> std::io::Result<()> {
        // Written beside and renamed, so that the server never reads half a file.
        let tmp = self.file.with_extension("new");
        std::fs::write(&tmp, format!("+{offset}\n"))?;
        std::fs::rename(&tmp, &self.file)
    }
}

impl ManagedServer {
    /// Starts `config.command` on a free port (substituted into it and into `base_url`),
    /// under libfaketime when asked and installed, and waits until it answers. Returns the
    /// server and the base URL with the port.
    pub fn start(
        config: &ServerConfig,
        base_url: &str,
    ) -> Result<(ManagedServer, String), SetupError> {
        let port = TcpListener::bind(SocketAddr::from(([127, 0, 0, 1], 0)))
            .and_then(|l| l.local_addr())
            .map_err(|e| SetupError(format!("server: no free port: {e}")))?
            .port();
        let command = config.command.replace("{port}", &port.to_string());
        let base_url = base_url.replace("{port}", &port.to_string());
        let mut cmd = Command::new("sh");
        cmd.arg("-c")
            .arg(format!("exec {command}"))
            .envs(&config.env)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped());
        if let Some(dir) = &config.cwd {
            cmd.current_dir(dir);
        }
        let clock = if config.faketime {
            let lib = libfaketime().ok_or_else(|| {
                SetupError(
                    "server: faketime = true but libfaketime is not installed (Debian: apt-get \
                     install faketime); set faketime = false to run on the wall clock"
                        .into(),
                )
            })?;
            let file = std::env::temp_dir().join(format!(
                "sessionlab-faketime-{}-{port}.txt",
                std::process::id()
            ));
            let clock = FakeClock {
                file,
                offset_secs: Mutex::new(0),
            };
            clock
                .write(0)
                .map_err(|e| SetupError(format!("server: cannot write the clock file: {e}")))?;
            cmd.env("LD_PRELOAD", lib)
                .env("FAKETIME_TIMESTAMP_FILE", &clock.file)
                .env("FAKETIME_NO_CACHE", "1")
                .env("FAKETIME_DONT_FAKE_MONOTONIC", "1");
            Some(clock)
        } else {
            None
        };
        let child = cmd
            .spawn()
            .map_err(|e| SetupError(format!("server: cannot start {command:?}: {e}")))?;
        let server = ManagedServer {
            child: Mutex::new(child),
            port,
            clock,
        };
        let ready = config.ready_path.clone().unwrap_or_else(|| {
            url::Url::parse(&base_url).map_or("/".into(), |u| u.path().to_owned())
        });
        let scheme = if base_url.starts_with("https:") {
            "https"
        } else {
            "http"
        };
        server.wait_ready(
            scheme,
            port,
            &ready,
            Duration::from_secs(config.ready_timeout_secs),
        )?;
        Ok((server, base_url))
    }

    /// Polls `path` until any HTTP answer; fails when the process exits or time runs out.
    fn wait_ready(
        &self,
        scheme: &str,
        port: u16,
        path: &str,
        timeout: Duration,
    ) -> Result<(), SetupError> {
        // An https:// server on 127.0.0.1: its own (self-signed) certificate is fine here.
        let tls = ureq::tls::TlsConfig::builder()
            .disable_verification(true)
            .build();
        let agent: ureq::Agent =
            crate::probe::client::agent_config_tls(Duration::from_secs(2), tls).into();
        let url = format!("{scheme}://127.0.0.1:{port}{path}");
        let deadline = Instant::now() + timeout;
        loop {
            if agent.get(&url).call().is_ok() {
                return Ok(());
            }
            let mut child = self.child.lock().unwrap_or_else(|p| p.into_inner());
            if let Ok(Some(status)) = child.try_wait() {
                let mut stderr = String::new();
                if let Some(mut e) = child.stderr.take() {
                    let _ = e.read_to_string(&mut stderr);
                }
                let last = stderr.lines().last().unwrap_or("").to_owned();
                return Err(SetupError(format!(
                    "server: the command exited ({status}) before answering {path}: {last}"
                )));
            }
            drop(child);
            if Instant::now() > deadline {
                return Err(SetupError(format!(
                    "server: no answer on {url} within {} s",
                    timeout.as_secs()
                )));
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Whether its clock can be moved (it runs under libfaketime).
    pub fn has_clock(&self) -> bool {
        self.clock.is_some()
    }

    /// Moves its clock forward by `secs`.
    pub fn advance(&self, secs: u64) -> Result<(), String> {
        let Some(clock) = &self.clock else {
            return Err("the server runs on the wall clock (faketime = false)".into());
        };
        let mut offset = clock.offset_secs.lock().unwrap_or_else(|p| p.into_inner());
        *offset = offset.saturating_add(secs);
        clock.write(*offset).map_err(|e| e.to_string())
    }
}

impl Drop for ManagedServer {
    fn drop(&mut self) {
        let child = self.child.get_mut().unwrap_or_else(|p| p.into_inner());
        let _ = child.kill();
        let _ = child.wait();
        if let Some(c) = &self.clock {
            let _ = std::fs::remove_file(&c.file);
        }
    }
}
