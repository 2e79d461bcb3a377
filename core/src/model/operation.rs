//! Providers, unified operations and the typed requests that map onto each provider's fields.

use std::fmt;

use serde_json::{Map, Value};

use super::bank::Bank;
use super::pii::{CardNumber, IdNumber, PersonName, Phone, VerifyCode};
pub use super::provider::Provider;
use crate::mask::HiddenValues;

/// Provider-neutral operations.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Operation {
    /// Send the card holder's details; the provider texts a verification code.
    BindCardApply,
    /// Confirm the bind with the verification code.
    BindCardConfirm,
    /// List the user's bound cards.
    ListBoundCards,
    /// List the banks the provider supports.
    ListSupportedBanks,
    /// Look up which bank issued a card.
    LookupCardBank,
    /// Ask whether an agreement (协议) bind is needed for a card.
    CheckAgreementNeeded,
    /// Ask whether a user may borrow (xianjincard's admission filter).
    UserAdmission,
    /// Report a loan approval decision (xianjincard).
    ApprovalFeedback,
    /// The asynchronous bind result.
    BindResultNotification,
}

impl Operation {
    /// Every unified operation.
    pub const ALL: [Operation; 9] = [
        Self::BindCardApply,
        Self::BindCardConfirm,
        Self::ListBoundCards,
        Self::ListSupportedBanks,
        Self::LookupCardBank,
        Self::CheckAgreementNeeded,
        Self::UserAdmission,
        Self::ApprovalFeedback,
        Self::BindResultNotification,
    ];

    /// The snake_case name, as in the specs' `unified` and the bindings.
    pub const fn name(self) -> &'static str {
        match self {
            Self::BindCardApply => "bind_card_apply",
            Self::BindCardConfirm => "bind_card_confirm",
            Self::ListBoundCards => "list_bound_cards",
            Self::ListSupportedBanks => "list_supported_banks",
            Self::LookupCardBank => "lookup_card_bank",
            Self::CheckAgreementNeeded => "check_agreement_needed",
            Self::UserAdmission => "user_admission",
            Self::ApprovalFeedback => "approval_feedback",
            Self::BindResultNotification => "bind_result_notification",
        }
    }

    /// The names a string-keyed unified call of this operation takes (Python's keyword
    /// arguments, [`UnifiedRequest`]'s fields); empty for the operations whose fields are the
    /// provider's wire fields ([`UnifiedRequest::Other`]).
    pub const fn field_names(self) -> &'static [&'static str] {
        match self {
            Self::BindCardApply => &[
                "user_id",
                "card_number",
                "phone",
                "holder_name",
                "id_number",
                "bank",
                "card_type",
                "order_id",
                "verify_code",
                "extra",
            ],
            Self::BindCardConfirm => &["user_id", "confirm_token", "verify_code", "order_id", "extra"],
            Self::ListBoundCards => &["user_id"],
            Self::ListSupportedBanks => &["user_id", "card_type"],
            Self::LookupCardBank => &["card_number"],
            Self::CheckAgreementNeeded => &["user_id", "card_number"],
            Self::UserAdmission | Self::ApprovalFeedback | Self::BindResultNotification => &[],
        }
    }

    /// The operation with this [`Operation::name`].
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|o| o.name() == name)
    }

    /// Why `name` names no unified operation, for an error: the valid names, and the one it most
    /// likely meant. Never quotes `name`.
    pub fn unknown_name_reason(name: &str) -> String {
        crate::text::names::none_of(name, &Self::ALL.map(Self::name))
    }
}

/// Debit or credit card.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CardType {
    /// 借记卡 / 储蓄卡.
    Debit,
    /// 信用卡 / 贷记卡.
    Credit,
}

/// Bind-card apply: the holder's details; the provider sends an SMS code. `Debug` masks the
/// personal data and hides `extra`'s values.
#[derive(Clone, PartialEq)]
pub struct BindCardApply {
    /// The user's id in the merchant's system.
    pub user_id: String,
    /// Card number.
    pub card_number: CardNumber,
    /// The phone the bank has on file for the card.
    pub phone: Phone,
    /// Holder's name (some providers require it; existing-card binds may omit it).
    pub holder_name: Option<PersonName>,
    /// Holder's mainland ID number.
    pub id_number: Option<IdNumber>,
    /// Issuing bank.
    pub bank: Option<Bank>,
    /// Debit or credit.
    pub card_type: Option<CardType>,
    /// The merchant's order or request number.
    pub order_id: Option<String>,
    /// A code already received (providers whose single call both sends and confirms).
    pub verify_code: Option<VerifyCode>,
    /// Provider-specific wire fields, by wire name (e.g. Vbao `bindNotifyUrl`, LianLian
    /// `risk_item`). A name that a unified field already maps to is an error.
    pub extra: Map<String, Value>,
}

/// Bind-card confirm: the SMS code, and the token or id the apply step returned. `Debug` hides
/// the code and `extra`'s values.
#[derive(Clone, PartialEq)]
pub struct BindCardConfirm {
    /// The user's id in the merchant's system.
    pub user_id: String,
    /// What the apply step returned for confirmation (LianLian `token`, Yixin `bizId`).
    pub confirm_token: Option<String>,
    /// The code the user typed.
    pub verify_code: VerifyCode,
    /// The merchant's order or request number.
    pub order_id: Option<String>,
    /// Provider-specific wire fields, by wire name.
    pub extra: Map<String, Value>,
}

