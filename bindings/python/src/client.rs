//! One client per provider, both roles: the thin layer over `cardbind::Codec`.
//!
//! Every call takes the current time from the Python half and, optionally, a 32-byte seed (core
//! reads neither clock nor OS randomness), and releases the GIL while core works. Without a seed,
//! the call's generator is seeded from the OS (`getrandom`) the first time the operation draws:
//! verifying a signed reply draws nothing, signing and private-key decryption (blinded) do.

use std::convert::Infallible;

use cardbind::model::pii::{CardNumber, IdNumber, PersonName, Phone, VerifyCode};
use cardbind::model::transport::{HttpRequest, HttpResponse, Method};
use cardbind::model::{
    Bank, BindCardApply, BindCardConfirm, CardType, DecodedRequest, DecodedResponse, EncodeOptions, Operation,
    UnifiedRequest,
};
use cardbind::rng::SeededRng;
use cardbind::{Codec, Context, Outcome, OutcomeStatus, Provider};
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyBytes, PyDict, PyString};
use rand_core::{TryCryptoRng, TryRng};
use serde_json::{Map, Value};

use crate::convert::{bytes_like, object_to_py, py_to_object, value_to_py};
use crate::errors::{kind_name, BindingError, BindingResult};
use crate::lowlevel::seed;
use crate::masking::{intern, masked, pii_kind, pii_kind_name, PiiTable};

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<NativeClient>()?;
    m.add_class::<Request>()?;
    m.add_class::<Response>()?;
    m.add_class::<ReceivedRequest>()?;
    m.add_class::<ProviderResponse>()?;
    m.add_function(wrap_pyfunction!(_request_from_state, m)?)?;
    m.add_function(wrap_pyfunction!(_provider_response_from_state, m)?)?;
    m.add_function(wrap_pyfunction!(_response_from_state, m)?)?;
    m.add_function(wrap_pyfunction!(_received_request_from_state, m)?)?;
    m.add_function(wrap_pyfunction!(spec_json, m)?)?;
    m.add_function(wrap_pyfunction!(providers, m)?)?;
    Ok(())
}

fn provider(name: &str) -> BindingResult<Provider> {
    Provider::from_name(name).ok_or_else(|| BindingError::argument("provider", Provider::unknown_name_reason(name)))
}

/// The embedded machine-readable spec of a provider (JSON text).
#[pyfunction]
fn spec_json(provider: &str) -> PyResult<&'static str> {
    Ok(cardbind::registry::spec_json(self::provider(provider)?))
}

/// Every provider's name.
#[pyfunction]
fn providers() -> Vec<&'static str> {
    Provider::ALL.iter().map(|p| p.name()).collect()
}

/// A configured codec for one provider, usable from many threads.
#[pyclass(module = "cardbind._native", name = "Client", frozen)]
pub struct NativeClient {
    codec: Box<dyn Codec>,
}

