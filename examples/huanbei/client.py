"""Huanbei, client role, with the standard library's urllib: a channel binds a card with the code
the user typed (first a wrong one, then the right one), then sends that request again, as after a
timeout: Huanbei answers a repeat with the same result.

    python -m cardbind.testing --provider huanbei --port 8620 &   # the mock Huanbei
    HUANBEI_BASE_URL=http://127.0.0.1:8620 python examples/huanbei/client.py

Requests are signed SHA1withRSA (r_s over the path, the query and the body). Prints
client.expected.txt. The keys are cardbind.testing's TEST keys: never for real traffic.
"""

import os
import urllib.error
import urllib.request
import uuid

import cardbind
from cardbind.testing import private_key

channel = cardbind.Client("huanbei", {
    "channel_code": "testchannel",
    "signing": {"key_version": "1", "our_private_key": private_key("test-rsa-1024"), "digest": "sha1"},
    "base_url": os.environ["HUANBEI_BASE_URL"],
})


def send(request: cardbind.Request) -> cardbind.Outcome:
    http = urllib.request.Request(request.url, data=request.body, method=request.method,
                                  headers=dict(request.headers))
    try:  # Huanbei documents 2000 ms: request.timeout_ms
        with urllib.request.urlopen(http, timeout=(request.timeout_ms or 2000) / 1000) as reply:
            status, body = reply.status, reply.read()
    except urllib.error.HTTPError as error:  # a 5xx decodes as provider_unavailable, retryable
        status, body = error.code, error.read()
    return channel.decode_response("bindCard", body, status=status).outcome


card = {"user_id": "246964109149933", "bank_card": "6222022005001212726", "open_bank": "ICBC",
        "user_name": "张三", "id_number": "11010519491231002X", "user_mobile": "13420504517",
        "bank_address": "北京市 市辖区", "bank_card_type": 0, "bind_card_src": 1}  # 0 debit, 1 new card
for code in ("000000", "123456"):
    request = channel.encode_request("bindCard", {**card, "verify_code": code, "r_i": f"{uuid.uuid4()}.O"})
    outcome = send(request)
    print("bindCard:", outcome.status, outcome.kind or "-", outcome.provider_code, outcome.provider_message)

if request.idempotent:  # true for Huanbei: sending the same request again is safe
    outcome = send(request)
    # Huanbei's replies are not signed: authenticated is False, so a failure means only "not done".
    print("bindCard again:", outcome.status, outcome.provider_code, "signed:", outcome.authenticated)
