//! Masking audit: no `Debug` or `Display` of a public request, response, configuration, key or
//! error type shows a full card number, ID number, phone, name, verification code, signing
//! secret or private-key material.
//!
//! Instances are built carrying those values (typed requests, every provider's encoded and
//! decoded messages in both roles, configurations, codecs, keys, session keys) and errors are
//! provoked with them (invalid values, malformed and tampered messages, broken keys). Every
//! rendering is searched for every secret. The providers' pairs of codecs and their sample
//! messages come from the fuzz targets' shared setup (`fuzz/common`).

#![allow(clippy::too_many_lines)]

#[path = "../../fuzz/common/mod.rs"]
mod common;

use cardbind::canonical::{CanonicalRule, KeyOrder};
use cardbind::cipher::{self, AesMode};
use cardbind::keys::{KeyMaterial, PrivateKey, PublicKey};
use cardbind::model::{
    BindCardApply, BindCardConfirm, CardNumber, CardType, HttpRequest, HttpResponse, IdNumber, Operation, PersonName,
    Phone, UnifiedRequest, VerifyCode,
};
use cardbind::providers::huanbei::{HuanbeiConfig, HuanbeiSigning};
use cardbind::providers::lianlian::{payload, LianLianCodec, LianLianConfig, SignType};
use cardbind::providers::vbao::{VbaoCodec, VbaoConfig, VbaoProfile};
use cardbind::providers::xianjincard::{XianjincardCodec, XianjincardConfig, XianjincardKeyPair};
use cardbind::providers::yixin::{self, YixinCodec, YixinConfig, YixinProfile};
use cardbind::providers::HuanbeiCodec;
use cardbind::rng::SeededRng;
use cardbind::rule::{SharedSecret, SigningKey, VerifyingKey};
use cardbind::{form, Context, DigestAlgorithm};
use serde_json::{json, Map, Value};

const PRIV_1024: &str = include_str!("../../spec/vectors/keys/test-rsa-1024-private-pkcs8.pem");
const PRIV_2048: &str = include_str!("../../spec/vectors/keys/test-rsa-2048-private-pkcs8.pem");
const PUB_1024: &str = include_str!("../../spec/vectors/keys/test-rsa-1024-public-spki.pem");
const PUB_2048: &str = include_str!("../../spec/vectors/keys/test-rsa-2048-public-spki.pem");

// Personal data in the fuzz setup's samples and in the typed requests below.
const CARDS: [&str; 3] = ["6222022005001212726", "4111111111111111", "4340626190606023"];
const IDS: [&str; 1] = ["11010519491231002X"];
const PHONES: [&str; 4] = ["13800138000", "13420504517", "18812345678", "18356670064"];
const NAMES: [&str; 3] = ["张三", "欧阳娜娜", "王五"];
const CODE: &str = "123456";
// Invalid personal data (refused values must not be quoted either).
const BAD_CARD: &str = "6222022005001212727";
const BAD_ID: &str = "110105194912310021";
const BAD_PHONE: &str = "2342050451799";
// Secrets.
const MD5_KEY: &str = "md5key-SECRET-9921";
const SIGNKEY: &str = "signkey-SECRET-4471";
const VBAO_KEY: &str = "vbao-SECRET-2218";

/// Every string that must never be shown whole.
fn needles() -> Vec<String> {
    let mut out: Vec<String> = [
        CARDS.as_slice(),
        &IDS,
        &PHONES,
        &NAMES,
        &[CODE, BAD_CARD, BAD_ID, BAD_PHONE],
    ]
    .concat()
    .into_iter()
    .map(str::to_owned)
    .collect();
    out.extend(
        [
            MD5_KEY,
            SIGNKEY,
            VBAO_KEY,
            "test-md5-key-201408071000001543",
            "test-vbao-signkey-0123456789abcdef",
        ]
        .map(str::to_owned),
    );
    out.extend(["test-signkey-0123456789", "test-partner-signkey-9876543210"].map(str::to_owned));
    // Private-key material: every 24-character piece of each private key's base64.
    for pem in [PRIV_1024, PRIV_2048] {
        let body: String = pem.lines().filter(|l| !l.starts_with("-----")).collect();
        out.extend(
            body.as_bytes()
                .chunks(24)
                .filter(|c| c.len() == 24)
                .map(|c| String::from_utf8_lossy(c).into_owned()),
        );
    }
    out
}

