//! xianjincard codec: Python-made vectors byte for byte, both roles of every operation, the
//! document's examples, spec/code agreement, validation, malformed input and masking.

mod replay_vectors;

use cardbind::encoding::{encode_hex, HexCase};
use cardbind::model::{
    Bank, BindCardApply, BindCardConfirm, CardNumber, CardType, IdNumber, Operation, PersonName, Phone, UnifiedRequest,
    ValidationError, ValidationRule, VerifyCode,
};
use cardbind::providers::xianjincard::{
    admission, status_for, supported_banks, Admission, AdmissionResult, BindStatus, EnvelopeStatus, MinAmountName,
    SCOPES, SPEC_JSON,
};
use cardbind::providers::{XianjincardCodec, XianjincardConfig};
use cardbind::rng::SeededRng;
use cardbind::spec::{Direction, ProviderSpec};
use cardbind::{
    CanonicalRule, Codec, CodecError, Context, ErrorKind, HexCase as Case, OutcomeStatus, SignatureAlgorithm,
    SignatureError, SignatureRule,
};
use cardbind::{CaseRule, Provider};
use serde_json::{json, Map, Value};

const VECTORS: &str = include_str!("../../spec/vectors/providers/xianjincard.json");
const FORM: &str = "application/x-www-form-urlencoded";

fn vectors() -> Value {
    serde_json::from_str(VECTORS).unwrap()
}

fn spec() -> ProviderSpec {
    ProviderSpec::from_json(SPEC_JSON).unwrap()
}

fn config(min_name: MinAmountName) -> XianjincardConfig {
    let v = vectors();
    let c = &v["config"];
    let mut config = XianjincardConfig::new(
        c["ua"].as_str().unwrap(),
        c["provider_to_partner_signkey"].as_str().unwrap(),
    );
    config.partner_to_provider = Some(cardbind::providers::xianjincard::XianjincardKeyPair {
        ua: c["ua"].as_str().unwrap().to_owned(),
        sign_key: c["partner_to_provider_signkey"].as_str().unwrap().to_owned(),
    });
    config.partner_endpoint = Some(c["partner_endpoint"].as_str().unwrap().to_owned());
    c["base_url"].as_str().unwrap().clone_into(&mut config.base_url);
    config.min_amount_wire_name = min_name;
    // The document's request examples (and the Python vectors made from them) omit the optional
    // timestamp, which a receiver refuses by default: the tests of other rules opt out, the
    // default is tested in `timestamp_window_uses_the_time_from_the_context`.
    config.insecure_accept_missing_timestamp = true;
    config
}

fn codec() -> XianjincardCodec {
    XianjincardCodec::new(config(MinAmountName::MinAmount)).unwrap()
}

fn obj(v: Value) -> Map<String, Value> {
    match v {
        Value::Object(m) => m,
        other => panic!("not an object: {other}"),
    }
}

/// Runs `f` with a deterministic context at `now_ms`.
/// The time the request vectors were made (their `timestamp`, 2017-07-22): the receiver's
/// replay window (on by default) accepts them at this time.
const VECTOR_NOW_MS: i64 = 1_500_693_926_000;

