"""The Python API's conveniences (issue 17): str enums, value-compared outcomes, masking helpers and
logging, pickling, bytes-like bodies, readable masked reprs, a clean namespace, DER keys in config."""

from __future__ import annotations

import ast
import base64
import concurrent.futures
import copy
import logging
import pickle
from pathlib import Path
from typing import Any

import cardbind
import pytest
from cardbind import _native
from conftest import KEYS, key, public, vectors

CARD = "6222022005001212726"
PHONE = "13800138000"
ID_NUMBER = "11010519491231002X"
NAME = "张三"
CODE = "654321"
PERSONAL = [CARD, PHONE, ID_NUMBER, NAME, CODE, "4517", "1212726"]


def lianlian(**overrides: Any) -> cardbind.Client:
    config: dict[str, Any] = {
        "oid_partner": vectors("providers/lianlian.json")["oid_partner"],
        "environment": "production",
        "sign_type": "RSA",
        "our_private_key": key("test-rsa-1024"),
        "their_public_key": public("test-rsa-2048"),
    }
    config.update(overrides)
    return cardbind.Client("lianlian", config)


def mock_lianlian() -> cardbind.Client:
    """LianLian's side of `lianlian()` (server role)."""
    return lianlian(our_private_key=key("test-rsa-2048"), their_public_key=public("test-rsa-1024"))


def reply(reply_id: str) -> bytes:
    replies = vectors("providers/lianlian.json")["responses"]
    body: str = next(r for r in replies if r["id"] == reply_id)["body_utf8"]
    return body.encode()


def code_sent() -> cardbind.Response:
    return lianlian().decode_response("bankcardbind", reply("bankcardbind-8888-RSA"))


def apply_request(client: cardbind.Client) -> cardbind.Request:
    return client.bind_card_apply(
        user_id="2013051500001",
        card_number=CARD,
        phone=PHONE,
        holder_name=NAME,
        id_number=ID_NUMBER,
        card_type="debit",
        extra={"risk_item": '{"frms_ware_category":"2009","user_info_mercht_userno":"2013051500001"}'},
        now_ms=1_710_000_000_000,
        seed=bytes(32),
    )


# --- 1. str enums ------------------------------------------------------------------------------


def test_error_kind_enum_is_exactly_cores_list_both_ways() -> None:
    native = _native.error_kinds()
    assert [k.value for k in cardbind.ErrorKind] == native
    assert set(cardbind.ErrorKindName.__args__) == set(native)  # type: ignore[attr-defined]
    assert len(native) == 18


def test_outcome_status_enum_and_literal_name_the_four_statuses() -> None:
    names = ["succeeded", "code_sent", "pending", "failed"]
    assert [s.value for s in cardbind.OutcomeStatus] == names
    assert list(cardbind.OutcomeStatusName.__args__) == names  # type: ignore[attr-defined]


def test_every_error_kind_is_documented_in_the_readme_with_its_meaning() -> None:
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    for kind in cardbind.ErrorKind:
        line = next((line for line in readme.splitlines() if line.startswith(f"| `{kind.value}` |")), None)
        assert line is not None, kind
        assert len(line.split("|")[2].strip()) > 10, line


def test_outcome_status_and_kind_are_str_enums_equal_to_the_plain_names() -> None:
    outcome = code_sent().outcome
    assert outcome.status == "code_sent" and isinstance(outcome.status, str)
    assert outcome.status is cardbind.OutcomeStatus.CODE_SENT
    assert f"{outcome.status}" == str(outcome.status) == "code_sent"
    assert {"code_sent": 1}[outcome.status] == 1
    failed = lianlian().decode_response("bankcardbindverfy", reply("bankcardbindverfy-1900")).outcome
    assert failed.kind == "verify_code_wrong" and f"{failed.kind}" == "verify_code_wrong"
    assert failed.kind is cardbind.ErrorKind.VERIFY_CODE_WRONG


def test_exception_kind_is_the_error_kind_enum() -> None:
    with pytest.raises(cardbind.InvalidSignature) as caught:
        cardbind.md5_verify(b"m", "0" * 32, "secret")
    assert caught.value.kind == "signature_invalid"
    assert caught.value.kind is cardbind.ErrorKind.SIGNATURE_INVALID


# --- 2. Outcome by value ------------------------------------------------------------------------


def test_outcomes_compare_and_hash_by_value() -> None:
    first, second = code_sent().outcome, code_sent().outcome
    assert first is not second
    assert first == second and hash(first) == hash(second)
    assert len({first, second}) == 1
    failed = lianlian().decode_response("bankcardbindverfy", reply("bankcardbindverfy-1900")).outcome
    assert failed != first
    with pytest.raises(AttributeError):
        first.status = cardbind.OutcomeStatus.FAILED  # type: ignore[misc]


