//! `sessionlab predict`: recover a weak generator's state from observed tokens and print the
//! next ones. The work is `sessionlab_core::token::recovery`; this file reads the samples,
//! turns the options into hints and reports.

use std::io::{BufRead, Read, Write};

use clap::Args;
use sessionlab_core::token::recovery::{
    Hints, Model, Printing, Recovered, RecoveredState, RecoveryError, TimeWindow, recover,
    recover_auto,
};

use super::Failure;

const AFTER_HELP: &str = "\
What is predicted (stdout, one per line, in the samples' format):
  java-*, mt19937*, glibc-*, counter: the outputs that follow the last sample.
  timestamp: the clock's readings from the last sample on (the id is the request time; an id
    issued in the same second or millisecond repeats the last one).
  uuid1, php-uniqid: the ids of the next clock ticks (100 ns, 1 us) after the last sample, in
    order: the attacker's guesses; the report says how many ticks the samples were apart.
  php-legacy: the ids the process's next LCG draw gives a request from --next-ip (default
    --ip) 1, 2, ... microseconds after the last sample (or from --at on). Recovery assumes the
    samples come from one PHP <= 5.3 process, the first being its first id (PHP seeds its LCG
    then, from that request's clock and its pid), in order, inside the window. Cost: (window
    in microseconds) x (max-delay + 1)^2 md5 candidates for the first id, times 32767 without
    --pid; each later id costs up to the window in microseconds.
  md5-time-ua: the ids of --user-agent 1, 2, ... milliseconds after the last sample (or from
    --at on); recovery reports when each sample was made. Cost: window in milliseconds per id.
What was recovered, how many samples it used and how much work it took go to stderr.

Exit codes: 0 the --count outputs were printed; 1 the samples are well-formed but no state
explains them, several do, or fewer outputs than --count are certain (those are printed);
2 bad input (a malformed line, too few samples, a missing hint, a search over --max-work).

Examples:
  sessionlab predict --generator java-random-long ids.txt
  sessionlab predict --generator auto --count 3 - < tokens.txt
  sessionlab predict --generator php-legacy --ip 203.0.113.77 --pid 3141 \\
      --around 1700000000.05 --window 0.1 phpsessid.txt";

