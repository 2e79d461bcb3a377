//! Command-line syntax (clap derive). Every command has examples in its `--help`.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

const MAIN_HELP: &str = "\
Examples:
  cardbind sign --key merchant-private.pem --digest md5 params.json
  cardbind verify --key provider-public.pem --digest md5 --explain response.json
  cardbind keys inspect provider-public.pem
  cardbind keys convert --to pem key.b64
  cardbind codes lianlian 1008
  cardbind spec vbao bindCard/create
  cardbind encode vbao bindCard/create --config merchant.json fields.json
  cardbind decode vbao --operation bindCard/create --config merchant.json --raw-body reply.json
  cardbind form --config merchant.json reply.json > bind.html

Personal data (card, ID and phone numbers, names, verification codes, secrets) is masked in
every output unless --show-pii is given.

Exit codes:
  0  success (signed, verified, converted, found)
  1  verification failed (the signature does not match; --explain says why)
  2  bad input: unreadable file, invalid JSON or form string, unusable key, bad option";

/// Sign, verify and diagnose Chinese card-binding (绑卡) API messages.
#[derive(Debug, Parser)]
#[command(name = "cardbind", version, about, after_help = MAIN_HELP)]
pub struct Cli {
    /// Write one JSON document to stdout instead of text (errors too, with their exit code).
    #[arg(long, global = true)]
    pub json: bool,
    /// Show personal data (card/ID/phone numbers, names, codes, secrets) unmasked.
    #[arg(long, global = true)]
    pub show_pii: bool,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build the string to sign from parameters and sign it.
    #[command(after_help = SIGN_HELP)]
    Sign(SignArgs),
    /// Verify a signature; with --explain, find out why it does not match.
    #[command(after_help = VERIFY_HELP)]
    Verify(VerifyArgs),
    /// Inspect and convert RSA keys (PEM, DER, bare base64).
    #[command(subcommand)]
    Keys(KeysCommand),
    /// Look up a provider's return codes and their unified outcome and kind.
    #[command(after_help = CODES_HELP)]
    Codes(CodesArgs),
    /// List providers, their operations, and an operation's fields.
    #[command(after_help = SPEC_HELP)]
    Spec(SpecArgs),
    /// Encode a provider message from JSON fields: a request (client) or a response (server).
    #[command(after_help = ENCODE_HELP)]
    Encode(EncodeArgs),
    /// Decode (decrypt, verify) a provider message: a response (client) or a request (server).
    #[command(after_help = DECODE_HELP)]
    Decode(DecodeArgs),
    /// Render Vbao's auto-submitting bind-card form (HTML) from a bindCard/create reply.
    #[command(after_help = FORM_HELP)]
    Form(FormArgs),
}

const CODES_HELP: &str = "\
Codes come from the provider's spec (spec/providers/<name>.json), the same table the codec maps
with. A code the spec does not list is reported as an error (exit 2): the codec turns such a code
into a failed outcome of kind `unknown`, keeping the raw code.

Examples:
  cardbind codes lianlian              # every code
  cardbind codes lianlian 1008         # one code, in every scope that has it
  cardbind codes yixin -3              # negative codes need no quoting
  cardbind codes vbao 0000 --scope errCode --json

Exit codes:
  0  found
  2  unknown provider, or a code the spec does not list";

const SPEC_HELP: &str = "\
Examples:
  cardbind spec                             # providers
  cardbind spec lianlian                    # operations
  cardbind spec lianlian bankcardbind       # request and response fields
  cardbind spec vbao --json                 # the whole spec file

Exit codes:
  0  found
  2  unknown provider or operation";

