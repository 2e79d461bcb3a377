//! RSA keys in every shape Chinese payment providers hand them out.
//!
//! One entry point per role ([`PublicKey::parse`], [`PrivateKey::parse`]) auto-detects PEM
//! (`PUBLIC KEY`, `RSA PUBLIC KEY`, `PRIVATE KEY`, `RSA PRIVATE KEY`), raw DER and bare base64 DER
//! (one line or wrapped, surrounded by whitespace or not).

use std::fmt;
use std::fmt::Write as _;
use std::sync::Arc;

use rsa::pkcs1::{DecodeRsaPrivateKey as _, DecodeRsaPublicKey as _};
use rsa::pkcs8::{DecodePrivateKey as _, DecodePublicKey as _, EncodePrivateKey as _, EncodePublicKey as _};
use rsa::traits::{PrivateKeyParts as _, PublicKeyParts as _};

use crate::encoding::{decode_base64_lenient, encode_base64, encode_hex, Base64Error, HexCase};
use crate::fast_rsa::PreparedModulus;

/// Smallest modulus cardbind accepts. LianLian's own key is 1024-bit, so no higher floor is possible.
pub const MIN_KEY_BITS: usize = 1024;
/// Largest modulus cardbind accepts (the `rsa` crate's own ceiling).
pub const MAX_KEY_BITS: usize = 4096;

/// Why key material was refused. Never contains any of the key's bytes.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum KeyError {
    /// The PEM is password-protected; cardbind takes no passwords.
    #[error("key is encrypted ({label}); export it unencrypted (e.g. `openssl pkey -in key.pem -out plain.pem`)")]
    Encrypted {
        /// The PEM label or header that says so.
        label: &'static str,
    },
    /// The key is for another algorithm.
    #[error("not an RSA key (algorithm {algorithm})")]
    NotRsa {
        /// The algorithm's name or OID.
        algorithm: String,
    },
    /// A PEM block with a label this library does not read.
    #[error("unsupported PEM label `{label}`")]
    UnsupportedPemLabel {
        /// The label after `-----BEGIN `.
        label: String,
    },
    /// PEM armour is broken (missing END line, mismatched labels...).
    #[error("malformed PEM: {reason}")]
    MalformedPem {
        /// What is wrong with the armour.
        reason: &'static str,
    },
    /// The base64 inside the PEM, or the bare base64 key, does not decode.
    #[error("key is not valid base64: {0}")]
    Base64(#[from] Base64Error),
    /// The bytes are not a DER-encoded key of the expected role.
    #[error("key is not a valid DER {expected} (tried {tried})")]
    MalformedDer {
        /// What was expected (`public key` or `private key`).
        expected: &'static str,
        /// The structures that were tried.
        tried: &'static str,
    },
    /// A private key was given where a public one is needed.
    #[error(
        "a private key was given where a public key is needed; use `PublicKey::from_private` to derive one on purpose"
    )]
    PrivateWherePublicExpected,
    /// A public key was given where a private one is needed.
    #[error("a public key was given where a private key is needed")]
    PublicWherePrivateExpected,
    /// The modulus is smaller than [`MIN_KEY_BITS`].
    #[error("RSA key of {bits} bits is too small (minimum {MIN_KEY_BITS})")]
    TooSmall {
        /// The modulus size.
        bits: usize,
    },
    /// The modulus is larger than [`MAX_KEY_BITS`].
    #[error("RSA key of {bits} bits is too large (maximum {MAX_KEY_BITS})")]
    TooLarge {
        /// The modulus size.
        bits: usize,
    },
    /// The key parsed but its numbers are inconsistent (e.g. p·q ≠ n).
    #[error("RSA key is inconsistent: {reason}")]
    Inconsistent {
        /// Which check failed.
        reason: &'static str,
    },
}

/// An RSA public key, with the precomputation its verifications reuse.
#[derive(Clone)]
pub struct PublicKey {
    inner: Arc<rsa::RsaPublicKey>,
    prepared: Arc<PreparedModulus>,
}

/// An RSA private key. Its `Debug` shows only size and public fingerprint.
#[derive(Clone)]
pub struct PrivateKey {
    inner: Arc<rsa::RsaPrivateKey>,
    /// The same key prepared for the constant-time private-key path (every private operation).
    ct: Arc<crate::rsa_ct::RsaPrivate>,
    public: PublicKey,
}

