"""Configuration a user can discover, safe defaults, and errors that say what happened (issue 17),
through the public API."""

from __future__ import annotations

import json
from typing import Any

import pytest

import cardbind
from conftest import key, public, vectors

LIANLIAN = vectors("providers/lianlian.json")
XIANJINCARD = vectors("providers/xianjincard.json")
XJ = XIANJINCARD["config"]
NOW_MS = 1_796_390_000_000


def merchant(**extra: Any) -> cardbind.Client:
    return cardbind.Client(
        "lianlian",
        {
            "oid_partner": LIANLIAN["oid_partner"],
            "environment": "production",
            "sign_type": "RSA",
            "our_private_key": key(LIANLIAN["merchant_key"]),
            "their_public_key": public(LIANLIAN["lianlian_key"]),
            **extra,
        },
    )


def mock_lianlian(sign_type: str = "RSA") -> cardbind.Client:
    return cardbind.Client(
        "lianlian",
        {
            "oid_partner": LIANLIAN["oid_partner"],
            "environment": "production",
            "sign_type": sign_type,
            "our_private_key": key(LIANLIAN["lianlian_key"]),
            "their_public_key": public(LIANLIAN["merchant_key"]),
        },
    )


def xianjincard(**extra: Any) -> cardbind.Client:
    pair = {"ua": XJ["ua"], "sign_key": XJ["provider_to_partner_signkey"]}
    other = {"ua": XJ["ua"], "sign_key": XJ["partner_to_provider_signkey"]}
    return cardbind.Client(
        "xianjincard",
        {"environment": "test", "provider_to_partner": pair, "partner_to_provider": other, "partner_endpoint": XJ["partner_endpoint"], **extra},
    )


# --- configuration ------------------------------------------------------------------------------


def test_every_providers_spec_describes_its_configuration() -> None:
    required = {}
    for provider in cardbind.providers():
        keys = cardbind.spec(provider)["config"]["keys"]
        for name, entry in keys.items():
            assert entry["type"] in {"string", "boolean", "integer", "enum", "key", "object", "signature_rule"}
            assert entry["description"]
        required[provider] = [name for name, entry in keys.items() if entry.get("required")]
    assert required == {
        "lianlian": ["oid_partner", "sign_type"],
        "xianjincard": ["provider_to_partner"],
        "yixin": ["app_id", "base_url", "our_private_key", "their_public_key"],
        "vbao": ["customer_no", "sign_key"],
        "huanbei": ["channel_code"],
    }
    assert cardbind.spec("lianlian")["config"]["keys"]["sign_key"]["secret"] is True


def config_error(provider: str, config: Any) -> cardbind.ConfigError:
    with pytest.raises(cardbind.ConfigError) as caught:
        cardbind.Client(provider, config)
    return caught.value


def test_config_errors_name_the_key_and_what_was_expected_never_the_value() -> None:
    err = config_error("lianlian", {})
    assert err.field == "oid_partner"
    assert str(err) == (
        "configuration: oid_partner: is required: The merchant id LianLian issued (`oid_partner`, 1 to 18 characters)"
    )
    assert err.kind == "merchant_misconfigured"
    base = {"environment": "production", "oid_partner": "201408071000001543", "sign_type": "RSA"}
    assert config_error("lianlian", {"environment": "production", "oid_partner": "1"}).field == "sign_type"
    typo = config_error("lianlian", {**base, "base_ur": "https://example.com"})
    assert (typo.field, str(typo).split(" valid keys")[0]) == (
        "base_ur",
        "configuration: base_ur: unknown key: did you mean `base_url`?",
    )
    assert "did you mean `our_private_key`?" in str(config_error("lianlian", {**base, "private_key": "SECRET-PEM"}))
    lower = config_error("lianlian", {**base, "sign_type": "rsa"})
    assert str(lower) == (
        "configuration: sign_type: expected one of `RSA`, `SHA256withRSA`, `MD5`; "
        "values are case-sensitive: did you mean `RSA`?"
    )
    number = config_error("lianlian", {**base, "oid_partner": 201408071000001543})
    assert number.field == "oid_partner"
    assert "201408071000001543" not in str(number)
    assert str(number).startswith("configuration: oid_partner: expected a string, got a number")
    renamed = config_error("yixin", {"app_id": "a", "gateway_url": "https://g"})
    assert renamed.field == "gateway_url"
    assert "renamed to `base_url`" in str(renamed)


def test_keys_with_a_bom_or_dotenv_escaped_newlines_load() -> None:
    escaped = public(LIANLIAN["lianlian_key"]).strip().replace("\n", "\\n")
    client = merchant(their_public_key="\ufeff" + escaped)
    assert client.provider == "lianlian"


# --- safe defaults --------------------------------------------------------------------------------


