//! Yixin (宜信 / 宜享花 open platform): six operations behind one gateway, selected by `method`.
//!
//! Every request and response is encrypted and signed ([`envelope`]). The document shows
//! responses after decryption, `{"msg", "code", "params": "<JSON string>"}`;
//! [`YixinCodec::decode_plain_response`] reads that form, [`Codec::decode_response`] the
//! encrypted one, and both give the same fields and outcome.

pub mod codes;
pub mod config;
pub mod envelope;
pub mod fields;
mod unified;

use serde_json::{Map, Value};

use crate::encoding::{encode_hex, HexCase};
use crate::keys::{PrivateKey, PublicKey};
use crate::mask::PiiKind;
use crate::model::{
    Codec, CodecError, Context, DecodedRequest, DecodedResponse, EncodeOptions, HttpRequest, HttpResponse, Method,
    Provider, SignatureCheck, TransportHints, UnifiedRequest, ValidationError, ValidationRule,
};
use crate::providers::kit::fields::{malformed, signed_number_text};
use crate::providers::kit::syntax::received_form;
use crate::providers::kit::{check_reply_answers, replay_key, Unlisted};
use crate::signature::SignatureError;
use crate::spec::ProviderSpec;

pub use codes::{AgreementStatus, BindStatus, CardKind, EnvelopeCode, VerifyStatus};
pub use envelope::{BodyEncoding, YixinProfile};
pub use fields::{bank_list, card_list, BankLimit, BoundCard, Yuan};

use config::SPEC;
pub use config::{YixinConfig, DEFAULT_TIMESTAMP_WINDOW_SECS, SPEC_JSON};

/// Operation names (`method`), in document order.
pub const OPERATIONS: [&str; 6] = [
    "bindCard",
    "verifyCode",
    "cardList",
    "bankList",
    "cardBank",
    "needCardSign",
];

/// The envelope `version`.
pub const VERSION: &str = "1.0";

const JSON: &str = "application/json;charset=utf-8";
const FORM: &str = "application/x-www-form-urlencoded;charset=utf-8";
/// Largest request or response body decoded (base64 envelopes of bank lists stay far below);
/// larger is `CodecError::LimitExceeded`. See `crate::model::limits` for the per-document limits.
pub const MAX_BODY_BYTES: usize = 256 * 1024;

/// Fields holding personal data, for masking (at any depth): the spec's `pii` entries.
pub fn pii() -> &'static [(&'static str, PiiKind)] {
    SPEC.pii()
}

/// The parsed spec.
pub fn spec() -> Result<&'static ProviderSpec, CodecError> {
    SPEC.get()
}

/// Envelope values a caller may choose per request.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RequestOptions {
    /// `requestNo`; default: 32 lower-case hex characters from the context's rng.
    pub request_no: Option<String>,
    /// `ip`; default: the configured one.
    pub ip: Option<String>,
    /// Send business fields the spec does not list (see `EncodeOptions`); the configuration's
    /// `allow_unlisted_fields` turns it on for every request.
    pub allow_unlisted_fields: bool,
}

/// A received request, opened: the public parameters and the decrypted business fields.
#[derive(Debug, Clone, PartialEq)]
pub struct OpenedRequest {
    /// `requestNo`.
    pub request_no: String,
    /// `timestamp` (Unix ms).
    pub timestamp_ms: i64,
    /// `ip`, if sent.
    pub ip: Option<String>,
    /// The decoded request (`operation` is `method`).
    pub request: DecodedRequest,
}

/// The Yixin codec (both roles).
#[derive(Debug)]
pub struct YixinCodec {
    app_id: String,
    base_url: String,
    ours: PrivateKey,
    theirs: PublicKey,
    ip: Option<String>,
    window_ms: i64,
    profile: YixinProfile,
    allow_unlisted_fields: bool,
    /// The envelope's public parameters (the spec's `reserved_fields`).
    reserved: &'static [String],
}

