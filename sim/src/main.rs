use std::io::{BufReader, Write};
use std::process::ExitCode;

/// mimalloc: the simulator allocates a few small strings per simulated request, and glibc's
/// allocator was a fifth of a campaign's instructions.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    // The wall clock is read here, at the edge, and nowhere else.
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64);
    let stdin = std::io::stdin();
    let mut input = BufReader::new(stdin.lock());
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let stderr = std::io::stderr();
    let mut err = stderr.lock();
    let code = sessionlab_sim::cli::run(std::env::args_os(), &mut input, &mut out, &mut err, now);
    let _ = out.flush();
    ExitCode::from(code)
}
