//! One provider codec per [`ProviderClient`], in both roles: a merchant's app or backend encodes
//! requests and decodes responses; a mock provider (tests, demos) decodes requests and encodes
//! responses. Business fields cross as JSON objects keyed by the provider's wire names.
#![allow(clippy::needless_pass_by_value)] // uniffi lifts every argument as an owned value

use std::fmt;

use cardbind::mask::{mask_all, mask_received_object, HiddenValues};
use cardbind::model::{self as core_model, EncodeOptions, Method, SignatureCheck, TransportHints};
use cardbind::{Context, Provider};

use crate::outcome::Outcome;
use serde_json::{Map, Value};

use crate::error::{guard, CardbindError};
use crate::signing::seeded_rng;
use crate::unified::{UnifiedRequest, WireRequest};

/// A header or query parameter, in order, not percent-encoded.
#[derive(Clone, PartialEq, Eq, uniffi::Record)]
#[uniffi::export(Debug)]
pub struct NameValue {
    /// Name.
    pub name: String,
    /// Value.
    pub value: String,
}

/// An HTTP request: what the client role sends, or what the server role received.
#[derive(Clone, PartialEq, Eq, uniffi::Record)]
#[uniffi::export(Debug)]
pub struct HttpRequest {
    /// Method.
    pub method: Method,
    /// Absolute URL or path, without the query string.
    pub url: String,
    /// Query parameters, in order, not yet percent-encoded.
    pub query: Vec<NameValue>,
    /// Headers, in order.
    pub headers: Vec<NameValue>,
    /// Body bytes.
    pub body: Vec<u8>,
    /// What the provider documents about sending it (ignored on decode).
    pub hints: TransportHints,
}

/// An HTTP response: what the server role answers, or what the client role received.
#[derive(Clone, PartialEq, Eq, uniffi::Record)]
#[uniffi::export(Debug)]
pub struct HttpResponse {
    /// Status code.
    pub status: u16,
    /// Headers, in order.
    pub headers: Vec<NameValue>,
    /// Body bytes.
    pub body: Vec<u8>,
}

/// A decoded request (server role).
#[derive(Clone, PartialEq, Eq, uniffi::Record)]
#[uniffi::export(Debug)]
pub struct DecodedRequest {
    /// The provider's operation name.
    pub operation: String,
    /// Business fields as received (decrypted, unwrapped), a JSON object by wire name. Personal data.
    pub fields_json: String,
    /// The same object with personal-data fields masked, for logs.
    pub masked_fields_json: String,
    /// Signature handling.
    pub signature: SignatureCheck,
    /// What to remember to refuse this request if it comes again: a digest of exactly the bytes
    /// its signature covers, with the provider and the operation (unsigned fields never enter
    /// it). `None` when the request is not signed.
    pub replay_key: Option<String>,
    /// The same logical request, whatever its key order, formatting, transport ids or signature:
    /// lower-case hex SHA-256 of the business fields as canonical JSON. A provider that must
    /// answer a repeat identically (Huanbei) keys its answers by it; `replay_key` is what
    /// refuses a replay. Derived from personal data, so `Debug`/`toString` leave it out.
    pub fingerprint: String,
}

/// A decoded response (client role) with the unified outcome.
#[derive(Clone, PartialEq, Eq, uniffi::Record)]
#[uniffi::export(Debug)]
pub struct DecodedResponse {
    /// The provider's operation name.
    pub operation: String,
    /// Business fields as received (decrypted, unwrapped), a JSON object by wire name. Personal data.
    pub fields_json: String,
    /// The same object with personal-data fields masked, for logs.
    pub masked_fields_json: String,
    /// The unified outcome, with the provider's own code and message.
    pub outcome: Outcome,
    /// Signature handling.
    pub signature: SignatureCheck,
    /// As `DecodedRequest.replayKey`: `None` when the reply is not signed.
    pub replay_key: Option<String>,
}

// Bodies and fields carry personal data: Debug shows shapes only, as core's types do. Kotlin's
// `toString` and Swift's `debugDescription` are this Debug (`#[uniffi::export(Debug)]`), so a
// record printed or logged on the JVM or in Swift is masked as in Rust.
impl fmt::Debug for NameValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // A query parameter may be a card or phone number: the value's presence only.
        f.debug_struct("NameValue")
            .field("name", &self.name)
            .field("value", &mask_all(&self.value))
            .finish()
    }
}

