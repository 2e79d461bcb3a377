//! xianjincard's result codes: `bind_status` (bind-card answers and callbacks), `result`
//! (admission) and the envelope `status`. Each maps to the unified outcome with an exhaustive
//! `match`, so a new code cannot be added without deciding what it means.

use crate::model::{ErrorKind, Outcome, OutcomeStatus};
use crate::providers::kit::phrases::PhraseBook;

/// Message phrases refining `bind_status` 505 and the undocumented envelope statuses (spec
/// `refinements`, `unlisted_refinements`).
static PHRASES: PhraseBook = PhraseBook::new(&super::config::SPEC);

/// `bind_status` of `BindCard.applyBindCard` (and of the bind-result callback).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum BindStatus {
    /// 100: an SMS code was sent; call again with `verify_code`.
    CodeSent,
    /// 200: bound.
    Bound,
    /// 401: the holder's details do not match.
    IdentityMismatch,
    /// 402: the card is not from the bank given.
    WrongBank,
    /// 403: the card is not enabled for authenticated payment.
    CardNotEnabled,
    /// 501: too many failures; retry in 24 hours.
    TooManyFailures,
    /// 505: another reason, described in `remark` (shown to the user).
    Other,
}

impl BindStatus {
    /// Every documented status.
    pub const ALL: [Self; 7] = [
        Self::CodeSent,
        Self::Bound,
        Self::IdentityMismatch,
        Self::WrongBank,
        Self::CardNotEnabled,
        Self::TooManyFailures,
        Self::Other,
    ];

    /// The wire code.
    pub const fn as_wire(self) -> &'static str {
        match self {
            Self::CodeSent => "100",
            Self::Bound => "200",
            Self::IdentityMismatch => "401",
            Self::WrongBank => "402",
            Self::CardNotEnabled => "403",
            Self::TooManyFailures => "501",
            Self::Other => "505",
        }
    }

    /// The status for a wire code, if documented.
    pub fn from_wire(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.as_wire() == code)
    }

    /// The unified status. xianjincard has no confirm token: the second call repeats the card
    /// details with `verify_code`.
    pub const fn status(self) -> OutcomeStatus {
        let kind = match self {
            Self::CodeSent => return OutcomeStatus::CodeSent { confirm_token: None },
            Self::Bound => return OutcomeStatus::Succeeded,
            Self::IdentityMismatch => ErrorKind::IdentityMismatch,
            Self::WrongBank => ErrorKind::BankMismatch,
            Self::CardNotEnabled => ErrorKind::CardNotEnabled,
            Self::TooManyFailures => ErrorKind::TooManyAttempts,
            Self::Other => ErrorKind::Rejected,
        };
        OutcomeStatus::Failed {
            kind,
            retryable: kind.retryable(),
        }
    }
}

/// `result` of `User.isUserAccept` (借款权限).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AdmissionResult {
    /// 200: may borrow.
    MayBorrow,
    /// 301: too old or too young.
    AgeOutOfRange,
    /// 401: a loan at the partner is still open.
    LoanOutstanding,
    /// 402: a bad loan record at the partner.
    BadRecord,
    /// 403: on a credit-bureau blacklist.
    Blacklisted,
    /// 505: another reason, given in `remark`.
    Other,
}

impl AdmissionResult {
    /// Every documented result.
    pub const ALL: [Self; 6] = [
        Self::MayBorrow,
        Self::AgeOutOfRange,
        Self::LoanOutstanding,
        Self::BadRecord,
        Self::Blacklisted,
        Self::Other,
    ];

    /// The wire code (an integer on the wire).
    pub const fn as_wire(self) -> &'static str {
        match self {
            Self::MayBorrow => "200",
            Self::AgeOutOfRange => "301",
            Self::LoanOutstanding => "401",
            Self::BadRecord => "402",
            Self::Blacklisted => "403",
            Self::Other => "505",
        }
    }

    /// The result for a wire code, if documented.
    pub fn from_wire(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.as_wire() == code)
    }

    /// The unified status: every refusal is "not eligible"; nothing the caller can retry.
    pub const fn status(self) -> OutcomeStatus {
        match self {
            Self::MayBorrow => OutcomeStatus::Succeeded,
            Self::AgeOutOfRange | Self::LoanOutstanding | Self::BadRecord | Self::Blacklisted | Self::Other => {
                OutcomeStatus::Failed {
                    kind: ErrorKind::UserNotEligible,
                    retryable: ErrorKind::UserNotEligible.retryable(),
                }
            }
        }
    }
}

/// The envelope `status`. Only success (1) is documented; any other value is a failure whose
/// meaning is unknown (kept raw in the outcome).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum EnvelopeStatus {
    /// 1: the call succeeded; `response` holds the answer.
    Success,
}

impl EnvelopeStatus {
    /// Every documented status.
    pub const ALL: [Self; 1] = [Self::Success];

    /// The wire code.
    pub const fn as_wire(self) -> &'static str {
        match self {
            Self::Success => "1",
        }
    }

    /// The status for a wire code, if documented.
    pub fn from_wire(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.as_wire() == code)
    }

    /// The unified status.
    pub const fn status(self) -> OutcomeStatus {
        match self {
            Self::Success => OutcomeStatus::Succeeded,
        }
    }
}

/// The scopes codes live in, as named in `spec/providers/xianjincard.json`.
pub const SCOPES: [&str; 3] = ["status", "result", "bind_status"];

/// The unified status for `code` in `scope`; `None` for an undocumented code or scope.
pub fn status_for(scope: &str, code: &str) -> Option<OutcomeStatus> {
    match scope {
        "status" => EnvelopeStatus::from_wire(code).map(EnvelopeStatus::status),
        "result" => AdmissionResult::from_wire(code).map(AdmissionResult::status),
        "bind_status" => BindStatus::from_wire(code).map(BindStatus::status),
        _ => None,
    }
}

/// The outcome for `code` in `scope`; an undocumented code fails with [`ErrorKind::Unknown`],
/// keeping the raw code. A failure's kind is refined by `message` (`remark`, else the envelope's
/// `message`) where the spec lists phrases for the code.
pub fn outcome_for(scope: &str, code: &str, message: Option<String>) -> Outcome {
    let text = message.as_deref();
    let status = match status_for(scope, code) {
        Some(status) => PHRASES.refine(scope, code, text, status),
        None => PHRASES.failure(scope, code, text, ErrorKind::Unknown),
    };
    Outcome::new(status, code.to_owned(), message)
}
