//! `sessionlab analyze`: statistical analysis of a token sample (FIPS 140-2, SP 800-90B), in
//! the manner of Burp Sequencer. The analysis itself is `sessionlab_core::token::analysis`;
//! this reads the tokens (bounded: at most `MAX_TOKENS` lines of `MAX_LINE` bytes), prints
//! the report, and draws the bias map.

use std::io::{BufRead, BufReader, Read, Write};
use std::path::PathBuf;

use clap::Args;
use sessionlab_core::token::analysis::{
    self, Alphabet, AnalyzeError, MAX_TOKEN_LEN, MAX_TOKENS, Verdict,
};

use super::Failure;

mod plot;
mod text;

/// Options of `sessionlab analyze`.
///
/// Exit code 0 when the verdict is pass, 1 when it is weak or fail, 2 on bad input.
#[derive(Debug, Args)]
pub(crate) struct AnalyzeArgs {
    /// Tokens, one per line, in the order they were issued (`-` for stdin). Blank lines are
    /// skipped; 100 to 100000 tokens of up to 256 printable ASCII characters; 20000 is the
    /// sample size of FIPS 140-2. Exit code: 0 for a pass, 1 for weak or fail, 2 for bad input.
    pub file: String,
    /// The alphabet: hex, base64, base64url, decimal, base36, float or other (the distinct
    /// characters seen). Detected when absent. Characters that are the same in every token (a
    /// prefix, the dashes of a UUID, padding) are skipped whatever the alphabet. Numbers are
    /// decoded to the bits the program held, and may differ in length: decimal integers in
    /// binary (negative ones as 32- or 64-bit two's complement), floats in [0, 1) as their
    /// exact binary fraction (53 bits for Java and Python doubles, 52 for V8, 24 for floats)
    /// or as the bits their printed decimals carry, Math.random().toString(36) as V8's 52 bits,
    /// other base-36 or hex digits of varying length padded as fractions or integers. The
    /// report's "decoded:" line says how the sample was read.
    #[arg(long, value_name = "ALPHABET", value_parser = parse_alphabet)]
    pub encoding: Option<Alphabet>,
    /// Print the full report as JSON (samples, bits_per_token, effective_entropy_bits,
    /// verdict, and every test of every position).
    #[arg(long)]
    pub json: bool,
    /// Also draw the per-position results as an SVG bias map: the share of ones and the
    /// p-value of each bit position, and the p-value of each character position.
    #[arg(long, value_name = "FILE.svg")]
    pub plot: Option<PathBuf>,
}

fn parse_alphabet(s: &str) -> Result<Alphabet, String> {
    s.parse()
        .map_err(|e: analysis::UnknownAlphabet| e.to_string())
}

/// A line longer than this is refused before it is read to its end.
const MAX_LINE: usize = 4 * MAX_TOKEN_LEN;

pub(crate) fn run(
    args: &AnalyzeArgs,
    input: &mut dyn BufRead,
    out: &mut dyn Write,
    _err: &mut dyn Write,
) -> Result<u8, Failure> {
    let (tokens, lines) = if args.file == "-" {
        read_tokens(input)?
    } else {
        let file = std::fs::File::open(&args.file)
            .map_err(|e| Failure::bad_input(format!("cannot read {}: {e}", args.file)))?;
        read_tokens(&mut BufReader::new(file))?
    };
    let refs: Vec<&str> = tokens.iter().map(String::as_str).collect();
    let report = analysis::analyze(&refs, args.encoding).map_err(|e| match e {
        AnalyzeError::BadToken { token, problem } => {
            Failure::bad_input(format!("line {}: {problem}", lines[token - 1]))
        }
        e => Failure::bad_input(e.to_string()),
    })?;
    if let Some(path) = &args.plot {
        let svg = plot::render(&report)
            .map_err(|e| Failure::bad_input(format!("cannot draw the plot: {e}")))?;
        std::fs::write(path, svg)
            .map_err(|e| Failure::bad_input(format!("cannot write {}: {e}", path.display())))?;
    }
    if args.json {
        let json = serde_json::to_string_pretty(&report)
            .map_err(|e| Failure::bad_input(format!("cannot encode the report: {e}")))?;
        writeln!(out, "{json}")?;
    } else {
        text::write(&report, out)?;
        if let Some(path) = &args.plot {
            writeln!(out, "bias map: {}", path.display())?;
        }
    }
    Ok(if report.verdict == Verdict::Pass {
        0
    } else {
        1
    })
}

/// The non-blank lines, trimmed, with their 1-based line numbers.
fn read_tokens(input: &mut dyn BufRead) -> Result<(Vec<String>, Vec<usize>), Failure> {
    let (mut tokens, mut lines) = (Vec::new(), Vec::new());
    let mut buf = Vec::new();
    for line in 1.. {
        buf.clear();
        let n = (&mut *input)
            .take(MAX_LINE as u64 + 2)
            .read_until(b'\n', &mut buf)?;
        if n == 0 {
            break;
        }
        if buf.strip_suffix(b"\n").unwrap_or(&buf).len() > MAX_LINE {
            let msg = format!("line {line}: longer than {MAX_LINE} bytes");
            return Err(Failure::bad_input(msg));
        }
        let text = std::str::from_utf8(&buf)
            .map_err(|_| Failure::bad_input(format!("line {line}: not valid UTF-8")))?;
        let token = text.trim();
        if token.is_empty() {
            continue;
        }
        if tokens.len() == MAX_TOKENS {
            return Err(Failure::bad_input(
                AnalyzeError::TooManyTokens { max: MAX_TOKENS }.to_string(),
            ));
        }
        tokens.push(token.to_owned());
        lines.push(line);
    }
    Ok((tokens, lines))
}