# --- 3. masking helpers -------------------------------------------------------------------------


def test_mask_masks_personal_fields_by_cores_rules() -> None:
    fields = {
        "card_no": CARD,
        "bind_mob": PHONE,
        "acct_name": NAME,
        "id_no": ID_NUMBER,
        "verify_code": CODE,
        "nested": [{"card_number": CARD}],
        "unlisted": PHONE,
        "ret_code": "0000",
    }
    assert cardbind.mask(fields) == {
        "card_no": "6222***********2726",
        "bind_mob": "138****8000",
        "acct_name": "张*",
        "id_no": "110*************2X",
        "verify_code": "******",
        "nested": [{"card_number": "6222***********2726"}],
        "unlisted": "138****8000",
        "ret_code": "0000",
    }
    assert fields["card_no"] == CARD, "the input is not changed"


def test_mask_with_a_provider_uses_its_spec_and_refuses_unknown_providers() -> None:
    assert cardbind.mask({"user_name": NAME, "acct_name": NAME}, "xianjincard") == {
        "user_name": "张*",
        "acct_name": NAME,  # not a xianjincard field
    }
    with pytest.raises(cardbind.ValidationError) as caught:
        cardbind.mask({}, "lianlain")
    assert caught.value.field == "provider"


def test_masked_fields_of_a_received_request_hide_card_id_phone_name_and_code() -> None:
    merchant = lianlian()
    mock = mock_lianlian()
    sent = apply_request(merchant)
    received = mock.decode_request(sent.body, url=sent.path, now_ms=1_710_000_000_000)
    assert received.fields["card_no"] == CARD
    masked = received.masked_fields()
    assert masked["card_no"] == "6222***********2726"
    assert masked["bind_mob"] == "138****8000"
    assert masked["acct_name"] == "张*"
    assert masked["id_no"] == "110*************2X"
    shown = repr(masked) + repr(received)
    for value in PERSONAL:
        assert value not in shown, value


# --- 4. logging ---------------------------------------------------------------------------------


def test_nothing_is_logged_unless_debug_is_enabled_for_cardbind(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.WARNING)
    apply_request(lianlian())
    code_sent()
    assert caplog.records == []


def test_debug_log_has_masked_events_and_no_personal_data(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG, logger="cardbind")
    client = lianlian()
    apply_request(client)
    client.bind_card_confirm(user_id="2013051500001", confirm_token="T1", verify_code=CODE, seed=bytes(32))
    client.decode_response("bankcardbind", reply("bankcardbind-8888-RSA"))
    with pytest.raises(cardbind.InvalidSignature):
        client.decode_response("bankcardbind", reply("bankcardbind-8888-RSA").replace(b"8888", b"0000", 1))
    messages = [r.getMessage() for r in caplog.records]
    assert [r.name for r in caplog.records] == ["cardbind"] * 4
    assert all(r.levelno == logging.DEBUG for r in caplog.records)
    assert messages[0].startswith("cardbind lianlian: request encoded: bind_card_apply POST ")
    assert "'card_number': '6222***********2726'" in messages[0]
    assert "'holder_name': '张*'" in messages[0] and "'id_number': '110*************2X'" in messages[0]
    assert messages[1].startswith("cardbind lianlian: request encoded: bind_card_confirm POST ")
    assert "'verify_code': '******'" in messages[1]
    assert messages[2].startswith(
        "cardbind lianlian: response decoded: bankcardbind status=code_sent kind=None retryable=False "
        "authenticated=True http_status=200 provider_code=8888 fields="
    )
    assert messages[3].startswith("cardbind lianlian: response bankcardbind refused: InvalidSignature kind=signature_invalid")
    for value in PERSONAL:
        assert value not in caplog.text, value


# --- 5. pickle and copy -------------------------------------------------------------------------

EXCEPTIONS = [
    cardbind.CardbindError,
    cardbind.ValidationError,
    cardbind.InvalidSignature,
    cardbind.DecodeError,
    cardbind.DecryptionError,
    cardbind.LimitExceeded,
    cardbind.StaleTimestamp,
    cardbind.UnsupportedOperation,
    cardbind.KeyFormatError,
    cardbind.ConfigError,
]


