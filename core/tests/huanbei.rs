//! Huanbei codec: both roles, the document's examples, r_s signatures and fingerprints against
//! the Python vectors in `spec/vectors/providers/huanbei.json`, every documented code, and every
//! malformed-input class.

mod replay_vectors;

use cardbind::model::{
    Bank, BindCardApply, BindCardConfirm, CardNumber, CardType, HttpRequest, HttpResponse, IdNumber, PersonName, Phone,
    UnifiedRequest, ValidationRule, VerifyCode,
};
use cardbind::providers::huanbei::{self, HuanbeiCode, HuanbeiCodec, HuanbeiConfig, HuanbeiSigning};
use cardbind::rng::SeededRng;
use cardbind::{Codec, CodecError, Context, DigestAlgorithm, ErrorKind, OutcomeStatus, SignatureError};
use serde_json::{json, Map, Value};

const PRIV_1024: &str = include_str!("../../spec/vectors/keys/test-rsa-1024-private-pkcs8.pem");
const PUB_1024: &str = include_str!("../../spec/vectors/keys/test-rsa-1024-public-spki.pem");
const PRIV_2048: &str = include_str!("../../spec/vectors/keys/test-rsa-2048-private-pkcs8.pem");
const PUB_2048: &str = include_str!("../../spec/vectors/keys/test-rsa-2048-public-spki.pem");
const PUB_1024B: &str = include_str!("../../spec/vectors/keys/test-rsa-1024b-public-spki.pem");
const VECTORS: &str = include_str!("../../spec/vectors/providers/huanbei.json");
const NOW: i64 = 1_710_469_800_000;

fn rng() -> SeededRng {
    SeededRng::from_seed([7; 32])
}

fn obj(v: Value) -> Map<String, Value> {
    match v {
        Value::Object(m) => m,
        _ => panic!("not an object"),
    }
}

fn config(signing: Option<HuanbeiSigning>) -> HuanbeiConfig {
    HuanbeiConfig {
        environment: None,
        allow_unlisted_fields: false,
        base_url: "http://openapi.dev.lattebank.com/".into(),
        channel_code: "testchannel".into(),
        path: huanbei::DEFAULT_PATH.into(),
        signing,
        timestamp_window_secs: huanbei::DEFAULT_TIMESTAMP_WINDOW_SECS,
        insecure_skip_timestamp_check: false,
    }
}

fn signing(our: Option<&str>, their: Option<&str>, digest: DigestAlgorithm, require: bool) -> HuanbeiSigning {
    HuanbeiSigning {
        key_version: "1".into(),
        our_private_key: our.map(str::to_owned),
        their_public_key: their.map(str::to_owned),
        digest,
        insecure_accept_unsigned: !require,
    }
}

fn unsigned() -> HuanbeiCodec {
    HuanbeiCodec::new(config(None)).unwrap()
}

fn client_signed(key: &str, digest: DigestAlgorithm) -> HuanbeiCodec {
    HuanbeiCodec::new(config(Some(signing(Some(key), None, digest, false)))).unwrap()
}

fn server_signed(key: &str, require: bool) -> HuanbeiCodec {
    HuanbeiCodec::new(config(Some(signing(None, Some(key), DigestAlgorithm::Sha1, require)))).unwrap()
}

fn new_card() -> Map<String, Value> {
    obj(json!({
        "user_id": "246964109149933",
        "bank_card": "6222022005001212726",
        "open_bank": "ICBC",
        "user_name": "张三",
        "id_number": "11010519491231002X",
        "user_mobile": "13420504517",
        "bank_address": "北京市 市辖区",
        "bank_card_type": 0,
        "bind_card_src": 1,
        "verify_code": "123456"
    }))
}

fn old_card() -> Map<String, Value> {
    obj(json!({
        "user_id": "246964109149933",
        "bank_card": "6222022005001212726",
        "open_bank": "ICBC",
        "bind_card_src": 2
    }))
}

fn encode(codec: &HuanbeiCodec, params: &Map<String, Value>) -> Result<HttpRequest, CodecError> {
    let mut r = rng();
    codec.encode_request("bindCard", params, &mut Context::new(&mut r, Some(NOW)))
}

fn decode_req(codec: &HuanbeiCodec, req: &HttpRequest) -> Result<cardbind::DecodedRequest, CodecError> {
    let mut r = rng();
    codec.decode_request(req, &mut Context::new(&mut r, Some(NOW)))
}

fn decode_resp(body: &str) -> Result<cardbind::DecodedResponse, CodecError> {
    let mut r = rng();
    unsigned().decode_response(
        "bindCard",
        &HttpResponse::new(200, "application/json", body.as_bytes().to_vec()),
        &mut Context::new(&mut r, None),
    )
}

fn validation_rule(err: CodecError, field: &str) -> ValidationRule {
    match err {
        CodecError::Validation(v) => {
            assert_eq!(v.field, field, "error names the field");
            v.rule
        }
        other => panic!("expected a validation error on {field}, got {other:?}"),
    }
}

// ---------------------------------------------------------------------------------------------
// spec and codes

