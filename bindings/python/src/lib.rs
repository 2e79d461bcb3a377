//! `cardbind._native`: the compiled half of the `cardbind` Python package. The pure-Python half
//! (`cardbind/__init__.py`) supplies defaults that need the OS (time, randomness), which core never reads.

mod cli;
mod client;
mod convert;
mod errors;
mod extras;
mod lowlevel;
mod masking;

use pyo3::prelude::*;

#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    // The one version: the workspace's, which maturin also writes into the wheel's metadata.
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    lowlevel::register(m)?;
    client::register(m)?;
    cli::register(m)?;
    extras::register(m)?;
    masking::register(m)?;
    Ok(())
}
