//! `sessionlab predict`, driven in-process through `cli::run` on outputs of the real
//! implementations (`core/tests/vectors/`): predictions on stdout, the report on stderr, and a
//! one-line error with exit code 1 or 2 for everything it cannot predict.

use sessionlab_tests::{Output, sessionlab};

fn run(args: &[&str], stdin: &str) -> Output {
    let mut argv = vec!["predict"];
    argv.extend_from_slice(args);
    sessionlab(&argv, stdin.as_bytes())
}

fn vector_path(file: &str) -> String {
    format!(
        "{}/../core/tests/vectors/{file}",
        env!("CARGO_MANIFEST_DIR")
    )
}

fn vector(file: &str) -> Vec<String> {
    std::fs::read_to_string(vector_path(file))
        .unwrap()
        .lines()
        .map(str::to_owned)
        .collect()
}

fn joined(lines: &[String]) -> String {
    lines.iter().map(|l| format!("{l}\n")).collect()
}

/// The error is one line, starting with `error: `.
fn one_line_error(o: &Output) -> &str {
    let last = o.stderr.lines().last().unwrap_or_default();
    assert!(last.starts_with("error: "), "{}", o.stderr);
    assert_eq!(o.stderr.matches("error: ").count(), 1, "{}", o.stderr);
    last
}

#[test]
fn java_random_long_from_one_output() {
    let longs: Vec<String> = vector("java_random_sequences.txt")[3]
        .split(' ')
        .skip(2)
        .map(str::to_owned)
        .collect();
    let o = run(
        &["--generator", "java-random-long", "-"],
        &joined(&longs[..2]),
    );
    assert_eq!(o.code, 0, "{}", o.stderr);
    assert_eq!(o.stdout, joined(&longs[2..12]));
    assert!(
        o.stderr.starts_with(
            "java-random-long: recovered from 1 of 2 samples (1 more checked); \
             work: 65536 candidate states\nstate: 48-bit state 0x"
        ),
        "{}",
        o.stderr
    );
}

#[test]
fn mt19937_words_and_python_tokens() {
    let words = vector("cpp_mt19937_stream.txt");
    let o = run(
        &["-g", "mt19937", "--count", "50", "-"],
        &joined(&words[..650]),
    );
    assert_eq!(
        (o.code, o.stdout),
        (0, joined(&words[650..700])),
        "{}",
        o.stderr
    );
    assert!(
        o.stderr
            .contains("recovered from 624 of 650 samples (26 more checked)")
    );
    // The file itself: 700 words, a prediction we cannot check but that must succeed.
    let path = vector_path("python_mt19937_u32.txt");
    let o = run(&["-g", "mt19937", "-n", "3", &path], "");
    assert_eq!((o.code, o.stdout.lines().count()), (0, 3), "{}", o.stderr);
    let tokens = vector("python_mt19937_hex128.txt");
    let o = run(
        &["-g", "mt19937-128", "-n", "14", "-"],
        &joined(&tokens[..156]),
    );
    assert_eq!(
        (o.code, o.stdout),
        (0, joined(&tokens[156..])),
        "{}",
        o.stderr
    );
    assert!(o.stderr.contains("nothing checked"), "{}", o.stderr);
}

#[test]
fn glibc_rand_prints_only_certain_outputs() {
    let rand = vector("glibc_rand_stream.txt");
    let o = run(
        &["-g", "glibc-rand", "-n", "100", "-"],
        &joined(&rand[..300]),
    );
    assert_eq!(
        (o.code, o.stdout),
        (0, joined(&rand[300..])),
        "{}",
        o.stderr
    );
    // 31 values: each next one is known only up to a carry, so nothing is printed.
    let o = run(&["-g", "glibc-rand", "-"], &joined(&rand[..31]));
    assert_eq!((o.code, o.stdout.as_str()), (1, ""));
    assert_eq!(
        one_line_error(&o),
        "error: glibc-rand: only the first 0 of the next 10 outputs are certain; give more samples"
    );
}

