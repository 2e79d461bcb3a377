//! One module per provider: wire structs, pure conversions to and from the unified model, and
//! an exhaustive map of the provider's return codes.

pub mod huanbei;
mod wire;
pub mod yixin;

pub use huanbei::{HuanbeiCodec, HuanbeiConfig};
pub use yixin::{YixinCodec, YixinConfig};
