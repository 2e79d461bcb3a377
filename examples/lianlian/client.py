"""LianLian MPAY, client role, with `requests`: the merchant binds a card (apply: LianLian texts the
user a code; confirm with the code: first a wrong one, then the right one).

    python -m cardbind.testing --provider lianlian --port 8618 &   # the mock LianLian
    LIANLIAN_BASE_URL=http://127.0.0.1:8618 python examples/lianlian/client.py

Prints client.expected.txt. The keys are cardbind.testing's TEST keys: never for real traffic.
"""

import os

import requests

import cardbind
from cardbind.testing import private_key, public_key

merchant = cardbind.Client("lianlian", {
    "oid_partner": "201408071000001543",
    "sign_type": "RSA",  # MD5withRSA
    "our_private_key": private_key("test-rsa-1024"),
    "their_public_key": public_key("test-rsa-2048"),
    "base_url": os.environ["LIANLIAN_BASE_URL"],  # or "environment": "production"
})
http = requests.Session()


def call(operation: str, request: cardbind.Request) -> cardbind.Response:
    """Sends what cardbind encoded and decodes the reply; a bad signature raises InvalidSignature."""
    reply = http.request(request.method, request.url, headers=dict(request.headers), data=request.body,
                         timeout=(request.timeout_ms or 30_000) / 1000)
    return merchant.decode_response(operation, reply.content, status=reply.status_code,
                                    headers=list(reply.headers.items()))


risk_item = cardbind.lianlian_risk_item(  # LianLian's risk parameters, checked by cardbind
    frms_ware_category="2009", user_info_mercht_userno="2013051500001",
    user_info_dt_register="20240101120000", frms_client_chnl="13", frms_ip_addr="127.0.0.1",
    frms_mac_addr="02:00:00:00:00:01",
)
applied = call("bankcardbind", merchant.bind_card_apply(
    user_id="2013051500001", card_number="6222022005001212726", phone="13800138000",
    holder_name="张三", id_number="11010519491231002X", card_type="debit", extra={"risk_item": risk_item},
)).outcome
print("apply:", applied.status, applied.provider_code, "token", applied.confirm_token)

for code in ("000000", "123456"):  # the user mistypes the code, then types the one texted
    confirm = merchant.bind_card_confirm(user_id="2013051500001", confirm_token=applied.confirm_token,
                                         verify_code=code)
    reply = call("bankcardbindverfy", confirm)
    outcome = reply.outcome
    if outcome.succeeded:  # keep reply.fields["no_agree"], the agreement; print only masked values
        masked = reply.masked_fields()
        print("confirm: succeeded", outcome.provider_code, "signed:", outcome.authenticated,
              "card_no", masked["card_no"], "no_agree", masked["no_agree"])
    else:  # branch on kind, the same word for every provider; provider_message is for people
        print("confirm: failed", outcome.kind, outcome.provider_code, "retryable:", outcome.retryable)
