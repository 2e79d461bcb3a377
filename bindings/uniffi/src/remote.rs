//! Core's plain enums and records, exposed as they are (`#[uniffi::remote]` re-declares them;
//! the compiler checks every variant and field against core, so they cannot drift).

use cardbind::canonical::{CanonicalRule, KeyOrder};
use cardbind::model::{EncodeOptions, Method, SignatureCheck, TransportHints};
use cardbind::{CaseRule, DigestAlgorithm, ErrorKind, HexCase, Provider};

/// The providers cardbind speaks to.
#[uniffi::remote(Enum)]
pub enum Provider {
    /// LianLian Pay MPAY (连连支付).
    LianLian,
    /// xianjincard loan-navigation open platform (现金卡).
    Xianjincard,
    /// Yixin open platform (宜信).
    Yixin,
    /// Vbao aggregated payment (微保 聚合支付).
    Vbao,
    /// Huanbei (还呗).
    Huanbei,
}

/// What went wrong, in provider-neutral terms.
#[uniffi::remote(Enum)]
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

/// How a decoded message's signature was handled.
#[uniffi::remote(Enum)]
pub enum SignatureCheck {
    /// A signature was present and verified.
    Verified,
    /// The provider documents no signature on this message (or on this code): none was checked.
    NotSigned,
}

/// HTTP method.
#[uniffi::remote(Enum)]
pub enum Method {
    /// GET
    Get,
    /// POST
    Post,
}

/// What the provider documents about sending a request, for the caller's HTTP client.
#[uniffi::remote(Record)]
pub struct TransportHints {
    /// Documented response deadline, if any (Huanbei: 2000 ms).
    pub timeout_ms: Option<u32>,
    /// Whether repeating the request is safe (the provider answers a repeat identically).
    pub idempotent: bool,
}

/// A hash function used in a provider's signature rule.
#[uniffi::remote(Enum)]
pub enum DigestAlgorithm {
    /// MD5 (LianLian `MD5withRSA`, Vbao, xianjincard).
    Md5,
    /// SHA-1 (Huanbei `SHA1withRSA`).
    Sha1,
    /// SHA-256.
    Sha256,
}

/// Letter case of a hex string.
#[uniffi::remote(Enum)]
pub enum HexCase {
    /// `0-9a-f`
    Lower,
    /// `0-9A-F`
    Upper,
}

/// How an MD5 hex signature's letter case is checked.
#[uniffi::remote(Enum)]
pub enum CaseRule {
    /// Only the rule's own case is accepted.
    Exact,
    /// Either case (xianjincard's partners compare case-insensitively).
    Insensitive,
}

/// How keys are ordered in a sorted `k=v&k=v` string.
#[uniffi::remote(Enum)]
pub enum KeyOrder {
    /// By UTF-8 bytes (PHP `ksort`, Python `sorted`).
    Bytewise,
    /// By ASCII-lower-cased bytes, ties broken bytewise (Java `CASE_INSENSITIVE_ORDER` on ASCII keys).
    CaseInsensitive,
}

/// A rule that turns named parameters into the exact bytes that get signed.
#[uniffi::remote(Enum)]
pub enum CanonicalRule {
    /// Sorted `k=v` pairs joined with `&`, values raw (never URL-encoded). Null values are always
    /// dropped; empty strings too when `skip_empty`. LianLian, Vbao, Yixin.
    SortedPairs {
        /// Key order.
        order: KeyOrder,
        /// Keys left out (always at least the signature field itself).
        exclude: Vec<String>,
        /// Drop parameters whose value is the empty string.
        skip_empty: bool,
    },
    /// `K + p1 + K + p2 + … + K` where `K` is the concatenation of the `wrapper` fields.
    /// xianjincard: `K = ua + signkey + ua`, parts `call`, `args`.
    WrappedConcat {
        /// Fields whose values, concatenated, form `K`.
        wrapper: Vec<String>,
        /// Fields placed between the `K`s, in order.
        parts: Vec<String>,
    },
}

/// Per-call encoding choices; the default is the safe choice for each.
#[uniffi::remote(Record)]
pub struct EncodeOptions {
    /// Send fields the provider's spec does not list (a provider adds one before the spec knows
    /// it). Off by default; a name the spec reserves (`reserved_fields`) is refused even so. The
    /// configuration's `allow_unlisted_fields` turns it on for every call of a client.
    pub allow_unlisted_fields: bool,
}
