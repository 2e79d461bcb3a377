//! Yixin business fields: validation before encoding, and typed views of list responses
//! (`bankList` limits as exact decimals, `cardList` entries with an optional `bindCardId`).

use std::fmt;

use serde_json::{Map, Value};

use super::codes::{AgreementStatus, BindStatus, CardKind, VerifyStatus};
use crate::mask::{mask_card, mask_phone};
use crate::model::validate::one_of;
use crate::model::{Bank, CardNumber, CodecError, Phone, Provider, ValidationError, ValidationRule, VerifyCode};
use crate::providers::kit::fields::{malformed, required_value, string_value, type_error};
use crate::providers::kit::Unlisted;
use crate::spec::OperationSpec;

/// A string member read under the error name `name` (list entries: `bankList[0].bankCode`).
fn opt_str<'a>(map: &'a Map<String, Value>, field: &str, name: &str) -> Result<Option<&'a str>, ValidationError> {
    string_value(name, map.get(field))
}

fn req_str<'a>(map: &'a Map<String, Value>, field: &str, name: &str) -> Result<&'a str, ValidationError> {
    required_value(name, map.get(field))
}

fn no_unknown(map: &Map<String, Value>, allowed: &[&str], prefix: &str) -> Result<(), ValidationError> {
    match map.keys().find(|k| !allowed.contains(&k.as_str())) {
        Some(k) => Err(ValidationError::new(
            format!("{prefix}{k}"),
            ValidationRule::UnknownField,
        )),
        None => Ok(()),
    }
}

/// Checks a request's fields: known names, required, formats, enums, the repay rule.
pub(crate) fn validate_request(
    op: &OperationSpec,
    params: &Map<String, Value>,
    unlisted: Unlisted<'_>,
) -> Result<(), ValidationError> {
    unlisted.check_fields(&op.request, &[], params)?;
    for field in op.request.iter().map(|f| f.name.as_str()) {
        if field == "bizNo" {
            let missing = opt_str(params, field, field)?.is_none_or(|v| v.trim().is_empty());
            if missing && opt_str(params, "bizType", "bizType")? == Some("repay") {
                return Err(ValidationError::new(
                    field,
                    ValidationRule::RequiredWhen {
                        condition: "bizType = repay".into(),
                    },
                ));
            }
            continue;
        }
        let value = req_str(params, field, field)?;
        match field {
            "cardNo" => CardNumber::new(field, value).map(|_| ())?,
            "phone" => Phone::new(field, value).map(|_| ())?,
            "bizType" => one_of(field, value, &["loan", "repay"])?,
            "verifyCode" => {
                VerifyCode::new(field, value)?;
                // The document: 目前支持6位验证码.
                if value.len() != 6 {
                    return Err(ValidationError::new(field, ValidationRule::ExactLength { len: 6 }));
                }
            }
            _ => {}
        }
    }
    Ok(())
}

fn status_one_of(map: &Map<String, Value>, allowed: &[&str]) -> Result<String, ValidationError> {
    let status = req_str(map, "status", "status")?;
    one_of("status", status, allowed)?;
    Ok(status.to_owned())
}

