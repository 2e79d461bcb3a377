#!/usr/bin/env python3
"""Yixin known-answer vectors (independent of the Rust code), for the ASSUMED envelope of
PROTOCOLS.md section 3 and each per-merchant override (digest, AES mode, AES key size).
Uses the Python standard library and `cryptography`; keys from spec/vectors/keys/ (TEST ONLY).

    python3 spec/vectors/providers/gen_yixin.py   # writes spec/vectors/providers/yixin.json

Roles: the partner (merchant) key is test-rsa-1024, Yixin's key is test-rsa-2048.
A request is signed with the partner's private key and its AES key is wrapped with Yixin's
public key; a response the other way round.

  key    = base64(RSA-PKCS1-v1_5-encrypt(aes_key))      (randomised: decrypt it to check)
  params = base64(AES-<mode>-PKCS7(aes_key, business JSON))   (deterministic)
  sign   = base64(PKCS1v15-sign(digest, sorted k=v& over the public params except sign,
                                 empty values dropped))  (deterministic given key/params)

If yixin.json exists and its wrapped keys still decrypt to the same AES keys, they are reused,
so re-running gives byte-identical output.
"""
import base64
import json
from pathlib import Path

from cryptography.hazmat.primitives import hashes, padding as sympadding, serialization
from cryptography.hazmat.primitives.asymmetric import padding
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

HERE = Path(__file__).resolve().parent
KEYS = HERE.parent / "keys"
OUT = HERE / "yixin.json"
HASHES = {"sha1": hashes.SHA1, "sha256": hashes.SHA256, "md5": hashes.MD5}
PARTNER, YIXIN = "test-rsa-1024", "test-rsa-2048"


def priv(name):
    return serialization.load_pem_private_key((KEYS / f"{name}-private-pkcs8.pem").read_bytes(), None)


def pub(name):
    return serialization.load_pem_public_key((KEYS / f"{name}-public-spki.pem").read_bytes())


def compact(obj):
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":")).encode()


def aes_encrypt(mode, key, data):
    padder = sympadding.PKCS7(128).padder()
    padded = padder.update(data) + padder.finalize()
    m = modes.ECB() if mode == "ecb" else modes.CBC(b"\0" * 16)
    enc = Cipher(algorithms.AES(key), m).encryptor()
    return enc.update(padded) + enc.finalize()


def aes_decrypt(mode, key, data):
    m = modes.ECB() if mode == "ecb" else modes.CBC(b"\0" * 16)
    dec = Cipher(algorithms.AES(key), m).decryptor()
    padded = dec.update(data) + dec.finalize()
    unpadder = sympadding.PKCS7(128).unpadder()
    return unpadder.update(padded) + unpadder.finalize()


def string_to_sign(public):
    pairs = sorted((k, v) for k, v in public.items() if k != "sign" and v != "")
    return "&".join(f"{k}={v}" for k, v in pairs).encode()


previous = {}
if OUT.exists():
    for case in json.loads(OUT.read_text())["cases"]:
        previous[case["id"]] = case["public"]["key"]


def wrapped_key(case_id, receiver, aes_key):
    old = previous.get(case_id)
    if old:
        try:
            if priv(receiver).decrypt(base64.b64decode(old), padding.PKCS1v15()) == aes_key:
                return old
        except ValueError:
            pass
    return base64.b64encode(pub(receiver).encrypt(aes_key, padding.PKCS1v15())).decode()


BIND_CARD = {"outerUserNo": "u-10001", "cardNo": "6222022005001212726", "phone": "13420504517",
             "bizType": "repay", "bizNo": "LOAN-2024-0001"}
BANK_LIST = {"bankList": [
    {"bankName": "农业银行", "bankCode": "ABC", "timesLimit": 500000, "dayLimit": 5000000},
    {"bankName": "中信银行", "bankCode": "ECITIC", "timesLimit": "12345678901234567890.12", "dayLimit": 0.10},
]}
CASES = [
    # id, direction, digest, aes mode, key bytes, business
    ("request-default", "request", "sha256", "ecb", bytes(range(16)), "bindCard", BIND_CARD),
    ("request-digest-sha1", "request", "sha1", "ecb", bytes(range(16)), "bindCard", BIND_CARD),
    ("request-aes-cbc-zero-iv", "request", "sha256", "cbc_zero_iv", bytes(range(16)), "bindCard", BIND_CARD),
    ("request-aes-256", "request", "sha256", "ecb", bytes(range(32, 64)), "verifyCode",
     {"outerUserNo": "u-10001", "bizId": "234051213805486090", "verifyCode": "123456"}),
    ("response-default", "response", "sha256", "ecb", bytes(range(100, 116)), "bankList", BANK_LIST),
]

cases = []
for case_id, direction, digest, mode, aes_key, method, business in CASES:
    sender, receiver = (PARTNER, YIXIN) if direction == "request" else (YIXIN, PARTNER)
    plaintext = compact(business)
    params = base64.b64encode(aes_encrypt(mode, aes_key, plaintext)).decode()
    key = wrapped_key(case_id, receiver, aes_key)
    if direction == "request":
        public = {"appId": "test-app-0001", "requestNo": "0123456789abcdef0123456789abcdef", "method": method,
                  "version": "1.0", "timestamp": "1710469800000", "key": key, "params": params, "ip": "10.0.0.1"}
    else:
        public = {"code": "0", "msg": "success", "params": params, "key": key}
    sts = string_to_sign(public)
    sign = priv(sender).sign(sts, padding.PKCS1v15(), HASHES[digest]())
    pub(sender).verify(sign, sts, padding.PKCS1v15(), HASHES[digest]())
    public["sign"] = base64.b64encode(sign).decode()
    # self-check: the receiver recovers everything
    got_key = priv(receiver).decrypt(base64.b64decode(key), padding.PKCS1v15())
    assert got_key == aes_key and aes_decrypt(mode, got_key, base64.b64decode(params)) == plaintext
    if direction == "request":
        body = compact(public).decode()
    else:
        body = compact({"msg": "success", "code": 0, "params": params, "key": key, "sign": public["sign"]}).decode()
    cases.append({
        "id": case_id, "direction": direction, "method": method, "sender_key": sender, "receiver_key": receiver,
        "profile": {"digest": digest, "aes_mode": mode, "aes_key_bits": len(aes_key) * 8},
        "aes_key_hex": aes_key.hex(), "business_utf8": plaintext.decode(),
        "public": public, "string_to_sign_utf8": sts.decode(), "body_utf8": body,
    })

OUT.write_text(json.dumps({
    "description": "Yixin envelopes under the assumed profile and each override. key is randomised "
                   "(decrypt it); params and sign are deterministic. TEST KEYS ONLY.",
    "generator": "spec/vectors/providers/gen_yixin.py",
    "cases": cases,
}, ensure_ascii=False, indent=2) + "\n")
print("wrote", OUT)
