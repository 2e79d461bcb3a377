"""Mock providers for testing an integration, on 127.0.0.1, built with cardbind's server role,
and the real-HTTP bind flows a backend runs against them with cardbind's client role.

Start a mock in a test and point your client's ``base_url`` at it::

    from cardbind.testing import LoopbackServer, MockLianLian, lianlian_merchant_config

    with LoopbackServer(MockLianLian()) as server:
        client = cardbind.Client("lianlian", lianlian_merchant_config(server.base_url))
        ...  # your code: encode, send to server.base_url, decode

``MockLianLian`` answers ``bankcardbind`` with 8888 and the tokens ``000...001``, ``000...002``
in turn, and ``bankcardbindverfy`` with 0000 for the SMS code ``GOOD_CODE`` (123456), 1900 for
another code, 1901 once the code expired, 8901 for an unknown token. ``python -m cardbind.testing
[--port 8618]`` runs it as a standalone server (what the README's quick starts talk to). The other
mocks and the ``*_flow`` functions are the five providers' conversations the demo
(``scripts/demo.sh``) prints.

Every mock answers an event (wrong code, expired code, bad signature...) with its provider's
documented code for it where there is one, with the document's message, and otherwise with the
provider's generic failure code and a message the spec's phrases refine (spec/events.json), so
the decoded ``kind`` is the same for every provider.

Keys are the repository's TEST keys (``private_key``/``public_key``; spec/vectors/keys):
public, never for real traffic.
"""

from __future__ import annotations

import http.server
import threading
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from typing import Any, Callable, Iterator, Optional, Union

import cardbind

from ._keys import PEM as _PEM

GOOD_CODE = "123456"
"""The SMS code the mocks accept."""


def private_key(name: str) -> str:
    """A TEST private key's PKCS#8 PEM: ``test-rsa-1024`` or ``test-rsa-2048``."""
    return _PEM[f"{name}-private-pkcs8.pem"]


def public_key(name: str) -> str:
    """A TEST public key's SPKI PEM: ``test-rsa-1024`` or ``test-rsa-2048``."""
    return _PEM[f"{name}-public-spki.pem"]


@dataclass
class Reply:
    status: int
    headers: list[tuple[str, str]]
    body: bytes


# (method, path, query, headers, body) -> the reply: a Reply, or what encode_response returns.
Handler = Callable[
    [str, str, list[tuple[str, str]], list[tuple[str, str]], bytes], Union[Reply, cardbind.ProviderResponse]
]


class LoopbackServer:
    """A real HTTP server on 127.0.0.1 (an ephemeral port unless ``port``), answering each request
    with ``handler(method, path, query, headers, body)`` (the examples' server roles use it too)."""

    def __init__(self, handler: Handler, port: int = 0) -> None:
        outer = self

        class _Handler(http.server.BaseHTTPRequestHandler):
            def _serve(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length)
                path, _, query = self.path.partition("?")
                try:
                    reply = outer.handler(
                        self.command,
                        path,
                        urllib.parse.parse_qsl(query, keep_blank_values=True),
                        list(self.headers.items()),
                        body,
                    )
                except Exception as error:  # a mock bug must fail the flow, not hang it
                    outer.errors.append(error)
                    reply = Reply(500, [("Content-Type", "text/plain")], type(error).__name__.encode())
                self.send_response(reply.status)
                for name, value in reply.headers:
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(reply.body)))
                self.end_headers()
                self.wfile.write(reply.body)

            do_GET = _serve
            do_POST = _serve

            def log_message(self, *args: Any) -> None:  # keep test output clean
                pass

        self.handler = handler
        self.errors: list[Exception] = []
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", port), _Handler)
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}"

    def __enter__(self) -> "LoopbackServer":
        self.thread.start()
        return self

    def __exit__(self, *exc: Any) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
        if self.errors and exc[0] is None:
            raise self.errors[0]


