"""LianLian MPAY, server role: LianLian's side, as cardbind.testing's MockLianLian plays it. A
merchant only ever calls LianLian, so this is what a mock provider (for your own tests) is made
of. decode_request decrypts pay_load and checks the merchant's RSA signature; every accepted
request's replay_key is remembered and a replay refused; encode_response signs the answer with
LianLian's key.

    python examples/lianlian/server.py

serves `handle` on 127.0.0.1 and plays the merchant against it with cardbind.testing's
configuration (lianlian_merchant_config): an apply, the same apply again byte for byte (a replay,
refused), a confirm altered in transit (refused), and the confirm. Prints server.expected.txt.
The keys are TEST keys.
"""

import threading
from typing import Optional

import cardbind
from cardbind.testing import LoopbackServer, lianlian_merchant_config, private_key, public_key, send

lianlian = cardbind.Client("lianlian", {
    "oid_partner": "201408071000001543",
    "sign_type": "RSA",
    "our_private_key": private_key("test-rsa-2048"),  # LianLian's key: it signs the replies
    "their_public_key": public_key("test-rsa-1024"),  # the merchant's: it signed the requests
    "base_url": "http://unused.example",  # LianLian's side never calls LianLian
})
tokens: dict[str, dict[str, str]] = {}  # token -> the apply it answered

# A mock keeps the replay keys in memory (a service: in its database, README "Server role: receiving
# requests, and replay keys"). LianLian's requests carry no signed time: keep them for good.
accepted: set[str] = set()
accepted_lock = threading.Lock()


def business(received: cardbind.ReceivedRequest) -> dict[str, str]:
    fields = received.fields
    if received.operation == "bankcardbind":  # text the user a code; the token confirms it
        token = f"{len(tokens) + 1:032X}"
        tokens[token] = {"user_id": fields["user_id"], "card_no": fields["card_no"]}
        return {"ret_code": "8888", "ret_msg": "验证码已发送", "user_id": fields["user_id"], "token": token}
    apply = tokens.get(fields["token"])
    if apply is None or apply["user_id"] != fields["user_id"]:
        return {"ret_code": "8901", "ret_msg": "没有记录"}
    if fields["verify_code"] != "123456":
        return {"ret_code": "1900", "ret_msg": "短信码校验错误"}
    del tokens[fields["token"]]
    return {"ret_code": "0000", "ret_msg": "交易成功", **apply, "no_agree": "2024031500012345"}


def handle(method: str, path: str, query: list[tuple[str, str]], headers: list[tuple[str, str]],
           body: bytes) -> cardbind.ProviderResponse:
    """One HTTP request, as any web framework hands it over; returns status, headers and body."""
    operation = path.rsplit("/", 1)[-1]  # to answer a request that does not decode
    try:
        received = lianlian.decode_request(body, method=method, url=path, headers=headers)
    except cardbind.InvalidSignature:
        print("lianlian: refused: InvalidSignature")
        return lianlian.encode_response(operation, {"ret_code": "1001", "ret_msg": "商户请求签名错误"})
    except cardbind.CardbindError as error:  # not decryptable, malformed...: it names the field
        print("lianlian: refused:", type(error).__name__)
        return lianlian.encode_response(operation, {"ret_code": "9901", "ret_msg": "请求报文非法"})
    with accepted_lock:  # check and add in one step: two copies arriving together cannot both pass
        replayed = received.replay_key in accepted
        if received.replay_key is not None:  # None: unsigned, nothing in it is authenticated
            accepted.add(received.replay_key)
    if replayed:
        print("lianlian: replay of", received.operation, "refused")
        return lianlian.encode_response(received.operation, {"ret_code": "3009", "ret_msg": "重复签约"})
    answer = business(received)
    print("lianlian:", received.operation, "user", received.masked_fields()["user_id"], "->", answer["ret_code"],
          answer["ret_msg"])  # masked_fields(): for logs, personal data masked
    return lianlian.encode_response(received.operation, answer)  # signed when it succeeded


def play_the_merchant(base_url: str) -> None:
    """The merchant's side, as cardbind.testing configures it (and examples/lianlian/client.py)."""
    merchant = cardbind.Client("lianlian", lianlian_merchant_config(base_url))

    def call(what: str, operation: str, request: cardbind.Request,
             body: Optional[bytes] = None) -> cardbind.Outcome:
        status, headers, reply = send(request, body)  # body: the request's, unless altered in transit
        outcome = merchant.decode_response(operation, reply, status=status, headers=headers).outcome
        print(f"merchant, {what}:", outcome.status, outcome.kind or "-", outcome.provider_code)
        return outcome

    risk_item = '{"frms_ware_category":"2009","user_info_mercht_userno":"2013051500001"}'
    apply = merchant.bind_card_apply(user_id="2013051500001", card_number="6222022005001212726",
                                     phone="13800138000", holder_name="张三", id_number="11010519491231002X",
                                     card_type="debit", extra={"risk_item": risk_item})
    sent = call("apply", "bankcardbind", apply)
    call("the same apply again", "bankcardbind", apply)
    confirm = merchant.bind_card_confirm(user_id="2013051500001", confirm_token=sent.confirm_token,
                                         verify_code="123456")
    altered = confirm.body.replace(b"2013051500001", b"2013051500002")  # another user_id
    call("confirm altered in transit", "bankcardbindverfy", confirm, altered)
    call("confirm", "bankcardbindverfy", confirm)


if __name__ == "__main__":
    with LoopbackServer(handle) as server:  # cardbind.testing's HTTP server; in production, your framework's
        play_the_merchant(server.base_url + "/v1")
