//! Yixin codec: every operation in both roles through the encrypted envelope, the document's
//! (decrypted) examples, the Python vectors in `spec/vectors/providers/yixin.json` for the
//! assumed profile and each override, the timestamp window, every documented status, and every
//! malformed-input class.

mod replay_vectors;

use cardbind::model::{
    Bank, BindCardApply, BindCardConfirm, CardNumber, HttpRequest, HttpResponse, Operation, Phone, UnifiedRequest,
    ValidationRule, VerifyCode,
};
use cardbind::providers::yixin::{
    self, envelope, AgreementStatus, BindStatus, BodyEncoding, CardKind, EnvelopeCode, RequestOptions, VerifyStatus,
    YixinCodec, YixinConfig, YixinProfile, Yuan,
};
use cardbind::rng::SeededRng;
use cardbind::{
    cipher::AesMode, CipherError, Codec, CodecError, Context, DigestAlgorithm, ErrorKind, OutcomeStatus, PrivateKey,
    SignatureError,
};
use serde_json::{json, Map, Value};

const PARTNER_PRIV: &str = include_str!("../../spec/vectors/keys/test-rsa-1024-private-pkcs8.pem");
const PARTNER_PUB: &str = include_str!("../../spec/vectors/keys/test-rsa-1024-public-spki.pem");
const YIXIN_PRIV: &str = include_str!("../../spec/vectors/keys/test-rsa-2048-private-pkcs8.pem");
const YIXIN_PUB: &str = include_str!("../../spec/vectors/keys/test-rsa-2048-public-spki.pem");
const OTHER_PUB: &str = include_str!("../../spec/vectors/keys/test-rsa-1024b-public-spki.pem");
const VECTORS: &str = include_str!("../../spec/vectors/providers/yixin.json");
const NOW: i64 = 1_710_469_800_000;
const MINUTE: i64 = 60_000;

fn rng() -> SeededRng {
    SeededRng::from_seed([9; 32])
}

fn obj(v: Value) -> Map<String, Value> {
    match v {
        Value::Object(m) => m,
        _ => panic!("not an object"),
    }
}

fn config(ours: &str, theirs: &str, profile: YixinProfile) -> YixinConfig {
    YixinConfig {
        allow_unlisted_fields: false,
        app_id: "test-app-0001".into(),
        base_url: "https://openapi.example.invalid/gateway".into(),
        our_private_key: ours.into(),
        their_public_key: theirs.into(),
        ip: Some("10.0.0.1".into()),
        timestamp_window_secs: yixin::DEFAULT_TIMESTAMP_WINDOW_SECS,
        profile,
    }
}

/// The merchant: signs with its key, wraps AES keys for Yixin.
fn partner(profile: YixinProfile) -> YixinCodec {
    YixinCodec::new(config(PARTNER_PRIV, YIXIN_PUB, profile)).unwrap()
}

/// The mock Yixin: the same codec configured from the provider's side.
fn provider(profile: YixinProfile) -> YixinCodec {
    YixinCodec::new(config(YIXIN_PRIV, PARTNER_PUB, profile)).unwrap()
}

fn request_params(op: &str) -> Map<String, Value> {
    obj(match op {
        "bindCard" => json!({"outerUserNo": "u-10001", "cardNo": "6222022005001212726", "phone": "13420504517",
                             "bizType": "repay", "bizNo": "LOAN-2024-0001"}),
        "verifyCode" => json!({"outerUserNo": "u-10001", "bizId": "234051213805486090", "verifyCode": "123456"}),
        "cardList" | "bankList" => json!({"outerUserNo": "u-10001"}),
        "cardBank" => json!({"cardNo": "6222022005001212726"}),
        "needCardSign" => json!({"outerUserNo": "u-10001", "cardNo": "6222022005001212726"}),
        other => panic!("{other}"),
    })
}

fn response_fields(op: &str) -> Map<String, Value> {
    let v: Value = match op {
        "bindCard" => json!({"bizId": "234051213805486090", "status": "0", "desc": "成功"}),
        "verifyCode" => json!({"status": "0", "desc": "绑卡成功"}),
        "cardList" => json!({"bankCardList": [
            {"bindCardId": "b-1", "cardNo": "4340626190606023", "cardType": 1, "bankCode": "CCB", "bankName": "建设银行", "phone": "18356670064"},
            {"cardNo": "6222022005001212726", "cardType": 2, "bankCode": "ICBC", "bankName": "工商银行", "phone": "13420504517"}]}),
        "bankList" => serde_json::from_str(
            r#"{"bankList":[{"bankName":"农业银行","bankCode":"ABC","timesLimit":500000,"dayLimit":5000000.50},
                            {"bankName":"中信银行","bankCode":"ECITIC","timesLimit":99999999999999999999.99,"dayLimit":"0.01"}]}"#,
        )
        .unwrap(),
        "cardBank" => json!({"bankName": "农业银行", "bankCode": "ABC"}),
        "needCardSign" => json!({"status": "1"}),
        other => panic!("{other}"),
    };
    obj(v)
}

fn ctx_at(r: &mut SeededRng, now: i64) -> Context<'_> {
    Context::new(r, Some(now))
}

fn encode_req(codec: &YixinCodec, op: &str, params: &Map<String, Value>, now: i64) -> Result<HttpRequest, CodecError> {
    let mut r = rng();
    codec.encode_request(op, params, &mut ctx_at(&mut r, now))
}

fn decode_req(codec: &YixinCodec, req: &HttpRequest, now: i64) -> Result<cardbind::DecodedRequest, CodecError> {
    let mut r = rng();
    codec.decode_request(req, &mut ctx_at(&mut r, now))
}

fn encode_resp(codec: &YixinCodec, op: &str, fields: &Map<String, Value>) -> Result<HttpResponse, CodecError> {
    let mut r = rng();
    codec.encode_response(op, fields, &mut ctx_at(&mut r, NOW))
}

fn decode_resp(codec: &YixinCodec, op: &str, resp: &HttpResponse) -> Result<cardbind::DecodedResponse, CodecError> {
    let mut r = rng();
    codec.decode_response(op, resp, &mut ctx_at(&mut r, NOW))
}

fn json_response(body: &Value) -> HttpResponse {
    HttpResponse::new(200, "application/json", serde_json::to_vec(body).unwrap())
}

fn validation_rule(err: CodecError, field: &str) -> ValidationRule {
    match err {
        CodecError::Validation(v) => {
            assert_eq!(v.field, field);
            v.rule
        }
        other => panic!("expected a validation error on {field}, got {other:?}"),
    }
}

fn malformed_field(err: &CodecError) -> &str {
    match err {
        CodecError::Malformed { field, .. } => field,
        other => panic!("expected Malformed, got {other:?}"),
    }
}

// ---------------------------------------------------------------------------------------------
// spec and codes

#[test]
fn spec_operations_and_request_fields_equal_the_code() {
    let spec = yixin::spec().unwrap();
    let codec = partner(YixinProfile::default());
    let names: Vec<&str> = spec.operations.iter().map(|o| o.name.as_str()).collect();
    assert_eq!(names, codec.operations());
    // The document's six 接口地址.
    assert_eq!(
        names,
        [
            "bindCard",
            "verifyCode",
            "cardList",
            "bankList",
            "cardBank",
            "needCardSign"
        ]
    );
    // The document's request fields, which validation reads from the spec.
    let bind: Vec<&str> = spec.operations[0].request.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(bind, ["outerUserNo", "cardNo", "phone", "bizType", "bizNo"]);
    let assumed: Vec<&str> = spec.assumptions.iter().map(|a| a.what.as_str()).collect();
    for what in ["signature digest", "AES mode and padding of params", "AES key size"] {
        assert!(assumed.contains(&what), "{what}");
    }
    let profile: YixinProfile = serde_json::from_str("{}").unwrap();
    assert_eq!(profile, YixinProfile::default());
    assert_eq!(
        (
            profile.digest,
            profile.aes_mode,
            profile.aes_key_bits,
            i64::from(yixin::DEFAULT_TIMESTAMP_WINDOW_SECS) * 1000
        ),
        (DigestAlgorithm::Sha256, AesMode::Ecb, 128, 30 * MINUTE)
    );
}

