"""Real HTTP end to end: each provider's mock server on 127.0.0.1 (cardbind's server role) and a
backend sending encoded requests with urllib and decoding the replies (cardbind's client role)."""

from __future__ import annotations

import json

import cardbind
from cardbind import testing as loopback


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
        ("confirm after the code expired", "failed", "verify_code_expired"),
        ("apply, reply tampered in transit", "raised", "InvalidSignature"),
    ]


def test_xianjincard_partner_flow_over_http() -> None:
    assert summary(loopback.xianjincard_flow()) == [
        ("admission (User.isUserAccept)", "succeeded", None),
        ("apply (BindCard.applyBindCard, no code)", "code_sent", None),
        ("apply with a wrong code", "failed", "verify_code_wrong"),
        ("apply with the right code", "succeeded", None),
        ("apply with an expired code", "failed", "verify_code_expired"),
        ("apply with a tampered sign", "failed", "signature_invalid"),
        ("bind-result callback to the platform", "succeeded", None),
    ]


def test_invalid_signature_is_a_cardbind_error_with_a_masked_message() -> None:
    talk = loopback.lianlian_flow()
    error = talk.steps[-1].error
    assert isinstance(error, cardbind.InvalidSignature)
    assert isinstance(error, cardbind.CardbindError)
    assert loopback.CARD not in str(error) and loopback.PHONE not in str(error)


def test_yixin_encrypted_envelope_flow_over_http() -> None:
    assert summary(loopback.yixin_flow()) == [
        ("bindCard (SMS sent)", "code_sent", "BIZ000001"),
        ("verifyCode with a wrong code", "failed", "verify_code_wrong"),
        ("verifyCode with the right code", "succeeded", None),
        ("verifyCode after it expired", "failed", "verify_code_expired"),
        ("bindCard, reply altered in transit", "raised", "InvalidSignature"),
    ]


def test_vbao_create_form_and_notifications_over_http() -> None:
    talk = loopback.vbao_flow()
    assert summary(talk) == [
        ("create (bank page form rendered)", "pending", None),
        ("create the same order again", "failed", "duplicate_order"),
        ("notification (bound): ack read by Vbao", "succeeded", None),
        ("notification (failed): ack read by Vbao", "succeeded", None),
        ("notification (tampered): ack read by Vbao", "failed", "rejected"),
    ]
    assert [step.detail for step in talk][2:] == [
        "merchant saw errCode=0000",
        "merchant saw errCode=9999",
        "merchant refused: DecryptionError",
    ]


def test_huanbei_signed_flow_over_http_answers_repeats_identically() -> None:
    assert summary(loopback.huanbei_flow()) == [
        ("bindCard with a wrong code", "failed", "verify_code_wrong"),
        ("bindCard with the right code", "succeeded", None),
        ("the same bindCard repeated (same answer)", "succeeded", None),
        ("bindCard with an expired code", "failed", "verify_code_expired"),
        ("bindCard, body changed after signing", "failed", "signature_invalid"),
    ]


def test_vbao_form_escapes_hostile_values_and_refuses_javascript_urls() -> None:
    html = cardbind.vbao_submit_form(
        "https://bank.example.com/pay", "post", "UTF-8", '{"a":"\\"><script>alert(1)</script>"}'
    )
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;" in html
    try:
        cardbind.vbao_submit_form("JavaScript:alert(1)", "POST", None, None)
    except cardbind.ValidationError as error:
        assert error.field == "submitUrl"
    else:
        raise AssertionError("a javascript: action was accepted")


def test_a_received_requests_fingerprint_ignores_key_order_and_transport_ids() -> None:
    server = cardbind.Client("huanbei", {"base_url": "https://h.example", "channel_code": "C1"})
    fields = [
        {"user_id": "1", "bank_card": loopback.CARD, "open_bank": "ICBC", "bind_card_src": 2},
        {"bind_card_src": 2, "open_bank": "ICBC", "bank_card": loopback.CARD, "user_id": "1"},
    ]
    prints = [
        server.decode_request(json.dumps(f).encode(), url="https://h.example/xxxchannel/bindCard", query=[("r_c", "C1"), ("r_i", f"id-{i}")]).fingerprint
        for i, f in enumerate(fields)
    ]
    assert prints[0] == prints[1] and len(prints[0]) == 64