fn check_operation(operation: &str) -> Result<&'static str, CodecError> {
    SPEC.operation(operation).map(|op| op.name.as_str())
}

/// Top-level JSON values as wire text: strings as-is, numbers as their exact text (only where
/// Java prints the same text, see `wire::signed_number_text`).
fn scalar_text(field: &str, value: &Value) -> Result<Option<String>, CodecError> {
    match value {
        Value::Null => Ok(None),
        Value::String(s) => Ok(Some(s.clone())),
        Value::Number(n) => Ok(Some(signed_number_text(field, n)?.to_owned())),
        _ => Err(malformed(field, "not a string or number")),
    }
}

/// The public parameters that are text: sent as a number they would sign the same text, so the
/// JSON type is checked. `timestamp` (milliseconds) and a response's `code` (the document shows
/// `0`) are numbers by nature and may come as either, read by their text.
const STRING_PARAMS: [&str; 9] = [
    "appId",
    "requestNo",
    "method",
    "version",
    "key",
    "params",
    "sign",
    "ip",
    "msg",
];

/// The signed public parameters of a JSON envelope, as text.
fn public_params(top: &Map<String, Value>) -> Result<Vec<(String, String)>, CodecError> {
    let mut public = Vec::with_capacity(top.len());
    for (k, v) in top {
        if STRING_PARAMS.contains(&k.as_str()) && !matches!(v, Value::String(_) | Value::Null) {
            return Err(malformed(k, "expected a JSON string"));
        }
        if let Some(text) = scalar_text(k, v)? {
            public.push((k.clone(), text));
        }
    }
    Ok(public)
}

fn parse_object(field: &str, bytes: &[u8]) -> Result<Map<String, Value>, CodecError> {
    crate::providers::kit::fields::json_object(field, bytes, MAX_BODY_BYTES)
}

fn get<'a>(pairs: &'a [(String, String)], name: &str) -> Option<&'a str> {
    pairs.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
}

fn require<'a>(pairs: &'a [(String, String)], name: &str) -> Result<&'a str, CodecError> {
    get(pairs, name)
        .filter(|v| !v.is_empty())
        .ok_or_else(|| malformed(name, "missing"))
}

impl YixinCodec {
    /// Checks the settings and parses both keys once.
    pub fn new(config: YixinConfig) -> Result<Self, CodecError> {
        if config.app_id.trim().is_empty() {
            return Err(CodecError::config("app_id", "is empty"));
        }
        config.profile.aes_key_len()?;
        if config.timestamp_window_secs == 0 {
            return Err(CodecError::config("timestamp_window_secs", "must be positive"));
        }
        let ours = PrivateKey::parse(&config.our_private_key).map_err(|source| CodecError::Key {
            field: "our_private_key".into(),
            source,
        })?;
        let theirs = PublicKey::parse(&config.their_public_key).map_err(|source| CodecError::Key {
            field: "their_public_key".into(),
            source,
        })?;
        crate::providers::kit::fields::check_not_own_key(
            Some(&ours),
            Some(&theirs),
            ("our_private_key", "their_public_key"),
            "Yixin's public key (a mock Yixin: the partner's)",
        )?;
        Ok(Self {
            app_id: config.app_id,
            base_url: config.base_url,
            ours,
            theirs,
            ip: config.ip,
            window_ms: i64::from(config.timestamp_window_secs) * 1000,
            profile: config.profile,
            allow_unlisted_fields: config.allow_unlisted_fields,
            reserved: &SPEC.get()?.reserved_fields,
        })
    }

    /// Parses a JSON [`YixinConfig`] and builds the codec.
    pub fn from_config_json(json: &str) -> Result<Self, CodecError> {
        let config: YixinConfig = crate::config::parse(SPEC.get()?, json)?;
        Self::new(config)
    }

    /// The profile in force.
    pub fn profile(&self) -> &YixinProfile {
        &self.profile
    }

