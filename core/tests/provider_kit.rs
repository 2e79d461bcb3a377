//! The provider kit's rules hold for every provider, checked through each provider's own codec
//! pair (`spec/fixtures/codec-pairs.json`, built through the registry): a reply decoded as another
//! operation is refused where the reply can tell, an unlisted reply field is refused without the
//! opt-in, a received form or query string past the field cap is refused before it is decoded,
//! and an `extra` field that collides with a unified one is the same error everywhere.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic)]

#[path = "../../fuzz/common/mod.rs"]
mod common;

use cardbind::model::{
    Bank, BindCardApply, CardNumber, HttpRequest, HttpResponse, IdNumber, PersonName, Phone, UnifiedRequest,
    ValidationError, ValidationRule,
};
use cardbind::rng::SeededRng;
use cardbind::{Codec, CodecError, Context, ErrorKind, Provider};
use serde_json::{json, Map, Value};

fn ctx_rng() -> SeededRng {
    SeededRng::from_seed([3; 32])
}

/// `provider`'s codec pairs, samples and encoded templates.
fn prepared(provider: Provider) -> &'static common::providers::Prepared {
    common::providers_prepared()
        .iter()
        .find(|p| p.setup.provider == provider)
        .unwrap()
}

/// `provider`'s prepared set, and where its sample of `operation` stands in it.
fn sample_index(provider: Provider, operation: &str) -> (&'static common::providers::Prepared, usize) {
    let prepared = prepared(provider);
    let index = prepared
        .setup
        .samples
        .iter()
        .position(|s| s.operation == operation)
        .unwrap();
    (prepared, index)
}

/// The sample of `provider` whose operation is `operation`.
fn sample(provider: Provider, operation: &str) -> &'static common::providers::Sample {
    let (prepared, index) = sample_index(provider, operation);
    &prepared.setup.samples[index]
}

/// `fields` as `operation`'s reply, made by whichever side of `pair` answers it, with that side.
fn reply(pair: &[Box<dyn Codec>; 2], operation: &str, fields: &Map<String, Value>) -> (usize, HttpResponse) {
    let mut rng = ctx_rng();
    pair.iter()
        .enumerate()
        .find_map(|(i, c)| {
            c.encode_response(operation, fields, &mut Context::new(&mut rng, Some(common::NOW)))
                .ok()
                .map(|r| (i, r))
        })
        .unwrap_or_else(|| panic!("no side of the pair answers {operation}"))
}

/// Decodes the reply `answered` (made by side `answered.0`) as `operation` with the other side.
fn decode_as(
    pair: &[Box<dyn Codec>; 2],
    operation: &str,
    answered: &(usize, HttpResponse),
) -> Result<cardbind::DecodedResponse, CodecError> {
    let mut rng = ctx_rng();
    pair[1 - answered.0].decode_response(operation, &answered.1, &mut Context::new(&mut rng, Some(common::NOW)))
}

fn answers(err: &CodecError, operation: &str) -> bool {
    matches!(err, CodecError::Malformed { reason, .. } if reason.starts_with(&format!("this reply answers {operation},")))
}

#[test]
fn a_yixin_code_sent_reply_decoded_as_verify_code_is_refused_and_names_bind_card() {
    // The issue's attack: a genuinely signed "SMS sent" reply replayed as the verifyCode answer
    // must not read as a bound card.
    let pair = common::fixture_pair(Provider::Yixin, 0, &json!({}));
    let sent = reply(&pair, "bindCard", &sample(Provider::Yixin, "bindCard").response);
    assert_eq!(decode_as(&pair, "bindCard", &sent).unwrap().outcome.provider_code, "0");
    let err = decode_as(&pair, "verifyCode", &sent).unwrap_err();
    assert!(answers(&err, "bindCard"), "{err:?}");
    assert_eq!(err.kind(), ErrorKind::InvalidParameter);
    // The other way: a verifyCode success (status 0, no bizId) decoded as bindCard.
    let bound = reply(&pair, "verifyCode", &sample(Provider::Yixin, "verifyCode").response);
    let err = decode_as(&pair, "bindCard", &bound).unwrap_err();
    assert!(
        matches!(&err, CodecError::Malformed { field, .. } if field == "bizId"),
        "{err:?}"
    );
}

