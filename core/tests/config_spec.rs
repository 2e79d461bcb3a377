//! Each provider's configuration is described by its spec's `config` section, and the two agree
//! both ways: every key the spec lists is a field of the config struct, and every field of the
//! struct is in the spec, recursively. Mistakes give `CodecError::Config` naming the key and
//! what was expected, never the configured value.

use cardbind::config::{parse, ConfigKeySpec, ConfigSpec, ConfigType};
use cardbind::providers::{
    codec_from_config, HuanbeiConfig, LianLianConfig, VbaoConfig, XianjincardConfig, YixinConfig,
};
use cardbind::{CodecError, Provider};
use serde::Deserialize;
use serde_json::{json, Map, Value};

/// A configuration with every key set: its default where it has one, else a value of its type.
fn full_config(keys: &Map<String, Value>) -> Value {
    let mut out = Map::new();
    for (name, spec) in keys {
        let spec = ConfigKeySpec::deserialize(spec).unwrap();
        let value = match (&spec.default, spec.ty) {
            (_, ConfigType::Object) => full_config(&spec.keys),
            (Some(d), _) if !d.is_null() => d.clone(),
            (_, ConfigType::String | ConfigType::Key) => json!("value"),
            (_, ConfigType::Boolean) => json!(true),
            (_, ConfigType::Integer) => json!(spec.minimum.unwrap_or(1)),
            (_, ConfigType::Enum) => json!(spec.values[0]),
            (_, ConfigType::SignatureRule) => json!({
                "canonical": {"kind": "sorted_pairs", "order": "bytewise", "exclude": ["sign"], "skip_empty": true},
                "algorithm": {"scheme": "md5_hex", "salt_prefix": "&key=", "case": "upper", "verify_case": "insensitive"}
            }),
        };
        out.insert(name.clone(), value);
    }
    Value::Object(out)
}

/// Every key path of a JSON object, recursively (`signing.key_version`...).
fn key_paths(value: &Value, prefix: &str, out: &mut Vec<String>) {
    if let Value::Object(map) = value {
        for (k, v) in map {
            let path = if prefix.is_empty() {
                k.clone()
            } else {
                format!("{prefix}.{k}")
            };
            out.push(path.clone());
            // Only objects the spec describes key by key are walked (not signature rules).
            if v.is_object() && !k.contains("signature") {
                key_paths(v, &path, out);
            }
        }
    }
    out.sort();
}

fn spec_paths(keys: &Map<String, Value>, prefix: &str, out: &mut Vec<String>) {
    for (name, spec) in keys {
        let spec = ConfigKeySpec::deserialize(spec).unwrap();
        let path = if prefix.is_empty() {
            name.clone()
        } else {
            format!("{prefix}.{name}")
        };
        out.push(path.clone());
        if spec.ty == ConfigType::Object {
            spec_paths(&spec.keys, &path, out);
        }
    }
    out.sort();
}

fn spec(provider: Provider) -> &'static cardbind::spec::ProviderSpec {
    cardbind::registry::spec(provider).unwrap()
}

fn config_spec(provider: Provider) -> ConfigSpec {
    spec(provider).config.clone()
}

fn round_trip(provider: Provider, json: &str) -> Value {
    match provider {
        Provider::LianLian => serde_json::to_value(parse::<LianLianConfig>(spec(provider), json).unwrap()),
        Provider::Xianjincard => serde_json::to_value(parse::<XianjincardConfig>(spec(provider), json).unwrap()),
        Provider::Yixin => serde_json::to_value(parse::<YixinConfig>(spec(provider), json).unwrap()),
        Provider::Vbao => serde_json::to_value(parse::<VbaoConfig>(spec(provider), json).unwrap()),
        Provider::Huanbei => serde_json::to_value(parse::<HuanbeiConfig>(spec(provider), json).unwrap()),
    }
    .unwrap()
}

