//! Machine-readable provider specs (`spec/providers/<name>.json`), embedded at build time.
//!
//! The spec files are the single source of truth: each provider module's tests check that its
//! code agrees with its spec (operations, fields, return codes and their unified kinds), and the
//! bindings read the same files for their own tests and for `cardbind spec`.

pub mod config;

use serde::{Deserialize, Serialize};

use crate::model::outcome::ErrorKind;

/// How sure we are of a fact.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Confidence {
    /// Stated in the provider's own document.
    Documented,
    /// Confirmed by several independent public sources.
    High,
    /// One public source.
    Medium,
    /// No public source: a documented, overridable default.
    Assumed,
}

/// One provider's spec file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProviderSpec {
    /// `lianlian`, `xianjincard`, `yixin`, `vbao`, `huanbei`.
    pub provider: String,
    /// Human title.
    pub title: String,
    /// Source documents (relative to `shared/`).
    pub documents: Vec<String>,
    /// Documented base URLs by environment.
    #[serde(default)]
    pub base_urls: serde_json::Map<String, serde_json::Value>,
    /// Free-form description of the envelope, with confidences.
    pub envelope: serde_json::Value,
    /// Signature rules by profile name, and which keys sign which direction.
    pub signature: serde_json::Value,
    /// Operations.
    pub operations: Vec<OperationSpec>,
    /// Return codes.
    pub codes: Vec<CodeSpec>,
    /// Facts no public source confirms, with their defaults and how to override them.
    #[serde(default)]
    pub assumptions: Vec<AssumptionSpec>,
    /// Names a caller never sends as a field the spec does not list (envelope and computed
    /// fields), even with `allow_unlisted_fields`.
    #[serde(default)]
    pub reserved_fields: Vec<String>,
    /// Envelope fields (not business fields of any operation) that hold personal data or
    /// secrets, for masking.
    #[serde(default)]
    pub envelope_pii: Vec<FieldSpec>,
    /// Envelope fields the caller supplies among a request's fields when encoding (Huanbei's
    /// `r_i`), with their format: everything else in the envelope the codec makes.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub envelope_inputs: Vec<FieldSpec>,
    /// What in a reply identifies the operation it answers.
    pub reply_binding: ReplyBinding,
    /// The limits every received message is held to: the same for every provider.
    pub limits: Limits,
    /// Whether the signature covers empty and null values, and so what encode and decode do with
    /// them (`providers::kit::empty`).
    pub empty_values: EmptyValues,
    /// The provider's configuration keys: types, defaults, meanings, which are secrets.
    pub config: config::ConfigSpec,
}

/// What tells which operation a reply answers (see `providers::kit::reply`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReplyBinding {
    /// In words: what tells (members only one operation's reply lists, codes, syntax).
    pub rule: String,
    /// Codes only one operation answers with.
    #[serde(default)]
    pub codes: Vec<ReplyCodeMarker>,
    /// Replies that carry nothing that tells, and what a replayed reply could therefore pass
    /// for; `None` when every reply tells.
    #[serde(default)]
    pub residual_risk: Option<String>,
}

/// A code only one operation's reply carries.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReplyCodeMarker {
    /// The code's scope (`ret_code`).
    pub scope: String,
    /// The code (`8888`).
    pub code: String,
    /// The operation it answers.
    pub answers: String,
}

/// The one rule for empty and null values of a provider (see `providers::kit::empty`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EmptyValues {
    /// Whether the signature covers an empty string or a null (it does where the signed bytes are
    /// the JSON or ciphertext as sent; it does not where a `k=v&` string to sign leaves them out).
    pub signed: bool,
    /// Why, from the provider's documents, and what encode and decode do.
    pub rule: String,
}

/// The hard limits on received messages (`crate::model::limits`; a test keeps them equal).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Limits {
    /// Most fields in one received message: JSON values at every level, form fields, query
    /// parameters, headers.
    pub max_fields: usize,
    /// Deepest JSON nesting.
    pub max_depth: usize,
    /// Longest string in a received JSON document, in bytes.
    pub max_field_bytes: usize,
    /// Largest body decoded.
    pub max_body_bytes: usize,
}

/// Who calls whom.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    /// The merchant/partner calls the provider.
    PartnerToProvider,
    /// The provider (platform) calls the partner.
    ProviderToPartner,
}

/// One operation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OperationSpec {
    /// The provider's name for it (`bankcardbind`, `BindCard.applyBindCard`...).
    pub name: String,
    /// The unified operation (snake_case of [`crate::model::Operation`]).
    pub unified: String,
    /// Direction.
    pub direction: Direction,
    /// HTTP method.
    pub method: String,
    /// Path (relative to the base URL) or the `call`/`method` value that selects the operation.
    pub path: String,
    /// Request content type.
    pub content_type: String,
    /// Documented deadline.
    #[serde(default)]
    pub timeout_ms: Option<u32>,
    /// Whether a repeat is answered identically.
    #[serde(default)]
    pub idempotent: bool,
    /// Request business fields.
    pub request: Vec<FieldSpec>,
    /// Response business fields.
    pub response: Vec<FieldSpec>,
    /// Notes.
    #[serde(default)]
    pub notes: Option<String>,
}