#[test]
fn replies_that_can_tell_are_refused_as_another_operation_by_every_provider() {
    for (provider, sent, decoded_as) in [
        (Provider::LianLian, "bankcardbind", "bankcardbindverfy"),
        (Provider::LianLian, "bankcardbindverfy", "bankcardbind"),
        (Provider::Xianjincard, "BindCard.applyBindCard", "User.isUserAccept"),
        (Provider::Xianjincard, "User.isUserAccept", "BindCard.applyBindCard"),
        (Provider::Yixin, "bindCard", "verifyCode"),
        (Provider::Yixin, "cardList", "bankList"),
        (Provider::Yixin, "cardBank", "cardList"),
    ] {
        let pair = common::fixture_pair(provider, 0, &json!({}));
        let response = reply(&pair, sent, &sample(provider, sent).response);
        let err = decode_as(&pair, decoded_as, &response).unwrap_err();
        assert!(answers(&err, sent), "{provider:?} {sent} as {decoded_as}: {err:?}");
    }
}

#[test]
fn every_cross_decoded_reply_is_refused_unless_the_spec_names_the_residual_risk() {
    for prepared in common::providers_prepared() {
        let provider = prepared.setup.provider;
        let spec = cardbind::registry::spec(provider).unwrap();
        let pair = common::fixture_pair(provider, 0, &json!({}));
        for sent in &prepared.setup.samples {
            let Some(response) = prepared.templates[0]
                .iter()
                .zip(&prepared.setup.samples)
                .find(|(_, s)| s.operation == sent.operation)
                .and_then(|(t, _)| t.response.clone())
            else {
                continue;
            };
            for other in prepared.setup.samples.iter().filter(|o| o.operation != sent.operation) {
                if let Ok(decoded) = decode_as(&pair, &other.operation, &response) {
                    let risk = spec.reply_binding.residual_risk.as_deref().unwrap_or_default();
                    assert!(
                        !risk.is_empty() || !decoded.outcome.is_success(),
                        "{provider:?}: a {} reply reads as a successful {} and the spec names no residual risk",
                        sent.operation,
                        other.operation
                    );
                }
            }
        }
    }
}

#[test]
fn an_unlisted_reply_field_is_refused_without_the_opt_in_by_every_provider() {
    for prepared in common::providers_prepared() {
        let provider = prepared.setup.provider;
        let opted_in = common::fixture_pair(provider, 0, &json!({"allow_unlisted_fields": true}));
        let strict = common::fixture_pair(provider, 0, &json!({}));
        let mut checked = 0;
        for sample in &prepared.setup.samples {
            let mut fields = sample.response.clone();
            if fields.is_empty() || fields.contains_key("response") {
                // Empty answers and xianjincard's bank list (an array) have no object to add to.
                continue;
            }
            fields.insert("memo".into(), json!("x"));
            let response = reply(&opted_in, &sample.operation, &fields);
            let err = decode_as(&strict, &sample.operation, &response).unwrap_err();
            assert!(
                matches!(&err, CodecError::Malformed { field, reason }
                    if field.ends_with("memo") && reason.contains("does not list")),
                "{provider:?} {}: {err:?}",
                sample.operation
            );
            let accepted = decode_as(&opted_in, &sample.operation, &response).unwrap();
            assert_eq!(accepted.fields["memo"], "x", "{provider:?} {}", sample.operation);
            checked += 1;
        }
        assert!(checked > 0, "{provider:?}: no reply checked");
    }
}

/// About 62,000 distinct names of one to three letters or digits: a 256 KiB form.
fn distinct_names() -> Vec<(String, String)> {
    const ALPHABET: &[u8] = b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    let name = |mut i: usize| {
        let mut out = String::new();
        loop {
            out.push(char::from(ALPHABET[i % ALPHABET.len()]));
            i /= ALPHABET.len();
            if i == 0 {
                return out;
            }
            i -= 1;
        }
    };
    (0..62_000).map(|i| (name(i), String::new())).collect()
}

#[test]
fn a_query_string_past_the_field_cap_is_refused_before_any_provider_reads_it() {
    for prepared in common::providers_prepared() {
        let provider = prepared.setup.provider;
        let Some((encoder, template)) = prepared.templates[0].iter().find_map(|t| t.request.clone()) else {
            continue;
        };
        let decoder = &prepared.setup.variants[0][1 - encoder];
        let mut request: HttpRequest = template;
        request.query = distinct_names();
        let mut rng = ctx_rng();
        let err = decoder
            .decode_request(&request, &mut Context::new(&mut rng, Some(common::NOW)))
            .unwrap_err();
        assert_eq!(
            err,
            CodecError::LimitExceeded {
                what: "query parameters",
                limit: 1024
            },
            "{provider:?}"
        );
    }
}