def send(request: cardbind.Request, body: Optional[bytes] = None) -> tuple[int, list[tuple[str, str]], bytes]:
    """Sends an encoded request with the standard library's HTTP client; ``body`` replaces the
    encoded body (the flows use it to tamper with a message in transit)."""
    data = request.body if body is None else body
    http_request = urllib.request.Request(
        request.url, data=data if request.method == "POST" else None, method=request.method
    )
    for name, value in request.headers:
        http_request.add_header(name, value)
    timeout = (request.timeout_ms or 10_000) / 1000
    try:
        with urllib.request.urlopen(http_request, timeout=timeout) as response:
            return response.status, list(response.headers.items()), response.read()
    except urllib.error.HTTPError as error:
        return error.code, list(error.headers.items()), error.read()


@dataclass
class Step:
    """One step of a conversation, as the demo prints it."""

    provider: str
    name: str
    outcome: Optional[cardbind.Outcome] = None
    error: Optional[cardbind.CardbindError] = None
    detail: str = ""


@dataclass
class Conversation:
    provider: str
    steps: list[Step] = field(default_factory=list)

    def outcome(self, name: str, outcome: cardbind.Outcome, detail: str = "") -> cardbind.Outcome:
        self.steps.append(Step(self.provider, name, outcome=outcome, detail=detail))
        return outcome

    def failure(self, name: str, error: cardbind.CardbindError) -> None:
        self.steps.append(Step(self.provider, name, error=error))

    def __iter__(self) -> Iterator[Step]:
        return iter(self.steps)


# --- LianLian MPAY: merchant (client role) -> mock LianLian (server role) -------------------------

LIANLIAN_PARTNER = "201408071000001543"
CARD = "6222022005001212726"
PHONE = "13800138000"
ID_NUMBER = "11010519491231002X"
# LianLian's risk parameters (lianlian-payment-risk-item.md), built and checked by cardbind.
RISK_ITEM = cardbind.lianlian_risk_item(
    frms_ware_category="2009",
    user_info_mercht_userno="2013051500001",
    user_info_dt_register="20240101120000",
    user_info_bind_phone="13800138000",
    frms_client_chnl="13",
    frms_ip_addr="127.0.0.1",
    frms_mac_addr="02:00:00:00:00:01",
)


class MockLianLian:
    """LianLian's side: decodes apply/verify requests and answers with signed replies.

    Settings: partner ``LIANLIAN_PARTNER`` (201408071000001543), ``sign_type`` RSA (MD5withRSA);
    it signs with the TEST key test-rsa-2048 and verifies the merchant's test-rsa-1024
    (``lianlian_merchant_config(base_url)`` is the matching merchant side). ``bankcardbind``: 8888
    and the tokens ``000...001``, ``000...002`` in turn. ``bankcardbindverfy``: 0000 for
    ``GOOD_CODE`` (123456), 1900 for another code, 1901 after ``expire_all()``, 8901 for an unknown
    token; a request failing its signature gets 1001 (unsigned). ``tamper = True`` rewrites each
    reply after signing it (a man in the middle)."""

    def __init__(self) -> None:
        self.codec = cardbind.Client(
            "lianlian",
            {
                "oid_partner": LIANLIAN_PARTNER,
                "base_url": "http://unused.example",  # the provider's side never calls LianLian
                "sign_type": "RSA",
                "our_private_key": private_key("test-rsa-2048"),
                "their_public_key": public_key("test-rsa-1024"),
            },
        )
        self.tokens: dict[str, dict[str, Any]] = {}
        self.issued = 0
        self.tamper = False

    def expire_all(self) -> None:
        """Every SMS code sent so far expires (LianLian's 1901)."""
        for token in self.tokens.values():
            token["expired"] = True

    def __call__(self, method: str, path: str, query: Any, headers: Any, body: bytes) -> Reply:
        try:
            request = self.codec.decode_request(body, method=method, url=path, headers=headers)
        except cardbind.InvalidSignature:
            return self.reply(path.rsplit("/", 1)[-1], {"ret_code": "1001", "ret_msg": "商户请求签名错误"})
        fields = request.fields
        if request.operation == "bankcardbind":
            self.issued += 1
            token = f"{self.issued:032X}"
            self.tokens[token] = {"user_id": fields["user_id"], "card_no": fields["card_no"], "expired": False}
            answer = {"ret_code": "8888", "ret_msg": "验证码已发送", "user_id": fields["user_id"], "token": token}
        else:
            state = self.tokens.get(fields.get("token", ""))
            if state is None:
                answer = {"ret_code": "8901", "ret_msg": "没有记录"}
            elif state["expired"]:
                answer = {"ret_code": "1901", "ret_msg": "短信码已失效"}
            elif fields["verify_code"] != GOOD_CODE:
                answer = {"ret_code": "1900", "ret_msg": "短信码校验错误"}
            else:
                del self.tokens[fields["token"]]
                answer = {
                    "ret_code": "0000",
                    "ret_msg": "交易成功",
                    "user_id": fields["user_id"],
                    "card_no": state["card_no"],
                    "no_agree": "2024031500012345",
                }
        return self.reply(request.operation, answer)

    def reply(self, operation: str, answer: dict[str, Any]) -> Reply:
        encoded = self.codec.encode_response(operation, answer)
        body = encoded.body
        if self.tamper:  # a man in the middle rewrites the reply after it was signed
            body = body.replace("验证码已发送".encode(), "验证码已发出".encode())
        return Reply(encoded.status, encoded.headers, body)


