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
    BindCardApply, BindCardConfirm, CardType, DecodedRequest, DecodedResponse, EncodeOptions, Operation, UnifiedRequest,
};
use cardbind::rng::SeededRng;
use cardbind::{Codec, Context, Outcome, OutcomeStatus, Provider};
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict};
use rand_core::{TryCryptoRng, TryRng};
use serde_json::{Map, Value};

use crate::convert::{object_to_py, py_to_object, value_to_py};
use crate::errors::{kind_name, BindingError, BindingResult};
use crate::lowlevel::seed;

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<NativeClient>()?;
    m.add_class::<Request>()?;
    m.add_class::<Response>()?;
    m.add_class::<ReceivedRequest>()?;
    m.add_class::<ProviderResponse>()?;
    m.add_class::<NativeOutcome>()?;
    m.add_function(wrap_pyfunction!(spec_json, m)?)?;
    m.add_function(wrap_pyfunction!(providers, m)?)?;
    Ok(())
}

fn provider(name: &str) -> BindingResult<Provider> {
    Provider::from_name(name)
        .ok_or_else(|| BindingError::argument("provider", "must be one of lianlian, xianjincard, yixin, vbao, huanbei"))
}

/// The embedded machine-readable spec of a provider (JSON text).
#[pyfunction]
fn spec_json(provider: &str) -> PyResult<&'static str> {
    Ok(cardbind::providers::spec_json(self::provider(provider)?))
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

fn with_context<T>(
    py: Python<'_>,
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
    result.map_err(|e| BindingError::from(e).into())
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
        with_context(py, now_ms, seed, |ctx| {
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
        let request = unified_request(operation, py_to_object(fields, "fields")?)?;
        let codec = &*self.codec;
        let options = EncodeOptions { allow_unlisted_fields };
        with_context(py, now_ms, seed, |ctx| {
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
        body: &[u8],
        status: u16,
        headers: Vec<(String, String)>,
        now_ms: Option<i64>,
        seed: Option<&[u8]>,
    ) -> PyResult<Response> {
        let codec = &*self.codec;
        // Size first: a body past the codec's limit is refused before it is copied.
        check_body_size(codec, body)?;
        let response = HttpResponse {
            status,
            headers,
            body: body.to_vec(),
        };
        let decoded = with_context(py, now_ms, seed, |ctx| codec.decode_response(operation, &response, ctx))?;
        check_fields_convert(py, &decoded.fields)?;
        Ok(Response(decoded))
    }

    #[pyo3(signature = (body, *, method="POST", url="", headers=Vec::new(), query=Vec::new(), now_ms=None, seed=None))]
    #[allow(clippy::too_many_arguments)]
    fn decode_request(
        &self,
        py: Python<'_>,
        body: &[u8],
        method: &str,
        url: &str,
        headers: Vec<(String, String)>,
        query: Vec<(String, String)>,
        now_ms: Option<i64>,
        seed: Option<&[u8]>,
    ) -> PyResult<ReceivedRequest> {
        let method = match method.to_ascii_uppercase().as_str() {
            "GET" => Method::Get,
            "POST" => Method::Post,
            _ => return Err(BindingError::argument("method", "must be GET or POST").into()),
        };
        let codec = &*self.codec;
        check_body_size(codec, body)?;
        let request = HttpRequest {
            method,
            url: url.to_owned(),
            query,
            headers,
            body: body.to_vec(),
            hints: cardbind::model::transport::TransportHints::default(),
        };
        let decoded = with_context(py, now_ms, seed, |ctx| codec.decode_request(&request, ctx))?;
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
        with_context(py, now_ms, seed, |ctx| {
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

fn from_name<T: serde::de::DeserializeOwned>(field: &str, name: &str, allowed: &str) -> BindingResult<T> {
    serde_json::from_value(Value::String(name.to_owned()))
        .map_err(|_| BindingError::argument(field, format!("must be one of {allowed}")))
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
        .map(|t| from_name("card_type", &t, "debit, credit"))
        .transpose()
}

/// Builds a typed unified request from keyword fields; unknown fields are an error, not dropped.
fn unified_request(operation: &str, mut f: Map<String, Value>) -> BindingResult<UnifiedRequest> {
    let op: Operation = from_name(
        "operation",
        operation,
        "bind_card_apply, bind_card_confirm, list_bound_cards, list_supported_banks, lookup_card_bank, \
         check_agreement_needed, user_admission, approval_feedback, bind_result_notification",
    )?;
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
                .map(|b| from_name("bank", &b, "a cardbind bank name such as icbc, ccb, bocom"))
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
        return Err(BindingError::argument(
            unknown.clone(),
            "is not a field of this unified operation",
        ));
    }
    Ok(request)
}

/// An encoded request, ready for `requests`/`httpx`/`urllib`.
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
    fn query(&self) -> Vec<(String, String)> {
        self.0.query.clone()
    }
    #[getter]
    fn headers(&self) -> Vec<(String, String)> {
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
    fn __repr__(&self) -> String {
        format!(
            "<Request {} {} ({} query parameters, {}-byte body)>",
            self.0.method.as_str(),
            self.0.url,
            self.0.query.len(),
            self.0.body.len()
        )
    }
}

/// A response built in the server role, for the web framework to send.
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
    fn headers(&self) -> Vec<(String, String)> {
        self.0.headers.clone()
    }
    #[getter]
    fn body<'py>(&self, py: Python<'py>) -> Bound<'py, PyBytes> {
        PyBytes::new(py, &self.0.body)
    }
    fn __repr__(&self) -> String {
        format!("<ProviderResponse {} ({}-byte body)>", self.0.status, self.0.body.len())
    }
}

/// A decoded, verified response (client role).
#[pyclass(module = "cardbind._native", frozen)]
#[derive(Debug)]
pub struct Response(DecodedResponse);

#[pymethods]
impl Response {
    #[getter]
    fn operation(&self) -> &str {
        &self.0.operation
    }
    /// Business fields as plain Python values (decimals as `Decimal`).
    #[getter]
    fn fields<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        fields_dict(py, &self.0.fields)
    }
    #[getter]
    fn outcome(&self) -> NativeOutcome {
        NativeOutcome(self.0.outcome.clone())
    }
    /// `"verified"` or `"not_signed"` (the provider documents no signature on this message).
    #[getter]
    fn signature(&self) -> &'static str {
        signature_name(self.0.signature)
    }
    fn __repr__(&self) -> String {
        format!("{:?}", self.0)
    }
}

/// A decoded, verified request (server role).
#[pyclass(module = "cardbind._native", frozen)]
#[derive(Debug)]
pub struct ReceivedRequest(DecodedRequest);

#[pymethods]
impl ReceivedRequest {
    #[getter]
    fn operation(&self) -> &str {
        &self.0.operation
    }
    #[getter]
    fn fields<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        fields_dict(py, &self.0.fields)
    }
    #[getter]
    fn signature(&self) -> &'static str {
        signature_name(self.0.signature)
    }
    fn __repr__(&self) -> String {
        format!("{:?}", self.0)
    }
}