#[test]
fn a_form_body_past_the_field_cap_is_refused_before_it_is_decoded() {
    let form: String = distinct_names()
        .iter()
        .map(|(k, _)| k.as_str())
        .collect::<Vec<_>>()
        .join("&");
    assert!(form.len() > 200 * 1024 && form.len() <= 256 * 1024, "{}", form.len());
    for (provider, operation, content_type) in [
        (
            Provider::Yixin,
            "bindCard",
            "application/x-www-form-urlencoded;charset=utf-8",
        ),
        (
            Provider::Xianjincard,
            "BindCard.applyBindCard",
            "application/x-www-form-urlencoded",
        ),
    ] {
        let (prepared, index) = sample_index(provider, operation);
        let (encoder, mut request) = prepared.templates[0][index].request.clone().unwrap();
        request.body = form.clone().into_bytes();
        request.headers = vec![("Content-Type".into(), content_type.into())];
        // xianjincard's body limit is a setting (64 KiB by default): raised, so the cap is what
        // refuses the form.
        let overrides = if provider == Provider::Xianjincard {
            json!({"max_body_bytes": 262_144})
        } else {
            json!({})
        };
        let pair = common::fixture_pair(provider, 0, &overrides);
        let decoder = &pair[1 - encoder];
        let mut rng = ctx_rng();
        let err = decoder
            .decode_request(&request, &mut Context::new(&mut rng, Some(common::NOW)))
            .unwrap_err();
        assert_eq!(
            err,
            CodecError::LimitExceeded {
                what: "form fields in one message",
                limit: 1024
            },
            "{provider:?}"
        );
    }
}

/// A unified apply each provider with a typed apply accepts, with `extra` added.
fn apply(codec: &dyn Codec, extra: Map<String, Value>) -> UnifiedRequest {
    let uses = |unified: &str| codec.unified_field_names().iter().any(|(_, u)| *u == unified);
    UnifiedRequest::BindCardApply(BindCardApply {
        user_id: "u-1".into(),
        card_number: CardNumber::new("card_number", "6222022005001212726").unwrap(),
        phone: Phone::new("phone", "13420504517").unwrap(),
        holder_name: Some(PersonName::new("holder_name", "张三").unwrap()),
        id_number: Some(IdNumber::new("id_number", "11010519491231002X").unwrap()),
        bank: uses("bank").then_some(Bank::Icbc),
        card_type: None,
        order_id: None,
        verify_code: None,
        extra,
    })
}

#[test]
fn an_extra_field_a_unified_field_already_sets_is_the_same_error_for_every_provider() {
    let mut checked = 0;
    for provider in Provider::ALL {
        let pair = common::fixture_pair(provider, 0, &json!({}));
        let codec = &pair[0];
        let Ok((_, plain)) = codec.to_wire(&apply(
            codec.as_ref(),
            json!({"bizType": "loan"}).as_object().unwrap().clone(),
        )) else {
            // Vbao's one-click bind has no card number field: its unified calls carry wire fields.
            continue;
        };
        let wire = plain
            .iter()
            .find(|(_, v)| *v == "6222022005001212726")
            .map(|(k, _)| k.clone())
            .unwrap();
        let mut extra = Map::new();
        extra.insert("bizType".into(), json!("loan"));
        extra.insert(wire.clone(), json!("4111111111111111"));
        let err = codec.to_wire(&apply(codec.as_ref(), extra)).unwrap_err();
        assert_eq!(
            err,
            CodecError::Validation(ValidationError::new(
                format!("extra.{wire}"),
                ValidationRule::SetByUnifiedField
            )),
            "{provider:?}"
        );
        assert_eq!(err.kind(), ErrorKind::InvalidParameter, "{provider:?}");
        checked += 1;
    }
    assert_eq!(checked, 4);
}

