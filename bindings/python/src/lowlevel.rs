//! Keys and the signing primitives, for debugging a signature by hand.

use cardbind::encoding::HexCase;
use cardbind::rng::SeededRng;
use cardbind::signature::{md5_hex_sign, md5_hex_verify};
use cardbind::{CanonicalRule, CaseRule, DigestAlgorithm, KeyOrder, PrivateKey, PublicKey};
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict, PyString};

use crate::convert::bytes_like;
use crate::errors::{BindingError, BindingResult};

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<NativePublicKey>()?;
    m.add_class::<NativePrivateKey>()?;
    m.add_function(wrap_pyfunction!(canonical_string, m)?)?;
    m.add_function(wrap_pyfunction!(xianjincard_sign_string, m)?)?;
    m.add_function(wrap_pyfunction!(md5_sign, m)?)?;
    m.add_function(wrap_pyfunction!(md5_verify, m)?)?;
    Ok(())
}

pub fn digest(name: &str) -> BindingResult<DigestAlgorithm> {
    match name.to_ascii_lowercase().as_str() {
        "md5" => Ok(DigestAlgorithm::Md5),
        "sha1" | "sha-1" => Ok(DigestAlgorithm::Sha1),
        "sha256" | "sha-256" => Ok(DigestAlgorithm::Sha256),
        _ => Err(BindingError::argument("digest", "must be one of md5, sha1, sha256")),
    }
}

/// Key text or bytes: PEM, DER, or bare base64.
fn key_bytes(data: &Bound<'_, PyAny>) -> PyResult<Vec<u8>> {
    if let Ok(s) = data.cast::<PyString>() {
        return Ok(s.to_cow()?.as_bytes().to_vec());
    }
    bytes_like(data, "key")
        .map(|b| b.as_bytes().to_vec())
        .map_err(|_| BindingError::argument("key", "must be str or bytes-like (PEM, DER or bare base64)").into())
}

pub fn seed(bytes: &[u8]) -> BindingResult<[u8; 32]> {
    bytes
        .try_into()
        .map_err(|_| BindingError::argument("seed", "must be exactly 32 random bytes"))
}

/// An RSA public key. Parsing precomputes what verification needs, so keep the object.
#[pyclass(module = "cardbind._native", name = "PublicKey", frozen)]
#[derive(Debug)]
pub struct NativePublicKey(pub PublicKey);

#[pymethods]
impl NativePublicKey {
    #[staticmethod]
    fn load(data: &Bound<'_, PyAny>) -> PyResult<Self> {
        Ok(Self(PublicKey::parse(key_bytes(data)?).map_err(BindingError::from)?))
    }
    #[getter]
    fn bits(&self) -> usize {
        self.0.bits()
    }
    #[getter]
    fn fingerprint(&self) -> String {
        self.0.fingerprint()
    }
    fn to_pem(&self) -> String {
        self.0.to_spki_pem()
    }
    fn to_der<'py>(&self, py: Python<'py>) -> Bound<'py, PyBytes> {
        PyBytes::new(py, &self.0.to_spki_der())
    }
    fn to_base64(&self) -> String {
        self.0.to_base64()
    }
    /// Raises `InvalidSignature`; never returns a bool.
    fn verify(&self, py: Python<'_>, message: &Bound<'_, PyAny>, signature: &str, digest: &str) -> PyResult<()> {
        let algorithm = self::digest(digest)?;
        let message = bytes_like(message, "message")?;
        let message = message.as_bytes();
        let key = &self.0;
        py.detach(|| key.verify_pkcs1v15_base64(algorithm, message, signature))
            .map_err(|e| {
                let rule = cardbind::SignatureAlgorithm::RsaPkcs1v15 { digest: algorithm };
                BindingError::from(e)
                    .diagnosed_by(Some(cardbind_cli::diagnose_command_for(&rule)))
                    .into()
            })
    }
    fn __repr__(&self) -> String {
        format!("<PublicKey RSA-{} {}>", self.0.bits(), self.0.fingerprint())
    }
}

/// An RSA private key. Its repr shows the size and the public fingerprint, never key material.
#[pyclass(module = "cardbind._native", name = "PrivateKey", frozen)]
#[derive(Debug)]
pub struct NativePrivateKey(pub PrivateKey);

