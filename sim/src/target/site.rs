//! How to use a target: which pages log in and out, which page shows who is logged in, which
//! paths are sensitive, which are served over HTTPS, what the session cookie is called.
//!
//! The world's browsers always talk to the shop at `shop.example`; a site description says
//! which of its paths mean what. The reference model derives its description from the policy
//! ([`Site::from_policy`]); for any other target it is written by hand (or, for a live server,
//! read from its site file).

use sessionlab_core::cookie::path::path_matches;
use sessionlab_core::session::Policy;
use sessionlab_core::session::policy::TransportMode;

/// Which of the shop's paths are served over HTTPS (the network model: an on-path attacker
/// reads and rewrites the others).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HttpsPaths {
    /// Every path.
    All,
    /// None: plain HTTP everywhere.
    None,
    /// These paths and everything below them.
    Under(Vec<String>),
}

/// The login request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoginForm {
    /// Its path.
    pub path: String,
    /// Its method (`POST` by default).
    pub method: http::Method,
    /// The form field with the user name.
    pub username_field: String,
    /// The form field with the password.
    pub password_field: String,
    /// Whether the body is JSON (`{"username": ..., "password": ...}`) rather than a form.
    pub json: bool,
}

impl Default for LoginForm {
    fn default() -> Self {
        LoginForm {
            path: "/login".into(),
            method: http::Method::POST,
            username_field: "username".into(),
            password_field: "password".into(),
            json: false,
        }
    }
}

/// A site description.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Site {
    /// The session cookie's name (also the URL parameter when the app puts ids in URLs).
    pub session_cookie: String,
    /// Which paths are HTTPS.
    pub https: HttpsPaths,
    /// Whether the application writes the session id into its links (`?sid=...`), so that it
    /// leaks through `Referer`.
    pub url_ids: bool,
    /// The landing page, where a fresh browser gets its first session.
    pub landing: String,
    /// The login.
    pub login: LoginForm,
    /// Test users: `(name, password)`. The first plays the victim.
    pub users: Vec<(String, String)>,
    /// The logout's path.
    pub logout_path: String,
    /// The logout's method (`POST` in the reference application).
    pub logout_method: http::Method,
    /// The page that shows who is logged in (the victim's "account" step, and the page an
    /// attacker tries a stolen id on).
    pub protected_path: String,
    /// An ordinary page an attacker tries a stolen id on first.
    pub ordinary_path: String,
    /// The password change (`POST`), if the site has one (CSRF, replay after a change).
    pub password_change_path: Option<String>,
    /// A page that is slow and writes the session back (the logout race), if any.
    pub slow_path: Option<String>,
    /// Pages that need a login (and everything below them).
    pub sensitive_paths: Vec<String>,
    /// What a response's body contains when it was served as a user: `{user}` stands for the
    /// name. Responses that do not contain it for any user were served as nobody.
    pub served_as_body: String,
    /// What a response's body contains when the application noticed an attack and ended the
    /// session (the seed's binding cookie), if it says so.
    pub detected_body: Option<String>,
}

impl Site {
    /// The description of the reference application (the routing in [`super::routes`]) under
    /// `policy`: HTTPS paths, sensitive paths, the cookie's name and URL ids come from the
    /// policy; the routes and markers are the reference application's own.
    pub fn from_policy(policy: &Policy) -> Site {
        let https = match policy.transport.mode {
            TransportMode::Https => HttpsPaths::All,
            TransportMode::Http => HttpsPaths::None,
            TransportMode::Mixed => HttpsPaths::Under(policy.transport.https_paths.clone()),
        };
        Site {
            session_cookie: policy.cookie.full_name(),
            https,
            url_ids: policy.lifecycle.accept_url_id,
            sensitive_paths: policy.sensitive_paths.clone(),
            ..Site::reference()
        }
    }

    /// Whether the fields [`Site::from_policy`] takes from a policy (HTTPS paths, the cookie's
    /// name, URL ids, sensitive paths) are `policy`'s (compared without building a site).
    pub fn describes(&self, policy: &Policy) -> bool {
        let https = match (&self.https, policy.transport.mode) {
            (HttpsPaths::All, TransportMode::Https) | (HttpsPaths::None, TransportMode::Http) => {
                true
            }
            (HttpsPaths::Under(p), TransportMode::Mixed) => *p == policy.transport.https_paths,
            _ => false,
        };
        let cookie = self
            .session_cookie
            .strip_prefix(policy.cookie.prefix.as_str())
            .is_some_and(|n| n == policy.cookie.name);
        https
            && cookie
            && self.url_ids == policy.lifecycle.accept_url_id
            && self.sensitive_paths == policy.sensitive_paths
    }

