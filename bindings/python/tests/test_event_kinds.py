"""One event, one kind, through the wheel: every reply of spec/events.json that the Python API can
build (every one but Vbao's bind-result notification, which the merchant decodes as a request)
decodes to its event's kind, with the provider's code and message kept as received."""

from __future__ import annotations

import json
from typing import Any, Callable

import pytest

import cardbind
from conftest import ROOT, key, public

EVENTS = json.loads((ROOT / "spec" / "events.json").read_text(encoding="utf-8"))["events"]
NOT_A_REPLY = {("vbao", "notify.errCode")}


def rsa_pair(common: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """(provider, merchant) configurations: the provider's key pair is 2048-bit, the merchant's 1024."""
    server = {**common, "our_private_key": key("test-rsa-2048"), "their_public_key": public("test-rsa-1024")}
    client = {**common, "our_private_key": key("test-rsa-1024"), "their_public_key": public("test-rsa-2048")}
    return server, client


def configs(provider: str) -> tuple[dict[str, Any], dict[str, Any]]:
    if provider == "lianlian":
        return rsa_pair({"environment": "production", "oid_partner": "201408071000001543", "sign_type": "RSA"})
    if provider == "yixin":
        return rsa_pair({"app_id": "test-app-0001", "base_url": "https://yixin.test/gateway"})
    if provider == "xianjincard":
        pair: dict[str, Any] = {"environment": "test", "provider_to_partner": {"ua": "SH_XJ360_POA", "sign_key": "test-signkey-0123456789"}}
        return pair, pair
    if provider == "vbao":
        common = {"customer_no": "202112090603", "sign_key": "test-vbao-signkey-0123456789abcdef"}
        return {**common, "our_private_key": key("test-rsa-2048")}, {
            **common,
            "their_public_key": public("test-rsa-2048"),
            "base_url": "https://vbao.test",
        }
    both = {"base_url": "https://huanbei.test", "channel_code": "TESTCHANNEL"}
    return both, both


# (provider, scope) -> (operation, fields of the reply carrying code and message)
REPLIES: dict[tuple[str, str], tuple[str, Callable[[str, str], dict[str, Any]]]] = {
    ("lianlian", "ret_code"): ("bankcardbindverfy", lambda c, m: {"ret_code": c, "ret_msg": m}),
    ("xianjincard", "bind_status"): ("BindCard.applyBindCard", lambda c, m: {"bind_status": c, "remark": m}),
    ("xianjincard", "result"): (
        "User.isUserAccept",
        lambda c, m: {"result": int(c), "remark": m, "can_loan_time": "2024-04-01"},
    ),
    ("xianjincard", "status"): ("BindCard.applyBindCard", lambda c, m: {"status": int(c), "message": m}),
    ("yixin", "bindCard.status"): ("bindCard", lambda c, m: {"status": c, "desc": m}),
    ("yixin", "verifyCode.status"): ("verifyCode", lambda c, m: {"status": c, "desc": m}),
    ("vbao", "create.errCode"): ("bindCard/create", lambda c, m: {"orderNo": "1", "errCode": c, "errMessage": m}),
    ("huanbei", "code"): ("bindCard", lambda c, m: {"code": int(c), "message": m}),
}
HTTP_OPERATION = {"lianlian": "bankcardbindverfy", "xianjincard": "BindCard.applyBindCard", "yixin": "verifyCode",
                  "vbao": "bindCard/create", "huanbei": "bindCard"}


def documented_text(provider: str, scope: str, code: str) -> str:
    """The code's text as the spec gives it (its meaning before any English gloss)."""
    listed = [c for c in cardbind.spec(provider)["codes"] if c["scope"] == scope and c["code"] == code]
    return str(listed[0]["meaning"]).split(" (")[0] if listed else ""


def decoded(provider: str, scope: str, code: str, message: str) -> cardbind.Outcome:
    server_config, client_config = configs(provider)
    server, client = cardbind.Client(provider, server_config), cardbind.Client(provider, client_config)
    if scope == "http":
        return client.decode_response(HTTP_OPERATION[provider], b"", status=int(code)).outcome
    if (provider, scope) == ("yixin", "code"):  # an envelope error: the Python API builds none
        body = json.dumps({"code": int(code), "msg": message}, ensure_ascii=False).encode()
        return client.decode_response("bindCard", body).outcome
    if (provider, scope) == ("vbao", "notify.ack"):  # the merchant's answer, read by Vbao
        ack = client.encode_response("bindNotify", {"result": code})
        return server.decode_response("bindNotify", ack.body, status=ack.status, headers=ack.headers).outcome
    operation, fields = REPLIES[(provider, scope)]
    reply = server.encode_response(operation, fields(code, message))
    return client.decode_response(operation, reply.body, status=reply.status, headers=reply.headers).outcome


CASES = [
    pytest.param(event["kind"], provider, entry, id=f"{event['event']}-{provider}-{entry['scope']}-{entry['code']}-{n}")
    for event in EVENTS
    for provider, entries in event["providers"].items()
    for n, entry in enumerate(entries)
    if (provider, entry["scope"]) not in NOT_A_REPLY
]


@pytest.mark.parametrize("kind, provider, entry", CASES)
def test_every_event_decodes_to_its_kind_for_every_provider(kind: str, provider: str, entry: dict[str, str]) -> None:
    message = entry.get("message") or documented_text(provider, entry["scope"], entry["code"])
    outcome = decoded(provider, entry["scope"], entry["code"], message)
    assert (outcome.status, outcome.kind) == ("failed", kind)
    if entry["scope"] != "http":
        assert outcome.provider_code == entry["code"]
    if "message" in entry:
        assert outcome.provider_message == entry["message"]


def test_the_table_covers_every_kind_but_unknown_and_skips_only_notifications() -> None:
    kinds = sorted(event["kind"] for event in EVENTS)
    assert kinds == sorted(k.value for k in cardbind.ErrorKind if k.value != "unknown")
    skipped = [(p, e["scope"]) for ev in EVENTS for p, es in ev["providers"].items() for e in es
               if (p, e["scope"]) in NOT_A_REPLY]
    assert set(skipped) == NOT_A_REPLY and len(CASES) > 150