/// Runs `work` with a context; a signature failure's error names the command that diagnoses a
/// message `provider` signed.
fn with_context<T>(
    py: Python<'_>,
    provider: Provider,
    now_ms: Option<i64>,
    seed_bytes: Option<&[u8]>,
    work: impl FnOnce(&mut Context<'_>) -> Result<T, cardbind::CodecError> + Send,
) -> PyResult<T>
where
    T: Send,
{
    let mut rng = LazyRng::new(seed_bytes.map(seed).transpose()?);
    let result = py.detach(|| {
        let mut ctx = Context::new(&mut rng, now_ms);
        work(&mut ctx)
    });
    if rng.os_failed {
        // Whatever ran on the stand-in stream is discarded.
        return Err(BindingError::OsRandomness.into());
    }
    result.map_err(|e| {
        BindingError::from(e)
            .diagnosed_by(cardbind_cli::diagnose_command(provider))
            .into()
    })
}

/// The call's generator, set up on first use: decoding most replies draws no randomness, so
/// their calls skip the ChaCha key setup (and, without a caller seed, the OS call). With a seed it
/// draws the same stream as `SeededRng::from_seed(seed)`.
struct LazyRng {
    seed: Option<[u8; 32]>,
    rng: Option<SeededRng>,
    /// The OS refused randomness: the call's result must not be returned.
    os_failed: bool,
}

impl LazyRng {
    fn new(seed: Option<[u8; 32]>) -> Self {
        Self {
            seed,
            rng: None,
            os_failed: false,
        }
    }

    fn rng(&mut self) -> &mut SeededRng {
        let (seed, os_failed) = (self.seed, &mut self.os_failed);
        self.rng.get_or_insert_with(|| {
            let seed = seed.unwrap_or_else(|| {
                let mut bytes = [0u8; 32];
                if getrandom::getrandom(&mut bytes).is_err() {
                    *os_failed = true; // the stand-in zero seed's output never leaves with_context
                }
                bytes
            });
            SeededRng::from_seed(seed)
        })
    }
}

impl TryRng for LazyRng {
    type Error = Infallible;

    fn try_next_u32(&mut self) -> Result<u32, Infallible> {
        self.rng().try_next_u32()
    }
    fn try_next_u64(&mut self) -> Result<u64, Infallible> {
        self.rng().try_next_u64()
    }
    fn try_fill_bytes(&mut self, dest: &mut [u8]) -> Result<(), Infallible> {
        self.rng().try_fill_bytes(dest)
    }
}

impl TryCryptoRng for LazyRng {}

impl std::fmt::Debug for NativeClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("NativeClient")
            .field("provider", &self.codec.provider())
            .finish_non_exhaustive()
    }
}

#[pymethods]
impl NativeClient {
    #[new]
    fn new(provider: &str, config_json: &str) -> PyResult<Self> {
        let codec = cardbind::providers::codec_from_config(self::provider(provider)?, config_json)
            .map_err(BindingError::from)?;
        Ok(Self { codec })
    }

    #[getter]
    fn provider(&self) -> &'static str {
        self.codec.provider().name()
    }

    fn operations(&self) -> Vec<&'static str> {
        self.codec.operations()
    }

    #[pyo3(signature = (operation, params, *, now_ms=None, seed=None, allow_unlisted_fields=false))]
    fn encode_request(
        &self,
        py: Python<'_>,
        operation: &str,
        params: &Bound<'_, PyAny>,
        now_ms: Option<i64>,
        seed: Option<&[u8]>,
        allow_unlisted_fields: bool,
    ) -> PyResult<Request> {
        let params = py_to_object(params, "params")?;
        let codec = &*self.codec;
        let options = EncodeOptions { allow_unlisted_fields };
        with_context(py, codec.provider(), now_ms, seed, |ctx| {
            codec.encode_request_with_options(operation, &params, &options, ctx)
        })
        .map(Request)
    }

    #[pyo3(signature = (operation, fields, *, now_ms=None, seed=None, allow_unlisted_fields=false))]
    fn encode_unified(
        &self,
        py: Python<'_>,
        operation: &str,
        fields: &Bound<'_, PyAny>,
        now_ms: Option<i64>,
        seed: Option<&[u8]>,
        allow_unlisted_fields: bool,
    ) -> PyResult<Request> {
        let request = unified_request(self.codec.provider(), operation, py_to_object(fields, "fields")?)?;
        let codec = &*self.codec;
        let options = EncodeOptions { allow_unlisted_fields };
        with_context(py, codec.provider(), now_ms, seed, |ctx| {
            codec.encode_unified_with_options(&request, &options, ctx)
        })
        .map(Request)
    }

    #[pyo3(signature = (operation, body, *, status=200, headers=Vec::new(), now_ms=None, seed=None))]
    #[allow(clippy::too_many_arguments)]
    fn decode_response(
        &self,
        py: Python<'_>,
        operation: &str,
        body: &Bound<'_, PyAny>,
        status: u16,
        headers: Vec<(String, String)>,
        now_ms: Option<i64>,
        seed: Option<&[u8]>,
    ) -> PyResult<Response> {
        let codec = &*self.codec;
        let body = bytes_like(body, "body")?;
        let body = body.as_bytes();
        // Size first: a body past the codec's limit is refused before it is copied.
        check_body_size(codec, body)?;
        let response = HttpResponse {
            status,
            headers,
            body: body.to_vec(),
        };
        let decoded = with_context(py, codec.provider(), now_ms, seed, |ctx| {
            codec.decode_response(operation, &response, ctx)
        })?;
        check_fields_convert(py, &decoded.fields)?;
        Ok(Response(decoded))
    }

    #[pyo3(signature = (body, *, method="POST", url="", headers=Vec::new(), query=Vec::new(), now_ms=None, seed=None))]
    #[allow(clippy::too_many_arguments)]
    fn decode_request(
        &self,
        py: Python<'_>,
        body: &Bound<'_, PyAny>,
        method: &str,
        url: &str,
        headers: Vec<(String, String)>,
        query: Vec<(String, String)>,
        now_ms: Option<i64>,
        seed: Option<&[u8]>,
    ) -> PyResult<ReceivedRequest> {
        let method = self::method(method)?;
        let codec = &*self.codec;
        let body = bytes_like(body, "body")?;
        let body = body.as_bytes();
        check_body_size(codec, body)?;
        let request = HttpRequest {
            method,
            url: url.to_owned(),
            query,
            headers,
            body: body.to_vec(),
            hints: cardbind::model::transport::TransportHints::default(),
        };
        let decoded = with_context(py, codec.provider(), now_ms, seed, |ctx| {
            codec.decode_request(&request, ctx)
        })?;
        check_fields_convert(py, &decoded.fields)?;
        Ok(ReceivedRequest(decoded))
    }

    #[pyo3(signature = (operation, fields, *, now_ms=None, seed=None, allow_unlisted_fields=false))]
    fn encode_response(
        &self,
        py: Python<'_>,
        operation: &str,
        fields: &Bound<'_, PyAny>,
        now_ms: Option<i64>,
        seed: Option<&[u8]>,
        allow_unlisted_fields: bool,
    ) -> PyResult<ProviderResponse> {
        let fields = py_to_object(fields, "fields")?;
        let codec = &*self.codec;
        let options = EncodeOptions { allow_unlisted_fields };
        with_context(py, codec.provider(), now_ms, seed, |ctx| {
            codec.encode_response_with_options(operation, &fields, &options, ctx)
        })
        .map(ProviderResponse)
    }

    fn __repr__(&self) -> String {
        format!("<Client {}>", self.codec.provider().name())
    }
}