fn with_ctx<T>(now_ms: Option<i64>, f: impl FnOnce(&mut Context<'_>) -> T) -> T {
    let mut rng = SeededRng::from_seed([7; 32]);
    let mut ctx = Context::new(&mut rng, now_ms);
    f(&mut ctx)
}

fn form_request(body: impl Into<Vec<u8>>) -> cardbind::model::HttpRequest {
    cardbind::model::HttpRequest::post("https://partner.example/xianjincard/gate", FORM, body.into())
}

fn json_response(body: &str) -> cardbind::model::HttpResponse {
    cardbind::model::HttpResponse::new(200, "application/json", body.as_bytes().to_vec())
}

/// A form body for `call`/`args` signed with the codec's own rule (whose correctness the vector
/// tests establish), for malformed-`args` tests.
fn signed_body(codec: &XianjincardCodec, operation: &str, call: &str, args: &str) -> String {
    let message = codec.string_to_sign(operation, args).unwrap();
    let sign = encode_hex(&cardbind::digest::md5(&[&message]), HexCase::Lower);
    cardbind::form::encode([
        ("ua", "SH_XJ360_POA"),
        ("call", call),
        ("args", args),
        ("sign", sign.as_str()),
    ])
}

fn decode_err(codec: &XianjincardCodec, body: &[u8]) -> CodecError {
    with_ctx(Some(VECTOR_NOW_MS), |ctx| {
        codec.decode_request(&form_request(body), ctx)
    })
    .unwrap_err()
}

fn validation(err: CodecError) -> ValidationError {
    match err {
        CodecError::Validation(v) => v,
        other => panic!("expected a validation error, got {other:?}"),
    }
}

fn malformed_field(err: &CodecError) -> String {
    match err {
        CodecError::Malformed { field, .. } => field.clone(),
        other => panic!("expected Malformed, got {other:?}"),
    }
}

/// The field a received-message error names: malformed, or (worded as such) missing.
fn received_error_field(err: &CodecError) -> String {
    match err {
        CodecError::Validation(ValidationError {
            field,
            rule: ValidationRule::Required,
        }) => field.clone(),
        other => malformed_field(other),
    }
}

// ------------------------------------------------------------------------------------------
// Independent vectors
// ------------------------------------------------------------------------------------------

#[test]
fn request_vectors_match_python_byte_for_byte_and_decode_in_the_server_role() {
    let codec = codec();
    let v = vectors();
    for case in v["requests"].as_array().unwrap() {
        let id = case["id"].as_str().unwrap();
        let op = case["operation"].as_str().unwrap();
        let args = case["args"].as_str().unwrap();
        let canonical = codec.string_to_sign(op, args).unwrap();
        assert_eq!(
            String::from_utf8(canonical).unwrap(),
            case["canonical"],
            "{id}: string to sign"
        );

        let body = case["body"].as_str().unwrap();
        if case["rust_encodes"] == true {
            let now = case["timestamp"].as_str().map(|t| t.parse::<i64>().unwrap() * 1000);
            let params = obj(case["params"].clone());
            let request = with_ctx(now, |ctx| codec.encode_request(op, &params, ctx)).unwrap();
            assert_eq!(
                String::from_utf8(request.body.clone()).unwrap(),
                body,
                "{id}: form body"
            );
            assert_eq!(request.url, case["url"], "{id}: url");
            assert_eq!(request.header("Content-Type"), Some(FORM));
            assert_eq!(request.method, cardbind::model::Method::Post);
        }

        let decoded = with_ctx(Some(VECTOR_NOW_MS), |ctx| {
            codec.decode_request(&form_request(body), ctx)
        })
        .unwrap_or_else(|e| panic!("{id}: {e}"));
        assert_eq!(decoded.operation, op, "{id}");
        // Python's hashlib over `call` and the exact `args` bytes: `timestamp` is unsigned.
        let replay = replay_vectors::expected("xianjincard", "requests", id);
        assert!(replay.is_some(), "{id}: the generator lists every request");
        assert_eq!(decoded.replay_key, replay, "{id}: replay key");
        assert_eq!(Value::Object(decoded.fields), case["params"], "{id}: fields");
        assert_eq!(decoded.signature, cardbind::model::SignatureCheck::Verified);
    }
    assert_eq!(
        v["requests"].as_array().unwrap().len(),
        replay_vectors::count("xianjincard")
    );
}

#[test]
fn args_are_verified_as_received_never_re_serialised() {
    let codec = codec();
    let v = vectors();
    let case = v["requests"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == "approve-feedback-php-escaped")
        .unwrap();
    // The PHP-style args (\u escapes, spaces) verify under the sign made over those bytes...
    let body = case["body"].as_str().unwrap();
    let decoded = with_ctx(Some(VECTOR_NOW_MS), |ctx| {
        codec.decode_request(&form_request(body), ctx)
    })
    .unwrap();
    assert_eq!(decoded.fields["approve_message"], "审核通过");
    // ...and not under the sign of the compact re-serialisation of the same object.
    let resigned = body.replace(
        case["sign"].as_str().unwrap(),
        case["sign_if_reserialised"].as_str().unwrap(),
    );
    let err = decode_err(&codec, resigned.as_bytes());
    assert_eq!(
        err,
        CodecError::Signature {
            field: "sign".into(),
            source: SignatureError::Mismatch,
            claimed_operation: Some("PartnerGate.Order.approveFeedback".into()),
        }
    );
}

#[test]
fn response_vectors_match_python_byte_for_byte_in_both_roles() {
    let v = vectors();
    for case in v["responses"].as_array().unwrap() {
        let id = case["id"].as_str().unwrap();
        let op = case["operation"].as_str().unwrap();
        let min_name = match case["min_amount_wire_name"].as_str().unwrap() {
            "min_amunt" => MinAmountName::MinAmunt,
            _ => MinAmountName::MinAmount,
        };
        let codec = XianjincardCodec::new(config(min_name)).unwrap();
        let fields = obj(case["fields"].clone());
        let response = with_ctx(None, |ctx| codec.encode_response(op, &fields, ctx)).unwrap();
        assert_eq!(
            String::from_utf8(response.body.clone()).unwrap(),
            case["body"],
            "{id}: body"
        );
        assert_eq!(response.status, 200);
        assert_eq!(response.header("content-type"), Some("application/json; charset=utf-8"));

        let decoded = with_ctx(None, |ctx| codec.decode_response(op, &response, ctx)).unwrap();
        let mut expected = fields.clone();
        expected.remove("status");
        expected.remove("message");
        if min_name == MinAmountName::MinAmunt {
            // Both spellings are kept: the received one and the normalised `min_amount`.
            let mut with_alias = Map::new();
            for (k, v) in &expected {
                if k == "min_amount" {
                    with_alias.insert("min_amunt".into(), v.clone());
                } else {
                    with_alias.insert(k.clone(), v.clone());
                }
            }
            with_alias.insert("min_amount".into(), expected["min_amount"].clone());
            expected = with_alias;
        }
        assert_eq!(decoded.fields, expected, "{id}: fields");
        let (status, code) = match id {
            "admission-ok" | "admission-ok-min-amunt" | "bind-ok" => (OutcomeStatus::Succeeded, "200"),
            "admission-loan-outstanding" => (failed(ErrorKind::UserNotEligible), "401"),
            "admission-other" => (failed(ErrorKind::UserNotEligible), "505"),
            "bank-list" | "approve-feedback-ack" | "bind-result-ack" => (OutcomeStatus::Succeeded, "1"),
            "bind-sms-sent" => (OutcomeStatus::CodeSent { confirm_token: None }, "100"),
            "bind-refused" => (failed(ErrorKind::Rejected), "505"),
            // An undocumented status, refined by its message (spec `unlisted_refinements`).
            "failure-envelope" => (failed(ErrorKind::SignatureInvalid), "0"),
            other => panic!("no expectation for {other}"),
        };
        assert_eq!(decoded.outcome.status, status, "{id}");
        assert_eq!(decoded.outcome.provider_code, code, "{id}");
    }
}

fn failed(kind: ErrorKind) -> OutcomeStatus {
    OutcomeStatus::Failed {
        kind,
        retryable: kind.retryable(),
    }
}

#[test]
fn sign_is_verified_case_insensitively_and_emitted_lower_case() {
    let codec = codec();
    let v = vectors();
    let case = &v["requests"][0];
    let sign = case["sign"].as_str().unwrap();
    assert!(sign.bytes().all(|b| !b.is_ascii_uppercase()));
    let upper = case["body"].as_str().unwrap().replace(sign, &sign.to_ascii_uppercase());
    assert_ne!(upper, case["body"].as_str().unwrap());
    with_ctx(Some(VECTOR_NOW_MS), |ctx| {
        codec.decode_request(&form_request(upper.as_bytes()), ctx)
    })
    .unwrap();
}

// ------------------------------------------------------------------------------------------
// Signatures: tampering, per-direction keys
// ------------------------------------------------------------------------------------------

#[test]
fn tampered_wrong_or_missing_sign_is_signature_invalid() {
    let codec = codec();
    let v = vectors();
    let case = v["requests"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == "apply-bind-card-send-sms")
        .unwrap();
    let body = case["body"].as_str().unwrap();
    let sign = case["sign"].as_str().unwrap();
    // Each failure still names the call the request claims (so the partner can answer in its
    // shape), unauthenticated as it is.
    let claiming = |call: &str, source| CodecError::Signature {
        field: "sign".into(),
        source,
        claimed_operation: Some(call.to_owned()),
    };
    let sig_err = |source| claiming("BindCard.applyBindCard", source);

    // One digit of the card number changed inside args.
    let tampered = body.replace("6222022005001212726", "6222022005001212734");
    let err = decode_err(&codec, tampered.as_bytes());
    assert_eq!(err, sig_err(SignatureError::Mismatch));
    assert_eq!(err.kind(), ErrorKind::SignatureInvalid);

    // A different call under the same sign.
    let moved = body.replace("call=BindCard.applyBindCard", "call=User.isUserAccept");
    assert_eq!(
        decode_err(&codec, moved.as_bytes()),
        claiming("User.isUserAccept", SignatureError::Mismatch)
    );

    let missing = body.replace(&format!("&sign={sign}"), "");
    assert_eq!(decode_err(&codec, missing.as_bytes()), sig_err(SignatureError::Missing));
    let empty = body.replace(sign, "");
    assert_eq!(decode_err(&codec, empty.as_bytes()), sig_err(SignatureError::Missing));
    let not_hex = body.replace(sign, "zz");
    assert_eq!(
        decode_err(&codec, not_hex.as_bytes()),
        sig_err(SignatureError::MalformedHex)
    );

    let other_ua = body.replace("ua=SH_XJ360_POA", "ua=SH_OTHER");
    assert_eq!(
        decode_err(&codec, other_ua.as_bytes()),
        CodecError::Signature {
            field: "ua".into(),
            source: SignatureError::Mismatch,
            claimed_operation: Some("BindCard.applyBindCard".into()),
        }
    );
}

#[test]
fn each_direction_has_its_own_signkey() {
    let v = vectors();
    // A codec that knows only the platform→partner key cannot verify partner→platform calls
    // made with the partner's key, and vice versa.
    let mut one_key = config(MinAmountName::MinAmount);
    one_key.partner_to_provider = None;
    let one_key = XianjincardCodec::new(one_key).unwrap();
    let both = codec();
    for case in v["requests"].as_array().unwrap() {
        let body = case["body"].as_str().unwrap().as_bytes();
        let result = with_ctx(Some(VECTOR_NOW_MS), |ctx| {
            one_key.decode_request(&form_request(body), ctx)
        });
        match case["direction"].as_str().unwrap() {
            "provider_to_partner" => assert!(result.is_ok(), "{}", case["id"]),
            _ => assert_eq!(
                result.unwrap_err().kind(),
                ErrorKind::SignatureInvalid,
                "{}",
                case["id"]
            ),
        }
        with_ctx(Some(VECTOR_NOW_MS), |ctx| both.decode_request(&form_request(body), ctx)).unwrap();
    }
}

// ------------------------------------------------------------------------------------------
// Both roles, every operation
// ------------------------------------------------------------------------------------------

/// A valid request and a valid success answer for each operation.
fn samples(op: &str) -> (Value, Value) {
    match op {
        "User.isUserAccept" => (
            json!({"user_name": "王五", "user_phone": "13800138***", "user_idcard": "11010519491231****"}),
            json!({"result": 200, "amount": 300_000, "terms": [3, 6], "term_type": 2, "loan_mode": 1}),
        ),
        "BindCard.getValidBankList" => (
            json!({}),
            json!({"response": [{"bank_name": "邮储银行", "bank_code": "POST"}, {"bank_name": "广发银行", "bank_code": "GDB"}]}),
        ),
        "BindCard.applyBindCard" => (
            json!({"bank_code": "CITIC", "user_name": "欧阳娜娜", "user_idcard": "11010519491231002X",
                   "card_number": "4111111111111111", "card_phone": "13420504517", "user_phone": "13420504517",
                   "echo_data": "pid=9", "verify_code": "123456", "card_type": "2"}),
            json!({"bind_status": "200"}),
        ),
        "PartnerGate.Order.approveFeedback" => (json!({"order_id": "O-1", "approve_result": "OK"}), json!({})),
        "PartnerGate.Order.bindCardFeedback" => (
            json!({"echo_data": "pid=9", "bind_status": "401", "remark": "认证信息不匹配"}),
            json!({}),
        ),
        other => panic!("no sample for {other}"),
    }
}

#[test]
fn every_operation_round_trips_in_both_roles() {
    let codec = codec();
    for op in codec.operations() {
        let (params, answer) = samples(op);
        let params = obj(params);
        // Client role encodes; server role decodes.
        let request = with_ctx(Some(1_700_000_000_123), |ctx| codec.encode_request(op, &params, ctx)).unwrap();
        let decoded = with_ctx(Some(1_700_000_000_123), |ctx| codec.decode_request(&request, ctx)).unwrap();
        assert_eq!(decoded.operation, op);
        assert_eq!(decoded.fields, params, "{op}");
        let direction = spec().operation(op).unwrap().direction;
        let expected_url = match direction {
            Direction::ProviderToPartner => "https://partner.example/xianjincard/gate",
            Direction::PartnerToProvider => "http://svc-poa.xianjincard.com/v1/",
        };
        assert_eq!(request.url, expected_url, "{op}");
        assert!(String::from_utf8(request.body.clone())
            .unwrap()
            .ends_with("&timestamp=1700000000"));
        // Server role answers; client role decodes.
        let answer = obj(answer);
        let response = with_ctx(None, |ctx| codec.encode_response(op, &answer, ctx)).unwrap();
        let decoded = with_ctx(None, |ctx| codec.decode_response(op, &response, ctx)).unwrap();
        assert_eq!(decoded.fields, answer, "{op}");
        assert!(decoded.outcome.is_success(), "{op}: {:?}", decoded.outcome);
    }
}

#[test]
fn hints_come_from_the_spec_and_no_time_means_no_timestamp() {
    let codec = codec();
    let (params, _) = samples("BindCard.applyBindCard");
    let request = with_ctx(None, |ctx| {
        codec.encode_request("BindCard.applyBindCard", &obj(params), ctx)
    })
    .unwrap();
    assert!(!String::from_utf8(request.body.clone()).unwrap().contains("timestamp"));
    assert!(!request.hints.idempotent);
    let request = with_ctx(None, |ctx| {
        codec.encode_request("BindCard.getValidBankList", &Map::new(), ctx)
    })
    .unwrap();
    assert!(request.hints.idempotent);
    // With no business fields the args are `{}`, not empty.
    assert!(String::from_utf8(request.body).unwrap().contains("&args=%7B%7D&"));
}

// ------------------------------------------------------------------------------------------
// The document's examples
// ------------------------------------------------------------------------------------------

fn decode_doc(op: &str, body: &str) -> cardbind::DecodedResponse {
    with_ctx(None, |ctx| codec().decode_response(op, &json_response(body), ctx)).unwrap()
}

/// The document's answer examples, with keys quoted and trailing commas dropped: the document
/// writes JS-like objects although it requires JSON on the wire.
#[test]
fn document_answer_examples_decode_with_the_documented_outcomes() {
    let ok = decode_doc(
        "User.isUserAccept",
        r#"{"status": 1, "message": "success", "response": {"result": 200, "amount": 150000,
            "min_amount": 100000, "terms": [7,14,30], "term_type": 1, "loan_mode": 0}}"#,
    );
    assert_eq!(ok.outcome.status, OutcomeStatus::Succeeded);
    assert_eq!(ok.fields["min_amount"].to_string(), "100000");
    assert_eq!(ok.fields["amount"].to_string(), "150000");

    // The general example of section 1.3 carries a `user_id` the tables never mention: the spec
    // lists it from that example, so it is kept.
    let general = decode_doc(
        "User.isUserAccept",
        r#"{"status": 1, "message": "success", "response": {"result": 200, "loan_mode": 0,
            "user_id": "838f5c94a7db105e3948aa40e982427a"}}"#,
    );
    assert!(general.outcome.is_success());
    assert_eq!(general.fields["user_id"], "838f5c94a7db105e3948aa40e982427a");

    let outstanding = decode_doc(
        "User.isUserAccept",
        r#"{"status": 1, "message": "success", "response": {"result": 401, "can_loan_time": "2017-10-01"}}"#,
    );
    assert_eq!(outstanding.outcome.error_kind(), Some(ErrorKind::UserNotEligible));
    assert_eq!(outstanding.outcome.provider_code, "401");
    assert_eq!(outstanding.outcome.provider_message.as_deref(), Some("success"));

    let other = decode_doc(
        "User.isUserAccept",
        r#"{"status": 1, "message": "success", "response": {"result": 505, "can_loan_time": "2017-12-01",
            "remark": "您之前的借款订单未通过审核，2017年12月01日可再次申请。"}}"#,
    );
    assert_eq!(other.outcome.error_kind(), Some(ErrorKind::UserNotEligible));
    assert_eq!(
        other.outcome.provider_message.as_deref(),
        Some("您之前的借款订单未通过审核，2017年12月01日可再次申请。")
    );

    let banks = decode_doc(
        "BindCard.getValidBankList",
        r#"{"status": 1, "message": "success", "response": [
            {"bank_name": "工商银行", "bank_code": "ICBC", "bank_title": "单笔1W/日2W/月2W",
             "bank_icon": "https://h5.u51.com/99fenqi/image/logo/ICBC20161031.png"},
            {"bank_name": "中国银行", "bank_code": "BOC", "bank_title": "单笔5W/日20W/月20W",
             "bank_icon": "https://h5.u51.com/99fenqi/image/logo/BOC20161031.png"}]}"#,
    );
    assert!(banks.outcome.is_success());
    assert_eq!(supported_banks(&banks).unwrap(), vec![Bank::Icbc, Bank::Boc]);

    let bound = decode_doc(
        "BindCard.applyBindCard",
        r#"{"status": 1, "message": "success", "response": {"bind_status": "200", "remark": "success"}}"#,
    );
    assert_eq!(bound.outcome.status, OutcomeStatus::Succeeded);
    let refused = decode_doc(
        "BindCard.applyBindCard",
        r#"{"status": 1, "message": "success", "response": {"bind_status": "505", "remark": "其它错误原因请备注"}}"#,
    );
    assert_eq!(refused.outcome.error_kind(), Some(ErrorKind::Rejected));
    assert_eq!(refused.outcome.provider_message.as_deref(), Some("其它错误原因请备注"));

    let ack = decode_doc(
        "PartnerGate.Order.approveFeedback",
        r#"{"status": 1, "message": "success", "response": null}"#,
    );
    assert!(ack.outcome.is_success());
    assert!(ack.fields.is_empty());
}

