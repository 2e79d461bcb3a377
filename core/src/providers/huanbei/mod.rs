//! Huanbei (还呗): the channel platform calls `POST {base}/xxxchannel/bindCard?r_c=CHANNEL` with a
//! plain JSON body and gets `{"code", "message"}` back.
//!
//! Requests may be signed (`r_i`, `r_t`, `pv`, `r_s` query parameters; `r_s` is SHA1withRSA over
//! `uri?sorted-query` + body). Huanbei must answer a repeat identically, so
//! [`request_fingerprint`] gives a backend a stable key for "same logical request".

pub mod codes;
pub mod config;
pub mod fields;
mod unified;
/// The field rules under their former name.
pub use fields as validate;

use serde_json::{Map, Value};

use crate::canonical::{CanonicalRule, KeyOrder};
use crate::digest::DigestAlgorithm;
use crate::keys::{PrivateKey, PublicKey};
use crate::mask::PiiKind;
use crate::model::{
    Codec, CodecError, Context, DecodedRequest, DecodedResponse, EncodeOptions, HttpRequest, HttpResponse, Method,
    Provider, SignatureCheck, TransportHints, UnifiedRequest, ValidationError, ValidationRule,
};
use crate::providers::kit::environment;
use crate::providers::kit::fields::{
    canonical_error, check_not_own_key, json_object, optional_private_key, optional_public_key, type_error,
};
use crate::providers::kit::{replay_key, Unlisted};
use crate::signature::SignatureError;
use crate::spec::ProviderSpec;

pub use codes::HuanbeiCode;

use config::SPEC;
pub use config::{HuanbeiConfig, HuanbeiSigning, DEFAULT_PATH, DEFAULT_TIMESTAMP_WINDOW_SECS, SPEC_JSON};

/// The one operation.
pub const BIND_CARD: &str = "bindCard";

const CONTENT_TYPE: &str = "application/json;charset=utf-8";
/// Largest request or response body decoded (a bind-card message is under 1 KiB); larger is
/// `CodecError::LimitExceeded`. See `crate::model::limits` for the per-document limits.
pub const MAX_BODY_BYTES: usize = 64 * 1024;

/// Fields holding personal data, for masking: the spec's `pii` entries.
pub fn pii() -> &'static [(&'static str, PiiKind)] {
    SPEC.pii()
}

/// The parsed spec.
pub fn spec() -> Result<&'static ProviderSpec, CodecError> {
    SPEC.get()
}

#[derive(Debug)]
struct Signing {
    key_version: String,
    signer: Option<PrivateKey>,
    verifier: Option<PublicKey>,
    digest: DigestAlgorithm,
    /// Refuse requests without `r_s`: a verifying key is configured and not opted out.
    require: bool,
    /// `None`: the replay window is opted out of.
    window_ms: Option<i64>,
}

/// The Huanbei codec (both roles).
#[derive(Debug)]
pub struct HuanbeiCodec {
    base_url: String,
    path: String,
    channel: String,
    signing: Option<Signing>,
    allow_unlisted_fields: bool,
    reserved: &'static [String],
}

impl HuanbeiCodec {
    /// Checks the settings and parses the keys once.
    pub fn new(mut config: HuanbeiConfig) -> Result<Self, CodecError> {
        config.base_url = environment::base_url(SPEC.get()?, config.environment.as_deref(), &config.base_url)?;
        let channel = config.channel_code.trim().to_ascii_uppercase();
        if channel.is_empty()
            || !channel
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
        {
            return Err(CodecError::config(
                "channel_code",
                "must be non-empty ASCII letters, digits, '_' or '-'",
            ));
        }
        if !config.path.starts_with('/') {
            return Err(CodecError::config("path", "must start with '/'"));
        }
        if config.timestamp_window_secs == 0 {
            return Err(CodecError::config(
                "timestamp_window_secs",
                "must be positive (insecure_skip_timestamp_check turns the check off)",
            ));
        }
        let signing = match config.signing {
            None => None,
            Some(s) => {
                if s.key_version.trim().is_empty() {
                    return Err(CodecError::config("signing.key_version", "(pv) is empty"));
                }
                let signer = optional_private_key("signing.our_private_key", s.our_private_key.as_deref())?;
                let verifier = optional_public_key("signing.their_public_key", s.their_public_key.as_deref())?;
                check_not_own_key(
                    signer.as_ref(),
                    verifier.as_ref(),
                    ("signing.our_private_key", "signing.their_public_key"),
                    "the channel's public key (it signs the requests this side verifies)",
                )?;
                let has_verifier = verifier.is_some();
                Some(Signing {
                    key_version: s.key_version,
                    signer,
                    verifier,
                    digest: s.digest,
                    require: has_verifier && !s.insecure_accept_unsigned,
                    window_ms: (!config.insecure_skip_timestamp_check)
                        .then(|| i64::from(config.timestamp_window_secs) * 1000),
                })
            }
        };
        Ok(Self {
            base_url: config.base_url.trim_end_matches('/').to_owned(),
            path: config.path,
            channel,
            signing,
            allow_unlisted_fields: config.allow_unlisted_fields,
            reserved: &SPEC.get()?.reserved_fields,
        })
    }

