//! One module per provider: wire structs, pure conversions to and from the unified model, and
//! an exhaustive map of the provider's return codes.

pub mod lianlian;
pub use lianlian::{LianLianCodec, LianLianConfig};
pub mod xianjincard;
pub use xianjincard::{XianjincardCodec, XianjincardConfig};
pub mod huanbei;

pub use huanbei::{HuanbeiCodec, HuanbeiConfig};
pub mod vbao;
pub use vbao::{VbaoCodec, VbaoConfig};
