//! Vbao's return codes and their unified outcomes (spec/providers/vbao.json `codes`).

use crate::model::{ErrorKind, Outcome, OutcomeStatus};
use crate::providers::kit::phrases::PhraseBook;

/// Message phrases that refine a code's kind (spec `refinements`; none are listed for Vbao today).
static PHRASES: PhraseBook = PhraseBook::new(&super::config::SPEC);

/// Which message an `errCode` came in: the same table means "page ready" in the reply to
/// `bindCard/create` and "card bound" in the bind-result notification.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CodeScope {
    /// The reply to `bindCard/create` (spec scope `create.errCode`).
    Create,
    /// The bind-result notification (spec scope `notify.errCode`).
    Notify,
}

impl CodeScope {
    /// The spec's scope name.
    pub const fn spec_scope(self) -> &'static str {
        match self {
            Self::Create => "create.errCode",
            Self::Notify => "notify.errCode",
        }
    }
}

/// Every documented `errCode`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ErrCode {
    /// `0000` 成功.
    Success,
    /// `9999` 其他错误.
    Other,
    /// `1001` 系统异常.
    SystemError,
    /// `1002` 请求参数错误.
    BadParameter,
    /// `1003` 必填参数为空.
    RequiredMissing,
    /// `2001` 商户信息异常,请联系客服.
    MerchantAbnormal,
    /// `2002` 渠道处理失败 (请换单重试).
    ChannelFailed,
    /// `2104` 订单已存在,请勿重复提交.
    DuplicateOrder,
    /// `2106` 订单不存在.
    OrderNotFound,
}

impl ErrCode {
    /// Every code, in the document's order.
    pub const ALL: [ErrCode; 9] = [
        Self::Success,
        Self::Other,
        Self::SystemError,
        Self::BadParameter,
        Self::RequiredMissing,
        Self::MerchantAbnormal,
        Self::ChannelFailed,
        Self::DuplicateOrder,
        Self::OrderNotFound,
    ];

    /// The wire code.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Success => "0000",
            Self::Other => "9999",
            Self::SystemError => "1001",
            Self::BadParameter => "1002",
            Self::RequiredMissing => "1003",
            Self::MerchantAbnormal => "2001",
            Self::ChannelFailed => "2002",
            Self::DuplicateOrder => "2104",
            Self::OrderNotFound => "2106",
        }
    }

    /// The code for a wire value (exact match).
    pub fn from_wire(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|c| c.as_str() == code)
    }

    /// The unified kind of a failure code; `None` for `0000`.
    pub const fn kind(self) -> Option<ErrorKind> {
        match self {
            Self::Success => None,
            Self::Other => Some(ErrorKind::Rejected),
            Self::SystemError | Self::ChannelFailed => Some(ErrorKind::ProviderUnavailable),
            Self::BadParameter | Self::RequiredMissing => Some(ErrorKind::InvalidParameter),
            Self::MerchantAbnormal => Some(ErrorKind::MerchantMisconfigured),
            Self::DuplicateOrder => Some(ErrorKind::DuplicateOrder),
            Self::OrderNotFound => Some(ErrorKind::OrderNotFound),
        }
    }

    /// The unified status in `scope`.
    pub fn status(self, scope: CodeScope) -> OutcomeStatus {
        match (self.kind(), scope) {
            // The create reply only hands out the bank page; the bind itself is reported later.
            (None, CodeScope::Create) => OutcomeStatus::Pending,
            (None, CodeScope::Notify) => OutcomeStatus::Succeeded,
            (Some(kind), _) => OutcomeStatus::Failed {
                kind,
                // "请换单重试": only a new orderNo can succeed, so the same request is not retryable.
                retryable: kind.retryable() && self != Self::ChannelFailed,
            },
        }
    }
}

/// The unified outcome of an `errCode` as received; unknown codes are `Unknown` with the code
/// kept. A failure's kind is refined by `errMessage` where the spec lists phrases for the code.
pub fn err_code_outcome(scope: CodeScope, code: &str, message: Option<String>) -> Outcome {
    let (scope_name, text) = (scope.spec_scope(), message.as_deref());
    let status = match ErrCode::from_wire(code) {
        Some(known) => PHRASES.refine(scope_name, code, text, known.status(scope)),
        None => PHRASES.failure(scope_name, code, text, ErrorKind::Unknown),
    };
    Outcome::new(status, code.to_owned(), message)
}

/// The reply envelope's `code` (spec scope `code`): only `200` is documented.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum EnvelopeCode {
    /// `200`: accepted; the business outcome is `errCode` inside `data.reqmsg`.
    Accepted,
}

impl EnvelopeCode {
    /// Every code.
    pub const ALL: [EnvelopeCode; 1] = [Self::Accepted];

    /// The wire code.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Accepted => "200",
        }
    }

    /// The code for a wire value.
    pub fn from_wire(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|c| c.as_str() == code)
    }

    /// The envelope-level status (the business status then comes from `errCode`).
    pub const fn status(self) -> OutcomeStatus {
        match self {
            Self::Accepted => OutcomeStatus::Succeeded,
        }
    }
}

/// The merchant's plain-text answer to a notification (spec scope `notify.ack`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum NotifyAck {
    /// `SUCCESS`: received, stop retrying.
    Success,
    /// `FAIL`: not accepted; Vbao retries.
    Fail,
}

impl NotifyAck {
    /// Every value.
    pub const ALL: [NotifyAck; 2] = [Self::Success, Self::Fail];

    /// The wire text (the default profile's; `Success`'s text is configurable).
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Success => "SUCCESS",
            Self::Fail => "FAIL",
        }
    }

    /// The unified status of this ack.
    pub const fn status(self) -> OutcomeStatus {
        match self {
            Self::Success => OutcomeStatus::Succeeded,
            Self::Fail => OutcomeStatus::Failed {
                kind: ErrorKind::Rejected,
                retryable: ErrorKind::Rejected.retryable(),
            },
        }
    }
}
