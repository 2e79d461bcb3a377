"""Writes the message-phrase refinements into the `codes` section of spec/providers/<name>.json
(run from the repo root; re-running replaces them).

Some providers answer many failures with one generic code and say which only in their message
(Yixin `-2`, xianjincard and Huanbei `505`, a xianjincard or Yixin envelope whose status is not
success). The phrases below refine such a code's unified kind; core/src/providers/kit/phrases.rs
applies them: the first phrase found in the message (a substring), in the order listed, gives the
kind, so a phrase that contains another comes first. `unlisted_refinements` on a scope's entry apply
to the codes of that scope the spec does not list.

Confidence: `documented` when the provider's own document gives the phrase for that code;
`assumed` otherwise: the phrase is how another provider's document (or this provider's for another
code) words the same failure, and no public source shows this provider's text. Only the kind
changes: `provider_code` and `provider_message` stay as received.

The rest of each spec file stays byte for byte as it was: every entry is one line written with
json.dumps(entry, ensure_ascii=False), an entry with phrases one line per phrase.
"""
import json
import re


def phrase(text, kind, source, confidence="assumed"):
    return {"phrase": text, "kind": kind, "confidence": confidence, "source": source}


def assumed(wording):
    return f"assumed, no document gives this code's text: {wording}"


COMMON = "no provider document; a common Chinese phrasing"

# Ordered: a phrase must come before any later phrase it is part of ("验证码错误次数超过最大次数"
# is too many attempts, not a wrong code).
TOO_MANY = [
    phrase("次数超限", "too_many_attempts", assumed("xianjincard bind_status 501 (绑卡失败次数超限) and LianLian 1106 (允许的输入PIN次数超限) word the failure so")),
    phrase("超过最大次数", "too_many_attempts", assumed("LianLian 9702 (验证码错误次数超过最大次数) words the failure so")),
    phrase("次数过多", "too_many_attempts", assumed(COMMON)),
]
EXPIRED = [
    phrase("验证码过期", "verify_code_expired", assumed("Yixin verifyCode status -3 (验证码过期) words the failure so")),
    phrase("验证码已过期", "verify_code_expired", assumed("Yixin -3's wording with 已")),
    phrase("验证码失效", "verify_code_expired", assumed("LianLian 9703 (短信验证码失效) words the failure so")),
    phrase("验证码已失效", "verify_code_expired", assumed("LianLian 9703's wording with 已")),
    phrase("短信码已失效", "verify_code_expired", assumed("LianLian 1901 (短信码已失效) words the failure so")),
]
WRONG = [
    phrase("验证码错误", "verify_code_wrong", assumed("LianLian 8110 (验证码错误) and Yixin's verifyCode desc example word the failure so")),
    phrase("验证码不正确", "verify_code_wrong", assumed("Huanbei 801 (验证码不正确) words the failure so")),
    phrase("短信码校验错误", "verify_code_wrong", assumed("LianLian 1900 (短信码校验错误) words the failure so")),
]
IDENTITY = [
    phrase("信息不匹配", "identity_mismatch", assumed("xianjincard bind_status 401 (认证信息不匹配) words the failure so")),
    phrase("信息不一致", "identity_mismatch", assumed("LianLian 7018 (新增银行卡用户信息不一致) words the failure so")),
    phrase("实名认证失败", "identity_mismatch", assumed("LianLian 8099 (实名认证失败) words the failure so")),
]
SIGNATURE = [
    phrase("签名错误", "signature_invalid", assumed("LianLian 1001 (商户请求签名错误) and Huanbei 1003 (加密/签名错误) word the failure so")),
    phrase("验签失败", "signature_invalid", assumed(COMMON)),
]
YIXIN_WRONG = [
    phrase("验证码错误", "verify_code_wrong", "yixin-bind-card.md 4.3.2: desc 错误描述, 如:验证码错误", "documented"),
    *WRONG[1:],
]

# provider -> (scope, code) -> {"refinements"|"unlisted_refinements": [...], other fields to set}
REFINEMENTS = {
    "xianjincard": {
        ("status", "1"): {"unlisted_refinements": SIGNATURE},
        ("bind_status", "505"): {"refinements": TOO_MANY + EXPIRED + WRONG + IDENTITY},
    },
    "yixin": {
        ("code", "0"): {
            "meaning": "success (envelope); other codes are undocumented: failed, kind unknown unless msg holds a phrase below",
            "unlisted_refinements": SIGNATURE,
        },
        ("bindCard.status", "-2"): {"refinements": TOO_MANY + IDENTITY},
        ("verifyCode.status", "-2"): {"refinements": TOO_MANY + EXPIRED + YIXIN_WRONG + IDENTITY},
    },
    "huanbei": {
        ("code", "505"): {"refinements": TOO_MANY + EXPIRED + WRONG + IDENTITY},
    },
    "lianlian": {},
    "vbao": {},
}

ORDER = ["code", "scope", "meaning", "outcome", "kind", "confidence", "refinements", "unlisted_refinements"]


def entry_text(entry):
    lists = [k for k in ("refinements", "unlisted_refinements") if entry.get(k)]
    head = {k: entry[k] for k in ORDER if k in entry and k not in lists}
    text = "    " + json.dumps(head, ensure_ascii=False)
    for name in lists:
        rows = ",\n".join("      " + json.dumps(r, ensure_ascii=False) for r in entry[name])
        text = text[:-1] + f', "{name}": [\n{rows}\n    ]}}'
    return text


for provider, changes in REFINEMENTS.items():
    path = f"spec/providers/{provider}.json"
    text = open(path, encoding="utf-8").read()
    match = re.search(r'\n  "codes": \[\n(.*?)\n  \],\n', text, flags=re.S)
    assert match, path
    codes = json.loads(text)["codes"]
    for entry in codes:
        entry.pop("refinements", None)
        entry.pop("unlisted_refinements", None)
        entry.update(changes.get((entry["scope"], entry["code"]), {}))
    found = {(e["scope"], e["code"]) for e in codes}
    assert set(changes) <= found, (path, set(changes) - found)
    block = ",\n".join(entry_text(e) for e in codes)
    text = text[: match.start(1)] + block + text[match.end(1) :]
    assert json.loads(text)["codes"] == codes, path
    open(path, "w", encoding="utf-8").write(text)