def lianlian_merchant_config(base_url: str) -> dict[str, Any]:
    """A merchant's LianLian configuration that ``MockLianLian`` (at ``base_url``) accepts: its
    partner id, and the TEST keys (the merchant signs with test-rsa-1024, the mock with test-rsa-2048)."""
    return {
        "oid_partner": LIANLIAN_PARTNER,
        "sign_type": "RSA",
        "our_private_key": private_key("test-rsa-1024"),
        "their_public_key": public_key("test-rsa-2048"),
        "base_url": base_url,
    }


def lianlian_flow() -> Conversation:
    talk = Conversation("lianlian")
    mock = MockLianLian()
    with LoopbackServer(mock) as server:
        merchant = cardbind.Client("lianlian", lianlian_merchant_config(server.base_url))

        def apply() -> cardbind.Outcome:
            request = merchant.bind_card_apply(
                user_id="2013051500001",
                card_number=CARD,
                phone=PHONE,
                holder_name="张三",
                id_number=ID_NUMBER,
                card_type="debit",  # LianLian pay_type 2
                extra={"risk_item": RISK_ITEM},
            )
            status, headers, body = send(request)
            return merchant.decode_response("bankcardbind", body, status=status, headers=headers).outcome

        def confirm(token: Optional[str], code: str) -> cardbind.Outcome:
            request = merchant.bind_card_confirm(user_id="2013051500001", confirm_token=token, verify_code=code)
            status, headers, body = send(request)
            return merchant.decode_response("bankcardbindverfy", body, status=status, headers=headers).outcome

        sent = talk.outcome("apply (bankcardbind, pay_load encrypted)", apply())
        talk.outcome("confirm with a wrong code", confirm(sent.confirm_token, "000000"))
        talk.outcome("confirm with the right code", confirm(sent.confirm_token, GOOD_CODE))
        again = talk.outcome("apply again", apply())
        mock.expire_all()
        talk.outcome("confirm after the code expired", confirm(again.confirm_token, GOOD_CODE))
        mock.tamper = True
        try:
            apply()
        except cardbind.InvalidSignature as error:
            talk.failure("apply, reply tampered in transit", error)
    return talk


# --- xianjincard: platform (client role) -> partner backend (server role) and back -----------------

XJ_UA = "SH_XJ360_POA"


def xianjincard_config(partner_endpoint: str, platform_url: str) -> dict[str, Any]:
    return {
        "provider_to_partner": {"ua": XJ_UA, "sign_key": "test-signkey-0123456789"},
        "partner_to_provider": {"ua": XJ_UA, "sign_key": "test-partner-signkey-9876543210"},
        "partner_endpoint": partner_endpoint,
        "base_url": platform_url,
        "timestamp_window_secs": 300,
    }


