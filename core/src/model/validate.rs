//! Validation errors: they name the field and the rule, never the value.

/// The rule a value broke.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(tag = "rule", rename_all = "snake_case")]
pub enum ValidationRule {
    /// The field is required (absent, null or empty).
    Required,
    /// Longer than allowed (in characters).
    MaxLength {
        /// Maximum characters.
        max: usize,
    },
    /// Not exactly this many characters.
    ExactLength {
        /// Required characters.
        len: usize,
    },
    /// Length outside a range.
    LengthBetween {
        /// Minimum.
        min: usize,
        /// Maximum.
        max: usize,
    },
    /// Must be ASCII digits only.
    Digits,
    /// Card number fails the Luhn check.
    Luhn,
    /// ID number is not 17 digits and a check character.
    IdNumberFormat,
    /// ID number check character is wrong.
    IdNumberChecksum,
    /// Not an 11-digit mainland mobile number.
    MobileFormat,
    /// Not a 4–8 digit verification code.
    VerifyCodeFormat,
    /// Not one of the allowed values.
    OneOf {
        /// The allowed values.
        allowed: Vec<String>,
    },
    /// Does not match a documented format (e.g. `yyyy-MM-dd HH:mm:ss`).
    Format {
        /// The format expected.
        expected: String,
    },
    /// Wrong JSON type.
    Type {
        /// The type expected (`string`, `integer`, `object`...).
        expected: String,
    },
    /// A field that the rule's condition requires (e.g. `bind_card_src` = 1 needs `id_number`).
    RequiredWhen {
        /// The condition, in words.
        condition: String,
    },
    /// A field the operation does not have.
    UnknownField,
    /// An `extra` field of a unified request that a unified field already sets.
    SetByUnifiedField,
    /// An empty string where the provider's string to sign leaves empty values out: the other
    /// side would never receive it (its verified message does not hand unsigned values out).
    EmptyNotSigned,
    /// The bank has no code at this provider.
    UnsupportedBank,
    /// A URL that is not absolute http(s).
    HttpUrl,
    /// A value holding `&name=` with `name` sorting after the field's own name: in a `k=v&k=v`
    /// string to sign it would split into another field (see `canonical::split_signed`).
    SplitsInSignedString,
    /// A name the protocol keeps for itself (envelope and computed fields): never sent as a
    /// field the spec does not list.
    Reserved,
}

impl std::fmt::Display for ValidationRule {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Required => f.write_str("is required"),
            Self::MaxLength { max } => write!(f, "must be at most {max} characters"),
            Self::ExactLength { len } => write!(f, "must be exactly {len} characters"),
            Self::LengthBetween { min, max } => write!(f, "must be {min} to {max} characters"),
            Self::Digits => f.write_str("must contain only digits"),
            Self::Luhn => f.write_str("fails the card number (Luhn) check"),
            Self::IdNumberFormat => f.write_str("must be 17 digits followed by a digit or X"),
            Self::IdNumberChecksum => f.write_str("has a wrong ID check character"),
            Self::MobileFormat => f.write_str("must be an 11-digit mobile number starting with 1"),
            Self::VerifyCodeFormat => f.write_str("must be a 4 to 8 digit verification code"),
            Self::OneOf { allowed } => write!(f, "must be one of {}", allowed.join(", ")),
            Self::Format { expected } => write!(f, "must have the format {expected}"),
            Self::Type { expected } => write!(f, "must be of JSON type {expected}"),
            Self::RequiredWhen { condition } => write!(f, "is required when {condition}"),
            Self::UnknownField => f.write_str("is not a field of this operation"),
            Self::SetByUnifiedField => f.write_str("is already set from a unified field: set it there, not in `extra`"),
            Self::EmptyNotSigned => f.write_str(
                "is empty: this provider signs no empty value, so the other side would never receive it; leave the \
                 field out (or give it a value)",
            ),
            Self::UnsupportedBank => f.write_str("names a bank this provider does not support"),
            Self::HttpUrl => f.write_str("must be an absolute http or https URL"),
            Self::Reserved => f.write_str(
                "is reserved by the protocol (an envelope or computed field): it is never sent as an unlisted field",
            ),
            Self::SplitsInSignedString => f.write_str(
                "must not hold `&name=` with a name sorting after this field's: the string to sign would split \
                 into other fields",
            ),
        }
    }
}

/// A field broke a rule. `Display`: `card_no: fails the card number (Luhn) check`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, serde::Serialize, serde::Deserialize)]
#[error("{field}: {rule}")]
pub struct ValidationError {
    /// The field's wire (or unified) name.
    pub field: String,
    /// The rule broken.
    pub rule: ValidationRule,
}

impl ValidationError {
    /// A new error for `field`.
    pub fn new(field: impl Into<String>, rule: ValidationRule) -> Self {
        Self {
            field: field.into(),
            rule,
        }
    }
}

/// Checks a string's length in characters.
pub fn max_chars(field: &str, value: &str, max: usize) -> Result<(), ValidationError> {
    if value.chars().count() > max {
        Err(ValidationError::new(field, ValidationRule::MaxLength { max }))
    } else {
        Ok(())
    }
}

