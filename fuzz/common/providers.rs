//! Every provider's `decode_request` / `decode_response` on arbitrary input, and round trips
//! through the signing/encrypting side so that fuzzed content reaches past the signature.
//!
//! Each provider is set up as a pair of codecs with matching keys: the merchant and the provider
//! (or a mock of it). Whichever of the two can encode an operation's request (or response) does,
//! and the other decodes. Some providers have configuration variants (signature type, optional
//! signing) which the fuzzer picks too.

use std::sync::OnceLock;

use cardbind::model::{HttpRequest, HttpResponse, Method};
use cardbind::providers::huanbei::{HuanbeiCodec, HuanbeiConfig, HuanbeiSigning, DEFAULT_PATH};
use cardbind::providers::lianlian::{LianLianCodec, LianLianConfig, SignType};
use cardbind::providers::vbao::{VbaoCodec, VbaoConfig, VbaoProfile, BIND_CARD_CREATE, BIND_NOTIFY};
use cardbind::providers::xianjincard::{XianjincardCodec, XianjincardConfig, XianjincardKeyPair};
use cardbind::providers::yixin::{YixinCodec, YixinConfig, YixinProfile};
use cardbind::rng::SeededRng;
use cardbind::{Codec, Context, DigestAlgorithm, Provider};
use serde_json::{json, Map, Value};

use super::Input;

macro_rules! key_file {
    ($name:literal) => {
        include_str!(concat!("../../spec/vectors/keys/", $name))
    };
}

const PRIV_1024: &str = key_file!("test-rsa-1024-private-pkcs8.pem");
const PUB_1024: &str = key_file!("test-rsa-1024-public-spki.pem");
const PRIV_2048: &str = key_file!("test-rsa-2048-private-pkcs8.pem");
const PUB_2048: &str = key_file!("test-rsa-2048-public-spki.pem");

/// The time every context carries (2024-03-15T02:30:00Z): timestamps made and checked agree.
pub const NOW: i64 = 1_710_469_800_000;

/// One operation's valid request parameters and valid response fields (from the provider tests).
pub struct Sample {
    pub operation: &'static str,
    pub request: Map<String, Value>,
    pub response: Map<String, Value>,
}

/// A provider's codec pairs (one per configuration variant) and samples.
pub struct Setup {
    pub provider: Provider,
    pub variants: Vec<[Box<dyn Codec>; 2]>,
    pub samples: Vec<Sample>,
}

fn obj(v: Value) -> Map<String, Value> {
    match v {
        Value::Object(m) => m,
        _ => Map::new(),
    }
}

fn sample(operation: &'static str, request: Value, response: Value) -> Sample {
    Sample {
        operation,
        request: obj(request),
        response: obj(response),
    }
}

fn lianlian() -> Setup {
    let config = |sign_type, ours: &str, theirs: &str| {
        let mut c = LianLianConfig::new("201408071000001543", sign_type);
        c.our_private_key = Some(ours.into());
        c.their_public_key = Some(theirs.into());
        c.sign_key = Some("test-md5-key-201408071000001543".into());
        Box::new(LianLianCodec::new(c).expect("LianLian config")) as Box<dyn Codec>
    };
    let variants = [SignType::Rsa, SignType::Md5, SignType::Sha256WithRsa]
        .into_iter()
        .map(|st| [config(st, PRIV_1024, PUB_2048), config(st, PRIV_2048, PUB_1024)])
        .collect();
    Setup {
        provider: Provider::LianLian,
        variants,
        samples: vec![
            sample(
                "bankcardbind",
                json!({"user_id": "2013051500001", "card_no": "6222022005001212726", "acct_name": "张三",
                       "bind_mob": "13800138000", "id_type": "0", "id_no": "11010519491231002X",
                       "risk_item": "{\"frms_ware_category\":\"2009\",\"user_info_full_name\":\"张三\"}",
                       "pay_type": "2", "no_order": "BIND20240315000001"}),
                json!({"ret_code": "8888", "ret_msg": "验证码已发送", "user_id": "2013051500001",
                       "token": "T0KEN", "no_order": "BIND20240315000001"}),
            ),
            sample(
                "bankcardbindverfy",
                json!({"user_id": "2013051500001", "token": "1A2B3C4D5E6F7A8B9C0D1E2F3A4B5C6D", "verify_code": "123456"}),
                json!({"ret_code": "0000", "ret_msg": "交易成功", "user_id": "2013051500001",
                       "card_no": "6222022005001212726", "no_agree": "2024031500012345"}),
            ),
        ],
    }
}

