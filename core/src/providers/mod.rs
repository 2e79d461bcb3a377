//! Layer 4: one module per provider (wire structs, pure conversions to and from the unified
//! model, an exhaustive map of the provider's return codes), and the [`kit`] of rules they all
//! share. A provider never imports another provider; which provider is which is the
//! registry's (`crate::registry`).

pub mod huanbei;
pub mod kit;
pub mod lianlian;
pub mod vbao;
pub mod xianjincard;
pub mod yixin;

pub use huanbei::{HuanbeiCodec, HuanbeiConfig};
pub use lianlian::{LianLianCodec, LianLianConfig};
pub use vbao::{VbaoCodec, VbaoConfig};
pub use xianjincard::{XianjincardCodec, XianjincardConfig};
pub use yixin::{YixinCodec, YixinConfig};

// The former paths of the registry's functions (the registry sits above this layer; these are
// re-exports only, listed as such in core/tests/layers.rs).
pub use crate::registry::{codec_from_config, spec_json};
