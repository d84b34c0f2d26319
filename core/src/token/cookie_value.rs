//! What a session cookie's value is: an opaque id, a signed id, or the session itself.
//!
//! A cookie value is not always the id an analysis should measure. express-session sends
//! `s:<id>.<signature>` URL-encoded (`s%3A...`); @fastify/session and other users of
//! `cookie-signature` send `<id>.<signature>`: the id is the random part, the signature is a
//! function of it. And some frameworks keep no session on the server at all: the cookie *is*
//! the session, signed (Flask's itsdangerous, Django's `signed_cookies`, express's
//! `cookie-session`) or encrypted (Rails' cookie store), or a JWT. Such a value is not an id:
//! its randomness says nothing, and a logout cannot end it on the server.
//!
//! [`classify`] decodes the value (percent-encoding) and recognises each of those forms by its
//! structure, checked as far as it can be without the key: JSON where the framework puts JSON,
//! the signature's length, base64 where there is base64. Anything else is an [`ValueKind::Id`].

use base64::Engine;
use base64::engine::general_purpose::{GeneralPurpose, GeneralPurposeConfig};
use base64::engine::{DecodePaddingMode, general_purpose};
use std::borrow::Cow;
use std::io::Read;

/// A server-side id wrapped in a signature.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Signer {
    /// express-session: `s:` + id + `.` + base64 HMAC-SHA256, URL-encoded in the cookie.
    ExpressSession,
    /// `cookie-signature`'s `<id>.<base64 HMAC-SHA256>`, as @fastify/session sends it.
    CookieSignature,
}

/// A session kept in the cookie itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ClientSide {
    /// A JSON Web Token (`header.payload.signature`, the header naming an `alg`).
    Jwt,
    /// itsdangerous' `URLSafeTimedSerializer`, Flask's default session:
    /// `payload.timestamp.signature` (a leading `.` when the payload is compressed).
    Itsdangerous,
    /// Django's `signing.dumps`, the `signed_cookies` session backend: `payload:timestamp:signature`.
    DjangoSigned,
    /// Rails' cookie store: `data--iv--tag` (encrypted) or `data--digest` (signed), in base64.
    Rails,
    /// The session as base64 of JSON (express's `cookie-session`, with its `.sig` cookie).
    Base64Json,
}

/// What a cookie value is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case", tag = "kind", content = "by")]
pub enum ValueKind {
    /// An opaque id.
    Id,
    /// An id with a signature after it.
    SignedId(Signer),
    /// The session itself, signed or encrypted: no id at all.
    ClientSide(ClientSide),
}

impl ValueKind {
    /// What it is, in a few words for a report.
    pub fn describe(self) -> &'static str {
        match self {
            ValueKind::Id => "an opaque id",
            ValueKind::SignedId(Signer::ExpressSession) => {
                "express-session's signed id (s:<id>.<signature>)"
            }
            ValueKind::SignedId(Signer::CookieSignature) => {
                "a signed id (<id>.<signature>, as cookie-signature and @fastify/session write it)"
            }
            ValueKind::ClientSide(ClientSide::Jwt) => "a JWT",
            ValueKind::ClientSide(ClientSide::Itsdangerous) => {
                "a signed session (itsdangerous, Flask's default)"
            }
            ValueKind::ClientSide(ClientSide::DjangoSigned) => {
                "a signed session (Django's signed_cookies backend)"
            }
            ValueKind::ClientSide(ClientSide::Rails) => {
                "an encrypted or signed session (Rails' cookie store)"
            }
            ValueKind::ClientSide(ClientSide::Base64Json) => {
                "a session in base64 JSON (express's cookie-session and the like)"
            }
        }
    }

    /// Whether the session lives in the cookie (nothing on the server to end).
    pub fn is_client_side(self) -> bool {
        matches!(self, ValueKind::ClientSide(_))
    }
}

/// A classified cookie value.
#[derive(Clone, PartialEq, Eq)]
pub struct CookieValue<'a> {
    /// What it is.
    pub kind: ValueKind,
    /// The value percent-decoded (the value itself when it holds no `%XX`).
    pub decoded: Cow<'a, str>,
    /// The part to measure as an id: the whole decoded value for an [`ValueKind::Id`], the id
    /// for a signed one, none for a client-side session.
    pub id: Option<Cow<'a, str>>,
}