/// What a key input turned out to be.
#[derive(Debug, Clone)]
pub enum KeyMaterial {
    /// A public key.
    Public(PublicKey),
    /// A private key (its public half is available through [`PrivateKey::public_key`]).
    Private(PrivateKey),
}

/// How a key was encoded on input (reported by inspection tools).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyEncoding {
    /// PEM armour with the given label.
    Pem(PemLabel),
    /// Raw DER bytes.
    Der(DerStructure),
    /// Bare base64 of DER bytes.
    Base64(DerStructure),
}

/// The four PEM labels cardbind reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PemLabel {
    /// `PUBLIC KEY` (X.509 SubjectPublicKeyInfo).
    PublicKey,
    /// `RSA PUBLIC KEY` (PKCS#1).
    RsaPublicKey,
    /// `PRIVATE KEY` (PKCS#8).
    PrivateKey,
    /// `RSA PRIVATE KEY` (PKCS#1).
    RsaPrivateKey,
}

/// DER structures cardbind reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DerStructure {
    /// X.509 SubjectPublicKeyInfo.
    Spki,
    /// PKCS#1 RSAPublicKey.
    Pkcs1Public,
    /// PKCS#8 PrivateKeyInfo.
    Pkcs8,
    /// PKCS#1 RSAPrivateKey.
    Pkcs1Private,
}

const RSA_OID: &str = "1.2.840.113549.1.1.1";

impl KeyMaterial {
    /// Parses a key of either role, auto-detecting PEM, DER or bare base64.
    pub fn parse(input: &[u8]) -> Result<(Self, KeyEncoding), KeyError> {
        // DER is binary and its last byte may well be 0x20 or 0x0a, so it is detected on the raw
        // input and never whitespace-trimmed. (Base64 of a DER key starts with `M`, never `0`.)
        if input.first() == Some(&0x30) {
            let (key, structure) = parse_der_any(input)?;
            return Ok((key, KeyEncoding::Der(structure)));
        }
        let trimmed = trim_ascii(input);
        if trimmed.starts_with(b"-----BEGIN ") {
            let (label, der) = parse_pem(trimmed)?;
            let structure = match label {
                PemLabel::PublicKey => DerStructure::Spki,
                PemLabel::RsaPublicKey => DerStructure::Pkcs1Public,
                PemLabel::PrivateKey => DerStructure::Pkcs8,
                PemLabel::RsaPrivateKey => DerStructure::Pkcs1Private,
            };
            let key = parse_der_as(&der, structure)?;
            Ok((key, KeyEncoding::Pem(label)))
        } else {
            let der = decode_base64_lenient("key", trimmed)?;
            let (key, structure) = parse_der_any(&der)?;
            Ok((key, KeyEncoding::Base64(structure)))
        }
    }
}

impl PublicKey {
    /// Parses a public key (SPKI or PKCS#1; PEM, DER or bare base64).
    ///
    /// A private key is refused with [`KeyError::PrivateWherePublicExpected`]: pasting one's own
    /// private key where the provider's public key belongs is a configuration mistake, not a
    /// shortcut. Derive on purpose with [`PublicKey::from_private`].
    pub fn parse(input: impl AsRef<[u8]>) -> Result<Self, KeyError> {
        match KeyMaterial::parse(input.as_ref())?.0 {
            KeyMaterial::Public(k) => Ok(k),
            KeyMaterial::Private(_) => Err(KeyError::PrivateWherePublicExpected),
        }
    }

    /// The public half of `private`.
    pub fn from_private(private: &PrivateKey) -> Self {
        private.public.clone()
    }

    fn from_rsa(inner: rsa::RsaPublicKey) -> Result<Self, KeyError> {
        let bits = inner.n().bits();
        check_size(bits)?;
        let prepared =
            PreparedModulus::new(&inner.n().to_bytes_be(), &inner.e().to_bytes_be()).ok_or(KeyError::Inconsistent {
                reason: "modulus must be odd",
            })?;
        Ok(Self {
            inner: Arc::new(inner),
            prepared: Arc::new(prepared),
        })
    }

