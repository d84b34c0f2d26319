//! `sessionlab predict`: state recovery and prediction of weak generators (being written).

use std::io::{BufRead, Write};

use clap::Args;

use super::Failure;

/// Options of `sessionlab predict`.
#[derive(Debug, Args)]
pub(crate) struct PredictArgs {
    /// Tokens, one per line (`-` for stdin).
    pub file: String,
}

pub(crate) fn run(_: &PredictArgs, _: &mut dyn BufRead, _: &mut dyn Write, _: &mut dyn Write) -> Result<u8, Failure> {
    Err(Failure::bad_input("predict is not available in this build"))
}
