//! CSRF tokens, carried the way a browser carries them.
//!
//! Frameworks protect their login and logout forms with a per-visitor token, and a probe that
//! does not send it back is answered 403 (Django, Spring Security), 419 (Laravel) or 422
//! (Rails). A browser gets past them without knowing any of that: it loads the page with the
//! form, submits the form's inputs (the token is a hidden one: `csrfmiddlewaretoken`, `_token`,
//! `authenticity_token`, `_csrf`, `__RequestVerificationToken`), sends `Origin` and `Referer`,
//! and the page's script echoes the CSRF cookie in a header (`X-CSRFToken` for Django's
//! `csrftoken`, `X-XSRF-TOKEN` for Angular's, Laravel's and Spring's `XSRF-TOKEN`). The probe
//! does the same: [`forms`] reads a page with a real HTML parser (html5ever, through
//! `scraper`), [`Form::hidden`] are the inputs to send back, [`meta_token`] is the token a page
//! gives its scripts, and [`echo_header`] names the header a CSRF cookie is echoed in.

use scraper::{Html, Selector};
use url::Url;

/// CSRF cookies and the header each framework reads the echoed value from.
pub const COOKIE_HEADERS: [(&str, &str); 5] = [
    // Django: CSRF_COOKIE_NAME and CSRF_HEADER_NAME's defaults.
    ("csrftoken", "X-CSRFToken"),
    // Angular's HttpClient, axios, Laravel, Spring Security's CookieCsrfTokenRepository.
    ("XSRF-TOKEN", "X-XSRF-TOKEN"),
    ("CSRF-TOKEN", "X-CSRF-TOKEN"),
    ("csrf_token", "X-CSRF-Token"),
    ("_csrf_token", "X-CSRF-Token"),
];

/// The header a cookie named `cookie` is echoed in, when it is a known CSRF cookie.
pub fn echo_header(cookie: &str) -> Option<&'static str> {
    COOKIE_HEADERS
        .iter()
        .find(|(c, _)| c.eq_ignore_ascii_case(cookie))
        .map(|(_, h)| *h)
}

/// One `<form>` of a page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Form {
    /// The `action` attribute, as written (absent: the page itself).
    pub action: Option<String>,
    /// The `method`, upper case (default `GET`).
    pub method: String,
    /// The names of every input, select and textarea in it.
    pub fields: Vec<String>,
    /// The hidden inputs with a name, and their values, in document order.
    pub hidden: Vec<(String, String)>,
}

impl Form {
    /// The path (without the query) the form submits to, resolved against the page's URL.
    pub fn action_path(&self, page: &Url) -> Option<String> {
        let url = match self.action.as_deref() {
            None | Some("") => page.clone(),
            Some(a) => page.join(a).ok()?,
        };
        Some(url.path().to_owned())
    }
}

fn selector(s: &str) -> Selector {
    // The selectors are constants of this module; a typo is caught by the tests.
    Selector::parse(s).unwrap_or_else(|_| Selector::parse("*").expect("`*` is a selector"))
}

/// Every form of a page, with its fields and hidden inputs. Any text is a page (the parser
/// recovers from anything, as a browser's does).
pub fn forms(html: &str) -> Vec<Form> {
    let doc = Html::parse_document(html);
    let form = selector("form");
    let fields = selector("input[name], select[name], textarea[name]");
    doc.select(&form)
        .map(|f| {
            let el = f.value();
            let mut form = Form {
                action: el.attr("action").map(str::to_owned),
                method: el.attr("method").unwrap_or("GET").to_ascii_uppercase(),
                fields: Vec::new(),
                hidden: Vec::new(),
            };
            for input in f.select(&fields) {
                let v = input.value();
                let Some(name) = v.attr("name") else { continue };
                form.fields.push(name.to_owned());
                let hidden = v.name() == "input"
                    && v.attr("type")
                        .is_some_and(|t| t.eq_ignore_ascii_case("hidden"));
                if hidden {
                    form.hidden
                        .push((name.to_owned(), v.attr("value").unwrap_or("").to_owned()));
                }
            }
            form
        })
        .collect()
}

/// The form of `forms` that submits to `action` (a path), else the one with a field named
/// `field` (the login form's password field).
pub fn pick<'f>(
    forms: &'f [Form],
    page: &Url,
    action: &str,
    field: Option<&str>,
) -> Option<&'f Form> {
    let action = action.split('?').next().unwrap_or(action);
    let same = |a: &str| a == action || a.trim_end_matches('/') == action.trim_end_matches('/');
    forms
        .iter()
        .find(|f| f.action_path(page).is_some_and(|a| same(&a)))
        .or_else(|| {
            let field = field?;
            forms.iter().find(|f| f.fields.iter().any(|n| n == field))
        })
}

