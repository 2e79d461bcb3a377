"""Vbao, server role: the merchant's bindNotifyUrl, where Vbao posts the bind result once the user
has filled in the bank's page (client.py created the order). decode_request decrypts the
notification with Vbao's public key and checks its MD5 sign; the result is recorded in a table
whose UNIQUE replay_key column refuses a second copy.

    python examples/vbao/server.py

serves `handle` on 127.0.0.1 and plays Vbao against it with cardbind.testing's configuration
(vbao_provider_config): a notification, the same notification again, and one altered in transit.
Prints server.expected.txt. The keys are TEST keys.
"""

import sqlite3
from typing import Optional

import cardbind
from cardbind.testing import LoopbackServer, public_key, send, vbao_provider_config

merchant = cardbind.Client("vbao", {
    "customer_no": "202112090603",
    "sign_key": "test-vbao-signkey-0123456789abcdef",
    "their_public_key": public_key("test-rsa-2048"),
})

# sqlite stands in for the database. Recording the result and the notification's replay_key in one
# INSERT makes "act once" atomic. Vbao's notifications carry no time: keep the rows.
db = sqlite3.connect(":memory:", check_same_thread=False)
db.execute("CREATE TABLE bind_results (replay_key CHAR(64) NOT NULL UNIQUE, order_no TEXT NOT NULL,"
           " err_code TEXT NOT NULL, bind_card_id TEXT)")


def handle(method: str, path: str, query: list[tuple[str, str]], headers: list[tuple[str, str]],
           body: bytes) -> cardbind.ProviderResponse:
    """One HTTP request, as any web framework hands it over; returns status, headers and body."""
    try:
        received = merchant.decode_request(body, method=method, url=path, headers=headers)
    except cardbind.CardbindError as error:  # not from Vbao, or altered: FAIL
        print("merchant: refused:", type(error).__name__)
        return merchant.encode_response("bindNotify", {"result": "FAIL"})
    fields = received.fields
    try:
        with db:  # one transaction: commits, or rolls back on the duplicate key
            db.execute("INSERT INTO bind_results VALUES (?, ?, ?, ?)",
                       (received.replay_key, fields["orderNo"], fields["errCode"], fields.get("bindCardId")))
    except sqlite3.IntegrityError:
        # Vbao posts again until it reads SUCCESS: a repeat (its retry, or a replay) is acknowledged
        # and never acted on twice.
        print("merchant: the same notification again: already recorded, not acted on")
        return merchant.encode_response("bindNotify", {"result": "SUCCESS"})
    masked = received.masked_fields()  # for logs: personal data masked
    print("merchant: recorded", masked["errCode"], masked["errMessage"], "bindCardId", masked.get("bindCardId"))
    return merchant.encode_response("bindNotify", {"result": "SUCCESS"})


def play_vbao(notify_url: str) -> None:
    """Vbao's side, as cardbind.testing configures it: it signs and encrypts with its private key."""
    vbao = cardbind.Client("vbao", vbao_provider_config())
    notification = vbao.encode_request("bindNotify", {
        "orderNo": "2022090700001", "errCode": "0000", "errMessage": "成功", "bindCardId": "BID202301010001",
        "bankCode": "ICBC", "bankCardType": "CREDIT", "bindNotifyUrl": notify_url})

    def post(what: str, body: Optional[bytes] = None) -> None:
        status, headers, reply = send(notification, body)  # body: the request's, unless altered in transit
        outcome = vbao.decode_response("bindNotify", reply, status=status, headers=headers).outcome
        print(f"vbao, {what}: the merchant answered {outcome.provider_code} ({outcome.status})")

    post("notification")
    post("the same notification again")
    post("notification altered in transit", notification.body.replace(b'"reqmsg":"', b'"reqmsg":"AAAA', 1))


if __name__ == "__main__":
    with LoopbackServer(handle) as server:  # cardbind.testing's HTTP server; in production, your framework's
        play_vbao(server.base_url + "/vbao/notify")
