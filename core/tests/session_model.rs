//! Model-based test of the session manager (proptest-state-machine).
//!
//! The `ReferenceStateMachine` is a deliberately simple model of sessions: a list of records
//! with counters for ids, and the policy's rules written out plainly. The `StateMachineTest`
//! drives the real manager through real cookie jars. Random sequences of visits, logins,
//! re-logins, sensitive pages, privilege changes, logouts, "end all sessions" and clock moves,
//! under random policies, must give the same answers (who each request was served as) and the
//! same store contents, and every session invariant must hold after every step.

mod common;

use common::{Browser, T0, manager};
use proptest::prelude::*;
use proptest_state_machine::{ReferenceStateMachine, StateMachineTest, prop_state_machine};
use sessionlab_core::session::policy::{BindingCookie, LogoutMode, OnLimit, Policy};
use sessionlab_core::session::{Action, Answer, MemoryStore, SessionManager, Store, presets};
use sessionlab_core::time::UnixTime;
use sessionlab_core::token::{Encoding, GeneratorKind, TokenConfig};

const BROWSERS: usize = 3;
const USERS: [&str; 2] = ["alice", "bob"];
const SHOP: &str = "https://shop.example";

/// A session record in the model.
#[derive(Debug, Clone, PartialEq, Eq)]
struct MSession {
    id: u64,
    user: Option<String>,
    created: i64,
    last_seen: i64,
    dies_at: Option<i64>,
    binding: Option<u64>,
    /// When this id was issued (periodic renewal counts from here).
    renewed: i64,
}

/// A browser in the model: the id in its session cookie, and its binding cookie.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct MBrowser {
    cookie: Option<u64>,
    binding: Option<(u64, i64)>,
}

#[derive(Debug, Clone)]
struct Model {
    policy: Policy,
    seed: u64,
    now: i64,
    next_id: u64,
    store: Vec<MSession>,
    browsers: Vec<MBrowser>,
    /// What the last request should have been answered.
    expect: Option<(Answer, Option<String>)>,
}

#[derive(Debug, Clone)]
enum Step {
    Page { b: usize, sensitive: bool },
    Login { b: usize, user: usize },
    Logout { b: usize },
    Privilege { b: usize },
    EndAll { b: usize },
    Advance { secs: i64 },
}

fn policy() -> impl Strategy<Value = Policy> {
    (
        (
            any::<bool>(),
            any::<bool>(),
            any::<bool>(),
            any::<bool>(),
            prop_oneof![Just(0u64), Just(30)],
            any::<bool>(),
            any::<bool>(),
        ),
        (
            prop_oneof![Just(None), Just(Some(300u64)), Just(Some(3600))],
            prop_oneof![Just(None), Just(Some(1800u64)), Just(Some(7200))],
            prop_oneof![Just(None), Just(Some(600u64))],
        ),
        (
            any::<bool>(),
            any::<bool>(),
            prop_oneof![Just(None), Just(Some(1u32)), Just(Some(2))],
            any::<bool>(),
            any::<bool>(),
        ),
        prop_oneof![
            Just(GeneratorKind::Recommended),
            Just(GeneratorKind::Counter),
            Just(GeneratorKind::JavaRandom)
        ],
    )
        .prop_map(
            |(
                (login, relogin, privilege, new_on_logout, grace, strict, first_visit),
                (idle, absolute, renew),
                (server_side, end_others, max, evict, binding),
                generator,
            )| {
                let mut p = presets::hardened();
                let l = &mut p.lifecycle;
                (
                    l.rotate_on_login,
                    l.rotate_on_relogin,
                    l.rotate_on_privilege_change,
                    l.new_id_on_logout,
                ) = (login, relogin, privilege, new_on_logout);
                (l.old_id_grace_secs, l.strict_mode, l.session_on_first_visit) =
                    (grace, strict, first_visit);
                (
                    p.lifetime.idle_timeout_secs,
                    p.lifetime.absolute_timeout_secs,
                    p.lifetime.renew_every_secs,
                ) = (idle, absolute, renew);
                p.logout.mode = if server_side {
                    LogoutMode::ServerSide
                } else {
                    LogoutMode::CookieOnly
                };
                p.logout.end_other_sessions_on_password_change = end_others;
                p.concurrency.max_sessions_per_user = max;
                p.concurrency.on_limit = if evict {
                    OnLimit::EvictOldest
                } else {
                    OnLimit::RejectNew
                };
                p.binding = binding.then(|| BindingCookie {
                    ttl_secs: 600,
                    ..BindingCookie::default()
                });
                p.token = TokenConfig {
                    generator,
                    bytes: 16,
                    encoding: Encoding::Base64Url,
                };
                p
            },
        )
}