#[test]
fn document_quirks_decode_tolerantly_and_are_refused_on_encode() {
    let codec = codec();
    // The table's spelling `min_amunt` decodes and also appears as `min_amount`.
    let table = decode_doc(
        "User.isUserAccept",
        r#"{"status":"1","message":"success","response":{"result":"200","amount":150000,"min_amunt":100000,"terms":[7],"term_type":1,"loan_mode":0}}"#,
    );
    assert!(table.outcome.is_success());
    assert_eq!(table.fields["min_amount"].to_string(), "100000");
    assert_eq!(table.fields["min_amunt"].to_string(), "100000");

    // The table's example date 2017-02-29 does not exist: decoded as given...
    let bad_date = decode_doc(
        "User.isUserAccept",
        r#"{"status":1,"message":"success","response":{"result":401,"can_loan_time":"2017-02-29"}}"#,
    );
    assert_eq!(bad_date.fields["can_loan_time"], "2017-02-29");
    // ...refused when encoding.
    let err = with_ctx(None, |ctx| {
        codec.encode_response(
            "User.isUserAccept",
            &obj(json!({"result": 401, "can_loan_time": "2017-02-29"})),
            ctx,
        )
    })
    .unwrap_err();
    assert_eq!(err.to_string(), "can_loan_time: must have the format yyyy-MM-dd");

    // The document's apply example (Luhn-invalid card, bad ID check digit) decodes (see the
    // `doc-apply-bind-card-example` vector) but cannot be encoded.
    let v = vectors();
    let doc = v["requests"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == "doc-apply-bind-card-example")
        .unwrap();
    let mut params = obj(doc["params"].clone());
    let err = with_ctx(None, |ctx| codec.encode_request("BindCard.applyBindCard", &params, ctx)).unwrap_err();
    assert_eq!(
        validation(err),
        ValidationError::new("user_idcard", ValidationRule::IdNumberChecksum)
    );
    params.insert("user_idcard".into(), json!("11010519491231002X"));
    let err = with_ctx(None, |ctx| codec.encode_request("BindCard.applyBindCard", &params, ctx)).unwrap_err();
    assert_eq!(
        validation(err),
        ValidationError::new("card_number", ValidationRule::Luhn)
    );
}

// ------------------------------------------------------------------------------------------
// Spec and code agree; the document is fully in the spec
// ------------------------------------------------------------------------------------------

/// Operations named in the provider document (plus the callback PROTOCOLS.md describes).
const DOC_OPERATIONS: [&str; 4] = [
    "User.isUserAccept",
    "BindCard.getValidBankList",
    "BindCard.applyBindCard",
    "PartnerGate.Order.approveFeedback",
];

/// Every code in the document: (scope, code).
const DOC_CODES: [(&str, &str); 14] = [
    ("status", "1"),
    ("result", "200"),
    ("result", "301"),
    ("result", "401"),
    ("result", "402"),
    ("result", "403"),
    ("result", "505"),
    ("bind_status", "100"),
    ("bind_status", "200"),
    ("bind_status", "401"),
    ("bind_status", "402"),
    ("bind_status", "403"),
    ("bind_status", "501"),
    ("bind_status", "505"),
];

/// The document's bank-code table (银行Code映射关系).
const DOC_BANKS: [(&str, &str); 23] = [
    ("工商银行", "ICBC"),
    ("农业银行", "ABC"),
    ("中国银行", "BOC"),
    ("建设银行", "CCB"),
    ("交通银行", "BCOM"),
    ("民生银行", "CMBC"),
    ("招商银行", "CMB"),
    ("邮储银行", "POST"),
    ("平安银行", "PAB"),
    ("中信银行", "CITIC"),
    ("光大银行", "CEB"),
    ("兴业银行", "CIB"),
    ("广发银行", "GDB"),
    ("华夏银行", "HXB"),
    ("南京银行", "NJCB"),
    ("浦发银行", "SPDB"),
    ("北京银行", "BOB"),
    ("杭州银行", "HZB"),
    ("宁波银行", "NBCB"),
    ("浙商银行", "CZB"),
    ("徽商银行", "HSB"),
    ("渤海银行", "CBHB"),
    ("汉口银行", "HKBANK"),
];

#[test]
fn operations_in_spec_and_code_agree_and_cover_the_document() {
    let spec = spec();
    let codec = codec();
    let in_spec: Vec<&str> = spec.operations.iter().map(|o| o.name.as_str()).collect();
    assert_eq!(codec.operations(), in_spec);
    for name in DOC_OPERATIONS {
        assert!(in_spec.contains(&name), "{name} missing from spec");
    }
    assert_eq!(spec.provider, "xianjincard");
    for op in &spec.operations {
        // The spec's unified name maps back onto the same operation through to_wire.
        let unified: Operation = serde_json::from_value(json!(op.unified)).unwrap();
        let request = UnifiedRequest::Other {
            operation: unified,
            fields: Map::new(),
        };
        assert_eq!(codec.to_wire(&request).unwrap().0, op.name);
        assert_eq!(op.method, "POST");
        assert_eq!(op.content_type, FORM);
        assert_eq!(op.path, op.name, "the call selects the operation");
        let expected = if op.name.starts_with("PartnerGate.") {
            Direction::PartnerToProvider
        } else {
            Direction::ProviderToPartner
        };
        assert_eq!(op.direction, expected, "{}", op.name);
    }
}

