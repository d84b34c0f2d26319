//! # sessionlab-core: the reference model of web session management
//!
//! Pure and deterministic: no I/O, no wall clock, no global random number generator. Time is a
//! Unix-seconds `i64` that the caller passes in, so a test can move hours in a microsecond.
//!
//! ## A tour in one example
//!
//! A server sets a session cookie; the browser's jar stores it and sends it back, but never over
//! plain HTTP, and never shows it to a script:
//!
//! ```
//! use sessionlab_core::cookie::{BrowserJar, BrowserProfile, RequestContext, SameSite, SetCookie};
//! use sessionlab_core::time::UnixTime;
//! use url::Url;
//!
//! // The server builds its header; the builder refuses anything that would inject attributes.
//! let header = SetCookie::new("__Host-sid", "k3y")
//!     .with_path("/")
//!     .with_secure(true)
//!     .with_http_only(true)
//!     .with_same_site(SameSite::Lax)
//!     .to_header_value()
//!     .unwrap();
//! assert_eq!(header, "__Host-sid=k3y; Path=/; Secure; HttpOnly; SameSite=Lax");
//!
//! // A Chromium-like browser stores it at 2023-11-14T22:13:20Z ...
//! let now = UnixTime::from_secs(1_700_000_000);
//! let mut jar = BrowserJar::with_config(BrowserProfile::Chromium.config());
//! let shop = Url::parse("https://shop.example/login").unwrap();
//! jar.set_from_response(&shop, &RequestContext::typed(), &header, now).unwrap();
//!
//! // ... sends it back over HTTPS ...
//! let cart = Url::parse("https://shop.example/cart").unwrap();
//! assert_eq!(jar.cookie_header(&cart, &RequestContext::typed(), now).as_deref(), Some("__Host-sid=k3y"));
//!
//! // ... but not over HTTP (a sniffer sees nothing), and a script cannot read it (no XSS theft).
//! let plain = Url::parse("http://shop.example/cart").unwrap();
//! assert_eq!(jar.cookie_header(&plain, &RequestContext::typed(), now), None);
//! assert_eq!(jar.script_cookies(&cart, now), "");
//! assert_eq!(jar.get(&cart, "__Host-sid", now).map(|c| c.value.as_str()), Some("k3y"));
//!
//! // Headers parse into owned cookies and print back, validated.
//! let owned: SetCookie<'static> = header.parse().unwrap();
//! assert_eq!(owned.to_string(), header);
//! ```
//!
//! ## What to read next
//! - [`cookie::parse`] follows RFC 6265bis §5.6 step by step; [`cookie::jar`] is §5.7 and §5.8.
//! - [`cookie::build`] explains which inputs the builder refuses and why.
//! - [`check`] holds the oracles that property tests and fuzz targets share.

// No unsafe code but one audited call: the PHP seed search's AVX2 kernel, entered only after
// the CPU was checked for AVX2 (token/recovery/php_mt_seed.rs).
#![deny(unsafe_code)]
#![warn(missing_docs)]

pub mod check;
pub mod cookie;
pub mod invariants;
pub mod session;
pub mod time;
pub mod token;
