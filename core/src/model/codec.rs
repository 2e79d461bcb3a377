//! The codec trait every provider implements, in both roles.
//!
//! One codec instance is one party to a conversation. "Our" keys sign and decrypt; "their" keys
//! verify and encrypt. A merchant's backend configures its own private key and the provider's
//! public key; a mock provider (tests, the demo) configures the provider's private key and the
//! merchant's public key, and uses the same four methods.

use std::fmt;

use rand_core::CryptoRng;
use serde_json::{Map, Value};

use super::error::CodecError;
use super::operation::{Provider, UnifiedRequest};
use super::outcome::Outcome;
use super::transport::{HttpRequest, HttpResponse};

/// The current times [`Context::now`] accepts, in Unix milliseconds: 10^12 (2001-09-09) up to
/// 10^13 (2286-11-20).
pub const PLAUSIBLE_NOW_MS: std::ops::RangeInclusive<i64> = 1_000_000_000_000..=10_000_000_000_000;

/// What the caller supplies per call: the current time and randomness. Core reads neither itself.
pub struct Context<'a> {
    /// Milliseconds since the Unix epoch, if the caller wants timestamps produced or checked.
    pub now_unix_ms: Option<i64>,
    /// Randomness for RSA blinding, padding and per-message keys.
    pub rng: &'a mut dyn CryptoRng,
}

impl fmt::Debug for Context<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Context")
            .field("now_unix_ms", &self.now_unix_ms)
            .finish_non_exhaustive()
    }
}

impl<'a> Context<'a> {
    /// A context with randomness and the current time.
    pub fn new(rng: &'a mut dyn CryptoRng, now_unix_ms: Option<i64>) -> Self {
        Self { now_unix_ms, rng }
    }

    /// The current time, or [`CodecError::MissingContext`]. A time outside
    /// [`PLAUSIBLE_NOW_MS`] is refused as `now_ms` ([`Context::check_now`]).
    pub fn now(&self) -> Result<i64, CodecError> {
        self.check_now()?;
        self.now_unix_ms.ok_or(CodecError::MissingContext {
            what: "current time (now_unix_ms)",
        })
    }

    /// The one `now_ms` check, applied by every [`Codec`] entry point (encode and decode, every
    /// provider and operation) whether or not the operation reads the time: a given time outside
    /// [`PLAUSIBLE_NOW_MS`] is refused as `now_ms`. Unix *seconds* passed as milliseconds
    /// (`1796390000`) would otherwise be sent as a 1970 timestamp or fail every replay check.
    pub fn check_now(&self) -> Result<(), CodecError> {
        match self.now_unix_ms {
            Some(now) if !PLAUSIBLE_NOW_MS.contains(&now) => Err(super::ValidationError::new(
                "now_ms",
                super::ValidationRule::Format {
                    expected: "Unix time in milliseconds between 2001 and 2286 (seconds were given?)".into(),
                },
            )
            .into()),
            _ => Ok(()),
        }
    }
}

/// Per-call encoding choices; `Default` is the safe choice for each.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct EncodeOptions {
    /// Send fields the provider's spec does not list (a provider adds a field before this
    /// library's spec knows it). Off by default: such a field is then
    /// [`ValidationRule::UnknownField`](super::ValidationRule::UnknownField). On, an unlisted field is
    /// sent as given (and signed, where the message is signed) when its name is plain (ASCII
    /// letters, digits and `_`, at most 64) and its value has a type the protocol can carry
    /// (LianLian and Vbao: strings); a name the spec reserves (envelope and computed fields, its
    /// `reserved_fields`) is refused either way. Each provider's configuration has the same
    /// switch (`allow_unlisted_fields`) for every call of a client.
    pub allow_unlisted_fields: bool,
}

/// The syntax of a provider's replies to one operation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReplyFormat {
    /// A JSON object.
    Json,
    /// A short plain-text acknowledgement (Vbao's notification answer).
    PlainText,
}

