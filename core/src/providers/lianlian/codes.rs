//! LianLian's `ret_code` table: every code of LianLian's return-code page
//! (`provider-docs/lianlian-return-codes.md`) that Card Bind Apply and Verify can answer with.
//! Codes of LianLian's other products (refunds, withdrawals, repayment plans, files) are left
//! out: they decode as [`ErrorKind::Unknown`] with the raw code kept, like any unknown code.

use crate::model::outcome::{ErrorKind, Outcome, OutcomeStatus};
use crate::providers::kit::phrases::PhraseBook;

/// The spec scope of every code here.
pub const SCOPE: &str = "ret_code";

/// Message phrases that refine a code's kind (spec `refinements`; none are listed for LianLian
/// today, whose codes are specific).
static PHRASES: PhraseBook = PhraseBook::new(&super::config::SPEC);

/// Every `ret_code` a card bind can answer with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ReturnCode {
    /// `0000` 交易成功: success.
    Success,
    /// `0106` 签约银行卡信息查询失败: failed to query the bound card's information.
    BoundCardQueryFailed,
    /// `1000` 支付授权令牌失效或错误: token invalid or expired (tokens live 30 minutes): apply again.
    TokenInvalid,
    /// `1001` 商户请求签名错误: the merchant's request signature is wrong.
    SignatureError,
    /// `1002` 第三方单号重复: duplicate no_order.
    DuplicateOrderNo,
    /// `1003` 正在支付中,请稍后: processing, try later.
    PaymentInProgress,
    /// `1004` 商户请求参数校验错误（具体参数名）: request parameter invalid (the parameter is named in ret_msg).
    ParameterError,
    /// `1005` 支付处理失败: failed (bind failure, bank restriction...).
    PaymentFailed,
    /// `1007` 网络链接繁忙: network busy.
    NetworkBusy,
    /// `1008` 商户请求IP错误: request IP not allowed.
    IpNotAllowed,
    /// `1009` 暂停商户支付服务，请联系连连银通客服: the merchant's payment service is suspended.
    MerchantSuspended,
    /// `1012` 请求报文解析失败: request body could not be parsed.
    RequestParseFailure,
    /// `1100` 无效卡号: invalid card_no.
    InvalidCardNo,
    /// `1101` 卡已挂失: the card is reported lost.
    CardReportedLost,
    /// `1102` 无此发卡方: the card issuer does not exist.
    NoSuchIssuer,
    /// `1103` 银行卡有效期或CVV2错误: card validity date or CVV2 wrong.
    ExpiryOrCvv2Wrong,
    /// `1104` 卡密码错误: card password wrong.
    CardPasswordWrong,
    /// `1105` 卡号在黑名单中: the card is blacklisted or restricted.
    CardBlacklisted,
    /// `1106` 允许的输入PIN次数超限: too many PIN attempts.
    PinAttemptsExceeded,
    /// `1107` 您的银行卡暂不支持在线支付业务: the card does not support online payment.
    CardNotOnline,
    /// `1108` 您输入的证件号、姓名或手机号有误: id_no, acct_name or phone wrong.
    IdentityWrong,
    /// `1109` 卡号和证件号不符: card_no does not match id_no.
    CardIdMismatch,
    /// `1110` 卡状态异常: abnormal card status.
    CardStatusAbnormal,
    /// `1111` 交易异常，支付失败: transaction abnormal, failed.
    TransactionAbnormal,
    /// `1112` 证件号有误: id_no wrong.
    IdNoWrong,
    /// `1113` 持卡人姓名有误: acct_name wrong.
    AcctNameWrong,
    /// `1114` 手机号有误: phone number wrong.
    PhoneWrong,
    /// `1115` 该卡未预留手机号: the card has no phone number on file.
    NoPhoneOnCard,
    /// `1200` 用户选择的银行暂不支持，请重新选择其他银行进行支付/签约: the bank is not supported: choose another.
    BankUnsupported,
    /// `1805` 暂不支持该银行: bank not supported.
    BankNotSupported,
    /// `1900` 短信码校验错误: SMS verification code wrong.
    SmsCodeWrong,
    /// `1901` 短信码已失效: SMS verification code expired.
    SmsCodeExpired,
    /// `2004` 签约处理中: bind in progress.
    BindInProgress,
    /// `2005` 原交易已在进行处理，请勿重复提交: the original request is being processed: do not resubmit.
    AlreadyProcessing,
    /// `3001` 非法商户: invalid oid_partner.
    IllegalPartner,
    /// `3003` 签约信息不存在: no such no_agree.
    AgreementNotFound,
    /// `3006` 用户不存在: no such user.
    UserNotFound,
    /// `3007` \[user_id\]查询不存在: no such user_id.
    UserIdNotFound,
    /// `3009` 重复签约: duplicate bind.
    DuplicateBind,
    /// `3010` 商户支付权限不足: oid_partner lacks the payment permission.
    NoPaymentPermission,
    /// `4007` 敏感信息解密异常: LianLian could not decrypt the request (pay_load): check their_public_key.
    DecryptionFailed,
    /// `5001` 卡bin校验失败: card BIN check failed.
    CardBinFailed,
    /// `5601` 支付方式和卡类型不匹配: pay_type does not match the card type.
    PayTypeCardMismatch,
    /// `6002` 该卡号未成功进行首次验证: the card has not passed its first verification.
    CardNotFirstVerified,
    /// `7018` 新增银行卡用户信息不一致: the new card's holder differs from the user.
    NewCardUserMismatch,
    /// `7777` 需要补全签约信息: the bind needs more holder information.
    AgreementIncomplete,
    /// `8099` 实名认证失败: real-name verification failed.
    RealNameFailed,
    /// `8110` 验证码错误: verification code wrong.
    VerificationCodeWrong,
    /// `8888` 短信已下发，需要再次验证: SMS code sent; verify next.
    SmsSent,
    /// `8901` 没有记录: no record.
    NoRecord,
    /// `8911` 没有风控记录: no payment risk record (risk_item).
    NoRiskRecord,
    /// `9000` 银行维护中，请稍后再试: the bank is under maintenance, retry later.
    BankMaintenance,
    /// `9002` 报文解析异常: request could not be parsed.
    MessageParseError,
    /// `9700` 短信验证码错误: SMS verification code wrong.
    Sms9700,
    /// `9701` 短信验证码和手机不匹配: SMS verification code does not match the phone.
    Sms9701,
    /// `9702` 验证码错误次数超过最大次数,请重新获取进行验证: too many wrong codes: request a new one.
    Sms9702,
    /// `9703` 短信验证码失效,请重新获取: SMS verification code expired: request a new one.
    Sms9703,
    /// `9704` 短信发送异常,请稍后重试: sending the SMS failed, retry later.
    Sms9704,
    /// `9901` 请求报文非法: invalid request body.
    IllegalRequest,
    /// `9902` 接口调用异常: interface call failed.
    InterfaceError,
    /// `9903` 请求无效，请稍后重试: request invalid, retry later.
    RequestInvalid,
    /// `9907` 银行编码与卡不一致: bank_code does not match card_no.
    BankCodeMismatch,
    /// `9910` 风险等级过高: refused: risk level too high.
    RiskTooHigh,
    /// `9912` 该卡暂不支持: the card is not supported.
    CardUnsupported,
    /// `9913` 该卡已签约成功: card already bound.
    CardAlreadyBound,
    /// `9970` 银行系统日切处理中: the bank's day-end cutover is running, retry later.
    BankCutover,
    /// `9990` 银行交易出错，{银行返回的错误信息}，请稍后重试: bank-side error, retry later.
    BankError,
    /// `9991` 银行交易出错，请联系客服，客服热线客服热线：4000188888: bank-side error: contact LianLian support.
    BankErrorContactSupport,
    /// `9999` 系统错误: system error.
    SystemError,
}

