"""Real HTTP end to end: each provider's mock server on 127.0.0.1 (cardbind's server role) and a
backend sending encoded requests with urllib and decoding the replies (cardbind's client role)."""

from __future__ import annotations

import sys
from pathlib import Path

import cardbind

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "examples"))

import loopback  # noqa: E402


def summary(talk: loopback.Conversation) -> list[tuple[str, str, object]]:
    rows: list[tuple[str, str, object]] = []
    for step in talk:
        if step.error is not None:
            rows.append((step.name, "raised", type(step.error).__name__))
        else:
            assert step.outcome is not None
            rows.append((step.name, step.outcome.status, step.outcome.kind or step.outcome.confirm_token))
    return rows


def test_lianlian_bind_flow_over_http() -> None:
    assert summary(loopback.lianlian_flow()) == [
        ("apply (bankcardbind, pay_load encrypted)", "code_sent", "00000000000000000000000000000001"),
        ("confirm with a wrong code", "failed", "verify_code_wrong"),
        ("confirm with the right code", "succeeded", None),
        ("apply again", "code_sent", "00000000000000000000000000000002"),
        ("confirm after the token expired", "failed", "verify_code_expired"),
        ("apply, reply tampered in transit", "raised", "InvalidSignature"),
    ]


def test_xianjincard_partner_flow_over_http() -> None:
    assert summary(loopback.xianjincard_flow()) == [
        ("admission (User.isUserAccept)", "succeeded", None),
        ("apply (BindCard.applyBindCard, no code)", "code_sent", None),
        ("apply with a wrong code", "failed", "identity_mismatch"),
        ("apply with the right code", "succeeded", None),
        ("apply with an expired code", "failed", "rejected"),
        ("apply with a tampered sign", "failed", "unknown"),
        ("bind-result callback to the platform", "succeeded", None),
    ]


def test_invalid_signature_is_a_cardbind_error_with_a_masked_message() -> None:
    talk = loopback.lianlian_flow()
    error = talk.steps[-1].error
    assert isinstance(error, cardbind.InvalidSignature)
    assert isinstance(error, cardbind.CardbindError)
    assert loopback.CARD not in str(error) and loopback.PHONE not in str(error)
