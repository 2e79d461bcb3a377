//! The registry: which codec, spec and personal-data list belong to which provider. The only
//! `match` on a provider in the crate; everything that lists providers (the bindings, the command
//! line, masking, the fuzz targets) asks here or iterates [`Provider::ALL`].
//!
//! Adding a provider: its spec file, its folder under `providers/`, one [`Provider`] variant and
//! one row in `row` (the README's "Adding a provider" lists the rest).

use crate::mask::PiiKind;
use crate::model::{Codec, CodecError, Operation, Provider};
use crate::providers::kit::EmbeddedSpec;
use crate::providers::{huanbei, lianlian, vbao, xianjincard, yixin};
use crate::spec::ProviderSpec;

/// What the registry knows of one provider.
struct Row {
    /// The embedded spec.
    spec: &'static EmbeddedSpec,
    /// Builds the codec from a JSON configuration.
    build: fn(&str) -> Result<Box<dyn Codec>, CodecError>,
    /// The largest body the provider's codec decodes by default.
    max_body_bytes: usize,
}

fn boxed<C: Codec + 'static>(codec: Result<C, CodecError>) -> Result<Box<dyn Codec>, CodecError> {
    codec.map(|c| Box::new(c) as Box<dyn Codec>)
}

fn row(provider: Provider) -> Row {
    match provider {
        Provider::LianLian => Row {
            spec: &lianlian::config::SPEC,
            build: |json| boxed(lianlian::LianLianCodec::from_config_json(json)),
            max_body_bytes: lianlian::MAX_BODY_BYTES,
        },
        Provider::Xianjincard => Row {
            spec: &xianjincard::config::SPEC,
            build: |json| boxed(xianjincard::XianjincardCodec::from_config_json(json)),
            max_body_bytes: xianjincard::DEFAULT_MAX_BODY_BYTES,
        },
        Provider::Yixin => Row {
            spec: &yixin::config::SPEC,
            build: |json| boxed(yixin::YixinCodec::from_config_json(json)),
            max_body_bytes: yixin::MAX_BODY_BYTES,
        },
        Provider::Vbao => Row {
            spec: &vbao::config::SPEC,
            build: |json| boxed(vbao::VbaoCodec::from_config_json(json)),
            max_body_bytes: vbao::MAX_BODY_BYTES,
        },
        Provider::Huanbei => Row {
            spec: &huanbei::config::SPEC,
            build: |json| boxed(huanbei::HuanbeiCodec::from_config_json(json)),
            max_body_bytes: huanbei::MAX_BODY_BYTES,
        },
    }
}

/// Builds the codec for `provider` from its JSON configuration (that provider's `*Config`).
pub fn codec_from_config(provider: Provider, config_json: &str) -> Result<Box<dyn Codec>, CodecError> {
    (row(provider).build)(config_json).map_err(|e| match e {
        // An unparsable configuration is the merchant's misconfiguration, whatever the codec calls it.
        CodecError::Malformed { field, reason } => CodecError::Config { field, reason },
        other => other,
    })
}

/// The embedded spec file of `provider` (`spec/providers/<name>.json`).
pub fn spec_json(provider: Provider) -> &'static str {
    row(provider).spec.json()
}

/// The parsed spec of `provider`.
pub fn spec(provider: Provider) -> Result<&'static ProviderSpec, CodecError> {
    row(provider).spec.get()
}

/// The wire names of `provider`'s fields that hold personal data, from its spec: the one list
/// masking uses in core, the bindings and the command line.
pub fn pii_fields(provider: Provider) -> &'static [(&'static str, PiiKind)] {
    row(provider).spec.pii()
}

/// Why `name` is refused in `provider`'s string-keyed unified call of `operation`, with the fix
/// (a near unified name, or "pass it in `extra`" for one of the provider's wire fields).
pub fn not_a_unified_field(provider: Provider, operation: Operation, name: &str) -> String {
    match spec(provider) {
        Ok(spec) => crate::providers::kit::extra::not_a_unified_field(spec, operation, name),
        Err(_) => format!("is not a field of {}", operation.name()),
    }
}

/// The largest body `provider`'s codec decodes with its default configuration.
pub fn max_body_bytes(provider: Provider) -> usize {
    row(provider).max_body_bytes
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::limits;

    #[test]
    fn every_embedded_spec_parses_and_names_its_provider() {
        for provider in Provider::ALL {
            let spec = spec(provider).unwrap();
            assert_eq!(spec.provider, provider.name());
            assert_eq!(row(provider).spec.provider(), provider);
        }
    }

    #[test]
    fn a_bad_config_is_a_typed_error_for_every_provider() {
        for provider in Provider::ALL {
            let Err(error) = codec_from_config(provider, "{\"not\": \"a config\"}") else {
                panic!("{provider:?} accepted a config without its required fields");
            };
            assert_eq!(
                error.kind(),
                crate::model::ErrorKind::MerchantMisconfigured,
                "{provider:?}: {error}"
            );
        }
    }

    #[test]
    fn every_spec_states_the_shared_limits_and_its_own_body_limit() {
        for provider in Provider::ALL {
            let stated = spec(provider).unwrap().limits;
            assert_eq!(stated.max_fields, limits::MAX_FIELDS, "{provider:?}");
            assert_eq!(stated.max_depth, limits::MAX_DEPTH, "{provider:?}");
            assert_eq!(stated.max_field_bytes, limits::MAX_FIELD_BYTES, "{provider:?}");
            assert_eq!(stated.max_body_bytes, max_body_bytes(provider), "{provider:?}");
        }
    }

    #[test]
    fn the_message_limit_covers_every_provider_body_limit() {
        let largest = Provider::ALL.into_iter().map(max_body_bytes).max();
        assert_eq!(largest, Some(limits::MAX_MESSAGE_BYTES));
    }

    #[test]
    fn every_spec_lists_personal_data_and_each_reply_code_marker_names_an_operation() {
        for provider in Provider::ALL {
            assert!(!pii_fields(provider).is_empty(), "{provider:?}");
            let spec = spec(provider).unwrap();
            for marker in &spec.reply_binding.codes {
                assert!(
                    spec.operation(&marker.answers).is_some(),
                    "{provider:?}: {}",
                    marker.answers
                );
            }
        }
    }
}
