//! The CLI's two failure classes and their exit codes.

use std::fmt;

/// Exit code: success.
pub const EXIT_OK: u8 = 0;
/// Exit code: a signature (or a decoded message's signature) did not verify.
pub const EXIT_VERIFY_FAILED: u8 = 1;
/// Exit code: unreadable or invalid input, key, option or configuration.
pub const EXIT_BAD_INPUT: u8 = 2;

/// Why a command did not succeed.
#[derive(Debug)]
pub enum CliError {
    /// The input, a key, an option or a configuration is unusable (exit 2). The message names
    /// what and why, never the values (they may be personal data or secrets).
    BadInput(String),
    /// A signature did not verify (exit 1). The report has already been written.
    VerificationFailed,
}

impl CliError {
    /// A bad-input error.
    pub fn bad(message: impl fmt::Display) -> Self {
        Self::BadInput(message.to_string())
    }

    /// The process exit code.
    pub fn exit_code(&self) -> u8 {
        match self {
            Self::BadInput(_) => EXIT_BAD_INPUT,
            Self::VerificationFailed => EXIT_VERIFY_FAILED,
        }
    }
}

/// Result of a command.
pub type CliResult = Result<(), CliError>;
