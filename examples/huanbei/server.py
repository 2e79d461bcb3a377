"""Huanbei, server role: Huanbei's side, as cardbind.testing's MockHuanbei plays it. A channel only
ever calls Huanbei, so this is what a mock provider (for your own tests) is made of. decode_request
checks the channel's SHA1withRSA signature r_s (over the path, the query and the body) and its
signed time r_t (±300 s). Huanbei must answer a repeated request with the same result, so each
accepted request's replay_key is remembered with its answer for ten minutes (twice the window): a
replay gets that answer and changes nothing.

    python examples/huanbei/server.py

serves `handle` on 127.0.0.1 and plays the channel against it with cardbind.testing's
configuration (huanbei_channel_config): a bind, the same request again byte for byte (a replay),
and one altered in transit. Prints server.expected.txt. The keys are TEST keys.
"""

import threading
import time
from typing import Any

import cardbind
from cardbind.testing import LoopbackServer, huanbei_channel_config, public_key, send

huanbei = cardbind.Client("huanbei", {
    "channel_code": "TESTCHANNEL",
    "signing": {"key_version": "1", "their_public_key": public_key("test-rsa-1024"), "digest": "sha1"},
    "base_url": "http://unused.example",  # where a channel sends: not used on this side
})

# Stands in for Redis: SET cardbind:<replay_key> <answer> NX EX 600, and GET for a repeat. (A retry
# with a new r_i has a new replay_key: received.fingerprint, the fields' hash, finds that one.)
answered: dict[str, tuple[float, cardbind.ProviderResponse]] = {}  # replay_key -> (forget after, answer)
answered_lock = threading.Lock()


def business(received: cardbind.ReceivedRequest) -> dict[str, Any]:
    if received.fields.get("verify_code") != "123456":
        return {"code": 801, "message": "验证码不正确"}
    return {"code": 200, "message": "绑定成功"}


def handle(method: str, path: str, query: list[tuple[str, str]], headers: list[tuple[str, str]],
           body: bytes) -> cardbind.ProviderResponse:
    """One HTTP request, as any web framework hands it over; returns status, headers and body."""
    try:
        received = huanbei.decode_request(body, method=method, url=path, query=query, headers=headers)
    except cardbind.InvalidSignature:
        print("huanbei: refused: InvalidSignature")
        return huanbei.encode_response("bindCard", {"code": 1003, "message": "加密/签名错误"})
    except cardbind.CardbindError as error:  # stale r_t, malformed...: it names the field
        print("huanbei: refused:", type(error).__name__)
        return huanbei.encode_response("bindCard", {"code": 1002, "message": "参数值错误"})
    now = time.monotonic()
    with answered_lock:  # one request at a time: a replay arriving meanwhile waits for the answer
        for key in [key for key, (until, _) in answered.items() if until < now]:
            del answered[key]
        if received.replay_key in answered:
            print("huanbei: repeat of", received.operation, "-> the same answer, nothing done again")
            return answered[received.replay_key][1]
        answer = business(received)
        print("huanbei:", received.operation, "card", received.masked_fields()["bank_card"], "->", answer)
        reply = huanbei.encode_response(received.operation, answer)
        if received.replay_key is not None:  # None only for an unsigned channel
            answered[received.replay_key] = (now + 600, reply)
        return reply


def play_the_channel(base_url: str) -> None:
    """The channel's side, as cardbind.testing configures it (and examples/huanbei/client.py)."""
    channel = cardbind.Client("huanbei", huanbei_channel_config(base_url))
    bind = channel.encode_request("bindCard", {
        "user_id": "246964109149933", "bank_card": "6222022005001212726", "open_bank": "ICBC",
        "user_name": "张三", "id_number": "11010519491231002X", "user_mobile": "13420504517",
        "bank_address": "北京市 市辖区", "bank_card_type": 0, "bind_card_src": 1, "verify_code": "123456",
        "r_i": "9f3c2a4e-0b1d-4c5e-8f7a-1b2c3d4e5f60.O"})
    altered = bind.body.replace("张三".encode(), "李四".encode())
    for what, body in [("bindCard", bind.body), ("the same request again", bind.body),
                       ("bindCard altered in transit", altered)]:
        status, headers, reply = send(bind, body)
        outcome = channel.decode_response("bindCard", reply, status=status, headers=headers).outcome
        print(f"channel, {what}:", outcome.status, outcome.kind or "-", outcome.provider_code,
              outcome.provider_message)


if __name__ == "__main__":
    with LoopbackServer(handle) as server:  # cardbind.testing's HTTP server; in production, your framework's
        play_the_channel(server.base_url)
