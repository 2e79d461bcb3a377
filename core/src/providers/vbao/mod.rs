//! Vbao aggregated payment (微保 聚合支付): one-click bind card (`bindCard/create`) and the
//! bind-result notification, in both roles. See `spec/providers/vbao.json` and PROTOCOLS.md §4.
//!
//! One key pair does all the RSA work: Vbao's. The merchant encrypts requests and recovers
//! replies and notifications with Vbao's public key (`their_public_key`); Vbao (or a mock of it)
//! decrypts requests and makes replies and notifications with its private key
//! (`our_private_key`). Business JSON is signed with an upper-case salted MD5 under a shared sign
//! key, in both directions.

pub mod codes;
pub mod config;
mod envelope;
mod fields;
pub mod form;
mod unified;

use serde_json::{Map, Value};

use self::codes::{err_code_outcome, CodeScope, EnvelopeCode, NotifyAck};
use self::config::SPEC;
pub use self::config::{VbaoConfig, VbaoProfile, SPEC_JSON};
pub use self::envelope::MAX_BODY;
/// The same limit under the name the other providers use.
pub use self::envelope::MAX_BODY as MAX_BODY_BYTES;
use self::envelope::{carrier, malformed, parse_object, required_str, SIGN};
pub use self::form::{render_submit_form, SubmitForm};
use crate::keys::{PrivateKey, PublicKey};
use crate::mask::PiiKind;
use crate::model::validate::{ValidationError, ValidationRule};
use crate::model::{
    Codec, CodecError, Context, DecodedRequest, DecodedResponse, EncodeOptions, ErrorKind, HttpRequest, HttpResponse,
    Outcome, Provider, ReplyFormat, SignatureCheck, UnifiedRequest,
};
use crate::providers::kit::empty::outgoing;
use crate::providers::kit::fields::{in_spec_order, keep_signed_only, optional_private_key, optional_public_key};
use crate::providers::kit::{check_reply_answers, replay_key, Unlisted};
use crate::rule::{SharedSecret, SignatureAlgorithm};
use crate::spec::{FieldSpec, ProviderSpec};

/// `bindCard/create`: the merchant asks for the bank's bind-card page.
pub const BIND_CARD_CREATE: &str = "bindCard/create";
/// `bindNotify`: Vbao reports the bind result to `bindNotifyUrl`.
pub const BIND_NOTIFY: &str = "bindNotify";
/// The create path, relative to the base URL.
pub const BIND_CARD_CREATE_PATH: &str = "/api/vborder/shortcut/bindCard/create";

const JSON_UTF8: &str = "application/json;charset=utf-8";
const TEXT_UTF8: &str = "text/plain;charset=utf-8";
/// The reply envelope's `msg` on success, as in the document's example.
const ACCEPTED_MSG: &str = "操作成功";

/// The parsed embedded spec.
pub fn spec() -> Result<&'static ProviderSpec, CodecError> {
    SPEC.get()
}

/// Fields holding personal data, for masking: the spec's `pii` entries.
pub fn pii() -> &'static [(&'static str, PiiKind)] {
    SPEC.pii()
}

/// An opened carrier: the business object, and the bytes its signature covered (`None`: not signed).
type Opened = (Map<String, Value>, Option<Vec<u8>>);

/// The Vbao codec. Construct once per party; cheap to share.
#[derive(Debug, Clone)]
pub struct VbaoCodec {
    customer_no: String,
    sign_key: SharedSecret,
    their_public: Option<PublicKey>,
    our_private: Option<PrivateKey>,
    base_url: String,
    profile: VbaoProfile,
    allow_unlisted_fields: bool,
    spec: &'static ProviderSpec,
}

