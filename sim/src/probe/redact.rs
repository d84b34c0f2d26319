//! Ids out of reports, in every encoding an application may put them in.
//!
//! A session id reaches a response in more forms than `name=value`: Django's redirect to the
//! login page carries the requested URL percent-encoded (`/login?next=/account%3Fsessionid%3D<id>`),
//! a JSON body escapes it, a signed cookie or a token wraps it in base64. [`Redactor`] replaces
//! every value the probe has seen in a cookie (8 characters or more) wherever it appears, raw
//! or in any of [`encodings`], by `#` and 8 hex digits of the raw value's SHA-256, and then
//! hides the value of every `name=value` pair of 8 characters or more (and the known short
//! ones), as [`crate::probe::client::redact`] did alone before.

use std::collections::BTreeSet;

use aho_corasick::{AhoCorasick, MatchKind};
use base64::Engine;
use base64::engine::general_purpose::{STANDARD, STANDARD_NO_PAD, URL_SAFE, URL_SAFE_NO_PAD};

/// Values shorter than this are only hidden after `=` (short strings match by chance).
pub const MIN_ANYWHERE: usize = 8;

/// The forms `value` can take in a text: raw, percent-encoded (upper and lower case hex, once
/// and twice), form-encoded, as a JSON string's content (with `/` escaped or not), and in
/// base64 (standard and URL-safe, alone, padded or not, and the characters that spell it
/// inside a longer base64 text at each of the three byte alignments). Only forms of
/// [`MIN_ANYWHERE`] characters or more are listed; the list has no duplicates.
pub fn encodings(value: &str) -> Vec<String> {
    let mut out = BTreeSet::new();
    out.insert(value.to_owned());
    let pct = percent(value.as_bytes(), true);
    out.insert(percent(pct.as_bytes(), true));
    out.insert(percent(value.as_bytes(), false));
    out.insert(pct.clone());
    out.insert(url::form_urlencoded::byte_serialize(value.as_bytes()).collect());
    if let Ok(json) = serde_json::to_string(value) {
        let inner = json[1..json.len() - 1].to_owned();
        out.insert(inner.replace('/', "\\/"));
        out.insert(inner);
    }
    for engine in [STANDARD, URL_SAFE] {
        out.extend(aligned_base64(value.as_bytes(), &engine));
    }
    for engine in [STANDARD, STANDARD_NO_PAD, URL_SAFE, URL_SAFE_NO_PAD] {
        out.insert(engine.encode(value));
    }
    out.into_iter()
        .filter(|e| e.len() >= MIN_ANYWHERE)
        .collect()
}

/// Every byte outside RFC 3986's unreserved set as `%XX`.
fn percent(bytes: &[u8], upper: bool) -> String {
    let mut s = String::with_capacity(bytes.len() * 3);
    for &b in bytes {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            s.push(char::from(b));
        } else if upper {
            s.push_str(&format!("%{b:02X}"));
        } else {
            s.push_str(&format!("%{b:02x}"));
        }
    }
    s
}

/// The base64 characters that only `bytes` determine, when `bytes` start at offset 0, 1 or
/// 2 (mod 3) of a longer encoded text.
fn aligned_base64(bytes: &[u8], engine: &base64::engine::GeneralPurpose) -> Vec<String> {
    (0..3usize)
        .filter_map(|k| {
            let mut padded = vec![0u8; k];
            padded.extend_from_slice(bytes);
            let e = engine.encode(&padded);
            // Character j spells bits [6j, 6j + 6) of the stream; keep those inside the value.
            let start = (8 * k).div_ceil(6);
            let end = (8 * (k + bytes.len())) / 6;
            (end > start).then(|| e.get(start..end).map(str::to_owned))?
        })
        .collect()
}

/// Replaces known values in any encoding, then long `name=value` values.
pub struct Redactor {
    matcher: Option<AhoCorasick>,
    hashes: Vec<String>,
    short: BTreeSet<String>,
}

