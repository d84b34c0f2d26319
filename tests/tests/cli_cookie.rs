//! The `sessionlab cookie` commands, driven in-process through `cli::run` with a fixed clock.
//! Human-readable outputs are insta snapshots, so a change in what users see is reviewed.

use sessionlab_tests::{Output, sessionlab};

fn run(args: &[&str], stdin: &[u8]) -> Output {
    sessionlab(args, stdin)
}

const SHOP: &str = "\
# The seed's mixed HTTP/HTTPS shop: the session cookie is set without Secure.
@ 2026-03-01T12:00:00Z
< https://shop.example.com/login POST
Set-Cookie: sid=5f3a9c; Path=/; HttpOnly
Set-Cookie: bind=77aa; Path=/account; Secure; HttpOnly; Max-Age=600
Content-Type: text/html
Set-Cookie: theme=dark; Domain=example.com; SameSite=Lax
> http://shop.example.com/help
> https://shop.example.com/account/orders
> https://blog.example.com/
> https://shop.example.com/account/orders from https://evil.test/ subresource POST
? https://shop.example.com/account/
+ https://shop.example.com/ sid=attacker
+ http://shop.example.com/ bind=forged; Path=/account
@ 2026-03-01T12:10:00Z
> https://shop.example.com/account/orders
";

#[test]
fn jar_transcript_of_the_seed_shop() {
    let o = run(&["cookie", "jar"], SHOP.as_bytes());
    assert_eq!(o.code, 0, "{}", o.stderr);
    insta::assert_snapshot!("jar_shop_stdout", o.stdout);
    insta::assert_snapshot!("jar_shop_stderr", o.stderr);
}

#[test]
fn jar_transcript_json() {
    let o = run(&["cookie", "jar", "--json"], SHOP.as_bytes());
    assert_eq!(o.code, 0);
    let lines: Vec<serde_json::Value> = o
        .stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    // One object per `>` and `?` line.
    assert_eq!(lines.len(), 6);
    assert_eq!(lines[0]["line"], 8);
    assert_eq!(lines[0]["type"], "request");
    assert_eq!(lines[0]["header"], "Cookie: sid=5f3a9c; theme=dark");
    assert_eq!(lines[4]["type"], "script");
    assert_eq!(lines[4]["document_cookie"], "theme=dark");
    // Every cookie dropped so far, with its reason: two script writes by the last line.
    let dropped = lines[5]["dropped"].as_array().unwrap();
    let reasons: Vec<_> = dropped
        .iter()
        .map(|d| (d["line"].as_u64().unwrap(), d["reason"].as_str().unwrap()))
        .collect();
    assert_eq!(
        reasons,
        [(13, "overwrites-httponly"), (14, "shadows-secure-cookie")]
    );
    assert!(lines[0]["dropped"].as_array().unwrap().is_empty());
    // The binding cookie expired after 10 minutes.
    assert_eq!(lines[5]["header"], "Cookie: sid=5f3a9c; theme=dark");
    insta::assert_snapshot!(
        "jar_shop_json_first",
        serde_json::to_string_pretty(&lines[1]).unwrap()
    );
}

#[test]
fn jar_malformed_directives_name_their_line() {
    for (input, needle) in [
        ("> https://a.com/\n>oops\n", "line 2:"),
        ("\n\nSet-Cookie: a=b\n", "line 3: a header line must follow"),
        ("> not a url\n", "line 1: bad URL"),
        ("> https://a.com/ from\n", "line 1: `from` needs a URL"),
        (
            "> https://a.com/ sideways\n",
            "line 1: unexpected \"sideways\"",
        ),
        ("@ yesterday\n", "line 1: `@` needs an RFC 3339 time"),
        (
            "+ https://a.com/\n",
            "line 1: `+` needs a URL and a cookie string",
        ),
        (
            "? data:text/plain,x\n",
            "line 1: URL \"data:text/plain,x\" has no host",
        ),
        ("> https://a.com/\n\u{e9}\n", "line 2: expected a directive"),
        ("# ok\n\u{0}\u{ff}\n", "line 2:"),
    ] {
        let o = run(&["cookie", "jar"], input.as_bytes());
        assert_eq!(o.code, 2, "{input:?}");
        assert!(
            o.stderr.starts_with("error: ") && o.stderr.contains(needle),
            "{input:?}: {}",
            o.stderr
        );
        assert_eq!(o.stderr.lines().count(), 1, "one-line error: {}", o.stderr);
    }
    let o = run(&["cookie", "jar"], b"> https://a.com/\n\xff\xfe\n");
    assert_eq!(o.code, 2);
    assert!(o.stderr.contains("line 2: not valid UTF-8"), "{}", o.stderr);
}