impl VbaoCodec {
    /// Checks the configuration and parses the keys.
    pub fn new(config: VbaoConfig) -> Result<Self, CodecError> {
        let config_err = CodecError::config;
        let spec = SPEC.get()?;
        if config.customer_no.is_empty() || config.customer_no.chars().count() > 32 {
            return Err(config_err("customer_no", "must be 1 to 32 characters"));
        }
        if config.sign_key.is_empty() {
            return Err(config_err("sign_key", "is required"));
        }
        if !matches!(config.profile.signature.algorithm, SignatureAlgorithm::Md5Hex { .. }) {
            return Err(config_err(
                "profile.signature.algorithm",
                "must be md5_hex: Vbao signs with a shared key",
            ));
        }
        let ack = &config.profile.notify_ack;
        if ack.is_empty() || ack.len() > 64 || ack.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return Err(config_err("profile.notify_ack", "must be 1 to 64 visible characters"));
        }
        if config.their_public_key.is_none() && config.our_private_key.is_none() {
            return Err(config_err(
                "their_public_key",
                "set their_public_key (merchant: Vbao's public key) or our_private_key (Vbao: its private key)",
            ));
        }
        let their_public = optional_public_key("their_public_key", config.their_public_key.as_deref())?;
        let our_private = optional_private_key("our_private_key", config.our_private_key.as_deref())?;
        Ok(Self {
            customer_no: config.customer_no,
            sign_key: SharedSecret::new(config.sign_key),
            their_public,
            our_private,
            base_url: config.base_url,
            profile: config.profile,
            allow_unlisted_fields: config.allow_unlisted_fields,
            spec,
        })
    }

    /// [`VbaoCodec::new`] from the JSON form of [`VbaoConfig`].
    pub fn from_config_json(json: &str) -> Result<Self, CodecError> {
        let config: VbaoConfig = crate::config::parse(SPEC.get()?, json)?;
        Self::new(config)
    }

    /// The auto-submitting form for a decoded `bindCard/create` reply (see [`render_submit_form`]).
    pub fn submit_form(decoded: &DecodedResponse) -> Result<String, CodecError> {
        SubmitForm::from_fields(&decoded.fields)?.render()
    }

    /// The unified outcome of a decoded bind-result notification (`errCode`, scope
    /// `notify.errCode`: 0000 is a bound card). Unknown codes give [`ErrorKind::Unknown`].
    pub fn notification_outcome(decoded: &DecodedRequest) -> Result<Outcome, CodecError> {
        if decoded.operation != BIND_NOTIFY {
            return Err(SPEC.unsupported(&decoded.operation));
        }
        let code = required_business_str(&decoded.fields, "errCode")?;
        let message = decoded
            .fields
            .get("errMessage")
            .and_then(Value::as_str)
            .map(str::to_owned);
        Ok(err_code_outcome(CodeScope::Notify, &code, message))
    }

    fn their_public(&self, why: &str) -> Result<&PublicKey, CodecError> {
        self.their_public
            .as_ref()
            .ok_or_else(|| CodecError::config("their_public_key", format!("(Vbao's public key) is needed to {why}")))
    }

    fn our_private(&self, why: &str) -> Result<&PrivateKey, CodecError> {
        self.our_private
            .as_ref()
            .ok_or_else(|| CodecError::config("our_private_key", format!("(Vbao's private key) is needed to {why}")))
    }

    /// The business object in the spec's field order, then the unlisted fields the caller was
    /// allowed to add, in the order given; nulls are not sent.
    fn ordered_business(params: &Map<String, Value>, operation: &str) -> Result<Map<String, Value>, CodecError> {
        let mut business = in_spec_order(&fields::operation(operation)?.request, params);
        business.retain(|_, v| !v.is_null());
        Ok(business)
    }

    /// How fields the spec does not list are treated for this call: strings only.
    fn unlisted(&self, per_call: bool) -> Unlisted<'static> {
        Unlisted {
            allowed: per_call || self.allow_unlisted_fields,
            reserved: &self.spec.reserved_fields,
            strings_only: true,
        }
    }

    fn encode_create_request(
        &self,
        params: &Map<String, Value>,
        options: EncodeOptions,
        ctx: &mut Context<'_>,
    ) -> Result<HttpRequest, CodecError> {
        let key = self.their_public("encrypt bindCard/create")?;
        let op = fields::operation(BIND_CARD_CREATE)?;
        fields::check_table(params, &op.request, &[], self.unlisted(options.allow_unlisted_fields))?;
        fields::check_create_request(params)?;
        let params = &outgoing(self.spec, params)?;
        let mut business = Map::new();
        if self.profile.customer_no_in_reqmsg {
            business.insert("customerNo".into(), Value::String(self.customer_no.clone()));
        }
        business.extend(Self::ordered_business(params, BIND_CARD_CREATE)?);
        let url = format!("{}{}", self.base_url.trim_end_matches('/'), BIND_CARD_CREATE_PATH);
        self.seal(business, url, op.idempotent, ctx, |rng, plain| {
            envelope::encrypt_reqmsg(key, rng, plain)
        })
    }

    fn encode_notify_request(
        &self,
        params: &Map<String, Value>,
        options: EncodeOptions,
        ctx: &mut Context<'_>,
    ) -> Result<HttpRequest, CodecError> {
        let key = self.our_private("make a bind-result notification")?;
        let op = fields::operation(BIND_NOTIFY)?;
        let mut business = params.clone();
        // The destination, not part of the message.
        let url = fields::optional_str(params, "bindNotifyUrl")?
            .ok_or_else(|| ValidationError::new("bindNotifyUrl", ValidationRule::Required))?
            .to_owned();
        business.remove("bindNotifyUrl");
        crate::model::validate::max_chars("bindNotifyUrl", &url, 256)?;
        form::check_http_url("bindNotifyUrl", &url)?;
        if business.get("customerNo").is_none_or(Value::is_null) {
            business.insert("customerNo".into(), Value::String(self.customer_no.clone()));
        }
        fields::check_table(
            &business,
            &op.request,
            &[SIGN],
            self.unlisted(options.allow_unlisted_fields),
        )?;
        fields::check_notify(&business)?;
        let business = Self::ordered_business(&outgoing(self.spec, &business)?, BIND_NOTIFY)?;
        self.seal(business, url, op.idempotent, ctx, |rng, plain| {
            envelope::private_encrypt_reqmsg(key, rng, plain)
        })
    }

    /// Signs `business`, encrypts it into `reqmsg` and POSTs `{"customerNo", "reqmsg"}` to `url`.
    fn seal(
        &self,
        business: Map<String, Value>,
        url: String,
        idempotent: bool,
        ctx: &mut Context<'_>,
        encrypt: impl FnOnce(&mut dyn rand_core::CryptoRng, &[u8]) -> Result<String, CodecError>,
    ) -> Result<HttpRequest, CodecError> {
        let plaintext = envelope::signed_json(&self.profile.signature, &self.sign_key, business, ctx.rng)?;
        let reqmsg = encrypt(ctx.rng, &plaintext)?;
        let body = Value::Object(carrier(&self.customer_no, reqmsg))
            .to_string()
            .into_bytes();
        let mut request = HttpRequest::post(url, JSON_UTF8, body);
        request.hints.idempotent = idempotent;
        Ok(request)
    }

    /// Unwraps `{"customerNo", "reqmsg"}`, checks the merchant, decrypts with `decrypt`,
    /// verifies `sign` (when `sign_required` or present) and returns the business object with the
    /// bytes the signature covered (`None`: not signed).
    fn open_carrier(
        &self,
        carrier: &Map<String, Value>,
        specs: &[FieldSpec],
        decrypt: impl FnOnce(&str) -> Result<Vec<u8>, CodecError>,
        sign_required: impl FnOnce(&Map<String, Value>) -> bool,
    ) -> Result<Opened, CodecError> {
        let customer_no = required_str(carrier, "customerNo")?;
        if customer_no != self.customer_no {
            return Err(malformed("customerNo", "is not the configured merchant"));
        }
        let reqmsg = required_str(carrier, "reqmsg")?;
        let mut business = envelope::business_object(&decrypt(reqmsg)?)?;
        // customerNo repeats the envelope's (the profile's customer_no_in_reqmsg), sign is the
        // envelope's own: both belong to every business object.
        self.unlisted(false)
            .check_received_fields("reqmsg", specs, &["customerNo", SIGN], &business)?;
        // The signature covers text only: a documented string must still be a JSON string.
        crate::providers::kit::fields::check_received_strings(specs, &business)?;
        match business.get("customerNo") {
            None | Some(Value::Null) => {}
            Some(Value::String(inner)) if inner == customer_no => {}
            Some(_) => return Err(malformed("reqmsg.customerNo", "differs from the envelope's customerNo")),
        }
        let covered = if business.contains_key(SIGN) || sign_required(&business) {
            let covered = envelope::verify(&self.profile.signature, &self.sign_key, &business)?;
            // Empty and null values are not signed: a verified message does not hand them out.
            keep_signed_only(&mut business);
            Some(covered)
        } else {
            None
        };
        Ok((business, covered))
    }

    fn decode_create_response(&self, response: &HttpResponse) -> Result<DecodedResponse, CodecError> {
        let key = self.their_public("recover a bindCard/create reply")?;
        let decoded = |fields, outcome, replay: Option<String>| DecodedResponse {
            operation: BIND_CARD_CREATE.to_owned(),
            fields,
            outcome,
            signature: if replay.is_some() {
                SignatureCheck::Verified
            } else {
                SignatureCheck::NotSigned
            },
            replay_key: replay,
            pii: pii(),
        };
        let outer = parse_object("body", &response.body)?;
        let code = match outer.get("code") {
            Some(Value::String(s)) => s.clone(),
            Some(Value::Number(n)) => n.to_string(),
            None | Some(Value::Null) => return Err(malformed("code", "missing")),
            Some(_) => return Err(malformed("code", "not a string or number")),
        };
        let success = match outer.get("success") {
            None | Some(Value::Null) => None,
            Some(Value::Bool(b)) => Some(*b),
            Some(_) => return Err(malformed("success", "not a boolean")),
        };
        let msg = match outer.get("msg") {
            None | Some(Value::Null) => None,
            Some(Value::String(s)) => Some(s.clone()),
            Some(_) => return Err(malformed("msg", "not a string")),
        };
        if EnvelopeCode::from_wire(&code).is_none() || success == Some(false) {
            // Undocumented envelope codes (or success=false): nothing inside to decrypt.
            return Ok(decoded(
                Map::new(),
                Outcome::failed(ErrorKind::Unknown, code, msg),
                None,
            ));
        }
        let data = match outer.get("data") {
            Some(Value::String(s)) => parse_object("data", s.as_bytes())?,
            Some(Value::Object(o)) => o.clone(),
            None | Some(Value::Null) => return Err(malformed("data", "missing")),
            Some(_) => return Err(malformed("data", "not a JSON string or object")),
        };
        let success_code = codes::ErrCode::Success.as_str();
        let (business, covered) = self.open_carrier(
            &data,
            &fields::operation(BIND_CARD_CREATE)?.response,
            |reqmsg| envelope::public_decrypt_reqmsg(key, reqmsg),
            // The document marks sign optional; a success must still carry one.
            |b| b.get("errCode").and_then(Value::as_str) == Some(success_code),
        )?;
        check_reply_answers(self.spec, fields::operation(BIND_CARD_CREATE)?, &business, None)?;
        let err_code = required_business_str(&business, "errCode")?;
        let message = business.get("errMessage").and_then(Value::as_str).map(str::to_owned);
        let outcome = err_code_outcome(CodeScope::Create, &err_code, message);
        let replay = covered.map(|c| replay_key(Provider::Vbao, BIND_CARD_CREATE, &[&c]));
        Ok(decoded(business, outcome, replay))
    }

    fn decode_notify_ack(&self, response: &HttpResponse) -> Result<DecodedResponse, CodecError> {
        let outcome = {
            let text = std::str::from_utf8(&response.body)
                .map_err(|_| malformed("body", "not UTF-8"))?
                .trim();
            if text == self.profile.notify_ack {
                Outcome::succeeded(text, None)
            } else if text == NotifyAck::Fail.as_str() {
                Outcome::new(NotifyAck::Fail.status(), text.to_owned(), None)
            } else if text.chars().count() <= 64 && !text.chars().any(char::is_control) {
                Outcome::failed(ErrorKind::Unknown, text, None)
            } else {
                return Err(malformed("body", "not a short plain-text acknowledgement"));
            }
        };
        let mut fields = Map::new();
        fields.insert("result".into(), Value::String(outcome.provider_code.clone()));
        Ok(DecodedResponse {
            operation: BIND_NOTIFY.to_owned(),
            fields,
            outcome,
            signature: SignatureCheck::NotSigned,
            replay_key: None,
            pii: pii(),
        })
    }
}

