//! LianLian Pay MPAY (连连支付): Card Bind Apply (`bankcardbind`) and Card Bind Verify
//! (`bankcardbindverfy`, LianLian's spelling).
//!
//! The merchant is the client, LianLian the server. Both requests are flat signed JSON; the apply
//! request is additionally encrypted whole into `pay_load` ([`payload`]). Replies are plain JSON,
//! signed only on the success codes `0000` and `8888`. `spec/providers/lianlian.json` is the source
//! of truth for operations, fields and codes; request validation is driven from it.

pub mod codes;
mod config;
mod fields;
pub mod payload;
pub mod risk;

use std::fmt;

use serde_json::{Map, Value};

use crate::canonical::CanonicalRule;
use crate::keys::{PrivateKey, PublicKey};
use crate::mask::PiiKind;
use crate::model::validate::max_chars;
use crate::model::{
    CardType, Codec, CodecError, Context, DecodedRequest, DecodedResponse, EncodeOptions, HttpRequest, HttpResponse,
    Provider, SignatureCheck, UnifiedRequest, ValidationError, ValidationRule,
};
use crate::rule::{SharedSecret, SignatureRule, SigningKey, VerifyingKey};
use crate::signature::SignatureError;
use crate::spec::{OperationSpec, ProviderSpec};

use crate::providers::wire::{canonical_error, keep_signed_only, Unlisted};
pub use codes::ReturnCode;
pub use config::{LianLianConfig, SignType};
use fields::{
    check_received_types, in_spec_order, is_required, json_object_text, merge_extra, parse_object, signable_pairs,
    string_field, string_value, type_error, validate,
};
pub use risk::RiskItem;

/// The embedded spec file.
pub const SPEC_JSON: &str = include_str!("../../../../spec/providers/lianlian.json");
/// Card Bind Apply.
pub const APPLY: &str = "bankcardbind";
/// Card Bind Verify (the misspelling is LianLian's).
pub const VERIFY: &str = "bankcardbindverfy";
/// Content type of requests and replies.
pub const CONTENT_TYPE: &str = "application/json;charset=utf-8";
/// Documented production base URL.
pub const PRODUCTION_BASE_URL: &str = "https://mpayapi.lianlianpay.com/v1";
/// Largest body accepted for decoding; LianLian's messages are a few KiB.
pub const MAX_BODY_BYTES: usize = 64 * 1024;
/// Names never sent as unlisted fields (the spec's `reserved_fields`): computed or envelope.
pub const RESERVED_FIELDS: &[&str] = &["sign", "pay_load"];

/// Fields that carry personal data, for masking decoded messages.
pub const PII_FIELDS: &[(&str, PiiKind)] = &[
    ("card_no", PiiKind::Card),
    ("bind_mob", PiiKind::Phone),
    ("acct_name", PiiKind::Name),
    ("id_no", PiiKind::Id),
    ("verify_code", PiiKind::Secret),
    // The credit card's validity date.
    ("vali_date", PiiKind::Secret),
    // risk_item repeats the holder's name, ID number and phone.
    ("risk_item", PiiKind::Secret),
    ("pay_load", PiiKind::Secret),
];

/// The LianLian codec (both roles).
#[derive(Clone)]
pub struct LianLianCodec {
    config: LianLianConfig,
    our_private: Option<PrivateKey>,
    their_public: Option<PublicKey>,
    sign_key: Option<SharedSecret>,
    spec: ProviderSpec,
    /// The configured key order's rule, built once rather than per message.
    canonical: CanonicalRule,
}

impl fmt::Debug for LianLianCodec {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("LianLianCodec")
            .field("config", &self.config)
            .finish_non_exhaustive()
    }
}

/// The parsed embedded spec.
pub fn spec() -> Result<ProviderSpec, CodecError> {
    ProviderSpec::from_json(SPEC_JSON).map_err(|_| CodecError::config("config", "the embedded spec does not parse"))
}

