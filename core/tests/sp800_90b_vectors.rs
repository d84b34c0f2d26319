//! The ten SP 800-90B §6.3 estimators against NIST's reference tool: `vectors/sp800_90b.txt`
//! holds what `ea_non_iid -c -v -v STREAM.bin 1` printed for eight bit streams, which
//! `vectors/src/sp800_90b.sh` made from the recipes below (its Python and `streams()` are the
//! same recipes; each stream's SHA-256, as the tool saw it, proves the match). Every estimate
//! and h' must agree to 1e-6.

use std::collections::BTreeMap;

use sessionlab_core::token::analysis::sp800_90b::min_entropy;
use sessionlab_core::token::weak::Mt19937;
use sha2::{Digest, Sha256};

/// The words' bits, most significant first.
fn word_bits(g: &mut Mt19937, n: usize) -> Vec<bool> {
    let mut bits = Vec::with_capacity(n + 31);
    while bits.len() < n {
        let w = g.next_u32();
        bits.extend((0..32).map(|j| (w >> (31 - j)) & 1 == 1));
    }
    bits.truncate(n);
    bits
}

/// 1 when a word is below `threshold`: P(1) = threshold / 2^32.
fn below(seed: u32, threshold: u32, n: usize) -> Vec<bool> {
    let mut g = Mt19937::new(seed);
    (0..n).map(|_| g.next_u32() < threshold).collect()
}

/// The first bit is the first word's top bit; then the previous bit again when a word is below
/// `stay`, else its complement.
fn markov(seed: u32, stay: u32, n: usize) -> Vec<bool> {
    let mut g = Mt19937::new(seed);
    let mut bits = vec![g.next_u32() >> 31 == 1];
    for _ in 1..n {
        let last = bits[bits.len() - 1];
        bits.push(if g.next_u32() < stay { last } else { !last });
    }
    bits
}

fn counter(width: u32, count: u32) -> Vec<bool> {
    (0..count)
        .flat_map(|i| (0..width).rev().map(move |j| (i >> j) & 1 == 1))
        .collect()
}

fn period(pattern: &[bool], n: usize, flips: Option<&[bool]>) -> Vec<bool> {
    (0..n)
        .map(|i| pattern[i % pattern.len()] ^ flips.is_some_and(|f| f[i]))
        .collect()
}

fn streams() -> Vec<(&'static str, Vec<bool>)> {
    vec![
        ("mt19937", word_bits(&mut Mt19937::new(5489), 1_000_000)),
        ("biased", below(1, 2_576_980_378, 500_000)), // P(1) = 0.6
        ("sparse", below(2, 214_748_365, 200_000)),   // P(1) = 0.05
        ("sticky", markov(3, 3_435_973_837, 500_000)), // P(same) = 0.8
        ("flippy", markov(4, 1_288_490_189, 300_000)), // P(same) = 0.3
        ("counter", counter(20, 25_000)),
        (
            "period37", // 1% flips
            period(
                &word_bits(&mut Mt19937::new(5), 37),
                300_000,
                Some(&below(6, 42_949_673, 300_000)),
            ),
        ),
        (
            "period1000",
            period(&word_bits(&mut Mt19937::new(7), 1000), 200_000, None),
        ),
    ]
}

/// stream → key → value, from the file.
fn vectors() -> BTreeMap<String, BTreeMap<String, String>> {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/vectors/sp800_90b.txt");
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let mut out: BTreeMap<String, BTreeMap<String, String>> = BTreeMap::new();
    for line in text.lines().filter(|l| !l.starts_with('#')) {
        let w: Vec<&str> = line.split(' ').collect();
        assert_eq!(w.len(), 3, "{line}");
        out.entry(w[0].to_owned())
            .or_default()
            .insert(w[1].to_owned(), w[2].to_owned());
    }
    out
}

#[test]
fn the_ten_estimators_match_nists_ea_non_iid() {
    let vectors = vectors();
    let streams = streams();
    assert_eq!(vectors.len(), streams.len());
    let mut worst = 0.0f64;
    for (name, bits) in &streams {
        let want = &vectors[*name];
        assert_eq!(want["bits"], bits.len().to_string(), "{name}");
        let bytes: Vec<u8> = bits.iter().map(|&b| u8::from(b)).collect();
        let sha: String = Sha256::digest(&bytes)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        assert_eq!(want["sha256"], sha, "{name}: not the stream the tool read");

        let me = min_entropy(bits, 1);
        let mut got: Vec<(&str, Option<f64>)> = me.named_estimates().to_vec();
        got.push(("h'", me.per_bit));
        let mut line = format!("{name:>10}");
        for (key, ours) in got {
            let theirs = &want[key];
            match (theirs.as_str(), ours) {
                ("none", None) => line.push_str(&format!(" {key}=none")),
                ("none", Some(v)) => panic!("{name} {key}: NIST ran none, we found {v}"),
                (t, ours) => {
                    let t: f64 = t.parse().unwrap();
                    let ours = ours.unwrap_or_else(|| panic!("{name} {key}: NIST found {t}"));
                    let diff = (ours - t).abs();
                    assert!(
                        diff <= 1e-6,
                        "{name} {key}: NIST {t}, ours {ours} ({diff:e})"
                    );
                    worst = worst.max(diff);
                    line.push_str(&format!(" {key}={ours:.9}({diff:.0e})"));
                }
            }
        }
        println!("{line}");
    }
    println!("largest difference: {worst:e}");
}
