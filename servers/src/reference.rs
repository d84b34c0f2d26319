//! The reference server: the core [`SessionManager`] under any policy, behind real HTTP.
//!
//! Its routes are the simulator's ([`sessionlab_sim::target::routes`]: one routing for the
//! model the simulator attacks and the server the probe attacks):
//!
//! | route | action |
//! | --- | --- |
//! | `GET /` | a page: `hello USER` or `hello guest` |
//! | `GET /login` | a page with the login form |
//! | `POST /login` (form or JSON `username`, `password`) | [`Action::Login`](sessionlab_core::session::Action::Login) when the password is right, else a page answered 401 |
//! | `POST /logout` | [`Action::Logout`](sessionlab_core::session::Action::Logout) |
//! | `POST /account/password` | [`Action::PrivilegeChange`](sessionlab_core::session::Action::PrivilegeChange) (the password itself is not checked) |
//! | `GET /account`, `GET /account/settings` | sensitive pages: `account of USER`, or a redirect to `/login` |
//! | `GET /slow?ms=N` | a page whose session write-back is held for N ms (default 500, at most 5,000): a slow request in flight across a logout |
//! | anything else | a page |
//!
//! Every body served as a user ends with `signed in as USER`.
//!
//! The server speaks plain HTTP on loopback and tells the manager that every request arrived
//! over HTTPS, as an application behind a TLS-terminating proxy would be told; browsers treat
//! loopback as a secure origin too, so `Secure` and `__Host-` cookies work. The transport
//! switches of a policy therefore do not show here: the probe tests the session lifecycle.

use std::cell::Cell;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::extract::{ConnectInfo, Request, State};
use axum::response::Response;
use http::{StatusCode, header};
use sessionlab_core::session::{
    ClientAddr, MemoryStore, NaiveStore, Policy, SessionManager, SessionRecord, Store, StoreError,
};

use sessionlab_sim::target::routes;

use crate::clock::SystemClock;
use crate::running::{RunningServer, StartError, spawn};

/// The test users of both example servers: `(username, password)`.
pub const USERS: [(&str, &str); 2] = [("alice", "alice-password"), ("bob", "bob-password")];

/// Changes to a policy for a short test run.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct Overrides {
    /// Sets the idle timeout to this many seconds where the policy has one. A policy without an
    /// idle timeout keeps none: that is one of its weaknesses, and the probe should see it.
    pub idle_timeout_secs: Option<u64>,
}

impl Overrides {
    /// Overrides that shorten the idle timeout (see [`Overrides::idle_timeout_secs`]).
    pub fn idle_timeout(secs: u64) -> Self {
        Overrides {
            idle_timeout_secs: Some(secs),
        }
    }

    /// `policy` with these overrides.
    pub fn apply(&self, mut policy: Policy) -> Policy {
        if let (Some(secs), Some(idle)) = (
            self.idle_timeout_secs,
            policy.lifetime.idle_timeout_secs.as_mut(),
        ) {
            *idle = secs;
        }
        policy
    }
}

/// Serves the reference application under `policy` (after `overrides`) on `addr`, which must
/// be a loopback address (port 0 picks a free port). Ids come from the policy's generator,
/// seeded from the operating system; a policy with `upsert` saves gets the store that writes
/// sessions back unconditionally.
pub fn start_reference(
    policy: Policy,
    overrides: &Overrides,
    addr: SocketAddr,
) -> Result<RunningServer, StartError> {
    let app = router(overrides.apply(policy)).map_err(|source| StartError::Io { addr, source })?;
    spawn(app, addr, "reference-server")
}

/// The reference application as an axum router (it needs `ConnectInfo<SocketAddr>`).
pub fn router(policy: Policy) -> std::io::Result<Router> {
    let tokens = policy
        .token
        .build_from_os()
        .map_err(std::io::Error::other)?;
    let store: Arc<dyn Store> = match policy.store.saves {
        sessionlab_core::session::policy::Saves::Versioned => Arc::new(MemoryStore::new()),
        sessionlab_core::session::policy::Saves::Upsert => Arc::new(NaiveStore::new()),
    };
    let manager = SessionManager::new(policy, SlowSaves(store), Arc::new(SystemClock), tokens);
    Ok(Router::new().fallback(handle).with_state(Arc::new(manager)))
}

