#!/usr/bin/env python3
"""(Re)generate the cardbind known-answer test vectors in spec/vectors/.

Everything here is produced by tools that are independent of the Rust code under test:
the OpenSSL 3 command line (via subprocess), the Python `cryptography` package, and the
standard library (hashlib, hmac, base64, json).  Every value is cross-checked by a second
tool before it is written, and every signature is verified with `openssl dgst -verify`.

ALL KEYS WRITTEN BY THIS SCRIPT ARE TEST KEYS ONLY.  They are public (committed to the
repository) and must never be used for anything but tests.

Usage:
    python3 spec/vectors/generate.py                 # reuse existing keys, rewrite vectors
    python3 spec/vectors/generate.py --new-keys      # throw the test keys away, make new ones
    python3 spec/vectors/generate.py --fresh-ciphertexts
                                                     # re-encrypt the randomised ciphertexts

Idempotence: existing key files are reused; files derived deterministically from a key
(PKCS#1 forms, DER, base64, public keys) are rewritten every run and come out identical.
Randomised outputs (PKCS#1 v1.5 / OAEP encryption, password-encrypted PEMs) are kept from the
previous run when they still decrypt to the expected plaintext under the current keys, so a
re-run with unchanged keys produces byte-identical files.
"""
from __future__ import annotations

import argparse
import base64
import hashlib
import hmac
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import cryptography
from cryptography.hazmat.primitives import hashes, padding as sympadding, serialization
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

HERE = Path(__file__).resolve().parent
KEYS = HERE / "keys"
TMP = Path(tempfile.mkdtemp(prefix="cardbind-vectors-"))
PASSWORD = "test"


# --------------------------------------------------------------------------------------
# helpers
# --------------------------------------------------------------------------------------

class OpensslError(Exception):
    pass


def openssl(*args: str, stdin: bytes | None = None, quiet: bool = False) -> bytes:
    """Run the openssl CLI; on failure exit loudly, or raise OpensslError if quiet."""
    proc = subprocess.run(["openssl", *args], input=stdin, capture_output=True)
    if proc.returncode != 0:
        if quiet:
            raise OpensslError(proc.stderr.decode(errors="replace"))
        sys.stderr.write(f"openssl {' '.join(args)} failed:\n{proc.stderr.decode(errors='replace')}\n")
        raise SystemExit(1)
    return proc.stdout


_tmp_counter = 0


def tmpfile(data: bytes) -> str:
    global _tmp_counter
    _tmp_counter += 1
    p = TMP / f"f{_tmp_counter}"
    p.write_bytes(data)
    return str(p)


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def b64_wrapped(data: bytes, width: int = 64, eol: str = "\r\n") -> str:
    s = b64(data)
    return eol.join(s[i:i + width] for i in range(0, len(s), width))


def utf8_or_none(data: bytes) -> str | None:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return None


def check(cond: bool, what: str) -> None:
    if not cond:
        raise SystemExit(f"SELF-CHECK FAILED: {what}")


def write_if_changed(path: Path, data: bytes) -> None:
    if path.exists() and path.read_bytes() == data:
        return
    path.write_bytes(data)


def write_json(path: Path, obj) -> None:
    text = json.dumps(obj, ensure_ascii=False, indent=2) + "\n"
    write_if_changed(path, text.encode("utf-8"))


def key_path(name: str, suffix: str) -> Path:
    return KEYS / f"{name}-{suffix}"


def load_priv(name: str):
    return serialization.load_pem_private_key(key_path(name, "private-pkcs8.pem").read_bytes(), None)


def priv_pem(name: str) -> str:
    return str(key_path(name, "private-pkcs8.pem"))


def pub_pem(name: str) -> str:
    return str(key_path(name, "public-spki.pem"))


HASHES = {"md5": hashes.MD5, "sha1": hashes.SHA1, "sha256": hashes.SHA256}


# --------------------------------------------------------------------------------------
# keys
# --------------------------------------------------------------------------------------

FULL_RSA = [("test-rsa-1024", 1024, 65537), ("test-rsa-2048", 2048, 65537), ("test-rsa-4096", 4096, 65537)]
SMALL_RSA = [
    ("test-rsa-1024b", 1024, 65537),   # second, distinct 1024-bit pair: the "wrong key"
    ("test-rsa-1024-e3", 1024, 3),     # public exponent 3
    ("test-rsa-2048-e3", 2048, 3),
    ("test-rsa-512", 512, 65537),      # too small: must be rejected
    ("test-rsa-1536", 1536, 65537),    # constant-time proof (core/ctgrind): n of 24 limbs, primes of 12
    ("test-rsa-3072", 3072, 65537),    # constant-time proof: n of 48 limbs, primes of 24
]


def ensure_rsa_key(name: str, bits: int, e: int) -> None:
    p = key_path(name, "private-pkcs8.pem")
    if not p.exists():
        print(f"  generating {p.name} (openssl genpkey, {bits} bits, e={e})")
        openssl("genpkey", "-algorithm", "RSA", "-pkeyopt", f"rsa_keygen_bits:{bits}",
                "-pkeyopt", f"rsa_keygen_pubexp:{e}", "-out", str(p))
    text = p.read_bytes()
    check(text.startswith(b"-----BEGIN PRIVATE KEY-----"), f"{p.name} is PKCS#8")
    k = serialization.load_pem_private_key(text, None)
    check(isinstance(k, rsa.RSAPrivateKey) and k.key_size == bits, f"{p.name} is RSA-{bits}")
    check(k.public_key().public_numbers().e == e, f"{p.name} has e={e}")
    # public SPKI PEM (deterministic)
    write_if_changed(key_path(name, "public-spki.pem"), openssl("pkey", "-in", str(p), "-pubout"))