fn xianjincard() -> Setup {
    let mut config = XianjincardConfig::new("SH_XJ360_POA", "test-signkey-0123456789");
    config.partner_to_provider = Some(XianjincardKeyPair {
        ua: "SH_XJ360_POA".into(),
        sign_key: "test-partner-signkey-9876543210".into(),
    });
    config.partner_endpoint = Some("https://partner.example/xianjincard/gate".into());
    let windowed = XianjincardConfig {
        timestamp_window_secs: 300,
        require_timestamp: true,
        ..config.clone()
    };
    let codec =
        |c: XianjincardConfig| Box::new(XianjincardCodec::new(c).expect("xianjincard config")) as Box<dyn Codec>;
    Setup {
        provider: Provider::Xianjincard,
        variants: vec![
            [codec(config.clone()), codec(config)],
            [codec(windowed.clone()), codec(windowed)],
        ],
        samples: vec![
            sample(
                "User.isUserAccept",
                json!({"user_name": "王五", "user_phone": "13800138***", "user_idcard": "11010519491231****"}),
                json!({"result": 200, "amount": 300_000, "terms": [3, 6], "term_type": 2, "loan_mode": 1}),
            ),
            sample(
                "BindCard.getValidBankList",
                json!({}),
                json!({"response": [{"bank_name": "邮储银行", "bank_code": "POST"}, {"bank_name": "广发银行", "bank_code": "GDB"}]}),
            ),
            sample(
                "BindCard.applyBindCard",
                json!({"bank_code": "CITIC", "user_name": "欧阳娜娜", "user_idcard": "11010519491231002X",
                       "card_number": "4111111111111111", "card_phone": "13420504517", "user_phone": "13420504517",
                       "echo_data": "pid=9", "verify_code": "123456", "card_type": "2"}),
                json!({"bind_status": "200"}),
            ),
            sample(
                "PartnerGate.Order.approveFeedback",
                json!({"order_id": "O-1", "approve_result": "OK"}),
                json!({}),
            ),
            sample(
                "PartnerGate.Order.bindCardFeedback",
                json!({"echo_data": "pid=9", "bind_status": "401", "remark": "认证信息不匹配"}),
                json!({}),
            ),
        ],
    }
}