#[test]
fn auto_reports_every_model() {
    let rand = vector("glibc_rand_stream.txt");
    let o = run(&["-n", "5", "-"], &joined(&rand[..200]));
    assert_eq!(
        (o.code, o.stdout),
        (0, joined(&rand[200..205])),
        "{}",
        o.stderr
    );
    assert!(
        o.stderr.contains("auto: glibc-rand: fits\n"),
        "{}",
        o.stderr
    );
    assert!(
        o.stderr.contains("auto: java-random-int: no: "),
        "{}",
        o.stderr
    );
    assert_eq!(
        o.stderr.matches("auto: ").count(),
        sessionlab_core::token::recovery::Model::ALL.len()
    );
    let o = run(&["-g", "auto", "-"], "hello\nworld\n");
    assert_eq!(o.code, 1);
    assert!(one_line_error(&o).starts_with("error: no model fits the samples: "));
    // Ten-digit values one apart fit a clock too; the exact progression is the counter's.
    let o = run(&["-n", "2", "-"], "1767225600\n1767225601\n1767225602\n");
    assert_eq!(
        (o.code, o.stdout.as_str()),
        (0, "1767225603\n1767225604\n"),
        "{}",
        o.stderr
    );
}

#[test]
fn counter_and_timestamp() {
    let o = run(
        &["-g", "counter", "-n", "3", "-"],
        "\n 0098\n0103\r\n\n0108\n",
    );
    assert_eq!(
        (o.code, o.stdout.as_str()),
        (0, "0113\n0118\n0123\n"),
        "{}",
        o.stderr
    );
    let o = run(
        &["-g", "timestamp", "-n", "2", "-"],
        "1767225600123\n1767225600950\n",
    );
    assert_eq!(
        (o.code, o.stdout.as_str()),
        (0, "1767225600950\n1767225600951\n")
    );
}

#[test]
fn php_legacy_from_a_fresh_process() {
    let rows: Vec<Vec<String>> = vector("php_fresh_process.txt")
        .iter()
        .map(|l| l.split(' ').map(str::to_owned).collect())
        .collect();
    let ids: Vec<String> = rows[..4].iter().map(|r| r[7].clone()).collect();
    let args = [
        "-g",
        "php-legacy",
        "--ip",
        "203.0.113.77",
        "--pid",
        "3141",
        "--around",
        "1700000000.6",
        "--window",
        "0.6",
        "-n",
        "2",
        "--at",
        "1700000001.400007",
        "-",
    ];
    let o = run(&args, &joined(&ids));
    assert_eq!(o.code, 0, "{}", o.stderr);
    assert_eq!(o.stdout.lines().next(), Some(rows[4][7].as_str()));
    assert!(
        o.stderr.contains(
            "state: first id at 1700000000.054500 by pid 3141, LCG seeded 2 and 1 us later"
        ),
        "{}",
        o.stderr
    );
    // The fifth id is outside the window: not a later id of this process there.
    let mut five = ids.clone();
    five.push(rows[4][7].clone());
    let o = run(&args, &joined(&five));
    assert_eq!(o.code, 1);
    assert!(one_line_error(&o).contains("sample 5 is not a later id"));
    // Without the pid, a second of window is 32767 times the work: refused up front.
    let o = run(
        &[
            "-g",
            "php-legacy",
            "--ip",
            "203.0.113.77",
            "--around",
            "1700000000",
            "-",
        ],
        &ids[0],
    );
    assert_eq!(o.code, 2);
    assert_eq!(
        one_line_error(&o),
        "error: php-legacy: the search needs 1048544524272 candidates, over the budget of \
         2147483648 (give the pid (--pid) or narrow the window)"
    );
    let o = run(
        &["-g", "php-legacy", "--around", "1700000000", "-"],
        &ids[0],
    );
    assert_eq!(o.code, 2);
    assert_eq!(
        one_line_error(&o),
        "error: php-legacy: needs the client address (--ip)"
    );
}

#[test]
fn md5_time_ua_with_the_user_agent() {
    let rows: Vec<Vec<String>> = vector("md5_time_ua_stream.txt")
        .iter()
        .map(|l| l.split('\t').map(str::to_owned).collect())
        .collect();
    let ids: Vec<String> = rows[..3].iter().map(|r| r[3].clone()).collect();
    let base = [
        "-g",
        "md5-time-ua",
        "--user-agent",
        rows[0][1].as_str(),
        "--around",
    ];
    let mut args = base.to_vec();
    args.extend([
        "2026-01-01T00:00:01Z",
        "--window",
        "2",
        "-n",
        "1",
        "--at",
        "1767225603.5",
        "-",
    ]);
    let o = run(&args, &joined(&ids));
    assert_eq!(
        (o.code, o.stdout),
        (0, format!("{}\n", rows[3][3])),
        "{}",
        o.stderr
    );
    assert!(
        o.stderr
            .contains("made at millisecond 1767225600123, 1767225600987, 1767225601002")
    );
    let mut args = base.to_vec();
    args.extend(["1767225700", "-"]);
    let o = run(&args, &joined(&ids));
    assert_eq!(o.code, 1);
    assert!(one_line_error(&o).contains("no millisecond in the window gives sample 1"));
}

