#!/usr/bin/env python3
"""Huanbei known-answer vectors (independent of the Rust code): r_s request signatures and
request fingerprints.  Uses only the Python standard library and `cryptography`; test keys
come from spec/vectors/keys/ (TEST KEYS ONLY).

    python3 spec/vectors/providers/gen_huanbei.py   # writes spec/vectors/providers/huanbei.json

r_s = base64(PKCS1v15-sign(digest, uri + "?" + sorted(k=v, "&") of the query except r_s + body))
fingerprint = sha256_hex(json.dumps(business_fields, sort_keys=True, separators=(",", ":"),
                                    ensure_ascii=False))  (r_i / r_t left out)
"""
import base64
import hashlib
import json
from pathlib import Path

from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding

HERE = Path(__file__).resolve().parent
KEYS = HERE.parent / "keys"
HASHES = {"sha1": hashes.SHA1(), "sha256": hashes.SHA256(), "md5": hashes.MD5()}


def priv(name):
    return serialization.load_pem_private_key((KEYS / f"{name}-private-pkcs8.pem").read_bytes(), None)


def pub(name):
    return serialization.load_pem_public_key((KEYS / f"{name}-public-spki.pem").read_bytes())


def compact(obj):
    """What the codec sends: insertion order kept, no whitespace, UTF-8."""
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":")).encode()


def string_to_sign(uri, query, body):
    pairs = sorted((k, v) for k, v in query if k != "r_s" and v != "")
    return uri.encode() + b"?" + "&".join(f"{k}={v}" for k, v in pairs).encode() + body


NEW_CARD = {
    "user_id": "246964109149933",
    "bank_card": "6222022005001212726",
    "open_bank": "ICBC",
    "user_name": "张三",
    "id_number": "11010519491231002X",
    "user_mobile": "13420504517",
    "bank_address": "北京市 市辖区",
    "bank_card_type": 0,
    "bind_card_src": 1,
    "verify_code": "123456",
}
OLD_CARD = {
    "user_id": "246964109149933",
    "bank_card": "6222022005001212726",
    "open_bank": "ICBC",
    "bind_card_src": 2,
    "extra_info": {"card_id": "c-77", "ext": {"b": 2, "a": [1, "x"]}},
}

signatures = []
for case_id, key, digest, params in [
    ("new-card-sha1-1024", "test-rsa-1024", "sha1", NEW_CARD),
    ("old-card-sha1-2048", "test-rsa-2048", "sha1", OLD_CARD),
    ("new-card-sha256-1024", "test-rsa-1024", "sha256", NEW_CARD),
]:
    body = compact(params)
    query = [("r_c", "TESTCHANNEL"), ("r_i", "3f2504e0-4f89-11d3-9a0c-0305e82c3301.O"),
             ("r_t", "1710469800000"), ("pv", "1")]
    msg = string_to_sign("/xxxchannel/bindCard", query, body)
    sig = priv(key).sign(msg, padding.PKCS1v15(), HASHES[digest])
    pub(key).verify(sig, msg, padding.PKCS1v15(), HASHES[digest])
    signatures.append({
        "id": case_id, "key": key, "digest": digest, "uri": "/xxxchannel/bindCard",
        "query": [list(p) for p in query], "params": params, "body_utf8": body.decode(),
        "string_to_sign_utf8": msg.decode(), "r_s": base64.b64encode(sig).decode(),
    })


def fingerprint(obj):
    business = {k: v for k, v in obj.items() if k not in ("r_i", "r_t")}
    canonical = json.dumps(business, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return canonical, hashlib.sha256(canonical.encode()).hexdigest()


fingerprints = []
for case_id, obj in [("new-card", NEW_CARD), ("old-card-nested", OLD_CARD),
                     ("escapes", {"user_id": "a\"b\\c\n\u0001é", "bind_card_src": 2, "open_bank": "ABC",
                                  "bank_card": "4111111111111111", "r_i": "ignored", "r_t": "1"})]:
    canonical, fp = fingerprint(obj)
    reordered = dict(reversed(list(obj.items())))
    check_canonical, check_fp = fingerprint(reordered)
    assert (canonical, fp) == (check_canonical, check_fp)
    fingerprints.append({"id": case_id, "params": obj, "params_reordered_json": json.dumps(reordered, ensure_ascii=False, indent=1),
                         "canonical_utf8": canonical, "sha256_hex": fp})

out = {
    "description": "Huanbei r_s signatures (python cryptography) and request fingerprints (hashlib/json). "
                   "TEST KEYS ONLY.",
    "generator": "spec/vectors/providers/gen_huanbei.py",
    "signatures": signatures,
    "fingerprints": fingerprints,
}
(HERE / "huanbei.json").write_text(json.dumps(out, ensure_ascii=False, indent=2) + "\n")
print("wrote", HERE / "huanbei.json")
