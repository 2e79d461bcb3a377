//! The values signed another way: as sent in a form body, percent-decoded or -encoded, trimmed,
//! as GBK bytes, JSON values serialised another way.

use cardbind::canonical::CanonicalRule;
use serde_json::Value;

use super::super::attempt::Attempt;
use super::super::candidate::{percent_decoded, quoted, set_pairs, Push, What};
use crate::jsonstyle::Style;
use crate::params::{Pairs, Params, Syntax};
use crate::pii;
use crate::setup::Subject;

/// Percent-decoded / percent-encoded values.
pub fn encoding(a: &Attempt<'_>, rule: &CanonicalRule, pairs: &Pairs, push: &mut Push<'_>) {
    if let Subject::Params { params, .. } = &a.setup.subject {
        if params.syntax == Syntax::Form {
            form_values_undecoded(params, rule, pairs, push);
        }
    }
    percent_decoded_values(rule, pairs, push);
    percent_encoded_values(a, rule, pairs, push);
}

/// A form body's values as they were sent, before URL-decoding.
fn form_values_undecoded(params: &Params, rule: &CanonicalRule, pairs: &Pairs, push: &mut Push<'_>) {
    let (raw_pairs, changed) = rewritten(pairs, |k, _| {
        params
            .items
            .iter()
            .find(|p| p.key == k)
            .and_then(|p| p.form_raw.clone())
    });
    if changed.is_empty() {
        return;
    }
    push(
        "form_values_undecoded",
        format!(
            "the signer signed the form values URL-encoded, as sent ({}): the signer must sign the raw values, \
             before encoding them for the body",
            quoted(&changed)
        ),
        &set_pairs(rule.clone(), raw_pairs),
    );
}

/// Values the signer decoded ('+' as space, then '+' kept) that are still encoded here.
fn percent_decoded_values(rule: &CanonicalRule, pairs: &Pairs, push: &mut Push<'_>) {
    for (plus_as_space, cause) in [(true, "percent_decoded"), (false, "percent_decoded_keep_plus")] {
        let (decoded, changed) = rewritten(pairs, |_, v| v.and_then(|v| percent_decoded(v, plus_as_space)));
        if changed.is_empty() {
            continue;
        }
        let how = if plus_as_space {
            "URL-decoded ('+' as space)"
        } else {
            "percent-decoded ('+' kept)"
        };
        push(
            cause,
            format!(
                "the signer signed the values {how}; {} still URL-encoded here: decode them before building \
                 the string to verify",
                quoted(&changed)
            ),
            &set_pairs(rule.clone(), decoded),
        );
    }
}

/// Values the signer URL-encoded (Java URLEncoder style) before signing.
fn percent_encoded_values(a: &Attempt<'_>, rule: &CanonicalRule, pairs: &Pairs, push: &mut Push<'_>) {
    let (encoded, changed) = rewritten(pairs, |k, v| {
        let v = v.filter(|_| k != a.signature_field)?;
        let mut e = String::new();
        cardbind::form::encode_component(v, &mut e);
        Some(e)
    });
    if changed.is_empty() {
        return;
    }
    push(
        "percent_encoded",
        format!(
            "the signer signed percent-encoded values ({}, Java URLEncoder style): the signer must sign the raw \
             values",
            quoted(&changed)
        ),
        &set_pairs(rule.clone(), encoded),
    );
}

/// `pairs` with the values `change` gives in place of theirs, and the names of those that changed.
fn rewritten(pairs: &Pairs, change: impl Fn(&str, Option<&str>) -> Option<String>) -> (Pairs, Vec<&str>) {
    let mut changed = Vec::new();
    let out = pairs
        .iter()
        .map(|(k, v)| match change(k, v.as_deref()) {
            Some(new) if Some(new.as_str()) != v.as_deref() => {
                changed.push(k.as_str());
                (k.clone(), Some(new))
            }
            _ => (k.clone(), v.clone()),
        })
        .collect();
    (out, changed)
}

