//! The unified outcome of a provider response.

/// What went wrong, in provider-neutral terms.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ErrorKind {
    /// The SMS verification code is wrong.
    VerifyCodeWrong,
    /// The SMS verification code (or the token it belongs to) has expired.
    VerifyCodeExpired,
    /// Sending or checking the SMS failed at the provider.
    SmsFailed,
    /// The card is already bound (to this or another user).
    CardAlreadyBound,
    /// Name, ID number, card and phone do not match the bank's records.
    IdentityMismatch,
    /// The card does not belong to the bank given.
    BankMismatch,
    /// The card is not enabled for authenticated / agreement payment, or was not approved.
    CardNotEnabled,
    /// Too many failed attempts; retry later.
    TooManyAttempts,
    /// The order or bind request already exists.
    DuplicateOrder,
    /// No such order, token or record.
    OrderNotFound,
    /// A parameter is missing or invalid.
    InvalidParameter,
    /// A signature (or MAC) did not verify.
    SignatureInvalid,
    /// The merchant's account, IP whitelist or keys are misconfigured.
    MerchantMisconfigured,
    /// The provider or its bank channel is failing; retry may help.
    ProviderUnavailable,
    /// A bind for this card is already in progress.
    InProgress,
    /// The user may not borrow (age, outstanding loan, bad record, blacklist...).
    UserNotEligible,
    /// The provider refused for a reason it only describes in text.
    Rejected,
    /// A code this library does not know; the raw code is kept in the outcome.
    Unknown,
}

impl ErrorKind {
    /// Whether repeating the same request later can succeed without the user changing anything.
    pub const fn retryable(self) -> bool {
        matches!(
            self,
            Self::ProviderUnavailable | Self::SmsFailed | Self::InProgress | Self::TooManyAttempts
        )
    }
}

/// The provider-neutral status of one response.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum OutcomeStatus {
    /// The operation completed (card bound, list returned...).
    Succeeded,
    /// An SMS code was sent; confirm with the code (and this token or id, when the provider has one).
    CodeSent {
        /// What the confirm step needs besides the code (LianLian `token`, Yixin `bizId`).
        confirm_token: Option<String>,
    },
    /// Accepted; the final result arrives later (notification, query).
    Pending,
    /// Failed.
    Failed {
        /// Why, unified.
        kind: ErrorKind,
        /// Whether a later retry of the same request may succeed.
        retryable: bool,
    },
}

/// The unified outcome plus the provider's own words. `provider_code` and `provider_message` hold
/// exactly what was received; `Debug` shows them with card, ID and phone numbers masked
/// ([`crate::text::mask::mask_free_text`]): received text may quote personal data.
#[derive(Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Outcome {
    /// Unified status.
    #[serde(flatten)]
    pub status: OutcomeStatus,
    /// The provider's code exactly as received (`"8888"`, `"200"`, `"-3"`...); for a transport
    /// failure, `HTTP <status>`.
    pub provider_code: String,
    /// The provider's message, if any (may be Chinese); for a transport failure, what was wrong
    /// with the reply (in English, without quoting it).
    pub provider_message: Option<String>,
    /// Whether this outcome comes from a reply whose signature was verified. `false` for replies
    /// the protocol leaves unsigned (LianLian's failure codes, Vbao's envelope errors...) and for
    /// transport failures: nothing in them is authenticated, so act on them only as "not done".
    #[serde(default)]
    pub authenticated: bool,
    /// The HTTP status of the reply, once [`Codec::decode_response`](super::Codec::decode_response)
    /// has decoded one.
    #[serde(default)]
    pub http_status: Option<u16>,
}

impl std::fmt::Debug for Outcome {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let masked = |text: &str| crate::text::mask::mask_free_text(text);
        f.debug_struct("Outcome")
            .field("status", &self.status)
            .field("provider_code", &masked(&self.provider_code))
            .field("provider_message", &self.provider_message.as_deref().map(masked))
            .field("authenticated", &self.authenticated)
            .field("http_status", &self.http_status)
            .finish()
    }
}

impl Outcome {
    /// An outcome of `status` (not authenticated, no HTTP status yet).
    pub fn new(status: OutcomeStatus, code: impl Into<String>, message: Option<String>) -> Self {
        Self {
            status,
            provider_code: code.into(),
            provider_message: message,
            authenticated: false,
            http_status: None,
        }
    }

    /// A success.
    pub fn succeeded(code: impl Into<String>, message: Option<String>) -> Self {
        Self::new(OutcomeStatus::Succeeded, code, message)
    }

    /// A failure of `kind`, with `retryable` taken from the kind.
    pub fn failed(kind: ErrorKind, code: impl Into<String>, message: Option<String>) -> Self {
        Self::new(
            OutcomeStatus::Failed {
                kind,
                retryable: kind.retryable(),
            },
            code,
            message,
        )
    }

    /// A reply that never reached the protocol: a non-2xx status, an empty body, or a body that
    /// is not the provider's format (a proxy's HTML error page...). Retryable
    /// [`ErrorKind::ProviderUnavailable`], code `HTTP <status>`, `reason` as the message.
    pub fn transport_failure(http_status: u16, reason: impl Into<String>) -> Self {
        let mut outcome = Self::failed(
            ErrorKind::ProviderUnavailable,
            format!("HTTP {http_status}"),
            Some(reason.into()),
        );
        outcome.http_status = Some(http_status);
        outcome
    }

    /// Whether the status is [`OutcomeStatus::Succeeded`].
    pub fn is_success(&self) -> bool {
        self.status == OutcomeStatus::Succeeded
    }

    /// The failure kind, if failed.
    pub fn error_kind(&self) -> Option<ErrorKind> {
        match self.status {
            OutcomeStatus::Failed { kind, .. } => Some(kind),
            _ => None,
        }
    }
}
