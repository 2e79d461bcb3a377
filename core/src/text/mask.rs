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

/// Free text from the wire (a provider's message, a code) with every embedded number that may be
/// personal data masked: a run of 11 digits as a phone, 17 digits and `X` (or 18 digits starting
/// with a plausible region) as an ID number, 12 to 19 digits as a card, 20 or more keeping 4 and
/// 4. Shorter runs (codes, amounts, dates) stay: they are what a reader needs. The text is
/// otherwise unchanged.
pub fn mask_free_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find(|c: char| c.is_ascii_digit()) {
        let (before, from) = rest.split_at(start);
        out.push_str(before);
        let digits = from.bytes().take_while(u8::is_ascii_digit).count();
        let with_check = digits == 17 && from.as_bytes().get(17).is_some_and(|b| matches!(b, b'X' | b'x'));
        let len = if with_check { 18 } else { digits };
        let (run, after) = from.split_at(len);
        out.push_str(&mask_number_run(run, with_check));
        rest = after;
    }
    out.push_str(rest);
    out
}

/// One run of digits (`id_check`: 17 digits and `X`) as [`mask_free_text`] masks it.
fn mask_number_run(run: &str, id_check: bool) -> String {
    match run.len() {
        _ if id_check => mask_id(run),
        0..=10 => run.to_owned(),
        11 => mask_phone(run),
        12..=19 => mask_card(run),
        _ => mask_middle(run, 4, 4),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn free_text_keeps_its_words_and_short_numbers_and_masks_card_phone_and_id_numbers() {
        assert_eq!(
            mask_free_text("card 6222022005001212726 id 11010519491231002X"),
            "card 6222***********2726 id 110*************2X"
        );
        assert_eq!(mask_free_text("手机13420504517已绑定"), "手机134****4517已绑定");
        assert_eq!(
            mask_free_text("错误码1004, 2024-03-15, 金额100.50"),
            "错误码1004, 2024-03-15, 金额100.50"
        );
        assert_eq!(
            mask_free_text("agreement 2024031500012345678901"),
            "agreement 2024**************8901"
        );
        assert_eq!(mask_free_text(""), "");
        assert_eq!(mask_free_text("6222022005001212726"), "6222***********2726");
    }

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

    #[test]
    fn unlisted_values_that_look_like_card_id_or_phone_numbers_are_masked() {
        let fields: serde_json::Map<String, serde_json::Value> = serde_json::from_str(
            r#"{"x": "6222022005001212726", "y": 13420504517, "z": ["11010519491231002X"], "n": "2024", "s": "ok"}"#,
        )
        .unwrap();
        let shown = format!("{:?}", MaskedFields(&fields, &[]));
        assert_eq!(
            shown,
            r#"{"x":"6222***********2726","y":"134****4517","z":["110*************2X"],"n":"2024","s":"ok"}"#
        );
    }

    #[test]
    fn hidden_values_keep_names_and_structure_only() {
        let fields: serde_json::Map<String, serde_json::Value> = serde_json::from_str(
            r#"{"certNo": "11010519491231002X", "n": 1, "b": true, "l": [{"k": "v"}], "z": null}"#,
        )
        .unwrap();
        assert_eq!(
            format!("{:?}", HiddenValues(&fields)),
            r#"{"certNo":"******","n":"******","b":true,"l":[{"k":"******"}],"z":null}"#
        );
    }
}

/// Which masking a personal-data field gets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PiiKind {
    /// Card number.
    Card,
    /// ID number.
    Id,
    /// Phone number.
    Phone,
    /// Person's name.
    Name,
    /// Verification code, secret, key or opaque personal blob: fully hidden.
    Secret,
}

impl PiiKind {
    /// The kind a spec's `pii` class names (`card`, `id`, `phone`, `name`; anything else is a
    /// secret, masked whole).
    pub fn from_class(class: &str) -> Self {
        match class {
            "card" => Self::Card,
            "id" => Self::Id,
            "phone" => Self::Phone,
            "name" => Self::Name,
            _ => Self::Secret,
        }
    }
}

/// Masks `value` according to `kind`.
pub fn mask_as(kind: PiiKind, value: &str) -> String {
    match kind {
        PiiKind::Card => mask_card(value),
        PiiKind::Id => mask_id(value),
        PiiKind::Phone => mask_phone(value),
        PiiKind::Name => mask_name(value),
        PiiKind::Secret => mask_all(value),
    }
}

