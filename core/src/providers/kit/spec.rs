//! One way to load a provider's embedded spec: parsed once, on first use, and shared.

use std::sync::OnceLock;

use crate::mask::PiiKind;
use crate::model::{CodecError, Provider};
use crate::spec::{FieldSpec, OperationSpec, ProviderSpec};

/// A provider's `spec/providers/<name>.json`, embedded at build time and parsed on first use.
/// A test parses every embedded spec, so the error paths here are for a broken build only.
#[derive(Debug)]
pub struct EmbeddedSpec {
    provider: Provider,
    json: &'static str,
    parsed: OnceLock<Option<ProviderSpec>>,
    pii: OnceLock<Vec<(&'static str, PiiKind)>>,
}

impl EmbeddedSpec {
    /// The spec of `provider`, whose file content is `json`.
    pub const fn new(provider: Provider, json: &'static str) -> Self {
        Self {
            provider,
            json,
            parsed: OnceLock::new(),
            pii: OnceLock::new(),
        }
    }

    /// The file's text.
    pub const fn json(&'static self) -> &'static str {
        self.json
    }

    /// The provider it describes.
    pub const fn provider(&self) -> Provider {
        self.provider
    }

    /// The parsed spec.
    pub fn get(&'static self) -> Result<&'static ProviderSpec, CodecError> {
        self.parsed
            .get_or_init(|| ProviderSpec::from_json(self.json).ok())
            .as_ref()
            .ok_or_else(|| {
                CodecError::config(
                    "config",
                    format!(
                        "the embedded spec/providers/{}.json does not parse",
                        self.provider.name()
                    ),
                )
            })
    }

    /// The operation named `name` (the provider's own name), or the kit's unsupported-operation
    /// error with the nearest name and the list.
    pub fn operation(&'static self, name: &str) -> Result<&'static OperationSpec, CodecError> {
        let spec = self.get()?;
        spec.operation(name).ok_or_else(|| self.unsupported(name))
    }

    /// [`CodecError::unsupported`] for this provider, from the spec's operations.
    pub fn unsupported(&'static self, name: &str) -> CodecError {
        let operations = self.get().map(|s| s.operations.as_slice()).unwrap_or_default();
        CodecError::unsupported(
            self.provider,
            name,
            operations.iter().map(|o| (o.name.as_str(), o.unified.as_str())),
        )
    }

    /// Wire names of the fields holding personal data, at any depth of any operation, plus the
    /// spec's `envelope_pii`: the one list masking reads, for this provider and every binding.
    pub fn pii(&'static self) -> &'static [(&'static str, PiiKind)] {
        self.pii.get_or_init(|| {
            let mut out = Vec::new();
            if let Ok(spec) = self.get() {
                for op in &spec.operations {
                    collect_pii(&op.request, &mut out);
                    collect_pii(&op.response, &mut out);
                }
                collect_pii(&spec.envelope_pii, &mut out);
            }
            out
        })
    }
}

fn collect_pii(fields: &'static [FieldSpec], out: &mut Vec<(&'static str, PiiKind)>) {
    for field in fields {
        if let Some(class) = field.pii.as_deref() {
            let entry = (field.name.as_str(), PiiKind::from_class(class));
            if !out.contains(&entry) {
                out.push(entry);
            }
        }
        collect_pii(&field.fields, out);
    }
}
