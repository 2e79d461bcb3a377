//! Provider-neutral requests: the same typed bind-card apply or confirm encodes for any provider
//! ([`crate::client::ProviderClient::encode_unified`]). Personal data is validated (Luhn, ID
//! checksum, mobile format, code format) before anything is encoded.

use std::fmt;

use cardbind::mask::{mask_all, mask_card, mask_id, mask_name, mask_phone};
use cardbind::model::{
    self as core_model, Bank, CardNumber, CardType, IdNumber, Operation, PersonName, Phone, ValidationError, VerifyCode,
};
use serde_json::{Map, Value};

use crate::client::json_object;
use crate::error::CardbindError;

/// Provider-neutral operations.
#[uniffi::remote(Enum)]
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

/// Debit or credit card.
#[uniffi::remote(Enum)]
pub enum CardType {
    /// 借记卡 / 储蓄卡.
    Debit,
    /// 信用卡 / 贷记卡.
    Credit,
}

/// A bank card issuer, provider-neutral (each provider's own code comes from `spec/banks.json`).
#[uniffi::remote(Enum)]
pub enum Bank {
    /// 工商银行
    Icbc,
    /// 农业银行
    Abc,
    /// 中国银行
    Boc,
    /// 建设银行
    Ccb,
    /// 交通银行
    Bocom,
    /// 民生银行
    Cmbc,
    /// 招商银行
    Cmb,
    /// 邮储银行
    Psbc,
    /// 平安银行
    Pab,
    /// 中信银行
    Citic,
    /// 光大银行
    Ceb,
    /// 兴业银行
    Cib,
    /// 广发银行
    Cgb,
    /// 华夏银行
    Hxb,
    /// 南京银行
    Njcb,
    /// 浦发银行
    Spdb,
    /// 北京银行
    Bob,
    /// 杭州银行
    Hzb,
    /// 宁波银行
    Nbcb,
    /// 浙商银行
    Czb,
    /// 徽商银行
    Hsb,
    /// 渤海银行
    Cbhb,
    /// 汉口银行
    Hkbank,
}

/// Bind-card apply: the holder's details; the provider sends an SMS code.
#[derive(Clone, PartialEq, Eq, uniffi::Record)]
#[uniffi::export(Debug)]
pub struct BindCardApplyRequest {
    /// The user's id in the merchant's system.
    pub user_id: String,
    /// Card number (12–19 digits, Luhn-checked).
    pub card_number: String,
    /// The phone the bank has on file for the card (11-digit mainland mobile).
    pub phone: String,
    /// Holder's name (some providers require it).
    #[uniffi(default)]
    pub holder_name: Option<String>,
    /// Holder's mainland ID number (GB 11643 checked).
    #[uniffi(default)]
    pub id_number: Option<String>,
    /// Issuing bank.
    #[uniffi(default)]
    pub bank: Option<Bank>,
    /// Debit or credit.
    #[uniffi(default)]
    pub card_type: Option<CardType>,
    /// The merchant's order or request number.
    #[uniffi(default)]
    pub order_id: Option<String>,
    /// A code already received (providers whose single call both sends and confirms).
    #[uniffi(default)]
    pub verify_code: Option<String>,
    /// Provider-specific wire fields as a JSON object (e.g. LianLian `risk_item`).
    #[uniffi(default)]
    pub extra_json: Option<String>,
}

/// Bind-card confirm: the SMS code, and the token or id the apply step returned.
#[derive(Clone, PartialEq, Eq, uniffi::Record)]
#[uniffi::export(Debug)]
pub struct BindCardConfirmRequest {
    /// The user's id in the merchant's system.
    pub user_id: String,
    /// What the apply step's `CodeSent` outcome returned (LianLian `token`, Yixin `bizId`).
    pub confirm_token: Option<String>,
    /// The code the user typed.
    pub verify_code: String,
    /// The merchant's order or request number.
    #[uniffi(default)]
    pub order_id: Option<String>,
    /// Provider-specific wire fields as a JSON object.
    #[uniffi(default)]
    pub extra_json: Option<String>,
}