impl Redactor {
    /// A redactor for these values (cookie values the probe sent or received).
    pub fn new<'a>(known: impl IntoIterator<Item = &'a String>) -> Redactor {
        let mut patterns = Vec::new();
        let mut hashes = Vec::new();
        let mut short = BTreeSet::new();
        for value in known {
            if value.len() < MIN_ANYWHERE {
                short.insert(value.clone());
                continue;
            }
            let hash = hashed(value);
            for e in encodings(value) {
                patterns.push(e);
                hashes.push(hash.clone());
            }
        }
        // Leftmost-longest: a value inside a longer one's encoding loses to the longer one.
        let matcher = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .build(&patterns)
            .ok()
            .filter(|_| !patterns.is_empty());
        Redactor {
            matcher,
            hashes,
            short,
        }
    }

    /// `s` with every known value, in any encoding, and every other `name=value` value of 8
    /// characters or more replaced by `#` and the first 8 hex digits of its SHA-256.
    pub fn redact(&self, s: &str) -> String {
        let pairs = redact_pairs(s, &self.short);
        match &self.matcher {
            Some(m) => {
                let mut out = String::with_capacity(pairs.len());
                m.replace_all_with(&pairs, &mut out, |mat, _, dst| {
                    dst.push_str(&self.hashes[mat.pattern().as_usize()]);
                    true
                });
                out
            }
            None => pairs,
        }
    }
}

fn hashed(value: &str) -> String {
    format!("#{}", &sessionlab_core::token::fingerprint(value)[..8])
}

/// Whether `v` is already a redacted value (`#` and 8 hex digits).
fn is_hashed(v: &str) -> bool {
    v.len() == 9 && v.starts_with('#') && v[1..].bytes().all(|b| b.is_ascii_hexdigit())
}

/// The `name=value` pass: values of 8 characters or more, and the known short ones, hidden;
/// paths (`next=/account`) kept.
fn redact_pairs(s: &str, short: &BTreeSet<String>) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(eq) = rest.find('=') {
        out.push_str(&rest[..=eq]);
        rest = &rest[eq + 1..];
        let end = rest.find([';', '&', ',', ' ', '#']).unwrap_or(rest.len());
        let value = &rest[..end];
        let path = value.starts_with('/');
        let hide = !value.is_empty()
            && !path
            && !is_hashed(value)
            && (value.len() >= MIN_ANYWHERE || short.contains(value));
        if hide {
            out.push_str(&hashed(value));
        } else {
            out.push_str(value);
        }
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn known(values: &[&str]) -> BTreeSet<String> {
        values.iter().map(|v| (*v).to_owned()).collect()
    }

    #[test]
    fn django_next_parameter_is_redacted() {
        let id = "audpmq2uzm4u0ipgg1rte8r30ed3yhmq";
        let r = Redactor::new(&known(&[id]));
        let shown = r.redact(&format!("/login/?next=/account/%3Fsessionid%3D{id}"));
        assert_eq!(
            shown,
            format!("/login/?next=/account/%3Fsessionid%3D{}", hashed(id))
        );
    }

    #[test]
    fn pairs_paths_and_short_values() {
        let r = Redactor::new(&known(&["123"]));
        let s = r.redact("sid=123; Path=/; other=abcdefghij; Max-Age=600");
        assert!(!s.contains("123;") && !s.contains("abcdefghij"), "{s}");
        assert!(s.contains("Path=/; ") && s.contains("Max-Age=600"), "{s}");
        let url = r.redact("/account?PHPSESSID=0123456789abcdef&x=1&next=/account/settings");
        assert!(url.starts_with("/account?PHPSESSID=#"), "{url}");
        assert!(url.ends_with("&x=1&next=/account/settings"), "{url}");
        // A value hidden once is not hidden again.
        assert_eq!(r.redact(&url), url);
    }

    #[test]
    fn encodings_of_a_signed_value() {
        let e = encodings("s:abc/def+ghi=jk.sig");
        assert!(
            e.contains(&"s%3Aabc%2Fdef%2Bghi%3Djk.sig".to_owned()),
            "{e:?}"
        );
        assert!(
            e.contains(&"s%253Aabc%252Fdef%252Bghi%253Djk.sig".to_owned()),
            "{e:?}"
        );
        assert!(e.contains(&"s:abc\\/def+ghi=jk.sig".to_owned()), "{e:?}");
        assert!(
            e.contains(&STANDARD.encode("s:abc/def+ghi=jk.sig")),
            "{e:?}"
        );
        let unique: BTreeSet<&String> = e.iter().collect();
        assert_eq!(unique.len(), e.len());
    }
}