/// Values with leading or trailing whitespace, trimmed: all of them, then each alone.
pub fn trimmed(a: &Attempt<'_>, rule: &CanonicalRule, pairs: &Pairs, push: &mut Push<'_>) {
    let padded: Vec<usize> = pairs
        .iter()
        .enumerate()
        .filter(|(_, (k, v))| {
            k != a.signature_field && !pii::is_signing_secret(k) && v.as_deref().is_some_and(|v| v.trim() != v)
        })
        .map(|(i, _)| i)
        .collect();
    let singles = if padded.len() > 1 { padded.len() } else { 0 };
    let sets = std::iter::once(padded.as_slice()).chain((0..singles).filter_map(|i| padded.get(i..=i)));
    for set in sets.filter(|set| !set.is_empty()) {
        let names: Vec<&str> = set
            .iter()
            .filter_map(|i| pairs.get(*i))
            .map(|(k, _)| k.as_str())
            .collect();
        let mut trimmed = pairs.clone();
        for i in set {
            if let Some((_, Some(v))) = trimmed.get_mut(*i) {
                *v = v.trim().to_owned();
            }
        }
        push(
            "value_trimmed",
            format!(
                "the signer trimmed leading/trailing whitespace from {} before signing (Java String.trim, Python \
                 str.strip): the signer must sign the values exactly as sent, or send them trimmed",
                quoted(&names)
            ),
            &set_pairs(rule.clone(), trimmed),
        );
    }
}

/// The string hashed as GBK bytes (when a value is not ASCII).
pub fn gbk(rule: &CanonicalRule, pairs: &Pairs, push: &mut Push<'_>) {
    let names: Vec<&str> = pairs
        .iter()
        .filter(|(_, v)| v.as_deref().is_some_and(|v| !v.is_ascii()))
        .map(|(k, _)| k.as_str())
        .collect();
    if names.is_empty() {
        return;
    }
    push(
        "gbk_bytes",
        format!(
            "the signer hashed the string as GBK bytes, not UTF-8 (Java getBytes(\"GBK\"), a GBK page or \
             database; non-ASCII text in {}): the signer must hash its UTF-8 bytes",
            quoted(&names)
        ),
        &|c| c.what = What::Gbk(Box::new(What::Pairs(rule.clone(), pairs.clone()))),
    );
}

/// JSON values (objects, arrays) serialised the ways Python, PHP and Java serialise them.
pub fn json(rule: &CanonicalRule, pairs: &Pairs, push: &mut Push<'_>) {
    let json_fields: Vec<(usize, Value)> = pairs
        .iter()
        .enumerate()
        .filter_map(|(i, (_, v))| {
            let v = v.as_deref()?;
            let t = v.trim_start();
            if !(t.starts_with('{') || t.starts_with('[')) {
                return None;
            }
            serde_json::from_str::<Value>(v).ok().map(|parsed| (i, parsed))
        })
        .collect();
    if json_fields.is_empty() {
        return;
    }
    let names: Vec<&str> = json_fields
        .iter()
        .filter_map(|(i, _)| pairs.get(*i).map(|(k, _)| k.as_str()))
        .collect();
    for style in Style::ALL {
        let mut restyled = pairs.clone();
        let mut changed = false;
        for (i, parsed) in &json_fields {
            if let Some((_, v)) = restyled.get_mut(*i) {
                let text = style.write(parsed);
                if v.as_deref() != Some(text.as_str()) {
                    changed = true;
                    *v = Some(text);
                }
            }
        }
        if changed {
            push(
                "json_reserialised",
                format!(
                    "the signer serialised {} as {} to sign it: the signer must sign the JSON text exactly as sent",
                    quoted(&names),
                    style.describe()
                ),
                &set_pairs(rule.clone(), restyled),
            );
        }
    }
}
