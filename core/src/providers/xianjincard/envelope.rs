//! The two envelopes: the signed form request (`ua`, `call`, `args`, `sign`, `timestamp`) and
//! the unsigned JSON answer `{status, message, response}`.

use rand_core::CryptoRng;
use serde_json::{Map, Value};

use crate::form;
use crate::model::{limits, CodecError};
use crate::rule::{SharedSecret, SignatureRule, SigningKey, VerifyingKey};

/// The request content type (documented).
pub const FORM_CONTENT_TYPE: &str = "application/x-www-form-urlencoded";
/// The response content type.
pub const JSON_CONTENT_TYPE: &str = "application/json; charset=utf-8";

/// One direction's `ua` and `signkey`.
#[derive(Debug, Clone)]
pub struct Credentials {
    /// 平台接入标识.
    pub ua: String,
    /// 请求签名密钥.
    pub signkey: SharedSecret,
}

impl Credentials {
    fn params<'a>(&'a self, call: &'a str, args: &'a str) -> [(&'a str, Option<&'a str>); 4] {
        [
            ("ua", Some(self.ua.as_str())),
            ("signkey", Some(self.signkey.expose())),
            ("call", Some(call)),
            ("args", Some(args)),
        ]
    }

    /// The exact bytes that are signed (for vectors and diagnostics; contains the secret).
    pub fn string_to_sign(&self, rule: &SignatureRule, call: &str, args: &str) -> Result<Vec<u8>, CodecError> {
        rule.string_to_sign(self.params(call, args))
            .map_err(|e| CodecError::signature("sign", e))
    }

    /// `sign` for `call` and the exact `args` text.
    pub fn sign(
        &self,
        rule: &SignatureRule,
        call: &str,
        args: &str,
        rng: &mut dyn CryptoRng,
    ) -> Result<String, CodecError> {
        rule.sign(self.params(call, args), &SigningKey::Secret(self.signkey.clone()), rng)
            .map_err(|e| CodecError::signature("sign", e))
    }

    /// Checks a received `sign` over the exact `args` bytes received.
    pub fn verify(&self, rule: &SignatureRule, call: &str, args: &str, sign: &str) -> Result<(), CodecError> {
        rule.verify(
            self.params(call, args),
            &VerifyingKey::Secret(self.signkey.clone()),
            sign,
        )
        .map_err(|e| CodecError::signature("sign", e))
    }
}

/// The form body, fields in the documented order; `timestamp` only when given.
pub fn form_body(ua: &str, call: &str, args: &str, sign: &str, timestamp: Option<&str>) -> Vec<u8> {
    let mut pairs = vec![("ua", ua), ("call", call), ("args", args), ("sign", sign)];
    if let Some(ts) = timestamp {
        pairs.push(("timestamp", ts));
    }
    form::encode(pairs).into_bytes()
}

/// The envelope fields of a received request, as received (percent-decoded only).
#[derive(Debug)]
pub struct ReceivedForm {
    /// `ua`.
    pub ua: String,
    /// `call`.
    pub call: String,
    /// `args`, exactly as received: the signature covers these bytes.
    pub args: String,
    /// `sign` (empty when absent; verification reports it missing).
    pub sign: String,
    /// `timestamp`, if sent.
    pub timestamp: Option<String>,
    /// The first member that is not one of the envelope's five, if any.
    pub unlisted: Option<(String, String)>,
}

/// Parses a form body with the kit's rules for received forms (a field cap, each name once:
/// which copy was signed, or which one another reader takes, would be ambiguous). Members other
/// than the envelope's are the caller's to refuse or allow ([`ReceivedForm::unlisted`]).
pub fn parse_form(body: &[u8]) -> Result<ReceivedForm, CodecError> {
    let pairs = crate::providers::kit::syntax::received_form("body", body)?;
    let take = |name: &str| -> Result<Option<String>, CodecError> {
        let mut found = pairs.iter().filter(|(k, _)| k == name).map(|(_, v)| v);
        let first = found.next().cloned();
        if found.next().is_some() {
            return Err(CodecError::Malformed {
                field: name.into(),
                reason: "occurs more than once".into(),
            });
        }
        Ok(first)
    };
    let required = |name: &str| -> Result<String, CodecError> {
        take(name)?
            .filter(|v| !v.is_empty())
            .ok_or_else(|| CodecError::Malformed {
                field: name.into(),
                reason: "missing".into(),
            })
    };
    Ok(ReceivedForm {
        ua: required("ua")?,
        call: required("call")?,
        // `args` may be empty (BindCard.getValidBankList) but must be present.
        args: take("args")?.ok_or_else(|| CodecError::Malformed {
            field: "args".into(),
            reason: "missing".into(),
        })?,
        sign: take("sign")?.unwrap_or_default(),
        timestamp: take("timestamp")?,
        unlisted: pairs
            .iter()
            .find(|(k, _)| !["ua", "call", "args", "sign", "timestamp"].contains(&k.as_str()))
            .cloned(),
    })
}

