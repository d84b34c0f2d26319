//! The session invariants, written once: the manager's tests, the fuzz targets and the
//! simulator's oracle all call these. Each returns the violations it finds (empty = holds).
//!
//! They read the manager's store and audit log, so they judge what the server actually does,
//! not what its policy claims. They run after every simulated request, so they look sessions
//! up by id instead of scanning or hashing.

use crate::check::Violation;
use crate::session::policy::LogoutMode;
use crate::session::{AuditEvent, AuditKind, SessionManager, Store};
use crate::token::fingerprint;

fn violation(property: &'static str, detail: String) -> Violation {
    Violation { property, detail }
}

/// Every invariant below, in one call.
pub fn check_all<S: Store>(m: &SessionManager<S>) -> Vec<Violation> {
    let mut v = Vec::new();
    v.extend(no_valid_session_after_logout(m));
    v.extend(no_session_past_timeouts(m));
    v.extend(pre_login_id_dead_after_login(m));
    v.extend(no_two_live_sessions_share_an_id(m));
    v.extend(sessions_per_user_within_limit(m));
    v.extend(binding_checked_on_sensitive_pages(m));
    v
}

/// Whether the id was adopted again (as a new session) in `later` events (raw ids).
fn recreated_after(later: &[AuditEvent], id: &str) -> bool {
    later
        .iter()
        .any(|e| e.kind == AuditKind::Adopted && e.session.as_deref() == Some(id))
}

/// No session that was logged out (or ended, evicted, or killed by a binding mismatch) is
/// still accepted (server-side logout only: a cookie-only logout cannot promise this, which is
/// the point of that preset). An id adopted again later, without strict mode, is a new
/// anonymous session and is judged by the fixation invariants instead.
pub fn no_valid_session_after_logout<S: Store>(m: &SessionManager<S>) -> Vec<Violation> {
    if m.policy().logout.mode == LogoutMode::CookieOnly {
        return Vec::new();
    }
    m.audit().with_events(|events| {
        let mut out = Vec::new();
        for (i, e) in events.iter().enumerate() {
            let ended = matches!(
                e.kind,
                AuditKind::Logout { server_side: true }
                    | AuditKind::Ended
                    | AuditKind::Evicted
                    | AuditKind::BindingMismatch
            );
            let Some(id) = e.session.as_deref().filter(|_| ended) else {
                continue;
            };
            if m.is_live(id) && !recreated_after(&events[i + 1..], id) {
                out.push(violation(
                    "no_valid_session_after_logout",
                    format!("session {} still live", fingerprint(id)),
                ));
            }
        }
        out
    })
}

/// No live session has outlived the idle or absolute timeout (the store may hold such records
/// until they are next touched; they must not be accepted).
pub fn no_session_past_timeouts<S: Store>(m: &SessionManager<S>) -> Vec<Violation> {
    let now = m.now();
    let l = &m.policy().lifetime;
    let limit = |s: Option<u64>| {
        s.map(|s| {
            i64::try_from(s)
                .unwrap_or(i64::MAX)
                .saturating_mul(1_000_000)
        })
    };
    let (idle, absolute) = (limit(l.idle_timeout_secs), limit(l.absolute_timeout_secs));
    if idle.is_none() && absolute.is_none() {
        return Vec::new();
    }
    let mut out = Vec::new();
    m.store().for_each(&mut |r| {
        let stale = idle.is_some_and(|t| now.micros_since(r.last_seen) > t)
            || absolute.is_some_and(|t| now.micros_since(r.created) > t);
        if stale && m.alive(r, now) {
            out.push(violation(
                "no_session_past_timeouts",
                format!("session {} accepted past its timeout", fingerprint(&r.id)),
            ));
        }
    });
    out
}

/// When the policy rotates at login, the id a request came with before logging in is dead
/// afterwards (after any grace window the policy allows).
pub fn pre_login_id_dead_after_login<S: Store>(m: &SessionManager<S>) -> Vec<Violation> {
    m.audit().with_events(|events| {
        let mut out = Vec::new();
        for (i, e) in events.iter().enumerate() {
            let AuditKind::Login {
                previous: Some(prev),
                rotated: true,
                ..
            } = &e.kind
            else {
                continue;
            };
            let now = m.now();
            let still = m
                .store()
                .check(prev, &mut |r| m.alive(r, now) && r.dies_at.is_none());
            if still && !recreated_after(&events[i + 1..], prev) {
                out.push(violation(
                    "pre_login_id_dead_after_login",
                    format!(
                        "pre-login session {} still live without a grace limit",
                        fingerprint(prev)
                    ),
                ));
            }
        }
        out
    })
}

