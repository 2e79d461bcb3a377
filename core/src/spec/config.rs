//! Provider configuration, described by each spec's `config` section and checked against it before
//! the provider's config struct is built, so that every mistake names the key and what was
//! expected. Messages never quote a configured value: keys and sign keys are configured values.

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::model::CodecError;

/// The JSON type a configuration key takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ConfigType {
    /// A JSON string.
    String,
    /// `true` or `false`.
    Boolean,
    /// A whole number within `minimum`..=`maximum`.
    Integer,
    /// One of `values`, a string, compared exactly.
    Enum,
    /// An RSA key: PEM, or base64 of the DER (the bindings also take DER bytes).
    Key,
    /// A nested object with its own `keys`.
    Object,
    /// A signature rule object (`spec/README` "signature rules"), checked by its own parser.
    SignatureRule,
}

impl ConfigType {
    fn expected(self) -> &'static str {
        match self {
            Self::String | Self::Enum => "a string",
            Self::Boolean => "true or false",
            Self::Integer => "a whole number",
            Self::Key => "a key (PEM text, or base64 of the DER)",
            Self::Object | Self::SignatureRule => "an object",
        }
    }
}

/// One configuration key.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConfigKeySpec {
    /// The JSON type.
    #[serde(rename = "type")]
    pub ty: ConfigType,
    /// Whether the key must be present (and not `null`).
    #[serde(default)]
    pub required: bool,
    /// The value used when the key is absent (`Some(null)`: unset); `None` for required keys.
    #[serde(default, deserialize_with = "present", skip_serializing_if = "Option::is_none")]
    pub default: Option<Value>,
    /// What it means.
    pub description: String,
    /// Whether the value is a secret (never shown by `Debug`, logs or errors).
    #[serde(default)]
    pub secret: bool,
    /// Whether the key changes what is authenticated or accepted (listed in the README's
    /// security defaults).
    #[serde(default)]
    pub security: bool,
    /// Allowed values of an `enum`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub values: Vec<String>,
    /// Smallest allowed `integer`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub minimum: Option<i64>,
    /// Largest allowed `integer`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub maximum: Option<i64>,
    /// Keys of an `object`.
    #[serde(default, skip_serializing_if = "Map::is_empty")]
    pub keys: Map<String, Value>,
    /// Names this key had in earlier releases (the error for them names the new one).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub formerly: Vec<String>,
}

/// A `default` that is present, `null` included (absent is `None` through `#[serde(default)]`).
fn present<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<Option<Value>, D::Error> {
    Value::deserialize(deserializer).map(Some)
}

/// A provider's `config` section: the keys of its configuration object, in spec order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConfigSpec {
    /// What the configuration is for.
    pub description: String,
    /// The keys.
    pub keys: Map<String, Value>,
}

/// The parsed keys of a `keys` map; a malformed spec entry is a configuration error of that key.
fn key_specs(path: &str, keys: &Map<String, Value>) -> Result<Vec<(String, ConfigKeySpec)>, CodecError> {
    keys.iter()
        .map(|(name, spec)| {
            ConfigKeySpec::deserialize(spec)
                .map(|s| (name.clone(), s))
                .map_err(|_| CodecError::config(join(path, name), "the embedded spec describes this key badly"))
        })
        .collect()
}

fn join(path: &str, name: &str) -> String {
    if path.is_empty() {
        name.to_owned()
    } else {
        format!("{path}.{name}")
    }
}

/// Parses `json` as the configuration `spec` describes: checks it against the spec's `config`
/// section (unknown keys with the closest valid name, missing keys, types, enum values, ranges),
/// then builds `T`. Given the spec, never looking one up: the registry knows which spec belongs
/// to which provider.
pub fn parse<T: DeserializeOwned>(spec: &super::ProviderSpec, json: &str) -> Result<T, CodecError> {
    let value: Value = serde_json::from_str(json).map_err(|e| {
        CodecError::config(
            "config",
            format!("not valid JSON (line {} column {})", e.line(), e.column()),
        )
    })?;
    check(&spec.config, &value)?;
    serde_json::from_value(value).map_err(|e| {
        // The spec and the struct disagree (a test checks they never do); say where, not the value.
        let category = match e.classify() {
            serde_json::error::Category::Data => "a value the configuration struct refuses",
            _ => "unreadable",
        };
        CodecError::config("config", category)
    })
}

