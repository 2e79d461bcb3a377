//! One event, one kind: every event of `spec/events.json` decodes to the same `ErrorKind` for
//! every provider that can report it, from a reply built by that provider's codec in server role;
//! every documented failure code and every message phrase of the specs is in the table; and the
//! README's event table is rendered from the same file (`CARDBIND_WRITE_README=1` rewrites it).

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::PathBuf;

use cardbind::model::{Codec, Context, HttpResponse, Outcome, Provider};
use cardbind::providers::{codec_from_config, spec_json, VbaoCodec, YixinCodec};
use cardbind::rng::SeededRng;
use cardbind::spec::{CodeSpec, ProviderSpec, Refinement};
use cardbind::ErrorKind;
use serde::Deserialize;
use serde_json::{json, Map, Value};

const EVENTS: &str = include_str!("../../spec/events.json");
const PRIV_1024: &str = include_str!("../../spec/vectors/keys/test-rsa-1024-private-pkcs8.pem");
const PUB_1024: &str = include_str!("../../spec/vectors/keys/test-rsa-1024-public-spki.pem");
const PRIV_2048: &str = include_str!("../../spec/vectors/keys/test-rsa-2048-private-pkcs8.pem");
const PUB_2048: &str = include_str!("../../spec/vectors/keys/test-rsa-2048-public-spki.pem");
const NOW: i64 = 1_710_469_800_000;
const TABLE_BEGIN: &str = "<!-- event-table:begin (generated from spec/events.json by core/tests/event_kinds.rs) -->";
const TABLE_END: &str = "<!-- event-table:end -->";

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Events {
    #[allow(dead_code)] // read by people; parsed so that a typo in the file's keys fails
    description: String,
    events: Vec<Event>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Event {
    #[serde(rename = "event")]
    name: String,
    title: String,
    kind: ErrorKind,
    providers: BTreeMap<String, Vec<Entry>>,
    #[serde(default)]
    notes: BTreeMap<String, String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Entry {
    scope: String,
    code: String,
    #[serde(default)]
    message: Option<String>,
}

fn events() -> Events {
    serde_json::from_str(EVENTS).expect("spec/events.json parses")
}

fn spec(provider: Provider) -> ProviderSpec {
    ProviderSpec::from_json(spec_json(provider)).expect("embedded spec parses")
}

fn listed<'a>(spec: &'a ProviderSpec, scope: &str, code: &str) -> Option<&'a CodeSpec> {
    spec.codes.iter().find(|c| c.scope == scope && c.code == code)
}

fn snake(kind: ErrorKind) -> String {
    serde_json::to_value(kind).unwrap().as_str().unwrap().to_owned()
}

// --- the parties -----------------------------------------------------------------------------

/// `(server, client)` configurations: the provider (or a mock of it) and the merchant.
fn configs(provider: Provider) -> (Value, Value) {
    match provider {
        Provider::LianLian => {
            rsa_pair(&json!({"oid_partner": "201408071000001543", "environment": "production", "sign_type": "RSA"}))
        }
        Provider::Xianjincard => {
            let pair = json!({"ua": "SH_XJ360_POA", "sign_key": "test-signkey-0123456789"});
            let both = json!({"environment": "production", "provider_to_partner": pair, "partner_endpoint": "https://partner.test/gate"});
            (both.clone(), both)
        }
        Provider::Yixin => rsa_pair(&json!({"app_id": "test-app-0001", "base_url": "https://yixin.test/gateway"})),
        Provider::Vbao => {
            let common = json!({"customer_no": "202112090603", "sign_key": "test-vbao-signkey-0123456789abcdef"});
            let merchant = json!({"their_public_key": PUB_2048, "base_url": "https://vbao.test"});
            (
                merged(&common, &json!({"our_private_key": PRIV_2048})),
                merged(&common, &merchant),
            )
        }
        Provider::Huanbei => {
            let both = json!({"base_url": "https://huanbei.test", "channel_code": "TESTCHANNEL"});
            (both.clone(), both)
        }
    }
}

/// `common` with the provider's key pair (2048-bit) and the merchant's (1024-bit), both ways.
fn rsa_pair(common: &Value) -> (Value, Value) {
    let server = json!({"our_private_key": PRIV_2048, "their_public_key": PUB_1024});
    let client = json!({"our_private_key": PRIV_1024, "their_public_key": PUB_2048});
    (merged(common, &server), merged(common, &client))
}