#[test]
fn codes_in_spec_and_code_agree_without_duplicates_and_cover_the_document() {
    let spec = spec();
    let mut seen = std::collections::HashSet::new();
    for code in &spec.codes {
        assert!(
            seen.insert((code.scope.clone(), code.code.clone())),
            "duplicate {code:?}"
        );
        assert!(SCOPES.contains(&code.scope.as_str()), "{}", code.scope);
        let expected = match (code.outcome.as_str(), code.kind) {
            ("succeeded", None) => OutcomeStatus::Succeeded,
            ("code_sent", None) => OutcomeStatus::CodeSent { confirm_token: None },
            ("failed", Some(kind)) => failed(kind),
            other => panic!("bad spec outcome {other:?}"),
        };
        assert_eq!(
            status_for(&code.scope, &code.code),
            Some(expected),
            "{} {}",
            code.scope,
            code.code
        );
    }
    // Code to spec: every enum value is in the spec.
    let all: Vec<(&str, &str)> = BindStatus::ALL
        .iter()
        .map(|s| ("bind_status", s.as_wire()))
        .chain(AdmissionResult::ALL.iter().map(|s| ("result", s.as_wire())))
        .chain(EnvelopeStatus::ALL.iter().map(|s| ("status", s.as_wire())))
        .collect();
    assert_eq!(all.len(), spec.codes.len());
    for (scope, code) in all {
        assert!(seen.contains(&(scope.to_owned(), code.to_owned())), "{scope} {code}");
    }
    for (scope, code) in DOC_CODES {
        assert!(
            seen.contains(&(scope.to_owned(), code.to_owned())),
            "doc code {scope} {code}"
        );
    }
    // Enum values listed on fields agree with the code tables.
    for (op, field, scope) in [
        ("BindCard.applyBindCard", "bind_status", "bind_status"),
        ("PartnerGate.Order.bindCardFeedback", "bind_status", "bind_status"),
        ("User.isUserAccept", "result", "result"),
    ] {
        let op = spec.operation(op).unwrap();
        let field = op.response.iter().chain(&op.request).find(|f| f.name == field).unwrap();
        let mut values: Vec<&str> = field.values.iter().map(|v| v.value.as_str()).collect();
        let mut codes: Vec<&str> = spec
            .codes
            .iter()
            .filter(|c| c.scope == scope)
            .map(|c| c.code.as_str())
            .collect();
        values.sort_unstable();
        codes.sort_unstable();
        assert_eq!(values, codes);
    }
}

