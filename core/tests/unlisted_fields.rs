//! Sending fields the spec does not list (issue 15): off by default, on per call
//! (`EncodeOptions`) or per client (`allow_unlisted_fields` in each provider's configuration),
//! never for a name the spec reserves, in every provider. The other side receives the field,
//! signed where the provider signs.

use cardbind::model::{EncodeOptions, HttpRequest, ValidationError, ValidationRule};
use cardbind::providers;
use cardbind::rng::SeededRng;
use cardbind::spec::ProviderSpec;
use cardbind::{Codec, CodecError, Context, Provider};
use serde_json::{json, Map, Value};

macro_rules! key {
    ($name:literal) => {
        include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/../spec/vectors/keys/", $name))
    };
}

const PRIV_1024: &str = key!("test-rsa-1024-private-pkcs8.pem");
const PUB_1024: &str = key!("test-rsa-1024-public-spki.pem");
const PRIV_2048: &str = key!("test-rsa-2048-private-pkcs8.pem");
const PUB_2048: &str = key!("test-rsa-2048-public-spki.pem");
const NOW: i64 = 1_710_469_800_000;

/// One provider's two sides and a request the spec fully describes.
struct Case {
    provider: Provider,
    client: Value,
    server: Value,
    operation: &'static str,
    params: Value,
    /// A field the spec does not list, and a value of a type the protocol carries.
    unlisted: (&'static str, Value),
}

fn cases() -> Vec<Case> {
    vec![
        Case {
            provider: Provider::LianLian,
            client: json!({"oid_partner": "201408071000001543", "environment": "production", "sign_type": "RSA",
                           "our_private_key": PRIV_1024, "their_public_key": PUB_2048}),
            server: json!({"oid_partner": "201408071000001543", "environment": "production", "sign_type": "RSA",
                           "our_private_key": PRIV_2048, "their_public_key": PUB_1024}),
            operation: "bankcardbindverfy",
            params: json!({"user_id": "2013051500001", "token": "1A2B3C4D5E6F7A8B9C0D1E2F3A4B5C6D",
                           "verify_code": "123456"}),
            unlisted: ("risk_level", json!("A")),
        },
        Case {
            provider: Provider::Xianjincard,
            client: json!({"environment": "production", "provider_to_partner": {"ua": "SH_XJ", "sign_key": "k"},
                           "partner_endpoint": "https://partner.example/gate"}),
            server: json!({"environment": "production", "provider_to_partner": {"ua": "SH_XJ", "sign_key": "k"}}),
            operation: "BindCard.getValidBankList",
            params: json!({"card_type": "2"}),
            unlisted: ("channel_level", json!(3)),
        },
        Case {
            provider: Provider::Yixin,
            client: json!({"app_id": "app", "base_url": "https://yixin.example/gw",
                           "our_private_key": PRIV_1024, "their_public_key": PUB_2048}),
            server: json!({"app_id": "app", "base_url": "https://yixin.example/gw",
                           "our_private_key": PRIV_2048, "their_public_key": PUB_1024}),
            operation: "cardList",
            params: json!({"outerUserNo": "u-10001"}),
            unlisted: ("channelTag", json!({"a": [1, "b"]})),
        },
        Case {
            provider: Provider::Vbao,
            client: json!({"customer_no": "C1", "sign_key": "s", "their_public_key": PUB_2048}),
            server: json!({"customer_no": "C1", "sign_key": "s", "our_private_key": PRIV_2048}),
            operation: "bindCard/create",
            params: json!({"orderNo": "O1", "userType": "PHONE", "identifyId": "13800138000",
                           "bankCardType": "DEBIT", "bankCode": "ICBC", "bankCardName": "张三",
                           "certType": "ID", "certNo": "11010519491231002X", "mobile": "13800138000",
                           "bindNotifyUrl": "https://m.example/n", "pageReturnUrl": "https://m.example/r"}),
            unlisted: ("riskLevel", json!("A")),
        },
        Case {
            provider: Provider::Huanbei,
            client: json!({"base_url": "https://huanbei.example", "channel_code": "ch"}),
            server: json!({"base_url": "https://huanbei.example", "channel_code": "ch"}),
            operation: "bindCard",
            params: json!({"user_id": "u1", "bank_card": "6222022005001212726", "open_bank": "ICBC",
                           "bind_card_src": 2}),
            unlisted: ("device_id", json!("d-1")),
        },
    ]
}

fn codec(provider: Provider, config: &Value) -> Box<dyn Codec> {
    providers::codec_from_config(provider, &config.to_string()).unwrap()
}

fn obj(v: &Value) -> Map<String, Value> {
    v.as_object().unwrap().clone()
}

fn encode(codec: &dyn Codec, op: &str, params: &Map<String, Value>, allow: bool) -> Result<HttpRequest, CodecError> {
    let mut rng = SeededRng::from_seed([5; 32]);
    let options = EncodeOptions {
        allow_unlisted_fields: allow,
    };
    codec.encode_request_with_options(op, params, &options, &mut Context::new(&mut rng, Some(NOW)))
}

fn validation(err: CodecError) -> ValidationError {
    match err {
        CodecError::Validation(v) => v,
        other => panic!("expected a validation error, got {other:?}"),
    }
}

#[test]
fn an_unlisted_field_is_refused_by_default_and_sent_when_the_call_or_the_client_opts_in() {
    for case in cases() {
        let who = case.provider.name();
        let (name, value) = case.unlisted.clone();
        let mut params = obj(&case.params);
        params.insert(name.into(), value.clone());
        let client = codec(case.provider, &case.client);
        // Off by default.
        assert!(
            encode(&*client, case.operation, &obj(&case.params), false).is_ok(),
            "{who}"
        );
        let err = validation(encode(&*client, case.operation, &params, false).unwrap_err());
        assert_eq!(err, ValidationError::new(name, ValidationRule::UnknownField), "{who}");
        // Per call: sent. The other side refuses it unless it opts in too (the same policy on
        // decode), and then receives it (signature verified where signed).
        let request = encode(&*client, case.operation, &params, true).unwrap();
        let mut rng = SeededRng::from_seed([6; 32]);
        let refused = codec(case.provider, &case.server)
            .decode_request(&request, &mut Context::new(&mut rng, Some(NOW)))
            .unwrap_err();
        assert!(
            matches!(&refused, CodecError::Malformed { field, reason }
                if field.ends_with(&format!(".{name}")) && reason.contains("does not list")),
            "{who}: {refused:?}"
        );
        let mut server = case.server.clone();
        server["allow_unlisted_fields"] = json!(true);
        let received = codec(case.provider, &server)
            .decode_request(&request, &mut Context::new(&mut rng, Some(NOW)))
            .unwrap();
        assert_eq!(received.fields.get(name), Some(&value), "{who}");
        // Per client: the configuration's switch, for every call.
        let mut config = case.client.clone();
        config["allow_unlisted_fields"] = json!(true);
        let mut rng = SeededRng::from_seed([5; 32]);
        let opted_in = codec(case.provider, &config);
        assert!(
            opted_in
                .encode_request(case.operation, &params, &mut Context::new(&mut rng, Some(NOW)))
                .is_ok(),
            "{who}"
        );
    }
}

#[test]
fn reserved_names_and_unplain_names_are_refused_even_when_opted_in() {
    for case in cases() {
        let who = case.provider.name();
        let spec = ProviderSpec::from_json(providers::spec_json(case.provider)).unwrap();
        assert!(
            !spec.reserved_fields.is_empty(),
            "{who}: the spec names its reserved fields"
        );
        let client = codec(case.provider, &case.client);
        for reserved in &spec.reserved_fields {
            let mut params = obj(&case.params);
            params.insert(reserved.clone(), json!("x"));
            let err = encode(&*client, case.operation, &params, true).unwrap_err();
            // LianLian refuses a given `sign` before anything else, as it always did.
            if let CodecError::Validation(v) = &err {
                assert_eq!(v.field, *reserved, "{who}");
                assert!(
                    matches!(v.rule, ValidationRule::Reserved | ValidationRule::Format { .. }),
                    "{who} {reserved}: {err}"
                );
            } else {
                panic!("{who} {reserved}: {err:?}");
            }
        }
        for bad in ["a&b", "a=b", "名字", ""] {
            let mut params = obj(&case.params);
            params.insert(bad.into(), json!("x"));
            let err = validation(encode(&*client, case.operation, &params, true).unwrap_err());
            assert_eq!(err.field, "unlisted field", "{who} {bad:?}");
        }
    }
}

#[test]
fn lianlian_and_vbao_send_unlisted_fields_as_strings_only() {
    for case in cases()
        .into_iter()
        .filter(|c| matches!(c.provider, Provider::LianLian | Provider::Vbao))
    {
        let mut params = obj(&case.params);
        params.insert("extra_amount".into(), json!(12));
        let err = validation(encode(&*codec(case.provider, &case.client), case.operation, &params, true).unwrap_err());
        assert_eq!(
            err,
            ValidationError::new(
                "extra_amount",
                ValidationRule::Type {
                    expected: "string".into()
                }
            )
        );
    }
}

#[test]
fn a_unified_request_s_extra_fields_follow_the_same_switch() {
    use cardbind::model::{BindCardConfirm, UnifiedRequest, VerifyCode};
    let case = cases().remove(0);
    let client = codec(case.provider, &case.client);
    let mut extra = Map::new();
    extra.insert("risk_level".into(), json!("A"));
    let confirm = UnifiedRequest::BindCardConfirm(BindCardConfirm {
        user_id: "2013051500001".into(),
        confirm_token: Some("T1".into()),
        verify_code: VerifyCode::new("verify_code", "123456").unwrap(),
        order_id: None,
        extra,
    });
    let mut rng = SeededRng::from_seed([5; 32]);
    let err = client
        .encode_unified(&confirm, &mut Context::new(&mut rng, None))
        .unwrap_err();
    assert_eq!(
        validation(err),
        ValidationError::new("risk_level", ValidationRule::UnknownField)
    );
    let options = EncodeOptions {
        allow_unlisted_fields: true,
    };
    assert!(client
        .encode_unified_with_options(&confirm, &options, &mut Context::new(&mut rng, None))
        .is_ok());
}
