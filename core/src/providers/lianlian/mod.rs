//! LianLian Pay MPAY (连连支付): Card Bind Apply (`bankcardbind`) and Card Bind Verify
//! (`bankcardbindverfy`, LianLian's spelling).
//!
//! The merchant is the client, LianLian the server. Both requests are flat signed JSON; the apply
//! request is additionally encrypted whole into `pay_load` ([`envelope`]). Replies are plain JSON,
//! signed only on the success codes `0000` and `8888`. `spec/providers/lianlian.json` is the source
//! of truth for operations, fields and codes; request validation is driven from it.
//!
//! Files: [`config`] (settings, the embedded spec), `fields` (field rules), [`codes`] (return
//! codes), [`envelope`] (signature and `pay_load`), `unified` (unified requests); this file holds
//! the codec.

pub mod codes;
pub mod config;
pub mod envelope;
mod fields;
pub mod risk;
mod unified;

use std::fmt;

use serde_json::{Map, Value};

use crate::canonical::CanonicalRule;
use crate::keys::{PrivateKey, PublicKey};
use crate::mask::PiiKind;
use crate::model::validate::max_chars;
use crate::model::{
    Codec, CodecError, Context, DecodedRequest, DecodedResponse, EncodeOptions, HttpRequest, HttpResponse, Provider,
    SignatureCheck, UnifiedRequest, ValidationError, ValidationRule,
};
use crate::providers::kit::empty::outgoing;
use crate::providers::kit::environment;
use crate::providers::kit::fields::{
    check_not_own_key, keep_signed_only, optional_private_key, optional_public_key, received_str, received_value,
    type_error,
};
use crate::providers::kit::{check_reply_answers, replay_key, ReplyCode, Unlisted};
use crate::rule::SharedSecret;
use crate::spec::{OperationSpec, ProviderSpec};

use crate::providers::kit::fields::check_received_strings;
use crate::providers::kit::fields::in_spec_order;
pub use codes::ReturnCode;
use config::SPEC;
pub use config::{LianLianConfig, SignType, SPEC_JSON};
/// The `pay_load` envelope under its former path.
pub use envelope as payload;
use envelope::{missing, Expected, SignMembers};
use fields::{is_required, json_object_text, parse_object, validate};
pub use risk::RiskItem;

/// Card Bind Apply.
pub const APPLY: &str = "bankcardbind";
/// Card Bind Verify (the misspelling is LianLian's).
pub const VERIFY: &str = "bankcardbindverfy";
/// Content type of requests and replies.
pub const CONTENT_TYPE: &str = "application/json;charset=utf-8";
/// Documented production base URL.
pub const PRODUCTION_BASE_URL: &str = "https://mpayapi.lianlianpay.com/v1";
/// Largest body accepted for decoding; LianLian's messages are a few KiB (the spec's
/// `limits.max_body_bytes`).
pub const MAX_BODY_BYTES: usize = 64 * 1024;

/// The parsed embedded spec.
pub fn spec() -> Result<&'static ProviderSpec, CodecError> {
    SPEC.get()
}

/// Fields that carry personal data, for masking decoded messages: the spec's `pii` entries.
pub fn pii() -> &'static [(&'static str, PiiKind)] {
    SPEC.pii()
}

