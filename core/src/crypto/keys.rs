//! RSA keys in every shape Chinese payment providers hand them out.
//!
//! One entry point per role ([`PublicKey::parse`], [`PrivateKey::parse`]) auto-detects PEM
//! (`PUBLIC KEY`, `RSA PUBLIC KEY`, `PRIVATE KEY`, `RSA PRIVATE KEY`), raw DER and bare base64 DER
//! (one line or wrapped, surrounded by whitespace or not).

use std::fmt;
use std::fmt::Write as _;
use std::sync::Arc;

use crypto_bigint::{BoxedUint, ConcatenatingMul as _, CtEq as _, NonZero, Odd};
use pkcs1::der::asn1::{BitStringRef, OctetStringRef};
use pkcs1::der::Encode as _;
use pkcs1::{RsaPrivateKeyRef, RsaPublicKeyRef, UintRef};
use pkcs8::spki::{AlgorithmIdentifierRef, SubjectPublicKeyInfoRef};
use pkcs8::PrivateKeyInfoRef;
use zeroize::Zeroizing;

use crate::crypto::rsa::limbs::strip_leading_zeros;
use crate::crypto::rsa::{PreparedModulus, RsaComponents, RsaPrivate};
use crate::encoding::{decode_base64_lenient, encode_base64, encode_hex, Base64Error, HexCase};

/// Smallest modulus cardbind accepts. LianLian's own key is 1024-bit, so no higher floor is possible.
pub const MIN_KEY_BITS: usize = 1024;
/// Largest modulus cardbind accepts.
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
    /// A file path was given where the key's text belongs.
    #[error(
        "this looks like a file path: pass the key's contents (e.g. `open(path).read()` in Python, \
         `File(path).readText()` in Kotlin), not its path"
    )]
    LooksLikePath,
    /// The PEM header names one structure and the body holds another.
    #[error("the PEM header says `{header}` but the body is {found}: {fix}")]
    HeaderMismatch {
        /// The label in the BEGIN line.
        header: &'static str,
        /// What the body holds.
        found: &'static str,
        /// The change or `openssl` command that fixes it.
        fix: &'static str,
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
    inner: Arc<PublicNumbers>,
}

struct PublicNumbers {
    /// Modulus, big-endian without leading zeros: its length is the key size in bytes.
    n: Vec<u8>,
    /// Public exponent, big-endian without leading zeros.
    e: Vec<u8>,
    prepared: PreparedModulus,
}

/// An RSA private key. Its `Debug` shows only size and public fingerprint.
#[derive(Clone)]
pub struct PrivateKey {
    secret: Arc<SecretNumbers>,
    /// The same key prepared for the constant-time private-key path (every private operation).
    ct: Arc<RsaPrivate>,
    public: PublicKey,
}

/// The private numbers, big-endian without leading zeros, wiped when the last clone drops.
struct SecretNumbers {
    d: Zeroizing<Vec<u8>>,
    p: Zeroizing<Vec<u8>>,
    q: Zeroizing<Vec<u8>>,
    dp: Zeroizing<Vec<u8>>,
    dq: Zeroizing<Vec<u8>>,
    qinv: Zeroizing<Vec<u8>>,
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
        // Text keys as `.env` files and editors leave them: a UTF-8 byte-order mark, and PEM
        // line breaks written as the two characters `\n` (one-line environment variables).
        let trimmed = trim_ascii(input.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(input));
        if trimmed.starts_with(b"-----BEGIN ") {
            let unescaped;
            let pem = if trimmed.windows(2).any(|w| w == b"\\n") {
                unescaped = unescape_newlines(trimmed);
                unescaped.as_slice()
            } else {
                trimmed
            };
            check_armour_lines(pem)?;
            let (label, der) = parse_pem(pem)?;
            let structure = match label {
                PemLabel::PublicKey => DerStructure::Spki,
                PemLabel::RsaPublicKey => DerStructure::Pkcs1Public,
                PemLabel::PrivateKey => DerStructure::Pkcs8,
                PemLabel::RsaPrivateKey => DerStructure::Pkcs1Private,
            };
            let key = parse_der_as(&der, structure).map_err(|e| header_mismatch(label, &der).unwrap_or(e))?;
            Ok((key, KeyEncoding::Pem(label)))
        } else {
            if looks_like_path(trimmed) {
                return Err(KeyError::LooksLikePath);
            }
            check_armour_lines(&unescape_newlines(trimmed))?;
            let der = decode_base64_lenient("key", trimmed)?;
            let (key, structure) = parse_der_any(&der)?;
            Ok((key, KeyEncoding::Base64(structure)))
        }
    }
}