/// Checks that `value` is one of `allowed`.
pub fn one_of(field: &str, value: &str, allowed: &[&str]) -> Result<(), ValidationError> {
    if allowed.contains(&value) {
        Ok(())
    } else {
        Err(ValidationError::new(
            field,
            ValidationRule::OneOf {
                allowed: allowed.iter().map(|s| (*s).to_owned()).collect(),
            },
        ))
    }
}

/// Checks `yyyy-MM-dd` (a real calendar date).
pub fn date_ymd(field: &str, value: &str) -> Result<(), ValidationError> {
    parse_date(value).map(|_| ()).ok_or_else(|| {
        ValidationError::new(
            field,
            ValidationRule::Format {
                expected: "yyyy-MM-dd".into(),
            },
        )
    })
}

/// Checks `yyyy-MM-dd HH:mm:ss`.
pub fn datetime_ymd_hms(field: &str, value: &str) -> Result<(), ValidationError> {
    let err = || {
        ValidationError::new(
            field,
            ValidationRule::Format {
                expected: "yyyy-MM-dd HH:mm:ss".into(),
            },
        )
    };
    let (date, time) = value.split_once(' ').ok_or_else(err)?;
    parse_date(date).ok_or_else(err)?;
    let parts: Vec<&str> = time.split(':').collect();
    let [h, m, s] = parts.as_slice() else { return Err(err()) };
    let num = |p: &str, max: u32| p.len() == 2 && p.parse::<u32>().is_ok_and(|v| v <= max);
    if num(h, 23) && num(m, 59) && num(s, 59) {
        Ok(())
    } else {
        Err(err())
    }
}

/// Checks `yyyyMMddHHmmss` (LianLian's `dt_order`, risk_item's `user_info_dt_register`).
pub fn datetime_compact(field: &str, value: &str) -> Result<(), ValidationError> {
    let err = || {
        ValidationError::new(
            field,
            ValidationRule::Format {
                expected: "yyyyMMddHHmmss".into(),
            },
        )
    };
    let part = |range: std::ops::Range<usize>| value.get(range).unwrap_or_default();
    if value.len() != 14 || !value.bytes().all(|b| b.is_ascii_digit()) {
        return Err(err());
    }
    let spaced = format!(
        "{}-{}-{} {}:{}:{}",
        part(0..4),
        part(4..6),
        part(6..8),
        part(8..10),
        part(10..12),
        part(12..14)
    );
    datetime_ymd_hms(field, &spaced).map_err(|_| err())
}

/// Checks an absolute `http://` or `https://` URL with a host and no whitespace.
pub fn http_url(field: &str, value: &str) -> Result<(), ValidationError> {
    let rest = value.strip_prefix("https://").or_else(|| value.strip_prefix("http://"));
    match rest {
        Some(rest) if !rest.is_empty() && !rest.starts_with('/') && !value.chars().any(char::is_whitespace) => Ok(()),
        _ => Err(ValidationError::new(field, ValidationRule::HttpUrl)),
    }
}

fn parse_date(value: &str) -> Option<(u32, u32, u32)> {
    let parts: Vec<&str> = value.split('-').collect();
    let [y, m, d] = parts.as_slice() else { return None };
    if y.len() != 4 || m.len() != 2 || d.len() != 2 {
        return None;
    }
    let (y, m, d): (u32, u32, u32) = (y.parse().ok()?, m.parse().ok()?, d.parse().ok()?);
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let days = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return None,
    };
    (1..=days).contains(&d).then_some((y, m, d))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_real_calendar_dates() {
        assert!(date_ymd("d", "2017-10-01").is_ok());
        assert!(date_ymd("d", "2020-02-29").is_ok());
        // The xianjincard document's own example "2017-02-29" is not a real date.
        assert_eq!(
            date_ymd("can_loan_time", "2017-02-29").unwrap_err().to_string(),
            "can_loan_time: must have the format yyyy-MM-dd"
        );
        assert!(datetime_ymd_hms("t", "2023-01-01 12:05:01").is_ok());
        assert!(datetime_ymd_hms("t", "2023-01-01 24:05:01").is_err());
        assert!(datetime_ymd_hms("t", "2023-01-01T12:05:01").is_err());
        assert!(datetime_compact("dt_order", "20170801225714").is_ok());
        for bad in ["20170229225714", "20170801245714", "2017080122571", "2017-08-01 22:57"] {
            assert_eq!(
                datetime_compact("dt_order", bad).unwrap_err().to_string(),
                "dt_order: must have the format yyyyMMddHHmmss",
                "{bad}"
            );
        }
    }

    #[test]
    fn http_urls_are_absolute_with_a_host() {
        assert!(http_url("u", "http://test.yintong.com.cn/help/notify.php").is_ok());
        assert!(http_url("u", "https://m.example/n?a=1").is_ok());
        for bad in ["ftp://x", "https://", "https:///x", "http://a b", "/notify"] {
            assert_eq!(
                http_url("u", bad),
                Err(ValidationError::new("u", ValidationRule::HttpUrl)),
                "{bad}"
            );
        }
    }
}