#[test]
fn every_spec_key_is_a_config_field_and_every_field_is_in_the_spec() {
    for provider in Provider::ALL {
        let spec = config_spec(provider);
        let full = full_config(&spec.keys);
        // Spec -> struct: a document with every spec key parses (deny_unknown_fields would refuse
        // a key the struct lacks).
        let back = round_trip(provider, &full.to_string());
        // Struct -> spec: the struct serialises every field it has; each must be in the spec.
        let (mut from_struct, mut from_spec) = (Vec::new(), Vec::new());
        key_paths(&back, "", &mut from_struct);
        spec_paths(&spec.keys, "", &mut from_spec);
        assert_eq!(from_struct, from_spec, "{provider:?}");
        // Defaults the spec states are the struct's defaults.
        let minimal: Map<String, Value> = spec
            .keys
            .iter()
            .filter(|(_, s)| s["required"] == true)
            .map(|(k, _)| (k.clone(), full[k].clone()))
            .collect();
        let defaults = round_trip(provider, &Value::Object(minimal).to_string());
        for (name, key) in &spec.keys {
            let key = ConfigKeySpec::deserialize(key).unwrap();
            match (&key.default, key.ty) {
                (Some(d), ConfigType::String | ConfigType::Integer | ConfigType::Boolean | ConfigType::Enum) => {
                    assert_eq!(&defaults[name], d, "{provider:?}: default of {name}");
                }
                (None, _) => assert!(key.required, "{provider:?}: {name} has neither default nor required"),
                _ => {}
            }
        }
    }
}

#[test]
fn every_secret_key_is_marked_and_every_key_is_described() {
    let mut secrets = Vec::new();
    for provider in Provider::ALL {
        let mut paths = Vec::new();
        spec_paths(&config_spec(provider).keys, "", &mut paths);
        let spec = config_spec(provider);
        for (name, key) in &spec.keys {
            let key = ConfigKeySpec::deserialize(key).unwrap();
            assert!(key.description.len() > 10, "{provider:?}: {name}");
            if key.secret {
                secrets.push(format!("{}.{name}", provider.name()));
            }
            for (inner, k) in &key.keys {
                if ConfigKeySpec::deserialize(k).unwrap().secret {
                    secrets.push(format!("{}.{name}.{inner}", provider.name()));
                }
            }
        }
    }
    assert_eq!(
        secrets,
        [
            "lianlian.our_private_key",
            "lianlian.sign_key",
            "xianjincard.provider_to_partner.sign_key",
            "xianjincard.partner_to_provider.sign_key",
            "yixin.our_private_key",
            "vbao.sign_key",
            "vbao.our_private_key",
            "huanbei.signing.our_private_key",
        ]
    );
}

fn config_error(provider: Provider, json: &Value) -> (String, String) {
    match codec_from_config(provider, &json.to_string()) {
        Err(CodecError::Config { field, reason }) => (field, reason),
        Err(other) => panic!("{provider:?}: expected a config error, got {other:?}"),
        Ok(_) => panic!("{provider:?}: {json} was accepted"),
    }
}

#[test]
fn config_mistakes_name_the_key_and_what_was_expected_never_the_value() {
    let lianlian = |v: Value| config_error(Provider::LianLian, &v);
    assert_eq!(
        lianlian(json!({})),
        (
            "oid_partner".into(),
            "is required: The merchant id LianLian issued (`oid_partner`, 1 to 18 characters)".into()
        )
    );
    assert_eq!(
        lianlian(json!({"oid_partner": "201408071000001543"})),
        (
            "sign_type".into(),
            "is required: The signature profile of requests: `RSA` (MD5withRSA), `SHA256withRSA`, or `MD5` (shared sign key)"
                .into()
        )
    );
    let valid = "valid keys: `oid_partner`, `sign_type`, `response_sign_type`, `our_private_key`, `their_public_key`, \
                 `sign_key`, `environment`, `base_url`, `key_order`, `api_version`, `allow_unlisted_fields`";
    assert_eq!(
        lianlian(json!({"oid_partner": "1", "environment": "production", "sign_type": "RSA", "base_ur": "https://x"})),
        (
            "base_ur".into(),
            format!("unknown key: did you mean `base_url`? {valid}")
        )
    );
    assert_eq!(
        lianlian(
            json!({"oid_partner": "1", "environment": "production", "sign_type": "RSA", "private_key": "SECRET-PEM"})
        ),
        (
            "private_key".into(),
            format!("unknown key: did you mean `our_private_key`? {valid}")
        )
    );
    assert_eq!(
        lianlian(json!({"oid_partner": "1", "environment": "production", "sign_type": "RSA", "md5_key": "SECRET"})),
        (
            "md5_key".into(),
            format!("unknown key: renamed to `sign_key` (see CHANGELOG.md); {valid}")
        )
    );
    assert_eq!(
        lianlian(json!({"oid_partner": "1", "environment": "production", "sign_type": "rsa"})),
        (
            "sign_type".into(),
            "expected one of `RSA`, `SHA256withRSA`, `MD5`; values are case-sensitive: did you mean `RSA`?".into()
        )
    );
    assert_eq!(
        lianlian(json!({"oid_partner": 201_408_071_000_001_543_u64, "sign_type": "RSA"})),
        (
            "oid_partner".into(),
            "expected a string, got a number (write it as a JSON string: ids keep their leading zeros and every digit)"
                .into()
        )
    );
    assert_eq!(
        lianlian(json!({"oid_partner": "1", "environment": "production", "sign_type": "RSA", "their_public_key": 5})),
        (
            "their_public_key".into(),
            "expected a key (PEM text, or base64 of the DER), got a number".into()
        )
    );
    assert_eq!(
        config_error(Provider::LianLian, &json!([])),
        ("config".into(), "expected a JSON object of settings".into())
    );
    assert_eq!(
        codec_from_config(Provider::LianLian, "{\"oid_partner\": ")
            .err()
            .unwrap(),
        CodecError::config("config", "not valid JSON (line 1 column 16)")
    );
}

