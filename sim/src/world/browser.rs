//! A browser: the core cookie jar, an HSTS list, and who it is on the network.

use std::collections::BTreeSet;
use std::net::IpAddr;

use sessionlab_core::cookie::{BrowserJar, BrowserProfile, JarConfig};

/// One user agent.
#[derive(Debug, Clone)]
pub struct Browser {
    /// `victim` or `attacker`, for transcripts.
    pub name: &'static str,
    /// Its cookies.
    pub jar: BrowserJar,
    /// Hosts it knows to use HTTPS only (from `Strict-Transport-Security`).
    pub hsts: BTreeSet<String>,
    /// Its network address (mixed into PHP 5.3 ids).
    pub ip: IpAddr,
    /// Its `User-Agent`.
    pub user_agent: &'static str,
}

impl Browser {
    /// A browser following `profile`'s cookie rules; `lax_by_default` selects Chrome-like
    /// SameSite defaults or a legacy engine's.
    pub fn new(
        name: &'static str,
        ip: [u8; 4],
        user_agent: &'static str,
        profile: BrowserProfile,
        lax_by_default: bool,
    ) -> Self {
        let config = JarConfig {
            lax_by_default,
            lax_allowing_unsafe_secs: lax_by_default.then_some(120),
            ..profile.config()
        };
        Browser {
            name,
            jar: BrowserJar::with_config(config),
            hsts: BTreeSet::new(),
            ip: IpAddr::from(ip),
            user_agent,
        }
    }

    /// Whether `host` (or a parent that asked for includeSubDomains) is HSTS-pinned.
    pub fn hsts_pinned(&self, host: &str) -> bool {
        self.hsts
            .iter()
            .any(|h| host == h || host.ends_with(&format!(".{h}")))
    }
}