/// Collects renderings and checks them all at the end, naming the first leak.
#[derive(Default)]
struct Audit {
    seen: Vec<(String, String)>,
}

impl Audit {
    fn debug(&mut self, what: &str, value: &dyn std::fmt::Debug) {
        self.seen.push((format!("{what} (Debug)"), format!("{value:?}")));
        self.seen
            .push((format!("{what} (Debug, pretty)"), format!("{value:#?}")));
    }

    fn display(&mut self, what: &str, value: &dyn std::fmt::Display) {
        self.seen.push((format!("{what} (Display)"), value.to_string()));
    }

    fn error(&mut self, what: &str, error: &(dyn std::error::Error + 'static)) {
        self.display(what, &error);
        let mut source = error.source();
        while let Some(s) = source {
            self.display(&format!("{what} (source)"), &s);
            source = s.source();
        }
    }

    fn result<T: std::fmt::Debug, E: std::error::Error + 'static>(&mut self, what: &str, result: &Result<T, E>) {
        match result {
            Ok(v) => self.debug(what, v),
            Err(e) => {
                self.debug(what, e);
                self.error(what, e);
            }
        }
    }

    fn check(self, at_least: usize) {
        assert!(
            self.seen.len() >= at_least,
            "the audit saw too little: {}",
            self.seen.len()
        );
        let needles = needles();
        let leaks: Vec<String> = self
            .seen
            .iter()
            .flat_map(|(what, text)| {
                needles
                    .iter()
                    .filter(|n| text.contains(n.as_str()))
                    .map(move |n| format!("{what} shows `{n}`: {text}"))
            })
            .collect();
        assert!(leaks.is_empty(), "{} leaks:\n{}", leaks.len(), leaks.join("\n"));
    }
}

fn rng() -> SeededRng {
    SeededRng::from_seed([13; 32])
}

fn obj(v: Value) -> Map<String, Value> {
    match v {
        Value::Object(m) => m,
        _ => Map::new(),
    }
}