def derive_full_forms(name: str) -> None:
    p = str(key_path(name, "private-pkcs8.pem"))
    k = load_priv(name)
    forms = {
        "private-pkcs1.pem": openssl("rsa", "-in", p, "-traditional"),
        "public-pkcs1.pem": openssl("rsa", "-in", p, "-RSAPublicKey_out"),
        # NB: `openssl pkey -outform DER` writes PKCS#1 for RSA in OpenSSL 3.0; pkcs8 -topk8 is explicit
        "private-pkcs8.der": openssl("pkcs8", "-topk8", "-nocrypt", "-in", p, "-outform", "DER"),
        "public-spki.der": openssl("pkey", "-in", p, "-pubout", "-outform", "DER"),
    }
    check(forms["private-pkcs1.pem"].startswith(b"-----BEGIN RSA PRIVATE KEY-----"), "pkcs1 private header")
    check(forms["public-pkcs1.pem"].startswith(b"-----BEGIN RSA PUBLIC KEY-----"), "pkcs1 public header")
    # cross-check every form against python cryptography
    P, E = serialization, serialization.Encoding
    check(forms["private-pkcs1.pem"] == k.private_bytes(E.PEM, P.PrivateFormat.TraditionalOpenSSL, P.NoEncryption()), "pkcs1 priv")
    check(forms["private-pkcs8.der"] == k.private_bytes(E.DER, P.PrivateFormat.PKCS8, P.NoEncryption()), "pkcs8 der")
    pk = k.public_key()
    check(forms["public-pkcs1.pem"] == pk.public_bytes(E.PEM, P.PublicFormat.PKCS1), "pkcs1 pub")
    check(forms["public-spki.der"] == pk.public_bytes(E.DER, P.PublicFormat.SubjectPublicKeyInfo), "spki der")
    check(key_path(name, "public-spki.pem").read_bytes() == pk.public_bytes(E.PEM, P.PublicFormat.SubjectPublicKeyInfo), "spki pem")
    for suffix, data in forms.items():
        write_if_changed(key_path(name, suffix), data)
    # bare one-line base64 of the DER, no trailing newline (how providers hand keys out)
    write_if_changed(key_path(name, "private-pkcs8.b64"), b64(forms["private-pkcs8.der"]).encode())
    write_if_changed(key_path(name, "public-spki.b64"), b64(forms["public-spki.der"]).encode())
    if name == "test-rsa-1024":
        wrapped = "\r\n  \r\n" + b64_wrapped(forms["public-spki.der"], 64, "\r\n") + "\r\n\r\n \t\n"
        write_if_changed(key_path(name, "public-spki-wrapped.b64"), wrapped.encode())


def ensure_encrypted_forms() -> None:
    name = "test-rsa-1024"
    k = load_priv(name)
    want = k.private_numbers()

    def ok(path: Path, header: bytes, extra: bytes | None) -> bool:
        if not path.exists():
            return False
        data = path.read_bytes()
        if not data.startswith(header) or (extra is not None and extra not in data):
            return False
        try:
            kk = serialization.load_pem_private_key(data, PASSWORD.encode())
        except Exception:
            return False
        return kk.private_numbers() == want

    p8 = KEYS / "test-rsa-1024-private-encrypted.pem"
    if not ok(p8, b"-----BEGIN ENCRYPTED PRIVATE KEY-----", None):
        print(f"  writing {p8.name}")
        p8.write_bytes(openssl("pkcs8", "-topk8", "-in", priv_pem(name), "-v2", "aes-256-cbc",
                               "-passout", f"pass:{PASSWORD}"))
        check(ok(p8, b"-----BEGIN ENCRYPTED PRIVATE KEY-----", None), p8.name)
    p1 = KEYS / "test-rsa-1024-private-pkcs1-encrypted.pem"
    if not ok(p1, b"-----BEGIN RSA PRIVATE KEY-----", b"Proc-Type: 4,ENCRYPTED"):
        print(f"  writing {p1.name}")
        p1.write_bytes(openssl("rsa", "-in", priv_pem(name), "-aes128", "-traditional",
                               "-passout", f"pass:{PASSWORD}"))
        check(ok(p1, b"-----BEGIN RSA PRIVATE KEY-----", b"DEK-Info: AES-128-CBC,"), p1.name)


def ensure_ec_key() -> None:
    p = KEYS / "test-ec-p256-private-pkcs8.pem"
    if not p.exists():
        print(f"  generating {p.name}")
        openssl("genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256",
                "-pkeyopt", "ec_param_enc:named_curve", "-out", str(p))
    k = serialization.load_pem_private_key(p.read_bytes(), None)
    check(isinstance(k, ec.EllipticCurvePrivateKey), "ec key")
    check(p.read_bytes().startswith(b"-----BEGIN PRIVATE KEY-----"), "ec pkcs8")
    write_if_changed(KEYS / "test-ec-p256-public-spki.pem", openssl("pkey", "-in", str(p), "-pubout"))


def make_keys(new_keys: bool) -> None:
    KEYS.mkdir(parents=True, exist_ok=True)
    if new_keys:
        for f in KEYS.glob("test-*"):
            f.unlink()
    for name, bits, e in FULL_RSA + SMALL_RSA:
        ensure_rsa_key(name, bits, e)
    for name, _, _ in FULL_RSA:
        derive_full_forms(name)
    ensure_encrypted_forms()
    ensure_ec_key()
    for f in KEYS.glob("test-*"):
        os.chmod(f, 0o644)   # openssl writes private keys 0600; these are public test fixtures
    a = load_priv("test-rsa-1024").private_numbers().public_numbers.n
    b = load_priv("test-rsa-1024b").private_numbers().public_numbers.n
    check(a != b, "test-rsa-1024b differs from test-rsa-1024")


# --------------------------------------------------------------------------------------
# signatures: RSASSA-PKCS1-v1_5
# --------------------------------------------------------------------------------------

def sign_openssl(key: str, digest: str, msg: bytes) -> bytes:
    return openssl("dgst", f"-{digest}", "-sign", priv_pem(key), tmpfile(msg))


def sign_cryptography(key: str, digest: str, msg: bytes) -> bytes:
    return load_priv(key).sign(msg, padding.PKCS1v15(), HASHES[digest]())


def verify_openssl(key: str, digest: str, msg: bytes, sig: bytes) -> None:
    out = openssl("dgst", f"-{digest}", "-verify", pub_pem(key), "-signature", tmpfile(sig), tmpfile(msg))
    check(out.strip() == b"Verified OK", f"openssl dgst -verify ({key}, {digest})")


def rsa_sign_checked(key: str, digest: str, msg: bytes) -> bytes:
    """Sign with BOTH tools, require identical bytes, verify with openssl dgst -verify."""
    s1 = sign_openssl(key, digest, msg)
    s2 = sign_cryptography(key, digest, msg)
    check(s1 == s2, f"openssl and cryptography agree ({key}, {digest})")
    verify_openssl(key, digest, msg, s1)
    return s1


# The LianLian-like apply request (fake personal data; the values are test fixtures).
LIANLIAN_RISK_ITEM = (
    '{"frms_ware_category":"2009","user_info_mercht_userno":"2013051500001",'
    '"user_info_bind_phone":"13800138000","user_info_dt_register":"20240101120000",'
    '"user_info_full_name":"张三","user_info_id_no":"110101199003070011",'
    '"user_info_identify_state":"1","user_info_identify_type":"1"}'
)