impl LianLianCodec {
    /// Parses the keys once and checks the profile has what it needs.
    pub fn new(config: LianLianConfig) -> Result<Self, CodecError> {
        let our_private = super::wire::optional_private_key("our_private_key", config.our_private_key.as_deref())?;
        let their_public = super::wire::optional_public_key("their_public_key", config.their_public_key.as_deref())?;
        let sign_key = config.sign_key.as_deref().map(SharedSecret::new);
        if config.oid_partner.is_empty() || max_chars("oid_partner", &config.oid_partner, 18).is_err() {
            return Err(CodecError::config("oid_partner", "must be 1 to 18 characters"));
        }
        let uses_md5 = config.sign_type == SignType::Md5 || config.response_sign_type == Some(SignType::Md5);
        if uses_md5 && sign_key.as_ref().is_none_or(|k| k.expose().is_empty()) {
            return Err(CodecError::config(
                "sign_key",
                "is required when sign_type or response_sign_type is MD5",
            ));
        }
        Ok(Self {
            canonical: CanonicalRule::sorted_pairs(config.key_order),
            config,
            our_private,
            their_public,
            sign_key,
            spec: spec()?,
        })
    }

    /// Parses a [`LianLianConfig`] from JSON and builds the codec.
    pub fn from_config_json(json: &str) -> Result<Self, CodecError> {
        let config: LianLianConfig = crate::config::parse(Provider::LianLian, json)?;
        Self::new(config)
    }

    /// The configuration.
    pub fn config(&self) -> &LianLianConfig {
        &self.config
    }

    /// The spec this codec validates against.
    pub fn spec(&self) -> &ProviderSpec {
        &self.spec
    }

    /// The profile of replies (defaults to the request profile).
    pub fn response_sign_type(&self) -> SignType {
        self.config.response_sign_type.unwrap_or(self.config.sign_type)
    }

    /// The complete signature rule of a profile under this configuration.
    pub fn rule(&self, sign_type: SignType) -> SignatureRule {
        SignatureRule {
            canonical: CanonicalRule::sorted_pairs(self.config.key_order),
            algorithm: sign_type.algorithm(),
        }
    }

    /// The exact bytes signed for `fields` (`sign` excluded, nulls and empty strings dropped).
    pub fn string_to_sign(&self, fields: &Map<String, Value>) -> Result<Vec<u8>, CodecError> {
        self.canonical
            .build(signable_pairs(fields)?)
            .map_err(|e| canonical_error("sign", e))
    }

    fn signing_key(&self, sign_type: SignType) -> Result<SigningKey, CodecError> {
        match sign_type {
            SignType::Md5 => self
                .sign_key
                .clone()
                .map(SigningKey::Secret)
                .ok_or_else(|| missing("sign_key")),
            SignType::Rsa | SignType::Sha256WithRsa => self
                .our_private
                .clone()
                .map(SigningKey::Rsa)
                .ok_or_else(|| missing("our_private_key")),
        }
    }

    fn verifying_key(&self, sign_type: SignType) -> Result<VerifyingKey, CodecError> {
        match sign_type {
            SignType::Md5 => self
                .sign_key
                .clone()
                .map(VerifyingKey::Secret)
                .ok_or_else(|| missing("sign_key")),
            SignType::Rsa | SignType::Sha256WithRsa => self
                .their_public
                .clone()
                .map(VerifyingKey::Rsa)
                .ok_or_else(|| missing("their_public_key")),
        }
    }

    fn sign(
        &self,
        fields: &Map<String, Value>,
        sign_type: SignType,
        ctx: &mut Context<'_>,
    ) -> Result<String, CodecError> {
        let message = self.string_to_sign(fields)?;
        let key = self.signing_key(sign_type)?;
        sign_type
            .algorithm()
            .sign(&key, &message, &mut *ctx.rng)
            .map_err(|e| CodecError::signature("sign", e))
    }