fn merged(common: &Value, own: &Value) -> Value {
    let mut all = common.as_object().unwrap().clone();
    all.extend(own.as_object().unwrap().clone());
    Value::Object(all)
}

fn codec(provider: Provider, config: &Value) -> Box<dyn Codec> {
    codec_from_config(provider, &config.to_string()).unwrap()
}

/// The operation a reply in `scope` answers, and its fields carrying `code` and `message`.
fn reply(provider: Provider, scope: &str, code: &str, message: &str) -> (&'static str, Value) {
    let number = || code.parse::<i64>().unwrap();
    match (provider, scope) {
        (Provider::LianLian, "ret_code" | "http") => {
            ("bankcardbindverfy", json!({"ret_code": code, "ret_msg": message}))
        }
        (Provider::Xianjincard, "bind_status" | "http") => (
            "BindCard.applyBindCard",
            json!({"bind_status": code, "remark": message}),
        ),
        (Provider::Xianjincard, "result") => (
            "User.isUserAccept",
            json!({"result": number(), "remark": message, "can_loan_time": "2024-04-01"}),
        ),
        (Provider::Xianjincard, "status") => (
            "BindCard.applyBindCard",
            json!({"status": number(), "message": message}),
        ),
        (Provider::Yixin, "bindCard.status") => ("bindCard", json!({"status": code, "desc": message})),
        (Provider::Yixin, "verifyCode.status" | "http") => ("verifyCode", json!({"status": code, "desc": message})),
        (Provider::Vbao, "create.errCode" | "http") => (
            "bindCard/create",
            json!({"orderNo": "2022090700001", "errCode": code, "errMessage": message}),
        ),
        (Provider::Huanbei, "code" | "http") => ("bindCard", json!({"code": number(), "message": message})),
        // Built apart by `decoded`: an envelope error, a notification and the merchant's answer.
        (Provider::Yixin, "code") => ("bindCard", json!({})),
        (Provider::Vbao, "notify.errCode" | "notify.ack") => ("bindNotify", json!({})),
        other => panic!("no reply for {other:?}"),
    }
}

/// The outcome the merchant decodes from the reply that reports `code` in `scope` with `message`.
fn decoded(provider: Provider, scope: &str, code: &str, message: &str) -> Outcome {
    let (server_config, client_config) = configs(provider);
    let (server, client) = (codec(provider, &server_config), codec(provider, &client_config));
    let mut rng = SeededRng::from_seed([9; 32]);
    let mut ctx = Context::new(&mut rng, Some(NOW));
    let (operation, fields) = reply(provider, scope, code, message);
    let response = match (provider, scope) {
        (_, "http") => HttpResponse::new(code.parse().unwrap(), "text/html", Vec::new()),
        (Provider::Yixin, "code") => {
            let yixin = YixinCodec::from_config_json(&server_config.to_string()).unwrap();
            yixin
                .encode_error_response(code.parse().unwrap(), message, &mut ctx)
                .unwrap()
        }
        (Provider::Vbao, "notify.errCode") => return vbao_notification(&*server, &client_config, code, message),
        (Provider::Vbao, "notify.ack") => {
            let ack = client.encode_response("bindNotify", &object(&json!({"result": code})), &mut ctx);
            return server
                .decode_response("bindNotify", &ack.unwrap(), &mut ctx)
                .unwrap()
                .outcome;
        }
        _ => server.encode_response(operation, &object(&fields), &mut ctx).unwrap(),
    };
    client.decode_response(operation, &response, &mut ctx).unwrap().outcome
}

/// Vbao's bind-result notification, decoded by the merchant.
fn vbao_notification(vbao: &dyn Codec, merchant_config: &Value, code: &str, message: &str) -> Outcome {
    let merchant = VbaoCodec::from_config_json(&merchant_config.to_string()).unwrap();
    let mut rng = SeededRng::from_seed([9; 32]);
    let mut ctx = Context::new(&mut rng, Some(NOW));
    let fields = json!({"orderNo": "2022090700001", "errCode": code, "errMessage": message,
                        "bindNotifyUrl": "https://merchant.test/vbao/notify"});
    let request = vbao.encode_request("bindNotify", &object(&fields), &mut ctx).unwrap();
    let received = merchant.decode_request(&request, &mut ctx).unwrap();
    VbaoCodec::notification_outcome(&received).unwrap()
}