/// Ids are unique: every record is stored under its own id, once.
pub fn no_two_live_sessions_share_an_id<S: Store>(m: &SessionManager<S>) -> Vec<Violation> {
    // Stores are keyed by id, so a duplicate shows as a record filed under another id's key
    // or as two records with one id in the iteration.
    // The previous id is kept in a stack buffer: this runs after every simulated request,
    // over every record, so it must not allocate. An id too long for the buffer sends the
    // check down the sorting path below, which is exact for any store.
    let mut previous = [0u8; 128];
    let mut previous_len: Option<usize> = None;
    let mut duplicates = 0;
    let mut unordered = false;
    m.store().for_each(&mut |r| {
        let id = r.id.as_bytes();
        if let Some(n) = previous_len {
            duplicates += usize::from(&previous[..n] == id);
            unordered |= &previous[..n] > id;
        }
        match previous.get_mut(..id.len()) {
            Some(buf) => {
                buf.copy_from_slice(id);
                previous_len = Some(id.len());
            }
            None => {
                unordered = true;
                previous_len = None;
            }
        }
    });
    if unordered {
        let mut ids: Vec<String> = m.store().all().into_iter().map(|r| r.id).collect();
        let n = ids.len();
        ids.sort();
        ids.dedup();
        duplicates = n - ids.len();
    }
    if duplicates == 0 {
        Vec::new()
    } else {
        vec![violation(
            "no_two_live_sessions_share_an_id",
            format!("{duplicates} duplicate ids"),
        )]
    }
}

/// No user holds more live sessions than the policy allows (ids in a grace window excluded).
pub fn sessions_per_user_within_limit<S: Store>(m: &SessionManager<S>) -> Vec<Violation> {
    let Some(max) = m.policy().concurrency.max_sessions_per_user else {
        return Vec::new();
    };
    let now = m.now();
    let counted = |r: &crate::session::SessionRecord| {
        r.user.is_some() && r.dies_at.is_none() && m.alive(r, now)
    };
    // No user can be over the limit while all users together are within it: the usual case,
    // answered without building the per-user table.
    let mut total = 0usize;
    m.store()
        .for_each(&mut |r| total += usize::from(counted(r)));
    if total <= max as usize {
        return Vec::new();
    }
    let mut per_user: Vec<(String, usize)> = Vec::new();
    m.store().for_each(&mut |r| {
        let Some(u) = r.user.as_deref() else { return };
        if counted(r) {
            match per_user.iter_mut().find(|(name, _)| name == u) {
                Some((_, n)) => *n += 1,
                None => per_user.push((u.to_owned(), 1)),
            }
        }
    });
    per_user.sort();
    per_user
        .into_iter()
        .filter(|(_, n)| *n > max as usize)
        .map(|(u, n)| {
            violation(
                "sessions_per_user_within_limit",
                format!("user {u} holds {n} sessions, limit {max}"),
            )
        })
        .collect()
}

/// With the binding cookie on, every sensitive page under its path was checked against it.
pub fn binding_checked_on_sensitive_pages<S: Store>(m: &SessionManager<S>) -> Vec<Violation> {
    if m.policy().binding.is_none() {
        return Vec::new();
    }
    m.audit().with_events(|events| {
        events
            .iter()
            .filter_map(|e| match &e.kind {
                AuditKind::SensitivePage {
                    path,
                    binding_checked: false,
                    served: true,
                } if m.policy().is_binding_checked(path) => Some(path.clone()),
                _ => None,
            })
            .map(|p| {
                violation(
                    "binding_checked_on_sensitive_pages",
                    format!("{p} served without a binding check"),
                )
            })
            .collect()
    })
}

/// A `Set-Cookie` with `Secure` is never sent on a plain-HTTP response.
pub fn no_secure_cookie_over_http(scheme_is_https: bool, set_cookies: &[&str]) -> Vec<Violation> {
    if scheme_is_https {
        return Vec::new();
    }
    set_cookies
        .iter()
        .filter_map(|h| crate::cookie::SetCookie::parse(h).ok())
        .filter(|c| c.secure)
        .map(|c| {
            violation(
                "no_secure_cookie_over_http",
                format!("Secure cookie {} set over HTTP", c.name),
            )
        })
        .collect()
}
