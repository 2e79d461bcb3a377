//! Yixin settings for one merchant, in one role, and the embedded spec they are checked against.

use std::fmt;

use super::envelope::YixinProfile;
use crate::model::Provider;
use crate::providers::kit::EmbeddedSpec;

/// The spec file, embedded.
pub const SPEC_JSON: &str = include_str!("../../../../spec/providers/yixin.json");

/// The spec, parsed once.
pub(crate) static SPEC: EmbeddedSpec = EmbeddedSpec::new(Provider::Yixin, SPEC_JSON);

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
