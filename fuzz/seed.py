#!/usr/bin/env python3
"""Writes the seed corpora under fuzz/corpus/<target>/ (files named seed-*).

Sources: the committed vectors in spec/vectors (keys, canonical strings, signatures, ciphertexts,
provider envelopes) and every JSON-looking snippet of the provider documents in
/work/shared/provider-docs (or $PROVIDER_DOCS), broken ones included. Each seed is the target's
selector bytes followed by the real message (see fuzz/common/*.rs for each layout).

Codec-made seeds (messages signed and encrypted by cardbind itself) come from
`FUZZ_WRITE_SEEDS=1 cargo test -p cardbind --test fuzz_corpus_replay -- --ignored`, which
fuzz/seed.sh runs after this script. Standard library only; deterministic output.
"""

import base64
import hashlib
import html
import json
import os
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VECTORS = ROOT / "spec" / "vectors"
CORPUS = ROOT / "fuzz" / "corpus"
DOCS = Path(os.environ.get("PROVIDER_DOCS", "/work/shared/provider-docs"))

# Selector values shared with fuzz/common.
PROVIDERS = {"lianlian": 0, "xianjincard": 1, "yixin": 2, "vbao": 3, "huanbei": 4}
OPS = {  # operation index per provider, in fuzz/common/providers.rs sample order
    "lianlian": ["bankcardbind", "bankcardbindverfy"],
    "xianjincard": ["User.isUserAccept", "BindCard.getValidBankList", "BindCard.applyBindCard",
                    "PartnerGate.Order.approveFeedback", "PartnerGate.Order.bindCardFeedback"],
    "yixin": ["bindCard", "verifyCode", "cardList", "bankList", "cardBank", "needCardSign"],
    "vbao": ["bindCard/create", "bindNotify"],
    "huanbei": ["bindCard"],
}
KEYS = ["test-rsa-1024", "test-rsa-1024-e3", "test-rsa-1024b", "test-rsa-2048", "test-rsa-2048-e3", "test-rsa-4096"]
DIGESTS = {"md5": 0, "sha1": 1, "sha256": 2}
PEM_LABELS = ["PUBLIC KEY", "RSA PUBLIC KEY", "PRIVATE KEY", "RSA PRIVATE KEY"]

written = {}


def put(target, name, data):
    if isinstance(data, str):
        data = data.encode("utf-8")
    if len(data) > 16 * 1024:
        return
    digest = hashlib.sha1(data).hexdigest()[:10]
    safe = re.sub(r"[^A-Za-z0-9_.-]+", "_", name)[:60]
    path = CORPUS / target / f"seed-{safe}-{digest}"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    written[target] = written.get(target, 0) + 1


def load(name):
    return json.loads((VECTORS / name).read_text(encoding="utf-8"))


def json_snippets(text):
    """Every balanced {...} region (string-unaware on purpose: broken JSON is wanted too)."""
    out = []
    for start in [m.start() for m in re.finditer(r"\{", text)]:
        depth = 0
        for i in range(start, min(len(text), start + 8000)):
            c = text[i]
            if c == "{":
                depth += 1
            elif c == "}":
                depth -= 1
                if depth == 0:
                    snippet = text[start:i + 1]
                    if ":" in snippet and len(snippet) >= 8:
                        out.append(snippet)
                    break
    seen, unique = set(), []
    for s in out:
        if s not in seen:
            seen.add(s)
            unique.append(s)
    return unique


def doc_snippets():
    """(provider, snippet) for every JSON-looking example in the provider documents."""
    result = []
    if not DOCS.is_dir():
        print(f"seed.py: {DOCS} not found; document examples skipped", file=sys.stderr)
        return result
    for path in sorted(DOCS.iterdir()):
        provider = path.name.split("-")[0]
        if provider not in PROVIDERS:
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        if path.suffix == ".html":
            text = html.unescape(re.sub(r"<[^>]+>", "", text))
        for block in re.findall(r"```[a-z]*\n(.*?)```", text, flags=re.S):
            if "{" in block or "=" in block:
                result.append((provider, block))
        result.extend((provider, s) for s in json_snippets(text))
    return result


