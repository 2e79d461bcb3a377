//! Every provider's `decode_request` / `decode_response` on arbitrary input, and round trips
//! through the signing/encrypting side so that fuzzed content reaches past the signature.
//!
//! Each provider is set up as a pair of codecs with matching keys: the merchant and the provider
//! (or a mock of it). Whichever of the two can encode an operation's request (or response) does,
//! and the other decodes. Some providers have configuration variants (signature type, optional
//! signing) which the fuzzer picks too.

use std::sync::OnceLock;

use cardbind::model::{HttpRequest, HttpResponse, Method};
use cardbind::providers::huanbei::DEFAULT_PATH;
use cardbind::providers::vbao::{BIND_CARD_CREATE, BIND_NOTIFY};
use cardbind::rng::SeededRng;
use cardbind::{Codec, Context, Provider};
use serde_json::{Map, Value};

use super::Input;

/// Codec pairs and samples for every provider (`spec/fixtures/codec-pairs.json`): the fuzz targets
/// build their codecs from it through the registry, so a new provider is fuzzed once its fixture
/// entry exists.
const PAIRS: &str = include_str!("../../spec/fixtures/codec-pairs.json");

/// The TEST keys a fixture config names as `@<file>`.
const KEYS: [(&str, &str); 4] = [
    (
        "test-rsa-1024-private-pkcs8.pem",
        include_str!("../../spec/vectors/keys/test-rsa-1024-private-pkcs8.pem"),
    ),
    (
        "test-rsa-1024-public-spki.pem",
        include_str!("../../spec/vectors/keys/test-rsa-1024-public-spki.pem"),
    ),
    (
        "test-rsa-2048-private-pkcs8.pem",
        include_str!("../../spec/vectors/keys/test-rsa-2048-private-pkcs8.pem"),
    ),
    (
        "test-rsa-2048-public-spki.pem",
        include_str!("../../spec/vectors/keys/test-rsa-2048-public-spki.pem"),
    ),
];

/// The time every context carries (2024-03-15T02:30:00Z): timestamps made and checked agree.
pub const NOW: i64 = 1_710_469_800_000;

/// One operation's valid request parameters and valid response fields (from the provider tests).
pub struct Sample {
    pub operation: String,
    pub request: Map<String, Value>,
    pub response: Map<String, Value>,
}

/// A provider's codec pairs (one per configuration variant) and samples.
pub struct Setup {
    pub provider: Provider,
    pub variants: Vec<[Box<dyn Codec>; 2]>,
    pub samples: Vec<Sample>,
}

fn obj(v: &Value) -> Map<String, Value> {
    v.as_object().cloned().unwrap_or_default()
}

/// `config` with every `"@<key file>"` string replaced by that key's text.
fn with_keys(config: &Value) -> Value {
    match config {
        Value::String(s) => match s.strip_prefix('@').and_then(|f| KEYS.iter().find(|(n, _)| *n == f)) {
            Some((_, pem)) => Value::String((*pem).to_owned()),
            None => config.clone(),
        },
        Value::Object(m) => Value::Object(m.iter().map(|(k, v)| (k.clone(), with_keys(v))).collect()),
        other => other.clone(),
    }
}

fn codec(provider: Provider, config: &Value) -> Box<dyn Codec> {
    cardbind::registry::codec_from_config(provider, &with_keys(config).to_string()).expect("fixture config")
}

/// Side `side` of `provider`'s variant `variant` in the fixture, keys resolved, with `overrides`
/// merged in (a null override removes the key).
pub fn fixture_config(provider: Provider, variant: usize, side: usize, overrides: &Value) -> Value {
    let pairs: Value = serde_json::from_str(PAIRS).expect("spec/fixtures/codec-pairs.json parses");
    let mut config = with_keys(&pairs["providers"][provider.name()]["variants"][variant]["pair"][side]);
    if let (Some(c), Some(o)) = (config.as_object_mut(), overrides.as_object()) {
        for (key, value) in o {
            match value {
                Value::Null => c.remove(key),
                _ => c.insert(key.clone(), value.clone()),
            };
        }
    }
    config
}