fn required_business_str(business: &Map<String, Value>, name: &str) -> Result<String, CodecError> {
    match fields::optional_str(business, name)? {
        Some(s) if !s.is_empty() => Ok(s.to_owned()),
        _ => Err(ValidationError::new(name, ValidationRule::Required).into()),
    }
}

impl Codec for VbaoCodec {
    fn provider(&self) -> Provider {
        Provider::Vbao
    }

    fn operations(&self) -> Vec<&'static str> {
        vec![BIND_CARD_CREATE, BIND_NOTIFY]
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
        match operation {
            BIND_CARD_CREATE => self.encode_create_request(params, *options, ctx),
            BIND_NOTIFY => self.encode_notify_request(params, *options, ctx),
            other => Err(SPEC.unsupported(other)),
        }
    }

    fn max_body_bytes(&self) -> usize {
        MAX_BODY
    }

    /// A request to the create path is `bindCard/create` (Vbao's role); anything else is a
    /// notification arriving at the merchant's `bindNotifyUrl`.
    fn decode_received(&self, request: &HttpRequest, ctx: &mut Context<'_>) -> Result<DecodedRequest, CodecError> {
        let path = request.url.split(['?', '#']).next().unwrap_or_default();
        let carrier = parse_object("body", &request.body)?;
        let (operation, business, covered) = if path.ends_with(BIND_CARD_CREATE_PATH) {
            let key = self.our_private("decrypt bindCard/create")?;
            let specs = &fields::operation(BIND_CARD_CREATE)?.request;
            let decrypt = |m: &str| envelope::decrypt_reqmsg(key, ctx.rng, m);
            let (business, covered) = self.open_carrier(&carrier, specs, decrypt, |_| true)?;
            (BIND_CARD_CREATE, business, covered)
        } else {
            let key = self.their_public("recover a bind-result notification")?;
            let specs = &fields::operation(BIND_NOTIFY)?.request;
            let decrypt = |m: &str| envelope::public_decrypt_reqmsg(key, m);
            let (business, covered) = self.open_carrier(&carrier, specs, decrypt, |_| true)?;
            (BIND_NOTIFY, business, covered)
        };
        fields::check_received(&business, &fields::operation(operation)?.request)?;
        Ok(DecodedRequest {
            replay_key: covered.map(|c| replay_key(Provider::Vbao, operation, &[&c])),
            operation: operation.to_owned(),
            fields: business,
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
        match operation {
            BIND_CARD_CREATE => {
                let key = self.our_private("make a bindCard/create reply")?;
                let op = fields::operation(BIND_CARD_CREATE)?;
                let mut business = Map::new();
                if !fields.contains_key("customerNo") {
                    business.insert("customerNo".into(), Value::String(self.customer_no.clone()));
                }
                business.extend(fields.iter().map(|(k, v)| (k.clone(), v.clone())));
                // Fields the document does not list need the opt-in, as everywhere; the documented
                // ones follow the table (submitMethod is case-insensitive: checked below).
                let mut checked = business.clone();
                checked.remove("submitMethod");
                let unlisted = self.unlisted(options.allow_unlisted_fields);
                fields::check_table(&checked, &op.response, &[SIGN], unlisted)?;
                if let Some(method) = fields::optional_str(&business, "submitMethod")?.filter(|m| !m.is_empty()) {
                    form::SubmitMethod::parse(method)?;
                }
                let business = outgoing(self.spec, &business)?;
                let plaintext = envelope::signed_json(&self.profile.signature, &self.sign_key, business, ctx.rng)?;
                let reqmsg = envelope::private_encrypt_reqmsg(key, ctx.rng, &plaintext)?;
                let data = Value::Object(carrier(&self.customer_no, reqmsg)).to_string();
                let mut outer = Map::new();
                outer.insert("code".into(), Value::String(EnvelopeCode::Accepted.as_str().into()));
                outer.insert("success".into(), Value::Bool(true));
                outer.insert("data".into(), Value::String(data));
                outer.insert("msg".into(), Value::String(ACCEPTED_MSG.into()));
                Ok(HttpResponse::new(
                    200,
                    JSON_UTF8,
                    Value::Object(outer).to_string().into_bytes(),
                ))
            }
            BIND_NOTIFY => {
                let op = fields::operation(BIND_NOTIFY)?;
                fields::check_table(fields, &op.response, &[], self.unlisted(options.allow_unlisted_fields))?;
                let ack = match fields::optional_str(fields, "result")? {
                    None | Some("SUCCESS") => self.profile.notify_ack.as_str(),
                    Some(_) => NotifyAck::Fail.as_str(),
                };
                Ok(HttpResponse::new(200, TEXT_UTF8, ack.as_bytes().to_vec()))
            }
            other => Err(SPEC.unsupported(other)),
        }
    }

    fn reply_format(&self, operation: &str) -> ReplyFormat {
        if operation == BIND_NOTIFY {
            ReplyFormat::PlainText
        } else {
            ReplyFormat::Json
        }
    }

    fn decode_reply(
        &self,
        operation: &str,
        response: &HttpResponse,
        _ctx: &mut Context<'_>,
    ) -> Result<DecodedResponse, CodecError> {
        match operation {
            BIND_CARD_CREATE => self.decode_create_response(response),
            BIND_NOTIFY => self.decode_notify_ack(response),
            other => Err(SPEC.unsupported(other)),
        }
    }
    fn to_wire(&self, request: &UnifiedRequest) -> Result<(&'static str, Map<String, Value>), CodecError> {
        unified::to_wire(request)
    }
}
