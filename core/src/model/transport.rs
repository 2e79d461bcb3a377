//! A transport-neutral description of HTTP messages: any client or server can send or build it.

use std::fmt;

use super::error::CodecError;

/// HTTP method.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum Method {
    /// GET
    Get,
    /// POST
    Post,
}

impl Method {
    /// `"GET"` or `"POST"`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Get => "GET",
            Self::Post => "POST",
        }
    }
}

/// What the provider documents about sending a request, for the caller's HTTP client.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
pub struct TransportHints {
    /// Documented response deadline, if any (Huanbei: 2000 ms).
    pub timeout_ms: Option<u32>,
    /// Whether repeating the request is safe (the provider answers a repeat identically).
    pub idempotent: bool,
}

/// An HTTP request, encoded or received. `Debug` shows sizes, not the body (it carries personal data).
#[derive(Clone, PartialEq, Eq)]
pub struct HttpRequest {
    /// Method.
    pub method: Method,
    /// Absolute URL or path, without the query string.
    pub url: String,
    /// Query parameters, in order, not yet percent-encoded.
    pub query: Vec<(String, String)>,
    /// Headers, in order (always including `Content-Type` when there is a body).
    pub headers: Vec<(String, String)>,
    /// Body bytes.
    pub body: Vec<u8>,
    /// Transport hints from the provider's documents.
    pub hints: TransportHints,
}

/// An HTTP response, encoded or received. `Debug` shows sizes, not the body.
#[derive(Clone, PartialEq, Eq)]
pub struct HttpResponse {
    /// Status code.
    pub status: u16,
    /// Headers, in order.
    pub headers: Vec<(String, String)>,
    /// Body bytes.
    pub body: Vec<u8>,
}

impl HttpRequest {
    /// A POST with a body of the given content type.
    pub fn post(url: impl Into<String>, content_type: &str, body: Vec<u8>) -> Self {
        Self {
            method: Method::Post,
            url: url.into(),
            query: Vec::new(),
            headers: vec![("Content-Type".to_owned(), content_type.to_owned())],
            body,
            hints: TransportHints::default(),
        }
    }

    /// URL with the percent-encoded query appended.
    pub fn full_url(&self) -> String {
        if self.query.is_empty() {
            return self.url.clone();
        }
        let query = crate::form::encode(self.query.iter().map(|(k, v)| (k.as_str(), v.as_str())));
        format!("{}?{query}", self.url)
    }

    /// First header with this name, case-insensitively.
    pub fn header(&self, name: &str) -> Option<&str> {
        find_header(&self.headers, name)
    }

    /// First query parameter with this name.
    pub fn query_param(&self, name: &str) -> Option<&str> {
        self.query.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
    }
}

impl HttpResponse {
    /// A response with a body of the given content type.
    pub fn new(status: u16, content_type: &str, body: Vec<u8>) -> Self {
        Self {
            status,
            headers: vec![("Content-Type".to_owned(), content_type.to_owned())],
            body,
        }
    }

    /// First header with this name, case-insensitively.
    pub fn header(&self, name: &str) -> Option<&str> {
        find_header(&self.headers, name)
    }
}

/// Why `response` is a transport failure before any provider looks at it: a non-2xx status.
pub(crate) fn failed_status(response: &HttpResponse) -> Option<String> {
    if (200..300).contains(&response.status) {
        return None;
    }
    let content_type = response
        .header("content-type")
        .map(|t| t.split(';').next().unwrap_or(t).trim().to_ascii_lowercase())
        .filter(|t| t.len() <= 64 && t.bytes().all(|b| b.is_ascii_graphic()));
    let body = match (is_blank(&response.body), content_type) {
        (true, _) => "an empty body".to_owned(),
        (false, Some(t)) => format!("a {t} body of {} bytes", response.body.len()),
        (false, None) => format!("a body of {} bytes", response.body.len()),
    };
    Some(format!(
        "HTTP {} with {body}: the provider or a proxy failed",
        response.status
    ))
}

/// Why a 2xx `response` is a transport failure before any provider looks at it: a blank body.
pub(crate) fn empty_reply(response: &HttpResponse) -> Option<String> {
    is_blank(&response.body).then(|| format!("HTTP {} with an empty body", response.status))
}

fn is_blank(body: &[u8]) -> bool {
    body.iter().all(u8::is_ascii_whitespace)
}

/// After the provider refused a 2xx reply: whether the body is not even in the reply's syntax
/// (a proxy's HTML page), which makes it a transport failure rather than a malformed reply.
pub(crate) fn unparsable_reply(format: super::codec::ReplyFormat, response: &HttpResponse) -> Option<String> {
    match format {
        super::codec::ReplyFormat::Json => serde_json::from_slice::<serde::de::IgnoredAny>(&response.body)
            .is_err()
            .then(|| format!("HTTP {} with a body that is not JSON", response.status)),
        super::codec::ReplyFormat::PlainText => (std::str::from_utf8(&response.body).is_err()
            || response.body.contains(&b'<'))
        .then(|| format!("HTTP {} with a body that is not a plain-text answer", response.status)),
    }
}

/// Headers a codec reads: a received message naming one twice is refused (which copy counts
/// differs between HTTP stacks).
const READ_HEADERS: [&str; 1] = ["content-type"];

/// The syntax rules every received request is held to, whatever the provider: at most
/// [`MAX_FIELDS`](super::limits::MAX_FIELDS) query parameters and headers, each query name once
/// and each header a codec reads once. Linear time; names are echoed only through the echo rule.
pub(crate) fn check_received_request(request: &HttpRequest) -> Result<(), CodecError> {
    check_count("query parameters", request.query.len())?;
    if let Some(name) = crate::text::form::first_repeated(&request.query) {
        return Err(CodecError::Malformed {
            field: crate::text::names::received_top_level_name("query", name),
            reason: "occurs more than once".into(),
        });
    }
    check_headers(&request.headers)
}

/// [`check_received_request`]'s header rules for a received response.
pub(crate) fn check_received_response(response: &HttpResponse) -> Result<(), CodecError> {
    check_headers(&response.headers)
}

fn check_headers(headers: &[(String, String)]) -> Result<(), CodecError> {
    check_count("headers", headers.len())?;
    for name in READ_HEADERS {
        if headers.iter().filter(|(k, _)| k.eq_ignore_ascii_case(name)).count() > 1 {
            return Err(CodecError::Malformed {
                field: name.to_owned(),
                reason: "header occurs more than once".into(),
            });
        }
    }
    Ok(())
}

fn check_count(what: &'static str, count: usize) -> Result<(), CodecError> {
    let limit = super::limits::MAX_FIELDS;
    if count > limit {
        Err(CodecError::LimitExceeded { what, limit })
    } else {
        Ok(())
    }
}

fn find_header<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
    headers
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
}

#[allow(clippy::missing_fields_in_debug)] // bodies, headers and query values carry personal data
impl fmt::Debug for HttpRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("HttpRequest")
            .field("method", &self.method)
            .field("url", &self.url)
            .field(
                "query_keys",
                &self.query.iter().map(|(k, _)| k.as_str()).collect::<Vec<_>>(),
            )
            .field("content_type", &self.header("content-type"))
            .field("body_len", &self.body.len())
            .field("hints", &self.hints)
            .finish()
    }
}

#[allow(clippy::missing_fields_in_debug)] // the body carries personal data
impl fmt::Debug for HttpResponse {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("HttpResponse")
            .field("status", &self.status)
            .field("content_type", &self.header("content-type"))
            .field("body_len", &self.body.len())
            .finish()
    }
}
