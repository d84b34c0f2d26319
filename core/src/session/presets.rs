//! Built-in policies: what they model and where their settings come from.

use super::policy::*;
use crate::cookie::SameSite;
use crate::token::{Encoding, GeneratorKind, TokenConfig};

/// A named, documented policy.
#[derive(Debug, Clone)]
pub struct Preset {
    /// The name used on the command line.
    pub name: &'static str,
    /// One line on what it models.
    pub summary: &'static str,
    /// The policy.
    pub policy: Policy,
}

/// Every preset, hardened first.
pub fn all() -> Vec<Preset> {
    vec![
        preset(
            "hardened",
            "OWASP ASVS level 2: all HTTPS, __Host- cookie, rotation everywhere, strict, timeouts",
            hardened(),
        ),
        preset(
            "seed-mixed-https",
            "the seed's shop: HTTPS only for /account and /checkout, non-Secure session cookie",
            seed_mixed_https(),
        ),
        preset(
            "seed-binding-cookie",
            "the seed's shop plus its secure binding cookie on /account",
            seed_binding_cookie(),
        ),
        preset(
            "legacy-php",
            "PHP 5.3: md5 ids from time and an LCG, ids in URLs, adoption, no rotation, ids in logs",
            legacy_php(),
        ),
        preset(
            "signed-cookie-store",
            "client-side signed sessions (Rails CookieStore, Flask): logout cannot revoke",
            signed_cookie_store(),
        ),
        preset(
            "java-random-ids",
            "Jetty before CVE-2006-6969: ids from java.util.Random, ;jsessionid= URLs",
            java_random_ids(),
        ),
        preset(
            "tower-sessions",
            "tower-sessions 0.14 defaults with axum-login (no rotation on re-login)",
            tower_sessions(),
        ),
        preset(
            "actix-session",
            "actix-session 0.10 defaults: 64 alphanumeric ids, Lax, renew() at login",
            actix_session(),
        ),
        preset(
            "express-session",
            "express-session 1.18 defaults: connect.sid, Secure off, regenerate() at login",
            express_session(),
        ),
        preset(
            "express-math-random",
            "express-session, with ids from Math.random().toString(36) (a genid that is not random)",
            express_math_random(),
        ),
        preset(
            "django",
            "Django 5 defaults: sessionid, Secure off, 2-week cookie, no rotation on re-login",
            django(),
        ),
        preset(
            "spring-session",
            "Spring Session 3 with Spring Security: SESSION cookie, UUID ids, changeSessionId",
            spring_session(),
        ),
        preset(
            "php8",
            "PHP 8 defaults: PHPSESSID, strict mode off, Secure/HttpOnly off, regenerate keeps old id",
            php8(),
        ),
        preset(
            "sequential-ids",
            "hardened cookies, but session ids from a counter (early CGI apps, embedded devices)",
            sequential_ids(),
        ),
    ]
}

/// The preset called `name`.
pub fn by_name(name: &str) -> Option<Preset> {
    all().into_iter().find(|p| p.name == name)
}

fn preset(name: &'static str, summary: &'static str, mut policy: Policy) -> Preset {
    policy.description = format!("{name}: {summary}");
    Preset {
        name,
        summary,
        policy,
    }
}

fn strong(bytes: usize, encoding: Encoding) -> TokenConfig {
    TokenConfig {
        generator: GeneratorKind::Recommended,
        bytes,
        encoding,
    }
}

/// ASVS 5.0 level 2 (V3.3 cookie setup, V7 session management): every switch on, and the
/// seed's "prevent concurrent logins": one session per user, a second login is refused until
/// the first ends (so stolen credentials cannot be used unnoticed beside the owner).
pub fn hardened() -> Policy {
    Policy {
        concurrency: Concurrency {
            max_sessions_per_user: Some(1),
            on_limit: OnLimit::RejectNew,
        },
        ..Policy::default()
    }
}

/// Hardened in every respect but the generator: ids are a counter, as in early CGI session
/// libraries and many embedded web interfaces. Guessing and prediction need nothing else.
pub fn sequential_ids() -> Policy {
    Policy {
        token: TokenConfig {
            generator: GeneratorKind::Counter,
            bytes: 16,
            encoding: Encoding::Hex,
        },
        ..Policy::default()
    }
}