/// `Debug` for a JSON object whose listed fields (at any depth) are masked. In every other string
/// the numbers that look like card, ID or phone numbers are masked too ([`mask_free_text`]), and
/// so are such numbers themselves: a provider's free text (`ret_msg`, `desc`) may quote them. ([`mask_json_object`], for output a caller asked
/// for, masks only the listed fields: order and agreement numbers stay readable there.)
pub struct MaskedFields<'a>(
    pub &'a serde_json::Map<String, serde_json::Value>,
    pub &'a [(&'static str, PiiKind)],
);

impl std::fmt::Debug for MaskedFields<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let masked = mask_object(self.0, self.1, true);
        write!(f, "{}", serde_json::Value::Object(masked))
    }
}

/// A copy of `object` with the listed fields masked, recursively (arrays and nested objects too).
pub fn mask_json_object(
    object: &serde_json::Map<String, serde_json::Value>,
    pii: &[(&'static str, PiiKind)],
) -> serde_json::Map<String, serde_json::Value> {
    mask_object(object, pii, false)
}

/// A received message's fields fit for display and logs: the listed fields masked as their kind,
/// and card, ID and phone numbers masked in every other value ([`mask_free_text`]): a provider's
/// free text (`message`, `ret_msg`) may quote them. What [`MaskedFields`] shows.
pub fn mask_received_object(
    object: &serde_json::Map<String, serde_json::Value>,
    pii: &[(&'static str, PiiKind)],
) -> serde_json::Map<String, serde_json::Value> {
    mask_object(object, pii, true)
}

/// [`mask_json_object`]; with `numbers`, unlisted card/ID/phone-like values are masked too.
fn mask_object(
    object: &serde_json::Map<String, serde_json::Value>,
    pii: &[(&'static str, PiiKind)],
    numbers: bool,
) -> serde_json::Map<String, serde_json::Value> {
    object
        .iter()
        .map(|(k, v)| {
            let masked = match pii.iter().find(|(name, _)| name == k) {
                Some((_, kind)) => match v {
                    serde_json::Value::String(s) => serde_json::Value::String(mask_as(*kind, s)),
                    serde_json::Value::Null => serde_json::Value::Null,
                    other => serde_json::Value::String(mask_as(*kind, &other.to_string())),
                },
                None => mask_json_value(v, pii, numbers),
            };
            (k.clone(), masked)
        })
        .collect()
}

fn mask_json_value(value: &serde_json::Value, pii: &[(&'static str, PiiKind)], numbers: bool) -> serde_json::Value {
    match value {
        serde_json::Value::Object(o) => serde_json::Value::Object(mask_object(o, pii, numbers)),
        serde_json::Value::Array(a) => {
            serde_json::Value::Array(a.iter().map(|v| mask_json_value(v, pii, numbers)).collect())
        }
        serde_json::Value::String(s) if numbers => serde_json::Value::String(mask_free_text(s)),
        serde_json::Value::Number(n) if numbers => {
            let text = n.to_string();
            let masked = mask_free_text(&text);
            if masked == text {
                value.clone()
            } else {
                serde_json::Value::String(masked)
            }
        }
        other => other.clone(),
    }
}

/// `Debug` for caller-given wire fields the model does not interpret (`extra`, `Other` fields):
/// names and structure are shown, every string and number is hidden (`******`).
pub struct HiddenValues<'a>(pub &'a serde_json::Map<String, serde_json::Value>);

impl std::fmt::Debug for HiddenValues<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        fn hide(value: &serde_json::Value) -> serde_json::Value {
            match value {
                serde_json::Value::Object(o) => {
                    serde_json::Value::Object(o.iter().map(|(k, v)| (k.clone(), hide(v))).collect())
                }
                serde_json::Value::Array(a) => serde_json::Value::Array(a.iter().map(hide).collect()),
                serde_json::Value::String(_) | serde_json::Value::Number(_) => {
                    serde_json::Value::String("******".into())
                }
                other => other.clone(),
            }
        }
        write!(f, "{}", hide(&serde_json::Value::Object(self.0.clone())))
    }
}