    /// Checks `sign_type` (must be `expected` when present, or when `require_type`) and `sign`,
    /// given `fields` and its members `sign_type` and `sign`. `setting` is the configuration key
    /// that chose `expected`, named when the message is signed under another profile.
    fn verify(
        &self,
        fields: &Map<String, Value>,
        (sign_type, sign): (Option<&Value>, Option<&Value>),
        (expected, setting): (SignType, &'static str),
        require_type: bool,
    ) -> Result<(), CodecError> {
        let other_profile = |received: SignType| {
            CodecError::signature(
                "sign_type",
                SignatureError::ProfileMismatch {
                    received: received.as_wire(),
                    expected: expected.as_wire(),
                    setting,
                },
            )
        };
        match sign_type {
            Some(Value::String(t)) if t == expected.as_wire() => {}
            None | Some(Value::Null) if !require_type => {}
            None | Some(Value::Null) => return Err(CodecError::signature("sign_type", SignatureError::Missing)),
            Some(Value::String(t)) => {
                return Err(match SignType::from_wire(t) {
                    Some(received) => other_profile(received),
                    None => CodecError::signature("sign_type", SignatureError::Mismatch),
                })
            }
            Some(_) => return Err(CodecError::signature("sign_type", SignatureError::Mismatch)),
        }
        let signature = match sign {
            Some(Value::String(s)) if !s.trim().is_empty() => s,
            Some(Value::String(_) | Value::Null) | None => {
                return Err(CodecError::signature("sign", SignatureError::Missing))
            }
            Some(_) => return Err(type_error("sign")),
        };
        let message = self.string_to_sign(fields)?;
        let key = self.verifying_key(expected)?;
        let outcome = expected.algorithm().verify(&key, &message, signature);
        if outcome == Err(SignatureError::Mismatch) {
            // Only on failure: does the other RSA digest verify? Then say which setting is off.
            let other = match expected {
                SignType::Rsa => Some(SignType::Sha256WithRsa),
                SignType::Sha256WithRsa => Some(SignType::Rsa),
                SignType::Md5 => None,
            };
            if let Some(other) = other.filter(|o| o.algorithm().verify(&key, &message, signature).is_ok()) {
                return Err(other_profile(other));
            }
        }
        outcome.map_err(|e| CodecError::signature("sign", e))
    }

    /// How unlisted fields are treated for this call: LianLian carries strings only.
    fn unlisted(&self, per_call: bool) -> Unlisted<'static> {
        Unlisted {
            allowed: per_call || self.config.allow_unlisted_fields,
            reserved: RESERVED_FIELDS,
            strings_only: true,
        }
    }

    fn operation_spec(&self, operation: &str) -> Result<&OperationSpec, CodecError> {
        self.spec
            .operation(operation)
            .ok_or_else(|| CodecError::UnsupportedOperation {
                provider: Provider::LianLian,
                operation: operation.to_owned(),
            })
    }

    /// A reply decoded as the wrong operation is an error, not a plausible outcome: a code-sent
    /// (8888) reply answers the apply, and a field only another operation's reply carries
    /// (`no_agree`, `token`...) says which operation it answers.
    fn check_reply_belongs(
        &self,
        op: &OperationSpec,
        fields: &Map<String, Value>,
        code: Option<ReturnCode>,
    ) -> Result<(), CodecError> {
        let lists = |o: &OperationSpec, name: &str| o.response.iter().any(|f| f.name == name);
        let mismatch = |field: &str, other: &str| CodecError::Malformed {
            field: field.to_owned(),
            reason: format!(
                "this reply answers {other}, not {}: decode a reply as the operation that was sent",
                op.name
            ),
        };
        if op.name == VERIFY && code == Some(ReturnCode::SmsSent) {
            return Err(mismatch("ret_code", APPLY));
        }
        for (name, value) in fields {
            if lists(op, name) || matches!(value, Value::Null) {
                continue;
            }
            if let Some(other) = self
                .spec
                .operations
                .iter()
                .find(|o| o.name != op.name && lists(o, name))
            {
                return Err(mismatch(name, &other.name));
            }
        }
        Ok(())
    }

    fn url(&self, op: &OperationSpec) -> String {
        format!("{}{}", self.config.base_url.trim_end_matches('/'), op.path)
    }

    /// Fills the fields the codec owns (`oid_partner`, `sign_type`, apply's default `api_version`)
    /// after checking the caller did not set them differently.
    fn envelope_fields(
        &self,
        given: &Map<String, Value>,
        sign_type: SignType,
        api_version: bool,
    ) -> Result<Map<String, Value>, CodecError> {
        let mut fields = given.clone();
        if fields.contains_key("sign") {
            return Err(ValidationError::new(
                "sign",
                ValidationRule::Format {
                    expected: "absent: the codec computes sign".into(),
                },
            )
            .into());
        }
        for (name, value) in [
            ("oid_partner", self.config.oid_partner.as_str()),
            ("sign_type", sign_type.as_wire()),
        ] {
            if !holds(name, fields.get(name), value)? {
                fields.insert(name.to_owned(), Value::String(value.to_owned()));
            }
        }
        if api_version && matches!(fields.get("api_version"), None | Some(Value::Null)) {
            fields.insert("api_version".into(), Value::String(self.config.api_version.clone()));
        }
        Ok(fields)
    }

