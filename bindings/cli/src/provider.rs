//! Provider commands: `codes`, `spec`, `encode`, `decode`, `form`. They use the core's registry
//! (`providers::codec_from_config`, `providers::spec_json`).

use std::fmt::Write as _;

use cardbind::model::{EncodeOptions, HttpRequest, HttpResponse, Method, SignatureCheck};
use cardbind::providers::{codec_from_config, spec_json};
use cardbind::rng::SeededRng;
use cardbind::spec::{FieldSpec, ProviderSpec};
use cardbind::{Codec, CodecError, Context, ErrorKind, Provider};
use serde_json::{json, Map, Value};

use crate::cli::{CodecArgs, CodesArgs, DecodeArgs, EncodeArgs, FormArgs, Role, SpecArgs};
use crate::console::Console;
use crate::error::{CliError, CliResult};
use crate::input::{
    json_object, os_seed, read_bytes, read_text, shown, wire_object, MAX_CONFIG_BYTES, MAX_INPUT_BYTES, MAX_WIRE_BYTES,
};
use crate::names::provider;
use crate::pii;

fn spec_of(p: Provider) -> Result<ProviderSpec, CliError> {
    ProviderSpec::from_json(spec_json(p))
        .map_err(|_| CliError::bad(format!("the {} spec is not available in this build", p.name())))
}

fn snake<T: serde::Serialize>(value: &T) -> String {
    match serde_json::to_value(value) {
        Ok(Value::String(s)) => s,
        Ok(other) => other.to_string(),
        Err(_) => String::new(),
    }
}

pub fn run_codes(args: &CodesArgs, console: &Console<'_>) -> CliResult {
    let p = provider(&args.provider)?;
    let spec = spec_of(p)?;
    let matching: Vec<_> = spec
        .codes
        .iter()
        .filter(|c| args.code.as_ref().is_none_or(|code| &c.code == code))
        .filter(|c| args.scope.as_ref().is_none_or(|s| &c.scope == s))
        .collect();
    if matching.is_empty() {
        let scopes: std::collections::BTreeSet<&str> = spec.codes.iter().map(|c| c.scope.as_str()).collect();
        let scopes: Vec<&str> = scopes.into_iter().collect();
        return Err(CliError::bad(match &args.code {
            Some(code) => format!(
                "code `{code}` is not in the {} spec (scopes: {}); the codec reports it as failed, kind unknown, \
                 raw code kept",
                p.name(),
                scopes.join(", ")
            ),
            None => format!("no codes in scope (scopes: {})", scopes.join(", ")),
        }));
    }
    if console.json {
        let list: Vec<Value> = matching
            .iter()
            .map(|c| {
                json!({
                    "provider": p.name(),
                    "scope": c.scope,
                    "code": c.code,
                    "meaning": c.meaning,
                    "outcome": c.outcome,
                    "kind": c.kind,
                    "retryable": c.kind.map(ErrorKind::retryable),
                    "confidence": c.confidence,
                })
            })
            .collect();
        console.json_value(&Value::Array(list));
        return Ok(());
    }
    if args.code.is_some() {
        for c in &matching {
            console.text(&format!("{} {} {}: {}", p.name(), c.scope, c.code, c.meaning));
            console.text(&format!("  outcome:    {}", c.outcome));
            if let Some(kind) = c.kind {
                console.text(&format!("  kind:       {}", snake(&kind)));
                console.text(&format!("  retryable:  {}", kind.retryable()));
            }
            console.text(&format!("  confidence: {}", snake(&c.confidence)));
        }
    } else {
        for c in &matching {
            let kind = c.kind.map(|k| snake(&k)).unwrap_or_default();
            console.text(&format!(
                "{:<14} {:<8} {:<10} {:<26} {}",
                c.scope, c.code, c.outcome, kind, c.meaning
            ));
        }
    }
    Ok(())
}

