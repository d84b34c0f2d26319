//! The reference application's HTTP routing: which request is which [`Action`] of the core
//! manager, and what the response body says. The simulator's model target and the reference
//! server (`servers/`) share it, so that what the simulator proves is what the server serves.
//!
//! | route | action |
//! | --- | --- |
//! | `POST /login` (form or JSON `username`, `password`) | [`Action::Login`] when the password is right, else a page answered 401 |
//! | `POST /logout` | [`Action::Logout`] |
//! | `POST /account/password` | [`Action::PrivilegeChange`] (the password itself is not checked) |
//! | `POST /account/sessions/end-all` | [`Action::EndAllSessions`] |
//! | `GET /slow?ms=N` | a page whose write-back a server may hold for N ms ([`Routed::slow_ms`]) |
//! | anything else | [`Action::Page`] |
//!
//! Every body served as a user ends with the line `signed in as USER` ([`SERVED_AS`]), which is
//! how a site description recognises it from outside; a binding-cookie mismatch says so
//! ([`DETECTED`]).

use bytes::Bytes;
use http::{HeaderValue, Method, StatusCode, header};
use sessionlab_core::session::{Action, Answer, Reply};

/// The marker of a response served as a user (`{user}` is the name).
pub const SERVED_AS: &str = "signed in as {user}\n";
/// The marker of a response that ended a session because it noticed an attack.
pub const DETECTED: &str = "session ended: binding cookie mismatch";

/// The default and the longest hold of `GET /slow`, in milliseconds.
pub const SLOW_DEFAULT_MS: u64 = 500;
/// See [`SLOW_DEFAULT_MS`].
pub const SLOW_MAX_MS: u64 = 5_000;

/// A request, routed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Routed {
    /// What the manager is to do.
    pub action: Action,
    /// The login's credentials were wrong (answered 401).
    pub wrong_password: bool,
    /// `GET /slow`: how long the request works before it writes the session back.
    pub slow_ms: Option<u64>,
}

/// Routes a request: `users` are the accepted `(name, password)` pairs.
pub fn route<U: AsRef<str>, P: AsRef<str>>(
    method: &Method,
    uri: &http::Uri,
    body: &[u8],
    users: &[(U, P)],
) -> Routed {
    let page = Routed {
        action: Action::Page,
        wrong_password: false,
        slow_ms: None,
    };
    let path = uri.path();
    if method == Method::GET {
        if path == "/slow" {
            let ms = form_value(uri.query().unwrap_or("").as_bytes(), "ms")
                .and_then(|v| v.parse().ok())
                .unwrap_or(SLOW_DEFAULT_MS);
            return Routed {
                slow_ms: Some(ms.min(SLOW_MAX_MS)),
                ..page
            };
        }
        return page;
    }
    if method != Method::POST {
        return page;
    }
    let action = match path {
        "/login" => {
            let (user, password) = credentials(body);
            let known = users.iter().find(|(u, p)| {
                Some(u.as_ref()) == user.as_deref() && Some(p.as_ref()) == password.as_deref()
            });
            match known {
                Some((u, _)) => Action::Login {
                    user: u.as_ref().to_owned(),
                },
                None => {
                    return Routed {
                        wrong_password: true,
                        ..page
                    };
                }
            }
        }
        "/logout" => Action::Logout,
        "/account/password" => Action::PrivilegeChange,
        "/account/sessions/end-all" => Action::EndAllSessions,
        _ => Action::Page,
    };
    Routed { action, ..page }
}

/// The `username` and `password` of a login body: a form, or a JSON object.
fn credentials(body: &[u8]) -> (Option<String>, Option<String>) {
    if body.first() == Some(&b'{') {
        let v: serde_json::Value = serde_json::from_slice(body).unwrap_or_default();
        let field = |k: &str| v.get(k).and_then(|s| s.as_str()).map(str::to_owned);
        return (field("username"), field("password"));
    }
    (form_value(body, "username"), form_value(body, "password"))
}

/// The first value of `name` in an `application/x-www-form-urlencoded` text.
fn form_value(bytes: &[u8], name: &str) -> Option<String> {
    let escaped = |s: &[u8]| s.iter().any(|&b| b == b'%' || b == b'+');
    for pair in bytes.split(|&b| b == b'&') {
        let (k, v) = match pair.iter().position(|&b| b == b'=') {
            Some(i) => (&pair[..i], &pair[i + 1..]),
            None => (pair, &b""[..]),
        };
        if escaped(k) || escaped(v) {
            // Percent-encoded or `+` for spaces: the real decoder.
            let (k, v) = url::form_urlencoded::parse(pair).next()?;
            if k == name {
                return Some(v.into_owned());
            }
        } else if k == name.as_bytes() {
            return Some(String::from_utf8_lossy(v).into_owned());
        }
    }
    None
}