const ENCODE_HELP: &str = "\
--config is the provider's configuration JSON (its *Config: merchant ids, keys as PEM or bare
base64, shared secrets). --role client encodes a request to send; --role server encodes the
response to a request (a mock provider, or a partner answering the provider's calls).

The output (text: an HTTP message; --json: the wire JSON that `cardbind decode` reads, its query an
object of name to value) has personal data masked unless --show-pii is given: use --show-pii for
bytes you mean to send. Fields the provider's spec does not list are refused unless
--allow-unlisted-fields is given (names the spec reserves are refused even then).
Randomness comes from the OS unless --seed (64 hex digits) makes it repeatable; the time is the
system clock unless --now-ms is given.

Examples:
  cardbind encode vbao bindCard/create --config merchant.json fields.json
  cardbind encode --json --show-pii lianlian bankcardbind --config ll.json apply.json > wire.json
  cardbind encode xianjincard BindCard.applyBindCard --role server --config xj.json answer.json

Exit codes:
  0  encoded
  2  bad input: config, key, unknown operation, a field breaking a documented rule";

const DECODE_HELP: &str = "\
Input: the wire JSON `cardbind encode --json` writes ({\"method\",\"url\",\"query\",\"headers\",
\"body\"} for a request, {\"status\",\"headers\",\"body\"} for a response; \"body_base64\" for
binary bodies), or with --raw-body the HTTP body itself (with --content-type, --url, --query; a
query in --url counts as the request's query).
--role client decodes a response to --operation; --role server decodes a received request (the
operation is read from it).

Examples:
  cardbind decode vbao --operation bindCard/create --config merchant.json --raw-body reply.json
  cardbind decode --role server lianlian --config mock-lianlian.json wire.json
  cardbind encode --json --show-pii vbao bindCard/create --config m.json f.json \\
    | cardbind decode --role server vbao --config mock-vbao.json

Exit codes:
  0  decoded (and its signature verified, where the provider signs it)
  1  the signature (or MAC) does not verify, or the message does not decrypt
  2  bad input: config, key, malformed message, unknown operation";

const FORM_HELP: &str = "\
With --config (Vbao's merchant configuration) the input is the bindCard/create reply as received
(the HTTP body): it is decrypted and its signature verified first. Without --config the input is
the reply's fields as JSON: submitUrl, submitMethod, encoding, submitParams.

Examples:
  cardbind form --config vbao-merchant.json reply-body.json > bind.html
  echo '{\"submitUrl\":\"https://bank.example/p\",\"submitMethod\":\"POST\"}' | cardbind form

Exit codes:
  0  rendered
  1  the reply's signature does not verify
  2  bad input (config, malformed reply, submitUrl not an absolute http(s) URL...)";

/// Which party the CLI plays.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Role {
    /// The caller: encodes requests, decodes responses.
    Client,
    /// The callee: decodes requests, encodes responses.
    Server,
}

#[derive(Debug, Args)]
pub struct CodesArgs {
    /// Provider (`cardbind spec` lists them).
    pub provider: String,
    /// The code as sent on the wire (omit to list every code). Negative codes (Yixin's `-3`) work as is.
    #[arg(allow_negative_numbers = true)]
    pub code: Option<String>,
    /// Only this scope (the field the code appears in: ret_code, errCode...).
    #[arg(long)]
    pub scope: Option<String>,
}

#[derive(Debug, Args)]
pub struct SpecArgs {
    /// Provider (omit to list providers).
    pub provider: Option<String>,
    /// Operation, as the provider names it (omit to list operations).
    pub operation: Option<String>,
}

/// Options for building a codec and its context.
#[derive(Debug, Args)]
pub struct CodecArgs {
    /// The provider's configuration JSON file.
    #[arg(long, value_name = "FILE")]
    pub config: PathBuf,
    /// Which party this is.
    #[arg(long, value_enum, default_value = "client")]
    pub role: Role,
    /// 64 hex digits seeding the random generator (repeatable output, for tests only).
    #[arg(long, value_name = "HEX")]
    pub seed: Option<String>,
    /// The current time in milliseconds since the Unix epoch (default: the system clock).
    #[arg(long, value_name = "MS")]
    pub now_ms: Option<i64>,
}

#[derive(Debug, Args)]
pub struct EncodeArgs {
    /// Provider.
    pub provider: String,
    /// Operation, as the provider names it (`cardbind spec PROVIDER` lists them).
    pub operation: String,
    /// Fields as a JSON object, keyed by wire name; `-` is stdin.
    #[arg(value_name = "FILE", default_value = "-")]
    pub input: PathBuf,
    /// Send fields the provider's spec does not list (off by default: they are refused as not a
    /// field of the operation). Names the spec reserves are refused even so.
    #[arg(long)]
    pub allow_unlisted_fields: bool,
    #[command(flatten)]
    pub codec: CodecArgs,
}

