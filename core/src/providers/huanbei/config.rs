//! Huanbei settings for one channel, and the embedded spec they are checked against.

use std::fmt;

use crate::digest::DigestAlgorithm;
use crate::model::Provider;
use crate::providers::kit::EmbeddedSpec;

/// The spec file, embedded.
pub const SPEC_JSON: &str = include_str!("../../../../spec/providers/huanbei.json");

/// The spec, parsed once.
pub(crate) static SPEC: EmbeddedSpec = EmbeddedSpec::new(Provider::Huanbei, SPEC_JSON);

/// The documented path.
pub const DEFAULT_PATH: &str = "/xxxchannel/bindCard";

fn default_path() -> String {
    DEFAULT_PATH.to_owned()
}

fn default_digest() -> DigestAlgorithm {
    DigestAlgorithm::Sha1
}

/// Optional request signing.
#[derive(Clone, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HuanbeiSigning {
    /// `pv`: the key version Huanbei registered.
    pub key_version: String,
    /// The channel's private key (client role: signs requests). PEM or bare base64.
    #[serde(default)]
    pub our_private_key: Option<String>,
    /// The channel's public key (server/mock role: verifies requests). PEM or bare base64.
    #[serde(default)]
    pub their_public_key: Option<String>,
    /// Digest inside `r_s` (documented SHA-1; overridable).
    #[serde(default = "default_digest")]
    pub digest: DigestAlgorithm,
    /// Server role, opt-out: accept requests without `r_s` although `their_public_key` is set
    /// (default false: with a verifying key, every request must be signed).
    #[serde(default)]
    pub insecure_accept_unsigned: bool,
}

/// Huanbei settings for one channel.
#[derive(Clone, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HuanbeiConfig {
    /// Where this client talks: `dev` (the document's `http://openapi.dev.lattebank.com`) or
    /// `custom` with `base_url` (the production base Huanbei gives a channel).
    #[serde(default)]
    pub environment: Option<String>,
    /// Huanbei's API base; empty: from `environment`.
    #[serde(default)]
    pub base_url: String,
    /// The channel code (`r_c`); sent upper-cased.
    pub channel_code: String,
    /// Path of the bind-card endpoint (default `/xxxchannel/bindCard`).
    #[serde(default = "default_path")]
    pub path: String,
    /// Request signing; `None` sends unsigned requests and accepts only unsigned ones.
    #[serde(default)]
    pub signing: Option<HuanbeiSigning>,
    /// Server role: refuse signed requests whose `r_t` (Unix milliseconds, covered by `r_s`) is
    /// further than this from the caller-given time (`Context::now_unix_ms`; default 300 s; the
    /// document sets no window).
    #[serde(default = "default_window_secs")]
    pub timestamp_window_secs: u32,
    /// Opt-out of the replay window: accept any `r_t` (default false).
    #[serde(default)]
    pub insecure_skip_timestamp_check: bool,
    /// Send body fields the spec does not list, on every call (see `EncodeOptions`; off by
    /// default).
    #[serde(default)]
    pub allow_unlisted_fields: bool,
}

/// Default of [`HuanbeiConfig::timestamp_window_secs`].
pub const DEFAULT_TIMESTAMP_WINDOW_SECS: u32 = 300;

const fn default_window_secs() -> u32 {
    DEFAULT_TIMESTAMP_WINDOW_SECS
}

fn redacted(key: Option<&String>) -> String {
    key.map_or_else(
        || "None".to_owned(),
        |k| format!("<{} chars redacted>", k.chars().count()),
    )
}

impl fmt::Debug for HuanbeiSigning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("HuanbeiSigning")
            .field("key_version", &self.key_version)
            .field("our_private_key", &redacted(self.our_private_key.as_ref()))
            .field("their_public_key", &redacted(self.their_public_key.as_ref()))
            .field("digest", &self.digest)
            .field("insecure_accept_unsigned", &self.insecure_accept_unsigned)
            .finish()
    }
}

impl fmt::Debug for HuanbeiConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("HuanbeiConfig")
            .field("environment", &self.environment)
            .field("base_url", &self.base_url)
            .field("channel_code", &self.channel_code)
            .field("path", &self.path)
            .field("signing", &self.signing)
            .field("timestamp_window_secs", &self.timestamp_window_secs)
            .field("insecure_skip_timestamp_check", &self.insecure_skip_timestamp_check)
            .field("allow_unlisted_fields", &self.allow_unlisted_fields)
            .finish()
    }
}
