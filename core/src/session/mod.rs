//! The reference session manager and everything it is configured by.
//!
//! - [`policy`]: the `Policy` struct (every countermeasure a switch), loadable from TOML;
//!   [`policy_check`] validates it and lists its findings against the OWASP checklist.
//! - [`presets`]: built-in policies, from `hardened` to `legacy-php`, each with its source.
//! - [`manager`]: `SessionManager::handle`, over `http` request and response types.
//! - [`store`]: the `Store` trait, the versioned `MemoryStore`, and the deliberately naive one.
//! - [`clock`] and [`audit`]: injected time and the (hashed) audit log.

pub mod audit;
pub mod clock;
pub mod manager;
pub mod policy;
pub mod policy_check;
pub mod presets;
pub mod store;

pub use audit::{AuditEvent, AuditKind, AuditLog};
pub use clock::{Clock, ManualClock};
pub use manager::{Action, Answer, ClientAddr, Reply, SessionManager};
pub use policy::{Policy, PolicyError};
pub use store::{MemoryStore, NaiveStore, SessionRecord, Store, StoreError};
