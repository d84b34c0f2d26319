//! Session cookie values as real frameworks set them (`tests/vectors/cookie_values.txt`, from
//! `generate.sh`: express-session, @fastify/session, cookie-session and jsonwebtoken on Node,
//! Flask and Django on CPython, PHP 8.2's native sessions; Rails' shape constructed) are
//! classified as what they are, and a signed id's id part is the id the framework drew.

use sessionlab_core::token::cookie_value::{ClientSide, Signer, ValueKind, classify};

fn vectors() -> Vec<(String, String, String, String)> {
    include_str!("vectors/cookie_values.txt")
        .lines()
        .filter(|l| !l.is_empty())
        .map(|l| {
            let f: Vec<&str> = l.splitn(4, ' ').collect();
            (f[0].into(), f[1].into(), f[2].into(), f[3].into())
        })
        .collect()
}

#[test]
fn every_framework_value_is_recognised() {
    let v = vectors();
    assert!(v.len() >= 16, "{} vectors", v.len());
    for (framework, kind, id, value) in &v {
        let c = classify(value);
        let expected = match (framework.as_str(), kind.as_str()) {
            ("express-session", "signed-id") => ValueKind::SignedId(Signer::ExpressSession),
            ("fastify-session", "signed-id") => ValueKind::SignedId(Signer::CookieSignature),
            ("cookie-session", _) => ValueKind::ClientSide(ClientSide::Base64Json),
            ("jsonwebtoken", _) => ValueKind::ClientSide(ClientSide::Jwt),
            ("flask", _) => ValueKind::ClientSide(ClientSide::Itsdangerous),
            ("django-signed-cookies", _) => ValueKind::ClientSide(ClientSide::DjangoSigned),
            ("rails-shape", _) => ValueKind::ClientSide(ClientSide::Rails),
            ("django" | "php", "plain") => ValueKind::Id,
            other => panic!("unknown vector {other:?}"),
        };
        assert_eq!(c.kind, expected, "{framework}: {value}");
        if id == "-" {
            assert!(c.id.is_none() && c.kind.is_client_side(), "{framework}");
        } else {
            assert_eq!(c.id.as_deref(), Some(id.as_str()), "{framework}: {value}");
        }
    }
}

#[test]
fn a_tampered_structure_is_an_id_again() {
    for (framework, _, _, value) in vectors() {
        // Cut to half its length, no value keeps its structure (a truncated JSON payload, a
        // signature of the wrong length), except those whose half is still an id.
        let half = &value[..value.len() / 2];
        let c = classify(half);
        assert!(
            !c.kind.is_client_side() || framework == "rails-shape",
            "{framework}: half of it still {:?}",
            c.kind
        );
    }
    // An express-session value whose signature lost a character is an opaque id.
    let (_, _, _, express) = vectors()
        .into_iter()
        .find(|v| v.0 == "express-session")
        .unwrap();
    assert_eq!(classify(&express[..express.len() - 1]).kind, ValueKind::Id);
}

proptest::proptest! {
    /// Total: any text is classified, an id part is a piece of the decoded value, and a
    /// value with no structure at all stays an id.
    #[test]
    fn classify_is_total(raw in "[ -~]{0,200}") {
        let c = classify(&raw);
        if let Some(id) = &c.id {
            proptest::prop_assert!(c.decoded.contains(id.as_ref()));
        }
        proptest::prop_assert_eq!(c.id.is_none(), c.kind.is_client_side());
    }

    #[test]
    fn random_ids_stay_ids(raw in "[a-zA-Z0-9]{8,64}") {
        proptest::prop_assert_eq!(classify(&raw).kind, ValueKind::Id);
    }
}