#[test]
fn spec_required_and_conditional_request_fields_are_enforced() {
    let spec = yixin::spec().unwrap();
    let codec = partner(YixinProfile::default());
    for op in &spec.operations {
        for f in &op.request {
            let mut params = request_params(&op.name);
            params.remove(&f.name);
            let result = encode_req(&codec, &op.name, &params, NOW);
            match &f.required {
                Value::Bool(true) => {
                    assert_eq!(validation_rule(result.unwrap_err(), &f.name), ValidationRule::Required);
                }
                Value::String(c) if c == "conditional" => assert_eq!(
                    validation_rule(result.unwrap_err(), &f.name),
                    ValidationRule::RequiredWhen {
                        condition: f.condition.clone().unwrap()
                    }
                ),
                other => panic!("{other}"),
            }
            if !f.values.is_empty() {
                let allowed: Vec<String> = f.values.iter().map(|v| v.value.clone()).collect();
                let mut params = request_params(&op.name);
                params.insert(f.name.clone(), json!("other"));
                assert_eq!(
                    validation_rule(encode_req(&codec, &op.name, &params, NOW).unwrap_err(), &f.name),
                    ValidationRule::OneOf { allowed }
                );
            }
        }
    }
    // bizNo may be left out for loans.
    let mut loan = request_params("bindCard");
    loan.insert("bizType".into(), json!("loan"));
    loan.remove("bizNo");
    assert!(encode_req(&codec, "bindCard", &loan, NOW).is_ok());
}

#[test]
fn spec_required_response_fields_are_enforced_when_encoding() {
    let spec = yixin::spec().unwrap();
    let server = provider(YixinProfile::default());
    for op in &spec.operations {
        for f in &op.response {
            let mut fields = response_fields(&op.name);
            fields.remove(&f.name);
            let result = encode_resp(&server, &op.name, &fields);
            match &f.required {
                Value::Bool(true) => {
                    assert_eq!(validation_rule(result.unwrap_err(), &f.name), ValidationRule::Required);
                }
                Value::Bool(false) => assert!(result.is_ok(), "{}.{} is optional", op.name, f.name),
                Value::String(c) if c == "conditional" => assert_eq!(
                    validation_rule(result.unwrap_err(), &f.name),
                    ValidationRule::RequiredWhen {
                        condition: f.condition.clone().unwrap()
                    }
                ),
                other => panic!("{other}"),
            }
            // List entries: every required element field is required.
            for (i, element) in f.fields.iter().enumerate() {
                let mut fields = response_fields(&op.name);
                let entry = fields[&f.name][0].as_object_mut().unwrap();
                entry.remove(&element.name);
                let name = format!("{}[0].{}", f.name, element.name);
                let result = encode_resp(&server, &op.name, &fields);
                if element.required == Value::Bool(true) {
                    assert_eq!(
                        validation_rule(result.unwrap_err(), &name),
                        ValidationRule::Required,
                        "{i}"
                    );
                } else {
                    assert!(result.is_ok(), "{name} is optional");
                }
            }
        }
    }
}

#[test]
fn spec_codes_equal_the_enums_both_ways_without_duplicates() {
    let spec = yixin::spec().unwrap();
    let mut seen = std::collections::HashSet::new();
    for c in &spec.codes {
        assert!(
            seen.insert((c.scope.clone(), c.code.clone())),
            "duplicate {} {}",
            c.scope,
            c.code
        );
        let meaning = match c.scope.as_str() {
            "code" => EnvelopeCode::from_wire(&c.code).map(EnvelopeCode::meaning),
            "bindCard.status" => BindStatus::from_wire(&c.code).map(BindStatus::meaning),
            "verifyCode.status" => VerifyStatus::from_wire(&c.code).map(VerifyStatus::meaning),
            "needCardSign.status" => AgreementStatus::from_wire(&c.code).map(AgreementStatus::meaning),
            other => panic!("unknown scope {other}"),
        }
        .unwrap_or_else(|| panic!("{} {} not in code", c.scope, c.code));
        assert_eq!(
            meaning.spec_outcome(),
            (c.outcome.as_str(), c.kind),
            "{} {}",
            c.scope,
            c.code
        );
    }
    let mut in_code: Vec<(&str, &str)> = Vec::new();
    in_code.extend(EnvelopeCode::ALL.iter().map(|c| ("code", c.as_str())));
    in_code.extend(BindStatus::ALL.iter().map(|c| ("bindCard.status", c.as_str())));
    in_code.extend(VerifyStatus::ALL.iter().map(|c| ("verifyCode.status", c.as_str())));
    in_code.extend(AgreementStatus::ALL.iter().map(|c| ("needCardSign.status", c.as_str())));
    for (scope, code) in &in_code {
        assert!(
            spec.codes.iter().any(|c| c.scope == *scope && c.code == *code),
            "{scope} {code} missing"
        );
    }
    assert_eq!(in_code.len(), spec.codes.len());
}

#[test]
fn every_status_in_the_document_is_in_the_spec() {
    // yixin-bind-card.md: 绑卡状态 0/-1/-2; 短验状态 0/-1/-2/-3; 是否需要协议绑卡 1/-1; code 0.
    let documented = [
        ("code", "0"),
        ("bindCard.status", "0"),
        ("bindCard.status", "-1"),
        ("bindCard.status", "-2"),
        ("verifyCode.status", "0"),
        ("verifyCode.status", "-1"),
        ("verifyCode.status", "-2"),
        ("verifyCode.status", "-3"),
        ("needCardSign.status", "1"),
        ("needCardSign.status", "-1"),
    ];
    let spec = yixin::spec().unwrap();
    for (scope, code) in documented {
        assert!(
            spec.codes.iter().any(|c| c.scope == scope && c.code == code),
            "{scope} {code}"
        );
    }
    // 卡类型 1 借记卡 / 2 信用卡.
    let card_type = spec.operation("cardList").unwrap().response[0]
        .fields
        .iter()
        .find(|f| f.name == "cardType");
    let values: Vec<&str> = card_type.unwrap().values.iter().map(|v| v.value.as_str()).collect();
    assert_eq!(values, CardKind::ALL.iter().map(|c| c.as_str()).collect::<Vec<_>>());
    assert_eq!(
        CardKind::from_wire("2").unwrap().card_type(),
        cardbind::model::CardType::Credit
    );
}