class PartnerBackend:
    """The partner's single entry point that xianjincard calls (a backend being called).

    Settings: ``codec`` is set by the caller (``xianjincard_config(...)``: ua ``XJ_UA``, the TEST
    sign keys ``test-signkey-0123456789`` / ``test-partner-signkey-9876543210``, a 300 s timestamp
    window). ``User.isUserAccept``: result 200, amount 150000 (min 100000), terms 7/14/30.
    ``BindCard.applyBindCard``: without ``verify_code`` bind_status 100 (code sent); with
    ``GOOD_CODE`` (123456) 200; another code, or an order in ``expired``, 505 with the reason in
    remark. A bad signature: status 0, message 签名错误."""

    def __init__(self) -> None:
        self.codec: Optional[cardbind.Client] = None
        self.sent_codes: set[str] = set()
        self.expired: set[str] = set()

    def __call__(self, method: str, path: str, query: Any, headers: Any, body: bytes) -> Reply:
        assert self.codec is not None
        try:
            request = self.codec.decode_request(body, method=method, url=path, headers=headers)
        except cardbind.InvalidSignature:
            # No status but 1 is documented: a failure envelope whose message names the cause.
            answer = self.codec.encode_response("BindCard.applyBindCard", {"status": 0, "message": "签名错误"})
            return Reply(answer.status, answer.headers, answer.body)
        fields = request.fields
        if request.operation == "User.isUserAccept":
            out: dict[str, Any] = {"result": 200, "amount": 150000, "min_amount": 100000, "terms": [7, 14, 30],
                                   "term_type": 1, "loan_mode": 0}
        elif request.operation == "BindCard.applyBindCard":
            order = fields["order_sn"]
            code = fields.get("verify_code")
            if not code:
                self.sent_codes.add(order)
                out = {"bind_status": "100", "remark": "验证码已发送"}
            # No bind_status is documented for these two: 505 (other), the reason in remark.
            elif order in self.expired:
                out = {"bind_status": "505", "remark": "验证码已过期，请重新获取"}
            elif code != GOOD_CODE:
                out = {"bind_status": "505", "remark": "验证码错误"}
            else:
                out = {"bind_status": "200", "remark": "success"}
        else:
            out = {}
        answer = self.codec.encode_response(request.operation, out)
        return Reply(answer.status, answer.headers, answer.body)


class MockPlatform:
    """xianjincard's own API, receiving the partner's bind-result callback.

    Settings: ``codec`` is set by the caller (the same ``xianjincard_config(...)``); every
    verified callback's fields are appended to ``callbacks`` and acknowledged (status 1)."""

    def __init__(self) -> None:
        self.codec: Optional[cardbind.Client] = None
        self.callbacks: list[dict[str, Any]] = []

    def __call__(self, method: str, path: str, query: Any, headers: Any, body: bytes) -> Reply:
        assert self.codec is not None
        request = self.codec.decode_request(body, method=method, url=path, headers=headers)
        self.callbacks.append(request.fields)
        answer = self.codec.encode_response(request.operation, {})
        return Reply(answer.status, answer.headers, answer.body)