    /// Modulus size in bits.
    pub fn bits(&self) -> usize {
        self.inner.n().bits()
    }

    /// Modulus size in bytes: the length of every signature and ciphertext block.
    pub fn size(&self) -> usize {
        self.inner.size()
    }

    /// SPKI DER encoding.
    pub fn to_spki_der(&self) -> Vec<u8> {
        // Encoding a valid in-memory key cannot fail (only allocation could).
        self.inner
            .to_public_key_der()
            .map(|d| d.as_bytes().to_vec())
            .unwrap_or_default()
    }

    /// SPKI PEM (`-----BEGIN PUBLIC KEY-----`), LF line endings.
    pub fn to_spki_pem(&self) -> String {
        pem_armour("PUBLIC KEY", &self.to_spki_der())
    }

    /// Bare base64 of the SPKI DER, on one line (what providers exchange).
    pub fn to_base64(&self) -> String {
        encode_base64(&self.to_spki_der())
    }

    /// `SHA256:` + lower-case hex SHA-256 of the SPKI DER (as `openssl pkey -pubout -outform DER | sha256sum`).
    pub fn fingerprint(&self) -> String {
        let d = crate::digest::DigestAlgorithm::Sha256.digest(&self.to_spki_der());
        format!("SHA256:{}", encode_hex(&d, HexCase::Lower))
    }

    pub(crate) fn rsa(&self) -> &rsa::RsaPublicKey {
        &self.inner
    }

    pub(crate) fn prepared(&self) -> &PreparedModulus {
        &self.prepared
    }
}

impl PrivateKey {
    /// Parses a private key (PKCS#8 or PKCS#1; PEM, DER or bare base64).
    pub fn parse(input: impl AsRef<[u8]>) -> Result<Self, KeyError> {
        match KeyMaterial::parse(input.as_ref())?.0 {
            KeyMaterial::Private(k) => Ok(k),
            KeyMaterial::Public(_) => Err(KeyError::PublicWherePrivateExpected),
        }
    }

    fn from_rsa(mut inner: rsa::RsaPrivateKey) -> Result<Self, KeyError> {
        check_size(inner.n().bits())?;
        inner.validate().map_err(|_| KeyError::Inconsistent {
            reason: "private key fails RSA consistency checks",
        })?;
        inner.precompute().map_err(|_| KeyError::Inconsistent {
            reason: "CRT parameters cannot be computed",
        })?;
        let public = PublicKey::from_rsa(inner.to_public_key())?;
        let ct = prepare_constant_time(&inner).ok_or(KeyError::Inconsistent {
            reason: "private key is not a two-prime key of a supported size",
        })?;
        Ok(Self {
            inner: Arc::new(inner),
            ct: Arc::new(ct),
            public,
        })
    }

    /// The public half.
    pub fn public_key(&self) -> &PublicKey {
        &self.public
    }

    /// Modulus size in bits.
    pub fn bits(&self) -> usize {
        self.public.bits()
    }

    /// PKCS#8 DER encoding (secret: handle with care).
    pub fn to_pkcs8_der(&self) -> zeroize::Zeroizing<Vec<u8>> {
        zeroize::Zeroizing::new(
            self.inner
                .to_pkcs8_der()
                .map(|d| d.as_bytes().to_vec())
                .unwrap_or_default(),
        )
    }

    /// PKCS#8 PEM (`-----BEGIN PRIVATE KEY-----`).
    pub fn to_pkcs8_pem(&self) -> zeroize::Zeroizing<String> {
        zeroize::Zeroizing::new(pem_armour("PRIVATE KEY", &self.to_pkcs8_der()))
    }

    pub(crate) fn constant_time(&self) -> &crate::rsa_ct::RsaPrivate {
        &self.ct
    }
}