impl std::fmt::Debug for CookieValue<'_> {
    // Values are secrets: the kind only.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CookieValue")
            .field("kind", &self.kind)
            .finish_non_exhaustive()
    }
}

/// Base64 with or without padding, standard or URL-safe alphabet picked by the caller.
const STD: GeneralPurpose = GeneralPurpose::new(
    &base64::alphabet::STANDARD,
    GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent),
);
const URL: GeneralPurpose = GeneralPurpose::new(
    &base64::alphabet::URL_SAFE,
    GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent),
);

/// The most bytes a compressed payload is inflated to (a cookie is at most 4 KiB).
const MAX_INFLATED: u64 = 64 * 1024;

fn is_b64url(s: &str) -> bool {
    !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

fn is_b64std(s: &str) -> bool {
    let body = s.trim_end_matches('=');
    !body.is_empty()
        && s.len() - body.len() <= 2
        && body
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'+' || b == b'/')
}

fn json_object(bytes: &[u8]) -> Option<serde_json::Map<String, serde_json::Value>> {
    match serde_json::from_slice::<serde_json::Value>(bytes).ok()? {
        serde_json::Value::Object(m) => Some(m),
        _ => None,
    }
}

/// A base64url payload that is JSON, or (after a leading `.`) zlib-compressed JSON.
fn json_payload(payload: &str, compressed: bool) -> bool {
    if !is_b64url(payload) {
        return false;
    }
    let Ok(bytes) = URL.decode(payload) else {
        return false;
    };
    if !compressed {
        return json_object(&bytes).is_some();
    }
    let mut inflated = Vec::new();
    flate2::read::ZlibDecoder::new(bytes.as_slice())
        .take(MAX_INFLATED)
        .read_to_end(&mut inflated)
        .is_ok()
        && json_object(&inflated).is_some()
}

/// The value with `%XX` decoded (invalid sequences kept as they are, as browsers and servers do).
pub fn percent_decode(raw: &str) -> Cow<'_, str> {
    if !raw.contains('%') {
        return Cow::Borrowed(raw);
    }
    let b = raw.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        let hex = |c: u8| char::from(c).to_digit(16);
        if b[i] == b'%' && i + 2 < b.len() {
            if let (Some(h), Some(l)) = (hex(b[i + 1]), hex(b[i + 2])) {
                out.push((h * 16 + l) as u8);
                i += 3;
                continue;
            }
        }
        out.push(b[i]);
        i += 1;
    }
    Cow::Owned(String::from_utf8_lossy(&out).into_owned())
}

/// What `raw`, a cookie value as it was set, is. Total: any text gives a kind.
pub fn classify(raw: &str) -> CookieValue<'_> {
    let decoded = percent_decode(raw);
    let kind = kind_of(&decoded);
    let id = match kind {
        ValueKind::Id => Some(decoded.clone()),
        ValueKind::SignedId(Signer::ExpressSession) => decoded
            .strip_prefix("s:")
            .and_then(|rest| rest.rsplit_once('.'))
            .map(|(id, _)| Cow::Owned(id.to_owned())),
        ValueKind::SignedId(Signer::CookieSignature) => decoded
            .rsplit_once('.')
            .map(|(id, _)| Cow::Owned(id.to_owned())),
        ValueKind::ClientSide(_) => None,
    };
    CookieValue { kind, decoded, id }
}

/// A base64 HMAC-SHA256 as cookie-signature writes it: 43 characters, no padding.
fn is_sha256_signature(sig: &str) -> bool {
    sig.len() == 43 && (is_b64std(sig) || is_b64url(sig))
}

