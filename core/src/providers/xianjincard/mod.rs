//! xianjincard open platform (现金卡 loan navigation): the platform calls its partners
//! (`User.isUserAccept`, `BindCard.getValidBankList`, `BindCard.applyBindCard`) and partners call
//! the platform (`PartnerGate.Order.approveFeedback`, the bind-result callback). One codec serves
//! either side: the platform and the partner configure the same `ua`/`signkey` pairs, one per
//! direction, and each uses the two methods of its role.
//!
//! Requests are forms `ua`, `call`, `args` (JSON text), `sign`, `timestamp`, signed
//! `md5(K + call + K + args + K)` with `K = ua + signkey + ua` over the exact `args` bytes
//! received. Answers are unsigned JSON `{status, message, response}`.

mod answers;
mod codes;
pub mod config;
mod envelope;
mod fields;
mod ops;
mod unified;

use std::fmt;

use serde_json::{Map, Value};

pub use answers::{admission, supported_banks, Admission};
pub use codes::{outcome_for, status_for, AdmissionResult, BindStatus, EnvelopeStatus, SCOPES};
use config::SPEC;
pub use config::{MinAmountName, XianjincardConfig, XianjincardKeyPair, DEFAULT_MAX_BODY_BYTES, SPEC_JSON};
use envelope::Credentials;
use fields::Half;
use ops::Op;

use crate::model::{
    Codec, CodecError, Context, DecodedRequest, DecodedResponse, EncodeOptions, HttpRequest, HttpResponse, Outcome,
    Provider, SignatureCheck, TransportHints, UnifiedRequest, ValidationError, ValidationRule,
};
use crate::providers::kit::environment;
use crate::providers::kit::{check_reply_answers, replay_key, Unlisted};
use crate::rule::{SharedSecret, SignatureRule};
use crate::spec::{Direction, OperationSpec, ProviderSpec};

/// The parsed embedded spec.
pub fn spec() -> Result<&'static ProviderSpec, CodecError> {
    SPEC.get()
}

/// Fields holding personal data, for masking: the spec's `pii` entries.
pub fn pii() -> &'static [(&'static str, crate::mask::PiiKind)] {
    SPEC.pii()
}

/// The xianjincard codec (both roles).
pub struct XianjincardCodec {
    config: XianjincardConfig,
    spec: &'static ProviderSpec,
    rule: SignatureRule,
    to_partner: Credentials,
    to_platform: Credentials,
}

impl fmt::Debug for XianjincardCodec {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("XianjincardCodec")
            .field("config", &self.config)
            .finish_non_exhaustive()
    }
}

fn config_error(field: impl Into<String>, reason: impl Into<String>) -> CodecError {
    CodecError::config(field, reason)
}

fn check_url(field: &str, url: &str) -> Result<(), CodecError> {
    let rest = url.strip_prefix("https://").or_else(|| url.strip_prefix("http://"));
    match rest {
        Some(rest) if !rest.is_empty() && !url.chars().any(char::is_whitespace) => Ok(()),
        _ => Err(config_error(field, "must be an absolute http(s) URL")),
    }
}

fn credentials(field: &str, pair: &XianjincardKeyPair) -> Result<Credentials, CodecError> {
    if pair.ua.trim().is_empty() {
        return Err(config_error(format!("{field}.ua"), "is empty"));
    }
    if pair.sign_key.is_empty() {
        return Err(config_error(format!("{field}.sign_key"), "is empty"));
    }
    Ok(Credentials {
        ua: pair.ua.clone(),
        signkey: SharedSecret::new(pair.sign_key.as_str()),
    })
}