#[test]
fn personal_data_types_and_typed_requests_are_masked() {
    let mut audit = Audit::default();
    let card = CardNumber::new("card_no", CARDS[0]).unwrap();
    let id = IdNumber::new("id_no", IDS[0]).unwrap();
    let phone = Phone::new("phone", PHONES[1]).unwrap();
    let name = PersonName::new("name", NAMES[1]).unwrap();
    let code = VerifyCode::new("code", CODE).unwrap();
    audit.debug("CardNumber", &card);
    audit.display("CardNumber", &card);
    audit.debug("IdNumber", &id);
    audit.display("IdNumber", &id);
    audit.debug("Phone", &phone);
    audit.display("Phone", &phone);
    audit.debug("PersonName", &name);
    audit.display("PersonName", &name);
    audit.debug("VerifyCode", &code);
    audit.display("VerifyCode", &code);

    let extra = obj(json!({"certNo": IDS[0], "mobile": PHONES[2], "bankCardName": NAMES[0],
                           "nested": {"card": CARDS[1], "list": [PHONES[3], CARDS[2]]}}));
    let apply = BindCardApply {
        user_id: "u-1".into(),
        card_number: card.clone(),
        phone: phone.clone(),
        holder_name: Some(name),
        id_number: Some(id),
        bank: None,
        card_type: Some(CardType::Debit),
        order_id: Some("o-1".into()),
        verify_code: Some(code.clone()),
        extra: extra.clone(),
    };
    let confirm = BindCardConfirm {
        user_id: "u-1".into(),
        confirm_token: Some("t".into()),
        verify_code: code,
        order_id: None,
        extra: extra.clone(),
    };
    audit.debug("BindCardApply", &apply);
    audit.debug("BindCardConfirm", &confirm);
    for request in [
        UnifiedRequest::BindCardApply(apply),
        UnifiedRequest::BindCardConfirm(confirm),
        UnifiedRequest::LookupCardBank {
            card_number: card.clone(),
        },
        UnifiedRequest::CheckAgreementNeeded {
            user_id: "u-1".into(),
            card_number: card,
        },
        UnifiedRequest::Other {
            operation: Operation::BindCardApply,
            fields: extra,
        },
    ] {
        audit.debug("UnifiedRequest", &request);
    }

    // Refused values are not quoted by the validation errors.
    audit.result("CardNumber::new(bad)", &CardNumber::new("card_no", BAD_CARD));
    audit.result("IdNumber::new(bad)", &IdNumber::new("id_no", BAD_ID));
    audit.result("Phone::new(bad)", &Phone::new("phone", BAD_PHONE));
    audit.result(
        "VerifyCode::new(bad)",
        &VerifyCode::new("code", &format!("{CODE}{CODE}x")),
    );
    audit.result(
        "PersonName::new(bad)",
        &PersonName::new("name", &format!("{}<>{}", NAMES[1], "x".repeat(80))),
    );
    audit.check(40);
}

fn configs() -> (
    LianLianConfig,
    XianjincardConfig,
    YixinConfig,
    VbaoConfig,
    HuanbeiConfig,
) {
    let mut lianlian = LianLianConfig::new("201408071000001543", SignType::Md5).with_environment("production");
    lianlian.our_private_key = Some(PRIV_1024.into());
    lianlian.their_public_key = Some(PUB_2048.into());
    lianlian.sign_key = Some(MD5_KEY.into());
    let mut xianjincard = XianjincardConfig::new("UA", SIGNKEY).with_environment("production");
    xianjincard.partner_to_provider = Some(XianjincardKeyPair {
        ua: "UA2".into(),
        sign_key: SIGNKEY.into(),
    });
    let yixin = YixinConfig {
        allow_unlisted_fields: false,
        app_id: "app".into(),
        base_url: "https://openapi.example.invalid/gateway".into(),
        our_private_key: PRIV_2048.into(),
        their_public_key: PUB_1024.into(),
        ip: None,
        timestamp_window_secs: 1800,
        profile: YixinProfile::default(),
    };
    let vbao = VbaoConfig {
        allow_unlisted_fields: false,
        customer_no: "202112090603".into(),
        sign_key: VBAO_KEY.into(),
        their_public_key: Some(PUB_2048.into()),
        our_private_key: Some(PRIV_2048.into()),
        base_url: "https://vbao.example.com/".into(),
        profile: VbaoProfile::default(),
    };
    let huanbei = HuanbeiConfig {
        environment: None,
        allow_unlisted_fields: false,
        base_url: "http://openapi.dev.lattebank.com/".into(),
        channel_code: "testchannel".into(),
        path: cardbind::providers::huanbei::DEFAULT_PATH.into(),
        signing: Some(HuanbeiSigning {
            key_version: "1".into(),
            our_private_key: Some(PRIV_1024.into()),
            their_public_key: Some(PUB_2048.into()),
            digest: DigestAlgorithm::Sha1,
            insecure_accept_unsigned: false,
        }),
        timestamp_window_secs: 300,
        insecure_skip_timestamp_check: false,
    };
    (lianlian, xianjincard, yixin, vbao, huanbei)
}

