//! One module per provider: wire structs, pure conversions to and from the unified model, and
//! an exhaustive map of the provider's return codes. [`codec_from_config`] is the registry the
//! bindings and the CLI use.

pub mod huanbei;
pub mod lianlian;
pub mod vbao;
pub mod xianjincard;

pub use huanbei::{HuanbeiCodec, HuanbeiConfig};
pub use lianlian::{LianLianCodec, LianLianConfig};
pub use vbao::{VbaoCodec, VbaoConfig};
pub use xianjincard::{XianjincardCodec, XianjincardConfig};

use crate::model::{Codec, CodecError, Provider};

/// Builds the codec for `provider` from its JSON configuration (that provider's `*Config`).
pub fn codec_from_config(provider: Provider, config_json: &str) -> Result<Box<dyn Codec>, CodecError> {
    Ok(match provider {
        Provider::LianLian => Box::new(LianLianCodec::from_config_json(config_json)?),
        Provider::Xianjincard => Box::new(XianjincardCodec::from_config_json(config_json)?),
        Provider::Yixin => {
            return Err(CodecError::UnsupportedOperation {
                provider,
                operation: "any (the Yixin codec is not merged yet)".to_owned(),
            })
        }
        Provider::Vbao => Box::new(VbaoCodec::from_config_json(config_json)?),
        Provider::Huanbei => Box::new(HuanbeiCodec::from_config_json(config_json)?),
    })
}

/// The embedded spec file of `provider` (`spec/providers/<name>.json`).
pub fn spec_json(provider: Provider) -> &'static str {
    match provider {
        Provider::LianLian => lianlian::SPEC_JSON,
        Provider::Xianjincard => xianjincard::SPEC_JSON,
        Provider::Yixin => "{}",
        Provider::Vbao => vbao::SPEC_JSON,
        Provider::Huanbei => huanbei::SPEC_JSON,
    }
}
