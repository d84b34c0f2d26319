//! `sessionlab probe` against applications on real frameworks, written the way each
//! framework's documentation shows (`servers/apps/`), installed from the package registries by
//! `servers/apps/install.sh` (which these tests run; it does nothing when all is installed) and
//! started by the probe itself from the site files of `examples/probe/`, on loopback. Each
//! report is a snapshot; the README's "what it found" table explains every verdict.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use sessionlab_tests::{normalize_probe_report, sessionlab};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("the workspace")
        .to_path_buf()
}

/// Runs `servers/apps/install.sh` once per test binary.
fn install() {
    static DONE: OnceLock<Result<(), String>> = OnceLock::new();
    let done = DONE.get_or_init(|| {
        let out = Command::new("sh")
            .arg(root().join("servers/apps/install.sh"))
            .output()
            .map_err(|e| format!("cannot run servers/apps/install.sh: {e}"))?;
        if out.status.success() {
            Ok(())
        } else {
            Err(format!(
                "servers/apps/install.sh failed: {}",
                String::from_utf8_lossy(&out.stderr)
            ))
        }
    });
    if let Err(e) = done {
        panic!("{e}");
    }
}

/// A site file of `examples/probe/` with its `cwd` made absolute (the tests run in `tests/`).
struct Site(PathBuf);

impl Site {
    /// `examples/probe/NAME.toml`, with `extra` appended, in a file of this test's own.
    fn new(name: &str, test: &str, extra: &str) -> Site {
        let text = std::fs::read_to_string(root().join(format!("examples/probe/{name}.toml")))
            .expect("the example site file");
        let text = text.replace(
            "cwd = \"servers/",
            &format!("cwd = \"{}/servers/", root().display()),
        );
        let path = std::env::temp_dir().join(format!(
            "sessionlab-framework-{test}-{}.toml",
            std::process::id()
        ));
        std::fs::write(&path, text + extra).expect("write the site file");
        Site(path)
    }

    fn path(&self) -> &str {
        self.0.to_str().expect("a UTF-8 path")
    }
}

impl Drop for Site {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

/// The checks of a report with the verdict `verdict`.
fn with_verdict<'r>(report: &'r str, verdict: &str) -> Vec<&'r str> {
    report
        .lines()
        .skip_while(|l| !l.starts_with("check "))
        .skip(1)
        .take_while(|l| !l.is_empty())
        .filter(|l| l.split_whitespace().nth(1) == Some(verdict))
        .filter_map(|l| l.split_whitespace().next())
        .collect()
}

#[test]
fn django_with_csrf_protection() {
    install();
    let site = Site::new("django", "django", "");
    let out = sessionlab(&["probe", "--config", site.path()], b"");
    assert_eq!(out.code, 1, "{}{}", out.stdout, out.stderr);
    assert!(out.stderr.is_empty(), "{}", out.stderr);
    // The login and logout forms' CSRF tokens were carried: every check ran.
    assert!(
        out.stdout
            .contains("fetch the login form: GET /login/ -> 200"),
        "{}",
        out.stdout
    );
    assert_eq!(
        with_verdict(&out.stdout, "FAIL"),
        ["cookie-attributes", "relogin-new-id"],
        "{}",
        out.stdout
    );
    assert_eq!(
        with_verdict(&out.stdout, "inconclusive"),
        Vec::<&str>::new()
    );
    // The redirect to the login page carries the requested URL, id and all, percent-encoded.
    assert!(
        out.stdout
            .contains("Location: /login/?next=/account/%3Fsessionid%3D#"),
        "{}",
        out.stdout
    );
    insta::assert_snapshot!(normalize_probe_report(&out.stdout));
}

#[test]
fn django_without_csrf_support_names_the_cause() {
    install();
    let site = Site::new("django", "django-no-csrf", "\n[csrf]\nmode = \"off\"\n");
    let out = sessionlab(&["probe", "--config", site.path(), "--json"], b"");
    assert_eq!(out.code, 2, "{}{}", out.stdout, out.stderr);
    assert_eq!(out.stderr.lines().count(), 1, "{}", out.stderr);
    assert!(
        out.stderr
            .contains("answered 403 most likely because of CSRF protection")
            && out.stderr.contains("csrf.mode is off"),
        "{}",
        out.stderr
    );
    // --json: the error is a JSON document too.
    let doc: serde_json::Value = serde_json::from_str(&out.stdout).expect("one JSON document");
    assert_eq!(doc["error"]["exit_code"], 2);
    assert!(doc["error"]["message"].as_str().unwrap().contains("CSRF"));
}