#[test]
fn nested_and_renamed_keys_are_named_by_their_path_and_values_never_quoted() {
    // Nested keys are named by their path.
    assert_eq!(
        config_error(
            Provider::Xianjincard,
            &json!({"provider_to_partner": {"ua": "U", "signkey": "SECRET"}})
        ),
        (
            "provider_to_partner.signkey".into(),
            "unknown key: renamed to `sign_key` (see CHANGELOG.md); valid keys: `ua`, `sign_key`".into()
        )
    );
    assert_eq!(
        config_error(
            Provider::Xianjincard,
            &json!({"provider_to_partner": {"ua": "U", "sign_key": "k"}, "timestamp_window_secs": 0})
        ),
        (
            "timestamp_window_secs".into(),
            "expected a whole number from 1 to 86400".into()
        )
    );
    assert_eq!(
        config_error(
            Provider::Yixin,
            &json!({"app_id": "a", "gateway_url": "https://g", "our_private_key": "k", "their_public_key": "k"})
        )
        .1,
        "unknown key: renamed to `base_url` (see CHANGELOG.md); valid keys: `app_id`, `base_url`, `our_private_key`, \
         `their_public_key`, `ip`, `timestamp_window_secs`, `profile`, `allow_unlisted_fields`"
    );
    assert_eq!(
        config_error(
            Provider::Huanbei,
            &json!({"base_url": "http://h", "channel_code": "c", "signing": {"key_version": "1", "require_signature": true}})
        )
        .0,
        "signing.require_signature"
    );
    // No message quotes what was configured.
    for (provider, json) in [
        (
            Provider::LianLian,
            json!({"oid_partner": "1", "environment": "production", "sign_type": "SECRET-TYPE"}),
        ),
        (
            Provider::Vbao,
            json!({"customer_no": "1", "sign_key": 12_345_678, "their_public_key": "k"}),
        ),
        (
            Provider::LianLian,
            json!({"oid_partner": "1", "environment": "production", "sign_type": "RSA", "SECRET-KEY-NAME-ish": 1}),
        ),
    ] {
        let (_, reason) = config_error(provider, &json);
        assert!(
            !reason.contains("SECRET-TYPE") && !reason.contains("12345678"),
            "{reason}"
        );
    }
}

#[test]
fn dotenv_style_keys_load_with_a_bom_or_escaped_line_breaks() {
    let pem = include_str!("../../spec/vectors/keys/test-rsa-1024-public-spki.pem");
    let plain = cardbind::PublicKey::parse(pem).unwrap();
    let with_bom = format!("\u{feff}{pem}");
    assert_eq!(cardbind::PublicKey::parse(&with_bom).unwrap(), plain);
    let one_line = pem.trim_end().replace('\n', "\\n");
    assert!(!one_line.contains('\n'));
    assert_eq!(cardbind::PublicKey::parse(&one_line).unwrap(), plain);
    let crlf = pem.trim_end().replace('\n', "\\r\\n");
    assert_eq!(cardbind::PublicKey::parse(&crlf).unwrap(), plain);
    let private = include_str!("../../spec/vectors/keys/test-rsa-1024-private-pkcs8.pem");
    let escaped = format!("\u{feff}{}", private.replace('\n', "\\n"));
    assert_eq!(
        cardbind::PrivateKey::parse(&escaped).unwrap().public_key(),
        cardbind::PrivateKey::parse(private).unwrap().public_key()
    );
}
