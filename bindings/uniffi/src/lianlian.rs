//! LianLian-specific helpers: the typed `risk_item` (`provider-docs/lianlian-payment-risk-item.md`).
#![allow(clippy::needless_pass_by_value)] // uniffi lifts every argument as an owned value

use std::collections::HashMap;
use std::fmt;

use cardbind::providers::lianlian::RiskItem;

use crate::error::{guard, CardbindError};

/// LianLian's risk-control parameters for a card bind: the basic keys, the API keys of a
/// server-to-server merchant and, together, the four real-name keys. Category-specific keys
/// (`delivery_phone`...) go in `extra`. `lianlianRiskItem` checks them and gives the JSON string
/// to send as the apply's `risk_item`.
#[derive(Clone, PartialEq, Eq, uniffi::Record)]
#[uniffi::export(Debug)]
pub struct LianLianRiskItem {
    /// `frms_ware_category`: the 4-digit industry category LianLian assigned.
    pub frms_ware_category: String,
    /// `user_info_mercht_userno`: the user's number at the merchant.
    pub user_info_mercht_userno: String,
    /// `user_info_dt_register`: registration time, `yyyyMMddHHmmss`.
    pub user_info_dt_register: String,
    /// `frms_client_chnl`: `10` app, `13` web, `16` H5.
    pub frms_client_chnl: String,
    /// `frms_ip_addr`: the user's IP address.
    pub frms_ip_addr: String,
    /// `user_info_bind_phone`.
    #[uniffi(default)]
    pub user_info_bind_phone: Option<String>,
    /// `goods_name`.
    #[uniffi(default)]
    pub goods_name: Option<String>,
    /// `frms_imei`: required for `frms_client_chnl` 10.
    #[uniffi(default)]
    pub frms_imei: Option<String>,
    /// `frms_mac_addr`: required for `frms_client_chnl` 13.
    #[uniffi(default)]
    pub frms_mac_addr: Option<String>,
    /// `user_info_full_name` (real-name: all four or none).
    #[uniffi(default)]
    pub user_info_full_name: Option<String>,
    /// `user_info_id_no`.
    #[uniffi(default)]
    pub user_info_id_no: Option<String>,
    /// `user_info_identify_state`: `1` ID-based, `0` not.
    #[uniffi(default)]
    pub user_info_identify_state: Option<String>,
    /// `user_info_identify_type`: `1`..`4`.
    #[uniffi(default)]
    pub user_info_identify_type: Option<String>,
    /// Further keys the merchant's category requires, as strings.
    #[uniffi(default)]
    pub extra: HashMap<String, String>,
}

impl LianLianRiskItem {
    fn to_core(&self) -> RiskItem {
        RiskItem {
            frms_ware_category: self.frms_ware_category.clone(),
            user_info_mercht_userno: self.user_info_mercht_userno.clone(),
            user_info_dt_register: self.user_info_dt_register.clone(),
            user_info_bind_phone: self.user_info_bind_phone.clone(),
            goods_name: self.goods_name.clone(),
            frms_client_chnl: self.frms_client_chnl.clone(),
            frms_ip_addr: self.frms_ip_addr.clone(),
            frms_imei: self.frms_imei.clone(),
            frms_mac_addr: self.frms_mac_addr.clone(),
            user_info_full_name: self.user_info_full_name.clone(),
            user_info_id_no: self.user_info_id_no.clone(),
            user_info_identify_state: self.user_info_identify_state.clone(),
            user_info_identify_type: self.user_info_identify_type.clone(),
            extra: self.extra.iter().map(|(k, v)| (k.clone(), v.clone())).collect(),
        }
    }
}

// Personal data: masked as core masks it.
impl fmt::Debug for LianLianRiskItem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Core's masked Debug, under this type's own name (core's is `RiskItem`).
        f.write_str("LianLian")?;
        fmt::Debug::fmt(&self.to_core(), f)
    }
}

/// The value of LianLian's `risk_item`: the keys checked against the document and written as one
/// compact JSON object of strings, keys sorted as fastjson writes them. Throws `Validation`
/// naming `risk_item.<key>` and the rule.
#[uniffi::export]
pub fn lianlian_risk_item(item: LianLianRiskItem) -> Result<String, CardbindError> {
    guard(|| Ok(item.to_core().to_json_string()?))
}