    /// How business fields the spec does not list are treated (any JSON value: they travel in
    /// the encrypted params).
    fn unlisted(&self, per_call: bool) -> Unlisted<'static> {
        Unlisted {
            allowed: per_call || self.allow_unlisted_fields,
            reserved: self.reserved,
            strings_only: false,
        }
    }

    /// A received envelope holds only the documented public parameters (the spec's
    /// `reserved_fields`): another member would be signed yet handed to nobody.
    fn check_envelope_members(&self, public: &[(String, String)]) -> Result<(), CodecError> {
        match public.iter().find(|(k, _)| !self.reserved.iter().any(|r| r == k)) {
            Some((name, _)) => Err(CodecError::Malformed {
                field: crate::text::names::received_top_level_name("body", name),
                reason: "not a public parameter of the envelope".into(),
            }),
            None => Ok(()),
        }
    }

    /// Client role with per-request envelope values.
    pub fn encode_request_with(
        &self,
        operation: &str,
        params: &Map<String, Value>,
        options: &RequestOptions,
        ctx: &mut Context<'_>,
    ) -> Result<HttpRequest, CodecError> {
        let method = check_operation(operation)?;
        fields::validate_request(
            SPEC.operation(method)?,
            params,
            self.unlisted(options.allow_unlisted_fields),
        )?;
        let timestamp = ctx.now()?;
        let request_no = match &options.request_no {
            Some(no) if !no.trim().is_empty() => no.clone(),
            Some(_) => return Err(ValidationError::new("requestNo", ValidationRule::Required).into()),
            None => {
                let mut bytes = [0u8; 16];
                ctx.rng.fill_bytes(&mut bytes);
                encode_hex(&bytes, HexCase::Lower)
            }
        };
        let json = serde_json::to_vec(params).map_err(|e| CodecError::json("params", &e))?;
        let aes_key = self.profile.new_aes_key(ctx.rng)?;
        let mut public = vec![
            ("appId".to_owned(), self.app_id.clone()),
            ("requestNo".to_owned(), request_no),
            ("method".to_owned(), method.to_owned()),
            ("version".to_owned(), VERSION.to_owned()),
            ("timestamp".to_owned(), timestamp.to_string()),
            ("key".to_owned(), envelope::wrap_key(&self.theirs, ctx.rng, &aes_key)?),
            ("params".to_owned(), self.profile.encrypt_params(&aes_key, &json)?),
        ];
        if let Some(ip) = options.ip.as_ref().or(self.ip.as_ref()) {
            public.push(("ip".to_owned(), ip.clone()));
        }
        let sign = self.profile.sign(&self.ours, ctx.rng, &public)?;
        public.push(("sign".to_owned(), sign));
        let (content_type, body) = match self.profile.body {
            BodyEncoding::Json => {
                let map: Map<String, Value> = public.into_iter().map(|(k, v)| (k, Value::String(v))).collect();
                (
                    JSON,
                    serde_json::to_vec(&map).map_err(|e| CodecError::json("body", &e))?,
                )
            }
            BodyEncoding::Form => (
                FORM,
                crate::form::encode(public.iter().map(|(k, v)| (k.as_str(), v.as_str()))).into_bytes(),
            ),
        };
        let mut request = HttpRequest::post(self.base_url.clone(), content_type, body);
        request.hints = TransportHints {
            timeout_ms: None,
            idempotent: false,
        };
        Ok(request)
    }

    /// Server role: opens a request (signature, timestamp window, decryption) and returns its
    /// public parameters with the business fields.
    pub fn open_request(&self, request: &HttpRequest, ctx: &mut Context<'_>) -> Result<OpenedRequest, CodecError> {
        if request.method != Method::Post {
            return Err(malformed("method", "Yixin requests are POST"));
        }
        if request.body.len() > MAX_BODY_BYTES {
            return Err(CodecError::LimitExceeded {
                what: "body bytes",
                limit: MAX_BODY_BYTES,
            });
        }
        let is_form = request
            .header("content-type")
            .is_some_and(|ct| ct.to_ascii_lowercase().starts_with("application/x-www-form-urlencoded"));
        // Both syntaxes refuse a repeated name (which copy counts would be a guess) and cap the
        // field count, in linear time.
        let public: Vec<(String, String)> = if is_form {
            received_form("body", &request.body)?
        } else {
            public_params(&parse_object("body", &request.body)?)?
        };
        self.check_envelope_members(&public)?;
        if require(&public, "appId")? != self.app_id {
            return Err(malformed("appId", "does not match the configured app"));
        }
        if require(&public, "version")? != VERSION {
            return Err(malformed("version", "unsupported version"));
        }
        let method = check_operation(require(&public, "method")?)?;
        let request_no = require(&public, "requestNo")?.to_owned();
        let timestamp_text = require(&public, "timestamp")?;
        let wrapped = require(&public, "key")?;
        let params = require(&public, "params")?;
        let sign = get(&public, "sign")
            .filter(|s| !s.is_empty())
            .ok_or_else(|| CodecError::signature("sign", SignatureError::Missing))?;
        let covered = self.profile.verify(&self.theirs, &public, sign)?;

        if timestamp_text.len() != 13 || !timestamp_text.bytes().all(|b| b.is_ascii_digit()) {
            return Err(malformed("timestamp", "not 13-digit Unix milliseconds"));
        }
        let timestamp_ms: i64 = timestamp_text
            .parse()
            .map_err(|_| malformed("timestamp", "not 13-digit Unix milliseconds"))?;
        crate::model::replay::check_window("timestamp", timestamp_ms, ctx.now()?, self.window_ms)?;

        let aes_key = self.profile.unwrap_key(&self.ours, ctx.rng, wrapped)?;
        let plain = self.profile.decrypt_params(&aes_key, params)?;
        let fields = parse_object("params", &plain)?;
        let op = SPEC.operation(method)?;
        self.unlisted(false)
            .check_received_fields("params", &op.request, &[], &fields)?;
        Ok(OpenedRequest {
            request_no,
            timestamp_ms,
            ip: get(&public, "ip").filter(|s| !s.is_empty()).map(str::to_owned),
            request: DecodedRequest {
                replay_key: Some(replay_key(Provider::Yixin, method, &[&covered])),
                operation: method.to_owned(),
                fields,
                signature: SignatureCheck::Verified,
                pii: pii(),
            },
        })
    }

    /// Server role: an envelope-level failure (`code` ≠ 0) with no business params.
    pub fn encode_error_response(
        &self,
        code: i64,
        msg: &str,
        ctx: &mut Context<'_>,
    ) -> Result<HttpResponse, CodecError> {
        if code == 0 {
            return Err(ValidationError::new(
                "code",
                ValidationRule::Format {
                    expected: "a non-zero error code".into(),
                },
            )
            .into());
        }
        let mut public = vec![
            ("code".to_owned(), code.to_string()),
            ("msg".to_owned(), msg.to_owned()),
        ];
        let mut body = Map::new();
        body.insert("code".into(), Value::from(code));
        body.insert("msg".into(), Value::from(msg));
        if self.profile.response_signed {
            let sign = self.profile.sign(&self.ours, ctx.rng, &public)?;
            public.push(("sign".to_owned(), sign.clone()));
            body.insert("sign".into(), Value::from(sign));
        }
        let bytes = serde_json::to_vec(&body).map_err(|e| CodecError::json("body", &e))?;
        Ok(HttpResponse::new(200, JSON, bytes))
    }

    /// Client role: decodes a response in the document's decrypted form
    /// `{"msg", "code", "params": "<JSON string>"}` (no `key`, no `sign`: nothing is verified).
    pub fn decode_plain_response(&self, operation: &str, body: &[u8]) -> Result<DecodedResponse, CodecError> {
        let method = check_operation(operation)?;
        let top = parse_object("body", body)?;
        let (code, msg) = Self::code_and_msg(&top)?;
        let business = match top.get("params") {
            None | Some(Value::Null) => None,
            Some(Value::String(s)) => Some(s.as_bytes().to_vec()),
            Some(_) => return Err(malformed("params", "not a JSON string")),
        };
        self.finish(method, &code, msg, business.as_deref(), None)
    }

    fn code_and_msg(top: &Map<String, Value>) -> Result<(String, Option<String>), CodecError> {
        let code = match top.get("code") {
            Some(Value::Number(n)) if n.is_i64() => n.to_string(),
            Some(Value::String(s)) if s.parse::<i64>().is_ok() => s.clone(),
            None | Some(Value::Null) => return Err(malformed("code", "missing")),
            Some(_) => return Err(malformed("code", "not an integer")),
        };
        let msg = match top.get("msg") {
            // An empty msg is not signed: it says nothing.
            None | Some(Value::Null) => None,
            Some(Value::String(s)) => Some(s.clone()).filter(|m| !m.is_empty()),
            Some(_) => return Err(malformed("msg", "not a string")),
        };
        Ok((code, msg))
    }

    /// Business JSON (already decrypted) → fields and the unified outcome.
    fn finish(
        &self,
        method: &'static str,
        code: &str,
        msg: Option<String>,
        business: Option<&[u8]>,
        replay: Option<String>,
    ) -> Result<DecodedResponse, CodecError> {
        let signature = if replay.is_some() {
            SignatureCheck::Verified
        } else {
            SignatureCheck::NotSigned
        };
        let envelope = EnvelopeCode::from_wire(code);
        if envelope != Some(EnvelopeCode::Success) {
            // Undocumented envelope codes: Unknown, raw code kept. Business params (if any) kept.
            let fields = match business {
                Some(bytes) => parse_object("params", bytes)?,
                None => Map::new(),
            };
            return Ok(DecodedResponse {
                operation: method.to_owned(),
                fields,
                outcome: codes::envelope_outcome(code, msg),
                signature,
                replay_key: replay,
                pii: pii(),
            });
        }
        let fields = parse_object("params", business.ok_or_else(|| malformed("params", "missing"))?)?;
        let op = SPEC.operation(method)?;
        check_reply_answers(SPEC.get()?, op, &fields, None)?;
        self.unlisted(false)
            .check_received_fields("params", &op.response, &[], &fields)?;
        let outcome = match fields.get("status") {
            _ if !codes::has_status(method) => codes::envelope_outcome(code, msg),
            None | Some(Value::Null) => return Err(malformed("status", "missing")),
            Some(status) => {
                let status = scalar_text("status", status)?.unwrap_or_default();
                let desc = match fields.get("desc") {
                    Some(Value::String(d)) => Some(d.clone()),
                    _ => msg,
                };
                let token = match fields.get("bizId") {
                    Some(v) => scalar_text("bizId", v)?.filter(|t| !t.is_empty()),
                    None => None,
                };
                // A code-sent bindCard reply without bizId cannot be confirmed, and is what a
                // verifyCode success (status 0, no bizId) would look like decoded as bindCard.
                if method == "bindCard" && status == BindStatus::Sent.as_str() && token.is_none() {
                    return Err(malformed(
                        "bizId",
                        "a code-sent (status 0) bindCard reply must carry bizId",
                    ));
                }
                codes::status_outcome(method, &status, desc, token)
            }
        };
        Ok(DecodedResponse {
            operation: method.to_owned(),
            fields,
            outcome,
            signature,
            replay_key: replay,
            pii: pii(),
        })
    }
}