fn object(value: &Value) -> Map<String, Value> {
    value.as_object().unwrap().clone()
}

/// The text an entry's reply carries: its own message, else the code's documented text (the
/// spec's meaning before any English gloss), else none for a transport failure.
fn message_of(spec: &ProviderSpec, entry: &Entry) -> String {
    if let Some(message) = &entry.message {
        return message.clone();
    }
    listed(spec, &entry.scope, &entry.code).map_or(String::new(), |c| {
        c.meaning.split(" (").next().unwrap_or_default().to_owned()
    })
}

// --- the table holds -------------------------------------------------------------------------

#[test]
fn every_event_decodes_to_its_kind_for_every_provider_that_reports_it() {
    let mut wrong = Vec::new();
    let mut checked = 0;
    for event in events().events {
        for provider in Provider::ALL {
            let spec = spec(provider);
            for entry in &event.providers[provider.name()] {
                let outcome = decoded(provider, &entry.scope, &entry.code, &message_of(&spec, entry));
                checked += 1;
                if outcome.error_kind() != Some(event.kind) {
                    wrong.push(format!(
                        "{} {}: {} {} {:?} gave {:?}",
                        event.name,
                        provider.name(),
                        entry.scope,
                        entry.code,
                        entry.message,
                        outcome.error_kind()
                    ));
                }
                // The kind is the only thing refined: the code and the text stay as received.
                if entry.scope != "http" {
                    assert_eq!(outcome.provider_code, entry.code, "{}", event.name);
                }
                if entry.message.is_some() {
                    assert_eq!(outcome.provider_message, entry.message, "{}", event.name);
                }
            }
        }
    }
    assert_eq!(wrong, Vec::<String>::new());
    assert!(checked >= 160, "only {checked} replies checked");
}

#[test]
fn every_kind_is_one_event_and_every_event_lists_every_provider() {
    let events = events().events;
    let mut kinds: Vec<String> = events.iter().map(|e| snake(e.kind)).collect();
    kinds.sort();
    let mut all: Vec<String> = all_kinds().into_iter().filter(|k| k != "unknown").collect();
    all.sort();
    assert_eq!(kinds, all, "one event per ErrorKind (unknown is no event)");
    for event in &events {
        let names: Vec<&str> = event.providers.keys().map(String::as_str).collect();
        let mut expected: Vec<&str> = Provider::ALL.iter().map(|p| p.name()).collect();
        expected.sort_unstable();
        assert_eq!(names, expected, "{}", event.name);
        for (provider, note) in &event.notes {
            assert!(
                event.providers.contains_key(provider),
                "{}: note for {provider}",
                event.name
            );
            assert!(!note.contains('|'), "{}: a note is a table cell", event.name);
        }
    }
}

/// Every `ErrorKind`'s name. The `match` is exhaustive: a new kind does not compile here until it
/// is listed, and then fails the test until spec/events.json has its event.
fn all_kinds() -> Vec<String> {
    use ErrorKind as K;
    let every = [
        K::VerifyCodeWrong,
        K::VerifyCodeExpired,
        K::SmsFailed,
        K::CardAlreadyBound,
        K::IdentityMismatch,
        K::BankMismatch,
        K::CardNotEnabled,
        K::TooManyAttempts,
        K::DuplicateOrder,
        K::OrderNotFound,
        K::InvalidParameter,
        K::SignatureInvalid,
        K::MerchantMisconfigured,
        K::ProviderUnavailable,
        K::InProgress,
        K::UserNotEligible,
        K::Rejected,
        K::Unknown,
    ];
    for kind in every {
        match kind {
            K::VerifyCodeWrong
            | K::VerifyCodeExpired
            | K::SmsFailed
            | K::CardAlreadyBound
            | K::IdentityMismatch
            | K::BankMismatch
            | K::CardNotEnabled
            | K::TooManyAttempts
            | K::DuplicateOrder
            | K::OrderNotFound
            | K::InvalidParameter
            | K::SignatureInvalid
            | K::MerchantMisconfigured
            | K::ProviderUnavailable
            | K::InProgress
            | K::UserNotEligible
            | K::Rejected
            | K::Unknown => {}
        }
    }
    every.into_iter().map(snake).collect()
}