/// One line per configuration key (nested keys by their dotted path): name, type, default or
/// `*` for required, `secret`, then what it means.
fn config_lines(keys: &serde_json::Map<String, Value>, prefix: &str, emit: &mut dyn FnMut(String)) {
    for (name, key) in keys {
        let Ok(key) = serde_json::from_value::<cardbind::config::ConfigKeySpec>(key.clone()) else {
            continue;
        };
        let path = format!("{prefix}{name}");
        let ty = serde_json::to_value(key.ty)
            .ok()
            .and_then(|v| v.as_str().map(str::to_owned))
            .unwrap_or_default();
        let ty = if key.values.is_empty() {
            ty
        } else {
            key.values.join("|")
        };
        let default = match (&key.default, key.required) {
            (_, true) => "*".to_owned(),
            (Some(Value::Null) | None, false) => "-".to_owned(),
            (Some(v), false) => v.to_string(),
        };
        let secret = if key.secret { " secret" } else { "" };
        emit(format!(
            "  {path:<34} {ty:<24} {default:<12}{secret} {}",
            key.description
        ));
        if key.ty == cardbind::config::ConfigType::Object {
            config_lines(&key.keys, &format!("{path}."), emit);
        }
    }
}

pub fn run_spec(args: &SpecArgs, console: &Console<'_>) -> CliResult {
    let Some(name) = &args.provider else {
        let mut list = Vec::new();
        for p in Provider::ALL {
            match spec_of(p) {
                Ok(spec) => list.push((p, Some(spec))),
                Err(_) => list.push((p, None)),
            }
        }
        if console.json {
            let v: Vec<Value> = list
                .iter()
                .map(|(p, s)| {
                    json!({
                        "provider": p.name(),
                        "title": s.as_ref().map(|s| s.title.clone()),
                        "operations": s.as_ref().map(|s| s.operations.iter().map(|o| o.name.clone()).collect::<Vec<_>>()),
                    })
                })
                .collect();
            console.json_value(&Value::Array(v));
        } else {
            for (p, s) in &list {
                match s {
                    Some(s) => console.text(&format!(
                        "{:<12} {} ({} operations)",
                        p.name(),
                        s.title,
                        s.operations.len()
                    )),
                    None => console.text(&format!("{:<12} (spec not available in this build)", p.name())),
                }
            }
        }
        return Ok(());
    };
    let p = provider(name)?;
    let spec = spec_of(p)?;
    let Some(op_name) = &args.operation else {
        if console.json {
            console.json_value(&serde_json::to_value(&spec).unwrap_or(Value::Null));
        } else {
            console.text(&format!("{}: {}", p.name(), spec.title));
            for o in &spec.operations {
                console.text(&format!(
                    "  {:<36} {:<24} {:<20} {} {}",
                    o.name,
                    o.unified,
                    snake(&o.direction),
                    o.method,
                    o.path
                ));
            }
            console.text("configuration (--config FILE; * required, secret values never shown):");
            config_lines(&spec.config.keys, "", &mut |line| console.text(&line));
        }
        return Ok(());
    };
    let op = spec.operation(op_name).ok_or_else(|| {
        let names: Vec<&str> = spec.operations.iter().map(|o| o.name.as_str()).collect();
        CliError::bad(format!(
            "{} has no operation `{op_name}` (one of: {})",
            p.name(),
            names.join(", ")
        ))
    })?;
    if console.json {
        let mut value = serde_json::to_value(op).unwrap_or(Value::Null);
        if let (Some(object), false) = (value.as_object_mut(), spec.envelope_inputs.is_empty()) {
            let inputs = serde_json::to_value(&spec.envelope_inputs).unwrap_or(Value::Null);
            object.insert("envelope_inputs".into(), inputs);
        }
        console.json_value(&value);
        return Ok(());
    }
    console.text(&format!(
        "{} {} ({}, {}): {} {} [{}]",
        p.name(),
        op.name,
        op.unified,
        snake(&op.direction),
        op.method,
        op.path,
        op.content_type
    ));
    if let Some(notes) = &op.notes {
        console.text(&format!("  notes: {notes}"));
    }
    console.text("request fields:");
    print_fields(&op.request, 1, console);
    if !spec.envelope_inputs.is_empty() {
        console.text("envelope fields you supply among the request's fields:");
        print_fields(&spec.envelope_inputs, 1, console);
    }
    console.text("response fields:");
    print_fields(&op.response, 1, console);
    Ok(())
}