#[test]
fn php_native_sessions() {
    install();
    let site = Site::new("php", "php", "");
    let out = sessionlab(&["probe", "--config", site.path()], b"");
    assert_eq!(out.code, 1, "{}{}", out.stdout, out.stderr);
    assert!(out.stderr.is_empty(), "{}", out.stderr);
    assert_eq!(
        with_verdict(&out.stdout, "FAIL"),
        ["cookie-attributes", "strict-mode", "idle-timeout"],
        "{}",
        out.stdout
    );
    // PHP's built-in server answers one request at a time: nothing raced.
    assert_eq!(with_verdict(&out.stdout, "inconclusive"), ["logout-race"]);
    assert!(
        out.stdout.contains("did not overlap the logout"),
        "{}",
        out.stdout
    );
    insta::assert_snapshot!(normalize_probe_report(&out.stdout));
}

#[test]
fn flask_client_side_session() {
    install();
    let site = Site::new("flask", "flask", "");
    let out = sessionlab(&["probe", "--config", site.path()], b"");
    assert_eq!(out.code, 1, "{}{}", out.stdout, out.stderr);
    assert!(out.stderr.is_empty(), "{}", out.stderr);
    // Flask's session is signed data in the cookie: nothing on the server to end or rotate.
    assert_eq!(
        with_verdict(&out.stdout, "FAIL"),
        [
            "cookie-attributes",
            "login-new-id",
            "relogin-new-id",
            "logout",
            "logout-race"
        ],
        "{}",
        out.stdout
    );
    assert_eq!(
        with_verdict(&out.stdout, "skipped"),
        ["token-sample", "jwt"]
    );
    for finding in [
        "logout             FAIL          the session lives in the cookie, a signed session (itsdangerous, Flask's default): logout cannot end it on the server",
        "token-sample       skipped       not applicable (client-side session): 100 of the 100 values are a signed session (itsdangerous, Flask's default)",
        // PERMANENT_SESSION_LIFETIME bounds a signature's age, counted from its last write.
        "idle-timeout       pass",
        "strict-mode        pass",
    ] {
        assert!(out.stdout.contains(finding), "{finding}\n{}", out.stdout);
    }
    // The report, less relogin-new-id's finding and section: two logins of the same user in
    // the same second give the same signed cookie (itsdangerous' timestamp has seconds), so
    // whether the value changed depends on the clock; the verdict (FAIL: the first cookie
    // still works) does not.
    let mut skipping = false;
    let stable: Vec<&str> = out
        .stdout
        .lines()
        .filter(|l| {
            if l.starts_with("relogin-new-id (") {
                skipping = true;
            } else if l.is_empty() {
                skipping = false;
            }
            !skipping && !l.starts_with("relogin-new-id ")
        })
        .collect();
    insta::assert_snapshot!(normalize_probe_report(&stable.join("\n")));
    // The cookie's attributes: Flask's defaults (HttpOnly on; Secure, SameSite off).
    assert!(
        out.stdout.contains(
            "3 findings at or above medium: no-secure (high), samesite-missing (medium), no-host-prefix (medium)"
        ),
        "{}",
        out.stdout
    );
}

#[test]
fn express_session_behind_secure_cookies_and_csrf() {
    install();
    let site = Site::new("express", "express", "");
    let out = sessionlab(&["probe", "--config", site.path()], b"");
    assert_eq!(out.code, 1, "{}{}", out.stdout, out.stderr);
    assert!(out.stderr.is_empty(), "{}", out.stderr);
    assert_eq!(
        with_verdict(&out.stdout, "FAIL"),
        ["cookie-attributes", "logout-race"],
        "{}",
        out.stdout
    );
    // The token sample measured the id inside express-session's s:<id>.<signature>.
    assert!(
        out.stdout
            .contains("the values are express-session's signed id (s:<id>.<signature>): the id part is analyzed"),
        "{}",
        out.stdout
    );
    insta::assert_snapshot!(normalize_probe_report(&out.stdout));
}