/// The CRT numbers of a two-prime key, for [`crate::rsa_ct`].
fn prepare_constant_time(key: &rsa::RsaPrivateKey) -> Option<crate::rsa_ct::RsaPrivate> {
    let [p, q] = key.primes() else {
        return None;
    };
    let be = |x: &rsa::BigUint| zeroize::Zeroizing::new(x.to_bytes_be());
    let (n, e) = (key.n().to_bytes_be(), key.e().to_bytes_be());
    let (p, q) = (be(p), be(q));
    let (dp, dq) = (be(key.dp()?), be(key.dq()?));
    let qinv = zeroize::Zeroizing::new(key.crt_coefficient()?.to_bytes_be());
    crate::rsa_ct::RsaPrivate::new(crate::rsa_ct::PrivateNumbers {
        n: &n,
        e: &e,
        p: &p,
        q: &q,
        dp: &dp,
        dq: &dq,
        qinv: &qinv,
    })
}

impl fmt::Debug for PublicKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PublicKey")
            .field("bits", &self.bits())
            .field("fingerprint", &self.fingerprint())
            .finish()
    }
}

impl fmt::Debug for PrivateKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PrivateKey")
            .field("bits", &self.bits())
            .field("public_fingerprint", &self.public.fingerprint())
            .finish_non_exhaustive()
    }
}

impl PartialEq for PublicKey {
    fn eq(&self, other: &Self) -> bool {
        self.inner == other.inner
    }
}
impl Eq for PublicKey {}

fn check_size(bits: usize) -> Result<(), KeyError> {
    if bits < MIN_KEY_BITS {
        Err(KeyError::TooSmall { bits })
    } else if bits > MAX_KEY_BITS {
        Err(KeyError::TooLarge { bits })
    } else {
        Ok(())
    }
}

fn trim_ascii(input: &[u8]) -> &[u8] {
    let start = input
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(input.len());
    let end = input
        .iter()
        .rposition(|b| !b.is_ascii_whitespace())
        .map_or(start, |i| i + 1);
    input.get(start..end).unwrap_or_default()
}

fn pem_armour(label: &str, der: &[u8]) -> String {
    let b64 = encode_base64(der);
    let mut out = format!("-----BEGIN {label}-----\n");
    let mut rest = b64.as_str();
    while !rest.is_empty() {
        let (line, tail) = rest.split_at(rest.len().min(64));
        out.push_str(line);
        out.push('\n');
        rest = tail;
    }
    let _ = writeln!(out, "-----END {label}-----");
    out
}

/// Splits PEM armour into its label and DER body. Only the first block is read.
fn parse_pem(input: &[u8]) -> Result<(PemLabel, Vec<u8>), KeyError> {
    let text = std::str::from_utf8(input).map_err(|_| KeyError::MalformedPem {
        reason: "not UTF-8 text",
    })?;
    let after_begin = text.strip_prefix("-----BEGIN ").ok_or(KeyError::MalformedPem {
        reason: "missing BEGIN line",
    })?;
    let (label, rest) = after_begin.split_once("-----").ok_or(KeyError::MalformedPem {
        reason: "unterminated BEGIN line",
    })?;
    let end_marker = format!("-----END {label}-----");
    let (body, _) = rest.split_once(end_marker.as_str()).ok_or(KeyError::MalformedPem {
        reason: "missing or mismatched END line",
    })?;
    let label = match label {
        "PUBLIC KEY" => PemLabel::PublicKey,
        "RSA PUBLIC KEY" => PemLabel::RsaPublicKey,
        "PRIVATE KEY" => PemLabel::PrivateKey,
        "RSA PRIVATE KEY" => PemLabel::RsaPrivateKey,
        "ENCRYPTED PRIVATE KEY" => {
            return Err(KeyError::Encrypted {
                label: "ENCRYPTED PRIVATE KEY",
            })
        }
        "EC PRIVATE KEY" => return Err(KeyError::NotRsa { algorithm: "EC".into() }),
        "DSA PRIVATE KEY" => {
            return Err(KeyError::NotRsa {
                algorithm: "DSA".into(),
            })
        }
        other => {
            return Err(KeyError::UnsupportedPemLabel {
                label: other.chars().take(40).collect(),
            })
        }
    };
    if body.contains("Proc-Type:") || body.contains("DEK-Info:") {
        return Err(KeyError::Encrypted {
            label: "Proc-Type: 4,ENCRYPTED",
        });
    }
    if body.contains(':') {
        return Err(KeyError::MalformedPem {
            reason: "unexpected PEM header",
        });
    }
    let der = decode_base64_lenient("key", body.as_bytes())?;
    Ok((label, der))
}