fn print_fields(fields: &[FieldSpec], depth: usize, console: &Console<'_>) {
    let indent = "  ".repeat(depth);
    for f in fields {
        let required = match &f.required {
            Value::Bool(true) => "required".to_owned(),
            Value::Bool(false) => "optional".to_owned(),
            Value::String(s) => s.clone(),
            other => other.to_string(),
        };
        let mut line = format!("{indent}{:<24} {:<12} {:<11}", f.name, f.ty, required);
        if let Some(max) = f.max_length {
            let _ = write!(line, " max {max}");
        }
        if let Some(kind) = &f.pii {
            let _ = write!(line, " pii:{kind}");
        }
        if !f.description.is_empty() {
            let _ = write!(line, "  {}", f.description);
        }
        console.text(line.trim_end());
        if let Some(c) = &f.condition {
            console.text(&format!("{indent}    required when: {c}"));
        }
        if !f.values.is_empty() {
            let values: Vec<String> = f.values.iter().map(|v| format!("{}={}", v.value, v.meaning)).collect();
            console.text(&format!("{indent}    values: {}", values.join("; ")));
        }
        print_fields(&f.fields, depth + 1, console);
    }
}

fn seed_of(seed: Option<&str>) -> Result<[u8; 32], CliError> {
    let Some(hex) = seed else { return os_seed() };
    cardbind::encoding::decode_hex(hex)
        .and_then(|b| <[u8; 32]>::try_from(b).ok())
        .ok_or_else(|| CliError::bad("--seed must be 64 hex digits"))
}

fn now_of(now_ms: Option<i64>) -> Option<i64> {
    now_ms.or_else(|| {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .ok()
            .and_then(|d| i64::try_from(d.as_millis()).ok())
    })
}

fn load_codec(console: &Console<'_>, p: Provider, args: &CodecArgs) -> Result<Box<dyn Codec>, CliError> {
    let config = read_text(console, &args.config, MAX_CONFIG_BYTES)?;
    codec_from_config(p, &config).map_err(|e| CliError::bad(format!("--config {}: {e}", shown(&args.config))))
}

/// A codec error: signature/MAC/decryption failures are verification failures (exit 1), the rest
/// bad input (exit 2).
fn codec_failure(e: &CodecError, console: &Console<'_>) -> CliError {
    if e.kind() == ErrorKind::SignatureInvalid {
        if console.json {
            console.json_value(&json!({"verified": false, "error": e.to_string(), "kind": snake(&e.kind())}));
        } else {
            console.text(&format!("FAILED: {e}"));
        }
        CliError::VerificationFailed
    } else {
        CliError::bad(e)
    }
}

fn pairs_json(pairs: &[(String, String)]) -> Value {
    Value::Array(pairs.iter().map(|(k, v)| json!([k, v])).collect())
}

/// A query as a JSON object of name to value, in order (what `urlencode`, `requests`' `params=`
/// and `URLSearchParams` take directly); a received query never repeats a name.
fn query_json(pairs: &[(String, String)]) -> Value {
    Value::Object(
        pairs
            .iter()
            .map(|(k, v)| (k.clone(), Value::String(v.clone())))
            .collect(),
    )
}

fn body_fields(body: &[u8], show_pii: bool) -> (String, Value) {
    let body = if show_pii { body.to_vec() } else { pii::mask_body(body) };
    match String::from_utf8(body) {
        Ok(text) => ("body".to_owned(), Value::String(text)),
        Err(e) => (
            "body_base64".to_owned(),
            Value::String(cardbind::encoding::encode_base64(e.as_bytes())),
        ),
    }
}

fn masked_pairs(pairs: &[(String, String)], show_pii: bool) -> Vec<(String, String)> {
    pairs
        .iter()
        .map(|(k, v)| {
            let v = if show_pii { v.clone() } else { pii::mask_field(k, v) };
            (k.clone(), v)
        })
        .collect()
}

