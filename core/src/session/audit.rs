//! The audit log: what happened to which session. Ids appear as SHA-256 fingerprints unless
//! the policy deliberately leaks them (`audit.log_raw_ids`, as the legacy-php preset does, so
//! the log-leak attacker has something to find).

use std::sync::Mutex;

use crate::time::UnixTime;

/// What happened.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case", tag = "kind")]
#[non_exhaustive]
pub enum AuditKind {
    /// A new anonymous session.
    Created,
    /// An id the server never issued was adopted (strict mode off).
    Adopted,
    /// A login; `previous` is the session the request came with, if any.
    Login {
        /// The user.
        user: String,
        /// The id the request came with (fingerprint or raw), if any.
        previous: Option<String>,
        /// Whether the id was replaced.
        rotated: bool,
    },
    /// A login refused by the concurrent-session limit.
    LoginRefused {
        /// The user.
        user: String,
    },
    /// An id replaced on privilege change or periodic renewal; `previous` is the old id.
    Rotated {
        /// The old id.
        previous: String,
    },
    /// A logout.
    Logout {
        /// Whether the session was deleted on the server.
        server_side: bool,
    },
    /// A session ended because the user's session limit evicted it.
    Evicted,
    /// Sessions ended by "end all sessions" or a password change.
    Ended,
    /// A session found dead by the idle or absolute timeout.
    Expired,
    /// A sensitive page requested; `binding_checked` says whether the binding cookie was.
    SensitivePage {
        /// The path.
        path: String,
        /// Whether the binding cookie was compared.
        binding_checked: bool,
        /// Whether the request was served as a logged-in user.
        served: bool,
    },
    /// The binding cookie did not match: the session was ended.
    BindingMismatch,
    /// A session id that failed format validation (wrong length or alphabet).
    MalformedId,
    /// A save refused because a concurrent request ended or changed the session.
    SaveRefused,
}

/// One entry.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct AuditEvent {
    /// When.
    pub at: UnixTime,
    /// The session: a fingerprint, or the raw id when the policy leaks ids.
    pub session: Option<String>,
    /// What happened.
    #[serde(flatten)]
    pub kind: AuditKind,
}

/// An append-only log, shared between threads. Inside, events keep raw ids (the invariants
/// need them); everything that leaves the log ([`AuditLog::events`], [`AuditLog::lines`],
/// `Debug`) carries labels: fingerprints, unless the policy leaks ids.
#[derive(Default)]
pub struct AuditLog {
    events: Mutex<Vec<AuditEvent>>,
    raw_ids: bool,
}

impl std::fmt::Debug for AuditLog {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let n = self.with_events(|e| e.len());
        f.debug_struct("AuditLog")
            .field("events", &n)
            .field("raw_ids", &self.raw_ids)
            .finish()
    }
}

impl AuditLog {
    /// A log that writes fingerprints, or raw ids when `raw_ids`.
    pub fn new(raw_ids: bool) -> Self {
        AuditLog {
            events: Mutex::new(Vec::new()),
            raw_ids,
        }
    }

    /// How an id appears in this log.
    pub fn label(&self, id: &str) -> String {
        if self.raw_ids {
            id.to_owned()
        } else {
            crate::token::fingerprint(id)
        }
    }

    /// Appends an event about the session `id` (ids inside `kind`, such as a login's previous
    /// session, are raw too).
    pub fn record(&self, at: UnixTime, id: Option<&str>, kind: AuditKind) {
        let session = id.map(str::to_owned);
        self.events
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .push(AuditEvent { at, session, kind });
    }

    /// Runs `f` over the raw events (ids not hashed) without copying them.
    pub(crate) fn with_events<R>(&self, f: impl FnOnce(&[AuditEvent]) -> R) -> R {
        f(&self.events.lock().unwrap_or_else(|p| p.into_inner()))
    }

    fn labelled(&self, e: &AuditEvent) -> AuditEvent {
        let kind = match &e.kind {
            AuditKind::Login {
                user,
                previous,
                rotated,
            } => AuditKind::Login {
                user: user.clone(),
                previous: previous.as_deref().map(|p| self.label(p)),
                rotated: *rotated,
            },
            AuditKind::Rotated { previous } => AuditKind::Rotated {
                previous: self.label(previous),
            },
            other => other.clone(),
        };
        AuditEvent {
            at: e.at,
            session: e.session.as_deref().map(|s| self.label(s)),
            kind,
        }
    }

    /// A copy of every event so far, with ids as labels.
    pub fn events(&self) -> Vec<AuditEvent> {
        self.with_events(|events| events.iter().map(|e| self.labelled(e)).collect())
    }

    /// Every event as a line of text, the way a server log would show it.
    pub fn lines(&self) -> Vec<String> {
        self.events()
            .iter()
            .map(|e| {
                let kind = serde_json::to_string(&e.kind).unwrap_or_default();
                format!(
                    "{} session={} {kind}",
                    e.at,
                    e.session.as_deref().unwrap_or("-")
                )
            })
            .collect()
    }
}