impl ReturnCode {
    /// Every code, in table order.
    pub const ALL: [ReturnCode; 69] = [
        Self::Success,
        Self::BoundCardQueryFailed,
        Self::TokenInvalid,
        Self::SignatureError,
        Self::DuplicateOrderNo,
        Self::PaymentInProgress,
        Self::ParameterError,
        Self::PaymentFailed,
        Self::NetworkBusy,
        Self::IpNotAllowed,
        Self::MerchantSuspended,
        Self::RequestParseFailure,
        Self::InvalidCardNo,
        Self::CardReportedLost,
        Self::NoSuchIssuer,
        Self::ExpiryOrCvv2Wrong,
        Self::CardPasswordWrong,
        Self::CardBlacklisted,
        Self::PinAttemptsExceeded,
        Self::CardNotOnline,
        Self::IdentityWrong,
        Self::CardIdMismatch,
        Self::CardStatusAbnormal,
        Self::TransactionAbnormal,
        Self::IdNoWrong,
        Self::AcctNameWrong,
        Self::PhoneWrong,
        Self::NoPhoneOnCard,
        Self::BankUnsupported,
        Self::BankNotSupported,
        Self::SmsCodeWrong,
        Self::SmsCodeExpired,
        Self::BindInProgress,
        Self::AlreadyProcessing,
        Self::IllegalPartner,
        Self::AgreementNotFound,
        Self::UserNotFound,
        Self::UserIdNotFound,
        Self::DuplicateBind,
        Self::NoPaymentPermission,
        Self::DecryptionFailed,
        Self::CardBinFailed,
        Self::PayTypeCardMismatch,
        Self::CardNotFirstVerified,
        Self::NewCardUserMismatch,
        Self::AgreementIncomplete,
        Self::RealNameFailed,
        Self::VerificationCodeWrong,
        Self::SmsSent,
        Self::NoRecord,
        Self::NoRiskRecord,
        Self::BankMaintenance,
        Self::MessageParseError,
        Self::Sms9700,
        Self::Sms9701,
        Self::Sms9702,
        Self::Sms9703,
        Self::Sms9704,
        Self::IllegalRequest,
        Self::InterfaceError,
        Self::RequestInvalid,
        Self::BankCodeMismatch,
        Self::RiskTooHigh,
        Self::CardUnsupported,
        Self::CardAlreadyBound,
        Self::BankCutover,
        Self::BankError,
        Self::BankErrorContactSupport,
        Self::SystemError,
    ];

