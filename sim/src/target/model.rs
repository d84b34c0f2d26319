//! The reference model as a target: the core [`SessionManager`] under a policy, behind the
//! reference application's routing ([`super::routes`]), with virtual time and every core
//! invariant available after each request. Bit-for-bit deterministic: the same token seed
//! gives the same ids, and nothing reads a wall clock.

use std::sync::Arc;

use sessionlab_core::check::Violation;
use sessionlab_core::invariants;
use sessionlab_core::session::{Answer, ManualClock, Policy, SessionManager};

use super::routes::{render_body, route};
use super::{Introspect, Request, Response, Target, TargetError, Unsupported};
use crate::world::{EPOCH, SimStore};

/// The core manager under a policy, in process.
pub struct ModelTarget {
    name: String,
    manager: SessionManager<Arc<SimStore>>,
    store: Arc<SimStore>,
    clock: ManualClock,
    users: Vec<(String, String)>,
    last_user: Option<String>,
    last_answer: Answer,
}

impl std::fmt::Debug for ModelTarget {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ModelTarget")
            .field("name", &self.name)
            .finish_non_exhaustive()
    }
}

impl ModelTarget {
    /// The manager under `policy`, its ids from the policy's generator seeded with
    /// `token_seed`, its clock at the simulation's start, accepting the logins of `users`.
    pub fn new(
        name: impl Into<String>,
        policy: Policy,
        token_seed: u64,
        users: Vec<(String, String)>,
    ) -> Self {
        let clock = ManualClock::at(EPOCH);
        let store = Arc::new(SimStore::new(policy.store.saves));
        let tokens = policy.token.build_seeded(token_seed);
        let manager = SessionManager::new(policy, store.clone(), Arc::new(clock.clone()), tokens);
        ModelTarget {
            name: name.into(),
            manager,
            store,
            clock,
            users,
            last_user: None,
            last_answer: Answer::Page,
        }
    }

    /// The manager (for tests that look inside).
    pub fn manager(&self) -> &SessionManager<Arc<SimStore>> {
        &self.manager
    }
}

impl Target for ModelTarget {
    fn name(&self) -> &str {
        &self.name
    }

    fn send(&mut self, req: &Request) -> Result<Response, TargetError> {
        let routed = route(req.method(), req.uri(), req.body(), &self.users);
        let reply = self.manager.handle(req, &routed.action);
        self.last_user.clone_from(&reply.user);
        self.last_answer = reply.answer;
        Ok(render_body(reply, req.uri().path(), &routed))
    }

    /// The request is answered at once, but the session writes it makes (and any other
    /// request's) are held until [`Target::release`]: the store sees them late, as it would
    /// see a slow request's.
    fn hold(&mut self, req: &Request) -> Result<Option<Response>, Unsupported> {
        self.store.hold_saves();
        Ok(self.send(req).ok())
    }

    fn release(&mut self) -> super::Released {
        super::Released {
            responses: Vec::new(),
            writes_accepted: Some(self.store.release_saves()),
        }
    }

    fn can_hold(&self) -> Result<(), Unsupported> {
        Ok(())
    }

    fn advance(&mut self, secs: u64) -> Result<(), Unsupported> {
        self.clock
            .advance_secs(i64::try_from(secs).unwrap_or(i64::MAX));
        Ok(())
    }

    fn can_advance(&self) -> bool {
        true
    }

    /// The audit log's session labels: raw ids where the policy leaks them, else
    /// `sha256:` and the fingerprint, as a log line marks a hash.
    fn logs(&self) -> Result<Vec<String>, Unsupported> {
        let raw = self.manager.policy().audit.log_raw_ids;
        Ok(self
            .manager
            .audit()
            .events()
            .into_iter()
            .filter_map(|e| e.session)
            .map(|s| if raw { s } else { format!("sha256:{s}") })
            .collect())
    }

    fn model(&self) -> Option<&dyn Introspect> {
        Some(self)
    }
}

impl Introspect for ModelTarget {
    fn last_user(&self) -> Option<&str> {
        self.last_user.as_deref()
    }

    fn last_answer(&self) -> Answer {
        self.last_answer
    }

    fn violations(&self) -> Vec<Violation> {
        invariants::check_all(&self.manager)
    }
}