fn kind_of(v: &str) -> ValueKind {
    let dots: Vec<&str> = v.split('.').collect();
    // A JWT (JWS: three parts; JWE: five), its header JSON with an `alg`.
    if dots.len() == 3 || dots.len() == 5 {
        let header = URL.decode(dots[0]).ok().and_then(|h| json_object(&h));
        if header.is_some_and(|h| h.contains_key("alg"))
            && dots[1..].iter().all(|p| p.is_empty() || is_b64url(p))
        {
            return ValueKind::ClientSide(ClientSide::Jwt);
        }
    }
    if let Some(rest) = v.strip_prefix("s:") {
        if let Some((id, sig)) = rest.rsplit_once('.') {
            if !id.is_empty() && is_sha256_signature(sig) {
                return ValueKind::SignedId(Signer::ExpressSession);
            }
        }
    }
    // itsdangerous: [.]payload.timestamp.signature, the timestamp 4 to 8 base64url characters,
    // the signature an HMAC (SHA-1: 27 characters, SHA-256: 43, SHA-512: 86).
    let (compressed, parts) = match dots.as_slice() {
        ["", rest @ ..] => (true, rest),
        all => (false, all),
    };
    if let [payload, ts, sig] = parts {
        let signed = matches!(sig.len(), 27 | 43 | 86) && is_b64url(sig);
        if signed
            && (4..=8).contains(&ts.len())
            && is_b64url(ts)
            && json_payload(payload, compressed)
        {
            return ValueKind::ClientSide(ClientSide::Itsdangerous);
        }
    }
    // Django's signing.dumps: [.]payload:timestamp:signature (base62 timestamp).
    let colons: Vec<&str> = v.split(':').collect();
    if let [payload, ts, sig] = colons.as_slice() {
        let (compressed, payload) = match payload.strip_prefix('.') {
            Some(p) => (true, p),
            None => (false, *payload),
        };
        let base62 =
            !ts.is_empty() && ts.len() <= 12 && ts.bytes().all(|b| b.is_ascii_alphanumeric());
        if base62
            && matches!(sig.len(), 27 | 43)
            && is_b64url(sig)
            && json_payload(payload, compressed)
        {
            return ValueKind::ClientSide(ClientSide::DjangoSigned);
        }
    }
    // Rails: data--iv--tag (encrypted, all base64) or data--hex digest (signed).
    let dashes: Vec<&str> = v.split("--").collect();
    match dashes.as_slice() {
        [data, iv, tag]
            if [data, iv, tag].iter().all(|p| is_b64std(p))
                && STD.decode(iv).is_ok_and(|b| b.len() == 12) =>
        {
            return ValueKind::ClientSide(ClientSide::Rails);
        }
        [data, digest]
            if is_b64std(data)
                && matches!(digest.len(), 40 | 64)
                && digest.bytes().all(|b| b.is_ascii_hexdigit()) =>
        {
            return ValueKind::ClientSide(ClientSide::Rails);
        }
        _ => {}
    }
    // base64 of a JSON object (cookie-session; its signature is the separate `.sig` cookie).
    if v.len() >= 8 {
        let decoded = if is_b64std(v) {
            general_purpose::STANDARD
                .decode(v)
                .ok()
                .or_else(|| STD.decode(v).ok())
        } else if is_b64url(v) {
            URL.decode(v).ok()
        } else {
            None
        };
        if decoded.as_deref().and_then(json_object).is_some() {
            return ValueKind::ClientSide(ClientSide::Base64Json);
        }
    }
    // cookie-signature: <id>.<43-character signature>, the id base64url-ish.
    if let Some((id, sig)) = v.rsplit_once('.') {
        if id.len() >= 16 && is_b64url(id) && is_sha256_signature(sig) {
            return ValueKind::SignedId(Signer::CookieSignature);
        }
    }
    ValueKind::Id
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percent_decoding_is_total() {
        assert_eq!(percent_decode("s%3Aab%2Bc"), "s:ab+c");
        assert_eq!(percent_decode("100%"), "100%");
        assert_eq!(percent_decode("%zz%4"), "%zz%4");
        assert_eq!(percent_decode("%41%"), "A%");
        assert_eq!(percent_decode("%ff"), "\u{fffd}");
    }

    #[test]
    fn plain_ids_stay_ids() {
        for v in [
            "mf7o83k9fpvi888f1b1aqs9uyv4d3obs",
            "0123456789abcdef0123456789abcdef",
            "a.b",
            "eyJ",
            "",
            "--",
            "s:",
            ".",
            "::",
        ] {
            assert_eq!(classify(v).kind, ValueKind::Id, "{v}");
        }
    }
}
