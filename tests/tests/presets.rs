//! Every preset's `Set-Cookie` headers over a visit, a login and a logout, and its policy
//! summary, as insta snapshots: a change in what a preset sends or how it is judged is
//! reviewed like code.

use std::sync::Arc;

use sessionlab_core::session::policy::TransportMode;
use sessionlab_core::session::{Action, ManualClock, MemoryStore, SessionManager, presets};
use sessionlab_sim::cli::policy::write_findings;

fn transcript(p: &presets::Preset) -> String {
    let clock = ManualClock::at(1_767_225_600);
    let m = SessionManager::new(
        p.policy.clone(),
        MemoryStore::new(),
        Arc::new(clock.clone()),
        p.policy.token.build_seeded(7),
    );
    let scheme = if p.policy.transport.mode == TransportMode::Http {
        "http"
    } else {
        "https"
    };
    let mut out = String::new();
    let mut cookie = String::new();
    for (path, action) in [
        ("/", Action::Page),
        (
            "/login",
            Action::Login {
                user: "alice".into(),
            },
        ),
        ("/account/password", Action::PrivilegeChange),
        ("/logout", Action::Logout),
    ] {
        clock.advance_secs(1);
        let req = http::Request::builder()
            .uri(format!("{scheme}://shop.example{path}"))
            .header("cookie", &cookie)
            .body(())
            .unwrap();
        let reply = m.handle(&req, &action);
        out.push_str(&format!(
            "{} {path} -> {} {:?}\n",
            if path == "/" { "GET" } else { "POST" },
            reply.response.status().as_u16(),
            reply.answer
        ));
        for h in reply.set_cookies() {
            out.push_str(&format!("  Set-Cookie: {h}\n"));
            let pair = h.split(';').next().unwrap();
            if pair.starts_with(&format!("{}=", p.policy.cookie.full_name())) {
                cookie = pair.to_owned();
            }
        }
    }
    out
}

#[test]
fn preset_set_cookie_headers() {
    for p in presets::all() {
        insta::assert_snapshot!(format!("set_cookie_{}", p.name), transcript(&p));
    }
}

#[test]
fn preset_policy_summaries() {
    for p in presets::all() {
        let mut out = Vec::new();
        write_findings(&mut out, &p.policy, &p.policy.findings()).unwrap();
        insta::assert_snapshot!(
            format!("summary_{}", p.name),
            String::from_utf8(out).unwrap()
        );
    }
}

#[test]
fn transcripts_are_deterministic() {
    for p in presets::all() {
        assert_eq!(transcript(&p), transcript(&p), "{}", p.name);
    }
}
