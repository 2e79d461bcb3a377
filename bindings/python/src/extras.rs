//! Provider-specific helpers that are not part of the codec trait.

use pyo3::prelude::*;

use cardbind::providers::lianlian::RiskItem;

use crate::convert::py_to_object;
use crate::errors::BindingError;

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(vbao_submit_form, m)?)?;
    m.add_function(wrap_pyfunction!(lianlian_risk_item, m)?)?;
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

/// LianLian's `risk_item` JSON string from its keys (see `cardbind.lianlian_risk_item`).
#[pyfunction]
fn lianlian_risk_item(fields: &Bound<'_, PyAny>) -> PyResult<String> {
    let fields = py_to_object(fields, "risk_item")?;
    if let Some((name, _)) = fields.iter().find(|(_, v)| {
        !matches!(
            v,
            serde_json::Value::String(_) | serde_json::Value::Null | serde_json::Value::Object(_)
        )
    }) {
        return Err(BindingError::argument(format!("risk_item.{name}"), "must be a str").into());
    }
    let item: RiskItem = serde_json::from_value(serde_json::Value::Object(fields)).map_err(|_| {
        BindingError::argument(
            "risk_item",
            "has a key lianlian_risk_item does not name (category keys go in extra) or a value that is not a str",
        )
    })?;
    item.to_json_string().map_err(|e| BindingError::from(e).into())
}