/// A received body past the codec's limit, refused before anything copies it.
fn check_body_size(codec: &dyn Codec, body: &[u8]) -> PyResult<()> {
    let limit = codec.max_body_bytes();
    if body.len() > limit {
        return Err(BindingError::from(cardbind::CodecError::LimitExceeded {
            what: "body bytes",
            limit,
        })
        .into());
    }
    Ok(())
}

/// Decode-time check that every number of `fields` becomes a Python value: most are `int`s that
/// fit 64 bits (nothing to check); the others are converted once here, so that an exponent
/// `decimal.Decimal` cannot hold, or an integer past `sys.get_int_max_str_digits()`, is a
/// `DecodeError` from the decode call, never an exception from `.fields` later.
fn check_fields_convert(py: Python<'_>, fields: &Map<String, Value>) -> PyResult<()> {
    fn walk(py: Python<'_>, path: &str, value: &Value) -> PyResult<()> {
        match value {
            Value::Number(n) if n.as_i64().is_none() && n.as_u64().is_none() => {
                value_to_py(py, value).map(drop).map_err(|_| unconvertible(path).into())
            }
            Value::Array(items) => items.iter().try_for_each(|v| walk(py, path, v)),
            Value::Object(members) => members
                .iter()
                .try_for_each(|(k, v)| walk(py, &format!("{path}.{k}"), v)),
            Value::Null | Value::Bool(_) | Value::String(_) | Value::Number(_) => Ok(()),
        }
    }
    fields.iter().try_for_each(|(k, v)| walk(py, k, v))
}

fn unconvertible(field: &str) -> BindingError {
    BindingError::from(cardbind::CodecError::Malformed {
        field: field.to_owned(),
        reason: "a number Python cannot hold (decimal.Decimal's exponent range, or more digits than \
                 sys.get_int_max_str_digits())"
            .into(),
    })
}