    /// Checks the received `oid_partner` member is ours.
    fn check_partner(&self, oid_partner: Option<&Value>) -> Result<(), CodecError> {
        if holds("oid_partner", oid_partner, &self.config.oid_partner)? {
            Ok(())
        } else {
            Err(ValidationError::new("oid_partner", ValidationRule::Required).into())
        }
    }
}

/// `Ok(true)` if member `name` (`found`) is exactly `value`, `Ok(false)` if absent or null; any
/// other value is an error naming the one value allowed (configuration, never input).
fn holds(name: &str, found: Option<&Value>, value: &str) -> Result<bool, CodecError> {
    match found {
        None | Some(Value::Null) => Ok(false),
        Some(Value::String(s)) if s == value => Ok(true),
        Some(Value::String(_)) => Err(ValidationError::new(
            name,
            ValidationRule::OneOf {
                allowed: vec![value.to_owned()],
            },
        )
        .into()),
        Some(_) => Err(type_error(name)),
    }
}

/// The members decoding a reply reads, found in one pass over the map: cheaper than hashing each
/// name for a lookup in a reply of a dozen members.
#[derive(Default)]
struct ReplyMembers<'a> {
    ret_code: Option<&'a Value>,
    ret_msg: Option<&'a Value>,
    sign: Option<&'a Value>,
    sign_type: Option<&'a Value>,
    oid_partner: Option<&'a Value>,
    token: Option<&'a Value>,
}

impl<'a> ReplyMembers<'a> {
    fn of(fields: &'a Map<String, Value>) -> Self {
        let mut found = Self::default();
        for (name, value) in fields {
            let slot = match name.as_str() {
                "ret_code" => &mut found.ret_code,
                "ret_msg" => &mut found.ret_msg,
                "sign" => &mut found.sign,
                "sign_type" => &mut found.sign_type,
                "oid_partner" => &mut found.oid_partner,
                "token" => &mut found.token,
                _ => continue,
            };
            *slot = Some(value);
        }
        found
    }
}

fn missing(key: &str) -> CodecError {
    CodecError::config(key, "is needed for this operation and profile but is not configured")
}

/// The last path segment names the operation. A segment that does not look like an operation
/// name is not echoed into errors (a received URL is input, and errors never quote input).
fn operation_from_url(url: &str) -> &str {
    let path = url.split(['?', '#']).next().unwrap_or_default();
    let segment = path.trim_end_matches('/').rsplit('/').next().unwrap_or_default();
    let plausible = !segment.contains('.') && crate::providers::wire::echoable_name(segment, 32);
    if plausible {
        segment
    } else {
        "(unrecognised path)"
    }
}

impl Codec for LianLianCodec {
    fn provider(&self) -> Provider {
        Provider::LianLian
    }

