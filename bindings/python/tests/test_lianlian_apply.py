"""LianLian's whole apply API from Python (issue 15): every field of the apply document, the
typed risk_item, pay_type through the unified apply, and sending fields the spec does not list."""

from __future__ import annotations

import inspect
from typing import Any

import pytest

import cardbind
from conftest import key, public, vectors

LIANLIAN = vectors("providers/lianlian.json")
FULL = next(r for r in LIANLIAN["requests"] if r["id"] == "bankcardbind-RSA-full")
SEED = bytes(32)


def pair(**extra_config: Any) -> tuple[cardbind.Client, cardbind.Client]:
    common = {"environment": "production", "oid_partner": LIANLIAN["oid_partner"], "sign_type": "RSA", **extra_config}
    merchant = cardbind.Client(
        "lianlian", {**common, "our_private_key": key("test-rsa-1024"), "their_public_key": public("test-rsa-2048")}
    )
    mock = cardbind.Client(
        "lianlian", {**common, "our_private_key": key("test-rsa-2048"), "their_public_key": public("test-rsa-1024")}
    )
    return merchant, mock


def risk_item() -> str:
    return cardbind.lianlian_risk_item(
        frms_ware_category="2009",
        user_info_mercht_userno="2013051500001",
        user_info_dt_register="20240101120000",
        user_info_bind_phone="13800138000",
        frms_client_chnl="10",
        frms_ip_addr="192.168.20.110",
        frms_imei="861234567890123",
        user_info_full_name="张三",
        user_info_id_no="11010519491231002X",
        user_info_identify_state="1",
        user_info_identify_type="1",
    )


def test_the_risk_item_builder_writes_the_string_the_vector_signs() -> None:
    assert risk_item() == FULL["params"]["risk_item"]


def test_the_risk_item_builder_names_the_broken_rule() -> None:
    with pytest.raises(cardbind.ValidationError) as err:
        cardbind.lianlian_risk_item(
            frms_ware_category="2009",
            user_info_mercht_userno="u1",
            user_info_dt_register="20240101120000",
            frms_client_chnl="10",
            frms_ip_addr="10.0.0.1",
        )
    assert err.value.field == "risk_item.frms_imei"
    assert err.value.rule == "is required when frms_client_chnl is 10 (a mobile application)"
    with pytest.raises(cardbind.ValidationError) as err:
        cardbind.lianlian_risk_item(
            frms_ware_category="20",
            user_info_mercht_userno="u1",
            user_info_dt_register="20240101120000",
            frms_client_chnl="16",
            frms_ip_addr="10.0.0.1",
        )
    assert err.value.field == "risk_item.frms_ware_category"


def test_an_apply_with_every_documented_field_encodes_and_the_mock_decodes_it() -> None:
    merchant, mock = pair()
    request = merchant.bind_card_apply(
        user_id="2013051500001",
        card_number="6222022005001212726",
        phone="13800138000",
        holder_name="张三",
        id_number="11010519491231002X",
        order_id="BIND20240315000002",
        extra={
            "pay_type": "P",
            "risk_item": risk_item(),
            "notify_url": "https://merchant.example/lianlian/notify?a=1&b=2",
            "dt_order": "20240315153543",
            "vali_date": "2702",
            "platform": "test.merchant.example",
        },
        seed=SEED,
    )
    received = mock.decode_request(request.body, url=request.url)
    assert received.signature == "verified"
    # Exactly what gen_lianlian.py (Python cryptography) signed for the same apply.
    assert received.fields == FULL["fields"]


def test_the_typed_apply_carries_pay_type_from_the_card_type() -> None:
    merchant, mock = pair()
    request = merchant.bind_card_apply(
        user_id="2013051500001",
        card_number="6222022005001212726",
        phone="13800138000",
        holder_name="张三",
        id_number="11010519491231002X",
        card_type="credit",
        extra={"risk_item": '{"frms_ware_category":"2009"}'},
        seed=SEED,
    )
    assert mock.decode_request(request.body, url=request.url).fields["pay_type"] == "3"
    with pytest.raises(cardbind.ValidationError) as err:
        merchant.bind_card_apply(
            user_id="2013051500001",
            card_number="6222022005001212726",
            phone="13800138000",
            holder_name="张三",
            id_number="11010519491231002X",
            extra={"risk_item": '{"frms_ware_category":"2009"}'},
        )
    # The unified call names the unified field the caller left out (card_type), not pay_type.
    assert (err.value.field, err.value.rule) == ("card_type", "is required")


VERIFY = {"user_id": "2013051500001", "token": "1A2B3C4D5E6F7A8B9C0D1E2F3A4B5C6D", "verify_code": "123456"}


def test_unlisted_fields_are_sent_only_when_the_call_or_the_client_opts_in() -> None:
    merchant, mock = pair()
    params = {**VERIFY, "risk_level": "A"}
    with pytest.raises(cardbind.ValidationError) as err:
        merchant.encode_request("bankcardbindverfy", params)
    assert (err.value.field, err.value.rule) == ("risk_level", "is not a field of this operation")
    request = merchant.encode_request("bankcardbindverfy", params, allow_unlisted_fields=True, seed=SEED)
    # The receiving side needs the opt-in too (issue 21: one unlisted-field policy, both ways).
    with pytest.raises(cardbind.DecodeError) as refused:
        mock.decode_request(request.body, url=request.url)
    assert refused.value.field == "body.risk_level"
    _, opted_in_mock = pair(allow_unlisted_fields=True)
    assert opted_in_mock.decode_request(request.body, url=request.url).fields["risk_level"] == "A"
    opted_in, _ = pair(allow_unlisted_fields=True)
    assert opted_in.encode_request("bankcardbindverfy", params, seed=SEED).body == request.body
    # Never a reserved name; LianLian carries strings only.
    with pytest.raises(cardbind.ValidationError) as err:
        merchant.encode_request("bankcardbindverfy", {**VERIFY, "pay_load": "x"}, allow_unlisted_fields=True)
    assert err.value.field == "pay_load"
    assert err.value.rule is not None and err.value.rule.startswith("is reserved by the protocol")
    assert "pay_load" in cardbind.spec("lianlian")["reserved_fields"]
    with pytest.raises(cardbind.ValidationError) as err:
        merchant.encode_request("bankcardbindverfy", {**VERIFY, "risk_level": 3}, allow_unlisted_fields=True)
    assert (err.value.field, err.value.rule) == ("risk_level", "must be of JSON type string")


def test_now_ms_and_seed_are_keyword_only_in_the_public_api_and_the_native_one() -> None:
    merchant, _ = pair()
    with pytest.raises(TypeError):
        merchant.encode_request("bankcardbindverfy", VERIFY, None, SEED)  # type: ignore[call-arg]
    with pytest.raises(TypeError):
        merchant._native.encode_request("bankcardbindverfy", VERIFY, None, SEED)  # type: ignore[call-arg]
    for name in ["encode_request", "encode_unified", "encode_response", "decode_response", "decode_request"]:
        public_sig = inspect.signature(getattr(cardbind.Client, name))
        native_sig = inspect.signature(getattr(cardbind._native.Client, name))
        for param in ["now_ms", "seed"]:
            assert public_sig.parameters[param].kind is inspect.Parameter.KEYWORD_ONLY, (name, param)
            assert native_sig.parameters[param].kind is inspect.Parameter.KEYWORD_ONLY, (name, param)