def test_xianjincard_refuses_a_2017_request_unless_the_window_is_opted_out() -> None:
    case = XIANJINCARD["requests"][0]
    body = case["body"].encode("ascii")
    with pytest.raises(cardbind.StaleTimestamp):
        xianjincard().decode_request(body, url=case["url"], now_ms=NOW_MS)
    lenient = xianjincard(insecure_skip_timestamp_check=True)
    assert lenient.decode_request(body, url=case["url"], now_ms=NOW_MS).signature == "verified"


def test_a_client_naming_neither_environment_nor_base_url_is_refused_naming_the_environments() -> None:
    err = config_error("huanbei", {"channel_code": "TESTCHANNEL"})
    assert (err.field, str(err)) == (
        "environment",
        "configuration: environment: is required: choose where this client talks, one of "
        "`dev` (http://openapi.dev.lattebank.com); or give base_url (environment `custom`)",
    )
    fields = {"user_id": "1", "bank_card": "6222022005001212726", "open_bank": "ICBC", "user_name": "张三",
              "id_number": "11010519491231002X", "user_mobile": "13800138000", "bind_card_src": 2}
    dev = cardbind.Client("huanbei", {"environment": "dev", "channel_code": "TESTCHANNEL"})
    assert dev.encode_request("bindCard", fields, now_ms=NOW_MS).url.startswith("http://openapi.dev.lattebank.com/")
    custom = cardbind.Client("huanbei", {"base_url": "https://gate.example", "channel_code": "TESTCHANNEL"})
    assert custom.encode_request("bindCard", fields, now_ms=NOW_MS).url.startswith("https://gate.example/")
    both = config_error("huanbei", {"environment": "dev", "base_url": "https://gate.example", "channel_code": "C"})
    assert (both.field, str(both)) == (
        "base_url",
        "configuration: base_url: differs from environment `dev`'s URL: give one of environment and base_url",
    )


def test_huanbei_with_the_channel_key_refuses_unsigned_requests_unless_opted_out() -> None:
    plain = {"base_url": "http://openapi.dev.lattebank.com", "channel_code": "TESTCHANNEL"}
    fields = {
        "user_id": "246964109149933",
        "bank_card": "6222022005001212726",
        "open_bank": "ICBC",
        "user_name": "张三",
        "id_number": "11010519491231002X",
        "user_mobile": "13800138000",
        "bind_card_src": 2,
    }
    unsigned = cardbind.Client("huanbei", plain).encode_request("bindCard", fields, now_ms=NOW_MS)
    signing = {"key_version": "1", "their_public_key": public("test-rsa-1024")}
    server = cardbind.Client("huanbei", {**plain, "signing": signing})
    with pytest.raises(cardbind.InvalidSignature) as caught:
        server.decode_request(unsigned.body, url=unsigned.url, query=unsigned.query, now_ms=NOW_MS)
    assert caught.value.field == "r_s"
    opted_out = cardbind.Client("huanbei", {**plain, "signing": {**signing, "insecure_accept_unsigned": True}})
    received = opted_out.decode_request(unsigned.body, url=unsigned.url, query=unsigned.query, now_ms=NOW_MS)
    assert received.signature == "not_signed"


def test_an_unsigned_lianlian_failure_is_not_authenticated() -> None:
    body = json.dumps({"ret_code": "1004", "ret_msg": "商户请求参数校验错误"}).encode()
    outcome = merchant().decode_response("bankcardbindverfy", body).outcome
    assert (outcome.status, outcome.authenticated, outcome.http_status) == ("failed", False, 200)


def test_now_ms_in_seconds_is_refused() -> None:
    with pytest.raises(cardbind.ValidationError) as caught:
        xianjincard().encode_request("BindCard.getValidBankList", {"card_type": "1"}, now_ms=1_796_390_000)
    assert caught.value.field == "now_ms"


# --- errors that say what happened --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "content_type", "body", "message"),
    [
        (502, "text/html", b"<html>Bad Gateway</html>", "HTTP 502 with a text/html body of 24 bytes: the provider or a proxy failed"),
        (503, "text/plain", b"", "HTTP 503 with an empty body: the provider or a proxy failed"),
        (404, "application/json", b'{"error":"not found"}', "HTTP 404 with a application/json body of 21 bytes: the provider or a proxy failed"),
        (200, "text/html", b"<html></html>", "HTTP 200 with a body that is not JSON"),
    ],
)
def test_transport_failures_are_one_retryable_outcome_for_every_provider(
    status: int, content_type: str, body: bytes, message: str
) -> None:
    for client, operation in [(merchant(), "bankcardbind"), (xianjincard(), "BindCard.applyBindCard")]:
        outcome = client.decode_response(
            operation, body, status=status, headers={"Content-Type": content_type}, now_ms=NOW_MS
        ).outcome
        assert (outcome.status, outcome.kind, outcome.retryable) == ("failed", "provider_unavailable", True)
        assert (outcome.provider_code, outcome.provider_message) == (f"HTTP {status}", message)
        assert (outcome.http_status, outcome.authenticated) == (status, False)


