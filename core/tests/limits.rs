//! Every provider holds received messages to the documented limits (`cardbind::model::limits`
//! and each provider's body size): an oversized body, too deep nesting, too many fields and an
//! over-long string are each a typed `CodecError::LimitExceeded` naming the limit, on the
//! response path and on the request path, before any signature or decryption work where the
//! provider's format allows.

use cardbind::canonical::CanonicalRule;
use cardbind::model::limits::{MAX_DEPTH, MAX_FIELDS, MAX_FIELD_BYTES};
use cardbind::model::{HttpRequest, HttpResponse};
use cardbind::providers::{self, codec_from_config};
use cardbind::rng::SeededRng;
use cardbind::signature::md5_hex_sign;
use cardbind::{Codec, CodecError, Context, HexCase, Provider};
use serde_json::{json, Map, Value};

const PRIV_1024: &str = include_str!("../../spec/vectors/keys/test-rsa-1024-private-pkcs8.pem");
const PUB_1024: &str = include_str!("../../spec/vectors/keys/test-rsa-1024-public-spki.pem");
const PRIV_2048: &str = include_str!("../../spec/vectors/keys/test-rsa-2048-private-pkcs8.pem");
const PUB_2048: &str = include_str!("../../spec/vectors/keys/test-rsa-2048-public-spki.pem");
const NOW: i64 = 1_710_469_800_000;
const UA: &str = "SH_XJ360_POA";
const SIGNKEY: &str = "test-signkey-0123456789";

/// (client, server) configurations with matching keys.
fn configs(provider: Provider) -> (Value, Value) {
    match provider {
        Provider::LianLian => {
            let c = |ours: &str, theirs: &str| {
                json!({"oid_partner": "201408071000001543", "environment": "production", "sign_type": "RSA", "our_private_key": ours,
                       "their_public_key": theirs, "sign_key": "k"})
            };
            (c(PRIV_1024, PUB_2048), c(PRIV_2048, PUB_1024))
        }
        Provider::Xianjincard => {
            let pair = json!({"ua": UA, "sign_key": SIGNKEY});
            let c = json!({"environment": "production", "provider_to_partner": pair, "partner_to_provider": pair,
                           "partner_endpoint": "https://partner.example/gate"});
            (c.clone(), c)
        }
        Provider::Yixin => {
            let c = |ours: &str, theirs: &str| {
                json!({"app_id": "app", "base_url": "https://openapi.example.invalid/gateway",
                       "our_private_key": ours, "their_public_key": theirs})
            };
            (c(PRIV_1024, PUB_2048), c(PRIV_2048, PUB_1024))
        }
        Provider::Vbao => {
            let c = |key: Value| {
                let mut c =
                    json!({"customer_no": "202112090603", "sign_key": "s", "base_url": "https://vbao.example.com/"});
                c.as_object_mut().unwrap().extend(key.as_object().unwrap().clone());
                c
            };
            (
                c(json!({"their_public_key": PUB_2048})),
                c(json!({"our_private_key": PRIV_2048})),
            )
        }
        Provider::Huanbei => {
            let c = json!({"base_url": "http://openapi.dev.lattebank.com/", "channel_code": "testchannel",
                           "path": providers::huanbei::DEFAULT_PATH});
            (c.clone(), c)
        }
    }
}

fn codec(config: &Value, provider: Provider) -> Box<dyn Codec> {
    codec_from_config(provider, &config.to_string()).unwrap_or_else(|e| panic!("{provider:?}: {e}"))
}

fn body_limit(provider: Provider) -> usize {
    match provider {
        Provider::LianLian => providers::lianlian::MAX_BODY_BYTES,
        Provider::Xianjincard => providers::xianjincard::DEFAULT_MAX_BODY_BYTES,
        Provider::Yixin => providers::yixin::MAX_BODY_BYTES,
        Provider::Vbao => providers::vbao::MAX_BODY_BYTES,
        Provider::Huanbei => providers::huanbei::MAX_BODY_BYTES,
    }
}

/// A JSON object nested `depth` levels deep (the outer object is level 1).
fn nested(depth: usize) -> String {
    format!("{}1{}", "{\"a\":".repeat(depth), "}".repeat(depth))
}

fn many_fields(n: usize) -> String {
    let members: Vec<String> = (0..n).map(|i| format!("\"f{i}\":0")).collect();
    format!("{{{}}}", members.join(","))
}

