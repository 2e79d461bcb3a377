"""Every provider's shared vectors (spec/vectors/providers/*.json), checked through the Python API.

These are the expectations the Rust tests check, so the binding cannot drift from core.
"""

from __future__ import annotations

import json
from typing import Any, Optional

import pytest

import cardbind
from conftest import key, public, vectors

LIANLIAN = vectors("providers/lianlian.json")
XIANJINCARD = vectors("providers/xianjincard.json")
VBAO = vectors("providers/vbao.json")
HUANBEI = vectors("providers/huanbei.json")
REPLAY_KEYS = vectors("replay-keys.json")["messages"]
SEED = bytes(32)


def expected_replay_key(provider: str, section: str, case_id: str) -> Optional[str]:
    """The replay key spec/vectors/gen_replay_keys.py (Python hashlib) computed; None: unsigned."""
    for message in REPLAY_KEYS:
        if (message["provider"], message["section"], message["id"]) == (provider, section, case_id):
            return str(message["replay_key"])
    return None


def outcome_dict(outcome: cardbind.Outcome) -> dict[str, Any]:
    got: dict[str, Any] = {"status": outcome.status, "provider_code": outcome.provider_code}
    if outcome.provider_message is not None:
        got["provider_message"] = outcome.provider_message
    if outcome.status == "code_sent":
        got["confirm_token"] = outcome.confirm_token
    if outcome.status == "failed":
        got["kind"] = outcome.kind
        got["retryable"] = outcome.retryable
    return got


# --- LianLian -----------------------------------------------------------------------------------


def lianlian_pair(sign_type: str) -> tuple[cardbind.Client, cardbind.Client]:
    """(merchant, mock LianLian) for one signature profile."""
    common = {"environment": "production", "oid_partner": LIANLIAN["oid_partner"], "sign_type": sign_type, "sign_key": LIANLIAN["md5_key"]}
    merchant = cardbind.Client(
        "lianlian",
        {
            **common,
            "our_private_key": key(LIANLIAN["merchant_key"]),
            "their_public_key": public(LIANLIAN["lianlian_key"]),
        },
    )
    mock = cardbind.Client(
        "lianlian",
        {
            **common,
            "our_private_key": key(LIANLIAN["lianlian_key"]),
            "their_public_key": public(LIANLIAN["merchant_key"]),
        },
    )
    return merchant, mock


@pytest.mark.parametrize("case", LIANLIAN["requests"], ids=lambda c: c["id"])
def test_lianlian_requests_reach_the_mock_with_the_vector_fields(case: dict[str, Any]) -> None:
    merchant, mock = lianlian_pair(case["sign_type"])
    request = merchant.encode_request(case["operation"], case["params"], seed=SEED)
    assert request.method == "POST"
    received = mock.decode_request(request.body, url=request.url, headers=request.headers)
    assert received.signature == "verified"
    assert received.operation == case["operation"]
    assert received.fields == case["fields"]


@pytest.mark.parametrize("case", LIANLIAN["responses"], ids=lambda c: c["id"])
def test_lianlian_responses_encode_to_the_vector_bytes_and_decode_to_its_outcome(case: dict[str, Any]) -> None:
    merchant, mock = lianlian_pair(case.get("sign_type") or "RSA")
    reply = mock.encode_response(case["operation"], case["given"], seed=SEED)
    assert reply.body.decode("utf-8") == case["body_utf8"]
    decoded = merchant.decode_response(case["operation"], case["body_utf8"].encode("utf-8"))
    assert decoded.signature == ("verified" if case["signed"] else "not_signed")
    assert outcome_dict(decoded.outcome) == case["outcome"]
    assert decoded.replay_key == expected_replay_key("lianlian", "responses", case["id"])
    assert (decoded.replay_key is not None) == case["signed"]


def test_lianlian_tampered_response_raises_invalid_signature() -> None:
    case = next(c for c in LIANLIAN["responses"] if c["signed"] and c["sign_type"] == "RSA")
    merchant, _ = lianlian_pair("RSA")
    tampered = case["body_utf8"].replace("2013051500001", "2013051500002").encode("utf-8")
    with pytest.raises(cardbind.InvalidSignature) as error:
        merchant.decode_response(case["operation"], tampered)
    assert error.value.kind == "signature_invalid"
    assert error.value.field == "sign"


# --- xianjincard --------------------------------------------------------------------------------