impl fmt::Debug for HttpRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&request_to_core(self), f)
    }
}

impl fmt::Debug for HttpResponse {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&response_to_core(self), f)
    }
}

impl fmt::Debug for DecodedRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DecodedRequest")
            .field("operation", &self.operation)
            .field("fields", &format_args!("{}", hidden(&self.fields_json)))
            .field("signature", &self.signature)
            .field("replay_key", &self.replay_key)
            .finish_non_exhaustive()
    }
}

impl fmt::Debug for DecodedResponse {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DecodedResponse")
            .field("operation", &self.operation)
            .field("fields", &format_args!("{}", hidden(&self.fields_json)))
            .field("outcome", &self.outcome)
            .field("signature", &self.signature)
            .field("replay_key", &self.replay_key)
            .finish_non_exhaustive()
    }
}

/// Field names and structure, every value hidden: a record built by hand may hold anything in
/// either JSON string, so neither is shown (`maskedFieldsJson` is there to be logged on purpose).
fn hidden(fields_json: &str) -> String {
    match serde_json::from_str::<Value>(fields_json) {
        Ok(Value::Object(fields)) => format!("{:?}", HiddenValues(&fields)),
        _ => format!("<{} bytes>", fields_json.len()),
    }
}

fn pairs_from_core(pairs: Vec<(String, String)>) -> Vec<NameValue> {
    pairs
        .into_iter()
        .map(|(name, value)| NameValue { name, value })
        .collect()
}

fn pairs_to_core(pairs: &[NameValue]) -> Vec<(String, String)> {
    pairs.iter().map(|p| (p.name.clone(), p.value.clone())).collect()
}

fn request_from_core(r: core_model::HttpRequest) -> HttpRequest {
    HttpRequest {
        method: r.method,
        url: r.url,
        query: pairs_from_core(r.query),
        headers: pairs_from_core(r.headers),
        body: r.body,
        hints: r.hints,
    }
}

fn request_to_core(r: &HttpRequest) -> core_model::HttpRequest {
    core_model::HttpRequest {
        method: r.method,
        url: r.url.clone(),
        query: pairs_to_core(&r.query),
        headers: pairs_to_core(&r.headers),
        body: r.body.clone(),
        hints: r.hints,
    }
}

fn response_from_core(r: core_model::HttpResponse) -> HttpResponse {
    HttpResponse {
        status: r.status,
        headers: pairs_from_core(r.headers),
        body: r.body,
    }
}

fn response_to_core(r: &HttpResponse) -> core_model::HttpResponse {
    core_model::HttpResponse {
        status: r.status,
        headers: pairs_to_core(&r.headers),
        body: r.body.clone(),
    }
}

/// Parses the caller's JSON object without ever quoting it in an error, as strictly as core reads
/// a received document (a key given twice is refused: which one was meant is a guess).
pub(crate) fn json_object(field: &str, json: &str) -> Result<Map<String, Value>, CardbindError> {
    let limit = cardbind::model::limits::MAX_MESSAGE_BYTES;
    match cardbind::model::limits::parse_json(field, json.as_bytes(), limit)? {
        Value::Object(map) => Ok(map),
        _ => Err(CardbindError::not_an_object(field)),
    }
}

/// A received body past the codec's limit is refused before it is copied into core's types.
fn check_body_size(codec: &dyn cardbind::Codec, body: &[u8]) -> Result<(), CardbindError> {
    let limit = codec.max_body_bytes();
    if body.len() > limit {
        return Err(cardbind::CodecError::LimitExceeded {
            what: "body bytes",
            limit,
        }
        .into());
    }
    Ok(())
}

fn json_text(fields: Map<String, Value>) -> String {
    Value::Object(fields).to_string()
}

/// The URL with the percent-encoded query appended, for HTTP clients that take one string.
#[uniffi::export]
pub fn full_url(request: HttpRequest) -> String {
    request_to_core(&request).full_url()
}

/// The embedded spec of `provider` (`spec/providers/<name>.json`): operations, fields, codes.
#[uniffi::export]
pub fn provider_spec_json(provider: Provider) -> String {
    cardbind::registry::spec_json(provider).to_owned()
}

/// The provider's name as used in spec files and configuration (`lianlian`, `xianjincard`...).
#[uniffi::export]
pub fn provider_name(provider: Provider) -> String {
    provider.name().to_owned()
}