fn parse_der_as(der: &[u8], structure: DerStructure) -> Result<KeyMaterial, KeyError> {
    let refused =
        |expected, tried| rsa_numbers_fault(der, structure).unwrap_or(KeyError::MalformedDer { expected, tried });
    match structure {
        DerStructure::Spki => match rsa::RsaPublicKey::from_public_key_der(der) {
            Ok(k) => Ok(KeyMaterial::Public(PublicKey::from_rsa(k)?)),
            Err(_) => Err(foreign_spki(der).unwrap_or_else(|| refused("public key", "SubjectPublicKeyInfo"))),
        },
        DerStructure::Pkcs1Public => rsa::RsaPublicKey::from_pkcs1_der(der)
            .map_err(|_| refused("public key", "PKCS#1 RSAPublicKey"))
            .and_then(|k| Ok(KeyMaterial::Public(PublicKey::from_rsa(k)?))),
        DerStructure::Pkcs8 => match rsa::RsaPrivateKey::from_pkcs8_der(der) {
            Ok(k) => Ok(KeyMaterial::Private(PrivateKey::from_rsa(k)?)),
            Err(_) => Err(foreign_pkcs8(der).unwrap_or_else(|| refused("private key", "PKCS#8 PrivateKeyInfo"))),
        },
        DerStructure::Pkcs1Private => rsa::RsaPrivateKey::from_pkcs1_der(der)
            .map_err(|_| refused("private key", "PKCS#1 RSAPrivateKey"))
            .and_then(|k| Ok(KeyMaterial::Private(PrivateKey::from_rsa(k)?))),
    }
}

/// Tries every structure, most common first (providers' keys are SPKI / PKCS#8).
fn parse_der_any(der: &[u8]) -> Result<(KeyMaterial, DerStructure), KeyError> {
    if let Ok(k) = rsa::RsaPublicKey::from_public_key_der(der) {
        return Ok((KeyMaterial::Public(PublicKey::from_rsa(k)?), DerStructure::Spki));
    }
    if let Ok(k) = rsa::RsaPrivateKey::from_pkcs8_der(der) {
        return Ok((KeyMaterial::Private(PrivateKey::from_rsa(k)?), DerStructure::Pkcs8));
    }
    if let Ok(k) = rsa::RsaPublicKey::from_pkcs1_der(der) {
        return Ok((KeyMaterial::Public(PublicKey::from_rsa(k)?), DerStructure::Pkcs1Public));
    }
    if let Ok(k) = rsa::RsaPrivateKey::from_pkcs1_der(der) {
        return Ok((
            KeyMaterial::Private(PrivateKey::from_rsa(k)?),
            DerStructure::Pkcs1Private,
        ));
    }
    if let Some(e) = foreign_spki(der).or_else(|| foreign_pkcs8(der)) {
        return Err(e);
    }
    if looks_encrypted_pkcs8(der) {
        return Err(KeyError::Encrypted {
            label: "EncryptedPrivateKeyInfo",
        });
    }
    let structures = [
        DerStructure::Spki,
        DerStructure::Pkcs8,
        DerStructure::Pkcs1Public,
        DerStructure::Pkcs1Private,
    ];
    if let Some(e) = structures.into_iter().find_map(|s| rsa_numbers_fault(der, s)) {
        return Err(e);
    }
    Err(KeyError::MalformedDer {
        expected: "key",
        tried: "SubjectPublicKeyInfo, PKCS#8, PKCS#1 public, PKCS#1 private",
    })
}