/// How a decoded message's signature was handled.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SignatureCheck {
    /// A signature was present and verified.
    Verified,
    /// The provider documents no signature on this message (or on this code): none was checked.
    NotSigned,
}

/// A decoded request (server role).
#[derive(Clone, PartialEq)]
pub struct DecodedRequest {
    /// The provider's operation name (`BindCard.applyBindCard`, `bankcardbind`...).
    pub operation: String,
    /// Business fields as received (decrypted, unwrapped), by wire name.
    pub fields: Map<String, Value>,
    /// Signature handling.
    pub signature: SignatureCheck,
    /// What to remember to refuse this message if it comes again: a digest of exactly the bytes
    /// its signature covers, with the provider and the operation (`providers::kit::replay`).
    /// Unsigned fields never enter it, so rewriting or deleting one (xianjincard's `timestamp`)
    /// keeps the key. `None` when the message is not signed. Store it for as long as the
    /// provider's protocol lets a message be accepted (its replay window), refusing a repeat:
    /// a unique index, or Redis `SET key 1 NX EX <seconds>` (README "Replay keys").
    pub replay_key: Option<String>,
    /// Wire names of fields holding personal data, for masking.
    pub pii: &'static [(&'static str, crate::mask::PiiKind)],
}

/// A decoded response (client role).
#[derive(Clone, PartialEq)]
pub struct DecodedResponse {
    /// The provider's operation name.
    pub operation: String,
    /// Business fields as received (decrypted, unwrapped), by wire name.
    pub fields: Map<String, Value>,
    /// The unified outcome.
    pub outcome: Outcome,
    /// Signature handling.
    pub signature: SignatureCheck,
    /// As [`DecodedRequest::replay_key`]: `None` when the reply is not signed.
    pub replay_key: Option<String>,
    /// Wire names of fields holding personal data, for masking.
    pub pii: &'static [(&'static str, crate::mask::PiiKind)],
}

/// Lower-case hex SHA-256 of `fields` as canonical JSON ([`crate::text::json::canonical_text`]).
pub fn fields_fingerprint(fields: &Map<String, Value>) -> String {
    let canonical = crate::text::json::canonical_text(&Value::Object(fields.clone()));
    crate::encoding::encode_hex(
        &crate::digest::DigestAlgorithm::Sha256.digest(canonical.as_bytes()),
        crate::encoding::HexCase::Lower,
    )
}

impl DecodedRequest {
    /// The same logical request, whatever its key order, formatting, transport ids or signature:
    /// lower-case hex SHA-256 of the business fields as canonical JSON. A provider that must
    /// answer a repeat identically (Huanbei) keys its answers by it; [`DecodedRequest::replay_key`]
    /// is what refuses a replay.
    pub fn fingerprint(&self) -> String {
        fields_fingerprint(&self.fields)
    }
}

impl fmt::Debug for DecodedRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DecodedRequest")
            .field("operation", &self.operation)
            .field("fields", &crate::mask::MaskedFields(&self.fields, self.pii))
            .field("signature", &self.signature)
            .field("replay_key", &self.replay_key)
            .finish()
    }
}

impl fmt::Debug for DecodedResponse {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DecodedResponse")
            .field("operation", &self.operation)
            .field("fields", &crate::mask::MaskedFields(&self.fields, self.pii))
            .field("outcome", &self.outcome)
            .field("signature", &self.signature)
            .field("replay_key", &self.replay_key)
            .finish()
    }
}

/// A provider codec: both roles, every operation, JSON-shaped business fields at the edge.
pub trait Codec: Send + Sync {
    /// Which provider.
    fn provider(&self) -> Provider;

    /// The provider's operation names, as in `spec/providers/<name>.json`.
    fn operations(&self) -> Vec<&'static str>;

    /// Client role: validates `params` and builds the request to send.
    fn encode_request(
        &self,
        operation: &str,
        params: &Map<String, Value>,
        ctx: &mut Context<'_>,
    ) -> Result<HttpRequest, CodecError> {
        self.encode_request_with_options(operation, params, &EncodeOptions::default(), ctx)
    }

