//! Canonical banks and each provider's code for them (`spec/banks.json` is the source of truth;
//! a test keeps this table equal to it). Providers disagree: BCOM vs BOCOM, POST vs PSBC,
//! CITIC vs ECITIC, GDB vs CGB.

use super::operation::Provider;

/// A bank card issuer, provider-neutral.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
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

impl Bank {
    /// Every bank, in table order.
    pub const ALL: [Bank; 23] = [
        Bank::Icbc,
        Bank::Abc,
        Bank::Boc,
        Bank::Ccb,
        Bank::Bocom,
        Bank::Cmbc,
        Bank::Cmb,
        Bank::Psbc,
        Bank::Pab,
        Bank::Citic,
        Bank::Ceb,
        Bank::Cib,
        Bank::Cgb,
        Bank::Hxb,
        Bank::Njcb,
        Bank::Spdb,
        Bank::Bob,
        Bank::Hzb,
        Bank::Nbcb,
        Bank::Czb,
        Bank::Hsb,
        Bank::Cbhb,
        Bank::Hkbank,
    ];

    /// The Chinese short name (`工商银行`).
    pub const fn name_zh(self) -> &'static str {
        match self {
            Self::Icbc => "工商银行",
            Self::Abc => "农业银行",
            Self::Boc => "中国银行",
            Self::Ccb => "建设银行",
            Self::Bocom => "交通银行",
            Self::Cmbc => "民生银行",
            Self::Cmb => "招商银行",
            Self::Psbc => "邮储银行",
            Self::Pab => "平安银行",
            Self::Citic => "中信银行",
            Self::Ceb => "光大银行",
            Self::Cib => "兴业银行",
            Self::Cgb => "广发银行",
            Self::Hxb => "华夏银行",
            Self::Njcb => "南京银行",
            Self::Spdb => "浦发银行",
            Self::Bob => "北京银行",
            Self::Hzb => "杭州银行",
            Self::Nbcb => "宁波银行",
            Self::Czb => "浙商银行",
            Self::Hsb => "徽商银行",
            Self::Cbhb => "渤海银行",
            Self::Hkbank => "汉口银行",
        }
    }

    /// `provider`'s code for this bank, or `None` if the provider does not support it.
    #[allow(clippy::too_many_lines, clippy::match_same_arms)] // a table, kept literal to diff against spec/banks.json
    pub const fn code_for(self, provider: Provider) -> Option<&'static str> {
        match provider {
            Provider::LianLian => None,
            Provider::Xianjincard => match self {
                Self::Icbc => Some("ICBC"),
                Self::Abc => Some("ABC"),
                Self::Boc => Some("BOC"),
                Self::Ccb => Some("CCB"),
                Self::Bocom => Some("BCOM"),
                Self::Cmbc => Some("CMBC"),
                Self::Cmb => Some("CMB"),
                Self::Psbc => Some("POST"),
                Self::Pab => Some("PAB"),
                Self::Citic => Some("CITIC"),
                Self::Ceb => Some("CEB"),
                Self::Cib => Some("CIB"),
                Self::Cgb => Some("GDB"),
                Self::Hxb => Some("HXB"),
                Self::Njcb => Some("NJCB"),
                Self::Spdb => Some("SPDB"),
                Self::Bob => Some("BOB"),
                Self::Hzb => Some("HZB"),
                Self::Nbcb => Some("NBCB"),
                Self::Czb => Some("CZB"),
                Self::Hsb => Some("HSB"),
                Self::Cbhb => Some("CBHB"),
                Self::Hkbank => Some("HKBANK"),
            },
            Provider::Yixin => match self {
                Self::Icbc => Some("ICBC"),
                Self::Abc => Some("ABC"),
                Self::Boc => Some("BOC"),
                Self::Ccb => Some("CCB"),
                Self::Bocom => Some("BOCOM"),
                Self::Cmbc => Some("CMBC"),
                Self::Cmb => Some("CMB"),
                Self::Psbc => Some("PSBC"),
                Self::Pab => Some("PAB"),
                Self::Citic => Some("ECITIC"),
                Self::Ceb => Some("CEB"),
                Self::Cib => Some("CIB"),
                Self::Cgb => Some("CGB"),
                Self::Hxb => Some("HXB"),
                Self::Njcb => None,
                Self::Spdb => Some("SPDB"),
                Self::Bob => None,
                Self::Hzb => None,
                Self::Nbcb => None,
                Self::Czb => None,
                Self::Hsb => None,
                Self::Cbhb => None,
                Self::Hkbank => None,
            },
            Provider::Huanbei => match self {
                Self::Icbc => Some("ICBC"),
                Self::Abc => Some("ABC"),
                Self::Boc => Some("BOC"),
                Self::Ccb => Some("CCB"),
                Self::Bocom => Some("BOCOM"),
                Self::Cmbc => Some("CMBC"),
                Self::Cmb => Some("CMB"),
                Self::Psbc => Some("PSBC"),
                Self::Pab => Some("PAB"),
                Self::Citic => Some("CITIC"),
                Self::Ceb => Some("CEB"),
                Self::Cib => Some("CIB"),
                Self::Cgb => Some("CGB"),
                Self::Hxb => Some("HXB"),
                Self::Njcb => Some("NJCB"),
                Self::Spdb => Some("SPDB"),
                Self::Bob => Some("BOB"),
                Self::Hzb => Some("HZB"),
                Self::Nbcb => Some("NBCB"),
                Self::Czb => Some("CZB"),
                Self::Hsb => Some("HSB"),
                Self::Cbhb => Some("CBHB"),
                Self::Hkbank => Some("HKBANK"),
            },
            Provider::Vbao => match self {
                Self::Icbc => Some("ICBC"),
                Self::Abc => Some("ABC"),
                Self::Boc => Some("BOC"),
                Self::Ccb => Some("CCB"),
                Self::Bocom => Some("BOCOM"),
                Self::Cmbc => Some("CMBC"),
                Self::Cmb => Some("CMB"),
                Self::Psbc => Some("PSBC"),
                Self::Pab => Some("PAB"),
                Self::Citic => Some("CITIC"),
                Self::Ceb => Some("CEB"),
                Self::Cib => Some("CIB"),
                Self::Cgb => Some("CGB"),
                Self::Hxb => Some("HXB"),
                Self::Njcb => Some("NJCB"),
                Self::Spdb => Some("SPDB"),
                Self::Bob => Some("BOB"),
                Self::Hzb => Some("HZB"),
                Self::Nbcb => Some("NBCB"),
                Self::Czb => Some("CZB"),
                Self::Hsb => Some("HSB"),
                Self::Cbhb => Some("CBHB"),
                Self::Hkbank => Some("HKBANK"),
            },
        }
    }

    /// The bank `provider` means by `code` (exact, case-sensitive match).
    pub fn from_code(provider: Provider, code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|b| b.code_for(provider) == Some(code))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_equals_spec_banks_json() {
        let spec: serde_json::Value = serde_json::from_str(include_str!("../../../spec/banks.json")).unwrap();
        let rows = spec["banks"].as_array().unwrap();
        assert_eq!(rows.len(), Bank::ALL.len());
        for (row, bank) in rows.iter().zip(Bank::ALL) {
            assert_eq!(row["bank"], serde_json::to_value(bank).unwrap());
            assert_eq!(row["name_zh"], bank.name_zh());
            for provider in Provider::ALL {
                let expected = row["codes"].get(provider.name()).and_then(|c| c.as_str());
                assert_eq!(bank.code_for(provider), expected, "{bank:?} at {provider:?}");
            }
        }
    }

    #[test]
    fn providers_disagree_on_codes_and_lookups_are_exact() {
        assert_eq!(Bank::from_code(Provider::Xianjincard, "BCOM"), Some(Bank::Bocom));
        assert_eq!(Bank::from_code(Provider::Yixin, "BOCOM"), Some(Bank::Bocom));
        assert_eq!(Bank::from_code(Provider::Yixin, "BCOM"), None);
        assert_eq!(Bank::from_code(Provider::Xianjincard, "POST"), Some(Bank::Psbc));
        assert_eq!(Bank::from_code(Provider::Yixin, "ECITIC"), Some(Bank::Citic));
        assert_eq!(Bank::from_code(Provider::Xianjincard, "GDB"), Some(Bank::Cgb));
        assert_eq!(Bank::Njcb.code_for(Provider::Yixin), None);
        assert_eq!(Bank::from_code(Provider::Xianjincard, "icbc"), None);
    }
}