#[derive(Debug, Args)]
pub struct DecodeArgs {
    /// Provider.
    pub provider: String,
    /// Wire JSON, or with --raw-body the HTTP body; `-` is stdin.
    #[arg(value_name = "FILE", default_value = "-")]
    pub input: PathBuf,
    /// The operation the response answers (required with --role client).
    #[arg(long, value_name = "OP")]
    pub operation: Option<String>,
    /// The input is the HTTP body itself, not wire JSON.
    #[arg(long)]
    pub raw_body: bool,
    /// With --raw-body: the Content-Type header.
    #[arg(long, value_name = "TYPE", requires = "raw_body")]
    pub content_type: Option<String>,
    /// With --raw-body: the request URL (server role).
    #[arg(long, value_name = "URL", requires = "raw_body")]
    pub url: Option<String>,
    /// With --raw-body: the query string, form-encoded (server role).
    #[arg(long, value_name = "QUERY", requires = "raw_body")]
    pub query: Option<String>,
    /// With --raw-body: the HTTP status (client role).
    #[arg(long, value_name = "CODE", default_value_t = 200, requires = "raw_body")]
    pub status: u16,
    #[command(flatten)]
    pub codec: CodecArgs,
}

#[derive(Debug, Args)]
pub struct FormArgs {
    /// The reply body (with --config) or its fields as JSON; `-` is stdin.
    #[arg(value_name = "FILE", default_value = "-")]
    pub input: PathBuf,
    /// Vbao merchant configuration: decode and verify the reply body first.
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// 64 hex digits seeding the random generator.
    #[arg(long, value_name = "HEX")]
    pub seed: Option<String>,
    /// The current time in milliseconds since the Unix epoch (default: the system clock).
    #[arg(long, value_name = "MS")]
    pub now_ms: Option<i64>,
}

const SIGN_HELP: &str = "\
Input: a JSON object ({\"user_id\":\"1\",...}) or a form string (a=1&b=2, values percent-decoded),
from FILE or stdin (a leading byte-order mark is ignored), within the library's limits: 256 KiB,
1024 fields, nesting 16 deep, 32 KiB per value. JSON strings are signed as they are, numbers by
their exact text (refused in exponent notation, as negative zero or below 1E-6: Java signers print
those otherwise), booleans as true/false, objects and arrays as compact JSON; nulls are left out.
A value holding `&name=` with a name sorting after its own field is refused: the string to sign
would split into other fields.

Rules:
  --provider NAME            the rule in the provider's spec (LianLian picks it by sign_type or --profile;
                             --order overrides its key order)
  --canonical sorted-pairs   k=v pairs joined with &, sorted (--order), --exclude'd fields and
                             (unless --keep-empty) empty values left out (LianLian, Vbao, Yixin)
  --canonical xianjincard    K+call+K+args+K with K = ua+signkey+ua; --secret gives signkey
  --raw                      the input is already the exact string to sign
Keys:
  --key FILE    RSA private key (PEM, DER or bare base64): RSASSA-PKCS1-v1_5 with --digest
  --secret S    shared secret: hex(md5(string + --salt-prefix + secret)), --case lower|upper

Examples:
  # LianLian MD5withRSA, spelled out or taken from the spec (sign_type RSA)
  cardbind sign --key merchant-private.pem --digest md5 request.json
  cardbind sign --provider lianlian --key merchant-private.pem request.json
  # Vbao: upper-case salted MD5
  echo 'orderNo=VB1&customerNo=C1' | cardbind sign --secret \"$VBAO_KEY\" --case upper
  # xianjincard
  cardbind sign --canonical xianjincard --secret \"$SIGNKEY\" call.json
  # show the exact string signed and its digest
  cardbind sign --key k.pem --digest sha256 --explain --show-pii request.json
  # only the string to sign (no key), with LianLian's Java SDK key order
  cardbind sign --string-only --provider lianlian --order case-insensitive --show-pii request.json

Exit codes:
  0  signed
  2  bad input (file, JSON, form string, key, options)";

const VERIFY_HELP: &str = "\
The signature comes from --signature, or else from the parameter named by --signature-field
(default: sign). Rule and key options are those of `cardbind sign`, with public keys.