#[test]
fn bad_input_is_one_line_and_code_2() {
    let cases: [(&[&str], &str, &str); 6] = [
        (
            &["-g", "java-random-int", "-"],
            "1\n2\nthree\n",
            "error: line 3: \"three\" is not",
        ),
        (
            &["-g", "java-random-int", "-"],
            "\n\n5\n",
            "error: java-random-int: needs at least 2",
        ),
        (
            &["-g", "nope", "-"],
            "1\n",
            "error: unknown generator \"nope\"",
        ),
        (
            &["-g", "counter", "--count", "1000001", "-"],
            "1\n2\n",
            "error: --count: at most",
        ),
        (
            &["-g", "counter", "/nonexistent/file"],
            "",
            "error: /nonexistent/file: ",
        ),
        (
            &[
                "-g",
                "php-legacy",
                "--ip",
                "1.2.3.4",
                "--around",
                "soon",
                "-",
            ],
            "",
            "error: time \"soon\"",
        ),
    ];
    for (args, stdin, start) in cases {
        let o = run(args, stdin);
        assert_eq!(o.code, 2, "{args:?}: {}", o.stderr);
        assert!(
            one_line_error(&o).starts_with(start),
            "{args:?}: {}",
            o.stderr
        );
        assert!(o.stdout.is_empty());
    }
    let huge = "9".repeat(10_000);
    let o = run(&["-g", "counter", "-"], &huge);
    assert_eq!(
        (o.code, one_line_error(&o)),
        (2, "error: line 1: longer than 4096 bytes")
    );
    let o = sessionlab(&["predict", "-"], b"1\n\xff\xfe\n");
    assert_eq!(
        (o.code, o.stderr),
        (2, "error: line 2: not UTF-8\n".to_owned())
    );
    // Well-formed samples that no state explains: code 1.
    let o = run(&["-g", "counter", "-"], "1\n2\n4\n");
    assert_eq!(o.code, 1);
    assert_eq!(
        one_line_error(&o),
        "error: counter: no state explains the samples: sample 3 - sample 2 is not the step 1"
    );
}

#[test]
fn help_states_the_fewest_samples() {
    let o = run(&["--help"], "");
    assert_eq!(o.code, 0);
    for fact in [
        "java-random-long  1 nextLong()",
        "java-random-int   2 nextInt()",
        "mt19937           624 32-bit words",
        "mt19937-128       156 tokens",
        "glibc-rand        31 rand() values",
        "glibc-srand       1 rand() after srand(time(NULL))",
        "glibc-rand48      2 lrand48()",
        "python-random     CPython random() floats",
        "624 repr() or float.hex() floats",
        "php-lcg-value     2 lcg_value()",
        "uuid1             1 uuid.uuid1()",
        "php-uniqid        1 uniqid($prefix)",
        "What is predicted",
        "Exit codes",
    ] {
        assert!(o.stdout.contains(fact), "{fact}");
    }
}

/// `node --random-seed=S` values: column 2 is String(x), column 4 Math.floor(x * 1000).
fn v8_column(seed: &str, column: usize) -> Vec<String> {
    vector("v8_math_random.txt")
        .iter()
        .filter(|l| l.starts_with(&format!("{seed} ")))
        .map(|l| l.split(' ').nth(column).unwrap().to_owned())
        .collect()
}

#[test]
fn v8_math_random_auto_across_a_refill_and_floor_with_range() {
    let doubles = v8_column("42", 2);
    let o = run(&["-n", "20", "-"], &joined(&doubles[60..66]));
    assert_eq!(o.code, 0, "{}", o.stderr);
    assert_eq!(o.stdout, joined(&doubles[66..86]));
    assert!(
        o.stderr.contains("auto: v8-math-random: fits"),
        "{}",
        o.stderr
    );
    assert!(
        o.stderr
            .contains("printed as String(Math.random()); the first sample was value 61"),
        "{}",
        o.stderr
    );

    let floors = v8_column("42", 4);
    let o = run(
        &["-g", "v8-math-random", "--range", "1000", "-n", "5", "-"],
        &joined(&floors[40..80]),
    );
    assert_eq!(o.code, 0, "{}", o.stderr);
    assert_eq!(o.stdout, joined(&floors[80..85]));
    let o = run(&["-g", "v8-math-random", "--range", "0,x", "-"], "1\n");
    assert_eq!(o.code, 2);
    assert!(one_line_error(&o).contains("--range"), "{}", o.stderr);
}