impl Model {
    fn alive(&self, s: &MSession) -> bool {
        let l = &self.policy.lifetime;
        s.dies_at.is_none_or(|d| self.now < d)
            && l.idle_timeout_secs
                .is_none_or(|t| (self.now - s.last_seen).max(0) <= t as i64)
            && l.absolute_timeout_secs
                .is_none_or(|t| (self.now - s.created).max(0) <= t as i64)
    }

    fn find(&self, id: u64) -> Option<usize> {
        self.store.iter().position(|s| s.id == id)
    }

    fn new_session(&mut self, user: Option<String>, created: i64, binding: Option<u64>) -> u64 {
        self.next_id += 1;
        let id = self.next_id;
        self.store.push(MSession {
            id,
            user,
            created,
            last_seen: self.now,
            dies_at: None,
            binding,
            renewed: self.now,
        });
        id
    }

    /// The manager's `resolve` followed by periodic renewal.
    fn resolve(&mut self, b: usize) -> Option<usize> {
        let i = self.resolve_id(b)?;
        match self.policy.lifetime.renew_every_secs {
            Some(every) if self.now - self.store[i].renewed >= every as i64 => {
                let k = self.rotate(i);
                self.browsers[b].cookie = Some(self.store[k].id);
                Some(k)
            }
            _ => Some(i),
        }
    }

    /// The browser's id, if live; dead records are removed; unknown ids are adopted without
    /// strict mode.
    fn resolve_id(&mut self, b: usize) -> Option<usize> {
        let id = self.browsers[b].cookie?;
        match self.find(id) {
            Some(i) if self.alive(&self.store[i].clone()) => Some(i),
            Some(i) => {
                self.store.remove(i);
                None
            }
            None if !self.policy.lifecycle.strict_mode => {
                self.store.push(MSession {
                    id,
                    user: None,
                    created: self.now,
                    last_seen: self.now,
                    dies_at: None,
                    binding: None,
                    renewed: self.now,
                });
                Some(self.store.len() - 1)
            }
            None => None,
        }
    }

    /// Replaces the id of record `i` (created time and binding kept); the old id dies now or
    /// after the grace window. Returns the new record's index.
    fn rotate(&mut self, i: usize) -> usize {
        let old = self.store[i].clone();
        let new = self.new_session(old.user.clone(), old.created, old.binding);
        let grace = self.policy.lifecycle.old_id_grace_secs as i64;
        let oi = self.find(old.id).unwrap();
        if grace == 0 {
            self.store.remove(oi);
        } else {
            self.store[oi].dies_at = Some(self.now + grace);
        }
        self.find(new).unwrap()
    }

    fn page(&mut self, b: usize, sensitive: bool) -> (Answer, Option<String>) {
        let mut i = self.resolve(b);
        if i.is_none() && self.policy.lifecycle.session_on_first_visit {
            let id = self.new_session(None, self.now, None);
            self.browsers[b].cookie = Some(id);
            i = self.find(id);
        }
        if let Some(i) = i {
            self.store[i].last_seen = self.now;
        }
        let user = i.and_then(|i| self.store[i].user.clone());
        if !sensitive {
            return (Answer::Page, user);
        }
        let Some(i) = i.filter(|_| user.is_some()) else {
            return (Answer::SignInRequired, None);
        };
        if let Some(mismatch) = self.binding_check(b, i) {
            return mismatch;
        }
        (Answer::Page, user)
    }

    /// The binding cookie check of a page under /account: a mismatch ends the session.
    fn binding_check(&mut self, b: usize, i: usize) -> Option<(Answer, Option<String>)> {
        self.policy.binding.as_ref()?;
        let sent = self.browsers[b]
            .binding
            .filter(|&(_, exp)| self.now < exp)
            .map(|(v, _)| v);
        if sent.is_some() && sent == self.store[i].binding {
            return None;
        }
        self.store.remove(i);
        self.browsers[b] = MBrowser::default();
        Some((Answer::BindingMismatch, None))
    }

