"""The provider kit's rules, for every provider, through the wheel's public API (issue 21): a reply
decoded as another operation is refused where it can tell, an unlisted reply field needs the
opt-in, a 256 KiB form or query of distinct names hits the field cap, and an ``extra`` field
that a unified field already sets is the same error everywhere.

Codecs come from ``spec/fixtures/codec-pairs.json``, the pairs the Rust tests and the fuzz
targets use: ``[merchant side, provider side]`` with matching TEST keys.
"""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import pytest

import cardbind
from conftest import KEYS, ROOT

# Amounts stay exact (the wheel refuses floats): decimals are read as Decimal.
PAIRS = json.loads((ROOT / "spec" / "fixtures" / "codec-pairs.json").read_text(encoding="utf-8"), parse_float=Decimal)
NOW_MS = PAIRS["now_ms"]


def with_keys(config: Any) -> Any:
    if isinstance(config, str) and config.startswith("@"):
        return (KEYS / config[1:]).read_text(encoding="ascii")
    if isinstance(config, dict):
        return {k: with_keys(v) for k, v in config.items()}
    return config


def pair(provider: str, **overrides: Any) -> list[cardbind.Client]:
    configs = PAIRS["providers"][provider]["variants"][0]["pair"]
    return [cardbind.Client(provider, {**with_keys(c), **overrides}) for c in configs]


def sample(provider: str, operation: str) -> dict[str, Any]:
    samples = PAIRS["providers"][provider]["samples"]
    found: dict[str, Any] = next(s for s in samples if s["operation"] == operation)
    return found


def answer(clients: list[cardbind.Client], operation: str, fields: dict[str, Any]) -> tuple[int, Any]:
    """The reply to ``operation`` from whichever side answers it, and that side's index."""
    for index, client in enumerate(clients):
        try:
            return index, client.encode_response(operation, fields, now_ms=NOW_MS, seed=b"\x07" * 32)
        except cardbind.CardbindError:
            continue
    raise AssertionError(f"no side answers {operation}")


def decode_as(clients: list[cardbind.Client], operation: str, answered: tuple[int, Any]) -> Any:
    index, reply = answered
    return clients[1 - index].decode_response(
        operation, reply.body, status=reply.status, headers=reply.headers, now_ms=NOW_MS
    )


def test_a_yixin_code_sent_reply_decoded_as_verify_code_is_refused_and_names_bind_card() -> None:
    clients = pair("yixin")
    sent = answer(clients, "bindCard", sample("yixin", "bindCard")["response"])
    assert decode_as(clients, "bindCard", sent).outcome.status == "code_sent"
    with pytest.raises(cardbind.DecodeError) as caught:
        decode_as(clients, "verifyCode", sent)
    assert "this reply answers bindCard, not verifyCode" in str(caught.value)
    assert caught.value.kind == "invalid_parameter"


@pytest.mark.parametrize(
    ("provider", "sent", "decoded_as"),
    [
        ("lianlian", "bankcardbind", "bankcardbindverfy"),
        ("lianlian", "bankcardbindverfy", "bankcardbind"),
        ("xianjincard", "BindCard.applyBindCard", "User.isUserAccept"),
        ("yixin", "cardList", "bankList"),
    ],
)
def test_replies_that_can_tell_are_refused_as_another_operation(provider: str, sent: str, decoded_as: str) -> None:
    clients = pair(provider)
    reply = answer(clients, sent, sample(provider, sent)["response"])
    with pytest.raises(cardbind.DecodeError) as caught:
        decode_as(clients, decoded_as, reply)
    assert f"this reply answers {sent}, not {decoded_as}" in str(caught.value)


UNLISTED = [
    (provider, s["operation"])
    for provider, entry in PAIRS["providers"].items()
    for s in entry["samples"]
    if s["response"] and "response" not in s["response"]
]


@pytest.mark.parametrize(("provider", "operation"), UNLISTED)
def test_an_unlisted_reply_field_is_refused_without_the_opt_in(provider: str, operation: str) -> None:
    fields = {**sample(provider, operation)["response"], "memo": "x"}
    reply = answer(pair(provider, allow_unlisted_fields=True), operation, fields)
    with pytest.raises(cardbind.DecodeError) as caught:
        decode_as(pair(provider), operation, reply)
    assert (caught.value.field or "").endswith("memo")
    assert "does not list" in str(caught.value)
    accepted = decode_as(pair(provider, allow_unlisted_fields=True), operation, reply)
    assert accepted.fields["memo"] == "x"


def test_every_provider_is_covered_by_the_unlisted_field_check() -> None:
    assert {p for p, _ in UNLISTED} == set(cardbind.providers())


def distinct_names() -> list[str]:
    alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
    names = []
    for i in range(62_000):
        name = ""
        while True:
            name += alphabet[i % len(alphabet)]
            i //= len(alphabet)
            if i == 0:
                break
            i -= 1
        names.append(name)
    return names


def test_a_256_kib_form_of_distinct_names_is_refused_at_the_field_cap() -> None:
    form = "&".join(distinct_names()).encode()
    assert 200 * 1024 < len(form) <= 256 * 1024
    server = pair("yixin")[1]
    with pytest.raises(cardbind.LimitExceeded) as caught:
        server.decode_request(
            form,
            url="https://openapi.example.invalid/gateway",
            headers={"Content-Type": "application/x-www-form-urlencoded"},
            now_ms=NOW_MS,
        )
    assert caught.value.field == "form fields in one message"


