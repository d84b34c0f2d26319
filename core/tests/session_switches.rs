//! One test per policy switch: what the manager does with it on and off, seen through a real
//! cookie jar, with every session invariant checked after each request.

mod common;

use common::{Browser, T0, manager, manager_with, replay};
use sessionlab_core::cookie::SameSite;
use sessionlab_core::session::policy::{BindingCookie, LogoutMode, OnLimit};
use sessionlab_core::session::{Action, Answer, AuditKind, MemoryStore, Store, presets};

const SHOP: &str = "https://shop.example";

#[test]
fn login_rotates_the_id_and_kills_the_pre_login_one() {
    let (m, _) = manager(presets::hardened(), 1);
    let mut b = Browser::new();
    b.page(&m, &format!("{SHOP}/cart"));
    let before = b.cookie("__Host-sid").unwrap();
    let r = b.login(&m, &format!("{SHOP}/login"), "alice");
    assert_eq!(
        (r.answer, r.user.as_deref()),
        (Answer::LoggedIn, Some("alice"))
    );
    let after = b.cookie("__Host-sid").unwrap();
    assert_ne!(before, after);
    assert!(!m.is_live(&before));
    let r = replay(
        &m,
        &format!("{SHOP}/account"),
        &format!("__Host-sid={before}"),
        Action::Page,
    );
    assert_eq!(r.answer, Answer::SignInRequired);
    assert_eq!(
        b.page(&m, &format!("{SHOP}/account")).user.as_deref(),
        Some("alice")
    );
}

#[test]
fn relogin_of_the_same_user_rotates_only_when_asked() {
    for (preset, rotates) in [
        (presets::hardened(), true),
        (presets::django(), false),
        (presets::tower_sessions(), false),
    ] {
        let name = preset.cookie.full_name();
        let (m, _) = manager(preset, 2);
        let mut b = Browser::new();
        b.login(&m, &format!("{SHOP}/login"), "alice");
        let first = b.cookie(&name).unwrap();
        b.login(&m, &format!("{SHOP}/login"), "alice");
        assert_eq!(b.cookie(&name).unwrap() != first, rotates, "{name}");
        // A different user always gets a new id (Django flushes).
        b.login(&m, &format!("{SHOP}/login"), "bob");
        assert_ne!(b.cookie(&name).unwrap(), first);
    }
}

#[test]
fn strict_mode_refuses_unknown_ids_and_lax_mode_adopts_them() {
    let planted = "0123456789abcdef0123456789abcdef";
    // PHP 8 without use_strict_mode adopts the attacker's id: session fixation.
    let (m, _) = manager(presets::php8(), 3);
    let r = replay(
        &m,
        "https://shop.example/",
        &format!("PHPSESSID={planted}"),
        Action::Page,
    );
    assert_eq!(
        r.session(),
        Some(sessionlab_core::token::fingerprint(planted))
    );
    assert!(r.set_cookies().is_empty(), "the planted id is used as is");
    assert!(
        m.audit()
            .events()
            .iter()
            .any(|e| e.kind == AuditKind::Adopted)
    );
    // Strict mode (hardened) refuses it and issues its own id.
    let planted = "AAAAAAAAAAAAAAAAAAAAAA";
    let (m, _) = manager(presets::hardened(), 3);
    let r = replay(
        &m,
        "https://shop.example/",
        &format!("__Host-sid={planted}"),
        Action::Page,
    );
    assert_ne!(
        r.session(),
        Some(sessionlab_core::token::fingerprint(planted))
    );
    assert!(!m.is_live(planted));
    assert_eq!(r.set_cookies().len(), 1);
}

#[test]
fn url_ids_only_when_the_policy_accepts_them() {
    let (m, _) = manager(presets::legacy_php(), 4);
    let mut victim = Browser::new();
    victim.page(&m, "http://shop.example/");
    let id = victim.cookie("PHPSESSID").unwrap();
    victim.login(&m, "http://shop.example/login", "alice");
    // No rotation at login: the id from before login now carries alice.
    let r = m.handle(
        &http::Request::builder()
            .uri(format!("http://shop.example/account?PHPSESSID={id}"))
            .body(())
            .unwrap(),
        &Action::Page,
    );
    assert_eq!(r.user.as_deref(), Some("alice"));
    let (m, _) = manager(presets::java_random_ids(), 4);
    let mut v = Browser::new();
    v.login(&m, "http://shop.example/login", "alice");
    let id = v.cookie("JSESSIONID").unwrap();
    let r = m.handle(
        &http::Request::builder()
            .uri(format!("http://shop.example/account;jsessionid={id}"))
            .body(())
            .unwrap(),
        &Action::Page,
    );
    assert_eq!(r.user.as_deref(), Some("alice"));
    // Hardened ignores the parameter.
    let (m, _) = manager(presets::hardened(), 4);
    let mut v = Browser::new();
    v.login(&m, &format!("{SHOP}/login"), "alice");
    let id = v.cookie("__Host-sid").unwrap();
    let r = m.handle(
        &http::Request::builder()
            .uri(format!("{SHOP}/account?__Host-sid={id}"))
            .body(())
            .unwrap(),
        &Action::Page,
    );
    assert_eq!(r.answer, Answer::SignInRequired);
}