def provider_seeds():
    for n, (provider, snippet) in enumerate(doc_snippets()):
        p = PROVIDERS[provider]
        for op in {n % len(OPS[provider]), 0}:
            head = bytes([p, 0, op])
            put("provider_decode_response", f"doc-{provider}-{n}-op{op}", head + bytes([0, 0]) + snippet.encode())
            put("provider_decode_request", f"doc-{provider}-{n}-op{op}", head + bytes([0, 0]) + snippet.encode())
            put("provider_roundtrip", f"doc-{provider}-{n}-op{op}-res", head + bytes([1]) + snippet.encode())
            put("provider_roundtrip", f"doc-{provider}-{n}-op{op}-req", head + bytes([0]) + snippet.encode())
    # Python-made envelopes from the provider vectors.
    lianlian = load("providers/lianlian.json")
    for case in lianlian.get("requests", []):
        op = OPS["lianlian"].index(case["operation"]) if case.get("operation") in OPS["lianlian"] else 0
        if "body_utf8" in case:
            put("provider_decode_request", f"vec-lianlian-{case['id']}", bytes([0, 0, op, 0, 0]) + case["body_utf8"].encode())
        put("provider_roundtrip", f"vec-lianlian-{case['id']}", bytes([0, 0, op, 0]) + json.dumps(case["params"], ensure_ascii=False).encode())
    for case in lianlian.get("responses", []):
        body = case.get("body_utf8") or case.get("body")
        if isinstance(body, str):
            op = OPS["lianlian"].index(case["operation"]) if case.get("operation") in OPS["lianlian"] else 0
            put("provider_decode_response", f"vec-lianlian-{case['id']}", bytes([0, 0, op, 0, 0]) + body.encode())
    xjc = load("providers/xianjincard.json")
    for case in xjc.get("requests", []):
        ops = OPS["xianjincard"]
        op = ops.index(case["operation"]) if case.get("operation") in ops else 0
        put("provider_decode_request", f"vec-xjc-{case['id']}", bytes([1, 0, op, 0, 0]) + case["body"].encode())
        put("provider_roundtrip", f"vec-xjc-{case['id']}", bytes([1, 0, op, 0]) + case["args"].encode())
    for case in xjc.get("responses", []):
        ops = OPS["xianjincard"]
        op = ops.index(case["operation"]) if case.get("operation") in ops else 0
        body = case.get("body") or json.dumps({"status": 1, "message": "success", "response": case.get("fields")}, ensure_ascii=False)
        put("provider_decode_response", f"vec-xjc-{case['id']}", bytes([1, 0, op, 0, 0]) + body.encode())
    yixin = load("providers/yixin.json")
    for case in yixin.get("cases", []):
        ops = OPS["yixin"]
        op = ops.index(case["method"]) if case.get("method") in ops else 0
        target = "provider_decode_request" if case.get("direction") == "request" else "provider_decode_response"
        if "body_utf8" in case:
            put(target, f"vec-yixin-{case['id']}", bytes([2, 0, op, 0, 0]) + case["body_utf8"].encode())
    vbao = load("providers/vbao.json")
    for case in vbao.get("requests", []):
        if "body" in case:
            put("provider_decode_request", f"vec-vbao-{case['id']}", bytes([3, 0, 0, 0, 0]) + case["body"].encode())
    for case in vbao.get("responses", []):
        body = case.get("body")
        if isinstance(body, str):
            put("provider_decode_response", f"vec-vbao-{case['id']}", bytes([3, 0, 0, 0, 0]) + body.encode())
    huanbei = load("providers/huanbei.json")
    for case in huanbei.get("signatures", []):
        put("provider_decode_request", f"vec-huanbei-{case['id']}", bytes([4, 0, 0, 0, 0]) + case["body_utf8"].encode())
        put("provider_roundtrip", f"vec-huanbei-{case['id']}", bytes([4, 0, 0, 0]) + json.dumps(case["params"], ensure_ascii=False).encode())


def key_seeds():
    for path in sorted((VECTORS / "keys").iterdir()) + sorted((ROOT / "core" / "tests" / "data").glob("*.der")):
        raw = path.read_bytes()
        put("keys", f"file-{path.name}", bytes([0, 0]) + raw)
        if path.suffix == ".der":
            label = 2 if "private" in path.name else 0
            put("keys", f"pem-{path.name}", bytes([1, label]) + raw)
            put("keys", f"b64-{path.name}", bytes([2, 0]) + raw)
    put("keys", "empty", bytes([0, 0]))
    put("keys", "pem-no-end", bytes([0, 0]) + b"-----BEGIN PUBLIC KEY-----\nMIIB\n")


def encoding_seeds():
    sigs = load("signatures.json")["vectors"]
    for case in sigs[:12]:
        for field in ("signature_b64", "signature_hex"):
            if field in case:
                put("encoding", f"{case['id']}-{field}", case[field])
    xjc = load("providers/xianjincard.json")
    for case in xjc.get("requests", []):
        put("encoding", f"form-{case['id']}", case["body"])
    for name, value in [("phone", "13420504517"), ("card", "6222022005001212726"), ("id", "11010519491231002X"),
                        ("name", "欧阳娜娜"), ("wrapped-b64", "TUlJ\nQklq\r\nQU5C\n"), ("pct", "a=%E4%B8%AD&b=%zz&c")]:
        put("encoding", name, value)


