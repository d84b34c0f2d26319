//! Integers printed in another base than a model reads, from outputs of the real runtimes:
//! CPython's MT19937 words as '%08x', PHP 8.2's mt_rand() through dechex() and
//! base_convert(.., 10, 36), java.util.Random nextInt() as Integer.toHexString; `auto` names
//! the generator and the printing, `--format` forces or disables the re-reading.

#[path = "common/vectors.rs"]
mod vectors;

use sessionlab_core::token::recovery::{
    Hints, Model, Printing, RecoveryError, recover, recover_auto,
};
use sessionlab_core::token::weak::JavaRandom;

fn words() -> Vec<u32> {
    let path = format!(
        "{}/tests/vectors/python_mt19937_u32.txt",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .filter(|l| !l.starts_with('#'))
        .map(|l| l.parse().unwrap())
        .collect()
}

#[test]
fn mt19937_words_in_hex_are_named_and_printed_back() {
    let hex: Vec<String> = words().iter().map(|w| format!("{w:08x}")).collect();
    let report = recover_auto(&hex[..650], &Hints::default()).unwrap();
    let r = report.recovered;
    assert_eq!(r.model, Model::Mt19937);
    assert_eq!(r.label(), "mt19937 (hex)");
    assert_eq!(r.predict(40), hex[650..690]);
    assert!(
        r.describe()
            .starts_with("printed in hex (zero-padded to 8)")
    );
    // Upper case and unpadded, as dechex() or %X print.
    let upper: Vec<String> = words().iter().map(|w| format!("{w:X}")).collect();
    let r = recover(Model::Mt19937, &upper[..650], &Hints::default()).unwrap();
    assert_eq!(r.predict(40), upper[650..690]);
}

#[test]
fn php_mt_rand_through_dechex_and_base_convert() {
    let values: Vec<u64> = vectors::stream("php_mt_rand.txt", "123456789", "mt_rand")
        .iter()
        .map(|v| v.parse().unwrap())
        .collect();
    let seeds = Hints {
        seeds: Some((123_456_000, 123_457_000)),
        ..Hints::default()
    };
    for radix in [16, 36] {
        let printed: Vec<String> = values.iter().map(|&v| to_radix(v, radix)).collect();
        let r = recover(Model::PhpMtRand, &printed[..2], &seeds).unwrap();
        assert_eq!(r.predict(10), printed[2..12], "radix {radix}");
        assert_eq!(
            r.label(),
            if radix == 16 {
                "php-mt-rand (hex)"
            } else {
                "php-mt-rand (base36)"
            }
        );
    }
}

fn to_radix(mut v: u64, radix: u64) -> String {
    let mut s = Vec::new();
    loop {
        s.push(char::from_digit((v % radix) as u32, radix as u32).unwrap());
        v /= radix;
        if v == 0 {
            break;
        }
    }
    s.iter().rev().collect()
}

#[test]
fn java_next_int_as_integer_to_hex_string() {
    // Integer.toHexString prints the 32-bit two's complement, unpadded.
    let mut rng = JavaRandom::new(2026);
    let hex: Vec<String> = (0..12)
        .map(|_| format!("{:x}", rng.next_int() as u32))
        .collect();
    let report = recover_auto(&hex[..3], &Hints::default()).unwrap();
    assert_eq!(report.recovered.label(), "java-random-int (hex)");
    assert_eq!(report.recovered.predict(9), hex[3..12]);
}

#[test]
fn format_forces_or_disables_the_rereading() {
    // '%08x' words that happen to be digits only are read as hex only when told.
    let digits: Vec<String> = (0..5u64)
        .map(|i| format!("{:08x}", 0x1000_0000 + i * 0x11))
        .collect();
    let hex = Hints {
        format: Some(Printing::Hex),
        ..Hints::default()
    };
    let r = recover(Model::Counter, &digits, &hex).unwrap();
    assert_eq!(r.predict(2), ["10000055", "10000066"]);
    assert!(r.describe().contains("step 17"), "{}", r.describe());
    let r = recover(Model::Counter, &digits, &Hints::default()).unwrap();
    assert!(r.describe().contains("step 11"), "{}", r.describe());
    // Decimal: hex samples are not re-read, and the model says what it could not read.
    let words: Vec<String> = words().iter().map(|w| format!("{w:08x}")).collect();
    let decimal = Hints {
        format: Some(Printing::Decimal),
        ..Hints::default()
    };
    assert!(matches!(
        recover(Model::Mt19937, &words[..650], &decimal),
        Err(RecoveryError::Malformed { .. })
    ));
    // Not hex at all.
    assert!(matches!(
        recover(Model::Counter, &["12", "xy"], &hex),
        Err(RecoveryError::Malformed { index: 1, .. })
    ));
}

#[test]
fn tokens_spelled_from_an_alphabet() {
    use sessionlab_core::token::weak::V8MathRandom;
    const ALNUM: &str = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    let chars: Vec<char> = ALNUM.chars().collect();
    let spell = |indices: &[usize], len: usize| -> Vec<String> {
        indices
            .chunks_exact(len)
            .map(|c| c.iter().map(|&i| chars[i]).collect())
            .collect()
    };
    let hints = Hints {
        alphabet: Some(ALNUM.to_owned()),
        ..Hints::default()
    };
    // chars.charAt(rnd.nextInt(62)), 16 a token, from JDK 17's nextInt(62) stream.
    let java: Vec<usize> = vectors::stream("java_formats.txt", "42", "nextInt:62")
        .iter()
        .map(|v| v.parse().unwrap())
        .collect();
    let tokens = spell(&java, 16);
    let r = recover(Model::JavaRandomBounded, &tokens[..3], &hints).unwrap();
    assert_eq!(r.label(), "java-random-bounded (alphabet)");
    assert_eq!(r.predict(4), tokens[3..7]);
    // chars[Math.floor(Math.random() * 62)], 20 a token; auto finds it.
    let mut v8 = V8MathRandom::new(11);
    let js: Vec<usize> = (0..200)
        .map(|_| (v8.next_f64() * 62.0).floor() as usize)
        .collect();
    let tokens = spell(&js, 20);
    let r = recover_auto(&tokens[..4], &hints).unwrap().recovered;
    assert_eq!(r.label(), "v8-math-random (alphabet)");
    assert_eq!(r.predict(3), tokens[4..7]);
    // A character outside the alphabet, or another length, is named.
    let mut bad = tokens[..4].to_vec();
    bad[2].push('A');
    assert!(matches!(
        recover(Model::V8MathRandom, &bad, &hints),
        Err(RecoveryError::Malformed { index: 2, .. })
    ));
    bad[2] = "-".repeat(20);
    assert!(matches!(
        recover(Model::V8MathRandom, &bad, &hints),
        Err(RecoveryError::Malformed { index: 2, .. })
    ));
}
