"""Yixin, client role, with `httpx` and asyncio: the merchant binds a card (bindCard: Yixin texts
the user a code and answers with bizId; verifyCode with that bizId and the code).

    python -m cardbind.testing --provider yixin --port 8619 &   # the mock Yixin
    YIXIN_BASE_URL=http://127.0.0.1:8619/gateway python examples/yixin/client.py

cardbind never does I/O, so nothing in it blocks the event loop on the network: encode, await the
HTTP call, decode. Every envelope is encrypted (a fresh AES key per message) and signed both ways.
Prints client.expected.txt. The keys are cardbind.testing's TEST keys: never for real traffic.
"""

import asyncio
import os

import httpx

import cardbind
from cardbind.testing import private_key, public_key

merchant = cardbind.Client("yixin", {
    "app_id": "test-app-0001",
    "our_private_key": private_key("test-rsa-1024"),
    "their_public_key": public_key("test-rsa-2048"),
    "base_url": os.environ["YIXIN_BASE_URL"],
})


async def call(http: httpx.AsyncClient, operation: str, params: dict[str, str]) -> cardbind.Response:
    request = merchant.encode_request(operation, params)
    reply = await http.request(request.method, request.url, headers=request.headers, content=request.body,
                               timeout=(request.timeout_ms or 30_000) / 1000)
    return merchant.decode_response(operation, reply.content, status=reply.status_code,
                                    headers=reply.headers.multi_items())


async def main() -> None:
    async with httpx.AsyncClient() as http:
        sent = await call(http, "bindCard", {"outerUserNo": "u-10001", "cardNo": "6222022005001212726",
                                             "phone": "13420504517", "bizType": "repay",
                                             "bizNo": "LOAN-2024-0001"})  # the loan it repays
        print("bindCard:", sent.outcome.status, "bizId", sent.outcome.confirm_token, "desc", sent.fields["desc"])
        done = await call(http, "verifyCode", {"outerUserNo": "u-10001", "bizId": sent.outcome.confirm_token or "",
                                               "verifyCode": "123456"})
        print("verifyCode:", done.outcome.status, "status", done.fields["status"], "signed:",
              done.outcome.authenticated)


asyncio.run(main())
