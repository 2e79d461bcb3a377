"""xianjincard, server role: the partner's single entry point, which the platform calls
(User.isUserAccept; BindCard.applyBindCard, first without a code, which texts the user one, then
with it). decode_request checks the MD5 sign and the timestamp window; every accepted request's
replay_key goes into a table whose primary key refuses a replay.

    python examples/xianjincard/server.py

serves `handle` on 127.0.0.1 and plays the platform against it with cardbind.testing's
configuration (xianjincard_config): an admission check, an apply, the same apply again byte for
byte (a replay, refused), one altered in transit (refused), and the apply with the code. Prints
server.expected.txt. The keys are TEST keys.
"""

import sqlite3
import time
from typing import Any, Optional

import cardbind
from cardbind.testing import LoopbackServer, send, xianjincard_config

partner = cardbind.Client("xianjincard", {
    "provider_to_partner": {"ua": "SH_XJ360_POA", "sign_key": "test-signkey-0123456789"},  # what we verify
    "partner_to_provider": {"ua": "SH_XJ360_POA", "sign_key": "test-partner-signkey-9876543210"},  # what we sign
    "environment": "test",  # where our own calls (PartnerGate.*) would go: `production` when live
})

# The README's table ("Server role: receiving requests, and replay keys"), sqlite standing in for the
# database. The timestamp is not signed, so a replayer can refresh it: keep the keys forever.
db = sqlite3.connect(":memory:", check_same_thread=False)
db.execute("CREATE TABLE accepted_messages (replay_key CHAR(64) PRIMARY KEY, accepted_at INTEGER NOT NULL)")


def first_time(received: cardbind.ReceivedRequest) -> bool:
    try:
        with db:  # one transaction: commits, or rolls back on the duplicate key
            db.execute("INSERT INTO accepted_messages VALUES (?, ?)", (received.replay_key, int(time.time())))
        return True
    except sqlite3.IntegrityError:  # the same signed bytes came before
        return False


def business(received: cardbind.ReceivedRequest) -> dict[str, Any]:
    """What the partner answers; a real one asks its loan and card systems."""
    if received.operation == "User.isUserAccept":
        return {"result": 200, "amount": 150000, "terms": [7, 14, 30], "term_type": 1, "loan_mode": 0}
    if received.operation != "BindCard.applyBindCard":
        return {"status": 0, "message": "不支持的接口"}  # a failure envelope (no other status is documented)
    if not received.fields.get("verify_code"):
        return {"bind_status": "100", "remark": "验证码已发送"}  # the platform calls again with the code
    if received.fields["verify_code"] != "123456":
        return {"bind_status": "505", "remark": "验证码错误"}
    return {"bind_status": "200", "remark": "success"}


def handle(method: str, path: str, query: list[tuple[str, str]], headers: list[tuple[str, str]],
           body: bytes) -> cardbind.ProviderResponse:
    """One HTTP request, as any web framework hands it over; returns status, headers and body."""
    try:
        received = partner.decode_request(body, method=method, url=path, headers=headers)
    except cardbind.CardbindError as error:  # bad sign, stale timestamp, malformed: it names the field
        print("partner: refused:", type(error).__name__)
        message = "签名错误" if isinstance(error, cardbind.InvalidSignature) else "请求无效"
        return partner.encode_response("BindCard.applyBindCard", {"status": 0, "message": message})
    if received.replay_key is not None and not first_time(received):
        print("partner: replay of", received.operation, "refused")
        return partner.encode_response(received.operation, {"status": 0, "message": "重复请求"})
    answer = business(received)
    masked = received.masked_fields()  # for logs: card, ID, phone, name and code masked
    print("partner:", received.operation, "user", masked["user_name"], "->", answer)
    return partner.encode_response(received.operation, answer)


def play_the_platform(partner_url: str) -> None:
    """The platform's side, as cardbind.testing configures it: xianjincard calling the partner."""
    platform = cardbind.Client("xianjincard", xianjincard_config(partner_url, "http://unused.example/v1/"))

    def call(what: str, operation: str, request: cardbind.Request, body: Optional[bytes] = None) -> None:
        status, headers, reply = send(request, body)  # body: the request's, unless altered in transit
        outcome = platform.decode_response(operation, reply, status=status, headers=headers).outcome
        print(f"platform, {what}:", outcome.status, outcome.kind or "-", outcome.provider_code,
              outcome.provider_message)

    admission = {"user_name": "张三", "user_phone": "13370212***", "user_idcard": "11010519491231****"}
    call("admission", "User.isUserAccept", platform.encode_request("User.isUserAccept", admission))
    apply = {"order_sn": "246964109149933", "bank_code": "ICBC", "user_name": "张三",
             "user_idcard": "11010519491231002X", "card_number": "6222022005001212726",
             "card_phone": "13245678901", "user_phone": "13370212345", "echo_data": '{"pid":123456}'}
    first = platform.encode_request("BindCard.applyBindCard", apply)
    call("apply", "BindCard.applyBindCard", first)
    call("the same apply again", "BindCard.applyBindCard", first)
    call("apply altered in transit", "BindCard.applyBindCard", first, first.body.replace(b"ICBC", b"CMB"))
    with_code = platform.encode_request("BindCard.applyBindCard", {**apply, "verify_code": "123456"})
    call("apply with the code", "BindCard.applyBindCard", with_code)


if __name__ == "__main__":
    with LoopbackServer(handle) as server:  # cardbind.testing's HTTP server; in production, your framework's
        play_the_platform(server.base_url + "/xianjincard/gate")
