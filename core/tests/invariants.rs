//! Each invariant catches the fault it is written for. The stores and audit entries here
//! break them on purpose (a store that lists a record twice, a session left live after its
//! logout), so an invariant that stops checking, or checks only its fast path, fails here.

mod common;

use common::{T0, manager, manager_with};
use sessionlab_core::invariants;
use sessionlab_core::session::policy::LogoutMode;
use sessionlab_core::session::{
    AuditKind, MemoryStore, Policy, SessionManager, SessionRecord, Store, StoreError, presets,
};
use sessionlab_core::time::UnixTime;

const NOW: UnixTime = UnixTime::from_secs(T0);

fn record(id: &str, user: Option<&str>) -> SessionRecord {
    SessionRecord {
        id: id.to_owned(),
        user: user.map(str::to_owned),
        created: NOW,
        last_seen: NOW,
        renewed: NOW,
        binding: None,
        dies_at: None,
        version: 0,
    }
}

/// How [`FaultyStore`] lists its records.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Listing {
    /// By id, once each: a correct store.
    Correct,
    /// Each record twice in a row.
    Doubled,
    /// All records, then all of them again.
    Repeated,
}

/// A [`MemoryStore`] whose listing can repeat records, the symptom of a store that files one
/// session under two keys.
struct FaultyStore {
    inner: MemoryStore,
    listing: Listing,
}

impl FaultyStore {
    fn new(listing: Listing) -> Self {
        FaultyStore {
            inner: MemoryStore::new(),
            listing,
        }
    }
}

impl Store for FaultyStore {
    fn load(&self, id: &str) -> Option<SessionRecord> {
        self.inner.load(id)
    }
    fn insert(&self, record: SessionRecord) -> Result<(), StoreError> {
        self.inner.insert(record)
    }
    fn save(&self, record: &SessionRecord) -> Result<(), StoreError> {
        self.inner.save(record)
    }
    fn remove(&self, id: &str) -> Option<SessionRecord> {
        self.inner.remove(id)
    }
    fn sessions_of(&self, user: &str) -> Vec<SessionRecord> {
        self.inner.sessions_of(user)
    }
    fn all(&self) -> Vec<SessionRecord> {
        let once = self.inner.all();
        match self.listing {
            Listing::Correct => once,
            Listing::Doubled => once.into_iter().flat_map(|r| [r.clone(), r]).collect(),
            Listing::Repeated => once.iter().chain(&once).cloned().collect(),
        }
    }
    fn for_each(&self, f: &mut dyn FnMut(&SessionRecord)) {
        for r in self.all() {
            f(&r);
        }
    }
}

fn properties<S: Store>(m: &SessionManager<S>) -> Vec<&'static str> {
    invariants::check_all(m)
        .into_iter()
        .map(|v| v.property)
        .collect()
}

#[test]
fn repeated_ids_are_found_however_the_store_lists_them() {
    // Short ids take the buffered fast path; ids over 128 bytes the sorting one.
    for id_len in [43, 200] {
        let ids: Vec<String> = (b'a'..=b'c')
            .map(|c| char::from(c).to_string().repeat(id_len))
            .collect();
        for listing in [Listing::Correct, Listing::Doubled, Listing::Repeated] {
            let (m, _) = manager_with(presets::hardened(), FaultyStore::new(listing), 1);
            for id in &ids {
                m.store().insert(record(id, None)).unwrap();
            }
            let found = invariants::no_two_live_sessions_share_an_id(&m);
            if listing == Listing::Correct {
                assert!(found.is_empty(), "{id_len}: {found:?}");
            } else {
                assert_eq!(found.len(), 1, "{listing:?} {id_len}");
                assert_eq!(found[0].detail, "3 duplicate ids", "{listing:?} {id_len}");
                assert!(properties(&m).contains(&"no_two_live_sessions_share_an_id"));
            }
        }
    }
}

#[test]
fn a_user_over_the_session_limit_is_found() {
    let mut policy = presets::hardened();
    policy.concurrency.max_sessions_per_user = Some(1);
    let (m, _) = manager(policy.clone(), 1);
    // One session each for two users: two logged-in sessions in all, none over the limit.
    m.store().insert(record("s1", Some("alice"))).unwrap();
    m.store().insert(record("s2", Some("bob"))).unwrap();
    assert!(invariants::sessions_per_user_within_limit(&m).is_empty());
    // A rotated-out id in its grace window and an anonymous session do not count.
    let mut grace = record("s3", Some("alice"));
    grace.dies_at = Some(NOW.add_micros(30_000_000));
    m.store().insert(grace).unwrap();
    m.store().insert(record("s4", None)).unwrap();
    assert!(invariants::sessions_per_user_within_limit(&m).is_empty());
    // A second live session for alice does.
    m.store().insert(record("s5", Some("alice"))).unwrap();
    let found = invariants::sessions_per_user_within_limit(&m);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].detail, "user alice holds 2 sessions, limit 1");
    assert!(properties(&m).contains(&"sessions_per_user_within_limit"));
    // Without a limit there is nothing to break.
    policy.concurrency.max_sessions_per_user = None;
    let (m, _) = manager(policy, 1);
    for id in ["s1", "s2", "s3"] {
        m.store().insert(record(id, Some("alice"))).unwrap();
    }
    assert!(invariants::sessions_per_user_within_limit(&m).is_empty());
}

fn logged_out_but_kept(policy: Policy) -> SessionManager<MemoryStore> {
    let (m, _) = manager(policy, 1);
    m.store().insert(record("kept", Some("alice"))).unwrap();
    m.audit()
        .record(NOW, Some("kept"), AuditKind::Logout { server_side: true });
    m
}

#[test]
fn a_session_left_live_after_its_logout_is_found() {
    let m = logged_out_but_kept(presets::hardened());
    let found = invariants::no_valid_session_after_logout(&m);
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(properties(&m).contains(&"no_valid_session_after_logout"));
    // Once the store forgets it, the logout holds.
    m.store().remove("kept");
    assert!(invariants::no_valid_session_after_logout(&m).is_empty());

    // An id adopted again after the logout is a new session, judged elsewhere.
    let m = logged_out_but_kept(presets::hardened());
    m.audit()
        .record(NOW.add_micros(1), Some("kept"), AuditKind::Adopted);
    assert!(invariants::no_valid_session_after_logout(&m).is_empty());

    // A cookie-only logout promises nothing on the server.
    let mut cookie_only = presets::hardened();
    cookie_only.logout.mode = LogoutMode::CookieOnly;
    let m = logged_out_but_kept(cookie_only);
    assert!(invariants::no_valid_session_after_logout(&m).is_empty());
}

#[test]
fn a_pre_login_id_left_live_is_found() {
    let (m, _) = manager(presets::hardened(), 1);
    m.store().insert(record("before", None)).unwrap();
    m.store().insert(record("after", Some("alice"))).unwrap();
    m.audit().record(
        NOW,
        Some("after"),
        AuditKind::Login {
            user: "alice".into(),
            previous: Some("before".into()),
            rotated: true,
        },
    );
    let found = invariants::pre_login_id_dead_after_login(&m);
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(properties(&m).contains(&"pre_login_id_dead_after_login"));
    // With a grace limit on the old id, it may live until then.
    let mut graced = m.store().load("before").unwrap();
    graced.dies_at = Some(NOW.add_micros(5_000_000));
    m.store().save(&graced).unwrap();
    assert!(invariants::pre_login_id_dead_after_login(&m).is_empty());
    // And once it is gone, the login holds.
    m.store().remove("before");
    assert!(invariants::pre_login_id_dead_after_login(&m).is_empty());
}
