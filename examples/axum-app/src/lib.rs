//! A small JSON API on axum and tower-sessions, standing for *your* application: what
//! `tests/catalogue.rs` shows is how to run sessionlab's attacker catalogue against it from
//! `cargo test`, in process, with no server and no sleeping.
//!
//! | route | what it does |
//! | --- | --- |
//! | `POST /api/session` (JSON `{"email": ..., "password": ...}`) | logs in: a new session id, then the user into the session |
//! | `DELETE /api/session` | logs out (`POST /api/logout` does the same, for forms) |
//! | `GET /api/me` | `{"user":"EMAIL"}`, or 401 |
//! | `GET /api/report?ms=N` | a slow page that writes to the session when it is done |

#![forbid(unsafe_code)]

use std::time::Duration;

use axum::extract::Query;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::Deserialize;
use tower_sessions::{Expiry, MemoryStore, Session, SessionManagerLayer};

/// The accounts: `(email, password)`.
pub const ACCOUNTS: [(&str, &str); 2] = [
    ("ann@example.com", "correct horse"),
    ("ben@example.com", "battery staple"),
];

const USER: &str = "user";

/// The application.
pub fn app() -> Router {
    let sessions = SessionManagerLayer::new(MemoryStore::default())
        .with_name("__Host-session")
        .with_expiry(Expiry::OnInactivity(
            tower_sessions::cookie::time::Duration::minutes(30),
        ));
    Router::new()
        .route("/api/session", post(login).delete(logout))
        .route("/api/logout", post(logout))
        .route("/api/me", get(me))
        .route("/api/report", get(report))
        .layer(sessions)
}

#[derive(Deserialize)]
struct Credentials {
    email: String,
    password: String,
}

async fn login(session: Session, Json(c): Json<Credentials>) -> Response {
    if !ACCOUNTS
        .iter()
        .any(|(e, p)| *e == c.email && *p == c.password)
    {
        return StatusCode::UNAUTHORIZED.into_response();
    }
    match session.cycle_id().await {
        Ok(()) if session.insert(USER, &c.email).await.is_ok() => {
            Json(serde_json::json!({ "user": c.email })).into_response()
        }
        _ => StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    }
}

async fn logout(session: Session) -> StatusCode {
    match session.flush().await {
        Ok(()) => StatusCode::NO_CONTENT,
        Err(_) => StatusCode::INTERNAL_SERVER_ERROR,
    }
}

async fn me(session: Session) -> Response {
    match session.get::<String>(USER).await {
        Ok(Some(user)) => Json(serde_json::json!({ "user": user })).into_response(),
        _ => StatusCode::UNAUTHORIZED.into_response(),
    }
}

#[derive(Deserialize)]
struct Slow {
    ms: Option<u64>,
}

async fn report(session: Session, Query(q): Query<Slow>) -> Response {
    let user = session.get::<String>(USER).await.ok().flatten();
    tokio::time::sleep(Duration::from_millis(q.ms.unwrap_or(200).min(5_000))).await;
    if session.insert("last_report", true).await.is_err() {
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    }
    Json(serde_json::json!({ "user": user, "report": "ready" })).into_response()
}
