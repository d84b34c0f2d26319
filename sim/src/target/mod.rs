//! The system under test, as a parameter: one attacker catalogue against any target.
//!
//! A [`Target`] takes an `http::Request` and gives back an `http::Response`, like a
//! `tower::Service` or proptest-state-machine's `SystemUnderTest`. Everything else is an
//! optional capability, and an attacker that needs one the target lacks is `skipped` with the
//! reason:
//!
//! | capability | what it is for | model | tower | live |
//! | --- | --- | --- | --- | --- |
//! | [`Target::hold`] / [`Target::release`] | a slow request in flight across a logout (the race) | its saves are held | a future parked in the app | a request on its own thread |
//! | [`Target::advance`] | move the application's clock (timeouts) | virtual time | no: apps read the system clock | no |
//! | [`Target::logs`] | what the application writes to its logs | the audit log | no | no |
//! | [`Target::model`] | introspection: who a response was served as, the core invariants | yes | no | no |
//!
//! How to use a target (which page logs in, which one shows who is logged in, which paths are
//! HTTPS) is its [`Site`] description; "served as the victim" is always observed in the
//! response through the site's markers, and introspection only adds the invariants and detail.
//!
//! Adapters, one file each: [`model`] (the core manager under a policy, bit-for-bit
//! deterministic), [`tower`] (any `tower::Service` in-process, on a current-thread runtime with
//! paused time); the shared HTTP routing of the reference application is in [`routes`].

pub mod live;
pub mod model;
pub mod routes;
pub mod server;
pub mod site;
pub mod tower;

use bytes::Bytes;
use sessionlab_core::check::Violation;
use sessionlab_core::session::Answer;

pub use live::{LiveOptions, LiveTarget};
pub use model::ModelTarget;
pub use site::{HttpsPaths, Site};
pub use tower::TowerTarget;

/// A request as a target receives it (the world keeps one and reuses it).
pub type Request = http::Request<Bytes>;
/// A response as a target gives it back.
pub type Response = http::Response<Bytes>;

/// A capability the target does not have, with the reason (shown as the attacker's `skipped`
/// outcome).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct Unsupported(pub String);

/// A request that did not get an answer (a live target that refused the connection).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct TargetError(pub String);

/// The system under test.
pub trait Target {
    /// A short name for reports (a preset's name, an app's name).
    fn name(&self) -> &str;

    /// Answers one request. The URI is absolute (`https://shop.example/account`): its scheme is
    /// the link the request travelled over, which a live adapter passes on as
    /// `X-Forwarded-Proto`.
    fn send(&mut self, req: &Request) -> Result<Response, TargetError>;

    /// Starts `req` and keeps it in flight: what it writes back lands only at
    /// [`Target::release`]. Returns its response when the target answers at once (the model
    /// holds only the writes), `None` when the response comes at the release. The default has
    /// no such capability.
    fn hold(&mut self, req: &Request) -> Result<Option<Response>, Unsupported> {
        let _ = req;
        Err(Unsupported(format!(
            "{} cannot hold a request in flight",
            self.name()
        )))
    }

    /// Completes the held requests, in order.
    fn release(&mut self) -> Released {
        Released::default()
    }

    /// Whether [`Target::hold`] works (asked before an attack starts).
    fn can_hold(&self) -> Result<(), Unsupported> {
        Err(Unsupported(format!(
            "{} cannot hold a request in flight",
            self.name()
        )))
    }

    /// Moves the application's clock forward by `secs`.
    fn advance(&mut self, secs: u64) -> Result<(), Unsupported> {
        let _ = secs;
        Err(Unsupported(format!(
            "{}'s clock cannot be moved",
            self.name()
        )))
    }

    /// Whether [`Target::advance`] works.
    fn can_advance(&self) -> bool {
        false
    }

    /// The session values the application has written to its logs so far, oldest first: raw
    /// ids where it leaks them, `sha256:` and a fingerprint where it hashes them; or why the
    /// logs cannot be read.
    fn logs(&self) -> Result<Vec<String>, Unsupported> {
        Err(Unsupported(format!(
            "{}'s logs cannot be read",
            self.name()
        )))
    }

    /// Introspection, for the reference model only.
    fn model(&self) -> Option<&dyn Introspect> {
        None
    }
}

/// What the reference model can say about itself beyond its responses.
pub trait Introspect {
    /// The user the last response was served as, by the manager's own account.
    fn last_user(&self) -> Option<&str>;
    /// How the manager answered the last request, for the transcript (`Page`, `LoggedIn`, ...).
    fn last_answer(&self) -> Answer;
    /// The core invariants that do not hold now.
    fn violations(&self) -> Vec<Violation>;
}

impl<T: Target + ?Sized> Target for Box<T> {
    fn name(&self) -> &str {
        (**self).name()
    }
    fn send(&mut self, req: &Request) -> Result<Response, TargetError> {
        (**self).send(req)
    }
    fn hold(&mut self, req: &Request) -> Result<Option<Response>, Unsupported> {
        (**self).hold(req)
    }
    fn release(&mut self) -> Released {
        (**self).release()
    }
    fn can_hold(&self) -> Result<(), Unsupported> {
        (**self).can_hold()
    }
    fn advance(&mut self, secs: u64) -> Result<(), Unsupported> {
        (**self).advance(secs)
    }
    fn can_advance(&self) -> bool {
        (**self).can_advance()
    }
    fn logs(&self) -> Result<Vec<String>, Unsupported> {
        (**self).logs()
    }
    fn model(&self) -> Option<&dyn Introspect> {
        (**self).model()
    }
}

/// What [`Target::release`] completed.
#[derive(Debug, Default)]
pub struct Released {
    /// The responses of the held requests that had not answered yet, in order.
    pub responses: Vec<Response>,
    /// How many of the held writes the target accepted, where it can tell.
    pub writes_accepted: Option<usize>,
}

/// A target built afresh for every run (each run needs an application with no sessions).
pub type Factory = dyn Fn(u64) -> Box<dyn Target> + Send + Sync;

/// A target the catalogue can run against: its name, its site description, and how to build
/// a fresh instance for a run (from a seed the run draws).
#[derive(Clone)]
pub struct TargetSpec {
    /// The name in reports (a matrix row).
    pub name: String,
    /// How to use it.
    pub site: Site,
    /// A fresh instance per run.
    pub make: std::sync::Arc<Factory>,
    /// Whether runs must not overlap (they share one server whose clock they move).
    pub serial: bool,
}

impl std::fmt::Debug for TargetSpec {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TargetSpec")
            .field("name", &self.name)
            .field("site", &self.site)
            .finish_non_exhaustive()
    }
}

impl TargetSpec {
    /// A target called `name`, described by `site`, built by `make` for every run.
    pub fn new(
        name: impl Into<String>,
        site: Site,
        make: impl Fn(u64) -> Box<dyn Target> + Send + Sync + 'static,
    ) -> Self {
        TargetSpec {
            name: name.into(),
            site,
            make: std::sync::Arc::new(make),
            serial: false,
        }
    }

    /// The reference model under `policy` behind the generic (boxed) path: what the tests
    /// compare the monomorphized path with, and a row like any other target's.
    pub fn model(name: impl Into<String>, policy: sessionlab_core::session::Policy) -> Self {
        let name = name.into();
        let site = Site::from_policy(&policy);
        let users = site.users.clone();
        let label = name.clone();
        TargetSpec::new(name, site, move |seed| {
            Box::new(ModelTarget::new(
                label.clone(),
                policy.clone(),
                seed,
                users.clone(),
            ))
        })
    }
}