#[test]
fn unknown_codes_decode_to_unknown_keeping_the_raw_code() {
    let unknown = decode_doc(
        "BindCard.applyBindCard",
        r#"{"status":1,"message":"success","response":{"bind_status":"999"}}"#,
    );
    assert_eq!(unknown.outcome.error_kind(), Some(ErrorKind::Unknown));
    assert_eq!(unknown.outcome.provider_code, "999");
    let unknown = decode_doc(
        "User.isUserAccept",
        r#"{"status":1,"message":"success","response":{"result":302}}"#,
    );
    assert_eq!(unknown.outcome.error_kind(), Some(ErrorKind::Unknown));
    assert_eq!(unknown.outcome.provider_code, "302");
    let status = decode_doc("BindCard.getValidBankList", r#"{"status":-1,"message":"系统繁忙"}"#);
    assert_eq!(status.outcome.error_kind(), Some(ErrorKind::Unknown));
    assert_eq!(status.outcome.provider_code, "-1");
    assert_eq!(status.outcome.provider_message.as_deref(), Some("系统繁忙"));
    assert_eq!(status_for("bind_status", "999"), None);
    assert_eq!(status_for("nope", "200"), None);
}

#[test]
fn signature_rule_in_spec_is_k_call_k_args_k_md5_lower_verified_either_case() {
    let expected = SignatureRule {
        canonical: CanonicalRule::xianjincard(),
        algorithm: SignatureAlgorithm::Md5Hex {
            salt_prefix: None,
            case: Case::Lower,
            verify_case: CaseRule::Insensitive,
        },
    };
    assert_eq!(codec().signature_rule(), &expected);
    let from_spec: SignatureRule = serde_json::from_value(spec().signature["rule"].clone()).unwrap();
    assert_eq!(from_spec, expected);
}

#[test]
fn bank_table_matches_the_document() {
    for (name, code) in DOC_BANKS {
        let bank = Bank::from_code(Provider::Xianjincard, code).unwrap_or_else(|| panic!("{code}"));
        assert_eq!(bank.name_zh(), name);
        assert_eq!(bank.code_for(Provider::Xianjincard), Some(code));
    }
    assert_eq!(Bank::ALL.len(), DOC_BANKS.len());
    // Other providers' spellings are not xianjincard codes.
    let mut params = obj(samples("BindCard.applyBindCard").0);
    for foreign in ["BOCOM", "PSBC", "ECITIC", "CGB", "icbc"] {
        params.insert("bank_code".into(), json!(foreign));
        let err = with_ctx(None, |ctx| {
            codec().encode_request("BindCard.applyBindCard", &params, ctx)
        })
        .unwrap_err();
        assert_eq!(
            validation(err),
            ValidationError::new("bank_code", ValidationRule::UnsupportedBank)
        );
    }
}

#[test]
fn pii_fields_in_spec_are_masked_in_debug() {
    let spec = spec();
    let (params, _) = samples("BindCard.applyBindCard");
    let decoded = {
        let codec = codec();
        let request = with_ctx(None, |ctx| {
            codec.encode_request("BindCard.applyBindCard", &obj(params.clone()), ctx)
        })
        .unwrap();
        with_ctx(Some(VECTOR_NOW_MS), |ctx| codec.decode_request(&request, ctx)).unwrap()
    };
    let listed: Vec<&str> = decoded.pii.iter().map(|(name, _)| *name).collect();
    let mut in_spec: Vec<&str> = spec
        .operations
        .iter()
        .flat_map(|o| o.request.iter().chain(&o.response))
        .filter(|f| f.pii.is_some())
        .map(|f| f.name.as_str())
        .collect();
    in_spec.sort_unstable();
    in_spec.dedup();
    let mut listed_sorted = listed.clone();
    listed_sorted.sort_unstable();
    assert_eq!(listed_sorted, in_spec);

    let debug = format!("{decoded:?}");
    for secret in [
        "欧阳娜娜",
        "11010519491231002X",
        "4111111111111111",
        "13420504517",
        "123456",
    ] {
        assert!(!debug.contains(secret), "{secret} leaked: {debug}");
    }
    assert!(debug.contains("4111********1111"));
    assert!(debug.contains("欧***"));
}

/// For each spec constraint, a value breaking it is refused with that exact rule.
#[test]
fn spec_constraints_drive_validation() {
    let spec = spec();
    let codec = codec();
    for op in &spec.operations {
        let (request, response) = samples(&op.name);
        let (request, response) = (obj(request), obj(response));
        let encode_req =
            |params: &Map<String, Value>| with_ctx(None, |ctx| codec.encode_request(&op.name, params, ctx)).map(|_| ());
        let encode_resp = |fields: &Map<String, Value>| {
            with_ctx(None, |ctx| codec.encode_response(&op.name, fields, ctx)).map(|_| ())
        };
        for (fields, base, is_request) in [(&op.request, &request, true), (&op.response, &response, false)] {
            let run = |params: &Map<String, Value>| {
                if is_request {
                    encode_req(params)
                } else {
                    encode_resp(params)
                }
            };
            run(base).unwrap();
            for field in fields {
                let name = field.name.as_str();
                if field.required == json!(true) {
                    let mut missing = base.clone();
                    missing.remove(name);
                    assert_eq!(
                        validation(run(&missing).unwrap_err()),
                        ValidationError::new(name, ValidationRule::Required),
                        "{} {name}",
                        op.name
                    );
                }
                if let Some(max) = field.max_length {
                    let mut long = base.clone();
                    long.insert(name.into(), json!("9".repeat(max + 1)));
                    // Conditional fields need their condition; the sample satisfies it or not.
                    let err = validation(run(&long).unwrap_err());
                    assert_eq!(
                        err,
                        ValidationError::new(name, ValidationRule::MaxLength { max }),
                        "{} {name}",
                        op.name
                    );
                }
                if !field.values.is_empty() {
                    let mut bad = base.clone();
                    let wrong = if field.ty == "integer" {
                        json!(999_999)
                    } else {
                        json!("999999")
                    };
                    bad.insert(name.into(), wrong);
                    let allowed = field.values.iter().map(|v| v.value.clone()).collect();
                    assert_eq!(
                        validation(run(&bad).unwrap_err()),
                        ValidationError::new(name, ValidationRule::OneOf { allowed }),
                        "{} {name}",
                        op.name
                    );
                }
            }
            let mut unknown = base.clone();
            unknown.insert("not_a_field".into(), json!("x"));
            assert_eq!(
                validation(run(&unknown).unwrap_err()),
                ValidationError::new("not_a_field", ValidationRule::UnknownField)
            );
        }
    }
    // Bank-list entries: the nested spec fields apply to each entry.
    let list = spec.operation("BindCard.getValidBankList").unwrap();
    let entry_fields = &list.response[0].fields;
    for field in entry_fields {
        if let Some(max) = field.max_length {
            let mut entry = obj(json!({"bank_name": "工商银行", "bank_code": "ICBC"}));
            entry.insert(field.name.clone(), json!("9".repeat(max + 1)));
            let fields = obj(json!({ "response": [entry] }));
            let err = with_ctx(None, |ctx| {
                codec.encode_response("BindCard.getValidBankList", &fields, ctx)
            })
            .unwrap_err();
            assert_eq!(
                validation(err),
                ValidationError::new(field.name.as_str(), ValidationRule::MaxLength { max })
            );
        }
    }
}

#[test]
fn apply_formats_are_checked_before_encoding() {
    let codec = codec();
    let apply = |changes: Value| {
        let mut params = obj(samples("BindCard.applyBindCard").0);
        for (k, v) in obj(changes) {
            params.insert(k, v);
        }
        validation(with_ctx(None, |ctx| codec.encode_request("BindCard.applyBindCard", &params, ctx)).unwrap_err())
    };
    let cases = [
        (
            json!({"card_number": "4111111111111112"}),
            "card_number",
            ValidationRule::Luhn,
        ),
        (
            json!({"card_number": "4111 1111"}),
            "card_number",
            ValidationRule::Digits,
        ),
        (
            json!({"card_phone": "23420504517"}),
            "card_phone",
            ValidationRule::MobileFormat,
        ),
        (
            json!({"user_phone": "1342050451*"}),
            "user_phone",
            ValidationRule::MobileFormat,
        ),
        (
            json!({"verify_code": "12a4"}),
            "verify_code",
            ValidationRule::VerifyCodeFormat,
        ),
        (json!({"user_name": "  "}), "user_name", ValidationRule::Required),
        (
            json!({"card_number": 4_111_111_111_111_111_u64}),
            "card_number",
            ValidationRule::Type {
                expected: "string".into(),
            },
        ),
    ];
    for (change, field, rule) in cases {
        assert_eq!(apply(change), ValidationError::new(field, rule));
    }
}

#[test]
fn admission_formats_and_conditions_are_checked_before_encoding() {
    let codec = codec();
    let rule = |field: &str, rule| ValidationError::new(field, rule);
    let admission = |request: Value| {
        validation(
            with_ctx(None, |ctx| {
                codec.encode_request("User.isUserAccept", &obj(request), ctx)
            })
            .unwrap_err(),
        )
    };
    let masked = ValidationRule::Format {
        expected: "11 characters: digits, optionally masked at the end with *".into(),
    };
    assert_eq!(
        admission(json!({"user_name": "王五", "user_phone": "1380013*8**", "user_idcard": "11010519491231****"})),
        rule("user_phone", masked)
    );
    assert_eq!(
        admission(
            json!({"user_name": "王五", "user_phone": "13800138***", "user_idcard": "11010519491231****", "md5": "xyz"})
        ),
        rule(
            "md5",
            ValidationRule::Format {
                expected: "32 hex characters".into()
            }
        )
    );

    let answer = |fields: Value| {
        validation(
            with_ctx(None, |ctx| {
                codec.encode_response("User.isUserAccept", &obj(fields), ctx)
            })
            .unwrap_err(),
        )
    };
    let ok = json!({"result": 200, "amount": 300_000, "terms": [3, 6], "term_type": 2, "loan_mode": 1});
    let mut no_amount = obj(ok.clone());
    no_amount.remove("amount");
    assert_eq!(
        answer(Value::Object(no_amount)),
        rule(
            "amount",
            ValidationRule::RequiredWhen {
                condition: "result = 200".into()
            }
        )
    );
    assert_eq!(
        answer(json!({"result": 401})),
        rule(
            "can_loan_time",
            ValidationRule::RequiredWhen {
                condition: "result != 200".into()
            }
        )
    );
    assert_eq!(
        answer(json!({"result": 505, "can_loan_time": "2017-12-01"})),
        rule(
            "remark",
            ValidationRule::RequiredWhen {
                condition: "result = 505".into()
            }
        )
    );
}

#[test]
fn admission_amounts_are_exact_integers_in_fen() {
    let codec = codec();
    let rule = |field: &str, rule| ValidationError::new(field, rule);
    let answer = |fields: Value| {
        validation(
            with_ctx(None, |ctx| {
                codec.encode_response("User.isUserAccept", &obj(fields), ctx)
            })
            .unwrap_err(),
        )
    };
    let ok = json!({"result": 200, "amount": 300_000, "terms": [3, 6], "term_type": 2, "loan_mode": 1});
    let mut with = obj(ok.clone());
    // Amounts are integers in fen, read from their text: no float, no string, no fraction.
    for bad in [json!("300000"), json!(3000.5), json!(-1), json!(1e5)] {
        with.insert("amount".into(), bad);
        assert_eq!(
            answer(Value::Object(with.clone())),
            rule(
                "amount",
                ValidationRule::Type {
                    expected: "integer".into()
                }
            )
        );
    }
    let mut min_over = obj(ok.clone());
    min_over.insert("amount".into(), json!(99_999_999_999_999_999_999_u128));
    min_over.insert("min_amount".into(), json!(100_000_000_000_000_000_000_u128));
    assert_eq!(
        answer(Value::Object(min_over.clone())),
        rule(
            "min_amount",
            ValidationRule::Format {
                expected: "at most amount".into()
            }
        )
    );
    min_over.insert("min_amount".into(), json!(99_999_999_999_999_999_999_u128));
    with_ctx(None, |ctx| codec.encode_response("User.isUserAccept", &min_over, ctx)).unwrap();
    let mut both = obj(ok.clone());
    both.insert("min_amount".into(), json!(1));
    both.insert("min_amunt".into(), json!(1));
    assert_eq!(
        answer(Value::Object(both)),
        rule(
            "min_amunt",
            ValidationRule::Format {
                expected: "only one of min_amount and min_amunt".into()
            }
        )
    );
    // `min_amunt` given as input is emitted under the configured name.
    let mut alias = obj(ok.clone());
    alias.insert("min_amunt".into(), json!(1000));
    let body = with_ctx(None, |ctx| codec.encode_response("User.isUserAccept", &alias, ctx))
        .unwrap()
        .body;
    assert!(String::from_utf8(body).unwrap().contains(r#""min_amount":1000"#));
    let mut no_terms = obj(ok.clone());
    no_terms.insert("terms".into(), json!([]));
    assert_eq!(
        answer(Value::Object(no_terms)),
        rule(
            "terms",
            ValidationRule::Format {
                expected: "positive integers".into()
            }
        )
    );
    let mut zero_term = obj(ok);
    zero_term.insert("terms".into(), json!([7, 0]));
    assert_eq!(
        answer(Value::Object(zero_term)),
        rule(
            "terms",
            ValidationRule::Format {
                expected: "positive integers".into()
            }
        )
    );
}

#[test]
fn bank_list_entries_are_checked_against_the_table_before_encoding() {
    let codec = codec();
    let rule = |field: &str, rule| ValidationError::new(field, rule);
    let list = |entry: Value| {
        let fields = obj(json!({ "response": [entry] }));
        validation(
            with_ctx(None, |ctx| {
                codec.encode_response("BindCard.getValidBankList", &fields, ctx)
            })
            .unwrap_err(),
        )
    };
    assert_eq!(
        list(json!({"bank_name": "中国银行", "bank_code": "ICBC"})),
        rule(
            "bank_name",
            ValidationRule::OneOf {
                allowed: vec!["工商银行".into()]
            }
        )
    );
    assert_eq!(
        list(json!({"bank_name": "工商银行", "bank_code": "ICBC", "bank_icon": "ftp://x/y.png"})),
        rule("bank_icon", ValidationRule::HttpUrl)
    );
    assert_eq!(
        list(json!({"bank_name": "工商银行", "bank_code": "ICBC", "extra": 1})),
        rule("extra", ValidationRule::UnknownField)
    );
}

// ------------------------------------------------------------------------------------------
// Malformed input: typed errors, never panics
// ------------------------------------------------------------------------------------------

#[test]
fn malformed_requests_are_typed_errors() {
    let codec = codec();
    let call = "BindCard.applyBindCard";
    let sign_of = |args: &str| signed_body(&codec, call, call, args);

    assert!(matches!(decode_err(&codec, b"ua=%ZZ"), CodecError::Malformed { .. }));
    assert_eq!(
        malformed_field(&decode_err(&codec, b"call=x&args=%7B%7D&sign=00")),
        "ua"
    );
    assert_eq!(
        malformed_field(&decode_err(&codec, b"ua=SH_XJ360_POA&args=%7B%7D")),
        "call"
    );
    assert_eq!(
        malformed_field(&decode_err(
            &codec,
            b"ua=SH_XJ360_POA&call=BindCard.applyBindCard&sign=00"
        )),
        "args"
    );
    let twice = format!("{}&args=%7B%7D", sign_of("{}"));
    assert_eq!(malformed_field(&decode_err(&codec, twice.as_bytes())), "args");
    assert!(matches!(
        decode_err(&codec, b"ua=SH_XJ360_POA&call=Order.pay&args=&sign=00"),
        CodecError::UnsupportedOperation {
            provider: Provider::Xianjincard,
            ref operation,
            ..
        } if operation == "Order.pay"
    ));
    // A received call is not echoed unless it looks like a name.
    let err = decode_err(&codec, "ua=SH_XJ360_POA&call=13420504517%20x&args=&sign=00".as_bytes());
    assert!(!err.to_string().contains("13420504517"), "{err}");

    // Signed correctly, but the args are not what the document describes.
    let missing = decode_err(&codec, sign_of("{\"bank_code\":\"ICBC\"}").as_bytes());
    assert_eq!(
        missing,
        CodecError::Validation(ValidationError::new("args.user_name", ValidationRule::Required))
    );
    assert_eq!(missing.to_string(), "args.user_name: is required");
    for (args, field) in [
        ("{\"user_name\":", "args"),         // bad JSON
        ("[1,2]", "args"),                   // not an object
        ("\"not json\"", "args"),            // a JSON string that is not JSON
        ("\"[1]\"", "args"),                 // a JSON string holding a non-object
        ("{\"bank_code\":\"ICBC\",\"user_name\":{},\"user_idcard\":\"x\",\"card_number\":\"1\",\"card_phone\":\"1\",\"user_phone\":\"1\",\"echo_data\":\"e\"}", "args.user_name"),
        // A key repeated in the signed args: which copy a reader takes would be ambiguous.
        ("{\"bank_code\":\"ICBC\",\"bank_code\":\"CCB\"}", "args.bank_code"),
    ] {
        let err = decode_err(&codec, sign_of(args).as_bytes());
        assert_eq!(malformed_field(&err), field, "{args}");
        assert_eq!(err.kind(), ErrorKind::InvalidParameter);
    }
    // Double-encoded args holding an object are unwrapped (PHP senders).
    let inner = r#"{"bank_code":"ICBC","user_name":"张三","user_idcard":"x","card_number":"1","card_phone":"1","user_phone":"1","echo_data":"e"}"#;
    let double = serde_json::to_string(inner).unwrap();
    let decoded = with_ctx(Some(VECTOR_NOW_MS), |ctx| {
        codec.decode_request(&form_request(sign_of(&double)), ctx)
    })
    .unwrap();
    assert_eq!(decoded.fields["user_name"], "张三");

    // Wrong content type, oversized body.
    let mut json_ct = form_request(sign_of("{}"));
    json_ct.headers = vec![("Content-Type".into(), "application/json".into())];
    let err = with_ctx(Some(VECTOR_NOW_MS), |ctx| codec.decode_request(&json_ct, ctx)).unwrap_err();
    assert_eq!(malformed_field(&err), "Content-Type");
    let huge = vec![b'a'; 64 * 1024 + 1];
    assert_eq!(
        decode_err(&codec, &huge),
        CodecError::LimitExceeded {
            what: "request body",
            limit: 64 * 1024
        }
    );
    // Deep nesting is refused by the nesting limit, not by a stack overflow.
    let deep = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
    let err = decode_err(&codec, sign_of(&deep).as_bytes());
    assert_eq!(
        err,
        CodecError::LimitExceeded {
            what: "JSON nesting depth",
            limit: cardbind::model::limits::MAX_DEPTH
        }
    );
}

#[test]
fn malformed_responses_are_typed_errors() {
    let codec = codec();
    let decode = |op: &str, body: &str| with_ctx(None, |ctx| codec.decode_response(op, &json_response(body), ctx));
    // "not json" is a transport failure (tests/transport_rule.rs), not a field error.
    let cases: [(&str, &str, &str); 11] = [
        ("BindCard.applyBindCard", "[1]", "body"),
        ("BindCard.applyBindCard", r#"{"message":"x"}"#, "status"),
        ("BindCard.applyBindCard", r#"{"status":1}"#, "message"),
        ("BindCard.applyBindCard", r#"{"status":true,"message":"x"}"#, "status"),
        (
            "BindCard.applyBindCard",
            r#"{"status":1,"message":"x","response":null}"#,
            "response",
        ),
        (
            "BindCard.applyBindCard",
            r#"{"status":1,"message":"x","response":"no json"}"#,
            "response",
        ),
        (
            "BindCard.applyBindCard",
            r#"{"status":1,"message":"x","response":{"remark":"r"}}"#,
            "response.bind_status",
        ),
        (
            "BindCard.applyBindCard",
            r#"{"status":1,"message":"x","response":{"bind_status":[200]}}"#,
            "response.bind_status",
        ),
        (
            "User.isUserAccept",
            r#"{"status":1,"message":"x","response":{"result":"2OO"}}"#,
            "response.result",
        ),
        (
            "User.isUserAccept",
            r#"{"status":1,"message":"x","response":{"result":200,"min_amount":1,"min_amunt":2}}"#,
            "response.min_amount",
        ),
        (
            "BindCard.getValidBankList",
            r#"{"status":1,"message":"x","response":[{"bank_code":"ICBC"}]}"#,
            "body.response[].bank_name",
        ),
    ];
    for (op, body, field) in cases {
        let err = decode(op, body).unwrap_err();
        assert_eq!(received_error_field(&err), field, "{body}");
    }
    // A double-encoded response holding JSON is accepted.
    let ok = decode(
        "BindCard.applyBindCard",
        r#"{"status":1,"message":"x","response":"{\"bind_status\":\"200\"}"}"#,
    )
    .unwrap();
    assert!(ok.outcome.is_success());
    // An HTTP failure has no envelope to read.
    let gateway = cardbind::model::HttpResponse::new(502, "text/html", b"<html>".to_vec());
    let decoded = with_ctx(None, |ctx| {
        codec.decode_response("BindCard.applyBindCard", &gateway, ctx)
    })
    .unwrap();
    assert_eq!(decoded.outcome.error_kind(), Some(ErrorKind::ProviderUnavailable));
    assert_eq!(decoded.outcome.provider_code, "HTTP 502");
    let huge = cardbind::model::HttpResponse::new(200, "application/json", vec![b' '; 64 * 1024 + 1]);
    assert_eq!(
        with_ctx(None, |ctx| codec.decode_response("BindCard.applyBindCard", &huge, ctx)).unwrap_err(),
        CodecError::LimitExceeded {
            what: "response body",
            limit: 64 * 1024
        }
    );
    assert!(matches!(
        decode("Order.pay", "{}").unwrap_err(),
        CodecError::UnsupportedOperation { .. }
    ));
    assert!(matches!(
        supported_banks(
            &decode(
                "BindCard.applyBindCard",
                r#"{"status":1,"message":"x","response":{"bind_status":"200"}}"#
            )
            .unwrap()
        ),
        Err(CodecError::Malformed { .. })
    ));
    let unknown_bank = decode(
        "BindCard.getValidBankList",
        r#"{"status":1,"message":"x","response":[{"bank_name":"工商银行","bank_code":"ICBC"},{"bank_name":"X","bank_code":"XYZ"}]}"#,
    )
    .unwrap();
    assert_eq!(
        supported_banks(&unknown_bank).unwrap_err(),
        CodecError::Validation(ValidationError::new(
            "response[1].bank_code",
            ValidationRule::UnsupportedBank
        ))
    );
}

#[test]
fn arbitrary_bytes_never_panic() {
    let codec = codec();
    let mut rng_state: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut next = || {
        rng_state ^= rng_state << 13;
        rng_state ^= rng_state >> 7;
        rng_state ^= rng_state << 17;
        rng_state
    };
    let v = vectors();
    let seeds: Vec<Vec<u8>> = v["requests"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["body"].as_str().unwrap().as_bytes().to_vec())
        .chain(
            v["responses"]
                .as_array()
                .unwrap()
                .iter()
                .map(|c| c["body"].as_str().unwrap().as_bytes().to_vec()),
        )
        .collect();
    for i in 0..2000 {
        let mut bytes = seeds[i % seeds.len()].clone();
        for _ in 0..=(next() % 4) {
            let len = bytes.len().max(1);
            let at = usize::try_from(next()).unwrap() % len;
            match next() % 3 {
                0 if !bytes.is_empty() => {
                    let last = bytes.len() - 1;
                    bytes[at.min(last)] = next().to_le_bytes()[0];
                }
                1 => bytes.truncate(at),
                _ => bytes.insert(at.min(bytes.len()), next().to_le_bytes()[0]),
            }
        }
        let _ = with_ctx(Some(VECTOR_NOW_MS), |ctx| {
            codec.decode_request(&form_request(bytes.clone()), ctx)
        });
        for op in codec.operations() {
            let response = cardbind::model::HttpResponse::new(200, "application/json", bytes.clone());
            let _ = with_ctx(None, |ctx| codec.decode_response(op, &response, ctx));
        }
    }
}

// ------------------------------------------------------------------------------------------
// Timestamp freshness
// ------------------------------------------------------------------------------------------

#[test]
fn timestamp_window_uses_the_time_from_the_context() {
    let v = vectors();
    let with_ts = v["requests"][0]["body"].as_str().unwrap().to_owned(); // timestamp=1500693926
    let without_ts = v["requests"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["timestamp"].is_null())
        .unwrap()["body"]
        .as_str()
        .unwrap()
        .to_owned();
    let sent_ms: i64 = 1_500_693_926_000;

    let mut default = config(MinAmountName::MinAmount);
    default.insecure_accept_missing_timestamp = false;
    let mut config = default.clone();
    config.timestamp_window_secs = 300;
    let strict = XianjincardCodec::new(config.clone()).unwrap();
    let decode = |codec: &XianjincardCodec, body: &str, now: Option<i64>| {
        with_ctx(now, |ctx| codec.decode_request(&form_request(body.as_bytes()), ctx))
    };
    decode(&strict, &with_ts, Some(sent_ms + 300_000)).unwrap();
    decode(&strict, &with_ts, Some(sent_ms - 300_000)).unwrap();
    assert_eq!(
        decode(&strict, &with_ts, Some(sent_ms + 300_001)).unwrap_err(),
        CodecError::StaleTimestamp {
            field: "timestamp".into(),
            skew_ms: -300_001,
            window_ms: 300_000
        }
    );
    assert_eq!(
        decode(&strict, &with_ts, Some(sent_ms - 400_000)).unwrap_err(),
        CodecError::StaleTimestamp {
            field: "timestamp".into(),
            skew_ms: 400_000,
            window_ms: 300_000
        }
    );
    assert!(matches!(
        decode(&strict, &with_ts, None).unwrap_err(),
        CodecError::MissingContext { .. }
    ));
    // Optional in the document, but refused when absent by default (issue 22: a request
    // without it passes any window); the named opt-out accepts it.
    let required = &strict;
    assert_eq!(
        malformed_field(&decode(required, &without_ts, Some(sent_ms)).unwrap_err()),
        "timestamp"
    );
    config.insecure_accept_missing_timestamp = true;
    decode(&XianjincardCodec::new(config).unwrap(), &without_ts, None).unwrap();
    let bad = with_ts.replace("timestamp=1500693926", "timestamp=15006939x6");
    assert_eq!(
        malformed_field(&decode(required, &bad, Some(sent_ms)).unwrap_err()),
        "timestamp"
    );
    // The window is on by default (300 s); only the explicit opt-out accepts a 2017 request
    // without knowing the time.
    assert_eq!(default.timestamp_window_secs, 300);
    assert!(matches!(
        decode(
            &XianjincardCodec::new(default.clone()).unwrap(),
            &with_ts,
            Some(1_796_390_000_000)
        )
        .unwrap_err(),
        CodecError::StaleTimestamp { window_ms: 300_000, .. }
    ));
    default.insecure_skip_timestamp_check = true;
    decode(&XianjincardCodec::new(default).unwrap(), &with_ts, None).unwrap();
    // A current time in seconds is refused, never compared (or sent) as 1970.
    assert_eq!(
        decode(&strict, &with_ts, Some(1_796_390_000)).unwrap_err().to_string(),
        "now_ms: must have the format Unix time in milliseconds between 2001 and 2286 (seconds were given?)"
    );
}

// ------------------------------------------------------------------------------------------
// Unified model
// ------------------------------------------------------------------------------------------

/// A complete unified apply with `extra`.
fn sample_apply(extra: Map<String, Value>) -> BindCardApply {
    BindCardApply {
        user_id: "u-1".into(),
        card_number: CardNumber::new("card", "6222022005001212726").unwrap(),
        phone: Phone::new("phone", "13245678901").unwrap(),
        holder_name: Some(PersonName::new("name", "张三").unwrap()),
        id_number: Some(IdNumber::new("id", "11010519491231002X").unwrap()),
        bank: Some(Bank::Psbc),
        card_type: Some(CardType::Debit),
        order_id: Some("246964109149933".into()),
        verify_code: None,
        extra,
    }
}

#[test]
fn unified_call_errors_name_the_unified_field() {
    let codec = codec();
    let apply = sample_apply(Map::new());
    let mut no_bank = apply.clone();
    no_bank.bank = None;
    // Through the unified call the error names what the caller left out, not its wire name.
    let unified_error = |apply: BindCardApply| {
        with_ctx(Some(1_700_000_000_000), |ctx| {
            codec.encode_unified(&UnifiedRequest::BindCardApply(apply), ctx)
        })
        .unwrap_err()
    };
    assert_eq!(
        unified_error(no_bank),
        CodecError::Validation(ValidationError::new("bank", ValidationRule::Required))
    );
    let mut no_name = apply;
    no_name.holder_name = None;
    assert_eq!(
        unified_error(no_name),
        CodecError::Validation(ValidationError::new("holder_name", ValidationRule::Required))
    );
}

#[test]
fn unified_requests_map_onto_wire_fields() {
    let codec = codec();
    let extra = obj(json!({"echo_data": "pid=1", "user_phone": "13370212345"}));
    let apply = sample_apply(extra.clone());
    let (op, fields) = codec.to_wire(&UnifiedRequest::BindCardApply(apply.clone())).unwrap();
    assert_eq!(op, "BindCard.applyBindCard");
    assert_eq!(
        Value::Object(fields),
        json!({"order_sn": "246964109149933", "bank_code": "POST", "user_name": "张三",
               "user_idcard": "11010519491231002X", "card_number": "6222022005001212726",
               "card_phone": "13245678901", "user_phone": "13370212345", "echo_data": "pid=1", "card_type": "2"})
    );
    let request = with_ctx(None, |ctx| {
        codec.encode_unified(&UnifiedRequest::BindCardApply(apply.clone()), ctx)
    })
    .unwrap();
    let decoded = with_ctx(Some(VECTOR_NOW_MS), |ctx| codec.decode_request(&request, ctx)).unwrap();
    assert_eq!(decoded.fields["bank_code"], "POST");

    let mut no_bank = apply.clone();
    no_bank.bank = None;
    assert_eq!(
        codec
            .to_wire(&UnifiedRequest::BindCardApply(no_bank.clone()))
            .unwrap_err(),
        CodecError::Validation(ValidationError::new("bank_code", ValidationRule::Required))
    );

    let mut clash = apply;
    clash.extra.insert("card_number".into(), json!("4111111111111111"));
    assert_eq!(
        codec.to_wire(&UnifiedRequest::BindCardApply(clash)).unwrap_err(),
        CodecError::Validation(ValidationError::new(
            "extra.card_number",
            ValidationRule::SetByUnifiedField
        ))
    );

    // Confirm = applyBindCard again with the code; the card details travel in `extra`.
    let mut details = obj(samples("BindCard.applyBindCard").0);
    details.remove("verify_code");
    let confirm = BindCardConfirm {
        user_id: "u-1".into(),
        confirm_token: None,
        verify_code: VerifyCode::new("code", "654321").unwrap(),
        order_id: None,
        extra: details,
    };
    let (op, fields) = codec
        .to_wire(&UnifiedRequest::BindCardConfirm(confirm.clone()))
        .unwrap();
    assert_eq!(op, "BindCard.applyBindCard");
    assert_eq!(fields["verify_code"], "654321");
    let keys: Vec<&str> = fields.keys().map(String::as_str).collect();
    assert_eq!(keys[keys.len() - 2..], ["verify_code", "card_type"], "documented order");
    let mut with_token = confirm;
    with_token.confirm_token = Some("t".into());
    assert_eq!(
        codec.to_wire(&UnifiedRequest::BindCardConfirm(with_token)).unwrap_err(),
        CodecError::Validation(ValidationError::new("confirm_token", ValidationRule::UnknownField))
    );

    let other_confirm = UnifiedRequest::Other {
        operation: Operation::BindCardConfirm,
        fields: Map::new(),
    };
    assert_eq!(codec.to_wire(&other_confirm).unwrap().0, "BindCard.applyBindCard");

    let (op, fields) = codec
        .to_wire(&UnifiedRequest::ListSupportedBanks {
            user_id: None,
            card_type: Some(CardType::Credit),
        })
        .unwrap();
    assert_eq!(
        (op, Value::Object(fields)),
        ("BindCard.getValidBankList", json!({"card_type": "1"}))
    );

    for unsupported in [
        UnifiedRequest::ListBoundCards { user_id: "u".into() },
        UnifiedRequest::LookupCardBank {
            card_number: CardNumber::new("c", "4111111111111111").unwrap(),
        },
        UnifiedRequest::Other {
            operation: Operation::CheckAgreementNeeded,
            fields: Map::new(),
        },
    ] {
        assert!(matches!(
            codec.to_wire(&unsupported).unwrap_err(),
            CodecError::UnsupportedOperation {
                provider: Provider::Xianjincard,
                ..
            }
        ));
    }
}

// ------------------------------------------------------------------------------------------
// Configuration
// ------------------------------------------------------------------------------------------

#[test]
fn configuration_is_checked_and_secrets_never_shown() {
    let json = r#"{"provider_to_partner": {"ua": "SH_XJ360_POA", "sign_key": "very-secret-key"},
                   "environment": "test",
                   "partner_endpoint": "https://partner.example/gate", "timestamp_window_secs": 600}"#;
    let codec = XianjincardCodec::from_config_json(json).unwrap();
    let debug = format!("{codec:?}");
    assert!(!debug.contains("very-secret-key"), "{debug}");
    assert!(debug.contains("SH_XJ360_POA"));

    assert_eq!(
        XianjincardCodec::from_config_json(r#"{"provider_to_partner": {"ua": "a", "sign_key": "b"}, "typo": 1}"#)
            .unwrap_err(),
        CodecError::Config {
            field: "typo".into(),
            reason: "unknown key; valid keys: `provider_to_partner`, `partner_to_provider`, `environment`, \
                     `base_url`, `partner_endpoint`, `bind_result_call`, `min_amount_wire_name`, `timestamp_window_secs`, \
                     `insecure_skip_timestamp_check`, `insecure_accept_missing_timestamp`, `max_body_bytes`, `signature_rule`, \
                     `allow_unlisted_fields`"
                .into(),
        }
    );
    let bad = |edit: fn(&mut XianjincardConfig)| {
        let mut config = XianjincardConfig::new("SH_XJ360_POA", "k").with_environment("test");
        edit(&mut config);
        XianjincardCodec::new(config).unwrap_err()
    };
    assert_eq!(
        bad(|c| c.provider_to_partner.sign_key.clear()),
        CodecError::Config {
            field: "provider_to_partner.sign_key".into(),
            reason: "is empty".into(),
        }
    );
    assert!(matches!(
        bad(|c| c.base_url = "svc-poa.xianjincard.com".into()),
        CodecError::Config { .. }
    ));
    assert!(matches!(
        bad(|c| c.bind_result_call = "BindCard.applyBindCard".into()),
        CodecError::Config { .. }
    ));
    assert!(matches!(bad(|c| c.max_body_bytes = 0), CodecError::Config { .. }));

    // Without the partner's endpoint the platform cannot call it; the partner can still answer.
    let partner_side =
        XianjincardCodec::new(XianjincardConfig::new("SH_XJ360_POA", "k").with_environment("test")).unwrap();
    let err = with_ctx(None, |ctx| {
        partner_side.encode_request("BindCard.getValidBankList", &Map::new(), ctx)
    })
    .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::MerchantMisconfigured);
    with_ctx(None, |ctx| {
        partner_side.encode_request(
            "PartnerGate.Order.approveFeedback",
            &obj(json!({"order_id": "1", "approve_result": "OK"})),
            ctx,
        )
    })
    .unwrap();
}

#[test]
fn the_bind_result_call_name_can_be_overridden() {
    let mut config = config(MinAmountName::MinAmount);
    config.bind_result_call = "PartnerGate.BindCard.notify".into();
    let custom = XianjincardCodec::new(config).unwrap();
    let (params, _) = samples("PartnerGate.Order.bindCardFeedback");
    let request = with_ctx(None, |ctx| {
        custom.encode_request("PartnerGate.Order.bindCardFeedback", &obj(params), ctx)
    })
    .unwrap();
    let body = String::from_utf8(request.body.clone()).unwrap();
    assert!(body.contains("call=PartnerGate.BindCard.notify&"));
    let decoded = with_ctx(Some(VECTOR_NOW_MS), |ctx| custom.decode_request(&request, ctx)).unwrap();
    assert_eq!(decoded.operation, "PartnerGate.Order.bindCardFeedback");
    // A codec with the default name does not take it for the callback.
    assert!(matches!(
        with_ctx(Some(VECTOR_NOW_MS), |ctx| codec().decode_request(&request, ctx)).unwrap_err(),
        CodecError::UnsupportedOperation { .. }
    ));
}

#[test]
fn errors_never_quote_personal_data() {
    let codec = codec();
    let mut params = obj(samples("BindCard.applyBindCard").0);
    params.insert("card_number".into(), json!("6222022005001212723"));
    params.insert("user_name".into(), json!("欧阳娜娜".repeat(20)));
    let err = with_ctx(None, |ctx| codec.encode_request("BindCard.applyBindCard", &params, ctx)).unwrap_err();
    let text = format!("{err} {err:?}");
    assert!(!text.contains("欧阳"), "{text}");
    params.insert("user_name".into(), json!("欧阳娜娜"));
    let err = with_ctx(None, |ctx| codec.encode_request("BindCard.applyBindCard", &params, ctx)).unwrap_err();
    let text = format!("{err} {err:?}");
    assert_eq!(err.to_string(), "card_number: fails the card number (Luhn) check");
    assert!(!text.contains("6222022005001212723"));
    // Malformed args errors name positions, never content.
    let err = decode_err(
        &codec,
        signed_body(
            &codec,
            "BindCard.applyBindCard",
            "BindCard.applyBindCard",
            "{\"card_number\":6222022005001212723",
        )
        .as_bytes(),
    );
    assert!(!format!("{err} {err:?}").contains("6222022005001212723"));
}

#[test]
fn the_signature_rule_can_be_overridden_without_recompiling() {
    let v = vectors();
    let case = &v["requests"][1];
    let mut config = config(MinAmountName::MinAmount);
    config.signature_rule = Some(
        serde_json::from_value(json!({
            "canonical": {"kind": "wrapped_concat"},
            "algorithm": {"scheme": "md5_hex", "case": "upper", "verify_case": "exact"}
        }))
        .unwrap(),
    );
    let upper = XianjincardCodec::new(config).unwrap();
    let params = obj(case["params"].clone());
    let request = with_ctx(Some(1_500_693_926_000), |ctx| {
        upper.encode_request(case["operation"].as_str().unwrap(), &params, ctx)
    })
    .unwrap();
    let sign = case["sign"].as_str().unwrap();
    let expected = case["body"].as_str().unwrap().replace(sign, &sign.to_ascii_uppercase());
    assert_eq!(String::from_utf8(request.body).unwrap(), expected);
    // Exact case now: the lower-case original is refused.
    let err = with_ctx(Some(VECTOR_NOW_MS), |ctx| {
        upper.decode_request(&form_request(case["body"].as_str().unwrap().as_bytes()), ctx)
    })
    .unwrap_err();
    assert!(matches!(
        err,
        CodecError::Signature {
            source: SignatureError::WrongCase { .. },
            ..
        }
    ));
}

#[test]
fn admission_answers_read_as_integer_fen_under_either_spelling() {
    let table = decode_doc(
        "User.isUserAccept",
        r#"{"status":1,"message":"success","response":{"result":200,"amount":150000,"min_amunt":"100000","terms":[7,14,30],"term_type":1,"loan_mode":0}}"#,
    );
    assert_eq!(
        admission(&table).unwrap(),
        Admission {
            result: Some(AdmissionResult::MayBorrow),
            amount_fen: Some(150_000),
            min_amount_fen: Some(100_000),
            terms: vec![7, 14, 30],
            term_type: Some(1),
            loan_mode: Some(0),
            can_loan_time: None,
            remark: None,
        }
    );
    let refused = decode_doc(
        "User.isUserAccept",
        r#"{"status":1,"message":"success","response":{"result":401,"can_loan_time":"2017-02-29"}}"#,
    );
    let refused = admission(&refused).unwrap();
    assert_eq!(refused.result, Some(AdmissionResult::LoanOutstanding));
    assert_eq!(refused.can_loan_time.as_deref(), Some("2017-02-29"));
    assert_eq!(refused.amount_fen, None);
    // Fractions and negatives are refused when decoding, never rounded...
    for amount in ["1500.5", "-1", "1e5"] {
        let body = format!(r#"{{"status":1,"message":"success","response":{{"result":200,"amount":{amount}}}}}"#);
        let err = with_ctx(None, |ctx| {
            codec().decode_response("User.isUserAccept", &json_response(&body), ctx)
        })
        .unwrap_err();
        assert_eq!(malformed_field(&err), "response.amount", "{amount}");
    }
    // ...and an integer beyond u64 is kept as text in the fields but refused by the typed view.
    let huge = decode_doc(
        "User.isUserAccept",
        r#"{"status":1,"message":"success","response":{"result":200,"amount":18446744073709551616}}"#,
    );
    assert_eq!(huge.fields["amount"].to_string(), "18446744073709551616");
    assert_eq!(malformed_field(&admission(&huge).unwrap_err()), "response.amount");
    assert_eq!(
        admission(&decode_doc(
            "User.isUserAccept",
            r#"{"status":1,"message":"","response":{"result":999}}"#
        ))
        .unwrap()
        .result,
        None
    );
}

// ------------------------------------------------------------------------------------------
// issue 15: echo_data absent from the platform's own calls; repeated form fields
// ------------------------------------------------------------------------------------------

/// A partner's 2018 test traffic: BindCard.applyBindCard exactly as the platform sent it, without
/// echo_data.
const APPLY_WITHOUT_ECHO: &str = r#"{"order_sn":"","bank_code":"ICBC","user_name":"张三","user_idcard":"11010519491231002X","card_number":"6222022005001212726","card_phone":"13245678901","user_phone":"13370212345"}"#;

#[test]
fn the_platforms_apply_call_without_echo_data_is_accepted_but_never_sent_without_it() {
    let codec = codec();
    let body = signed_body(
        &codec,
        "BindCard.applyBindCard",
        "BindCard.applyBindCard",
        APPLY_WITHOUT_ECHO,
    );
    let decoded = with_ctx(Some(VECTOR_NOW_MS), |ctx| {
        codec.decode_request(&form_request(body), ctx)
    })
    .unwrap();
    assert_eq!(decoded.operation, "BindCard.applyBindCard");
    assert!(!decoded.fields.contains_key("echo_data"));
    // Encoding follows the document (echo_data 是): a missing-field error naming it.
    let err = with_ctx(Some(1_700_000_000_000), |ctx| {
        codec.encode_request(
            "BindCard.applyBindCard",
            &obj(serde_json::from_str(APPLY_WITHOUT_ECHO).unwrap()),
            ctx,
        )
    })
    .unwrap_err();
    assert_eq!(
        err,
        CodecError::Validation(ValidationError::new("echo_data", ValidationRule::Required))
    );
    assert_eq!(err.to_string(), "echo_data: is required");
    // With nothing to echo, the bind-result callback goes without it, both ways.
    let callback = obj(json!({"order_sn": "246964109149933", "bind_status": "200", "remark": "success"}));
    let request = with_ctx(Some(1_700_000_000_000), |ctx| {
        codec.encode_request("PartnerGate.Order.bindCardFeedback", &callback, ctx)
    })
    .unwrap();
    let received = with_ctx(Some(1_700_000_000_000), |ctx| codec.decode_request(&request, ctx)).unwrap();
    assert!(!received.fields.contains_key("echo_data"));
}

#[test]
fn a_form_field_repeated_anywhere_in_the_body_is_refused() {
    let codec = codec();
    let body = signed_body(&codec, "BindCard.getValidBankList", "BindCard.getValidBankList", "");
    assert!(with_ctx(Some(VECTOR_NOW_MS), |ctx| codec
        .decode_request(&form_request(body.clone()), ctx))
    .is_ok());
    // An unsigned extra field given twice: a framework could hand either copy on.
    let err = decode_err(&codec, format!("{body}&memo=1&memo=2").as_bytes());
    assert_eq!(
        err,
        CodecError::Malformed {
            field: "memo".into(),
            reason: "occurs more than once".into()
        }
    );
    let err = decode_err(&codec, format!("{body}&call=User.isUserAccept").as_bytes());
    assert_eq!(malformed_field(&err), "call");
}
