//! The provider kit's rules on mutated input, for every provider (`provider_kit_rules`): codecs
//! built strict (no opt-in), so whatever a decode hands out must be what the spec lists, a key
//! named twice never decodes, a reply decoded as an operation carries nothing only another
//! operation's reply lists, and an error never quotes a card, ID or phone number it was given.
//!
//! Selectors: provider, variant, operation, mode (0: the payload as the operation's reply body,
//! 1: as its request body, 2: the operation's valid body with its first member repeated, the
//! payload as the repeat's value).

use cardbind::model::{HttpRequest, HttpResponse};
use cardbind::rng::SeededRng;
use cardbind::spec::{FieldSpec, OperationSpec, ProviderSpec};
use cardbind::{CodecError, Context};
use serde_json::{Map, Value};

use super::providers::{prepared, Prepared, NOW};
use super::Input;

/// Members a provider's messages carry beside the spec's listed fields: the envelope's own
/// (`customerNo`, `sign` inside Vbao's business JSON), xianjincard's second spelling `min_amunt`
/// and its bank list, held as `response`.
const ALSO_LISTED: [&str; 4] = ["customerNo", "sign", "min_amunt", "response"];

fn listed(specs: &[FieldSpec], name: &str) -> bool {
    specs.iter().any(|s| s.name == name) || ALSO_LISTED.contains(&name)
}

/// Digit runs of 11 or more in `bytes`: what a card, ID or phone number looks like.
fn personal_numbers(bytes: &[u8]) -> Vec<String> {
    String::from_utf8_lossy(bytes)
        .split(|c: char| !c.is_ascii_digit())
        .filter(|run| run.len() >= 11)
        .map(str::to_owned)
        .collect()
}

fn assert_not_echoed(err: &CodecError, input: &[u8], what: &str) {
    let shown = format!("{err} {err:?}");
    for number in personal_numbers(input) {
        assert!(!shown.contains(&number), "{what}: the error quotes {number}: {shown}");
    }
}

/// A decoded message of `op` (`reply`: its answer) hands out only fields the spec lists, and a
/// reply nothing only another operation's reply lists.
fn assert_only_listed(spec: &ProviderSpec, op: &OperationSpec, fields: &Map<String, Value>, reply: bool, what: &str) {
    let own = if reply { &op.response } else { &op.request };
    for name in fields.keys() {
        assert!(listed(own, name), "{what}: an unlisted field `{name}` was handed out");
        if reply {
            let elsewhere = spec
                .operations
                .iter()
                .any(|o| o.name != op.name && listed(&o.response, name));
            assert!(
                !elsewhere || listed(&op.response, name),
                "{what}: `{name}` answers another operation"
            );
        }
    }
}

/// `body` with its first JSON member (or form field) named twice, the second time with `value`.
fn with_repeat(body: &[u8], value: &[u8]) -> Option<Vec<u8>> {
    let text = std::str::from_utf8(body).ok()?;
    let value = String::from_utf8_lossy(value);
    if let Ok(Value::Object(members)) = serde_json::from_str::<Value>(text) {
        let first = members.keys().next()?.clone();
        let repeated = format!("{{{}:{},", Value::String(first), Value::String(value.into_owned()));
        return Some(text.replacen('{', &repeated, 1).into_bytes());
    }
    // A form (`k=v&...`); a plain-text answer (Vbao's `SUCCESS`) has no member to repeat.
    let first = text.split('&').next()?.split_once('=')?.0;
    Some(
        format!(
            "{text}&{first}={}",
            cardbind::form::encode([("v", value.as_ref())]).trim_start_matches("v=")
        )
        .into_bytes(),
    )
}

pub fn provider_kit_rules(data: &[u8]) {
    let mut input = Input::new(data);
    let all = prepared();
    let p: &Prepared = &all[input.pick(all.len())];
    let variant = input.pick(p.setup.variants.len());
    let index = input.pick(p.setup.samples.len());
    let mode = input.pick(3);
    let payload = input.rest();
    let provider = p.setup.provider;
    let Ok(spec) = cardbind::registry::spec(provider) else {
        return;
    };
    let operation = p.setup.samples[index].operation.as_str();
    let Some(op) = spec.operation(operation) else { return };
    let template = &p.templates[variant][index];
    let pair = &p.setup.variants[variant];
    let what = format!("{} {operation} mode {mode}", provider.name());
    let mut rng = SeededRng::from_seed([41; 32]);
    let mut ctx = Context::new(&mut rng, Some(NOW));
    let reply = |body: Vec<u8>, ctx: &mut Context<'_>| {
        template.response.as_ref().map(|(encoder, r)| {
            let response = HttpResponse { body, ..r.clone() };
            pair[1 - encoder].decode_response(operation, &response, ctx)
        })
    };
    let request = |body: Vec<u8>, ctx: &mut Context<'_>| {
        template.request.as_ref().map(|(encoder, r)| {
            let request = HttpRequest { body, ..r.clone() };
            pair[1 - encoder].decode_request(&request, ctx)
        })
    };
    match mode {
        0 => match reply(payload.to_vec(), &mut ctx) {
            Some(Ok(decoded)) if decoded.outcome.is_success() || decoded.replay_key.is_some() => {
                assert_only_listed(spec, op, &decoded.fields, true, &what);
            }
            Some(Err(err)) => assert_not_echoed(&err, payload, &what),
            _ => {}
        },
        1 => match request(payload.to_vec(), &mut ctx) {
            Some(Ok(decoded)) => assert_only_listed(spec, op, &decoded.fields, false, &what),
            Some(Err(err)) => assert_not_echoed(&err, payload, &what),
            None => {}
        },
        _ => {
            let repeated_reply = template
                .response
                .as_ref()
                .and_then(|(_, r)| with_repeat(&r.body, payload));
            if let Some(Some(Ok(decoded))) = repeated_reply.map(|b| reply(b, &mut ctx)) {
                assert!(
                    decoded.fields.is_empty() && !decoded.outcome.is_success(),
                    "{what}: a repeated key decoded"
                );
            }
            let repeated_request = template
                .request
                .as_ref()
                .and_then(|(_, r)| with_repeat(&r.body, payload));
            if let Some(Some(Ok(_))) = repeated_request.map(|b| request(b, &mut ctx)) {
                panic!("{what}: a request with a repeated key decoded");
            }
        }
    }
}
