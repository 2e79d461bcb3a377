//! The failed verification being diagnosed, and where its shared secret sits.

use cardbind::canonical::CanonicalRule;
use cardbind::{SignatureAlgorithm, SignatureError, VerifyingKey};

use crate::setup::{Setup, Subject};
use crate::shown::{show_message, Shown};

/// The failed verification to diagnose.
#[derive(Debug)]
pub struct Attempt<'a> {
    pub setup: &'a Setup,
    pub key: &'a VerifyingKey,
    pub key_label: &'a str,
    pub also_keys: &'a [(String, VerifyingKey)],
    pub signature: &'a str,
    pub signature_field: &'a str,
    pub message: &'a [u8],
    pub error: &'a SignatureError,
    pub show_pii: bool,
}

impl Attempt<'_> {
    /// The key an alternative uses: 0 is the one given, 1.. the `--also-key`/`--also-secret`s.
    pub fn key_at(&self, index: usize) -> Option<&VerifyingKey> {
        match index.checked_sub(1) {
            None => Some(self.key),
            Some(i) => self.also_keys.get(i).map(|(_, k)| k),
        }
    }

    /// The string built, as shown above the diagnosis.
    pub fn primary_shown(&self) -> Shown {
        match &self.setup.subject {
            Subject::Params { canonical, pairs, .. } => {
                show_message(Some((canonical, pairs)), self.message, self.show_pii)
            }
            Subject::Raw(_) => show_message(None, self.message, self.show_pii),
        }
    }

    /// Where the shared secret goes into what is hashed (`None`: RSA, or MD5 without a secret).
    pub fn secret_slot(&self) -> Option<SecretSlot> {
        match (&self.setup.subject, &self.setup.algorithm, self.key) {
            (
                Subject::Params {
                    canonical: CanonicalRule::WrappedConcat { wrapper, .. },
                    pairs,
                    ..
                },
                _,
                _,
            ) if wrapper.iter().any(|w| w == "signkey") && pairs.iter().any(|(k, _)| k == "signkey") => {
                Some(SecretSlot::Signkey)
            }
            (
                _,
                SignatureAlgorithm::Md5Hex {
                    salt_prefix: Some(_), ..
                },
                VerifyingKey::Secret(_),
            ) => Some(SecretSlot::Salt),
            _ => None,
        }
    }

    /// The secret given (`--secret`/`--secret-file`), where the slot takes it from.
    pub fn given_secret(&self) -> Option<&str> {
        match (&self.setup.subject, self.key) {
            (
                Subject::Params {
                    canonical: CanonicalRule::WrappedConcat { .. },
                    pairs,
                    ..
                },
                _,
            ) => pairs
                .iter()
                .find(|(k, _)| k == "signkey")
                .and_then(|(_, v)| v.as_deref()),
            (_, VerifyingKey::Secret(secret)) => Some(secret.expose()),
            (_, VerifyingKey::Rsa(_)) => None,
        }
    }
}

/// Where the shared secret goes into what is hashed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SecretSlot {
    /// Appended after the salt prefix (`&key=` + secret).
    Salt,
    /// The `signkey` field inside the string (xianjincard's `K = ua + signkey + ua`).
    Signkey,
}

impl SecretSlot {
    pub fn name(self) -> &'static str {
        match self {
            Self::Salt => "shared secret",
            Self::Signkey => "signkey",
        }
    }
}
