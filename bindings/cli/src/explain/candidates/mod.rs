//! Every alternative, in the order they are reported (the first that verifies is the most likely
//! cause): the signature's text, the digest and key, the secret, then the string signed.

mod keys;
mod pairs;
mod raw;
mod secret;
mod signature;
mod values;

use super::attempt::Attempt;
use super::candidate::{Candidate, Push, What};

/// Hands every alternative, in the order they are reported, to `sink`, one at a time.
pub fn candidates(a: &Attempt<'_>, sink: &mut dyn FnMut(Candidate)) {
    let base = Candidate::base(a);
    let mut push = |cause: &'static str, summary: String, edit: &dyn Fn(&mut Candidate)| {
        let mut c = base.clone();
        c.cause = cause;
        c.summary = summary;
        edit(&mut c);
        sink(c);
    };
    let push: &mut Push<'_> = &mut push;
    signature::hex_case(a, push);
    signature::damaged_in_transport(a, push);
    signature::other_hex_digest(a, push);
    keys::other_digests(a, push);
    keys::other_keys(a, push);
    secret::secret_variants(a, push);
    match &base.what {
        What::Pairs(rule, pairs) => {
            pairs::structure(a, rule, pairs, push);
            values::encoding(a, rule, pairs, push);
            values::trimmed(a, rule, pairs, push);
            values::gbk(rule, pairs, push);
            values::json(rule, pairs, push);
        }
        What::Raw(bytes) => raw::raw_candidates(bytes, push),
        What::Gbk(_) => {}
    }
    secret::salt_prefixes(a, push);
}
