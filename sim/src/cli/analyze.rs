//! `sessionlab analyze`: statistical analysis of a token sample (being written).

use std::io::{BufRead, Write};

use clap::Args;

use super::Failure;

/// Options of `sessionlab analyze`.
#[derive(Debug, Args)]
pub(crate) struct AnalyzeArgs {
    /// Tokens, one per line (`-` for stdin).
    pub file: String,
}

pub(crate) fn run(_: &AnalyzeArgs, _: &mut dyn BufRead, _: &mut dyn Write, _: &mut dyn Write) -> Result<u8, Failure> {
    Err(Failure::bad_input("analyze is not available in this build"))
}
