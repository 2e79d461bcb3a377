//! `risk_item`: the risk-control parameters of a LianLian payment or card bind
//! (`provider-docs/lianlian-payment-risk-item.md`), typed, and the JSON string LianLian expects.
//!
//! The document groups the keys: basic parameters (every merchant), API parameters (a merchant
//! calling LianLian from its server, which every cardbind user does) and real-name parameters
//! (merchants with verified payment). Industry-specific keys (delivery, travel, games...) depend
//! on the merchant's `frms_ware_category` and go in [`RiskItem::extra`].

use std::collections::BTreeMap;
use std::fmt;

use serde_json::{Map, Value};

use crate::mask;
use crate::model::pii::{IdNumber, PersonName, Phone};
use crate::model::validate::{datetime_compact, max_chars, one_of, ValidationError, ValidationRule};

/// LianLian's `risk_item`. Build it, then [`RiskItem::to_json_string`] gives the value to send
/// as `risk_item` (LianLian signs it as that raw string). `Debug` masks the personal data.
#[derive(Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct RiskItem {
    /// `frms_ware_category`: the 4-digit industry category LianLian assigned to the merchant.
    pub frms_ware_category: String,
    /// `user_info_mercht_userno`: the user's number at the merchant (may be the `user_id`).
    pub user_info_mercht_userno: String,
    /// `user_info_dt_register`: when the user registered at the merchant, `yyyyMMddHHmmss`.
    pub user_info_dt_register: String,
    /// `user_info_bind_phone`: the user's phone at the merchant ("required when merchants hold
    /// this info").
    pub user_info_bind_phone: Option<String>,
    /// `goods_name`: the product name (payments; a card bind may leave it out).
    pub goods_name: Option<String>,
    /// `frms_client_chnl`: where the user is: `10` mobile app, `13` web, `16` H5.
    pub frms_client_chnl: String,
    /// `frms_ip_addr`: the user's IP address.
    pub frms_ip_addr: String,
    /// `frms_imei`: the device's IMEI, required for a mobile app (`frms_client_chnl` 10).
    pub frms_imei: Option<String>,
    /// `frms_mac_addr`: the device's MAC address, required for the web (`frms_client_chnl` 13).
    pub frms_mac_addr: Option<String>,
    /// `user_info_full_name` (real-name parameters: all four or none).
    pub user_info_full_name: Option<String>,
    /// `user_info_id_no`: the user's mainland ID number.
    pub user_info_id_no: Option<String>,
    /// `user_info_identify_state`: `1` ID-based, `0` not.
    pub user_info_identify_state: Option<String>,
    /// `user_info_identify_type`: `1` bank card, `2` on the spot, `3` ID card remotely, `4` other.
    pub user_info_identify_type: Option<String>,
    /// Further keys the merchant's category requires (`delivery_phone`, `hotel_com_name`...),
    /// all strings, none of the names above.
    pub extra: BTreeMap<String, String>,
}

/// The keys this type names (an `extra` key may not repeat one).
const TYPED_KEYS: [&str; 13] = [
    "frms_client_chnl",
    "frms_imei",
    "frms_ip_addr",
    "frms_mac_addr",
    "frms_ware_category",
    "goods_name",
    "user_info_bind_phone",
    "user_info_dt_register",
    "user_info_full_name",
    "user_info_id_no",
    "user_info_identify_state",
    "user_info_identify_type",
    "user_info_mercht_userno",
];

const REAL_NAME: [&str; 4] = [
    "user_info_full_name",
    "user_info_id_no",
    "user_info_identify_state",
    "user_info_identify_type",
];

fn field(name: &str) -> String {
    format!("risk_item.{name}")
}

fn required(name: &str, value: &str) -> Result<(), ValidationError> {
    if value.trim().is_empty() {
        Err(ValidationError::new(field(name), ValidationRule::Required))
    } else {
        Ok(())
    }
}

impl RiskItem {
    /// The pairs of `risk_item`, as strings, by name.
    fn pairs(&self) -> Vec<(&str, &str)> {
        let optional = [
            ("user_info_bind_phone", &self.user_info_bind_phone),
            ("goods_name", &self.goods_name),
            ("frms_imei", &self.frms_imei),
            ("frms_mac_addr", &self.frms_mac_addr),
            ("user_info_full_name", &self.user_info_full_name),
            ("user_info_id_no", &self.user_info_id_no),
            ("user_info_identify_state", &self.user_info_identify_state),
            ("user_info_identify_type", &self.user_info_identify_type),
        ];
        let mut pairs = vec![
            ("frms_ware_category", self.frms_ware_category.as_str()),
            ("user_info_mercht_userno", self.user_info_mercht_userno.as_str()),
            ("user_info_dt_register", self.user_info_dt_register.as_str()),
            ("frms_client_chnl", self.frms_client_chnl.as_str()),
            ("frms_ip_addr", self.frms_ip_addr.as_str()),
        ];
        pairs.extend(optional.into_iter().filter_map(|(k, v)| Some((k, v.as_deref()?))));
        pairs.extend(self.extra.iter().map(|(k, v)| (k.as_str(), v.as_str())));
        pairs
    }

