//! A raw string (`--raw`) signed another way: without its line end, URL-decoded, as GBK bytes.

use super::super::candidate::{percent_decoded, Push, What};

/// Alternatives for a raw string.
pub fn raw_candidates(bytes: &[u8], push: &mut Push<'_>) {
    if let Some(line) = bytes.strip_suffix(b"\n") {
        let line = line.strip_suffix(b"\r").unwrap_or(line).to_vec();
        push(
            "trailing_newline",
            "the input given here ends with a line end that the signer's string lacks: write it without one \
             (e.g. printf '%s')"
                .to_owned(),
            &|c| c.what = What::Raw(line.clone()),
        );
    }
    if let Some(decoded) = std::str::from_utf8(bytes).ok().and_then(|t| percent_decoded(t, true)) {
        push(
            "percent_decoded",
            "the signer signed the string URL-decoded; the one given here is still URL-encoded: decode it before \
             verifying"
                .to_owned(),
            &|c| c.what = What::Raw(decoded.clone().into_bytes()),
        );
    }
    if !bytes.is_ascii() {
        push(
            "gbk_bytes",
            "the signer hashed the string as GBK bytes, not UTF-8 (Java getBytes(\"GBK\"), a GBK page or \
             database): the signer must hash its UTF-8 bytes"
                .to_owned(),
            &|c| c.what = What::Gbk(Box::new(What::Raw(bytes.to_vec()))),
        );
    }
}