/// A single line that reads like a file path (`/etc/keys/x.pem`, `./key.pem`, `C:\\keys\\x.pem`,
/// `key.pem`) rather than key text: base64 has no `\\`, no `.` and no `~`, and a key is never this
/// short.
fn looks_like_path(text: &[u8]) -> bool {
    let Ok(text) = std::str::from_utf8(text) else {
        return false;
    };
    let one_line = !text.contains('\n') && text.len() < 1024;
    let lower = text.to_ascii_lowercase();
    let has_extension = [".pem", ".der", ".key", ".crt", ".cer", ".pub", ".txt"]
        .iter()
        .any(|ext| lower.ends_with(ext));
    let rooted = text.starts_with('/')
        || text.starts_with("./")
        || text.starts_with("../")
        || text.starts_with('~')
        || text.get(1..3) == Some(":\\")
        || text.contains('\\');
    one_line && (has_extension || rooted) && text.len() < 300
}

/// Armour lines that are almost right (four dashes, a missing space) are named, rather than
/// reported as a base64 error on their characters.
fn check_armour_lines(text: &[u8]) -> Result<(), KeyError> {
    let Ok(text) = std::str::from_utf8(text) else {
        return Ok(());
    };
    for line in text
        .lines()
        .map(str::trim)
        .filter(|l| l.contains("BEGIN") || l.contains("END"))
    {
        let (word, reason) = if line.contains("BEGIN") {
            (
                "BEGIN",
                "the BEGIN line must read `-----BEGIN <label>-----`, five dashes on each side",
            )
        } else {
            (
                "END",
                "the END line must read `-----END <label>-----`, five dashes on each side",
            )
        };
        let well_formed = line
            .strip_prefix("-----")
            .and_then(|l| l.strip_suffix("-----"))
            .and_then(|l| l.strip_prefix(word))
            .is_some_and(|l| l.starts_with(' ') && !l.contains('-'));
        if !well_formed && line.contains("-----") | line.contains("----") {
            return Err(KeyError::MalformedPem { reason });
        }
    }
    Ok(())
}

/// The error for a PEM body that is a valid key of another structure than its header names.
fn header_mismatch(label: PemLabel, der: &[u8]) -> Option<KeyError> {
    let (_, found) = parse_der_any(der).ok()?;
    let (header, found, fix) = match (label, found) {
        (PemLabel::RsaPrivateKey, DerStructure::Pkcs8) => (
            "RSA PRIVATE KEY",
            "a PKCS#8 PrivateKeyInfo",
            "change both armour lines to `PRIVATE KEY` (the body is fine as it is)",
        ),
        (PemLabel::PrivateKey, DerStructure::Pkcs1Private) => (
            "PRIVATE KEY",
            "a PKCS#1 RSAPrivateKey",
            "change both armour lines to `RSA PRIVATE KEY`, or convert: `openssl pkey -in key.pem -out key-pkcs8.pem` after relabelling",
        ),
        (PemLabel::RsaPublicKey, DerStructure::Spki) => (
            "RSA PUBLIC KEY",
            "an X.509 SubjectPublicKeyInfo",
            "change both armour lines to `PUBLIC KEY` (the body is fine as it is)",
        ),
        (PemLabel::PublicKey, DerStructure::Pkcs1Public) => (
            "PUBLIC KEY",
            "a PKCS#1 RSAPublicKey",
            "change both armour lines to `RSA PUBLIC KEY`, or convert: `openssl rsa -RSAPublicKey_in -in key.pem -pubout -out spki.pem` after relabelling",
        ),
        (PemLabel::PublicKey | PemLabel::RsaPublicKey, DerStructure::Pkcs8 | DerStructure::Pkcs1Private) => (
            "PUBLIC KEY",
            "a private key",
            "this is a private key: give its public half (`openssl pkey -in key.pem -pubout -out public.pem`)",
        ),
        _ => return None,
    };
    Some(KeyError::HeaderMismatch { header, found, fix })
}