/// A request in provider-neutral terms. `Debug` masks personal data and hides the values of
/// provider-specific wire fields.
#[derive(Clone, PartialEq)]
pub enum UnifiedRequest {
    /// See [`BindCardApply`].
    BindCardApply(BindCardApply),
    /// See [`BindCardConfirm`].
    BindCardConfirm(BindCardConfirm),
    /// List bound cards.
    ListBoundCards {
        /// The user's id.
        user_id: String,
    },
    /// List supported banks.
    ListSupportedBanks {
        /// The user's id, where the provider asks for it.
        user_id: Option<String>,
        /// Restrict to one card type, where supported.
        card_type: Option<CardType>,
    },
    /// Which bank issued this card.
    LookupCardBank {
        /// Card number.
        card_number: CardNumber,
    },
    /// Whether an agreement bind is needed.
    CheckAgreementNeeded {
        /// The user's id.
        user_id: String,
        /// Card number.
        card_number: CardNumber,
    },
    /// Provider-specific operations without a neutral shape beyond their fields
    /// (admission, approval feedback, notifications): the operation and its wire fields.
    Other {
        /// Which unified operation.
        operation: Operation,
        /// Wire fields by wire name.
        fields: Map<String, Value>,
    },
}

impl fmt::Debug for BindCardApply {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("BindCardApply")
            .field("user_id", &self.user_id)
            .field("card_number", &self.card_number)
            .field("phone", &self.phone)
            .field("holder_name", &self.holder_name)
            .field("id_number", &self.id_number)
            .field("bank", &self.bank)
            .field("card_type", &self.card_type)
            .field("order_id", &self.order_id)
            .field("verify_code", &self.verify_code)
            .field("extra", &HiddenValues(&self.extra))
            .finish()
    }
}

impl fmt::Debug for BindCardConfirm {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("BindCardConfirm")
            .field("user_id", &self.user_id)
            .field("confirm_token", &self.confirm_token)
            .field("verify_code", &self.verify_code)
            .field("order_id", &self.order_id)
            .field("extra", &HiddenValues(&self.extra))
            .finish()
    }
}

impl fmt::Debug for UnifiedRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::BindCardApply(r) => f.debug_tuple("BindCardApply").field(r).finish(),
            Self::BindCardConfirm(r) => f.debug_tuple("BindCardConfirm").field(r).finish(),
            Self::ListBoundCards { user_id } => f.debug_struct("ListBoundCards").field("user_id", user_id).finish(),
            Self::ListSupportedBanks { user_id, card_type } => f
                .debug_struct("ListSupportedBanks")
                .field("user_id", user_id)
                .field("card_type", card_type)
                .finish(),
            Self::LookupCardBank { card_number } => f
                .debug_struct("LookupCardBank")
                .field("card_number", card_number)
                .finish(),
            Self::CheckAgreementNeeded { user_id, card_number } => f
                .debug_struct("CheckAgreementNeeded")
                .field("user_id", user_id)
                .field("card_number", card_number)
                .finish(),
            Self::Other { operation, fields } => f
                .debug_struct("Other")
                .field("operation", operation)
                .field("fields", &HiddenValues(fields))
                .finish(),
        }
    }
}

impl UnifiedRequest {
    /// Whether the caller gave `name` as a wire field (in `extra`, or in `Other`'s fields), so
    /// that an error about it keeps that name.
    pub fn has_wire_field(&self, name: &str) -> bool {
        match self {
            Self::BindCardApply(apply) => apply.extra.contains_key(name),
            Self::BindCardConfirm(confirm) => confirm.extra.contains_key(name),
            Self::Other { fields, .. } => fields.contains_key(name),
            _ => false,
        }
    }

    /// The unified operation.
    pub fn operation(&self) -> Operation {
        match self {
            Self::BindCardApply(_) => Operation::BindCardApply,
            Self::BindCardConfirm(_) => Operation::BindCardConfirm,
            Self::ListBoundCards { .. } => Operation::ListBoundCards,
            Self::ListSupportedBanks { .. } => Operation::ListSupportedBanks,
            Self::LookupCardBank { .. } => Operation::LookupCardBank,
            Self::CheckAgreementNeeded { .. } => Operation::CheckAgreementNeeded,
            Self::Other { operation, .. } => *operation,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{Operation, Provider};

    #[test]
    fn operation_names_are_their_serde_names() {
        for operation in Operation::ALL {
            assert_eq!(serde_json::to_value(operation).unwrap(), operation.name());
            assert_eq!(Operation::from_name(operation.name()), Some(operation));
        }
    }

    #[test]
    fn provider_names_round_trip_through_from_name_and_serde() {
        for provider in Provider::ALL {
            assert_eq!(Provider::from_name(provider.name()), Some(provider));
            let json = serde_json::to_string(&provider).unwrap();
            assert_eq!(json, format!("\"{}\"", provider.name()));
        }
        assert_eq!(Provider::from_name("LianLian"), None);
        assert_eq!(Provider::from_name("lian_lian"), None);
    }
}