    /// Checks every documented rule; errors name `risk_item.<key>` and never the value.
    pub fn validate(&self) -> Result<(), ValidationError> {
        let digits4 = self.frms_ware_category.len() == 4 && self.frms_ware_category.bytes().all(|b| b.is_ascii_digit());
        if !digits4 {
            required("frms_ware_category", &self.frms_ware_category)?;
            return Err(ValidationError::new(
                field("frms_ware_category"),
                ValidationRule::Format {
                    expected: "4 digits".into(),
                },
            ));
        }
        required("user_info_mercht_userno", &self.user_info_mercht_userno)?;
        max_chars(&field("user_info_mercht_userno"), &self.user_info_mercht_userno, 32)?;
        required("user_info_dt_register", &self.user_info_dt_register)?;
        datetime_compact(&field("user_info_dt_register"), &self.user_info_dt_register)?;
        if let Some(phone) = &self.user_info_bind_phone {
            Phone::new(&field("user_info_bind_phone"), phone)?;
        }
        required("frms_client_chnl", &self.frms_client_chnl)?;
        one_of(&field("frms_client_chnl"), &self.frms_client_chnl, &["10", "13", "16"])?;
        required("frms_ip_addr", &self.frms_ip_addr)?;
        max_chars(&field("frms_ip_addr"), &self.frms_ip_addr, 64)?;
        for (name, value, channel, device) in [
            ("frms_imei", &self.frms_imei, "10", "a mobile application"),
            ("frms_mac_addr", &self.frms_mac_addr, "13", "a web application"),
        ] {
            match value {
                Some(v) => max_chars(&field(name), v, 40)?,
                None if self.frms_client_chnl == channel => {
                    return Err(ValidationError::new(
                        field(name),
                        ValidationRule::RequiredWhen {
                            condition: format!("frms_client_chnl is {channel} ({device})"),
                        },
                    ))
                }
                None => {}
            }
        }
        self.validate_real_name()?;
        for (name, value) in &self.extra {
            let sane = !name.is_empty()
                && name
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_');
            if !sane || TYPED_KEYS.contains(&name.as_str()) {
                return Err(ValidationError::new(
                    "risk_item.extra",
                    ValidationRule::Format {
                        expected: "snake_case keys other than the typed ones".into(),
                    },
                ));
            }
            required(name, value)?;
        }
        Ok(())
    }

    /// The real-name group: all four or none.
    fn validate_real_name(&self) -> Result<(), ValidationError> {
        let given = [
            self.user_info_full_name.is_some(),
            self.user_info_id_no.is_some(),
            self.user_info_identify_state.is_some(),
            self.user_info_identify_type.is_some(),
        ];
        if given.iter().any(|g| *g) {
            if let Some((name, _)) = REAL_NAME.iter().zip(given).find(|(_, g)| !g) {
                return Err(ValidationError::new(
                    field(name),
                    ValidationRule::RequiredWhen {
                        condition: "any real-name parameter (user_info_full_name, user_info_id_no, \
                                    user_info_identify_state, user_info_identify_type) is given"
                            .into(),
                    },
                ));
            }
        }
        if let Some(name) = &self.user_info_full_name {
            PersonName::new(&field("user_info_full_name"), name)?;
        }
        if let Some(id) = &self.user_info_id_no {
            IdNumber::new(&field("user_info_id_no"), id)?;
        }
        if let Some(state) = &self.user_info_identify_state {
            one_of(&field("user_info_identify_state"), state, &["0", "1"])?;
        }
        if let Some(kind) = &self.user_info_identify_type {
            one_of(&field("user_info_identify_type"), kind, &["1", "2", "3", "4"])?;
        }
        Ok(())
    }

    /// The value of `risk_item`: the keys as one compact JSON object of strings, keys in Java
    /// `String` order (UTF-16 code units; bytewise for these ASCII keys), the order fastjson
    /// writes a sorted map or a Java bean in, non-ASCII as UTF-8. LianLian signs `risk_item` as
    /// this raw string, so any key order verifies; this one matches what a Java merchant sends.
    pub fn to_json_string(&self) -> Result<String, ValidationError> {
        self.validate()?;
        let mut pairs = self.pairs();
        pairs.sort_by(|a, b| a.0.encode_utf16().cmp(b.0.encode_utf16()));
        let object: Map<String, Value> = pairs
            .into_iter()
            .map(|(k, v)| (k.to_owned(), Value::String(v.to_owned())))
            .collect();
        Ok(Value::Object(object).to_string())
    }
}

impl fmt::Debug for RiskItem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let masked = |v: &Option<String>, m: fn(&str) -> String| v.as_deref().map(m);
        f.debug_struct("RiskItem")
            .field("frms_ware_category", &self.frms_ware_category)
            .field("user_info_mercht_userno", &self.user_info_mercht_userno)
            .field("user_info_dt_register", &self.user_info_dt_register)
            .field(
                "user_info_bind_phone",
                &masked(&self.user_info_bind_phone, mask::mask_phone),
            )
            .field("goods_name", &self.goods_name)
            .field("frms_client_chnl", &self.frms_client_chnl)
            .field("frms_ip_addr", &mask::mask_all(&self.frms_ip_addr))
            .field("frms_imei", &masked(&self.frms_imei, mask::mask_all))
            .field("frms_mac_addr", &masked(&self.frms_mac_addr, mask::mask_all))
            .field(
                "user_info_full_name",
                &masked(&self.user_info_full_name, mask::mask_name),
            )
            .field("user_info_id_no", &masked(&self.user_info_id_no, mask::mask_id))
            .field("user_info_identify_state", &self.user_info_identify_state)
            .field("user_info_identify_type", &self.user_info_identify_type)
            .field("extra", &crate::mask::HiddenValues(&self.extra_map()))
            .finish()
    }
}

impl RiskItem {
    fn extra_map(&self) -> Map<String, Value> {
        self.extra
            .iter()
            .map(|(k, v)| (k.clone(), Value::String(v.clone())))
            .collect()
    }
}