    /// [`Codec::encode_request`] with per-call [`EncodeOptions`]. Every encode and decode entry
    /// point applies [`Context::check_now`] first, then the provider's hook.
    fn encode_request_with_options(
        &self,
        operation: &str,
        params: &Map<String, Value>,
        options: &EncodeOptions,
        ctx: &mut Context<'_>,
    ) -> Result<HttpRequest, CodecError> {
        ctx.check_now()?;
        self.build_request(operation, params, options, ctx)
    }

    /// The provider-specific part of [`Codec::encode_request_with_options`].
    fn build_request(
        &self,
        operation: &str,
        params: &Map<String, Value>,
        options: &EncodeOptions,
        ctx: &mut Context<'_>,
    ) -> Result<HttpRequest, CodecError>;

    /// Server role: decodes (decrypts, verifies) a received request.
    ///
    /// One rule for every provider first: the body within [`Codec::max_body_bytes`], at most
    /// [`MAX_FIELDS`](super::limits::MAX_FIELDS) query parameters and headers, each query name
    /// and each header a codec reads once. Everything else is [`Codec::decode_received`]'s.
    fn decode_request(&self, request: &HttpRequest, ctx: &mut Context<'_>) -> Result<DecodedRequest, CodecError> {
        if request.body.len() > self.max_body_bytes() {
            return Err(CodecError::LimitExceeded {
                what: "request body",
                limit: self.max_body_bytes(),
            });
        }
        ctx.check_now()?;
        super::transport::check_received_request(request)?;
        self.decode_received(request, ctx)
    }

