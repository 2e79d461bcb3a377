//! `cardbind`: sign, verify (and explain why not), inspect keys, look up codes and specs, encode
//! and decode provider messages. Thin I/O shell around the sans-I/O `cardbind` core.

mod cli;
mod error;
mod explain;
mod input;
mod jsonstyle;
mod keys_cmd;
mod output;
mod params;
mod pii;
mod provider;
mod rule_args;
mod shown;
mod sign;

use std::process::ExitCode;

use clap::Parser as _;

use crate::cli::{Cli, Command};
use crate::output::Out;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let out = Out::new(cli.json, cli.show_pii);
    let result = match cli.command {
        Command::Sign(args) => sign::run_sign(&args, &out),
        Command::Verify(args) => sign::run_verify(&args, &out),
        Command::Keys(cmd) => keys_cmd::run(&cmd, &out),
        Command::Codes(args) => provider::run_codes(&args, &out),
        Command::Spec(args) => provider::run_spec(&args, &out),
        Command::Encode(args) => provider::run_encode(&args, &out),
        Command::Decode(args) => provider::run_decode(&args, &out),
        Command::Form(args) => provider::run_form(&args, &out),
    };
    out.finish(result)
}
