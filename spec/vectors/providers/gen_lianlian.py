#!/usr/bin/env python3
"""Generate spec/vectors/providers/lianlian.json: LianLian MPAY known-answer vectors.

Independent of the Rust code under test: Python `hashlib`/`hmac`/`json`/`base64`, the
`cryptography` package, and the OpenSSL CLI as a cross-check (every RSA signature is verified
with `openssl dgst -verify`, every MD5 with `openssl dgst -md5`, every OAEP key wrap decrypted
with `openssl pkeyutl`).

ALL KEYS ARE TEST KEYS from spec/vectors/keys/ (public, never for real traffic). Personal data
below is fake; card and ID numbers pass their checksums so the Rust encoder accepts them.

Roles: the merchant signs with test-rsa-1024; "LianLian" is played by test-rsa-2048 (it signs
replies and its public key encrypts pay_load), as in spec/vectors/encryption.json.

Deterministic parts (strings to sign, PKCS#1 v1.5 and MD5 signatures, whole verify-request and
reply bodies, the signed apply JSON) must be reproduced by Rust byte for byte. The pay_load
envelopes are randomised (fresh keys, OAEP): Rust must open them. A re-run keeps the previous
pay_loads when they still open to the same plaintext, so the output is stable.

Usage: python3 spec/vectors/providers/gen_lianlian.py
"""
from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent.parent
KEYS = ROOT / "spec" / "vectors" / "keys"
SPEC = json.loads((ROOT / "spec" / "providers" / "lianlian.json").read_text("utf-8"))
OUT = HERE / "lianlian.json"
TMP = Path(tempfile.mkdtemp(prefix="cardbind-lianlian-"))

MERCHANT_KEY = "test-rsa-1024"
LIANLIAN_KEY = "test-rsa-2048"
MD5_KEY = "test-md5-key-201408071000001543"
OID_PARTNER = "201408071000001543"
HASHES = {"md5": hashes.MD5, "sha256": hashes.SHA256}
PROFILES = {"RSA": "md5", "SHA256withRSA": "sha256", "MD5": None}


def check(cond: bool, what: str) -> None:
    if not cond:
        sys.stderr.write(f"SELF-CHECK FAILED: {what}\n")
        raise SystemExit(1)


_n = 0


def tmpfile(data: bytes) -> str:
    global _n
    _n += 1
    p = TMP / f"f{_n}"
    p.write_bytes(data)
    return str(p)


def openssl(*args: str) -> bytes:
    proc = subprocess.run(["openssl", *args], capture_output=True)
    check(proc.returncode == 0, f"openssl {' '.join(args)}: {proc.stderr.decode(errors='replace')}")
    return proc.stdout


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def pem(name: str, kind: str) -> Path:
    return KEYS / f"{name}-{kind}.pem"


def load_priv(name: str):
    return serialization.load_pem_private_key(pem(name, "private-pkcs8").read_bytes(), None)


def oaep():
    return padding.OAEP(mgf=padding.MGF1(hashes.SHA1()), algorithm=hashes.SHA1(), label=None)


def to_json(obj: dict) -> str:
    """Compact JSON, non-ASCII kept: the form the Rust encoder (serde_json) writes."""
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":"))


def string_to_sign(fields: dict) -> str:
    """PROTOCOLS.md §1: all top-level fields but sign, nulls and empty strings dropped,
    keys sorted byte-wise, k=v joined with &, values raw."""
    items = [(k, v) for k, v in fields.items() if k != "sign" and v is not None and v != ""]
    items.sort(key=lambda kv: kv[0].encode("utf-8"))
    return "&".join(f"{k}={v}" for k, v in items)


def sign(sign_type: str, key: str, message: str) -> str:
    msg = message.encode("utf-8")
    digest = PROFILES[sign_type]
    if digest is None:
        mac = hashlib.md5(msg + b"&key=" + MD5_KEY.encode()).hexdigest()
        other = openssl("dgst", "-md5", "-r", tmpfile(msg + b"&key=" + MD5_KEY.encode())).split()[0].decode()
        check(mac == other, "md5 hashlib vs openssl")
        return mac
    sig = load_priv(key).sign(msg, padding.PKCS1v15(), HASHES[digest]())
    out = openssl("dgst", f"-{digest}", "-verify", str(pem(key, "public-spki")), "-signature", tmpfile(sig),
                  tmpfile(msg))
    check(out.strip() == b"Verified OK", f"openssl verify {sign_type}")
    return b64(sig)


def spec_order(operation: str, direction: str) -> list[str]:
    op = next(o for o in SPEC["operations"] if o["name"] == operation)
    return [f["name"] for f in op[direction] if f["name"] != "sign"]