#[test]
fn every_documented_failure_code_is_in_the_event_of_its_kind() {
    let events = events().events;
    for provider in Provider::ALL {
        let spec = spec(provider);
        for code in spec.codes.iter().filter(|c| c.outcome == "failed") {
            let kind = code
                .kind
                .unwrap_or_else(|| panic!("{} {} fails without a kind", code.scope, code.code));
            let event = events.iter().find(|e| e.kind == kind).unwrap();
            let present = event.providers[provider.name()]
                .iter()
                .any(|e| e.scope == code.scope && e.code == code.code && e.message.is_none());
            assert!(
                present,
                "{} {} {} missing from {}",
                provider.name(),
                code.scope,
                code.code,
                event.name
            );
        }
        // And the other way: an entry without a message is a documented code (or a transport failure).
        for event in &events {
            for entry in event.providers[provider.name()].iter().filter(|e| e.message.is_none()) {
                let documented = listed(&spec, &entry.scope, &entry.code).is_some();
                assert!(
                    documented || entry.scope == "http",
                    "{}: {} {}",
                    event.name,
                    entry.scope,
                    entry.code
                );
            }
        }
    }
}

#[test]
fn every_message_phrase_of_the_specs_is_in_the_event_of_its_kind() {
    let events = events().events;
    for provider in Provider::ALL {
        let spec = spec(provider);
        for code in &spec.codes {
            let lists = [(&code.refinements, true), (&code.unlisted_refinements, false)];
            for (refinements, of_this_code) in lists {
                for refinement in refinements {
                    let event = events.iter().find(|e| e.kind == refinement.kind).unwrap();
                    let present = event.providers[provider.name()].iter().any(|e| {
                        let same_code = (e.code == code.code) == of_this_code;
                        let this_code = same_code && (of_this_code || listed(&spec, &e.scope, &e.code).is_none());
                        let says = e.message.as_deref().is_some_and(|m| m.contains(&refinement.phrase));
                        e.scope == code.scope && this_code && says
                    });
                    let what = format!(
                        "{} {} {} “{}”",
                        provider.name(),
                        code.scope,
                        code.code,
                        refinement.phrase
                    );
                    assert!(present, "{what}: no message with it in {}", event.name);
                }
            }
        }
    }
}

#[test]
fn phrases_are_ordered_so_that_each_can_match_and_refine_only_failures() {
    for provider in Provider::ALL {
        let spec = spec(provider);
        for code in &spec.codes {
            for list in [&code.refinements, &code.unlisted_refinements] {
                for (i, earlier) in list.iter().enumerate() {
                    for later in &list[i + 1..] {
                        assert!(
                            !later.phrase.contains(&earlier.phrase),
                            "{} {} {}: “{}” hides “{}”",
                            provider.name(),
                            code.scope,
                            code.code,
                            earlier.phrase,
                            later.phrase
                        );
                    }
                }
            }
            assert!(code.refinements.is_empty() || code.outcome == "failed", "{}", code.code);
            let carriers = spec
                .codes
                .iter()
                .filter(|c| c.scope == code.scope && !c.unlisted_refinements.is_empty());
            assert!(carriers.count() <= 1, "{} {}", provider.name(), code.scope);
        }
    }
}

// --- the README's table ------------------------------------------------------------------------

fn readme_path() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../README.md")
}

#[test]
fn the_readme_event_table_is_rendered_from_spec_events_json() {
    let table = render_table(&events());
    let readme = std::fs::read_to_string(readme_path()).unwrap();
    let (begin, end) = (readme.find(TABLE_BEGIN), readme.find(TABLE_END));
    let (Some(begin), Some(end)) = (begin, end) else {
        panic!("README.md has no `{TABLE_BEGIN}` ... `{TABLE_END}` block");
    };
    let start = begin + TABLE_BEGIN.len() + 1;
    if std::env::var_os("CARDBIND_WRITE_README").is_some() {
        let rewritten = format!("{}{table}{}", &readme[..start], &readme[end..]);
        std::fs::write(readme_path(), rewritten).unwrap();
        return;
    }
    assert_eq!(
        &readme[start..end],
        table,
        "README's event table is stale: run with CARDBIND_WRITE_README=1"
    );
}

