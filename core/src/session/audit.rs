//! The audit log: what happened to which session. Ids appear as SHA-256 fingerprints unless
//! the policy deliberately leaks them (`audit.log_raw_ids`, as the legacy-php preset does, so
//! the log-leak attacker has something to find).

use std::sync::Mutex;

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
#[derive(Clone, PartialEq, Eq, serde::Serialize)]
pub struct AuditEvent {
    /// When, Unix microseconds.
    pub at_micros: i64,
    /// The session: a fingerprint, or the raw id when the policy leaks ids.
    pub session: Option<String>,
    /// What happened.
    #[serde(flatten)]
    pub kind: AuditKind,
    /// The raw id, for the invariants only: never serialized, never shown by `Debug`.
    #[serde(skip)]
    pub(crate) id: Option<String>,
}

impl std::fmt::Debug for AuditEvent {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AuditEvent")
            .field("at_micros", &self.at_micros)
            .field("session", &self.session)
            .field("kind", &self.kind)
            .finish()
    }
}

/// An append-only log, shared between threads.
#[derive(Debug, Default)]
pub struct AuditLog {
    events: Mutex<Vec<AuditEvent>>,
    raw_ids: bool,
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

    /// Appends an event about the session `id`.
    pub fn record(&self, at_micros: i64, id: Option<&str>, kind: AuditKind) {
        let session = id.map(|i| self.label(i));
        self.events
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .push(AuditEvent {
                at_micros,
                session,
                kind,
                id: id.map(str::to_owned),
            });
    }

    /// Runs `f` over the events so far without copying them.
    pub fn with_events<R>(&self, f: impl FnOnce(&[AuditEvent]) -> R) -> R {
        f(&self.events.lock().unwrap_or_else(|p| p.into_inner()))
    }

    /// A copy of every event so far.
    pub fn events(&self) -> Vec<AuditEvent> {
        self.events
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
    }

    /// Every event as a line of text, the way a server log would show it.
    pub fn lines(&self) -> Vec<String> {
        self.events()
            .iter()
            .map(|e| {
                let kind = serde_json::to_string(&e.kind).unwrap_or_default();
                format!(
                    "{} session={} {kind}",
                    e.at_micros,
                    e.session.as_deref().unwrap_or("-")
                )
            })
            .collect()
    }
}