fn long_string(len: usize) -> String {
    format!("{{\"a\":\"{}\"}}", "x".repeat(len))
}

fn limit(what: &'static str, limit: usize) -> CodecError {
    CodecError::LimitExceeded { what, limit }
}

/// The three per-document cases: (body, expected error).
fn document_cases() -> Vec<(String, CodecError)> {
    vec![
        (nested(MAX_DEPTH + 1), limit("JSON nesting depth", MAX_DEPTH)),
        (
            many_fields(MAX_FIELDS + 1),
            limit("JSON fields in one message", MAX_FIELDS),
        ),
        (
            long_string(MAX_FIELD_BYTES + 1),
            limit("JSON string bytes", MAX_FIELD_BYTES),
        ),
    ]
}

fn first_operation(codec: &dyn Codec) -> &'static str {
    codec.operations()[0]
}

fn decode_response(codec: &dyn Codec, body: Vec<u8>) -> Result<cardbind::DecodedResponse, CodecError> {
    let mut rng = SeededRng::from_seed([1; 32]);
    let response = HttpResponse::new(200, "application/json", body);
    codec.decode_response(
        first_operation(codec),
        &response,
        &mut Context::new(&mut rng, Some(NOW)),
    )
}

#[test]
fn every_provider_refuses_an_oversized_response_body() {
    for provider in Provider::ALL {
        let client = codec(&configs(provider).0, provider);
        let max = body_limit(provider);
        let err = decode_response(client.as_ref(), vec![b' '; max + 1]).unwrap_err();
        match err {
            CodecError::LimitExceeded { what, limit } => {
                assert_eq!(limit, max, "{provider:?}");
                assert!(what.contains("body"), "{provider:?}: {what}");
            }
            other => panic!("{provider:?}: expected LimitExceeded, got {other:?}"),
        }
        // Exactly at the limit the size is fine (all blank, it is then an empty reply).
        let decoded = decode_response(client.as_ref(), vec![b' '; max]).unwrap();
        assert_eq!(
            decoded.outcome.error_kind(),
            Some(cardbind::ErrorKind::ProviderUnavailable),
            "{provider:?}"
        );
    }
}

#[test]
fn every_provider_refuses_too_deep_too_wide_or_too_long_responses() {
    for provider in Provider::ALL {
        let client = codec(&configs(provider).0, provider);
        for (body, expected) in document_cases() {
            let err = decode_response(client.as_ref(), body.into_bytes()).unwrap_err();
            assert_eq!(err, expected, "{provider:?}");
        }
        // One under each limit is not refused for size.
        for body in [nested(MAX_DEPTH), many_fields(MAX_FIELDS), long_string(MAX_FIELD_BYTES)] {
            if let Err(e) = decode_response(client.as_ref(), body.into_bytes()) {
                assert!(!matches!(e, CodecError::LimitExceeded { .. }), "{provider:?}: {e:?}");
            }
        }
    }
}

/// Request params each client can encode, to get a well-formed request to alter.
fn request_params(provider: Provider) -> (&'static str, Map<String, Value>) {
    let (op, v) = match provider {
        Provider::LianLian => (
            "bankcardbindverfy",
            json!({"user_id": "2013051500001", "token": "1A2B3C4D5E6F7A8B9C0D1E2F3A4B5C6D", "verify_code": "123456"}),
        ),
        Provider::Xianjincard => ("BindCard.getValidBankList", json!({})),
        Provider::Yixin => ("cardList", json!({"outerUserNo": "u-10001"})),
        Provider::Vbao => (
            "bindCard/create",
            json!({"orderNo": "2022090700001", "userType": "EMAIL", "identifyId": "zhangsan@example.com",
                   "bankCardType": "CREDIT", "bankCode": "ICBC", "bankCardName": "张三", "certType": "ID",
                   "certNo": "11010519491231002X", "mobile": "18812345678", "expiredTime": "2023-01-01 12:05:01",
                   "bindNotifyUrl": "https://merchant.example.com/vbao/notify",
                   "pageReturnUrl": "https://merchant.example.com/vbao/return"}),
        ),
        Provider::Huanbei => (
            "bindCard",
            json!({"user_id": "246964109149933", "bank_card": "6222022005001212726", "open_bank": "ICBC",
                   "bind_card_src": 2}),
        ),
    };
    (op, v.as_object().unwrap().clone())
}