fn render_table(events: &Events) -> String {
    let mut out = String::from("| Event | `kind` | LianLian | xianjincard | Yixin | Vbao | Huanbei |\n");
    out.push_str("|---|---|---|---|---|---|---|\n");
    for event in &events.events {
        let cells: Vec<String> = Provider::ALL.iter().map(|p| cell(event, *p)).collect();
        let (title, kind, cells) = (&event.title, snake(event.kind), cells.join(" | "));
        writeln!(out, "| {title} | `{kind}` | {cells} |").unwrap();
    }
    out
}

/// One provider's cell: its codes by scope, then each generic code with the phrases that refine
/// it to this event, then transport failures; `—` when it cannot report the event.
fn cell(event: &Event, provider: Provider) -> String {
    let spec = spec(provider);
    let entries = &event.providers[provider.name()];
    // (scope, what follows the scope), in entry order.
    let mut plain: Vec<(String, Vec<&str>)> = Vec::new();
    let mut refined: Vec<(String, String)> = Vec::new();
    for entry in entries.iter().filter(|e| e.scope != "http") {
        if entry.message.is_some() {
            let part = refined_part(&spec, event, provider, &entry.scope, &entry.code);
            if !refined.contains(&(entry.scope.clone(), part.clone())) {
                refined.push((entry.scope.clone(), part));
            }
        } else {
            match plain.iter_mut().find(|(scope, _)| *scope == entry.scope) {
                Some((_, codes)) => codes.push(&entry.code),
                None => plain.push((entry.scope.clone(), vec![&entry.code])),
            }
        }
    }
    let plain = plain.into_iter().map(|(scope, codes)| (scope, codes.join(", ")));
    let mut parts = merged_scopes(plain.chain(refined));
    if entries.iter().any(|e| e.scope == "http") {
        parts.push("transport failure".to_owned());
    }
    let text = if parts.is_empty() {
        "—".to_owned()
    } else {
        parts.join("; ")
    };
    match event.notes.get(provider.name()) {
        Some(note) => format!("{text} ({note})"),
        None => text,
    }
}

/// "`scope` rest", scopes followed by the same text written once ("`create.errCode`,
/// `notify.errCode` 2104").
fn merged_scopes(parts: impl Iterator<Item = (String, String)>) -> Vec<String> {
    let mut merged: Vec<(Vec<String>, String)> = Vec::new();
    for (scope, rest) in parts {
        match merged.iter_mut().find(|(_, r)| *r == rest) {
            Some((scopes, _)) => scopes.push(format!("`{scope}`")),
            None => merged.push((vec![format!("`{scope}`")], rest)),
        }
    }
    merged
        .into_iter()
        .map(|(scopes, rest)| format!("{} {rest}", scopes.join(", ")))
        .collect()
}

/// "505 + “phrase”, “phrase” (assumed)" (after the scope): the phrases of the code (or, for an
/// unlisted code, of the scope) that give this event's kind, grouped by confidence.
fn refined_part(spec: &ProviderSpec, event: &Event, provider: Provider, scope: &str, code: &str) -> String {
    let (label, phrases): (String, &[Refinement]) = if let Some(entry) = listed(spec, scope, code) {
        (code.to_owned(), &entry.refinements)
    } else {
        let in_scope: Vec<&str> = spec
            .codes
            .iter()
            .filter(|c| c.scope == scope)
            .map(|c| c.code.as_str())
            .collect();
        let carrier = spec
            .codes
            .iter()
            .find(|c| c.scope == scope && !c.unlisted_refinements.is_empty());
        let phrases = carrier.map_or(&[][..], |c| &c.unlisted_refinements);
        (format!("other than {}", in_scope.join(", ")), phrases)
    };
    let mut groups: Vec<(String, Vec<String>)> = Vec::new();
    for phrase in phrases.iter().filter(|r| r.kind == event.kind) {
        let confidence = serde_json::to_value(phrase.confidence)
            .unwrap()
            .as_str()
            .unwrap()
            .to_owned();
        let quoted = format!("“{}”", phrase.phrase);
        match groups.last_mut() {
            Some((c, list)) if *c == confidence => list.push(quoted),
            _ => groups.push((confidence, vec![quoted])),
        }
    }
    assert!(
        !groups.is_empty(),
        "{} {scope} {code}: no phrase for {}",
        provider.name(),
        event.name
    );
    let groups: Vec<String> = groups
        .into_iter()
        .map(|(confidence, list)| format!("{} ({confidence})", list.join(", ")))
        .collect();
    format!("{label} + {}", groups.join(", "))
}