fn yixin() -> Setup {
    let codec = |ours: &str, theirs: &str, profile: YixinProfile| {
        Box::new(
            YixinCodec::new(YixinConfig {
                allow_unlisted_fields: false,
                app_id: "test-app-0001".into(),
                base_url: "https://openapi.example.invalid/gateway".into(),
                our_private_key: ours.into(),
                their_public_key: theirs.into(),
                ip: Some("10.0.0.1".into()),
                timestamp_window_secs: 1800,
                profile,
            })
            .expect("Yixin config"),
        ) as Box<dyn Codec>
    };
    let unsigned_replies = YixinProfile {
        response_signed: false,
        ..YixinProfile::default()
    };
    Setup {
        provider: Provider::Yixin,
        variants: vec![
            [
                codec(PRIV_1024, PUB_2048, YixinProfile::default()),
                codec(PRIV_2048, PUB_1024, YixinProfile::default()),
            ],
            [
                codec(PRIV_1024, PUB_2048, unsigned_replies.clone()),
                codec(PRIV_2048, PUB_1024, unsigned_replies),
            ],
        ],
        samples: vec![
            sample(
                "bindCard",
                json!({"outerUserNo": "u-10001", "cardNo": "6222022005001212726", "phone": "13420504517",
                       "bizType": "repay", "bizNo": "LOAN-2024-0001"}),
                json!({"bizId": "234051213805486090", "status": "0", "desc": "成功"}),
            ),
            sample(
                "verifyCode",
                json!({"outerUserNo": "u-10001", "bizId": "234051213805486090", "verifyCode": "123456"}),
                json!({"status": "0", "desc": "绑卡成功"}),
            ),
            sample(
                "cardList",
                json!({"outerUserNo": "u-10001"}),
                json!({"bankCardList": [{"bindCardId": "b-1", "cardNo": "4340626190606023", "cardType": 1,
                       "bankCode": "CCB", "bankName": "建设银行", "phone": "18356670064"}]}),
            ),
            sample(
                "bankList",
                json!({"outerUserNo": "u-10001"}),
                serde_json::from_str(
                    r#"{"bankList":[{"bankName":"农业银行","bankCode":"ABC","timesLimit":500000,"dayLimit":5000000.50}]}"#,
                )
                .unwrap_or(Value::Null),
            ),
            sample(
                "cardBank",
                json!({"cardNo": "6222022005001212726"}),
                json!({"bankName": "农业银行", "bankCode": "ABC"}),
            ),
            sample(
                "needCardSign",
                json!({"outerUserNo": "u-10001", "cardNo": "6222022005001212726"}),
                json!({"status": "1"}),
            ),
        ],
    }
}

fn vbao() -> Setup {
    let config = VbaoConfig {
        allow_unlisted_fields: false,
        customer_no: "202112090603".into(),
        sign_key: "test-vbao-signkey-0123456789abcdef".into(),
        their_public_key: None,
        our_private_key: None,
        base_url: "https://vbao.example.com/".into(),
        profile: VbaoProfile::default(),
    };
    let merchant = VbaoConfig {
        their_public_key: Some(PUB_2048.into()),
        ..config.clone()
    };
    let provider = VbaoConfig {
        our_private_key: Some(PRIV_2048.into()),
        ..config
    };
    let codec = |c: VbaoConfig| Box::new(VbaoCodec::new(c).expect("Vbao config")) as Box<dyn Codec>;
    Setup {
        provider: Provider::Vbao,
        variants: vec![[codec(merchant), codec(provider)]],
        samples: vec![
            sample(
                BIND_CARD_CREATE,
                json!({"orderNo": "2022090700001", "userType": "EMAIL", "identifyId": "zhangsan@example.com",
                       "bankCardType": "CREDIT", "bankCode": "ICBC", "bankCardName": "张三", "certType": "ID",
                       "certNo": "11010519491231002X", "mobile": "18812345678", "expiredTime": "2023-01-01 12:05:01",
                       "bindNotifyUrl": "https://merchant.example.com/vbao/notify?a=1&b=2",
                       "pageReturnUrl": "https://merchant.example.com/vbao/return"}),
                json!({"orderNo": "2022090700001", "errCode": "0000", "errMessage": "成功",
                       "submitUrl": "https://bank.example.com/bind", "submitMethod": "post", "encoding": "UTF-8",
                       "submitParams": "{\"epccGwMsg\":\"<xml a='1'>&</xml>\"}"}),
            ),
            sample(
                BIND_NOTIFY,
                json!({"orderNo": "2022090700001", "errCode": "0000", "errMessage": "m", "bindCardId": "BID1",
                       "bindNotifyUrl": "https://merchant.example.com/vbao/notify?a=1&b=2"}),
                json!({}),
            ),
        ],
    }
}

