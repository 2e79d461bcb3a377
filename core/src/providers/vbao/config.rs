//! Vbao settings for one party, the overridable assumptions, and the embedded spec.

use std::fmt;

use super::codes::NotifyAck;
use crate::canonical::{CanonicalRule, KeyOrder};
use crate::encoding::HexCase;
use crate::model::Provider;
use crate::providers::kit::EmbeddedSpec;
use crate::rule::{SharedSecret, SignatureAlgorithm, SignatureRule};
use crate::signature::CaseRule;

/// The spec file, embedded.
pub const SPEC_JSON: &str = include_str!("../../../../spec/providers/vbao.json");

/// The spec, parsed once.
pub(crate) static SPEC: EmbeddedSpec = EmbeddedSpec::new(Provider::Vbao, SPEC_JSON);

/// Overridable facts no public source confirms (see the spec's `assumptions`).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct VbaoProfile {
    /// The signature rule; default sorted non-empty pairs + `&key=` + sign key, MD5, upper-case,
    /// verified case-insensitively. Must be an MD5 rule (Vbao signs with a shared key).
    pub signature: SignatureRule,
    /// Whether the request's business JSON carries `customerNo` (default true).
    pub customer_no_in_reqmsg: bool,
    /// The plain-text body with which the merchant accepts a notification (default `SUCCESS`).
    pub notify_ack: String,
}

impl Default for VbaoProfile {
    fn default() -> Self {
        Self {
            signature: SignatureRule {
                canonical: CanonicalRule::sorted_pairs(KeyOrder::Bytewise),
                algorithm: SignatureAlgorithm::Md5Hex {
                    salt_prefix: Some("&key=".to_owned()),
                    case: HexCase::Upper,
                    verify_case: CaseRule::Insensitive,
                },
            },
            customer_no_in_reqmsg: true,
            notify_ack: NotifyAck::Success.as_str().to_owned(),
        }
    }
}

/// Configuration of one party. The merchant sets `their_public_key` (Vbao's public key); Vbao,
/// or a mock of it, sets `our_private_key` (Vbao's private key). Keys are PEM, DER-in-base64
/// or bare base64. `Debug` masks the sign key and the keys.
#[derive(Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VbaoConfig {
    /// The merchant number (`customerNo`, at most 32 characters).
    pub customer_no: String,
    /// The MD5 sign key Vbao issued to the merchant.
    pub sign_key: String,
    /// Vbao's public key: needed by the merchant.
    #[serde(default)]
    pub their_public_key: Option<String>,
    /// Vbao's private key: needed only by Vbao or a mock of it.
    #[serde(default)]
    pub our_private_key: Option<String>,
    /// Base URL the create path is appended to (none is documented); empty gives the bare path.
    #[serde(default)]
    pub base_url: String,
    /// Overrides of assumed facts.
    #[serde(default)]
    pub profile: VbaoProfile,
    /// Send business fields the spec does not list, on every call (see `EncodeOptions`; off by
    /// default).
    #[serde(default)]
    pub allow_unlisted_fields: bool,
}

impl fmt::Debug for VbaoConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let present = |k: &Option<String>| if k.is_some() { "<set>" } else { "<unset>" };
        f.debug_struct("VbaoConfig")
            .field("customer_no", &self.customer_no)
            .field("sign_key", &SharedSecret::new(self.sign_key.clone()))
            .field("their_public_key", &present(&self.their_public_key))
            .field("our_private_key", &present(&self.our_private_key))
            .field("base_url", &self.base_url)
            .field("profile", &self.profile)
            .field("allow_unlisted_fields", &self.allow_unlisted_fields)
            .finish()
    }
}
