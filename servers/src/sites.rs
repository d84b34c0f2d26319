//! How the simulator's attacker catalogue uses each example application: their [`Site`]
//! descriptions, for `sessionlab_sim::catalogue::Catalogue` in process and for the same
//! applications on loopback.

use sessionlab_core::session::Policy;
use sessionlab_sim::target::site::LoginForm;
use sessionlab_sim::target::{HttpsPaths, Site, routes};

use crate::reference::USERS;

fn users() -> Vec<(String, String)> {
    USERS
        .iter()
        .map(|(u, p)| ((*u).to_owned(), (*p).to_owned()))
        .collect()
}

/// The reference server under `policy`: the reference routing and markers, its users
/// (`alice` plays the victim), `/account` as the protected page, and every path HTTPS (the
/// server tells the manager every request arrived over HTTPS).
pub fn reference(policy: &Policy) -> Site {
    Site {
        session_cookie: policy.cookie.full_name(),
        https: HttpsPaths::All,
        url_ids: policy.lifecycle.accept_url_id,
        landing: "/".into(),
        login: LoginForm::default(),
        users: users(),
        logout_path: "/logout".into(),
        logout_method: http::Method::POST,
        protected_path: "/account".into(),
        ordinary_path: "/".into(),
        password_change_path: Some("/account/password".into()),
        slow_path: Some("/slow?ms=300".into()),
        sensitive_paths: policy.sensitive_paths.clone(),
        served_as_body: routes::SERVED_AS.into(),
        detected_body: Some(routes::DETECTED.into()),
    }
}

/// A site file (a probe config) for either example server at `base_url` (`{port}` allowed
/// with a `[server]`), with `extra` top-level keys first and `tail` tables last: both share
/// the routes, the users and the protected page's marker.
pub fn site_file(base_url: &str, extra: &str, tail: &str) -> String {
    format!(
        r#"base_url = "{base_url}/"
{extra}
[login]
path = "/login"

[[users]]
username = "alice"
password = "alice-password"

[[users]]
username = "bob"
password = "bob-password"

[logout]
path = "/logout"

[protected]
path = "/account"
logged_in_body = "account of {{user}}"
{tail}"#
    )
}

/// The tower-sessions application: cookie `id` (Secure, so every path is HTTPS), `/account`
/// protected, `/slow` for the race, no password change; its pages end in the user's name
/// (`hello alice`, `account of alice`, `logged in as alice`).
pub fn tower_sessions_app() -> Site {
    Site {
        session_cookie: "id".into(),
        https: HttpsPaths::All,
        url_ids: false,
        landing: "/".into(),
        login: LoginForm::default(),
        users: users(),
        logout_path: "/logout".into(),
        logout_method: http::Method::POST,
        protected_path: "/account".into(),
        ordinary_path: "/".into(),
        password_change_path: None,
        slow_path: Some("/slow?ms=500".into()),
        sensitive_paths: vec!["/account".into()],
        served_as_body: " {user}\n".into(),
        detected_body: None,
    }
}