impl XianjincardCodec {
    /// Checks the configuration and loads the embedded spec.
    pub fn new(mut config: XianjincardConfig) -> Result<Self, CodecError> {
        config.base_url = environment::base_url(SPEC.get()?, config.environment.as_deref(), &config.base_url)?;
        let to_partner = credentials("provider_to_partner", &config.provider_to_partner)?;
        let to_platform = match &config.partner_to_provider {
            Some(pair) => credentials("partner_to_provider", pair)?,
            None => to_partner.clone(),
        };
        check_url("base_url", &config.base_url)?;
        if let Some(endpoint) = &config.partner_endpoint {
            check_url("partner_endpoint", endpoint)?;
        }
        let call = config.bind_result_call.as_str();
        if call.trim().is_empty() || Op::ALL.iter().any(|op| *op != Op::BindResult && op.name() == call) {
            return Err(config_error(
                "bind_result_call",
                "must be non-empty and differ from the other calls",
            ));
        }
        if config.max_body_bytes == 0 {
            return Err(config_error("max_body_bytes", "must be positive"));
        }
        if config.timestamp_window_secs == 0 {
            return Err(config_error(
                "timestamp_window_secs",
                "must be positive (insecure_skip_timestamp_check turns the check off)",
            ));
        }
        let spec = SPEC.get()?;
        let spec_rule = spec
            .signature
            .get("rule")
            .cloned()
            .ok_or_else(|| config_error("config", "the embedded spec has no signature rule"))
            .and_then(|v| {
                serde_json::from_value::<SignatureRule>(v)
                    .map_err(|_| config_error("config", "the embedded spec's signature rule does not parse"))
            })?;
        let rule = config.signature_rule.clone().unwrap_or(spec_rule);
        Ok(Self {
            config,
            spec,
            rule,
            to_partner,
            to_platform,
        })
    }

    /// Parses a JSON configuration (see [`XianjincardConfig`]).
    pub fn from_config_json(json: &str) -> Result<Self, CodecError> {
        let config: XianjincardConfig = crate::config::parse(SPEC.get()?, json)?;
        Self::new(config)
    }

    /// The embedded spec.
    pub fn spec(&self) -> &ProviderSpec {
        self.spec
    }

    /// The signature rule in force (from the spec).
    pub fn signature_rule(&self) -> &SignatureRule {
        &self.rule
    }

    /// How `args` fields the spec does not list are treated for this call (any JSON value).
    fn unlisted(&self, per_call: bool) -> Unlisted<'static> {
        Unlisted {
            allowed: per_call || self.config.allow_unlisted_fields,
            reserved: &self.spec.reserved_fields,
            strings_only: false,
        }
    }

    fn op(&self, name: &str) -> Result<Op, CodecError> {
        Op::from_name(name)
            .or_else(|| (name == self.config.bind_result_call).then_some(Op::BindResult))
            .ok_or_else(|| SPEC.unsupported(name))
    }

    fn op_for_call(&self, call: &str) -> Option<Op> {
        if call == self.config.bind_result_call {
            return Some(Op::BindResult);
        }
        Op::from_name(call).filter(|op| *op != Op::BindResult)
    }

    fn call(&self, op: Op) -> &str {
        match op {
            Op::BindResult => &self.config.bind_result_call,
            Op::IsUserAccept | Op::GetValidBankList | Op::ApplyBindCard | Op::ApproveFeedback => op.name(),
        }
    }

    fn op_spec(&self, op: Op) -> Result<&OperationSpec, CodecError> {
        self.spec
            .operation(op.name())
            .ok_or_else(|| config_error("config", format!("the embedded spec lacks {}", op.name())))
    }

    fn credentials(&self, direction: Direction) -> &Credentials {
        match direction {
            Direction::ProviderToPartner => &self.to_partner,
            Direction::PartnerToProvider => &self.to_platform,
        }
    }

    /// The exact bytes signed for `operation` and `args` (contains the signkey: for vectors and
    /// debugging only).
    pub fn string_to_sign(&self, operation: &str, args: &str) -> Result<Vec<u8>, CodecError> {
        let op = self.op(operation)?;
        self.credentials(op.direction())
            .string_to_sign(&self.rule, self.call(op), args)
    }

    /// The freshness check (on by default: `timestamp_window_secs`, 300 s; a request without
    /// `timestamp` is refused unless `insecure_accept_missing_timestamp`). `timestamp` is not
    /// covered by `sign`: whoever replays a captured request can rewrite it, so the window only
    /// stops naive replays. The replay key (`DecodedRequest::replay_key`) is what stops a replayer.
    fn check_timestamp(&self, timestamp: Option<&str>, ctx: &Context<'_>) -> Result<(), CodecError> {
        let timestamp = timestamp.filter(|t| !t.is_empty());
        let Some(text) = timestamp else {
            return if self.config.insecure_accept_missing_timestamp {
                Ok(())
            } else {
                Err(CodecError::Malformed {
                    field: "timestamp".into(),
                    reason: "missing (insecure_accept_missing_timestamp accepts a request without one)".into(),
                })
            };
        };
        if self.config.insecure_skip_timestamp_check {
            return Ok(());
        }
        let ts_ms = (text.len() <= 12 && text.bytes().all(|b| b.is_ascii_digit()))
            .then(|| text.parse::<i64>().ok())
            .flatten()
            .and_then(|s| s.checked_mul(1000))
            .ok_or_else(|| CodecError::Malformed {
                field: "timestamp".into(),
                reason: "expected Unix seconds".into(),
            })?;
        let window_ms = i64::from(self.config.timestamp_window_secs) * 1000;
        crate::model::replay::check_window("timestamp", ts_ms, ctx.now()?, window_ms)
    }

    /// The kit's rules for a success answer to `spec`: it answers this operation (no member only
    /// another operation's answer lists) and carries no unlisted member (`min_amunt` is the
    /// admission answer's documented second spelling).
    fn check_answer(&self, place: &str, spec: &OperationSpec, fields: &Map<String, Value>) -> Result<(), CodecError> {
        check_reply_answers(self.spec, spec, fields, None)?;
        self.unlisted(false)
            .check_received_fields(place, &spec.response, &["min_amunt"], fields)
    }

    /// Admission answers: `min_amunt` is accepted as the input spelling too; giving both is
    /// ambiguous. Returns the fields with `min_amount` (for validation).
    fn min_amount_in(fields: Map<String, Value>) -> Result<Map<String, Value>, ValidationError> {
        if fields.contains_key("min_amount") && fields.contains_key("min_amunt") {
            return Err(ValidationError::new(
                "min_amunt",
                ValidationRule::Format {
                    expected: "only one of min_amount and min_amunt".into(),
                },
            ));
        }
        Ok(rename_key(fields, "min_amunt", "min_amount"))
    }
}