@pytest.mark.parametrize("cls", EXCEPTIONS)
def test_every_exception_pickles_and_copies_with_message_kind_field_and_rule(cls: type[cardbind.CardbindError]) -> None:
    error = cls("card_no: fails the Luhn check", "invalid_parameter", "card_no", "fails the Luhn check")
    for again in (pickle.loads(pickle.dumps(error)), copy.copy(error), copy.deepcopy(error)):
        assert type(again) is cls
        assert str(again) == "card_no: fails the Luhn check"
        assert (again.message, again.kind, again.field, again.rule) == (
            "card_no: fails the Luhn check",
            cardbind.ErrorKind.INVALID_PARAMETER,
            "card_no",
            "fails the Luhn check",
        )


def test_the_issues_invalid_signature_example_round_trips() -> None:
    again = pickle.loads(pickle.dumps(cardbind.InvalidSignature("m", "signature_invalid")))
    assert isinstance(again, cardbind.InvalidSignature)
    assert (again.message, again.kind, again.field, again.rule) == ("m", "signature_invalid", None, None)


def test_a_verification_failure_in_a_process_pool_reaches_the_caller_as_invalid_signature() -> None:
    with concurrent.futures.ProcessPoolExecutor(max_workers=1) as pool:
        future = pool.submit(cardbind.md5_verify, b"message", "0" * 32, "secret")
        with pytest.raises(cardbind.InvalidSignature) as caught:
            future.result(timeout=60)
    assert caught.value.kind is cardbind.ErrorKind.SIGNATURE_INVALID
    assert caught.value.field is None


def test_results_pickle_and_copy_with_every_attribute() -> None:
    response = code_sent()
    request = apply_request(lianlian())
    provider_response = mock_lianlian().encode_response("bankcardbind", {"ret_code": "8888", "ret_msg": "ok", "token": "T1"}, seed=bytes(32))
    for again in (pickle.loads(pickle.dumps(response)), copy.copy(response), copy.deepcopy(response)):
        assert type(again) is cardbind.Response
        assert (again.operation, again.fields, again.outcome, again.signature) == (
            response.operation,
            response.fields,
            response.outcome,
            response.signature,
        )
        assert again.masked_fields() == response.masked_fields() and repr(again) == repr(response)
    for req in (pickle.loads(pickle.dumps(request)), copy.copy(request), copy.deepcopy(request)):
        assert type(req) is cardbind.Request
        assert (req.method, req.url, req.query, req.headers, req.body, req.timeout_ms, req.idempotent) == (
            request.method,
            request.url,
            request.query,
            request.headers,
            request.body,
            request.timeout_ms,
            request.idempotent,
        )
    for pr in (pickle.loads(pickle.dumps(provider_response)), copy.deepcopy(provider_response)):
        assert (pr.status, pr.headers, pr.body) == (
            provider_response.status,
            provider_response.headers,
            provider_response.body,
        )
    assert pickle.loads(pickle.dumps(response.outcome)) == response.outcome


def test_a_received_request_pickles_with_its_masking() -> None:
    mock = mock_lianlian()
    sent = apply_request(lianlian())
    received = mock.decode_request(sent.body, url=sent.path, now_ms=1_710_000_000_000)
    again = pickle.loads(pickle.dumps(received))
    assert (again.operation, again.fields, again.signature) == (received.operation, received.fields, "verified")
    assert again.masked_fields() == received.masked_fields()
    assert again.masked_fields()["acct_name"] == "张*"


# --- 6. bytes-like bodies -----------------------------------------------------------------------


@pytest.mark.parametrize("wrap", [bytes, bytearray, memoryview])
def test_bodies_and_messages_accept_any_bytes_like_object(wrap: Any) -> None:
    body = reply("bankcardbind-8888-RSA")
    assert lianlian().decode_response("bankcardbind", wrap(body)).outcome == code_sent().outcome
    assert cardbind.md5_sign(wrap(b"abc"), "s") == "e5c639ea4b3706aac469718248bb0299"
    cardbind.md5_verify(wrap(b"abc"), "e5c639ea4b3706aac469718248bb0299", "s")
    private = cardbind.PrivateKey.load(wrap(key("test-rsa-1024").encode()))
    signature = private.sign(wrap(b"abc"), "sha1", bytes(32))
    private.public_key().verify(wrap(b"abc"), signature, "sha1")


def test_a_body_that_is_not_bytes_like_is_a_validation_error_naming_it() -> None:
    with pytest.raises(cardbind.ValidationError) as caught:
        lianlian().decode_response("bankcardbind", "text")  # type: ignore[arg-type]
    assert (caught.value.field, caught.value.rule) == ("body", "must be bytes-like (bytes, bytearray, memoryview)")


# --- 7. repr ------------------------------------------------------------------------------------


