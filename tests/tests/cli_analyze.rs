//! `sessionlab analyze`, driven in-process through `cli::run`. The two human-readable reports
//! (a strong and a weak generator) are insta snapshots; errors are one line with exit code 2.

use sessionlab_core::token::{Encoding, GeneratorKind, TokenConfig, TokenContext};
use sessionlab_tests::{Output, sessionlab};

fn run(args: &[&str], stdin: &str) -> Output {
    let mut argv = vec!["analyze"];
    argv.extend_from_slice(args);
    sessionlab(&argv, stdin.as_bytes())
}

/// `n` tokens from a seeded generator, one per line.
fn tokens(generator: GeneratorKind, n: usize) -> String {
    let config = TokenConfig {
        generator,
        bytes: 16,
        encoding: Encoding::Hex,
    };
    let mut g = config.build_seeded(42);
    let ctx = TokenContext::default();
    (0..n)
        .map(|_| g.generate(&ctx).expose().to_owned() + "\n")
        .collect()
}

#[track_caller]
fn assert_bad_input(o: &Output, message: &str) {
    assert_eq!(o.code, 2, "{}", o.stdout);
    assert_eq!(o.stderr, format!("error: {message}\n"));
    assert!(o.stdout.is_empty());
}

#[test]
fn chacha_report() {
    let o = run(&["-"], &tokens(GeneratorKind::Chacha20, 1_000));
    assert_eq!(o.code, 0, "{}", o.stderr);
    assert!(o.stderr.is_empty());
    assert!(o.stdout.contains("verdict: PASS"), "{}", o.stdout);
    insta::assert_snapshot!("analyze_chacha_1000", o.stdout);
}

#[test]
fn counter_report() {
    // 42, 43, ..., 1041: decimal numbers of three and four digits.
    let o = run(&["-"], &tokens(GeneratorKind::Counter, 1_000));
    assert_eq!(o.code, 1, "{}", o.stderr);
    assert!(o.stdout.contains("verdict: FAIL"), "{}", o.stdout);
    insta::assert_snapshot!("analyze_counter_1000", o.stdout);
}

#[test]
fn json_report() {
    // MT19937 passes every statistic, and fails because predict recovers it from the sample.
    let o = run(&["--json", "-"], &tokens(GeneratorKind::Mt19937, 500));
    assert_eq!(o.code, 1, "{}", o.stderr);
    let v: serde_json::Value = serde_json::from_str(&o.stdout).unwrap();
    assert_eq!(v["samples"], 500);
    assert_eq!(v["bits_per_token"], 128);
    assert_eq!(v["encoding"], "hex");
    assert_eq!(v["verdict"], "fail");
    assert_eq!(v["predictable"]["generator"], "mt19937-128");
    assert_eq!(v["predictable"]["samples_checked"], 500 - 156);
    let effective = v["effective_entropy_bits"].as_u64().unwrap();
    assert!((120..=128).contains(&effective), "{effective}");
    assert_eq!(v["bits"]["positions"].as_array().unwrap().len(), 128);
    assert_eq!(v["bits"]["fips_bounds"]["long_run"], 21);

    let o = run(&["--json", "-"], &tokens(GeneratorKind::Counter, 500));
    assert_eq!(o.code, 1);
    let v: serde_json::Value = serde_json::from_str(&o.stdout).unwrap();
    assert_eq!(
        (v["verdict"].as_str(), v["effective_entropy_bits"].as_u64()),
        (Some("fail"), Some(0))
    );
}

#[test]
fn tokens_from_a_file_with_a_plot() {
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR"));
    let (file, svg) = (
        dir.join("analyze-counter.txt"),
        dir.join("analyze-counter.svg"),
    );
    std::fs::write(&file, tokens(GeneratorKind::Counter, 300)).unwrap();
    let _ = std::fs::remove_file(&svg);
    let o = run(
        &[file.to_str().unwrap(), "--plot", svg.to_str().unwrap()],
        "",
    );
    assert_eq!(o.code, 1, "{}", o.stderr);
    assert!(
        o.stdout
            .ends_with(&format!("bias map: {}\n", svg.display()))
    );
    let drawn = std::fs::read_to_string(&svg).unwrap();
    assert!(drawn.starts_with("<svg"), "{}", &drawn[..100]);
    assert!(drawn.contains("share of ones per bit position"));
    // Every position of a counter fails: red bars, no blue ones.
    assert!(drawn.contains("fill=\"#C82828\""));
    assert!(!drawn.contains("fill=\"#466EAA\""));
}

#[test]
fn encoding_can_be_forced() {
    let sample = tokens(GeneratorKind::Chacha20, 200);
    let o = run(&["--encoding", "other", "--json", "-"], &sample);
    let v: serde_json::Value = serde_json::from_str(&o.stdout).unwrap();
    assert_eq!(
        (v["encoding"].as_str(), v["alphabet_size"].as_u64()),
        (Some("other"), Some(16))
    );
    // A counter read as hex is unpadded hex integers, padded on the left.
    let counter = tokens(GeneratorKind::Counter, 200);
    let o = run(&["--encoding", "hex", "--json", "-"], &counter);
    let v: serde_json::Value = serde_json::from_str(&o.stdout).unwrap();
    assert_eq!(v["bits_per_token"].as_u64(), Some(12));
    assert!(
        v["decoding"]
            .as_str()
            .unwrap()
            .contains("as integers (padded with 0 on the left)")
    );
    // Read as base64 it has lines of different lengths.
    let o = run(&["--encoding", "base64", "-"], &counter);
    assert_bad_input(
        &o,
        "line 59: 3 characters where the first token has 2: analyze one format at a time",
    );
}

#[test]
fn bad_input_is_one_line_and_code_2() {
    let sample = tokens(GeneratorKind::Chacha20, 150);
    assert_bad_input(
        &run(&["-"], "abc\ndef\n"),
        "at least 100 tokens are needed, got 2",
    );
    // Blank lines are skipped but still counted in line numbers.
    let malformed = format!("\n\n{}zz top\n{sample}", &sample[..33]);
    assert_bad_input(
        &run(&["-"], &malformed),
        "line 4: ' ' at column 3 is not a printable ASCII character",
    );
    let short = format!("{}abc\n{sample}", &sample[..66]);
    assert_bad_input(
        &run(&["-"], &short),
        "line 3: 3 characters where the first token has 32: analyze one format at a time",
    );
    let long = format!("{sample}{}\n", "a".repeat(5_000));
    assert_bad_input(&run(&["-"], &long), "line 151: longer than 1024 bytes");
    let wrong = format!("{sample}{}\n", "g".repeat(32));
    assert_bad_input(
        &run(&["--encoding", "hex", "-"], &wrong),
        "line 151: 'g' at column 1 is not a hex character",
    );
    assert_bad_input(
        &run(&["/nonexistent/tokens.txt"], ""),
        "cannot read /nonexistent/tokens.txt: No such file or directory (os error 2)",
    );
    let o = run(&["--encoding", "base32", "-"], &sample);
    assert_eq!(o.code, 2);
    assert_eq!(o.stderr.lines().count(), 1, "{}", o.stderr);
    assert!(
        o.stderr.starts_with("error: invalid value 'base32'"),
        "{}",
        o.stderr
    );
}