/// Options of `sessionlab predict`.
#[derive(Debug, Args)]
#[command(after_long_help = AFTER_HELP)]
pub(crate) struct PredictArgs {
    /// Tokens, one per line, oldest first (`-` for stdin); blank lines are skipped.
    pub file: String,
    /// The generator that made the samples, or `auto` to try each and report which fits.
    /// Fewest samples, as the mathematics allows:
    ///   java-random-long  1 nextLong() (two 32-bit outputs of the 48-bit state: 2^16 candidates)
    ///   java-random-int   2 nextInt() (same)
    ///   java-random-double  1 nextDouble() or Math.random() (53 bits: 2^22 candidates); a
    ///                     second rules out the 1-in-32 false fit
    ///   java-random-float 3 nextFloat() (24 bits each: two carry the 48 but leave a false
    ///                     fit half the time)
    ///   java-random-bounded  nextInt(N) (--range N): as many as carry 48 bits, plus one
    ///                     (N = 10: 16; 100: 9; 1000: 6; 10^6: 4); cost 2^48/N candidates,
    ///                     or for even N 2^(17+t) + 2^(31-t)/(N/2^t) with t = N's factors of 2;
    ///                     over --max-work is refused. N = 2^k (the state's top k bits):
    ///                     for k = 2 to 16 a lattice (LLL) from 72/k (nextInt(4): 36, 16: 18,
    ///                     64: 12; for k = 2 a window fails one time in four, more samples
    ///                     give more windows); nextInt(2) is not attempted
    ///   java-splittable   1 SplittableRandom / ThreadLocalRandom nextLong() (decimal or
    ///                     hex; mix64 is a bijection) or 2 nextDouble(); a split() child 3
    ///   php-mt-rand       2 mt_rand() or rand() (31 bits each of a 32-bit seed; PHP 7.1+ and
    ///                     the legacy twist are searched together: all 2^32 seeds, or --seeds);
    ///                     mt_rand(MIN, MAX) (--range) as many as carry 32 bits, plus one
    ///                     (1..100: 6; 0..61: 7). Outputs before the first: --skip
    ///   mt19937           624 32-bit words (the whole state, untempered)
    ///   mt19937-128       156 tokens '%032x' % getrandbits(128) (624 words, low word first)
    ///   python-random     CPython random() floats or getrandbits(k) (--bits k), from any
    ///                     point of the stream, solved as a GF(2) system over the 19937
    ///                     state bits: 624 repr() or float.hex() floats, about 1870 printed
    ///                     '%.6f', 510 getrandbits(48), 2494 getrandbits(8); int(random()
    ///                     * N) + MIN (--range); random.choices(CHARS, k=L) strings
    ///                     (--alphabet CHARS). With a few bits still open, predictions stop
    ///                     where one would show. randrange/randint/choice are not linear
    ///                     (rejection sampling drops an unknown number of draws)
    ///   glibc-rand        31 rand() values fix each next value up to a carry (+0 or +1);
    ///                     exact prediction needs the 31 lost low bits, which the carries
    ///                     reveal: 90 values typically (78 to 93 over 200 seeds). Decimal or
    ///                     '%08x%08x...' hex tokens of several rand()s. random_r() of other
    ///                     state sizes is recognised: 8 to 31 bytes 2 values, 32: ~40,
    ///                     64: ~60, 256: ~190
    ///   glibc-srand       1 rand() after srand(time(NULL)): the seconds of --around/--window
    ///                     (or --seeds) are tried; any printing, unpadded '%x%x' included.
    ///                     Outputs before the first: --skip
    ///   glibc-rand48      2 lrand48() or mrand48() (2^17 / 2^16 candidates; 3 when the values
    ///                     could be either), 1 drand48() printed with %.17g; with %f (six
    ///                     decimals) 3
    ///   php-lcg-value     2 lcg_value() (31 bits each of the 62-bit combined LCG: all 2^31
    ///                     s1 are tried, about a second on two cores), a third to confirm;
    ///                     %.17g, echo (precision 14) or var_export, told apart by the samples
    ///   counter           2 values (the step)
    ///   timestamp         1 value (seconds or milliseconds)
    ///   uuid1             1 uuid.uuid1() (node, clock sequence and the 100 ns clock; a
    ///                     second confirms): the next ids are the next ticks, in order
    ///   php-uniqid        1 uniqid($prefix) (the microsecond clock): the next ids are the
    ///                     next microseconds; uniqid($prefix, true) 3, and its fraction is
    ///                     predicted when it comes from the combined LCG (PHP <= 8.3)
    ///   php-legacy        1 id, the first of a fresh PHP <= 5.3 process (--ip, --around, --window;
    ///                     --pid, or 32767 times the work)
    ///   md5-time-ua       1 id (--user-agent, --around, --window; --secret if there is one)
    ///   php-md5-uniqid    1 md5(uniqid(mt_rand())) id (--seeds: the mt_srand seed, which
    ///                     php-mt-rand finds from one raw mt_rand() of the same process, or
    ///                     0,999999 for mt_srand(microtime() * 1000000); --around/--window:
    ///                     when the first was made; --skip: mt_rand() calls before it); cost
    ///                     seeds x microseconds; later ids follow within a second each; the
    ///                     next ids are the next microseconds
    ///   v8-math-random    4 String(Math.random()) or toString(36) doubles (52 bits each of
    ///                     the 128-bit xorshift128+ state); base-36 prefixes and
    ///                     Math.floor(x * N) (--range) as many as give 128 bits plus 24 to
    ///                     check (substr(2, 8): 6; N = 1000: 20; N = 62: 41). Until the samples cross a
    ///                     cache refill (64 values) the refill point is unknown: the values
    ///                     before it are certain, the rest are listed as candidates
    /// Samples beyond the fewest check the recovered state. A constant prefix ending in a
    /// separator (sess_, id-, user:) that a model does not read is peeled off, and the
    /// predictions carry it again.
    #[arg(
        long,
        short = 'g',
        value_name = "NAME",
        default_value = "auto",
        verbatim_doc_comment
    )]
    pub generator: String,
    /// How many outputs to predict (at most 1000000).
    #[arg(long, short = 'n', default_value_t = 10)]
    pub count: usize,
    /// php-legacy: the client address PHP saw for the samples (REMOTE_ADDR).
    #[arg(long, value_name = "IP")]
    pub ip: Option<String>,
    /// php-legacy: the client address to predict ids for (default --ip).
    #[arg(long, value_name = "IP")]
    pub next_ip: Option<String>,
    /// php-legacy: the PHP process id, if known.
    #[arg(long)]
    pub pid: Option<i32>,
    /// php-legacy: the longest delay between PHP's clock readings, in microseconds.
    #[arg(long, value_name = "MICROS")]
    pub max_delay: Option<u32>,
    /// php-legacy: LCG draws other clients' sessions may take between two samples.
    #[arg(long, value_name = "N", default_value_t = 0)]
    pub skipped_draws: u32,
    /// php-legacy, md5-time-ua, php-md5-uniqid: when the (first) samples were made;
    /// glibc-srand: when the program
    /// called srand(time(NULL)). Unix seconds (fractions allowed) or RFC 3339.
    #[arg(long, value_name = "TIME")]
    pub around: Option<String>,
    /// php-legacy, md5-time-ua, glibc-srand: how far from --around the samples (the srand call)
    /// may be, in seconds (fractions allowed).
    #[arg(long, value_name = "SECONDS", default_value = "1")]
    pub window: String,
    /// md5-time-ua: the client's User-Agent.
    #[arg(long, value_name = "UA")]
    pub user_agent: Option<String>,
    /// md5-time-ua: the secret server string, if known.
    #[arg(long)]
    pub secret: Option<String>,
    /// php-legacy, md5-time-ua: predict the ids of requests from this time on (Unix seconds or
    /// RFC 3339) instead of right after the last sample.
    #[arg(long, value_name = "TIME")]
    pub at: Option<String>,
    /// The samples are integers in a range: for v8-math-random `Math.floor(Math.random() * N)`
    /// (`--range N`) or `... * (MAX - MIN + 1)) + MIN` (`--range MIN,MAX`); for
    /// java-random-bounded `nextInt(N)` or `nextInt(MAX - MIN + 1) + MIN`; for php-mt-rand
    /// `mt_rand(0, N - 1)` or `mt_rand(MIN, MAX)`; for python-random `int(random() * N)` or
    /// `int(random() * (MAX - MIN + 1)) + MIN`.
    #[arg(long, value_name = "N|MIN,MAX")]
    pub range: Option<String>,
    /// php-mt-rand, glibc-srand, php-md5-uniqid: the seeds to try, inclusive (php-mt-rand's default: all 2^32,
    /// about a minute on two cores; glibc-srand's: the seconds of --around/--window).
    /// `--generator auto` runs the PHP search only when this is given.
    #[arg(long, value_name = "MIN,MAX")]
    pub seeds: Option<String>,
    /// php-mt-rand, glibc-srand: how many outputs the process drew before the first sample
    /// (php-mt-rand: 32-bit words, at most 226).
    #[arg(long, value_name = "N", default_value_t = 0)]
    pub skip: u32,
    /// python-random: the samples are getrandbits(K) integers (decimal, or hex such as
    /// '%016x' % getrandbits(64)); K from 1 to 128.
    #[arg(long, value_name = "K")]
    pub bits: Option<u32>,
    /// How the samples print integers: auto (each model reads its own printings; integers in
    /// hex or base 36 that a model does not read, such as dechex(mt_rand()),
    /// base_convert(mt_rand(), 10, 36), '%08x' words or Integer.toHexString(nextInt()), are
    /// re-read as numbers and the predictions printed back the same way, and the report names
    /// the pair, e.g. "php-mt-rand (hex)"), decimal (no re-reading), hex or base36 (read as
    /// that base even when a sample has no letter).
    #[arg(long, value_name = "FORMAT", default_value = "auto")]
    pub format: String,
    /// The samples are tokens spelled one draw a character from CHARS, in the program's order:
    /// python-random `''.join(random.choices(CHARS, k=N))`; java-random-bounded
    /// `CHARS.charAt(rnd.nextInt(CHARS.length()))`; v8-math-random
    /// `CHARS[Math.floor(Math.random() * CHARS.length)]`. Predictions are whole tokens.
    #[arg(long, value_name = "CHARS")]
    pub alphabet: Option<String>,
    /// The most md5 candidates a brute force may try; a search needing more is refused with
    /// its cost.
    #[arg(long, value_name = "N", default_value_t = sessionlab_core::token::recovery::DEFAULT_MAX_WORK)]
    pub max_work: u64,
}

