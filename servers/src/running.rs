//! A server running on a background thread: its own Tokio runtime, bound before the thread
//! starts (so the caller gets the port, or the bind error, at once), stopped on drop.

use std::io;
use std::net::{SocketAddr, TcpListener};
use std::thread::JoinHandle;
use std::time::Duration;

use axum::Router;
use tokio::sync::oneshot;

/// Why a server did not start.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum StartError {
    /// Only loopback addresses are served: these servers are weak on purpose.
    #[error("{0} is not a loopback address: the example servers only listen on loopback")]
    NotLoopback(SocketAddr),
    /// Binding or starting the runtime failed.
    #[error("cannot listen on {addr}: {source}")]
    Io {
        /// The address asked for.
        addr: SocketAddr,
        /// The error.
        source: io::Error,
    },
}

/// A running server. Dropping it stops the server (in-flight requests get two seconds).
#[derive(Debug)]
#[must_use = "the server stops when this handle is dropped"]
pub struct RunningServer {
    addr: SocketAddr,
    stop: Option<oneshot::Sender<()>>,
    thread: Option<JoinHandle<()>>,
}

impl RunningServer {
    /// The address the server is bound to (with the port the system chose for port 0).
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// `http://ADDR`, without a trailing slash.
    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Blocks until the server stops (which, with this handle alive, is never: for binaries
    /// that serve until they are killed).
    pub fn wait(mut self) {
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

impl Drop for RunningServer {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

/// Binds `addr` (loopback only) and serves `app` on a background thread.
pub(crate) fn spawn(
    app: Router,
    addr: SocketAddr,
    name: &str,
) -> Result<RunningServer, StartError> {
    if !addr.ip().is_loopback() {
        return Err(StartError::NotLoopback(addr));
    }
    let io_err = |source| StartError::Io { addr, source };
    let listener = TcpListener::bind(addr).map_err(io_err)?;
    listener.set_nonblocking(true).map_err(io_err)?;
    let bound = listener.local_addr().map_err(io_err)?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .thread_name(name)
        .enable_all()
        .build()
        .map_err(io_err)?;
    let (stop, stopped) = oneshot::channel::<()>();
    let thread = std::thread::Builder::new()
        .name(name.to_owned())
        .spawn(move || {
            runtime.block_on(async move {
                let Ok(listener) = tokio::net::TcpListener::from_std(listener) else {
                    return;
                };
                let service = app.into_make_service_with_connect_info::<SocketAddr>();
                tokio::spawn(async move {
                    let _ = axum::serve(listener, service).await;
                });
                // Serve until the handle is dropped (a dropped sender also ends the wait).
                let _ = stopped.await;
            });
            runtime.shutdown_timeout(Duration::from_secs(2));
        })
        .map_err(io_err)?;
    Ok(RunningServer {
        addr: bound,
        stop: Some(stop),
        thread: Some(thread),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_loopback_is_served() {
        for addr in ["0.0.0.0:0", "192.0.2.1:8080", "[::]:0"] {
            let addr: SocketAddr = addr.parse().unwrap();
            let app = Router::new();
            assert!(matches!(
                spawn(app, addr, "test"),
                Err(StartError::NotLoopback(a)) if a == addr
            ));
        }
        let server = spawn(Router::new(), "127.0.0.1:0".parse().unwrap(), "test").unwrap();
        assert!(server.addr().ip().is_loopback());
        assert_ne!(server.addr().port(), 0);
        assert!(server.base_url().starts_with("http://127.0.0.1:"));
    }
}