def xianjincard_flow() -> Conversation:
    talk = Conversation("xianjincard")
    partner, platform = PartnerBackend(), MockPlatform()
    with LoopbackServer(partner) as partner_server, LoopbackServer(platform) as platform_server:
        config = xianjincard_config(partner_server.base_url + "/xianjincard/gate", platform_server.base_url + "/v1/")
        partner.codec = cardbind.Client("xianjincard", config)
        platform.codec = cardbind.Client("xianjincard", config)
        caller = cardbind.Client("xianjincard", config)  # the platform's client role

        def call(operation: str, params: dict[str, Any], tamper: bool = False) -> cardbind.Outcome:
            request = caller.encode_request(operation, params)
            if tamper:  # flip the last hex digit of `sign`
                form = urllib.parse.parse_qsl(request.body.decode("ascii"), keep_blank_values=True)
                form = [(k, v[:-1] + ("0" if v[-1] != "0" else "1")) if k == "sign" else (k, v) for k, v in form]
                status, headers, body = send(request, urllib.parse.urlencode(form).encode("ascii"))
            else:
                status, headers, body = send(request)
            return caller.decode_response(operation, body, status=status, headers=headers).outcome

        apply = {
            "order_sn": "246964109149933",
            "bank_code": "ICBC",
            "user_name": "张三",
            "user_idcard": ID_NUMBER,
            "card_number": CARD,
            "card_phone": "13245678901",
            "user_phone": "13370212345",
            "card_type": "2",
            "echo_data": '{"pid":123456}',
        }
        talk.outcome(
            "admission (User.isUserAccept)",
            call("User.isUserAccept", {"user_name": "张三", "user_phone": "13370212***", "user_idcard": "11010519491231****"}),
        )
        talk.outcome("apply (BindCard.applyBindCard, no code)", call("BindCard.applyBindCard", apply))
        talk.outcome("apply with a wrong code", call("BindCard.applyBindCard", {**apply, "verify_code": "000000"}))
        talk.outcome("apply with the right code", call("BindCard.applyBindCard", {**apply, "verify_code": GOOD_CODE}))
        partner.expired.add(apply["order_sn"])
        talk.outcome("apply with an expired code", call("BindCard.applyBindCard", {**apply, "verify_code": GOOD_CODE}))
        talk.outcome("apply with a tampered sign", call("BindCard.applyBindCard", apply, tamper=True))
        # The partner reports the bind result back to the platform (partner -> platform).
        feedback = {"order_sn": apply["order_sn"], "echo_data": apply["echo_data"], "bind_status": "200", "remark": "success"}
        request = partner.codec.encode_request("PartnerGate.Order.bindCardFeedback", feedback)
        status, headers, body = send(request)
        ack = partner.codec.decode_response("PartnerGate.Order.bindCardFeedback", body, status=status, headers=headers)
        talk.outcome("bind-result callback to the platform", ack.outcome, detail=f"{len(platform.callbacks)} received")
    return talk


# --- Vbao: merchant -> mock Vbao (create), then Vbao -> merchant (bind-result notification) ---------

VBAO_CUSTOMER = "202112090603"
VBAO_SIGN_KEY = "test-vbao-signkey-0123456789abcdef"


def vbao_provider_config() -> dict[str, Any]:
    """Vbao's own configuration, as ``MockVbao`` uses it to answer and to sign and encrypt its
    bind-result notifications: the merchant ``VBAO_CUSTOMER``, ``VBAO_SIGN_KEY`` and the TEST key
    test-rsa-2048 (Vbao's private key)."""
    return {"customer_no": VBAO_CUSTOMER, "sign_key": VBAO_SIGN_KEY, "our_private_key": private_key("test-rsa-2048")}


def vbao_merchant_config(base_url: str) -> dict[str, Any]:
    """A merchant's Vbao configuration that ``MockVbao`` (at ``base_url``) accepts and whose
    notifications it can read: the same customer number and sign key, Vbao's TEST public key."""
    return {
        "customer_no": VBAO_CUSTOMER,
        "sign_key": VBAO_SIGN_KEY,
        "their_public_key": public_key("test-rsa-2048"),
        "base_url": base_url,
    }


class MockVbao:
    """Vbao's side: answers bindCard/create with the bank page's form fields.

    Settings: ``vbao_provider_config()`` (customer ``VBAO_CUSTOMER``, ``VBAO_SIGN_KEY``, Vbao's
    TEST private key test-rsa-2048); ``vbao_merchant_config(base_url)`` is the matching merchant.
    A new ``orderNo``: errCode 0000 with a bank page at https://bank.example.com/quickpay/bind and
    its ``bindNotifyUrl`` remembered; a repeated one: 2104 (订单已存在)."""

    def __init__(self) -> None:
        self.codec = cardbind.Client("vbao", vbao_provider_config())
        self.orders: dict[str, str] = {}

    def __call__(self, method: str, path: str, query: Any, headers: Any, body: bytes) -> Reply:
        request = self.codec.decode_request(body, method=method, url=path, headers=headers)
        order = request.fields["orderNo"]
        if order in self.orders:
            out = {"orderNo": order, "errCode": "2104", "errMessage": "订单已存在,请勿重复提交"}
        else:
            self.orders[order] = request.fields["bindNotifyUrl"] if "bindNotifyUrl" in request.fields else ""
            out = {
                "orderNo": order,
                "errCode": "0000",
                "errMessage": "成功",
                "submitUrl": "https://bank.example.com/quickpay/bind",
                "submitMethod": "POST",
                "encoding": "UTF-8",
                "submitParams": '{"orderId":"BCC287242753802400","note":"<b>\\"quoted\\"</b>"}',
            }
        answer = self.codec.encode_response(request.operation, out)
        return Reply(answer.status, answer.headers, answer.body)


