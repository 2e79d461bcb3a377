#!/usr/bin/env python3
"""Make the Vbao (微保 聚合支付) one-click bind-card vectors: spec/vectors/providers/vbao.json.

Independent of the Rust code under test: Python's hashlib (MD5), json and base64, the
`cryptography` package (PKCS#1 v1.5 encryption and decryption) and a plain `pow()` for Vbao's
"private-key encrypt" (PKCS#1 v1.5 type-1 padding through the raw private operation), whose
blocks are cross-checked with `openssl pkeyutl -verifyrecover` when openssl is installed.

ALL KEYS ARE TEST KEYS ONLY (spec/vectors/keys/). `test-rsa-2048` stands in for Vbao's own key
pair (the document's sample `reqmsg` is one 2048-bit block); `test-rsa-1024` is used for one
request so that the 117/128-byte block sizes are covered too.

Rules reproduced here (PROTOCOLS.md section 4):
- sign = upper(md5_hex(k1=v1&k2=v2...&key=SIGN_KEY)): every field except `sign`, empty strings and
  nulls skipped, names sorted byte-wise (case-sensitive), values raw.
- request body {"customerNo", "reqmsg"}: reqmsg = base64(concatenation of PKCS#1 v1.5 type-2
  blocks of the signed business JSON's UTF-8 bytes, k-11 bytes of plaintext per block), under
  Vbao's public key. Randomised: the Rust test decrypts with the private key.
- response body {"code","success","data","msg"}, data = JSON string {"customerNo","reqmsg"};
  reqmsg = base64(type-1 blocks made with Vbao's private key). Deterministic: the Rust test must
  reproduce the body byte for byte and recover the plaintext with the public key.
- bind-result notification body {"customerNo","reqmsg"} made like the response's reqmsg.

JSON is serialised compactly (separators "," and ":"), non-ASCII unescaped, keys in the order
written below: the same bytes serde_json produces for the same ordered map.

Usage: python3 spec/vectors/providers/gen_vbao.py            (keeps still-valid ciphertexts)
       python3 spec/vectors/providers/gen_vbao.py --fresh    (re-encrypts the requests)
"""
from __future__ import annotations

import argparse
import base64
import hashlib
import json
import shutil
import subprocess
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import padding

HERE = Path(__file__).resolve().parent
KEYS = HERE.parent / "keys"
OUT = HERE / "vbao.json"
SIGN_KEY = "test-vbao-signkey-0123456789abcdef"
CUSTOMER_NO = "202112090603"


def load_private(name: str):
    return serialization.load_pem_private_key((KEYS / f"{name}-private-pkcs8.pem").read_bytes(), password=None)


def dumps(obj) -> str:
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":"))


def canonical(fields: dict) -> str:
    pairs = sorted(
        ((k, v) for k, v in fields.items() if k != "sign" and v is not None and v != ""),
        key=lambda kv: kv[0].encode("utf-8"),
    )
    return "&".join(f"{k}={v}" for k, v in pairs)


def md5_sign(fields: dict) -> str:
    return hashlib.md5((canonical(fields) + "&key=" + SIGN_KEY).encode("utf-8")).hexdigest().upper()


def signed(fields: dict) -> dict:
    out = dict(fields)
    out["sign"] = md5_sign(fields)
    return out


def chunks(data: bytes, size: int) -> list[bytes]:
    return [data[i : i + size] for i in range(0, len(data), size)] or [b""]


def encrypt_blocks(key_name: str, plaintext: bytes) -> bytes:
    pub = load_private(key_name).public_key()
    k = pub.key_size // 8
    return b"".join(pub.encrypt(c, padding.PKCS1v15()) for c in chunks(plaintext, k - 11))


def decrypt_blocks(key_name: str, ciphertext: bytes) -> bytes:
    priv = load_private(key_name)
    k = priv.key_size // 8
    return b"".join(priv.decrypt(ciphertext[i : i + k], padding.PKCS1v15()) for i in range(0, len(ciphertext), k))


def private_encrypt_blocks(key_name: str, plaintext: bytes) -> bytes:
    """Type-1 padding `00 01 FF.. 00 data` through the raw private operation, with pow()."""
    nums = load_private(key_name).private_numbers()
    n, d = nums.public_numbers.n, nums.d
    k = (n.bit_length() + 7) // 8
    out = b""
    for c in chunks(plaintext, k - 11):
        em = b"\x00\x01" + b"\xff" * (k - 3 - len(c)) + b"\x00" + c
        out += pow(int.from_bytes(em, "big"), d, n).to_bytes(k, "big")
    return out


