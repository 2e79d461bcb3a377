//! Core's masking for Python callers (`cardbind.mask`, `masked_fields()`, `repr`), and the list of
//! unified error kinds the Python enum is checked against.

use std::sync::{Mutex, OnceLock};

use cardbind::mask::{MaskedFields, PiiKind};
use cardbind::{ErrorKind, Provider};
use pyo3::prelude::*;
use pyo3::types::PyDict;
use serde_json::{Map, Value};

use crate::convert::{object_to_py, py_to_object};
use crate::errors::{kind_name, BindingError, BindingResult};

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(mask, m)?)?;
    m.add_function(wrap_pyfunction!(mask_text, m)?)?;
    m.add_function(wrap_pyfunction!(error_kinds, m)?)?;
    Ok(())
}

/// Which personal-data fields a masking uses: names with the masking each gets.
pub type PiiTable = &'static [(&'static str, PiiKind)];

/// `fields` as core shows them in `Debug`: the listed fields masked by kind, and any other value
/// that looks like a card, ID or phone number masked too.
pub fn masked(fields: &Map<String, Value>, pii: PiiTable) -> Map<String, Value> {
    // Core exposes this masking as `Debug` (JSON text); read it back rather than copy its rules.
    match serde_json::from_str(&format!("{:?}", MaskedFields(fields, pii))) {
        Ok(Value::Object(map)) => map,
        _ => Map::new(),
    }
}

/// Masks `fields` (wire names to values) with core's rules: the provider's personal-data fields
/// (every provider's and the unified names when `provider` is None) and any value that looks like a card, ID or phone
/// number. Returns a new dict; the input is not changed.
#[pyfunction]
#[pyo3(signature = (fields, provider=None))]
fn mask<'py>(py: Python<'py>, fields: &Bound<'py, PyAny>, provider: Option<&str>) -> PyResult<Bound<'py, PyDict>> {
    let fields = py_to_object(fields, "fields")?;
    let table = match provider {
        None => all_tables(),
        Some(name) => {
            let provider = Provider::from_name(name)
                .ok_or_else(|| BindingError::argument("provider", Provider::unknown_name_reason(name)))?;
            cardbind::registry::pii_fields(provider)
        }
    };
    object_to_py(py, &masked(&fields, table))
}

/// Free text (a provider's message) with the card, ID and phone numbers in it masked by core's
/// rule; everything else unchanged.
#[pyfunction]
fn mask_text(text: &str) -> String {
    cardbind::mask::mask_free_text(text)
}

/// Every unified error kind, by name, in core's order.
#[pyfunction]
fn error_kinds() -> Vec<String> {
    ALL_ERROR_KINDS.iter().map(|k| kind_name(*k)).collect()
}

const ALL_ERROR_KINDS: [ErrorKind; 18] = [
    ErrorKind::VerifyCodeWrong,
    ErrorKind::VerifyCodeExpired,
    ErrorKind::SmsFailed,
    ErrorKind::CardAlreadyBound,
    ErrorKind::IdentityMismatch,
    ErrorKind::BankMismatch,
    ErrorKind::CardNotEnabled,
    ErrorKind::TooManyAttempts,
    ErrorKind::DuplicateOrder,
    ErrorKind::OrderNotFound,
    ErrorKind::InvalidParameter,
    ErrorKind::SignatureInvalid,
    ErrorKind::MerchantMisconfigured,
    ErrorKind::ProviderUnavailable,
    ErrorKind::InProgress,
    ErrorKind::UserNotEligible,
    ErrorKind::Rejected,
    ErrorKind::Unknown,
];

