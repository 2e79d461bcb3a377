//! Message parameters as given on input: a JSON object or a form string (`k=v&k=v`).

use serde_json::Value;

use crate::error::CliError;
use crate::input;

/// Owned `(key, value)` pairs as the canonical rule takes them; `None` is a JSON null.
pub type Pairs = Vec<(String, Option<String>)>;

/// Where the parameters came from, which decides which alternatives are worth trying.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Syntax {
    /// A JSON object.
    Json,
    /// An `application/x-www-form-urlencoded` string (values percent-decoded).
    Form,
}

/// One parameter.
#[derive(Debug, Clone)]
pub struct Param {
    /// Name.
    pub key: String,
    /// The value signed: JSON strings as they are, numbers by their text, booleans as
    /// `true`/`false`, objects and arrays as compact JSON, `null` as absent; form values decoded.
    pub value: Option<String>,
    /// Form input only: the value exactly as it appeared, before percent-decoding.
    pub form_raw: Option<String>,
}

/// Parsed parameters, in input order.
#[derive(Debug, Clone)]
pub struct Params {
    pub syntax: Syntax,
    pub items: Vec<Param>,
}

impl Params {
    /// Parses a JSON object (input starting with `{`, after an optional byte-order mark) or a
    /// form string, held to the library's limits (`input::json_object`, `input::check_form_limits`).
    pub fn parse(text: &str, source: &str) -> Result<Self, CliError> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let trimmed = text.trim_matches(|c: char| c.is_ascii_whitespace());
        if trimmed.starts_with('{') {
            Self::parse_json(trimmed, source)
        } else {
            // Only the line end a file or `echo` adds is dropped: a form value may end in spaces.
            let line = text.strip_suffix('\n').unwrap_or(text);
            Self::parse_form(line.strip_suffix('\r').unwrap_or(line), source)
        }
    }

    fn parse_json(text: &str, source: &str) -> Result<Self, CliError> {
        let object = input::json_object(text.as_bytes(), source, input::MAX_INPUT_BYTES)?;
        let items = object
            .into_iter()
            .map(|(key, v)| {
                let value = match v {
                    Value::String(s) => Some(s),
                    Value::Null => None,
                    Value::Bool(b) => Some(b.to_string()),
                    Value::Number(n) => Some(number_text(&key, &n)?),
                    other @ (Value::Object(_) | Value::Array(_)) => {
                        Some(serde_json::to_string(&other).unwrap_or_default())
                    }
                };
                Ok(Param {
                    key,
                    value,
                    form_raw: None,
                })
            })
            .collect::<Result<_, CliError>>()?;
        Ok(Self {
            syntax: Syntax::Json,
            items,
        })
    }

    fn parse_form(text: &str, source: &str) -> Result<Self, CliError> {
        if text.trim().is_empty() {
            return Err(CliError::bad(format!("{source}: no parameters (empty input)")));
        }
        let decoded = cardbind::form::decode(text.as_bytes())
            .map_err(|e| CliError::bad(format!("{source}: not a form string: {e}")))?;
        input::check_form_limits(&decoded, source)?;
        let raw_values = text
            .split('&')
            .filter(|s| !s.is_empty())
            .map(|s| s.split_once('=').map_or("", |(_, v)| v).to_owned());
        let items = decoded
            .into_iter()
            .zip(raw_values)
            .map(|((key, value), raw)| Param {
                key,
                value: Some(value),
                form_raw: Some(raw),
            })
            .collect();
        Ok(Self {
            syntax: Syntax::Form,
            items,
        })
    }

    /// The pairs the canonical rule signs.
    pub fn pairs(&self) -> Pairs {
        self.items.iter().map(|p| (p.key.clone(), p.value.clone())).collect()
    }

    /// The value of `key`, if present and not null.
    pub fn get(&self, key: &str) -> Option<&str> {
        self.items
            .iter()
            .find(|p| p.key == key)
            .and_then(|p| p.value.as_deref())
    }
}

/// A number's signed text: exactly as written, where every signer prints it so.
fn number_text(key: &str, n: &serde_json::Number) -> Result<String, CliError> {
    cardbind::canonical::signed_number_text(n)
        .map(str::to_owned)
        .ok_or_else(|| {
            CliError::bad(format!(
                "`{key}`: a number in exponent notation, negative zero or below 1E-6 is not signed by its text \
             (Java signers print it otherwise): give it as a string"
            ))
        })
}

/// Borrowed view for `CanonicalRule::build`.
pub fn borrowed(pairs: &Pairs) -> impl Iterator<Item = (&str, Option<&str>)> {
    pairs.iter().map(|(k, v)| (k.as_str(), v.as_deref()))
}
