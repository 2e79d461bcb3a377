//! Sorted pairs built another way: the other key order, the fields in the order received, empty
//! values kept vs skipped, a field excluded or included.

use cardbind::canonical::CanonicalRule;
use cardbind::KeyOrder;

use super::super::attempt::Attempt;
use super::super::candidate::{quoted, set_pairs, Push, What};
use crate::params::Pairs;
use crate::pii;

/// The sorted-pairs rule's settings, which each alternative changes one of.
struct Sorted<'r> {
    order: KeyOrder,
    exclude: &'r [String],
    skip_empty: bool,
}

fn sorted(order: KeyOrder, exclude: Vec<String>, skip_empty: bool) -> CanonicalRule {
    CanonicalRule::SortedPairs {
        order,
        exclude,
        skip_empty,
    }
}

/// Alternatives that change how sorted pairs are put together (none for other rules).
pub fn structure(a: &Attempt<'_>, rule: &CanonicalRule, pairs: &Pairs, push: &mut Push<'_>) {
    let CanonicalRule::SortedPairs {
        order,
        exclude,
        skip_empty,
    } = rule
    else {
        return;
    };
    let sorted = Sorted {
        order: *order,
        exclude,
        skip_empty: *skip_empty,
    };
    key_order(&sorted, pairs, push);
    empty_values(&sorted, pairs, push);
    received_order(&sorted, pairs, push);
    fields_excluded(a, &sorted, pairs, push);
    fields_included(a, &sorted, pairs, push);
}

/// The other key order.
fn key_order(s: &Sorted<'_>, pairs: &Pairs, push: &mut Push<'_>) {
    let (other, summary) = match s.order {
        KeyOrder::Bytewise => (
            KeyOrder::CaseInsensitive,
            "the signer sorted the keys case-insensitively (Java String.CASE_INSENSITIVE_ORDER), not bytewise: \
             if bytewise is the agreed order the signer must sort that way, otherwise verify with --order \
             case-insensitive",
        ),
        KeyOrder::CaseInsensitive => (
            KeyOrder::Bytewise,
            "the signer sorted the keys bytewise (upper case before lower case), not case-insensitively: if \
             case-insensitive is the agreed order the signer must sort that way, otherwise verify with --order \
             bytewise",
        ),
    };
    let flipped = sorted(other, s.exclude.to_vec(), s.skip_empty);
    push("key_order", summary.to_owned(), &set_pairs(flipped, pairs.clone()));
}

/// Empty values kept vs skipped.
fn empty_values(s: &Sorted<'_>, pairs: &Pairs, push: &mut Push<'_>) {
    let empties: Vec<&str> = pairs
        .iter()
        .filter(|(k, v)| v.as_deref() == Some("") && !s.exclude.contains(k))
        .map(|(k, _)| k.as_str())
        .collect();
    if empties.is_empty() {
        return;
    }
    let names = quoted(&empties);
    let summary = if s.skip_empty {
        format!(
            "the signer kept empty fields as `k=` ({names}): if the agreed rule leaves them out the signer must \
             drop them, otherwise verify with --keep-empty"
        )
    } else {
        format!(
            "the signer left empty fields out ({names}): if the agreed rule keeps them the signer must sign them \
             as `k=`, otherwise verify without --keep-empty"
        )
    };
    let flipped = sorted(s.order, s.exclude.to_vec(), !s.skip_empty);
    push("empty_fields", summary, &set_pairs(flipped, pairs.clone()));
}

/// The fields joined in the order received, not sorted.
fn received_order(s: &Sorted<'_>, pairs: &Pairs, push: &mut Push<'_>) {
    // Shown as raw text, which masks personal data but not a signing secret: not tried then.
    if pairs.iter().any(|(k, _)| pii::is_signing_secret(k)) {
        return;
    }
    let mut joined = Vec::new();
    for (k, v) in pairs {
        let Some(v) = v else { continue };
        if (s.skip_empty && v.is_empty()) || s.exclude.contains(k) {
            continue;
        }
        if !joined.is_empty() {
            joined.push(b'&');
        }
        joined.extend_from_slice(k.as_bytes());
        joined.push(b'=');
        joined.extend_from_slice(v.as_bytes());
    }
    let how = match s.order {
        KeyOrder::Bytewise => "bytewise",
        KeyOrder::CaseInsensitive => "case-insensitively",
    };
    push(
        "received_order",
        format!(
            "the signer joined the fields in the order received, not sorted by key: the signer must sort the keys \
             ({how}) before joining"
        ),
        &|c| c.what = What::Raw(joined.clone()),
    );
}

/// Each signed field left out: sign_type-like fields first, then every other field.
fn fields_excluded(a: &Attempt<'_>, s: &Sorted<'_>, pairs: &Pairs, push: &mut Push<'_>) {
    let signed: Vec<&str> = pairs
        .iter()
        .filter(|(k, v)| {
            v.as_deref().is_some_and(|v| !(s.skip_empty && v.is_empty()))
                && !s.exclude.contains(k)
                && k != a.signature_field
        })
        .map(|(k, _)| k.as_str())
        .collect();
    let mut ordered: Vec<&str> = signed.iter().copied().filter(|k| is_sign_meta(k)).collect();
    ordered.extend(signed.iter().copied().filter(|k| !is_sign_meta(k)));
    for field in ordered {
        let mut more = s.exclude.to_vec();
        more.push(field.to_owned());
        push(
            "field_excluded",
            format!(
                "the signer left `{field}` out of the string: if the agreed rule signs it the signer must include \
                 it, otherwise verify with --exclude {field}"
            ),
            &set_pairs(sorted(s.order, more, s.skip_empty), pairs.clone()),
        );
    }
}

/// A field named like `sign_type` or `signMethod`, which signers often leave out.
fn is_sign_meta(k: &str) -> bool {
    let n: String = k.chars().filter(|c| *c != '_').collect::<String>().to_ascii_lowercase();
    n.contains("signtype") || n.contains("signmethod")
}

/// Each excluded field that has a value, signed after all.
fn fields_included(a: &Attempt<'_>, s: &Sorted<'_>, pairs: &Pairs, push: &mut Push<'_>) {
    for field in s.exclude.iter().filter(|f| *f != a.signature_field) {
        if !pairs.iter().any(|(k, v)| k == field && v.is_some()) {
            continue;
        }
        let fewer: Vec<String> = s.exclude.iter().filter(|e| *e != field).cloned().collect();
        push(
            "field_included",
            format!(
                "the signer included `{field}` in the string: if the agreed rule leaves it out the signer must \
                 drop it, otherwise verify without --exclude {field}"
            ),
            &set_pairs(sorted(s.order, fewer, s.skip_empty), pairs.clone()),
        );
    }
}