/// The codec pair of `provider`'s variant `variant` in the fixture, with `overrides` merged into
/// both configurations (`{"allow_unlisted_fields": true}`).
pub fn fixture_pair(provider: Provider, variant: usize, overrides: &Value) -> [Box<dyn Codec>; 2] {
    let side = |side| codec(provider, &fixture_config(provider, variant, side, overrides));
    [side(0), side(1)]
}

/// The setup of `provider` from the fixture.
fn setup(pairs: &Value, provider: Provider) -> Setup {
    let entry = &pairs["providers"][provider.name()];
    let empty = Vec::new();
    let variants = entry["variants"]
        .as_array()
        .unwrap_or(&empty)
        .iter()
        .map(|v| [codec(provider, &v["pair"][0]), codec(provider, &v["pair"][1])])
        .collect();
    let samples = entry["samples"]
        .as_array()
        .unwrap_or(&empty)
        .iter()
        .map(|s| Sample {
            operation: s["operation"].as_str().unwrap_or_default().to_owned(),
            request: obj(&s["request"]),
            response: obj(&s["response"]),
        })
        .collect();
    Setup {
        provider,
        variants,
        samples,
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
        let pairs: Value = serde_json::from_str(PAIRS).expect("spec/fixtures/codec-pairs.json parses");
        Provider::ALL
            .into_iter()
            .map(|provider| setup(&pairs, provider))
            .map(|setup| {
                let templates = setup
                    .variants
                    .iter()
                    .map(|pair| {
                        setup
                            .samples
                            .iter()
                            .map(|s| Template {
                                request: first_encoder(pair, |c| encode_request(c, &s.operation, &s.request)),
                                response: first_encoder(pair, |c| encode_response(c, &s.operation, &s.response)),
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
    let operation = p.setup.samples[op].operation.as_str();
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
    let operation = p.setup.samples[op].operation.as_str();
    let pair = &p.setup.variants[variant];
    let name = p.setup.provider.name();
    // The spec's one rule for empty values: where the signature skips them, an empty string is
    // never sent (encoding refuses it, naming it) and a null is absent on both sides.
    let empty_signed = cardbind::registry::spec(p.setup.provider).map_or(true, |s| s.empty_values.signed);
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
        for (k, v) in &fields {
            let unsigned_empty = !empty_signed && (v.is_null() || v.as_str() == Some(""));
            assert!(
                !(unsigned_empty && v.as_str() == Some("")),
                "{name} {operation}: an empty `{k}` was encoded although the signature skips it"
            );
            if unsigned_empty || (v.is_null() && decoded_fields.get(k).is_none()) {
                // Absent on both sides: a null means "not given" where it is not signed, and
                // where it is, a provider may still leave an optional null out of its message.
                continue;
            }
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

/// `provider_kit_rules` seeds of one operation: its valid reply and request bodies (modes 0 and
/// 1), the reply with an unlisted member named like a card number, and a repeat (mode 2).
fn kit_seeds(name: &str, [pi, oi]: [usize; 2], op: &str, template: &Template) -> Vec<(&'static str, String, Vec<u8>)> {
    let head = |mode: u8| vec![u8::try_from(pi).unwrap_or(0), 0, u8::try_from(oi).unwrap_or(0), mode];
    let mut out = Vec::new();
    if let Some((_, response)) = &template.response {
        let mut bytes = head(0);
        bytes.extend_from_slice(&response.body);
        out.push(("provider_kit_rules", format!("{name}-{op}-reply"), bytes));
        let text = String::from_utf8_lossy(&response.body).replacen('{', r#"{"6222022005001212726":"13420504517","#, 1);
        let mut hostile = head(0);
        hostile.extend_from_slice(text.as_bytes());
        out.push(("provider_kit_rules", format!("{name}-{op}-reply-hostile-name"), hostile));
    }
    if let Some((_, request)) = &template.request {
        let mut bytes = head(1);
        bytes.extend_from_slice(&request.body);
        out.push(("provider_kit_rules", format!("{name}-{op}-request"), bytes));
    }
    let mut repeat = head(2);
    repeat.extend_from_slice(b"6222022005001212726");
    out.push(("provider_kit_rules", format!("{name}-{op}-repeat"), repeat));
    out
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
                if vi == 0 {
                    out.extend(kit_seeds(name, [pi, oi], &op, template));
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
