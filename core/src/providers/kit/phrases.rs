//! One failure, one kind: refining a generic failure code from the provider's message.
//!
//! Some providers answer many different failures with one code and say which only in text:
//! Yixin's `-2`, xianjincard's and Huanbei's `505`, and a xianjincard or Yixin envelope whose
//! status is not success. Their spec lists phrases of that text with the kind each one means:
//! `refinements` on the generic code's entry, `unlisted_refinements` (on one entry of a scope) for
//! the codes the scope does not list.
//!
//! The rule, the same for every provider: each phrase is searched for in the provider's message
//! as a substring, in spec order, and the first one found gives the kind. With no message, no
//! phrases for the code, or none of them in the message, the kind stays the code's own
//! ([`ErrorKind::Unknown`] for an unlisted code). Order matters where one message holds two
//! phrases: `次数超限` comes before `验证码错误`, so "验证码错误次数超限" is too many attempts.
//! Only the kind changes: the outcome keeps `provider_code` and `provider_message` exactly as
//! received. The tests of `core/tests/event_kinds.rs` check every phrase through a real reply.

use super::EmbeddedSpec;
use crate::model::{ErrorKind, OutcomeStatus};
use crate::spec::{CodeSpec, Refinement};

/// The phrases of one `code` in `scope`: its own entry's, or for a code the spec does not list,
/// the scope's `unlisted_refinements`.
fn phrases_for<'a>(codes: &'a [CodeSpec], scope: &str, code: &str) -> &'a [Refinement] {
    let mut in_scope = codes.iter().filter(|c| c.scope == scope);
    match in_scope.clone().find(|c| c.code == code) {
        Some(listed) => &listed.refinements,
        None => in_scope
            .find(|c| !c.unlisted_refinements.is_empty())
            .map_or(&[], |c| &c.unlisted_refinements),
    }
}

/// The kind of a failure with `code` in `scope`: the first of the code's phrases found in
/// `message`, else `kind` (the code's own).
pub(crate) fn refined_kind(
    codes: &[CodeSpec],
    scope: &str,
    code: &str,
    message: Option<&str>,
    kind: ErrorKind,
) -> ErrorKind {
    let Some(message) = message else { return kind };
    phrases_for(codes, scope, code)
        .iter()
        .find(|r| message.contains(r.phrase.as_str()))
        .map_or(kind, |r| r.kind)
}

/// A provider's code table, read from its embedded spec (the kit's one loader), for refining
/// outcomes.
pub(crate) struct PhraseBook {
    spec: &'static EmbeddedSpec,
}

impl PhraseBook {
    /// The book of `spec`.
    pub(crate) const fn new(spec: &'static EmbeddedSpec) -> Self {
        Self { spec }
    }

    fn codes(&self) -> &'static [CodeSpec] {
        // Every embedded spec parses (the registry's tests check it); were one not to, the codes
        // keep their own kinds rather than failing a decode.
        self.spec.get().map_or(&[], |s| s.codes.as_slice())
    }

    /// [`refine`] with this provider's codes.
    pub(crate) fn refine(
        &self,
        scope: &str,
        code: &str,
        message: Option<&str>,
        status: OutcomeStatus,
    ) -> OutcomeStatus {
        refine(self.codes(), scope, code, message, status)
    }

    /// The status of a failure of `kind` (retryable as the kind is), refined like [`refine`].
    pub(crate) fn failure(&self, scope: &str, code: &str, message: Option<&str>, kind: ErrorKind) -> OutcomeStatus {
        let kind = refined_kind(self.codes(), scope, code, message, kind);
        OutcomeStatus::Failed {
            kind,
            retryable: kind.retryable(),
        }
    }
}