def lianlian_apply_params(sign_type: str) -> dict:
    # deliberately unsorted
    return {
        "user_id": "2013051500001",
        "sign_type": sign_type,
        "oid_partner": "201408071000001543",
        "api_version": "2.1",
        "card_no": "6222022005001212723",
        "acct_name": "张三",
        "bind_mob": "13800138000",
        "id_type": "0",
        "id_no": "110101199003070011",
        "pay_type": "2",
        "no_order": "",
        "risk_item": LIANLIAN_RISK_ITEM,
        "busi_partner": None,
        "sign": "placeholder-this-field-is-never-signed",
    }


MESSAGES = [
    # (name, bytes)
    ("ascii", b"oid_partner=201408071000001543&sign_type=RSA&token=1A2B3C4D5E6F7A8B9C0D"
              b"&user_id=2013051500001&verify_code=123456"),
    ("apply-zh", None),   # filled in below: the canonical string of the LianLian apply request
    ("empty", b""),
]
BINARY_MESSAGE = ("binary", bytes(range(256)))   # not valid UTF-8; test-rsa-1024 only


def make_signatures() -> dict:
    msgs = list(MESSAGES)
    apply = canonical_sorted_pairs(lianlian_apply_params("RSA"), LL_RULE).encode("utf-8")
    msgs[1] = ("apply-zh", apply)
    vectors = []
    n = 0
    for key in ["test-rsa-1024", "test-rsa-2048", "test-rsa-4096", "test-rsa-1024-e3", "test-rsa-2048-e3"]:
        for digest in ["md5", "sha1", "sha256"]:
            ms = msgs + ([BINARY_MESSAGE] if key == "test-rsa-1024" else [])
            for mname, msg in ms:
                sig = rsa_sign_checked(key, digest, msg)
                tool = "openssl dgst" if n % 2 == 0 else "cryptography"
                n += 1
                v = {"id": f"{key.removeprefix('test-')}-{digest}-{mname}", "key": key, "digest": digest,
                     "message_hex": msg.hex()}
                u = utf8_or_none(msg)
                if u is not None:
                    v["message_utf8"] = u
                v["signature_b64"] = b64(sig)
                if key == "test-rsa-1024" and digest == "md5":
                    v["signature_b64_wrapped"] = b64_wrapped(sig, 64, "\r\n")
                v["tool"] = tool
                vectors.append(v)
    return {
        "description": "RSASSA-PKCS1-v1_5 signatures (MD5withRSA / SHA1withRSA / SHA256withRSA). "
                       "Deterministic: an implementation must reproduce signature_b64 exactly and "
                       "verify it with the key's public half. Every vector was produced by both "
                       "`openssl dgst -<digest> -sign` and python cryptography with identical bytes "
                       "(`tool` names the one credited, half each) and verified with "
                       "`openssl dgst -verify`. Keys are TEST KEYS in spec/vectors/keys/.",
        "generator": GENERATOR,
        "vectors": vectors,
    }


# --------------------------------------------------------------------------------------
# digests / HMAC
# --------------------------------------------------------------------------------------

def make_digests() -> dict:
    thousand = ("0123456789abcdefghijklmnopqrstuvwxyz" * 28)[:1000].encode()
    msgs = [
        ("empty", b""),
        ("abc", b"abc"),
        ("zh", "张三绑定银行卡，验证码已发送。".encode("utf-8")),
        ("ascii-1000", thousand),
    ]
    known = {  # FIPS 180 / RFC 1321 published answers
        ("empty", "md5"): "d41d8cd98f00b204e9800998ecf8427e",
        ("abc", "md5"): "900150983cd24fb0d6963f7d28e17f72",
        ("abc", "sha1"): "a9993e364706816aba3e25717850c26c9cd0d89d",
        ("abc", "sha256"): "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
    }
    digests = []
    for name, m in msgs:
        v = {"id": name, "message_hex": m.hex()}
        u = utf8_or_none(m)
        if u is not None:
            v["message_utf8"] = u
        for alg in ["md5", "sha1", "sha256"]:
            h = hashlib.new(alg, m).hexdigest()
            o = openssl("dgst", f"-{alg}", "-r", tmpfile(m)).split()[0].decode()
            check(h == o, f"{alg}({name}) hashlib vs openssl")
            if (name, alg) in known:
                check(h == known[(name, alg)], f"{alg}({name}) known answer")
            v[alg] = h
        digests.append(v)

    macs_in = [
        ("rfc4231-tc1", bytes([0x0b] * 20), b"Hi There",
         "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"),
        ("rfc4231-tc2", b"Jefe", b"what do ya want for nothing?",
         "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"),
        ("key32-lianlian-style", bytes.fromhex("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"),
         b"AAECAwQFBgc=$5oiR5piv5rWL6K+V5pWw5o2u", None),
        ("key32-zh", hashlib.sha256(b"cardbind test hmac key").digest(),
         '{"ret_code":"0000","ret_msg":"交易成功"}'.encode("utf-8"), None),
        ("key32-empty-message", hashlib.sha256(b"cardbind test hmac key 2").digest(), b"", None),
    ]
    macs = []
    for name, k, m, known_mac in macs_in:
        mac = hmac.new(k, m, hashlib.sha256).hexdigest()
        o = openssl("dgst", "-sha256", "-mac", "HMAC", "-macopt", f"hexkey:{k.hex()}", "-r", tmpfile(m)).split()[0].decode()
        check(mac == o, f"hmac {name} python vs openssl")
        if known_mac:
            check(mac == known_mac, f"hmac {name} RFC 4231 answer")
        v = {"id": name, "key_hex": k.hex(), "message_hex": m.hex()}
        u = utf8_or_none(m)
        if u is not None:
            v["message_utf8"] = u
        v["mac_hex"] = mac
        macs.append(v)
    return {
        "description": "Message digests (lowercase hex) and HMAC-SHA256 vectors. Computed with "
                       "python hashlib/hmac, cross-checked with `openssl dgst`, and with the "
                       "published RFC 1321 / FIPS 180 / RFC 4231 answers where they exist.",
        "generator": GENERATOR,
        "digests": digests,
        "hmac_sha256": macs,
    }


# --------------------------------------------------------------------------------------
# encryption
# --------------------------------------------------------------------------------------