const MAX_COUNT: usize = 1_000_000;
const MAX_INPUT: u64 = 64 << 20;
const MAX_LINE: usize = 4096;

pub(crate) fn run(
    args: &PredictArgs,
    input: &mut dyn BufRead,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<u8, Failure> {
    let model = match args.generator.as_str() {
        "auto" => None,
        name => Some(name.parse::<Model>().map_err(Failure::bad_input)?),
    };
    if args.count > MAX_COUNT {
        return Err(Failure::bad_input(format!("--count: at most {MAX_COUNT}")));
    }
    let hints = hints(args)?;
    let (samples, line_of) = read_samples(&args.file, input)?;
    let failure = |e: RecoveryError| Failure {
        code: if e.is_bad_input() { 2 } else { 1 },
        message: match &e {
            RecoveryError::Malformed { index, reason } => {
                format!("line {}: {reason}", line_of[*index])
            }
            _ => e.to_string(),
        },
    };
    let recovered = match model {
        Some(m) => recover(m, &samples, &hints).map_err(failure)?,
        None => {
            let report = recover_auto(&samples, &hints).map_err(failure)?;
            for (m, outcome) in &report.outcomes {
                let verdict = match outcome {
                    Ok(true) => "fits".to_owned(),
                    Ok(false) => "fits any samples of this length (not counted)".to_owned(),
                    Err(e) => {
                        let text = e.to_string();
                        let prefix = format!("{m}: ");
                        format!("no: {}", text.strip_prefix(&prefix).unwrap_or(&text))
                    }
                };
                writeln!(err, "auto: {m}: {verdict}")?;
            }
            report.recovered
        }
    };
    report(&recovered, samples.len(), err)?;
    let predictions = predict(&recovered, args)?;
    for p in &predictions {
        writeln!(out, "{p}")?;
    }
    if predictions.len() < args.count {
        let open = recovered.candidates(args.count.min(predictions.len() + 3));
        for (i, c) in open.iter().enumerate().skip(predictions.len()) {
            if c.len() > 1 {
                writeln!(err, "output {}: one of {}: {}", i + 1, c.len(), c.join(" "))?;
            }
        }
        return Err(Failure {
            code: 1,
            message: format!(
                "{}: only the first {} of the next {} outputs are certain; give more samples",
                recovered.model,
                predictions.len(),
                args.count
            ),
        });
    }
    Ok(0)
}

fn report(r: &Recovered, total: usize, err: &mut dyn Write) -> std::io::Result<()> {
    let checked = if r.confirmed() {
        format!("{} more checked", r.samples_checked)
    } else {
        "nothing checked: these samples fit some state whatever they are".to_owned()
    };
    writeln!(
        err,
        "{}: recovered from {} of {total} samples ({checked}); work: {} {}",
        r.label(),
        r.samples_used,
        r.work,
        r.work_unit
    )?;
    writeln!(err, "state: {}", r.describe())
}

fn predict(r: &Recovered, args: &PredictArgs) -> Result<Vec<String>, Failure> {
    let at = args.at.as_deref().map(parse_time).transpose()?;
    Ok(match &r.state {
        RecoveredState::PhpLegacy(p) if at.is_some() || args.next_ip.is_some() => {
            let ip = args.next_ip.as_deref().unwrap_or(&p.ip);
            let last = p.times_micros.last().copied().unwrap_or_default();
            p.next_ids(ip, at.unwrap_or(last.saturating_add(1)), args.count)
        }
        RecoveredState::Md5TimeUa(m) if at.is_some() => {
            m.ids_from(at.unwrap_or_default().div_euclid(1_000), args.count)
        }
        _ if at.is_some() => {
            return Err(Failure::bad_input(
                "--at applies to php-legacy and md5-time-ua only",
            ));
        }
        _ => r.predict(args.count),
    })
}

fn hints(args: &PredictArgs) -> Result<Hints, Failure> {
    let half = parse_seconds(&args.window)
        .ok_or_else(|| Failure::bad_input("--window: expected seconds, e.g. 1 or 0.25"))?;
    let window = args
        .around
        .as_deref()
        .map(parse_time)
        .transpose()?
        .map(|t| TimeWindow::around(t, half));
    Ok(Hints {
        ip: args.ip.clone(),
        pid: args.pid,
        max_seed_delay_micros: args.max_delay,
        max_skipped_draws: args.skipped_draws,
        window,
        user_agent: args.user_agent.clone(),
        secret: args.secret.clone(),
        max_work: Some(args.max_work),
        range: args.range.as_deref().map(parse_range).transpose()?,
        seeds: args.seeds.as_deref().map(parse_seeds).transpose()?,
        skip: args.skip,
        bits: args.bits,
        alphabet: args.alphabet.clone(),
        format: Printing::parse(&args.format)
            .map_err(|e| Failure::bad_input(format!("--format: {e}")))?,
    })
}

/// `--seeds MIN,MAX` (inclusive, each 0 to 2^32 - 1).
fn parse_seeds(s: &str) -> Result<(u32, u32), Failure> {
    let bad = || {
        Failure::bad_input(format!(
            "--seeds {s:?}: expected MIN,MAX with 0 <= MIN <= MAX <= 4294967295, e.g. 0,65535"
        ))
    };
    let (a, b) = s.split_once(',').ok_or_else(bad)?;
    let (a, b): (u32, u32) = (
        a.trim().parse().map_err(|_| bad())?,
        b.trim().parse().map_err(|_| bad())?,
    );
    if a > b {
        return Err(bad());
    }
    Ok((a, b))
}

/// `--range N` (0..N) or `--range MIN,MAX` (inclusive): `(low, count)`.
fn parse_range(s: &str) -> Result<(i64, u64), Failure> {
    let bad = || {
        Failure::bad_input(format!(
            "--range {s:?}: expected N (values 0..N-1) or MIN,MAX (inclusive), e.g. 1000 or 1,6"
        ))
    };
    let (low, high) = match s.split_once(',') {
        Some((a, b)) => (
            a.trim().parse::<i64>().map_err(|_| bad())?,
            b.trim().parse::<i64>().map_err(|_| bad())?,
        ),
        None => {
            let n = s.trim().parse::<i64>().map_err(|_| bad())?;
            (0, n.checked_sub(1).ok_or_else(bad)?)
        }
    };
    let count = u64::try_from(i128::from(high) - i128::from(low) + 1).map_err(|_| bad())?;
    if count < 2 {
        return Err(bad());
    }
    Ok((low, count))
}

/// Unix seconds with up to six decimals, or RFC 3339: microseconds since the epoch.
fn parse_time(s: &str) -> Result<i64, Failure> {
    if let Some(us) = parse_seconds(s) {
        return Ok(us);
    }
    let t = time::OffsetDateTime::parse(s, &time::format_description::well_known::Rfc3339)
        .map_err(|_| {
            Failure::bad_input(format!(
                "time {s:?}: expected Unix seconds (e.g. 1700000000.25) or RFC 3339"
            ))
        })?;
    i64::try_from(t.unix_timestamp_nanos() / 1_000)
        .map_err(|_| Failure::bad_input(format!("time {s:?} out of range")))
}

/// A non-negative decimal number of seconds with at most six decimals, in microseconds.
fn parse_seconds(s: &str) -> Option<i64> {
    let (int, frac) = s.split_once('.').unwrap_or((s, ""));
    let digits = |d: &str| d.bytes().all(|b| b.is_ascii_digit());
    if int.is_empty() || int.len() > 12 || frac.len() > 6 || !digits(int) || !digits(frac) {
        return None;
    }
    let frac_us: i64 = format!("{frac:0<6}").parse().ok()?;
    Some(int.parse::<i64>().ok()? * 1_000_000 + frac_us)
}

/// The non-blank lines of FILE (or stdin), trimmed, with their line numbers.
fn read_samples(file: &str, input: &mut dyn BufRead) -> Result<(Vec<String>, Vec<usize>), Failure> {
    let mut raw = Vec::new();
    if file == "-" {
        input.take(MAX_INPUT + 1).read_to_end(&mut raw)?;
    } else {
        std::fs::File::open(file)
            .map_err(|e| Failure::bad_input(format!("{file}: {e}")))?
            .take(MAX_INPUT + 1)
            .read_to_end(&mut raw)
            .map_err(|e| Failure::bad_input(format!("{file}: {e}")))?;
    }
    if raw.len() as u64 > MAX_INPUT {
        return Err(Failure::bad_input("the input is larger than 64 MiB"));
    }
    let (mut samples, mut line_of) = (Vec::new(), Vec::new());
    for (i, line) in raw.split(|&b| b == b'\n').enumerate() {
        if line.len() > MAX_LINE {
            return Err(Failure::bad_input(format!(
                "line {}: longer than {MAX_LINE} bytes",
                i + 1
            )));
        }
        let text = std::str::from_utf8(line)
            .map_err(|_| Failure::bad_input(format!("line {}: not UTF-8", i + 1)))?
            .trim();
        if !text.is_empty() {
            samples.push(text.to_owned());
            line_of.push(i + 1);
        }
    }
    Ok((samples, line_of))
}
