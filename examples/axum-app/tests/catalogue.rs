//! sessionlab's attacker catalogue against this application, in process: every attacker, a
//! handful of seeds, a fresh app per run. A hijack fails the test with the command that
//! replays it and the shrunk story.

use sessionlab_example_axum_app::{ACCOUNTS, app};
use sessionlab_sim::catalogue::Catalogue;
use sessionlab_sim::oracle::Outcome;
use sessionlab_sim::target::site::LoginForm;
use sessionlab_sim::target::{HttpsPaths, Site};

/// How to use the app: where to log in and out, which page says who is logged in.
fn site() -> Site {
    Site {
        session_cookie: "__Host-session".into(),
        https: HttpsPaths::All,
        url_ids: false,
        landing: "/api/me".into(),
        login: LoginForm {
            path: "/api/session".into(),
            method: http::Method::POST,
            username_field: "email".into(),
            password_field: "password".into(),
            json: true,
        },
        users: ACCOUNTS
            .iter()
            .map(|(e, p)| ((*e).to_owned(), (*p).to_owned()))
            .collect(),
        logout_path: "/api/session".into(),
        logout_method: http::Method::DELETE,
        protected_path: "/api/me".into(),
        ordinary_path: "/api/me".into(),
        password_change_path: None,
        slow_path: Some("/api/report?ms=200".into()),
        sensitive_paths: vec!["/api".into()],
        served_as_body: r#""user":"{user}""#.into(),
        detected_body: None,
    }
}

fn catalogue() -> Catalogue {
    Catalogue::tower("axum-app", site(), app).seeds(4)
}

/// The attacks this app must stop. `assert_no_hijack` is the line to copy into your tests.
#[test]
fn no_attack_succeeds_but_the_known_ones() {
    catalogue()
        .attackers(&[
            "eavesdrop",
            "active-network",
            "fixation-url",
            "fixation-tossing",
            "fixation-http-cookie",
            "replay",
            "token-prediction",
            "online-guessing",
            "xss-theft",
            "id-leak",
        ])
        .run()
        .assert_no_hijack();
}

/// Two weaknesses this app has, pinned so that a fix shows up as a failing test to update:
/// tower-sessions' `MemoryStore` saves by upsert (a slow request writes a logged-out session
/// back) and nothing limits a user to one session.
#[test]
fn the_known_weaknesses_are_found() {
    let report = catalogue()
        .attackers(&["logout-race", "concurrent-logins"])
        .run();
    assert_eq!(
        report.outcome("logout-race"),
        Some(Outcome::Hijacked),
        "{}",
        report.table()
    );
    assert_eq!(
        report.outcome("concurrent-logins"),
        Some(Outcome::Hijacked),
        "{}",
        report.table()
    );
}