/// One field.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FieldSpec {
    /// Wire name.
    pub name: String,
    /// `string`, `integer`, `decimal`, `boolean`, `object`, `array`, `json_string`.
    #[serde(rename = "type")]
    pub ty: String,
    /// `true`, `false`, or `"conditional"` (see `condition`).
    pub required: serde_json::Value,
    /// When a conditional field is required.
    #[serde(default)]
    pub condition: Option<String>,
    /// A required field that a received message may still lack, because the provider's own
    /// traffic or SDK omits it (the spec's `assumptions` say why). Encoding still sends it.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub may_be_absent_on_receipt: bool,
    /// Maximum length in characters.
    #[serde(default)]
    pub max_length: Option<usize>,
    /// Allowed values with meanings.
    #[serde(default)]
    pub values: Vec<EnumValue>,
    /// Personal-data class: `card`, `id`, `phone`, `name`, `secret`.
    #[serde(default)]
    pub pii: Option<String>,
    /// Element fields for arrays of objects / nested objects.
    #[serde(default)]
    pub fields: Vec<FieldSpec>,
    /// Description (may be Chinese, as in the document).
    #[serde(default)]
    pub description: String,
}

/// An enumerated value.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EnumValue {
    /// Wire value, as a string.
    pub value: String,
    /// Meaning.
    pub meaning: String,
}

#[cfg(test)]
mod pii_names_tests {
    use super::*;
    use crate::text::mask::PiiKind;

    #[test]
    fn the_pii_names_file_parses_with_unified_and_common_names() {
        let names = pii_names();
        assert_eq!(names.unified.len(), 5);
        assert!(names.common.len() > 30);
        assert_eq!(names.common_kind("Card-No"), Some(PiiKind::Card));
        assert_eq!(names.common_kind("bind_mob"), Some(PiiKind::Phone));
        assert_eq!(names.common_kind("order_no"), None);
    }
}

/// A return code and its unified meaning.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CodeSpec {
    /// The wire code as a string (`"0000"`, `"200"`, `"-3"`).
    pub code: String,
    /// Which field or scope it belongs to (`ret_code`, `bind_status`, `errCode`...).
    pub scope: String,
    /// The document's meaning.
    pub meaning: String,
    /// `succeeded`, `code_sent`, `pending` or `failed`.
    pub outcome: String,
    /// The [`ErrorKind`] when failed.
    #[serde(default)]
    pub kind: Option<ErrorKind>,
    /// Source confidence.
    pub confidence: Confidence,
    /// For a generic failure code whose reason is only in the provider's message: phrases of that
    /// message and the kind each one means, tried in this order (the rule is in
    /// `providers::kit::phrases`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub refinements: Vec<Refinement>,
    /// The same for the codes of this entry's scope that the spec does not list (an envelope whose
    /// only documented value is success). At most one entry of a scope carries them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub unlisted_refinements: Vec<Refinement>,
}

/// A phrase of a provider's message that tells which failure a generic code reports.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Refinement {
    /// Text searched for in the provider's message (a substring, compared exactly).
    pub phrase: String,
    /// The kind of a failure whose message contains it.
    pub kind: ErrorKind,
    /// How sure we are that the provider words this failure so.
    pub confidence: Confidence,
    /// Where the phrase comes from.
    pub source: String,
}

/// An assumption.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AssumptionSpec {
    /// What is assumed.
    pub what: String,
    /// The default used.
    pub default: serde_json::Value,
    /// How a user overrides it at runtime.
    pub how_to_override: String,
}

/// `spec/pii-names.json`: personal-data field names beyond the providers' operation fields.
#[derive(Debug)]
pub struct PiiNames {
    /// The unified calls' field names (`card_number`...).
    pub unified: Vec<(String, crate::text::mask::PiiKind)>,
    /// Names partners' own messages use, normalised (lower case, no `_` or `-`).
    pub common: Vec<(String, crate::text::mask::PiiKind)>,
}

impl PiiNames {
    /// The kind of a common name, matched case-insensitively with `_` and `-` ignored.
    pub fn common_kind(&self, name: &str) -> Option<crate::text::mask::PiiKind> {
        let normalised: String = name
            .chars()
            .filter(|c| *c != '_' && *c != '-')
            .map(|c| c.to_ascii_lowercase())
            .collect();
        self.common.iter().find(|(n, _)| *n == normalised).map(|(_, k)| *k)
    }
}

/// The embedded `spec/pii-names.json`, parsed once (a test checks it parses and is not empty).
pub fn pii_names() -> &'static PiiNames {
    static NAMES: std::sync::OnceLock<PiiNames> = std::sync::OnceLock::new();
    NAMES.get_or_init(|| {
        let file: serde_json::Value =
            serde_json::from_str(include_str!("../../../spec/pii-names.json")).unwrap_or_default();
        let read = |section: &str| -> Vec<(String, crate::text::mask::PiiKind)> {
            file.get(section)
                .and_then(serde_json::Value::as_object)
                .map(|names| {
                    names
                        .iter()
                        .map(|(n, k)| {
                            (
                                n.clone(),
                                crate::text::mask::PiiKind::from_class(k.as_str().unwrap_or_default()),
                            )
                        })
                        .collect()
                })
                .unwrap_or_default()
        };
        PiiNames {
            unified: read("unified"),
            common: read("common"),
        }
    })
}

impl ProviderSpec {
    /// Parses a spec file.
    pub fn from_json(json: &str) -> Result<Self, serde_json::Error> {
        serde_json::from_str(json)
    }

    /// The operation with this provider name.
    pub fn operation(&self, name: &str) -> Option<&OperationSpec> {
        self.operations.iter().find(|o| o.name == name)
    }
}