#[test]
fn now_ms_in_seconds_is_refused_by_every_entry_point_of_every_provider() {
    let seconds = Some(1_796_390_000);
    let now_ms = |err: Result<(), CodecError>| matches!(err, Err(CodecError::Validation(ref v)) if v.field == "now_ms");
    for prepared in common::providers_prepared() {
        let provider = prepared.setup.provider;
        let pair = &prepared.setup.variants[0];
        for (sample, template) in prepared.setup.samples.iter().zip(&prepared.templates[0]) {
            let mut rng = ctx_rng();
            for codec in pair {
                let mut ctx = Context::new(&mut rng, seconds);
                let encoded = codec.encode_request(&sample.operation, &sample.request, &mut ctx);
                assert!(
                    now_ms(encoded.map(drop)),
                    "{provider:?} {} encode_request",
                    sample.operation
                );
                let mut ctx = Context::new(&mut rng, seconds);
                let answered = codec.encode_response(&sample.operation, &sample.response, &mut ctx);
                assert!(
                    now_ms(answered.map(drop)),
                    "{provider:?} {} encode_response",
                    sample.operation
                );
            }
            if let Some((encoder, request)) = &template.request {
                let mut ctx = Context::new(&mut rng, seconds);
                let decoded = pair[1 - encoder].decode_request(request, &mut ctx);
                assert!(
                    now_ms(decoded.map(drop)),
                    "{provider:?} {} decode_request",
                    sample.operation
                );
            }
            if let Some((encoder, response)) = &template.response {
                let mut ctx = Context::new(&mut rng, seconds);
                let decoded = pair[1 - encoder].decode_response(&sample.operation, response, &mut ctx);
                assert!(
                    now_ms(decoded.map(drop)),
                    "{provider:?} {} decode_response",
                    sample.operation
                );
            }
        }
    }
}

/// The replay key of `request` decoded by the side of `pair` that did not encode it.
fn request_key(pair: &[Box<dyn Codec>; 2], encoder: usize, request: &HttpRequest) -> Option<String> {
    let mut rng = ctx_rng();
    pair[1 - encoder]
        .decode_request(request, &mut Context::new(&mut rng, Some(common::NOW)))
        .unwrap()
        .replay_key
}

#[test]
fn every_verified_request_has_a_replay_key_that_is_stable_and_changes_with_any_signed_byte() {
    let mut checked = 0;
    for prepared in common::providers_prepared() {
        let provider = prepared.setup.provider;
        for (variant, pair) in prepared.setup.variants.iter().enumerate() {
            for (sample, template) in prepared.setup.samples.iter().zip(&prepared.templates[variant]) {
                let Some((encoder, request)) = &template.request else {
                    continue;
                };
                let key = request_key(pair, *encoder, request);
                let mut rng = ctx_rng();
                let decoded = pair[1 - encoder]
                    .decode_request(request, &mut Context::new(&mut rng, Some(common::NOW)))
                    .unwrap();
                let Some(key) = key else {
                    assert_eq!(
                        decoded.signature,
                        cardbind::model::SignatureCheck::NotSigned,
                        "{provider:?}"
                    );
                    continue;
                };
                assert_eq!(key.len(), 64, "{provider:?}");
                assert_eq!(
                    request_key(pair, *encoder, request),
                    Some(key.clone()),
                    "{provider:?}: stable"
                );
                // The same call with one signed value changed: another key.
                let mut changed = sample.request.clone();
                let Some((name, value)) = changed
                    .iter_mut()
                    .find(|(_, v)| v.as_str().is_some_and(|s| s.len() > 2 && s.is_ascii()))
                else {
                    continue;
                };
                let text = value.as_str().unwrap();
                let last = if text.ends_with('1') { '2' } else { '1' };
                *value = json!(format!("{}{last}", &text[..text.len() - 1]));
                let name = name.clone();
                let mut rng = ctx_rng();
                let Ok(other) = pair[*encoder].encode_request(
                    &sample.operation,
                    &changed,
                    &mut Context::new(&mut rng, Some(common::NOW)),
                ) else {
                    continue; // the changed value broke a format rule of this field
                };
                assert_ne!(
                    request_key(pair, *encoder, &other),
                    Some(key),
                    "{provider:?} {}: {name}",
                    sample.operation
                );
                checked += 1;
            }
        }
    }
    assert!(checked >= 15, "{checked}");
}

