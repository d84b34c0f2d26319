//! `sessionlab cookie jar`: replays a transcript through the core browser cookie jar.

use std::io::{BufRead, Write};

use serde_json::json;
use sessionlab_core::cookie::{
    BrowserJar, BrowserProfile, Rejection, RequestContext, RequestKind, SetCookie, SetCookieError,
    StoredCookie,
};
use sessionlab_core::time::UnixTime;
use url::Url;

use super::Failure;

pub(crate) const LONG_HELP: &str = "\
Replay a transcript (read on stdin) through a browser cookie jar that follows RFC 6265bis \
(draft 22) with current browsers' choices where it leaves room: Lax by default, Secure \
cookies only over HTTPS (loopback counts as secure), the Public Suffix List, \
__Secure-/__Host- prefixes, CHIPS. `--browser chromium` adds Chromium's deviations from the \
RFC text (see --browser).

One directive per line:
  < URL [from URL] [subresource] [METHOD]
        a response from URL; the `Set-Cookie:` lines that follow are its headers
        (other header lines are ignored)
  > URL [from URL] [subresource] [METHOD]
        a request: prints `Cookie: a=b; c=d`, or an empty line when no cookie is sent.
        `from` names the page that made it (cross-site when its site differs); the default
        is a top-level GET navigation that the user typed
  ? URL            prints what a script on that page reads from document.cookie
  + URL name=value; attributes
                   a script on that page sets document.cookie
  @ TIME           sets the clock (RFC 3339, e.g. 2026-01-01T00:00:00Z); without it the
                   clock is the current time
  # comment        comments and blank lines are ignored