#[test]
fn server_side_logout_kills_the_id_cookie_only_logout_does_not() {
    let (m, _) = manager(presets::hardened(), 5);
    let mut b = Browser::new();
    b.login(&m, &format!("{SHOP}/login"), "alice");
    let stolen = b.cookie("__Host-sid").unwrap();
    b.send(&m, &format!("{SHOP}/logout"), Action::Logout);
    let r = replay(
        &m,
        &format!("{SHOP}/account"),
        &format!("__Host-sid={stolen}"),
        Action::Page,
    );
    assert_eq!(r.answer, Answer::SignInRequired);

    let (m, _) = manager(presets::signed_cookie_store(), 5);
    assert_eq!(m.policy().logout.mode, LogoutMode::CookieOnly);
    let mut b = Browser::new();
    b.login(&m, &format!("{SHOP}/login"), "alice");
    let stolen = b.cookie("session").unwrap();
    b.send(&m, &format!("{SHOP}/logout"), Action::Logout);
    assert_ne!(
        b.cookie("session"),
        Some(stolen.clone()),
        "the browser's cookie is replaced"
    );
    let r = replay(
        &m,
        &format!("{SHOP}/account"),
        &format!("session={stolen}"),
        Action::Page,
    );
    assert_eq!(
        r.user.as_deref(),
        Some("alice"),
        "a copy of the cookie still works"
    );
}

#[test]
fn idle_and_absolute_timeouts() {
    let (m, clock) = manager(presets::hardened(), 6); // idle 900 s, absolute 12 h
    let mut b = Browser::new();
    b.login(&m, &format!("{SHOP}/login"), "alice");
    clock.advance_secs(900);
    assert_eq!(
        b.page(&m, &format!("{SHOP}/account")).user.as_deref(),
        Some("alice"),
        "exactly at the limit"
    );
    clock.advance_secs(901);
    assert_eq!(
        b.page(&m, &format!("{SHOP}/account")).answer,
        Answer::SignInRequired
    );
    // Absolute: busy every 10 minutes for 12 hours, then out.
    b.login(&m, &format!("{SHOP}/login"), "alice");
    for _ in 0..72 {
        clock.advance_secs(600);
        assert_eq!(
            b.page(&m, &format!("{SHOP}/account")).user.as_deref(),
            Some("alice")
        );
    }
    clock.advance_secs(600);
    assert_eq!(
        b.page(&m, &format!("{SHOP}/account")).answer,
        Answer::SignInRequired
    );
}

#[test]
fn a_clock_that_goes_backwards_neither_panics_nor_extends() {
    let (m, clock) = manager(presets::hardened(), 7);
    let mut b = Browser::new();
    b.login(&m, &format!("{SHOP}/login"), "alice");
    clock.advance_secs(-3600);
    assert_eq!(
        b.page(&m, &format!("{SHOP}/account")).user.as_deref(),
        Some("alice")
    );
    clock.advance_secs(3600 + 901);
    assert_eq!(
        b.page(&m, &format!("{SHOP}/account")).answer,
        Answer::SignInRequired
    );
}