fn huanbei() -> Setup {
    let codec = |signing: Option<HuanbeiSigning>| {
        Box::new(
            HuanbeiCodec::new(HuanbeiConfig {
                allow_unlisted_fields: false,
                base_url: "http://openapi.dev.lattebank.com/".into(),
                channel_code: "testchannel".into(),
                path: DEFAULT_PATH.into(),
                signing,
                timestamp_window_secs: 300,
                insecure_skip_timestamp_check: false,
            })
            .expect("Huanbei config"),
        ) as Box<dyn Codec>
    };
    let signing = |ours: &str, theirs: &str, digest| {
        Some(HuanbeiSigning {
            key_version: "1".into(),
            our_private_key: Some(ours.into()),
            their_public_key: Some(theirs.into()),
            digest,
            insecure_accept_unsigned: false,
        })
    };
    Setup {
        provider: Provider::Huanbei,
        variants: vec![
            [
                codec(signing(PRIV_1024, PUB_2048, DigestAlgorithm::Sha1)),
                codec(signing(PRIV_2048, PUB_1024, DigestAlgorithm::Sha1)),
            ],
            [
                codec(signing(PRIV_1024, PUB_2048, DigestAlgorithm::Sha256)),
                codec(signing(PRIV_2048, PUB_1024, DigestAlgorithm::Sha256)),
            ],
            [codec(None), codec(None)],
        ],
        samples: vec![sample(
            "bindCard",
            json!({"user_id": "246964109149933", "bank_card": "6222022005001212726", "open_bank": "ICBC",
                   "user_name": "张三", "id_number": "11010519491231002X", "user_mobile": "13420504517",
                   "bank_address": "北京市 市辖区", "bank_card_type": 0, "bind_card_src": 1, "verify_code": "123456",
                   "r_i": "3f2504e0-4f89-11d3-9a0c-0305e82c3301"}),
            json!({"code": 200, "message": "成功"}),
        )],
    }
}

/// A valid encoded request and response for one (provider, variant, operation), and which codec
/// of the pair made each (the other decodes).
pub struct Template {
    pub request: Option<(usize, HttpRequest)>,
    pub response: Option<(usize, HttpResponse)>,
}

pub struct Prepared {
    pub setup: Setup,
    /// `templates[variant][operation]`.
    pub templates: Vec<Vec<Template>>,
}

fn ctx_rng(seed: u8) -> SeededRng {
    SeededRng::from_seed([seed; 32])
}

fn encode_request(codec: &dyn Codec, op: &str, params: &Map<String, Value>) -> Option<HttpRequest> {
    let mut rng = ctx_rng(11);
    codec
        .encode_request(op, params, &mut Context::new(&mut rng, Some(NOW)))
        .ok()
}

fn encode_response(codec: &dyn Codec, op: &str, fields: &Map<String, Value>) -> Option<HttpResponse> {
    let mut rng = ctx_rng(12);
    codec
        .encode_response(op, fields, &mut Context::new(&mut rng, Some(NOW)))
        .ok()
}

/// The first codec of the pair that encodes, with its index.
fn first_encoder<T>(pair: &[Box<dyn Codec>; 2], encode: impl Fn(&dyn Codec) -> Option<T>) -> Option<(usize, T)> {
    pair.iter()
        .enumerate()
        .find_map(|(i, c)| encode(c.as_ref()).map(|t| (i, t)))
}

pub fn prepared() -> &'static [Prepared] {
    static ALL: OnceLock<Vec<Prepared>> = OnceLock::new();
    ALL.get_or_init(|| {
        [lianlian(), xianjincard(), yixin(), vbao(), huanbei()]
            .into_iter()
            .map(|setup| {
                let templates = setup
                    .variants
                    .iter()
                    .map(|pair| {
                        setup
                            .samples
                            .iter()
                            .map(|s| Template {
                                request: first_encoder(pair, |c| encode_request(c, s.operation, &s.request)),
                                response: first_encoder(pair, |c| encode_response(c, s.operation, &s.response)),
                            })
                            .collect()
                    })
                    .collect();
                Prepared { setup, templates }
            })
            .collect()
    })
}

