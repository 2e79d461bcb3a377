//! Provider-specific helpers that are not part of the codec trait.

use pyo3::prelude::*;

use crate::convert::py_to_object;
use crate::errors::BindingError;

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(vbao_submit_form, m)?)?;
    m.add_function(wrap_pyfunction!(huanbei_request_fingerprint, m)?)?;
    Ok(())
}

/// Vbao's auto-submitting HTML form; every value is escaped and only http(s) actions are allowed.
#[pyfunction]
#[pyo3(signature = (submit_url, submit_method, encoding, submit_params))]
fn vbao_submit_form(
    submit_url: &str,
    submit_method: &str,
    encoding: Option<&str>,
    submit_params: Option<&str>,
) -> PyResult<String> {
    cardbind::providers::vbao::render_submit_form(submit_url, submit_method, encoding, submit_params)
        .map_err(|e| BindingError::from(e).into())
}

/// A stable fingerprint of a Huanbei bindCard request (independent of JSON key order).
#[pyfunction]
fn huanbei_request_fingerprint(fields: &Bound<'_, PyAny>) -> PyResult<String> {
    Ok(cardbind::providers::huanbei::request_fingerprint(&py_to_object(
        fields, "fields",
    )?))
}