    fn login(&mut self, b: usize, user: &str) -> (Answer, Option<String>) {
        let i = self.resolve(b);
        let current = i.map(|i| self.store[i].id);
        let same_user = i.is_some_and(|i| self.store[i].user.as_deref() == Some(user));
        if let Some(max) = self.policy.concurrency.max_sessions_per_user {
            let mut others: Vec<MSession> = self
                .store
                .iter()
                .filter(|s| {
                    s.user.as_deref() == Some(user)
                        && Some(s.id) != current
                        && self.alive(s)
                        && s.dies_at.is_none()
                })
                .cloned()
                .collect();
            if others.len() >= max as usize && !same_user {
                if self.policy.concurrency.on_limit == OnLimit::RejectNew {
                    return (Answer::LoginRefused, None);
                }
                others.sort_by_key(|s| (s.created, s.id));
                for s in others.iter().take(others.len() + 1 - max as usize) {
                    let k = self.find(s.id).unwrap();
                    self.store.remove(k);
                }
            }
        }
        let lc = &self.policy.lifecycle;
        let rotate = if same_user {
            lc.rotate_on_relogin
        } else {
            lc.rotate_on_login
        };
        let i = current.and_then(|id| self.find(id));
        let k = match i {
            Some(i) if rotate => {
                let k = self.rotate(i);
                self.store[k].created = self.now;
                k
            }
            Some(i) => i,
            None => {
                let id = self.new_session(Some(user.into()), self.now, None);
                self.find(id).unwrap()
            }
        };
        self.store[k].user = Some(user.into());
        self.store[k].last_seen = self.now;
        if self.policy.binding.is_some() {
            self.next_id += 1;
            self.store[k].binding = Some(self.next_id);
            self.browsers[b].binding = Some((self.next_id, self.now + 600));
        }
        self.browsers[b].cookie = Some(self.store[k].id);
        (Answer::LoggedIn, Some(user.into()))
    }

    fn logout(&mut self, b: usize) -> (Answer, Option<String>) {
        if let Some(i) = self.resolve(b) {
            if self.policy.logout.mode == LogoutMode::ServerSide {
                self.store.remove(i);
            }
        }
        self.browsers[b].binding = None;
        self.browsers[b].cookie = if self.policy.lifecycle.new_id_on_logout
            && self.policy.lifecycle.session_on_first_visit
        {
            Some(self.new_session(None, self.now, None))
        } else {
            None
        };
        (Answer::LoggedOut, None)
    }

    fn privilege(&mut self, b: usize) -> (Answer, Option<String>) {
        let Some(i) = self.resolve(b).filter(|&i| self.store[i].user.is_some()) else {
            return (Answer::SignInRequired, None);
        };
        if let Some(mismatch) = self.binding_check(b, i) {
            return mismatch;
        }
        let user = self.store[i].user.clone();
        self.store[i].last_seen = self.now;
        let k = if self.policy.lifecycle.rotate_on_privilege_change {
            self.rotate(i)
        } else {
            i
        };
        let keep = self.store[k].id;
        self.browsers[b].cookie = Some(keep);
        if self.policy.logout.end_other_sessions_on_password_change {
            self.store.retain(|s| s.id == keep || s.user != user);
        }
        (Answer::PrivilegeChanged, user)
    }

    fn end_all(&mut self, b: usize) -> (Answer, Option<String>) {
        let Some(i) = self.resolve(b).filter(|&i| self.store[i].user.is_some()) else {
            return (Answer::SignInRequired, None);
        };
        if let Some(mismatch) = self.binding_check(b, i) {
            return mismatch;
        }
        let user = self.store[i].user.clone();
        self.store.retain(|s| s.user != user);
        self.browsers[b].cookie = None;
        (Answer::SessionsEnded, None)
    }
}

struct SessionModel;

impl ReferenceStateMachine for SessionModel {
    type State = Model;
    type Transition = Step;

    fn init_state() -> BoxedStrategy<Model> {
        (policy(), any::<u64>())
            .prop_map(|(policy, seed)| Model {
                policy,
                seed,
                now: T0,
                next_id: 0,
                store: Vec::new(),
                browsers: vec![MBrowser::default(); BROWSERS],
                expect: None,
            })
            .boxed()
    }