impl Codec for YixinCodec {
    fn provider(&self) -> Provider {
        Provider::Yixin
    }

    fn operations(&self) -> Vec<&'static str> {
        OPERATIONS.to_vec()
    }

    fn unsupported(&self, operation: &str) -> CodecError {
        SPEC.unsupported(operation)
    }

    fn build_request(
        &self,
        operation: &str,
        params: &Map<String, Value>,
        options: &EncodeOptions,
        ctx: &mut Context<'_>,
    ) -> Result<HttpRequest, CodecError> {
        let options = RequestOptions {
            allow_unlisted_fields: options.allow_unlisted_fields,
            ..RequestOptions::default()
        };
        self.encode_request_with(operation, params, &options, ctx)
    }

    fn max_body_bytes(&self) -> usize {
        MAX_BODY_BYTES
    }

    fn decode_received(&self, request: &HttpRequest, ctx: &mut Context<'_>) -> Result<DecodedRequest, CodecError> {
        self.open_request(request, ctx).map(|o| o.request)
    }

    fn build_response(
        &self,
        operation: &str,
        fields: &Map<String, Value>,
        options: &EncodeOptions,
        ctx: &mut Context<'_>,
    ) -> Result<HttpResponse, CodecError> {
        let method = check_operation(operation)?;
        fields::validate_response(
            SPEC.operation(method)?,
            fields,
            self.unlisted(options.allow_unlisted_fields),
        )?;
        let json = serde_json::to_vec(fields).map_err(|e| CodecError::json("params", &e))?;
        let aes_key = self.profile.new_aes_key(ctx.rng)?;
        let key = envelope::wrap_key(&self.theirs, ctx.rng, &aes_key)?;
        let params = self.profile.encrypt_params(&aes_key, &json)?;
        let mut public = vec![
            ("code".to_owned(), "0".to_owned()),
            ("msg".to_owned(), "success".to_owned()),
            ("params".to_owned(), params),
            ("key".to_owned(), key),
        ];
        let mut body = Map::new();
        body.insert("msg".into(), Value::from("success"));
        body.insert("code".into(), Value::from(0));
        if self.profile.response_signed {
            let sign = self.profile.sign(&self.ours, ctx.rng, &public)?;
            public.push(("sign".to_owned(), sign));
        }
        for (k, v) in public.into_iter().skip(2) {
            body.insert(k, Value::String(v));
        }
        let bytes = serde_json::to_vec(&body).map_err(|e| CodecError::json("body", &e))?;
        Ok(HttpResponse::new(200, JSON, bytes))
    }

    fn decode_reply(
        &self,
        operation: &str,
        response: &HttpResponse,
        ctx: &mut Context<'_>,
    ) -> Result<DecodedResponse, CodecError> {
        let method = check_operation(operation)?;
        let top = parse_object("body", &response.body)?;
        let (code, msg) = Self::code_and_msg(&top)?;
        let public = public_params(&top)?;
        let params = get(&public, "params").filter(|p| !p.is_empty());
        let replay = match get(&public, "sign").filter(|s| !s.is_empty()) {
            Some(sign) => {
                let covered = self.profile.verify(&self.theirs, &public, sign)?;
                Some(replay_key(Provider::Yixin, method, &[&covered]))
            }
            None if self.profile.response_signed && params.is_some() => {
                return Err(CodecError::signature("sign", SignatureError::Missing))
            }
            None => None,
        };
        let business = match params {
            Some(p) => {
                let wrapped = require(&public, "key")?;
                let aes_key = self.profile.unwrap_key(&self.ours, ctx.rng, wrapped)?;
                Some(self.profile.decrypt_params(&aes_key, p)?)
            }
            None => None,
        };
        self.finish(method, &code, msg, business.as_deref(), replay)
    }
    fn unified_field_names(&self) -> &'static [(&'static str, &'static str)] {
        unified::UNIFIED_FIELD_NAMES
    }

    fn to_wire(&self, request: &UnifiedRequest) -> Result<(&'static str, Map<String, Value>), CodecError> {
        unified::to_wire(request)
    }
}