#[test]
fn privilege_change_rotates_and_ends_other_sessions() {
    let mut policy = presets::hardened();
    policy.concurrency.max_sessions_per_user = None;
    let (m, _) = manager(policy, 8);
    let mut laptop = Browser::new();
    let mut phone = Browser::new();
    laptop.login(&m, &format!("{SHOP}/login"), "alice");
    phone.login(&m, &format!("{SHOP}/login"), "alice");
    let before = laptop.cookie("__Host-sid").unwrap();
    let r = laptop.send(
        &m,
        &format!("{SHOP}/account/password"),
        Action::PrivilegeChange,
    );
    assert_eq!(r.answer, Answer::PrivilegeChanged);
    assert_ne!(laptop.cookie("__Host-sid").unwrap(), before);
    assert_eq!(
        laptop.page(&m, &format!("{SHOP}/account")).user.as_deref(),
        Some("alice")
    );
    assert_eq!(
        phone.page(&m, &format!("{SHOP}/account")).answer,
        Answer::SignInRequired
    );
    // Without the switch the phone stays logged in (and so would an attacker).
    let (m, _) = manager(presets::spring_session(), 8);
    let mut laptop = Browser::new();
    let mut phone = Browser::new();
    laptop.login(&m, &format!("{SHOP}/login"), "alice");
    phone.login(&m, &format!("{SHOP}/login"), "alice");
    laptop.send(
        &m,
        &format!("{SHOP}/account/password"),
        Action::PrivilegeChange,
    );
    assert_eq!(
        phone.page(&m, &format!("{SHOP}/account")).user.as_deref(),
        Some("alice")
    );
}

#[test]
fn end_all_sessions() {
    let mut policy = presets::hardened();
    policy.concurrency.max_sessions_per_user = None;
    let (m, _) = manager(policy, 9);
    let mut a = Browser::new();
    let mut b = Browser::new();
    a.login(&m, &format!("{SHOP}/login"), "alice");
    b.login(&m, &format!("{SHOP}/login"), "alice");
    assert_eq!(
        a.send(
            &m,
            &format!("{SHOP}/account/sessions/end-all"),
            Action::EndAllSessions
        )
        .answer,
        Answer::SessionsEnded
    );
    assert_eq!(
        b.page(&m, &format!("{SHOP}/account")).answer,
        Answer::SignInRequired
    );
    assert!(m.store().sessions_of("alice").is_empty());
    let mut anon = Browser::new();
    assert_eq!(
        anon.send(
            &m,
            &format!("{SHOP}/account/sessions/end-all"),
            Action::EndAllSessions
        )
        .answer,
        Answer::SignInRequired
    );
}

#[test]
fn concurrent_session_limits() {
    let mut policy = presets::hardened();
    policy.concurrency.max_sessions_per_user = Some(2);
    policy.concurrency.on_limit = OnLimit::RejectNew;
    let (m, _) = manager(policy.clone(), 10);
    let mut browsers: Vec<Browser> = (0..3).map(|_| Browser::new()).collect();
    assert_eq!(
        browsers[0]
            .login(&m, &format!("{SHOP}/login"), "alice")
            .answer,
        Answer::LoggedIn
    );
    assert_eq!(
        browsers[1]
            .login(&m, &format!("{SHOP}/login"), "alice")
            .answer,
        Answer::LoggedIn
    );
    assert_eq!(
        browsers[2]
            .login(&m, &format!("{SHOP}/login"), "alice")
            .answer,
        Answer::LoginRefused
    );
    // Re-login on a session that is already alice's is not a new session.
    assert_eq!(
        browsers[0]
            .login(&m, &format!("{SHOP}/login"), "alice")
            .answer,
        Answer::LoggedIn
    );

    policy.concurrency.on_limit = OnLimit::EvictOldest;
    let (m, clock) = manager(policy, 10);
    let mut browsers: Vec<Browser> = (0..3).map(|_| Browser::new()).collect();
    for b in &mut browsers {
        clock.advance_secs(1);
        assert_eq!(
            b.login(&m, &format!("{SHOP}/login"), "alice").answer,
            Answer::LoggedIn
        );
    }
    assert_eq!(
        browsers[0].page(&m, &format!("{SHOP}/account")).answer,
        Answer::SignInRequired,
        "oldest evicted"
    );
    assert_eq!(
        browsers[2]
            .page(&m, &format!("{SHOP}/account"))
            .user
            .as_deref(),
        Some("alice")
    );
}

#[test]
fn binding_cookie_stops_a_sniffed_session_at_the_account_pages() {
    let (m, _) = manager(presets::seed_binding_cookie(), 11);
    let mut victim = Browser::new();
    let r = victim.login(&m, "https://shop.example/login", "alice");
    let bind = r
        .set_cookies()
        .iter()
        .find(|h| h.starts_with("bind="))
        .map(|h| h.to_string())
        .unwrap();
    assert!(
        bind.contains("Path=/account")
            && bind.contains("Secure")
            && bind.contains("HttpOnly")
            && bind.contains("Max-Age=1800"),
        "{bind}"
    );
    // The session cookie is not Secure: a sniffer on an HTTP page captures it.
    let sid = victim.cookie("shopsid").unwrap();
    let stolen = format!("shopsid={sid}");
    assert_eq!(
        replay(&m, "http://shop.example/cart", &stolen, Action::Page)
            .user
            .as_deref(),
        Some("alice"),
        "partial: the cart"
    );
    let r = replay(
        &m,
        "https://shop.example/account/orders",
        &stolen,
        Action::Page,
    );
    assert_eq!(
        r.answer,
        Answer::BindingMismatch,
        "but not the account pages"
    );
    assert_eq!(r.response.headers()[http::header::LOCATION], "/login");
    // The mismatch ended the session, for the victim too (the seed's "force logout").
    assert_eq!(
        victim
            .page(&m, "https://shop.example/account/orders")
            .answer,
        Answer::SignInRequired
    );
}

