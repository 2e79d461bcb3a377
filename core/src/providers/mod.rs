//! One module per provider: wire structs, pure conversions to and from the unified model, and
//! an exhaustive map of the provider's return codes.

pub mod vbao;
pub use vbao::{VbaoCodec, VbaoConfig};
