//! Shared helpers of the integration tests (the tests themselves are in `tests/`).

use sessionlab_sim::cli;

/// 2026-01-01T00:00:00Z: the clock every CLI test runs at.
pub const NOW: i64 = 1_767_225_600;

/// What a command printed and returned.
#[derive(Debug)]
pub struct Output {
    /// The exit code.
    pub code: u8,
    /// Standard output.
    pub stdout: String,
    /// Standard error.
    pub stderr: String,
}

/// Runs `sessionlab ARGS...` in-process with `stdin` at [`NOW`].
pub fn sessionlab(args: &[&str], stdin: &[u8]) -> Output {
    let mut input = stdin;
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let mut argv = vec!["sessionlab"];
    argv.extend_from_slice(args);
    let code = cli::run(argv, &mut input, &mut out, &mut err, NOW);
    Output {
        code,
        stdout: String::from_utf8(out).expect("UTF-8 stdout"),
        stderr: String::from_utf8(err).expect("UTF-8 stderr"),
    }
}

/// A probe report with what changes from run to run replaced by placeholders: loopback ports
/// (`127.0.0.1:PORT`), id fingerprints (`#<id>`), cookie dates (`Expires=<date>`, any case),
/// and the measured entropy of random ids.
pub fn normalize_probe_report(report: &str) -> String {
    let mut out = String::with_capacity(report.len());
    let mut rest = report;
    while let Some(i) = rest.find(['#', 'E', 'e', '1']) {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        let hex8 = rest.len() > 8
            && rest.starts_with('#')
            && rest[1..9]
                .bytes()
                .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b));
        let expires = rest
            .get(..8)
            .is_some_and(|p| p.eq_ignore_ascii_case("expires="));
        if hex8 {
            out.push_str("#<id>");
            rest = &rest[9..];
        } else if expires {
            let date = &rest[8..];
            let end = date.find(" GMT").map_or(date.len(), |e| e + 4);
            out.push_str(&rest[..8]);
            out.push_str("<date>");
            rest = &date[end..];
        } else if let Some(port) = rest.strip_prefix("127.0.0.1:") {
            let n = port.bytes().take_while(u8::is_ascii_digit).count();
            out.push_str(if n > 0 {
                "127.0.0.1:PORT"
            } else {
                "127.0.0.1:"
            });
            rest = &port[n..];
        } else {
            out.push_str(&rest[..1]);
            rest = &rest[1..];
        }
    }
    out.push_str(rest);
    out.lines()
        .map(|l| {
            let digits_after = |l: &str, marker: &str| -> Option<String> {
                let at = l.find(marker)? + marker.len();
                let n = l[at..].bytes().take_while(u8::is_ascii_digit).count();
                Some(format!("{}<n>{}", &l[..at], &l[at + n..]))
            };
            let l = digits_after(l, "effective entropy ").unwrap_or_else(|| l.to_owned());
            match l.trim_start().split_once(" of ") {
                Some((n, rest))
                    if rest.contains("bit positions") && n.bytes().all(|b| b.is_ascii_digit()) =>
                {
                    format!("  <n> of {rest}")
                }
                _ => l,
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
        + "\n"
}