fn request_json(r: &HttpRequest, show_pii: bool) -> Value {
    let (body_key, body) = body_fields(&r.body, show_pii);
    let mut o = Map::new();
    o.insert("method".into(), Value::String(r.method.as_str().to_owned()));
    o.insert("url".into(), Value::String(r.url.clone()));
    o.insert("query".into(), query_json(&masked_pairs(&r.query, show_pii)));
    o.insert("headers".into(), pairs_json(&r.headers));
    o.insert(body_key, body);
    o.insert(
        "hints".into(),
        json!({"timeout_ms": r.hints.timeout_ms, "idempotent": r.hints.idempotent}),
    );
    Value::Object(o)
}

fn response_json(r: &HttpResponse, show_pii: bool) -> Value {
    let (body_key, body) = body_fields(&r.body, show_pii);
    let mut o = Map::new();
    o.insert("status".into(), json!(r.status));
    o.insert("headers".into(), pairs_json(&r.headers));
    o.insert(body_key, body);
    Value::Object(o)
}

fn print_http(head: &str, headers: &[(String, String)], body: &Value, console: &Console<'_>) {
    console.text(head);
    for (k, v) in headers {
        console.text(&format!("{k}: {v}"));
    }
    console.text("");
    match body {
        Value::String(s) => console.text(s),
        other => console.text(&other.to_string()),
    }
}

/// Tells stderr when masking changed the bytes shown (they are then not the bytes to send).
fn mask_note(console: &Console<'_>, body: &[u8], query: &[(String, String)]) {
    let masked = !console.show_pii && (pii::mask_body(body) != body || masked_pairs(query, false) != query);
    if masked {
        console.note("note: personal data is masked; use --show-pii for the exact bytes to send");
    }
}

pub fn run_encode(args: &EncodeArgs, console: &Console<'_>) -> CliResult {
    let p = provider(&args.provider)?;
    let codec = load_codec(console, p, &args.codec)?;
    let fields = json_object(
        &read_bytes(console, &args.input, MAX_INPUT_BYTES)?,
        &shown(&args.input),
        MAX_INPUT_BYTES,
    )?;
    let mut rng = SeededRng::from_seed(seed_of(args.codec.seed.as_deref())?);
    let mut ctx = Context::new(&mut rng, now_of(args.codec.now_ms));
    let options = EncodeOptions {
        allow_unlisted_fields: args.allow_unlisted_fields,
    };
    match args.codec.role {
        Role::Client => {
            let request = codec
                .encode_request_with_options(&args.operation, &fields, &options, &mut ctx)
                .map_err(CliError::bad)?;
            let wire = request_json(&request, console.show_pii);
            if console.json {
                console.json_value(&wire);
            } else {
                let url = if console.show_pii {
                    request.full_url()
                } else {
                    let mut masked = request.clone();
                    masked.query = masked_pairs(&request.query, false);
                    masked.full_url()
                };
                let body = wire.get("body").or_else(|| wire.get("body_base64")).cloned();
                print_http(
                    &format!("{} {url}", request.method.as_str()),
                    &request.headers,
                    &body.unwrap_or(Value::Null),
                    console,
                );
            }
            mask_note(console, &request.body, &request.query);
        }
        Role::Server => {
            let response = codec
                .encode_response_with_options(&args.operation, &fields, &options, &mut ctx)
                .map_err(CliError::bad)?;
            let wire = response_json(&response, console.show_pii);
            if console.json {
                console.json_value(&wire);
            } else {
                let body = wire.get("body").or_else(|| wire.get("body_base64")).cloned();
                print_http(
                    &format!("HTTP {}", response.status),
                    &response.headers,
                    &body.unwrap_or(Value::Null),
                    console,
                );
            }
            mask_note(console, &response.body, &[]);
        }
    }
    Ok(())
}

