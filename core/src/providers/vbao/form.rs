//! The auto-submitting HTML form that opens the bank's bind-card page.
//!
//! Everything in a `bindCard/create` reply comes from the network, so the form is built
//! defensively: the action must be an absolute http(s) URL with no whitespace or control
//! characters (browsers strip or ignore those, which is how `java\tscript:` tricks work), the
//! method must be GET or POST, and every attribute value is HTML-escaped.

use serde_json::{Map, Value};

use crate::model::validate::{ValidationError, ValidationRule};
use crate::model::CodecError;

/// The form's `name`, as in Vbao's document.
pub const FORM_NAME: &str = "unionpay_punchout_form";

/// Longest `submitParams` text accepted (the document says String(64); real bank gateway
/// messages are far longer, so this is a safety bound, not the document's figure).
const MAX_SUBMIT_PARAMS: usize = 64 * 1024;

/// Form method.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SubmitMethod {
    /// GET: the browser replaces the action's query with the fields.
    Get,
    /// POST.
    Post,
}

impl SubmitMethod {
    /// Parses `submitMethod`, case-insensitively; anything but GET or POST is an error.
    pub fn parse(value: &str) -> Result<Self, ValidationError> {
        if value.eq_ignore_ascii_case("GET") {
            Ok(Self::Get)
        } else if value.eq_ignore_ascii_case("POST") {
            Ok(Self::Post)
        } else {
            Err(ValidationError::new(
                "submitMethod",
                ValidationRule::OneOf {
                    allowed: vec!["GET".into(), "POST".into()],
                },
            ))
        }
    }

    const fn as_str(self) -> &'static str {
        match self {
            Self::Get => "GET",
            Self::Post => "POST",
        }
    }
}

/// HTML-escapes `& < > " '` for use in text or a double-quoted attribute.
pub fn escape_html(value: &str, out: &mut String) {
    for c in value.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            other => out.push(other),
        }
    }
}

/// Checks that `url` is an absolute `http://` or `https://` URL with a host, and contains no
/// whitespace, control characters or backslashes anywhere: browsers strip or reinterpret those
/// (`\tjavascript:`, `https:\\host`), so refusing them keeps what is checked equal to what a
/// browser follows. The scheme is matched case-insensitively; nothing is trimmed.
pub fn check_http_url(field: &str, url: &str) -> Result<(), ValidationError> {
    let err = || ValidationError::new(field, ValidationRule::HttpUrl);
    if url.chars().any(|c| c.is_control() || c.is_whitespace() || c == '\\') {
        return Err(err());
    }
    let (scheme, rest) = url.split_once("://").ok_or_else(err)?;
    if !(scheme.eq_ignore_ascii_case("http") || scheme.eq_ignore_ascii_case("https")) {
        return Err(err());
    }
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    let host = authority.rsplit('@').next().unwrap_or_default();
    if host.is_empty() || host.starts_with(':') {
        return Err(err());
    }
    Ok(())
}

/// The reply fields that make the form, borrowed as received.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SubmitForm<'a> {
    /// `submitUrl`: the form's action.
    pub submit_url: &'a str,
    /// `submitMethod`: GET or POST, any case.
    pub submit_method: &'a str,
    /// `encoding`: the form's `accept-charset`, when given.
    pub encoding: Option<&'a str>,
    /// `submitParams`: a JSON object (as text) of input name to value, when given.
    pub submit_params: Option<&'a str>,
}

impl<'a> SubmitForm<'a> {
    /// Takes the four fields from a decoded `bindCard/create` reply.
    pub fn from_fields(fields: &'a Map<String, Value>) -> Result<Self, CodecError> {
        let text = |name: &'static str| -> Result<Option<&'a str>, CodecError> {
            match fields.get(name) {
                None | Some(Value::Null) => Ok(None),
                Some(Value::String(s)) if s.is_empty() => Ok(None),
                Some(Value::String(s)) => Ok(Some(s.as_str())),
                Some(_) => Err(ValidationError::new(
                    name,
                    ValidationRule::Type {
                        expected: "string".into(),
                    },
                )
                .into()),
            }
        };
        let required = |name: &'static str| -> Result<&'a str, CodecError> {
            text(name)?.ok_or_else(|| ValidationError::new(name, ValidationRule::Required).into())
        };
        Ok(Self {
            submit_url: required("submitUrl")?,
            submit_method: required("submitMethod")?,
            encoding: text("encoding")?,
            submit_params: text("submitParams")?,
        })
    }

