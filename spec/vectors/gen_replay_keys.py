#!/usr/bin/env python3
"""Replay-key known answers (independent of the Rust code: Python's hashlib only).

    python3 spec/vectors/gen_replay_keys.py   # writes spec/vectors/replay-keys.json

A replay key is what a receiver stores to refuse a message it has already accepted
(core/src/providers/kit/replay.rs):

    replay_key = sha256_hex(b"cardbind replay key v1\\0"
                            + for part in [provider, operation, *covered]: u64_be(len(part)) + part)

`covered` is exactly what the message's signature covers, as the provider vectors give it (never
a secret, never an unsigned field):
  - LianLian: the string to sign (`canonical`), without the MD5 key;
  - xianjincard: `call`, then the exact `args` bytes (two parts; the shared key stays out);
  - Yixin: the string to sign of the public parameters (`string_to_sign_utf8`);
  - Vbao: the string to sign of the business fields (`canonical`), without the MD5 key;
  - Huanbei: uri + "?" + the sorted query without r_s + body (`string_to_sign_utf8`).

`direct` cases pin the formula itself; `messages` name a signed message in a provider vector file
that a receiver decodes, with the key it must report.
"""
import hashlib
import json
from pathlib import Path

HERE = Path(__file__).resolve().parent
DOMAIN = b"cardbind replay key v1\0"


def replay_key(provider, operation, covered):
    data = bytearray(DOMAIN)
    for part in [provider.encode(), operation.encode(), *covered]:
        data += len(part).to_bytes(8, "big") + part
    return hashlib.sha256(bytes(data)).hexdigest()


def load(name):
    return json.loads((HERE / "providers" / f"{name}.json").read_text(encoding="utf-8"))


DIRECT = [
    ("xianjincard", "BindCard.applyBindCard", [b"call", b"{}"], "two parts"),
    ("xianjincard", "BindCard.applyBindCard", [b"cal", b"l{}"], "the same bytes split elsewhere: another key"),
    ("yixin", "BindCard.applyBindCard", [b"call", b"{}"], "another provider: another key"),
    ("lianlian", "bankcardbind", [], "nothing covered"),
    ("huanbei", "bindCard", ["é".encode()], "UTF-8 bytes"),
]


def direct_cases():
    return [
        {
            "id": f"direct-{i}",
            "note": note,
            "provider": provider,
            "operation": operation,
            "covered_hex": [part.hex() for part in covered],
            "replay_key": replay_key(provider, operation, covered),
        }
        for i, (provider, operation, covered, note) in enumerate(DIRECT)
    ]


def message(provider, section, case, operation, covered):
    return {
        "provider": provider,
        "vector": f"providers/{provider}.json",
        "section": section,
        "id": case["id"],
        "operation": operation,
        "replay_key": replay_key(provider, operation, [c.encode() for c in covered]),
    }


def message_cases():
    out = []
    lianlian = load("lianlian")
    for case in lianlian["responses"]:
        if case["signed"]:
            out.append(message("lianlian", "responses", case, case["operation"], [case["canonical"]]))
    for case in load("xianjincard")["requests"]:
        out.append(message("xianjincard", "requests", case, case["operation"], [case["call"], case["args"]]))
    for case in load("yixin")["cases"]:
        out.append(message("yixin", "cases", case, case["method"], [case["string_to_sign_utf8"]]))
    for case in load("vbao")["requests"]:
        out.append(message("vbao", "requests", case, "bindCard/create", [case["canonical"]]))
    for case in load("huanbei")["signatures"]:
        out.append(message("huanbei", "signatures", case, "bindCard", [case["string_to_sign_utf8"]]))
    return out


doc = {
    "description": "Replay keys (python hashlib): sha256_hex(domain + length-prefixed provider, "
                   "operation and the bytes each message's signature covers). TEST DATA ONLY.",
    "generator": "spec/vectors/gen_replay_keys.py",
    "domain_hex": DOMAIN.hex(),
    "direct": direct_cases(),
    "messages": message_cases(),
}
(HERE / "replay-keys.json").write_text(json.dumps(doc, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