/// `headers` or `query` of wire JSON: an array of `[name, value]` string pairs, or (as `encode
/// --json` writes `query`) an object of name to string value.
fn pairs_from(value: Option<&Value>, what: &str) -> Result<Vec<(String, String)>, CliError> {
    let Some(value) = value else { return Ok(Vec::new()) };
    let bad = || {
        CliError::bad(format!(
            "wire JSON: `{what}` must be an object of string values or an array of [name, value] string pairs"
        ))
    };
    match value {
        Value::Object(members) => members
            .iter()
            .map(|(k, v)| v.as_str().map(|v| (k.clone(), v.to_owned())).ok_or_else(bad))
            .collect(),
        Value::Array(items) => items
            .iter()
            .map(|item| match item.as_array().map(Vec::as_slice) {
                Some([Value::String(k), Value::String(v)]) => Ok((k.clone(), v.clone())),
                _ => Err(bad()),
            })
            .collect(),
        _ => Err(bad()),
    }
}

/// A request URL as the codecs take it: the URL without its query, and the query's pairs. A
/// query in `--url` counts (it used to be dropped silently); given as well as `--query`, which
/// one was meant would be a guess.
fn split_url(url: &str, query: Option<&str>) -> Result<(String, Vec<(String, String)>), CliError> {
    let (base, in_url) = match url.split_once('?') {
        Some((base, q)) => (base, Some(q.split('#').next().unwrap_or_default())),
        None => (url.split('#').next().unwrap_or_default(), None),
    };
    let text = match (in_url.filter(|q| !q.is_empty()), query) {
        (Some(_), Some(_)) => {
            return Err(CliError::bad(
                "--url has a query and --query was given: give the query once",
            ))
        }
        (Some(q), None) | (None, Some(q)) => q,
        (None, None) => "",
    };
    let pairs = cardbind::form::decode(text.as_bytes()).map_err(|e| CliError::bad(format!("query: {e}")))?;
    crate::input::check_form_limits(&pairs, "query")?;
    Ok((base.to_owned(), pairs))
}

fn body_from(wire: &Map<String, Value>) -> Result<Vec<u8>, CliError> {
    match (wire.get("body"), wire.get("body_base64")) {
        (Some(Value::String(s)), None) => Ok(s.clone().into_bytes()),
        (None, Some(Value::String(b64))) => cardbind::encoding::decode_base64_lenient("body_base64", b64.as_bytes())
            .map_err(|e| CliError::bad(format!("wire JSON: {e}"))),
        (None, None) => Ok(Vec::new()),
        _ => Err(CliError::bad(
            "wire JSON: give `body` (a string) or `body_base64`, not both",
        )),
    }
}

