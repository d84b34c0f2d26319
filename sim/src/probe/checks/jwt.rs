//! A JWT session token (in a bearer header or a cookie) is checked as a JWT must be: the
//! signature is verified (a token with `alg: none` or a changed signature byte is refused),
//! an HMAC key is not a known word, the token expires (`exp`) within the site's stated
//! lifetime (`bearer.lifetime_secs`), and logout ends it (ASVS 5.0 V9.1.1, V9.2.1, V7.4.1).
//!
//! The payload is never printed: the claims' names are, their values only with
//! `--show-claims`.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use hmac::{Hmac, KeyInit, Mac};
use sessionlab_core::token::cookie_value::{ClientSide, ValueKind, classify};

use super::{Check, Outcome, Probe, ProbeError};

/// Keys HMAC-signed JWTs are often made with (tutorials, defaults, placeholders).
pub const WORDS: &str = include_str!("jwt_secrets.txt");

/// See the module docs.
pub struct Jwt;

/// A token's three parts, decoded where they are JSON.
struct Parsed {
    header: serde_json::Map<String, serde_json::Value>,
    payload: serde_json::Map<String, serde_json::Value>,
    header_b64: String,
    payload_b64: String,
    signature: Vec<u8>,
}

fn parse(token: &str) -> Option<Parsed> {
    let mut parts = token.split('.');
    let (h, p, s) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() {
        return None;
    }
    let json = |b64: &str| match serde_json::from_slice(&URL_SAFE_NO_PAD.decode(b64).ok()?) {
        Ok(serde_json::Value::Object(m)) => Some(m),
        _ => None,
    };
    Some(Parsed {
        header: json(h)?,
        payload: json(p)?,
        header_b64: h.to_owned(),
        payload_b64: p.to_owned(),
        signature: URL_SAFE_NO_PAD.decode(s).ok()?,
    })
}

fn b64_json(m: &serde_json::Map<String, serde_json::Value>) -> String {
    URL_SAFE_NO_PAD.encode(serde_json::Value::Object(m.clone()).to_string())
}

/// The word of [`WORDS`] that is the token's HMAC key, if any.
pub fn weak_hmac_key(token: &str) -> Option<&'static str> {
    let t = parse(token)?;
    let input = format!("{}.{}", t.header_b64, t.payload_b64);
    let alg = t.header.get("alg")?.as_str()?;
    WORDS.lines().find(|word| {
        let key = word.as_bytes();
        match alg {
            "HS256" => mac::<sha2::Sha256>(key, &input, &t.signature),
            "HS384" => mac::<sha2::Sha384>(key, &input, &t.signature),
            "HS512" => mac::<sha2::Sha512>(key, &input, &t.signature),
            _ => false,
        }
    })
}

fn mac<D>(key: &[u8], input: &str, signature: &[u8]) -> bool
where
    D: hmac::EagerHash,
    Hmac<D>: KeyInit + Mac,
{
    let Ok(mut m) = <Hmac<D> as KeyInit>::new_from_slice(key) else {
        return false;
    };
    m.update(input.as_bytes());
    m.verify_slice(signature).is_ok()
}

