//! Yixin's envelope code and the per-operation status enums, with their unified meaning.

use crate::model::{ErrorKind, Outcome, OutcomeStatus};
use crate::providers::kit::phrases::PhraseBook;

/// The spec scope of the envelope `code`.
pub const ENVELOPE_SCOPE: &str = "code";

/// Message phrases refining the `-2` statuses and the undocumented envelope codes (spec
/// `refinements`, `unlisted_refinements`).
static PHRASES: PhraseBook = PhraseBook::new(&super::config::SPEC);

/// What a status means, before it becomes an [`Outcome`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Meaning {
    /// Done.
    Succeeded,
    /// A code was sent; confirm with `bizId`.
    CodeSent,
    /// Failed.
    Failed(ErrorKind),
}

impl Meaning {
    /// The spec's `outcome` word and `kind`.
    pub const fn spec_outcome(self) -> (&'static str, Option<ErrorKind>) {
        match self {
            Self::Succeeded => ("succeeded", None),
            Self::CodeSent => ("code_sent", None),
            Self::Failed(kind) => ("failed", Some(kind)),
        }
    }
}

macro_rules! wire_enum {
    ($(#[$doc:meta])* $name:ident { $($(#[$vdoc:meta])* $variant:ident = $wire:literal => $meaning:expr),+ $(,)? }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum $name {
            $($(#[$vdoc])* $variant),+
        }

        impl $name {
            /// Every value, in document order.
            pub const ALL: &'static [Self] = &[$(Self::$variant),+];

            /// The wire text.
            pub const fn as_str(self) -> &'static str {
                match self {
                    $(Self::$variant => $wire),+
                }
            }

            /// The value with this wire text, if documented.
            pub fn from_wire(wire: &str) -> Option<Self> {
                Self::ALL.iter().copied().find(|v| v.as_str() == wire)
            }

            /// The unified meaning (exhaustive: a new variant must say what it means).
            pub const fn meaning(self) -> Meaning {
                match self {
                    $(Self::$variant => $meaning),+
                }
            }
        }
    };
}

wire_enum!(
    /// Envelope `code`. Only 0 is documented; anything else decodes as [`ErrorKind::Unknown`].
    EnvelopeCode {
        /// 0 success.
        Success = "0" => Meaning::Succeeded,
    }
);

wire_enum!(
    /// `bindCard` response `status`.
    BindStatus {
        /// 0 成功: the code was sent.
        Sent = "0" => Meaning::CodeSent,
        /// -1 无需绑卡: agreement payment already open; the card is usable.
        NotNeeded = "-1" => Meaning::Succeeded,
        /// -2 失败.
        Failed = "-2" => Meaning::Failed(ErrorKind::Rejected),
    }
);

wire_enum!(
    /// `verifyCode` response `status`.
    VerifyStatus {
        /// 0 成功.
        Bound = "0" => Meaning::Succeeded,
        /// -1 无需绑卡.
        NotNeeded = "-1" => Meaning::Succeeded,
        /// -2 失败 (desc says why, e.g. 验证码错误).
        Failed = "-2" => Meaning::Failed(ErrorKind::Rejected),
        /// -3 验证码过期.
        Expired = "-3" => Meaning::Failed(ErrorKind::VerifyCodeExpired),
    }
);

wire_enum!(
    /// `needCardSign` response `status`: the query succeeds either way; the answer is the value.
    AgreementStatus {
        /// 1 需要绑卡.
        Needed = "1" => Meaning::Succeeded,
        /// -1 无需绑卡.
        NotNeeded = "-1" => Meaning::Succeeded,
    }
);

wire_enum!(
    /// `cardList` entry `cardType`.
    CardKind {
        /// 1 借记卡.
        Debit = "1" => Meaning::Succeeded,
        /// 2 信用卡.
        Credit = "2" => Meaning::Succeeded,
    }
);

impl CardKind {
    /// The unified card type.
    pub const fn card_type(self) -> crate::model::CardType {
        match self {
            Self::Debit => crate::model::CardType::Debit,
            Self::Credit => crate::model::CardType::Credit,
        }
    }
}

/// The outcome of the envelope `code`: success, or (any other code is undocumented) `Unknown`
/// refined by `msg` where the spec lists phrases for the scope's unlisted codes.
pub fn envelope_outcome(code: &str, msg: Option<String>) -> Outcome {
    let meaning = EnvelopeCode::from_wire(code).map(EnvelopeCode::meaning);
    outcome(ENVELOPE_SCOPE, meaning, code, msg, None)
}

/// The outcome of `operation`'s business `status` (`Unknown` if undocumented there), a failure's
/// kind refined by `desc` where the spec lists phrases for the status; `token` is the `bizId`
/// a code-sent status hands out.
pub fn status_outcome(operation: &str, status: &str, desc: Option<String>, token: Option<String>) -> Outcome {
    outcome(
        status_scope(operation),
        status_meaning(operation, status),
        status,
        desc,
        token,
    )
}

/// Builds the outcome of `code` in `scope` from its meaning, or `Unknown` for an undocumented
/// value; a failure's kind is refined by `message`.
fn outcome(
    scope: &str,
    meaning: Option<Meaning>,
    code: &str,
    message: Option<String>,
    token: Option<String>,
) -> Outcome {
    let kind = match meaning {
        Some(Meaning::Succeeded) => return Outcome::succeeded(code, message),
        Some(Meaning::CodeSent) => {
            let status = OutcomeStatus::CodeSent { confirm_token: token };
            return Outcome::new(status, code.to_owned(), message);
        }
        Some(Meaning::Failed(kind)) => kind,
        None => ErrorKind::Unknown,
    };
    let status = PHRASES.failure(scope, code, message.as_deref(), kind);
    Outcome::new(status, code.to_owned(), message)
}

/// The spec scope of `operation`'s business `status` (`bindCard.status`...); the envelope's for
/// an operation without one.
fn status_scope(operation: &str) -> &'static str {
    match operation {
        "bindCard" => "bindCard.status",
        "verifyCode" => "verifyCode.status",
        "needCardSign" => "needCardSign.status",
        _ => ENVELOPE_SCOPE,
    }
}

/// Whether an operation's outcome is carried by a business `status` (the spec's
/// `<operation>.status` scope) rather than by the envelope code alone.
pub fn has_status(operation: &str) -> bool {
    matches!(operation, "bindCard" | "verifyCode" | "needCardSign")
}

/// The meaning of `status` in `operation`'s status scope; `None` if undocumented there.
pub fn status_meaning(operation: &str, status: &str) -> Option<Meaning> {
    match operation {
        "bindCard" => BindStatus::from_wire(status).map(BindStatus::meaning),
        "verifyCode" => VerifyStatus::from_wire(status).map(VerifyStatus::meaning),
        "needCardSign" => AgreementStatus::from_wire(status).map(AgreementStatus::meaning),
        _ => None,
    }
}