    /// The wire code.
    pub const fn as_wire(self) -> &'static str {
        match self {
            Self::Success => "0000",
            Self::BoundCardQueryFailed => "0106",
            Self::TokenInvalid => "1000",
            Self::SignatureError => "1001",
            Self::DuplicateOrderNo => "1002",
            Self::PaymentInProgress => "1003",
            Self::ParameterError => "1004",
            Self::PaymentFailed => "1005",
            Self::NetworkBusy => "1007",
            Self::IpNotAllowed => "1008",
            Self::MerchantSuspended => "1009",
            Self::RequestParseFailure => "1012",
            Self::InvalidCardNo => "1100",
            Self::CardReportedLost => "1101",
            Self::NoSuchIssuer => "1102",
            Self::ExpiryOrCvv2Wrong => "1103",
            Self::CardPasswordWrong => "1104",
            Self::CardBlacklisted => "1105",
            Self::PinAttemptsExceeded => "1106",
            Self::CardNotOnline => "1107",
            Self::IdentityWrong => "1108",
            Self::CardIdMismatch => "1109",
            Self::CardStatusAbnormal => "1110",
            Self::TransactionAbnormal => "1111",
            Self::IdNoWrong => "1112",
            Self::AcctNameWrong => "1113",
            Self::PhoneWrong => "1114",
            Self::NoPhoneOnCard => "1115",
            Self::BankUnsupported => "1200",
            Self::BankNotSupported => "1805",
            Self::SmsCodeWrong => "1900",
            Self::SmsCodeExpired => "1901",
            Self::BindInProgress => "2004",
            Self::AlreadyProcessing => "2005",
            Self::IllegalPartner => "3001",
            Self::AgreementNotFound => "3003",
            Self::UserNotFound => "3006",
            Self::UserIdNotFound => "3007",
            Self::DuplicateBind => "3009",
            Self::NoPaymentPermission => "3010",
            Self::DecryptionFailed => "4007",
            Self::CardBinFailed => "5001",
            Self::PayTypeCardMismatch => "5601",
            Self::CardNotFirstVerified => "6002",
            Self::NewCardUserMismatch => "7018",
            Self::AgreementIncomplete => "7777",
            Self::RealNameFailed => "8099",
            Self::VerificationCodeWrong => "8110",
            Self::SmsSent => "8888",
            Self::NoRecord => "8901",
            Self::NoRiskRecord => "8911",
            Self::BankMaintenance => "9000",
            Self::MessageParseError => "9002",
            Self::Sms9700 => "9700",
            Self::Sms9701 => "9701",
            Self::Sms9702 => "9702",
            Self::Sms9703 => "9703",
            Self::Sms9704 => "9704",
            Self::IllegalRequest => "9901",
            Self::InterfaceError => "9902",
            Self::RequestInvalid => "9903",
            Self::BankCodeMismatch => "9907",
            Self::RiskTooHigh => "9910",
            Self::CardUnsupported => "9912",
            Self::CardAlreadyBound => "9913",
            Self::BankCutover => "9970",
            Self::BankError => "9990",
            Self::BankErrorContactSupport => "9991",
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
            Self::BoundCardQueryFailed
            | Self::NetworkBusy
            | Self::BankMaintenance
            | Self::InterfaceError
            | Self::RequestInvalid
            | Self::BankCutover
            | Self::BankError
            | Self::SystemError => ErrorKind::ProviderUnavailable,
            Self::TokenInvalid | Self::SmsCodeExpired | Self::Sms9703 => ErrorKind::VerifyCodeExpired,
            Self::SignatureError => ErrorKind::SignatureInvalid,
            Self::DuplicateOrderNo | Self::DuplicateBind => ErrorKind::DuplicateOrder,
            Self::PaymentInProgress | Self::BindInProgress | Self::AlreadyProcessing => ErrorKind::InProgress,
            Self::ParameterError
            | Self::RequestParseFailure
            | Self::InvalidCardNo
            | Self::NoSuchIssuer
            | Self::CardBinFailed
            | Self::PayTypeCardMismatch
            | Self::MessageParseError
            | Self::IllegalRequest => ErrorKind::InvalidParameter,
            Self::PaymentFailed
            | Self::CardReportedLost
            | Self::CardBlacklisted
            | Self::TransactionAbnormal
            | Self::AgreementIncomplete
            | Self::NoRiskRecord
            | Self::RiskTooHigh
            | Self::BankErrorContactSupport => ErrorKind::Rejected,
            Self::IpNotAllowed
            | Self::MerchantSuspended
            | Self::IllegalPartner
            | Self::NoPaymentPermission
            | Self::DecryptionFailed => ErrorKind::MerchantMisconfigured,
            Self::ExpiryOrCvv2Wrong
            | Self::CardPasswordWrong
            | Self::IdentityWrong
            | Self::CardIdMismatch
            | Self::IdNoWrong
            | Self::AcctNameWrong
            | Self::PhoneWrong
            | Self::NewCardUserMismatch
            | Self::RealNameFailed => ErrorKind::IdentityMismatch,
            Self::PinAttemptsExceeded | Self::Sms9702 => ErrorKind::TooManyAttempts,
            Self::CardNotOnline
            | Self::CardStatusAbnormal
            | Self::NoPhoneOnCard
            | Self::BankUnsupported
            | Self::BankNotSupported
            | Self::CardNotFirstVerified
            | Self::CardUnsupported => ErrorKind::CardNotEnabled,
            Self::SmsCodeWrong | Self::VerificationCodeWrong | Self::Sms9700 | Self::Sms9701 => {
                ErrorKind::VerifyCodeWrong
            }
            Self::AgreementNotFound | Self::UserNotFound | Self::UserIdNotFound | Self::NoRecord => {
                ErrorKind::OrderNotFound
            }
            Self::Sms9704 => ErrorKind::SmsFailed,
            Self::BankCodeMismatch => ErrorKind::BankMismatch,
            Self::CardAlreadyBound => ErrorKind::CardAlreadyBound,
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

/// The unified outcome of a `ret_code` (unknown codes: [`ErrorKind::Unknown`], raw code kept),
/// its kind refined by `ret_msg` where the spec lists phrases for the code.
pub fn outcome(ret_code: &str, ret_msg: Option<String>, confirm_token: Option<String>) -> Outcome {
    let message = ret_msg.as_deref();
    let status = match ReturnCode::from_wire(ret_code) {
        Some(code) => PHRASES.refine(SCOPE, ret_code, message, code.status(confirm_token)),
        None => PHRASES.failure(SCOPE, ret_code, message, ErrorKind::Unknown),
    };
    Outcome::new(status, ret_code.to_owned(), ret_msg)
}