fn wires<T: Copy>(all: &[T], f: fn(T) -> &'static str) -> Vec<&'static str> {
    all.iter().map(|v| f(*v)).collect()
}

/// Checks a response's business fields before the server role encodes them.
pub(crate) fn validate_response(
    op: &OperationSpec,
    fields: &Map<String, Value>,
    unlisted: Unlisted<'_>,
) -> Result<(), ValidationError> {
    unlisted.check_fields(&op.response, &[], fields)?;
    match op.name.as_str() {
        "bindCard" => {
            let status = status_one_of(fields, &wires(BindStatus::ALL, BindStatus::as_str))?;
            if status == BindStatus::Sent.as_str() && opt_str(fields, "bizId", "bizId")?.is_none_or(str::is_empty) {
                return Err(ValidationError::new(
                    "bizId",
                    ValidationRule::RequiredWhen {
                        condition: "status = 0".into(),
                    },
                ));
            }
            opt_str(fields, "desc", "desc")?;
        }
        "verifyCode" => {
            status_one_of(fields, &wires(VerifyStatus::ALL, VerifyStatus::as_str))?;
            opt_str(fields, "desc", "desc")?;
        }
        "needCardSign" => {
            status_one_of(fields, &wires(AgreementStatus::ALL, AgreementStatus::as_str))?;
        }
        "cardBank" => {
            req_str(fields, "bankName", "bankName")?;
            req_str(fields, "bankCode", "bankCode")?;
        }
        "cardList" => {
            for (i, entry) in list(fields, "bankCardList")?.iter().enumerate() {
                let name = |f: &str| format!("bankCardList[{i}].{f}");
                let entry = entry.as_object().ok_or_else(|| type_error(&name(""), "object"))?;
                no_unknown(
                    entry,
                    &["bindCardId", "cardNo", "cardType", "bankCode", "bankName", "phone"],
                    &name(""),
                )?;
                opt_str(entry, "bindCardId", &name("bindCardId"))?;
                for f in ["cardNo", "bankCode", "bankName", "phone"] {
                    req_str(entry, f, &name(f))?;
                }
                let card_type = match entry.get("cardType") {
                    Some(Value::Number(n)) => n.to_string(),
                    None | Some(Value::Null) => {
                        return Err(ValidationError::new(name("cardType"), ValidationRule::Required))
                    }
                    Some(_) => return Err(type_error(&name("cardType"), "integer")),
                };
                one_of(&name("cardType"), &card_type, &wires(CardKind::ALL, CardKind::as_str))?;
            }
        }
        "bankList" => {
            for (i, entry) in list(fields, "bankList")?.iter().enumerate() {
                let name = |f: &str| format!("bankList[{i}].{f}");
                let entry = entry.as_object().ok_or_else(|| type_error(&name(""), "object"))?;
                no_unknown(entry, &["bankName", "bankCode", "timesLimit", "dayLimit"], &name(""))?;
                req_str(entry, "bankName", &name("bankName"))?;
                req_str(entry, "bankCode", &name("bankCode"))?;
                for f in ["timesLimit", "dayLimit"] {
                    match entry.get(f) {
                        None | Some(Value::Null) => {
                            return Err(ValidationError::new(name(f), ValidationRule::Required))
                        }
                        Some(v) => {
                            Yuan::from_value(v).ok_or_else(|| {
                                ValidationError::new(
                                    name(f),
                                    ValidationRule::Format {
                                        expected: "non-negative decimal yuan".into(),
                                    },
                                )
                            })?;
                        }
                    }
                }
            }
        }
        _ => {}
    }
    Ok(())
}

fn list<'a>(fields: &'a Map<String, Value>, field: &str) -> Result<&'a Vec<Value>, ValidationError> {
    match fields.get(field) {
        Some(Value::Array(items)) => Ok(items),
        None | Some(Value::Null) => Err(ValidationError::new(field, ValidationRule::Required)),
        Some(_) => Err(type_error(field, "array")),
    }
}

/// An exact amount in yuan, as the decimal text Yixin sent (Java `BigDecimal`): never a float.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Yuan(String);

impl Yuan {
    /// Accepts a plain non-negative decimal (`500000`, `1000.50`) as a JSON number or string.
    /// Exponent forms are refused rather than converted.
    pub fn from_value(value: &Value) -> Option<Self> {
        let text = match value {
            Value::Number(n) => n.to_string(),
            Value::String(s) => s.clone(),
            _ => return None,
        };
        let (int, frac) = text.split_once('.').unwrap_or((&text, ""));
        let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
        let ok = !int.is_empty() && digits(int) && digits(frac) && (!text.contains('.') || !frac.is_empty());
        ok.then_some(Self(text))
    }

    /// The decimal text, exactly as received.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The amount in fen, if it has at most two decimals and fits.
    pub fn to_fen(&self) -> Option<u128> {
        let (int, frac) = self.0.split_once('.').unwrap_or((&self.0, ""));
        let frac = frac.trim_end_matches('0');
        if frac.len() > 2 {
            return None;
        }
        let int: u128 = int.parse().ok()?;
        let frac_fen: u128 = format!("{frac:0<2}").parse().ok()?;
        int.checked_mul(100)?.checked_add(frac_fen)
    }
}

/// One `bankList` entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BankLimit {
    /// 银行名称.
    pub bank_name: String,
    /// Yixin's bank code (`ECITIC`, `BOCOM`...).
    pub bank_code: String,
    /// The canonical bank, if the code is in the table.
    pub bank: Option<Bank>,
    /// 单笔限额 (yuan).
    pub times_limit: Yuan,
    /// 单日限额 (yuan).
    pub day_limit: Yuan,
}

