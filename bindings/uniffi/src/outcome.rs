//! The unified outcome, mirrored as the bindings' own types rather than re-declared remote ones:
//! their `toString` (Kotlin) and `debugDescription` (Swift) are core's masked `Debug`
//! (`#[uniffi::export(Debug)]`), so an outcome printed or logged shows the provider's code and
//! message with card, ID and phone numbers masked, and a status reads `Succeeded`, not an object
//! address. The fields keep what was received.

use std::fmt;

use cardbind::ErrorKind;

/// The provider-neutral status of one response.
#[derive(Clone, PartialEq, Eq, uniffi::Enum)]
#[uniffi::export(Debug)]
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

/// The unified outcome plus the provider's own words.
#[derive(Clone, PartialEq, Eq, uniffi::Record)]
#[uniffi::export(Debug)]
pub struct Outcome {
    /// Unified status.
    pub status: OutcomeStatus,
    /// The provider's code exactly as received (`"8888"`, `"200"`, `"-3"`...).
    pub provider_code: String,
    /// The provider's message, if any (may be Chinese); for a transport failure, what was wrong.
    /// Exactly as received: `toString` masks card, ID and phone numbers in it, this field does not.
    pub provider_message: Option<String>,
    /// Whether the reply's signature was verified (false: unsigned by protocol, or a transport
    /// failure): act on an unauthenticated outcome only as "not done".
    pub authenticated: bool,
    /// The HTTP status of the reply it was decoded from.
    pub http_status: Option<u16>,
}

impl From<cardbind::OutcomeStatus> for OutcomeStatus {
    fn from(status: cardbind::OutcomeStatus) -> Self {
        match status {
            cardbind::OutcomeStatus::Succeeded => Self::Succeeded,
            cardbind::OutcomeStatus::CodeSent { confirm_token } => Self::CodeSent { confirm_token },
            cardbind::OutcomeStatus::Pending => Self::Pending,
            cardbind::OutcomeStatus::Failed { kind, retryable } => Self::Failed { kind, retryable },
        }
    }
}

impl From<&OutcomeStatus> for cardbind::OutcomeStatus {
    fn from(status: &OutcomeStatus) -> Self {
        match status.clone() {
            OutcomeStatus::Succeeded => Self::Succeeded,
            OutcomeStatus::CodeSent { confirm_token } => Self::CodeSent { confirm_token },
            OutcomeStatus::Pending => Self::Pending,
            OutcomeStatus::Failed { kind, retryable } => Self::Failed { kind, retryable },
        }
    }
}

impl From<cardbind::Outcome> for Outcome {
    fn from(outcome: cardbind::Outcome) -> Self {
        Self {
            status: outcome.status.into(),
            provider_code: outcome.provider_code,
            provider_message: outcome.provider_message,
            authenticated: outcome.authenticated,
            http_status: outcome.http_status,
        }
    }
}

impl From<&Outcome> for cardbind::Outcome {
    fn from(outcome: &Outcome) -> Self {
        let mut core = Self::new(
            (&outcome.status).into(),
            outcome.provider_code.clone(),
            outcome.provider_message.clone(),
        );
        core.authenticated = outcome.authenticated;
        core.http_status = outcome.http_status;
        core
    }
}

impl fmt::Debug for OutcomeStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&cardbind::OutcomeStatus::from(self), f)
    }
}

impl fmt::Debug for Outcome {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&cardbind::Outcome::from(self), f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_outcome_prints_masked_and_keeps_the_received_text() {
        let outcome = Outcome::from(cardbind::Outcome::failed(
            ErrorKind::Rejected,
            "505",
            Some("card 6222022005001212726 phone 13420504517".to_owned()),
        ));
        let printed = format!("{outcome:?}");
        assert!(
            printed.contains("card 6222***********2726 phone 134****4517"),
            "{printed}"
        );
        assert_eq!(
            outcome.provider_message.as_deref(),
            Some("card 6222022005001212726 phone 13420504517")
        );
        assert_eq!(format!("{:?}", OutcomeStatus::Succeeded), "Succeeded");
    }
}
