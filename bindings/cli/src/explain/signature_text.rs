//! What a signature's text says about how it was made or carried: URL-safe or unpadded base64,
//! hex of a digest other than MD5; and how digests are named in the diagnosis.

use cardbind::{DigestAlgorithm, SignatureAlgorithm};

/// The digests an RSA signature is tried with.
pub const DIGESTS: [DigestAlgorithm; 3] = [DigestAlgorithm::Md5, DigestAlgorithm::Sha1, DigestAlgorithm::Sha256];

/// A URL-safe (`-`, `_`) or unpadded base64 signature as standard padded base64; `None` when
/// it is neither (or is not base64 at all).
pub fn url_safe_to_standard(signature: &str) -> Option<String> {
    let s = signature.trim();
    let url_safe = s.contains(['-', '_']);
    if s.contains(['+', '/']) && url_safe {
        return None;
    }
    let body = s.trim_end_matches('=');
    if body.is_empty()
        || !body
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_' || b == b'+' || b == b'/')
    {
        return None;
    }
    if body.len() % 4 == 1 {
        return None;
    }
    let mut out: String = body
        .chars()
        .map(|c| match c {
            '-' => '+',
            '_' => '/',
            c => c,
        })
        .collect();
    while !out.len().is_multiple_of(4) {
        out.push('=');
    }
    (out != signature).then_some(out)
}

/// SHA-1 or SHA-256 when the signature is hex of that length (40, 64).
pub fn hex_digest_named(signature: &str) -> Option<DigestAlgorithm> {
    let s = signature.trim();
    if !s.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    [DigestAlgorithm::Sha1, DigestAlgorithm::Sha256]
        .into_iter()
        .find(|d| d.output_len() * 2 == s.len())
}

/// The cause reported when the signature is hex of `d` over what MD5 would cover.
pub fn hex_digest_cause(d: DigestAlgorithm) -> &'static str {
    match d {
        DigestAlgorithm::Md5 => "md5_hex",
        DigestAlgorithm::Sha1 => "sha1_hex",
        DigestAlgorithm::Sha256 => "sha256_hex",
    }
}

/// The digest as a standard names it (`SHA-256`).
pub fn digest_upper(d: DigestAlgorithm) -> &'static str {
    match d {
        DigestAlgorithm::Md5 => "MD5",
        DigestAlgorithm::Sha1 => "SHA-1",
        DigestAlgorithm::Sha256 => "SHA-256",
    }
}

/// The RSA signature algorithm with digest `d`, as Java names it (`SHA256withRSA`).
pub fn digest_label(d: DigestAlgorithm) -> &'static str {
    SignatureAlgorithm::RsaPkcs1v15 { digest: d }.label()
}

/// What the MD5 rule hashes besides the string, in words.
pub fn md5_input(salt_prefix: Option<&str>) -> String {
    match salt_prefix {
        Some(p) => format!("string + \"{p}\" + secret"),
        None => "the string".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn url_safe_and_unpadded_base64_read_as_standard_base64() {
        assert_eq!(url_safe_to_standard("ab-_cd").as_deref(), Some("ab+/cd=="));
        assert_eq!(url_safe_to_standard("abcd"), None);
        assert_eq!(url_safe_to_standard("ab+_"), None);
        assert_eq!(url_safe_to_standard("abcde"), None);
    }

    #[test]
    fn hex_of_sha1_and_sha256_length_is_named() {
        assert_eq!(hex_digest_named(&"a".repeat(40)), Some(DigestAlgorithm::Sha1));
        assert_eq!(hex_digest_named(&"A".repeat(64)), Some(DigestAlgorithm::Sha256));
        assert_eq!(hex_digest_named(&"a".repeat(32)), None);
        assert_eq!(hex_digest_named(&"g".repeat(40)), None);
    }
}