#[test]
fn configurations_codecs_and_keys_hide_secrets_and_key_material() {
    let mut audit = Audit::default();
    let (lianlian, xianjincard, yixin, vbao, huanbei) = configs();
    audit.debug("LianLianConfig", &lianlian);
    audit.debug("XianjincardConfig", &xianjincard);
    audit.debug("YixinConfig", &yixin);
    audit.debug("VbaoConfig", &vbao);
    audit.debug("HuanbeiConfig", &huanbei);
    audit.debug("HuanbeiSigning", &huanbei.signing);
    audit.debug("LianLianCodec", &LianLianCodec::new(lianlian).unwrap());
    audit.debug("XianjincardCodec", &XianjincardCodec::new(xianjincard).unwrap());
    audit.debug("YixinCodec", &YixinCodec::new(yixin).unwrap());
    audit.debug("VbaoCodec", &VbaoCodec::new(vbao).unwrap());
    audit.debug("HuanbeiCodec", &HuanbeiCodec::new(huanbei).unwrap());

    let private = PrivateKey::parse(PRIV_2048).unwrap();
    audit.debug("PrivateKey", &private);
    audit.debug("PublicKey", &PublicKey::parse(PUB_2048).unwrap());
    audit.result("KeyMaterial::parse", &KeyMaterial::parse(PRIV_1024.as_bytes()));
    audit.debug("SigningKey::Rsa", &SigningKey::Rsa(private.clone()));
    audit.debug("SigningKey::Secret", &SigningKey::Secret(SharedSecret::new(SIGNKEY)));
    audit.debug(
        "VerifyingKey::Secret",
        &VerifyingKey::Secret(SharedSecret::new(MD5_KEY)),
    );
    audit.debug("SharedSecret", &SharedSecret::new(VBAO_KEY));

    // Broken private keys: the errors name the problem, never the bytes.
    let body: String = PRIV_1024.lines().filter(|l| !l.starts_with("-----")).collect();
    for broken in [
        PRIV_1024.replacen('M', "!", 1),
        PRIV_1024.replace("-----END PRIVATE KEY-----", ""),
        body.get(..body.len() - 8).unwrap().to_owned(),
        format!("{}AAAA", &body),
        PRIV_1024.replace("PRIVATE KEY", "EC PRIVATE KEY"),
    ] {
        audit.result("PrivateKey::parse(broken)", &PrivateKey::parse(&broken));
        audit.result("PublicKey::parse(private)", &PublicKey::parse(&broken));
    }
    audit.result("PublicKey::parse(private)", &PublicKey::parse(PRIV_1024));

    // LianLian pay_load session keys and opened envelopes.
    let mut r = rng();
    let secret_json = json!({"card_no": CARDS[0], "id_no": IDS[0], "bind_mob": PHONES[0], "acct_name": NAMES[0]});
    let sealed = payload::seal(private.public_key(), &mut r, secret_json.to_string().as_bytes()).unwrap();
    let opened = payload::open(&private, &mut r, &sealed).unwrap();
    audit.debug("payload::Opened", &opened);
    audit.debug("payload::SessionKeys", &opened.keys);
    for hex_or_b64 in [
        cardbind::encoding::encode_hex(opened.keys.aes_key.as_slice(), cardbind::HexCase::Lower),
        cardbind::encoding::encode_base64(opened.keys.hmac_key.as_slice()),
    ] {
        assert!(!format!("{opened:?}").contains(&hex_or_b64), "session keys shown");
    }
    audit.result(
        "payload::open(tampered)",
        &payload::open(&private, &mut r, &sealed.replacen('A', "B", 1)),
    );
    audit.result("payload::open(garbage)", &payload::open(&private, &mut r, CARDS[0]));

    // Primitive errors provoked with personal data as input.
    let card_bytes = CARDS[0].as_bytes();
    audit.result(
        "rsa_decrypt_blocks",
        &cipher::rsa_decrypt_blocks(&private, &mut r, card_bytes),
    );
    audit.result(
        "rsa_public_decrypt_blocks",
        &cipher::rsa_public_decrypt_blocks(private.public_key(), card_bytes),
    );
    audit.result(
        "aes_pkcs7_decrypt",
        &cipher::aes_pkcs7_decrypt(AesMode::Ecb, card_bytes, card_bytes),
    );
    audit.result(
        "verify_pkcs1v15_base64",
        &private
            .public_key()
            .verify_pkcs1v15_base64(DigestAlgorithm::Sha1, card_bytes, CARDS[0]),
    );
    audit.result(
        "md5_hex_verify",
        &cardbind::signature::md5_hex_verify(
            card_bytes,
            &[MD5_KEY.as_bytes()],
            CARDS[0],
            cardbind::HexCase::Lower,
            cardbind::CaseRule::Exact,
        ),
    );
    audit.result(
        "decode_base64_lenient",
        &cardbind::encoding::decode_base64_lenient("sign", format!("{}!", CARDS[0]).as_bytes()),
    );
    audit.result(
        "form::decode",
        &form::decode(format!("card_no={}%zz", CARDS[0]).as_bytes()),
    );
    audit.result(
        "CanonicalRule::build",
        &CanonicalRule::sorted_pairs(KeyOrder::Bytewise)
            .build([("card_no", Some(CARDS[0])), ("card_no", Some(CARDS[1]))]),
    );
    audit.result(
        "CanonicalRule::xianjincard",
        &CanonicalRule::xianjincard().build([("ua", Some(SIGNKEY))]),
    );
    audit.check(60);
}