/// Parses JSON text that must be an object. An empty text is `{}` (getValidBankList sends no
/// args). A JSON string holding JSON (double-encoded, as some PHP senders do) is unwrapped once.
pub fn parse_object(field: &str, text: &str) -> Result<Map<String, Value>, CodecError> {
    if text.trim().is_empty() {
        return Ok(Map::new());
    }
    match parse_unwrapped(field, text)? {
        Value::Object(map) => Ok(map),
        _ => Err(CodecError::Malformed {
            field: field.into(),
            reason: "expected a JSON object".into(),
        }),
    }
}

/// Parses JSON; a JSON string whose content is JSON is unwrapped once.
pub fn parse_unwrapped(field: &str, text: &str) -> Result<Value, CodecError> {
    // The body limit (`max_body_bytes`) bounds the text already.
    let value = limits::parse_json(field, text.as_bytes(), usize::MAX)?;
    unwrap_string(field, value)
}

/// A JSON string whose content is a JSON object or array becomes that value; any other string
/// where structure is expected is an error.
pub fn unwrap_string(field: &str, value: Value) -> Result<Value, CodecError> {
    match value {
        Value::String(inner) => {
            let parsed = limits::parse_json(field, inner.as_bytes(), usize::MAX).map_err(|e| match e {
                CodecError::LimitExceeded { .. } => e,
                _ => CodecError::Malformed {
                    field: field.into(),
                    reason: "a string that does not hold JSON where JSON is expected".into(),
                },
            })?;
            match parsed {
                Value::Object(_) | Value::Array(_) => Ok(parsed),
                _ => Err(CodecError::Malformed {
                    field: field.into(),
                    reason: "a string that does not hold a JSON object or array".into(),
                }),
            }
        }
        other => Ok(other),
    }
}

/// `{status, message, response}` as compact JSON, keys in the documented order.
pub fn response_body(status: Value, message: Value, response: Value) -> Result<Vec<u8>, CodecError> {
    let mut envelope = Map::new();
    envelope.insert("status".into(), status);
    envelope.insert("message".into(), message);
    envelope.insert("response".into(), response);
    serde_json::to_vec(&Value::Object(envelope)).map_err(|e| CodecError::json("response", &e))
}

/// A received answer envelope.
#[derive(Debug)]
pub struct ReceivedEnvelope {
    /// `status` as text (`1`, or whatever undocumented value came).
    pub status: String,
    /// `message`.
    pub message: String,
    /// `response` (null when absent), double-encoding removed.
    pub response: Value,
}

/// Parses `{status, message, response}`. `status` may be a number or a string of one.
pub fn parse_envelope(body: &[u8]) -> Result<ReceivedEnvelope, CodecError> {
    let value = limits::parse_json("body", body, usize::MAX)?;
    let Value::Object(mut object) = value else {
        return Err(CodecError::Malformed {
            field: "body".into(),
            reason: "expected a JSON object".into(),
        });
    };
    let field_error = |field: &str, reason: &str| CodecError::Malformed {
        field: field.into(),
        reason: reason.into(),
    };
    let status = match object.get("status") {
        Some(Value::Number(n)) => n.to_string(),
        Some(Value::String(s)) if !s.is_empty() => s.clone(),
        None | Some(Value::Null) => return Err(field_error("status", "missing")),
        Some(_) => return Err(field_error("status", "expected an integer")),
    };
    let message = match object.get("message") {
        Some(Value::String(s)) => s.clone(),
        None | Some(Value::Null) => return Err(field_error("message", "missing")),
        Some(_) => return Err(field_error("message", "expected a string")),
    };
    let response = match object.remove("response") {
        None | Some(Value::Null) => Value::Null,
        Some(v) => unwrap_string("response", v)?,
    };
    Ok(ReceivedEnvelope {
        status,
        message,
        response,
    })
}
