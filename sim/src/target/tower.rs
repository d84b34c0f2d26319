//! Any `tower::Service` as a target, in process: an axum `Router` with its session layer, run
//! on a current-thread tokio runtime whose clock is paused. A request is a future driven to
//! completion; a held request (the logout race) is a task parked in the application (at its
//! `tokio::time::sleep`, say) until [`Target::release`] lets the paused clock jump to its
//! wake-up. No socket, no thread, no real waiting.
//!
//! The application's session clock is another matter: session libraries read the system clock
//! for expiry (tower-sessions calls `OffsetDateTime::now_utc()`), so a tower target cannot have
//! its sessions age, and time-based attacks are skipped against it.

use std::fmt::Display;

use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use tokio::runtime::Runtime;
use tokio::task::JoinHandle;
use tower::{Service, ServiceExt};

use super::{Released, Request, Response, Target, TargetError, Unsupported};

/// The largest response body read (bigger ones are an error: no page of a login system needs it).
const MAX_BODY: usize = 1 << 20;

type Answer = Result<Response, TargetError>;

/// A `tower::Service` in process.
pub struct TowerTarget<S> {
    name: String,
    service: S,
    runtime: Runtime,
    held: Vec<JoinHandle<Answer>>,
}

impl<S> std::fmt::Debug for TowerTarget<S> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TowerTarget")
            .field("name", &self.name)
            .field("held", &self.held.len())
            .finish_non_exhaustive()
    }
}

impl<S, B> TowerTarget<S>
where
    S: Service<http::Request<Full<Bytes>>, Response = http::Response<B>> + Clone + Send + 'static,
    S::Future: Send + 'static,
    S::Error: Display,
    B: http_body::Body + Send + 'static,
    B::Data: Send,
    B::Error: Display + Into<Box<dyn std::error::Error + Send + Sync>>,
{
    /// `service` (an axum `Router`, say) as a target called `name`.
    ///
    /// # Panics
    /// When tokio cannot build a current-thread runtime (out of memory or file descriptors).
    pub fn new(name: impl Into<String>, service: S) -> Self {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_time()
            .start_paused(true)
            .build()
            .expect("a current-thread tokio runtime");
        TowerTarget {
            name: name.into(),
            service,
            runtime,
            held: Vec::new(),
        }
    }
}

/// The world's request as the service takes it.
fn convert(req: &Request) -> http::Request<Full<Bytes>> {
    let mut out = http::Request::new(Full::new(req.body().clone()));
    *out.method_mut() = req.method().clone();
    *out.uri_mut() = req.uri().clone();
    *out.headers_mut() = req.headers().clone();
    if let Some(host) = req
        .uri()
        .authority()
        .and_then(|a| http::HeaderValue::from_str(a.as_str()).ok())
    {
        out.headers_mut().entry(http::header::HOST).or_insert(host);
    }
    out
}

/// Runs the service on one request and reads the whole body.
async fn call<S, B>(service: S, req: http::Request<Full<Bytes>>) -> Answer
where
    S: Service<http::Request<Full<Bytes>>, Response = http::Response<B>>,
    S::Error: Display,
    B: http_body::Body,
    B::Error: Display + Into<Box<dyn std::error::Error + Send + Sync>>,
{
    let response = service
        .oneshot(req)
        .await
        .map_err(|e| TargetError(format!("the service failed: {e}")))?;
    let (parts, body) = response.into_parts();
    let body = http_body_util::Limited::new(body, MAX_BODY)
        .collect()
        .await
        .map_err(|e| TargetError(format!("reading the response body: {e}")))?
        .to_bytes();
    Ok(http::Response::from_parts(parts, body))
}

impl<S, B> Target for TowerTarget<S>
where
    S: Service<http::Request<Full<Bytes>>, Response = http::Response<B>> + Clone + Send + 'static,
    S::Future: Send + 'static,
    S::Error: Display,
    B: http_body::Body + Send + 'static,
    B::Data: Send,
    B::Error: Display + Into<Box<dyn std::error::Error + Send + Sync>>,
{
    fn name(&self) -> &str {
        &self.name
    }

    fn send(&mut self, req: &Request) -> Result<Response, TargetError> {
        let service = self.service.clone();
        self.runtime.block_on(call(service, convert(req)))
    }

    /// Spawns the request and lets it run until it waits (at a timer, in a slow handler); it
    /// stays parked there while other requests go through.
    fn hold(&mut self, req: &Request) -> Result<Option<Response>, Unsupported> {
        let service = self.service.clone();
        let req = convert(req);
        let handle = self.runtime.spawn(call(service, req));
        self.runtime.block_on(async {
            for _ in 0..64 {
                tokio::task::yield_now().await;
            }
        });
        self.held.push(handle);
        Ok(None)
    }

    /// Waits for the held requests: the paused clock jumps to each one's wake-up.
    fn release(&mut self) -> Released {
        let held = std::mem::take(&mut self.held);
        let responses = self.runtime.block_on(async {
            let mut out = Vec::new();
            for h in held {
                if let Ok(Ok(r)) = h.await {
                    out.push(r);
                }
            }
            out
        });
        Released {
            responses,
            writes_accepted: None,
        }
    }

    fn can_hold(&self) -> Result<(), Unsupported> {
        Ok(())
    }

    fn advance(&mut self, secs: u64) -> Result<(), Unsupported> {
        let _ = secs;
        Err(Unsupported(format!(
            "{} reads the system clock for session expiry: its sessions cannot be aged in process",
            self.name
        )))
    }
}