def signed_message(operation: str, direction: str, fields: dict, sign_type: str, key: str) -> dict:
    """Puts fields in spec order (sign last, as the codec writes them) and signs them."""
    ordered = {k: fields[k] for k in spec_order(operation, direction) if k in fields}
    check(set(ordered) == set(fields), f"{operation}: every field is in the spec")
    canon = string_to_sign(ordered)
    ordered["sign"] = sign(sign_type, key, canon)
    return {"fields": ordered, "canonical": canon, "body_utf8": to_json(ordered)}


RISK_ITEM = to_json({
    "frms_ware_category": "2009",
    "user_info_mercht_userno": "2013051500001",
    "user_info_bind_phone": "13800138000",
    "user_info_dt_register": "20240101120000",
    "user_info_full_name": "张三",
    "user_info_id_no": "11010519491231002X",
    "user_info_identify_state": "1",
    "user_info_identify_type": "1",
})


def apply_params(no_order: str | None) -> dict:
    # What a caller passes (deliberately unsorted); the codec adds oid_partner, sign_type,
    # api_version (default 2.1) and sign.
    p = {
        "user_id": "2013051500001",
        "card_no": "6222022005001212726",
        "acct_name": "张三",
        "bind_mob": "13800138000",
        "id_type": "0",
        "id_no": "11010519491231002X",
        "risk_item": RISK_ITEM,
        "pay_type": "2",
    }
    if no_order is not None:
        p["no_order"] = no_order
    return p


# Every field of lianlian-card-bind-apply.md: pay_type P (authenticated payment), the optional
# notify_url, no_order, dt_order, the sample's vali_date and the YT demo's platform, with a
# risk_item whose keys are sorted as fastjson writes a sorted map (Java String order) and whose
# values are all strings, as providers::lianlian::RiskItem builds it.
FULL_RISK_ITEM = json.dumps(dict(sorted({
    "frms_ware_category": "2009",
    "user_info_mercht_userno": "2013051500001",
    "user_info_bind_phone": "13800138000",
    "user_info_dt_register": "20240101120000",
    "frms_client_chnl": "10",
    "frms_ip_addr": "192.168.20.110",
    "frms_imei": "861234567890123",
    "user_info_full_name": "张三",
    "user_info_id_no": "11010519491231002X",
    "user_info_identify_state": "1",
    "user_info_identify_type": "1",
}.items())), ensure_ascii=False, separators=(",", ":"))


def full_apply_params() -> dict:
    return {
        **apply_params("BIND20240315000002"),
        "pay_type": "P",
        "risk_item": FULL_RISK_ITEM,
        "notify_url": "https://merchant.example/lianlian/notify?a=1&b=2",
        "dt_order": "20240315153543",
        "vali_date": "2702",
        "platform": "test.merchant.example",
    }


def verify_params() -> dict:
    return {"user_id": "2013051500001", "token": "1A2B3C4D5E6F7A8B9C0D1E2F3A4B5C6D", "verify_code": "123456",
            "no_order": "BIND20240315000001"}


def requests() -> list[dict]:
    out = []
    for sign_type in PROFILES:
        for op, params in [("bankcardbind", apply_params("BIND20240315000001")), ("bankcardbindverfy", verify_params())]:
            fields = {"oid_partner": OID_PARTNER, "sign_type": sign_type, **params}
            if op == "bankcardbind":
                fields["api_version"] = "2.1"
            msg = signed_message(op, "request", fields, sign_type, MERCHANT_KEY)
            out.append({"id": f"{op}-{sign_type}", "operation": op, "sign_type": sign_type, "params": params, **msg})
    # Every field the apply document lists.
    fields = {"oid_partner": OID_PARTNER, "sign_type": "RSA", "api_version": "2.1", **full_apply_params()}
    msg = signed_message("bankcardbind", "request", fields, "RSA", MERCHANT_KEY)
    check("&notify_url=https://merchant.example/lianlian/notify?a=1&b=2&" in msg["canonical"], "notify_url raw")
    out.append({"id": "bankcardbind-RSA-full", "operation": "bankcardbind", "sign_type": "RSA",
                "params": full_apply_params(), **msg})
    # An apply without the optional no_order: nothing empty is signed.
    fields = {"oid_partner": OID_PARTNER, "sign_type": "RSA", "api_version": "2.1", **apply_params(None)}
    msg = signed_message("bankcardbind", "request", fields, "RSA", MERCHANT_KEY)
    check("no_order" not in msg["canonical"], "no no_order")
    out.append({"id": "bankcardbind-RSA-no-order", "operation": "bankcardbind", "sign_type": "RSA",
                "params": apply_params(None), **msg})
    return out


