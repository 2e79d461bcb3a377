"""Vbao, client role, with `httpx`: the merchant creates a bind order (bindCard/create) and gets
the bank's page as an auto-submitting HTML form for the user's browser; the bind result arrives
later at bindNotifyUrl (server.py). Creating the same order again is refused.

    python -m cardbind.testing --provider vbao --port 8622 &   # the mock Vbao
    VBAO_BASE_URL=http://127.0.0.1:8622 python examples/vbao/client.py

The order is RSA-encrypted for Vbao and MD5-signed; Vbao's reply is decrypted with its public key
and its signature checked. Prints client.expected.txt. The keys are TEST keys.
"""

import os

import httpx

import cardbind
from cardbind.testing import public_key

merchant = cardbind.Client("vbao", {
    "customer_no": "202112090603",
    "sign_key": "test-vbao-signkey-0123456789abcdef",
    "their_public_key": public_key("test-rsa-2048"),
    "base_url": os.environ["VBAO_BASE_URL"],
})
order = {"orderNo": "2022090700001", "userType": "EMAIL", "identifyId": "zhangsan@example.com",
         "bankCardType": "CREDIT", "bankCode": "ICBC", "bankCardName": "张三", "certType": "ID",
         "certNo": "11010519491231002X", "mobile": "18812345678",
         "bindNotifyUrl": "https://merchant.example.com/vbao/notify",
         "pageReturnUrl": "https://merchant.example.com/vbao/return"}

with httpx.Client() as http:
    for attempt in ("create", "create again"):
        request = merchant.encode_request("bindCard/create", order)
        reply = http.request(request.method, request.url, headers=request.headers, content=request.body,
                             timeout=(request.timeout_ms or 30_000) / 1000)
        created = merchant.decode_response("bindCard/create", reply.content, status=reply.status_code,
                                           headers=reply.headers.multi_items())
        outcome = created.outcome
        print(f"{attempt}:", outcome.status, outcome.kind or "-", outcome.provider_code, outcome.provider_message)
        if outcome.status == "pending":  # the page is ready: send the user this form (values escaped)
            fields = created.fields
            form = cardbind.vbao_submit_form(fields["submitUrl"], fields["submitMethod"], fields.get("encoding"),
                                             fields.get("submitParams"))
            for line in form.splitlines():
                print("   ", line)
