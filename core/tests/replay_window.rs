//! Replay windows through the codecs: Huanbei's optional `r_t` window (server role) uses the
//! shared `cardbind::model::replay::check_window`; xianjincard's and Yixin's windows are covered in
//! their own tests and go through the same helper.

use cardbind::model::replay::check_window;
use cardbind::providers::huanbei::{HuanbeiCodec, HuanbeiConfig, HuanbeiSigning, DEFAULT_PATH};
use cardbind::rng::SeededRng;
use cardbind::{Codec, CodecError, Context, DigestAlgorithm};
use serde_json::{json, Map, Value};

const PRIV_1024: &str = include_str!("../../spec/vectors/keys/test-rsa-1024-private-pkcs8.pem");
const PUB_1024: &str = include_str!("../../spec/vectors/keys/test-rsa-1024-public-spki.pem");
const NOW: i64 = 1_710_469_800_000;
const WINDOW: i64 = 300_000;

fn huanbei(ours: Option<&str>, theirs: Option<&str>, window: Option<i64>) -> HuanbeiCodec {
    HuanbeiCodec::new(HuanbeiConfig {
        environment: None,
        allow_unlisted_fields: false,
        base_url: "http://openapi.dev.lattebank.com/".into(),
        channel_code: "testchannel".into(),
        path: DEFAULT_PATH.into(),
        signing: Some(HuanbeiSigning {
            key_version: "1".into(),
            our_private_key: ours.map(str::to_owned),
            their_public_key: theirs.map(str::to_owned),
            digest: DigestAlgorithm::Sha1,
            insecure_accept_unsigned: false,
        }),
        timestamp_window_secs: window.map_or(300, |ms| u32::try_from(ms / 1000).unwrap()),
        insecure_skip_timestamp_check: window.is_none(),
    })
    .unwrap()
}

fn params() -> Map<String, Value> {
    json!({"user_id": "246964109149933", "bank_card": "6222022005001212726", "open_bank": "ICBC",
           "bind_card_src": 2, "r_i": "3f2504e0-4f89-11d3-9a0c-0305e82c3301"})
    .as_object()
    .unwrap()
    .clone()
}

fn decode_at(
    server: &HuanbeiCodec,
    request: &cardbind::model::HttpRequest,
    now: Option<i64>,
) -> Result<(), CodecError> {
    let mut rng = SeededRng::from_seed([4; 32]);
    server
        .decode_request(request, &mut Context::new(&mut rng, now))
        .map(drop)
}

#[test]
fn huanbei_refuses_a_signed_request_outside_the_r_t_window() {
    let client = huanbei(Some(PRIV_1024), None, None);
    let server = huanbei(None, Some(PUB_1024), Some(WINDOW));
    let mut rng = SeededRng::from_seed([3; 32]);
    let request = client
        .encode_request("bindCard", &params(), &mut Context::new(&mut rng, Some(NOW)))
        .unwrap();
    assert_eq!(request.query_param("r_t"), Some(NOW.to_string().as_str()));
    for now in [NOW - WINDOW, NOW, NOW + WINDOW] {
        assert_eq!(decode_at(&server, &request, Some(now)), Ok(()), "{now}");
    }
    assert_eq!(
        decode_at(&server, &request, Some(NOW + WINDOW + 1)),
        Err(CodecError::StaleTimestamp {
            field: "r_t".into(),
            skew_ms: -(WINDOW + 1),
            window_ms: WINDOW
        })
    );
    assert_eq!(
        decode_at(&server, &request, Some(NOW - WINDOW - 1)),
        check_window("r_t", NOW, NOW - WINDOW - 1, WINDOW)
    );
    // The window needs the caller's time.
    assert!(matches!(
        decode_at(&server, &request, None),
        Err(CodecError::MissingContext { .. })
    ));
    // Without a configured window any time is accepted (the document sets none).
    let lenient = huanbei(None, Some(PUB_1024), None);
    assert_eq!(decode_at(&lenient, &request, Some(NOW + 86_400_000)), Ok(()));
}

#[test]
fn huanbei_checks_the_signature_before_the_time() {
    let client = huanbei(Some(PRIV_1024), None, None);
    let server = huanbei(None, Some(PUB_1024), Some(WINDOW));
    let mut rng = SeededRng::from_seed([3; 32]);
    let mut request = client
        .encode_request("bindCard", &params(), &mut Context::new(&mut rng, Some(NOW)))
        .unwrap();
    // Moving r_t into the window breaks the signature, which covers it.
    for (k, v) in &mut request.query {
        if k == "r_t" {
            *v = (NOW + 10 * WINDOW).to_string();
        }
    }
    assert!(matches!(
        decode_at(&server, &request, Some(NOW + 10 * WINDOW)),
        Err(CodecError::Signature { .. })
    ));
}