#[test]
fn jar_non_utf8_set_cookie_is_a_dropped_cookie() {
    let o = run(
        &["cookie", "jar"],
        b"< https://a.com/\nSet-Cookie: a=\xff\n> https://a.com/\n",
    );
    assert_eq!(o.code, 0);
    assert_eq!(o.stdout, "\n");
    assert!(
        o.stderr.contains("line 2") && o.stderr.contains("UTF-8"),
        "{}",
        o.stderr
    );
}

#[test]
fn jar_crlf_and_indentation() {
    let o = run(
        &["cookie", "jar"],
        b"< https://a.com/\r\n  Set-Cookie: a=1\r\n> https://a.com/\r\n",
    );
    assert_eq!((o.code, o.stdout.as_str()), (0, "Cookie: a=1\n"));
}

#[test]
fn jar_without_clock_uses_the_given_time() {
    // Max-Age counts from `now` when no `@` line sets the clock.
    let o = run(&["cookie", "jar"], b"< https://a.com/\nSet-Cookie: a=1; Expires=Wed, 31 Dec 2025 23:59:59 GMT\n> https://a.com/\n");
    assert_eq!(o.stdout, "\n", "expired before NOW");
}

#[test]
fn lint_findings_and_exit_codes() {
    let weak = run(
        &[
            "cookie",
            "lint",
            "Set-Cookie: PHPSESSID=1234; path=/; domain=.shop.com",
        ],
        b"",
    );
    assert_eq!(weak.code, 1);
    insta::assert_snapshot!("lint_weak", weak.stdout);

    let hardened =
        "__Host-sid=Zx8kQ2mV9pL4rT7wY1nB5cF3hJ6dS0aE; Path=/; Secure; HttpOnly; SameSite=Strict";
    let ok = run(&["cookie", "lint", hardened], b"");
    assert_eq!(ok.code, 0, "{}", ok.stdout);
    insta::assert_snapshot!("lint_hardened", ok.stdout);
    // An info finding fails only with --fail-on info.
    assert_eq!(
        run(&["cookie", "lint", "--fail-on", "info", hardened], b"").code,
        1
    );

    // A non-session cookie with only low findings passes the default threshold.
    assert_eq!(
        run(&["cookie", "lint", "theme=dark; Secure; SameSite=Lax"], b"").code,
        0
    );
    assert_eq!(
        run(
            &[
                "cookie",
                "lint",
                "--fail-on",
                "low",
                "theme=dark; Secure; SameSite=Lax"
            ],
            b""
        )
        .code,
        1
    );
}

#[test]
fn lint_reads_stdin_and_json() {
    let stdin = b"Set-Cookie: sid=abc; Secure; HttpOnly; SameSite=Lax; Path=/\n# comment\n\nset-cookie: x=1; Path=/; Secure; HttpOnly; SameSite=Strict\n";
    let o = run(
        &[
            "cookie",
            "lint",
            "--json",
            "--path",
            "/account",
            "--session",
        ],
        stdin,
    );
    assert_eq!(o.code, 1);
    let v: serde_json::Value = serde_json::from_str(&o.stdout).unwrap();
    let cookies = v["cookies"].as_array().unwrap();
    assert_eq!(cookies.len(), 2);
    let ids: Vec<_> = cookies[0]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["no-host-prefix", "broad-path", "entropy"]);
    assert_eq!(cookies[0]["findings"][1]["asvs"], "ASVS 4.0.3 V3.4.5");
    assert_eq!(cookies[0]["findings"][1]["severity"], "medium");
}

#[test]
fn lint_bad_input() {
    for args in [
        &["cookie", "lint"][..],
        &["cookie", "lint", "--fail-on", "severe", "a=b"],
        &["cookie", "lint", "--path", "account", "a=b"],
        &["cookie", "lint", "--no-such-flag"],
        &["cookie"],
        &["nonsense"],
    ] {
        let o = run(args, b"");
        assert_eq!(o.code, 2, "{args:?}");
        assert_eq!(o.stderr.lines().count(), 1, "{args:?}: {}", o.stderr);
        assert!(o.stderr.starts_with("error: "), "{args:?}: {}", o.stderr);
    }
    let o = run(&["cookie", "lint"], b"\xff\n");
    assert_eq!(o.code, 2);
}

