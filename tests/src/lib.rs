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