/// One `cardList` entry. `Debug` masks the card number and phone.
#[derive(Clone, PartialEq, Eq)]
pub struct BoundCard {
    /// 绑卡id; the document's own example omits it.
    pub bind_card_id: Option<String>,
    /// 卡号 (as sent; may already be masked by Yixin).
    pub card_no: String,
    /// 卡类型, if a documented value.
    pub card_type: Option<CardKind>,
    /// The raw `cardType` text.
    pub card_type_raw: String,
    /// 银行代码.
    pub bank_code: String,
    /// The canonical bank, if the code is in the table.
    pub bank: Option<Bank>,
    /// 银行名称.
    pub bank_name: String,
    /// 预留手机号.
    pub phone: String,
}

impl fmt::Debug for BoundCard {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("BoundCard")
            .field("bind_card_id", &self.bind_card_id)
            .field("card_no", &mask_card(&self.card_no))
            .field("card_type", &self.card_type)
            .field("card_type_raw", &self.card_type_raw)
            .field("bank_code", &self.bank_code)
            .field("bank", &self.bank)
            .field("bank_name", &self.bank_name)
            .field("phone", &mask_phone(&self.phone))
            .finish()
    }
}

fn entries<'a>(fields: &'a Map<String, Value>, list: &str) -> Result<Vec<&'a Map<String, Value>>, CodecError> {
    let items = match fields.get(list) {
        Some(Value::Array(items)) => items,
        None | Some(Value::Null) => return Ok(Vec::new()),
        Some(_) => return Err(malformed(list, "not an array")),
    };
    items
        .iter()
        .enumerate()
        .map(|(i, v)| {
            v.as_object()
                .ok_or_else(|| malformed(&format!("{list}[{i}]"), "not an object"))
        })
        .collect()
}

fn text(entry: &Map<String, Value>, name: &str, field: &str) -> Result<String, CodecError> {
    match entry.get(field) {
        Some(Value::String(s)) => Ok(s.clone()),
        Some(Value::Number(n)) => Ok(n.to_string()),
        None | Some(Value::Null) => Err(malformed(name, "missing")),
        Some(_) => Err(malformed(name, "not a string")),
    }
}

/// The typed `bankList` of a decoded `bankList` response. Limits keep their exact decimal text.
pub fn bank_list(fields: &Map<String, Value>) -> Result<Vec<BankLimit>, CodecError> {
    entries(fields, "bankList")?
        .into_iter()
        .enumerate()
        .map(|(i, e)| {
            let name = |f: &str| format!("bankList[{i}].{f}");
            let limit = |f: &str| {
                e.get(f)
                    .and_then(Yuan::from_value)
                    .ok_or_else(|| malformed(&name(f), "not a plain non-negative decimal"))
            };
            let bank_code = text(e, &name("bankCode"), "bankCode")?;
            Ok(BankLimit {
                bank_name: text(e, &name("bankName"), "bankName")?,
                bank: Bank::from_code(Provider::Yixin, &bank_code),
                bank_code,
                times_limit: limit("timesLimit")?,
                day_limit: limit("dayLimit")?,
            })
        })
        .collect()
}

/// The typed `bankCardList` of a decoded `cardList` response. `bindCardId` may be absent.
pub fn card_list(fields: &Map<String, Value>) -> Result<Vec<BoundCard>, CodecError> {
    entries(fields, "bankCardList")?
        .into_iter()
        .enumerate()
        .map(|(i, e)| {
            let name = |f: &str| format!("bankCardList[{i}].{f}");
            let bind_card_id = match e.get("bindCardId") {
                None | Some(Value::Null) => None,
                Some(_) => Some(text(e, &name("bindCardId"), "bindCardId")?),
            };
            let card_type_raw = text(e, &name("cardType"), "cardType")?;
            let bank_code = text(e, &name("bankCode"), "bankCode")?;
            Ok(BoundCard {
                bind_card_id,
                card_no: text(e, &name("cardNo"), "cardNo")?,
                card_type: CardKind::from_wire(&card_type_raw),
                card_type_raw,
                bank: Bank::from_code(Provider::Yixin, &bank_code),
                bank_code,
                bank_name: text(e, &name("bankName"), "bankName")?,
                phone: text(e, &name("phone"), "phone")?,
            })
        })
        .collect()
}