BLOCK_JSON = json.dumps({
    "customerNo": "C100000001",
    "orderNo": "VB2024031500000001",
    "userName": "李四",
    "idCardNo": "110101199003070011",
    "cardNo": "6217000010012345678",
    "mobile": "13900139000",
    "bankName": "中国建设银行",
    "bindNotifyUrl": "https://merchant.example.com/vbao/bind/notify",
    "frontUrl": "https://merchant.example.com/vbao/bind/return",
    "remark": "测试绑卡请求，分块加密示例",
    "sign": "0123456789ABCDEF0123456789ABCDEF",
}, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def chunks(data: bytes, n: int) -> list[bytes]:
    return [data[i:i + n] for i in range(0, len(data), n)] or [b""]


def modulus_bytes(key: str) -> int:
    return load_priv(key).key_size // 8


def pkcs1_encrypt_openssl(key: str, plain: bytes) -> bytes:
    return openssl("pkeyutl", "-encrypt", "-pubin", "-inkey", pub_pem(key), "-in", tmpfile(plain))


def pkcs1_decrypt_both(key: str, ct: bytes, quiet: bool = False) -> bytes:
    p1 = openssl("pkeyutl", "-decrypt", "-inkey", priv_pem(key), "-in", tmpfile(ct), quiet=quiet)
    p2 = load_priv(key).decrypt(ct, padding.PKCS1v15())
    check(p1 == p2, "pkcs1 v1.5 decrypt openssl vs cryptography")
    return p1


def type1_python(key: str, block: bytes) -> bytes:
    """Independent RSA private-key 'encrypt' with EMSA-PKCS1-v1_5 type-1 padding, no DigestInfo."""
    nums = load_priv(key).private_numbers()
    n, d = nums.public_numbers.n, nums.d
    k = (n.bit_length() + 7) // 8
    check(len(block) <= k - 11, "type1 block length")
    em = b"\x00\x01" + b"\xff" * (k - 3 - len(block)) + b"\x00" + block
    return pow(int.from_bytes(em, "big"), d, n).to_bytes(k, "big")


def type1_recover_python(key: str, sig: bytes) -> bytes:
    pub = load_priv(key).public_key().public_numbers()
    k = (pub.n.bit_length() + 7) // 8
    em = pow(int.from_bytes(sig, "big"), pub.e, pub.n).to_bytes(k, "big")
    check(em[:2] == b"\x00\x01", "type1 header")
    sep = em.index(b"\x00", 2)
    check(sep >= 10 and set(em[2:sep]) == {0xff}, "type1 padding")
    return em[sep + 1:]


def oaep():
    return padding.OAEP(mgf=padding.MGF1(hashes.SHA1()), algorithm=hashes.SHA1(), label=None)


def oaep_decrypt_openssl(key: str, ct: bytes, quiet: bool = False) -> bytes:
    return openssl("pkeyutl", "-decrypt", "-inkey", priv_pem(key), "-in", tmpfile(ct),
                   "-pkeyopt", "rsa_padding_mode:oaep", "-pkeyopt", "rsa_oaep_md:sha1",
                   "-pkeyopt", "rsa_mgf1_md:sha1", quiet=quiet)


def load_previous(path: Path) -> dict:
    if not path.exists():
        return {}
    try:
        return json.loads(path.read_text("utf-8"))
    except Exception:
        return {}


def plain_fields(p: bytes) -> dict:
    d = {"plaintext_hex": p.hex()}
    u = utf8_or_none(p)
    if u is not None:
        d["plaintext_utf8"] = u
    return d


def make_encryption(fresh: bool) -> dict:
    prev = {} if fresh else load_previous(HERE / "encryption.json")

    def previous(section: str, vid: str) -> dict | None:
        for v in prev.get(section, []):
            if v.get("id") == vid:
                return v
        return None

    # ---- rsa_pkcs1v15 (randomised; Rust decrypts) ----
    pk15 = []
    for key in ["test-rsa-1024", "test-rsa-2048"]:
        k = modulus_bytes(key)
        maxlen = k - 11
        max_plain = (("最大长度明文" + "0123456789" * 30).encode("utf-8"))[:maxlen]
        # make the max-length plaintext end on a whole UTF-8 character by padding with ASCII
        while utf8_or_none(max_plain) is None:
            max_plain = max_plain[:-1]
        max_plain = max_plain + b"x" * (maxlen - len(max_plain))
        cases = [("short", b"hello cardbind"), ("max", max_plain),
                 ("aes-key-16", bytes.fromhex("00112233445566778899aabbccddeeff")), ("empty", b"")]
        for cname, p in cases:
            vid = f"{key.removeprefix('test-')}-{cname}"
            old = previous("rsa_pkcs1v15", vid)
            ct = None
            if old and old.get("key") == key and old.get("plaintext_hex") == p.hex():
                c = base64.b64decode(old["ciphertext_b64"])
                try:
                    if len(c) == k and pkcs1_decrypt_both(key, c, quiet=True) == p:
                        ct = c
                except (OpensslError, ValueError):
                    ct = None
            if ct is None:
                ct = pkcs1_encrypt_openssl(key, p)
                check(pkcs1_decrypt_both(key, ct) == p, f"pkcs1 round trip {vid}")
            pk15.append({"id": vid, "key": key, **plain_fields(p), "plaintext_len": len(p),
                         "ciphertext_b64": b64(ct), "tool": "openssl pkeyutl -encrypt"})
    check(any(v["plaintext_len"] == 117 for v in pk15) and any(v["plaintext_len"] == 245 for v in pk15),
          "max-length plaintexts present")

    # ---- rsa_pkcs1v15_blocks (randomised; Rust decrypts block by block) ----
    blocks = []
    for key in ["test-rsa-1024", "test-rsa-2048"]:
        k = modulus_bytes(key)
        bp = k - 11
        vid = f"{key.removeprefix('test-')}-json-zh"
        parts = chunks(BLOCK_JSON, bp)
        old = previous("rsa_pkcs1v15_blocks", vid)
        ct = None
        if old and old.get("key") == key and old.get("plaintext_utf8") == BLOCK_JSON.decode("utf-8"):
            c = base64.b64decode(old["ciphertext_b64"])
            try:
                if len(c) == k * len(parts) and b"".join(
                        pkcs1_decrypt_both(key, c[i:i + k], quiet=True) for i in range(0, len(c), k)) == BLOCK_JSON:
                    ct = c
            except (OpensslError, ValueError):
                ct = None
        if ct is None:
            ct = b"".join(pkcs1_encrypt_openssl(key, part) for part in parts)
            check(b"".join(pkcs1_decrypt_both(key, ct[i:i + k]) for i in range(0, len(ct), k)) == BLOCK_JSON,
                  f"block round trip {vid}")
        blocks.append({"id": vid, "key": key, "plaintext_utf8": BLOCK_JSON.decode("utf-8"),
                       "plaintext_len": len(BLOCK_JSON), "block_plain": bp, "block_cipher": k,
                       "blocks": len(parts), "ciphertext_b64": b64(ct),
                       "tool": "openssl pkeyutl -encrypt (per block)"})

    # ---- rsa_private_encrypt_type1 (deterministic) ----
    type1 = []
    for key in ["test-rsa-1024", "test-rsa-2048"]:
        k = modulus_bytes(key)
        bp = k - 11
        cases = [("short", "绑卡结果通知".encode("utf-8")),
                 ("max", (b"0123456789abcdef" * 20)[:bp]),
                 ("json-zh", BLOCK_JSON)]
        for cname, p in cases:
            vid = f"{key.removeprefix('test-')}-{cname}"
            out = []
            for part in chunks(p, bp):
                # `openssl rsautl -sign` is RSA_private_encrypt with type-1 padding. (`pkeyutl -sign`
                # does the same but refuses inputs longer than 64 bytes, so it only cross-checks those.)
                s1 = openssl("rsautl", "-sign", "-pkcs", "-inkey", priv_pem(key), "-in", tmpfile(part))
                s2 = type1_python(key, part)
                check(s1 == s2, f"type1 openssl vs python {vid}")
                if len(part) <= 64:
                    s3 = openssl("pkeyutl", "-sign", "-inkey", priv_pem(key), "-pkeyopt", "rsa_padding_mode:pkcs1",
                                 "-in", tmpfile(part))
                    check(s3 == s1, f"type1 pkeyutl vs rsautl {vid}")
                r1 = openssl("rsautl", "-verify", "-pkcs", "-pubin", "-inkey", pub_pem(key), "-in", tmpfile(s1))
                check(r1 == part and type1_recover_python(key, s1) == part, f"type1 recover {vid}")
                out.append(s1)
            type1.append({"id": vid, "key": key, **plain_fields(p), "plaintext_len": len(p),
                          "block_plain": bp, "block_cipher": k, "blocks": len(out),
                          "ciphertext_b64": b64(b"".join(out)),
                          "tool": "openssl rsautl -sign -pkcs (== pkeyutl -sign, no digest, for blocks <= 64 bytes) == python pow()"})

    # ---- rsa_oaep_sha1 (randomised; Rust decrypts) ----
    oaeps = []
    for key in ["test-rsa-1024", "test-rsa-2048"]:
        for cname, p in [("key32-a", hashlib.sha256(b"cardbind oaep test key a").digest()),
                         ("key32-b", bytes(range(32)))]:
            vid = f"{key.removeprefix('test-')}-{cname}"
            old = previous("rsa_oaep_sha1", vid)
            ct = None
            if old and old.get("key") == key and old.get("plaintext_hex") == p.hex():
                c = base64.b64decode(old["ciphertext_b64"])
                try:
                    if load_priv(key).decrypt(c, oaep()) == p and oaep_decrypt_openssl(key, c, quiet=True) == p:
                        ct = c
                except (OpensslError, ValueError):
                    ct = None
            if ct is None:
                ct = load_priv(key).public_key().encrypt(p, oaep())
                check(oaep_decrypt_openssl(key, ct) == p, f"oaep openssl decrypt {vid}")
            oaeps.append({"id": vid, "key": key, "hash": "sha1", "mgf1_hash": "sha1", "label_hex": "",
                          "plaintext_hex": p.hex(), "ciphertext_b64": b64(ct),
                          "tool": "cryptography OAEP(MGF1(SHA1), SHA1); checked with openssl pkeyutl -decrypt"})

    # ---- aes_256_ctr (deterministic) ----
    ctr = []
    ctr_key = bytes.fromhex("603deb1015ca71be2b73aef0857d77811f352c073b6108d72d9810a30914dff4")
    ctr_cases = [
        ("short-5", bytes.fromhex("0001020304050607"), b"hello"),
        ("exact-4-blocks", bytes.fromhex("a1b2c3d4e5f60718"), b"0123456789abcdef" * 4),
        ("json-zh-unaligned", bytes.fromhex("5a5a5a5a00000001"),
         '{"user_id":"2013051500001","acct_name":"张三","card_no":"6222022005001212723","sign_type":"RSA"}'.encode()),
        ("empty", bytes.fromhex("0102030405060708"), b""),
    ]
    for cname, nonce, p in ctr_cases:
        iv = nonce + bytes.fromhex("0000000000000001")
        enc = Cipher(algorithms.AES(ctr_key), modes.CTR(iv)).encryptor()
        c = enc.update(p) + enc.finalize()
        if p:
            o = openssl("enc", "-aes-256-ctr", "-K", ctr_key.hex(), "-iv", iv.hex(), "-nosalt", "-in", tmpfile(p))
            check(o == c, f"aes-256-ctr openssl vs cryptography {cname}")
        ctr.append({"id": cname, "key_hex": ctr_key.hex(), "nonce_hex": nonce.hex(), "iv_hex": iv.hex(),
                    **plain_fields(p), "ciphertext_hex": c.hex()})
    check(any(len(bytes.fromhex(v["plaintext_hex"])) > 48 and len(bytes.fromhex(v["plaintext_hex"])) % 16
              for v in ctr), "ctr: >3 blocks, unaligned")

    # ---- aes_128_ecb_pkcs7 (deterministic) ----
    ecb = []
    ecb_key = bytes.fromhex("2b7e151628aed2a6abf7158809cf4f3c")
    ecb_cases = [
        ("empty", b""),
        ("exact-16", b"0123456789abcdef"),
        ("short", b"cardbind"),
        ("json-zh", '{"appId":"test-app","bankCardNo":"6222022005001212723","name":"张三","mobile":"13800138000"}'.encode()),
    ]
    for cname, p in ecb_cases:
        padder = sympadding.PKCS7(128).padder()
        padded = padder.update(p) + padder.finalize()
        enc = Cipher(algorithms.AES(ecb_key), modes.ECB()).encryptor()
        c = enc.update(padded) + enc.finalize()
        o = openssl("enc", "-aes-128-ecb", "-K", ecb_key.hex(), "-nosalt", "-in", tmpfile(p))
        check(o == c, f"aes-128-ecb openssl vs cryptography {cname}")
        ecb.append({"id": cname, "key_hex": ecb_key.hex(), **plain_fields(p),
                    "ciphertext_len": len(c), "ciphertext_b64": b64(c)})
    check(ecb[0]["ciphertext_len"] == 16 and ecb[1]["ciphertext_len"] == 32, "ecb padding sizes")

    # ---- aes_cbc_zero_iv_pkcs7 (deterministic; "AES/CBC" in SDKs that pass no IV) ----
    cbc = []
    zero_iv = bytes(16)
    cbc_key_256 = bytes.fromhex("603deb1015ca71be2b73aef0857d77811f352c073b6108d72d9810a30914dff4")
    cbc_cases = [
        ("aes128-empty", ecb_key, b""),
        ("aes128-exact-16", ecb_key, b"0123456789abcdef"),
        ("aes128-json-zh", ecb_key, ecb_cases[3][1]),
        ("aes256-json-zh", cbc_key_256, ecb_cases[3][1]),
    ]
    for cname, key, p in cbc_cases:
        padder = sympadding.PKCS7(128).padder()
        padded = padder.update(p) + padder.finalize()
        enc = Cipher(algorithms.AES(key), modes.CBC(zero_iv)).encryptor()
        c = enc.update(padded) + enc.finalize()
        o = openssl("enc", f"-aes-{len(key) * 8}-cbc", "-K", key.hex(), "-iv", zero_iv.hex(), "-nosalt",
                    "-in", tmpfile(p))
        check(o == c, f"aes-cbc openssl vs cryptography {cname}")
        cbc.append({"id": cname, "key_hex": key.hex(), "iv_hex": zero_iv.hex(), **plain_fields(p),
                    "ciphertext_len": len(c), "ciphertext_b64": b64(c)})
    check(cbc[2]["ciphertext_b64"] != ecb[3]["ciphertext_b64"], "cbc differs from ecb on multi-block input")

    # ---- lianlian_pay_load (extra: a whole pay_load envelope as described in PROTOCOLS.md §1) ----
    payload = []
    partner, platform = "test-rsa-1024", "test-rsa-2048"
    params = lianlian_apply_params("RSA")
    params = {k: v for k, v in params.items() if v is not None and k != "sign"}
    sign = rsa_sign_checked(partner, "md5", canonical_sorted_pairs(params, LL_RULE).encode())
    params["sign"] = b64(sign)
    json_text = json.dumps(params, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    hmac_key = hashlib.sha256(b"cardbind lianlian test hmac key").digest()
    aes_key = hashlib.sha256(b"cardbind lianlian test aes key").digest()
    nonce = bytes.fromhex("0102030405060708")
    iv = nonce + bytes.fromhex("0000000000000001")
    enc = Cipher(algorithms.AES(aes_key), modes.CTR(iv)).encryptor()
    cipher = enc.update(json_text) + enc.finalize()
    b64nonce, b64cipher = b64(nonce), b64(cipher)
    mac = hmac.new(hmac_key, (b64nonce + "$" + b64cipher).encode(), hashlib.sha256).digest()
    vid = "apply-rsa-md5"
    old = previous("lianlian_pay_load", vid)
    ek_h = ek_a = None
    if old and old.get("platform_key") == platform and old.get("plaintext_utf8") == json_text.decode():
        try:
            parts = old["pay_load"].split("$")
            h = load_priv(platform).decrypt(base64.b64decode(parts[1]), oaep())
            a = load_priv(platform).decrypt(base64.b64decode(parts[2]), oaep())
            if h == hmac_key and a == aes_key:
                ek_h, ek_a = base64.b64decode(parts[1]), base64.b64decode(parts[2])
        except Exception:
            pass
    if ek_h is None:
        pub = load_priv(platform).public_key()
        ek_h, ek_a = pub.encrypt(hmac_key, oaep()), pub.encrypt(aes_key, oaep())
    check(oaep_decrypt_openssl(platform, ek_h) == hmac_key and oaep_decrypt_openssl(platform, ek_a) == aes_key,
          "pay_load oaep")
    pay_load = "$".join(["lianpay1_0_1", b64(ek_h), b64(ek_a), b64nonce, b64cipher, b64(mac)])
    payload.append({
        "id": vid, "partner_key": partner, "platform_key": platform,
        "plaintext_utf8": json_text.decode("utf-8"),
        "hmac_key_hex": hmac_key.hex(), "aes_key_hex": aes_key.hex(), "nonce_hex": nonce.hex(), "iv_hex": iv.hex(),
        "aes_ciphertext_b64": b64cipher, "hmac_input": b64nonce + "$" + b64cipher, "hmac_b64": b64(mac),
        "pay_load": pay_load,
    })

    return {
        "description": "Encryption vectors. Randomised schemes (PKCS#1 v1.5 encryption, OAEP) can only be "
                       "checked by DECRYPTING with the private TEST key and comparing the plaintext; "
                       "deterministic ones (type-1 private-key 'encrypt', AES) must be reproduced exactly. "
                       "See README.md for every field.",
        "generator": GENERATOR,
        "rsa_pkcs1v15": pk15,
        "rsa_pkcs1v15_blocks": blocks,
        "rsa_private_encrypt_type1": type1,
        "rsa_oaep_sha1": oaeps,
        "aes_256_ctr": ctr,
        "aes_128_ecb_pkcs7": ecb,
        "aes_cbc_zero_iv_pkcs7": cbc,
        "lianlian_pay_load": payload,
    }


# --------------------------------------------------------------------------------------
# canonical strings ("string to sign"), independent reference implementation
# --------------------------------------------------------------------------------------

LL_RULE = {"kind": "sorted_pairs", "order": "bytewise", "exclude": ["sign"], "skip_empty": True}


def ascii_lower(s: str) -> str:
    return "".join(chr(ord(c) + 32) if "A" <= c <= "Z" else c for c in s)


def canonical_sorted_pairs(params: dict, rule: dict) -> str:
    items = [(k, v) for k, v in params.items()
             if k not in rule["exclude"] and v is not None and not (rule["skip_empty"] and v == "")]
    if rule["order"] == "bytewise":
        items.sort(key=lambda kv: kv[0].encode("utf-8"))
    elif rule["order"] == "case_insensitive":
        items.sort(key=lambda kv: (ascii_lower(kv[0]).encode("utf-8"), kv[0].encode("utf-8")))
    else:
        raise ValueError(rule["order"])
    return "&".join(f"{k}={v}" for k, v in items)


def canonical(params: dict, rule: dict) -> str:
    if rule["kind"] == "sorted_pairs":
        return canonical_sorted_pairs(params, rule)
    if rule["kind"] == "wrapped_concat":
        k = params["ua"] + params["signkey"] + params["ua"]
        return k + params["call"] + k + params["args"] + k
    raise ValueError(rule["kind"])


def signature_obj(canon: str, spec: dict) -> dict:
    data = canon.encode("utf-8")
    if spec["scheme"] == "md5_salted":
        h = hashlib.md5(data + spec["salt_prefix"].encode() + spec["key"].encode()).hexdigest()
        o = openssl("dgst", "-md5", "-r", tmpfile(data + spec["salt_prefix"].encode() + spec["key"].encode())).split()[0].decode()
        check(h == o, "md5_salted openssl")
        return {**spec, "expected": h.upper() if spec["case"] == "upper" else h}
    if spec["scheme"] == "md5":
        h = hashlib.md5(data).hexdigest()
        check(h == openssl("dgst", "-md5", "-r", tmpfile(data)).split()[0].decode(), "md5 openssl")
        return {**spec, "expected": h.upper() if spec["case"] == "upper" else h}
    if spec["scheme"] == "rsa_pkcs1v15":
        sig = rsa_sign_checked(spec["key"], spec["digest"], data)
        return {**spec, "expected_b64": b64(sig)}
    raise ValueError(spec["scheme"])


def make_canonical() -> dict:
    LL_MD5_KEY = "test-md5-key-201408071000001543"
    VB_KEY = "test-vbao-signkey-0123456789abcdef"
    cases = []

    def add(cid: str, note: str, params: dict, rule: dict, sig: dict, expect: str | None = None):
        canon = canonical(params, rule)
        if expect is not None:
            check(canon == expect, f"canonical {cid}: {canon!r} != {expect!r}")
        cases.append({"id": cid, "note": note, "params": params, "rule": rule, "canonical": canon,
                      "signature": signature_obj(canon, sig)})

    add("lianlian-apply-rsa-md5",
        "LianLian bankcardbind apply, sign_type RSA = MD5withRSA. sign excluded, sign_type included, "
        "empty no_order and null busi_partner dropped, risk_item JSON string kept raw.",
        lianlian_apply_params("RSA"), LL_RULE,
        {"scheme": "rsa_pkcs1v15", "digest": "md5", "key": "test-rsa-1024"})
    check(cases[-1]["canonical"].startswith("acct_name=张三&api_version=2.1&bind_mob=13800138000&card_no=6222022005001212723&")
          and cases[-1]["canonical"].endswith("&sign_type=RSA&user_id=2013051500001")
          and "risk_item={\"frms_ware_category\":\"2009\"" in cases[-1]["canonical"]
          and "no_order" not in cases[-1]["canonical"], "lianlian canonical shape")
    add("lianlian-apply-md5-salted",
        "Same request with sign_type MD5: lower(md5(canonical + \"&key=\" + md5_key)).",
        lianlian_apply_params("MD5"), LL_RULE,
        {"scheme": "md5_salted", "salt_prefix": "&key=", "key": LL_MD5_KEY, "case": "lower"})
    add("lianlian-apply-rsa-sha256",
        "Same request with sign_type SHA256withRSA, 2048-bit key.",
        lianlian_apply_params("SHA256withRSA"), LL_RULE,
        {"scheme": "rsa_pkcs1v15", "digest": "sha256", "key": "test-rsa-2048"})
    add("lianlian-verify-response-rsa-md5",
        "LianLian verify response: ret_code and ret_msg are signed too; sign excluded.",
        {"ret_msg": "交易成功", "sign": "ignored", "ret_code": "0000", "oid_partner": "201408071000001543",
         "user_id": "2013051500001", "sign_type": "RSA", "no_agree": "2024031500012345"},
        LL_RULE, {"scheme": "rsa_pkcs1v15", "digest": "md5", "key": "test-rsa-1024"},
        "no_agree=2024031500012345&oid_partner=201408071000001543&ret_code=0000&ret_msg=交易成功"
        "&sign_type=RSA&user_id=2013051500001")

    mixed = {"Ckey": "3", "akey": "1", "sign": "x", "Bkey": "2"}
    add("mixed-case-bytewise", "Upper-case letters sort before lower-case ones byte-wise.",
        dict(mixed), {"kind": "sorted_pairs", "order": "bytewise", "exclude": ["sign"], "skip_empty": True},
        {"scheme": "md5_salted", "salt_prefix": "&key=", "key": LL_MD5_KEY, "case": "lower"},
        "Bkey=2&Ckey=3&akey=1")
    add("mixed-case-case-insensitive", "Same params, case-insensitive order (Java LLPayUtil style).",
        dict(mixed), {"kind": "sorted_pairs", "order": "case_insensitive", "exclude": ["sign"], "skip_empty": True},
        {"scheme": "md5_salted", "salt_prefix": "&key=", "key": LL_MD5_KEY, "case": "lower"},
        "akey=1&Bkey=2&Ckey=3")
    tie = {"key": "lower", "a_b": "underscore", "KEY": "caps", "aB": "camel", "Key": "title", "sign": "x"}
    add("case-insensitive-tiebreak",
        "Keys equal when lower-cased are ordered byte-wise (KEY < Key < key); '_' (0x5F) sorts "
        "before 'b' (0x62) once lower-cased but after 'B' (0x42) byte-wise.",
        dict(tie), {"kind": "sorted_pairs", "order": "case_insensitive", "exclude": ["sign"], "skip_empty": True},
        {"scheme": "md5_salted", "salt_prefix": "&key=", "key": LL_MD5_KEY, "case": "lower"},
        "a_b=underscore&aB=camel&KEY=caps&Key=title&key=lower")
    add("case-bytewise-tiebreak-contrast", "The same params byte-wise.",
        dict(tie), {"kind": "sorted_pairs", "order": "bytewise", "exclude": ["sign"], "skip_empty": True},
        {"scheme": "md5_salted", "salt_prefix": "&key=", "key": LL_MD5_KEY, "case": "lower"},
        "KEY=caps&Key=title&aB=camel&a_b=underscore&key=lower")

    add("vbao-bindcard-create",
        "Vbao shortcut bindCard/create business JSON: camelCase keys, case-sensitive byte-wise order, "
        "empty frontUrl and null remark skipped, sign excluded, upper(md5(canonical + \"&key=\" + key)).",
        {"orderNo": "VB2024031500000001", "customerNo": "C100000001", "userName": "李四",
         "idCardNo": "110101199003070011", "cardNo": "6217000010012345678", "mobile": "13900139000",
         "bankCode": "CCB", "cardType": "DEBIT", "bindNotifyUrl": "https://merchant.example.com/vbao/bind/notify",
         "frontUrl": "", "remark": None, "sign": "0123456789ABCDEF0123456789ABCDEF"},
        {"kind": "sorted_pairs", "order": "bytewise", "exclude": ["sign"], "skip_empty": True},
        {"scheme": "md5_salted", "salt_prefix": "&key=", "key": VB_KEY, "case": "upper"},
        "bankCode=CCB&bindNotifyUrl=https://merchant.example.com/vbao/bind/notify&cardNo=6217000010012345678"
        "&cardType=DEBIT&customerNo=C100000001&idCardNo=110101199003070011&mobile=13900139000"
        "&orderNo=VB2024031500000001&userName=李四")

    add("raw-values-no-url-encoding",
        "Values containing '=', '&', spaces, '+', '%', '/' and Chinese are used raw (no URL encoding).",
        {"url": "https://m.example.com/cb?a=1&b=2", "memo": "a=b&c=d", "amount": "1+1=2",
         "name": "王 五", "text": "  two  spaces  ", "pct": "100%25", "zh": "中文，标点。", "sign": "x"},
        LL_RULE, {"scheme": "md5_salted", "salt_prefix": "&key=", "key": LL_MD5_KEY, "case": "lower"},
        "amount=1+1=2&memo=a=b&c=d&name=王 五&pct=100%25&text=  two  spaces  "
        "&url=https://m.example.com/cb?a=1&b=2&zh=中文，标点。")
    add("keep-empty-values",
        "skip_empty false: empty strings are kept as 'k=', nulls are still dropped.",
        {"b": "", "c": None, "a": "1", "sign": "x", "d": "4"},
        {"kind": "sorted_pairs", "order": "bytewise", "exclude": ["sign"], "skip_empty": False},
        {"scheme": "md5_salted", "salt_prefix": "&key=", "key": LL_MD5_KEY, "case": "lower"},
        "a=1&b=&d=4")
    add("yixin-public-params-sha256",
        "Yixin-style public parameters (assumed rule): base64 values with '+', '/', '=' kept raw; "
        "SHA256withRSA.",
        {"timestamp": "1710469800000", "method": "bindCard", "appId": "test-app-0001", "version": "1.0",
         "requestNo": "REQ2024031500000001", "ip": "192.0.2.10",
         "key": "q+/R8x==", "params": "Zm9vK2Jhci9iYXo9", "sign": "x"},
        {"kind": "sorted_pairs", "order": "bytewise", "exclude": ["sign"], "skip_empty": True},
        {"scheme": "rsa_pkcs1v15", "digest": "sha256", "key": "test-rsa-2048"},
        "appId=test-app-0001&ip=192.0.2.10&key=q+/R8x==&method=bindCard&params=Zm9vK2Jhci9iYXo9"
        "&requestNo=REQ2024031500000001&timestamp=1710469800000&version=1.0")
    add("sorted-pairs-sha1",
        "SHA1withRSA over sorted pairs (Huanbei-style query parameters; the uri/body wrapping of "
        "Huanbei's r_s is not part of this rule).",
        {"r_t": "1710469800000", "r_c": "TESTCHANNEL", "pv": "1", "r_i": "3f2504e0-4f89-11d3-9a0c-0305e82c3301.O"},
        {"kind": "sorted_pairs", "order": "bytewise", "exclude": ["r_s"], "skip_empty": True},
        {"scheme": "rsa_pkcs1v15", "digest": "sha1", "key": "test-rsa-1024"},
        "pv=1&r_c=TESTCHANNEL&r_i=3f2504e0-4f89-11d3-9a0c-0305e82c3301.O&r_t=1710469800000")

    xj_args = '{"order_sn":"246964109149933","bank_code":"ICBC","user_name":"张三"}'
    K = "SH_XJ360_POA" + "test-signkey-0123456789" + "SH_XJ360_POA"
    add("xianjincard-apply-bind-card",
        "xianjincard: K = ua + signkey + ua; canonical = K + call + K + args + K; sign = md5 lower hex. "
        "args is the exact JSON string sent (never re-serialised).",
        {"ua": "SH_XJ360_POA", "signkey": "test-signkey-0123456789", "call": "BindCard.applyBindCard", "args": xj_args},
        {"kind": "wrapped_concat"}, {"scheme": "md5", "case": "lower"},
        K + "BindCard.applyBindCard" + K + xj_args + K)
    add("xianjincard-valid-bank-list-empty-args",
        "xianjincard call with empty args.",
        {"call": "BindCard.getValidBankList", "args": "", "ua": "SH_XJ360_POA", "signkey": "test-signkey-0123456789"},
        {"kind": "wrapped_concat"}, {"scheme": "md5", "case": "lower"},
        K + "BindCard.getValidBankList" + K + K)

    # every params value is a string or null
    for c in cases:
        check(all(v is None or isinstance(v, str) for v in c["params"].values()), f"params types {c['id']}")
    return {
        "description": "String-to-sign cases computed by the independent Python reference in "
                       "generate.py. params keep their (deliberately unsorted) JSON order. "
                       "See README.md for the rule and signature schemas.",
        "generator": GENERATOR,
        "cases": cases,
    }


# --------------------------------------------------------------------------------------

GENERATOR = ""


def main() -> None:
    global GENERATOR
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--new-keys", action="store_true", help="delete keys/test-* and generate new test keys")
    ap.add_argument("--fresh-ciphertexts", action="store_true",
                    help="re-encrypt randomised ciphertexts even if the previous ones still decrypt")
    args = ap.parse_args()
    ossl = openssl("version").decode().strip()
    GENERATOR = (f"spec/vectors/generate.py; {ossl.split('(')[0].strip()} CLI; python cryptography "
                 f"{cryptography.__version__}; Python hashlib/hmac")

    print("keys ...")
    make_keys(args.new_keys)
    print("canonical.json ...")
    write_json(HERE / "canonical.json", make_canonical())
    print("signatures.json ...")
    write_json(HERE / "signatures.json", make_signatures())
    print("digests.json ...")
    write_json(HERE / "digests.json", make_digests())
    print("encryption.json ...")
    write_json(HERE / "encryption.json", make_encryption(args.fresh_ciphertexts or args.new_keys))

    # final pass: verify every signature vector in signatures.json and canonical.json from disk
    sigs = json.loads((HERE / "signatures.json").read_text("utf-8"))["vectors"]
    for v in sigs:
        verify_openssl(v["key"], v["digest"], bytes.fromhex(v["message_hex"]), base64.b64decode(v["signature_b64"]))
        if "signature_b64_wrapped" in v:
            check(base64.b64decode("".join(v["signature_b64_wrapped"].split())) ==
                  base64.b64decode(v["signature_b64"]), "wrapped signature")
    nc = 0
    for c in json.loads((HERE / "canonical.json").read_text("utf-8"))["cases"]:
        s = c["signature"]
        if s["scheme"] == "rsa_pkcs1v15":
            verify_openssl(s["key"], s["digest"], c["canonical"].encode(), base64.b64decode(s["expected_b64"]))
            nc += 1
    print(f"verified {len(sigs)} signatures.json vectors and {nc} canonical.json RSA signatures "
          f"with openssl dgst -verify")

    total = 0
    print("\nfiles:")
    for p in sorted(HERE.rglob("*")):
        if p.is_file() and "__pycache__" not in p.parts:
            total += p.stat().st_size
            print(f"  {p.stat().st_size:8d}  {p.relative_to(HERE)}")
    print(f"  {total:8d}  total")


if __name__ == "__main__":
    try:
        main()
    finally:
        for f in TMP.iterdir():
            f.unlink()
        TMP.rmdir()
