//! Another digest, another key (`--also-key`, `--also-secret`).

use cardbind::{SignatureAlgorithm, VerifyingKey};

use super::super::attempt::{Attempt, SecretSlot};
use super::super::candidate::Push;
use super::super::signature_text::{digest_label, DIGESTS};
use super::secret::slot_edit;

/// RSA with each other digest.
pub fn other_digests(a: &Attempt<'_>, push: &mut Push<'_>) {
    let SignatureAlgorithm::RsaPkcs1v15 { digest } = &a.setup.algorithm else {
        return;
    };
    for d in DIGESTS.into_iter().filter(|d| d != digest) {
        push(
            "digest",
            format!(
                "the signer used {} instead of {}: if {} is the agreed rule the signer must use it, \
                 otherwise verify with --digest {}",
                digest_label(d),
                digest_label(*digest),
                digest_label(*digest),
                d.name()
            ),
            &|c| c.algorithm = SignatureAlgorithm::RsaPkcs1v15 { digest: d },
        );
    }
}

/// Each other key: RSA with the same digest, then with the others; an MD5 secret where the rule
/// takes it.
pub fn other_keys(a: &Attempt<'_>, push: &mut Push<'_>) {
    for (i, (label, key)) in a.also_keys.iter().enumerate() {
        let index = i + 1;
        match (&a.setup.algorithm, key) {
            (SignatureAlgorithm::RsaPkcs1v15 { digest }, VerifyingKey::Rsa(public)) => {
                let print = public.fingerprint();
                push(
                    "key",
                    format!(
                        "the signer used the key pair of {label} ({print}), not that of {}: if it is the \
                         signer's current key, verify with it (as --key); otherwise the signer must sign with the \
                         agreed key",
                        a.key_label
                    ),
                    &|c| c.key = index,
                );
                for d in DIGESTS.into_iter().filter(|d| d != digest) {
                    push(
                        "key_and_digest",
                        format!(
                            "the signer used the key pair of {label} ({print}) and {}: if both are the agreed ones, \
                             verify with that key (as --key) and --digest {}; otherwise the signer must sign with \
                             the agreed key and digest",
                            digest_label(d),
                            d.name()
                        ),
                        &|c| {
                            c.key = index;
                            c.algorithm = SignatureAlgorithm::RsaPkcs1v15 { digest: d };
                        },
                    );
                }
            }
            (SignatureAlgorithm::Md5Hex { .. }, VerifyingKey::Secret(other)) => match a.secret_slot() {
                Some(SecretSlot::Signkey) => push(
                    "xianjincard_signkey",
                    format!(
                        "the signer used {label} as signkey in K = ua + signkey + ua, not the signkey given. Each \
                         direction has its own ua/signkey pair: if {label} is the other direction's, the signer \
                         must sign with this direction's signkey; if it is this direction's, verify with it"
                    ),
                    &slot_edit(SecretSlot::Signkey, other.expose()),
                ),
                _ => push(
                    "key",
                    format!(
                        "the signer used {label} as the shared secret, not the one given: if {label} is the \
                         agreed secret, verify with it; otherwise the signer must sign with the agreed one"
                    ),
                    &|c| c.key = index,
                ),
            },
            _ => {}
        }
    }
}