#[pymethods]
impl NativePrivateKey {
    #[staticmethod]
    fn load(data: &Bound<'_, PyAny>) -> PyResult<Self> {
        Ok(Self(PrivateKey::parse(key_bytes(data)?).map_err(BindingError::from)?))
    }
    #[getter]
    fn bits(&self) -> usize {
        self.0.bits()
    }
    fn public_key(&self) -> NativePublicKey {
        NativePublicKey(self.0.public_key().clone())
    }
    fn to_pem(&self) -> String {
        self.0.to_pkcs8_pem().to_string()
    }
    /// Blinded RSASSA-PKCS1-v1_5; `seed` is 32 random bytes for the blinding.
    fn sign(&self, py: Python<'_>, message: &Bound<'_, PyAny>, digest: &str, seed: &[u8]) -> PyResult<String> {
        let algorithm = self::digest(digest)?;
        let message = bytes_like(message, "message")?;
        let message = message.as_bytes();
        let mut rng = SeededRng::from_seed(self::seed(seed)?);
        let key = &self.0;
        py.detach(|| key.sign_pkcs1v15_base64(&mut rng, algorithm, message))
            .map_err(|e| BindingError::from(e).into())
    }
    fn __repr__(&self) -> String {
        format!(
            "<PrivateKey RSA-{} public {}>",
            self.0.bits(),
            self.0.public_key().fingerprint()
        )
    }
}

/// Sorted `k=v&k=v` over `params` (values raw, never URL-encoded).
#[pyfunction]
#[pyo3(signature = (params, exclude, case_insensitive, skip_empty))]
fn canonical_string<'py>(
    py: Python<'py>,
    params: &Bound<'py, PyDict>,
    exclude: Vec<String>,
    case_insensitive: bool,
    skip_empty: bool,
) -> PyResult<Bound<'py, PyBytes>> {
    let mut pairs: Vec<(String, Option<String>)> = Vec::with_capacity(params.len());
    for (k, v) in params.iter() {
        let key: String = k
            .extract()
            .map_err(|_| BindingError::argument("params", "keys must be str"))?;
        let value: Option<String> = if v.is_none() {
            None
        } else {
            Some(
                v.extract()
                    .map_err(|_| BindingError::argument(key.clone(), "value must be str or None"))?,
            )
        };
        pairs.push((key, value));
    }
    let rule = CanonicalRule::SortedPairs {
        order: if case_insensitive {
            KeyOrder::CaseInsensitive
        } else {
            KeyOrder::Bytewise
        },
        exclude,
        skip_empty,
    };
    let bytes = rule
        .build(pairs.iter().map(|(k, v)| (k.as_str(), v.as_deref())))
        .map_err(BindingError::from)?;
    Ok(PyBytes::new(py, &bytes))
}

/// xianjincard's `K + call + K + args + K` with `K = ua + signkey + ua`.
#[pyfunction]
fn xianjincard_sign_string<'py>(
    py: Python<'py>,
    ua: &str,
    signkey: &str,
    call: &str,
    args: &str,
) -> PyResult<Bound<'py, PyBytes>> {
    let bytes = CanonicalRule::xianjincard()
        .build([
            ("ua", Some(ua)),
            ("signkey", Some(signkey)),
            ("call", Some(call)),
            ("args", Some(args)),
        ])
        .map_err(BindingError::from)?;
    Ok(PyBytes::new(py, &bytes))
}

fn salt<'a>(salt_prefix: &'a str, secret: Option<&'a str>) -> Vec<&'a [u8]> {
    match secret {
        Some(s) => vec![salt_prefix.as_bytes(), s.as_bytes()],
        None => Vec::new(),
    }
}

/// `hex(md5(message + salt_prefix + secret))`.
#[pyfunction]
#[pyo3(signature = (message, secret, salt_prefix, upper))]
fn md5_sign(message: &Bound<'_, PyAny>, secret: Option<&str>, salt_prefix: &str, upper: bool) -> PyResult<String> {
    let message = bytes_like(message, "message")?;
    let case = if upper { HexCase::Upper } else { HexCase::Lower };
    Ok(md5_hex_sign(message.as_bytes(), &salt(salt_prefix, secret), case))
}

/// Constant-time check of an MD5 hex signature; raises `InvalidSignature`.
#[pyfunction]
#[pyo3(signature = (message, signature, secret, salt_prefix, upper, case_insensitive))]
fn md5_verify(
    message: &Bound<'_, PyAny>,
    signature: &str,
    secret: Option<&str>,
    salt_prefix: &str,
    upper: bool,
    case_insensitive: bool,
) -> PyResult<()> {
    let case = if upper { HexCase::Upper } else { HexCase::Lower };
    let rule = if case_insensitive {
        CaseRule::Insensitive
    } else {
        CaseRule::Exact
    };
    let message = bytes_like(message, "message")?;
    md5_hex_verify(message.as_bytes(), &salt(salt_prefix, secret), signature, case, rule).map_err(|e| {
        let rule = cardbind::SignatureAlgorithm::Md5Hex {
            salt_prefix: secret.map(|_| salt_prefix.to_owned()),
            case,
            verify_case: rule,
        };
        BindingError::from(e)
            .diagnosed_by(Some(cardbind_cli::diagnose_command_for(&rule)))
            .into()
    })
}