#[test]
fn binding_cookie_checked_and_deleted_with_its_own_path() {
    let (m, _) = manager(presets::seed_binding_cookie(), 12);
    let mut b = Browser::new();
    b.login(&m, "https://shop.example/login", "alice");
    assert_eq!(
        b.page(&m, "https://shop.example/account/profile")
            .user
            .as_deref(),
        Some("alice")
    );
    assert!(b.cookie("bind").is_some());
    b.send(&m, "https://shop.example/logout", Action::Logout);
    assert_eq!(b.cookie("bind"), None, "deleted with Path=/account");

    // The seed's warning, through the jar: deleting with another path silently fails.
    let mut policy = presets::seed_binding_cookie();
    policy.binding = Some(BindingCookie {
        delete_path: Some("/".into()),
        ..BindingCookie::default()
    });
    let (m, _) = manager(policy, 12);
    let mut b = Browser::new();
    b.login(&m, "https://shop.example/login", "alice");
    b.send(&m, "https://shop.example/logout", Action::Logout);
    assert!(
        b.cookie("bind").is_some(),
        "the binding cookie survived the wrong-path deletion"
    );
}

#[test]
fn mixed_transport_redirects_and_hsts() {
    let (m, _) = manager(presets::seed_mixed_https(), 13);
    let mut b = Browser::new();
    let r = b.page(&m, "http://shop.example/account/orders?x=1");
    assert_eq!(r.answer, Answer::RedirectToHttps);
    assert_eq!(
        r.response.headers()[http::header::LOCATION],
        "https://shop.example/account/orders?x=1"
    );
    assert!(
        b.page(&m, "http://shop.example/help")
            .response
            .headers()
            .get(http::header::STRICT_TRANSPORT_SECURITY)
            .is_none()
    );
    let (m, _) = manager(presets::hardened(), 13);
    let r = Browser::new().page(&m, &format!("{SHOP}/"));
    assert_eq!(
        r.response.headers()[http::header::STRICT_TRANSPORT_SECURITY],
        "max-age=31536000; includeSubDomains"
    );
    let r = Browser::new().page(&m, "http://shop.example/");
    assert_eq!(r.answer, Answer::RedirectToHttps);
}

#[test]
fn audit_log_hashes_ids_unless_the_policy_leaks_them() {
    let (m, _) = manager(presets::hardened(), 14);
    let mut b = Browser::new();
    b.login(&m, &format!("{SHOP}/login"), "alice");
    let id = b.cookie("__Host-sid").unwrap();
    assert!(
        m.audit().lines().iter().all(|l| !l.contains(&id)),
        "{:?}",
        m.audit().lines()
    );
    assert!(
        m.audit()
            .lines()
            .iter()
            .any(|l| l.contains(&sessionlab_core::token::fingerprint(&id)))
    );
    let (m, _) = manager(presets::legacy_php(), 14);
    let mut b = Browser::new();
    b.login(&m, "http://shop.example/login", "alice");
    let id = b.cookie("PHPSESSID").unwrap();
    assert!(
        m.audit().lines().iter().any(|l| l.contains(&id)),
        "legacy-php leaks raw ids"
    );
}

#[test]
fn old_id_grace_window() {
    let (m, clock) = manager(presets::php8(), 15);
    let mut b = Browser::new();
    b.page(&m, "https://shop.example/");
    let old = b.cookie("PHPSESSID").unwrap();
    b.login(&m, "https://shop.example/login", "alice");
    assert!(
        m.is_live(&old),
        "session_regenerate_id(false) keeps the old session"
    );
    clock.advance_secs(1440);
    assert!(!m.is_live(&old));
}