#[test]
fn express_without_forwarded_proto_names_secure_cookies() {
    install();
    let site = Site::new("express", "express-plain-http", "");
    let text = std::fs::read_to_string(&site.0).unwrap();
    std::fs::write(&site.0, text.replace("forwarded_proto = \"https\"", "")).unwrap();
    let out = sessionlab(&["probe", "--config", site.path()], b"");
    assert_eq!(out.code, 2, "{}{}", out.stdout, out.stderr);
    assert_eq!(out.stderr.lines().count(), 1, "{}", out.stderr);
    for part in [
        "POST /login answered 403",
        "CSRF protection",
        "no page set any cookie",
        "set forwarded_proto = \"https\"",
    ] {
        assert!(out.stderr.contains(part), "{part}: {}", out.stderr);
    }
}

/// The JWT API's site file with its `[server] env` replaced.
fn jwt_api(test: &str, env: &str) -> Site {
    let site = Site::new("jwt-api", test, "");
    let text = std::fs::read_to_string(&site.0).unwrap();
    let line = text
        .lines()
        .find(|l| l.starts_with("env = "))
        .expect("an env line")
        .to_owned();
    std::fs::write(&site.0, text.replace(&line, &format!("env = {env}"))).unwrap();
    site
}

#[test]
fn jwt_bearer_api() {
    install();
    let site = Site::new("jwt-api", "jwt-api", "");
    let out = sessionlab(&["probe", "--config", site.path()], b"");
    assert_eq!(out.code, 1, "{}{}", out.stdout, out.stderr);
    assert_eq!(
        with_verdict(&out.stdout, "FAIL"),
        ["logout", "jwt"],
        "{}",
        out.stdout
    );
    let jwt = out.stdout.lines().find(|l| l.starts_with("jwt ")).unwrap();
    // jwt.verify checks the HS256 signature with a strong key; the token lives an hour where
    // the site says 15 minutes, and nothing ends it at logout.
    assert!(
        jwt.contains("exp is 3600 s after iat, beyond the stated lifetime of 900 s"),
        "{jwt}"
    );
    assert!(jwt.contains("still accepted after logout"), "{jwt}");
    for absent in ["alg \"none\"", "not checked", "known JWT secrets"] {
        assert!(!jwt.contains(absent), "{absent}: {jwt}");
    }
    // Claim names, never their values.
    assert!(
        out.stdout
            .contains("header: alg HS256; claims: exp, iat, sub (values hidden"),
        "{}",
        out.stdout
    );
    assert!(!out.stdout.contains("alice\""), "{}", out.stdout);
    insta::assert_snapshot!(normalize_probe_report(&out.stdout));
}

#[test]
fn jwt_api_that_decodes_without_verifying() {
    install();
    let site = jwt_api(
        "jwt-api-broken",
        r#"{ JWT_SECRET = "secret", JWT_CHECK = "decode", JWT_EXPIRES = "10m" }"#,
    );
    let out = sessionlab(
        &[
            "probe",
            "--config",
            site.path(),
            "--check",
            "jwt",
            "--show-claims",
        ],
        b"",
    );
    assert_eq!(out.code, 1, "{}{}", out.stdout, out.stderr);
    let jwt = out.stdout.lines().find(|l| l.starts_with("jwt ")).unwrap();
    for problem in [
        "a token with alg \"none\" and no signature is accepted",
        "the signature is not checked: a changed byte is accepted",
        "the HS256 key is \"secret\", from sessionlab's list of known JWT secrets",
        "still accepted after logout",
    ] {
        assert!(jwt.contains(problem), "{problem}: {jwt}");
    }
    assert!(!jwt.contains("beyond the stated lifetime"), "{jwt}");
    // --show-claims: the values too.
    assert!(
        out.stdout.contains("claims: exp 1") && out.stdout.contains(", sub \"alice\""),
        "{}",
        out.stdout
    );
}