/// Malformed variants of a message carrying personal data.
fn broken_bodies(body: &[u8]) -> Vec<Vec<u8>> {
    let text = String::from_utf8_lossy(body).into_owned();
    let pii = format!(
        "{{\"card_no\": {}, \"id_no\": \"{}\", \"phone\": {}",
        CARDS[0], IDS[0], PHONES[1]
    );
    vec![
        body.get(..body.len().saturating_sub(3)).unwrap_or_default().to_vec(),
        text.replacen('"', "'", 1).into_bytes(),
        text.replacen(':', ": [", 1).into_bytes(),
        pii.clone().into_bytes(),
        format!("{pii}}}").into_bytes(),
        format!(
            "{{\"ret_code\": {{\"card\": \"{}\"}}, \"code\": [\"{}\"], \"status\": \"{}\"}}",
            CARDS[0], IDS[0], PHONES[0]
        )
        .into_bytes(),
        form::encode([("ua", CARDS[0]), ("call", IDS[0]), ("args", PHONES[0]), ("sign", CODE)]).into_bytes(),
        // Tampered: one personal value changed keeps the message well-formed but breaks its signature.
        text.replace(CARDS[0], "6222022005001212734")
            .replace(PHONES[1], "13420504518")
            .into_bytes(),
        // Hostile names: personal data as a key, once, repeated, and as form field names.
        text.replacen('{', &format!("{{\"{}\": \"1\", ", CARDS[0]), 1)
            .into_bytes(),
        format!("{{\"{c}\": 1, \"{c}\": 2, \"{p}\": 3}}", c = CARDS[0], p = PHONES[0]).into_bytes(),
        format!("{c}=1&{c}=2&{i}=3", c = CARDS[0], i = IDS[0]).into_bytes(),
        format!("{}&{}=x", text, PHONES[0]).into_bytes(),
        // Hostile messages: every message-like member quoting card, ID and phone numbers.
        with_hostile_messages(&text).into_bytes(),
    ]
}