#[test]
fn periodic_renewal() {
    let mut policy = presets::hardened();
    policy.lifetime.renew_every_secs = Some(300);
    let (m, clock) = manager(policy, 16);
    let mut b = Browser::new();
    b.login(&m, &format!("{SHOP}/login"), "alice");
    let first = b.cookie("__Host-sid").unwrap();
    clock.advance_secs(299);
    b.page(&m, &format!("{SHOP}/account"));
    assert_eq!(b.cookie("__Host-sid").unwrap(), first);
    clock.advance_secs(1);
    assert_eq!(
        b.page(&m, &format!("{SHOP}/account")).user.as_deref(),
        Some("alice")
    );
    assert_ne!(b.cookie("__Host-sid").unwrap(), first);
    assert!(!m.is_live(&first));
}

#[test]
fn session_cookie_attributes_follow_the_policy() {
    let (m, _) = manager(presets::hardened(), 17);
    let r = Browser::new().page(&m, &format!("{SHOP}/"));
    let h = r.set_cookies()[0].to_owned();
    let c = sessionlab_core::cookie::SetCookie::parse(&h).unwrap();
    assert_eq!(
        (
            &*c.name,
            c.path.as_deref(),
            c.secure,
            c.http_only,
            c.same_site
        ),
        ("__Host-sid", Some("/"), true, true, SameSite::Lax)
    );
    assert_eq!(c.value.len(), 22, "16 bytes in base64url");
    let (m, _) = manager(presets::django(), 17);
    let h = Browser::new().page(&m, &format!("{SHOP}/")).set_cookies()[0].to_owned();
    assert!(
        h.contains("Max-Age=1209600") && !h.contains("Secure"),
        "{h}"
    );
}

#[test]
fn bad_session_cookies_have_defined_outcomes() {
    let (m, _) = manager(presets::hardened(), 18);
    let mut good = Browser::new();
    good.login(&m, &format!("{SHOP}/login"), "alice");
    let id = good.cookie("__Host-sid").unwrap();
    let long = "A".repeat(10_000);
    for cookie in [
        String::new(),
        "__Host-sid=".into(),
        "__Host-sid=short".into(),
        format!("__Host-sid={long}"),
        "__Host-sid=!!!!!!!!!!!!!!!!!!!!!!".into(),
        "__Host-sid=AAAAAAAAAAAAAAAAAAAAAA".into(),
        "garbage;;;==;".into(),
    ] {
        let r = replay(&m, &format!("{SHOP}/account"), &cookie, Action::Page);
        assert_eq!(r.answer, Answer::SignInRequired, "{cookie:?}");
    }
    assert!(
        m.audit()
            .events()
            .iter()
            .any(|e| e.kind == AuditKind::MalformedId)
    );
    // Two session cookies: the first well-formed one decides (as most frameworks do).
    let r = replay(
        &m,
        &format!("{SHOP}/account"),
        &format!("__Host-sid=bad; __Host-sid={id}"),
        Action::Page,
    );
    assert_eq!(r.user.as_deref(), Some("alice"));
    let r = replay(
        &m,
        &format!("{SHOP}/account"),
        &format!("__Host-sid=AAAAAAAAAAAAAAAAAAAAAA; __Host-sid={id}"),
        Action::Page,
    );
    assert_eq!(r.answer, Answer::SignInRequired);
    // Non-UTF-8 bytes in the header.
    let req = http::Request::builder()
        .uri(format!("{SHOP}/account"))
        .header(
            http::header::COOKIE,
            http::HeaderValue::from_bytes(b"__Host-sid=\xff\xfe").unwrap(),
        )
        .body(())
        .unwrap();
    assert_eq!(m.handle(&req, &Action::Page).answer, Answer::SignInRequired);
}

#[test]
fn every_preset_survives_a_full_day() {
    for p in presets::all() {
        let (m, clock) = manager_with(p.policy.clone(), MemoryStore::new(), 19);
        let scheme =
            if p.policy.transport.mode == sessionlab_core::session::policy::TransportMode::Http {
                "http"
            } else {
                "https"
            };
        let mut b = Browser::new();
        b.page(&m, &format!("{scheme}://shop.example/"));
        b.login(&m, &format!("{scheme}://shop.example/login"), "alice");
        for step in 0..24 {
            clock.advance_secs(3600);
            b.page(&m, &format!("{scheme}://shop.example/account"));
            if step % 6 == 0 {
                b.login(&m, &format!("{scheme}://shop.example/login"), "alice");
                b.send(
                    &m,
                    &format!("{scheme}://shop.example/account/password"),
                    Action::PrivilegeChange,
                );
            }
        }
        b.send(
            &m,
            &format!("{scheme}://shop.example/logout"),
            Action::Logout,
        );
        assert!(m.store().all().len() < 10, "{}", p.name);
        let _ = T0;
    }
}