def openssl_recover_blocks(key_name: str, ciphertext: bytes) -> bytes | None:
    """Second opinion on type-1 recovery: `openssl pkeyutl -verifyrecover`, one block at a time.
    None when openssl is not installed."""
    if shutil.which("openssl") is None:
        return None
    pub = str(KEYS / f"{key_name}-public-spki.pem")
    k = load_private(key_name).key_size // 8
    out = b""
    for i in range(0, len(ciphertext), k):
        proc = subprocess.run(
            ["openssl", "pkeyutl", "-verifyrecover", "-pubin", "-inkey", pub, "-pkeyopt", "rsa_padding_mode:pkcs1"],
            input=ciphertext[i : i + k],
            capture_output=True,
            check=True,
        )
        out += proc.stdout
    return out


def public_recover_blocks(key_name: str, ciphertext: bytes) -> bytes:
    pub = load_private(key_name).public_key().public_numbers()
    k = (pub.n.bit_length() + 7) // 8
    out = b""
    for i in range(0, len(ciphertext), k):
        em = pow(int.from_bytes(ciphertext[i : i + k], "big"), pub.e, pub.n).to_bytes(k, "big")
        assert em[:2] == b"\x00\x01", "type-1 header"
        sep = em.index(b"\x00", 2)
        assert sep >= 10 and set(em[2:sep]) == {0xFF}, "type-1 padding"
        out += em[sep + 1 :]
    return out


CREATE_REQUEST = {
    "customerNo": CUSTOMER_NO,
    "orderNo": "2022090700001",
    "userType": "EMAIL",
    "identifyId": "zhangsan@example.com",
    "bankCardType": "CREDIT",
    "bankCode": "ICBC",
    "bankCardName": "张三",
    "certType": "ID",
    "certNo": "11010519491231002X",
    "mobile": "18812345678",
    "expiredTime": "2023-01-01 12:05:01",
    "bindNotifyUrl": "https://merchant.example.com/vbao/notify?a=1&b=2",
    "pageReturnUrl": "https://merchant.example.com/vbao/return",
}

CREATE_REQUEST_MINIMAL = {
    "customerNo": CUSTOMER_NO,
    "orderNo": "BC-0002",
    "userType": "USER_ID",
    "identifyId": "u-10086",
    "bankCardType": "DEBIT",
    "bankCode": "CCB",
    "bankCardName": "欧阳娜娜",
    "certType": "PASSPORT",
    "certNo": "E12345678",
    "mobile": "13900139000",
    "expiredTime": "",
    "bindNotifyUrl": "http://merchant.example.com/n",
    "pageReturnUrl": "http://merchant.example.com/r",
}

# The document's `reqmsg明文` example, re-signed with the test sign key (its own sample sign was
# made with Vbao's real key, which is not public).
CREATE_RESPONSE_DOC = {
    "orderNo": "BCC287242753802400",
    "customerNo": CUSTOMER_NO,
    "errCode": "0000",
    "errMessage": "成功",
    "submitUrl": "www.icbc.com",
    "submitMethod": "POST",
    "encoding": "UTF-8",
    "submitParams": "{\"epccGwMsg\":\"这里是参数值\"}",
}

CREATE_RESPONSE_FAILED_UNKNOWN_FIELD = {
    "customerNo": CUSTOMER_NO,
    "orderNo": "2022090700001",
    "errCode": "2104",
    "errMessage": "订单已存在,请勿重复提交",
    "traceId": "T-77",
}

NOTIFY_SUCCESS = {
    "customerNo": CUSTOMER_NO,
    "orderNo": "2022090700001",
    "errCode": "0000",
    "errMessage": "成功",
    "bindCardId": "BID202301010001",
    "bankCode": "ICBC",
    "bankCardType": "CREDIT",
    "bankCardNo": "6222********1234",
}

NOTIFY_FAILED = {
    "customerNo": CUSTOMER_NO,
    "orderNo": "BC-0002",
    "errCode": "2002",
    "errMessage": "渠道处理失败",
    "bindCardId": "",
}


