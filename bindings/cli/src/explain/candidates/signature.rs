//! The signature text itself: hex of the other case, damaged in transport, URL-safe or unpadded
//! base64, hex of another digest where MD5 is expected.

use cardbind::{CaseRule, HexCase, SignatureAlgorithm};

use super::super::attempt::Attempt;
use super::super::candidate::{percent_decoded, Push};
use super::super::signature_text::{digest_upper, hex_digest_cause, hex_digest_named, md5_input, url_safe_to_standard};

/// MD5 hex of the other case, when the rule compares case exactly.
pub fn hex_case(a: &Attempt<'_>, push: &mut Push<'_>) {
    let SignatureAlgorithm::Md5Hex {
        case,
        verify_case: CaseRule::Exact,
        ..
    } = &a.setup.algorithm
    else {
        return;
    };
    let (got, expected) = match case {
        HexCase::Lower => ("upper", "lower"),
        HexCase::Upper => ("lower", "upper"),
    };
    push(
        "hex_case",
        format!(
            "the signer wrote the MD5 hex in {got} case, the rule here expects {expected} case: hex case carries no \
             meaning, so compare case-insensitively (--any-case) or expect {got} case (--case {got})"
        ),
        &|c| {
            if let SignatureAlgorithm::Md5Hex { verify_case, .. } = &mut c.algorithm {
                *verify_case = CaseRule::Insensitive;
            }
        },
    );
}

/// The signature text changed on its way: `+` read as a space, still URL-encoded, or base64 in
/// its URL-safe or unpadded form.
pub fn damaged_in_transport(a: &Attempt<'_>, push: &mut Push<'_>) {
    if a.signature.contains(' ') {
        let fixed = a.signature.replace(' ', "+");
        push(
            "signature_plus_as_space",
            "the signature's '+' characters arrived as spaces: the sender must URL-encode the signature in a form \
             body or URL (or, if it was encoded, the receiving code URL-decoded it twice and must decode it once)"
                .to_owned(),
            &|c| c.signature.clone_from(&fixed),
        );
    }
    if let Some(decoded) = percent_decoded(a.signature, false) {
        push(
            "signature_url_encoded",
            "the signature arrived still URL-encoded (%2B, %2F, %3D): the receiving code must URL-decode it once \
             before verifying"
                .to_owned(),
            &|c| c.signature.clone_from(&decoded),
        );
    }
    if let (SignatureAlgorithm::RsaPkcs1v15 { .. }, Some(standard)) =
        (&a.setup.algorithm, url_safe_to_standard(a.signature))
    {
        let (cause, summary) = base64_form(a.signature);
        push(cause, summary, &|c| c.signature.clone_from(&standard));
    }
}

/// The cause and summary for a signature in URL-safe or unpadded base64.
fn base64_form(signature: &str) -> (&'static str, String) {
    if signature.contains(['-', '_']) {
        let padding = if signature.trim_end().ends_with('=') {
            ""
        } else {
            ", without '=' padding"
        };
        (
            "signature_url_safe_base64",
            format!(
                "the signer encoded the signature as URL-safe base64 ('-' and '_' instead of '+' and \
                 '/'{padding}): decode it as URL-safe base64 (Java Base64.getUrlDecoder, Python \
                 base64.urlsafe_b64decode), or the signer must send standard base64"
            ),
        )
    } else {
        (
            "signature_base64_unpadded",
            "the signer left the '=' padding off the signature's base64: add it before decoding, or the signer \
             must send standard (padded) base64"
                .to_owned(),
        )
    }
}

/// A hex digest of another length where MD5 is expected: the same input, that digest.
pub fn other_hex_digest(a: &Attempt<'_>, push: &mut Push<'_>) {
    let SignatureAlgorithm::Md5Hex { salt_prefix, .. } = &a.setup.algorithm else {
        return;
    };
    let Some(d) = hex_digest_named(a.signature) else {
        return;
    };
    push(
        hex_digest_cause(d),
        format!(
            "the signature is a {}-hex digest: {} where MD5 is expected; hex({}({})) verifies: the \
             signer used {} instead of MD5 and must use MD5, the agreed rule",
            d.output_len() * 2,
            digest_upper(d),
            d.name(),
            md5_input(salt_prefix.as_deref()),
            digest_upper(d)
        ),
        &|c| c.hex_digest = Some(d),
    );
}
