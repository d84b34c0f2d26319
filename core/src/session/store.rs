//! Where sessions live. The [`Store`] trait is what a real backend (Redis, SQL) implements.
//!
//! The one rule that matters for security: [`Store::save`] only *updates* a session that is
//! still there, at the version it was loaded at. A request that loaded a session before a
//! concurrent logout (or rotation) removed it must not write it back: that resurrects a
//! session the user ended, a bug reported against many session stores. [`NaiveStore`] has
//! that bug on purpose, so the concurrency tests can show they catch it.

use std::collections::BTreeMap;
use std::sync::Mutex;

use crate::time::UnixTime;

/// A session as the server keeps it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionRecord {
    /// The id (the cookie value).
    pub id: String,
    /// The logged-in user, or `None` for an anonymous session.
    pub user: Option<String>,
    /// Creation time.
    pub created: UnixTime,
    /// Last use.
    pub last_seen: UnixTime,
    /// When the id was last issued or renewed.
    pub renewed: UnixTime,
    /// The binding cookie's value, when that countermeasure is on and the user logged in.
    pub binding: Option<String>,
    /// For an id replaced by rotation and kept for a grace window: when it dies.
    pub dies_at: Option<UnixTime>,
    /// Bumped by every save; a save at a stale version is refused.
    pub version: u64,
}

/// Why a store refused a write.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum StoreError {
    /// An insert for an id that already exists.
    #[error("a session with this id already exists")]
    Exists,
    /// A save for a session that is gone (logged out, rotated, expired).
    #[error("the session no longer exists")]
    Gone,
    /// A save for a session changed since it was loaded.
    #[error("the session was changed by a concurrent request")]
    Stale,
}

/// Session storage, shared between threads.
pub trait Store: Send + Sync {
    /// The session with this id, if any.
    fn load(&self, id: &str) -> Option<SessionRecord>;
    /// Adds a new session; refuses an id that exists.
    fn insert(&self, record: SessionRecord) -> Result<(), StoreError>;
    /// Writes back a loaded session, if it is still there at the version it was loaded at;
    /// bumps the version.
    fn save(&self, record: &SessionRecord) -> Result<(), StoreError>;
    /// Removes a session, returning it.
    fn remove(&self, id: &str) -> Option<SessionRecord>;
    /// Every session of `user`, oldest first.
    fn sessions_of(&self, user: &str) -> Vec<SessionRecord>;
    /// Every session, by id (for invariants and reports).
    fn all(&self) -> Vec<SessionRecord>;
    /// Whether the session `id` exists and `test` holds for it, without copying it (the
    /// invariants ask this after every simulated request). The default goes through
    /// [`Store::load`].
    fn check(&self, id: &str, test: &mut dyn FnMut(&SessionRecord) -> bool) -> bool {
        self.load(id).is_some_and(|r| test(&r))
    }
    /// Calls `f` on every session, by id, without copying them (the invariants run this after
    /// every simulated request). The default goes through [`Store::all`].
    fn for_each(&self, f: &mut dyn FnMut(&SessionRecord)) {
        for r in self.all() {
            f(&r);
        }
    }
}

/// The default in-memory store: a `BTreeMap` behind a mutex, with versioned saves.
#[derive(Debug, Default)]
pub struct MemoryStore {
    sessions: Mutex<BTreeMap<String, SessionRecord>>,
}

impl MemoryStore {
    /// An empty store.
    pub fn new() -> Self {
        Self::default()
    }

    fn map(&self) -> std::sync::MutexGuard<'_, BTreeMap<String, SessionRecord>> {
        // A panic while holding the lock cannot leave a half-written record (every write is a
        // single map operation), so a poisoned lock is safe to keep using.
        self.sessions.lock().unwrap_or_else(|p| p.into_inner())
    }
}

fn oldest_first(mut v: Vec<SessionRecord>) -> Vec<SessionRecord> {
    v.sort_by(|a, b| (a.created, &a.id).cmp(&(b.created, &b.id)));
    v
}

impl Store for MemoryStore {
    fn load(&self, id: &str) -> Option<SessionRecord> {
        self.map().get(id).cloned()
    }

    fn insert(&self, record: SessionRecord) -> Result<(), StoreError> {
        let mut map = self.map();
        if map.contains_key(&record.id) {
            return Err(StoreError::Exists);
        }
        map.insert(record.id.clone(), record);
        Ok(())
    }

    fn save(&self, record: &SessionRecord) -> Result<(), StoreError> {
        let mut map = self.map();
        let current = map.get_mut(&record.id).ok_or(StoreError::Gone)?;
        if current.version != record.version {
            return Err(StoreError::Stale);
        }
        // Field by field, reusing the stored strings' buffers: no allocation for a touch.
        current.user.clone_from(&record.user);
        current.binding.clone_from(&record.binding);
        current.created = record.created;
        current.last_seen = record.last_seen;
        current.renewed = record.renewed;
        current.dies_at = record.dies_at;
        current.version = record.version + 1;
        Ok(())
    }