/// `status` with a failure's kind refined by [`refined_kind`]; `retryable` follows the new kind
/// only when the kind changed (a code may be less retryable than its kind, as Vbao's "retry with
/// a new order" is). Other statuses are returned as they are.
pub(crate) fn refine(
    codes: &[CodeSpec],
    scope: &str,
    code: &str,
    message: Option<&str>,
    status: OutcomeStatus,
) -> OutcomeStatus {
    match status {
        OutcomeStatus::Failed { kind, retryable } => {
            let refined = refined_kind(codes, scope, code, message, kind);
            OutcomeStatus::Failed {
                kind: refined,
                retryable: if refined == kind {
                    retryable
                } else {
                    refined.retryable()
                },
            }
        }
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::spec::Confidence;

    fn entry(scope: &str, code: &str, refinements: &[(&str, ErrorKind)], unlisted: &[(&str, ErrorKind)]) -> CodeSpec {
        let list = |pairs: &[(&str, ErrorKind)]| {
            pairs
                .iter()
                .map(|(phrase, kind)| Refinement {
                    phrase: (*phrase).to_owned(),
                    kind: *kind,
                    confidence: Confidence::Assumed,
                    source: "test".into(),
                })
                .collect()
        };
        CodeSpec {
            code: code.into(),
            scope: scope.into(),
            meaning: String::new(),
            outcome: "failed".into(),
            kind: Some(ErrorKind::Rejected),
            confidence: Confidence::Documented,
            refinements: list(refinements),
            unlisted_refinements: list(unlisted),
        }
    }

    fn table() -> Vec<CodeSpec> {
        vec![
            entry("status", "1", &[], &[("签名错误", ErrorKind::SignatureInvalid)]),
            entry(
                "bind_status",
                "505",
                &[
                    ("次数超限", ErrorKind::TooManyAttempts),
                    ("验证码错误", ErrorKind::VerifyCodeWrong),
                ],
                &[],
            ),
            entry("bind_status", "401", &[], &[]),
        ]
    }

    #[test]
    fn the_first_phrase_found_in_spec_order_gives_the_kind() {
        let codes = table();
        let kind = |message| refined_kind(&codes, "bind_status", "505", Some(message), ErrorKind::Rejected);
        assert_eq!(kind("验证码错误次数超限，请24小时后重试"), ErrorKind::TooManyAttempts);
        assert_eq!(kind("您输入的验证码错误"), ErrorKind::VerifyCodeWrong);
        assert_eq!(kind("银行卡已冻结"), ErrorKind::Rejected);
    }

    #[test]
    fn no_message_or_a_code_without_phrases_keeps_the_code_kind() {
        let codes = table();
        assert_eq!(
            refined_kind(&codes, "bind_status", "505", None, ErrorKind::Rejected),
            ErrorKind::Rejected
        );
        assert_eq!(
            refined_kind(
                &codes,
                "bind_status",
                "401",
                Some("验证码错误"),
                ErrorKind::IdentityMismatch
            ),
            ErrorKind::IdentityMismatch
        );
        // A phrase of another scope does not apply.
        assert_eq!(
            refined_kind(&codes, "result", "505", Some("验证码错误"), ErrorKind::UserNotEligible),
            ErrorKind::UserNotEligible
        );
    }

    #[test]
    fn an_unlisted_code_uses_its_scope_unlisted_phrases_and_a_listed_one_does_not() {
        let codes = table();
        for (scope, code, message, expected) in [
            ("status", "0", "签名错误", ErrorKind::SignatureInvalid),
            ("status", "-1", "系统繁忙", ErrorKind::Unknown),
            ("status", "1", "签名错误", ErrorKind::Unknown),
            ("bind_status", "999", "验证码错误", ErrorKind::Unknown),
        ] {
            let kind = refined_kind(&codes, scope, code, Some(message), ErrorKind::Unknown);
            assert_eq!(kind, expected, "{scope} {code} {message}");
        }
    }

    #[test]
    fn refining_keeps_a_code_retryability_unless_the_kind_changes() {
        const SPEC: &str = r#"{"codes": [
            {"code": "1004", "scope": "code", "meaning": "", "outcome": "failed", "kind": "provider_unavailable", "confidence": "medium"},
            {"code": "505", "scope": "code", "meaning": "", "outcome": "failed", "kind": "rejected", "confidence": "documented", "refinements": [
              {"phrase": "次数超限", "kind": "too_many_attempts", "confidence": "assumed", "source": "test"}
            ]}
        ]}"#;
        let codes: Vec<CodeSpec> =
            serde_json::from_value(serde_json::from_str::<serde_json::Value>(SPEC).unwrap()["codes"].clone()).unwrap();
        let book = |scope: &str, code: &str, message, status| refine(&codes, scope, code, message, status);
        let not_retryable = OutcomeStatus::Failed {
            kind: ErrorKind::ProviderUnavailable,
            retryable: false,
        };
        assert_eq!(
            book("code", "1004", Some("内部错误"), not_retryable.clone()),
            not_retryable
        );
        let generic = OutcomeStatus::Failed {
            kind: ErrorKind::Rejected,
            retryable: false,
        };
        assert_eq!(
            book("code", "505", Some("绑卡失败次数超限"), generic),
            OutcomeStatus::Failed {
                kind: ErrorKind::TooManyAttempts,
                retryable: true,
            }
        );
        assert_eq!(
            book("code", "505", Some("绑卡失败次数超限"), OutcomeStatus::Succeeded),
            OutcomeStatus::Succeeded
        );
    }

    #[test]
    fn without_a_code_table_nothing_is_refined() {
        let book = |scope: &str, code: &str, message, status| refine(&[], scope, code, message, status);
        let generic = OutcomeStatus::Failed {
            kind: ErrorKind::Rejected,
            retryable: false,
        };
        assert_eq!(book("code", "505", Some("验证码错误"), generic.clone()), generic);
    }
}
