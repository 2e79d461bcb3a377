"""Quick start, Python: bind a card with LianLian (apply, then confirm with the SMS code).

Runs anywhere the package is installed (the TEST keys come with it, in cardbind.testing), against
the mock LianLian (`python -m cardbind.testing`, or scripts/mock-provider.sh in the repository):
    LIANLIAN_BASE_URL=http://127.0.0.1:8618 python examples/quickstart/python/quickstart.py
Both READMEs show the part between the quickstart markers; scripts/test-quickstarts.sh runs it, and
runs the package README's code from a temporary directory with only the wheel installed.
"""

# quickstart:begin
import os
import sys
import urllib.request

import cardbind
from cardbind.testing import private_key, public_key  # TEST keys, public: never for real traffic

RISK_ITEM = '{"frms_ware_category":"2009","user_info_mercht_userno":"2013051500001"}'


def setting(name: str, what: str) -> str:
    """An environment variable the program needs; when it is missing, says what to set and stops."""
    if not os.environ.get(name, "").strip():
        print(f"{name} is not set: {what}", file=sys.stderr)
        raise SystemExit(2)
    return os.environ[name]


client = cardbind.Client("lianlian", {
    "oid_partner": "201408071000001543",
    "sign_type": "RSA",
    "our_private_key": private_key("test-rsa-1024"),  # PEM text or bare base64, e.g. read from a file
    "their_public_key": public_key("test-rsa-2048"),
    # The mock or LianLian's test environment; for production, "environment": "production"
    # instead (https://mpayapi.lianlianpay.com/v1). One of the two is required.
    "base_url": setting("LIANLIAN_BASE_URL", "set it to the mock's URL (./scripts/mock-provider.sh: "
                        "http://127.0.0.1:8618) or LianLian's test environment"),
})


def send(request: cardbind.Request) -> tuple[int, bytes]:
    """Any HTTP client will do: cardbind never opens a socket."""
    http = urllib.request.Request(request.url, data=request.body, method=request.method,
                                  headers=dict(request.headers))
    with urllib.request.urlopen(http, timeout=10) as reply:
        return reply.status, reply.read()


request = client.bind_card_apply(user_id="2013051500001", card_number="6222022005001212726",
                                 phone="13800138000", holder_name="张三", id_number="11010519491231002X",
                                 card_type="debit",  # LianLian pay_type 2
                                 extra={"risk_item": RISK_ITEM})
status, body = send(request)
applied = client.decode_response("bankcardbind", body, status=status).outcome  # raises InvalidSignature
print("apply:", applied.status, applied.confirm_token)  # code_sent, and the token to confirm with

request = client.bind_card_confirm(user_id="2013051500001", confirm_token=applied.confirm_token,
                                   verify_code="123456")  # the SMS code the user typed
status, body = send(request)
confirmed = client.decode_response("bankcardbindverfy", body, status=status).outcome
print("confirm:", confirmed.status, confirmed.provider_code)  # succeeded 0000; or failed + .kind
# quickstart:end