class MerchantNotifyEndpoint:
    """The merchant's bindNotifyUrl: decodes and verifies Vbao's bind-result notification."""

    def __init__(self, codec: cardbind.Client) -> None:
        self.codec = codec
        self.received: list[dict[str, Any]] = []
        self.refused: list[cardbind.CardbindError] = []

    def __call__(self, method: str, path: str, query: Any, headers: Any, body: bytes) -> Reply:
        try:
            request = self.codec.decode_request(body, method=method, url=path, headers=headers)
        except cardbind.CardbindError as error:
            self.refused.append(error)
            answer = self.codec.encode_response("bindNotify", {"result": "FAIL"})
        else:
            self.received.append(request.fields)
            answer = self.codec.encode_response("bindNotify", {"result": "SUCCESS"})
        return Reply(answer.status, answer.headers, answer.body)


def vbao_flow() -> Conversation:
    talk = Conversation("vbao")
    mock = MockVbao()
    with LoopbackServer(mock) as vbao_server:
        merchant = cardbind.Client("vbao", vbao_merchant_config(vbao_server.base_url))
        endpoint = MerchantNotifyEndpoint(merchant)
        with LoopbackServer(endpoint) as notify_server:
            create = {
                "orderNo": "2022090700001",
                "userType": "EMAIL",
                "identifyId": "zhangsan@example.com",
                "bankCardType": "CREDIT",
                "bankCode": "ICBC",
                "bankCardName": "张三",
                "certType": "ID",
                "certNo": ID_NUMBER,
                "mobile": "18812345678",
                "bindNotifyUrl": notify_server.base_url + "/vbao/notify",
                "pageReturnUrl": "https://merchant.example.com/vbao/return",
            }
            status, headers, body = send(merchant.encode_request("bindCard/create", create))
            reply = merchant.decode_response("bindCard/create", body, status=status, headers=headers)
            form = cardbind.vbao_submit_form(
                reply.fields["submitUrl"],
                reply.fields["submitMethod"],
                reply.fields.get("encoding"),
                reply.fields.get("submitParams"),
            )
            talk.outcome("create (bank page form rendered)", reply.outcome, detail=f"{len(form)}-byte HTML form")
            status, headers, body = send(merchant.encode_request("bindCard/create", create))
            talk.outcome(
                "create the same order again",
                merchant.decode_response("bindCard/create", body, status=status, headers=headers).outcome,
            )

            def notify(err_code: str, message: str, tamper: bool = False) -> cardbind.Outcome:
                fields = {"orderNo": create["orderNo"], "errCode": err_code, "errMessage": message,
                          "bindNotifyUrl": create["bindNotifyUrl"]}
                if err_code == "0000":
                    fields.update({"bindCardId": "BID202301010001", "bankCode": "ICBC", "bankCardType": "CREDIT"})
                request = mock.codec.encode_request("bindNotify", fields)
                body = request.body
                if tamper:  # corrupt one base64 character of reqmsg
                    marker = body.index(b'"reqmsg":"') + 12
                    body = body[:marker] + (b"A" if body[marker:marker + 1] != b"A" else b"B") + body[marker + 1:]
                status, headers, reply = send(request, body)
                return mock.codec.decode_response("bindNotify", reply, status=status, headers=headers).outcome

            talk.outcome("notification (bound): ack read by Vbao", notify("0000", "成功"),
                         detail=f"merchant saw errCode={endpoint.received[-1]['errCode'] if endpoint.received else '-'}")
            talk.outcome("notification (failed): ack read by Vbao", notify("9999", "其他错误"),
                         detail=f"merchant saw errCode={endpoint.received[-1]['errCode']}")
            talk.outcome("notification (tampered): ack read by Vbao", notify("0000", "成功", tamper=True),
                         detail=f"merchant refused: {type(endpoint.refused[-1]).__name__}" if endpoint.refused else "")
    return talk