/// The token a page hands its scripts in a meta tag, and the header it goes in: Rails'
/// `csrf-token` (`X-CSRF-Token`), Laravel's `csrf-token` (`X-CSRF-TOKEN`), Spring Security's
/// `_csrf` with the header named by `_csrf_header`.
pub fn meta_token(html: &str) -> Option<(String, String)> {
    let doc = Html::parse_document(html);
    let meta = selector("meta[name][content]");
    let mut token = None;
    let mut header = None;
    for m in doc.select(&meta) {
        let v = m.value();
        let content = v.attr("content").unwrap_or("");
        match v.attr("name").unwrap_or("") {
            "csrf-token" | "_csrf" if !content.is_empty() => token = Some(content.to_owned()),
            "_csrf_header" if !content.is_empty() => header = Some(content.to_owned()),
            _ => {}
        }
    }
    token.map(|t| (header.unwrap_or_else(|| "X-CSRF-Token".to_owned()), t))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page() -> Url {
        Url::parse("http://127.0.0.1:8000/login/").unwrap()
    }

    #[test]
    fn django_login_form() {
        let html = r#"<!doctype html><form method="post" action="/login/">
          <input type="hidden" name="csrfmiddlewaretoken" value="abc123">
          <p><input type="text" name="username" required><input type="password" name="password">
          <input type="hidden" name="next" value=""><button>Sign in</button></form>"#;
        let all = forms(html);
        assert_eq!(all.len(), 1);
        let f = pick(&all, &page(), "/login/", Some("password")).unwrap();
        assert_eq!(f.method, "POST");
        assert_eq!(
            f.hidden,
            [
                ("csrfmiddlewaretoken".to_owned(), "abc123".to_owned()),
                ("next".to_owned(), String::new())
            ]
        );
        assert_eq!(
            f.fields,
            ["csrfmiddlewaretoken", "username", "password", "next"]
        );
    }

    #[test]
    fn picks_by_action_then_by_field() {
        let html = r#"<form action="/search"><input name="q"></form>
            <form method=POST action="../logout"><input type=HIDDEN name=_token value=t1></form>
            <form method="post"><input name="user"><input name="pw" type="password"></form>"#;
        let all = forms(html);
        assert_eq!(all.len(), 3);
        let logout = pick(&all, &page(), "/logout", None).unwrap();
        assert_eq!(logout.hidden, [("_token".to_owned(), "t1".to_owned())]);
        // The third form posts to the page itself: /login/.
        let login = pick(&all, &page(), "/login/?next=/", Some("pw")).unwrap();
        assert_eq!(login.fields, ["user", "pw"]);
        let by_field = pick(&all, &page(), "/session", Some("pw")).unwrap();
        assert_eq!(by_field.fields, ["user", "pw"]);
        assert!(pick(&all, &page(), "/session", Some("nothing")).is_none());
    }

    #[test]
    fn meta_tags_and_cookie_headers() {
        let rails = r#"<head><meta name="csrf-param" content="authenticity_token">
            <meta name="csrf-token" content="r4ils"></head>"#;
        assert_eq!(
            meta_token(rails),
            Some(("X-CSRF-Token".to_owned(), "r4ils".to_owned()))
        );
        let spring = r#"<meta name="_csrf" content="spr1ng"><meta name="_csrf_header" content="X-CSRF-TOKEN">"#;
        assert_eq!(
            meta_token(spring),
            Some(("X-CSRF-TOKEN".to_owned(), "spr1ng".to_owned()))
        );
        assert_eq!(meta_token("<p>no token</p>"), None);
        assert_eq!(echo_header("csrftoken"), Some("X-CSRFToken"));
        assert_eq!(echo_header("XSRF-TOKEN"), Some("X-XSRF-TOKEN"));
        assert_eq!(echo_header("sessionid"), None);
    }

    #[test]
    fn any_text_is_a_page() {
        for junk in [
            "",
            "<form",
            "<<<>>>",
            "<form><input name=x type=hidden value=\"",
            "\u{0}",
        ] {
            let _ = forms(junk);
            let _ = meta_token(junk);
        }
        // An unclosed form still holds its inputs (a tag cut off by the end of the text is
        // dropped, as the HTML specification says).
        let unclosed = forms("<form action=/a><input type=hidden name=t value=v>");
        assert_eq!(unclosed[0].hidden, [("t".to_owned(), "v".to_owned())]);
    }
}