#[test]
fn help_and_version() {
    let o = run(&["--help"], b"");
    assert_eq!(o.code, 0);
    assert!(o.stdout.contains("cookie"));
    let o = run(&["cookie", "jar", "--help"], b"");
    assert_eq!(o.code, 0);
    assert!(o.stdout.contains("< URL [from URL] [subresource] [METHOD]"));
    let o = run(&["--version"], b"");
    assert!(o.stdout.starts_with("sessionlab "));
    assert!(run(&["--help"], b"").stdout.contains("Commands:"));
}

#[test]
fn policy_list_show_check() {
    let o = run(&["policy", "list"], b"");
    assert_eq!(o.code, 0);
    assert_eq!(o.stdout.lines().count(), 14);
    insta::assert_snapshot!("policy_list", o.stdout);

    let dir = std::env::temp_dir().join(format!("sessionlab-policy-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    for name in ["hardened", "django", "legacy-php"] {
        let shown = run(&["policy", "show", name], b"");
        assert_eq!(shown.code, 0);
        let file = dir.join(format!("{name}.toml"));
        std::fs::write(&file, &shown.stdout).unwrap();
        let checked = run(&["policy", "check", file.to_str().unwrap()], b"");
        // The hardened preset passes the default threshold; the others have findings.
        assert_eq!(
            checked.code,
            if name == "hardened" { 0 } else { 1 },
            "{name}: {}",
            checked.stdout
        );
        let json = run(&["policy", "check", "--json", file.to_str().unwrap()], b"");
        let v: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
        assert!(v["findings"].is_array());
    }
    for (body, needle) in [
        (
            "[cookie]\nprefix = \"host\"\ndomain = \"a.com\"\n",
            "cookie.domain:",
        ),
        (
            "[cookie]\nsamesite = \"lax\"\n",
            "cookie.samesite: unknown key",
        ),
        (
            "[lifetime]\nidle_timeout_secs = -5\n",
            "lifetime.idle_timeout_secs: line 2",
        ),
        ("[transport]\nmode = \"mixed\"\n", "transport.https_paths:"),
        ("not toml at all [", "line 1"),
    ] {
        let file = dir.join("bad.toml");
        std::fs::write(&file, body).unwrap();
        let o = run(&["policy", "check", file.to_str().unwrap()], b"");
        assert_eq!(o.code, 2, "{body}");
        assert!(o.stderr.contains(needle), "{body}: {}", o.stderr);
        assert_eq!(o.stderr.lines().count(), 1, "{}", o.stderr);
    }
    let o = run(&["policy", "check", "/no/such/file.toml"], b"");
    assert_eq!(o.code, 2);
    let o = run(&["policy", "show", "nope"], b"");
    assert_eq!(o.code, 2);
    std::fs::remove_dir_all(&dir).unwrap();
}

/// `--browser` picks the jar's profile: the same transcript, two browsers, two answers.
#[test]
fn jar_browser_profiles_differ_where_chromium_deviates() {
    let transcript = "\
@ 2026-03-01T12:00:00Z
< https://www.shop.example/
Set-Cookie: dot=1; Domain=.
Set-Cookie: tab=a\tb
Set-Cookie: plus=1; Max-Age=+60
Set-Cookie: =x=y
> https://www.shop.example/
@ 2026-03-01T12:02:00Z
> https://www.shop.example/
";
    let rfc = run(
        &["cookie", "jar", "--browser", "rfc"],
        transcript.as_bytes(),
    );
    let chromium = run(
        &["cookie", "jar", "--browser", "chromium"],
        transcript.as_bytes(),
    );
    let default = run(&["cookie", "jar"], transcript.as_bytes());
    assert_eq!(
        (rfc.code, chromium.code),
        (0, 0),
        "{}{}",
        rfc.stderr,
        chromium.stderr
    );
    assert_eq!(default.stdout, rfc.stdout, "rfc is the default");
    // RFC: all four stored (Max-Age=+60 is ignored, so `plus` is a session cookie).
    assert_eq!(
        rfc.stdout,
        "Cookie: dot=1; tab=a\tb; plus=1; x=y\nCookie: dot=1; tab=a\tb; plus=1; x=y\n"
    );
    // Chromium: three refused (with their reason on stderr); `plus` lives 60 seconds.
    assert_eq!(chromium.stdout, "Cookie: plus=1\n\n");
    for reason in [
        "Domain attribute '.'",
        "HTAB",
        "nameless cookie whose value contains '='",
    ] {
        assert!(
            chromium.stderr.contains(reason),
            "{reason}: {}",
            chromium.stderr
        );
    }
    let bad = run(&["cookie", "jar", "--browser", "netscape"], b"");
    assert_eq!(bad.code, 2);
    assert_eq!(bad.stderr.lines().count(), 1, "{}", bad.stderr);
}