/// `fields` as a dict; a conversion that fails after all (the interpreter's digit limit lowered
/// since decoding) is a `DecodeError` too.
fn fields_dict<'py>(py: Python<'py>, fields: &Map<String, Value>) -> PyResult<Bound<'py, PyDict>> {
    object_to_py(py, fields).map_err(|e| {
        if e.is_instance_of::<pyo3::exceptions::PyValueError>(py)
            || e.is_instance_of::<pyo3::exceptions::PyArithmeticError>(py)
        {
            unconvertible("fields").into()
        } else {
            e
        }
    })
}

fn take_str(fields: &mut Map<String, Value>, name: &str) -> BindingResult<Option<String>> {
    match fields.remove(name) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s)),
        Some(_) => Err(BindingError::argument(name, "must be a str")),
    }
}

fn need_str(fields: &mut Map<String, Value>, name: &str) -> BindingResult<String> {
    take_str(fields, name)?.ok_or_else(|| BindingError::argument(name, "is required"))
}

/// `name` as one of `allowed` (serde names); otherwise an error listing them, with the nearest.
fn from_name<T: serde::de::DeserializeOwned>(field: &str, name: &str, allowed: &[&str]) -> BindingResult<T> {
    serde_json::from_value(Value::String(name.to_owned()))
        .map_err(|_| BindingError::argument(field, cardbind::text::names::none_of(name, allowed)))
}

fn take_extra(fields: &mut Map<String, Value>) -> BindingResult<Map<String, Value>> {
    match fields.remove("extra") {
        None | Some(Value::Null) => Ok(Map::new()),
        Some(Value::Object(m)) => Ok(m),
        Some(_) => Err(BindingError::argument("extra", "must be a dict of wire fields")),
    }
}

fn card_type(fields: &mut Map<String, Value>) -> BindingResult<Option<CardType>> {
    take_str(fields, "card_type")?
        .map(|t| from_name("card_type", &t, &["debit", "credit"]))
        .transpose()
}

/// Builds a typed unified request from keyword fields; unknown fields are an error, not dropped.
fn unified_request(provider: Provider, operation: &str, mut f: Map<String, Value>) -> BindingResult<UnifiedRequest> {
    let op = Operation::from_name(operation)
        .ok_or_else(|| BindingError::argument("operation", Operation::unknown_name_reason(operation)))?;
    let request = match op {
        Operation::BindCardApply => UnifiedRequest::BindCardApply(BindCardApply {
            user_id: need_str(&mut f, "user_id")?,
            card_number: CardNumber::new("card_number", &need_str(&mut f, "card_number")?)?,
            phone: Phone::new("phone", &need_str(&mut f, "phone")?)?,
            holder_name: take_str(&mut f, "holder_name")?
                .map(|v| PersonName::new("holder_name", &v))
                .transpose()?,
            id_number: take_str(&mut f, "id_number")?
                .map(|v| IdNumber::new("id_number", &v))
                .transpose()?,
            bank: take_str(&mut f, "bank")?
                .map(|b| {
                    Bank::from_name(&b).ok_or_else(|| BindingError::argument("bank", Bank::unknown_name_reason(&b)))
                })
                .transpose()?,
            card_type: card_type(&mut f)?,
            order_id: take_str(&mut f, "order_id")?,
            verify_code: take_str(&mut f, "verify_code")?
                .map(|v| VerifyCode::new("verify_code", &v))
                .transpose()?,
            extra: take_extra(&mut f)?,
        }),
        Operation::BindCardConfirm => UnifiedRequest::BindCardConfirm(BindCardConfirm {
            user_id: need_str(&mut f, "user_id")?,
            confirm_token: take_str(&mut f, "confirm_token")?,
            verify_code: VerifyCode::new("verify_code", &need_str(&mut f, "verify_code")?)?,
            order_id: take_str(&mut f, "order_id")?,
            extra: take_extra(&mut f)?,
        }),
        Operation::ListBoundCards => UnifiedRequest::ListBoundCards {
            user_id: need_str(&mut f, "user_id")?,
        },
        Operation::ListSupportedBanks => UnifiedRequest::ListSupportedBanks {
            user_id: take_str(&mut f, "user_id")?,
            card_type: card_type(&mut f)?,
        },
        Operation::LookupCardBank => UnifiedRequest::LookupCardBank {
            card_number: CardNumber::new("card_number", &need_str(&mut f, "card_number")?)?,
        },
        Operation::CheckAgreementNeeded => UnifiedRequest::CheckAgreementNeeded {
            user_id: need_str(&mut f, "user_id")?,
            card_number: CardNumber::new("card_number", &need_str(&mut f, "card_number")?)?,
        },
        Operation::UserAdmission | Operation::ApprovalFeedback | Operation::BindResultNotification => {
            let fields = std::mem::take(&mut f);
            UnifiedRequest::Other { operation: op, fields }
        }
    };
    if let Some(unknown) = f.keys().next() {
        let reason = cardbind::registry::not_a_unified_field(provider, op, unknown);
        return Err(BindingError::argument(unknown.clone(), reason));
    }
    Ok(request)
}

