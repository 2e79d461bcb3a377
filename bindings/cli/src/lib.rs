//! `cardbind`, the command-line tool, as a library: [`run`] is the whole command (sign, verify and
//! explain why not, inspect keys, look up codes and specs, encode and decode provider messages)
//! over the streams it is given, so the `cardbind` binary, the Python wheel's `cardbind` command
//! and `python -m cardbind` run the same code. [`explain_request`] is `verify --explain` as data,
//! for the bindings' `explain`. A thin I/O shell around the sans-I/O `cardbind` core: this crate
//! reads the files its arguments name, the core never does.

mod cli;
mod console;
mod error;
mod explain;
mod hint;
mod input;
mod jsonstyle;
mod keys_cmd;
mod names;
mod params;
mod pii;
mod provider;
mod rule_args;
mod setup;
mod shown;
mod sign;
mod signed_string;
mod verify;

use std::ffi::OsString;

use clap::Parser as _;

pub use crate::console::Streams;
pub use crate::error::{EXIT_BAD_INPUT, EXIT_OK, EXIT_VERIFY_FAILED};
pub use crate::explain::{Block, Diagnosis, Finding};
pub use crate::hint::{diagnose_command, diagnoses, for_algorithm as diagnose_command_for, with_diagnosis};
pub use crate::setup::{secret_from_file, Canonical, RuleInput};
pub use crate::shown::Shown;
pub use crate::signed_string::SignedString;
pub use crate::verify::{explain_request, ExplainRequest, SignatureInput, Verification};

use crate::cli::{Cli, Command};
use crate::console::Console;

/// Runs `cardbind` with `args` (the first is the program's name, as in `std::env::args_os`) over
/// `streams`, and returns the exit code: 0 success, 1 a signature does not verify, 2 bad input
/// (`--help` and `--version` exit 0, like the binary).
pub fn run<I, T>(args: I, streams: Streams<'_>) -> u8
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    let cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(e) => return usage(&e, streams),
    };
    let console = Console::new(streams, cli.json, cli.show_pii);
    let result = match cli.command {
        Command::Sign(args) => sign::run_sign(&args, &console),
        Command::Verify(args) => sign::run_verify(&args, &console),
        Command::Keys(cmd) => keys_cmd::run(&cmd, &console),
        Command::Codes(args) => provider::run_codes(&args, &console),
        Command::Spec(args) => provider::run_spec(&args, &console),
        Command::Encode(args) => provider::run_encode(&args, &console),
        Command::Decode(args) => provider::run_decode(&args, &console),
        Command::Form(args) => provider::run_form(&args, &console),
    };
    console.finish(result)
}

/// Help, the version, or a usage error, as clap words them (without colour: the streams may be
/// any writer), on the stream clap would use; clap's exit code.
fn usage(e: &clap::Error, streams: Streams<'_>) -> u8 {
    let stream = if e.use_stderr() { streams.stderr } else { streams.stdout };
    let _ = write!(stream, "{}", e.render());
    let _ = stream.flush();
    u8::try_from(e.exit_code()).unwrap_or(EXIT_BAD_INPUT)
}
