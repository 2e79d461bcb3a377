"""Issue 15 through the Python API: a decoded message holds exactly what its signature covers,
repeated keys are refused in every provider, every field converts at decode time, and bodies past
the limit are refused before they are copied."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any, Callable

import pytest

import cardbind
from conftest import key, public, vectors

LIANLIAN = vectors("providers/lianlian.json")
SEED = bytes(32)


def lianlian() -> tuple[cardbind.Client, cardbind.Client]:
    common = {"environment": "production", "oid_partner": LIANLIAN["oid_partner"], "sign_type": "RSA"}
    merchant = cardbind.Client(
        "lianlian", {**common, "our_private_key": key("test-rsa-1024"), "their_public_key": public("test-rsa-2048")}
    )
    mock = cardbind.Client(
        "lianlian", {**common, "our_private_key": key("test-rsa-2048"), "their_public_key": public("test-rsa-1024")}
    )
    return merchant, mock


def signed_reply(fields: dict[str, str], operation: str = "bankcardbindverfy") -> str:
    _, mock = lianlian()
    return mock.encode_response(operation, fields, seed=SEED).body.decode("utf-8")


def genuine() -> str:
    return signed_reply(
        {
            "ret_code": "0000",
            "ret_msg": "交易成功",
            "user_id": "2013051500001",
            "card_no": "6222022005001212726",
            "no_agree": "2024031500012345",
        }
    )


def test_a_repeated_key_in_a_signed_reply_is_a_decode_error_naming_it() -> None:
    merchant, _ = lianlian()
    assert merchant.decode_response("bankcardbindverfy", genuine().encode()).outcome.succeeded
    forged = genuine().replace("{", '{"ret_code":"1900",', 1)
    with pytest.raises(cardbind.DecodeError) as err:
        merchant.decode_response("bankcardbindverfy", forged.encode())
    assert err.value.field == "body.ret_code"
    assert err.value.message == "body.ret_code: malformed (duplicate key: the name occurs twice in one JSON object)"


YIXIN_CONFIG = {
    "app_id": "app",
    "base_url": "https://yixin.example/gw",
    "our_private_key": key("test-rsa-1024"),
    "their_public_key": public("test-rsa-2048"),
}


@pytest.mark.parametrize(
    ("provider", "config", "operation", "body", "field"),
    [
        ("yixin", YIXIN_CONFIG, "bindCard", '{"code":0,"msg":"x","code":7}', "body.code"),
        (
            "vbao",
            {"customer_no": "C1", "sign_key": "s", "their_public_key": public("test-rsa-2048")},
            "bindCard/create",
            '{"code":"200","success":true,"code":"500"}',
            "body.code",
        ),
        (
            "xianjincard",
            {"environment": "test", "provider_to_partner": {"ua": "U", "sign_key": "k"}},
            "BindCard.applyBindCard",
            '{"status":1,"message":"x","response":{"bind_status":"200","bind_status":"401"}}',
            "body.bind_status",
        ),
        (
            "huanbei",
            {"base_url": "https://h.example", "channel_code": "ch"},
            "bindCard",
            '{"code":200,"message":"ok","code":801}',
            "body.code",
        ),
    ],
)
def test_every_provider_refuses_a_repeated_key(
    provider: str, config: dict[str, Any], operation: str, body: str, field: str
) -> None:
    client = cardbind.Client(provider, config)
    with pytest.raises(cardbind.DecodeError) as err:
        client.decode_response(operation, body.encode())
    assert err.value.field == field


def test_huanbei_server_refuses_a_repeated_key_and_a_repeated_query_parameter() -> None:
    config = {"base_url": "https://h.example", "channel_code": "ch"}
    client = cardbind.Client("huanbei", config)
    fields = {"user_id": "u1", "bank_card": "6222022005001212726", "open_bank": "ICBC", "bind_card_src": 2}
    request = client.encode_request("bindCard", fields)
    assert client.decode_request(request.body, url=request.url, query=request.query).fields == fields
    repeated = request.body.decode().replace("{", '{"bind_card_src":1,', 1).encode()
    with pytest.raises(cardbind.DecodeError) as err:
        client.decode_request(repeated, url=request.url, query=request.query)
    assert err.value.field == "body.bind_card_src"
    with pytest.raises(cardbind.DecodeError) as err:
        client.decode_request(request.body, url=request.url, query=[*request.query, ("r_c", "OTHER")])
    assert err.value.field == "r_c"


def test_empty_and_null_fields_are_not_signed_so_they_are_not_handed_out() -> None:
    merchant, _ = lianlian()
    # A field the reply does not list is refused even empty (the unlisted-field rule)...
    with pytest.raises(cardbind.DecodeError) as err:
        merchant.decode_response("bankcardbindverfy", genuine().replace("{", '{"pay_type":"",', 1).encode())
    assert err.value.field == "body.pay_type"
    # ...and a listed one that is empty verifies but is not handed out.
    tampered = genuine().replace("{", '{"no_order":"",', 1)
    decoded = merchant.decode_response("bankcardbindverfy", tampered.encode())
    assert decoded.signature == "verified"
    assert set(decoded.fields) == {
        "ret_code", "ret_msg", "sign_type", "oid_partner", "user_id", "card_no", "no_agree", "sign"
    }


def test_a_value_that_would_re_split_is_refused_in_both_roles() -> None:
    merchant, mock = lianlian()
    with pytest.raises(cardbind.ValidationError) as err:
        mock.encode_response("bankcardbind", {"ret_code": "8888", "ret_msg": "ok", "token": "T1&user_id=2013051500001"})
    assert (err.value.field, err.value.rule) == (
        "token",
        "must not hold `&name=` with a name sorting after this field's: the string to sign would split into other "
        "fields",
    )
    reply = json.loads(
        signed_reply({"ret_code": "8888", "ret_msg": "ok", "token": "T1", "user_id": "2013051500001"}, "bankcardbind")
    )
    del reply["user_id"]
    reply["token"] = "T1&user_id=2013051500001"
    with pytest.raises(cardbind.ValidationError) as err:
        merchant.decode_response("bankcardbind", json.dumps(reply).encode())
    assert err.value.field == "token"


def test_a_signed_string_re_sent_as_a_number_is_refused_not_handed_out_as_an_int() -> None:
    merchant, _ = lianlian()
    retyped = genuine().replace('"no_agree":"2024031500012345"', '"no_agree":2024031500012345')
    with pytest.raises(cardbind.DecodeError) as err:
        merchant.decode_response("bankcardbindverfy", retyped.encode())
    assert err.value.field == "no_agree"
    # The genuine reply hands it out as the string that was signed.
    assert merchant.decode_response("bankcardbindverfy", genuine().encode()).fields["no_agree"] == "2024031500012345"


def test_an_unlisted_number_is_refused_where_the_signature_covers_text_only() -> None:
    merchant, _ = lianlian()
    with_amount = genuine()[:-1] + ',"amount":1e2}'
    with pytest.raises(cardbind.DecodeError) as err:
        merchant.decode_response("bankcardbindverfy", with_amount.encode())
    assert err.value.field == "body.amount"
    opted_in = cardbind.Client(
        "lianlian",
        {
            "oid_partner": LIANLIAN["oid_partner"],
            "environment": "production",
            "sign_type": "RSA",
            "our_private_key": key("test-rsa-1024"),
            "their_public_key": public("test-rsa-2048"),
            "allow_unlisted_fields": True,
        },
    )
    with pytest.raises(cardbind.DecodeError) as err:
        opted_in.decode_response("bankcardbindverfy", with_amount.encode())
    assert "must be a JSON string" in err.value.message


XIANJINCARD_PARTNER = {"environment": "test", "provider_to_partner": {"ua": "U", "sign_key": "k"}}


def admission_answer(amount: str) -> bytes:
    return (
        '{"status":1,"message":"ok","response":{"result":200,"amount":%s,"terms":[3],"term_type":1,"loan_mode":0}}'
        % amount
    ).encode()


@pytest.mark.parametrize(
    "number",
    ["1e99999999999999999999", "9" * 5000],
    ids=["exponent-past-decimal", "digits-past-int-limit"],
)
def test_every_field_converts_at_decode_time_or_the_decode_is_a_cardbind_error(number: str) -> None:
    # A number Python cannot hold (xianjincard's answers carry integers): it used to raise
    # decimal.InvalidOperation (or ValueError) from .fields.
    client = cardbind.Client("xianjincard", XIANJINCARD_PARTNER)
    with pytest.raises(cardbind.DecodeError) as err:
        client.decode_response("User.isUserAccept", admission_answer(number))
    assert err.value.field is not None and err.value.field.endswith("amount")
    assert isinstance(err.value, cardbind.CardbindError)


def test_ordinary_numbers_still_convert_exactly() -> None:
    client = cardbind.Client("xianjincard", XIANJINCARD_PARTNER)
    fields = client.decode_response("User.isUserAccept", admission_answer("123456789012345678901234567890")).fields
    assert fields["amount"] == 123456789012345678901234567890
    yixin_merchant = cardbind.Client("yixin", YIXIN_CONFIG)
    yixin_mock = cardbind.Client(
        "yixin", {**YIXIN_CONFIG, "our_private_key": key("test-rsa-2048"), "their_public_key": public("test-rsa-1024")}
    )
    banks = {"bankList": [{"bankName": "农业银行", "bankCode": "ABC", "timesLimit": 500000, "dayLimit": Decimal("12.50")}]}
    reply = yixin_mock.encode_response("bankList", banks, seed=SEED)
    decoded = yixin_merchant.decode_response("bankList", reply.body)
    assert decoded.fields["bankList"][0]["dayLimit"] == Decimal("12.50")


@pytest.mark.parametrize("decode", ["response", "request"])
def test_a_body_past_the_limit_is_refused_before_it_is_copied(decode: str) -> None:
    merchant, mock = lianlian()
    huge = b" " * (64 * 1024 + 1)
    call: Callable[[], object] = (
        (lambda: merchant.decode_response("bankcardbindverfy", huge))
        if decode == "response"
        else (lambda: mock.decode_request(huge, url="https://mpayapi.lianlianpay.com/v1/bankcardbindverfy"))
    )
    with pytest.raises(cardbind.LimitExceeded) as err:
        call()
    assert err.value.message == "body bytes exceeds the limit of 65536"


def test_a_pay_load_with_a_wrong_hmac_says_hmac_and_one_for_another_key_says_so() -> None:
    merchant, mock = lianlian()
    params = {
        "user_id": "2013051500001",
        "card_no": "6222022005001212726",
        "acct_name": "张三",
        "bind_mob": "13800138000",
        "id_type": "0",
        "id_no": "11010519491231002X",
        "pay_type": "2",
        "risk_item": '{"frms_ware_category":"2009"}',
    }
    request = merchant.encode_request("bankcardbind", params, seed=SEED)
    outer = json.loads(request.body)
    parts = outer["pay_load"].split("$")
    parts[5] = "A" * 43 + "="
    outer["pay_load"] = "$".join(parts)
    with pytest.raises(cardbind.InvalidSignature) as err:
        mock.decode_request(json.dumps(outer).encode(), url=request.url)
    assert "HMAC-SHA256 does not match" in err.value.message
    other = cardbind.Client(
        "lianlian",
        {
            "oid_partner": LIANLIAN["oid_partner"],
            "environment": "production",
            "sign_type": "RSA",
            "our_private_key": key("test-rsa-1024"),
            # Any key but our own (which is refused as the other side's since issue 22).
            "their_public_key": public("test-rsa-2048"),
        },
    )
    with pytest.raises(cardbind.InvalidSignature) as err:
        other.decode_request(request.body, url=request.url)
    assert "not wrapped for our key" in err.value.message and "RSA-OAEP-SHA1" in err.value.message