def wrap76(s: str) -> str:
    """commons-codec 1.4 style: CRLF every 76 characters and a trailing CRLF."""
    return "".join(s[i:i + 76] + "\r\n" for i in range(0, len(s), 76))


def make_pay_load(plaintext: bytes, hmac_key: bytes, aes_key: bytes, nonce: bytes, wrapped: bool,
                  ek: tuple[bytes, bytes] | None) -> tuple[str, tuple[bytes, bytes]]:
    enc = Cipher(algorithms.AES(aes_key), modes.CTR(nonce + bytes(7) + b"\x01")).encryptor()
    cipher = enc.update(plaintext) + enc.finalize()
    other = openssl("enc", "-aes-256-ctr", "-K", aes_key.hex(), "-iv", (nonce + bytes(7) + b"\x01").hex(), "-nosalt",
                    "-in", tmpfile(plaintext))
    check(other == cipher, "aes-256-ctr cryptography vs openssl")
    if ek is None:
        pub = load_priv(LIANLIAN_KEY).public_key()
        ek = (pub.encrypt(hmac_key, oaep()), pub.encrypt(aes_key, oaep()))
    for wrapped_key, key in zip(ek, (hmac_key, aes_key)):
        got = openssl("pkeyutl", "-decrypt", "-inkey", str(pem(LIANLIAN_KEY, "private-pkcs8")), "-in",
                      tmpfile(wrapped_key), "-pkeyopt", "rsa_padding_mode:oaep", "-pkeyopt", "rsa_oaep_md:sha1",
                      "-pkeyopt", "rsa_mgf1_md:sha1")
        check(got == key, "oaep openssl decrypt")
    enc_b64 = wrap76 if wrapped else (lambda s: s)
    b64nonce, b64cipher = enc_b64(b64(nonce)), enc_b64(b64(cipher))
    # The MAC covers the two parts exactly as they appear in the envelope (wrapped or not).
    mac = hmac.new(hmac_key, (b64nonce + "$" + b64cipher).encode(), hashlib.sha256).digest()
    parts = ["lianpay1_0_1", enc_b64(b64(ek[0])), enc_b64(b64(ek[1])), b64nonce, b64cipher, enc_b64(b64(mac))]
    return "$".join(parts), ek


def previous_keys(prev: dict, vid: str, hmac_key: bytes, aes_key: bytes) -> tuple[bytes, bytes] | None:
    old = next((p for p in prev.get("pay_loads", []) if p["id"] == vid), None)
    if not old:
        return None
    try:
        parts = old["pay_load"].split("$")
        ek = (base64.b64decode("".join(parts[1].split())), base64.b64decode("".join(parts[2].split())))
        priv = load_priv(LIANLIAN_KEY)
        if priv.decrypt(ek[0], oaep()) == hmac_key and priv.decrypt(ek[1], oaep()) == aes_key:
            return ek
    except Exception:
        pass
    return None


def pay_loads(reqs: list[dict], prev: dict) -> list[dict]:
    out = []
    for i, (rid, wrapped) in enumerate([("bankcardbind-RSA", False), ("bankcardbind-SHA256withRSA", True),
                                         ("bankcardbind-MD5", False)]):
        req = next(r for r in reqs if r["id"] == rid)
        plaintext = req["body_utf8"].encode("utf-8")
        hmac_key = hashlib.sha256(f"lianlian vector {i} hmac".encode()).digest()
        aes_key = hashlib.sha256(f"lianlian vector {i} aes".encode()).digest()
        nonce = hashlib.sha256(f"lianlian vector {i} nonce".encode()).digest()[:8]
        vid = f"{rid}{'-wrapped' if wrapped else ''}"
        pay_load, _ = make_pay_load(plaintext, hmac_key, aes_key, nonce, wrapped,
                                    previous_keys(prev, vid, hmac_key, aes_key))
        body = to_json({"oid_partner": OID_PARTNER, "pay_load": pay_load})
        out.append({"id": vid, "request": rid, "sign_type": req["sign_type"], "wrapped_crlf_76": wrapped,
                    "plaintext_utf8": req["body_utf8"], "hmac_key_hex": hmac_key.hex(), "aes_key_hex": aes_key.hex(),
                    "nonce_hex": nonce.hex(), "pay_load": pay_load, "body_utf8": body})
    return out