Cookies the jar refuses are reported on stderr (with --json, in each object's `dropped`).
A malformed directive is an error naming its line number (exit code 2). A Set-Cookie line
that is not valid UTF-8 is dropped (reason `not-utf8`), like any other malformed cookie.

Example:
  printf '< https://shop.example/login\\nSet-Cookie: sid=1; Secure; HttpOnly\\n> http://shop.example/\\n> https://shop.example/\\n' \\
    | sessionlab cookie jar";

/// A cookie the jar refused, remembered for the report.
struct Dropped {
    line: usize,
    cookie: String,
    reason: Rejection,
}

/// Where a request or response went and how it was made.
struct Target {
    url: Url,
    ctx: RequestContext,
}

/// The state of one replay.
struct Replay {
    jar: BrowserJar,
    now: UnixTime,
    dropped: Vec<Dropped>,
    /// The response whose header lines are being read, if any.
    response: Option<Target>,
    json: bool,
}

pub(crate) fn run(
    input: &mut dyn BufRead,
    out: &mut dyn Write,
    err: &mut dyn Write,
    json: bool,
    browser: BrowserProfile,
    now: UnixTime,
) -> Result<u8, Failure> {
    let mut replay = Replay {
        jar: BrowserJar::with_config(browser.config()),
        now,
        dropped: Vec::new(),
        response: None,
        json,
    };
    let mut raw = Vec::new();
    let mut line_no = 0;
    loop {
        raw.clear();
        if input.read_until(b'\n', &mut raw)? == 0 {
            break;
        }
        line_no += 1;
        let line = raw.strip_suffix(b"\n").unwrap_or(&raw);
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        replay
            .line(line_no, line, out, err)
            .map_err(|m| Failure::bad_input(format!("line {line_no}: {m}")))?;
    }
    Ok(0)
}

impl Replay {
    fn line(
        &mut self,
        n: usize,
        raw: &[u8],
        out: &mut dyn Write,
        err: &mut dyn Write,
    ) -> Result<(), String> {
        let Ok(text) = std::str::from_utf8(raw) else {
            // A header line of a response with invalid UTF-8 is a dropped cookie, not an error.
            if self.response.is_some() && is_set_cookie_name(raw) {
                self.drop_cookie(n, "", Rejection::Parse(SetCookieError::NotUtf8), err);
                return Ok(());
            }
            return Err("not valid UTF-8".into());
        };
        let text = text.trim_start_matches([' ', '\t']);
        if text.is_empty() || text.starts_with('#') {
            return Ok(());
        }
        let first = text.chars().next().unwrap_or(' ');
        let rest = &text[first.len_utf8()..];
        let directive = match first {
            '<' | '>' | '?' | '+' | '@' if rest.is_empty() || rest.starts_with([' ', '\t']) => {
                first
            }
            _ => return self.header_line(n, text, err),
        };
        let rest = rest.trim_matches([' ', '\t']);
        self.response = None;
        match directive {
            '<' => self.response = Some(parse_target(rest)?),
            '>' => {
                let t = parse_target(rest)?;
                let cookies = self.jar.cookies_for_request(&t.url, &t.ctx, self.now);
                let header = (!cookies.is_empty()).then(|| join(&cookies));
                if self.json {
                    let obj = json!({
                        "line": n,
                        "type": "request",
                        "url": t.url.as_str(),
                        "method": if t.ctx.method.is_empty() { "GET" } else { t.ctx.method.as_str() },
                        "header": header.as_ref().map(|h| format!("Cookie: {h}")),
                        "cookies": cookies.iter().map(|c| cookie_json(c)).collect::<Vec<_>>(),
                        "dropped": self.dropped_json(),
                    });
                    writeln!(out, "{obj}").map_err(|e| e.to_string())?;
                } else {
                    match header {
                        Some(h) => writeln!(out, "Cookie: {h}"),
                        None => writeln!(out),
                    }
                    .map_err(|e| e.to_string())?;
                }
            }
            '?' => {
                let url = parse_url(rest)?;
                let cookies = self.jar.script_visible_cookies(&url, self.now);
                let visible = join(&cookies);
                if self.json {
                    let obj = json!({
                        "line": n,
                        "type": "script",
                        "url": url.as_str(),
                        "document_cookie": visible,
                        "cookies": cookies.iter().map(|c| cookie_json(c)).collect::<Vec<_>>(),
                        "dropped": self.dropped_json(),
                    });
                    writeln!(out, "{obj}").map_err(|e| e.to_string())?;
                } else {
                    writeln!(out, "{visible}").map_err(|e| e.to_string())?;
                }
            }
            '+' => {
                let (url, cookie) = rest
                    .split_once([' ', '\t'])
                    .ok_or("`+` needs a URL and a cookie string")?;
                let url = parse_url(url)?;
                let cookie = cookie.trim_matches([' ', '\t']);
                if let Err(r) = self.jar.set_from_script(&url, cookie, self.now) {
                    self.drop_cookie(n, cookie, r, err);
                }
            }
            '@' => {
                let t = time::OffsetDateTime::parse(
                    rest,
                    &time::format_description::well_known::Rfc3339,
                )
                .map_err(|e| {
                    format!("`@` needs an RFC 3339 time such as 2026-01-01T00:00:00Z ({e})")
                })?;
                self.now = UnixTime::from_secs(t.unix_timestamp());
            }
            _ => unreachable!("directive characters are matched above"),
        }
        Ok(())
    }

    /// A `Name: value` line inside a response; only `Set-Cookie` matters.
    fn header_line(&mut self, n: usize, text: &str, err: &mut dyn Write) -> Result<(), String> {
        let Some((name, value)) = text.split_once(':') else {
            return Err(format!(
                "expected a directive (<, >, ?, +, @) or a header line, found {:?}",
                clip(text)
            ));
        };
        let Some(target) = &self.response else {
            return Err("a header line must follow a `<` response directive".into());
        };
        if name
            .trim_end_matches([' ', '\t'])
            .eq_ignore_ascii_case("set-cookie")
        {
            let value = value.trim_matches([' ', '\t']);
            if let Err(r) = self
                .jar
                .set_from_response(&target.url, &target.ctx, value, self.now)
            {
                self.drop_cookie(n, value, r, err);
            }
        }
        Ok(())
    }

    fn drop_cookie(&mut self, line: usize, header: &str, reason: Rejection, err: &mut dyn Write) {
        let cookie = match SetCookie::parse(header) {
            Ok(c) => c.name.into_owned(),
            Err(_) => clip(header.split([';', '=']).next().unwrap_or("")).to_owned(),
        };
        if !self.json {
            let _ = writeln!(err, "line {line}: cookie {cookie:?} dropped: {reason}");
        }
        self.dropped.push(Dropped {
            line,
            cookie,
            reason,
        });
    }

    fn dropped_json(&self) -> Vec<serde_json::Value> {
        self.dropped
            .iter()
            .map(|d| json!({ "line": d.line, "cookie": d.cookie, "reason": d.reason.code(), "message": d.reason.to_string() }))
            .collect()
    }
}

fn is_set_cookie_name(raw: &[u8]) -> bool {
    raw.split(|&b| b == b':')
        .next()
        .is_some_and(|n| n.trim_ascii().eq_ignore_ascii_case(b"set-cookie"))
        && raw.contains(&b':')
}

fn clip(s: &str) -> &str {
    match s.char_indices().nth(60) {
        Some((i, _)) => &s[..i],
        None => s,
    }
}

fn parse_url(s: &str) -> Result<Url, String> {
    let url = Url::parse(s).map_err(|e| format!("bad URL {:?}: {e}", clip(s)))?;
    if url.host_str().is_none() {
        return Err(format!("URL {:?} has no host", clip(s)));
    }
    Ok(url)
}

/// `URL [from URL] [subresource|navigation] [METHOD]`.
fn parse_target(rest: &str) -> Result<Target, String> {
    let mut words = rest.split_ascii_whitespace();
    let url = parse_url(words.next().ok_or("expected a URL")?)?;
    let mut ctx = RequestContext::typed();
    while let Some(w) = words.next() {
        match w {
            "from" => ctx.initiator = Some(parse_url(words.next().ok_or("`from` needs a URL")?)?),
            "subresource" => ctx.kind = RequestKind::Subresource,
            "navigation" => ctx.kind = RequestKind::TopLevelNavigation,
            m if !m.is_empty() && m.bytes().all(|b| b.is_ascii_uppercase()) => {
                ctx.method = m.to_owned()
            }
            other => {
                return Err(format!(
                    "unexpected {:?}: after the URL come `from URL`, `subresource` and an upper-case METHOD",
                    clip(other)
                ));
            }
        }
    }
    Ok(Target { url, ctx })
}

fn join(cookies: &[&StoredCookie]) -> String {
    cookies
        .iter()
        .map(|c| c.pair())
        .collect::<Vec<_>>()
        .join("; ")
}

fn cookie_json(c: &StoredCookie) -> serde_json::Value {
    json!({
        "name": c.name,
        "value": c.value,
        "domain": c.domain,
        "host_only": c.host_only,
        "path": c.path,
        "secure": c.secure,
        "http_only": c.http_only,
        "same_site": c.same_site,
    })
}
