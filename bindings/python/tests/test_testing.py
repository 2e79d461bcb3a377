"""``cardbind.testing``, the installed mock providers: its TEST keys are the repository's files,
and a user's integration can run against ``MockLianLian`` over real HTTP."""

from __future__ import annotations

import subprocess
import sys
import urllib.request

import cardbind
import cardbind.testing as testing
from cardbind.testing import GOOD_CODE, LoopbackServer, MockLianLian, lianlian_merchant_config
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