/// Reads provider, variant and operation selectors.
fn select<'a>(input: &mut Input<'_>) -> (&'a Prepared, usize, usize) {
    let all = prepared();
    let p = &all[input.pick(all.len())];
    let variant = input.pick(p.setup.variants.len());
    let op = input.pick(p.setup.samples.len());
    (p, variant, op)
}

fn replace_value(list: &mut [(String, String)], index: u8, value: &str) {
    if !list.is_empty() {
        let i = usize::from(index) % list.len();
        value.clone_into(&mut list[i].1);
    }
}

/// Server role on arbitrary input, signature verification on. Selectors: provider, variant,
/// operation, mode, index. Modes start from the operation's valid encoded request and replace:
/// 0 the body, 1 one query value, 2 one header value, 3 the URL, 4 the method and body.
pub fn provider_decode_request(data: &[u8]) {
    let mut input = Input::new(data);
    let (p, variant, op) = select(&mut input);
    let mode = input.pick(5);
    let index = input.byte();
    let rest = input.rest();
    let text = String::from_utf8_lossy(rest);
    let pair = &p.setup.variants[variant];
    let (decoder, mut request) = match &p.templates[variant][op].request {
        Some((encoder, request)) => (&pair[1 - encoder], request.clone()),
        None => (
            &pair[usize::from(index & 1)],
            HttpRequest::post("https://x.invalid/", "application/json", Vec::new()),
        ),
    };
    match mode {
        0 => request.body = rest.to_vec(),
        1 => replace_value(&mut request.query, index, &text),
        2 => replace_value(&mut request.headers, index, &text),
        3 => request.url = text.into_owned(),
        _ => {
            request.method = if index & 1 == 0 { Method::Get } else { Method::Post };
            request.body = rest.to_vec();
        }
    }
    let mut rng = ctx_rng(21);
    if let Err(e) = decoder.decode_request(&request, &mut Context::new(&mut rng, Some(NOW))) {
        let _ = (e.to_string(), e.kind());
    }
}

/// Client role on arbitrary input, signature verification on. Selectors: provider, variant,
/// operation, mode, index. Modes: 0 the body is the rest (status 200), 1 status from two bytes
/// and the body, 2 the valid response with one header value replaced.
pub fn provider_decode_response(data: &[u8]) {
    let mut input = Input::new(data);
    let (p, variant, op) = select(&mut input);
    let mode = input.pick(3);
    let index = input.byte();
    let pair = &p.setup.variants[variant];
    let (decoder, mut response) = match &p.templates[variant][op].response {
        Some((encoder, response)) => (&pair[1 - encoder], response.clone()),
        None => (
            &pair[usize::from(index & 1)],
            HttpResponse::new(200, "application/json", Vec::new()),
        ),
    };
    match mode {
        0 => response.body = input.rest().to_vec(),
        1 => {
            response.status = u16::from_be_bytes([input.byte(), input.byte()]);
            response.body = input.rest().to_vec();
        }
        _ => replace_value(&mut response.headers, index, &String::from_utf8_lossy(input.rest())),
    }
    let operation = p.setup.samples[op].operation;
    let mut rng = ctx_rng(22);
    if let Err(e) = decoder.decode_response(operation, &response, &mut Context::new(&mut rng, Some(NOW))) {
        let _ = (e.to_string(), e.kind());
    }
}

