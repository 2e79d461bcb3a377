#!/usr/bin/env python3
"""Write spec/vectors/explain/explain.json: partner mistakes for `cardbind verify --explain`.

Each case is a message signed the wrong way, the way a partner's code gets it wrong, made here
with Python's `cryptography` (RSA) and `hashlib` (MD5, SHA-256), never with cardbind. The CLI
tests (bindings/cli/tests/explain.rs) verify each one with the rule the integrator configured and
assert the exact diagnosis.

ALL KEYS AND SECRETS ARE TEST VALUES (keys from spec/vectors/keys/).

Usage: python3 spec/vectors/explain/make_explain_vectors.py   (needs `cryptography`)

Fields of a case:
  id, mistake        what the partner did
  rule               how the integrator verifies: {"canonical": "sorted-pairs" | "xianjincard" |
                     "raw" (--raw: `params` is then the exact string to sign, as text),
                     "scheme": "md5" (salted with "&key=" for sorted pairs; xianjincard's signkey is
                     inside the string) | "rsa", "digest": md5|sha1|sha256 (rsa), "key": a key name
                     in spec/vectors/keys/ (its -public-spki.pem is used)}
  secret             the shared secret the integrator has (--secret), or
  secret_file_text   the exact text of the integrator's secret file (--secret-file)
  also_secrets       other secrets to try (--also-secret), in order
  params             the message as received (JSON object, in the order received; a string for raw)
  signature          the partner's signature as received
  signed_hex         hex of the exact bytes the partner hashed/signed (for reference)
  expected_cause     the diagnosis id `verify --explain --json` reports as most likely
  expected_verifies  true when the diagnosis is an alternative that verifies, false when it is a
                     conclusion (nothing verifies)
"""
from __future__ import annotations

import base64
import hashlib
import json
from pathlib import Path
from urllib.parse import quote_plus

from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding

HERE = Path(__file__).resolve().parent
KEYS = HERE.parent / "keys"
OUT = HERE / "explain.json"

MD5_SECRET = "test-md5-key-201408071000001543"
# xianjincard: each direction has its own ua/signkey pair.
XJ_UA = "SH_XJ360_POA"
XJ_SIGNKEY_PROVIDER_TO_PARTNER = "test-signkey-0123456789"
XJ_SIGNKEY_PARTNER_TO_PROVIDER = "test-signkey-partner-9876543210"

HASHES = {"md5": hashes.MD5, "sha1": hashes.SHA1, "sha256": hashes.SHA256}


def sorted_pairs(params: dict[str, str], *, exclude=("sign",), keep_order=False) -> str:
    """k=v&k=v, values raw, empty values and `exclude` left out; sorted by key unless keep_order."""
    keys = list(params) if keep_order else sorted(params, key=lambda k: k.encode("utf-8"))
    return "&".join(f"{k}={params[k]}" for k in keys if k not in exclude and params[k] != "")


def md5_salted(signed: bytes, secret: bytes) -> str:
    return hashlib.md5(signed + b"&key=" + secret).hexdigest()


def rsa_sign(key: str, digest: str, signed: bytes) -> bytes:
    private = serialization.load_pem_private_key((KEYS / f"{key}-private-pkcs8.pem").read_bytes(), None)
    signature = private.sign(signed, padding.PKCS1v15(), HASHES[digest]())
    # Cross-check with the public key file the CLI test loads.
    public = serialization.load_pem_public_key((KEYS / f"{key}-public-spki.pem").read_bytes())
    public.verify(signature, signed, padding.PKCS1v15(), HASHES[digest]())
    return signature


def xianjincard_string(ua: str, signkey: str, call: str, args: str) -> str:
    k = ua + signkey + ua
    return k + call + k + args + k


MD5_RULE = {"canonical": "sorted-pairs", "scheme": "md5"}


def rsa_rule(digest: str, key: str = "test-rsa-1024") -> dict:
    return {"canonical": "sorted-pairs", "scheme": "rsa", "digest": digest, "key": key}


# Received in this order (not sorted): what a partner iterating its request map signs.
RECEIVED = {
    "user_id": "2013051500001",
    "oid_partner": "201408071000001543",
    "sign_type": "MD5",
    "no_order": "LL20240315000123",
    "dt_order": "20240315101010",
    "money_order": "0.01",
}
# Chinese values: GBK and UTF-8 bytes differ.
CHINESE = {
    "oid_partner": "201408071000001543",
    "user_id": "2013051500001",
    "acct_name": "张三",
    "name_goods": "话费充值",
    "no_order": "LL20240315000124",
    "sign_type": "MD5",
}
# Values with surrounding whitespace as received; the partner signed them trimmed.
PADDED = {
    "oid_partner": "201408071000001543",
    "user_id": "2013051500001",
    "info_order": "  bind card  ",
    "no_order": "LL20240315000125",
    "sign_type": "MD5",
}
RSA_PARAMS = {
    "oid_partner": "201408071000001543",
    "user_id": "2013051500001",
    "no_agree": "2024031500012345",
    "ret_code": "0000",
    "ret_msg": "交易成功",
    "sign_type": "RSA",
}
# Values a partner URL-encodes before signing: a URL, a name, a space.
ENCODABLE = {
    "oid_partner": "201408071000001543",
    "user_id": "2013051500001",
    "acct_name": "张三",
    "notify_url": "https://merchant.example/notify?from=ll",
    "info_order": "bind card",
    "sign_type": "MD5",
}
XJ_ARGS = json.dumps({"order_no": "XJ20240315000001", "bank_code": "ICBC"}, separators=(",", ":"))