    /// How body fields the spec does not list are treated for this call (any JSON value).
    fn unlisted(&self, per_call: bool) -> Unlisted<'static> {
        Unlisted {
            allowed: per_call || self.allow_unlisted_fields,
            reserved: self.reserved,
            strings_only: false,
        }
    }

    /// Parses a JSON [`HuanbeiConfig`] and builds the codec.
    pub fn from_config_json(json: &str) -> Result<Self, CodecError> {
        let config: HuanbeiConfig = crate::config::parse(SPEC.get()?, json)?;
        Self::new(config)
    }

    /// The `r_c` value sent (upper case).
    pub fn channel(&self) -> &str {
        &self.channel
    }

    fn hints() -> TransportHints {
        TransportHints {
            timeout_ms: Some(2000),
            idempotent: true,
        }
    }

    fn check_operation(operation: &str) -> Result<(), CodecError> {
        SPEC.operation(operation).map(drop)
    }

    fn signed_query(
        &self,
        signing: &Signing,
        params: &Map<String, Value>,
        body: &[u8],
        ctx: &mut Context<'_>,
    ) -> Result<Vec<(String, String)>, CodecError> {
        let signer = signing
            .signer
            .as_ref()
            .ok_or_else(|| CodecError::config("signing.our_private_key", "is needed to sign requests"))?;
        let request_id = match params.get("r_i") {
            Some(Value::String(s)) if !s.trim().is_empty() => s.clone(),
            Some(Value::String(_) | Value::Null) | None => {
                return Err(ValidationError::new(
                    "r_i",
                    ValidationRule::RequiredWhen {
                        condition: "requests are signed".into(),
                    },
                )
                .into())
            }
            Some(_) => return Err(type_error("r_i", "string").into()),
        };
        let time = match params.get("r_t") {
            None | Some(Value::Null) => ctx.now()?.to_string(),
            Some(Value::String(s)) if !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()) => s.clone(),
            Some(Value::Number(n)) if n.is_u64() => n.to_string(),
            Some(_) => return Err(ValidationError::new("r_t", ValidationRule::Digits).into()),
        };
        let mut query = vec![
            ("r_c".to_owned(), self.channel.clone()),
            ("r_i".to_owned(), request_id),
            ("r_t".to_owned(), time),
            ("pv".to_owned(), signing.key_version.clone()),
        ];
        let message = string_to_sign(&self.path, &query, body)?;
        let sig = signer
            .sign_pkcs1v15_base64(ctx.rng, signing.digest, &message)
            .map_err(|e| CodecError::signature("r_s", e))?;
        query.push(("r_s".to_owned(), sig));
        Ok(query)
    }

    /// Verifies `r_s` when the request carries one (or must): the bytes it covers, or `None` for
    /// an unsigned request that may be accepted.
    fn verify_request(
        &self,
        request: &HttpRequest,
        path: &str,
        ctx: &Context<'_>,
    ) -> Result<Option<Vec<u8>>, CodecError> {
        let sig = request.query_param("r_s");
        let Some(signing) = &self.signing else {
            return match sig {
                None => Ok(None),
                Some(_) => Err(CodecError::config(
                    "signing",
                    "the request carries r_s but no signing is configured to verify it",
                )),
            };
        };
        let Some(sig) = sig else {
            return if signing.require {
                Err(CodecError::signature("r_s", SignatureError::Missing))
            } else {
                Ok(None)
            };
        };
        let verifier = signing
            .verifier
            .as_ref()
            .ok_or_else(|| CodecError::config("signing.their_public_key", "is needed to verify requests"))?;
        for needed in ["r_i", "r_t", "pv"] {
            if request.query_param(needed).is_none_or(str::is_empty) {
                return Err(CodecError::Malformed {
                    field: needed.into(),
                    reason: "missing from a signed request".into(),
                });
            }
        }
        if request.query_param("pv") != Some(signing.key_version.as_str()) {
            return Err(CodecError::Malformed {
                field: "pv".into(),
                reason: "key version does not match the configured one".into(),
            });
        }
        let message = string_to_sign(path, &request.query, &request.body)?;
        verifier
            .verify_pkcs1v15_base64(signing.digest, &message, sig)
            .map_err(|e| CodecError::signature("r_s", e))?;
        if let Some(window_ms) = signing.window_ms {
            // Checked after the signature, so the time judged is the one the sender signed.
            let sent_ms = request
                .query_param("r_t")
                .filter(|t| t.len() <= 18 && t.bytes().all(|b| b.is_ascii_digit()))
                .and_then(|t| t.parse::<i64>().ok())
                .ok_or_else(|| CodecError::Malformed {
                    field: "r_t".into(),
                    reason: "expected Unix milliseconds".into(),
                })?;
            crate::model::replay::check_window("r_t", sent_ms, ctx.now()?, window_ms)?;
        }
        Ok(Some(message))
    }
}

