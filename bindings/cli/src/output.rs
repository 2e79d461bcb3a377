//! Writing results: text or `--json`, to stdout; errors to stderr.

use std::io::Write as _;
use std::process::ExitCode;

use crate::error::{CliError, CliResult, EXIT_OK};

/// Output settings shared by every command.
#[derive(Debug)]
pub struct Out {
    /// `--json`: one JSON document on stdout.
    pub json: bool,
    /// `--show-pii`: personal data unmasked.
    pub show_pii: bool,
}

impl Out {
    pub fn new(json: bool, show_pii: bool) -> Self {
        Self { json, show_pii }
    }

    /// Writes text (a trailing newline is added).
    #[allow(clippy::unused_self)] // kept as a method so every write goes through `Out`
    pub fn text(&self, text: &str) {
        let mut stdout = std::io::stdout().lock();
        // A closed pipe (`| head`) is not an error worth reporting.
        let _ = writeln!(stdout, "{text}");
    }

    /// Writes raw bytes (DER keys).
    #[allow(clippy::unused_self)]
    pub fn bytes(&self, bytes: &[u8]) {
        let mut stdout = std::io::stdout().lock();
        let _ = stdout.write_all(bytes);
        let _ = stdout.flush();
    }

    /// Writes one pretty-printed JSON document.
    pub fn json_value(&self, value: &serde_json::Value) {
        let text = serde_json::to_string_pretty(value).unwrap_or_else(|_| "null".to_owned());
        self.text(&text);
    }

    /// Reports the result and turns it into the process exit code.
    pub fn finish(&self, result: CliResult) -> ExitCode {
        match result {
            Ok(()) => ExitCode::from(EXIT_OK),
            Err(err) => {
                if let CliError::BadInput(message) = &err {
                    let mut stderr = std::io::stderr().lock();
                    let _ = writeln!(stderr, "error: {message}");
                    if self.json {
                        self.json_value(&serde_json::json!({
                            "error": message,
                            "exit_code": err.exit_code(),
                        }));
                    }
                }
                ExitCode::from(err.exit_code())
            }
        }
    }
}