/// The LianLian codec (both roles).
#[derive(Clone)]
pub struct LianLianCodec {
    config: LianLianConfig,
    our_private: Option<PrivateKey>,
    their_public: Option<PublicKey>,
    sign_key: Option<SharedSecret>,
    spec: &'static ProviderSpec,
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

impl LianLianCodec {
    /// Parses the keys once and checks the profile has what it needs.
    pub fn new(mut config: LianLianConfig) -> Result<Self, CodecError> {
        config.base_url = environment::base_url(SPEC.get()?, config.environment.as_deref(), &config.base_url)?;
        let our_private = optional_private_key("our_private_key", config.our_private_key.as_deref())?;
        let their_public = optional_public_key("their_public_key", config.their_public_key.as_deref())?;
        check_not_own_key(
            our_private.as_ref(),
            their_public.as_ref(),
            ("our_private_key", "their_public_key"),
            "LianLian's public key (a mock LianLian: the merchant's)",
        )?;
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
            spec: SPEC.get()?,
        })
    }

    /// Parses a [`LianLianConfig`] from JSON and builds the codec.
    pub fn from_config_json(json: &str) -> Result<Self, CodecError> {
        let config: LianLianConfig = crate::config::parse(SPEC.get()?, json)?;
        Self::new(config)
    }

    /// The configuration.
    pub fn config(&self) -> &LianLianConfig {
        &self.config
    }

    /// The spec this codec validates against.
    pub fn spec(&self) -> &ProviderSpec {
        self.spec
    }

    /// How unlisted fields are treated for this call: LianLian carries strings only.
    fn unlisted(&self, per_call: bool) -> Unlisted<'static> {
        Unlisted {
            allowed: per_call || self.config.allow_unlisted_fields,
            reserved: &self.spec.reserved_fields,
            strings_only: true,
        }
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
        Some(_) => Err(type_error(name, "string").into()),
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

/// The last path segment names the operation (the unsupported-operation error echoes it only
/// through the echo rule: a received URL is input).
fn operation_from_url(url: &str) -> &str {
    let path = url.split(['?', '#']).next().unwrap_or_default();
    path.trim_end_matches('/').rsplit('/').next().unwrap_or_default()
}

impl Codec for LianLianCodec {
    fn provider(&self) -> Provider {
        Provider::LianLian
    }

