//! The provider kit: every rule that holds for all providers, written once.
//!
//! A provider folder holds what is specific to its protocol (envelope, codes, field formats);
//! anything a second provider would need too belongs here, so that a fix reaches all five:
//! - [`spec`]: one way to load the embedded spec (and the personal-data list it implies);
//! - [`fields`]: one set of field readers, and received names echoed only through the echo rule;
//! - [`unlisted`]: one policy for fields the spec does not list, on encode and decode;
//! - [`empty`]: one rule for empty and null values, on encode and decode;
//! - [`environment`]: production is a choice (`environment` or `base_url`, never neither);
//! - [`extra`]: one `merge_extra` for unified requests;
//! - [`syntax`]: received forms with a field cap and each name once (JSON, query strings and
//!   headers have the same rules below this layer);
//! - [`reply`]: one reply↔operation check;
//! - [`replay`]: the replay key every verified message carries;
//! - `phrases`: one way to refine a generic failure code's kind from the provider's message.

pub mod empty;
pub mod environment;
pub mod extra;
pub mod fields;
pub(crate) mod phrases;
pub mod replay;
pub mod reply;
pub mod spec;
pub mod syntax;
pub mod unlisted;

pub use extra::merge_extra;
pub use replay::replay_key;
pub use reply::{check_reply_answers, ReplyCode};
pub use spec::EmbeddedSpec;
pub use unlisted::Unlisted;
