//! Typed views of decoded answers: the bank list as [`Bank`]s, the admission answer with amounts
//! as integer fen (read from the JSON text, never through a float).

use serde_json::Value;

use super::codes::AdmissionResult;
use crate::model::{Bank, CodecError, DecodedResponse, Provider, ValidationError, ValidationRule};

/// A decoded `User.isUserAccept` answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Admission {
    /// `result`; `None` for an undocumented code (the outcome keeps it raw).
    pub result: Option<AdmissionResult>,
    /// `amount`: the largest loan, in fen.
    pub amount_fen: Option<u64>,
    /// `min_amount` or `min_amunt`: the smallest loan, in fen.
    pub min_amount_fen: Option<u64>,
    /// `terms`.
    pub terms: Vec<u32>,
    /// `term_type`: 1 days, 2 months, 3 years.
    pub term_type: Option<u8>,
    /// `loan_mode`: 0 standard, 1 simplified.
    pub loan_mode: Option<u8>,
    /// `can_loan_time` as received (`yyyy-MM-dd`; not re-validated: the document's own example
    /// is not a real date).
    pub can_loan_time: Option<String>,
    /// `remark`.
    pub remark: Option<String>,
}

fn malformed(field: &str, reason: &str) -> CodecError {
    CodecError::Malformed {
        field: format!("response.{field}"),
        reason: reason.into(),
    }
}

/// Digits of a JSON integer or of a string of digits (both arrive).
fn digits(value: &Value) -> Option<String> {
    let text = match value {
        Value::Number(n) => n.to_string(),
        Value::String(s) => s.clone(),
        _ => return None,
    };
    (!text.is_empty() && text.bytes().all(|b| b.is_ascii_digit())).then_some(text)
}

fn unsigned<T: std::str::FromStr>(
    fields: &serde_json::Map<String, Value>,
    name: &str,
) -> Result<Option<T>, CodecError> {
    match fields.get(name) {
        None | Some(Value::Null) => Ok(None),
        Some(value) => digits(value)
            .and_then(|d| d.parse::<T>().ok())
            .map(Some)
            .ok_or_else(|| malformed(name, "expected a non-negative integer in range")),
    }
}

/// Reads a decoded `User.isUserAccept` answer.
pub fn admission(decoded: &DecodedResponse) -> Result<Admission, CodecError> {
    let fields = &decoded.fields;
    let text = |name: &str| fields.get(name).and_then(Value::as_str).map(str::to_owned);
    let result = fields
        .get("result")
        .and_then(digits)
        .and_then(|code| AdmissionResult::from_wire(&code));
    let min_amount_fen = match unsigned(fields, "min_amount")? {
        Some(v) => Some(v),
        None => unsigned(fields, "min_amunt")?,
    };
    let terms = match fields.get("terms") {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::Array(items)) => items
            .iter()
            .map(|item| digits(item).and_then(|d| d.parse::<u32>().ok()))
            .collect::<Option<Vec<u32>>>()
            .ok_or_else(|| malformed("terms", "expected non-negative integers"))?,
        Some(_) => return Err(malformed("terms", "expected an array")),
    };
    Ok(Admission {
        result,
        amount_fen: unsigned(fields, "amount")?,
        min_amount_fen,
        terms,
        term_type: unsigned(fields, "term_type")?,
        loan_mode: unsigned(fields, "loan_mode")?,
        can_loan_time: text("can_loan_time"),
        remark: text("remark"),
    })
}

/// The banks in a decoded `BindCard.getValidBankList` answer, in order. A code outside the
/// document's table is an error naming the entry.
pub fn supported_banks(decoded: &DecodedResponse) -> Result<Vec<Bank>, CodecError> {
    let Some(Value::Array(list)) = decoded.fields.get("response") else {
        return Err(CodecError::Malformed {
            field: "response".into(),
            reason: "expected the bank list".into(),
        });
    };
    list.iter()
        .enumerate()
        .map(|(i, entry)| {
            entry
                .get("bank_code")
                .and_then(Value::as_str)
                .and_then(|code| Bank::from_code(Provider::Xianjincard, code))
                .ok_or_else(|| {
                    ValidationError::new(format!("response[{i}].bank_code"), ValidationRule::UnsupportedBank).into()
                })
        })
        .collect()
}