    fn transitions(_: &Model) -> BoxedStrategy<Step> {
        let b = 0..BROWSERS;
        prop_oneof![
            4 => (b.clone(), any::<bool>()).prop_map(|(b, sensitive)| Step::Page { b, sensitive }),
            3 => (b.clone(), 0..USERS.len()).prop_map(|(b, user)| Step::Login { b, user }),
            1 => b.clone().prop_map(|b| Step::Logout { b }),
            1 => b.clone().prop_map(|b| Step::Privilege { b }),
            1 => b.prop_map(|b| Step::EndAll { b }),
            2 => prop_oneof![0i64..120, 250i64..700, 1700i64..4000].prop_map(|secs| Step::Advance { secs }),
        ]
        .boxed()
    }

    fn apply(mut m: Model, step: &Step) -> Model {
        // Every request takes a second, so creation times are distinct.
        if !matches!(step, Step::Advance { .. }) {
            m.now += 1;
        }
        m.expect = match *step {
            Step::Page { b, sensitive } => Some(m.page(b, sensitive)),
            Step::Login { b, user } => Some(m.login(b, USERS[user])),
            Step::Logout { b } => Some(m.logout(b)),
            Step::Privilege { b } => Some(m.privilege(b)),
            Step::EndAll { b } => Some(m.end_all(b)),
            Step::Advance { secs } => {
                m.now += secs;
                None
            }
        };
        m
    }
}

struct Real {
    m: SessionManager<MemoryStore>,
    clock: sessionlab_core::session::ManualClock,
    browsers: Vec<Browser>,
}

/// A store record as compared: user, created, last seen, grace deadline, has a binding.
type Row = (Option<String>, UnixTime, UnixTime, Option<UnixTime>, bool);

struct ManagerTest;

impl StateMachineTest for ManagerTest {
    type SystemUnderTest = Real;
    type Reference = SessionModel;

    fn init_test(model: &Model) -> Real {
        let (m, clock) = manager(model.policy.clone(), model.seed);
        Real {
            m,
            clock,
            browsers: (0..BROWSERS).map(|_| Browser::new()).collect(),
        }
    }

    fn apply(mut real: Real, model: &Model, step: Step) -> Real {
        if let Step::Advance { secs } = step {
            real.clock.advance_secs(secs);
            return real;
        }
        real.clock.advance_secs(1);
        let (b, action, path) = match step {
            Step::Page { b, sensitive } => (
                b,
                Action::Page,
                if sensitive {
                    "/account/orders"
                } else {
                    "/cart"
                },
            ),
            Step::Login { b, user } => (
                b,
                Action::Login {
                    user: USERS[user].into(),
                },
                "/login",
            ),
            Step::Logout { b } => (b, Action::Logout, "/logout"),
            Step::Privilege { b } => (b, Action::PrivilegeChange, "/account/password"),
            Step::EndAll { b } => (b, Action::EndAllSessions, "/account/sessions/end-all"),
            Step::Advance { .. } => unreachable!(),
        };
        let reply = real.browsers[b].send(&real.m, &format!("{SHOP}{path}"), action);
        assert_eq!(
            Some((reply.answer, reply.user.clone())),
            model.expect,
            "{step:?} under {:#?}",
            model.policy
        );
        real
    }

    fn check_invariants(real: &Real, model: &Model) {
        // Same records: users, times and grace deadlines (ids differ: counters vs tokens).
        let mut want: Vec<Row> = model
            .store
            .iter()
            .map(|s| {
                (
                    s.user.clone(),
                    UnixTime::from_secs(s.created),
                    UnixTime::from_secs(s.last_seen),
                    s.dies_at.map(UnixTime::from_secs),
                    s.binding.is_some(),
                )
            })
            .collect();
        let mut got: Vec<_> = real
            .m
            .store()
            .all()
            .into_iter()
            .map(|r| {
                (
                    r.user,
                    r.created,
                    r.last_seen,
                    r.dies_at,
                    r.binding.is_some(),
                )
            })
            .collect();
        want.sort();
        got.sort();
        assert_eq!(got, want, "store differs from the model");
    }
}

prop_state_machine! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]
    #[test]
    fn manager_matches_the_model(sequential 1..40 => ManagerTest);
}