fn decoded_fields_json(
    fields: &Map<String, Value>,
    pii_list: &[(&'static str, cardbind::mask::PiiKind)],
    show_pii: bool,
) -> Value {
    if show_pii {
        Value::Object(fields.clone())
    } else {
        pii::mask_json(&Value::Object(cardbind::mask::mask_received_object(fields, pii_list)))
    }
}

pub fn run_decode(args: &DecodeArgs, console: &Console<'_>) -> CliResult {
    let p = provider(&args.provider)?;
    let codec = load_codec(console, p, &args.codec)?;
    // A raw body is held to the codec's own body limit; wire JSON carries one, escaped.
    let limit = if args.raw_body {
        codec.max_body_bytes()
    } else {
        MAX_WIRE_BYTES
    };
    let input = read_bytes(console, &args.input, limit)?;
    let source = shown(&args.input);
    let mut rng = SeededRng::from_seed(seed_of(args.codec.seed.as_deref())?);
    let mut ctx = Context::new(&mut rng, now_of(args.codec.now_ms));
    match args.codec.role {
        Role::Server => {
            let request = received_request(args, input, &source)?;
            let decoded = codec
                .decode_request(&request, &mut ctx)
                .map_err(|e| codec_failure(&e, console))?;
            report_decoded(&Decoded::from(&decoded), console);
        }
        Role::Client => {
            let operation = args
                .operation
                .as_deref()
                .ok_or_else(|| CliError::bad("--role client decodes a response: give --operation"))?;
            let response = received_response(args, input, &source)?;
            let decoded = codec
                .decode_response(operation, &response, &mut ctx)
                .map_err(|e| codec_failure(&e, console))?;
            report_decoded(&Decoded::from(&decoded), console);
        }
    }
    Ok(())
}

/// The request `decode --role server` decodes: the raw body with `--url`/`--query`, or the wire
/// JSON (`method`, `url`, `query`, `headers`, `body`).
fn received_request(args: &DecodeArgs, input: Vec<u8>, source: &str) -> Result<HttpRequest, CliError> {
    let request = if args.raw_body {
        let (url, query) = split_url(args.url.as_deref().unwrap_or_default(), args.query.as_deref())?;
        HttpRequest {
            method: Method::Post,
            url,
            query,
            headers: content_type(args, Vec::new()),
            body: input,
            hints: cardbind::model::TransportHints::default(),
        }
    } else {
        let wire = wire_object(&input, source)?;
        let method = match wire.get("method").and_then(Value::as_str) {
            None | Some("POST") => Method::Post,
            Some("GET") => Method::Get,
            Some(_) => return Err(CliError::bad("wire JSON: `method` must be GET or POST")),
        };
        let (url, in_url) = split_url(wire.get("url").and_then(Value::as_str).unwrap_or_default(), None)?;
        let mut query = pairs_from(wire.get("query"), "query")?;
        if !in_url.is_empty() && !query.is_empty() {
            return Err(CliError::bad(
                "wire JSON: `url` has a query and `query` was given: give the query once",
            ));
        }
        query.extend(in_url);
        HttpRequest {
            method,
            url,
            query,
            headers: pairs_from(wire.get("headers"), "headers")?,
            body: body_from(&wire)?,
            hints: cardbind::model::TransportHints::default(),
        }
    };
    Ok(request)
}

/// `--content-type` when given, else the wire's headers.
/// The response `decode --role client` decodes: the raw body with `--status`, or the wire JSON
/// (`status`, default 200, `headers`, `body`).
fn received_response(args: &DecodeArgs, input: Vec<u8>, source: &str) -> Result<HttpResponse, CliError> {
    if args.raw_body {
        return Ok(HttpResponse {
            status: args.status,
            headers: content_type(args, Vec::new()),
            body: input,
        });
    }
    let wire = wire_object(&input, source)?;
    let status = match wire.get("status") {
        None => 200,
        Some(v) => v
            .as_u64()
            .and_then(|s| u16::try_from(s).ok())
            .ok_or_else(|| CliError::bad("wire JSON: `status` must be an HTTP status number"))?,
    };
    Ok(HttpResponse {
        status,
        headers: pairs_from(wire.get("headers"), "headers")?,
        body: body_from(&wire)?,
    })
}

fn content_type(args: &DecodeArgs, wire_headers: Vec<(String, String)>) -> Vec<(String, String)> {
    match &args.content_type {
        Some(ct) => vec![("Content-Type".to_owned(), ct.clone())],
        None => wire_headers,
    }
}

/// A decoded message as the CLI reports it: a request, or a response with its outcome.
struct Decoded<'a> {
    operation: &'a str,
    signature: SignatureCheck,
    replay_key: Option<&'a str>,
    outcome: Option<&'a cardbind::Outcome>,
    fields: &'a Map<String, Value>,
    pii: &'static [(&'static str, cardbind::mask::PiiKind)],
}

impl<'a> From<&'a cardbind::DecodedRequest> for Decoded<'a> {
    fn from(d: &'a cardbind::DecodedRequest) -> Self {
        Decoded {
            operation: &d.operation,
            signature: d.signature,
            replay_key: d.replay_key.as_deref(),
            outcome: None,
            fields: &d.fields,
            pii: d.pii,
        }
    }
}

impl<'a> From<&'a cardbind::DecodedResponse> for Decoded<'a> {
    fn from(d: &'a cardbind::DecodedResponse) -> Self {
        Decoded {
            operation: &d.operation,
            signature: d.signature,
            replay_key: d.replay_key.as_deref(),
            outcome: Some(&d.outcome),
            fields: &d.fields,
            pii: d.pii,
        }
    }
}

/// The provider's own text as shown: card, ID and phone numbers masked unless `--show-pii`.
fn shown_text(text: &str, console: &Console<'_>) -> String {
    if console.show_pii {
        text.to_owned()
    } else {
        cardbind::mask::mask_free_text(text)
    }
}