/// The bytes `r_s` signs: `uri + "?" + sorted k=v& of the query parameters except r_s` + body.
/// Keys are ordered bytewise, values raw, empty values dropped.
pub fn string_to_sign(uri: &str, query: &[(String, String)], body: &[u8]) -> Result<Vec<u8>, CodecError> {
    let rule = CanonicalRule::SortedPairs {
        order: KeyOrder::Bytewise,
        exclude: vec!["r_s".to_owned()],
        skip_empty: true,
    };
    let pairs = rule
        .build(query.iter().map(|(k, v)| (k.as_str(), Some(v.as_str()))))
        .map_err(|e| canonical_error("r_s", e))?;
    let mut out = Vec::with_capacity(uri.len() + 1 + pairs.len() + body.len());
    out.extend_from_slice(uri.as_bytes());
    out.push(b'?');
    out.extend_from_slice(&pairs);
    out.extend_from_slice(body);
    Ok(out)
}

/// A stable fingerprint of a logical `bindCard` request given as the caller's params:
/// [`DecodedRequest::fingerprint`](crate::model::DecodedRequest::fingerprint) of its business fields
/// (`r_i`/`r_t` are left out: a retry may carry a new request id or time). Key order and formatting
/// do not change it; any value change does.
pub fn request_fingerprint(fields: &Map<String, Value>) -> String {
    let business: Map<String, Value> = fields
        .iter()
        .filter(|(k, _)| !fields::QUERY_PARAMS.contains(&k.as_str()))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    crate::model::codec::fields_fingerprint(&business)
}

/// Canonical JSON: sorted keys, no whitespace ([`crate::text::json::canonical_text`]).
pub fn canonical_json(value: &Value) -> String {
    crate::text::json::canonical_text(value)
}

fn parse_object(field: &str, body: &[u8]) -> Result<Map<String, Value>, CodecError> {
    json_object(field, body, MAX_BODY_BYTES)
}

/// The path part of an absolute URL or a path.
fn url_path(url: &str) -> &str {
    let rest = url.split_once("://").map_or(url, |(_, rest)| rest);
    let path = if url.contains("://") {
        rest.find('/').and_then(|i| rest.get(i..)).unwrap_or("/")
    } else {
        rest
    };
    path.split(['?', '#']).next().unwrap_or(path)
}

impl Codec for HuanbeiCodec {
    fn provider(&self) -> Provider {
        Provider::Huanbei
    }

    fn max_body_bytes(&self) -> usize {
        MAX_BODY_BYTES
    }

