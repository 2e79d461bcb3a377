"""Yixin, server role: Yixin's side, as cardbind.testing's MockYixin plays it. A merchant only ever
calls Yixin, so this is what a mock provider (for your own tests) is made of. decode_request opens
the envelope (the AES key with Yixin's private key) and checks the merchant's signature and its
signed timestamp (±30 minutes); every accepted request's replay_key is remembered for an hour,
twice that window; encode_response encrypts and signs the answer.

    python examples/yixin/server.py

serves `handle` on 127.0.0.1 and plays the merchant against it with cardbind.testing's
configuration (yixin_merchant_config): bindCard, the same bindCard again byte for byte (a replay,
refused), and verifyCode. Prints server.expected.txt. The keys are TEST keys.
"""

import threading
import time

import cardbind
from cardbind.testing import LoopbackServer, private_key, public_key, send, yixin_merchant_config

yixin = cardbind.Client("yixin", {
    "app_id": "test-app-0001",
    "our_private_key": private_key("test-rsa-2048"),  # Yixin's key: opens requests, signs replies
    "their_public_key": public_key("test-rsa-1024"),  # the merchant's
    "base_url": "http://unused.example/gateway",  # where a merchant sends: not used on this side
})
texted: dict[str, str] = {}  # bizId -> the user the code was texted to

# Stands in for Redis, as the README's section "Server role: receiving requests, and replay keys"
# uses it: SET cardbind:<replay_key> 1 NX EX 3600.
accepted: dict[str, float] = {}  # replay_key -> when it may be forgotten
accepted_lock = threading.Lock()


def set_nx_ex(key: str, seconds: int) -> bool:
    now = time.monotonic()
    with accepted_lock:
        for old in [old for old, until in accepted.items() if until < now]:
            del accepted[old]  # past the window: the timestamp check refuses such a request now
        if key in accepted:
            return False
        accepted[key] = now + seconds
        return True


def business(received: cardbind.ReceivedRequest) -> dict[str, str]:
    fields = received.fields
    if received.operation == "bindCard":  # text the user a code; bizId confirms it
        biz_id = f"BIZ{len(texted) + 1:06d}"
        texted[biz_id] = fields["outerUserNo"]
        return {"bizId": biz_id, "status": "0", "desc": "验证码已发送"}
    if texted.get(fields["bizId"]) != fields["outerUserNo"]:
        return {"status": "-2", "desc": "无此业务流水"}
    if fields["verifyCode"] != "123456":
        return {"status": "-2", "desc": "验证码错误"}  # the document's own example
    return {"status": "0", "desc": "成功"}


def handle(method: str, path: str, query: list[tuple[str, str]], headers: list[tuple[str, str]],
           body: bytes) -> cardbind.ProviderResponse:
    """One HTTP request, as any web framework hands it over; returns status, headers and body.
    A request that does not decode raises (cardbind encodes no Yixin envelope failure, code ≠ 0):
    the server answers HTTP 500."""
    received = yixin.decode_request(body, method=method, url=path, query=query, headers=headers)
    if received.replay_key is not None and not set_nx_ex(received.replay_key, 3600):
        print("yixin: replay of", received.operation, "refused")
        return yixin.encode_response(received.operation, {"status": "-2", "desc": "重复请求"})
    answer = business(received)
    print("yixin:", received.operation, "user", received.fields["outerUserNo"], "->", answer["status"],
          answer["desc"])
    return yixin.encode_response(received.operation, answer)


def play_the_merchant(base_url: str) -> None:
    """The merchant's side, as cardbind.testing configures it (and examples/yixin/client.py)."""
    merchant = cardbind.Client("yixin", yixin_merchant_config(base_url))

    def call(what: str, operation: str, request: cardbind.Request) -> cardbind.Outcome:
        status, headers, body = send(request)
        outcome = merchant.decode_response(operation, body, status=status, headers=headers).outcome
        print(f"merchant, {what}:", outcome.status, outcome.kind or "-", outcome.provider_code,
              outcome.provider_message)
        return outcome

    bind = merchant.encode_request("bindCard", {"outerUserNo": "u-10001", "cardNo": "6222022005001212726",
                                                "phone": "13420504517", "bizType": "repay",
                                                "bizNo": "LOAN-2024-0001"})
    sent = call("bindCard", "bindCard", bind)
    call("the same bindCard again", "bindCard", bind)
    call("verifyCode", "verifyCode", merchant.encode_request("verifyCode", {
        "outerUserNo": "u-10001", "bizId": sent.confirm_token or "", "verifyCode": "123456"}))


if __name__ == "__main__":
    with LoopbackServer(handle) as server:  # cardbind.testing's HTTP server; in production, your framework's
        play_the_merchant(server.base_url + "/gateway")
