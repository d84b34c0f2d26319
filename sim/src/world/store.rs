//! The simulated application's store: the policy's write-back mode, and a switch that holds
//! writes back so a "slow request" can finish after a concurrent one (the logout race).

use std::sync::Mutex;

use sessionlab_core::session::policy::Saves;
use sessionlab_core::session::{MemoryStore, NaiveStore, SessionRecord, Store, StoreError};

/// A store whose saves can be held back and released later.
pub struct SimStore {
    inner: Box<dyn Store>,
    held: Mutex<Option<Vec<SessionRecord>>>,
}

impl std::fmt::Debug for SimStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SimStore").finish_non_exhaustive()
    }
}

impl SimStore {
    /// A store that saves as the policy says.
    pub fn new(saves: Saves) -> Self {
        let inner: Box<dyn Store> = match saves {
            Saves::Versioned => Box::new(MemoryStore::new()),
            Saves::Upsert => Box::new(NaiveStore::new()),
        };
        SimStore {
            inner,
            held: Mutex::new(None),
        }
    }

    fn held(&self) -> std::sync::MutexGuard<'_, Option<Vec<SessionRecord>>> {
        self.held.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// From now on, saves are held (the request that makes them is still "in flight").
    pub fn hold_saves(&self) {
        *self.held() = Some(Vec::new());
    }

    /// The in-flight request completes: its held saves reach the store, in order. Returns how
    /// many the store accepted.
    pub fn release_saves(&self) -> usize {
        let held = self.held().take().unwrap_or_default();
        held.iter().filter(|r| self.inner.save(r).is_ok()).count()
    }
}

impl Store for SimStore {
    fn load(&self, id: &str) -> Option<SessionRecord> {
        self.inner.load(id)
    }
    fn insert(&self, record: SessionRecord) -> Result<(), StoreError> {
        self.inner.insert(record)
    }
    fn save(&self, record: &SessionRecord) -> Result<(), StoreError> {
        if let Some(held) = self.held().as_mut() {
            held.push(record.clone());
            return Ok(());
        }
        self.inner.save(record)
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
    fn for_each(&self, f: &mut dyn FnMut(&SessionRecord)) {
        self.inner.for_each(f)
    }
    fn check(&self, id: &str, test: &mut dyn FnMut(&SessionRecord) -> bool) -> bool {
        self.inner.check(id, test)
    }
}