fn report_decoded(decoded: &Decoded<'_>, console: &Console<'_>) {
    let Decoded {
        operation,
        signature,
        replay_key,
        outcome,
        fields,
        pii,
    } = *decoded;
    let fields = &decoded_fields_json(fields, pii, console.show_pii);
    let outcome = outcome.map(|o| {
        let mut shown = o.clone();
        shown.provider_code = shown_text(&o.provider_code, console);
        shown.provider_message = o.provider_message.as_deref().map(|m| shown_text(m, console));
        shown
    });
    let outcome = outcome.as_ref();
    if console.json {
        let mut o = Map::new();
        o.insert("operation".into(), Value::String(operation.to_owned()));
        o.insert("signature".into(), Value::String(snake(&signature)));
        o.insert(
            "replay_key".into(),
            replay_key.map_or(Value::Null, |k| Value::String(k.to_owned())),
        );
        if let Some(outcome) = outcome {
            o.insert("outcome".into(), serde_json::to_value(outcome).unwrap_or(Value::Null));
        }
        o.insert("fields".into(), fields.clone());
        console.json_value(&Value::Object(o));
        return;
    }
    console.text(&format!("operation: {operation}"));
    console.text(&format!(
        "signature: {}",
        match signature {
            SignatureCheck::Verified => "verified",
            SignatureCheck::NotSigned => "not signed (the provider documents no signature here)",
        }
    ));
    if let Some(key) = replay_key {
        console.text(&format!("replay key: {key}"));
    }
    if let Some(o) = outcome {
        let status = match &o.status {
            cardbind::OutcomeStatus::Succeeded => "succeeded".to_owned(),
            cardbind::OutcomeStatus::CodeSent { confirm_token } => match confirm_token {
                Some(_) => "code sent (confirm token in the fields)".to_owned(),
                None => "code sent".to_owned(),
            },
            cardbind::OutcomeStatus::Pending => "pending".to_owned(),
            cardbind::OutcomeStatus::Failed { kind, retryable } => {
                format!("failed: {} (retryable: {retryable})", snake(kind))
            }
        };
        let message = o.provider_message.as_deref().unwrap_or("");
        console.text(format!("outcome:   {status}; provider code {} {message}", o.provider_code).trim_end());
    }
    console.text("fields:");
    console.text(&serde_json::to_string_pretty(fields).unwrap_or_default());
}

pub fn run_form(args: &FormArgs, console: &Console<'_>) -> CliResult {
    use cardbind::providers::vbao::{SubmitForm, VbaoCodec, BIND_CARD_CREATE, MAX_BODY_BYTES};
    let limit = if args.config.is_some() {
        MAX_BODY_BYTES
    } else {
        MAX_INPUT_BYTES
    };
    let input = read_bytes(console, &args.input, limit)?;
    let html = if let Some(config_path) = &args.config {
        {
            let config = read_text(console, config_path, MAX_CONFIG_BYTES)?;
            let codec = VbaoCodec::from_config_json(&config)
                .map_err(|e| CliError::bad(format!("--config {}: {e}", shown(config_path))))?;
            let mut rng = SeededRng::from_seed(seed_of(args.seed.as_deref())?);
            let mut ctx = Context::new(&mut rng, now_of(args.now_ms));
            let response = HttpResponse::new(200, "application/json;charset=utf-8", input);
            let decoded = codec
                .decode_response(BIND_CARD_CREATE, &response, &mut ctx)
                .map_err(|e| codec_failure(&e, console))?;
            VbaoCodec::submit_form(&decoded).map_err(CliError::bad)?
        }
    } else {
        let fields = json_object(&input, &shown(&args.input), MAX_INPUT_BYTES)?;
        SubmitForm::from_fields(&fields)
            .and_then(|f| f.render())
            .map_err(CliError::bad)?
    };
    if console.json {
        console.json_value(&json!({"html": html}));
    } else {
        console.text(html.trim_end_matches('\n'));
    }
    Ok(())
}