/// `map` with key `from` renamed to `to` in place (order kept).
fn rename_key(map: Map<String, Value>, from: &str, to: &str) -> Map<String, Value> {
    map.into_iter()
        .map(|(k, v)| if k == from { (to.to_owned(), v) } else { (k, v) })
        .collect()
}

fn expect_object(field: &str, value: Value) -> Result<Map<String, Value>, CodecError> {
    match value {
        Value::Object(map) => Ok(map),
        Value::Null => Err(CodecError::Malformed {
            field: field.into(),
            reason: "missing".into(),
        }),
        _ => Err(CodecError::Malformed {
            field: field.into(),
            reason: "expected a JSON object".into(),
        }),
    }
}

fn non_empty_text(value: Option<&Value>) -> Option<String> {
    match value? {
        Value::String(s) if !s.is_empty() => Some(s.clone()),
        _ => None,
    }
}

impl Codec for XianjincardCodec {
    fn provider(&self) -> Provider {
        Provider::Xianjincard
    }

    fn operations(&self) -> Vec<&'static str> {
        Op::ALL.iter().map(|op| op.name()).collect()
    }

    fn unsupported(&self, operation: &str) -> CodecError {
        SPEC.unsupported(operation)
    }

    fn max_body_bytes(&self) -> usize {
        self.config.max_body_bytes
    }

    fn build_request(
        &self,
        operation: &str,
        params: &Map<String, Value>,
        options: &EncodeOptions,
        ctx: &mut Context<'_>,
    ) -> Result<HttpRequest, CodecError> {
        let op = self.op(operation)?;
        let spec = self.op_spec(op)?;
        fields::validate(
            op,
            Half::Request,
            &spec.request,
            params,
            self.unlisted(options.allow_unlisted_fields),
        )?;
        // serde_json keeps the caller's key order and writes non-ASCII as UTF-8; whatever the
        // bytes, they are signed and sent as they are.
        let args = serde_json::to_string(params).map_err(|e| CodecError::json("args", &e))?;
        let credentials = self.credentials(op.direction());
        let call = self.call(op);
        let sign = credentials.sign(&self.rule, call, &args, ctx.rng)?;
        // Sent when the caller gives the time. Without it the request carries no timestamp,
        // which a receiver refuses by default (`insecure_accept_missing_timestamp`).
        let timestamp = match ctx.now_unix_ms {
            Some(_) => Some(ctx.now()?.div_euclid(1000).to_string()),
            None => None,
        };
        let body = envelope::form_body(&credentials.ua, call, &args, &sign, timestamp.as_deref());
        let url = match op.direction() {
            Direction::ProviderToPartner => self
                .config
                .partner_endpoint
                .clone()
                .ok_or_else(|| config_error("partner_endpoint", "is needed to call the partner"))?,
            Direction::PartnerToProvider => self.config.base_url.clone(),
        };
        let mut request = HttpRequest::post(url, envelope::FORM_CONTENT_TYPE, body);
        request.hints = TransportHints {
            timeout_ms: spec.timeout_ms,
            idempotent: spec.idempotent,
        };
        Ok(request)
    }

    fn decode_received(&self, request: &HttpRequest, ctx: &mut Context<'_>) -> Result<DecodedRequest, CodecError> {
        if let Some(content_type) = request.header("content-type") {
            if !content_type
                .trim()
                .to_ascii_lowercase()
                .starts_with(envelope::FORM_CONTENT_TYPE)
            {
                return Err(CodecError::Malformed {
                    field: "Content-Type".into(),
                    reason: "expected application/x-www-form-urlencoded".into(),
                });
            }
        }
        let form = envelope::parse_form(&request.body)?;
        if let Some((name, value)) = &form.unlisted {
            self.unlisted(false)
                .check_received("body", name, &Value::String(value.clone()))?;
        }
        let op = self
            .op_for_call(&form.call)
            .ok_or_else(|| SPEC.unsupported(&form.call))?;
        let credentials = self.credentials(op.direction());
        if form.ua != credentials.ua {
            return Err(CodecError::signature("ua", crate::signature::SignatureError::Mismatch).claiming(op.name()));
        }
        // Verified over `args` exactly as received, before anything parses it. A failure still
        // says which call the request claimed, so the partner can answer in that call's shape.
        credentials
            .verify(&self.rule, &form.call, &form.args, &form.sign)
            .map_err(|e| e.claiming(op.name()))?;
        self.check_timestamp(form.timestamp.as_deref(), ctx)?;
        let fields = envelope::parse_object("args", &form.args)?;
        let spec = self.op_spec(op)?;
        self.unlisted(false)
            .check_received_fields("args", &spec.request, &[], &fields)?;
        fields::check_received("args", &spec.request, &fields)?;
        Ok(DecodedRequest {
            // `sign` covers `call` and the exact `args` bytes (and the shared key, which never
            // enters the key); `ua` is checked against the configuration, `timestamp` is unsigned.
            replay_key: Some(replay_key(
                Provider::Xianjincard,
                op.name(),
                &[form.call.as_bytes(), form.args.as_bytes()],
            )),
            operation: op.name().to_owned(),
            fields,
            signature: SignatureCheck::Verified,
            pii: pii(),
        })
    }

    fn build_response(
        &self,
        operation: &str,
        fields: &Map<String, Value>,
        options: &EncodeOptions,
        _ctx: &mut Context<'_>,
    ) -> Result<HttpResponse, CodecError> {
        let op = self.op(operation)?;
        let spec = self.op_spec(op)?;
        let unlisted = self.unlisted(options.allow_unlisted_fields);
        let mut business = fields.clone();
        let status = match business.remove("status") {
            None => Value::from(1_u8),
            Some(v) if fields::integer_text(&v).is_some() => v,
            Some(_) => {
                return Err(ValidationError::new(
                    "status",
                    ValidationRule::Type {
                        expected: "integer".into(),
                    },
                )
                .into())
            }
        };
        let message = match business.remove("message") {
            None => Value::from("success"),
            Some(v @ Value::String(_)) => v,
            Some(_) => {
                return Err(ValidationError::new(
                    "message",
                    ValidationRule::Type {
                        expected: "string".into(),
                    },
                )
                .into())
            }
        };
        let success = fields::integer_text(&status).is_some_and(|s| EnvelopeStatus::from_wire(&s).is_some());
        let response = if success {
            match op {
                Op::GetValidBankList => {
                    fields::validate(op, Half::Response, &spec.response, &business, unlisted)?;
                    business.remove("response").unwrap_or(Value::Array(Vec::new()))
                }
                Op::IsUserAccept => {
                    let canonical = Self::min_amount_in(business)?;
                    fields::validate(op, Half::Response, &spec.response, &canonical, unlisted)?;
                    let wire = self.config.min_amount_wire_name.wire();
                    Value::Object(rename_key(canonical, "min_amount", wire))
                }
                Op::ApplyBindCard => {
                    fields::validate(op, Half::Response, &spec.response, &business, unlisted)?;
                    Value::Object(business)
                }
                Op::ApproveFeedback | Op::BindResult => {
                    fields::validate(op, Half::Response, &spec.response, &business, unlisted)?;
                    Value::Null
                }
            }
        } else {
            // A failure envelope carries whatever the caller adds, unvalidated.
            if business.is_empty() {
                Value::Null
            } else {
                Value::Object(business)
            }
        };
        let body = envelope::response_body(status, message, response)?;
        Ok(HttpResponse::new(200, envelope::JSON_CONTENT_TYPE, body))
    }

    fn decode_reply(
        &self,
        operation: &str,
        response: &HttpResponse,
        _ctx: &mut Context<'_>,
    ) -> Result<DecodedResponse, CodecError> {
        let op = self.op(operation)?;
        let spec = self.op_spec(op)?;
        let decoded = |fields: Map<String, Value>, outcome: Outcome| DecodedResponse {
            operation: op.name().to_owned(),
            fields,
            outcome,
            signature: SignatureCheck::NotSigned,
            // Answers are not signed: nothing authenticates them, so nothing to remember.
            replay_key: None,
            pii: pii(),
        };
        let envelope = envelope::parse_envelope(&response.body)?;
        let message = Some(envelope.message).filter(|m| !m.is_empty());
        if EnvelopeStatus::from_wire(&envelope.status).is_none() {
            let fields = match envelope.response {
                Value::Object(map) => map,
                Value::Null => Map::new(),
                other => Map::from_iter([("response".to_owned(), other)]),
            };
            return Ok(decoded(fields, codes::outcome_for("status", &envelope.status, message)));
        }
        let (fields, outcome) = match op {
            Op::GetValidBankList => {
                let list = match envelope.response {
                    list @ Value::Array(_) => list,
                    other => expect_object("response", other).map(Value::Object)?,
                };
                let fields = Map::from_iter([("response".to_owned(), list)]);
                self.check_answer("body", spec, &fields)?;
                fields::check_received("body", &spec.response, &fields)?;
                (fields, codes::outcome_for("status", &envelope.status, message))
            }
            Op::IsUserAccept => {
                let mut fields = expect_object("response", envelope.response)?;
                // Both spellings are read; `min_amount` is added when only `min_amunt` came.
                match (fields.get("min_amount"), fields.get("min_amunt")) {
                    (Some(a), Some(b)) if a != b => {
                        return Err(CodecError::Malformed {
                            field: "response.min_amount".into(),
                            reason: "min_amount and min_amunt disagree".into(),
                        })
                    }
                    (None, Some(b)) => {
                        let b = b.clone();
                        fields.insert("min_amount".into(), b);
                    }
                    _ => {}
                }
                self.check_answer("response", spec, &fields)?;
                fields::check_received("response", &spec.response, &fields)?;
                let code = fields::code_text(fields.get("result")).unwrap_or_default();
                let text = non_empty_text(fields.get("remark")).or(message);
                let outcome = codes::outcome_for("result", &code, text);
                (fields, outcome)
            }
            Op::ApplyBindCard => {
                let fields = expect_object("response", envelope.response)?;
                self.check_answer("response", spec, &fields)?;
                fields::check_received("response", &spec.response, &fields)?;
                let code = fields::code_text(fields.get("bind_status")).unwrap_or_default();
                let text = non_empty_text(fields.get("remark")).or(message);
                let outcome = codes::outcome_for("bind_status", &code, text);
                (fields, outcome)
            }
            Op::ApproveFeedback | Op::BindResult => {
                let fields = match envelope.response {
                    Value::Object(map) => map,
                    Value::Null => Map::new(),
                    other => Map::from_iter([("response".to_owned(), other)]),
                };
                self.check_answer("response", spec, &fields)?;
                (fields, codes::outcome_for("status", &envelope.status, message))
            }
        };
        Ok(decoded(fields, outcome))
    }

    fn unified_field_names(&self) -> &'static [(&'static str, &'static str)] {
        &[
            ("order_sn", "order_id"),
            ("bank_code", "bank"),
            ("user_name", "holder_name"),
            ("user_idcard", "id_number"),
            ("card_phone", "phone"),
        ]
    }

    fn to_wire(&self, request: &UnifiedRequest) -> Result<(&'static str, Map<String, Value>), CodecError> {
        unified::to_wire(request)
    }
}