/// One provider codec, configured from the provider's JSON config (`<Name>Config` in core).
/// Thread-safe; parse keys once and reuse the client. Its `toString` (Kotlin) and
/// `debugDescription` (Swift) name the provider, never the keys.
#[derive(uniffi::Object)]
#[uniffi::export(Debug)]
pub struct ProviderClient {
    codec: Box<dyn cardbind::Codec>,
}

impl fmt::Debug for ProviderClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ProviderClient")
            .field("provider", &self.codec.provider())
            .finish_non_exhaustive()
    }
}

impl ProviderClient {
    /// Runs `body` with a context; a signature failure names the command that diagnoses a
    /// message this client's provider signed.
    fn call<T>(
        &self,
        now_unix_ms: Option<i64>,
        seed: &[u8],
        body: impl FnOnce(&mut Context<'_>) -> Result<T, cardbind::CodecError>,
    ) -> Result<T, CardbindError> {
        let mut rng = seeded_rng(seed)?;
        let mut ctx = Context::new(&mut rng, now_unix_ms);
        body(&mut ctx).map_err(|e| CardbindError::from_codec(e, cardbind_cli::diagnose_command(self.codec.provider())))
    }
}

#[uniffi::export]
impl ProviderClient {
    /// Builds the codec for `provider` from its JSON config; keys are parsed and checked here.
    #[uniffi::constructor]
    pub fn new(provider: Provider, config_json: String) -> Result<Self, CardbindError> {
        guard(|| {
            Ok(Self {
                codec: cardbind::registry::codec_from_config(provider, &config_json)?,
            })
        })
    }

    /// As the primary constructor, naming the provider (`lianlian`, `xianjincard`...).
    #[uniffi::constructor]
    pub fn from_name(provider: String, config_json: String) -> Result<Self, CardbindError> {
        guard(|| {
            let reason = || Provider::unknown_name_reason(&provider);
            let provider =
                Provider::from_name(&provider).ok_or_else(|| CardbindError::argument("provider", reason()))?;
            Self::new(provider, config_json)
        })
    }

    /// Which provider.
    pub fn provider(&self) -> Provider {
        self.codec.provider()
    }

    /// The provider's operation names, as in its spec.
    pub fn operations(&self) -> Vec<String> {
        self.codec.operations().into_iter().map(str::to_owned).collect()
    }

    /// Client role: validates `params_json` (a JSON object by wire name) and builds the request.
    pub fn encode_request(
        &self,
        operation: String,
        params_json: String,
        now_unix_ms: Option<i64>,
        seed: Vec<u8>,
    ) -> Result<HttpRequest, CardbindError> {
        self.encode_request_with_options(operation, params_json, EncodeOptions::default(), now_unix_ms, seed)
    }

    /// [`Self::encode_request`] with per-call options (`EncodeOptions(allowUnlistedFields = true)`
    /// sends fields the spec does not list).
    pub fn encode_request_with_options(
        &self,
        operation: String,
        params_json: String,
        options: EncodeOptions,
        now_unix_ms: Option<i64>,
        seed: Vec<u8>,
    ) -> Result<HttpRequest, CardbindError> {
        guard(|| {
            let params = json_object("params_json", &params_json)?;
            let request = self.call(now_unix_ms, &seed, |ctx| {
                self.codec
                    .encode_request_with_options(&operation, &params, &options, ctx)
            })?;
            Ok(request_from_core(request))
        })
    }

    /// [`Self::encode_unified`] with per-call options (they apply to `extraJson`).
    pub fn encode_unified_with_options(
        &self,
        request: UnifiedRequest,
        options: EncodeOptions,
        now_unix_ms: Option<i64>,
        seed: Vec<u8>,
    ) -> Result<HttpRequest, CardbindError> {
        guard(|| {
            let request = request.to_core()?;
            let encoded = self.call(now_unix_ms, &seed, |ctx| {
                self.codec.encode_unified_with_options(&request, &options, ctx)
            })?;
            Ok(request_from_core(encoded))
        })
    }

    /// [`Self::encode_response`] with per-call options.
    pub fn encode_response_with_options(
        &self,
        operation: String,
        fields_json: String,
        options: EncodeOptions,
        now_unix_ms: Option<i64>,
        seed: Vec<u8>,
    ) -> Result<HttpResponse, CardbindError> {
        guard(|| {
            let fields = json_object("fields_json", &fields_json)?;
            let response = self.call(now_unix_ms, &seed, |ctx| {
                self.codec
                    .encode_response_with_options(&operation, &fields, &options, ctx)
            })?;
            Ok(response_from_core(response))
        })
    }