    fn operations(&self) -> Vec<&'static str> {
        vec![APPLY, VERIFY]
    }

    fn unsupported(&self, operation: &str) -> CodecError {
        SPEC.unsupported(operation)
    }

    fn max_body_bytes(&self) -> usize {
        MAX_BODY_BYTES
    }

    fn build_request(
        &self,
        operation: &str,
        params: &Map<String, Value>,
        options: &EncodeOptions,
        ctx: &mut Context<'_>,
    ) -> Result<HttpRequest, CodecError> {
        let op = SPEC.operation(operation)?;
        let apply = op.name == APPLY;
        let fields = self.envelope_fields(params, self.config.sign_type, apply)?;
        validate(&op.request, &fields, None, self.unlisted(options.allow_unlisted_fields))?;
        let mut fields = in_spec_order(&op.request, &outgoing(self.spec, &fields)?);
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

    fn decode_received(&self, request: &HttpRequest, ctx: &mut Context<'_>) -> Result<DecodedRequest, CodecError> {
        let op = SPEC.operation(operation_from_url(&request.url))?;
        let body = parse_object("body", &request.body)?;
        let received = self.unlisted(false);
        let (place, fields) = if op.name == APPLY {
            received.check_received_fields("body", &[], &["oid_partner", "pay_load"], &body)?;
            let outer_partner = received_str(&body, "oid_partner")?;
            let pay_load = received_str(&body, "pay_load")?
                .ok_or_else(|| CodecError::from(ValidationError::new("pay_load", ValidationRule::Required)))?;
            let key = self.our_private.as_ref().ok_or_else(|| missing("our_private_key"))?;
            let opened = payload::open(key, &mut *ctx.rng, pay_load)?;
            let inner = parse_object("pay_load", &opened.plaintext)?;
            // The clear oid_partner is not authenticated: it must agree with the signed one.
            if outer_partner.is_some_and(|p| Some(p) != received_str(&inner, "oid_partner").ok().flatten()) {
                return Err(CodecError::Malformed {
                    field: "oid_partner".into(),
                    reason: "differs from the oid_partner inside pay_load".into(),
                });
            }
            ("pay_load", inner)
        } else {
            ("body", body)
        };
        received.check_received_fields(place, &op.request, &[], &fields)?;
        check_received_strings(&op.request, &fields)?;
        let members = SignMembers {
            sign_type: fields.get("sign_type"),
            sign: fields.get("sign"),
        };
        let expected = Expected {
            sign_type: self.config.sign_type,
            setting: "sign_type",
            require_type: true,
        };
        let covered = self.verify(&fields, members, expected)?;
        let mut fields = fields;
        keep_signed_only(&mut fields);
        self.check_partner(fields.get("oid_partner"))?;
        for spec in &op.request {
            let value = received_str(&fields, &spec.name)?;
            if value.is_none() && is_required(spec, None) && !spec.may_be_absent_on_receipt {
                return Err(ValidationError::new(spec.name.clone(), ValidationRule::Required).into());
            }
            // risk_item is a document of its own, read as strictly as the body.
            if let (Some(text), "json_string") = (value, spec.ty.as_str()) {
                json_object_text(&spec.name, text)?;
            }
        }
        Ok(DecodedRequest {
            replay_key: Some(replay_key(Provider::LianLian, &op.name, &[&covered])),
            operation: op.name.clone(),
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
        ctx: &mut Context<'_>,
    ) -> Result<HttpResponse, CodecError> {
        let op = SPEC.operation(operation)?;
        let ret_code = match fields.get("ret_code") {
            Some(Value::String(c)) => c.as_str(),
            None | Some(Value::Null) => return Err(ValidationError::new("ret_code", ValidationRule::Required).into()),
            Some(_) => return Err(type_error("ret_code", "string").into()),
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
        fields = in_spec_order(&op.response, &outgoing(self.spec, &fields)?);
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
        let op = SPEC.operation(operation)?;
        let fields = parse_object("body", &response.body)?;
        check_received_strings(&op.response, &fields)?;
        let members = ReplyMembers::of(&fields);
        let ret_code = received_value("ret_code", members.ret_code)?
            .ok_or_else(|| CodecError::from(ValidationError::new("ret_code", ValidationRule::Required)))?;
        // An empty ret_msg is not signed: it says nothing.
        let ret_msg = received_value("ret_msg", members.ret_msg)?
            .filter(|m| !m.is_empty())
            .map(str::to_owned);
        let code = ReturnCode::from_wire(ret_code);
        let reply_code = ReplyCode {
            scope: "ret_code",
            code: ret_code,
        };
        check_reply_answers(self.spec, op, &fields, Some(reply_code))?;
        self.unlisted(false)
            .check_received_fields("body", &op.response, &[], &fields)?;
        let has_sign = !matches!(members.sign, None | Some(Value::Null));
        let replay = if has_sign || code.is_some_and(ReturnCode::is_signed) {
            let signed = SignMembers {
                sign_type: members.sign_type,
                sign: members.sign,
            };
            let expected = Expected {
                sign_type: self.response_sign_type(),
                setting: "response_sign_type",
                require_type: false,
            };
            let covered = self.verify(&fields, signed, expected)?;
            Some(replay_key(Provider::LianLian, &op.name, &[&covered]))
        } else {
            // LianLian omits sign on its failure codes (unknown codes decode as failures too).
            None
        };
        let signature = if replay.is_some() {
            SignatureCheck::Verified
        } else {
            SignatureCheck::NotSigned
        };
        if signature == SignatureCheck::Verified && received_value("oid_partner", members.oid_partner)?.is_some() {
            self.check_partner(members.oid_partner)?;
        }
        let token = if code == Some(ReturnCode::SmsSent) {
            let token = received_value("token", members.token)?.filter(|t| !t.is_empty());
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
            replay_key: replay,
            pii: pii(),
        })
    }
    fn unified_field_names(&self) -> &'static [(&'static str, &'static str)] {
        unified::UNIFIED_FIELD_NAMES
    }

    fn to_wire(&self, request: &UnifiedRequest) -> Result<(&'static str, Map<String, Value>), CodecError> {
        unified::to_wire(request)
    }
}