/// The received request with `json` as its JSON document: the body itself, or for xianjincard
/// the signed `args` of the form body (its signature is checked before `args` is parsed).
fn request_with(template: &HttpRequest, provider: Provider, json: &str) -> HttpRequest {
    let mut request = template.clone();
    request.body = if provider == Provider::Xianjincard {
        let call = "BindCard.getValidBankList";
        let rule = CanonicalRule::xianjincard();
        let canonical = rule
            .build([
                ("ua", Some(UA)),
                ("signkey", Some(SIGNKEY)),
                ("call", Some(call)),
                ("args", Some(json)),
            ])
            .unwrap();
        let sign = md5_hex_sign(&canonical, &[], HexCase::Lower);
        let timestamp = (NOW / 1000).to_string();
        let pairs = [
            ("ua", UA),
            ("call", call),
            ("args", json),
            ("sign", sign.as_str()),
            ("timestamp", timestamp.as_str()),
        ];
        cardbind::form::encode(pairs).into_bytes()
    } else {
        json.as_bytes().to_vec()
    };
    request
}

#[test]
fn every_provider_refuses_oversized_too_deep_too_wide_or_too_long_requests() {
    for provider in Provider::ALL {
        let (client_config, server_config) = configs(provider);
        let (client, server) = (codec(&client_config, provider), codec(&server_config, provider));
        let (op, params) = request_params(provider);
        let mut rng = SeededRng::from_seed([2; 32]);
        let mut ctx = Context::new(&mut rng, Some(NOW));
        let template = client
            .encode_request(op, &params, &mut ctx)
            .unwrap_or_else(|e| panic!("{provider:?}: {e}"));
        server
            .decode_request(&template, &mut ctx)
            .unwrap_or_else(|e| panic!("{provider:?}: {e}"));

        let mut huge = template.clone();
        huge.body = vec![b' '; body_limit(provider) + 1];
        match server.decode_request(&huge, &mut ctx).unwrap_err() {
            CodecError::LimitExceeded { what, limit } => {
                assert_eq!(limit, body_limit(provider), "{provider:?}");
                assert!(what.contains("body"), "{provider:?}: {what}");
            }
            other => panic!("{provider:?}: expected LimitExceeded, got {other:?}"),
        }
        for (json, expected) in document_cases() {
            let err = server
                .decode_request(&request_with(&template, provider, &json), &mut ctx)
                .unwrap_err();
            assert_eq!(err, expected, "{provider:?}");
        }
    }
}

/// One rule for every provider (and so every binding): a reply that never reached the protocol
/// is the same retryable `provider_unavailable` outcome, with the HTTP status, never a field
/// error and never an exception.
#[test]
fn every_provider_reports_transport_failures_the_same_way() {
    let cases: [(u16, &str, &[u8], &str); 5] = [
        (
            502,
            "text/html",
            b"<html>Bad Gateway</html>",
            "HTTP 502 with a text/html body of 24 bytes: the provider or a proxy failed",
        ),
        (
            503,
            "text/plain",
            b"",
            "HTTP 503 with an empty body: the provider or a proxy failed",
        ),
        (
            404,
            "application/json",
            br#"{"error":"not found"}"#,
            "HTTP 404 with a application/json body of 21 bytes: the provider or a proxy failed",
        ),
        (200, "application/json", b"  \r\n", "HTTP 200 with an empty body"),
        (
            200,
            "text/html",
            b"<html>maintenance</html>",
            "HTTP 200 with a body that is not JSON",
        ),
    ];
    for provider in Provider::ALL {
        let client = codec(&configs(provider).0, provider);
        for (status, content_type, body, message) in cases {
            let mut rng = SeededRng::from_seed([1; 32]);
            let response = HttpResponse::new(status, content_type, body.to_vec());
            let decoded = client
                .decode_response(
                    first_operation(client.as_ref()),
                    &response,
                    &mut Context::new(&mut rng, Some(NOW)),
                )
                .unwrap_or_else(|e| panic!("{provider:?} {status}: {e}"));
            assert_eq!(
                serde_json::to_value(&decoded.outcome).unwrap(),
                json!({"status": "failed", "kind": "provider_unavailable", "retryable": true,
                       "provider_code": format!("HTTP {status}"), "provider_message": message,
                       "authenticated": false, "http_status": status}),
                "{provider:?}"
            );
            assert!(decoded.fields.is_empty());
        }
    }
}