def test_reprs_are_readable_python_without_personal_data() -> None:
    response = code_sent()
    assert repr(response.outcome) == (
        "Outcome(status='code_sent', kind=None, retryable=False, confirm_token='1A2B3C4D5E6F7A8B9C0D1E2F3A4B5C6D', "
        "provider_code='8888', provider_message='验证码已发送', authenticated=True, http_status=200)"
    )
    assert repr(response).startswith(f"Response(operation='bankcardbind', outcome={response.outcome!r}, signature='verified', fields=<masked ")
    request = apply_request(lianlian())
    assert repr(request) == (
        f"Request(method='POST', path='https://mpayapi.lianlianpay.com/v1/bankcardbind', query=<0 parameters>, "
        f"body=<{len(request.body)} bytes>)"
    )
    error = cardbind.ValidationError("card_no: fails the Luhn check", "invalid_parameter", "card_no", "fails the Luhn check")
    assert repr(error) == "ValidationError('card_no: fails the Luhn check', kind='invalid_parameter', field='card_no')"
    for text in (repr(response), repr(request), repr(response.outcome)):
        assert "DecodedResponse" not in text and "HttpRequest" not in text
        for value in PERSONAL:
            assert value not in text


# --- 8. namespace -------------------------------------------------------------------------------


def test_dir_shows_only_the_api() -> None:
    assert dir(cardbind) == sorted({*cardbind.__all__, "exceptions"} | ({"testing"} if hasattr(cardbind, "testing") else set()))
    for helper in ("Any", "json", "time", "Mapping", "Optional", "annotations", "Headers"):
        assert helper not in dir(cardbind)
        assert not hasattr(cardbind, helper) or helper == "annotations"


def test_all_names_every_public_definition_of_the_package() -> None:
    source = Path(cardbind.__file__).read_text(encoding="utf-8")
    defined = {
        node.name
        for node in ast.parse(source).body
        if isinstance(node, (ast.FunctionDef, ast.ClassDef)) and not node.name.startswith("_")
    }
    imported = {
        alias.asname or alias.name
        for node in ast.parse(source).body
        if isinstance(node, ast.ImportFrom) and node.module not in ("__future__",)
        for alias in node.names
        if not (alias.asname or alias.name).startswith("_")
    }
    assert set(cardbind.__all__) == (defined | imported | {"__version__"})
    assert all(hasattr(cardbind, name) for name in cardbind.__all__)


def test_native_all_matches_the_stub_and_the_compiled_module_both_ways() -> None:
    stub = ast.parse((Path(cardbind.__file__).parent / "_native.pyi").read_text(encoding="utf-8"))
    stub_all = next(
        ast.literal_eval(node.value)
        for node in stub.body
        if isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == "__all__" for t in node.targets)
    )
    stub_defs = {node.name for node in stub.body if isinstance(node, (ast.FunctionDef, ast.ClassDef))}
    runtime = {name for name in dir(_native) if not name.startswith("__")}
    assert set(stub_all) == stub_defs | {"__version__"}
    assert set(_native.__all__) == set(stub_all)
    assert runtime == stub_defs


# --- 9. keys as bytes in the config ---------------------------------------------------------------


def test_der_and_pem_keys_as_bytes_in_the_config_are_accepted() -> None:
    der_private = (KEYS / "test-rsa-1024-private-pkcs8.der").read_bytes()
    der_public = (KEYS / "test-rsa-2048-public-spki.der").read_bytes()
    expected = code_sent().outcome
    for private, public_key in [
        (der_private, der_public),
        (bytearray(der_private), memoryview(der_public)),
        ((KEYS / "test-rsa-1024-private-pkcs8.pem").read_bytes(), (KEYS / "test-rsa-2048-public-spki.pem").read_bytes()),
    ]:
        client = lianlian(our_private_key=private, their_public_key=public_key)
        assert client.decode_response("bankcardbind", reply("bankcardbind-8888-RSA")).outcome == expected
        assert apply_request(client).body == apply_request(lianlian()).body


def test_der_bytes_become_the_base64_the_b64_test_key_file_holds() -> None:
    der = (KEYS / "test-rsa-1024-private-pkcs8.der").read_bytes()
    b64 = (KEYS / "test-rsa-1024-private-pkcs8.b64").read_text(encoding="ascii")
    assert base64.b64encode(der).decode() == "".join(b64.split())
    client = lianlian(our_private_key="".join(b64.split()))
    assert apply_request(client).body == apply_request(lianlian(our_private_key=der)).body


def test_a_corrupt_der_key_in_bytes_is_a_key_error_not_a_type_error() -> None:
    with pytest.raises(cardbind.CardbindError) as caught:
        lianlian(our_private_key=b"\x30\x03\x02\x01\x00")
    assert not isinstance(caught.value, TypeError)
    assert "MAMCAQA" not in str(caught.value)
