//! # sessionlab-sim: the `sessionlab` command-line tool
//!
//! The binary is a thin shell over [`cli::run`], which takes its arguments, input, output and
//! the current time as parameters, so tests drive it in-process and deterministically.
//!
//! Today it offers the cookie tools (`sessionlab cookie jar`, `sessionlab cookie lint`); the
//! attack simulator and campaign runner build on the same crate.

#![forbid(unsafe_code)]

pub mod cli;