#[test]
fn spec_operations_equal_codec_operations() {
    let spec = huanbei::spec().unwrap();
    assert_eq!(spec.provider, "huanbei");
    let names: Vec<&str> = spec.operations.iter().map(|o| o.name.as_str()).collect();
    assert_eq!(names, unsigned().operations());
    let op = spec.operation("bindCard").unwrap();
    assert_eq!(op.path, huanbei::DEFAULT_PATH);
    assert_eq!(op.timeout_ms, Some(2000));
    assert!(op.idempotent);
    let fields: Vec<&str> = op.request.iter().map(|f| f.name.as_str()).collect();
    // The document's bindCard fields, which validation reads from the spec.
    assert_eq!(fields[..3], ["user_id", "bank_card", "open_bank"]);
    assert_eq!(fields.len(), 12);
}

#[test]
fn spec_codes_equal_code_enum_both_ways_without_duplicates() {
    let spec = huanbei::spec().unwrap();
    let mut seen = std::collections::HashSet::new();
    for c in &spec.codes {
        assert!(
            seen.insert((c.scope.clone(), c.code.clone())),
            "duplicate code {}",
            c.code
        );
        let code = HuanbeiCode::from_wire(&c.code).unwrap_or_else(|| panic!("{} not in enum", c.code));
        match code.kind() {
            None => assert_eq!((c.outcome.as_str(), c.kind), ("succeeded", None)),
            Some(kind) => assert_eq!((c.outcome.as_str(), c.kind), ("failed", Some(kind)), "{}", c.code),
        }
    }
    for code in HuanbeiCode::ALL {
        assert!(
            spec.codes.iter().any(|c| c.code == code.as_str()),
            "{code:?} missing from spec"
        );
    }
    assert_eq!(spec.codes.len(), HuanbeiCode::ALL.len());
}

#[test]
fn every_code_in_the_documents_is_in_the_spec() {
    // huanbei-bind-card.md §4.2.1, plus PROTOCOLS.md §5's generic codes of the same API book.
    let documented = ["200", "501", "502", "505", "801", "1001", "1002", "1003", "1004", "400"];
    let spec = huanbei::spec().unwrap();
    for code in documented {
        assert!(spec.codes.iter().any(|c| c.code == code), "{code}");
    }
}

