"""Low-level helpers against the shared known-answer vectors in spec/vectors (made by OpenSSL/cryptography)."""

from __future__ import annotations

from typing import Any, Callable

import base64

import pytest

import cardbind
from conftest import KEYS, key, public, vectors

SEED = bytes(range(32))


@pytest.mark.parametrize("case", vectors("signatures.json")["vectors"], ids=lambda c: c["id"])
def test_rsa_signature_vectors_sign_exactly_and_verify(case: dict[str, Any]) -> None:
    message = bytes.fromhex(case["message_hex"])
    private = cardbind.PrivateKey.load(key(case["key"]))
    assert private.sign(message, case["digest"], SEED) == case["signature_b64"]
    verifier = cardbind.PublicKey.load(public(case["key"]))
    verifier.verify(message, case["signature_b64"], case["digest"])
    if "signature_b64_wrapped" in case:
        verifier.verify(message, case["signature_b64_wrapped"], case["digest"])


def test_verify_raises_invalid_signature_for_a_flipped_bit_and_a_wrong_key() -> None:
    case = vectors("signatures.json")["vectors"][0]
    message = bytes.fromhex(case["message_hex"])
    raw = bytearray(base64.b64decode(case["signature_b64"]))
    raw[-1] ^= 1
    verifier = cardbind.PublicKey.load(public(case["key"]))
    with pytest.raises(cardbind.InvalidSignature) as flipped:
        verifier.verify(message, base64.b64encode(bytes(raw)).decode(), case["digest"])
    assert flipped.value.kind == "signature_invalid"
    with pytest.raises(cardbind.InvalidSignature):
        cardbind.PublicKey.load(public("test-rsa-1024b")).verify(message, case["signature_b64"], case["digest"])
    with pytest.raises(cardbind.InvalidSignature):
        verifier.verify(message, "not base64!", case["digest"])


def test_unknown_digest_is_a_validation_error_naming_the_field() -> None:
    verifier = cardbind.PublicKey.load(public("test-rsa-1024"))
    with pytest.raises(cardbind.ValidationError) as error:
        verifier.verify(b"x", "AAAA", "sha512")
    assert error.value.field == "digest"
    assert error.value.rule == "must be one of md5, sha1, sha256"


@pytest.mark.parametrize("case", vectors("canonical.json")["cases"], ids=lambda c: c["id"])
def test_canonical_vectors(case: dict[str, Any]) -> None:
    rule, params = case["rule"], case["params"]
    if rule["kind"] == "wrapped_concat":
        got = cardbind.xianjincard_sign_string(params["ua"], params["signkey"], params["call"], params["args"])
    else:
        got = cardbind.canonical_string(
            params,
            exclude=rule["exclude"],
            case_insensitive=rule["order"] == "case_insensitive",
            skip_empty=rule["skip_empty"],
        )
    assert got.decode("utf-8") == case["canonical"]


def test_xianjincard_sign_string_wraps_call_and_args_in_k() -> None:
    got = cardbind.xianjincard_sign_string("UA", "KEY", "User.isUserAccept", '{"a":1}')
    assert got == b'UAKEYUAUser.isUserAcceptUAKEYUA{"a":1}UAKEYUA'


def test_md5_sign_and_verify_match_hashlib() -> None:
    import hashlib

    message = b"a=1&b=2"
    expected = hashlib.md5(message + b"&key=secret").hexdigest()
    assert cardbind.md5_sign(message, "secret", salt_prefix="&key=") == expected
    cardbind.md5_verify(message, expected.upper(), "secret", salt_prefix="&key=")
    with pytest.raises(cardbind.InvalidSignature):
        cardbind.md5_verify(message, expected.upper(), "secret", salt_prefix="&key=", case_insensitive=False)
    with pytest.raises(cardbind.InvalidSignature):
        cardbind.md5_verify(message, expected, "other", salt_prefix="&key=")


@pytest.mark.parametrize(
    ("filename", "loader"),
    [
        ("test-rsa-1024-private-encrypted.pem", cardbind.PrivateKey.load),
        ("test-ec-p256-public-spki.pem", cardbind.PublicKey.load),
        ("test-rsa-512-public-spki.pem", cardbind.PublicKey.load),
    ],
)
def test_unusable_keys_raise_key_format_error(filename: str, loader: Callable[[str], object]) -> None:
    with pytest.raises(cardbind.KeyFormatError) as error:
        loader((KEYS / filename).read_text())
    assert error.value.kind == "merchant_misconfigured"


def test_keys_load_from_bare_base64_and_der_and_never_show_material() -> None:
    pem = cardbind.PublicKey.load(public("test-rsa-1024"))
    bare = cardbind.PublicKey.load((KEYS / "test-rsa-1024-public-spki.b64").read_text())
    der = cardbind.PublicKey.load((KEYS / "test-rsa-1024-public-spki.der").read_bytes())
    assert pem.fingerprint == bare.fingerprint == der.fingerprint
    assert pem.to_der() == (KEYS / "test-rsa-1024-public-spki.der").read_bytes()
    private = cardbind.PrivateKey.load(key("test-rsa-1024"))
    assert private.bits == 1024
    assert private.public_key().fingerprint == pem.fingerprint
    body = key("test-rsa-1024").splitlines()[3]
    assert body not in repr(private)


def test_floats_are_refused_so_amounts_stay_exact() -> None:
    client = cardbind.Client("huanbei", {"base_url": "https://hb.example", "channel_code": "test"})
    with pytest.raises(cardbind.ValidationError) as error:
        client.encode_request("bindCard", {"amount": 1.5})
    assert error.value.field == "params.amount"
