//! One module per provider: wire structs, pure conversions to and from the unified model, and
//! an exhaustive map of the provider's return codes. [`codec_from_config`] is the registry the
//! bindings and the CLI use.

pub mod huanbei;
pub(crate) mod kit;
pub mod lianlian;
pub mod vbao;
pub(crate) mod wire;
pub mod xianjincard;
pub mod yixin;

pub use huanbei::{HuanbeiCodec, HuanbeiConfig};
pub use lianlian::{LianLianCodec, LianLianConfig};
pub use vbao::{VbaoCodec, VbaoConfig};
pub use xianjincard::{XianjincardCodec, XianjincardConfig};
pub use yixin::{YixinCodec, YixinConfig};

use crate::model::{Codec, CodecError, Provider};

/// Builds the codec for `provider` from its JSON configuration (that provider's `*Config`).
pub fn codec_from_config(provider: Provider, config_json: &str) -> Result<Box<dyn Codec>, CodecError> {
    build(provider, config_json).map_err(|e| match e {
        // An unparsable configuration is the merchant's misconfiguration, whatever the codec calls it.
        CodecError::Malformed { field, reason } => CodecError::Config { field, reason },
        other => other,
    })
}

fn build(provider: Provider, config_json: &str) -> Result<Box<dyn Codec>, CodecError> {
    Ok(match provider {
        Provider::LianLian => Box::new(LianLianCodec::from_config_json(config_json)?),
        Provider::Xianjincard => Box::new(XianjincardCodec::from_config_json(config_json)?),
        Provider::Yixin => Box::new(YixinCodec::from_config_json(config_json)?),
        Provider::Vbao => Box::new(VbaoCodec::from_config_json(config_json)?),
        Provider::Huanbei => Box::new(HuanbeiCodec::from_config_json(config_json)?),
    })
}

/// "`provider` has no operation `name`", with the nearest valid name and the list: the provider's
/// own operation names, or the unified ones it supports when `name` looks unified.
pub(crate) fn unsupported_message(provider: Provider, name: &str) -> String {
    let spec = crate::spec::ProviderSpec::from_json(spec_json(provider)).ok();
    let operations = spec.as_ref().map_or(&[][..], |s| s.operations.as_slice());
    let own: Vec<&str> = operations.iter().map(|o| o.name.as_str()).collect();
    let mut unified: Vec<&str> = operations.iter().map(|o| o.unified.as_str()).collect();
    unified.dedup();
    let is_unified_name = serde_json::from_value::<crate::model::Operation>(serde_json::Value::String(name.to_owned()))
        .is_ok()
        || (name.contains('_') && !name.contains('.'));
    let (what, names) = if is_unified_name {
        ("unified operation", unified)
    } else {
        ("operation", own)
    };
    let suggestion = crate::config::closest(name, names.iter().copied())
        .filter(|near| *near != name)
        .map(|near| format!("; did you mean `{near}`?"))
        .unwrap_or_default();
    let listed = names.iter().map(|n| format!("`{n}`")).collect::<Vec<_>>().join(", ");
    format!(
        "{} does not support the {what} `{name}`{suggestion} (its {what}s: {listed})",
        provider.name()
    )
}

/// The embedded spec file of `provider` (`spec/providers/<name>.json`).
pub fn spec_json(provider: Provider) -> &'static str {
    match provider {
        Provider::LianLian => lianlian::SPEC_JSON,
        Provider::Xianjincard => xianjincard::SPEC_JSON,
        Provider::Yixin => yixin::SPEC_JSON,
        Provider::Vbao => vbao::SPEC_JSON,
        Provider::Huanbei => huanbei::SPEC_JSON,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::spec::ProviderSpec;

    #[test]
    fn every_embedded_spec_parses_and_names_its_provider() {
        for provider in Provider::ALL {
            let spec = ProviderSpec::from_json(spec_json(provider)).unwrap();
            assert_eq!(spec.provider, provider.name());
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
                crate::ErrorKind::MerchantMisconfigured,
                "{provider:?}: {error}"
            );
        }
    }
}