/// A request in provider-neutral terms.
#[derive(Clone, PartialEq, Eq, uniffi::Enum)]
#[uniffi::export(Debug)]
pub enum UnifiedRequest {
    /// Bind-card apply.
    BindCardApply {
        /// The holder's details.
        request: BindCardApplyRequest,
    },
    /// Bind-card confirm.
    BindCardConfirm {
        /// The code and token.
        request: BindCardConfirmRequest,
    },
    /// List the user's bound cards.
    ListBoundCards {
        /// The user's id.
        user_id: String,
    },
    /// List the banks the provider supports.
    ListSupportedBanks {
        /// The user's id, where the provider asks for it.
        user_id: Option<String>,
        /// Restrict to one card type, where supported.
        card_type: Option<CardType>,
    },
    /// Which bank issued this card.
    LookupCardBank {
        /// Card number.
        card_number: String,
    },
    /// Whether an agreement bind is needed.
    CheckAgreementNeeded {
        /// The user's id.
        user_id: String,
        /// Card number.
        card_number: String,
    },
    /// Provider-specific operations (admission, approval feedback, notifications).
    Other {
        /// Which unified operation.
        operation: Operation,
        /// Wire fields by wire name, a JSON object.
        fields_json: String,
    },
}

/// A unified request mapped onto one provider: its operation name and wire fields.
#[derive(Clone, PartialEq, Eq, uniffi::Record)]
#[uniffi::export(Debug)]
pub struct WireRequest {
    /// The provider's operation name (for `encodeRequest` / `decodeResponse`).
    pub operation: String,
    /// The wire fields, a JSON object by wire name. Personal data.
    pub params_json: String,
}

fn masked(value: Option<&str>, mask: fn(&str) -> String) -> Option<String> {
    value.map(mask)
}

impl fmt::Debug for BindCardApplyRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("BindCardApplyRequest")
            .field("user_id", &self.user_id)
            .field("card_number", &mask_card(&self.card_number))
            .field("phone", &mask_phone(&self.phone))
            .field("holder_name", &masked(self.holder_name.as_deref(), mask_name))
            .field("id_number", &masked(self.id_number.as_deref(), mask_id))
            .field("bank", &self.bank)
            .field("card_type", &self.card_type)
            .field("order_id", &self.order_id)
            .field("verify_code", &masked(self.verify_code.as_deref(), mask_all))
            .finish_non_exhaustive()
    }
}

impl fmt::Debug for BindCardConfirmRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("BindCardConfirmRequest")
            .field("user_id", &self.user_id)
            .field("confirm_token", &self.confirm_token)
            .field("verify_code", &mask_all(&self.verify_code))
            .field("order_id", &self.order_id)
            .finish_non_exhaustive()
    }
}

impl fmt::Debug for UnifiedRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::BindCardApply { request } => fmt::Debug::fmt(request, f),
            Self::BindCardConfirm { request } => fmt::Debug::fmt(request, f),
            Self::ListBoundCards { user_id } => f.debug_struct("ListBoundCards").field("user_id", user_id).finish(),
            Self::ListSupportedBanks { user_id, card_type } => f
                .debug_struct("ListSupportedBanks")
                .field("user_id", user_id)
                .field("card_type", card_type)
                .finish(),
            Self::LookupCardBank { card_number } => f
                .debug_struct("LookupCardBank")
                .field("card_number", &mask_card(card_number))
                .finish(),
            Self::CheckAgreementNeeded { user_id, card_number } => f
                .debug_struct("CheckAgreementNeeded")
                .field("user_id", user_id)
                .field("card_number", &mask_card(card_number))
                .finish(),
            Self::Other { operation, .. } => f
                .debug_struct("Other")
                .field("operation", operation)
                .finish_non_exhaustive(),
        }
    }
}

impl fmt::Debug for WireRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("WireRequest")
            .field("operation", &self.operation)
            .finish_non_exhaustive()
    }
}

fn extra(json: Option<&str>) -> Result<Map<String, Value>, CardbindError> {
    json.map_or_else(|| Ok(Map::new()), |j| json_object("extra_json", j))
}

fn card(value: &str) -> Result<CardNumber, CardbindError> {
    Ok(CardNumber::new("card_number", value)?)
}

