//! The provider-neutral model every provider codec converts to and from.
//!
//! Wire structs live in each provider's module; this module holds what they share: the unified
//! operations and their typed requests, the outcome every decoded response yields, banks,
//! personal-data types, validation, the transport-neutral HTTP description, the codec trait, the
//! limits every received message is held to and the replay-window check.

pub mod bank;
pub mod codec;
pub mod error;
pub mod limits;
pub mod operation;
pub mod outcome;
pub mod pii;
pub mod provider;
pub mod replay;
pub mod transport;
pub mod validate;

pub use bank::Bank;
pub use codec::{Codec, Context, DecodedRequest, DecodedResponse, EncodeOptions, ReplyFormat, SignatureCheck};
pub use error::CodecError;
pub use operation::{BindCardApply, BindCardConfirm, CardType, Operation, Provider, UnifiedRequest};
pub use outcome::{ErrorKind, Outcome, OutcomeStatus};
pub use pii::{CardNumber, IdNumber, PersonName, Phone, VerifyCode};
pub use transport::{HttpRequest, HttpResponse, Method, TransportHints};
pub use validate::{ValidationError, ValidationRule};