/// The seed's e-commerce site: "Account and Checkout are https but many other pages such as
/// home, help, pdp, subcat and cart are not", so the session cookie cannot be Secure.
pub fn seed_mixed_https() -> Policy {
    Policy {
        transport: Transport {
            mode: TransportMode::Mixed,
            https_paths: vec!["/account".into(), "/checkout".into(), "/login".into()],
            http_to_https: HttpToHttps::Redirect,
            hsts: false,
        },
        cookie: SessionCookie {
            name: "shopsid".into(),
            prefix: CookiePrefix::None,
            secure: false,
            http_only: true,
            same_site: SameSite::Default,
            ..SessionCookie::default()
        },
        lifetime: Lifetime {
            idle_timeout_secs: Some(1800),
            absolute_timeout_secs: None,
            renew_every_secs: None,
        },
        logout: Logout {
            mode: LogoutMode::ServerSide,
            end_other_sessions_on_password_change: false,
        },
        ..Policy::default()
    }
}

/// The same shop with the seed's countermeasure: a Secure, HttpOnly cookie on /account whose
/// value the session remembers; a sniffed session cookie then reaches the cart but not the
/// account pages.
pub fn seed_binding_cookie() -> Policy {
    Policy {
        binding: Some(BindingCookie::default()),
        ..seed_mixed_https()
    }
}

/// PHP 5.3 as commonly deployed: `session.use_only_cookies = 0` and `use_trans_sid` (ids in
/// URLs), no `use_strict_mode` (it did not exist), no `session_regenerate_id()`, no
/// `cookie_secure`/`cookie_httponly`, 24-minute gc, and an app that logs the id.
pub fn legacy_php() -> Policy {
    Policy {
        transport: Transport {
            mode: TransportMode::Http,
            https_paths: vec![],
            http_to_https: HttpToHttps::Serve,
            hsts: false,
        },
        cookie: SessionCookie {
            name: "PHPSESSID".into(),
            prefix: CookiePrefix::None,
            secure: false,
            http_only: false,
            same_site: SameSite::Default,
            ..SessionCookie::default()
        },
        lifecycle: Lifecycle {
            rotate_on_login: false,
            rotate_on_relogin: false,
            rotate_on_privilege_change: false,
            new_id_on_logout: false,
            old_id_grace_secs: 0,
            strict_mode: false,
            accept_url_id: true,
            session_on_first_visit: true,
        },
        lifetime: Lifetime {
            idle_timeout_secs: Some(1440),
            absolute_timeout_secs: None,
            renew_every_secs: None,
        },
        logout: Logout {
            mode: LogoutMode::ServerSide,
            end_other_sessions_on_password_change: false,
        },
        token: TokenConfig {
            generator: GeneratorKind::PhpLegacy,
            bytes: 16,
            encoding: Encoding::Hex,
        },
        audit: Audit { log_raw_ids: true },
        ..Policy::default()
    }
}

/// Client-side sessions (Rails' CookieStore, Flask's default): the session is the signed
/// cookie, so logout only clears it and a copy stays valid until it expires.
pub fn signed_cookie_store() -> Policy {
    Policy {
        cookie: SessionCookie {
            name: "session".into(),
            prefix: CookiePrefix::None,
            ..SessionCookie::default()
        },
        logout: Logout {
            mode: LogoutMode::CookieOnly,
            end_other_sessions_on_password_change: false,
        },
        lifetime: Lifetime {
            idle_timeout_secs: None,
            absolute_timeout_secs: Some(30 * 86_400),
            renew_every_secs: None,
        },
        ..Policy::default()
    }
}

/// Jetty 6 before CVE-2006-6969: `JSESSIONID` from `java.util.Random`, `;jsessionid=` URL
/// rewriting, no Secure or HttpOnly.
pub fn java_random_ids() -> Policy {
    Policy {
        transport: Transport {
            mode: TransportMode::Http,
            https_paths: vec![],
            http_to_https: HttpToHttps::Serve,
            hsts: false,
        },
        cookie: SessionCookie {
            name: "JSESSIONID".into(),
            prefix: CookiePrefix::None,
            secure: false,
            http_only: false,
            same_site: SameSite::Default,
            ..SessionCookie::default()
        },
        lifecycle: Lifecycle {
            accept_url_id: true,
            ..Lifecycle::default()
        },
        lifetime: Lifetime {
            idle_timeout_secs: Some(1800),
            absolute_timeout_secs: None,
            renew_every_secs: None,
        },
        logout: Logout {
            mode: LogoutMode::ServerSide,
            end_other_sessions_on_password_change: false,
        },
        token: TokenConfig {
            generator: GeneratorKind::JavaRandom,
            bytes: 8,
            encoding: Encoding::Hex,
        },
        ..Policy::default()
    }
}