def java_url_encode(value: str) -> str:
    """java.net.URLEncoder.encode(value, "UTF-8"): only A-Z a-z 0-9 . - * _ kept, space as +."""
    assert "~" not in value  # Python keeps ~, Java encodes it
    return quote_plus(value, safe="*")


def case(id_, mistake, rule, params, signature, signed, cause, verifies=True, **extra):
    c = {"id": id_, "mistake": mistake, "rule": rule}
    c.update(extra)
    c.update(
        {
            "params": params,
            "signature": signature,
            "signed_hex": signed.hex(),
            "expected_cause": cause,
            "expected_verifies": verifies,
        }
    )
    return c


def cases() -> list[dict]:
    out = []
    secret = MD5_SECRET.encode()

    # 1. Fields signed in the order received, not sorted.
    s = sorted_pairs(RECEIVED, keep_order=True).encode()
    assert s != sorted_pairs(RECEIVED).encode()
    out.append(case("received-order-md5", "fields joined in the order received, unsorted (MD5 &key=)",
                    MD5_RULE, RECEIVED, md5_salted(s, secret), s, "received_order", secret=MD5_SECRET))
    params = dict(RECEIVED, sign_type="RSA")
    s = sorted_pairs(params, keep_order=True).encode()
    sig = base64.b64encode(rsa_sign("test-rsa-1024", "md5", s)).decode()
    out.append(case("received-order-rsa", "fields joined in the order received, unsorted (MD5withRSA)",
                    rsa_rule("md5"), params, sig, s, "received_order"))

    # 2. Values signed as GBK bytes.
    s = sorted_pairs(CHINESE).encode("gbk")
    assert s != sorted_pairs(CHINESE).encode("utf-8")
    out.append(case("gbk-md5", "string to sign encoded as GBK, not UTF-8 (MD5 &key=)",
                    MD5_RULE, CHINESE, md5_salted(s, secret), s, "gbk_bytes", secret=MD5_SECRET))
    s = sorted_pairs(RSA_PARAMS).encode("gbk")
    sig = base64.b64encode(rsa_sign("test-rsa-1024", "sha256", s)).decode()
    out.append(case("gbk-rsa", "string to sign encoded as GBK, not UTF-8 (SHA256withRSA)",
                    rsa_rule("sha256"), RSA_PARAMS, sig, s, "gbk_bytes"))

    # The same with --raw: the exact string given, hashed by the partner as GBK.
    text = sorted_pairs(RSA_PARAMS)
    s = text.encode("gbk")
    sig = base64.b64encode(rsa_sign("test-rsa-1024", "md5", s)).decode()
    out.append(case("gbk-raw", "raw string to sign encoded as GBK, not UTF-8 (MD5withRSA)",
                    dict(rsa_rule("md5"), canonical="raw"), text, sig, s, "gbk_bytes"))

    # 3. A value trimmed before signing.
    trimmed = {k: v.strip() for k, v in PADDED.items()}
    s = sorted_pairs(trimmed).encode()
    out.append(case("trimmed-value", "values trimmed (Python str.strip) before signing (MD5 &key=)",
                    MD5_RULE, PADDED, md5_salted(s, secret), s, "value_trimmed", secret=MD5_SECRET))

    # 4. URL-safe base64 RSA signatures, without and with padding.
    s = sorted_pairs(RSA_PARAMS).encode()
    raw = rsa_sign("test-rsa-1024", "sha256", s)
    unpadded = base64.urlsafe_b64encode(raw).decode().rstrip("=")
    assert ("-" in unpadded or "_" in unpadded) and len(unpadded) % 4 != 0
    out.append(case("url-safe-base64-unpadded", "RSA signature in URL-safe base64 without padding",
                    rsa_rule("sha256"), RSA_PARAMS, unpadded, s, "signature_url_safe_base64"))
    raw = rsa_sign("test-rsa-1024", "md5", s)
    padded = base64.urlsafe_b64encode(raw).decode()
    assert ("-" in padded or "_" in padded) and padded.endswith("=")
    out.append(case("url-safe-base64-padded", "RSA signature in URL-safe base64 with padding",
                    rsa_rule("md5"), RSA_PARAMS, padded, s, "signature_url_safe_base64"))

    # 5. The partner's MD5 secret has a line end or a leading space the integrator's lacks.
    s = sorted_pairs(CHINESE).encode()
    for id_, cause, variant, what in [
        ("secret-trailing-lf", "secret_trailing_newline", secret + b"\n", "secret with a trailing \\n"),
        ("secret-trailing-crlf", "secret_trailing_crlf", secret + b"\r\n", "secret with a trailing \\r\\n"),
        ("secret-leading-space", "secret_leading_space", b" " + secret, "secret with a leading space"),
    ]:
        out.append(case(id_, f"MD5 &key= signed with the {what}", MD5_RULE, CHINESE,
                        md5_salted(s, variant), s + b"&key=" + variant, cause, secret=MD5_SECRET))
    # The integrator's secret file ends in a line end that the partner's secret has: the CLI
    # strips one line end from --secret-file, so the diagnosis must say so.
    out.append(case("secret-file-newline-stripped", "partner's secret includes the trailing \\n the secret file has",
                    MD5_RULE, CHINESE, md5_salted(s, secret + b"\n"), s + b"&key=" + secret + b"\n",
                    "secret_trailing_newline", secret_file_text=MD5_SECRET + "\n"))
    # The integrator's secret has a trailing space, the partner's is trimmed.
    out.append(case("secret-given-padded", "partner's secret is the trimmed one", MD5_RULE, CHINESE,
                    md5_salted(s, secret), s + b"&key=" + secret, "secret_whitespace_trimmed",
                    secret=MD5_SECRET + " "))

    # 6. SHA-256 hex where MD5 hex is expected.
    s = sorted_pairs(CHINESE).encode()
    salted = s + b"&key=" + secret
    out.append(case("sha256-hex-salted", "hex SHA-256 of string + &key= + secret, where MD5 is expected",
                    MD5_RULE, CHINESE, hashlib.sha256(salted).hexdigest(), salted, "sha256_hex", secret=MD5_SECRET))
    other = s + b"&key=" + b"another-partner-secret"
    out.append(case("sha256-hex-other-secret", "hex SHA-256 with a secret the integrator does not have",
                    MD5_RULE, CHINESE, hashlib.sha256(other).hexdigest(), other, "sha256_where_md5_expected",
                    verifies=False, secret=MD5_SECRET))

    # 7. xianjincard: the partner signed with the other direction's signkey.
    xj_rule = {"canonical": "xianjincard", "scheme": "md5"}
    call = "BindCard.applyBindCard"
    s = xianjincard_string(XJ_UA, XJ_SIGNKEY_PARTNER_TO_PROVIDER, call, XJ_ARGS).encode()
    params = {"ua": XJ_UA, "call": call, "args": XJ_ARGS}
    sig = hashlib.md5(s).hexdigest()
    out.append(case("xianjincard-other-direction-signkey", "signed with the other direction's signkey",
                    xj_rule, params, sig, s, "xianjincard_signkey", secret=XJ_SIGNKEY_PROVIDER_TO_PARTNER,
                    also_secrets=["test-signkey-unrelated", XJ_SIGNKEY_PARTNER_TO_PROVIDER]))
    out.append(case("xianjincard-other-direction-signkey-not-given", "the same, without --also-secret",
                    xj_rule, params, sig, s, "signkey_or_string", verifies=False,
                    secret=XJ_SIGNKEY_PROVIDER_TO_PARTNER))
    # xianjincard signkey with a trailing newline (read from a file by the partner).
    s = xianjincard_string(XJ_UA, XJ_SIGNKEY_PROVIDER_TO_PARTNER + "\r\n", call, XJ_ARGS).encode()
    out.append(case("xianjincard-signkey-trailing-crlf", "xianjincard signkey with a trailing \\r\\n",
                    xj_rule, params, hashlib.md5(s).hexdigest(), s, "secret_trailing_crlf",
                    secret=XJ_SIGNKEY_PROVIDER_TO_PARTNER))

    # 8. Values URL-encoded before signing (Java URLEncoder), the message received raw.
    encoded = {k: java_url_encode(v) for k, v in ENCODABLE.items()}
    assert encoded != ENCODABLE
    s = sorted_pairs(encoded).encode()
    out.append(case("percent-encoded-values", "values URL-encoded (Java URLEncoder) before signing (MD5 &key=)",
                    MD5_RULE, ENCODABLE, md5_salted(s, secret), s, "percent_encoded", secret=MD5_SECRET))
    # The same values in a form body: the partner signed them as they appear in the body.
    body = "&".join(f"{k}={v}" for k, v in encoded.items())
    sig = md5_salted(s, secret)
    out.append(case("form-values-undecoded", "form body values signed as sent, still URL-encoded (MD5 &key=)",
                    MD5_RULE, f"{body}&sign={sig}", sig, s, "form_values_undecoded", secret=MD5_SECRET))
    return out


def main() -> None:
    doc = {
        "description": "Partner signing mistakes for `cardbind verify --explain`, each signed independently "
        "(Python cryptography/hashlib). TEST KEYS AND SECRETS ONLY.",
        "generator": "spec/vectors/explain/make_explain_vectors.py",
        "cases": cases(),
    }
    OUT.write_text(json.dumps(doc, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {OUT.relative_to(HERE.parent.parent.parent)} ({len(doc['cases'])} cases)")


if __name__ == "__main__":
    main()