/// `GET` or `POST`, in any case.
fn method(name: &str) -> BindingResult<Method> {
    match name.to_ascii_uppercase().as_str() {
        "GET" => Ok(Method::Get),
        "POST" => Ok(Method::Post),
        _ => Err(BindingError::argument("method", "must be GET or POST")),
    }
}

/// A native callable by name, for `__reduce__` (pickle finds it again by module and name).
fn native_fn<'py>(py: Python<'py>, name: &str) -> PyResult<Bound<'py, PyAny>> {
    py.import("cardbind._native")?.getattr(name)
}

/// `'text'` as Python's `repr` of a `str` writes it.
fn py_repr(py: Python<'_>, value: &str) -> PyResult<String> {
    Ok(PyString::new(py, value).repr()?.to_cow()?.into_owned())
}

type Pairs = Vec<(String, String)>;

/// What `__reduce__` returns: the callable that rebuilds the object, and its arguments.
type Reduced<'py, S> = PyResult<(Bound<'py, PyAny>, S)>;

/// `Request`'s pickled state: method, URL, query, headers, body, timeout, idempotent.
type RequestState<'py> = (
    &'static str,
    String,
    Pairs,
    Pairs,
    Bound<'py, PyBytes>,
    Option<u32>,
    bool,
);

/// A decoded message's personal-data fields with their masking, by name.
type PiiNames = Vec<(&'static str, &'static str)>;

/// An encoded request, ready for `requests`/`httpx`/`urllib`. Picklable and copyable.
#[pyclass(module = "cardbind._native", frozen)]
#[derive(Debug)]
pub struct Request(HttpRequest);

#[pymethods]
impl Request {
    #[getter]
    fn method(&self) -> &'static str {
        self.0.method.as_str()
    }
    /// The URL with the query string, percent-encoded.
    #[getter]
    fn url(&self) -> String {
        self.0.full_url()
    }
    /// The URL without the query string.
    #[getter]
    fn path(&self) -> &str {
        &self.0.url
    }
    #[getter]
    fn query(&self) -> Pairs {
        self.0.query.clone()
    }
    #[getter]
    fn headers(&self) -> Pairs {
        self.0.headers.clone()
    }
    #[getter]
    fn body<'py>(&self, py: Python<'py>) -> Bound<'py, PyBytes> {
        PyBytes::new(py, &self.0.body)
    }
    #[getter]
    fn timeout_ms(&self) -> Option<u32> {
        self.0.hints.timeout_ms
    }
    #[getter]
    fn idempotent(&self) -> bool {
        self.0.hints.idempotent
    }
    fn header(&self, name: &str) -> Option<&str> {
        self.0.header(name)
    }
    /// The URL without the query (query values may be personal data), and sizes only.
    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        Ok(format!(
            "Request(method={}, path={}, query=<{} parameters>, body=<{} bytes>)",
            py_repr(py, self.0.method.as_str())?,
            py_repr(py, self.0.url.as_str())?,
            self.0.query.len(),
            self.0.body.len()
        ))
    }
    fn __reduce__<'py>(&self, py: Python<'py>) -> Reduced<'py, RequestState<'py>> {
        let r = &self.0;
        let state = (
            r.method.as_str(),
            r.url.clone(),
            r.query.clone(),
            r.headers.clone(),
            PyBytes::new(py, &r.body),
            r.hints.timeout_ms,
            r.hints.idempotent,
        );
        Ok((native_fn(py, "_request_from_state")?, state))
    }
}