/// tower-sessions: cookie `id`, Secure, HttpOnly, SameSite=Strict, session cookie, 128-bit
/// ids; no server-side expiry by default (`Expiry::OnSessionEnd`); axum-login cycles the id at
/// login but not when the same user logs in again. Its `MemoryStore::save` (like most of its
/// stores) is an unconditional insert, so a slow request that loaded the session before the
/// logout writes it back afterwards: `sessionlab probe` shows the resurrection on a real
/// tower-sessions 0.15 app (the `logout-race` check), and the store here upserts to match.
pub fn tower_sessions() -> Policy {
    Policy {
        cookie: SessionCookie {
            name: "id".into(),
            prefix: CookiePrefix::None,
            same_site: SameSite::Strict,
            ..SessionCookie::default()
        },
        lifecycle: Lifecycle {
            rotate_on_relogin: false,
            rotate_on_privilege_change: false,
            new_id_on_logout: false,
            ..Lifecycle::default()
        },
        lifetime: Lifetime {
            idle_timeout_secs: None,
            absolute_timeout_secs: None,
            renew_every_secs: None,
        },
        logout: Logout {
            mode: LogoutMode::ServerSide,
            end_other_sessions_on_password_change: false,
        },
        token: strong(16, Encoding::Base64Url),
        store: StoreConfig {
            saves: Saves::Upsert,
        },
        ..Policy::default()
    }
}

/// actix-session: cookie `id`, Secure, HttpOnly, SameSite=Lax, browser-session cookie, 64
/// alphanumeric characters, a one-day state TTL; `Session::renew()` called at login.
pub fn actix_session() -> Policy {
    Policy {
        cookie: SessionCookie {
            name: "id".into(),
            prefix: CookiePrefix::None,
            ..SessionCookie::default()
        },
        lifecycle: Lifecycle {
            rotate_on_privilege_change: false,
            new_id_on_logout: false,
            ..Lifecycle::default()
        },
        lifetime: Lifetime {
            idle_timeout_secs: Some(86_400),
            absolute_timeout_secs: None,
            renew_every_secs: None,
        },
        logout: Logout {
            mode: LogoutMode::ServerSide,
            end_other_sessions_on_password_change: false,
        },
        token: strong(64, Encoding::Alnum),
        ..Policy::default()
    }
}

/// express-session: `connect.sid`, `secure: false`, `httpOnly: true`, no SameSite, session
/// cookie, 24-byte uid-safe ids, unknown ids replaced; the documented login calls
/// `req.session.regenerate()`. The MemoryStore has no idle expiry without `cookie.maxAge`, and
/// stores write the session back with `store.set()` at the end of every request (an upsert).
pub fn express_session() -> Policy {
    Policy {
        transport: Transport {
            hsts: false,
            ..Transport::default()
        },
        cookie: SessionCookie {
            name: "connect.sid".into(),
            prefix: CookiePrefix::None,
            secure: false,
            same_site: SameSite::Default,
            ..SessionCookie::default()
        },
        lifecycle: Lifecycle {
            rotate_on_privilege_change: false,
            new_id_on_logout: false,
            ..Lifecycle::default()
        },
        lifetime: Lifetime {
            idle_timeout_secs: None,
            absolute_timeout_secs: None,
            renew_every_secs: None,
        },
        logout: Logout {
            mode: LogoutMode::ServerSide,
            end_other_sessions_on_password_change: false,
        },
        token: strong(24, Encoding::Base64Url),
        store: StoreConfig {
            saves: Saves::Upsert,
        },
        ..Policy::default()
    }
}

/// express-session with a hand-written `genid`: `Math.random().toString(36).substring(2)`, the
/// way tutorials and small apps name sessions (V8's xorshift128+: four ids give the state).
pub fn express_math_random() -> Policy {
    Policy {
        token: TokenConfig {
            generator: GeneratorKind::V8MathRandomBase36,
            bytes: 16,
            encoding: Encoding::Hex,
        },
        ..express_session()
    }
}

/// Django: `sessionid`, `SESSION_COOKIE_SECURE = False`, HttpOnly, SameSite=Lax, a two-week
/// persistent cookie, 32 characters of `[a-z0-9]`; `login()` cycles the key except for the
/// same user; `update_session_auth_hash()` cycles it and logs out other sessions.
pub fn django() -> Policy {
    Policy {
        transport: Transport {
            hsts: false,
            ..Transport::default()
        },
        cookie: SessionCookie {
            name: "sessionid".into(),
            prefix: CookiePrefix::None,
            secure: false,
            persistent_secs: Some(1_209_600),
            ..SessionCookie::default()
        },
        lifecycle: Lifecycle {
            rotate_on_relogin: false,
            new_id_on_logout: false,
            ..Lifecycle::default()
        },
        lifetime: Lifetime {
            idle_timeout_secs: None,
            absolute_timeout_secs: Some(1_209_600),
            renew_every_secs: None,
        },
        token: strong(32, Encoding::LowerAlnum),
        ..Policy::default()
    }
}

