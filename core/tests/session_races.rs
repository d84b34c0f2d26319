//! The races real servers meet: a logout against a slow in-flight request whose save would
//! resurrect the session, and requests racing a rotation. A multi-threaded stress test, and an
//! exhaustive exploration of interleavings at store operations that must fail on the
//! deliberately naive store (and so proves it can find the bug) and pass on ours.

mod common;

use std::sync::Arc;

use common::{Browser, manager_with};
use sessionlab_core::check::schedule::{
    AttachScheduler, Scenario, ScheduledStore, explore, run_schedule,
};
use sessionlab_core::session::{Action, MemoryStore, NaiveStore, SessionManager, Store, presets};

const SHOP: &str = "https://shop.example";

fn request(url: &str, cookie: &str) -> http::Request<()> {
    http::Request::builder()
        .uri(url)
        .header(http::header::COOKIE, cookie)
        .body(())
        .unwrap()
}

/// A world: a manager over a scheduled store, with alice logged in under `id`.
struct World<S: Store> {
    m: SessionManager<Arc<ScheduledStore<S>>>,
    id: String,
}

fn world<S: Store + Default + 'static>() -> (World<S>, Arc<dyn AttachScheduler>) {
    let store = Arc::new(ScheduledStore::new(S::default()));
    let (m, _) = manager_with(presets::hardened(), store.clone(), 42);
    let mut b = Browser::new();
    b.login(&m, &format!("{SHOP}/login"), "alice");
    let id = b.cookie("__Host-sid").unwrap();
    (World { m, id }, store)
}

/// Thread 0: a slow page request with alice's cookie (loads, then saves the session).
/// Thread 1: alice logs out with the same cookie.
fn logout_race<S: Store + Default + 'static>() -> Scenario<World<S>> {
    Scenario {
        setup: Box::new(world::<S>),
        threads: 2,
        thread: Box::new(|w: &World<S>, i: usize| {
            let cookie = format!("__Host-sid={}", w.id);
            let action = if i == 0 { Action::Page } else { Action::Logout };
            let url = if i == 0 {
                format!("{SHOP}/cart")
            } else {
                format!("{SHOP}/logout")
            };
            w.m.handle(&request(&url, &cookie), &action);
        }),
        check: Box::new(|w: &World<S>| {
            if w.m.is_live(&w.id) {
                Err("the logged-out session is live again".into())
            } else {
                Ok(())
            }
        }),
    }
}

/// Thread 0: alice logs in again on her session (rotation). Thread 1: a page request with the
/// old id. Afterwards the old id must be dead.
fn rotation_race<S: Store + Default + 'static>() -> Scenario<World<S>> {
    Scenario {
        setup: Box::new(world::<S>),
        threads: 2,
        thread: Box::new(|w: &World<S>, i: usize| {
            let cookie = format!("__Host-sid={}", w.id);
            if i == 0 {
                w.m.handle(
                    &request(&format!("{SHOP}/login"), &cookie),
                    &Action::Login {
                        user: "alice".into(),
                    },
                );
            } else {
                w.m.handle(&request(&format!("{SHOP}/account"), &cookie), &Action::Page);
            }
        }),
        check: Box::new(|w: &World<S>| {
            if w.m.is_live(&w.id) {
                Err("the rotated-away id is live again".into())
            } else {
                Ok(())
            }
        }),
    }
}

#[test]
fn logout_race_finds_the_naive_store_bug() {
    let e = explore(&logout_race::<NaiveStore>(), 10_000);
    let (schedule, message) = e
        .failure
        .expect("the naive store resurrects a logged-out session");
    assert!(message.contains("live again"));
    // The failing schedule replays deterministically.
    let (_, again) = run_schedule(&logout_race::<NaiveStore>(), schedule);
    assert!(again.is_err());
}

#[test]
fn logout_race_never_resurrects_with_the_versioned_store() {
    let e = explore(&logout_race::<MemoryStore>(), 10_000);
    assert_eq!(e.failure, None);
    assert!(e.schedules >= 6, "explored {} interleavings", e.schedules);
}

#[test]
fn rotation_race_finds_the_naive_store_bug() {
    let e = explore(&rotation_race::<NaiveStore>(), 10_000);
    assert!(
        e.failure.is_some(),
        "explored {} interleavings without finding it",
        e.schedules
    );
}

#[test]
fn rotation_race_never_resurrects_with_the_versioned_store() {
    let e = explore(&rotation_race::<MemoryStore>(), 10_000);
    assert_eq!(e.failure, None);
    assert!(e.schedules >= 6, "explored {} interleavings", e.schedules);
}

#[test]
fn stress_logout_against_parallel_requests() {
    // Real threads, real contention: 50 rounds of 4 requesting threads against one logout.
    for round in 0..50 {
        let (m, _) = manager_with(presets::hardened(), MemoryStore::new(), round);
        let mut b = Browser::new();
        b.login(&m, &format!("{SHOP}/login"), "alice");
        let id = b.cookie("__Host-sid").unwrap();
        let cookie = format!("__Host-sid={id}");
        std::thread::scope(|s| {
            for t in 0..4 {
                let (m, cookie) = (&m, &cookie);
                s.spawn(move || {
                    for _ in 0..20 {
                        if t == 0 {
                            m.handle(&request(&format!("{SHOP}/logout"), cookie), &Action::Logout);
                        } else {
                            m.handle(&request(&format!("{SHOP}/account"), cookie), &Action::Page);
                        }
                    }
                });
            }
        });
        assert!(!m.is_live(&id), "round {round}: session resurrected");
        let r = m.handle(&request(&format!("{SHOP}/account"), &cookie), &Action::Page);
        assert_eq!(r.user, None, "round {round}");
    }
}