fn optional<T>(
    value: Option<&str>,
    make: fn(&str, &str) -> Result<T, ValidationError>,
    field: &str,
) -> Result<Option<T>, CardbindError> {
    Ok(value.map(|v| make(field, v)).transpose()?)
}

impl UnifiedRequest {
    /// Validates the personal data and builds core's request (field names are the unified ones).
    pub(crate) fn to_core(&self) -> Result<core_model::UnifiedRequest, CardbindError> {
        Ok(match self {
            Self::BindCardApply { request: r } => {
                core_model::UnifiedRequest::BindCardApply(core_model::BindCardApply {
                    user_id: r.user_id.clone(),
                    card_number: card(&r.card_number)?,
                    phone: Phone::new("phone", &r.phone)?,
                    holder_name: optional(r.holder_name.as_deref(), PersonName::new, "holder_name")?,
                    id_number: optional(r.id_number.as_deref(), IdNumber::new, "id_number")?,
                    bank: r.bank,
                    card_type: r.card_type,
                    order_id: r.order_id.clone(),
                    verify_code: optional(r.verify_code.as_deref(), VerifyCode::new, "verify_code")?,
                    extra: extra(r.extra_json.as_deref())?,
                })
            }
            Self::BindCardConfirm { request: r } => {
                core_model::UnifiedRequest::BindCardConfirm(core_model::BindCardConfirm {
                    user_id: r.user_id.clone(),
                    confirm_token: r.confirm_token.clone(),
                    verify_code: VerifyCode::new("verify_code", &r.verify_code)?,
                    order_id: r.order_id.clone(),
                    extra: extra(r.extra_json.as_deref())?,
                })
            }
            Self::ListBoundCards { user_id } => core_model::UnifiedRequest::ListBoundCards {
                user_id: user_id.clone(),
            },
            Self::ListSupportedBanks { user_id, card_type } => core_model::UnifiedRequest::ListSupportedBanks {
                user_id: user_id.clone(),
                card_type: *card_type,
            },
            Self::LookupCardBank { card_number } => core_model::UnifiedRequest::LookupCardBank {
                card_number: card(card_number)?,
            },
            Self::CheckAgreementNeeded { user_id, card_number } => core_model::UnifiedRequest::CheckAgreementNeeded {
                user_id: user_id.clone(),
                card_number: card(card_number)?,
            },
            Self::Other { operation, fields_json } => core_model::UnifiedRequest::Other {
                operation: *operation,
                fields: json_object("fields_json", fields_json)?,
            },
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn apply(card_number: &str) -> UnifiedRequest {
        UnifiedRequest::BindCardApply {
            request: BindCardApplyRequest {
                user_id: "u1".into(),
                card_number: card_number.into(),
                phone: "13800138000".into(),
                holder_name: Some("张三".into()),
                id_number: Some("11010519491231002X".into()),
                bank: Some(Bank::Icbc),
                card_type: Some(CardType::Debit),
                order_id: None,
                verify_code: Some("246810".into()),
                extra_json: None,
            },
        }
    }

    #[test]
    fn debug_masks_every_personal_field() {
        let shown = format!("{:?}", apply("6222022005001212726"));
        for secret in [
            "6222022005001212726",
            "13800138000",
            "张三",
            "11010519491231002X",
            "246810",
        ] {
            assert!(!shown.contains(secret), "{shown}");
        }
        assert!(shown.contains("6222***********2726"), "{shown}");
    }

    #[test]
    fn personal_data_is_validated_under_the_unified_field_names() {
        let err = apply("6222022005001212723").to_core().unwrap_err();
        assert!(
            matches!(&err, CardbindError::Validation { field, rule, .. } if field == "card_number" && rule == "luhn"),
            "{err:?}"
        );
        let other = UnifiedRequest::Other {
            operation: Operation::UserAdmission,
            fields_json: "[]".into(),
        };
        assert!(
            matches!(other.to_core().unwrap_err(), CardbindError::Malformed { field, .. } if field == "fields_json")
        );
        assert!(matches!(
            apply("6222022005001212726").to_core().unwrap(),
            core_model::UnifiedRequest::BindCardApply(a) if a.card_number.expose() == "6222022005001212726"
        ));
    }
}
