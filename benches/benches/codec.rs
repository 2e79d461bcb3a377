//! The whole receive path of a real provider codec against a bare signature check of the same
//! bytes: `LianLianCodec::decode_response` (JSON parse, sign_type check, canonical string, base64,
//! MD5withRSA-1024 verify, code map, outcome) vs `PublicKey::verify_pkcs1v15` alone.
//! Run: `cargo bench -p benches --bench codec`.

use std::hint::black_box;

use cardbind::model::transport::HttpResponse;
use cardbind::providers::{LianLianCodec, LianLianConfig};
use cardbind::rng::SeededRng;
use cardbind::{Codec, Context, DigestAlgorithm, PublicKey};
use criterion::{criterion_group, criterion_main, Criterion};
use serde_json::{json, Map, Value};

const PRIVATE: &str = include_str!("../../spec/vectors/keys/test-rsa-1024-private-pkcs8.pem");
const PUBLIC: &str = include_str!("../../spec/vectors/keys/test-rsa-1024-public-spki.pem");

fn config() -> LianLianConfig {
    let mut config = LianLianConfig::new("201408071000001543", cardbind::providers::lianlian::SignType::Rsa)
        .with_environment("production");
    config.our_private_key = Some(PRIVATE.to_owned());
    config.their_public_key = Some(PUBLIC.to_owned());
    config
}

fn lianlian_decode(c: &mut Criterion) {
    let codec = LianLianCodec::new(config()).expect("test config");
    let mut rng = SeededRng::from_seed([1; 32]);
    let mut ctx = Context::new(&mut rng, None);
    let given: Map<String, Value> = json!({
        "ret_code": "0000", "ret_msg": "交易成功", "user_id": "2013051500001",
        "card_no": "6222022005001212726", "no_agree": "2024031500012345", "no_order": "BIND20240315000001"
    })
    .as_object()
    .cloned()
    .expect("object");
    let reply = codec
        .encode_response("bankcardbindverfy", &given, &mut ctx)
        .expect("mock encodes");
    let response = HttpResponse {
        status: 200,
        headers: reply.headers.clone(),
        body: reply.body.clone(),
    };
    let decoded = codec
        .decode_response("bankcardbindverfy", &response, &mut ctx)
        .expect("decodes");
    assert!(decoded.outcome.is_success());

    // The same signature over the same canonical string, checked alone.
    let fields: Map<String, Value> = serde_json::from_slice(&response.body).expect("json");
    let sign = fields.get("sign").and_then(Value::as_str).expect("sign");
    let signature = cardbind::encoding::decode_base64_lenient("sign", sign.as_bytes()).expect("base64");
    let canonical = cardbind::CanonicalRule::sorted_pairs(cardbind::KeyOrder::Bytewise)
        .build(fields.iter().map(|(k, v)| (k.as_str(), v.as_str())))
        .expect("canonical");
    let key = PublicKey::parse(PUBLIC).expect("key");
    key.verify_pkcs1v15(DigestAlgorithm::Md5, &canonical, &signature)
        .expect("the bare check agrees");

    let mut group = c.benchmark_group("lianlian_reply_md5withrsa_1024");
    group.bench_function("bare_verify", |b| {
        b.iter(|| {
            key.verify_pkcs1v15(DigestAlgorithm::Md5, black_box(&canonical), black_box(&signature))
                .expect("valid");
        });
    });
    group.bench_function("codec_decode_response", |b| {
        b.iter(|| {
            codec
                .decode_response("bankcardbindverfy", black_box(&response), &mut ctx)
                .expect("valid")
        });
    });
    group.finish();
}

criterion_group!(benches, lianlian_decode);
criterion_main!(benches);