    /// The reference application's routes and markers, with the simulator's users
    /// (`victim`, `attacker`), an HTTPS-only transport and the cookie `sid`.
    pub fn reference() -> Site {
        Site {
            session_cookie: "sid".into(),
            https: HttpsPaths::All,
            url_ids: false,
            landing: "/".into(),
            login: LoginForm::default(),
            users: vec![
                ("victim".into(), "victim-password".into()),
                ("attacker".into(), "attacker-password".into()),
            ],
            logout_path: "/logout".into(),
            logout_method: http::Method::POST,
            protected_path: "/account/orders".into(),
            ordinary_path: "/cart".into(),
            password_change_path: Some("/account/password".into()),
            slow_path: Some("/cart".into()),
            sensitive_paths: vec!["/account".into(), "/checkout".into()],
            served_as_body: super::routes::SERVED_AS.into(),
            detected_body: Some(super::routes::DETECTED.into()),
        }
    }

    /// The user who plays the victim.
    pub fn victim(&self) -> &str {
        self.users.first().map_or("victim", |(u, _)| u.as_str())
    }

    /// The victim's password.
    pub fn victim_password(&self) -> &str {
        self.users.first().map_or("", |(_, p)| p.as_str())
    }

    /// Whether `path` is served over HTTPS.
    pub fn is_https(&self, path: &str) -> bool {
        match &self.https {
            HttpsPaths::All => true,
            HttpsPaths::None => false,
            HttpsPaths::Under(paths) => paths.iter().any(|p| path_matches(path, p)),
        }
    }

    /// Whether `path` needs a login.
    pub fn is_sensitive(&self, path: &str) -> bool {
        self.sensitive_paths.iter().any(|p| path_matches(path, p))
            || self.password_change_path.as_deref() == Some(path)
    }

    /// [`Site::served_as_body`] for `user`.
    pub fn served_as_marker(&self, user: &str) -> String {
        self.served_as_body.replace("{user}", user)
    }

    /// Checks that the description can be used: a user to play the victim, markers that name
    /// the user, absolute paths.
    pub fn validate(&self) -> Result<(), String> {
        if self.users.is_empty() {
            return Err("users: at least one user (the victim) is needed".into());
        }
        if !self.served_as_body.contains("{user}") {
            return Err("served_as_body: must contain {user}".into());
        }
        if self.session_cookie.is_empty() {
            return Err("session_cookie: must not be empty".into());
        }
        for (key, path) in [
            ("landing", &self.landing),
            ("login.path", &self.login.path),
            ("logout_path", &self.logout_path),
            ("protected_path", &self.protected_path),
            ("ordinary_path", &self.ordinary_path),
        ] {
            if !path.starts_with('/') {
                return Err(format!("{key}: {path:?} must start with /"));
            }
        }
        Ok(())
    }
}

/// Whether `haystack` contains `needle` (bodies may hold any bytes).
pub fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    // Markers are short, bodies small, and a marker often ends the body (the reference
    // application's does): that is checked first, then every place the first byte occurs.
    if haystack.ends_with(needle) {
        return true;
    }
    let Some((&first, rest)) = needle.split_first() else {
        return true;
    };
    let last = haystack.len().saturating_sub(needle.len());
    if haystack.len() < needle.len() {
        return false;
    }
    haystack
        .iter()
        .take(last + 1)
        .enumerate()
        .any(|(i, &b)| b == first && haystack[i + 1..].starts_with(rest))
}

#[cfg(test)]
mod tests {
    use super::contains;

    #[test]
    fn contains_finds_every_place() {
        let cases: [(&str, &str, bool); 9] = [
            (
                "hello victim\nsigned in as victim\n",
                "signed in as victim\n",
                true,
            ),
            ("signed in as victim\nhello", "signed in as victim\n", true),
            ("xx signed in as victim\n yy", "signed in as victim\n", true),
            ("signed in as victim2\n", "signed in as victim\n", false),
            ("ssigned", "signed", true),
            ("", "a", false),
            ("a", "", true),
            ("ab", "abc", false),
            ("abc", "abc", true),
        ];
        for (h, n, want) in cases {
            assert_eq!(contains(h.as_bytes(), n.as_bytes()), want, "{h:?} {n:?}");
        }
    }
}