    /// Maps a provider-neutral request onto this provider's operation and wire fields, after
    /// validating its personal data. A provider without the operation throws `Refused`.
    pub fn to_wire(&self, request: UnifiedRequest) -> Result<WireRequest, CardbindError> {
        guard(|| {
            let (operation, params) = self.codec.to_wire(&request.to_core()?)?;
            Ok(WireRequest {
                operation: operation.to_owned(),
                params_json: json_text(params),
            })
        })
    }

    /// Client role: [`Self::to_wire`] then [`Self::encode_request`].
    pub fn encode_unified(
        &self,
        request: UnifiedRequest,
        now_unix_ms: Option<i64>,
        seed: Vec<u8>,
    ) -> Result<HttpRequest, CardbindError> {
        self.encode_unified_with_options(request, EncodeOptions::default(), now_unix_ms, seed)
    }

    /// Server role: decodes (decrypts, verifies) a received request.
    pub fn decode_request(
        &self,
        request: HttpRequest,
        now_unix_ms: Option<i64>,
        seed: Vec<u8>,
    ) -> Result<DecodedRequest, CardbindError> {
        guard(|| {
            check_body_size(&*self.codec, &request.body)?;
            let request = request_to_core(&request);
            let decoded = self.call(now_unix_ms, &seed, |ctx| self.codec.decode_request(&request, ctx))?;
            Ok(DecodedRequest {
                fingerprint: decoded.fingerprint(),
                masked_fields_json: json_text(mask_received_object(&decoded.fields, decoded.pii)),
                fields_json: json_text(decoded.fields),
                operation: decoded.operation,
                signature: decoded.signature,
                replay_key: decoded.replay_key,
            })
        })
    }

    /// Server role: builds the response to `operation` from `fields_json`.
    pub fn encode_response(
        &self,
        operation: String,
        fields_json: String,
        now_unix_ms: Option<i64>,
        seed: Vec<u8>,
    ) -> Result<HttpResponse, CardbindError> {
        self.encode_response_with_options(operation, fields_json, EncodeOptions::default(), now_unix_ms, seed)
    }

    /// Client role: decodes (decrypts, verifies) a response and maps it to the unified outcome.
    pub fn decode_response(
        &self,
        operation: String,
        response: HttpResponse,
        now_unix_ms: Option<i64>,
        seed: Vec<u8>,
    ) -> Result<DecodedResponse, CardbindError> {
        guard(|| {
            check_body_size(&*self.codec, &response.body)?;
            let response = response_to_core(&response);
            let decoded = self.call(now_unix_ms, &seed, |ctx| {
                self.codec.decode_response(&operation, &response, ctx)
            })?;
            Ok(DecodedResponse {
                masked_fields_json: json_text(mask_received_object(&decoded.fields, decoded.pii)),
                fields_json: json_text(decoded.fields),
                operation: decoded.operation,
                outcome: decoded.outcome.into(),
                signature: decoded.signature,
                replay_key: decoded.replay_key,
            })
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn requests_convert_to_core_and_back_unchanged() {
        let request = HttpRequest {
            method: Method::Get,
            url: "https://p.test/x".into(),
            query: vec![NameValue {
                name: "a b".into(),
                value: "c&d".into(),
            }],
            headers: vec![NameValue {
                name: "Content-Type".into(),
                value: "application/json".into(),
            }],
            body: b"{\"card_no\":\"6222022005001212726\"}".to_vec(),
            hints: TransportHints {
                timeout_ms: Some(2000),
                idempotent: true,
            },
        };
        assert_eq!(request_from_core(request_to_core(&request)), request);
        assert_eq!(full_url(request.clone()), "https://p.test/x?a+b=c%26d");
        assert!(!format!("{request:?}").contains("6222"), "{request:?}");
    }

    #[test]
    fn bad_json_is_refused_without_quoting_it() {
        let err = json_object("params_json", "{\"card_no\": 6222022005001212726,").unwrap_err();
        assert!(matches!(&err, CardbindError::Malformed { field, .. } if field == "params_json"));
        assert!(!err.to_string().contains("6222"), "{err}");
    }
}
