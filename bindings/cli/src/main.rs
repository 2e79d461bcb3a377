//! `cardbind`: the command-line tool over the process's own streams (see the library, `lib.rs`).

use std::process::ExitCode;

use cardbind_cli::Streams;

fn main() -> ExitCode {
    let code = cardbind_cli::run(
        std::env::args_os(),
        Streams {
            stdin: &mut std::io::stdin().lock(),
            stdout: &mut std::io::stdout().lock(),
            stderr: &mut std::io::stderr().lock(),
        },
    );
    ExitCode::from(code)
}