/// Past the signature: the rest is a JSON object of fields, which one codec of the pair encodes
/// (signs, encrypts) as a request (direction 0) or response (1), and the other decodes.
///
/// Invariant: whatever a codec encodes, its counterpart decodes, as the same operation, with
/// every non-null field the caller gave unchanged.
pub fn provider_roundtrip(data: &[u8]) {
    let mut input = Input::new(data);
    let (p, variant, op) = select(&mut input);
    let direction = input.pick(2);
    let Ok(Value::Object(fields)) = serde_json::from_slice::<Value>(input.rest()) else {
        return;
    };
    let operation = p.setup.samples[op].operation;
    let pair = &p.setup.variants[variant];
    let name = p.setup.provider.name();
    let mut rng = ctx_rng(31);
    let mut ctx = Context::new(&mut rng, Some(NOW));
    for (e, encoder) in pair.iter().enumerate() {
        let decoder = &pair[1 - e];
        let mut destination = None;
        let decoded_fields = if direction == 0 {
            let Ok(request) = encoder.encode_request(operation, &fields, &mut ctx) else {
                continue;
            };
            destination = Some(request.clone());
            let decoded = decoder
                .decode_request(&request, &mut ctx)
                .unwrap_or_else(|err| panic!("{name} {operation}: own request does not decode: {err}"));
            assert_eq!(decoded.operation, operation, "{name}: decoded as another operation");
            decoded.fields
        } else {
            let Ok(response) = encoder.encode_response(operation, &fields, &mut ctx) else {
                continue;
            };
            let decoded = decoder
                .decode_response(operation, &response, &mut ctx)
                .unwrap_or_else(|err| panic!("{name} {operation}: own response does not decode: {err}"));
            decoded.fields
        };
        for (k, v) in fields.iter().filter(|(_, v)| !v.is_null()) {
            // A field that names where the request goes (Vbao's bindNotifyUrl) travels as the URL,
            // a transport field (Huanbei's r_i) as a query parameter.
            let in_url = |r: &HttpRequest| {
                v.as_str()
                    .is_some_and(|s| r.full_url() == s || r.query_param(k) == Some(s))
            };
            if decoded_fields.get(k).is_none() && destination.as_ref().is_some_and(in_url) {
                continue;
            }
            assert_eq!(
                decoded_fields.get(k),
                Some(v),
                "{name} {operation}: field `{k}` lost or changed"
            );
        }
    }
}

/// Seeds made by the codecs themselves (valid signatures and envelopes), as (target, bytes).
pub fn seeds() -> Vec<(&'static str, String, Vec<u8>)> {
    let mut out = Vec::new();
    for (pi, p) in prepared().iter().enumerate() {
        let name = p.setup.provider.name();
        for (vi, templates) in p.templates.iter().enumerate() {
            for (oi, template) in templates.iter().enumerate() {
                let op = p.setup.samples[oi].operation.replace('/', "_");
                let head = |mode: u8| {
                    vec![
                        u8::try_from(pi).unwrap_or(0),
                        u8::try_from(vi).unwrap_or(0),
                        u8::try_from(oi).unwrap_or(0),
                        mode,
                        0,
                    ]
                };
                if let Some((_, request)) = &template.request {
                    let mut bytes = head(0);
                    bytes.extend_from_slice(&request.body);
                    out.push(("provider_decode_request", format!("{name}-v{vi}-{op}-request"), bytes));
                }
                if let Some((_, response)) = &template.response {
                    let mut bytes = head(0);
                    bytes.extend_from_slice(&response.body);
                    out.push(("provider_decode_response", format!("{name}-v{vi}-{op}-response"), bytes));
                }
            }
        }
        for (oi, s) in p.setup.samples.iter().enumerate() {
            let op = s.operation.replace('/', "_");
            for (direction, fields) in [(0u8, &s.request), (1, &s.response)] {
                let mut bytes = vec![
                    u8::try_from(pi).unwrap_or(0),
                    0,
                    u8::try_from(oi).unwrap_or(0),
                    direction,
                ];
                bytes.extend_from_slice(Value::Object(fields.clone()).to_string().as_bytes());
                out.push(("provider_roundtrip", format!("{name}-{op}-{direction}"), bytes));
            }
        }
    }
    out
}