@pytest.mark.parametrize("provider", sorted(PAIRS["providers"]))
def test_a_query_of_distinct_names_past_the_cap_is_refused_by_every_provider(provider: str) -> None:
    query = [(name, "") for name in distinct_names()[:2000]]
    for client in pair(provider):
        with pytest.raises(cardbind.LimitExceeded) as caught:
            client.decode_request(b"{}", url="https://example.invalid/x", query=query, now_ms=NOW_MS)
        assert caught.value.field == "query parameters"


@pytest.mark.parametrize(
    ("provider", "wire", "extra"),
    [
        ("lianlian", "card_no", {}),
        ("xianjincard", "card_number", {}),
        ("yixin", "cardNo", {"bizType": "loan"}),
        ("huanbei", "bank_card", {}),
    ],
)
def test_an_extra_field_a_unified_field_already_sets_is_the_same_error_everywhere(
    provider: str, wire: str, extra: dict[str, str]
) -> None:
    merchant = pair(provider)[0]
    with pytest.raises(cardbind.ValidationError) as caught:
        merchant.encode_unified(
            "bind_card_apply",
            {
                "user_id": "u-1",
                "card_number": "6222022005001212726",
                "phone": "13420504517",
                "holder_name": "张三",
                "id_number": "11010519491231002X",
                **({"bank": "icbc"} if provider in {"xianjincard", "huanbei"} else {}),
                "extra": {**extra, wire: "4111111111111111"},
            },
            now_ms=NOW_MS,
        )
    assert caught.value.field == f"extra.{wire}"
    assert caught.value.kind == "invalid_parameter"
    assert "set it there, not in `extra`" in str(caught.value)


def test_the_replay_key_is_identical_across_unsigned_rewrites_and_differs_for_a_signed_change() -> None:
    partner, platform = pair("xianjincard", insecure_accept_missing_timestamp=True)
    params = sample("xianjincard", "BindCard.applyBindCard")["request"]
    request = platform.encode_request("BindCard.applyBindCard", params, now_ms=NOW_MS, seed=b"\x01" * 32)

    def key_of(body: bytes) -> object:
        return partner.decode_request(body, url=request.url, headers=request.headers, now_ms=NOW_MS).replay_key

    key = key_of(request.body)
    assert isinstance(key, str) and len(key) == 64
    sent = f"&timestamp={NOW_MS // 1000}".encode()
    assert sent in request.body
    assert key_of(request.body.replace(sent, f"&timestamp={NOW_MS // 1000 - 60}".encode())) == key
    assert key_of(request.body.replace(sent, b"")) == key
    other = platform.encode_request(
        "BindCard.applyBindCard", {**params, "echo_data": "pid=10"}, now_ms=NOW_MS, seed=b"\x01" * 32
    )
    assert key_of(other.body) != key


def test_a_xianjincard_request_without_timestamp_is_refused_by_default() -> None:
    partner, platform = pair("xianjincard")
    params = sample("xianjincard", "BindCard.applyBindCard")["request"]
    request = platform.encode_request("BindCard.applyBindCard", params, now_ms=NOW_MS, seed=b"\x01" * 32)
    without = b"&".join(p for p in request.body.split(b"&") if not p.startswith(b"timestamp="))
    with pytest.raises(cardbind.DecodeError) as caught:
        partner.decode_request(without, url=request.url, headers=request.headers, now_ms=NOW_MS)
    assert caught.value.field == "timestamp"


EMPTY_CASES = [
    ("lianlian", "bankcardbindverfy", "no_order"),
    ("vbao", "bindCard/create", "expiredTime"),
    ("yixin", "bindCard", "bizNo"),
    ("xianjincard", "BindCard.getValidBankList", "card_type"),
    ("huanbei", "bindCard", "verify_code"),
]


@pytest.mark.parametrize(("provider", "operation", "field"), EMPTY_CASES)
def test_empty_values_follow_the_specs_one_rule_on_encode_and_decode(provider: str, operation: str, field: str) -> None:
    signed = cardbind.spec(provider)["empty_values"]["signed"]
    params = {**sample(provider, operation)["request"], **({"bizType": "loan"} if provider == "yixin" else {})}
    clients = pair(provider)
    for value in ("", None):
        given = {**params, field: value}
        for index, client in enumerate(clients):
            try:
                request = client.encode_request(operation, given, now_ms=NOW_MS, seed=b"\x02" * 32)
            except cardbind.ValidationError as error:
                if not signed and value == "":
                    assert error.field == field
                    assert error.rule is not None and error.rule.startswith("is empty: this provider signs no empty value")
                    break
                if "not a field" in str(error) or error.field != field:
                    continue
                raise
            except cardbind.CardbindError:
                continue
            assert signed or value is None, f"{provider}: an empty {field} was encoded"
            received = clients[1 - index].decode_request(
                request.body, url=request.url, headers=request.headers, query=request.query, now_ms=NOW_MS
            )
            assert received.fields.get(field, "absent") == (value if signed else "absent")
            break
        else:
            raise AssertionError(f"no side of {provider} encodes {operation}")