/// Checks a configuration document against a `config` section.
pub fn check(spec: &ConfigSpec, value: &Value) -> Result<(), CodecError> {
    let Value::Object(object) = value else {
        return Err(CodecError::config("config", "expected a JSON object of settings"));
    };
    check_object("", &spec.keys, object)
}

fn check_object(path: &str, keys: &Map<String, Value>, object: &Map<String, Value>) -> Result<(), CodecError> {
    let specs = key_specs(path, keys)?;
    for name in object.keys() {
        if !keys.contains_key(name) {
            return Err(CodecError::config(join(path, name), unknown_key(name, &specs)));
        }
    }
    for (name, spec) in &specs {
        let field = join(path, name);
        match object.get(name) {
            None | Some(Value::Null) if spec.required => {
                return Err(CodecError::config(
                    field,
                    format!("is required: {}", first_sentence(&spec.description)),
                ));
            }
            None | Some(Value::Null) => {}
            Some(value) => check_value(&field, spec, value)?,
        }
    }
    Ok(())
}

fn check_value(field: &str, spec: &ConfigKeySpec, value: &Value) -> Result<(), CodecError> {
    let wrong_type = || {
        let hint = match (spec.ty, value) {
            (ConfigType::String | ConfigType::Enum, Value::Number(_)) => {
                " (write it as a JSON string: ids keep their leading zeros and every digit)"
            }
            (ConfigType::Key, Value::Array(_)) => " (pass DER bytes through a binding, or base64 them)",
            _ => "",
        };
        CodecError::config(
            field,
            format!("expected {}, got {}{hint}", spec.ty.expected(), kind_of(value)),
        )
    };
    match (spec.ty, value) {
        (ConfigType::String | ConfigType::Key, Value::String(_)) | (ConfigType::Boolean, Value::Bool(_)) => Ok(()),
        (ConfigType::Enum, Value::String(s)) => {
            if spec.values.iter().any(|v| v == s) {
                return Ok(());
            }
            let listed = quoted(spec.values.iter().map(String::as_str));
            let near = spec
                .values
                .iter()
                .find(|v| v.eq_ignore_ascii_case(s))
                .map(|v| format!("; values are case-sensitive: did you mean `{v}`?"))
                .unwrap_or_default();
            Err(CodecError::config(field, format!("expected one of {listed}{near}")))
        }
        (ConfigType::Integer, Value::Number(n)) => {
            let Some(n) = n.as_i64() else {
                return Err(CodecError::config(field, "expected a whole number"));
            };
            let low = spec.minimum.unwrap_or(i64::MIN);
            let high = spec.maximum.unwrap_or(i64::MAX);
            if (low..=high).contains(&n) {
                Ok(())
            } else {
                Err(CodecError::config(field, format!("expected a whole number from {low} to {high}")))
            }
        }
        (ConfigType::Object, Value::Object(inner)) => check_object(field, &spec.keys, inner),
        (ConfigType::SignatureRule, Value::Object(_)) => crate::rule::SignatureRule::deserialize(value)
            .map(drop)
            .map_err(|_| {
                CodecError::config(
                    field,
                    "is not a signature rule: expected {\"canonical\": {\"kind\": ...}, \"algorithm\": {\"scheme\": ...}} as in the spec's `signature.rule`",
                )
            }),
        _ => Err(wrong_type()),
    }
}

fn kind_of(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

fn first_sentence(text: &str) -> &str {
    text.split_once(". ")
        .map_or(text, |(first, _)| first)
        .trim_end_matches('.')
}

fn quoted<'a>(names: impl Iterator<Item = &'a str>) -> String {
    names.map(|n| format!("`{n}`")).collect::<Vec<_>>().join(", ")
}

/// "unknown key" with the key it replaced (renamed keys) or the closest valid name, and the list.
fn unknown_key(name: &str, specs: &[(String, ConfigKeySpec)]) -> String {
    let valid = quoted(specs.iter().map(|(n, _)| n.as_str()));
    if let Some((new, _)) = specs.iter().find(|(_, s)| s.formerly.iter().any(|old| old == name)) {
        return format!("unknown key: renamed to `{new}` (see CHANGELOG.md); valid keys: {valid}");
    }
    match crate::text::names::closest(name, specs.iter().map(|(n, _)| n.as_str())) {
        Some(near) => format!("unknown key: did you mean `{near}`? valid keys: {valid}"),
        None => format!("unknown key; valid keys: {valid}"),
    }
}
