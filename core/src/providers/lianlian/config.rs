//! The merchant profile: keys, `sign_type` and the overridable assumptions.

use std::fmt;

use crate::canonical::KeyOrder;
use crate::digest::DigestAlgorithm;
use crate::encoding::HexCase;
use crate::rule::SignatureAlgorithm;
use crate::signature::CaseRule;

use crate::model::Provider;
use crate::providers::kit::EmbeddedSpec;

/// The embedded spec file.
pub const SPEC_JSON: &str = include_str!("../../../../spec/providers/lianlian.json");

/// The spec, parsed once.
pub(crate) static SPEC: EmbeddedSpec = EmbeddedSpec::new(Provider::LianLian, SPEC_JSON);

/// `sign_type`: the merchant's signature profile.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum SignType {
    /// `RSA`: MD5withRSA.
    #[serde(rename = "RSA")]
    Rsa,
    /// `SHA256withRSA`.
    #[serde(rename = "SHA256withRSA")]
    Sha256WithRsa,
    /// `MD5`: `md5(string + "&key=" + sign_key)`, lower-case hex.
    #[serde(rename = "MD5")]
    Md5,
}

impl SignType {
    /// Every profile.
    pub const ALL: [SignType; 3] = [Self::Rsa, Self::Sha256WithRsa, Self::Md5];

    /// The wire value of `sign_type`.
    pub const fn as_wire(self) -> &'static str {
        match self {
            Self::Rsa => "RSA",
            Self::Sha256WithRsa => "SHA256withRSA",
            Self::Md5 => "MD5",
        }
    }

    /// The profile for a wire value.
    pub fn from_wire(wire: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|t| t.as_wire() == wire)
    }

    /// The signature algorithm of this profile.
    pub fn algorithm(self) -> SignatureAlgorithm {
        match self {
            Self::Rsa => SignatureAlgorithm::RsaPkcs1v15 {
                digest: DigestAlgorithm::Md5,
            },
            Self::Sha256WithRsa => SignatureAlgorithm::RsaPkcs1v15 {
                digest: DigestAlgorithm::Sha256,
            },
            Self::Md5 => SignatureAlgorithm::Md5Hex {
                salt_prefix: Some("&key=".to_owned()),
                case: HexCase::Lower,
                verify_case: CaseRule::Exact,
            },
        }
    }
}

/// Configuration of one party. Keys are PEM or bare base64 DER.
///
/// "Our" keys sign and decrypt, "their" keys verify and encrypt. A merchant sets its own private
/// key and LianLian's public key (which also encrypts `pay_load`); a mock LianLian sets LianLian's
/// private key (which also decrypts `pay_load`) and the merchant's public key.
#[derive(Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LianLianConfig {
    /// The merchant id (`oid_partner`, 18 digits).
    pub oid_partner: String,
    /// The merchant's signature profile for requests.
    pub sign_type: SignType,
    /// The profile of LianLian's signed replies, when it differs from `sign_type` (assumed equal).
    #[serde(default)]
    pub response_sign_type: Option<SignType>,
    /// Our RSA private key (RSA profiles; the mock also decrypts `pay_load` with it).
    #[serde(default)]
    pub our_private_key: Option<String>,
    /// Their RSA public key (RSA profiles; the merchant also encrypts `pay_load` with it).
    #[serde(default)]
    pub their_public_key: Option<String>,
    /// The MD5 profile's shared key.
    #[serde(default)]
    pub sign_key: Option<String>,
    /// Where this client talks: `production` (LianLian's documented URL) or `custom` with
    /// `base_url`. Neither set is refused: talking to production is a choice.
    #[serde(default)]
    pub environment: Option<String>,
    /// Base URL, without the operation name (empty: from `environment`).
    #[serde(default)]
    pub base_url: String,
    /// Key order of the string to sign (bytewise by default; the Java SDK folds case).
    #[serde(default = "default_key_order")]
    pub key_order: KeyOrder,
    /// `api_version` put into apply requests that do not carry one.
    #[serde(default = "default_api_version")]
    pub api_version: String,
    /// Send fields the spec does not list, on every call (see `EncodeOptions`; off by default).
    #[serde(default)]
    pub allow_unlisted_fields: bool,
}

fn default_key_order() -> KeyOrder {
    KeyOrder::Bytewise
}
fn default_api_version() -> String {
    "2.1".to_owned()
}

impl LianLianConfig {
    /// This configuration talking to `environment` (`production`, or `custom` with `base_url`).
    #[must_use]
    pub fn with_environment(mut self, environment: &str) -> Self {
        self.environment = Some(environment.to_owned());
        self
    }

    /// A configuration with the defaults and no keys; it names no environment yet
    /// ([`LianLianConfig::with_environment`] or `base_url`).
    pub fn new(oid_partner: impl Into<String>, sign_type: SignType) -> Self {
        Self {
            oid_partner: oid_partner.into(),
            sign_type,
            response_sign_type: None,
            our_private_key: None,
            their_public_key: None,
            sign_key: None,
            environment: None,
            base_url: String::new(),
            key_order: default_key_order(),
            api_version: default_api_version(),
            allow_unlisted_fields: false,
        }
    }
}

fn redacted(value: Option<&String>) -> &'static str {
    if value.is_some() {
        "<redacted>"
    } else {
        "<none>"
    }
}

impl fmt::Debug for LianLianConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("LianLianConfig")
            .field("oid_partner", &self.oid_partner)
            .field("sign_type", &self.sign_type)
            .field("response_sign_type", &self.response_sign_type)
            .field("our_private_key", &redacted(self.our_private_key.as_ref()))
            .field("their_public_key", &self.their_public_key.as_ref().map(|_| "<set>"))
            .field("sign_key", &redacted(self.sign_key.as_ref()))
            .field("environment", &self.environment)
            .field("base_url", &self.base_url)
            .field("key_order", &self.key_order)
            .field("api_version", &self.api_version)
            .field("allow_unlisted_fields", &self.allow_unlisted_fields)
            .finish()
    }
}