#[test]
fn rewriting_or_deleting_an_unsigned_field_keeps_the_replay_key() {
    // xianjincard's timestamp is not covered by sign: rewritten, or deleted (with the opt-out
    // that accepts a request without one), the key stays.
    let pair = common::fixture_pair(
        Provider::Xianjincard,
        0,
        &json!({"insecure_accept_missing_timestamp": true}),
    );
    let (prepared, index) = sample_index(Provider::Xianjincard, "BindCard.applyBindCard");
    let (encoder, request) = prepared.templates[0][index].request.clone().unwrap();
    let key = request_key(&pair, encoder, &request).unwrap();
    let body = String::from_utf8(request.body.clone()).unwrap();
    let sent = (common::NOW / 1000).to_string();
    assert!(body.contains(&format!("&timestamp={sent}")), "{body}");
    for rewritten in [
        body.replace(
            &format!("&timestamp={sent}"),
            &format!("&timestamp={}", common::NOW / 1000 - 60),
        ),
        body.replace(&format!("&timestamp={sent}"), ""),
    ] {
        let mut replayed = request.clone();
        replayed.body = rewritten.into_bytes();
        assert_eq!(request_key(&pair, encoder, &replayed), Some(key.clone()));
    }
    // LianLian leaves an empty value out of the string to sign: adding one keeps the key too.
    let (prepared, index) = sample_index(Provider::LianLian, "bankcardbindverfy");
    let (encoder, request) = prepared.templates[0][index].request.clone().unwrap();
    let pair = &prepared.setup.variants[0];
    let key = request_key(pair, encoder, &request).unwrap();
    let mut padded = request.clone();
    let body = String::from_utf8(request.body.clone()).unwrap();
    padded.body = body.replacen('{', r#"{"no_order":"","#, 1).into_bytes();
    assert_eq!(request_key(pair, encoder, &padded), Some(key));
}

/// Per provider: an operation, and an optional text field whose empty value tests the rule.
const EMPTY_CASES: [(Provider, &str, &str); 5] = [
    (Provider::LianLian, "bankcardbindverfy", "no_order"),
    (Provider::Vbao, "bindCard/create", "expiredTime"),
    (Provider::Yixin, "bindCard", "bizNo"),
    (Provider::Xianjincard, "BindCard.getValidBankList", "card_type"),
    (Provider::Huanbei, "bindCard", "verify_code"),
];

#[test]
fn empty_values_follow_the_specs_one_rule_on_encode_and_decode_for_every_provider() {
    for (provider, operation, field) in EMPTY_CASES {
        let signed = cardbind::registry::spec(provider).unwrap().empty_values.signed;
        let (prepared, index) = sample_index(provider, operation);
        let (encoder, _) = prepared.templates[0][index].request.clone().unwrap();
        let pair = &prepared.setup.variants[0];
        let mut params = prepared.setup.samples[index].request.clone();
        if provider == Provider::Yixin {
            params.insert("bizType".into(), json!("loan"));
        }
        for (value, what) in [(json!(""), "empty"), (Value::Null, "null")] {
            params.insert(field.into(), value.clone());
            let mut rng = ctx_rng();
            let encoded =
                pair[encoder].encode_request(operation, &params, &mut Context::new(&mut rng, Some(common::NOW)));
            if !signed && what == "empty" {
                assert_eq!(
                    encoded.unwrap_err(),
                    CodecError::Validation(ValidationError::new(field, ValidationRule::EmptyNotSigned)),
                    "{provider:?}"
                );
                continue;
            }
            let request = encoded.unwrap_or_else(|e| panic!("{provider:?} {what}: {e}"));
            let mut rng = ctx_rng();
            let decoded = pair[1 - encoder]
                .decode_request(&request, &mut Context::new(&mut rng, Some(common::NOW)))
                .unwrap();
            let expected = if signed { Some(&value) } else { None };
            assert_eq!(decoded.fields.get(field), expected, "{provider:?} {what}");
        }
    }
}

/// `provider`'s fixture pair with `overrides`, or the configuration error either side gets.
fn configured(provider: Provider, overrides: &Value) -> Result<[Box<dyn Codec>; 2], CodecError> {
    let side = |side| {
        let config = common::providers::fixture_config(provider, 0, side, overrides);
        cardbind::registry::codec_from_config(provider, &config.to_string())
    };
    Ok([side(0)?, side(1)?])
}

/// Whether a sample request either side of `pair` encodes goes to `base`.
fn some_request_goes_to(provider: Provider, pair: &[Box<dyn Codec>; 2], base: &str) -> bool {
    let prepared = prepared(provider);
    let mut rng = ctx_rng();
    let base = base.trim_end_matches('/');
    prepared.setup.samples.iter().any(|s| {
        pair.iter().any(|c| {
            c.encode_request(&s.operation, &s.request, &mut Context::new(&mut rng, Some(common::NOW)))
                .is_ok_and(|r| r.url.starts_with(base))
        })
    })
}

#[test]
fn a_client_naming_neither_environment_nor_base_url_is_refused_by_every_provider_that_documents_urls() {
    for provider in Provider::ALL {
        let spec = cardbind::registry::spec(provider).unwrap();
        if spec.base_urls.is_empty() {
            continue;
        }
        let neither = configured(provider, &json!({"environment": null, "base_url": null}))
            .err()
            .unwrap();
        let documented: Vec<String> = spec
            .base_urls
            .iter()
            .map(|(name, url)| format!("`{name}` ({})", url.as_str().unwrap()))
            .collect();
        assert_eq!(
            neither,
            CodecError::config(
                "environment",
                format!(
                    "is required: choose where this client talks, one of {}; or give base_url (environment `custom`)",
                    documented.join(", ")
                )
            ),
            "{provider:?}"
        );
        for (name, url) in &spec.base_urls {
            let pair = configured(provider, &json!({"environment": name, "base_url": null})).unwrap();
            assert!(
                some_request_goes_to(provider, &pair, url.as_str().unwrap()),
                "{provider:?} {name}"
            );
        }
        let custom = json!({"environment": "custom", "base_url": "https://gate.example/v9"});
        let pair = configured(provider, &custom).unwrap();
        assert!(
            some_request_goes_to(provider, &pair, "https://gate.example/v9"),
            "{provider:?}"
        );
        let no_url = configured(provider, &json!({"environment": "custom", "base_url": null})).err();
        assert_eq!(
            no_url,
            Some(CodecError::config("base_url", "is required with environment `custom`")),
            "{provider:?}"
        );
        // The configuration's own enum check names the choices (the spec lists them).
        let unknown = configured(provider, &json!({"environment": "prod", "base_url": null})).err();
        let names: Vec<String> = spec.base_urls.keys().map(|n| format!("`{n}`")).collect();
        assert_eq!(
            unknown,
            Some(CodecError::config(
                "environment",
                format!("expected one of {}, `custom`", names.join(", "))
            )),
            "{provider:?}"
        );
        let (name, _) = spec.base_urls.iter().next().unwrap();
        let both = configured(
            provider,
            &json!({"environment": name, "base_url": "https://elsewhere.example"}),
        )
        .err();
        assert_eq!(
            both,
            Some(CodecError::config(
                "base_url",
                format!("differs from environment `{name}`'s URL: give one of environment and base_url")
            )),
            "{provider:?}"
        );
    }
}

#[test]
fn a_wire_field_in_a_unified_call_is_told_to_go_in_extra_and_a_misspelling_gets_the_unified_name() {
    use cardbind::model::Operation;
    use cardbind::registry::not_a_unified_field;
    assert_eq!(
        not_a_unified_field(Provider::LianLian, Operation::BindCardApply, "acct_name"),
        "is not a field of bind_card_apply but lianlian's wire field (`bankcardbind`): pass it in `extra`"
    );
    assert_eq!(
        not_a_unified_field(Provider::Yixin, Operation::BindCardConfirm, "holdr_name"),
        "is not a field of bind_card_confirm (one of user_id, confirm_token, verify_code, order_id, extra)"
    );
    assert_eq!(
        not_a_unified_field(Provider::Yixin, Operation::BindCardApply, "holdr_name"),
        "is not a field of bind_card_apply; did you mean `holder_name`?"
    );
    // Every provider: each request field of a wire operation behind a unified one goes in `extra`.
    for provider in Provider::ALL {
        let spec = cardbind::registry::spec(provider).unwrap();
        for wire in &spec.operations {
            let Some(op) = Operation::from_name(&wire.unified).filter(|o| !o.field_names().is_empty()) else {
                continue;
            };
            for field in wire
                .request
                .iter()
                .filter(|f| !op.field_names().contains(&f.name.as_str()))
            {
                let reason = not_a_unified_field(provider, op, &field.name);
                assert!(
                    reason.ends_with("pass it in `extra`"),
                    "{provider:?} {} {}: {reason}",
                    op.name(),
                    field.name
                );
            }
        }
    }
}