#[test]
fn every_documented_status_gives_its_unified_outcome_through_the_envelope() {
    let server = provider(YixinProfile::default());
    let client = partner(YixinProfile::default());
    let cases: Vec<(&str, Value, OutcomeStatus)> = vec![
        (
            "bindCard",
            json!({"bizId": "B1", "status": "0", "desc": "成功"}),
            OutcomeStatus::CodeSent {
                confirm_token: Some("B1".into()),
            },
        ),
        (
            "bindCard",
            json!({"bizId": "B1", "status": "-1", "desc": "已开通协议支付,不必重复开通"}),
            OutcomeStatus::Succeeded,
        ),
        (
            "bindCard",
            json!({"status": "-2", "desc": "失败"}),
            OutcomeStatus::Failed {
                kind: ErrorKind::Rejected,
                retryable: false,
            },
        ),
        (
            "verifyCode",
            json!({"status": "0", "desc": "绑卡成功"}),
            OutcomeStatus::Succeeded,
        ),
        (
            "verifyCode",
            json!({"status": "-1", "desc": "无需绑卡"}),
            OutcomeStatus::Succeeded,
        ),
        (
            "verifyCode",
            json!({"status": "-2", "desc": "验证码错误"}),
            // The generic failure, refined by the document's own desc example.
            OutcomeStatus::Failed {
                kind: ErrorKind::VerifyCodeWrong,
                retryable: false,
            },
        ),
        (
            "verifyCode",
            json!({"status": "-3", "desc": "验证码过期"}),
            OutcomeStatus::Failed {
                kind: ErrorKind::VerifyCodeExpired,
                retryable: false,
            },
        ),
        ("needCardSign", json!({"status": "1"}), OutcomeStatus::Succeeded),
        ("needCardSign", json!({"status": "-1"}), OutcomeStatus::Succeeded),
    ];
    for (op, fields, expected) in cases {
        let fields = obj(fields);
        let resp = encode_resp(&server, op, &fields).unwrap();
        let d = decode_resp(&client, op, &resp).unwrap();
        assert_eq!(d.outcome.status, expected, "{op} {fields:?}");
        assert_eq!(d.outcome.provider_code, fields["status"].as_str().unwrap());
        // desc when the operation has one, else the envelope's msg.
        let message = fields.get("desc").and_then(|d| d.as_str()).unwrap_or("success");
        assert_eq!(d.outcome.provider_message.as_deref(), Some(message));
        assert_eq!(d.fields, fields);
    }
    // Undocumented statuses and envelope codes: Unknown, raw value kept; an envelope code whose
    // msg names the failure (spec `unlisted_refinements`) gets that failure's kind.
    let d = client
        .decode_plain_response("verifyCode", br#"{"msg":"s","code":0,"params":"{\"status\":\"-9\"}"}"#)
        .unwrap();
    assert_eq!(
        (d.outcome.error_kind(), d.outcome.provider_code.as_str()),
        (Some(ErrorKind::Unknown), "-9")
    );
    let mut r = rng();
    let err = server
        .encode_error_response(1001, "签名错误", &mut ctx_at(&mut r, NOW))
        .unwrap();
    let d = decode_resp(&client, "bindCard", &err).unwrap();
    assert_eq!(d.signature, cardbind::model::SignatureCheck::Verified);
    assert_eq!(
        (
            d.outcome.error_kind(),
            d.outcome.provider_code.as_str(),
            d.outcome.provider_message.as_deref()
        ),
        (Some(ErrorKind::SignatureInvalid), "1001", Some("签名错误"))
    );
    assert!(d.fields.is_empty());
}

// ---------------------------------------------------------------------------------------------
// the document's examples (decrypted form)

#[test]
fn document_examples_decode_with_their_documented_outcomes() {
    let codec = partner(YixinProfile::default());
    let bind = r#"{
 "msg": "success",
 "code": 0,
 "params": "{\"bizId\":\"234051213805486090\",\"status\":\"0\",\"desc\":\"成功\"}"
 }"#;
    let d = codec.decode_plain_response("bindCard", bind.as_bytes()).unwrap();
    assert_eq!(
        d.outcome.status,
        OutcomeStatus::CodeSent {
            confirm_token: Some("234051213805486090".into())
        }
    );
    assert_eq!(
        (d.outcome.provider_code.as_str(), d.outcome.provider_message.as_deref()),
        ("0", Some("成功"))
    );

    let verify = r#"{"msg": "success", "code": 0, "params": "{\"status\":\"0\",\"desc\":\"绑卡成功\"}"}"#;
    let d = codec.decode_plain_response("verifyCode", verify.as_bytes()).unwrap();
    assert_eq!(d.outcome.status, OutcomeStatus::Succeeded);
    assert_eq!(d.outcome.provider_message.as_deref(), Some("绑卡成功"));

    // cardList: the example omits bindCardId; it decodes as None.
    let cards = r#"{"msg": "success", "code": 0, "params": "{\"bankCardList\":[{\"cardNo\":\"4340626190606023\",\"cardType\":1,\"bankCode\":\"CCB\",\"bankName\":\"建设银行\",\"phone\":\"18356670064\"}]}"}"#;
    let d = codec.decode_plain_response("cardList", cards.as_bytes()).unwrap();
    assert!(d.outcome.is_success());
    let list = yixin::card_list(&d.fields).unwrap();
    assert_eq!(list.len(), 1);
    let card = &list[0];
    assert_eq!(card.bind_card_id, None);
    assert_eq!(card.card_no, "4340626190606023");
    assert_eq!(card.card_type, Some(CardKind::Debit));
    assert_eq!(card.card_type_raw, "1");
    assert_eq!(
        (card.bank, card.bank_name.as_str(), card.phone.as_str()),
        (Some(Bank::Ccb), "建设银行", "18356670064")
    );

    // Copied verbatim from the document (4.3.4).
    let banks = include_str!("data/yixin-banklist-example.json");
    let d = codec
        .decode_plain_response("bankList", banks.trim().as_bytes())
        .unwrap();
    let limits = yixin::bank_list(&d.fields).unwrap();
    let got: Vec<(Option<Bank>, &str, &str, &str)> = limits
        .iter()
        .map(|l| {
            (
                l.bank,
                l.bank_code.as_str(),
                l.times_limit.as_str(),
                l.day_limit.as_str(),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            (Some(Bank::Abc), "ABC", "500000", "5000000"),
            (Some(Bank::Boc), "BOC", "5000000", "5000000"),
            (Some(Bank::Ccb), "CCB", "5000000", "20000000"),
            (Some(Bank::Ceb), "CEB", "1000000", "5000000"),
            (Some(Bank::Cib), "CIB", "5000000", "5000000"),
            (Some(Bank::Citic), "ECITIC", "500000", "2000000"),
            (Some(Bank::Cmb), "CMB", "5000000", "20000000"),
            (Some(Bank::Cmbc), "CMBC", "5000000", "5000000"),
            (Some(Bank::Bocom), "BOCOM", "1000000", "10000000"),
            (Some(Bank::Cgb), "CGB", "5000000", "20000000"),
            (Some(Bank::Icbc), "ICBC", "5000000", "5000000"),
            (Some(Bank::Psbc), "PSBC", "500000", "500000"),
            (Some(Bank::Spdb), "SPDB", "5000000", "20000000"),
            (Some(Bank::Pab), "PAB", "5000000", "10000000"),
            (Some(Bank::Hxb), "HXB", "500000", "5000000"),
        ]
    );
    assert_eq!(limits[0].bank_name, "农业银行");
    assert_eq!(limits[0].times_limit.to_fen(), Some(50_000_000));

    let bank = r#"{"msg": "success", "code": 0, "params": "{\"bankName\":\"农业银行\",\"bankCode\":\"ABC\"}"}"#;
    let d = codec.decode_plain_response("cardBank", bank.as_bytes()).unwrap();
    assert!(d.outcome.is_success());
    assert_eq!(d.fields["bankCode"], "ABC");

    let sign = r#"{"msg": "success", "code": 0, "params": "{\"status\":\"1\"}"}"#;
    let d = codec.decode_plain_response("needCardSign", sign.as_bytes()).unwrap();
    assert_eq!(
        (d.outcome.status, d.outcome.provider_code.as_str()),
        (OutcomeStatus::Succeeded, "1")
    );
    assert_eq!(
        AgreementStatus::from_wire(d.fields["status"].as_str().unwrap()),
        Some(AgreementStatus::Needed)
    );
}

// ---------------------------------------------------------------------------------------------
// round trips

#[test]
fn every_operation_round_trips_in_both_roles() {
    let client = partner(YixinProfile::default());
    let server = provider(YixinProfile::default());
    for op in yixin::OPERATIONS {
        let params = request_params(op);
        let req = encode_req(&client, op, &params, NOW).unwrap();
        assert_eq!(req.url, "https://openapi.example.invalid/gateway");
        assert_eq!(req.header("content-type"), Some("application/json;charset=utf-8"));
        let body: Map<String, Value> = serde_json::from_slice(&req.body).unwrap();
        let keys: Vec<&str> = body.keys().map(String::as_str).collect();
        assert_eq!(
            keys,
            [
                "appId",
                "requestNo",
                "method",
                "version",
                "timestamp",
                "key",
                "params",
                "ip",
                "sign"
            ]
        );
        assert_eq!(body["method"], op);
        assert_eq!(body["timestamp"], "1710469800000");
        assert_eq!(body["version"], "1.0");
        assert_eq!(body["requestNo"].as_str().unwrap().len(), 32);
        assert!(
            !String::from_utf8_lossy(&req.body).contains("u-10001"),
            "business JSON is encrypted"
        );

        let mut r = rng();
        let opened = server
            .open_request(&req, &mut ctx_at(&mut r, NOW + 5 * MINUTE))
            .unwrap();
        assert_eq!(opened.request.operation, op);
        assert_eq!(opened.request.fields, params);
        assert_eq!(opened.request.signature, cardbind::model::SignatureCheck::Verified);
        assert_eq!((opened.timestamp_ms, opened.ip.as_deref()), (NOW, Some("10.0.0.1")));

        let fields = response_fields(op);
        let resp = encode_resp(&server, op, &fields).unwrap();
        let top: Map<String, Value> = serde_json::from_slice(&resp.body).unwrap();
        assert_eq!(
            top.keys().map(String::as_str).collect::<Vec<_>>(),
            ["msg", "code", "params", "key", "sign"]
        );
        let d = decode_resp(&client, op, &resp).unwrap();
        assert_eq!(d.fields, fields, "{op}");
        assert_eq!(d.signature, cardbind::model::SignatureCheck::Verified);
        assert_eq!(d.operation, op);
    }
    // Exact decimals survive the whole trip.
    let resp = encode_resp(&server, "bankList", &response_fields("bankList")).unwrap();
    let d = decode_resp(&client, "bankList", &resp).unwrap();
    let limits = yixin::bank_list(&d.fields).unwrap();
    assert_eq!(limits[0].day_limit.as_str(), "5000000.50");
    assert_eq!(limits[1].times_limit.as_str(), "99999999999999999999.99");
    assert_eq!(limits[1].times_limit.to_fen(), Some(9_999_999_999_999_999_999_999));
    assert_eq!(limits[1].day_limit.to_fen(), Some(1));
    let cards = yixin::card_list(
        &decode_resp(
            &client,
            "cardList",
            &encode_resp(&server, "cardList", &response_fields("cardList")).unwrap(),
        )
        .unwrap()
        .fields,
    )
    .unwrap();
    assert_eq!(cards[0].bind_card_id.as_deref(), Some("b-1"));
    assert_eq!(cards[1].bind_card_id, None);
    assert_eq!(cards[1].card_type, Some(CardKind::Credit));
}

#[test]
fn request_options_and_form_bodies() {
    let client = partner(YixinProfile {
        body: BodyEncoding::Form,
        ..YixinProfile::default()
    });
    let options = RequestOptions {
        allow_unlisted_fields: false,
        request_no: Some("REQ-0001".into()),
        ip: Some("192.168.1.9".into()),
    };
    let mut r = rng();
    let req = client
        .encode_request_with(
            "cardList",
            &request_params("cardList"),
            &options,
            &mut ctx_at(&mut r, NOW),
        )
        .unwrap();
    assert_eq!(
        req.header("content-type"),
        Some("application/x-www-form-urlencoded;charset=utf-8")
    );
    let body = String::from_utf8(req.body.clone()).unwrap();
    assert!(body.starts_with(
        "appId=test-app-0001&requestNo=REQ-0001&method=cardList&version=1.0&timestamp=1710469800000&key="
    ));
    assert!(body.contains("&ip=192.168.1.9&sign="));
    // The server reads form or JSON whatever its own profile sends.
    let mut r = rng();
    let opened = provider(YixinProfile::default())
        .open_request(&req, &mut ctx_at(&mut r, NOW))
        .unwrap();
    assert_eq!(
        (opened.request_no.as_str(), opened.ip.as_deref()),
        ("REQ-0001", Some("192.168.1.9"))
    );
    assert_eq!(opened.request.fields, request_params("cardList"));
    let mut r = rng();
    let blank = RequestOptions {
        allow_unlisted_fields: false,
        request_no: Some(" ".into()),
        ip: None,
    };
    let err = client
        .encode_request_with(
            "cardList",
            &request_params("cardList"),
            &blank,
            &mut ctx_at(&mut r, NOW),
        )
        .unwrap_err();
    assert_eq!(validation_rule(err, "requestNo"), ValidationRule::Required);
}

// ---------------------------------------------------------------------------------------------
// independent vectors and overrides

fn vector_profile(v: &Value) -> YixinProfile {
    serde_json::from_value(v["profile"].clone()).unwrap()
}

fn vector_request(v: &Value) -> HttpRequest {
    HttpRequest::post(
        "https://openapi.example.invalid/gateway",
        "application/json",
        v["body_utf8"].as_str().unwrap().as_bytes().to_vec(),
    )
}

fn public_pairs(v: &Value) -> Vec<(String, String)> {
    v["public"]
        .as_object()
        .unwrap()
        .iter()
        .map(|(k, x)| (k.clone(), x.as_str().unwrap().to_owned()))
        .collect()
}

#[test]
fn python_envelopes_open_and_rust_reproduces_params_and_sign_byte_for_byte() {
    let vectors: Value = serde_json::from_str(VECTORS).unwrap();
    let cases = vectors["cases"].as_array().unwrap();
    assert_eq!(cases.len(), 5);
    assert_eq!(
        replay_vectors::count("yixin"),
        5,
        "a replay key for every signed envelope"
    );
    for v in cases {
        let id = v["id"].as_str().unwrap();
        let profile = vector_profile(v);
        let aes_key = cardbind::encoding::decode_hex(v["aes_key_hex"].as_str().unwrap()).unwrap();
        let business = v["business_utf8"].as_str().unwrap();
        let public = public_pairs(v);
        let get = |k: &str| public.iter().find(|(n, _)| n == k).unwrap().1.clone();

        assert_eq!(
            profile.encrypt_params(&aes_key, business.as_bytes()).unwrap(),
            get("params"),
            "{id}"
        );
        assert_eq!(
            String::from_utf8(envelope::string_to_sign(&public).unwrap()).unwrap(),
            v["string_to_sign_utf8"].as_str().unwrap(),
            "{id}"
        );
        let sender = if v["direction"] == "request" {
            PARTNER_PRIV
        } else {
            YIXIN_PRIV
        };
        let mut r = rng();
        assert_eq!(
            profile
                .sign(&PrivateKey::parse(sender).unwrap(), &mut r, &public)
                .unwrap(),
            get("sign"),
            "{id}: PKCS#1 v1.5 signatures are deterministic"
        );

        let expected = obj(serde_json::from_str(business).unwrap());
        if v["direction"] == "request" {
            let opened = decode_req(&provider(profile), &vector_request(v), NOW + 29 * MINUTE).unwrap();
            assert_eq!(opened.operation, v["method"].as_str().unwrap());
            assert_eq!(opened.fields, expected, "{id}");
            assert_eq!(
                opened.replay_key,
                replay_vectors::expected("yixin", "cases", id),
                "{id}"
            );
        } else {
            let resp = HttpResponse::new(
                200,
                "application/json",
                v["body_utf8"].as_str().unwrap().as_bytes().to_vec(),
            );
            let d = decode_resp(&partner(profile), v["method"].as_str().unwrap(), &resp).unwrap();
            assert_eq!(d.fields, expected, "{id}");
            assert_eq!(d.replay_key, replay_vectors::expected("yixin", "cases", id), "{id}");
            let limits = yixin::bank_list(&d.fields).unwrap();
            assert_eq!(limits[1].times_limit.as_str(), "12345678901234567890.12");
            assert_eq!(limits[1].day_limit.as_str(), "0.1");
            assert_eq!(limits[1].bank, Some(Bank::Citic));
        }
    }
}

fn vector(id: &str) -> Value {
    let vectors: Value = serde_json::from_str(VECTORS).unwrap();
    vectors["cases"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == id)
        .unwrap()
        .clone()
}

#[test]
fn digest_override_is_needed_for_the_sha1_vector() {
    let v = vector("request-digest-sha1");
    let err = decode_req(&provider(YixinProfile::default()), &vector_request(&v), NOW).unwrap_err();
    assert_eq!(err, CodecError::signature("sign", SignatureError::Mismatch));
    let sha1 = YixinProfile {
        digest: DigestAlgorithm::Sha1,
        ..YixinProfile::default()
    };
    assert!(decode_req(&provider(sha1.clone()), &vector_request(&v), NOW).is_ok());
    // And a Rust client with the override is read by a server with it, not by the default.
    let req = encode_req(&partner(sha1.clone()), "bindCard", &request_params("bindCard"), NOW).unwrap();
    assert!(decode_req(&provider(sha1), &req, NOW).is_ok());
    assert_eq!(
        decode_req(&provider(YixinProfile::default()), &req, NOW)
            .unwrap_err()
            .kind(),
        ErrorKind::SignatureInvalid
    );
}

#[test]
fn aes_mode_override_is_needed_for_the_cbc_vector() {
    let v = vector("request-aes-cbc-zero-iv");
    // ECB cannot read CBC: the signature is fine, decryption or parsing is not.
    let err = decode_req(&provider(YixinProfile::default()), &vector_request(&v), NOW).unwrap_err();
    assert!(
        matches!(&err, CodecError::Cipher { field, source: CipherError::AesPadding } if field == "params")
            || matches!(&err, CodecError::Malformed { field, .. } if field == "params"),
        "{err:?}"
    );
    let cbc = YixinProfile {
        aes_mode: AesMode::CbcZeroIv,
        ..YixinProfile::default()
    };
    let d = decode_req(&provider(cbc.clone()), &vector_request(&v), NOW).unwrap();
    assert_eq!(d.fields, request_params("bindCard"));
    let resp = encode_resp(&provider(cbc.clone()), "cardBank", &response_fields("cardBank")).unwrap();
    assert_eq!(
        decode_resp(&partner(cbc), "cardBank", &resp).unwrap().fields,
        response_fields("cardBank")
    );
}

#[test]
fn key_size_override_is_needed_for_the_aes_256_vector() {
    let v = vector("request-aes-256");
    let err = decode_req(&provider(YixinProfile::default()), &vector_request(&v), NOW).unwrap_err();
    assert_eq!(err, CodecError::cipher("key", CipherError::AesKeyLength { len: 32 }));
    let aes256 = YixinProfile {
        aes_key_bits: 256,
        ..YixinProfile::default()
    };
    let d = decode_req(&provider(aes256.clone()), &vector_request(&v), NOW).unwrap();
    assert_eq!(d.fields, request_params("verifyCode"));
    let aes192 = YixinProfile {
        aes_key_bits: 192,
        ..YixinProfile::default()
    };
    let req = encode_req(&partner(aes192.clone()), "cardList", &request_params("cardList"), NOW).unwrap();
    assert!(decode_req(&provider(aes192), &req, NOW).is_ok());
    assert_eq!(
        decode_req(&provider(aes256), &req, NOW).unwrap_err(),
        CodecError::cipher("key", CipherError::AesKeyLength { len: 24 })
    );
    let bad =
        r#"{"app_id":"a","base_url":"u","our_private_key":"k","their_public_key":"k","profile":{"aes_key_bits":100}}"#;
    assert!(matches!(
        YixinCodec::from_config_json(bad),
        Err(CodecError::Config { .. })
    ));
}

#[test]
fn profile_overrides_load_from_config_json() {
    let json = json!({
        "app_id": "test-app-0001", "base_url": "https://g", "our_private_key": YIXIN_PRIV, "their_public_key": PARTNER_PUB,
        "timestamp_window_secs": 60,
        "profile": {"digest": "sha1", "aes_mode": "cbc_zero_iv", "aes_key_bits": 256, "response_signed": false,
                    "body": "form"}
    });
    let codec = YixinCodec::from_config_json(&json.to_string()).unwrap();
    assert_eq!(
        codec.profile(),
        &YixinProfile {
            digest: DigestAlgorithm::Sha1,
            aes_mode: AesMode::CbcZeroIv,
            aes_key_bits: 256,
            response_signed: false,
            body: BodyEncoding::Form,
        }
    );
    let typo = json!({"app_id": "a", "base_url": "g", "our_private_key": YIXIN_PRIV, "their_public_key": PARTNER_PUB,
                      "profile": {"digets": "sha1"}});
    assert_eq!(
        YixinCodec::from_config_json(&typo.to_string()).unwrap_err().to_string(),
        "configuration: profile.digets: unknown key: did you mean `digest`? valid keys: `digest`, `aes_mode`, \
         `aes_key_bits`, `response_signed`, `body`"
    );
    let bad_key =
        json!({"app_id": "a", "base_url": "g", "our_private_key": PARTNER_PUB, "their_public_key": PARTNER_PUB});
    assert!(
        matches!(YixinCodec::from_config_json(&bad_key.to_string()), Err(CodecError::Key { ref field, .. }) if field == "our_private_key")
    );
}

// ---------------------------------------------------------------------------------------------
// timestamps

#[test]
fn timestamps_outside_thirty_minutes_are_stale() {
    let client = partner(YixinProfile::default());
    let server = provider(YixinProfile::default());
    let req = encode_req(&client, "cardList", &request_params("cardList"), NOW).unwrap();
    for now in [NOW - 30 * MINUTE, NOW + 30 * MINUTE, NOW] {
        assert!(decode_req(&server, &req, now).is_ok(), "{now}");
    }
    assert_eq!(
        decode_req(&server, &req, NOW + 30 * MINUTE + 1).unwrap_err(),
        CodecError::StaleTimestamp {
            field: "timestamp".into(),
            skew_ms: -(30 * MINUTE + 1),
            window_ms: 30 * MINUTE
        }
    );
    assert_eq!(
        decode_req(&server, &req, NOW - 31 * MINUTE).unwrap_err(),
        CodecError::StaleTimestamp {
            field: "timestamp".into(),
            skew_ms: 31 * MINUTE,
            window_ms: 30 * MINUTE
        }
    );
    let mut r = rng();
    assert!(matches!(
        server.decode_request(&req, &mut Context::new(&mut r, None)),
        Err(CodecError::MissingContext { .. })
    ));
    let mut r = rng();
    assert!(matches!(
        client.encode_request("cardList", &request_params("cardList"), &mut Context::new(&mut r, None)),
        Err(CodecError::MissingContext { .. })
    ));
    let strict = YixinCodec::new(YixinConfig {
        timestamp_window_secs: 60,
        ..config(YIXIN_PRIV, PARTNER_PUB, YixinProfile::default())
    })
    .unwrap();
    assert!(matches!(
        decode_req(&strict, &req, NOW + 2 * MINUTE),
        Err(CodecError::StaleTimestamp { .. })
    ));
}

// ---------------------------------------------------------------------------------------------
// malformed input

/// Re-signs a tampered public parameter set with the partner's key (so only the tampering shows).
fn resigned(mut public: Map<String, Value>) -> HttpRequest {
    public.remove("sign");
    let pairs: Vec<(String, String)> = public
        .iter()
        .map(|(k, v)| (k.clone(), v.as_str().map_or_else(|| v.to_string(), str::to_owned)))
        .collect();
    let mut r = rng();
    let sign = YixinProfile::default()
        .sign(&PrivateKey::parse(PARTNER_PRIV).unwrap(), &mut r, &pairs)
        .unwrap();
    public.insert("sign".into(), json!(sign));
    HttpRequest::post("https://g", "application/json", serde_json::to_vec(&public).unwrap())
}

#[test]
fn malformed_requests_are_typed_errors() {
    let server = provider(YixinProfile::default());
    let public = good_public();
    let with = |k: &str, v: Value| {
        let mut p = public.clone();
        p.insert(k.into(), v);
        resigned(p)
    };
    let raw = |body: &[u8]| HttpRequest::post("https://g", "application/json", body.to_vec());

    assert_eq!(
        malformed_field(&decode_req(&server, &raw(b"{\"appId\":"), NOW).unwrap_err()),
        "body"
    );
    assert_eq!(
        malformed_field(&decode_req(&server, &raw(b"[]"), NOW).unwrap_err()),
        "body"
    );
    assert_eq!(
        malformed_field(&decode_req(&server, &raw(br#"{"appId":{"x":1}}"#), NOW).unwrap_err()),
        "appId"
    );
    for field in ["appId", "requestNo", "method", "version", "timestamp", "key", "params"] {
        let mut p = public.clone();
        p.remove(field);
        assert_eq!(
            malformed_field(&decode_req(&server, &resigned(p), NOW).unwrap_err()),
            field
        );
    }
    let mut no_sign = public.clone();
    no_sign.remove("sign");
    assert_eq!(
        decode_req(&server, &raw(&serde_json::to_vec(&no_sign).unwrap()), NOW).unwrap_err(),
        CodecError::signature("sign", SignatureError::Missing)
    );
    assert_eq!(
        malformed_field(&decode_req(&server, &with("appId", json!("someone-else")), NOW).unwrap_err()),
        "appId"
    );
    assert_eq!(
        malformed_field(&decode_req(&server, &with("version", json!("2.0")), NOW).unwrap_err()),
        "version"
    );
    assert!(matches!(
        decode_req(&server, &with("method", json!("unbindCard")), NOW),
        Err(CodecError::UnsupportedOperation { .. })
    ));
    for ts in [json!("1710469800"), json!("17104698000x0"), json!("")] {
        let err = decode_req(&server, &with("timestamp", ts.clone()), NOW).unwrap_err();
        assert_eq!(malformed_field(&err), "timestamp", "{ts}");
    }
    // A numeric timestamp is read by its text.
    assert!(decode_req(&server, &with("timestamp", json!(NOW)), NOW).is_ok());
    assert_eq!(
        malformed_field(&decode_req(&server, &with("key", json!("***")), NOW).unwrap_err()),
        "key"
    );
    assert_eq!(
        malformed_field(&decode_req(&server, &with("params", json!("not base64!")), NOW).unwrap_err()),
        "params"
    );
    assert_eq!(
        decode_req(&server, &with("key", json!("AAAA")), NOW).unwrap_err(),
        CodecError::cipher("key", CipherError::BlockLength { len: 3, block: 256 })
    );
    assert!(matches!(
        decode_req(&server, &with("params", json!("AAAAAAAAAAAAAAAAAAAAAA==")), NOW),
        Err(CodecError::Cipher { ref field, .. }) if field == "params"
    ));
    // Encrypted params that are not JSON.
    let mut r = rng();
    let key = YixinProfile::default().new_aes_key(&mut r).unwrap();
    let mut p = public.clone();
    p.insert(
        "key".into(),
        json!(envelope::wrap_key(&cardbind::PublicKey::parse(YIXIN_PUB).unwrap(), &mut r, &key).unwrap()),
    );
    p.insert(
        "params".into(),
        json!(YixinProfile::default().encrypt_params(&key, b"{not json").unwrap()),
    );
    assert_eq!(
        malformed_field(&decode_req(&server, &resigned(p), NOW).unwrap_err()),
        "params"
    );
}

#[test]
fn tampered_or_foreign_requests_are_rejected() {
    let server = provider(YixinProfile::default());
    let good = resigned(good_public());
    let public: Map<String, Value> = serde_json::from_slice(&good.body).unwrap();
    let raw = |body: &[u8]| HttpRequest::post("https://g", "application/json", body.to_vec());
    // Tampering without re-signing.
    let mut tampered = public.clone();
    tampered.insert("ip".into(), json!("6.6.6.6"));
    let err = decode_req(&server, &raw(&serde_json::to_vec(&tampered).unwrap()), NOW).unwrap_err();
    assert_eq!(err, CodecError::signature("sign", SignatureError::Mismatch));
    assert_eq!(err.kind(), ErrorKind::SignatureInvalid);
    let mut bad_sign = public.clone();
    bad_sign.insert("sign".into(), json!("%%%"));
    assert!(matches!(
        decode_req(&server, &raw(&serde_json::to_vec(&bad_sign).unwrap()), NOW),
        Err(CodecError::Signature {
            source: SignatureError::Base64(_),
            ..
        })
    ));
    // Signed by someone else.
    let other = YixinCodec::new(config(YIXIN_PRIV, OTHER_PUB, YixinProfile::default())).unwrap();
    assert_eq!(
        decode_req(&other, &good, NOW).unwrap_err().kind(),
        ErrorKind::SignatureInvalid
    );
    // Duplicate form fields are refused rather than guessed.
    let form = HttpRequest::post(
        "https://g",
        "application/x-www-form-urlencoded",
        b"appId=test-app-0001&method=cardList&method=bindCard".to_vec(),
    );
    assert_eq!(malformed_field(&decode_req(&server, &form, NOW).unwrap_err()), "method");
    let mut get = good.clone();
    get.method = cardbind::model::Method::Get;
    assert_eq!(malformed_field(&decode_req(&server, &get, NOW).unwrap_err()), "method");
    let big = raw(&vec![b' '; 300_000]);
    assert!(matches!(
        decode_req(&server, &big, NOW),
        Err(CodecError::LimitExceeded { .. })
    ));
}

#[test]
fn malformed_responses_are_typed_errors() {
    let client = partner(YixinProfile::default());
    let server = provider(YixinProfile::default());
    let good = encode_resp(&server, "bindCard", &response_fields("bindCard")).unwrap();
    let top: Map<String, Value> = serde_json::from_slice(&good.body).unwrap();
    let with = |k: &str, v: Option<Value>| {
        let mut t = top.clone();
        match v {
            Some(v) => t.insert(k.into(), v),
            None => t.remove(k),
        };
        json_response(&Value::Object(t))
    };
    for (resp, field) in [
        (json_response(&json!([1])), "body"),
        (with("code", None), "code"),
        (with("code", Some(json!("zero"))), "code"),
        (with("code", Some(json!(0.5))), "code"),
        (with("msg", Some(json!(1))), "msg"),
    ] {
        assert_eq!(
            malformed_field(&decode_resp(&client, "bindCard", &resp).unwrap_err()),
            field
        );
    }
    assert_eq!(
        decode_resp(&client, "bindCard", &with("sign", None)).unwrap_err(),
        CodecError::signature("sign", SignatureError::Missing)
    );
    assert_eq!(
        decode_resp(&client, "bindCard", &with("msg", Some(json!("tampered")))).unwrap_err(),
        CodecError::signature("sign", SignatureError::Mismatch)
    );
    assert_eq!(
        decode_resp(&client, "bindCard", &with("params", Some(json!("AAAA")))).unwrap_err(),
        CodecError::signature("sign", SignatureError::Mismatch)
    );
    // Wrong direction: a response made for another merchant key does not unwrap.
    let foreign = YixinCodec::new(config(YIXIN_PRIV, OTHER_PUB, YixinProfile::default())).unwrap();
    let resp = encode_resp(&foreign, "bindCard", &response_fields("bindCard")).unwrap();
    assert_eq!(
        decode_resp(&client, "bindCard", &resp).unwrap_err().kind(),
        ErrorKind::SignatureInvalid
    );
    // Plain (document) form: params must be a JSON string holding a JSON object.
    for (body, field) in [
        (r#"{"code":0,"msg":"success","params":"{bizId"}"#, "params"),
        (r#"{"code":0,"msg":"success","params":"[1]"}"#, "params"),
        (r#"{"code":0,"msg":"success","params":{"status":"0"}}"#, "params"),
        (r#"{"code":0,"msg":"success"}"#, "params"),
        (r#"{"code":0,"msg":"success","params":"{\"desc\":\"x\"}"}"#, "status"),
        (r#"{"code":0,"msg":"success","params":"{\"status\":[0]}"}"#, "status"),
    ] {
        assert_eq!(
            malformed_field(&client.decode_plain_response("verifyCode", body.as_bytes()).unwrap_err()),
            field,
            "{body}"
        );
    }
}

#[test]
fn typed_list_views_refuse_what_is_not_exact_or_complete() {
    let client = partner(YixinProfile::default());
    let server = provider(YixinProfile::default());
    let good = encode_resp(&server, "bindCard", &response_fields("bindCard")).unwrap();
    // Typed list views refuse what is not a plain decimal or lacks fields.
    for (fields, field) in [
        (
            serde_json::from_str(
                r#"{"bankList": [{"bankName": "x", "bankCode": "ABC", "timesLimit": 1.5e6, "dayLimit": 1}]}"#,
            )
            .unwrap(),
            "bankList[0].timesLimit",
        ),
        (
            json!({"bankList": [{"bankName": "x", "bankCode": "ABC", "timesLimit": -1, "dayLimit": 1}]}),
            "bankList[0].timesLimit",
        ),
        (
            json!({"bankList": [{"bankName": "x", "timesLimit": 1, "dayLimit": 1}]}),
            "bankList[0].bankCode",
        ),
        (json!({"bankList": "none"}), "bankList"),
        (json!({"bankList": [1]}), "bankList[0]"),
    ] {
        assert_eq!(malformed_field(&yixin::bank_list(&obj(fields)).unwrap_err()), field);
    }
    assert_eq!(
        malformed_field(
            &yixin::card_list(&obj(json!({"bankCardList": [{"cardNo": "1", "cardType": 1}]}))).unwrap_err()
        ),
        "bankCardList[0].bankCode"
    );
    assert!(yixin::card_list(&obj(json!({"bankCardList": []}))).unwrap().is_empty());
    assert!(matches!(
        decode_resp(&client, "unbindCard", &good),
        Err(CodecError::UnsupportedOperation { .. })
    ));
    // Unsigned responses are accepted only when the profile says responses are unsigned.
    let unsigned_profile = YixinProfile {
        response_signed: false,
        ..YixinProfile::default()
    };
    let resp = encode_resp(
        &provider(unsigned_profile.clone()),
        "cardBank",
        &response_fields("cardBank"),
    )
    .unwrap();
    assert!(!String::from_utf8_lossy(&resp.body).contains("sign"));
    assert_eq!(
        decode_resp(&client, "cardBank", &resp).unwrap_err(),
        CodecError::signature("sign", SignatureError::Missing)
    );
    let d = decode_resp(&partner(unsigned_profile), "cardBank", &resp).unwrap();
    assert_eq!(d.signature, cardbind::model::SignatureCheck::NotSigned);
}

#[test]
fn yuan_is_exact_and_refuses_floats_in_disguise() {
    let cases = [
        (json!("0"), Some(0)),
        (json!("0.1"), Some(10)),
        (json!("1000.50"), Some(100_050)),
        (json!("1.230"), Some(123)),
        (json!("1.005"), None),
    ];
    for (v, fen) in cases {
        assert_eq!(Yuan::from_value(&v).unwrap().to_fen(), fen, "{v}");
    }
    for bad in [
        json!("1e5"),
        json!("-1"),
        json!("1."),
        json!(".5"),
        json!(""),
        json!(true),
        json!(null),
        json!("1,000"),
    ] {
        assert_eq!(Yuan::from_value(&bad), None, "{bad}");
    }
    let big: Value = serde_json::from_str("123456789012345678901234567890.99").unwrap();
    assert_eq!(
        Yuan::from_value(&big).unwrap().as_str(),
        "123456789012345678901234567890.99"
    );
}

// ---------------------------------------------------------------------------------------------
// validation

#[test]
fn request_and_response_rules_name_the_field_and_rule() {
    let client = partner(YixinProfile::default());
    let cases: Vec<(&str, &str, Value, ValidationRule)> = vec![
        ("bindCard", "cardNo", json!("6222022005001212723"), ValidationRule::Luhn),
        ("bindCard", "phone", json!("1342050451"), ValidationRule::MobileFormat),
        (
            "bindCard",
            "outerUserNo",
            json!(10001),
            ValidationRule::Type {
                expected: "string".into(),
            },
        ),
        (
            "bindCard",
            "bizNo",
            json!(1),
            ValidationRule::Type {
                expected: "string".into(),
            },
        ),
        (
            "bindCard",
            "bizNo",
            json!(""),
            ValidationRule::RequiredWhen {
                condition: "bizType = repay".into(),
            },
        ),
        ("bindCard", "bankCode", json!("ABC"), ValidationRule::UnknownField),
        (
            "verifyCode",
            "verifyCode",
            json!("1234"),
            ValidationRule::ExactLength { len: 6 },
        ),
        (
            "verifyCode",
            "verifyCode",
            json!("12a456"),
            ValidationRule::VerifyCodeFormat,
        ),
        ("verifyCode", "bizId", json!(" "), ValidationRule::Required),
        ("cardBank", "cardNo", json!("62220220050012128"), ValidationRule::Luhn),
    ];
    for (op, field, value, rule) in cases {
        let mut params = request_params(op);
        params.insert(field.into(), value);
        assert_eq!(
            validation_rule(encode_req(&client, op, &params, NOW).unwrap_err(), field),
            rule,
            "{op}.{field}"
        );
    }
    assert!(matches!(
        encode_req(&client, "unbindCard", &Map::new(), NOW),
        Err(CodecError::UnsupportedOperation { .. })
    ));
}

#[test]
fn response_rules_name_the_field_and_rule() {
    let server = provider(YixinProfile::default());
    let cases: Vec<(&str, Value, &str, ValidationRule)> = vec![
        (
            "bindCard",
            json!({"status": "0"}),
            "bizId",
            ValidationRule::RequiredWhen {
                condition: "status = 0".into(),
            },
        ),
        (
            "bindCard",
            json!({"bizId": "B", "status": "1"}),
            "status",
            ValidationRule::OneOf {
                allowed: vec!["0".into(), "-1".into(), "-2".into()],
            },
        ),
        (
            "verifyCode",
            json!({"status": 0}),
            "status",
            ValidationRule::Type {
                expected: "string".into(),
            },
        ),
        (
            "verifyCode",
            json!({"status": "-3", "extra": 1}),
            "extra",
            ValidationRule::UnknownField,
        ),
        ("needCardSign", json!({}), "status", ValidationRule::Required),
        (
            "cardBank",
            json!({"bankName": "农业银行"}),
            "bankCode",
            ValidationRule::Required,
        ),
        ("cardList", json!({}), "bankCardList", ValidationRule::Required),
        (
            "cardList",
            json!({"bankCardList": {}}),
            "bankCardList",
            ValidationRule::Type {
                expected: "array".into(),
            },
        ),
        (
            "cardList",
            json!({"bankCardList": [{"cardNo": "1", "cardType": 3, "bankCode": "CCB", "bankName": "n", "phone": "p"}]}),
            "bankCardList[0].cardType",
            ValidationRule::OneOf {
                allowed: vec!["1".into(), "2".into()],
            },
        ),
        (
            "cardList",
            json!({"bankCardList": [{"cardNo": "1", "cardType": "1", "bankCode": "CCB", "bankName": "n", "phone": "p"}]}),
            "bankCardList[0].cardType",
            ValidationRule::Type {
                expected: "integer".into(),
            },
        ),
        (
            "bankList",
            json!({"bankList": [{"bankName": "n", "bankCode": "ABC", "timesLimit": "5e5", "dayLimit": 1}]}),
            "bankList[0].timesLimit",
            ValidationRule::Format {
                expected: "non-negative decimal yuan".into(),
            },
        ),
        (
            "bankList",
            json!({"bankList": [{"bankName": "n", "bankCode": "ABC", "timesLimit": 1}]}),
            "bankList[0].dayLimit",
            ValidationRule::Required,
        ),
    ];
    for (op, fields, field, rule) in cases {
        assert_eq!(
            validation_rule(encode_resp(&server, op, &obj(fields)).unwrap_err(), field),
            rule,
            "{op} {field}"
        );
    }
    let mut r = rng();
    assert_eq!(
        validation_rule(
            server
                .encode_error_response(0, "x", &mut ctx_at(&mut r, NOW))
                .unwrap_err(),
            "code"
        ),
        ValidationRule::Format {
            expected: "a non-zero error code".into()
        }
    );
}

// ---------------------------------------------------------------------------------------------
// unified model

fn unified_apply() -> BindCardApply {
    BindCardApply {
        user_id: "u-10001".into(),
        card_number: CardNumber::new("card", "6222022005001212726").unwrap(),
        phone: Phone::new("phone", "13420504517").unwrap(),
        holder_name: None,
        id_number: None,
        bank: None,
        card_type: None,
        order_id: Some("LOAN-2024-0001".into()),
        verify_code: None,
        extra: obj(json!({"bizType": "repay"})),
    }
}

fn unified_confirm() -> BindCardConfirm {
    BindCardConfirm {
        user_id: "u-10001".into(),
        confirm_token: Some("234051213805486090".into()),
        verify_code: VerifyCode::new("code", "123456").unwrap(),
        order_id: None,
        extra: Map::new(),
    }
}

#[test]
fn unified_requests_map_onto_every_operation() {
    let codec = partner(YixinProfile::default());
    let card = CardNumber::new("card", "6222022005001212726").unwrap();
    let (apply, confirm) = (unified_apply(), unified_confirm());
    let cases = vec![
        (UnifiedRequest::BindCardApply(apply.clone()), "bindCard"),
        (UnifiedRequest::BindCardConfirm(confirm.clone()), "verifyCode"),
        (
            UnifiedRequest::ListBoundCards {
                user_id: "u-10001".into(),
            },
            "cardList",
        ),
        (
            UnifiedRequest::ListSupportedBanks {
                user_id: Some("u-10001".into()),
                card_type: None,
            },
            "bankList",
        ),
        (
            UnifiedRequest::LookupCardBank {
                card_number: card.clone(),
            },
            "cardBank",
        ),
        (
            UnifiedRequest::CheckAgreementNeeded {
                user_id: "u-10001".into(),
                card_number: card,
            },
            "needCardSign",
        ),
    ];
    for (req, op) in cases {
        let (got_op, wire) = codec.to_wire(&req).unwrap();
        assert_eq!(got_op, op);
        let mut expected = request_params(op);
        let mut got = wire.clone();
        expected.sort_keys();
        got.sort_keys();
        assert_eq!(got, expected, "{op}");
        let mut r = rng();
        assert!(codec.encode_unified(&req, &mut ctx_at(&mut r, NOW)).is_ok());
    }
}

#[test]
fn unified_requests_missing_what_yixin_needs_are_refused() {
    let codec = partner(YixinProfile::default());
    let (apply, confirm) = (unified_apply(), unified_confirm());
    let mut with_code = apply.clone();
    with_code.verify_code = Some(VerifyCode::new("code", "123456").unwrap());
    assert_eq!(
        validation_rule(
            codec.to_wire(&UnifiedRequest::BindCardApply(with_code)).unwrap_err(),
            "verifyCode"
        ),
        ValidationRule::UnknownField,
        "a code on apply would be silently dropped: use BindCardConfirm"
    );
    let mut no_type = apply;
    no_type.extra.clear();
    assert_eq!(
        validation_rule(
            codec.to_wire(&UnifiedRequest::BindCardApply(no_type)).unwrap_err(),
            "bizType"
        ),
        ValidationRule::Required
    );
    let mut no_token = confirm;
    no_token.confirm_token = None;
    assert_eq!(
        validation_rule(
            codec.to_wire(&UnifiedRequest::BindCardConfirm(no_token)).unwrap_err(),
            "bizId"
        ),
        ValidationRule::Required
    );
    assert_eq!(
        validation_rule(
            codec
                .to_wire(&UnifiedRequest::ListSupportedBanks {
                    user_id: None,
                    card_type: None
                })
                .unwrap_err(),
            "outerUserNo"
        ),
        ValidationRule::Required
    );
    let other = UnifiedRequest::Other {
        operation: Operation::UserAdmission,
        fields: Map::new(),
    };
    assert!(matches!(
        codec.to_wire(&other),
        Err(CodecError::UnsupportedOperation { .. })
    ));
}

// ---------------------------------------------------------------------------------------------
// masking

#[test]
fn debug_and_errors_never_show_personal_data_or_keys() {
    let client = partner(YixinProfile::default());
    let server = provider(YixinProfile::default());
    let req = encode_req(&client, "bindCard", &request_params("bindCard"), NOW).unwrap();
    let decoded = decode_req(&server, &req, NOW).unwrap();
    let resp = encode_resp(&server, "cardList", &response_fields("cardList")).unwrap();
    let listed = decode_resp(&client, "cardList", &resp).unwrap();
    let cards = yixin::card_list(&listed.fields).unwrap();
    let verify = encode_req(&client, "verifyCode", &request_params("verifyCode"), NOW).unwrap();
    let verify = decode_req(&server, &verify, NOW).unwrap();
    let shown = format!("{decoded:?} {listed:?} {cards:?} {verify:?} {req:?} {resp:?}");
    for secret in [
        "6222022005001212726",
        "13420504517",
        "4340626190606023",
        "18356670064",
        "123456",
    ] {
        assert!(!shown.contains(secret), "{secret} leaked: {shown}");
    }
    assert!(shown.contains("6222***********2726") && shown.contains("183****0064"));

    for (op, field, value) in [
        ("bindCard", "cardNo", "6222022005001212723"),
        ("bindCard", "phone", "2342050451"),
        ("verifyCode", "verifyCode", "12a456"),
    ] {
        let mut params = request_params(op);
        params.insert(field.into(), json!(value));
        let err = encode_req(&client, op, &params, NOW).unwrap_err();
        assert!(!format!("{err} {err:?}").contains(value), "{field}");
    }
    let cfg = config(PARTNER_PRIV, YIXIN_PUB, YixinProfile::default());
    let shown = format!("{cfg:?} {:?}", YixinCodec::new(cfg.clone()).unwrap());
    assert!(!shown.contains("MII"), "no key material in Debug: {shown}");
}

// ---------------------------------------------------------------------------------------------
// signature confusion (issue 15): a verified message hands out exactly what was signed
// ---------------------------------------------------------------------------------------------

fn good_public() -> Map<String, Value> {
    let good = encode_req(
        &partner(YixinProfile::default()),
        "bindCard",
        &request_params("bindCard"),
        NOW,
    )
    .unwrap();
    serde_json::from_slice(&good.body).unwrap()
}

#[test]
fn repeated_keys_are_refused_in_the_envelope_and_in_a_form_body() {
    let server = provider(YixinProfile::default());
    let text = String::from_utf8(resigned(good_public()).body).unwrap();
    assert!(decode_req(
        &server,
        &HttpRequest::post("https://g", "application/json", text.clone().into_bytes()),
        NOW
    )
    .is_ok());
    let repeated = text.replacen('{', r#"{"method":"verifyCode","#, 1);
    let err = decode_req(
        &server,
        &HttpRequest::post("https://g", "application/json", repeated.into_bytes()),
        NOW,
    )
    .unwrap_err();
    assert_eq!(malformed_field(&err), "body.method");
    let form = HttpRequest::post(
        "https://g",
        "application/x-www-form-urlencoded",
        b"appId=a&method=bindCard&method=cardList".to_vec(),
    );
    assert_eq!(malformed_field(&decode_req(&server, &form, NOW).unwrap_err()), "method");
}

#[test]
fn public_parameters_keep_their_string_type_and_do_not_re_split() {
    let server = provider(YixinProfile::default());
    // requestNo is text: as a number it would sign the same characters.
    let mut p = good_public();
    let number: u64 = 20_240_315_000_001;
    p.insert("requestNo".into(), json!(number));
    assert_eq!(
        decode_req(&server, &resigned(p), NOW).unwrap_err(),
        CodecError::Malformed {
            field: "requestNo".into(),
            reason: "expected a JSON string".into()
        }
    );
    // A value folding in a later parameter (`ip` holding `&method=`) is refused.
    let mut p = good_public();
    p.insert("ip".into(), json!("10.0.0.1&method=cardList"));
    let err = decode_req(&server, &resigned_unchecked(p), NOW).unwrap_err();
    assert_eq!(validation_rule(err, "ip"), ValidationRule::SplitsInSignedString);
    // A number in exponent form is not signed by its text: refused.
    let mut p = good_public();
    p.insert("timestamp".into(), serde_json::from_str("1.7104698E12").unwrap());
    let err = decode_req(&server, &resigned_unchecked(p), NOW).unwrap_err();
    assert!(matches!(
        validation_rule(err, "timestamp"),
        ValidationRule::Format { .. }
    ));
}

/// `public` with a signature over whatever its text is (no canonical checks: the decoder's job).
fn resigned_unchecked(public: Map<String, Value>) -> HttpRequest {
    let mut public = public;
    public.insert("sign".into(), json!("AAAA"));
    HttpRequest::post("https://g", "application/json", serde_json::to_vec(&public).unwrap())
}

#[test]
fn an_empty_msg_on_a_response_never_becomes_the_outcome_message() {
    let client = partner(YixinProfile::default());
    let body = json!({"code": 7, "msg": ""});
    let decoded = decode_resp(&client, "bindCard", &json_response(&body)).unwrap();
    assert_eq!(decoded.outcome.provider_message, None);
}
