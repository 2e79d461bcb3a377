//! The shared secret as the signer may have held it (a line end or a space more, whitespace
//! less), and the other ways of appending it.

use cardbind::{SharedSecret, SignatureAlgorithm};

use super::super::attempt::{Attempt, SecretSlot};
use super::super::candidate::{Candidate, Push, What};
use crate::setup::DEFAULT_SALT_PREFIX;

/// The signer's secret with a line end or a space that the one given lacks, or the reverse.
pub fn secret_variants(a: &Attempt<'_>, push: &mut Push<'_>) {
    let (Some(slot), Some(given)) = (a.secret_slot(), a.given_secret()) else {
        return;
    };
    for (cause, variant, what) in [
        (
            "secret_trailing_newline",
            format!("{given}\n"),
            "ends with a line feed (\\n) that the one given here lacks: the signer read it from a file \
             without removing the line end, and must remove it",
        ),
        (
            "secret_trailing_crlf",
            format!("{given}\r\n"),
            "ends with CR LF (\\r\\n) that the one given here lacks: the signer read it from a file saved \
             with Windows line ends without removing them, and must remove them",
        ),
        (
            "secret_leading_space",
            format!(" {given}"),
            "starts with a space that the one given here lacks: the signer copied it with the space in \
             front (as in `key = value`), and must remove it",
        ),
    ] {
        let note = match a.setup.secret_line_end_removed {
            Some(end) if variant == format!("{given}{end}") => {
                " (--secret-file removed that line end from the file given: if it belongs to the secret, add \
                 --keep-secret-newline)"
            }
            _ => "",
        };
        push(
            cause,
            format!("the signer's {} {what}{note}", slot.name()),
            &slot_edit(slot, &variant),
        );
    }
    let trimmed = given.trim();
    if trimmed != given {
        push(
            "secret_whitespace_trimmed",
            format!(
                "the {} given here has leading or trailing whitespace that the signer's lacks: trim it",
                slot.name()
            ),
            &slot_edit(slot, trimmed),
        );
    }
}

/// Other ways of appending an MD5 secret (tried last).
pub fn salt_prefixes(a: &Attempt<'_>, push: &mut Push<'_>) {
    let SignatureAlgorithm::Md5Hex {
        salt_prefix: Some(current),
        ..
    } = &a.setup.algorithm
    else {
        return;
    };
    for p in [DEFAULT_SALT_PREFIX, "key=", "&", ""] {
        if p == current {
            continue;
        }
        push(
            "salt_prefix",
            format!(
                "the signer appended the secret after \"{p}\" instead of \"{current}\": if \"{current}\" is the \
                 agreed rule the signer must use it, otherwise verify with --salt-prefix '{p}'"
            ),
            &|c| {
                if let SignatureAlgorithm::Md5Hex { salt_prefix, .. } = &mut c.algorithm {
                    *salt_prefix = Some(p.to_owned());
                }
            },
        );
    }
}

/// Puts `secret` where the slot takes it.
pub fn slot_edit(slot: SecretSlot, secret: &str) -> impl Fn(&mut Candidate) {
    let secret = SharedSecret::new(secret);
    move |c: &mut Candidate| match slot {
        SecretSlot::Salt => c.secret = Some(secret.clone()),
        SecretSlot::Signkey => {
            if let What::Pairs(_, pairs) = &mut c.what {
                for (k, v) in pairs.iter_mut() {
                    if k == "signkey" {
                        *v = Some(secret.expose().to_owned());
                    }
                }
            }
        }
    }
}