/// Never called: a kind added to core breaks this exhaustive match, pointing at the list above.
#[allow(dead_code)]
const fn listed(kind: ErrorKind) {
    match kind {
        ErrorKind::VerifyCodeWrong
        | ErrorKind::VerifyCodeExpired
        | ErrorKind::SmsFailed
        | ErrorKind::CardAlreadyBound
        | ErrorKind::IdentityMismatch
        | ErrorKind::BankMismatch
        | ErrorKind::CardNotEnabled
        | ErrorKind::TooManyAttempts
        | ErrorKind::DuplicateOrder
        | ErrorKind::OrderNotFound
        | ErrorKind::InvalidParameter
        | ErrorKind::SignatureInvalid
        | ErrorKind::MerchantMisconfigured
        | ErrorKind::ProviderUnavailable
        | ErrorKind::InProgress
        | ErrorKind::UserNotEligible
        | ErrorKind::Rejected
        | ErrorKind::Unknown => {}
    }
}

/// The snake_case name of a masking (`card`, `id`...), as the specs' `pii` attribute writes it.
pub const fn pii_kind_name(kind: PiiKind) -> &'static str {
    match kind {
        PiiKind::Card => "card",
        PiiKind::Id => "id",
        PiiKind::Phone => "phone",
        PiiKind::Name => "name",
        PiiKind::Secret => "secret",
    }
}

pub fn pii_kind(name: &str) -> BindingResult<PiiKind> {
    match name {
        "card" => Ok(PiiKind::Card),
        "id" => Ok(PiiKind::Id),
        "phone" => Ok(PiiKind::Phone),
        "name" => Ok(PiiKind::Name),
        "secret" => Ok(PiiKind::Secret),
        _ => Err(BindingError::argument(
            "pii",
            "must be one of card, id, phone, name, secret",
        )),
    }
}

/// A table with `'static` lifetime, as core's masking takes it. Each distinct table is allocated
/// once for the process (there are a handful: one per provider, their union, and what unpickled
/// objects carry, which are the same ones).
pub fn intern(pairs: Vec<(String, PiiKind)>) -> PiiTable {
    static TABLES: Mutex<Vec<PiiTable>> = Mutex::new(Vec::new());
    let mut tables = TABLES.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    let same = |t: &&PiiTable| t.len() == pairs.len() && t.iter().zip(&pairs).all(|(a, b)| a.0 == b.0 && a.1 == b.1);
    if let Some(found) = tables.iter().find(same) {
        return found;
    }
    let table: Vec<(&'static str, PiiKind)> = pairs
        .into_iter()
        .map(|(name, kind)| (&*Box::leak(name.into_boxed_str()), kind))
        .collect();
    let table: PiiTable = Box::leak(table.into_boxed_slice());
    tables.push(table);
    table
}

/// The unified names and every provider's personal-data fields (the first to name a field decides
/// its masking).
fn all_tables() -> PiiTable {
    static ALL: OnceLock<PiiTable> = OnceLock::new();
    ALL.get_or_init(|| {
        // The unified calls' keywords (`Client.bind_card_apply(card_number=...)`), from the spec.
        let mut pairs: Vec<(String, PiiKind)> = cardbind::spec::pii_names().unified.clone();
        for provider in Provider::ALL {
            for (name, kind) in cardbind::registry::pii_fields(provider) {
                if !pairs.iter().any(|(n, _)| n == name) {
                    pairs.push(((*name).to_owned(), *kind));
                }
            }
        }
        intern(pairs)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_provider_spec_marks_personal_data_fields() {
        for provider in Provider::ALL {
            assert!(!cardbind::registry::pii_fields(provider).is_empty(), "{provider:?}");
        }
        assert!(all_tables().contains(&("card_no", PiiKind::Card)));
        assert!(all_tables().contains(&("user_idcard", PiiKind::Id)));
    }

    #[test]
    fn interning_returns_the_same_table_for_the_same_pairs() {
        let a = intern(vec![("x".into(), PiiKind::Card)]);
        let b = intern(vec![("x".into(), PiiKind::Card)]);
        assert!(std::ptr::eq(a, b));
        assert!(!std::ptr::eq(a, intern(vec![("x".into(), PiiKind::Phone)])));
    }
}