    fn operations(&self) -> Vec<&'static str> {
        vec![APPLY, VERIFY]
    }

    fn max_body_bytes(&self) -> usize {
        MAX_BODY_BYTES
    }

    fn encode_request_with_options(
        &self,
        operation: &str,
        params: &Map<String, Value>,
        options: &EncodeOptions,
        ctx: &mut Context<'_>,
    ) -> Result<HttpRequest, CodecError> {
        let op = self.operation_spec(operation)?;
        let apply = op.name == APPLY;
        let fields = self.envelope_fields(params, self.config.sign_type, apply)?;
        validate(&op.request, &fields, None, self.unlisted(options.allow_unlisted_fields))?;
        let mut fields = in_spec_order(&op.request, &fields);
        let sign = self.sign(&fields, self.config.sign_type, ctx)?;
        fields.insert("sign".into(), Value::String(sign));
        let signed = serde_json::to_vec(&fields).map_err(|e| CodecError::json("params", &e))?;
        let body = if apply {
            let key = self.their_public.as_ref().ok_or_else(|| missing("their_public_key"))?;
            let plaintext = zeroize::Zeroizing::new(signed);
            let pay_load = payload::seal(key, &mut *ctx.rng, &plaintext)?;
            let mut outer = Map::new();
            outer.insert("oid_partner".into(), Value::String(self.config.oid_partner.clone()));
            outer.insert("pay_load".into(), Value::String(pay_load));
            serde_json::to_vec(&outer).map_err(|e| CodecError::json("body", &e))?
        } else {
            signed
        };
        let mut request = HttpRequest::post(self.url(op), CONTENT_TYPE, body);
        request.hints.timeout_ms = op.timeout_ms;
        request.hints.idempotent = op.idempotent;
        Ok(request)
    }

    fn decode_request(&self, request: &HttpRequest, ctx: &mut Context<'_>) -> Result<DecodedRequest, CodecError> {
        let op = self.operation_spec(operation_from_url(&request.url))?;
        let body = parse_object("body", &request.body)?;
        let fields = if op.name == APPLY {
            let outer_partner = string_field(&body, "oid_partner")?;
            let pay_load = string_field(&body, "pay_load")?
                .ok_or_else(|| CodecError::from(ValidationError::new("pay_load", ValidationRule::Required)))?;
            let key = self.our_private.as_ref().ok_or_else(|| missing("our_private_key"))?;
            let opened = payload::open(key, &mut *ctx.rng, pay_load)?;
            let inner = parse_object("pay_load", &opened.plaintext)?;
            // The clear oid_partner is not authenticated: it must agree with the signed one.
            if outer_partner.is_some_and(|p| Some(p) != string_field(&inner, "oid_partner").ok().flatten()) {
                return Err(CodecError::Malformed {
                    field: "oid_partner".into(),
                    reason: "differs from the oid_partner inside pay_load".into(),
                });
            }
            inner
        } else {
            body
        };
        check_received_types(&op.request, &fields)?;
        let members = (fields.get("sign_type"), fields.get("sign"));
        self.verify(&fields, members, (self.config.sign_type, "sign_type"), true)?;
        let mut fields = fields;
        keep_signed_only(&mut fields);
        self.check_partner(fields.get("oid_partner"))?;
        for spec in &op.request {
            let value = string_field(&fields, &spec.name)?;
            if value.is_none() && is_required(spec, None) {
                return Err(ValidationError::new(spec.name.clone(), ValidationRule::Required).into());
            }
            // risk_item is a document of its own, read as strictly as the body.
            if let (Some(text), "json_string") = (value, spec.ty.as_str()) {
                json_object_text(&spec.name, text)?;
            }
        }
        Ok(DecodedRequest {
            operation: op.name.clone(),
            fields,
            signature: SignatureCheck::Verified,
            pii: PII_FIELDS,
        })
    }

    fn encode_response_with_options(
        &self,
        operation: &str,
        fields: &Map<String, Value>,
        options: &EncodeOptions,
        ctx: &mut Context<'_>,
    ) -> Result<HttpResponse, CodecError> {
        let op = self.operation_spec(operation)?;
        let ret_code = match fields.get("ret_code") {
            Some(Value::String(c)) => c.as_str(),
            None | Some(Value::Null) => return Err(ValidationError::new("ret_code", ValidationRule::Required).into()),
            Some(_) => return Err(type_error("ret_code")),
        };
        let signed = ReturnCode::from_wire(ret_code).is_some_and(ReturnCode::is_signed);
        let sign_type = self.response_sign_type();
        let mut fields = if signed {
            self.envelope_fields(fields, sign_type, false)?
        } else {
            // LianLian neither signs failures nor echoes the merchant on them.
            if fields.contains_key("sign") || fields.contains_key("sign_type") {
                return Err(ValidationError::new(
                    "sign",
                    ValidationRule::Format {
                        expected: "absent: LianLian signs only 0000 and 8888 replies".into(),
                    },
                )
                .into());
            }
            fields.clone()
        };
        validate(
            &op.response,
            &fields,
            Some(ret_code),
            self.unlisted(options.allow_unlisted_fields),
        )?;
        fields = in_spec_order(&op.response, &fields);
        if signed {
            let sign = self.sign(&fields, sign_type, ctx)?;
            fields.insert("sign".into(), Value::String(sign));
        }
        let body = serde_json::to_vec(&fields).map_err(|e| CodecError::json("fields", &e))?;
        Ok(HttpResponse::new(200, CONTENT_TYPE, body))
    }

    fn decode_reply(
        &self,
        operation: &str,
        response: &HttpResponse,
        _ctx: &mut Context<'_>,
    ) -> Result<DecodedResponse, CodecError> {
        let op = self.operation_spec(operation)?;
        let fields = parse_object("body", &response.body)?;
        check_received_types(&op.response, &fields)?;
        let members = ReplyMembers::of(&fields);
        let ret_code = string_value("ret_code", members.ret_code)?
            .ok_or_else(|| CodecError::from(ValidationError::new("ret_code", ValidationRule::Required)))?;
        // An empty ret_msg is not signed: it says nothing.
        let ret_msg = string_value("ret_msg", members.ret_msg)?
            .filter(|m| !m.is_empty())
            .map(str::to_owned);
        let code = ReturnCode::from_wire(ret_code);
        self.check_reply_belongs(op, &fields, code)?;
        let has_sign = !matches!(members.sign, None | Some(Value::Null));
        let signature = if has_sign || code.is_some_and(ReturnCode::is_signed) {
            let signed = (members.sign_type, members.sign);
            self.verify(
                &fields,
                signed,
                (self.response_sign_type(), "response_sign_type"),
                false,
            )?;
            SignatureCheck::Verified
        } else {
            // LianLian omits sign on its failure codes (unknown codes decode as failures too).
            SignatureCheck::NotSigned
        };
        if signature == SignatureCheck::Verified && string_value("oid_partner", members.oid_partner)?.is_some() {
            self.check_partner(members.oid_partner)?;
        }
        let token = if code == Some(ReturnCode::SmsSent) {
            let token = string_value("token", members.token)?.filter(|t| !t.is_empty());
            Some(token.ok_or_else(|| CodecError::Malformed {
                field: "token".into(),
                reason: "a code-sent (8888) reply must carry token".into(),
            })?)
        } else {
            None
        };
        let outcome = codes::outcome(ret_code, ret_msg, token.map(str::to_owned));
        let mut fields = fields;
        if signature == SignatureCheck::Verified {
            keep_signed_only(&mut fields);
        }
        Ok(DecodedResponse {
            operation: op.name.clone(),
            fields,
            outcome,
            signature,
            pii: PII_FIELDS,
        })
    }

    fn unified_field_names(&self) -> &'static [(&'static str, &'static str)] {
        &[
            ("card_no", "card_number"),
            ("bind_mob", "phone"),
            ("acct_name", "holder_name"),
            ("id_no", "id_number"),
            ("id_type", "id_number"),
            ("no_order", "order_id"),
            ("pay_type", "card_type"),
            ("token", "confirm_token"),
        ]
    }

    fn to_wire(&self, request: &UnifiedRequest) -> Result<(&'static str, Map<String, Value>), CodecError> {
        match request {
            UnifiedRequest::BindCardApply(apply) => {
                for (present, field) in [
                    (apply.bank.is_some(), "bank"),
                    (apply.verify_code.is_some(), "verify_code"),
                ] {
                    if present {
                        return Err(ValidationError::new(field, ValidationRule::UnknownField).into());
                    }
                }
                let mut wire = Map::new();
                let mut put = |k: &str, v: &str| wire.insert(k.to_owned(), Value::String(v.to_owned()));
                put("user_id", &apply.user_id);
                put("card_no", apply.card_number.expose());
                put("bind_mob", apply.phone.expose());
                if let Some(name) = &apply.holder_name {
                    put("acct_name", name.expose());
                }
                if let Some(id) = &apply.id_number {
                    put("id_type", "0");
                    put("id_no", id.expose());
                }
                if let Some(order) = &apply.order_id {
                    put("no_order", order);
                }
                // pay_type: quick payment by card type; `P` (authenticated payment) comes as
                // extra pay_type, without a card type.
                if let Some(card_type) = apply.card_type {
                    put(
                        "pay_type",
                        match card_type {
                            CardType::Debit => "2",
                            CardType::Credit => "3",
                        },
                    );
                }
                merge_extra(&mut wire, &apply.extra)?;
                Ok((APPLY, wire))
            }
            UnifiedRequest::BindCardConfirm(confirm) => {
                let mut wire = Map::new();
                let mut put = |k: &str, v: &str| wire.insert(k.to_owned(), Value::String(v.to_owned()));
                put("user_id", &confirm.user_id);
                let token = confirm
                    .confirm_token
                    .as_deref()
                    .ok_or_else(|| CodecError::from(ValidationError::new("token", ValidationRule::Required)))?;
                put("token", token);
                put("verify_code", confirm.verify_code.expose());
                if let Some(order) = &confirm.order_id {
                    put("no_order", order);
                }
                merge_extra(&mut wire, &confirm.extra)?;
                Ok((VERIFY, wire))
            }
            other => Err(CodecError::UnsupportedOperation {
                provider: Provider::LianLian,
                operation: format!("{:?}", other.operation()),
            }),
        }
    }
}
