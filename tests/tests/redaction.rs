//! A session id never reaches a probe report, in any encoding or place: the property test puts
//! random cookie values in headers, redirects and bodies, raw, percent-encoded (once and
//! twice), form-encoded, JSON-escaped and in base64 (alone and inside longer base64 at every
//! alignment), redacts, and checks with decoders of its own that the value cannot be read
//! back from what is left.

use base64::Engine;
use base64::alphabet;
use base64::engine::DecodePaddingMode;
use base64::engine::general_purpose::{
    GeneralPurpose, GeneralPurposeConfig, STANDARD, URL_SAFE_NO_PAD,
};

/// Decodes any run of base64 characters, trailing bits and all.
const LENIENT: GeneralPurpose = GeneralPurpose::new(
    &alphabet::STANDARD,
    GeneralPurposeConfig::new()
        .with_decode_allow_trailing_bits(true)
        .with_decode_padding_mode(DecodePaddingMode::Indifferent),
);
use proptest::prelude::*;
use sessionlab_sim::probe::redact::Redactor;

/// RFC 6265 cookie-octets.
fn cookie_value() -> impl Strategy<Value = String> {
    let octets: Vec<char> = (0x21u8..=0x7e)
        .filter(|b| !matches!(b, b'"' | b',' | b';' | b'\\'))
        .map(char::from)
        .collect();
    proptest::collection::vec(proptest::sample::select(octets), 8..48)
        .prop_map(|v| v.into_iter().collect())
}

fn pct(s: &str) -> String {
    s.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
                char::from(b).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

/// The places and encodings an application may put an id in.
fn placed(id: &str, place: u8, pre: &[u8], post: &[u8]) -> String {
    match place % 8 {
        0 => format!("sid={id}; Path=/; HttpOnly"),
        1 => format!("/login/?next=/account/%3Fsid%3D{}", pct(id)),
        2 => format!("/login?next={}", pct(&format!("/a?sid={}", pct(id)))),
        3 => format!(
            "{{\"session\":{}}}",
            serde_json::to_string(id).unwrap().replace('/', "\\/")
        ),
        4 => format!("token={}", STANDARD.encode(id)),
        5 => {
            let mut bytes = pre.to_vec();
            bytes.extend_from_slice(id.as_bytes());
            bytes.extend_from_slice(post);
            format!("value: {}.sig", URL_SAFE_NO_PAD.encode(bytes))
        }
        6 => format!(
            "q={}&x=1",
            url::form_urlencoded::byte_serialize(id.as_bytes()).collect::<String>()
        ),
        _ => format!("the id {id} in a sentence"),
    }
}

fn percent_decode(s: &str) -> String {
    url::form_urlencoded::parse(format!("x={}", s.replace('+', "%2B")).as_bytes())
        .next()
        .map(|(_, v)| v.into_owned())
        .unwrap_or_default()
}

/// Whether `id` can be read back from `text` by any decoder here.
fn reveals(text: &str, id: &str) -> bool {
    let once = percent_decode(text);
    let twice = percent_decode(&once);
    let form: String = url::form_urlencoded::parse(format!("x={text}").as_bytes())
        .map(|(_, v)| v.into_owned())
        .collect();
    if [text, &once, &twice, &form].iter().any(|t| t.contains(id)) {
        return true;
    }
    if text
        .replace("\\/", "/")
        .replace("\\\"", "\"")
        .replace("\\\\", "\\")
        .contains(id)
    {
        return true;
    }
    let base64_char = |c: char| c.is_ascii_alphanumeric() || "+/-_".contains(c);
    for run in text.split(|c: char| !base64_char(c)) {
        let run: String = run
            .chars()
            .map(|c| match c {
                '-' => '+',
                '_' => '/',
                c => c,
            })
            .collect();
        for off in 0..4.min(run.len()) {
            let body = &run[off..];
            // A last group of one character carries no whole byte.
            let body = if body.len() % 4 == 1 {
                &body[..body.len() - 1]
            } else {
                body
            };
            if let Ok(bytes) = LENIENT.decode(body) {
                if bytes.windows(id.len()).any(|w| w == id.as_bytes()) {
                    return true;
                }
            }
        }
    }
    false
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn no_encoding_of_a_known_id_survives(
        id in cookie_value(),
        place in 0u8..8,
        pre in proptest::collection::vec(any::<u8>(), 0..5),
        post in proptest::collection::vec(any::<u8>(), 0..5),
    ) {
        let text = placed(&id, place, &pre, &post);
        // The oracle finds the id before redaction (else the test proves nothing).
        prop_assert!(reveals(&text, &id), "oracle misses {text}");
        let known = std::collections::BTreeSet::from([id.clone()]);
        let shown = Redactor::new(&known).redact(&text);
        prop_assert!(!reveals(&shown, &id), "{id:?} readable in {shown:?} (from {text:?})");
        prop_assert!(shown.contains('#'), "{shown}");
    }
}

#[test]
fn text_without_ids_is_left_alone() {
    let known = std::collections::BTreeSet::from(["0123456789abcdef".to_owned()]);
    let r = Redactor::new(&known);
    for text in [
        "GET /account -> 302",
        "Path=/; Max-Age=600",
        "Location: /login/?next=/account/",
    ] {
        assert_eq!(r.redact(text), text);
    }
}
