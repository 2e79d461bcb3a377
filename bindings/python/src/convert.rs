//! Python values <-> JSON values, exactly: integers stay integers of any size, decimals come back
//! as `decimal.Decimal`, floats are refused (amounts never pass through binary floating point).

use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyBool, PyBytes, PyDict, PyFloat, PyInt, PyList, PyMemoryView, PyString, PyTuple};
use serde_json::{Map, Number, Value};

use crate::errors::BindingError;

const MAX_DEPTH: usize = 64;

static DECIMAL: PyOnceLock<Py<PyAny>> = PyOnceLock::new();

fn decimal_class(py: Python<'_>) -> PyResult<&Bound<'_, PyAny>> {
    DECIMAL
        .get_or_try_init(py, || Ok(py.import("decimal")?.getattr("Decimal")?.unbind()))
        .map(|c| c.bind(py))
}

/// A Python mapping of wire names to values, as a JSON object.
pub fn py_to_object(obj: &Bound<'_, PyAny>, field: &str) -> PyResult<Map<String, Value>> {
    match py_to_value(obj, field, 0)? {
        Value::Object(map) => Ok(map),
        _ => Err(BindingError::argument(field, "must be a dict with str keys").into()),
    }
}

fn py_to_value(obj: &Bound<'_, PyAny>, path: &str, depth: usize) -> PyResult<Value> {
    if depth > MAX_DEPTH {
        return Err(BindingError::argument(path, "nested too deeply").into());
    }
    if obj.is_none() {
        return Ok(Value::Null);
    }
    if let Ok(b) = obj.cast::<PyBool>() {
        return Ok(Value::Bool(b.is_true()));
    }
    if let Ok(s) = obj.cast::<PyString>() {
        return Ok(Value::String(s.to_cow()?.into_owned()));
    }
    if obj.cast::<PyInt>().is_ok() {
        return number(&obj.str()?.to_cow()?, path);
    }
    if obj.cast::<PyFloat>().is_ok() {
        return Err(BindingError::argument(
            path,
            "floats are refused (amounts must be exact): pass int, decimal.Decimal or str",
        )
        .into());
    }
    let py = obj.py();
    if obj.is_instance(decimal_class(py)?)? {
        let text: String = obj.str()?.to_cow()?.into_owned();
        return number(&text, path);
    }
    if let Ok(dict) = obj.cast::<PyDict>() {
        let mut map = Map::with_capacity(dict.len());
        for (k, v) in dict.iter() {
            let key = k
                .cast::<PyString>()
                .map_err(|_| BindingError::argument(path, "dict keys must be str"))?
                .to_cow()?
                .into_owned();
            let child = format!("{path}.{key}");
            let value = py_to_value(&v, &child, depth + 1)?;
            map.insert(key, value);
        }
        return Ok(Value::Object(map));
    }
    if obj.cast::<PyList>().is_ok() || obj.cast::<PyTuple>().is_ok() {
        let mut items = Vec::new();
        for (i, item) in obj.try_iter()?.enumerate() {
            items.push(py_to_value(&item?, &format!("{path}[{i}]"), depth + 1)?);
        }
        return Ok(Value::Array(items));
    }
    Err(BindingError::argument(
        path,
        "unsupported type: use str, int, Decimal, bool, None, list or dict",
    )
    .into())
}

fn number(text: &str, path: &str) -> PyResult<Value> {
    text.parse::<Number>()
        .map(Value::Number)
        .map_err(|_| BindingError::argument(path, "not a finite number").into())
}

/// A JSON value as a plain Python value.
pub fn value_to_py<'py>(py: Python<'py>, value: &Value) -> PyResult<Bound<'py, PyAny>> {
    Ok(match value {
        Value::Null => py.None().into_bound(py),
        Value::Bool(b) => PyBool::new(py, *b).to_owned().into_any(),
        Value::Number(n) => {
            if let Some(i) = n.as_i64() {
                i.into_pyobject(py)?.into_any()
            } else if let Some(u) = n.as_u64() {
                u.into_pyobject(py)?.into_any()
            } else {
                let text = n.to_string();
                if text.bytes().all(|b| b.is_ascii_digit() || b == b'-') {
                    py.get_type::<PyInt>().call1((text,))?
                } else {
                    decimal_class(py)?.call1((text,))?
                }
            }
        }
        Value::String(s) => PyString::new(py, s).into_any(),
        Value::Array(items) => {
            let list = PyList::empty(py);
            for item in items {
                list.append(value_to_py(py, item)?)?;
            }
            list.into_any()
        }
        Value::Object(map) => object_to_py(py, map)?.into_any(),
    })
}

/// A JSON object as a Python dict.
pub fn object_to_py<'py>(py: Python<'py>, map: &Map<String, Value>) -> PyResult<Bound<'py, PyDict>> {
    let dict = PyDict::new(py);
    for (k, v) in map {
        dict.set_item(k, value_to_py(py, v)?)?;
    }
    Ok(dict)
}

/// Any bytes-like object (`bytes`, `bytearray`, `memoryview`, any contiguous buffer) as `bytes`:
/// `bytes` itself is borrowed, anything else copied once through `memoryview` (the buffer
/// protocol is not in the abi3 API before Python 3.11).
pub fn bytes_like<'py>(obj: &Bound<'py, PyAny>, field: &str) -> PyResult<Bound<'py, PyBytes>> {
    if let Ok(bytes) = obj.cast::<PyBytes>() {
        return Ok(bytes.clone());
    }
    let refused = || BindingError::argument(field, "must be bytes-like (bytes, bytearray, memoryview)");
    if obj.is_instance_of::<PyString>() {
        return Err(refused().into());
    }
    let py = obj.py();
    let view = py.get_type::<PyMemoryView>().call1((obj,)).map_err(|_| refused())?;
    Ok(view.call_method0("tobytes")?.cast_into::<PyBytes>()?)
}
