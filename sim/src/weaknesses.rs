//! The one list of what each attacker exploits: what it does, what stops it, the OWASP ASVS
//! requirement it tests (5.0, or 4.0.3 where 5.0 has none), the `sessionlab probe` checks that
//! ask the same question of a live server, and the built-in presets that carry the weakness.
//!
//! The campaign's expectations (`campaign/expectations.rs`) take the presets from here, and the
//! README's attacker table is this list (`tests/tests/cli_campaign.rs` compares them).

/// One attacker's weakness.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Weakness {
    /// The attacker (`attackers::by_name`).
    pub attacker: &'static str,
    /// What it does.
    pub does: &'static str,
    /// What stops it.
    pub stopped_by: &'static str,
    /// The ASVS requirements it tests.
    pub asvs: &'static str,
    /// The probe checks that test the same weakness on a live server.
    pub probe_checks: &'static [&'static str],
    /// The built-in presets it must succeed against (the default campaign's expectations).
    pub weak_presets: &'static [&'static str],
}

/// Every attacker's weakness, in matrix order.
pub const ALL: &[Weakness] = &[
    Weakness {
        attacker: "eavesdrop",
        does: "sniffs session cookies on plain HTTP and replays them (Firesheep)",
        stopped_by: "HTTPS everywhere, `Secure`",
        asvs: "5.0 V12.2.1, V3.3.1",
        probe_checks: &["cookie-attributes"],
        weak_presets: &["seed-mixed-https", "legacy-php", "java-random-ids"],
    },
    Weakness {
        attacker: "active-network",
        does: "redirects any plain-HTTP page to `http://shop` so non-Secure cookies leak",
        stopped_by: "`Secure`, HSTS",
        asvs: "5.0 V3.3.1, V3.4.1",
        probe_checks: &["cookie-attributes"],
        weak_presets: &["django", "express-session", "php8"],
    },
    Weakness {
        attacker: "fixation-url",
        does: "sends a link carrying its own id (`?PHPSESSID=`, `;jsessionid=`)",
        stopped_by: "no URL ids, new id at login",
        asvs: "5.0 V7.2.4, 4.0.3 V3.1.1",
        probe_checks: &["login-new-id", "strict-mode", "id-in-url"],
        weak_presets: &["legacy-php"],
    },
    Weakness {
        attacker: "fixation-tossing",
        does: "plants its id from a sibling subdomain with `Domain=`",
        stopped_by: "`__Host-` prefix, new id at login",
        asvs: "5.0 V3.3.3, V7.2.4",
        probe_checks: &["cookie-attributes", "login-new-id", "strict-mode"],
        weak_presets: &["legacy-php"],
    },
    Weakness {
        attacker: "fixation-http-cookie",
        does: "injects `Set-Cookie` into a plain-HTTP response",
        stopped_by: "`__Host-`/`Secure`, new id at login",
        asvs: "5.0 V3.3.3, V7.2.4",
        probe_checks: &["cookie-attributes", "login-new-id", "strict-mode"],
        weak_presets: &["legacy-php"],
    },
    Weakness {
        attacker: "replay",
        does: "reuses a copied cookie after logout, a long idle period or a password change",
        stopped_by: "server-side logout, timeouts, rotation",
        asvs: "5.0 V7.4.1, V7.3.1, V7.3.2, V7.4.3",
        probe_checks: &["logout", "idle-timeout"],
        weak_presets: &["signed-cookie-store", "tower-sessions", "express-session"],
    },
    Weakness {
        attacker: "token-prediction",
        does: "predicts the next ids from its own (the `predict` models)",
        stopped_by: "a CSPRNG",
        asvs: "5.0 V7.2.3",
        probe_checks: &["token-sample"],
        weak_presets: &["sequential-ids", "java-random-ids", "express-math-random"],
    },
    Weakness {
        attacker: "online-guessing",
        does: "guesses ids near its own within a request budget",
        stopped_by: "128 random bits",
        asvs: "5.0 V7.2.3",
        probe_checks: &["token-sample"],
        weak_presets: &["sequential-ids"],
    },
    Weakness {
        attacker: "xss-theft",
        does: "a stored XSS payload reads `document.cookie`",
        stopped_by: "`HttpOnly`",
        asvs: "5.0 V3.3.4",
        probe_checks: &["cookie-attributes"],
        weak_presets: &["legacy-php", "java-random-ids", "php8"],
    },
    Weakness {
        attacker: "csrf",
        does: "a cross-site form POST to the password change",
        stopped_by: "`SameSite=Lax`/`Strict`",
        asvs: "5.0 V3.3.2",
        probe_checks: &["cookie-attributes"],
        weak_presets: &["seed-mixed-https", "legacy-php", "express-session", "php8"],
    },
    Weakness {
        attacker: "id-leak",
        does: "ids from `Referer` headers (URL ids) and server logs",
        stopped_by: "no URL ids, hashed logs",
        asvs: "4.0.3 V3.1.1, V7.1.1",
        probe_checks: &["id-in-url"],
        weak_presets: &["legacy-php", "java-random-ids"],
    },
    Weakness {
        attacker: "logout-race",
        does: "a slow request in flight across the logout writes the session back",
        stopped_by: "versioned store saves",
        asvs: "5.0 V7.4.1",
        probe_checks: &["logout-race"],
        weak_presets: &["express-session", "tower-sessions"],
    },
    Weakness {
        attacker: "concurrent-logins",
        does: "logs in with the victim's stolen password while the victim is online",
        stopped_by: "one session per user",
        asvs: "5.0 V7.1.2",
        probe_checks: &[],
        weak_presets: &["django", "tower-sessions", "spring-session"],
    },
];

/// The weakness `attacker` exploits.
pub fn of(attacker: &str) -> Option<&'static Weakness> {
    ALL.iter().find(|w| w.attacker == attacker)
}

/// The README's attacker table, as Markdown.
pub fn markdown_table() -> String {
    let mut out = String::from(
        "| attacker | what it does | what stops it | ASVS | probe checks |\n| --- | --- | --- | --- | --- |\n",
    );
    for w in ALL {
        let checks: Vec<String> = w.probe_checks.iter().map(|c| format!("`{c}`")).collect();
        out.push_str(&format!(
            "| `{}` | {} | {} | {} | {} |\n",
            w.attacker,
            w.does,
            w.stopped_by,
            w.asvs,
            if checks.is_empty() {
                "-".to_owned()
            } else {
                checks.join(", ")
            }
        ));
    }
    out
}
