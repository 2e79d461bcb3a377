//! The streams a command reads and writes, and its output settings: results go to stdout (text,
//! or one JSON document with `--json`), notes and errors to stderr, `-` inputs come from stdin.
//! The streams are the caller's (the process's own for the binary, Python's `sys.stdin`/`stdout`
//! for the wheel's `cardbind` command), so every front end runs the same commands.

use std::cell::RefCell;
use std::io::{Read, Write};

use crate::error::{CliError, CliResult, EXIT_OK};

/// The three standard streams a command uses.
pub struct Streams<'a> {
    pub stdin: &'a mut dyn Read,
    pub stdout: &'a mut dyn Write,
    pub stderr: &'a mut dyn Write,
}

impl std::fmt::Debug for Streams<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Streams")
    }
}

/// A command's streams and output settings.
pub struct Console<'a> {
    /// `--json`: one JSON document on stdout.
    pub json: bool,
    /// `--show-pii`: personal data unmasked.
    pub show_pii: bool,
    stdin: RefCell<&'a mut dyn Read>,
    stdout: RefCell<&'a mut dyn Write>,
    stderr: RefCell<&'a mut dyn Write>,
}

impl std::fmt::Debug for Console<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Console")
            .field("json", &self.json)
            .field("show_pii", &self.show_pii)
            .finish_non_exhaustive()
    }
}

impl<'a> Console<'a> {
    pub fn new(Streams { stdin, stdout, stderr }: Streams<'a>, json: bool, show_pii: bool) -> Self {
        Self {
            json,
            show_pii,
            stdin: RefCell::new(stdin),
            stdout: RefCell::new(stdout),
            stderr: RefCell::new(stderr),
        }
    }

    /// Writes text to stdout (a trailing newline is added).
    pub fn text(&self, text: &str) {
        // A closed pipe (`| head`) is not an error worth reporting.
        let _ = writeln!(self.stdout.borrow_mut(), "{text}");
    }

    /// Writes raw bytes to stdout (DER keys).
    pub fn bytes(&self, bytes: &[u8]) {
        let mut stdout = self.stdout.borrow_mut();
        let _ = stdout.write_all(bytes);
        let _ = stdout.flush();
    }

    /// Writes one pretty-printed JSON document to stdout.
    pub fn json_value(&self, value: &serde_json::Value) {
        let text = serde_json::to_string_pretty(value).unwrap_or_else(|_| "null".to_owned());
        self.text(&text);
    }

    /// Writes one line to stderr: a note on what was done that the user may not expect.
    pub fn note(&self, line: &str) {
        let _ = writeln!(self.stderr.borrow_mut(), "{line}");
    }

    /// Reads stdin to its end, or to `limit` bytes and one more (the caller refuses that).
    pub fn read_stdin(&self, limit: u64, buf: &mut Vec<u8>) -> std::io::Result<usize> {
        let mut stdin = self.stdin.borrow_mut();
        (&mut **stdin).take(limit).read_to_end(buf)
    }

    /// Reports the result and turns it into the exit code; flushes both output streams.
    pub fn finish(&self, result: CliResult) -> u8 {
        let code = match result {
            Ok(()) => EXIT_OK,
            Err(err) => {
                if let CliError::BadInput(message) = &err {
                    self.note(&format!("error: {message}"));
                    if self.json {
                        self.json_value(&serde_json::json!({
                            "error": message,
                            "exit_code": err.exit_code(),
                        }));
                    }
                }
                err.exit_code()
            }
        };
        let _ = self.stdout.borrow_mut().flush();
        let _ = self.stderr.borrow_mut().flush();
        code
    }
}
