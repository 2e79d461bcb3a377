//! Yixin (宜信 / 宜享花 open platform): six operations behind one gateway, selected by `method`.
//!
//! Every request and response is encrypted and signed ([`envelope`]). The document shows
//! responses after decryption, `{"msg", "code", "params": "<JSON string>"}`;
//! [`YixinCodec::decode_plain_response`] reads that form, [`Codec::decode_response`] the
//! encrypted one, and both give the same fields and outcome.

pub mod codes;
pub mod envelope;
pub mod fields;

use std::fmt;

use serde_json::{Map, Value};

use crate::encoding::{encode_hex, HexCase};
use crate::keys::{PrivateKey, PublicKey};
use crate::mask::PiiKind;
use crate::model::{
    Codec, CodecError, Context, DecodedRequest, DecodedResponse, EncodeOptions, HttpRequest, HttpResponse, Method,
    Provider, SignatureCheck, TransportHints, UnifiedRequest, ValidationError, ValidationRule,
};
use crate::providers::wire::{malformed, merge_extra, signed_number_text, Unlisted};
use crate::signature::SignatureError;
use crate::spec::ProviderSpec;

pub use codes::{AgreementStatus, BindStatus, CardKind, EnvelopeCode, VerifyStatus};
pub use envelope::{BodyEncoding, YixinProfile};
pub use fields::{bank_list, card_list, BankLimit, BoundCard, Yuan};

/// The spec file, embedded.
pub const SPEC_JSON: &str = include_str!("../../../../spec/providers/yixin.json");

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

/// Fields holding personal data, for masking (at any depth).
pub const PII: &[(&str, PiiKind)] = &[
    ("cardNo", PiiKind::Card),
    ("phone", PiiKind::Phone),
    ("verifyCode", PiiKind::Secret),
];

/// The parsed spec.
pub fn spec() -> Result<ProviderSpec, serde_json::Error> {
    ProviderSpec::from_json(SPEC_JSON)
}

/// Default of [`YixinConfig::timestamp_window_secs`].
pub const DEFAULT_TIMESTAMP_WINDOW_SECS: u32 = 30 * 60;

const fn default_window_secs() -> u32 {
    DEFAULT_TIMESTAMP_WINDOW_SECS
}

/// Yixin settings for one merchant, in one role.
#[derive(Clone, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct YixinConfig {
    /// `appId`.
    pub app_id: String,
    /// The gateway URL every operation is posted to.
    pub base_url: String,
    /// Our private key: signs what we send, unwraps the AES key of what we receive.
    pub our_private_key: String,
    /// Their public key: verifies what we receive, wraps the AES key of what we send.
    pub their_public_key: String,
    /// `ip` sent with requests (omitted when `None`).
    #[serde(default)]
    pub ip: Option<String>,
    /// Accepted distance of a received request's `timestamp` from the caller-given time (default
    /// 1800 s, ±30 min).
    #[serde(default = "default_window_secs")]
    pub timestamp_window_secs: u32,
    /// Overrides of the assumed crypto parameters.
    #[serde(default)]
    pub profile: YixinProfile,
    /// Send business fields the spec does not list, on every call (see `EncodeOptions`; off by
    /// default).
    #[serde(default)]
    pub allow_unlisted_fields: bool,
}

impl fmt::Debug for YixinConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("YixinConfig")
            .field("app_id", &self.app_id)
            .field("base_url", &self.base_url)
            .field(
                "our_private_key",
                &format_args!("<{} chars redacted>", self.our_private_key.chars().count()),
            )
            .field(
                "their_public_key",
                &format_args!("<{} chars redacted>", self.their_public_key.chars().count()),
            )
            .field("ip", &self.ip)
            .field("timestamp_window_secs", &self.timestamp_window_secs)
            .field("profile", &self.profile)
            .field("allow_unlisted_fields", &self.allow_unlisted_fields)
            .finish()
    }
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
}

fn unsupported(operation: &str) -> CodecError {
    CodecError::UnsupportedOperation {
        provider: Provider::Yixin,
        operation: operation.to_owned(),
    }
}

fn check_operation(operation: &str) -> Result<&'static str, CodecError> {
    OPERATIONS
        .iter()
        .copied()
        .find(|o| *o == operation)
        .ok_or_else(|| unsupported(operation))
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
    super::wire::json_object(field, bytes, MAX_BODY_BYTES)
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
        Ok(Self {
            app_id: config.app_id,
            base_url: config.base_url,
            ours,
            theirs,
            ip: config.ip,
            window_ms: i64::from(config.timestamp_window_secs) * 1000,
            profile: config.profile,
            allow_unlisted_fields: config.allow_unlisted_fields,
        })
    }

    /// Parses a JSON [`YixinConfig`] and builds the codec.
    pub fn from_config_json(json: &str) -> Result<Self, CodecError> {
        let config: YixinConfig = crate::config::parse(Provider::Yixin, json)?;
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
            reserved: fields::RESERVED_FIELDS,
            strings_only: false,
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
        fields::validate_request(method, params, self.unlisted(options.allow_unlisted_fields))?;
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
        let public: Vec<(String, String)> = if is_form {
            crate::form::decode(&request.body).map_err(|e| malformed("body", &e.to_string()))?
        } else {
            public_params(&parse_object("body", &request.body)?)?
        };
        // A repeated form field would leave it open which value was meant: refuse, don't guess.
        if let Some((k, _)) = public
            .iter()
            .enumerate()
            .find(|(i, (k, _))| public.iter().skip(i + 1).any(|(other, _)| other == k))
            .map(|(_, p)| p)
        {
            return Err(malformed(k, "occurs more than once"));
        }
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
        self.profile.verify(&self.theirs, &public, sign)?;

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
        Ok(OpenedRequest {
            request_no,
            timestamp_ms,
            ip: get(&public, "ip").filter(|s| !s.is_empty()).map(str::to_owned),
            request: DecodedRequest {
                operation: method.to_owned(),
                fields,
                signature: SignatureCheck::Verified,
                pii: PII,
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
        Self::finish(method, &code, msg, business.as_deref(), SignatureCheck::NotSigned)
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
        method: &'static str,
        code: &str,
        msg: Option<String>,
        business: Option<&[u8]>,
        signature: SignatureCheck,
    ) -> Result<DecodedResponse, CodecError> {
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
                pii: PII,
            });
        }
        let fields = parse_object("params", business.ok_or_else(|| malformed("params", "missing"))?)?;
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
                    Some(v) => scalar_text("bizId", v)?,
                    None => None,
                };
                codes::status_outcome(method, &status, desc, token)
            }
        };
        Ok(DecodedResponse {
            operation: method.to_owned(),
            fields,
            outcome,
            signature,
            pii: PII,
        })
    }
}