    /// The provider-specific part of [`Codec::decode_request`]: `request` passed the rules
    /// every received request is held to.
    fn decode_received(&self, request: &HttpRequest, ctx: &mut Context<'_>) -> Result<DecodedRequest, CodecError>;

    /// The error for an operation this provider does not have: the nearest valid name and the
    /// list, or the wire operation a unified name stands for ([`CodecError::unsupported`]).
    fn unsupported(&self, operation: &str) -> CodecError;

    /// Server role: builds the response to a request.
    fn encode_response(
        &self,
        operation: &str,
        fields: &Map<String, Value>,
        ctx: &mut Context<'_>,
    ) -> Result<HttpResponse, CodecError> {
        self.encode_response_with_options(operation, fields, &EncodeOptions::default(), ctx)
    }

    /// [`Codec::encode_response`] with per-call [`EncodeOptions`] ([`Context::check_now`] first).
    fn encode_response_with_options(
        &self,
        operation: &str,
        fields: &Map<String, Value>,
        options: &EncodeOptions,
        ctx: &mut Context<'_>,
    ) -> Result<HttpResponse, CodecError> {
        ctx.check_now()?;
        self.build_response(operation, fields, options, ctx)
    }

    /// The provider-specific part of [`Codec::encode_response_with_options`].
    fn build_response(
        &self,
        operation: &str,
        fields: &Map<String, Value>,
        options: &EncodeOptions,
        ctx: &mut Context<'_>,
    ) -> Result<HttpResponse, CodecError>;

    /// The largest body [`Codec::decode_request`] and [`Codec::decode_response`] accept: a caller
    /// holding a bigger one can refuse it before copying it anywhere.
    fn max_body_bytes(&self) -> usize;

    /// Client role: decodes (decrypts, verifies) a response and maps it to the unified outcome.
    ///
    /// One rule for every provider: a reply that never reached the protocol (a non-2xx status,
    /// an empty body, or a body that is not the provider's format, such as a proxy's HTML page)
    /// decodes to [`Outcome::transport_failure`]: retryable `provider_unavailable` with the HTTP
    /// status, never an error about fields. Everything else is [`Codec::decode_reply`]'s. The
    /// outcome's `authenticated` and `http_status` are set here.
    fn decode_response(
        &self,
        operation: &str,
        response: &HttpResponse,
        ctx: &mut Context<'_>,
    ) -> Result<DecodedResponse, CodecError> {
        ctx.check_now()?;
        let operations = self.operations();
        let Some(operation) = operations.into_iter().find(|o| *o == operation) else {
            return Err(self.unsupported(operation));
        };
        let unavailable = |reason: String| DecodedResponse {
            operation: operation.to_owned(),
            fields: Map::new(),
            outcome: Outcome::transport_failure(response.status, reason),
            signature: SignatureCheck::NotSigned,
            replay_key: None,
            pii: &[],
        };
        if let Some(reason) = super::transport::failed_status(response) {
            return Ok(unavailable(reason));
        }
        if response.body.len() > self.max_body_bytes() {
            return Err(CodecError::LimitExceeded {
                what: "response body",
                limit: self.max_body_bytes(),
            });
        }
        if let Some(reason) = super::transport::empty_reply(response) {
            return Ok(unavailable(reason));
        }
        super::transport::check_received_response(response)?;
        match self.decode_reply(operation, response, ctx) {
            Ok(mut decoded) => {
                decoded.outcome.authenticated = decoded.signature == SignatureCheck::Verified;
                decoded.outcome.http_status = Some(response.status);
                Ok(decoded)
            }
            Err(error @ CodecError::LimitExceeded { .. }) => Err(error),
            Err(error) => match super::transport::unparsable_reply(self.reply_format(operation), response) {
                Some(reason) => Ok(unavailable(reason)),
                None => Err(error),
            },
        }
    }

    /// The provider-specific part of [`Codec::decode_response`]: `response` has a 2xx status
    /// and a non-empty body; `operation` is one of [`Codec::operations`].
    fn decode_reply(
        &self,
        operation: &str,
        response: &HttpResponse,
        ctx: &mut Context<'_>,
    ) -> Result<DecodedResponse, CodecError>;

    /// The syntax of `operation`'s replies, which tells a transport failure (a body in another
    /// syntax) from a malformed reply. JSON unless a provider says otherwise.
    fn reply_format(&self, _operation: &str) -> ReplyFormat {
        ReplyFormat::Json
    }

    /// Maps a unified request onto this provider's operation and wire fields.
    /// A provider without the operation returns [`Codec::unsupported`]'s error.
    fn to_wire(&self, request: &UnifiedRequest) -> Result<(&'static str, Map<String, Value>), CodecError>;

    /// Encodes a unified request: [`Codec::to_wire`] then [`Codec::encode_request`].
    fn encode_unified(&self, request: &UnifiedRequest, ctx: &mut Context<'_>) -> Result<HttpRequest, CodecError> {
        self.encode_unified_with_options(request, &EncodeOptions::default(), ctx)
    }

    /// [`Codec::encode_unified`] with per-call [`EncodeOptions`] (they apply to `extra` fields).
    fn encode_unified_with_options(
        &self,
        request: &UnifiedRequest,
        options: &EncodeOptions,
        ctx: &mut Context<'_>,
    ) -> Result<HttpRequest, CodecError> {
        let names = self.unified_field_names();
        self.to_wire(request)
            .and_then(|(operation, params)| self.encode_request_with_options(operation, &params, options, ctx))
            .map_err(|error| match error {
                // Name the field the caller gave, not the wire field it became.
                CodecError::Validation(mut v) if !request.has_wire_field(&v.field) => {
                    if let Some((_, unified)) = names.iter().find(|(wire, _)| *wire == v.field) {
                        (*unified).clone_into(&mut v.field);
                    }
                    CodecError::Validation(v)
                }
                other => other,
            })
    }

    /// `(wire name, unified name)` of every wire field [`Codec::to_wire`] fills from a unified
    /// field, so that errors of a unified call name what the caller passed.
    fn unified_field_names(&self) -> &'static [(&'static str, &'static str)] {
        &[]
    }
}
