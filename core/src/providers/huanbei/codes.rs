//! Huanbei's response `code` values and their unified meaning.

use crate::model::{ErrorKind, Outcome};
use crate::providers::kit::phrases::PhraseBook;

/// The spec scope of every code here.
pub const SCOPE: &str = "code";

/// Message phrases refining 505 (spec `refinements`).
static PHRASES: PhraseBook = PhraseBook::new(&super::config::SPEC);

/// Every documented `code` (bind-card document plus the API book's generic codes).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum HuanbeiCode {
    /// 200 绑定成功.
    Bound,
    /// 501 该卡未通过审核.
    CardNotApproved,
    /// 502 该卡已被绑定.
    CardAlreadyBound,
    /// 505 绑卡失败 (the message says why).
    BindFailed,
    /// 801 验证码不正确.
    VerifyCodeWrong,
    /// 1001 missing parameter.
    MissingParameter,
    /// 1002 bad parameter value.
    BadParameter,
    /// 1003 encryption / signature error.
    EncryptionError,
    /// 1004 internal error.
    InternalError,
    /// 400 system error.
    SystemError,
}

impl HuanbeiCode {
    /// Every code, in document order.
    pub const ALL: [Self; 10] = [
        Self::Bound,
        Self::CardNotApproved,
        Self::CardAlreadyBound,
        Self::BindFailed,
        Self::VerifyCodeWrong,
        Self::MissingParameter,
        Self::BadParameter,
        Self::EncryptionError,
        Self::InternalError,
        Self::SystemError,
    ];

    /// The wire code.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Bound => "200",
            Self::CardNotApproved => "501",
            Self::CardAlreadyBound => "502",
            Self::BindFailed => "505",
            Self::VerifyCodeWrong => "801",
            Self::MissingParameter => "1001",
            Self::BadParameter => "1002",
            Self::EncryptionError => "1003",
            Self::InternalError => "1004",
            Self::SystemError => "400",
        }
    }

    /// The code with this wire text, if documented.
    pub fn from_wire(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|c| c.as_str() == code)
    }

    /// `None` for success, otherwise the unified failure kind.
    pub const fn kind(self) -> Option<ErrorKind> {
        match self {
            Self::Bound => None,
            Self::CardNotApproved => Some(ErrorKind::CardNotEnabled),
            Self::CardAlreadyBound => Some(ErrorKind::CardAlreadyBound),
            Self::BindFailed => Some(ErrorKind::Rejected),
            Self::VerifyCodeWrong => Some(ErrorKind::VerifyCodeWrong),
            Self::MissingParameter | Self::BadParameter => Some(ErrorKind::InvalidParameter),
            Self::EncryptionError => Some(ErrorKind::SignatureInvalid),
            Self::InternalError | Self::SystemError => Some(ErrorKind::ProviderUnavailable),
        }
    }
}

/// The unified outcome of a response `code` (unknown codes → [`ErrorKind::Unknown`], code kept),
/// a failure's kind refined by `message` where the spec lists phrases for the code.
pub fn outcome(code: &str, message: Option<String>) -> Outcome {
    let kind = match HuanbeiCode::from_wire(code).map(HuanbeiCode::kind) {
        Some(None) => return Outcome::succeeded(code, message),
        Some(Some(kind)) => kind,
        None => ErrorKind::Unknown,
    };
    let status = PHRASES.failure(SCOPE, code, message.as_deref(), kind);
    Outcome::new(status, code.to_owned(), message)
}
