//! Canonical banks and each provider's code for them, read from `spec/banks.json` (embedded; the
//! one copy of the table). Providers disagree: BCOM vs BOCOM, POST vs PSBC, CITIC vs ECITIC,
//! GDB vs CGB.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use super::operation::Provider;

/// One row of `spec/banks.json`.
#[derive(serde::Deserialize)]
struct BankRow {
    bank: Bank,
    name_zh: String,
    #[serde(default)]
    codes: BTreeMap<String, String>,
}

#[derive(serde::Deserialize)]
struct BankTable {
    banks: Vec<BankRow>,
}

/// The rows of `spec/banks.json`, in [`Bank::ALL`] order. A row out of order (or a table that
/// does not parse) leaves the table empty: every lookup then finds nothing, and the test
/// `the_embedded_table_has_every_bank_in_enum_order` fails the build's tests.
fn table() -> &'static [BankRow] {
    static TABLE: OnceLock<Vec<BankRow>> = OnceLock::new();
    TABLE.get_or_init(|| {
        let rows = serde_json::from_str::<BankTable>(include_str!("../../../spec/banks.json"))
            .map(|t| t.banks)
            .unwrap_or_default();
        let in_order = rows.len() == Bank::ALL.len() && rows.iter().zip(Bank::ALL).all(|(r, b)| r.bank == b);
        if in_order {
            rows
        } else {
            Vec::new()
        }
    })
}

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

    /// The Chinese short name (`工商银行`), from `spec/banks.json`.
    pub fn name_zh(self) -> &'static str {
        table().get(self as usize).map_or("", |row| row.name_zh.as_str())
    }

    /// `provider`'s code for this bank (`spec/banks.json`), or `None` if the provider does not
    /// support it.
    pub fn code_for(self, provider: Provider) -> Option<&'static str> {
        table()
            .get(self as usize)
            .and_then(|row| row.codes.get(provider.name()))
            .map(String::as_str)
    }

    /// The bank `provider` means by `code` (exact, case-sensitive match).
    pub fn from_code(provider: Provider, code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|b| b.code_for(provider) == Some(code))
    }

    /// The snake_case name (`icbc`): what the bindings and `spec/banks.json` call it.
    pub fn name(self) -> String {
        match serde_json::to_value(self) {
            Ok(serde_json::Value::String(name)) => name,
            _ => String::new(),
        }
    }

    /// The bank with this [`Bank::name`], exactly (no case folding: see
    /// [`Bank::unknown_name_reason`]).
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|b| b.name() == name)
    }

    /// Why `name` names no bank, with the fix: the bank it means when it is a name in another
    /// case, the Chinese short name (`工商银行`), a provider's code for it, or a near spelling;
    /// then every name. Never quotes `name`.
    pub fn unknown_name_reason(name: &str) -> String {
        let names: Vec<String> = Self::ALL.into_iter().map(Self::name).collect();
        let listed = names.join(", ");
        let trimmed = name.trim();
        let meant = Self::ALL.into_iter().find(|b| {
            b.name().eq_ignore_ascii_case(trimmed)
                || b.name_zh() == trimmed
                || Provider::ALL.into_iter().any(|p| b.code_for(p) == Some(trimmed))
        });
        let hint = match meant {
            Some(bank) => format!("; did you mean `{}` ({})?", bank.name(), bank.name_zh()),
            None => crate::text::names::closest(trimmed, names.iter().map(String::as_str))
                .map(|near| format!("; did you mean `{near}`?"))
                .unwrap_or_default(),
        };
        format!("must be a cardbind bank name, lower case{hint} One of {listed}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_unknown_bank_name_suggests_the_bank_meant_by_case_chinese_name_code_or_spelling() {
        let listed = "icbc, abc, boc, ccb, bocom, cmbc, cmb, psbc, pab, citic, ceb, cib, cgb, hxb, \
                      njcb, spdb, bob, hzb, nbcb, czb, hsb, cbhb, hkbank";
        let reason = |hint: &str| format!("must be a cardbind bank name, lower case{hint} One of {listed}");
        assert_eq!(Bank::from_name("icbc"), Some(Bank::Icbc));
        assert_eq!(Bank::from_name("ICBC"), None);
        assert_eq!(
            Bank::unknown_name_reason("ICBC"),
            reason("; did you mean `icbc` (工商银行)?")
        );
        assert_eq!(
            Bank::unknown_name_reason("建设银行"),
            reason("; did you mean `ccb` (建设银行)?")
        );
        let xianjincard_code = Bank::Bocom.code_for(Provider::Xianjincard).unwrap(); // BCOM
        assert_eq!(
            Bank::unknown_name_reason(xianjincard_code),
            reason("; did you mean `bocom` (交通银行)?")
        );
        assert_eq!(Bank::unknown_name_reason("citc"), reason("; did you mean `citic`?"));
        assert_eq!(Bank::unknown_name_reason("paypal"), reason(""));
    }

    #[test]
    fn the_embedded_table_has_every_bank_in_enum_order() {
        assert_eq!(table().len(), Bank::ALL.len());
        for (row, bank) in table().iter().zip(Bank::ALL) {
            assert_eq!(row.bank, bank);
            assert!(!row.name_zh.is_empty());
        }
    }

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