/// `text` (a JSON object) with every message-like string member replaced by free text quoting
/// personal data; other text is returned unchanged.
fn with_hostile_messages(text: &str) -> String {
    let Ok(Value::Object(mut object)) = serde_json::from_str::<Value>(text) else {
        return text.to_owned();
    };
    let hostile = format!("card {} id {} phone {}", CARDS[0], IDS[0], PHONES[0]);
    for (key, value) in &mut object {
        if ["ret_msg", "message", "msg", "desc", "errMessage", "remark"].contains(&key.as_str()) {
            *value = Value::String(hostile.clone());
        }
    }
    if !object.keys().any(|k| k == "ret_msg" || k == "message" || k == "msg") {
        object.insert("ret_msg".into(), Value::String(hostile.clone()));
        object.insert("message".into(), Value::String(hostile));
    }
    Value::Object(object).to_string()
}

#[test]
fn every_providers_messages_and_decode_errors_are_masked_in_both_roles() {
    let mut audit = Audit::default();
    let now = Some(common::NOW);
    for prepared in common::providers_prepared() {
        let name = prepared.setup.provider.name();
        for (variant, pair) in prepared.setup.variants.iter().enumerate() {
            for (op, sample) in prepared.setup.samples.iter().enumerate() {
                let template = &prepared.templates[variant][op];
                let what = format!("{name} v{variant} {}", sample.operation);
                let mut r = rng();
                let mut ctx = Context::new(&mut r, now);
                if let Some((encoder, request)) = &template.request {
                    let decoder = &pair[1 - encoder];
                    audit.debug(&format!("{what} HttpRequest"), request);
                    audit.result(
                        &format!("{what} decode_request"),
                        &decoder.decode_request(request, &mut ctx),
                    );
                    for body in broken_bodies(&request.body) {
                        let broken = HttpRequest {
                            body,
                            ..request.clone()
                        };
                        audit.result(
                            &format!("{what} decode_request(broken)"),
                            &decoder.decode_request(&broken, &mut ctx),
                        );
                    }
                    let mut wrong_url = request.clone();
                    wrong_url.url = format!("https://x.invalid/{}", CARDS[0]);
                    audit.result(
                        &format!("{what} decode_request(url)"),
                        &decoder.decode_request(&wrong_url, &mut ctx),
                    );
                }
                if let Some((encoder, response)) = &template.response {
                    let decoder = &pair[1 - encoder];
                    audit.debug(&format!("{what} HttpResponse"), response);
                    let decoded = decoder.decode_response(&sample.operation, response, &mut ctx);
                    if let Ok(d) = &decoded {
                        audit.debug(&format!("{what} Outcome"), &d.outcome);
                        if name == "yixin" {
                            audit.result(&format!("{what} card_list"), &yixin::card_list(&d.fields));
                        }
                    }
                    audit.result(&format!("{what} decode_response"), &decoded);
                    for body in broken_bodies(&response.body) {
                        let broken = HttpResponse {
                            body,
                            ..response.clone()
                        };
                        audit.result(
                            &format!("{what} decode_response(broken)"),
                            &decoder.decode_response(&sample.operation, &broken, &mut ctx),
                        );
                    }
                }
                // Encoding refuses invalid personal data without quoting it.
                for encoder in pair {
                    let mut params = sample.request.clone();
                    for value in params.values_mut() {
                        if let Value::String(s) = value {
                            let refused = match s.as_str() {
                                s if CARDS.contains(&s) => BAD_CARD,
                                s if IDS.contains(&s) => BAD_ID,
                                s if PHONES.contains(&s) => BAD_PHONE,
                                _ => continue,
                            };
                            refused.clone_into(s);
                        }
                    }
                    audit.result(
                        &format!("{what} encode_request(bad)"),
                        &encoder.encode_request(&sample.operation, &params, &mut ctx),
                    );
                    audit.result(
                        &format!("{what} encode_request"),
                        &encoder.encode_request(&sample.operation, &sample.request, &mut ctx),
                    );
                    audit.result(
                        &format!("{what} encode_response"),
                        &encoder.encode_response(&sample.operation, &sample.response, &mut ctx),
                    );
                }
            }
        }
    }
    audit.check(1000);
}
