//! # sessionlab-sim: the attack simulator and the `sessionlab` command-line tool
//!
//! One seed drives a world ([`world`]) in which a victim's browser, the application (the core
//! session manager under a policy), other sites and the network play out a workload, while
//! an attacker model ([`attackers`], one file each) does what its capabilities allow. The
//! [`oracle`] judges each run (hijacked, partial, detected, blocked); a [`campaign`] runs the
//! matrix of attackers x policies over many seeds in parallel; [`trace`] names runs so that
//! `sessionlab replay` reruns them bit for bit, and shrinks failures to short stories.
//! [`probe`] takes the same questions to a real server on loopback (`sessionlab probe`).
//!
//! The binary is a thin shell over [`cli::run`], which takes its arguments, input, output and
//! the current time as parameters, so tests drive it in-process and deterministically.

#![forbid(unsafe_code)]

pub mod attackers;
pub mod campaign;
pub mod catalogue;
pub mod check;
pub mod cli;
pub mod oracle;
pub mod probe;
pub mod target;
pub mod trace;
pub mod weaknesses;
pub mod world;