--explain prints the exact string that was verified, its digest and, when the signature does not
match, the most likely cause. It tries, one at a time: the other digests (MD5/SHA1/SHA256), every
--also-key / --also-secret (for xianjincard, as the signkey in K = ua+signkey+ua: the other
direction's signkey), the secret with a trailing \\n or \\r\\n or a leading space (or trimmed), the
other key order, the fields in the order received (unsorted), empty fields kept vs skipped,
sign_type (and other fields) excluded vs included, percent-decoded / percent-encoded values,
values trimmed, the string as GBK bytes, JSON values re-serialised the ways Python, PHP and Java
serialise them, upper vs lower hex, SHA-256/SHA-1 hex where MD5 is expected, other MD5 salt
prefixes, and a signature whose '+' became spaces or that is URL-safe or unpadded base64. It
reports every alternative that verifies.

--secret-file removes one trailing line end from the file (an editor or echo adds it) and says
so on stderr; --keep-secret-newline keeps it as part of the secret.
For RSA it also opens the signature with the public key: if it holds a valid PKCS#1 v1.5 block
the key is right and the block names the digest and hash the signer used.

Examples:
  cardbind verify --key lianlian-public.pem --digest md5 response.json
  cardbind verify --provider vbao --secret-file vbao.key --explain notify.json
  cardbind verify --key provider.pem --digest md5 --explain --also-key old-provider.pem resp.json
  cardbind verify --raw --key pub.pem --digest sha256 --signature \"$SIG\" string-to-sign.txt
  cardbind verify --secret \"$KEY\" --case upper --explain --json notify.txt

Exit codes:
  0  the signature verifies
  1  it does not (with --explain: why)
  2  bad input (file, JSON, form string, key, options)";

/// Canonical-string kinds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CanonicalKind {
    /// Sorted `k=v&k=v` pairs.
    SortedPairs,
    /// xianjincard's `K+call+K+args+K`.
    Xianjincard,
}

/// Key orders.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Order {
    /// By bytes (PHP ksort, Python sorted).
    Bytewise,
    /// ASCII case-insensitive, ties bytewise (Java CASE_INSENSITIVE_ORDER).
    CaseInsensitive,
}

/// Digests.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Digest {
    Md5,
    Sha1,
    Sha256,
}

/// Hex case.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Case {
    Lower,
    Upper,
}

/// Options shared by `sign` and `verify`.
#[derive(Debug, Args)]
#[allow(clippy::struct_excessive_bools)] // independent command-line flags
pub struct RuleArgs {
    /// Parameters (JSON object or form string), or with --raw the exact string; `-` is stdin.
    #[arg(value_name = "FILE", default_value = "-")]
    pub input: PathBuf,
    /// The input is the exact string to sign: no canonicalisation.
    #[arg(long, conflicts_with_all = ["canonical", "order", "exclude", "keep_empty"])]
    pub raw: bool,
    /// Use a provider's signature rule from its spec (lianlian, xianjincard, vbao) instead of the
    /// rule options below (--order still picks the key order of its sorted pairs).
    #[arg(long, value_name = "NAME", conflicts_with_all = ["canonical", "exclude", "keep_empty", "digest", "salt_prefix", "case"])]
    pub provider: Option<String>,
    /// With --provider: which of its rules (LianLian: RSA, MD5, SHA256withRSA; default: the
    /// sign_type parameter).
    #[arg(long, value_name = "NAME", requires = "provider")]
    pub profile: Option<String>,
    /// How the string to sign is built.
    #[arg(long, value_enum, default_value = "sorted-pairs")]
    pub canonical: CanonicalKind,
    /// Key order for sorted pairs (default bytewise; with --provider, the spec's order unless
    /// given: LianLian's Java SDK sorts case-insensitively).
    #[arg(long, value_enum)]
    pub order: Option<Order>,
    /// A field left out of the string to sign (repeatable). Default: sign.
    #[arg(long, value_name = "FIELD")]
    pub exclude: Vec<String>,
    /// Keep empty values as `k=` (default: leave them out).
    #[arg(long)]
    pub keep_empty: bool,
    /// Digest inside the RSA signature (required with --key): md5 = MD5withRSA.
    #[arg(long, value_enum)]
    pub digest: Option<Digest>,
    /// RSA key file (PEM, DER or bare base64): private to sign, public to verify.
    #[arg(long, value_name = "FILE", conflicts_with_all = ["secret", "secret_file"])]
    pub key: Option<PathBuf>,
    /// Shared secret for MD5 signatures (prefer --secret-file: arguments are visible to `ps`).
    #[arg(long, value_name = "SECRET", conflicts_with = "secret_file")]
    pub secret: Option<String>,
    /// File holding the shared secret. One trailing line end (\n or \r\n) is removed, with a note
    /// on stderr; --keep-secret-newline keeps it.
    #[arg(long, value_name = "FILE")]
    pub secret_file: Option<PathBuf>,
    /// Keep --secret-file's trailing line end as part of the secret.
    #[arg(long, requires = "secret_file")]
    pub keep_secret_newline: bool,
    /// Text between the string and the secret for MD5 (default `&key=`; xianjincard: none).
    #[arg(long, value_name = "TEXT")]
    pub salt_prefix: Option<String>,
    /// Hex case of MD5 signatures.
    #[arg(long, value_enum, default_value = "lower")]
    pub case: Case,
    /// Print the rule, the exact string signed and its digest (and for verify, the diagnosis).
    #[arg(long)]
    pub explain: bool,
}

