//! # sessionlab-servers: real HTTP servers on loopback for `sessionlab probe`
//!
//! Two applications to point the live probe at, each started on a background thread with its
//! own Tokio runtime and stopped when its [`RunningServer`] handle is dropped. Both listen on
//! loopback only ([`StartError::NotLoopback`] otherwise) and know two test users,
//! [`USERS`]: `alice` / `alice-password` and `bob` / `bob-password`.
//!
//! - [`start_reference`]: the core session manager under any policy or preset (the
//!   `reference-server` binary), routes in [`reference`];
//! - [`start_tower_sessions_app`]: an application on tower-sessions wired as its
//!   documentation shows (the `tower-sessions-app` binary), routes in [`tower_app`].
//!
//! ```no_run
//! use sessionlab_core::session::presets;
//! use sessionlab_servers::{Overrides, start_reference};
//!
//! let server = start_reference(
//!     presets::hardened(),
//!     &Overrides::idle_timeout(2),
//!     "127.0.0.1:0".parse().unwrap(),
//! )
//! .unwrap();
//! println!("probe me at {}", server.base_url());
//! // The server stops when `server` is dropped.
//! ```
//!
//! ## What to read next
//! - `examples/probe/*.toml` at the repository root: probe configurations for both servers.
//! - `sim/src/probe/`: the probe's checks, one file each.

#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod clock;
pub mod reference;
mod running;
pub mod sites;
pub mod tower_app;

pub use reference::{Overrides, USERS, start_reference};
pub use running::{RunningServer, StartError};
pub use tower_app::{TowerOptions, start_tower_sessions_app};
