"""Received text is never shown unmasked (issue 22), through the wheel: every provider's decode
paths fed hostile names (card numbers as keys, repeated, as form names) and hostile messages give
errors, reprs and DEBUG log lines without a full card, ID or phone number; the attributes a caller
asked for (``provider_message``) keep the text exactly as received.
"""

from __future__ import annotations

import json
import logging
from typing import Any

import pytest

import cardbind
from test_provider_kit import PAIRS, answer, pair

CARD = "6222022005001212726"
ID = "11010519491231002X"
PHONE = "13420504517"
HOSTILE = f"card {CARD} id {ID} phone {PHONE}"
NEEDLES = [CARD, ID, PHONE]


def hostile_bodies(body: bytes) -> list[bytes]:
    text = body.decode("utf-8", "replace")
    bodies = [
        text.replace("{", f'{{"{CARD}": "1", ', 1).encode(),
        f'{{"{CARD}": 1, "{CARD}": 2, "{PHONE}": 3}}'.encode(),
        f"{CARD}=1&{CARD}=2&{ID}=3".encode(),
    ]
    try:
        members = json.loads(text)
    except ValueError:
        return bodies
    if isinstance(members, dict):
        for key in ("ret_msg", "message", "msg", "desc", "errMessage", "remark"):
            if key in members or key in ("ret_msg", "message"):
                members[key] = HOSTILE
        bodies.append(json.dumps(members, ensure_ascii=False).encode())
    return bodies


def shows_no_pii(*texts: str) -> None:
    for text in texts:
        for needle in NEEDLES:
            assert needle not in text, text


CASES = [
    (provider, s["operation"]) for provider, entry in PAIRS["providers"].items() for s in entry["samples"]
]


@pytest.mark.parametrize(("provider", "operation"), CASES)
def test_hostile_names_and_messages_in_replies_are_never_echoed(
    provider: str, operation: str, caplog: pytest.LogCaptureFixture
) -> None:
    clients = pair(provider)
    fields = next(s for s in PAIRS["providers"][provider]["samples"] if s["operation"] == operation)["response"]
    try:
        index, reply = answer(clients, operation, fields)
    except AssertionError:
        pytest.skip(f"{provider} {operation} has no reply to send")
    receiver = clients[1 - index]
    caplog.set_level(logging.DEBUG, logger="cardbind")
    for body in hostile_bodies(reply.body):
        try:
            decoded = receiver.decode_response(operation, body, status=reply.status, headers=reply.headers)
        except cardbind.CardbindError as error:
            shows_no_pii(str(error), repr(error), str(error.field))
            continue
        shows_no_pii(repr(decoded), repr(decoded.outcome), repr(decoded.masked_fields()))
        if decoded.outcome.provider_message is not None and HOSTILE in decoded.outcome.provider_message:
            # The attribute keeps what was received; only its renderings mask.
            assert decoded.outcome.provider_message == HOSTILE
    shows_no_pii(caplog.text)


@pytest.mark.parametrize(("provider", "operation"), CASES)
def test_hostile_names_in_requests_are_never_echoed(
    provider: str, operation: str, caplog: pytest.LogCaptureFixture
) -> None:
    clients = pair(provider)
    params = next(s for s in PAIRS["providers"][provider]["samples"] if s["operation"] == operation)["request"]
    caplog.set_level(logging.DEBUG, logger="cardbind")
    for index, client in enumerate(clients):
        try:
            request = client.encode_request(operation, params, now_ms=PAIRS["now_ms"])
        except cardbind.CardbindError:
            continue
        receiver = clients[1 - index]
        for body in hostile_bodies(request.body):
            for url in (request.url, f"https://x.invalid/{CARD}"):
                try:
                    received = receiver.decode_request(
                        body, url=url, headers=request.headers, query=request.query, now_ms=PAIRS["now_ms"]
                    )
                except cardbind.CardbindError as error:
                    shows_no_pii(str(error), repr(error), str(error.field))
                    continue
                shows_no_pii(repr(received), repr(received.masked_fields()))
        break
    shows_no_pii(caplog.text)


def test_an_outcome_repr_masks_the_providers_text_and_the_attribute_keeps_it() -> None:
    outcome = cardbind.Outcome(
        status=cardbind.OutcomeStatus.FAILED,
        kind=cardbind.ErrorKind.REJECTED,
        retryable=False,
        confirm_token=None,
        provider_code=CARD,
        provider_message=HOSTILE,
    )
    assert outcome.provider_message == HOSTILE and outcome.provider_code == CARD
    shows_no_pii(repr(outcome))
    assert "card 6222***********2726 id 110*************2X phone 134****4517" in repr(outcome)
    assert cardbind.mask_text("错误码1004 手机13420504517") == "错误码1004 手机134****4517"


def test_masked_fields_mask_numbers_inside_free_text(tmp_path: Any) -> None:
    masked = cardbind.mask({"ret_msg": HOSTILE, "no_order": "BIND2024"}, "lianlian")
    assert masked == {"ret_msg": "card 6222***********2726 id 110*************2X phone 134****4517", "no_order": "BIND2024"}