/// `Request.__reduce__`'s inverse.
#[pyfunction]
#[allow(clippy::too_many_arguments)]
fn _request_from_state(
    method_name: &str,
    url: String,
    query: Pairs,
    headers: Pairs,
    body: &Bound<'_, PyAny>,
    timeout_ms: Option<u32>,
    idempotent: bool,
) -> PyResult<Request> {
    Ok(Request(HttpRequest {
        method: method(method_name)?,
        url,
        query,
        headers,
        body: bytes_like(body, "body")?.as_bytes().to_vec(),
        hints: cardbind::model::transport::TransportHints { timeout_ms, idempotent },
    }))
}

/// A response built in the server role, for the web framework to send. Picklable and copyable.
#[pyclass(module = "cardbind._native", frozen)]
#[derive(Debug)]
pub struct ProviderResponse(HttpResponse);

#[pymethods]
impl ProviderResponse {
    #[getter]
    fn status(&self) -> u16 {
        self.0.status
    }
    #[getter]
    fn headers(&self) -> Pairs {
        self.0.headers.clone()
    }
    #[getter]
    fn body<'py>(&self, py: Python<'py>) -> Bound<'py, PyBytes> {
        PyBytes::new(py, &self.0.body)
    }
    fn __repr__(&self) -> String {
        format!(
            "ProviderResponse(status={}, body=<{} bytes>)",
            self.0.status,
            self.0.body.len()
        )
    }
    fn __reduce__<'py>(&self, py: Python<'py>) -> Reduced<'py, (u16, Pairs, Bound<'py, PyBytes>)> {
        let state = (self.0.status, self.0.headers.clone(), PyBytes::new(py, &self.0.body));
        Ok((native_fn(py, "_provider_response_from_state")?, state))
    }
}

/// `ProviderResponse.__reduce__`'s inverse.
#[pyfunction]
fn _provider_response_from_state(status: u16, headers: Pairs, body: &Bound<'_, PyAny>) -> PyResult<ProviderResponse> {
    Ok(ProviderResponse(HttpResponse {
        status,
        headers,
        body: bytes_like(body, "body")?.as_bytes().to_vec(),
    }))
}

/// What `__reduce__` of a decoded message carries: its fields as JSON text and the names of its
/// personal-data fields with their masking (so the copy masks exactly as the original).
fn fields_state(fields: &Map<String, Value>, pii: PiiTable) -> (String, PiiNames) {
    let pii = pii.iter().map(|(name, kind)| (*name, pii_kind_name(*kind))).collect();
    (Value::Object(fields.clone()).to_string(), pii)
}

fn fields_from_state(fields_json: &str, pii: Vec<(String, String)>) -> PyResult<(Map<String, Value>, PiiTable)> {
    let fields = serde_json::from_str(fields_json).map_err(|_| unconvertible("fields"))?;
    let pii = pii
        .into_iter()
        .map(|(name, kind)| Ok((name, pii_kind(&kind)?)))
        .collect::<BindingResult<Vec<_>>>()?;
    Ok((fields, intern(pii)))
}

/// `Response(...)` / `ReceivedRequest(...)`'s text: the fields masked as core's `Debug` masks them.
fn decoded_repr(
    py: Python<'_>,
    class: &str,
    operation: &str,
    outcome: Option<&Outcome>,
    signature: cardbind::model::SignatureCheck,
    fields: &Map<String, Value>,
    pii: PiiTable,
) -> PyResult<String> {
    let outcome = match outcome {
        Some(o) => format!(", outcome={}", outcome_to_py(py, o)?.repr()?.to_cow()?),
        None => String::new(),
    };
    Ok(format!(
        "{class}(operation={}{outcome}, signature={}, fields=<masked {}>)",
        py_repr(py, operation)?,
        py_repr(py, signature_name(signature))?,
        Value::Object(masked(fields, pii))
    ))
}

/// A decoded, verified response (client role). Picklable and copyable; `repr` masks.
#[pyclass(module = "cardbind._native", frozen)]
#[derive(Debug)]
pub struct Response(DecodedResponse);

