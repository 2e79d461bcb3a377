//! Names: which received names may be echoed into an error, and the nearest valid name to a
//! mistyped one (did-you-mean).

use std::collections::BTreeMap;

/// Whether a name taken from received input (a JSON key, a form name, a URL segment, xianjincard's
/// `call`) may be echoed in an error: at most `max_len` ASCII letters, digits, `.` and `_`, and no
/// run of six or more digits (no field or operation name has one; card, ID and phone numbers do).
/// Errors never quote input otherwise.
pub fn echoable_name(name: &str, max_len: usize) -> bool {
    let mut digit_run = 0usize;
    name.len() <= max_len
        && name.bytes().all(|b| {
            digit_run = if b.is_ascii_digit() { digit_run + 1 } else { 0 };
            (b.is_ascii_alphanumeric() || b == b'.' || b == b'_') && digit_run < 6
        })
}

/// How an error names a received member `name` found in `place` (`body`, `args`...):
/// `place.name` when the name may be echoed, else `place` alone. Received text reaches an error
/// only through here (and [`echoable_name`]).
pub fn received_name(place: &str, name: &str) -> String {
    if echoable_name(name, 64) {
        if place.is_empty() {
            name.to_owned()
        } else {
            format!("{place}.{name}")
        }
    } else if place.is_empty() {
        "(unprintable name)".to_owned()
    } else {
        place.to_owned()
    }
}

/// How an error names a top-level received name (a form field, a query parameter): the name
/// itself when it may be echoed, else the place it came from (`body`, `query`).
pub fn received_top_level_name(place: &str, name: &str) -> String {
    if echoable_name(name, 64) {
        name.to_owned()
    } else {
        place.to_owned()
    }
}

/// Why `name` is none of `names`, for an error: the valid names, and the one it most likely meant
/// ([`closest`]). Never quotes `name`.
pub fn none_of(name: &str, names: &[&str]) -> String {
    let listed = names.join(", ");
    match closest(name, names.iter().copied()) {
        Some(near) => format!("must be one of {listed}; did you mean `{near}`?"),
        None => format!("must be one of {listed}"),
    }
}

/// The candidate nearest to `name` (ignoring case, `_` and `-`), when near enough to be a typo or
/// a shortened/prefixed form of it.
pub fn closest<'a>(name: &str, candidates: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    let norm = |s: &str| -> Vec<char> {
        s.chars()
            .filter(|c| *c != '_' && *c != '-' && *c != '.')
            .flat_map(char::to_lowercase)
            .collect()
    };
    let wanted = norm(name);
    // Ranked by edit distance; a name that contains the other (`private_key` in
    // `our_private_key`) comes after every near-enough spelling.
    let mut best: BTreeMap<(bool, usize), &'a str> = BTreeMap::new();
    for candidate in candidates {
        let c = norm(candidate);
        let contains =
            |long: &[char], short: &[char]| short.len() >= 4 && long.windows(short.len()).any(|w| w == short);
        let distance = edit_distance(&wanted, &c);
        let allowed = (wanted.len().max(c.len()) / 3).max(2);
        if distance <= allowed {
            best.entry((false, distance)).or_insert(candidate);
        } else if contains(&c, &wanted) || contains(&wanted, &c) {
            best.entry((true, distance)).or_insert(candidate);
        }
    }
    best.into_values().next()
}

fn edit_distance(a: &[char], b: &[char]) -> usize {
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut current = Vec::with_capacity(b.len() + 1);
        current.push(i + 1);
        for (j, cb) in b.iter().enumerate() {
            let substitute = previous.get(j).copied().unwrap_or(usize::MAX) + usize::from(ca != cb);
            let delete = previous.get(j + 1).copied().unwrap_or(usize::MAX).saturating_add(1);
            let insert = current.get(j).copied().unwrap_or(usize::MAX).saturating_add(1);
            current.push(substitute.min(delete).min(insert));
        }
        previous = current;
    }
    previous.last().copied().unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn card_numbers_and_odd_characters_are_never_echoable() {
        assert!(echoable_name("ret_code", 64));
        assert!(echoable_name("BindCard.applyBindCard", 64));
        assert!(!echoable_name("6222022005001212726", 64));
        assert!(!echoable_name("a12345678", 64));
        assert!(echoable_name("a12345", 64));
        assert!(!echoable_name("name with space", 64));
        assert!(!echoable_name("long_name", 4));
    }

    #[test]
    fn received_names_are_echoed_only_when_they_look_like_field_names() {
        assert_eq!(received_name("body", "ret_code"), "body.ret_code");
        assert_eq!(received_name("body", "6222022005001212726"), "body");
        assert_eq!(received_name("", "6222022005001212726"), "(unprintable name)");
        assert_eq!(received_name("", "memo"), "memo");
    }

    #[test]
    fn closest_finds_typos_prefixes_and_case_variants() {
        let keys = [
            "base_url",
            "our_private_key",
            "their_public_key",
            "oid_partner",
            "sign_type",
        ];
        assert_eq!(closest("base_ur", keys.into_iter()), Some("base_url"));
        assert_eq!(closest("private_key", keys.into_iter()), Some("our_private_key"));
        assert_eq!(closest("oidPartner", keys.into_iter()), Some("oid_partner"));
        assert_eq!(closest("signtype", keys.into_iter()), Some("sign_type"));
        assert_eq!(closest("colour", keys.into_iter()), None);
    }

    #[test]
    fn edit_distance_counts_single_edits() {
        let d = |a: &str, b: &str| edit_distance(&a.chars().collect::<Vec<_>>(), &b.chars().collect::<Vec<_>>());
        assert_eq!(d("kitten", "sitting"), 3);
        assert_eq!(d("", "abc"), 3);
        assert_eq!(d("same", "same"), 0);
    }
}
