//! The `cardbind` command-line tool and its `verify --explain`, from Python: the same Rust code
//! as the `cardbind` binary (the `cardbind_cli` library), over Python's streams.

use std::ffi::OsString;
use std::io::{Read, Write};

use cardbind::{HexCase, KeyOrder, SharedSecret};
use cardbind_cli::{Canonical, ExplainRequest, RuleInput, SignatureInput, Streams};
use pyo3::prelude::*;
use pyo3::types::PyBytes;

use crate::errors::{BindingError, BindingResult};
use crate::lowlevel::digest;

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(run_cli, m)?)?;
    m.add_function(wrap_pyfunction!(explain, m)?)?;
    Ok(())
}

/// A binary Python stream (`sys.stdin.buffer`...) as a Rust reader or writer. Each call takes the
/// GIL for the Python call only.
struct PyStream {
    stream: Py<PyAny>,
    /// Bytes a `read` returned beyond what was asked for (a text stream's `read(n)` counts
    /// characters), handed out first next time.
    pending: Vec<u8>,
}

impl PyStream {
    fn new(stream: Py<PyAny>) -> Self {
        Self {
            stream,
            pending: Vec::new(),
        }
    }
}

fn io_error(e: &PyErr) -> std::io::Error {
    std::io::Error::other(e.to_string())
}

impl Read for PyStream {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if self.pending.is_empty() {
            self.pending = Python::attach(|py| -> std::io::Result<Vec<u8>> {
                let chunk = self
                    .stream
                    .call_method1(py, "read", (buf.len(),))
                    .map_err(|e| io_error(&e))?;
                if chunk.is_none(py) {
                    return Ok(Vec::new());
                }
                let chunk = chunk.cast_bound::<PyBytes>(py).map_err(|e| io_error(&e.into()))?;
                Ok(chunk.as_bytes().to_vec())
            })?;
        }
        let n = self.pending.len().min(buf.len());
        buf[..n].copy_from_slice(&self.pending[..n]);
        self.pending.drain(..n);
        Ok(n)
    }
}

impl Write for PyStream {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        Python::attach(|py| {
            self.stream
                .call_method1(py, "write", (PyBytes::new(py, buf),))
                .map_err(|e| io_error(&e))?;
            Ok(buf.len())
        })
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Python::attach(|py| {
            self.stream
                .call_method0(py, "flush")
                .map(drop)
                .map_err(|e| io_error(&e))
        })
    }
}

/// Runs `cardbind` with `args` (`args[0]` is the program's name) over binary streams; returns
/// the exit code (0 success, 1 a signature does not verify, 2 bad input).
#[pyfunction]
fn run_cli(py: Python<'_>, args: Vec<OsString>, stdin: Py<PyAny>, stdout: Py<PyAny>, stderr: Py<PyAny>) -> u8 {
    let (mut stdin, mut stdout, mut stderr) = (PyStream::new(stdin), PyStream::new(stdout), PyStream::new(stderr));
    // Without the GIL: a long diagnosis does not stop other Python threads.
    py.detach(|| {
        cardbind_cli::run(
            args,
            Streams {
                stdin: &mut stdin,
                stdout: &mut stdout,
                stderr: &mut stderr,
            },
        )
    })
}

fn one_of<T: Copy>(field: &str, value: &str, names: &[(&str, T)]) -> BindingResult<T> {
    names.iter().find(|(n, _)| *n == value).map(|(_, v)| *v).ok_or_else(|| {
        let listed: Vec<&str> = names.iter().map(|(n, _)| *n).collect();
        BindingError::argument(field, format!("must be one of {}", listed.join(", ")))
    })
}

/// `verify --explain` as data: returns (the `--json` document, the text report). The Python
/// layer (`cardbind.explain`) reads files and turns the document into dataclasses.
#[pyfunction]
#[pyo3(signature = (
    message, *, signature=None, signature_field="sign", provider=None, profile=None,
    canonical="sorted-pairs", raw=false, order=None, exclude=Vec::new(), keep_empty=false, digest=None,
    key=None, also_keys=Vec::new(), secret=None, secret_file=None, keep_secret_newline=false,
    salt_prefix=None, case="lower", any_case=false, also_secrets=Vec::new(), show_pii=false
))]
#[allow(clippy::too_many_arguments, clippy::fn_params_excessive_bools)] // verify --explain's options, one each
fn explain(
    py: Python<'_>,
    message: Vec<u8>,
    signature: Option<String>,
    signature_field: &str,
    provider: Option<String>,
    profile: Option<String>,
    canonical: &str,
    raw: bool,
    order: Option<&str>,
    exclude: Vec<String>,
    keep_empty: bool,
    digest: Option<&str>,
    key: Option<Vec<u8>>,
    also_keys: Vec<Vec<u8>>,
    secret: Option<String>,
    secret_file: Option<(String, Vec<u8>)>,
    keep_secret_newline: bool,
    salt_prefix: Option<String>,
    case: &str,
    any_case: bool,
    also_secrets: Vec<String>,
    show_pii: bool,
) -> PyResult<(String, String)> {
    let (secret, secret_line_end_removed) = match (secret, secret_file) {
        (Some(s), _) => (Some(SharedSecret::new(s)), None),
        (None, Some((name, bytes))) => {
            let text = secret_text(bytes, &name)?;
            let (secret, removed) = cardbind_cli::secret_from_file(&text, keep_secret_newline);
            (Some(secret), removed)
        }
        (None, None) => (None, None),
    };
    let rule = RuleInput {
        input: message,
        raw,
        provider,
        profile,
        canonical: one_of(
            "canonical",
            canonical,
            &[
                ("sorted-pairs", Canonical::SortedPairs),
                ("xianjincard", Canonical::Xianjincard),
            ],
        )?,
        order: order
            .map(|o| {
                one_of(
                    "order",
                    o,
                    &[
                        ("bytewise", KeyOrder::Bytewise),
                        ("case-insensitive", KeyOrder::CaseInsensitive),
                    ],
                )
            })
            .transpose()?,
        exclude,
        keep_empty,
        digest: digest.map(self::digest).transpose()?,
        secret,
        secret_line_end_removed,
        salt_prefix,
        case: one_of("case", case, &[("lower", HexCase::Lower), ("upper", HexCase::Upper)])?,
        ..RuleInput::new("message")
    };
    let request = ExplainRequest {
        rule,
        key,
        also_keys,
        also_secrets,
        signature: SignatureInput {
            signature,
            field: signature_field.to_owned(),
        },
        any_case,
        show_pii,
    };
    let verification = py
        .detach(|| cardbind_cli::explain_request(request))
        .map_err(|message| BindingError::argument("explain", message))?;
    let json = serde_json::to_string(&verification.to_json()).unwrap_or_default();
    let mut text = verification.lines(true).join("\n");
    text.push('\n');
    Ok((json, text))
}

/// A secret file's bytes as text, the way `--secret-file` reads it (UTF-8, no byte-order mark).
fn secret_text(bytes: Vec<u8>, name: &str) -> BindingResult<String> {
    String::from_utf8(bytes)
        .map(|t| t.strip_prefix('\u{feff}').map(str::to_owned).unwrap_or(t))
        .map_err(|_| BindingError::argument("secret_file", format!("{name} is not UTF-8 text")))
}