#[pymethods]
impl Response {
    #[getter]
    fn operation(&self) -> &str {
        &self.0.operation
    }
    /// Business fields as plain Python values (decimals as `Decimal`). Personal data: log
    /// `masked_fields()` instead.
    #[getter]
    fn fields<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        fields_dict(py, &self.0.fields)
    }
    /// The fields with personal data masked by core's rules, for logs.
    fn masked_fields<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        fields_dict(py, &masked(&self.0.fields, self.0.pii))
    }
    #[getter]
    fn outcome<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        outcome_to_py(py, &self.0.outcome)
    }
    /// `"verified"` or `"not_signed"` (the provider documents no signature on this message).
    #[getter]
    fn signature(&self) -> &'static str {
        signature_name(self.0.signature)
    }
    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        let d = &self.0;
        decoded_repr(
            py,
            "Response",
            &d.operation,
            Some(&d.outcome),
            d.signature,
            &d.fields,
            d.pii,
        )
    }
    /// What to remember to refuse this reply if it comes again (a digest of exactly what its
    /// signature covers); `None` when the reply is not signed.
    #[getter]
    fn replay_key(&self) -> Option<&str> {
        self.0.replay_key.as_deref()
    }
    #[allow(clippy::type_complexity)]
    fn __reduce__<'py>(
        &self,
        py: Python<'py>,
    ) -> Reduced<'py, (String, String, String, &'static str, Option<String>, PiiNames)> {
        let d = &self.0;
        let (fields, pii) = fields_state(&d.fields, d.pii);
        let outcome = serde_json::to_string(&d.outcome).map_err(|_| unconvertible("outcome"))?;
        let state = (
            d.operation.clone(),
            fields,
            outcome,
            signature_name(d.signature),
            d.replay_key.clone(),
            pii,
        );
        Ok((native_fn(py, "_response_from_state")?, state))
    }
}

/// `Response.__reduce__`'s inverse.
#[pyfunction]
fn _response_from_state(
    operation: String,
    fields_json: &str,
    outcome_json: &str,
    signature: &str,
    replay_key: Option<String>,
    pii: Vec<(String, String)>,
) -> PyResult<Response> {
    let (fields, pii) = fields_from_state(fields_json, pii)?;
    Ok(Response(DecodedResponse {
        operation,
        fields,
        outcome: serde_json::from_str(outcome_json).map_err(|_| unconvertible("outcome"))?,
        signature: signature_from_name(signature)?,
        replay_key,
        pii,
    }))
}

/// A decoded, verified request (server role). Picklable and copyable; `repr` masks.
#[pyclass(module = "cardbind._native", frozen)]
#[derive(Debug)]
pub struct ReceivedRequest(DecodedRequest);

#[pymethods]
impl ReceivedRequest {
    #[getter]
    fn operation(&self) -> &str {
        &self.0.operation
    }
    /// Business fields as plain Python values. Personal data: log `masked_fields()` instead.
    #[getter]
    fn fields<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        fields_dict(py, &self.0.fields)
    }
    /// The fields with personal data masked by core's rules, for logs.
    fn masked_fields<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        fields_dict(py, &masked(&self.0.fields, self.0.pii))
    }
    #[getter]
    fn signature(&self) -> &'static str {
        signature_name(self.0.signature)
    }
    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        let d = &self.0;
        decoded_repr(py, "ReceivedRequest", &d.operation, None, d.signature, &d.fields, d.pii)
    }
    /// What to remember to refuse this request if it comes again: a digest of exactly the bytes
    /// its signature covers, with the provider and the operation (unsigned fields never enter it,
    /// so rewriting or deleting one keeps the key). `None` when the request is not signed.
    #[getter]
    fn replay_key(&self) -> Option<&str> {
        self.0.replay_key.as_deref()
    }
    /// The same logical request whatever its key order, transport ids or signature (SHA-256 of
    /// the fields as canonical JSON): what a provider that answers repeats identically keys by.
    #[getter]
    fn fingerprint(&self) -> String {
        self.0.fingerprint()
    }
    fn __reduce__<'py>(
        &self,
        py: Python<'py>,
    ) -> Reduced<'py, (String, String, &'static str, Option<String>, PiiNames)> {
        let d = &self.0;
        let (fields, pii) = fields_state(&d.fields, d.pii);
        let state = (
            d.operation.clone(),
            fields,
            signature_name(d.signature),
            d.replay_key.clone(),
            pii,
        );
        Ok((native_fn(py, "_received_request_from_state")?, state))
    }
}

