//! The human-readable report: the verdict first, then each level, failing positions named.

use std::io::{self, Write};

use sessionlab_core::token::analysis::{
    BitPosition, HEADLINE_LEVEL, ReliabilityLevel, Report, Verdict,
};

/// Failing positions listed per level before "and N more".
const LISTED: usize = 8;

/// A test's p-value and FIPS outcome at one bit position.
type Pick = fn(&BitPosition) -> (f64, Option<bool>);

/// The bit-level tests, as the table prints them.
const TESTS: [(&str, Pick); 6] = [
    ("monobit", |p| (p.monobit.p_value, p.monobit.fips_pass)),
    ("poker", |p| (p.poker.p_value, p.poker.fips_pass)),
    ("runs", |p| (p.runs.p_value, p.runs.fips_pass)),
    ("long runs", |p| (p.long_run.p_value, p.long_run.fips_pass)),
    ("correlation", |p| (p.correlation.p_value, None)),
    ("compression", |p| (p.compression.p_value, None)),
];

pub(super) fn write(r: &Report, out: &mut dyn Write) -> io::Result<()> {
    if r.alphabet_size == 2 {
        // Numbers decoded to bits: each bit is a position of its own.
        writeln!(
            out,
            "{} tokens, {}, {} bits per token",
            r.samples,
            r.encoding.name(),
            r.bits_per_token
        )?;
    } else {
        writeln!(
            out,
            "{} tokens, {} ({} symbols), {} characters, {} bits per token ({:.1} bits at most)",
            r.samples,
            r.encoding.name(),
            r.alphabet_size,
            r.token_length,
            r.bits_per_token,
            r.format_entropy_bits
        )?;
    }
    writeln!(out, "decoded: {}", r.decoding)?;
    let verdict = match r.verdict {
        Verdict::Pass => "PASS",
        Verdict::Weak => "WEAK",
        Verdict::Fail => "FAIL",
    };
    writeln!(
        out,
        "verdict: {verdict}, {} bits of effective entropy at 1% significance",
        r.effective_entropy_bits
    )?;
    for reason in &r.reasons {
        writeln!(out, "  - {reason}")?;
    }
    let level = match r.reliability.level {
        ReliabilityLevel::Low => "low",
        ReliabilityLevel::Moderate => "moderate",
        ReliabilityLevel::High => "high",
    };
    writeln!(
        out,
        "reliability: {level} for {} tokens (low under 1000, high from FIPS 140-2's 20000)",
        r.samples
    )?;
    for note in &r.reliability.notes {
        writeln!(out, "  - {note}")?;
    }

    writeln!(
        out,
        "\neffective entropy (bit positions passing every test)"
    )?;
    let (mut levels, mut bits) = (String::new(), String::new());
    for e in &r.effective_entropy {
        let level = format!("{}%", 100.0 * e.significance);
        levels.push_str(&format!("{level:>8}"));
        bits.push_str(&format!("{:>8}", e.bits));
    }
    writeln!(out, "  level {levels}\n  bits  {bits}")?;

    chars(r, out)?;
    bit_level(r, out)?;

    let me = &r.min_entropy;
    writeln!(
        out,
        "\nmin-entropy (SP 800-90B §6.3, over the {}-bit stream, bits per bit)",
        me.stream_bits
    )?;
    let show = |v: Option<f64>| v.map_or("n/a".to_owned(), |v| format!("{v:.3}"));
    writeln!(
        out,
        "  most common value (6.3.1)  {}",
        show(me.most_common_value)
    )?;
    writeln!(out, "  collision (6.3.2)          {}", show(me.collision))?;
    writeln!(out, "  markov (6.3.3)             {}", show(me.markov))?;
    writeln!(out, "  compression (6.3.4)        {}", show(me.compression))?;
    writeln!(out, "  t-tuple (6.3.5)            {}", show(me.t_tuple))?;
    writeln!(out, "  longest repeat (6.3.6)     {}", show(me.lrs))?;
    writeln!(out, "  multi MCW (6.3.7)          {}", show(me.multi_mcw))?;
    writeln!(out, "  lag (6.3.8)                {}", show(me.lag))?;
    writeln!(out, "  multi MMC (6.3.9)          {}", show(me.multi_mmc))?;
    writeln!(out, "  LZ78Y (6.3.10)             {}", show(me.lz78y))?;
    if let (Some(h), Some(t)) = (me.per_bit, me.per_token) {
        writeln!(
            out,
            "  lowest                     {h:.3} = {t:.1} bits per token"
        )?;
    }

    let d = &r.duplicates;
    match d.first {
        None => writeln!(out, "\nduplicates: none among {} tokens", r.samples)?,
        Some((a, b)) => writeln!(
            out,
            "\nduplicates: {} (token {b} repeats token {a}); an ideal generator of this format would repeat {:.2e} times",
            d.count, d.expected_for_ideal
        )?,
    }
    writeln!(
        out,
        "\nA pass finds no statistical pattern; it does not make a generator unpredictable \
         (MT19937 passes: see `sessionlab predict`)."
    )
}

