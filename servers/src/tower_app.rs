//! An application on tower-sessions, a real third-party session library, wired the way its
//! documentation shows: the `SessionManagerLayer` over its `MemoryStore` with an inactivity
//! expiry (the README's example), `Session::cycle_id()` before the user goes into the session
//! at login ("helps prevent session fixation attacks", as axum-login's login does) and
//! `Session::flush()` at logout (as axum-login's logout does). The library's cookie defaults
//! are kept: `id`, `Secure`, `HttpOnly`, `SameSite=Strict`, `Path=/`.
//!
//! | route | what it does |
//! | --- | --- |
//! | `GET /` | `hello USER` or `hello guest` (reads the session) |
//! | `GET /login` | the login form |
//! | `POST /login` (form `username`, `password`) | `cycle_id()`, then inserts the user |
//! | `POST /logout` | `flush()` |
//! | `GET /account`, `GET /account/settings` | `account of USER`, or a redirect to `/login` |
//! | `GET /slow?ms=N` | reads the user, works for N ms (default 500, at most 5,000), then records the visit in the session, like the README's counter |

use std::net::SocketAddr;
use std::time::Duration;

use axum::Router;
use axum::extract::{Form, Query};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::get;
use serde::Deserialize;
use tower_sessions::{Expiry, MemoryStore, Session, SessionManagerLayer};

use crate::reference::USERS;
use crate::running::{RunningServer, StartError, spawn};

const USER_KEY: &str = "user";
const LAST_SLOW_VISIT_KEY: &str = "last_slow_visit";

/// Settings of the tower-sessions application.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct TowerOptions {
    /// `Expiry::OnInactivity` in seconds (the README's example uses 10).
    pub idle_timeout_secs: u64,
}

impl Default for TowerOptions {
    fn default() -> Self {
        TowerOptions {
            idle_timeout_secs: 600,
        }
    }
}

impl TowerOptions {
    /// Options with this inactivity expiry.
    pub fn idle_timeout(secs: u64) -> Self {
        TowerOptions {
            idle_timeout_secs: secs,
        }
    }
}

/// Serves the tower-sessions application on `addr` (loopback only; port 0 picks a free port).
pub fn start_tower_sessions_app(
    options: &TowerOptions,
    addr: SocketAddr,
) -> Result<RunningServer, StartError> {
    spawn(router(options), addr, "tower-sessions-app")
}

/// The application as an axum router.
pub fn router(options: &TowerOptions) -> Router {
    let secs = i64::try_from(options.idle_timeout_secs).unwrap_or(i64::MAX);
    let session_layer = SessionManagerLayer::new(MemoryStore::default())
        .with_expiry(Expiry::OnInactivity(time::Duration::seconds(secs)));
    Router::new()
        .route("/", get(home))
        .route("/login", get(login_form).post(login))
        .route("/logout", axum::routing::post(logout))
        .route("/account", get(account))
        .route("/account/settings", get(settings))
        .route("/slow", get(slow))
        .layer(session_layer)
}

async fn current_user(session: &Session) -> Option<String> {
    session.get::<String>(USER_KEY).await.ok().flatten()
}

async fn home(session: Session) -> String {
    let user = current_user(&session).await;
    format!("hello {}\n", user.as_deref().unwrap_or("guest"))
}

async fn login_form() -> Html<&'static str> {
    Html(
        "<form method=\"post\" action=\"/login\"><input name=\"username\"> \
         <input name=\"password\" type=\"password\"> <button>Log in</button></form>\n",
    )
}

#[derive(Debug, Deserialize)]
struct Credentials {
    username: String,
    password: String,
}

async fn login(session: Session, Form(creds): Form<Credentials>) -> Response {
    let known = USERS
        .iter()
        .any(|(u, p)| *u == creds.username && *p == creds.password);
    if !known {
        return (StatusCode::UNAUTHORIZED, "wrong username or password\n").into_response();
    }
    // Session-fixation mitigation first, then the user goes into the session.
    if session.cycle_id().await.is_err() || session.insert(USER_KEY, &creds.username).await.is_err()
    {
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    }
    format!("logged in as {}\n", creds.username).into_response()
}

async fn logout(session: Session) -> Response {
    match session.flush().await {
        Ok(()) => "logged out\n".into_response(),
        Err(_) => StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    }
}

async fn account(session: Session) -> Response {
    match current_user(&session).await {
        Some(user) => format!("account of {user}\n").into_response(),
        None => Redirect::to("/login").into_response(),
    }
}

async fn settings(session: Session) -> Response {
    match current_user(&session).await {
        Some(user) => format!("settings of {user}\n").into_response(),
        None => Redirect::to("/login").into_response(),
    }
}

#[derive(Debug, Deserialize)]
struct SlowQuery {
    ms: Option<u64>,
}

/// A slow page: it reads the session when it starts and records the visit when it is done.
async fn slow(session: Session, Query(q): Query<SlowQuery>) -> Response {
    let user = current_user(&session).await;
    let ms = q.ms.unwrap_or(500).min(5_000);
    tokio::time::sleep(Duration::from_millis(ms)).await;
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    if session.insert(LAST_SLOW_VISIT_KEY, now).await.is_err() {
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    }
    format!("slow page for {}\n", user.as_deref().unwrap_or("guest")).into_response()
}