fn signature_name(check: cardbind::model::SignatureCheck) -> &'static str {
    match check {
        cardbind::model::SignatureCheck::Verified => "verified",
        cardbind::model::SignatureCheck::NotSigned => "not_signed",
    }
}

/// The unified outcome plus the provider's own code and message.
#[pyclass(module = "cardbind._native", name = "Outcome", frozen)]
#[derive(Debug)]
pub struct NativeOutcome(Outcome);

#[pymethods]
impl NativeOutcome {
    /// `succeeded`, `code_sent`, `pending` or `failed`.
    #[getter]
    fn status(&self) -> &'static str {
        match self.0.status {
            OutcomeStatus::Succeeded => "succeeded",
            OutcomeStatus::CodeSent { .. } => "code_sent",
            OutcomeStatus::Pending => "pending",
            OutcomeStatus::Failed { .. } => "failed",
        }
    }
    #[getter]
    fn kind(&self) -> Option<String> {
        self.0.error_kind().map(kind_name)
    }
    #[getter]
    fn retryable(&self) -> bool {
        matches!(self.0.status, OutcomeStatus::Failed { retryable: true, .. })
    }
    #[getter]
    fn confirm_token(&self) -> Option<&str> {
        match &self.0.status {
            OutcomeStatus::CodeSent { confirm_token } => confirm_token.as_deref(),
            _ => None,
        }
    }
    #[getter]
    fn provider_code(&self) -> &str {
        &self.0.provider_code
    }
    #[getter]
    fn provider_message(&self) -> Option<&str> {
        self.0.provider_message.as_deref()
    }
    /// Whether the reply's signature was verified: `False` for replies the protocol leaves
    /// unsigned and for transport failures.
    #[getter]
    fn authenticated(&self) -> bool {
        self.0.authenticated
    }
    /// The HTTP status of the reply this outcome was decoded from.
    #[getter]
    fn http_status(&self) -> Option<u16> {
        self.0.http_status
    }
    #[getter]
    fn succeeded(&self) -> bool {
        self.0.is_success()
    }
    fn __repr__(&self) -> String {
        let kind = self.kind().map(|k| format!(" kind={k}")).unwrap_or_default();
        format!(
            "<Outcome {}{kind} provider_code={:?}>",
            self.status(),
            self.0.provider_code
        )
    }
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