/// The manager's reply as an HTTP response, with a short text body saying what happened
/// (and, when it was served as a user, [`SERVED_AS`]) and its `Content-Type`.
pub fn render(reply: Reply, path: &str, routed: &Routed) -> http::Response<Bytes> {
    let mut response = render_body(reply, path, routed);
    let html = response.body().starts_with(b"<");
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(if html {
            "text/html; charset=utf-8"
        } else {
            "text/plain; charset=utf-8"
        }),
    );
    response
}

/// [`render`] without the `Content-Type` header (the simulator's model reads only the body).
pub fn render_body(reply: Reply, path: &str, routed: &Routed) -> http::Response<Bytes> {
    let user = reply.user.as_deref();
    let name = user.unwrap_or("guest");
    let (text, with_name): (&str, bool) = match reply.answer {
        _ if routed.wrong_password => ("wrong username or password", false),
        Answer::LoggedIn => ("logged in as ", true),
        Answer::LoginRefused => ("login refused: this user already has a session", false),
        Answer::LoggedOut => ("logged out", false),
        Answer::PrivilegeChanged => ("password changed", false),
        Answer::SessionsEnded => ("sessions ended", false),
        Answer::BindingMismatch => (
            "session ended: binding cookie mismatch; sign in again",
            false,
        ),
        Answer::Page => match path {
            "/login" => (LOGIN_FORM, false),
            "/account" => ("account of ", true),
            "/account/settings" => ("settings of ", true),
            "/slow" => ("slow page for ", true),
            _ => ("hello ", true),
        },
        _ => ("sign in first", false),
    };
    // One buffer of the exact size (so that `Bytes` takes it without another allocation):
    // the text, then the marker.
    let len = text.len()
        + if with_name { name.len() } else { 0 }
        + 1
        + user.map_or(0, |u| "signed in as \n".len() + u.len());
    let mut body = String::with_capacity(len);
    body.push_str(text);
    if with_name {
        body.push_str(name);
    }
    body.push('\n');
    if let Some(u) = user {
        body.push_str("signed in as ");
        body.push_str(u);
        body.push('\n');
    }
    let (parts, ()) = reply.response.into_parts();
    let mut response = http::Response::from_parts(parts, Bytes::from(body));
    if routed.wrong_password {
        *response.status_mut() = StatusCode::UNAUTHORIZED;
    }
    response
}

/// The login page's form.
const LOGIN_FORM: &str = "<form method=\"post\" action=\"/login\"><input name=\"username\"> \
                          <input name=\"password\" type=\"password\"> <button>Log in</button></form>";

#[cfg(test)]
mod tests {
    use super::*;

    const USERS: [(&str, &str); 1] = [("alice", "pw")];

    fn routed(method: Method, uri: &str, body: &str) -> Routed {
        route(&method, &uri.parse().unwrap(), body.as_bytes(), &USERS)
    }

    #[test]
    fn form_values_decode_like_the_standard_parser() {
        for body in [
            "username=alice&password=pw",
            "password=p%26w&username=al+ice",
            "username=%E2%9C%93&password=",
            "username&password=x=y",
            "a=1&&username=bob",
            "username=x%zz",
        ] {
            for name in ["username", "password", "missing"] {
                let expected = url::form_urlencoded::parse(body.as_bytes())
                    .find(|(k, _)| k == name)
                    .map(|(_, v)| v.into_owned());
                assert_eq!(form_value(body.as_bytes(), name), expected, "{body} {name}");
            }
        }
    }

    #[test]
    fn routes_each_action() {
        let login = |body| routed(Method::POST, "https://s/login", body);
        assert_eq!(
            login("username=alice&password=pw").action,
            Action::Login {
                user: "alice".into()
            }
        );
        assert_eq!(
            login(r#"{"username":"alice","password":"pw"}"#).action,
            Action::Login {
                user: "alice".into()
            }
        );
        assert!(login("username=alice&password=no").wrong_password);
        assert!(login("").wrong_password);
        assert_eq!(
            routed(Method::POST, "https://s/logout", "").action,
            Action::Logout
        );
        assert_eq!(
            routed(Method::POST, "https://s/account/password", "").action,
            Action::PrivilegeChange
        );
        assert_eq!(
            routed(Method::POST, "https://s/account/sessions/end-all", "").action,
            Action::EndAllSessions
        );
        assert_eq!(
            routed(Method::GET, "https://s/logout", "").action,
            Action::Page
        );
        assert_eq!(
            routed(Method::GET, "https://s/slow?ms=20", "").slow_ms,
            Some(20)
        );
        assert_eq!(
            routed(Method::GET, "https://s/slow?ms=99999", "").slow_ms,
            Some(SLOW_MAX_MS)
        );
        assert_eq!(
            routed(Method::GET, "https://s/slow", "").slow_ms,
            Some(SLOW_DEFAULT_MS)
        );
    }
}