#[derive(Debug, Args)]
pub struct SignArgs {
    #[command(flatten)]
    pub rule: RuleArgs,
    /// Print the string to sign and stop: no key is needed (xianjincard's still needs --secret,
    /// its signkey is part of the string). Personal data masked unless --show-pii.
    #[arg(long, conflicts_with = "key")]
    pub string_only: bool,
}

#[derive(Debug, Args)]
pub struct VerifyArgs {
    #[command(flatten)]
    pub rule: RuleArgs,
    /// The signature (base64 for RSA, hex for MD5). Default: the --signature-field parameter.
    #[arg(long, value_name = "SIG")]
    pub signature: Option<String>,
    /// The parameter holding the signature.
    #[arg(long, value_name = "FIELD", default_value = "sign")]
    pub signature_field: String,
    /// Accept MD5 hex of either case.
    #[arg(long)]
    pub any_case: bool,
    /// Another public key to try when diagnosing (repeatable).
    #[arg(long, value_name = "FILE")]
    pub also_key: Vec<PathBuf>,
    /// Another shared secret to try when diagnosing (repeatable); with --canonical xianjincard,
    /// another signkey (e.g. the other direction's).
    #[arg(long, value_name = "SECRET")]
    pub also_secret: Vec<String>,
}

#[derive(Debug, Subcommand)]
pub enum KeysCommand {
    /// Show a key's format, kind, size, exponent and SPKI SHA-256 fingerprint.
    #[command(after_help = KEYS_INSPECT_HELP)]
    Inspect {
        /// Key file (PEM, DER or bare base64); `-` is stdin.
        #[arg(value_name = "FILE", default_value = "-")]
        input: PathBuf,
    },
    /// Convert a key to PEM, DER or bare base64 (private keys as PKCS#8, public as SPKI).
    #[command(after_help = KEYS_CONVERT_HELP)]
    Convert {
        /// Key file (PEM, DER or bare base64); `-` is stdin.
        #[arg(value_name = "FILE", default_value = "-")]
        input: PathBuf,
        /// Output format.
        #[arg(long, value_enum)]
        to: KeyFormat,
        /// Output the public half of a private key.
        #[arg(long)]
        public: bool,
    },
}

const KEYS_INSPECT_HELP: &str = "\
The fingerprint is SHA256 over the SubjectPublicKeyInfo DER, the same as
`openssl pkey -pubin -in key.pem -outform DER | sha256sum`; a private key shows its public
half's fingerprint, so a key pair can be matched without revealing the private key.

Examples:
  cardbind keys inspect provider-public.pem
  cardbind keys inspect --json merchant-private.b64

Exit codes:
  0  the key was read
  2  not a usable RSA key (the message names the rule broken: encrypted, EC, too small...)";

const KEYS_CONVERT_HELP: &str = "\
Examples:
  # the one-line base64 a provider's console asks for
  cardbind keys convert --to base64 --public merchant-private.pem
  # PEM from the bare base64 a provider e-mailed
  cardbind keys convert --to pem provider.b64 > provider-public.pem
  cardbind keys convert --to der key.pem > key.der

Exit codes:
  0  converted
  2  not a usable RSA key";

/// Key output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum KeyFormat {
    /// PEM armour (`PUBLIC KEY` / `PRIVATE KEY`).
    Pem,
    /// Binary DER.
    Der,
    /// Bare base64 of the DER on one line.
    Base64,
}