def load_previous() -> dict:
    try:
        return json.loads(OUT.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def common(vid: str, key: str, fields: dict, ct: bytes) -> dict:
    """What every vector records: the signed fields, the string to sign, the sign, the plaintext."""
    business = dumps(signed(fields))
    k = load_private(key).key_size // 8
    return {
        "id": vid,
        "key": key,
        "fields": signed(fields),
        "canonical": canonical(fields),
        "sign": md5_sign(fields),
        "business_json": business,
        "plaintext_len": len(business.encode("utf-8")),
        "blocks": len(ct) // k,
    }


def request_vector(vid: str, key: str, fields: dict, previous: dict, fresh: bool) -> dict:
    business = dumps(signed(fields))
    plaintext = business.encode("utf-8")
    old = next((v for v in previous.get("requests", []) if v.get("id") == vid), None)
    reqmsg = None
    if old and not fresh:
        try:
            ct = base64.b64decode(json.loads(old["body"])["reqmsg"])
            if old.get("key") == key and decrypt_blocks(key, ct) == plaintext:
                reqmsg = json.loads(old["body"])["reqmsg"]
        except Exception:  # noqa: BLE001 - any failure means "make a new one"
            reqmsg = None
    if reqmsg is None:
        reqmsg = base64.b64encode(encrypt_blocks(key, plaintext)).decode("ascii")
    ct = base64.b64decode(reqmsg)
    assert decrypt_blocks(key, ct) == plaintext, f"{vid}: decrypt round trip"
    k = load_private(key).key_size // 8
    out = common(vid, key, fields, ct)
    out.update({"block_plain": k - 11, "block_cipher": k})
    out["body"] = dumps({"customerNo": fields["customerNo"], "reqmsg": reqmsg})
    return out


def provider_message_vector(vid: str, key: str, fields: dict, kind: str) -> dict:
    business = dumps(signed(fields))
    plaintext = business.encode("utf-8")
    ct = private_encrypt_blocks(key, plaintext)
    assert public_recover_blocks(key, ct) == plaintext, f"{vid}: public recovery"
    assert openssl_recover_blocks(key, ct) in (None, plaintext), f"{vid}: openssl recovery"
    reqmsg = base64.b64encode(ct).decode("ascii")
    data = {"customerNo": fields["customerNo"], "reqmsg": reqmsg}
    if kind == "response":
        body = dumps({"code": "200", "success": True, "data": dumps(data), "msg": "操作成功"})
    else:
        body = dumps(data)
    out = common(vid, key, fields, ct)
    out.update({"reqmsg": reqmsg, "body": body})
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--fresh", action="store_true", help="re-encrypt the randomised request ciphertexts")
    args = ap.parse_args()
    previous = load_previous()

    # Self-check of the signature rule against a hand-computed canonical string.
    assert canonical({"b": "2", "a": "1", "B": "x", "sign": "S", "e": "", "n": None}) == "B=x&a=1&b=2"

    out = {
        "description": "Vbao one-click bind card (bindCard/create) and bind-result notification vectors. "
        "See the docstring of gen_vbao.py for the rules. TEST KEYS ONLY.",
        "generator": "spec/vectors/providers/gen_vbao.py (hashlib, json, base64, cryptography, pow(); "
        "type-1 blocks cross-checked with openssl pkeyutl -verifyrecover)",
        "sign_key": SIGN_KEY,
        "customer_no": CUSTOMER_NO,
        "vbao_key": "test-rsa-2048",
        "requests": [
            request_vector("create-full-2048", "test-rsa-2048", CREATE_REQUEST, previous, args.fresh),
            request_vector("create-minimal-1024", "test-rsa-1024", CREATE_REQUEST_MINIMAL, previous, args.fresh),
        ],
        "responses": [
            provider_message_vector("create-doc-example", "test-rsa-2048", CREATE_RESPONSE_DOC, "response"),
            provider_message_vector(
                "create-2104-unknown-field", "test-rsa-2048", CREATE_RESPONSE_FAILED_UNKNOWN_FIELD, "response"
            ),
        ],
        "notifications": [
            provider_message_vector("notify-success", "test-rsa-2048", NOTIFY_SUCCESS, "notification"),
            provider_message_vector("notify-2002", "test-rsa-2048", NOTIFY_FAILED, "notification"),
        ],
    }
    text = json.dumps(out, ensure_ascii=False, indent=2) + "\n"
    if not OUT.exists() or OUT.read_text(encoding="utf-8") != text:
        OUT.write_text(text, encoding="utf-8")
    print(f"{OUT.relative_to(HERE.parent.parent.parent)}: {len(text.encode('utf-8'))} bytes")


if __name__ == "__main__":
    main()