def responses() -> list[dict]:
    out = []
    cases = [
        ("bankcardbind", "8888", "验证码已发送",
         {"user_id": "2013051500001", "token": "1A2B3C4D5E6F7A8B9C0D1E2F3A4B5C6D", "no_order": "BIND20240315000001",
          "dt_order": "20240315120000"},
         {"status": "code_sent", "confirm_token": "1A2B3C4D5E6F7A8B9C0D1E2F3A4B5C6D"}),
        ("bankcardbindverfy", "0000", "交易成功",
         {"user_id": "2013051500001", "card_no": "6222022005001212726", "no_agree": "2024031500012345",
          "no_order": "BIND20240315000001"},
         {"status": "succeeded"}),
    ]
    for sign_type in PROFILES:
        for op, code, msg, extra, outcome in cases:
            fields = {"ret_code": code, "ret_msg": msg, "sign_type": sign_type, "oid_partner": OID_PARTNER, **extra}
            m = signed_message(op, "response", fields, sign_type, LIANLIAN_KEY)
            given = {"ret_code": code, "ret_msg": msg, **extra}
            out.append({"id": f"{op}-{code}-{sign_type}", "operation": op, "sign_type": sign_type, "signed": True,
                        "given": given, **m, "outcome": {**outcome, "provider_code": code, "provider_message": msg}})
    # Failures are not signed by LianLian.
    for op, code, msg, kind, retryable in [
        ("bankcardbindverfy", "1900", "短信验证码错误", "verify_code_wrong", False),
        ("bankcardbindverfy", "1000", "token已失效", "verify_code_expired", False),
        ("bankcardbind", "9913", "该卡已绑定", "card_already_bound", False),
        ("bankcardbind", "9999", "系统错误", "provider_unavailable", True),
        ("bankcardbind", "5678", "未知错误", "unknown", False),
    ]:
        fields = {"ret_code": code, "ret_msg": msg}
        out.append({"id": f"{op}-{code}", "operation": op, "sign_type": None, "signed": False, "given": fields,
                    "fields": fields, "canonical": None, "body_utf8": to_json(fields),
                    "outcome": {"status": "failed", "kind": kind, "retryable": retryable, "provider_code": code,
                                "provider_message": msg}})
    return out


def doc_examples() -> dict:
    """The document's samples, re-signed with the test keys (their own sign is not verifiable:
    it is the same value in the request and the reply, and LianLian's key is not public)."""
    doc_request = {"oid_partner": "201103171000000000", "token": "D096DBA0E3E0CC8F1D504C06E71D292D",
                   "user_id": "2013051500001", "verify_code": "666666", "sign_type": "RSA"}
    # The document's reply is not valid JSON ("ret_msg":交易成功" lacks its opening quote); this is
    # the corrected text. card_no 622202112313213123 fails Luhn: decoding does not re-validate.
    doc_reply = {"ret_code": "0000", "ret_msg": "交易成功", "oid_partner": "201103171000000000",
                 "user_id": "2013051500001", "card_no": "622202112313213123", "no_agree": "2013051613121201",
                 "sign_type": "RSA"}
    req = dict(doc_request)
    req_canon = string_to_sign(req)
    req["sign"] = sign("RSA", MERCHANT_KEY, req_canon)
    rep = dict(doc_reply)
    rep_canon = string_to_sign(rep)
    rep["sign"] = sign("RSA", LIANLIAN_KEY, rep_canon)
    return {
        "oid_partner": "201103171000000000",
        "verify_request": {"canonical": req_canon, "body_utf8": json.dumps(req, ensure_ascii=False, indent=8)},
        "verify_reply": {"canonical": rep_canon, "body_utf8": json.dumps(rep, ensure_ascii=False, indent=4),
                         "outcome": {"status": "succeeded", "provider_code": "0000", "provider_message": "交易成功"}},
    }


def main() -> None:
    prev = json.loads(OUT.read_text("utf-8")) if OUT.exists() else {}
    reqs = requests()
    doc = {
        "description": "LianLian MPAY known-answer vectors: strings to sign, signatures, whole request and reply "
                       "bodies (deterministic: Rust reproduces them byte for byte) and randomised pay_load "
                       "envelopes (Rust opens them). Merchant key test-rsa-1024, LianLian key test-rsa-2048, "
                       "MD5 profile key md5_key. TEST KEYS ONLY.",
        "generator": "spec/vectors/providers/gen_lianlian.py (Python hashlib/hmac/json + cryptography, checked "
                     "with the openssl CLI)",
        "oid_partner": OID_PARTNER,
        "merchant_key": MERCHANT_KEY,
        "lianlian_key": LIANLIAN_KEY,
        "md5_key": MD5_KEY,
        "requests": reqs,
        "pay_loads": pay_loads(reqs, prev),
        "responses": responses(),
        "doc_examples": doc_examples(),
    }
    OUT.write_text(json.dumps(doc, ensure_ascii=False, indent=2) + "\n", "utf-8")
    print(f"wrote {OUT.relative_to(ROOT)} ({OUT.stat().st_size} bytes)")


if __name__ == "__main__":
    main()
