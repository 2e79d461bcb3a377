"""``cardbind.testing``, the installed mock providers: its TEST keys are the repository's files,
and a user's integration can run against ``MockLianLian`` over real HTTP."""

from __future__ import annotations

import subprocess
import sys
import urllib.request
from typing import Any, Callable

import pytest

import cardbind
import cardbind.testing as testing
from cardbind.testing import (
    GOOD_CODE,
    LoopbackServer,
    MockLianLian,
    huanbei_channel_config,
    lianlian_merchant_config,
    vbao_merchant_config,
    xianjincard_config,
    yixin_merchant_config,
)
from cardbind.testing._keys import PEM
from conftest import KEYS, ROOT


def test_the_packaged_test_keys_are_the_repositorys_files() -> None:
    assert sorted(PEM) == [
        "test-rsa-1024-private-pkcs8.pem",
        "test-rsa-1024-public-spki.pem",
        "test-rsa-2048-private-pkcs8.pem",
        "test-rsa-2048-public-spki.pem",
    ]
    for name, text in PEM.items():
        assert text == (KEYS / name).read_text(encoding="ascii"), name
    assert testing.private_key("test-rsa-1024") == PEM["test-rsa-1024-private-pkcs8.pem"]
    assert testing.public_key("test-rsa-2048") == PEM["test-rsa-2048-public-spki.pem"]


def test_testing_is_installed_with_the_package_not_read_from_the_repository() -> None:
    assert testing.__file__ is not None
    assert not testing.__file__.startswith(str(ROOT / "bindings" / "python" / "examples"))
    assert testing.__name__ == "cardbind.testing"


def test_an_integration_binds_a_card_against_mock_lianlian_over_http() -> None:
    def send(request: cardbind.Request) -> bytes:
        http = urllib.request.Request(request.url, data=request.body, method=request.method, headers=dict(request.headers))
        with urllib.request.urlopen(http, timeout=30) as reply:
            body: bytes = reply.read()
            return body

    with LoopbackServer(MockLianLian()) as server:
        client = cardbind.Client("lianlian", lianlian_merchant_config(server.base_url))
        apply = client.bind_card_apply(
            user_id="u1",
            card_number="6222022005001212726",
            phone="13800138000",
            holder_name="张三",
            id_number="11010519491231002X",
            card_type="debit",
            extra={"risk_item": '{"frms_ware_category":"2009","user_info_mercht_userno":"u1"}'},
        )
        sent = client.decode_response("bankcardbind", send(apply)).outcome
        assert (sent.status, sent.confirm_token) == ("code_sent", "00000000000000000000000000000001")
        confirm = client.bind_card_confirm(user_id="u1", confirm_token=sent.confirm_token, verify_code=GOOD_CODE)
        done = client.decode_response("bankcardbindverfy", send(confirm)).outcome
        assert (done.status, done.provider_code) == ("succeeded", "0000")


def test_python_m_cardbind_testing_serves_the_mock_and_prints_its_url() -> None:
    mock = subprocess.Popen(
        [sys.executable, "-m", "cardbind.testing", "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        assert mock.stdout is not None
        line = mock.stdout.readline()
        assert line.startswith("LIANLIAN_BASE_URL=http://127.0.0.1:"), line
    finally:
        mock.terminate()
        mock.wait(timeout=30)


HUANBEI_BIND = {
    "user_id": "246964109149933", "bank_card": "6222022005001212726", "open_bank": "ICBC", "user_name": "张三",
    "id_number": "11010519491231002X", "user_mobile": "13420504517", "bank_address": "北京市 市辖区",
    "bank_card_type": 0, "bind_card_src": 1, "verify_code": GOOD_CODE, "r_i": "req-1",
}
VBAO_CREATE = {
    "orderNo": "2022090700001", "userType": "EMAIL", "identifyId": "zhangsan@example.com", "bankCardType": "CREDIT",
    "bankCode": "ICBC", "bankCardName": "张三", "certType": "ID", "certNo": "11010519491231002X",
    "mobile": "18812345678", "bindNotifyUrl": "https://merchant.example/notify",
    "pageReturnUrl": "https://merchant.example/return",
}
# provider -> (the path its printed base_url ends with, the caller's config for that base_url, one
# call the mock answers and the status the caller decodes)
ENTRY_POINTS: dict[str, tuple[str, Callable[[str], dict[str, Any]], str, dict[str, Any], str]] = {
    "yixin": ("/gateway", yixin_merchant_config, "bindCard",
              {"outerUserNo": "u1", "cardNo": "6222022005001212726", "phone": "13420504517", "bizType": "repay",
               "bizNo": "LOAN-1"}, "code_sent"),
    "huanbei": ("", huanbei_channel_config, "bindCard", HUANBEI_BIND, "succeeded"),
    "vbao": ("", vbao_merchant_config, "bindCard/create", VBAO_CREATE, "pending"),
    "xianjincard": ("/v1/", lambda url: xianjincard_config("http://unused.example/partner", url),
                    "PartnerGate.Order.bindCardFeedback", {"order_sn": "1", "echo_data": "{}", "bind_status": "200"},
                    "succeeded"),
}


@pytest.mark.parametrize("provider", sorted(ENTRY_POINTS))
def test_python_m_cardbind_testing_provider_serves_that_mock_at_the_base_url_it_prints(provider: str) -> None:
    path, config, operation, params, status = ENTRY_POINTS[provider]
    mock = subprocess.Popen(
        [sys.executable, "-m", "cardbind.testing", "--provider", provider, "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        assert mock.stdout is not None
        name, _, base_url = mock.stdout.readline().strip().partition("=")
        assert name == f"{provider.upper()}_BASE_URL"
        assert base_url.startswith("http://127.0.0.1:") and base_url.endswith(path), base_url
        client = cardbind.Client(provider, config(base_url))
        code, headers, body = testing.send(client.encode_request(operation, params))
        assert client.decode_response(operation, body, status=code, headers=headers).outcome.status == status
    finally:
        mock.terminate()
        mock.wait(timeout=30)