/// The `rsa` crate refuses well-formed RSA DER whose numbers break a rule (size, exponent, n = p·q)
/// with the same error as garbage; this re-reads the ASN.1 alone to name the rule instead.
fn rsa_numbers_fault(der: &[u8], structure: DerStructure) -> Option<KeyError> {
    use rsa::pkcs1::{RsaPrivateKey as Pkcs1Private, RsaPublicKey as Pkcs1Public, Version};
    // Multi-prime keys are unsupported, not inconsistent: they stay `MalformedDer`.
    #[allow(
        clippy::needless_pass_by_value,
        reason = "the returned slices borrow the DER, not the struct"
    )]
    fn private_numbers(key: Pkcs1Private<'_>) -> Option<(&[u8], &[u8], bool)> {
        (key.version() == Version::TwoPrime).then(|| (key.modulus.as_bytes(), key.public_exponent.as_bytes(), true))
    }
    let (modulus, exponent, private) = match structure {
        DerStructure::Spki => {
            let spki = rsa::pkcs8::spki::SubjectPublicKeyInfoRef::try_from(der).ok()?;
            if spki.algorithm.oid.to_string() != RSA_OID {
                return None;
            }
            let key = Pkcs1Public::try_from(spki.subject_public_key.as_bytes()?).ok()?;
            (key.modulus.as_bytes(), key.public_exponent.as_bytes(), false)
        }
        DerStructure::Pkcs1Public => {
            let key = Pkcs1Public::try_from(der).ok()?;
            (key.modulus.as_bytes(), key.public_exponent.as_bytes(), false)
        }
        DerStructure::Pkcs8 => {
            let info = rsa::pkcs8::PrivateKeyInfo::try_from(der).ok()?;
            if info.algorithm.oid.to_string() != RSA_OID {
                return None;
            }
            private_numbers(Pkcs1Private::try_from(info.private_key).ok()?)?
        }
        DerStructure::Pkcs1Private => private_numbers(Pkcs1Private::try_from(der).ok()?)?,
    };
    let bits = big_endian_bits(modulus);
    if let Err(e) = check_size(bits) {
        return Some(e);
    }
    let e_bits = big_endian_bits(exponent);
    // The `rsa` crate accepts 2 ≤ e < 2^33.
    if !(2..=33).contains(&e_bits) {
        return Some(KeyError::Inconsistent {
            reason: "public exponent must be at least 2 and below 2^33",
        });
    }
    // The `rsa` crate also refuses an even exponent or modulus (neither can make an RSA key).
    if exponent.last().is_some_and(|b| b & 1 == 0) {
        return Some(KeyError::Inconsistent {
            reason: "public exponent must be odd",
        });
    }
    if modulus.last().is_some_and(|b| b & 1 == 0) {
        return Some(KeyError::Inconsistent {
            reason: "modulus must be odd",
        });
    }
    private.then_some(KeyError::Inconsistent {
        reason: "private key fails RSA consistency checks",
    })
}

/// Bit length of a big-endian unsigned integer.
fn big_endian_bits(bytes: &[u8]) -> usize {
    let first = bytes.iter().position(|&b| b != 0).unwrap_or(bytes.len());
    match bytes.get(first..) {
        Some([lead, rest @ ..]) => rest.len() * 8 + (8 - lead.leading_zeros() as usize),
        _ => 0,
    }
}

/// A well-formed SPKI for another algorithm becomes [`KeyError::NotRsa`].
fn foreign_spki(der: &[u8]) -> Option<KeyError> {
    let spki = rsa::pkcs8::spki::SubjectPublicKeyInfoRef::try_from(der).ok()?;
    not_rsa(&spki.algorithm.oid.to_string())
}

fn foreign_pkcs8(der: &[u8]) -> Option<KeyError> {
    let info = rsa::pkcs8::PrivateKeyInfo::try_from(der).ok()?;
    not_rsa(&info.algorithm.oid.to_string())
}

fn not_rsa(oid: &str) -> Option<KeyError> {
    (oid != RSA_OID).then(|| KeyError::NotRsa {
        algorithm: match oid {
            "1.2.840.10045.2.1" => "EC".to_owned(),
            "1.3.101.112" => "Ed25519".to_owned(),
            "1.2.840.10040.4.1" => "DSA".to_owned(),
            other => other.to_owned(),
        },
    })
}

/// PKCS#5 (PBES1/PBES2) algorithm OIDs open an `EncryptedPrivateKeyInfo` right after its headers.
fn looks_encrypted_pkcs8(der: &[u8]) -> bool {
    const PKCS5_OID_PREFIX: &[u8] = &[0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x05];
    der.get(..24.min(der.len()))
        .is_some_and(|head| head.windows(PKCS5_OID_PREFIX.len()).any(|w| w == PKCS5_OID_PREFIX))
}
