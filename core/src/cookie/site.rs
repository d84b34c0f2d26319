//! Hosts and sites: domain-matching (RFC 6265bis §5.1.3), public suffixes, "same-site"
//! (schemeful, as in HTML and §5.2), and which origins count as secure.
//!
//! Host names arrive canonicalized (lower-case, IDNA A-labels, IPv4 normalized) because every
//! URL goes through the `url` crate's WHATWG parser first (§5.1.2).

use std::net::Ipv4Addr;

use url::Url;

/// Whether `host` is an IP address literal (`10.0.0.1`, `[::1]`) rather than a host name.
pub fn is_ip_host(host: &str) -> bool {
    host.starts_with('[') || host.parse::<Ipv4Addr>().is_ok()
}

/// §5.1.3 domain-match: identical, or `domain` is a dot-separated suffix of a host *name*.
pub fn domain_matches(host: &str, domain: &str) -> bool {
    if host == domain {
        return true;
    }
    !domain.is_empty()
        && host.len() > domain.len()
        && host.ends_with(domain)
        && host.as_bytes()[host.len() - domain.len() - 1] == b'.'
        && !is_ip_host(host)
}

/// Whether `domain` is a public suffix (`com`, `co.uk`, `github.io`) per the Public Suffix List,
/// private section included, as browsers use it. A label the list does not know (`localhost`,
/// `test`) is a suffix by the list's implicit `*` rule.
pub fn is_public_suffix(domain: &str) -> bool {
    let domain = domain.strip_suffix('.').unwrap_or(domain);
    !is_ip_host(domain)
        && psl::suffix(domain.as_bytes()).is_some_and(|s| s.as_bytes() == domain.as_bytes())
}

/// The registrable domain ("eTLD+1") of a host, or the host itself for IP addresses and for
/// hosts that are themselves public suffixes.
pub fn registrable_domain(host: &str) -> &str {
    if is_ip_host(host) {
        return host;
    }
    match psl::domain(host.as_bytes()) {
        Some(d) => &host[host.len() - d.as_bytes().len()..],
        None => host,
    }
}

/// A schemeful site: the scheme and the registrable domain.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Site {
    /// `http` or `https` (`ws`/`wss` are folded into them).
    pub scheme: String,
    /// Registrable domain, or the host for IP addresses and suffix-only hosts.
    pub domain: String,
}

impl Site {
    /// The site of a URL; `None` for URLs without a host (`data:`, `file:`).
    pub fn of(url: &Url) -> Option<Site> {
        let host = url.host_str()?;
        let scheme = match url.scheme() {
            "wss" => "https",
            "ws" => "http",
            s => s,
        };
        Some(Site {
            scheme: scheme.to_owned(),
            domain: registrable_domain(host).to_owned(),
        })
    }
}

impl std::fmt::Display for Site {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}://{}", self.scheme, self.domain)
    }
}

/// Schemeful same-site: both URLs have a host and their sites are equal.
pub fn same_site(a: &Url, b: &Url) -> bool {
    match (Site::of(a), Site::of(b)) {
        (Some(x), Some(y)) => x == y,
        _ => false,
    }
}

/// Whether a loopback host (`localhost`, `*.localhost`, 127.0.0.0/8, `[::1]`).
pub fn is_loopback_host(host: &str) -> bool {
    host == "localhost"
        || host.ends_with(".localhost")
        || host == "[::1]"
        || host.parse::<Ipv4Addr>().is_ok_and(|ip| ip.is_loopback())
}

/// Whether a request to `url` travels over a "secure" connection (§5.7 step 13, "as defined by
/// the user agent"): `https`/`wss`, or a loopback host when `trust_loopback` is set, as
/// browsers treat `http://localhost` as potentially trustworthy.
pub fn is_secure_url(url: &Url, trust_loopback: bool) -> bool {
    matches!(url.scheme(), "https" | "wss")
        || (trust_loopback && url.host_str().is_some_and(is_loopback_host))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn u(s: &str) -> Url {
        Url::parse(s).unwrap()
    }

    #[test]
    fn s5_1_3_domain_match() {
        assert!(domain_matches("example.com", "example.com"));
        assert!(domain_matches("www.example.com", "example.com"));
        assert!(domain_matches("a.b.example.com", "example.com"));
        assert!(!domain_matches("badexample.com", "example.com"));
        assert!(!domain_matches("example.com", "www.example.com"));
        assert!(!domain_matches("example.com", ""));
        // IP addresses match only themselves.
        assert!(domain_matches("1.2.3.4", "1.2.3.4"));
        assert!(!domain_matches("1.2.3.4", "2.3.4"));
        assert!(!domain_matches("1.2.3.4", "3.4"));
    }

    #[test]
    fn public_suffix_list() {
        assert!(is_public_suffix("com"));
        assert!(is_public_suffix("co.uk"));
        assert!(is_public_suffix("github.io")); // private section
        assert!(is_public_suffix("localhost")); // implicit * rule
        assert!(!is_public_suffix("example.com"));
        assert!(!is_public_suffix("example.co.uk"));
        assert!(!is_public_suffix("1.2.3.4"));
    }

    #[test]
    fn registrable_domains() {
        assert_eq!(registrable_domain("www.example.co.uk"), "example.co.uk");
        assert_eq!(registrable_domain("a.b.example.com"), "example.com");
        assert_eq!(registrable_domain("alice.github.io"), "alice.github.io");
        assert_eq!(registrable_domain("localhost"), "localhost");
        assert_eq!(registrable_domain("127.0.0.1"), "127.0.0.1");
    }

    #[test]
    fn schemeful_same_site() {
        assert!(same_site(
            &u("https://a.example.com/"),
            &u("https://b.example.com/x")
        ));
        assert!(!same_site(
            &u("http://a.example.com/"),
            &u("https://a.example.com/")
        ));
        assert!(!same_site(
            &u("https://alice.github.io/"),
            &u("https://bob.github.io/")
        ));
        assert!(!same_site(
            &u("https://example.com/"),
            &u("https://example.org/")
        ));
    }

    #[test]
    fn secure_urls() {
        assert!(is_secure_url(&u("https://example.com/"), false));
        assert!(!is_secure_url(&u("http://example.com/"), true));
        assert!(is_secure_url(&u("http://localhost:8080/"), true));
        assert!(is_secure_url(&u("http://127.0.0.2/"), true));
        assert!(is_secure_url(&u("http://[::1]/"), true));
        assert!(!is_secure_url(&u("http://localhost/"), false));
    }
}