/// Inside one cache: what is certain is printed (nothing here), and each open output is
/// listed with its two candidates; exit 1.
#[test]
fn v8_math_random_inside_one_cache_lists_candidates() {
    let doubles = v8_column("1", 2);
    let o = run(
        &["-g", "v8-math-random", "-n", "2", "-"],
        &joined(&doubles[5..15]),
    );
    assert_eq!(o.code, 1, "{}", o.stderr);
    assert_eq!(o.stdout, "");
    let first = o
        .stderr
        .lines()
        .find(|l| l.starts_with("output 1: one of 2: "))
        .unwrap_or_else(|| panic!("{}", o.stderr));
    assert!(first.contains(&doubles[15]), "{first}");
    assert!(
        one_line_error(&o).contains("only the first 0 of the next 2"),
        "{}",
        o.stderr
    );
}

fn vector_row(file: &str, seed: &str, kind: &str) -> Vec<String> {
    vector(file)
        .iter()
        .find(|l| l.starts_with(&format!("{seed} {kind} ")))
        .unwrap_or_else(|| panic!("{file}: no {seed} {kind}"))
        .split(' ')
        .skip(2)
        .map(str::to_owned)
        .collect()
}

/// PHP 8.2's mt_rand() after mt_srand(42): the seed from two outputs (a narrowed seed range
/// keeps the test fast), the next outputs on stdout; bad --seeds and --skip exit 2.
#[test]
fn php_mt_rand_seed_search_and_its_options() {
    let values = vector_row("php_mt_rand.txt", "42", "mt_rand");
    let o = run(
        &["-g", "php-mt-rand", "--seeds", "0,1000000", "-n", "3", "-"],
        &joined(&values[..2]),
    );
    assert_eq!(o.code, 0, "{}", o.stderr);
    assert_eq!(o.stdout, joined(&values[2..5]));
    assert!(
        o.stderr.contains("mt_srand seed 42 (PHP 7.1+)"),
        "{}",
        o.stderr
    );
    for bad in [
        &["-g", "php-mt-rand", "--seeds", "5,1", "-"][..],
        &["-g", "php-mt-rand", "--seeds", "0,4294967296", "-"],
        &["-g", "php-mt-rand", "--skip", "227", "-"],
    ] {
        let o = run(bad, &joined(&values[..2]));
        assert_eq!(o.code, 2, "{bad:?}: {}", o.stderr);
        one_line_error(&o);
    }
}

/// Java's Math.random() doubles and nextInt(bound) from OpenJDK 17, through the command line.
#[test]
fn java_doubles_and_bounded_ints() {
    let doubles = vector_row("java_formats.txt", "42", "nextDouble");
    let o = run(
        &["-g", "java-random-double", "-n", "4", "-"],
        &joined(&doubles[..2]),
    );
    assert_eq!(o.code, 0, "{}", o.stderr);
    let got: Vec<f64> = o.stdout.lines().map(|l| l.parse().unwrap()).collect();
    let want: Vec<f64> = doubles[2..6].iter().map(|l| l.parse().unwrap()).collect();
    assert_eq!(got, want);
    let ints = vector_row("java_formats.txt", "42", "nextInt:1000");
    let o = run(
        &[
            "-g",
            "java-random-bounded",
            "--range",
            "1000",
            "-n",
            "5",
            "-",
        ],
        &joined(&ints[..8]),
    );
    assert_eq!(o.code, 0, "{}", o.stderr);
    assert_eq!(o.stdout, joined(&ints[8..13]));
}