/// `\r\n` and `\n` written as backslash sequences become line breaks (PEM only: base64 has no
/// backslash, so nothing else can change).
fn unescape_newlines(text: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(text.len());
    let mut rest = text;
    while let Some((&byte, tail)) = rest.split_first() {
        if let Some(after) = tail.strip_prefix(b"r\\n").filter(|_| byte == b'\\') {
            out.push(b'\n');
            rest = after;
        } else if let Some(after) = tail.strip_prefix(b"n").filter(|_| byte == b'\\') {
            out.push(b'\n');
            rest = after;
        } else {
            out.push(byte);
            rest = tail;
        }
    }
    out
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

    /// Checks the public numbers (size, exponent, parity) and prepares the verification constants.
    fn from_numbers(n: &[u8], e: &[u8]) -> Result<Self, KeyError> {
        let (n, e) = (strip_leading_zeros(n), strip_leading_zeros(e));
        check_public_numbers(n, e)?;
        let prepared = PreparedModulus::new(n, e).ok_or(KeyError::Inconsistent {
            reason: "modulus must be odd",
        })?;
        Ok(Self {
            inner: Arc::new(PublicNumbers {
                n: n.to_vec(),
                e: e.to_vec(),
                prepared,
            }),
        })
    }

    /// Modulus size in bits.
    pub fn bits(&self) -> usize {
        big_endian_bits(&self.inner.n)
    }

    /// Modulus size in bytes: the length of every signature and ciphertext block.
    pub fn size(&self) -> usize {
        self.inner.n.len()
    }

    /// The modulus `n`, big-endian without leading zeros.
    pub fn n_be(&self) -> &[u8] {
        &self.inner.n
    }

    /// The public exponent `e`, big-endian without leading zeros.
    pub fn e_be(&self) -> &[u8] {
        &self.inner.e
    }

    /// The public exponent as a number (parsing guarantees `3 ≤ e < 2^33`).
    pub fn public_exponent(&self) -> u64 {
        self.inner.e.iter().fold(0u64, |acc, &b| (acc << 8) | u64::from(b))
    }

    /// The raw public-key operation `input^e mod n` as `size()` big-endian bytes, for tools that
    /// show what a signature decrypts to. `None` unless `input` is exactly `size()` bytes and
    /// below `n`. It checks nothing else: verification is [`Self::verify_pkcs1v15`].
    pub fn raw_public_operation(&self, input: &[u8]) -> Option<Vec<u8>> {
        self.inner.prepared.public_op(input)
    }

    /// SPKI DER encoding.
    pub fn to_spki_der(&self) -> Vec<u8> {
        // Encoding a valid in-memory key cannot fail (only allocation could).
        spki_der(&self.inner.n, &self.inner.e).unwrap_or_default()
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
        let d = crate::crypto::digest::DigestAlgorithm::Sha256.digest(&self.to_spki_der());
        format!("SHA256:{}", encode_hex(&d, HexCase::Lower))
    }

    pub(crate) fn prepared(&self) -> &PreparedModulus {
        &self.inner.prepared
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

    /// Checks a two-prime PKCS#1 key's numbers: the public ones as [`PublicKey`] does, then the
    /// private ones against them.
    fn from_pkcs1(key: &RsaPrivateKeyRef<'_>) -> Result<Self, KeyError> {
        let public = PublicKey::from_numbers(key.modulus.as_bytes(), key.public_exponent.as_bytes())?;
        let number = |x: &UintRef<'_>| Zeroizing::new(strip_leading_zeros(x.as_bytes()).to_vec());
        let secret = SecretNumbers {
            d: number(&key.private_exponent),
            p: number(&key.prime1),
            q: number(&key.prime2),
            dp: number(&key.exponent1),
            dq: number(&key.exponent2),
            qinv: number(&key.coefficient),
        };
        let components = secret.components(&public.inner);
        check_private_numbers(&components)?;
        let ct = RsaPrivate::new(&components).ok_or(KeyError::Inconsistent {
            reason: "private key primes do not fit the supported key sizes",
        })?;
        Ok(Self {
            secret: Arc::new(secret),
            ct: Arc::new(ct),
            public,
        })
    }

    /// The key prepared for the constant-time path (`crypto::rsa::private`): every private-key
    /// operation runs through it.
    pub(crate) fn constant_time(&self) -> &RsaPrivate {
        &self.ct
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
    pub fn to_pkcs8_der(&self) -> Zeroizing<Vec<u8>> {
        // Encoding a valid in-memory key cannot fail (only allocation could).
        pkcs8_der(&self.components()).unwrap_or_default()
    }

    /// PKCS#8 PEM (`-----BEGIN PRIVATE KEY-----`).
    pub fn to_pkcs8_pem(&self) -> Zeroizing<String> {
        Zeroizing::new(pem_armour("PRIVATE KEY", &self.to_pkcs8_der()))
    }

    /// Every number of the key, for the private-key arithmetic.
    pub(crate) fn components(&self) -> RsaComponents<'_> {
        self.secret.components(&self.public.inner)
    }
}

impl SecretNumbers {
    /// These numbers with the public ones they belong to.
    fn components<'a>(&'a self, public: &'a PublicNumbers) -> RsaComponents<'a> {
        RsaComponents {
            n: &public.n,
            e: &public.e,
            d: &self.d,
            p: &self.p,
            q: &self.q,
            dp: &self.dp,
            dq: &self.dq,
            qinv: &self.qinv,
        }
    }
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
        self.inner.n == other.inner.n && self.inner.e == other.inner.e
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

/// The numbers a DER structure holds, borrowed from the DER.
enum DerNumbers<'a> {
    Public(RsaPublicKeyRef<'a>),
    Private(RsaPrivateKeyRef<'a>),
}

impl DerNumbers<'_> {
    fn into_key(self) -> Result<KeyMaterial, KeyError> {
        match self {
            Self::Public(key) => Ok(KeyMaterial::Public(PublicKey::from_numbers(
                key.modulus.as_bytes(),
                key.public_exponent.as_bytes(),
            )?)),
            Self::Private(key) => Ok(KeyMaterial::Private(PrivateKey::from_pkcs1(&key)?)),
        }
    }
}

/// How closely [`decode`] reads the `AlgorithmIdentifier` of SPKI and PKCS#8.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Algorithm {
    /// `rsaEncryption` with NULL parameters: what a key must carry to be accepted.
    Strict,
    /// `rsaEncryption` with any parameters: enough to name which number breaks a rule.
    OidOnly,
}

/// Reads `der` as `structure` holding an RSA key. `None` when it is not one (another structure,
/// another algorithm, trailing bytes, a multi-prime key...).
fn decode(der: &[u8], structure: DerStructure, algorithm: Algorithm) -> Option<DerNumbers<'_>> {
    let is_rsa = |id: &AlgorithmIdentifierRef<'_>| {
        id.oid == pkcs1::ALGORITHM_OID
            && (algorithm == Algorithm::OidOnly
                || id.parameters_any().is_ok_and(|p| p == pkcs1::der::asn1::AnyRef::NULL))
    };
    match structure {
        DerStructure::Spki => {
            let spki = SubjectPublicKeyInfoRef::try_from(der).ok()?;
            if !is_rsa(&spki.algorithm) {
                return None;
            }
            let key = RsaPublicKeyRef::try_from(spki.subject_public_key.as_bytes()?).ok()?;
            Some(DerNumbers::Public(key))
        }
        DerStructure::Pkcs1Public => RsaPublicKeyRef::try_from(der).ok().map(DerNumbers::Public),
        DerStructure::Pkcs8 => {
            let info = PrivateKeyInfoRef::try_from(der).ok()?;
            if !is_rsa(&info.algorithm) {
                return None;
            }
            two_prime(RsaPrivateKeyRef::try_from(info.private_key).ok()?)
        }
        DerStructure::Pkcs1Private => two_prime(RsaPrivateKeyRef::try_from(der).ok()?),
    }
}