    /// Renders the auto-submitting form (see [`render_submit_form`]).
    pub fn render(&self) -> Result<String, CodecError> {
        render_submit_form(self.submit_url, self.submit_method, self.encoding, self.submit_params)
    }
}

/// Renders Vbao's auto-submitting form:
///
/// ```text
/// <form name="unionpay_punchout_form" method="POST" action="https://bank.example/p" accept-charset="UTF-8">
/// <input type="hidden" name="epccGwMsg" value="...">
/// </form>
/// <script>HTMLFormElement.prototype.submit.call(document.forms["unionpay_punchout_form"]);</script>
/// ```
///
/// One `input` per `submitParams` member, in the received order; string values as they are,
/// numbers by their JSON text, booleans as `true`/`false`. For GET the action's query string is
/// moved into inputs first (a browser submitting a GET form discards it), and its fragment is
/// dropped. `accept-charset` is present only when `encoding` is given, and must be a charset
/// name (letters, digits, `-_.:`). The script calls the prototype's `submit` because an input
/// named `submit` would shadow `form.submit`.
pub fn render_submit_form(
    submit_url: &str,
    submit_method: &str,
    encoding: Option<&str>,
    submit_params: Option<&str>,
) -> Result<String, CodecError> {
    check_http_url("submitUrl", submit_url)?;
    let method = SubmitMethod::parse(submit_method)?;
    if let Some(enc) = encoding {
        let charset_char = |c: char| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | ':');
        if enc.is_empty() || enc.len() > 64 || !enc.chars().all(charset_char) {
            return Err(ValidationError::new(
                "encoding",
                ValidationRule::Format {
                    expected: "a charset name such as UTF-8".into(),
                },
            )
            .into());
        }
    }

    let mut inputs: Vec<(String, String)> = Vec::new();
    let mut action = submit_url;
    if method == SubmitMethod::Get {
        let without_fragment = submit_url.split('#').next().unwrap_or(submit_url);
        if let Some((base, query)) = without_fragment.split_once('?') {
            let pairs = crate::form::decode(query.as_bytes()).map_err(|_| {
                ValidationError::new(
                    "submitUrl",
                    ValidationRule::Format {
                        expected: "a query string of percent-encoded UTF-8".into(),
                    },
                )
            })?;
            inputs.extend(pairs);
            action = base;
        } else {
            action = without_fragment;
        }
    }
    if let Some(params) = submit_params {
        inputs.extend(parse_submit_params(params)?);
    }

    let mut html = String::with_capacity(256 + inputs.iter().map(|(k, v)| k.len() + v.len() + 48).sum::<usize>());
    html.push_str("<form name=\"");
    html.push_str(FORM_NAME);
    html.push_str("\" method=\"");
    html.push_str(method.as_str());
    html.push_str("\" action=\"");
    escape_html(action, &mut html);
    html.push('"');
    if let Some(enc) = encoding {
        html.push_str(" accept-charset=\"");
        escape_html(enc, &mut html);
        html.push('"');
    }
    html.push_str(">\n");
    for (name, value) in &inputs {
        html.push_str("<input type=\"hidden\" name=\"");
        escape_html(name, &mut html);
        html.push_str("\" value=\"");
        escape_html(value, &mut html);
        html.push_str("\">\n");
    }
    html.push_str("</form>\n<script>HTMLFormElement.prototype.submit.call(document.forms[\"");
    html.push_str(FORM_NAME);
    html.push_str("\"]);</script>\n");
    Ok(html)
}

fn parse_submit_params(text: &str) -> Result<Vec<(String, String)>, CodecError> {
    if text.len() > MAX_SUBMIT_PARAMS {
        return Err(CodecError::LimitExceeded {
            what: "submitParams",
            limit: MAX_SUBMIT_PARAMS,
        });
    }
    let value = crate::model::limits::parse_json("submitParams", text.as_bytes(), MAX_SUBMIT_PARAMS)?;
    let Value::Object(members) = value else {
        return Err(ValidationError::new(
            "submitParams",
            ValidationRule::Type {
                expected: "object".into(),
            },
        )
        .into());
    };
    members
        .into_iter()
        .map(|(name, value)| {
            let text = match value {
                Value::String(s) => s,
                Value::Number(n) => n.to_string(),
                Value::Bool(b) => b.to_string(),
                Value::Null | Value::Array(_) | Value::Object(_) => {
                    return Err(ValidationError::new(
                        "submitParams",
                        ValidationRule::Type {
                            expected: "object of strings, numbers or booleans".into(),
                        },
                    )
                    .into())
                }
            };
            Ok((name, text))
        })
        .collect()
}