/// `ReceivedRequest.__reduce__`'s inverse.
#[pyfunction]
fn _received_request_from_state(
    operation: String,
    fields_json: &str,
    signature: &str,
    replay_key: Option<String>,
    pii: Vec<(String, String)>,
) -> PyResult<ReceivedRequest> {
    let (fields, pii) = fields_from_state(fields_json, pii)?;
    Ok(ReceivedRequest(DecodedRequest {
        operation,
        fields,
        signature: signature_from_name(signature)?,
        replay_key,
        pii,
    }))
}

fn signature_name(check: cardbind::model::SignatureCheck) -> &'static str {
    match check {
        cardbind::model::SignatureCheck::Verified => "verified",
        cardbind::model::SignatureCheck::NotSigned => "not_signed",
    }
}

fn signature_from_name(name: &str) -> BindingResult<cardbind::model::SignatureCheck> {
    match name {
        "verified" => Ok(cardbind::model::SignatureCheck::Verified),
        "not_signed" => Ok(cardbind::model::SignatureCheck::NotSigned),
        _ => Err(BindingError::argument("signature", "must be verified or not_signed")),
    }
}

/// `cardbind.Outcome` (a frozen dataclass in `cardbind/_outcome.py`: compares and hashes by
/// value, pickles, and its `status`/`kind` are `str` enums).
fn outcome_to_py<'py>(py: Python<'py>, outcome: &Outcome) -> PyResult<Bound<'py, PyAny>> {
    static CLASS: PyOnceLock<Py<PyAny>> = PyOnceLock::new();
    let class = CLASS.get_or_try_init(py, || {
        Ok::<_, PyErr>(py.import("cardbind._outcome")?.getattr("Outcome")?.unbind())
    })?;
    let (status, retryable, confirm_token) = match &outcome.status {
        OutcomeStatus::Succeeded => ("succeeded", false, None),
        OutcomeStatus::CodeSent { confirm_token } => ("code_sent", false, confirm_token.as_deref()),
        OutcomeStatus::Pending => ("pending", false, None),
        OutcomeStatus::Failed { retryable, .. } => ("failed", *retryable, None),
    };
    let kwargs = PyDict::new(py);
    kwargs.set_item("status", status)?;
    kwargs.set_item("kind", outcome.error_kind().map(kind_name))?;
    kwargs.set_item("retryable", retryable)?;
    kwargs.set_item("confirm_token", confirm_token)?;
    kwargs.set_item("provider_code", &outcome.provider_code)?;
    kwargs.set_item("provider_message", outcome.provider_message.as_deref())?;
    kwargs.set_item("authenticated", outcome.authenticated)?;
    kwargs.set_item("http_status", outcome.http_status)?;
    class.bind(py).call((), Some(&kwargs))
}

#[cfg(test)]
mod tests {
    use rand_core::Rng as _;

    use super::*;

    #[test]
    fn lazy_rng_draws_the_seeded_stream_and_builds_it_only_when_drawn() {
        let seed = [7u8; 32];
        let mut lazy = LazyRng::new(Some(seed));
        assert!(lazy.rng.is_none());
        let mut eager = SeededRng::from_seed(seed);
        let (mut a, mut b) = ([0u8; 40], [0u8; 40]);
        lazy.fill_bytes(&mut a);
        eager.fill_bytes(&mut b);
        assert_eq!(a, b);
        assert_eq!(lazy.next_u64(), eager.next_u64());
        assert_eq!(lazy.next_u32(), eager.next_u32());
        assert!(lazy.rng.is_some());
    }

    #[test]
    fn lazy_rng_without_a_seed_draws_from_the_os_only_when_drawn() {
        let (mut first, mut second) = (LazyRng::new(None), LazyRng::new(None));
        assert!(first.rng.is_none() && second.rng.is_none());
        let (mut a, mut b) = ([0u8; 32], [0u8; 32]);
        first.fill_bytes(&mut a);
        second.fill_bytes(&mut b);
        assert!(!first.os_failed && !second.os_failed);
        assert_ne!(a, b, "two unseeded calls share no stream");
        assert_ne!(a, [0u8; 32]);
    }
}