# --- Huanbei: channel -> mock Huanbei, SHA1withRSA-signed requests --------------------------------


class MockHuanbei:
    """Huanbei's side: verifies r_s, checks the SMS code, answers with {code, message}.

    Settings: channel ``TESTCHANNEL``, key version 1, SHA1withRSA verified with the channel's TEST
    key test-rsa-1024 (``huanbei_channel_config(base_url)`` is the matching channel side).
    ``bindCard``: 200 for ``GOOD_CODE`` (123456), 801 for another code, 505 (验证码已过期) once
    ``expired = True``, 1003 for a bad signature; a repeated request (same ``fingerprint``) gets
    the same answer byte for byte."""

    def __init__(self) -> None:
        self.codec = cardbind.Client(
            "huanbei",
            {
                "base_url": "http://unused.example",
                "channel_code": "TESTCHANNEL",
                "signing": {
                    "key_version": "1",
                    "their_public_key": public_key("test-rsa-1024"),
                    "digest": "sha1",
                },
            },
        )
        self.answered: dict[str, bytes] = {}
        self.expired = False

    def __call__(self, method: str, path: str, query: Any, headers: Any, body: bytes) -> Reply:
        try:
            request = self.codec.decode_request(body, method=method, url=path, headers=headers, query=query)
        except cardbind.InvalidSignature:
            out = {"code": 1003, "message": "签名错误"}
        else:
            fingerprint = request.fingerprint
            if fingerprint in self.answered:  # a repeat gets the same answer
                return Reply(200, [("Content-Type", "application/json")], self.answered[fingerprint])
            code = request.fields.get("verify_code")
            if self.expired:  # no code is documented for it: 505 (bind failed), the reason in message
                out = {"code": 505, "message": "验证码已过期"}
            elif code != GOOD_CODE:
                out = {"code": 801, "message": "验证码不正确"}
            else:
                out = {"code": 200, "message": "绑定成功"}
            answer = self.codec.encode_response("bindCard", out)
            self.answered[fingerprint] = answer.body
            return Reply(answer.status, answer.headers, answer.body)
        answer = self.codec.encode_response("bindCard", out)
        return Reply(answer.status, answer.headers, answer.body)


def huanbei_channel_config(base_url: str) -> dict[str, Any]:
    """A channel's Huanbei configuration that ``MockHuanbei`` (at ``base_url``) accepts: channel
    code ``testchannel`` (upper case on the wire), key version 1, SHA1withRSA with the TEST key
    test-rsa-1024."""
    return {
        "base_url": base_url,
        "channel_code": "testchannel",
        "signing": {"key_version": "1", "our_private_key": private_key("test-rsa-1024"), "digest": "sha1"},
    }


def huanbei_flow() -> Conversation:
    talk = Conversation("huanbei")
    mock = MockHuanbei()
    with LoopbackServer(mock) as server:
        channel = cardbind.Client("huanbei", huanbei_channel_config(server.base_url))
        bind = {
            "user_id": "246964109149933",
            "bank_card": CARD,
            "open_bank": "ICBC",
            "user_name": "张三",
            "id_number": ID_NUMBER,
            "user_mobile": "13420504517",
            "bank_address": "北京市 市辖区",
            "bank_card_type": 0,
            "bind_card_src": 1,
        }
        counter = iter(range(1, 100))

        def call(params: dict[str, Any], tamper: bool = False) -> cardbind.Outcome:
            request = channel.encode_request("bindCard", {**params, "r_i": f"req-{next(counter)}"})
            body = request.body.replace("张三".encode(), "李四".encode()) if tamper else request.body
            status, headers, reply = send(request, body)
            return channel.decode_response("bindCard", reply, status=status, headers=headers).outcome

        talk.outcome("bindCard with a wrong code", call({**bind, "verify_code": "000000"}))
        talk.outcome("bindCard with the right code", call({**bind, "verify_code": GOOD_CODE}))
        talk.outcome("the same bindCard repeated (same answer)", call({**bind, "verify_code": GOOD_CODE}))
        mock.expired = True
        talk.outcome("bindCard with an expired code", call({**bind, "verify_code": "654321"}))
        talk.outcome("bindCard, body changed after signing", call({**bind, "verify_code": GOOD_CODE}, tamper=True))
    return talk


