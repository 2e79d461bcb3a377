//! Personal-data types: validated on construction, masked in `Debug` and `Display`.

use std::fmt;

use super::validate::{ValidationError, ValidationRule};
use crate::mask;

macro_rules! pii_type {
    ($(#[$doc:meta])* $name:ident, $masker:path) => {
        $(#[$doc])*
        #[derive(Clone, PartialEq, Eq, Hash)]
        pub struct $name(String);

        impl $name {
            /// The full value, for encoding onto the wire.
            pub fn expose(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, concat!(stringify!($name), "({})"), $masker(&self.0))
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&$masker(&self.0))
            }
        }
    };
}

pii_type!(
    /// A bank card number: 12–19 digits passing the Luhn check.
    CardNumber, mask::mask_card
);
pii_type!(
    /// A mainland resident ID number: 18 characters with a valid GB 11643 check character.
    IdNumber, mask::mask_id
);
pii_type!(
    /// A mainland mobile number: 11 digits starting with 1.
    Phone, mask::mask_phone
);
pii_type!(
    /// A card holder's name.
    PersonName, mask::mask_name
);
pii_type!(
    /// An SMS verification code: 4–8 digits.
    VerifyCode, mask::mask_all
);

impl CardNumber {
    /// Validates and wraps a card number; `field` names it in errors.
    pub fn new(field: &str, value: &str) -> Result<Self, ValidationError> {
        if !value.bytes().all(|b| b.is_ascii_digit()) {
            return Err(ValidationError::new(field, ValidationRule::Digits));
        }
        if !(12..=19).contains(&value.len()) {
            return Err(ValidationError::new(
                field,
                ValidationRule::LengthBetween { min: 12, max: 19 },
            ));
        }
        if !luhn_ok(value) {
            return Err(ValidationError::new(field, ValidationRule::Luhn));
        }
        Ok(Self(value.to_owned()))
    }
}

fn luhn_ok(digits: &str) -> bool {
    let sum: u32 = digits
        .bytes()
        .rev()
        .enumerate()
        .map(|(i, b)| {
            let d = u32::from(b - b'0');
            if i % 2 == 1 {
                let x = d * 2;
                if x > 9 {
                    x - 9
                } else {
                    x
                }
            } else {
                d
            }
        })
        .sum();
    sum.is_multiple_of(10)
}

impl IdNumber {
    /// Validates an 18-character ID number (17 digits + check digit or `X`; lower-case `x` is
    /// accepted and kept as given).
    pub fn new(field: &str, value: &str) -> Result<Self, ValidationError> {
        const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
        const CHECK: &[u8; 11] = b"10X98765432";
        let bytes = value.as_bytes();
        let (Some(body), Some(&last)) = (bytes.get(..17), bytes.get(17)) else {
            return Err(ValidationError::new(field, ValidationRule::ExactLength { len: 18 }));
        };
        if bytes.len() != 18 {
            return Err(ValidationError::new(field, ValidationRule::ExactLength { len: 18 }));
        }
        if !body.iter().all(u8::is_ascii_digit) {
            return Err(ValidationError::new(field, ValidationRule::IdNumberFormat));
        }
        let sum: u32 = body.iter().zip(WEIGHTS).map(|(&b, w)| u32::from(b - b'0') * w).sum();
        let expected = CHECK.get(usize::try_from(sum % 11).unwrap_or(0)).copied();
        if expected != Some(last.to_ascii_uppercase()) {
            return Err(ValidationError::new(field, ValidationRule::IdNumberChecksum));
        }
        Ok(Self(value.to_owned()))
    }
}

impl Phone {
    /// Validates an 11-digit mainland mobile number.
    pub fn new(field: &str, value: &str) -> Result<Self, ValidationError> {
        if value.len() != 11 || !value.bytes().all(|b| b.is_ascii_digit()) || !value.starts_with('1') {
            return Err(ValidationError::new(field, ValidationRule::MobileFormat));
        }
        Ok(Self(value.to_owned()))
    }
}

impl PersonName {
    /// A non-blank name of at most 64 characters.
    pub fn new(field: &str, value: &str) -> Result<Self, ValidationError> {
        if value.trim().is_empty() {
            return Err(ValidationError::new(field, ValidationRule::Required));
        }
        if value.chars().count() > 64 {
            return Err(ValidationError::new(field, ValidationRule::MaxLength { max: 64 }));
        }
        Ok(Self(value.to_owned()))
    }
}

impl VerifyCode {
    /// 4 to 8 ASCII digits (the providers send 6).
    pub fn new(field: &str, value: &str) -> Result<Self, ValidationError> {
        if !(4..=8).contains(&value.len()) || !value.bytes().all(|b| b.is_ascii_digit()) {
            return Err(ValidationError::new(field, ValidationRule::VerifyCodeFormat));
        }
        Ok(Self(value.to_owned()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn card_numbers_need_digits_length_and_luhn() {
        assert_eq!(
            CardNumber::new("card", "6222022005001212726").unwrap().expose(),
            "6222022005001212726"
        );
        // The providers' documents use 6222022005001212723, which fails Luhn: encoders reject it.
        assert_eq!(
            CardNumber::new("card", "6222022005001212723").unwrap_err().rule,
            ValidationRule::Luhn
        );
        assert_eq!(
            CardNumber::new("card", "4111111111111111").unwrap().to_string(),
            "4111********1111"
        );
        assert_eq!(
            CardNumber::new("card", "4111111111111112").unwrap_err().rule,
            ValidationRule::Luhn
        );
        assert_eq!(
            CardNumber::new("card", "4111-1111").unwrap_err().rule,
            ValidationRule::Digits
        );
        assert_eq!(
            CardNumber::new("card", "41111").unwrap_err().rule,
            ValidationRule::LengthBetween { min: 12, max: 19 }
        );
    }

    #[test]
    fn id_numbers_check_gb11643() {
        assert!(IdNumber::new("id", "11010519491231002X").is_ok());
        assert!(IdNumber::new("id", "11010519491231002x").is_ok());
        assert_eq!(
            IdNumber::new("id", "110105194912310021").unwrap_err().rule,
            ValidationRule::IdNumberChecksum
        );
        assert_eq!(
            IdNumber::new("id", "1101051949").unwrap_err().rule,
            ValidationRule::ExactLength { len: 18 }
        );
        assert_eq!(
            IdNumber::new("id", "11010519491231002").unwrap_err().rule,
            ValidationRule::ExactLength { len: 18 }
        );
        assert_eq!(
            IdNumber::new("id", "1101051949123100AX").unwrap_err().rule,
            ValidationRule::IdNumberFormat
        );
    }

    #[test]
    fn debug_and_display_are_masked() {
        let p = Phone::new("phone", "13420504517").unwrap();
        assert_eq!(format!("{p:?}"), "Phone(134****4517)");
        let c = VerifyCode::new("code", "123456").unwrap();
        assert_eq!(format!("{c:?} {c}"), "VerifyCode(******) ******");
        assert_eq!(
            Phone::new("phone", "23420504517").unwrap_err().rule,
            ValidationRule::MobileFormat
        );
    }
}