fn chars(r: &Report, out: &mut dyn Write) -> io::Result<()> {
    let c = &r.characters;
    writeln!(
        out,
        "\ncharacter level: {} of {} positions vary and pass at 1% ({:.1} bits)",
        c.passing_positions, c.positions_total, c.effective_entropy_bits
    )?;
    let constant: Vec<String> = c
        .positions
        .iter()
        .filter_map(|p| p.constant.map(|ch| format!("{} {ch:?}", p.position)))
        .collect();
    if !constant.is_empty() {
        writeln!(out, "  constant: {}", list(&constant))?;
    }
    let failing: Vec<String> = c
        .positions
        .iter()
        .filter(|p| p.constant.is_none() && p.p_value < HEADLINE_LEVEL)
        .map(|p| {
            format!(
                "{} (distribution p={}, transitions p={})",
                p.position,
                p_value(p.distribution_p),
                p_value(p.transition_p)
            )
        })
        .collect();
    if !failing.is_empty() {
        writeln!(out, "  failing: {}", list(&failing))?;
    }
    Ok(())
}

fn bit_level(r: &Report, out: &mut dyn Write) -> io::Result<()> {
    let b = &r.bits;
    let n = b.positions.len();
    let failing: Vec<&BitPosition> = b
        .positions
        .iter()
        .filter(|p| p.p_value < HEADLINE_LEVEL)
        .collect();
    writeln!(
        out,
        "\nbit level: {} of {n} positions pass at 1%; FIPS 140-2 (bounds for {} tokens): {} pass all four",
        n - failing.len(),
        b.fips_bounds.samples,
        b.fips_passing_positions
    )?;
    writeln!(out, "  test          p < 1%   FIPS fail")?;
    for (name, pick) in TESTS {
        let results: Vec<_> = b.positions.iter().map(pick).collect();
        let low = results.iter().filter(|r| r.0 < HEADLINE_LEVEL).count();
        let fips = if results.iter().any(|r| r.1.is_some()) {
            let fails = results.iter().filter(|r| r.1 == Some(false)).count();
            fails.to_string()
        } else {
            "-".to_owned()
        };
        writeln!(out, "  {name:<12} {low:>7} {fips:>11}")?;
    }
    let named: Vec<String> = failing.iter().map(|p| describe(p)).collect();
    if !named.is_empty() {
        writeln!(out, "  failing: {}", list(&named))?;
    }
    Ok(())
}

/// "bit 17 (char 4): runs p=2.3e-4": the test with the smallest p-value.
fn describe(p: &BitPosition) -> String {
    let (name, worst) = TESTS
        .iter()
        .map(|(name, pick)| (*name, pick(p).0))
        .fold(("", f64::INFINITY), |a, b| if b.1 < a.1 { b } else { a });
    let at = p
        .char_position
        .map_or(String::new(), |c| format!(" (char {c})"));
    let with = match (name, p.correlated_with) {
        ("correlation", Some(i)) => format!(" with bit {i}"),
        _ => String::new(),
    };
    format!("bit {}{at}: {name}{with} p={}", p.bit, p_value(worst))
}

fn p_value(p: f64) -> String {
    if p == 0.0 {
        "0".to_owned()
    } else if p >= 0.001 {
        format!("{p:.3}")
    } else {
        format!("{p:.1e}")
    }
}

fn list(items: &[String]) -> String {
    let mut s = items
        .iter()
        .take(LISTED)
        .cloned()
        .collect::<Vec<_>>()
        .join("; ");
    if items.len() > LISTED {
        s.push_str(&format!("; and {} more", items.len() - LISTED));
    }
    s
}
