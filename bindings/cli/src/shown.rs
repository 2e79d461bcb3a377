//! A string to sign as it is shown: personal data masked unless `--show-pii`, a signing secret
//! inside the string (xianjincard's signkey) always masked, bytes that are not UTF-8 as hex.

use cardbind::canonical::CanonicalRule;
use cardbind::encoding::{encode_hex, HexCase};

use crate::params::{borrowed, Pairs};
use crate::pii;

/// A string to sign as shown to the user.
#[derive(Debug, Clone)]
pub struct Shown {
    /// UTF-8 text (masked unless `--show-pii`), or hex when the bytes are not UTF-8.
    pub text: String,
    /// Personal data was masked.
    pub masked: bool,
    /// `text` is hex.
    pub hex: bool,
}

/// Shows `message`, built from `pairs` under `rule` (`None`: a raw string), with personal data
/// masked unless `show_pii`.
pub fn show_message(rule_pairs: Option<(&CanonicalRule, &Pairs)>, message: &[u8], show_pii: bool) -> Shown {
    let Ok(text) = std::str::from_utf8(message) else {
        return Shown {
            text: encode_hex(message, HexCase::Lower),
            masked: false,
            hex: true,
        };
    };
    if show_pii && !rule_pairs.is_some_and(|(_, pairs)| pairs.iter().any(|(k, _)| pii::is_signing_secret(k))) {
        return Shown {
            text: text.to_owned(),
            masked: false,
            hex: false,
        };
    }
    if let Some((canonical, pairs)) = rule_pairs {
        // A signing secret inside the string (xianjincard's signkey) is hidden even with --show-pii.
        let (masked_pairs, masked) = if show_pii {
            pii::mask_signing_secrets(pairs)
        } else {
            pii::mask_pairs(pairs)
        };
        let text = if masked {
            canonical
                .build(borrowed(&masked_pairs))
                .map_or_else(|_| "(masked)".to_owned(), |b| String::from_utf8_lossy(&b).into_owned())
        } else {
            text.to_owned()
        };
        Shown {
            text,
            masked,
            hex: false,
        }
    } else {
        let (text, masked) = pii::mask_pairs_text(text);
        Shown {
            text,
            masked,
            hex: false,
        }
    }
}