    fn operations(&self) -> Vec<&'static str> {
        vec![BIND_CARD]
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
        Self::check_operation(operation)?;
        fields::bind_card(
            SPEC.operation(BIND_CARD)?,
            params,
            self.unlisted(options.allow_unlisted_fields),
        )?;
        let business: Map<String, Value> = params
            .iter()
            .filter(|(k, _)| !fields::QUERY_PARAMS.contains(&k.as_str()))
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        let body = serde_json::to_vec(&business).map_err(|e| CodecError::json("body", &e))?;
        let query = if let Some(signing) = &self.signing {
            self.signed_query(signing, params, &body, ctx)?
        } else {
            let mut query = vec![("r_c".to_owned(), self.channel.clone())];
            match params.get("r_i") {
                Some(Value::String(id)) => {
                    if !id.is_empty() {
                        query.push(("r_i".to_owned(), id.clone()));
                    }
                }
                None | Some(Value::Null) => {}
                Some(_) => return Err(type_error("r_i", "string").into()),
            }
            query
        };
        let mut request = HttpRequest::post(format!("{}{}", self.base_url, self.path), CONTENT_TYPE, body);
        request.query = query;
        request.hints = Self::hints();
        Ok(request)
    }

    fn decode_received(&self, request: &HttpRequest, ctx: &mut Context<'_>) -> Result<DecodedRequest, CodecError> {
        if request.method != Method::Post {
            return Err(CodecError::Malformed {
                field: "method".into(),
                reason: "bindCard is POST".into(),
            });
        }
        let path = url_path(&request.url);
        if path != self.path {
            return Err(CodecError::Malformed {
                field: "url".into(),
                reason: "path is not the bindCard endpoint".into(),
            });
        }
        match request.query_param("r_c") {
            Some(c) if c == self.channel => {}
            Some(_) => {
                return Err(CodecError::Malformed {
                    field: "r_c".into(),
                    reason: "channel code does not match the configured channel".into(),
                })
            }
            None => {
                return Err(CodecError::Malformed {
                    field: "r_c".into(),
                    reason: "missing".into(),
                })
            }
        }
        let covered = self.verify_request(request, path, ctx)?;
        let fields = parse_object("body", &request.body)?;
        let op = SPEC.operation(BIND_CARD)?;
        self.unlisted(false)
            .check_received_fields("body", &op.request, &[], &fields)?;
        Ok(DecodedRequest {
            operation: BIND_CARD.to_owned(),
            fields,
            signature: if covered.is_some() {
                SignatureCheck::Verified
            } else {
                SignatureCheck::NotSigned
            },
            // r_s covers the path, every query parameter (r_i and r_t included) and the body.
            replay_key: covered.map(|c| replay_key(Provider::Huanbei, BIND_CARD, &[&c])),
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
        Self::check_operation(operation)?;
        fields::response(
            SPEC.operation(BIND_CARD)?,
            fields,
            self.unlisted(options.allow_unlisted_fields),
        )?;
        let body = serde_json::to_vec(fields).map_err(|e| CodecError::json("body", &e))?;
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
        self.unlisted(false)
            .check_received_fields("body", &op.response, &[], &fields)?;
        let code = match fields.get("code") {
            Some(Value::Number(n)) if n.is_i64() || n.is_u64() => n.to_string(),
            Some(Value::String(s)) if !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()) => s.clone(),
            None | Some(Value::Null) => {
                return Err(CodecError::Malformed {
                    field: "code".into(),
                    reason: "missing".into(),
                })
            }
            Some(_) => {
                return Err(CodecError::Malformed {
                    field: "code".into(),
                    reason: "not an integer".into(),
                })
            }
        };
        let message = match fields.get("message") {
            Some(Value::String(s)) => Some(s.clone()),
            None | Some(Value::Null) => None,
            Some(_) => {
                return Err(CodecError::Malformed {
                    field: "message".into(),
                    reason: "not a string".into(),
                })
            }
        };
        Ok(DecodedResponse {
            operation: BIND_CARD.to_owned(),
            outcome: codes::outcome(&code, message),
            fields,
            signature: SignatureCheck::NotSigned,
            replay_key: None,
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
