//! Masking of personal data for `Debug`, `Display`, errors and logs.
//!
//! Rules (chosen to match what Chinese payment consoles show):
//! card numbers keep the first 4 and last 4 digits (`6222***********2723`); mainland ID numbers
//! the first 3 and last 2 (`110*************50`); phones the first 3 and last 4 (`134****4517`);
//! names only their first character (`张*`); verification codes and secrets nothing (`******`).
//! Anything too short to mask meaningfully is masked entirely.

/// Keeps `head` leading and `tail` trailing characters, replacing the rest with `*`.
/// Inputs of `head + tail + 2` characters or fewer are masked entirely.
pub fn mask_middle(value: &str, head: usize, tail: usize) -> String {
    let chars: Vec<char> = value.chars().collect();
    let n = chars.len();
    if n <= head + tail + 2 {
        return "*".repeat(n.max(1));
    }
    let mut out = String::with_capacity(value.len());
    out.extend(chars.iter().take(head));
    out.extend(std::iter::repeat_n('*', n - head - tail));
    out.extend(chars.iter().skip(n - tail));
    out
}

/// `6222022005001212723` → `6222***********2723`.
pub fn mask_card(value: &str) -> String {
    mask_middle(value, 4, 4)
}

/// `110108198802019650` → `110*************50`.
pub fn mask_id(value: &str) -> String {
    mask_middle(value, 3, 2)
}

/// `13420504517` → `134****4517`.
pub fn mask_phone(value: &str) -> String {
    mask_middle(value, 3, 4)
}

/// `张三` → `张*`; `欧阳娜娜` → `欧***`.
pub fn mask_name(value: &str) -> String {
    let mut chars = value.chars();
    match chars.next() {
        Some(first) => {
            let rest = chars.count();
            let mut out = String::new();
            out.push(first);
            out.extend(std::iter::repeat_n('*', rest.max(1)));
            out
        }
        None => String::new(),
    }
}

/// Verification codes, secrets, keys: nothing but their presence.
pub fn mask_all(value: &str) -> String {
    if value.is_empty() {
        String::new()
    } else {
        "******".to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masks_keep_only_the_documented_characters() {
        assert_eq!(mask_card("6222022005001212723"), "6222***********2723");
        assert_eq!(mask_card("6222020000002723"), "6222********2723");
        assert_eq!(mask_id("110108198802019650"), "110*************50");
        assert_eq!(mask_phone("13420504517"), "134****4517");
        assert_eq!(mask_name("张三"), "张*");
        assert_eq!(mask_name("欧阳娜娜"), "欧***");
        assert_eq!(mask_all("123456"), "******");
        assert_eq!(mask_card("1234"), "****", "short values are masked whole");
    }
}