# --- Yixin: merchant -> mock Yixin, encrypted and signed envelopes both ways ------------------------


class MockYixin:
    """Yixin's side: opens the envelope, sends a code (bizId), checks it.

    Settings: app id ``test-app-0001``; it signs with the TEST key test-rsa-2048 and verifies the
    merchant's test-rsa-1024 (``yixin_merchant_config(base_url)`` is the matching merchant, any
    path). ``bindCard``: status 0 and bizId ``BIZ000001``, ``BIZ000002``... ``verifyCode``: 0 for
    ``GOOD_CODE`` (123456), -2 for another code, -3 once ``expired = True``. ``tamper = True``
    rewrites each reply after signing it."""

    def __init__(self) -> None:
        self.codec = cardbind.Client(
            "yixin",
            {
                "app_id": "test-app-0001",
                "base_url": "http://unused.example/gateway",
                "our_private_key": private_key("test-rsa-2048"),
                "their_public_key": public_key("test-rsa-1024"),
            },
        )
        self.issued = 0
        self.expired = False
        self.tamper = False

    def __call__(self, method: str, path: str, query: Any, headers: Any, body: bytes) -> Reply:
        request = self.codec.decode_request(body, method=method, url=path, headers=headers, query=query)
        if request.operation == "bindCard":
            self.issued += 1
            out: dict[str, Any] = {"bizId": f"BIZ{self.issued:06d}", "status": "0", "desc": "验证码已发送"}
        elif self.expired:
            out = {"status": "-3", "desc": "验证码过期"}
        elif request.fields["verifyCode"] != GOOD_CODE:  # -2 (failed) with the document's example desc
            out = {"status": "-2", "desc": "验证码错误"}
        else:
            out = {"status": "0", "desc": "成功"}
        answer = self.codec.encode_response(request.operation, out)
        body = answer.body
        if self.tamper:
            body = body.replace(b'"msg":"success"', b'"msg":"succeeded"', 1)
        return Reply(answer.status, answer.headers, body)


def yixin_merchant_config(base_url: str) -> dict[str, Any]:
    """A merchant's Yixin configuration that ``MockYixin`` (at ``base_url``, any path) accepts:
    app id ``test-app-0001``, the merchant signs with test-rsa-1024, Yixin with test-rsa-2048."""
    return {
        "app_id": "test-app-0001",
        "base_url": base_url,
        "our_private_key": private_key("test-rsa-1024"),
        "their_public_key": public_key("test-rsa-2048"),
    }


def yixin_flow() -> Conversation:
    talk = Conversation("yixin")
    mock = MockYixin()
    with LoopbackServer(mock) as server:
        merchant = cardbind.Client("yixin", yixin_merchant_config(server.base_url + "/gateway"))

        def call(operation: str, params: dict[str, Any]) -> cardbind.Outcome:
            status, headers, body = send(merchant.encode_request(operation, params))
            return merchant.decode_response(operation, body, status=status, headers=headers).outcome

        bind = {"outerUserNo": "u-10001", "cardNo": CARD, "phone": "13420504517", "bizType": "repay",
                "bizNo": "LOAN-2024-0001"}
        sent = talk.outcome("bindCard (SMS sent)", call("bindCard", bind))
        confirm = {"outerUserNo": "u-10001", "bizId": sent.confirm_token or ""}
        talk.outcome("verifyCode with a wrong code", call("verifyCode", {**confirm, "verifyCode": "000000"}))
        talk.outcome("verifyCode with the right code", call("verifyCode", {**confirm, "verifyCode": GOOD_CODE}))
        mock.expired = True
        talk.outcome("verifyCode after it expired", call("verifyCode", {**confirm, "verifyCode": GOOD_CODE}))
        mock.tamper = True
        try:
            call("bindCard", bind)
        except cardbind.CardbindError as error:
            talk.failure("bindCard, reply altered in transit", error)
    return talk