/// Spring Session with Spring Security: `SESSION`, Secure on HTTPS, HttpOnly, SameSite=Lax,
/// UUID ids, `changeSessionId` at every authentication, 30-minute `maxInactiveInterval`.
pub fn spring_session() -> Policy {
    Policy {
        cookie: SessionCookie {
            name: "SESSION".into(),
            prefix: CookiePrefix::None,
            ..SessionCookie::default()
        },
        lifecycle: Lifecycle {
            rotate_on_privilege_change: false,
            new_id_on_logout: false,
            ..Lifecycle::default()
        },
        lifetime: Lifetime {
            idle_timeout_secs: Some(1800),
            absolute_timeout_secs: None,
            renew_every_secs: None,
        },
        logout: Logout {
            mode: LogoutMode::ServerSide,
            end_other_sessions_on_password_change: false,
        },
        token: strong(16, Encoding::Uuid),
        ..Policy::default()
    }
}

/// PHP 8: `PHPSESSID`, `session.cookie_secure`/`cookie_httponly`/`cookie_samesite` empty,
/// `use_strict_mode = 0` (ids adopted), `sid_length = 32` hex, `gc_maxlifetime = 1440`; the
/// app calls `session_regenerate_id()` at login, which keeps the old session by default.
pub fn php8() -> Policy {
    Policy {
        transport: Transport {
            hsts: false,
            ..Transport::default()
        },
        cookie: SessionCookie {
            name: "PHPSESSID".into(),
            prefix: CookiePrefix::None,
            secure: false,
            http_only: false,
            same_site: SameSite::Default,
            ..SessionCookie::default()
        },
        lifecycle: Lifecycle {
            rotate_on_privilege_change: false,
            new_id_on_logout: false,
            old_id_grace_secs: 1440,
            strict_mode: false,
            ..Lifecycle::default()
        },
        lifetime: Lifetime {
            idle_timeout_secs: Some(1440),
            absolute_timeout_secs: None,
            renew_every_secs: None,
        },
        logout: Logout {
            mode: LogoutMode::ServerSide,
            end_other_sessions_on_password_change: false,
        },
        token: strong(16, Encoding::Hex),
        ..Policy::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_preset_is_valid_and_round_trips_through_toml() {
        let presets = all();
        assert_eq!(presets.len(), 14);
        for p in presets {
            assert!(
                p.policy.validate().is_empty(),
                "{}: {:?}",
                p.name,
                p.policy.validate()
            );
            let text = p.policy.to_toml();
            assert_eq!(
                Policy::from_toml(&text).unwrap(),
                p.policy,
                "{}:\n{text}",
                p.name
            );
            assert!(by_name(p.name).is_some());
        }
        assert!(by_name("nope").is_none());
    }

    #[test]
    fn hardened_has_no_finding_above_info() {
        let findings = hardened().findings();
        assert!(
            findings
                .iter()
                .all(|f| f.severity <= crate::cookie::lint::Severity::Info),
            "{findings:?}"
        );
    }

    #[test]
    fn documented_weaknesses_show_up() {
        let ids = |p: Policy| p.findings().into_iter().map(|f| f.id).collect::<Vec<_>>();
        assert!(ids(django()).contains(&"no-rotation-on-relogin"));
        assert!(ids(django()).contains(&"no-secure"));
        assert!(ids(express_session()).contains(&"no-secure"));
        assert!(ids(php8()).contains(&"adopts-unknown-ids"));
        assert!(ids(php8()).contains(&"old-id-kept"));
        assert!(ids(legacy_php()).contains(&"id-in-url"));
        assert!(ids(legacy_php()).contains(&"ids-in-logs"));
        assert!(ids(legacy_php()).contains(&"weak-generator"));
        assert!(ids(signed_cookie_store()).contains(&"logout-cookie-only"));
        assert!(ids(java_random_ids()).contains(&"weak-generator"));
        assert!(ids(seed_mixed_https()).contains(&"mixed-transport"));
        assert!(ids(tower_sessions()).contains(&"no-rotation-on-relogin"));
    }
}
