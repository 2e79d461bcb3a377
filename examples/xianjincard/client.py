"""xianjincard, client role, with `requests`: the partner calls the platform, reporting a loan
approval (PartnerGate.Order.approveFeedback) and a bind result (the bind-result callback, which
returns the platform's echo_data).

    python -m cardbind.testing --provider xianjincard --port 8621 &   # the mock platform
    XIANJINCARD_BASE_URL=http://127.0.0.1:8621/v1/ python examples/xianjincard/client.py

Each direction has its own ua/sign_key pair; requests are MD5-signed forms. The platform's answers
are not signed (the protocol signs requests only): `authenticated` stays False, so a failure may
be acted on only as "not done". Prints client.expected.txt. The keys are TEST keys.
"""

import os

import requests

import cardbind

partner = cardbind.Client("xianjincard", {
    "provider_to_partner": {"ua": "SH_XJ360_POA", "sign_key": "test-signkey-0123456789"},  # what we verify
    "partner_to_provider": {"ua": "SH_XJ360_POA", "sign_key": "test-partner-signkey-9876543210"},  # what we sign
    "base_url": os.environ["XIANJINCARD_BASE_URL"],  # or "environment": "production" / "test"
})
http = requests.Session()


def call(operation: str, params: dict[str, str]) -> cardbind.Outcome:
    request = partner.encode_request(operation, params)
    reply = http.request(request.method, request.url, headers=dict(request.headers), data=request.body,
                         timeout=(request.timeout_ms or 30_000) / 1000)
    return partner.decode_response(operation, reply.content, status=reply.status_code,
                                   headers=list(reply.headers.items())).outcome


approved = call("PartnerGate.Order.approveFeedback",
                {"order_id": "246964109149933", "approve_result": "OK", "approve_message": "审核通过"})
print("approveFeedback:", approved.status, approved.provider_code, "signed:", approved.authenticated)
# echo_data: returned exactly as the platform sent it with BindCard.applyBindCard.
fed_back = call("PartnerGate.Order.bindCardFeedback",
                {"order_sn": "246964109149933", "echo_data": '{"pid":123456}', "bind_status": "200",
                 "remark": "success"})
print("bindCardFeedback:", fed_back.status, fed_back.provider_code, "signed:", fed_back.authenticated)