#[test]
fn a_slow_target_shrinks_the_token_sample_to_the_time_budget() {
    install();
    // 10 ms a first visit: 2,000 ids would take 20 s of a 10-second budget.
    let site = Site::new("php", "php-slow", "");
    let text = std::fs::read_to_string(&site.0).unwrap();
    let text = text
        .replace("token_sample = 200", "token_sample = 2000")
        .replace(
            "env = { SESSION_GC_MAXLIFETIME = \"2\" }",
            "env = { SESSION_GC_MAXLIFETIME = \"2\", SLOW_HOME_MS = \"10\" }",
        );
    std::fs::write(&site.0, text).unwrap();
    let out = sessionlab(
        &[
            "probe",
            "--config",
            site.path(),
            "--check",
            "token-sample",
            "--max-time",
            "10",
        ],
        b"",
    );
    assert_eq!(out.code, 0, "{}{}", out.stdout, out.stderr);
    let line = out
        .stdout
        .lines()
        .find(|l| l.starts_with("token-sample"))
        .unwrap();
    assert!(
        line.contains("ids from first visits (shrunk to the time budget)"),
        "{line}"
    );
    let n: usize = line.split_whitespace().nth(2).unwrap().parse().unwrap();
    assert!((100..2000).contains(&n), "{line}");
    assert!(
        out.stdout
            .contains(&format!("{n} of the 2000 ids asked for: at ")),
        "{}",
        out.stdout
    );
}

/// The Express app serving HTTPS itself with the test certificate of `servers/apps/tls/`
/// (signed by its test CA), probed over TLS: no `forwarded_proto` needed, since the app sees
/// HTTPS requests and sets its Secure cookie.
fn express_over_tls(test: &str, ca: Option<&str>) -> Site {
    let ca = ca.map_or(String::new(), |f| {
        format!(
            "tls_ca_file = \"{}/servers/apps/tls/{f}\"\n",
            root().display()
        )
    });
    let site = Site::new("express", test, "");
    let text = std::fs::read_to_string(&site.0).unwrap();
    let text = ca
        + &text
            .replace("forwarded_proto = \"https\"", "")
            .replace("base_url = \"http://", "base_url = \"https://")
            .replace(
                "env = { IDLE_MS = \"2000\" }",
                "env = { IDLE_MS = \"2000\", TLS_CERT = \"../tls/localhost.pem\", TLS_KEY = \"../tls/localhost.key\" }",
            );
    std::fs::write(&site.0, text).unwrap();
    site
}

#[test]
fn https_targets_on_loopback() {
    install();
    // Loopback: the test instance's certificate is taken as it is; with its CA: verified.
    for (test, ca) in [("tls-loopback", None), ("tls-ca", Some("ca.pem"))] {
        let site = express_over_tls(test, ca);
        let out = sessionlab(
            &[
                "probe",
                "--config",
                site.path(),
                "--check",
                "logout",
                "--check",
                "cookie-attributes",
            ],
            b"",
        );
        assert!(
            out.stdout
                .starts_with("sessionlab probe: https://127.0.0.1:"),
            "{test}: {}{}",
            out.stdout,
            out.stderr
        );
        assert!(
            out.stdout.contains("logout             pass"),
            "{test}: {}",
            out.stdout
        );
        // The Secure cookie arrived over TLS: no no-secure finding.
        assert!(!out.stdout.contains("no-secure"), "{test}: {}", out.stdout);
    }
    // A CA the certificate does not chain to: refused before any check, with the reason.
    let site = express_over_tls("tls-wrong-ca", Some("other-ca.pem"));
    let out = sessionlab(&["probe", "--config", site.path()], b"");
    assert_eq!(out.code, 2, "{}{}", out.stdout, out.stderr);
    assert!(
        out.stderr.contains("invalid peer certificate")
            && out.stderr.contains("does not chain to tls_ca_file"),
        "{}",
        out.stderr
    );
}

#[test]
fn a_logout_refused_for_its_csrf_token_is_named() {
    install();
    // The home page has no logout form: the logout goes without the csrf-sync token.
    let site = Site::new(
        "express",
        "express-logout-form",
        "\n[csrf]\nlogout_form = \"/\"\n",
    );
    let out = sessionlab(&["probe", "--config", site.path()], b"");
    assert_eq!(out.code, 2, "{}{}", out.stdout, out.stderr);
    assert!(
        out.stderr.contains("the logout (POST /logout) answered 403, most likely CSRF protection: set csrf.logout_form"),
        "{}",
        out.stderr
    );
}

