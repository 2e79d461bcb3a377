//! LianLian's `ret_code` table (PROTOCOLS.md §1, from LianLian's published return-code page).

use crate::model::outcome::{ErrorKind, Outcome, OutcomeStatus};

/// Every documented `ret_code`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ReturnCode {
    /// `0000` success.
    Success,
    /// `1000` token invalid or expired (tokens live 30 minutes).
    TokenInvalid,
    /// `1001` signature error.
    SignatureError,
    /// `1004` parameter error.
    ParameterError,
    /// `1008` IP not allowed.
    IpNotAllowed,
    /// `1012` request parse failure.
    RequestParseFailure,
    /// `1900` SMS code wrong.
    SmsCodeWrong,
    /// `1901` SMS code expired.
    SmsCodeExpired,
    /// `2004` bind in progress.
    BindInProgress,
    /// `3001` illegal partner.
    IllegalPartner,
    /// `3009` duplicate bind.
    DuplicateBind,
    /// `8888` SMS sent; verify next.
    SmsSent,
    /// `8901` no record.
    NoRecord,
    /// `9700` SMS error: code wrong (individual meaning assumed).
    Sms9700,
    /// `9701` SMS error: code does not match the phone (assumed).
    Sms9701,
    /// `9702` SMS error: too many wrong codes (assumed).
    Sms9702,
    /// `9703` SMS error: code expired (assumed).
    Sms9703,
    /// `9704` SMS error: sending failed (assumed).
    Sms9704,
    /// `9913` card already bound.
    CardAlreadyBound,
    /// `9999` system error.
    SystemError,
}

impl ReturnCode {
    /// Every code, in table order.
    pub const ALL: [ReturnCode; 20] = [
        Self::Success,
        Self::TokenInvalid,
        Self::SignatureError,
        Self::ParameterError,
        Self::IpNotAllowed,
        Self::RequestParseFailure,
        Self::SmsCodeWrong,
        Self::SmsCodeExpired,
        Self::BindInProgress,
        Self::IllegalPartner,
        Self::DuplicateBind,
        Self::SmsSent,
        Self::NoRecord,
        Self::Sms9700,
        Self::Sms9701,
        Self::Sms9702,
        Self::Sms9703,
        Self::Sms9704,
        Self::CardAlreadyBound,
        Self::SystemError,
    ];

    /// The wire code.
    pub const fn as_wire(self) -> &'static str {
        match self {
            Self::Success => "0000",
            Self::TokenInvalid => "1000",
            Self::SignatureError => "1001",
            Self::ParameterError => "1004",
            Self::IpNotAllowed => "1008",
            Self::RequestParseFailure => "1012",
            Self::SmsCodeWrong => "1900",
            Self::SmsCodeExpired => "1901",
            Self::BindInProgress => "2004",
            Self::IllegalPartner => "3001",
            Self::DuplicateBind => "3009",
            Self::SmsSent => "8888",
            Self::NoRecord => "8901",
            Self::Sms9700 => "9700",
            Self::Sms9701 => "9701",
            Self::Sms9702 => "9702",
            Self::Sms9703 => "9703",
            Self::Sms9704 => "9704",
            Self::CardAlreadyBound => "9913",
            Self::SystemError => "9999",
        }
    }

    /// The code for `wire`, if documented.
    pub fn from_wire(wire: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|c| c.as_wire() == wire)
    }

    /// Whether LianLian signs a response carrying this code (it signs only its success codes).
    pub const fn is_signed(self) -> bool {
        matches!(self, Self::Success | Self::SmsSent)
    }

    /// The unified failure kind, or `None` for the two success codes.
    pub const fn kind(self) -> Option<ErrorKind> {
        Some(match self {
            Self::Success | Self::SmsSent => return None,
            Self::TokenInvalid | Self::SmsCodeExpired | Self::Sms9703 => ErrorKind::VerifyCodeExpired,
            Self::SignatureError => ErrorKind::SignatureInvalid,
            Self::ParameterError | Self::RequestParseFailure => ErrorKind::InvalidParameter,
            Self::IpNotAllowed | Self::IllegalPartner => ErrorKind::MerchantMisconfigured,
            Self::SmsCodeWrong | Self::Sms9700 | Self::Sms9701 => ErrorKind::VerifyCodeWrong,
            Self::BindInProgress => ErrorKind::InProgress,
            Self::DuplicateBind => ErrorKind::DuplicateOrder,
            Self::NoRecord => ErrorKind::OrderNotFound,
            Self::Sms9702 => ErrorKind::TooManyAttempts,
            Self::Sms9704 => ErrorKind::SmsFailed,
            Self::CardAlreadyBound => ErrorKind::CardAlreadyBound,
            Self::SystemError => ErrorKind::ProviderUnavailable,
        })
    }

    /// The unified status; `confirm_token` is what an `8888` reply carried in `token`.
    pub fn status(self, confirm_token: Option<String>) -> OutcomeStatus {
        match (self, self.kind()) {
            (Self::SmsSent, _) => OutcomeStatus::CodeSent { confirm_token },
            (_, Some(kind)) => OutcomeStatus::Failed {
                kind,
                retryable: kind.retryable(),
            },
            (_, None) => OutcomeStatus::Succeeded,
        }
    }
}

/// The unified outcome of a `ret_code` (unknown codes: [`ErrorKind::Unknown`], raw code kept).
pub fn outcome(ret_code: &str, ret_msg: Option<String>, confirm_token: Option<String>) -> Outcome {
    let status = match ReturnCode::from_wire(ret_code) {
        Some(code) => code.status(confirm_token),
        None => OutcomeStatus::Failed {
            kind: ErrorKind::Unknown,
            retryable: ErrorKind::Unknown.retryable(),
        },
    };
    Outcome {
        status,
        provider_code: ret_code.to_owned(),
        provider_message: ret_msg,
    }
}