def xianjincard_party(min_amount_wire_name: str = "min_amount", **extra: Any) -> cardbind.Client:
    config = XIANJINCARD["config"]
    return cardbind.Client(
        "xianjincard",
        {
            "provider_to_partner": {"ua": config["ua"], "sign_key": config["provider_to_partner_signkey"]},
            "partner_to_provider": {"ua": config["ua"], "sign_key": config["partner_to_provider_signkey"]},
            "base_url": config["base_url"],
            "partner_endpoint": config["partner_endpoint"],
            "min_amount_wire_name": min_amount_wire_name,
            **extra,
        },
    )


@pytest.mark.parametrize("case", XIANJINCARD["requests"], ids=lambda c: c["id"])
def test_xianjincard_requests_encode_byte_exact_and_decode_verified(case: dict[str, Any]) -> None:
    party = xianjincard_party()
    # The Python layer always passes the time, so the no-timestamp encoding is checked in Rust only.
    if case["rust_encodes"] and case["timestamp"] is not None:
        request = party.encode_request(case["operation"], case["params"], now_ms=int(case["timestamp"]) * 1000)
        assert request.body.decode("ascii") == case["body"]
        assert request.url == case["url"]
    # The replay window is on by default: the vectors are decoded at the time they were made. A
    # vector without timestamp is refused by default (issue 22) and accepted with the opt-out.
    sent_ms = int(case["timestamp"] or "1500693926") * 1000
    if case["timestamp"] is None:
        with pytest.raises(cardbind.DecodeError) as missing:
            party.decode_request(case["body"].encode("ascii"), url=case["url"], now_ms=sent_ms)
        assert missing.value.field == "timestamp"
        party = xianjincard_party(insecure_accept_missing_timestamp=True)
    received = party.decode_request(case["body"].encode("ascii"), url=case["url"], now_ms=sent_ms)
    assert received.signature == "verified"
    assert received.operation == case["call"]
    # `call` and the exact `args` bytes: the unsigned timestamp never enters it.
    assert received.replay_key is not None
    assert received.replay_key == expected_replay_key("xianjincard", "requests", case["id"])


@pytest.mark.parametrize("case", XIANJINCARD["responses"], ids=lambda c: c["id"])
def test_xianjincard_answers_encode_byte_exact_and_decode(case: dict[str, Any]) -> None:
    party = xianjincard_party(case["min_amount_wire_name"])
    answer = party.encode_response(case["operation"], case["fields"])
    assert answer.body.decode("utf-8") == case["body"]
    decoded = party.decode_response(case["operation"], case["body"].encode("utf-8"))
    if case["id"] == "failure-envelope":
        assert outcome_dict(decoded.outcome) == {
            "status": "failed",
            "kind": "signature_invalid",
            "retryable": False,
            "provider_code": "0",
            "provider_message": "签名错误",
        }
    elif case["min_amount_wire_name"] == "min_amount":
        assert decoded.fields == case["fields"]


# --- Vbao ---------------------------------------------------------------------------------------


VBAO_COMMON = {"customer_no": VBAO["customer_no"], "sign_key": VBAO["sign_key"], "base_url": "https://vbao.example"}


def vbao_pair(vbao_key: str = VBAO["vbao_key"]) -> tuple[cardbind.Client, cardbind.Client]:
    merchant = cardbind.Client("vbao", {**VBAO_COMMON, "their_public_key": public(vbao_key)})
    mock = cardbind.Client("vbao", {**VBAO_COMMON, "our_private_key": key(vbao_key)})
    return merchant, mock


@pytest.mark.parametrize("case", VBAO["requests"], ids=lambda c: c["id"])
def test_vbao_python_made_request_ciphertexts_decrypt_and_verify(case: dict[str, Any]) -> None:
    _, mock = vbao_pair(case["key"])
    received = mock.decode_request(case["body"].encode("utf-8"), url="https://vbao.example/api/vborder/shortcut/bindCard/create")
    assert received.signature == "verified"
    # Empty values are not signed, so a verified request does not hand them out.
    assert received.fields == {k: v for k, v in case["fields"].items() if v not in ("", None)}
    assert received.replay_key is not None
    assert received.replay_key == expected_replay_key("vbao", "requests", case["id"])


@pytest.mark.parametrize("case", VBAO["responses"], ids=lambda c: c["id"])
def test_vbao_python_made_responses_recover_with_the_public_key(case: dict[str, Any]) -> None:
    merchant, _ = vbao_pair(case["key"])
    body = case["body"].encode("utf-8")
    unlisted = set(case["fields"]) - {f["name"] for f in cardbind.spec("vbao")["operations"][0]["response"]}
    if unlisted:
        # A field the spec does not list (traceId) needs the opt-in (issue 21's unlisted-field rule).
        with pytest.raises(cardbind.DecodeError) as err:
            merchant.decode_response("bindCard/create", body)
        assert err.value.field in {f"reqmsg.{name}" for name in unlisted}
        opted_in = {**VBAO_COMMON, "their_public_key": public(case["key"]), "allow_unlisted_fields": True}
        merchant = cardbind.Client("vbao", opted_in)
    decoded = merchant.decode_response("bindCard/create", body)
    assert decoded.signature == "verified"
    assert decoded.fields == case["fields"]