/// Multi-prime keys are unsupported: not RSA keys cardbind reads.
fn two_prime(key: RsaPrivateKeyRef<'_>) -> Option<DerNumbers<'_>> {
    (key.version() == pkcs1::Version::TwoPrime).then_some(DerNumbers::Private(key))
}

fn parse_der_as(der: &[u8], structure: DerStructure) -> Result<KeyMaterial, KeyError> {
    if let Some(numbers) = decode(der, structure, Algorithm::Strict) {
        return numbers.into_key();
    }
    let foreign = match structure {
        DerStructure::Spki => foreign_spki(der),
        DerStructure::Pkcs8 => foreign_pkcs8(der),
        DerStructure::Pkcs1Public | DerStructure::Pkcs1Private => None,
    };
    let (expected, tried) = match structure {
        DerStructure::Spki => ("public key", "SubjectPublicKeyInfo"),
        DerStructure::Pkcs1Public => ("public key", "PKCS#1 RSAPublicKey"),
        DerStructure::Pkcs8 => ("private key", "PKCS#8 PrivateKeyInfo"),
        DerStructure::Pkcs1Private => ("private key", "PKCS#1 RSAPrivateKey"),
    };
    Err(foreign
        .or_else(|| rsa_numbers_fault(der, structure))
        .unwrap_or(KeyError::MalformedDer { expected, tried }))
}

/// Tries every structure, most common first (providers' keys are SPKI / PKCS#8).
fn parse_der_any(der: &[u8]) -> Result<(KeyMaterial, DerStructure), KeyError> {
    let structures = [
        DerStructure::Spki,
        DerStructure::Pkcs8,
        DerStructure::Pkcs1Public,
        DerStructure::Pkcs1Private,
    ];
    // DER is unambiguous: at most one structure decodes, and its numbers decide.
    if let Some((numbers, structure)) = structures
        .into_iter()
        .find_map(|s| decode(der, s, Algorithm::Strict).map(|n| (n, s)))
    {
        return Ok((numbers.into_key()?, structure));
    }
    if let Some(e) = foreign_spki(der).or_else(|| foreign_pkcs8(der)) {
        return Err(e);
    }
    if looks_encrypted_pkcs8(der) {
        return Err(KeyError::Encrypted {
            label: "EncryptedPrivateKeyInfo",
        });
    }
    if let Some(e) = structures.into_iter().find_map(|s| rsa_numbers_fault(der, s)) {
        return Err(e);
    }
    Err(KeyError::MalformedDer {
        expected: "key",
        tried: "SubjectPublicKeyInfo, PKCS#8, PKCS#1 public, PKCS#1 private",
    })
}

/// Names the rule broken by RSA DER that only failed for its numbers or its `AlgorithmIdentifier`
/// parameters. A private key whose public numbers are fine is named inconsistent, as its
/// parameters alone would not have stopped it.
fn rsa_numbers_fault(der: &[u8], structure: DerStructure) -> Option<KeyError> {
    let (modulus, exponent, private) = match decode(der, structure, Algorithm::OidOnly)? {
        DerNumbers::Public(key) => (key.modulus, key.public_exponent, false),
        DerNumbers::Private(key) => (key.modulus, key.public_exponent, true),
    };
    if let Err(e) = check_public_numbers(modulus.as_bytes(), exponent.as_bytes()) {
        return Some(e);
    }
    private.then_some(KeyError::Inconsistent {
        reason: "private key fails RSA consistency checks",
    })
}

/// The rules every RSA key's public numbers follow, in the order they are reported: size, then
/// exponent range (2 ≤ e < 2^33, as OpenSSL and ring bound it), then parity.
fn check_public_numbers(modulus: &[u8], exponent: &[u8]) -> Result<(), KeyError> {
    check_size(big_endian_bits(modulus))?;
    if !(2..=33).contains(&big_endian_bits(exponent)) {
        return Err(KeyError::Inconsistent {
            reason: "public exponent must be at least 2 and below 2^33",
        });
    }
    // An even exponent or modulus cannot make an RSA key.
    if exponent.last().is_some_and(|b| b & 1 == 0) {
        return Err(KeyError::Inconsistent {
            reason: "public exponent must be odd",
        });
    }
    if modulus.last().is_none_or(|b| b & 1 == 0) {
        return Err(KeyError::Inconsistent {
            reason: "modulus must be odd",
        });
    }
    Ok(())
}

/// Checks the private numbers against the (already checked) public ones, in constant time with
/// respect to every secret: `p·q = n`, `p, q > 1`, `dp = d mod (p−1)`, `dq = d mod (q−1)`,
/// `e·dp ≡ 1 (mod p−1)` and `e·dq ≡ 1 (mod q−1)` (so `e·d ≡ 1` modulo λ(n): d inverts e), and
/// `qinv = q⁻¹ mod p`. Only the verdict branches.
#[allow(clippy::many_single_char_names)] // RSA's textbook names
fn check_private_numbers(key: &RsaComponents<'_>) -> Result<(), KeyError> {
    const INCONSISTENT: KeyError = KeyError::Inconsistent {
        reason: "private key fails RSA consistency checks",
    };
    // Every number at the modulus' precision; one longer than n cannot belong to the key.
    let precision = u32::try_from(key.n.len() * 8).map_err(|_| INCONSISTENT)?;
    let read = |be: &[u8]| BoxedUint::from_be_slice(be, precision).map_err(|_| INCONSISTENT);
    let (n, e, d) = (read(key.n)?, read(key.e)?, read(key.d)?);
    let (p, q) = (read(key.p)?, read(key.q)?);
    let (dp, dq, qinv) = (read(key.dp)?, read(key.dq)?, read(key.qinv)?);
    if !bool::from(p.concatenating_mul(&q).ct_eq(&n)) {
        return Err(INCONSISTENT);
    }
    // n is odd, so p and q are; p − 1 = 0 would mean p = 1.
    let one = BoxedUint::one_with_precision(precision);
    let p_minus_1 = Option::<NonZero<BoxedUint>>::from(NonZero::new(p.wrapping_sub(&one))).ok_or(INCONSISTENT)?;
    let q_minus_1 = Option::<NonZero<BoxedUint>>::from(NonZero::new(q.wrapping_sub(&one))).ok_or(INCONSISTENT)?;
    let exponents_agree = d.rem(&p_minus_1).ct_eq(&dp)
        & d.rem(&q_minus_1).ct_eq(&dq)
        & e.mul_mod(&dp, &p_minus_1).ct_eq(&one)
        & e.mul_mod(&dq, &q_minus_1).ct_eq(&one);
    if !bool::from(exponents_agree) {
        return Err(INCONSISTENT);
    }
    // p = q (or any common factor) leaves q without an inverse mod p: no CRT for this key.
    let p_odd = Option::<Odd<BoxedUint>>::from(Odd::new(p.clone())).ok_or(INCONSISTENT)?;
    let p_nonzero = Option::<NonZero<BoxedUint>>::from(NonZero::new(p)).ok_or(INCONSISTENT)?;
    let q_inverse =
        Option::<BoxedUint>::from(q.rem(&p_nonzero).invert_odd_mod(&p_odd)).ok_or(KeyError::Inconsistent {
            reason: "CRT parameters cannot be computed",
        })?;
    if bool::from(q_inverse.ct_eq(&qinv)) {
        Ok(())
    } else {
        Err(INCONSISTENT)
    }
}

/// SPKI DER of `n`, `e` (big-endian): `rsaEncryption` with NULL parameters, as OpenSSL writes it.
fn spki_der(n: &[u8], e: &[u8]) -> Option<Vec<u8>> {
    let rsa_public_key = RsaPublicKeyRef {
        modulus: UintRef::new(n).ok()?,
        public_exponent: UintRef::new(e).ok()?,
    }
    .to_der()
    .ok()?;
    SubjectPublicKeyInfoRef {
        algorithm: pkcs1::ALGORITHM_ID,
        subject_public_key: BitStringRef::new(0, &rsa_public_key).ok()?,
    }
    .to_der()
    .ok()
}

/// PKCS#8 v1 DER (PKCS#1 `RSAPrivateKey` inside, `rsaEncryption` with NULL parameters), as
/// OpenSSL writes it. Every intermediate buffer is wiped.
fn pkcs8_der(key: &RsaComponents<'_>) -> Option<Zeroizing<Vec<u8>>> {
    let uint = |be| UintRef::new(be).ok();
    let rsa_private_key = Zeroizing::new(
        RsaPrivateKeyRef {
            modulus: uint(key.n)?,
            public_exponent: uint(key.e)?,
            private_exponent: uint(key.d)?,
            prime1: uint(key.p)?,
            prime2: uint(key.q)?,
            exponent1: uint(key.dp)?,
            exponent2: uint(key.dq)?,
            coefficient: uint(key.qinv)?,
            other_prime_infos: None,
        }
        .to_der()
        .ok()?,
    );
    let info = PrivateKeyInfoRef::new(pkcs1::ALGORITHM_ID, OctetStringRef::new(&rsa_private_key).ok()?);
    info.to_der().ok().map(Zeroizing::new)
}

/// Bit length of a big-endian unsigned integer.
fn big_endian_bits(bytes: &[u8]) -> usize {
    match strip_leading_zeros(bytes) {
        [lead, rest @ ..] => rest.len() * 8 + (8 - lead.leading_zeros() as usize),
        [] => 0,
    }
}

/// A well-formed SPKI for another algorithm becomes [`KeyError::NotRsa`].
fn foreign_spki(der: &[u8]) -> Option<KeyError> {
    let spki = SubjectPublicKeyInfoRef::try_from(der).ok()?;
    not_rsa(&spki.algorithm.oid.to_string())
}

fn foreign_pkcs8(der: &[u8]) -> Option<KeyError> {
    let info = PrivateKeyInfoRef::try_from(der).ok()?;
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