impl Check for Jwt {
    fn name(&self) -> &'static str {
        "jwt"
    }

    fn summary(&self) -> &'static str {
        "a JWT session token: signature checked (alg none, a changed byte), HMAC key not a known word, exp within the stated lifetime, dead after logout"
    }

    fn run(&self, p: &Probe<'_, '_>) -> Result<Outcome, ProbeError> {
        let t = p.target;
        let jwt_kind = ValueKind::ClientSide(ClientSide::Jwt);
        if p.session.value != jwt_kind {
            return Ok(Outcome::skipped(format!(
                "the session is not a JWT but {}",
                p.session.value.describe()
            )));
        }
        let (a, _) = t.config.users();
        let mut br = p.browser();
        let token = p.login(&mut br, &format!("log in as {}", a.username), a)?;
        if classify(&token).kind != jwt_kind {
            br.logout("log out")?;
            return Ok(Outcome::skipped("the session token is not a JWT"));
        }
        let Some(jwt) = parse(&token) else {
            br.logout("log out")?;
            return Ok(Outcome::skipped(
                "the session token looks like a JWT but its parts do not decode",
            ));
        };
        let mut problems = Vec::new();
        // alg: none, in the spellings libraries have been caught accepting.
        for alg in ["none", "None", "NONE"] {
            let mut header = jwt.header.clone();
            header.insert("alg".into(), alg.into());
            let forged = format!("{}.{}.", b64_json(&header), jwt.payload_b64);
            let served =
                p.replay_everywhere(&format!("replay the token with alg {alg:?}"), &forged)?;
            if !served.is_empty() {
                problems.push(format!(
                    "a token with alg {alg:?} and no signature is accepted (served on {})",
                    served.join(" and ")
                ));
                break;
            }
        }
        // One changed byte in the middle of the signature.
        if !jwt.signature.is_empty() {
            let mut sig = jwt.signature.clone();
            let mid = sig.len() / 2;
            sig[mid] ^= 0x01;
            let forged = format!(
                "{}.{}.{}",
                jwt.header_b64,
                jwt.payload_b64,
                URL_SAFE_NO_PAD.encode(&sig)
            );
            let served =
                p.replay_everywhere("replay the token with one signature byte changed", &forged)?;
            if !served.is_empty() {
                problems.push(format!(
                    "the signature is not checked: a changed byte is accepted (served on {})",
                    served.join(" and ")
                ));
            }
        }
        let alg = jwt
            .header
            .get("alg")
            .and_then(|v| v.as_str())
            .unwrap_or("?")
            .to_owned();
        if let Some(word) = weak_hmac_key(&token) {
            problems.push(format!(
                "the {alg} key is {word:?}, from sessionlab's list of known JWT secrets: anyone can sign tokens"
            ));
        }
        let num = |k: &str| jwt.payload.get(k).and_then(serde_json::Value::as_i64);
        let lifetime = t.config.bearer.as_ref().and_then(|b| b.lifetime_secs);
        match (num("exp"), num("iat")) {
            (None, _) => problems.push("no exp claim: the token never expires".to_owned()),
            (Some(exp), iat) => {
                let now = std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX));
                let lives = exp - iat.unwrap_or(now);
                if let Some(max) = lifetime {
                    if lives > i64::try_from(max).unwrap_or(i64::MAX) {
                        problems.push(format!(
                            "exp is {lives} s after {}, beyond the stated lifetime of {max} s (bearer.lifetime_secs)",
                            if iat.is_some() { "iat" } else { "now" }
                        ));
                    }
                }
            }
        }
        br.logout("log out")?;
        let served = p.replay_everywhere("replay the token after logout", &token)?;
        if !served.is_empty() {
            problems.push(format!(
                "still accepted after logout (served on {}): nothing on the server ends it",
                served.join(" and ")
            ));
        }
        let claims: Vec<String> = jwt
            .payload
            .iter()
            .map(|(k, v)| {
                if t.options.show_claims {
                    format!("{k} {v}")
                } else {
                    k.clone()
                }
            })
            .collect();
        let notes = vec![format!(
            "header: alg {alg}; claims: {}{}",
            claims.join(", "),
            if t.options.show_claims {
                ""
            } else {
                " (values hidden; --show-claims shows them)"
            }
        )];
        Ok(if problems.is_empty() {
            Outcome::pass(format!(
                "{alg} signature checked (alg none and a changed byte refused), key not a known word, exp set{}, dead after logout",
                if lifetime.is_some() { " within the stated lifetime" } else { "" }
            ))
        } else {
            Outcome::fail(problems.join("; "))
        }
        .with_notes(notes))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_jsonwebtoken_readme_key() {
        // jsonwebtoken 9: jwt.sign({ sub: "alice", role: "user" }, "secret", { expiresIn: 3600 })
        let token = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJhbGljZSIsInJvbGUiOiJ1c2VyIiwiaWF0IjoxNzk2MzE5ODg1LCJleHAiOjE3OTYzMjM0ODV9.m6w1nQwf9ukhLVZIR379_o6QAo5IQ6e1Ca4bOU5qtIQ";
        assert_eq!(weak_hmac_key(token), Some("secret"));
        // Another signature: no word.
        let other = format!("{}x", &token[..token.len() - 1]);
        assert_eq!(weak_hmac_key(&other), None);
        assert!(parse("a.b").is_none());
        assert!(parse("e30.e30.").is_some_and(|p| p.signature.is_empty()));
    }
}
