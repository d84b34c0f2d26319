//! The cookie layer, after RFC 6265bis (draft-ietf-httpbis-rfc6265bis-22).
//!
//! - [`parse`](mod@parse): `Set-Cookie` (§5.6) and `Cookie` header parsing, borrowing from input.
//! - [`date`]: the §5.1.1 cookie-date algorithm and the IMF-fixdate writer.
//! - [`build`]: the `Set-Cookie` builder and `Cookie` writer that refuse header injection.
//! - [`path`] and [`site`]: path-matching, domain-matching, public suffixes, same-site.
//! - [`lint`]: security findings for a `Set-Cookie` header, with their OWASP ASVS requirement.
//! - [`jar`]: a browser's cookie store ([`BrowserJar`]) under a [`BrowserProfile`] (§5.7 storage, §5.8.3 retrieval) with time passed in.

pub mod build;
pub mod date;
pub mod jar;
pub mod lint;
pub mod parse;
pub mod path;
pub mod site;

pub use build::{BuildError, Part, write_cookie_header};
pub use date::{DateError, format_imf_fixdate, parse_cookie_date};
pub use jar::{
    BrowserJar, BrowserProfile, CreationOnReplace, JarConfig, Rejection, RequestContext,
    RequestKind, StoredCookie,
};
pub use parse::{
    COOKIE_AGE_LIMIT_SECS, CookiePairs, Expiry, MAX_ATTRIBUTE_VALUE_OCTETS, MAX_NAME_VALUE_OCTETS,
    OwnedSetCookie, ParseRules, SameSite, SetCookie, SetCookieError, parse_cookie_header,
    parse_cookie_header_bytes,
};