def test_a_reply_decoded_as_the_wrong_operation_is_a_decode_error() -> None:
    reply = mock_lianlian().encode_response(
        "bankcardbind",
        {"ret_code": "8888", "ret_msg": "ok", "user_id": "u1", "token": "1A2B3C4D5E6F7A8B9C0D1E2F3A4B5C6D"},
        now_ms=NOW_MS,
    )
    with pytest.raises(cardbind.DecodeError) as caught:
        merchant().decode_response("bankcardbindverfy", reply.body)
    assert caught.value.field == "ret_code"
    assert "this reply answers bankcardbind, not bankcardbindverfy" in str(caught.value)


def test_a_reply_under_another_profile_names_the_response_sign_type_setting() -> None:
    reply = mock_lianlian("SHA256withRSA").encode_response(
        "bankcardbindverfy",
        {"ret_code": "0000", "ret_msg": "ok", "user_id": "u1", "card_no": "2726", "no_agree": "1"},
        now_ms=NOW_MS,
    )
    with pytest.raises(cardbind.InvalidSignature) as caught:
        merchant().decode_response("bankcardbindverfy", reply.body)
    assert str(caught.value) == (
        "sign_type: signature invalid: the message is signed with SHA256withRSA, but RSA is configured: "
        "if the provider really signs so, set `response_sign_type` to SHA256withRSA"
    )
    assert merchant(response_sign_type="SHA256withRSA").decode_response("bankcardbindverfy", reply.body).outcome.succeeded


def test_unified_calls_name_the_fields_the_caller_used() -> None:
    with pytest.raises(cardbind.ValidationError) as caught:
        merchant().bind_card_confirm(user_id="u1", verify_code="123456")
    assert caught.value.field == "confirm_token"
    with pytest.raises(cardbind.ValidationError) as caught:
        xianjincard().bind_card_apply(
            user_id="u1",
            card_number="6222022005001212726",
            phone="13800138000",
            id_number="11010519491231002X",
            bank="icbc",
            now_ms=NOW_MS,
        )
    assert caught.value.field == "holder_name"


def test_an_unknown_operation_suggests_the_nearest_and_lists_them() -> None:
    with pytest.raises(cardbind.UnsupportedOperation) as caught:
        merchant().encode_request("bankcardbindverify", {})
    assert str(caught.value) == (
        "lianlian does not support the operation `bankcardbindverify`; did you mean `bankcardbindverfy`? "
        "(its operations: `bankcardbind`, `bankcardbindverfy`)"
    )


def test_a_xianjincard_request_failing_its_signature_still_names_the_call_it_claimed() -> None:
    case = next(c for c in XIANJINCARD["requests"] if c["call"] == "BindCard.applyBindCard")
    tampered = case["body"].replace("6222022005001212726", "6222022005001212734").encode("ascii")
    sent_ms = int(case["timestamp"]) * 1000
    with pytest.raises(cardbind.InvalidSignature) as caught:
        xianjincard().decode_request(tampered, url=case["url"], now_ms=sent_ms)
    assert caught.value.operation == "BindCard.applyBindCard"


def validation_error(call: Any) -> cardbind.ValidationError:
    with pytest.raises(cardbind.ValidationError) as caught:
        call()
    return caught.value


def test_unified_mistakes_say_the_fix_bank_names_wire_fields_and_operations() -> None:
    client = merchant()
    apply: dict[str, Any] = {"user_id": "1", "card_number": "6222022005001212726", "phone": "13800138000"}
    banks = ("icbc, abc, boc, ccb, bocom, cmbc, cmb, psbc, pab, citic, ceb, cib, cgb, hxb, njcb, spdb, bob, "
             "hzb, nbcb, czb, hsb, cbhb, hkbank")
    bank = validation_error(lambda: client.bind_card_apply(**apply, holder_name="张三", bank="ICBC"))
    assert (bank.field, str(bank)) == (
        "bank", f"bank: must be a cardbind bank name, lower case; did you mean `icbc` (工商银行)? One of {banks}"
    )
    wire = validation_error(lambda: client.encode_unified("bind_card_apply", {**apply, "acct_name": "张三"}))
    assert (wire.field, str(wire)) == (
        "acct_name",
        "acct_name: is not a field of bind_card_apply but lianlian's wire field (`bankcardbind`): pass it in `extra`",
    )
    typo = validation_error(lambda: client.encode_unified("bind_card_apply", {**apply, "holdername": "张三"}))
    assert str(typo) == "holdername: is not a field of bind_card_apply; did you mean `holder_name`?"
    card_type = validation_error(lambda: client.bind_card_apply(**apply, holder_name="张三", card_type="Debit"))
    assert str(card_type) == "card_type: must be one of debit, credit; did you mean `debit`?"
    operation = validation_error(lambda: client.encode_unified("bind_card_aply", apply))
    assert str(operation).endswith("; did you mean `bind_card_apply`?")