#[test]
fn every_documented_code_decodes_to_its_unified_outcome() {
    let expected: [(&str, Option<ErrorKind>, bool); 10] = [
        ("200", None, false),
        ("501", Some(ErrorKind::CardNotEnabled), false),
        ("502", Some(ErrorKind::CardAlreadyBound), false),
        ("505", Some(ErrorKind::Rejected), false),
        ("801", Some(ErrorKind::VerifyCodeWrong), false),
        ("1001", Some(ErrorKind::InvalidParameter), false),
        ("1002", Some(ErrorKind::InvalidParameter), false),
        ("1003", Some(ErrorKind::SignatureInvalid), false),
        ("1004", Some(ErrorKind::ProviderUnavailable), true),
        ("400", Some(ErrorKind::ProviderUnavailable), true),
    ];
    for (code, kind, retryable) in expected {
        let d = decode_resp(&format!(r#"{{"code": {code}, "message": "m"}}"#)).unwrap();
        assert_eq!(d.outcome.provider_code, code);
        assert_eq!(d.outcome.provider_message.as_deref(), Some("m"));
        match kind {
            None => assert_eq!(d.outcome.status, OutcomeStatus::Succeeded),
            Some(kind) => assert_eq!(d.outcome.status, OutcomeStatus::Failed { kind, retryable }, "{code}"),
        }
    }
}

#[test]
fn unknown_codes_keep_the_raw_code_and_string_codes_are_tolerated() {
    let d = decode_resp(r#"{"code": 777, "message": "新错误"}"#).unwrap();
    assert_eq!(d.outcome.error_kind(), Some(ErrorKind::Unknown));
    assert_eq!(d.outcome.provider_code, "777");
    let d = decode_resp(r#"{"code": "502", "message": "该卡以被绑定"}"#).unwrap();
    assert_eq!(d.outcome.error_kind(), Some(ErrorKind::CardAlreadyBound));
    let d = decode_resp(r#"{"code": 200}"#).unwrap();
    assert!(d.outcome.is_success());
    assert_eq!(d.outcome.provider_message, None);
}

// ---------------------------------------------------------------------------------------------
// the document's examples

#[test]
fn document_examples_decode_once_their_typos_are_fixed() {
    // The document's new-card example has a full-width comma after `"bind_card_src": 1` and its
    // old-card example a trailing comma: neither is JSON. Strict decoding refuses both...
    let typo_new = "{\n \"user_id\": \"246964109149933\",\n \"bind_card_src\": 1，\n \"verify_code\":\"123456\"\n}";
    let typo_old = r#"{"user_id": "246964109149933", "bank_card": "6222022005001212723", "open_bank": "ICBC", "bind_card_src": 2,}"#;
    for typo in [typo_new, typo_old] {
        let mut req = encode(&unsigned(), &old_card()).unwrap();
        req.body = typo.as_bytes().to_vec();
        assert!(
            matches!(decode_req(&unsigned(), &req), Err(CodecError::Malformed { ref field, .. }) if field == "body")
        );
    }
    // ...and the corrected examples decode. Their card number 6222022005001212723 fails Luhn
    // (a documentation mistake): the server role does not re-validate what it receives.
    let fixed_new = r#"{
        "user_id": "246964109149933", "bank_card": "6222022005001212723", "open_bank": "ICBC",
        "user_name": "张三", "id_number": "110108198802019650", "user_mobile": "13420504517",
        "bank_address": "北京市 市辖区", "bank_card_type": 0, "bind_card_src": 1, "verify_code":"123456"}"#;
    let fixed_old = r#"{"user_id": "246964109149933", "bank_card": "6222022005001212723", "open_bank": "ICBC", "bind_card_src": 2}"#;
    for fixed in [fixed_new, fixed_old] {
        let mut req = encode(&unsigned(), &old_card()).unwrap();
        req.body = fixed.as_bytes().to_vec();
        let d = decode_req(&unsigned(), &req).unwrap();
        assert_eq!(d.fields["bank_card"], "6222022005001212723");
        assert_eq!(d.fields["user_id"], "246964109149933");
    }
    // Encoding the same card is refused: the client role validates.
    let mut params = old_card();
    params.insert("bank_card".into(), json!("6222022005001212723"));
    assert_eq!(
        validation_rule(encode(&unsigned(), &params).unwrap_err(), "bank_card"),
        ValidationRule::Luhn
    );
    // The response example.
    let d = decode_resp("{\n    \"code\": 200,\n    \"message\": \"success\"\n}").unwrap();
    assert_eq!(d.outcome.status, OutcomeStatus::Succeeded);
    assert_eq!(d.outcome.provider_message.as_deref(), Some("success"));
}

// ---------------------------------------------------------------------------------------------
// round trips

#[test]
fn unsigned_round_trip_in_both_roles() {
    let client = unsigned();
    let mut params = new_card();
    params.insert("r_i".into(), json!("req-1.O"));
    let req = encode(&client, &params).unwrap();
    assert_eq!(req.url, "http://openapi.dev.lattebank.com/xxxchannel/bindCard");
    assert_eq!(
        req.query,
        vec![
            ("r_c".to_owned(), "TESTCHANNEL".to_owned()),
            ("r_i".to_owned(), "req-1.O".to_owned())
        ]
    );
    assert_eq!(
        req.full_url(),
        "http://openapi.dev.lattebank.com/xxxchannel/bindCard?r_c=TESTCHANNEL&r_i=req-1.O"
    );
    assert_eq!(req.header("content-type"), Some("application/json;charset=utf-8"));
    assert_eq!(req.hints.timeout_ms, Some(2000));
    assert!(req.hints.idempotent);
    assert_eq!(
        String::from_utf8(req.body.clone()).unwrap(),
        serde_json::to_string(&new_card()).unwrap(),
        "r_i stays out of the body; field order is the caller's"
    );

    let server = unsigned();
    let d = decode_req(&server, &req).unwrap();
    assert_eq!(d.operation, "bindCard");
    assert_eq!(d.fields, new_card());
    assert_eq!(d.signature, cardbind::model::SignatureCheck::NotSigned);

    for code in HuanbeiCode::ALL {
        let mut r = rng();
        let fields = obj(json!({"code": code.as_str().parse::<u32>().unwrap(), "message": "msg"}));
        let resp = server
            .encode_response("bindCard", &fields, &mut Context::new(&mut r, None))
            .unwrap();
        assert_eq!(resp.status, 200);
        let body = String::from_utf8(resp.body.clone()).unwrap();
        assert_eq!(body, format!(r#"{{"code":{},"message":"msg"}}"#, code.as_str()));
        let d = decode_resp(&body).unwrap();
        assert_eq!(d.outcome.provider_code, code.as_str());
        assert_eq!(d.outcome.error_kind(), code.kind());
    }
}

#[test]
fn signed_round_trip_in_both_roles_and_tampering_is_rejected() {
    for (private, public) in [(PRIV_1024, PUB_1024), (PRIV_2048, PUB_2048)] {
        let client = client_signed(private, DigestAlgorithm::Sha1);
        let mut params = old_card();
        params.insert("r_i".into(), json!("3f2504e0-4f89-11d3-9a0c-0305e82c3301.O"));
        let req = encode(&client, &params).unwrap();
        let keys: Vec<&str> = req.query.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(keys, ["r_c", "r_i", "r_t", "pv", "r_s"]);
        assert_eq!(
            req.query_param("r_t"),
            Some("1710469800000"),
            "r_t from the context's time"
        );
        let server = server_signed(public, true);
        let d = decode_req(&server, &req).unwrap();
        assert_eq!(d.signature, cardbind::model::SignatureCheck::Verified);
        assert_eq!(d.fields, old_card());

        let mut tampered = req.clone();
        tampered.body =
            br#"{"user_id":"246964109149933","bank_card":"6222022005001212726","open_bank":"ICBC","bind_card_src":1}"#
                .to_vec();
        let err = decode_req(&server, &tampered).unwrap_err();
        assert_eq!(err, CodecError::signature("r_s", SignatureError::Mismatch));
        assert_eq!(err.kind(), ErrorKind::SignatureInvalid);

        let mut tampered = req.clone();
        tampered.query[2].1 = "1710469800001".into();
        assert_eq!(
            decode_req(&server, &tampered).unwrap_err(),
            CodecError::signature("r_s", SignatureError::Mismatch)
        );
    }
    let req = {
        let mut params = old_card();
        params.insert("r_i".into(), json!("x.O"));
        encode(&client_signed(PRIV_1024, DigestAlgorithm::Sha1), &params).unwrap()
    };
    assert_eq!(
        decode_req(&server_signed(PUB_1024B, false), &req).unwrap_err().kind(),
        ErrorKind::SignatureInvalid,
        "wrong key"
    );
    let mut bad = req.clone();
    bad.query[4].1 = "not*base64".into();
    assert!(matches!(
        decode_req(&server_signed(PUB_1024, false), &bad),
        Err(CodecError::Signature {
            source: SignatureError::Base64(_),
            ..
        })
    ));
    let mut missing = req.clone();
    missing.query.truncate(4);
    assert_eq!(
        decode_req(&server_signed(PUB_1024, true), &missing).unwrap_err(),
        CodecError::signature("r_s", SignatureError::Missing)
    );
    let lenient = decode_req(&server_signed(PUB_1024, false), &missing).unwrap();
    assert_eq!(lenient.signature, cardbind::model::SignatureCheck::NotSigned);
    // Safe by default: configured from JSON with the verifying key and nothing else, a server
    // refuses the unsigned request; only the named opt-out accepts it.
    let from_json = |extra: &str| {
        let json = format!(
            r#"{{"base_url":"http://openapi.dev.lattebank.com/","channel_code":"testchannel",
                "signing":{{"key_version":"1","their_public_key":{}{extra}}}}}"#,
            serde_json::to_string(PUB_1024).unwrap()
        );
        HuanbeiCodec::from_config_json(&json).unwrap()
    };
    assert_eq!(
        decode_req(&from_json(""), &missing).unwrap_err(),
        CodecError::signature("r_s", SignatureError::Missing)
    );
    let opted_out = decode_req(&from_json(r#","insecure_accept_unsigned":true"#), &missing).unwrap();
    assert_eq!(opted_out.signature, cardbind::model::SignatureCheck::NotSigned);
    // A signed request reaching a server without signing configured is a configuration problem.
    assert!(matches!(decode_req(&unsigned(), &req), Err(CodecError::Config { .. })));
}

#[test]
fn signed_requests_need_a_request_id_and_a_time() {
    let client = client_signed(PRIV_1024, DigestAlgorithm::Sha1);
    assert_eq!(
        validation_rule(encode(&client, &old_card()).unwrap_err(), "r_i"),
        ValidationRule::RequiredWhen {
            condition: "requests are signed".into()
        }
    );
    let mut params = old_card();
    params.insert("r_i".into(), json!("x.O"));
    let mut r = rng();
    let err = client
        .encode_request("bindCard", &params, &mut Context::new(&mut r, None))
        .unwrap_err();
    assert!(matches!(err, CodecError::MissingContext { .. }));
    params.insert("r_t".into(), json!("1700000000000"));
    let mut r = rng();
    let req = client
        .encode_request("bindCard", &params, &mut Context::new(&mut r, None))
        .unwrap();
    assert_eq!(req.query_param("r_t"), Some("1700000000000"), "caller's r_t wins");
    params.insert("r_t".into(), json!("17e11"));
    assert_eq!(
        validation_rule(encode(&client, &params).unwrap_err(), "r_t"),
        ValidationRule::Digits
    );
    // A server-only signing profile cannot sign.
    assert!(matches!(
        encode(&server_signed(PUB_1024, false), &params),
        Err(CodecError::Config { .. })
    ));
}

// ---------------------------------------------------------------------------------------------
// independent vectors

#[test]
fn r_s_signatures_match_python_vectors_byte_for_byte() {
    let vectors: Value = serde_json::from_str(VECTORS).unwrap();
    for v in vectors["signatures"].as_array().unwrap() {
        let key = match v["key"].as_str().unwrap() {
            "test-rsa-1024" => PRIV_1024,
            "test-rsa-2048" => PRIV_2048,
            other => panic!("{other}"),
        };
        let digest = match v["digest"].as_str().unwrap() {
            "sha1" => DigestAlgorithm::Sha1,
            "sha256" => DigestAlgorithm::Sha256,
            other => panic!("{other}"),
        };
        let query: Vec<(String, String)> = v["query"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| (p[0].as_str().unwrap().to_owned(), p[1].as_str().unwrap().to_owned()))
            .collect();
        let body = v["body_utf8"].as_str().unwrap();
        let sts = huanbei::string_to_sign(v["uri"].as_str().unwrap(), &query, body.as_bytes()).unwrap();
        assert_eq!(
            String::from_utf8(sts).unwrap(),
            v["string_to_sign_utf8"].as_str().unwrap()
        );

        let mut params = obj(v["params"].clone());
        params.insert("r_i".into(), json!(query[1].1));
        params.insert("r_t".into(), json!(query[2].1));
        let req = encode(&client_signed(key, digest), &params).unwrap();
        assert_eq!(String::from_utf8(req.body.clone()).unwrap(), body, "{}", v["id"]);
        assert_eq!(req.query_param("r_s"), v["r_s"].as_str(), "{}", v["id"]);

        // The channel's side verifies it and reports the replay key Python's hashlib computed
        // from the same string to sign.
        let public = if key == PRIV_1024 { PUB_1024 } else { PUB_2048 };
        let server = HuanbeiCodec::new(config(Some(signing(None, Some(public), digest, true)))).unwrap();
        let id = v["id"].as_str().unwrap();
        let received = decode_req(&server, &req).unwrap();
        let replay = replay_vectors::expected("huanbei", "signatures", id);
        assert!(replay.is_some(), "{id}: the generator lists every signed request");
        assert_eq!(received.replay_key, replay, "{id}: replay key");
    }
    assert_eq!(
        vectors["signatures"].as_array().unwrap().len(),
        replay_vectors::count("huanbei")
    );
}

#[test]
fn digest_override_changes_the_signature_and_both_sides_must_agree() {
    let mut params = new_card();
    params.insert("r_i".into(), json!("x.O"));
    let req = encode(&client_signed(PRIV_1024, DigestAlgorithm::Sha256), &params).unwrap();
    let sha1_server = server_signed(PUB_1024, true);
    assert_eq!(
        decode_req(&sha1_server, &req).unwrap_err().kind(),
        ErrorKind::SignatureInvalid
    );
    let sha256_server = HuanbeiCodec::new(config(Some(signing(
        None,
        Some(PUB_1024),
        DigestAlgorithm::Sha256,
        true,
    ))))
    .unwrap();
    assert!(decode_req(&sha256_server, &req).is_ok());
    let json = r#"{"base_url":"http://h","channel_code":"c","signing":{"key_version":"2","their_public_key":"x"}}"#;
    assert!(
        matches!(HuanbeiCodec::from_config_json(json), Err(CodecError::Key { ref field, .. }) if field == "signing.their_public_key")
    );
}

#[test]
fn fingerprints_match_python_and_ignore_key_order_and_request_ids() {
    let vectors: Value = serde_json::from_str(VECTORS).unwrap();
    for v in vectors["fingerprints"].as_array().unwrap() {
        let params = obj(v["params"].clone());
        let fp = huanbei::request_fingerprint(&params);
        assert_eq!(fp, v["sha256_hex"].as_str().unwrap(), "{}", v["id"]);
        let reordered: Map<String, Value> = serde_json::from_str(v["params_reordered_json"].as_str().unwrap()).unwrap();
        assert_ne!(
            reordered.keys().collect::<Vec<_>>(),
            params.keys().collect::<Vec<_>>(),
            "really reordered"
        );
        assert_eq!(huanbei::request_fingerprint(&reordered), fp);
        let mut business = params.clone();
        business.remove("r_i");
        business.remove("r_t");
        assert_eq!(
            huanbei::canonical_json(&Value::Object(business)),
            v["canonical_utf8"].as_str().unwrap()
        );
    }
    // A decoded request fingerprints the same as the params that made it; any change differs.
    let mut with_id = new_card();
    with_id.insert("r_i".into(), json!("first.O"));
    let req = encode(&unsigned(), &with_id).unwrap();
    let d = decode_req(&unsigned(), &req).unwrap();
    assert_eq!(
        huanbei::request_fingerprint(&d.fields),
        huanbei::request_fingerprint(&with_id)
    );
    let mut changed = new_card();
    changed.insert("verify_code".into(), json!("654321"));
    assert_ne!(
        huanbei::request_fingerprint(&changed),
        huanbei::request_fingerprint(&new_card())
    );
    let mut typed = new_card();
    typed.insert("bank_card_type".into(), json!("0"));
    assert_ne!(
        huanbei::request_fingerprint(&typed),
        huanbei::request_fingerprint(&new_card()),
        "0 and \"0\" are different requests"
    );
}

// ---------------------------------------------------------------------------------------------
// validation

#[test]
fn spec_required_and_conditional_fields_are_enforced() {
    let spec = huanbei::spec().unwrap();
    for f in &spec.operation("bindCard").unwrap().request {
        let mut params = new_card();
        params.remove(&f.name);
        let result = encode(&unsigned(), &params);
        match &f.required {
            Value::Bool(true) => assert_eq!(validation_rule(result.unwrap_err(), &f.name), ValidationRule::Required),
            Value::String(c) if c == "conditional" => {
                assert_eq!(
                    validation_rule(result.unwrap_err(), &f.name),
                    ValidationRule::RequiredWhen {
                        condition: f.condition.clone().unwrap()
                    }
                );
                // The existing card may omit it.
                let mut old = params.clone();
                old.insert("bind_card_src".into(), json!(2));
                assert!(encode(&unsigned(), &old).is_ok(), "{}", f.name);
            }
            Value::Bool(false) => assert!(result.is_ok(), "{} is optional", f.name),
            other => panic!("{other}"),
        }
        // Enum values in the spec are exactly what validation accepts.
        if !f.values.is_empty() {
            let allowed: Vec<String> = f.values.iter().map(|v| v.value.clone()).collect();
            let mut params = new_card();
            params.insert(f.name.clone(), json!(9));
            assert_eq!(
                validation_rule(encode(&unsigned(), &params).unwrap_err(), &f.name),
                ValidationRule::OneOf { allowed }
            );
        }
    }
}

#[test]
fn field_rules_name_the_field_and_the_rule() {
    let cases: Vec<(&str, Value, ValidationRule)> = vec![
        ("bank_card", json!("6222022005001212723"), ValidationRule::Luhn),
        (
            "bank_card",
            json!(6_222_022_005_001_212_726_u64),
            ValidationRule::Type {
                expected: "string".into(),
            },
        ),
        ("open_bank", json!("BANK_OF_NOWHERE"), ValidationRule::UnsupportedBank),
        ("open_bank", json!("icbc"), ValidationRule::UnsupportedBank),
        (
            "id_number",
            json!("110108198802019651"),
            ValidationRule::IdNumberChecksum,
        ),
        ("user_mobile", json!("2342050451"), ValidationRule::MobileFormat),
        ("user_name", json!("   "), ValidationRule::Required),
        ("verify_code", json!("12ab56"), ValidationRule::VerifyCodeFormat),
        (
            "bind_card_src",
            json!("1"),
            ValidationRule::Type {
                expected: "integer".into(),
            },
        ),
        (
            "bank_card_type",
            json!(0.5),
            ValidationRule::Type {
                expected: "integer".into(),
            },
        ),
        (
            "extra_info",
            json!("{\"a\":1}"),
            ValidationRule::Type {
                expected: "object".into(),
            },
        ),
        (
            "contacts",
            json!([1]),
            ValidationRule::Type {
                expected: "object".into(),
            },
        ),
        ("user_id", json!(""), ValidationRule::Required),
        ("usr_id", json!("typo"), ValidationRule::UnknownField),
    ];
    for (field, value, rule) in cases {
        let mut params = new_card();
        params.insert(field.into(), value);
        assert_eq!(
            validation_rule(encode(&unsigned(), &params).unwrap_err(), field),
            rule,
            "{field}"
        );
    }
    // JSON objects pass through unchanged.
    let mut params = old_card();
    // Numbers keep their exact text (arbitrary_precision): 1.50 is not turned into 1.5.
    params.insert(
        "extra_info".into(),
        serde_json::from_str::<Value>(r#"{"card_id":"c-77","n":1.50}"#).unwrap(),
    );
    params.insert("contacts".into(), json!({"device": {"os": "android"}}));
    let req = encode(&unsigned(), &params).unwrap();
    assert!(String::from_utf8(req.body)
        .unwrap()
        .contains(r#""extra_info":{"card_id":"c-77","n":1.50}"#));
    assert!(matches!(
        encode(&unsigned(), &params).map(|_| ()).and_then(|()| {
            let mut r = rng();
            unsigned()
                .encode_request("cardList", &params, &mut Context::new(&mut r, None))
                .map(|_| ())
        }),
        Err(CodecError::UnsupportedOperation { .. })
    ));
}

#[test]
fn response_encoding_is_validated() {
    let server = unsigned();
    for (fields, field, rule) in [
        (json!({"message": "x"}), "code", ValidationRule::Required),
        (
            json!({"code": "200", "message": "x"}),
            "code",
            ValidationRule::Type {
                expected: "integer".into(),
            },
        ),
        (json!({"code": 200}), "message", ValidationRule::Required),
        (
            json!({"code": 200, "message": 1}),
            "message",
            ValidationRule::Type {
                expected: "string".into(),
            },
        ),
        (
            json!({"code": 200, "message": "x", "data": 1}),
            "data",
            ValidationRule::UnknownField,
        ),
    ] {
        let mut r = rng();
        let err = server
            .encode_response("bindCard", &obj(fields), &mut Context::new(&mut r, None))
            .unwrap_err();
        assert_eq!(validation_rule(err, field), rule);
    }
}

// ---------------------------------------------------------------------------------------------
// malformed input

#[test]
fn malformed_responses_are_typed_errors() {
    // Empty and non-JSON bodies are transport failures (tests/transport_rule.rs).
    let cases = [
        ("[1,2]", "body"),
        ("\"{\\\"code\\\":200}\"", "body"),
        (r#"{"message": "x"}"#, "code"),
        (r#"{"code": null}"#, "code"),
        (r#"{"code": 2.5}"#, "code"),
        (r#"{"code": "abc"}"#, "code"),
        (r#"{"code": true}"#, "code"),
        (r#"{"code": 200, "message": 5}"#, "message"),
    ];
    for (body, field) in cases {
        match decode_resp(body) {
            Err(CodecError::Malformed { field: f, .. }) => assert_eq!(f, field, "{body}"),
            other => panic!("{body}: {other:?}"),
        }
    }
    let huge = format!(r#"{{"code":200,"message":"{}"}}"#, "x".repeat(70_000));
    assert!(matches!(decode_resp(&huge), Err(CodecError::LimitExceeded { .. })));
    let mut r = rng();
    assert!(matches!(
        unsigned().decode_response(
            "verifyCode",
            &HttpResponse::new(200, "application/json", b"{}".to_vec()),
            &mut Context::new(&mut r, None)
        ),
        Err(CodecError::UnsupportedOperation { .. })
    ));
}

#[test]
fn malformed_requests_are_typed_errors() {
    let good = encode(&unsigned(), &old_card()).unwrap();
    let server = unsigned();
    let mut wrong_channel = good.clone();
    wrong_channel.query[0].1 = "OTHER".into();
    let mut lower_channel = good.clone();
    lower_channel.query[0].1 = "testchannel".into();
    let mut no_channel = good.clone();
    no_channel.query.clear();
    let mut wrong_path = good.clone();
    wrong_path.url = "http://openapi.dev.lattebank.com/xxxchannel/unbindCard".into();
    let mut get = good.clone();
    get.method = cardbind::model::Method::Get;
    let mut not_object = good.clone();
    not_object.body = b"[]".to_vec();
    let mut bad_json = good.clone();
    bad_json.body = b"{\"user_id\":".to_vec();
    for (req, field) in [
        (wrong_channel, "r_c"),
        (lower_channel, "r_c"),
        (no_channel, "r_c"),
        (wrong_path, "url"),
        (get, "method"),
        (not_object, "body"),
        (bad_json, "body"),
    ] {
        match decode_req(&server, &req) {
            Err(CodecError::Malformed { field: f, .. }) => assert_eq!(f, field),
            other => panic!("{field}: {other:?}"),
        }
    }
    // A path-only URL (as a server framework hands it over) is accepted.
    let mut path_only = good.clone();
    path_only.url = "/xxxchannel/bindCard".into();
    assert!(decode_req(&server, &path_only).is_ok());
    let mut big = good;
    big.body = vec![b' '; 70_000];
    assert!(matches!(
        decode_req(&server, &big),
        Err(CodecError::LimitExceeded { .. })
    ));
}

#[test]
fn bad_configs_are_typed_errors() {
    for json in [
        r#"{"base_url":"http://h","channel_code":""}"#,
        r#"{"base_url":"http://h","channel_code":"a&b"}"#,
        r#"{"base_url":"http://h","channel_code":"c","path":"nope"}"#,
        r#"{"base_url":"http://h","channel_code":"c","signing":{"key_version":" "}}"#,
    ] {
        assert!(
            matches!(HuanbeiCodec::from_config_json(json), Err(CodecError::Config { .. })),
            "{json}"
        );
    }
    assert!(matches!(
        HuanbeiCodec::from_config_json(r#"{"base_url":"http://h","channel_code":"c","extra":1}"#),
        Err(CodecError::Config { field, .. }) if field == "extra"
    ));
    let codec = HuanbeiCodec::from_config_json(r#"{"base_url":"http://h/","channel_code":" ch_1 "}"#).unwrap();
    assert_eq!(codec.channel(), "CH_1");
}

// ---------------------------------------------------------------------------------------------
// unified model

#[test]
fn unified_apply_maps_onto_bind_card_and_confirm_is_unsupported() {
    let apply = BindCardApply {
        user_id: "u1".into(),
        card_number: CardNumber::new("card", "6222022005001212726").unwrap(),
        phone: Phone::new("phone", "13420504517").unwrap(),
        holder_name: Some(PersonName::new("name", "张三").unwrap()),
        id_number: Some(IdNumber::new("id", "11010519491231002X").unwrap()),
        bank: Some(Bank::Citic),
        card_type: Some(CardType::Credit),
        order_id: None,
        verify_code: Some(VerifyCode::new("code", "123456").unwrap()),
        extra: obj(json!({"bank_address": "北京市"})),
    };
    let codec = unsigned();
    let (op, wire) = codec.to_wire(&UnifiedRequest::BindCardApply(apply.clone())).unwrap();
    assert_eq!(op, "bindCard");
    assert_eq!(
        Value::Object(wire),
        json!({"user_id": "u1", "bank_card": "6222022005001212726", "open_bank": "CITIC", "user_name": "张三",
               "id_number": "11010519491231002X", "user_mobile": "13420504517", "bank_card_type": 1,
               "verify_code": "123456", "bank_address": "北京市", "bind_card_src": 1})
    );
    let mut r = rng();
    assert!(codec
        .encode_unified(
            &UnifiedRequest::BindCardApply(apply.clone()),
            &mut Context::new(&mut r, None)
        )
        .is_ok());

    let mut clash = apply.clone();
    clash.extra.insert("open_bank".into(), json!("ABC"));
    // The same caller mistake as for every provider (the kit's merge_extra).
    assert_eq!(
        codec.to_wire(&UnifiedRequest::BindCardApply(clash)).unwrap_err(),
        CodecError::Validation(cardbind::model::ValidationError::new(
            "extra.open_bank",
            ValidationRule::SetByUnifiedField
        ))
    );
    let mut no_bank = apply;
    no_bank.bank = None;
    assert_eq!(
        validation_rule(
            codec.to_wire(&UnifiedRequest::BindCardApply(no_bank)).unwrap_err(),
            "open_bank"
        ),
        ValidationRule::Required
    );

    let confirm = UnifiedRequest::BindCardConfirm(BindCardConfirm {
        user_id: "u1".into(),
        confirm_token: None,
        verify_code: VerifyCode::new("code", "123456").unwrap(),
        order_id: None,
        extra: Map::new(),
    });
    for req in [confirm, UnifiedRequest::ListBoundCards { user_id: "u1".into() }] {
        assert!(matches!(
            codec.to_wire(&req),
            Err(CodecError::UnsupportedOperation { .. })
        ));
    }
}

// ---------------------------------------------------------------------------------------------
// masking

#[test]
fn debug_and_errors_never_show_personal_data_or_keys() {
    let mut params = new_card();
    params.insert("contacts".into(), json!({"mom": "13900000000"}));
    let req = encode(&unsigned(), &params).unwrap();
    let decoded = decode_req(&unsigned(), &req).unwrap();
    let shown = format!("{decoded:?} {req:?}");
    for secret in [
        "6222022005001212726",
        "11010519491231002X",
        "13420504517",
        "张三",
        "123456",
        "13900000000",
    ] {
        assert!(!shown.contains(secret), "{secret} leaked: {shown}");
    }
    assert!(shown.contains("6222***********2726"));

    for (field, value) in [
        ("bank_card", "6222022005001212723"),
        ("id_number", "110108198802019651"),
        ("user_mobile", "2342050451"),
        ("verify_code", "12ab56"),
    ] {
        let mut params = new_card();
        params.insert(field.into(), json!(value));
        let err = encode(&unsigned(), &params).unwrap_err();
        assert!(!format!("{err} {err:?}").contains(value), "{field}");
    }
    let config = config(Some(signing(
        Some(PRIV_1024),
        Some(PUB_2048),
        DigestAlgorithm::Sha1,
        false,
    )));
    let shown = format!("{config:?} {:?}", HuanbeiCodec::new(config.clone()).unwrap());
    assert!(!shown.contains("MII"), "no key material in Debug: {shown}");
}

// ------------------------------------------------------------------------------------------
// issue 15: size before hashing; what a signed request hands out is what was signed
// ------------------------------------------------------------------------------------------

#[test]
fn an_oversized_signed_request_is_refused_before_its_body_is_hashed() {
    let client = client_signed(PRIV_1024, DigestAlgorithm::Sha1);
    let mut params = old_card();
    params.insert("r_i".into(), json!("3f2504e0-4f89-11d3-9a0c-0305e82c3301.O"));
    let mut big = encode(&client, &params).unwrap();
    big.body.resize(huanbei::MAX_BODY_BYTES + 1, b' ');
    // Before the size check came first, this was a signature mismatch after hashing the body.
    assert_eq!(
        decode_req(&server_signed(PUB_1024, true), &big).unwrap_err(),
        CodecError::LimitExceeded {
            what: "request body",
            limit: huanbei::MAX_BODY_BYTES
        }
    );
}

#[test]
fn repeated_query_parameters_and_body_keys_are_refused() {
    let client = client_signed(PRIV_1024, DigestAlgorithm::Sha1);
    let mut params = old_card();
    params.insert("r_i".into(), json!("3f2504e0-4f89-11d3-9a0c-0305e82c3301.O"));
    let good = encode(&client, &params).unwrap();
    let server = server_signed(PUB_1024, true);
    assert!(decode_req(&server, &good).is_ok());
    // A second r_c the signature never saw (a framework could route on either copy).
    let mut twice = good.clone();
    twice.query.push(("r_c".into(), "OTHER".into()));
    assert_eq!(
        decode_req(&server, &twice).unwrap_err(),
        CodecError::Malformed {
            field: "r_c".into(),
            reason: "occurs more than once".into()
        }
    );
    // A key repeated in the body: unsigned channels read the body only, so refuse it there too.
    let mut repeated = unsigned_request();
    let text = String::from_utf8(repeated.body.clone()).unwrap();
    repeated.body = text.replacen('{', r#"{"bind_card_src":1,"#, 1).into_bytes();
    assert_eq!(
        decode_req(&unsigned(), &repeated).unwrap_err(),
        CodecError::Malformed {
            field: "body.bind_card_src".into(),
            reason: "duplicate key: the name occurs twice in one JSON object".into()
        }
    );
}

fn unsigned_request() -> HttpRequest {
    encode(&unsigned(), &old_card()).unwrap()
}

#[test]
fn a_query_value_that_would_re_split_into_a_later_parameter_is_refused() {
    // r_i sorts before r_t: an r_i holding `&r_t=` could be read as two parameters.
    let client = client_signed(PRIV_1024, DigestAlgorithm::Sha1);
    let mut params = old_card();
    params.insert("r_i".into(), json!("3f2504e0.O&r_t=1"));
    assert_eq!(
        validation_rule(encode(&client, &params).unwrap_err(), "r_i"),
        ValidationRule::SplitsInSignedString
    );
    // Received that way (signed by someone else's rule), it is refused before verifying.
    params.insert("r_i".into(), json!("3f2504e0-4f89-11d3-9a0c-0305e82c3301.O"));
    let mut request = encode(&client, &params).unwrap();
    if let Some(r_i) = request.query.iter_mut().find(|(k, _)| k == "r_i") {
        r_i.1.push_str("&r_t=1");
    }
    assert_eq!(
        validation_rule(decode_req(&server_signed(PUB_1024, true), &request).unwrap_err(), "r_i"),
        ValidationRule::SplitsInSignedString
    );
}
