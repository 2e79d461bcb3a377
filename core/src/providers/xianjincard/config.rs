//! Configuration: one `ua`/`signkey` pair per direction, URLs, and overrides for the facts the
//! document leaves open.

use std::fmt;

use super::ops::Op;
use crate::model::Provider;
use crate::providers::kit::EmbeddedSpec;

/// The embedded spec (`spec/providers/xianjincard.json`).
pub const SPEC_JSON: &str = include_str!("../../../../spec/providers/xianjincard.json");

/// The spec, parsed once.
pub(crate) static SPEC: EmbeddedSpec = EmbeddedSpec::new(Provider::Xianjincard, SPEC_JSON);
use crate::rule::{SharedSecret, SignatureRule};

/// One direction's platform-issued `ua` (平台接入标识) and `signkey` (请求签名密钥).
#[derive(Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct XianjincardKeyPair {
    /// `ua`.
    pub ua: String,
    /// `signkey` (never shown by `Debug`).
    pub sign_key: String,
}

impl fmt::Debug for XianjincardKeyPair {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("XianjincardKeyPair")
            .field("ua", &self.ua)
            .field("sign_key", &SharedSecret::new(self.sign_key.as_str()))
            .finish()
    }
}

/// Which spelling of the minimum amount answers carry. The document's table says `min_amunt`,
/// its example `min_amount`; both are read, this one is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MinAmountName {
    /// `min_amount` (the example; default).
    #[default]
    MinAmount,
    /// `min_amunt` (the table).
    MinAmunt,
}

impl MinAmountName {
    pub(super) const fn wire(self) -> &'static str {
        match self {
            Self::MinAmount => "min_amount",
            Self::MinAmunt => "min_amunt",
        }
    }
}

/// Configuration, identical on the platform's and the partner's side.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct XianjincardConfig {
    /// The pair signing calls from the platform to the partner.
    pub provider_to_partner: XianjincardKeyPair,
    /// The pair signing calls from the partner to the platform; `None`: the same pair.
    #[serde(default)]
    pub partner_to_provider: Option<XianjincardKeyPair>,
    /// Where this client talks: `production`, `test` or `mock` (the documented platform URLs), or
    /// `custom` with `base_url`. Neither set is refused: talking to production is a choice.
    #[serde(default)]
    pub environment: Option<String>,
    /// The platform's API URL (partner → platform calls); empty: from `environment`.
    #[serde(default)]
    pub base_url: String,
    /// The partner's single entry point (platform → partner calls); needed only to encode them.
    #[serde(default)]
    pub partner_endpoint: Option<String>,
    /// The `call` of the bind-result callback (undocumented; assumed).
    #[serde(default = "default_bind_result_call")]
    pub bind_result_call: String,
    /// Spelling of the minimum amount in encoded admission answers.
    #[serde(default)]
    pub min_amount_wire_name: MinAmountName,
    /// Reject received requests whose `timestamp` is further than this from the caller-given
    /// time (default 300 s).
    #[serde(default = "default_window_secs")]
    pub timestamp_window_secs: u32,
    /// Opt-out of the replay window: accept any `timestamp` (default false).
    #[serde(default)]
    pub insecure_skip_timestamp_check: bool,
    /// Opt-out: accept received requests without `timestamp` (default false: refused). The
    /// document makes `timestamp` optional, but a request without one would pass any window.
    #[serde(default)]
    pub insecure_accept_missing_timestamp: bool,
    /// Largest body accepted for decoding.
    #[serde(default = "default_max_body_bytes")]
    pub max_body_bytes: usize,
    /// Replaces the signature rule of the spec (`K+call+K+args+K`, MD5, lower case out, either
    /// case in), should a platform deployment differ; `None`: the spec's rule.
    #[serde(default)]
    pub signature_rule: Option<SignatureRule>,
    /// Send `args` fields the spec does not list, on every call (see `EncodeOptions`; off by
    /// default).
    #[serde(default)]
    pub allow_unlisted_fields: bool,
}

fn default_bind_result_call() -> String {
    Op::BindResult.name().to_owned()
}
const fn default_window_secs() -> u32 {
    DEFAULT_TIMESTAMP_WINDOW_SECS
}
const fn default_max_body_bytes() -> usize {
    DEFAULT_MAX_BODY_BYTES
}

/// Default of [`XianjincardConfig::timestamp_window_secs`].
pub const DEFAULT_TIMESTAMP_WINDOW_SECS: u32 = 300;

/// Default of [`XianjincardConfig::max_body_bytes`]: the largest body decoded (messages are a few
/// KiB). See `crate::model::limits` for the per-document limits.
pub const DEFAULT_MAX_BODY_BYTES: usize = 64 * 1024;

impl XianjincardConfig {
    /// This configuration talking to `environment` (`production`, `test`, `mock`, or `custom` with
    /// `base_url`).
    #[must_use]
    pub fn with_environment(mut self, environment: &str) -> Self {
        self.environment = Some(environment.to_owned());
        self
    }

    /// A configuration with one `ua`/`signkey` pair for both directions and the defaults.
    pub fn new(ua: impl Into<String>, signkey: impl Into<String>) -> Self {
        Self {
            provider_to_partner: XianjincardKeyPair {
                ua: ua.into(),
                sign_key: signkey.into(),
            },
            partner_to_provider: None,
            environment: None,
            base_url: String::new(),
            partner_endpoint: None,
            bind_result_call: default_bind_result_call(),
            min_amount_wire_name: MinAmountName::default(),
            timestamp_window_secs: DEFAULT_TIMESTAMP_WINDOW_SECS,
            insecure_skip_timestamp_check: false,
            insecure_accept_missing_timestamp: false,
            max_body_bytes: default_max_body_bytes(),
            signature_rule: None,
            allow_unlisted_fields: false,
        }
    }
}
