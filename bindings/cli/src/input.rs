//! Reading files and stdin.

use std::io::Read as _;
use std::path::Path;

use crate::error::CliError;

/// Reads `path`, or stdin when it is `-`. Errors name the path, never the content.
pub fn read_bytes(path: &Path) -> Result<Vec<u8>, CliError> {
    if path.as_os_str() == "-" {
        let mut buf = Vec::new();
        std::io::stdin()
            .lock()
            .read_to_end(&mut buf)
            .map_err(|e| CliError::bad(format!("cannot read stdin: {e}")))?;
        Ok(buf)
    } else {
        std::fs::read(path).map_err(|e| CliError::bad(format!("cannot read {}: {e}", path.display())))
    }
}

/// Reads `path` (or stdin) as UTF-8 text.
pub fn read_text(path: &Path) -> Result<String, CliError> {
    let bytes = read_bytes(path)?;
    String::from_utf8(bytes).map_err(|_| CliError::bad(format!("{} is not UTF-8 text", shown(path))))
}

/// How a path is named in messages.
pub fn shown(path: &Path) -> String {
    if path.as_os_str() == "-" {
        "stdin".to_owned()
    } else {
        path.display().to_string()
    }
}

/// 32 bytes of OS randomness, for RSA blinding and randomised padding.
pub fn os_seed() -> Result<[u8; 32], CliError> {
    let mut seed = [0u8; 32];
    getrandom::getrandom(&mut seed).map_err(|e| CliError::bad(format!("no OS randomness available: {e}")))?;
    Ok(seed)
}