#[test]
fn jwt_in_a_cookie() {
    install();
    // The same API with the token in an HttpOnly cookie: recognised as a JWT all the same.
    let site = jwt_api(
        "jwt-cookie",
        r#"{ JWT_SECRET = "k3GZr9wM2vQxT8bN5yL1pF7hD4sJ6cA0", JWT_COOKIE = "1" }"#,
    );
    let text = std::fs::read_to_string(&site.0).unwrap();
    let start = text.find("[bearer]").unwrap();
    let end = start + text[start..].find("\n\n").unwrap();
    std::fs::write(&site.0, format!("{}{}", &text[..start], &text[end..])).unwrap();
    let out = sessionlab(&["probe", "--config", site.path()], b"");
    assert_eq!(out.code, 1, "{}{}", out.stdout, out.stderr);
    assert!(
        out.stdout.contains("(session cookie token)"),
        "{}",
        out.stdout
    );
    for line in [
        "logout             FAIL          the session lives in the cookie, a JWT: logout cannot end it on the server",
        "token-sample       skipped       not applicable (client-side session)",
    ] {
        assert!(out.stdout.contains(line), "{line}\n{}", out.stdout);
    }
    // Signed and checked (HS256, a strong key, 15 minutes), but alive after logout.
    let jwt = out.stdout.lines().find(|l| l.starts_with("jwt ")).unwrap();
    assert!(
        jwt.contains("FAIL") && jwt.contains("still accepted after logout"),
        "{jwt}"
    );
    assert!(
        !jwt.contains("alg \"none\"") && !jwt.contains("known JWT secrets"),
        "{jwt}"
    );
}

#[test]
fn the_catalogue_against_django() {
    install();
    // The catalogue's logins and logouts carry Django's CSRF token as the probe's do.
    let site = Site::new("django", "django-catalogue", "");
    let out = sessionlab(
        &["campaign", "--site", site.path(), "--seeds", "2", "--json"],
        b"",
    );
    assert_eq!(out.code, 0, "{}{}", out.stdout, out.stderr);
    let doc: serde_json::Value = serde_json::from_str(&out.stdout).expect("JSON");
    let cells = doc["cells"].as_array().expect("cells");
    let outcome = |name: &str| {
        cells.iter().find(|c| c["attacker"] == name).expect(name)["outcome"]
            .as_str()
            .unwrap()
            .to_owned()
    };
    // No Secure attribute by default (SESSION_COOKIE_SECURE): an active network attacker
    // downgrades a request to plain HTTP and reads the cookie; nothing limits a user's sessions.
    assert_eq!(outcome("active-network"), "hijacked", "{}", out.stdout);
    assert_eq!(outcome("concurrent-logins"), "hijacked", "{}", out.stdout);
    // The session is cycled at login, deleted at logout, aged out (2 s, the clock moved).
    for blocked in [
        "fixation-http-cookie",
        "replay",
        "logout-race",
        "xss-theft",
        "id-leak",
    ] {
        assert_eq!(outcome(blocked), "blocked", "{blocked}: {}", out.stdout);
    }
}

#[test]
fn the_catalogue_does_not_call_an_unplayable_site_blocked() {
    install();
    // CSRF off and the session cookie named, so no preflight stops it first: every login is
    // refused, and no run shows anything about the attacks. Those runs are skipped, with the
    // reason, not counted as blocked.
    let site = Site::new(
        "django",
        "django-catalogue-no-csrf",
        "\n[csrf]\nmode = \"off\"\n",
    );
    let text = std::fs::read_to_string(&site.0).unwrap();
    std::fs::write(&site.0, format!("session_cookie = \"sessionid\"\n{text}")).unwrap();
    let out = sessionlab(
        &["campaign", "--site", site.path(), "--seeds", "1", "--json"],
        b"",
    );
    assert_eq!(out.code, 0, "{}{}", out.stdout, out.stderr);
    let doc: serde_json::Value = serde_json::from_str(&out.stdout).expect("JSON");
    let cells = doc["cells"].as_array().expect("cells");
    let cell = |name: &str| cells.iter().find(|c| c["attacker"] == name).expect(name);
    for attacker in ["replay", "xss-theft", "logout-race", "concurrent-logins"] {
        let c = cell(attacker);
        assert_eq!(c["outcome"], "skipped", "{c:#}");
        assert!(
            c["skipped"]
                .as_str()
                .unwrap()
                .contains("the victim's login (/login/) answered 403"),
            "{c:#}"
        );
    }
}