# --- Huanbei ------------------------------------------------------------------------------------


@pytest.mark.parametrize("case", HUANBEI["signatures"], ids=lambda c: c["id"])
def test_huanbei_r_s_matches_python_cryptography(case: dict[str, Any]) -> None:
    query = dict(case["query"])
    client = cardbind.Client(
        "huanbei",
        {
            "base_url": "http://openapi.dev.lattebank.com",
            "channel_code": query["r_c"],
            "signing": {"key_version": query["pv"], "our_private_key": key(case["key"]), "digest": case["digest"]},
        },
    )
    params = {**case["params"], "r_i": query["r_i"], "r_t": query["r_t"]}
    request = client.encode_request("bindCard", params)
    assert request.body.decode("utf-8") == case["body_utf8"]
    assert dict(request.query)["r_s"] == case["r_s"]
    # The channel's side verifies it and reports the key hashlib computed from the same string.
    channel = cardbind.Client(
        "huanbei",
        {
            "base_url": "http://openapi.dev.lattebank.com",
            "channel_code": query["r_c"],
            "signing": {"key_version": query["pv"], "their_public_key": public(case["key"]), "digest": case["digest"]},
        },
    )
    received = channel.decode_request(request.body, url=request.url, query=request.query, now_ms=int(query["r_t"]))
    assert received.signature == "verified"
    assert received.replay_key is not None
    assert received.replay_key == expected_replay_key("huanbei", "signatures", case["id"])


def test_reprs_of_requests_responses_and_errors_mask_personal_data() -> None:
    case = next(c for c in LIANLIAN["responses"] if c["id"] == "bankcardbindverfy-0000-RSA")
    merchant, mock = lianlian_pair("RSA")
    decoded = merchant.decode_response(case["operation"], case["body_utf8"].encode("utf-8"))
    card = case["given"]["card_no"]
    assert card in decoded.fields["card_no"]  # the value itself is there for the caller...
    assert card not in repr(decoded)  # ...but never in its repr
    assert card[:4] in repr(decoded) and card[-4:] in repr(decoded)
    request = merchant.encode_request(LIANLIAN["requests"][0]["operation"], LIANLIAN["requests"][0]["params"])
    received = mock.decode_request(request.body, url=request.url)
    for secret in ("6222022005001212726", "13800138000", "11010519491231002X", "张三"):
        assert secret not in repr(request)
        assert secret not in repr(received)
    bad = {**LIANLIAN["requests"][0]["params"], "card_no": "6222022005001212725"}
    try:
        merchant.encode_request(LIANLIAN["requests"][0]["operation"], bad)
    except cardbind.ValidationError as error:
        assert error.field == "card_no"
        assert "6222022005001212725" not in str(error) and "6222022005001212725" not in repr(error)
    else:
        raise AssertionError("a Luhn-invalid card number was accepted")


def test_one_client_decodes_correctly_from_many_threads_at_once() -> None:
    from concurrent.futures import ThreadPoolExecutor

    cases = [c for c in LIANLIAN["responses"] if c.get("sign_type", "RSA") == "RSA"]
    merchant, _ = lianlian_pair("RSA")

    def decode(case: dict[str, Any]) -> dict[str, Any]:
        return outcome_dict(merchant.decode_response(case["operation"], case["body_utf8"].encode("utf-8")).outcome)

    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(decode, cases * 25))
    assert results == [c["outcome"] for c in cases] * 25


def test_unseeded_calls_draw_fresh_os_randomness_and_seeded_calls_repeat() -> None:
    # The bankcardbind pay_load envelope wraps a fresh AES key: randomness shows in the body.
    case = next(c for c in LIANLIAN["requests"] if c["operation"] == "bankcardbind" and c["sign_type"] == "RSA")
    merchant, mock = lianlian_pair("RSA")
    unseeded = [merchant.encode_request(case["operation"], case["params"]).body for _ in range(2)]
    assert unseeded[0] != unseeded[1]
    seeded = [merchant.encode_request(case["operation"], case["params"], seed=SEED).body for _ in range(2)]
    assert seeded[0] == seeded[1]
    for body in unseeded:  # both open on the other side (its blinded RSA decryption draws too)
        received = mock.decode_request(body, url=merchant.encode_request(case["operation"], case["params"]).url)
        assert received.fields == case["fields"]