fn put(map: &mut Map<String, Value>, key: &str, value: &str) {
    map.insert(key.to_owned(), Value::from(value));
}

impl Codec for YixinCodec {
    fn provider(&self) -> Provider {
        Provider::Yixin
    }

    fn operations(&self) -> Vec<&'static str> {
        OPERATIONS.to_vec()
    }

    fn encode_request_with_options(
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

    fn decode_request(&self, request: &HttpRequest, ctx: &mut Context<'_>) -> Result<DecodedRequest, CodecError> {
        self.open_request(request, ctx).map(|o| o.request)
    }

    fn encode_response_with_options(
        &self,
        operation: &str,
        fields: &Map<String, Value>,
        options: &EncodeOptions,
        ctx: &mut Context<'_>,
    ) -> Result<HttpResponse, CodecError> {
        let method = check_operation(operation)?;
        fields::validate_response(method, fields, self.unlisted(options.allow_unlisted_fields))?;
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
        let signature = match get(&public, "sign").filter(|s| !s.is_empty()) {
            Some(sign) => {
                self.profile.verify(&self.theirs, &public, sign)?;
                SignatureCheck::Verified
            }
            None if self.profile.response_signed && params.is_some() => {
                return Err(CodecError::signature("sign", SignatureError::Missing))
            }
            None => SignatureCheck::NotSigned,
        };
        let business = match params {
            Some(p) => {
                let wrapped = require(&public, "key")?;
                let aes_key = self.profile.unwrap_key(&self.ours, ctx.rng, wrapped)?;
                Some(self.profile.decrypt_params(&aes_key, p)?)
            }
            None => None,
        };
        Self::finish(method, &code, msg, business.as_deref(), signature)
    }

    fn unified_field_names(&self) -> &'static [(&'static str, &'static str)] {
        &[
            ("outerUserNo", "user_id"),
            ("cardNo", "card_number"),
            ("bizNo", "order_id"),
            ("bizId", "confirm_token"),
            ("verifyCode", "verify_code"),
        ]
    }

    fn to_wire(&self, request: &UnifiedRequest) -> Result<(&'static str, Map<String, Value>), CodecError> {
        let mut map = Map::new();
        let operation = match request {
            UnifiedRequest::BindCardApply(apply) => {
                put(&mut map, "outerUserNo", &apply.user_id);
                put(&mut map, "cardNo", apply.card_number.expose());
                put(&mut map, "phone", apply.phone.expose());
                if let Some(order) = &apply.order_id {
                    put(&mut map, "bizNo", order);
                }
                // Yixin's bindCard carries no code (verifyCode does) and no name, ID, bank or
                // card type (Yixin knows the user by outerUserNo). A code here would be lost.
                if apply.verify_code.is_some() {
                    return Err(ValidationError::new("verifyCode", ValidationRule::UnknownField).into());
                }
                merge_extra(&mut map, &apply.extra)?;
                if !map.contains_key("bizType") {
                    return Err(ValidationError::new("bizType", ValidationRule::Required).into());
                }
                "bindCard"
            }
            UnifiedRequest::BindCardConfirm(confirm) => {
                put(&mut map, "outerUserNo", &confirm.user_id);
                let biz_id = confirm
                    .confirm_token
                    .as_deref()
                    .ok_or_else(|| ValidationError::new("bizId", ValidationRule::Required))?;
                put(&mut map, "bizId", biz_id);
                put(&mut map, "verifyCode", confirm.verify_code.expose());
                merge_extra(&mut map, &confirm.extra)?;
                "verifyCode"
            }
            UnifiedRequest::ListBoundCards { user_id } => {
                put(&mut map, "outerUserNo", user_id);
                "cardList"
            }
            UnifiedRequest::ListSupportedBanks { user_id, .. } => {
                let user_id = user_id
                    .as_deref()
                    .ok_or_else(|| ValidationError::new("outerUserNo", ValidationRule::Required))?;
                put(&mut map, "outerUserNo", user_id);
                "bankList"
            }
            UnifiedRequest::LookupCardBank { card_number } => {
                put(&mut map, "cardNo", card_number.expose());
                "cardBank"
            }
            UnifiedRequest::CheckAgreementNeeded { user_id, card_number } => {
                put(&mut map, "outerUserNo", user_id);
                put(&mut map, "cardNo", card_number.expose());
                "needCardSign"
            }
            UnifiedRequest::Other { operation, .. } => return Err(unsupported(&format!("{operation:?}"))),
        };
        Ok((operation, map))
    }
}