#[test]
fn glibc_srand_time_seed_from_one_rand() {
    let values = vector_row("glibc_more.txt", "1764670123", "srand_time");
    let o = run(
        &[
            "-g",
            "glibc-srand",
            "--around",
            "2025-12-02T10:00:00Z",
            "--window",
            "86400",
            "-n",
            "9",
            "-",
        ],
        &joined(&values[..1]),
    );
    assert_eq!(
        (o.code, o.stdout),
        (0, joined(&values[1..])),
        "{}",
        o.stderr
    );
    assert!(
        o.stderr
            .contains("state: srand(1764670123) of 172801 seeds"),
        "{}",
        o.stderr
    );
    let o = run(&["-g", "glibc-srand", "-"], &joined(&values[..1]));
    assert_eq!(o.code, 2);
    assert!(one_line_error(&o).contains("--seeds MIN,MAX"));
    let drand = vector_row("glibc_more.txt", "42", "drand48");
    let o = run(
        &["-g", "glibc-rand48", "-n", "3", "-"],
        &joined(&drand[..1]),
    );
    assert_eq!(
        (o.code, o.stdout),
        (0, joined(&drand[1..4])),
        "{}",
        o.stderr
    );
}

/// CPython 3.11's random() after random.seed(7) from the middle of the stream, and
/// getrandbits(48) with --bits; too few floats and a missing --bits exit 2.
#[test]
fn python_random_floats_and_getrandbits() {
    let floats = vector_row("python_random_long.txt", "7", "random");
    let o = run(
        &["-g", "python-random", "-n", "5", "-"],
        &joined(&floats[50..680]),
    );
    assert_eq!(
        (o.code, o.stdout),
        (0, joined(&floats[680..685])),
        "{}",
        o.stderr
    );
    assert!(o.stderr.contains("19937-bit MT19937 state"), "{}", o.stderr);
    let o = run(&["-g", "auto", "-n", "5", "-"], &joined(&floats[..640]));
    assert_eq!(
        (o.code, o.stdout),
        (0, joined(&floats[640..645])),
        "{}",
        o.stderr
    );
    assert!(o.stderr.contains("python-random"), "{}", o.stderr);
    let o = run(&["-g", "python-random", "-"], &joined(&floats[..400]));
    assert_eq!(o.code, 2);
    assert!(one_line_error(&o).contains("needs at least"));
    let ints = vector_row("python_random_long.txt", "2026", "getrandbits:48");
    let o = run(
        &["-g", "python-random", "--bits", "48", "-n", "3", "-"],
        &joined(&ints[..520]),
    );
    assert_eq!(
        (o.code, o.stdout),
        (0, joined(&ints[520..523])),
        "{}",
        o.stderr
    );
    let o = run(&["-g", "python-random", "-"], &joined(&ints[..520]));
    assert_eq!(o.code, 2);
    assert!(one_line_error(&o).contains("--bits"), "{}", o.stderr);
}

/// random.choices tokens with --alphabet; a bad alphabet or two printings at once exit 2.
#[test]
fn python_random_choices_with_alphabet() {
    let alnum = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    let tokens = vector_row("python_random_long.txt", "2026", "choices62:32");
    let o = run(
        &["-g", "python-random", "--alphabet", alnum, "-n", "2", "-"],
        &joined(&tokens[..180]),
    );
    assert_eq!(
        (o.code, o.stdout),
        (0, joined(&tokens[180..182])),
        "{}",
        o.stderr
    );
    assert!(
        o.stderr.contains("random.choices of 62 characters, k=32"),
        "{}",
        o.stderr
    );
    let o = run(
        &["-g", "python-random", "--alphabet", "x", "-"],
        &joined(&tokens[..180]),
    );
    assert_eq!(o.code, 2);
    assert!(one_line_error(&o).contains("at least two"), "{}", o.stderr);
    let o = run(
        &[
            "-g",
            "python-random",
            "--alphabet",
            alnum,
            "--bits",
            "8",
            "-",
        ],
        &joined(&tokens[..180]),
    );
    assert_eq!(o.code, 2);
    assert!(one_line_error(&o).contains("give one"), "{}", o.stderr);
}

/// '%08x' words: auto names the pair; a bad --format exits 2.
#[test]
fn hex_printed_words_and_the_format_option() {
    let words: Vec<String> = vector("python_mt19937_u32.txt")
        .iter()
        .map(|w| format!("{:08x}", w.parse::<u32>().unwrap()))
        .collect();
    let o = run(&["-n", "3", "-"], &joined(&words[..640]));
    assert_eq!(
        (o.code, o.stdout),
        (0, joined(&words[640..643])),
        "{}",
        o.stderr
    );
    assert!(
        o.stderr.contains("mt19937 (hex): recovered"),
        "{}",
        o.stderr
    );
    let o = run(&["--format", "octal", "-"], &joined(&words[..640]));
    assert_eq!(o.code, 2);
    assert!(
        one_line_error(&o).contains("unknown format"),
        "{}",
        o.stderr
    );
}
