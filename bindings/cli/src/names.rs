//! Provider names as given on the command line (or to the bindings' `explain`).

use cardbind::Provider;

use crate::error::CliError;

/// The provider `name` names; an unknown name is refused with the nearest one (`LianLian` →
/// `lianlian`: names are lower case) and the list.
pub fn provider(name: &str) -> Result<Provider, CliError> {
    Provider::from_name(name).ok_or_else(|| {
        let names: Vec<&str> = Provider::ALL.iter().map(|p| p.name()).collect();
        let near = cardbind::text::names::closest(name, names.iter().copied())
            .map(|near| format!(": did you mean `{near}`?"))
            .unwrap_or_default();
        CliError::bad(format!(
            "unknown provider `{name}`{near} (one of: {})",
            names.join(", ")
        ))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn message(name: &str) -> String {
        match provider(name) {
            Err(CliError::BadInput(m)) => m,
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_provider_name_in_another_case_or_misspelt_gets_a_did_you_mean() {
        assert_eq!(
            message("LianLian"),
            "unknown provider `LianLian`: did you mean `lianlian`? (one of: lianlian, xianjincard, yixin, vbao, huanbei)"
        );
        assert_eq!(
            message("VBAO"),
            "unknown provider `VBAO`: did you mean `vbao`? (one of: lianlian, xianjincard, yixin, vbao, huanbei)"
        );
        assert_eq!(
            message("xianjinka"),
            "unknown provider `xianjinka`: did you mean `xianjincard`? (one of: lianlian, xianjincard, yixin, vbao, \
             huanbei)"
        );
        assert_eq!(
            message("stripe"),
            "unknown provider `stripe` (one of: lianlian, xianjincard, yixin, vbao, huanbei)"
        );
        assert_eq!(provider("huanbei").ok(), Some(Provider::Huanbei));
    }
}