type Manager = SessionManager<SlowSaves>;

thread_local! {
    /// How long this thread holds a session write-back (set around a `/slow` request only).
    static SAVE_DELAY: Cell<Duration> = const { Cell::new(Duration::ZERO) };
}

/// A store whose writes wait [`SAVE_DELAY`] first: the request loaded the session when it
/// started and writes it back when its slow work is done, as a real application does.
struct SlowSaves(Arc<dyn Store>);

impl Store for SlowSaves {
    fn load(&self, id: &str) -> Option<SessionRecord> {
        self.0.load(id)
    }
    fn insert(&self, record: SessionRecord) -> Result<(), StoreError> {
        self.0.insert(record)
    }
    fn save(&self, record: &SessionRecord) -> Result<(), StoreError> {
        let delay = SAVE_DELAY.with(Cell::get);
        if !delay.is_zero() {
            std::thread::sleep(delay);
        }
        self.0.save(record)
    }
    fn remove(&self, id: &str) -> Option<SessionRecord> {
        self.0.remove(id)
    }
    fn sessions_of(&self, user: &str) -> Vec<SessionRecord> {
        self.0.sessions_of(user)
    }
    fn all(&self) -> Vec<SessionRecord> {
        self.0.all()
    }
}

/// Form bodies and query strings are small here.
const MAX_BODY: usize = 16 * 1024;

async fn handle(State(manager): State<Arc<Manager>>, req: Request) -> Response {
    // Served on a socket, the peer's address; in process (the simulator's tower target), the
    // loopback address.
    let peer = req
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map_or(SocketAddr::from(([127, 0, 0, 1], 0)), |c| c.0);
    let (parts, body) = req.into_parts();
    let Ok(body) = axum::body::to_bytes(body, MAX_BODY).await else {
        return text(StatusCode::PAYLOAD_TOO_LARGE, "request body too large\n");
    };
    let routed = routes::route(&parts.method, &parts.uri, &body, &USERS);

    // What the manager sees: the request as it arrived, over HTTPS (see the module docs).
    let host = parts
        .headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .map_or_else(|| peer.to_string(), str::to_owned);
    let target = parts.uri.path_and_query().map_or("/", |p| p.as_str());
    let mut builder = http::Request::builder()
        .method(parts.method.clone())
        .uri(format!("https://{host}{target}"));
    for name in [header::COOKIE, header::USER_AGENT] {
        for v in parts.headers.get_all(&name) {
            builder = builder.header(&name, v);
        }
    }
    let Ok(mut request) = builder.body(()) else {
        return text(StatusCode::BAD_REQUEST, "bad request\n");
    };
    request.extensions_mut().insert(ClientAddr(peer.ip()));

    let slow = Duration::from_millis(routed.slow_ms.unwrap_or(0));
    let action = routed.action.clone();
    let reply = if slow.is_zero() {
        manager.handle(&request, &action)
    } else {
        let m = Arc::clone(&manager);
        let joined = tokio::task::spawn_blocking(move || {
            SAVE_DELAY.with(|d| d.set(slow));
            let reply = m.handle(&request, &action);
            SAVE_DELAY.with(|d| d.set(Duration::ZERO));
            reply
        })
        .await;
        match joined {
            Ok(r) => r,
            Err(_) => return text(StatusCode::INTERNAL_SERVER_ERROR, "internal error\n"),
        }
    };
    let (parts, body) = routes::render(reply, parts.uri.path(), &routed).into_parts();
    Response::from_parts(parts, Body::from(body))
}

fn text(status: StatusCode, body: &'static str) -> Response {
    let mut r = Response::new(Body::from(body));
    *r.status_mut() = status;
    r
}
