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
    // The cookies a browser would send back (all of them go to every path here but the
    // binding cookie's, which is only needed on /account and harmless elsewhere).
    let mut jar: std::collections::BTreeMap<String, String> = std::collections::BTreeMap::new();
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
        let cookie: Vec<String> = jar.iter().map(|(k, v)| format!("{k}={v}")).collect();
        let req = http::Request::builder()
            .uri(format!("{scheme}://shop.example{path}"))
            .header("cookie", cookie.join("; "))
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
            let (name, value) = h.split(';').next().unwrap().split_once('=').unwrap();
            if value.is_empty() {
                jar.remove(name);
            } else {
                jar.insert(name.to_owned(), value.to_owned());
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