def canonical_seeds():
    for case in load("canonical.json")["cases"]:
        params = case.get("params") or {}
        lines = []
        for k, v in params.items():
            if v is None:
                lines.append("~" + k)
            else:
                lines.append(f"{k}\t{v if isinstance(v, str) else json.dumps(v, ensure_ascii=False)}")
        text = "\n".join(lines)
        selector = 3 if "xianjincard" in case["id"] else (1 if "case" in case["id"] else 0)
        put("canonical", case["id"], bytes([selector]) + text.encode())
    put("canonical", "xjc-min", bytes([3]) + "ua\tU\nsignkey\tS\ncall\tC\nargs\t{}".encode())
    put("canonical", "dup", bytes([0]) + b"a\t1\na\t2")
    put("canonical", "case", bytes([1]) + b"akey\t1\nBkey\t2\nAKEY\t3")


def cipher_seeds():
    enc = load("encryption.json")
    for section, mode in [("rsa_pkcs1v15", 0), ("rsa_pkcs1v15_blocks", 0), ("rsa_oaep_sha1", 1),
                          ("rsa_private_encrypt_type1", 2)]:
        for case in enc[section]:
            if case.get("key") in KEYS:
                ct = base64.b64decode(case["ciphertext_b64"])
                put("cipher", f"{section}-{case['id']}", bytes([mode, KEYS.index(case["key"]), 0, 0]) + ct)
    for section, bit in [("aes_128_ecb_pkcs7", 0), ("aes_cbc_zero_iv_pkcs7", 1)]:
        for case in enc[section]:
            key = bytes.fromhex(case["key_hex"])
            sel = {16: 0, 24: 1, 32: 2}.get(len(key), 3)
            ct = base64.b64decode(case["ciphertext_b64"])
            put("cipher", f"{section}-{case['id']}", bytes([4, 0, 0, bit | (sel << 1)]) + key + ct)
    for case in enc["lianlian_pay_load"]:
        pl = case.get("pay_load") or case.get("pay_load_text") or ""
        if pl:
            put("cipher", f"payload-{case['id']}", bytes([3, KEYS.index(case["platform_key"]), 0, 0]) + pl.encode())
    ll = load("providers/lianlian.json")
    for case in ll.get("pay_loads", []):
        pl = case.get("pay_load")
        if isinstance(pl, str):
            put("cipher", f"payload-{case['id']}", bytes([3, 3, 0, 0]) + pl.encode())
    for mode in (5, 6):
        put("cipher", f"mode{mode}-short", bytes([mode, 0, 2, 0]) + b"\x05hello$world")


def vbao_form_seeds():
    sep = "\u0001"
    put("vbao_form", "post", bytes([0]) + sep.join(["https://bank.example.com/bind", "post", "UTF-8",
                                                  "{\"epccGwMsg\":\"<xml a='1'>&</xml>\"}"]).encode())
    put("vbao_form", "get-query", bytes([0]) + sep.join(["https://bank.example.com/p?a=1&b=%E4%B8%AD#frag", "GET", "",
                                                       "{\"n\":1,\"t\":true}"]).encode())
    put("vbao_form", "js-scheme", bytes([0]) + sep.join(["java\tscript:alert(1)//", "POST", "", ""]).encode())
    put("vbao_form", "members", bytes([1]) + sep.join(["HTTPS://h/x", "Post", "GBK", "a\"b", "<script>", "c", "'&"]).encode())


def differential_seeds():
    for case in load("signatures.json")["vectors"]:
        if case.get("key") not in KEYS or case.get("digest") not in DIGESTS:
            continue
        message = bytes.fromhex(case["message_hex"])
        if len(message) >= 48:
            continue
        sig = base64.b64decode(case["signature_b64"]) if "signature_b64" in case else bytes.fromhex(case.get("signature_hex", ""))
        head = bytes([KEYS.index(case["key"]), DIGESTS[case["digest"]], 0, len(message)]) + message
        put("verify_differential", case["id"], head + sig)
    for mode in (1, 2, 3):
        put("verify_differential", f"mode{mode}", bytes([1, 2, mode, 3]) + b"abc" + bytes([0, 0, 1, 1, 0, 0x20]))


def main():
    for target in ["provider_decode_response", "provider_decode_request", "provider_roundtrip", "keys", "encoding",
                   "canonical", "cipher", "vbao_form", "verify_differential"]:
        (CORPUS / target).mkdir(parents=True, exist_ok=True)
        for old in (CORPUS / target).glob("seed-*"):
            if not old.name.startswith("seed-codec-"):
                old.unlink()
    provider_seeds()
    key_seeds()
    encoding_seeds()
    canonical_seeds()
    cipher_seeds()
    vbao_form_seeds()
    differential_seeds()
    for target, count in sorted(written.items()):
        print(f"{target}: {count} seeds")


if __name__ == "__main__":
    main()
