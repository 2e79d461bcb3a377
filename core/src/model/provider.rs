//! The providers cardbind speaks to. What each one does lives in `crate::providers`; which
//! codec and spec belong to which provider is the registry's (`crate::registry`).

/// The providers cardbind speaks to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Provider {
    /// LianLian Pay MPAY (连连支付).
    #[serde(rename = "lianlian")]
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

impl Provider {
    /// Every provider.
    pub const ALL: [Provider; 5] = [
        Self::LianLian,
        Self::Xianjincard,
        Self::Yixin,
        Self::Vbao,
        Self::Huanbei,
    ];

    /// The name used in `spec/` file names and bindings (`lianlian`, `xianjincard`...).
    pub const fn name(self) -> &'static str {
        match self {
            Self::LianLian => "lianlian",
            Self::Xianjincard => "xianjincard",
            Self::Yixin => "yixin",
            Self::Vbao => "vbao",
            Self::Huanbei => "huanbei",
        }
    }

    /// The provider with this [`Provider::name`], exactly (no case folding).
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|p| p.name() == name)
    }
}

impl Provider {
    /// Why `name` names no provider, for an error: the valid names, and the one it most likely
    /// meant (case, `_` and `-` ignored: `LianLian` suggests `lianlian`). Never quotes `name`.
    pub fn unknown_name_reason(name: &str) -> String {
        crate::text::names::none_of(name, &Self::ALL.map(Self::name))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_unknown_name_lists_the_providers_and_suggests_the_one_meant() {
        assert_eq!(
            Provider::unknown_name_reason("LianLian"),
            "must be one of lianlian, xianjincard, yixin, vbao, huanbei; did you mean `lianlian`?"
        );
        assert_eq!(
            Provider::unknown_name_reason("paypal"),
            "must be one of lianlian, xianjincard, yixin, vbao, huanbei"
        );
    }
}