    fn remove(&self, id: &str) -> Option<SessionRecord> {
        self.map().remove(id)
    }

    fn sessions_of(&self, user: &str) -> Vec<SessionRecord> {
        oldest_first(
            self.map()
                .values()
                .filter(|r| r.user.as_deref() == Some(user))
                .cloned()
                .collect(),
        )
    }

    fn all(&self) -> Vec<SessionRecord> {
        self.map().values().cloned().collect()
    }

    fn check(&self, id: &str, test: &mut dyn FnMut(&SessionRecord) -> bool) -> bool {
        self.map().get(id).is_some_and(test)
    }
    fn for_each(&self, f: &mut dyn FnMut(&SessionRecord)) {
        for r in self.map().values() {
            f(r);
        }
    }
}

/// A store with the resurrection bug: `save` writes unconditionally (an upsert), as many
/// key-value session stores do. For tests that must catch the logout race.
#[derive(Debug, Default)]
pub struct NaiveStore {
    inner: MemoryStore,
}

impl NaiveStore {
    /// An empty store.
    pub fn new() -> Self {
        Self::default()
    }
}

impl Store for NaiveStore {
    fn load(&self, id: &str) -> Option<SessionRecord> {
        self.inner.load(id)
    }
    fn insert(&self, record: SessionRecord) -> Result<(), StoreError> {
        self.inner.insert(record)
    }
    fn save(&self, record: &SessionRecord) -> Result<(), StoreError> {
        self.inner.map().insert(record.id.clone(), record.clone());
        Ok(())
    }
    fn remove(&self, id: &str) -> Option<SessionRecord> {
        self.inner.remove(id)
    }
    fn sessions_of(&self, user: &str) -> Vec<SessionRecord> {
        self.inner.sessions_of(user)
    }
    fn all(&self) -> Vec<SessionRecord> {
        self.inner.all()
    }
    fn check(&self, id: &str, test: &mut dyn FnMut(&SessionRecord) -> bool) -> bool {
        self.inner.check(id, test)
    }
    fn for_each(&self, f: &mut dyn FnMut(&SessionRecord)) {
        self.inner.for_each(f)
    }
}

impl<S: Store + ?Sized> Store for std::sync::Arc<S> {
    fn load(&self, id: &str) -> Option<SessionRecord> {
        (**self).load(id)
    }
    fn insert(&self, record: SessionRecord) -> Result<(), StoreError> {
        (**self).insert(record)
    }
    fn save(&self, record: &SessionRecord) -> Result<(), StoreError> {
        (**self).save(record)
    }
    fn remove(&self, id: &str) -> Option<SessionRecord> {
        (**self).remove(id)
    }
    fn sessions_of(&self, user: &str) -> Vec<SessionRecord> {
        (**self).sessions_of(user)
    }
    fn all(&self) -> Vec<SessionRecord> {
        (**self).all()
    }
    fn check(&self, id: &str, test: &mut dyn FnMut(&SessionRecord) -> bool) -> bool {
        (**self).check(id, test)
    }
    fn for_each(&self, f: &mut dyn FnMut(&SessionRecord)) {
        (**self).for_each(f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rec(id: &str, user: Option<&str>, created: i64) -> SessionRecord {
        let created = UnixTime::from_micros(created);
        SessionRecord {
            id: id.into(),
            user: user.map(Into::into),
            created,
            last_seen: created,
            renewed: created,
            binding: None,
            dies_at: None,
            version: 0,
        }
    }

    #[test]
    fn save_refuses_gone_and_stale_sessions() {
        let s = MemoryStore::new();
        s.insert(rec("a", Some("u"), 1)).unwrap();
        assert_eq!(s.insert(rec("a", None, 2)), Err(StoreError::Exists));
        let loaded = s.load("a").unwrap();
        s.save(&loaded).unwrap();
        assert_eq!(s.load("a").unwrap().version, 1);
        assert_eq!(
            s.save(&loaded),
            Err(StoreError::Stale),
            "saved at version 0 again"
        );
        s.remove("a");
        assert_eq!(s.save(&loaded), Err(StoreError::Gone));
        assert!(s.load("a").is_none(), "not resurrected");
    }

    #[test]
    fn naive_store_resurrects() {
        let s = NaiveStore::new();
        s.insert(rec("a", Some("u"), 1)).unwrap();
        let loaded = s.load("a").unwrap();
        s.remove("a");
        s.save(&loaded).unwrap();
        assert!(s.load("a").is_some());
    }

    #[test]
    fn sessions_of_oldest_first() {
        let s = MemoryStore::new();
        s.insert(rec("z", Some("u"), 1)).unwrap();
        s.insert(rec("a", Some("u"), 2)).unwrap();
        s.insert(rec("m", Some("v"), 0)).unwrap();
        let ids: Vec<_> = s.sessions_of("u").into_iter().map(|r| r.id).collect();
        assert_eq!(ids, ["z", "a"]);
        assert_eq!(s.all().len(), 3);
    }
}
