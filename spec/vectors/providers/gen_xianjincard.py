#!/usr/bin/env python3
"""Known-answer vectors for the xianjincard codec (spec/vectors/providers/xianjincard.json).

Independent of the Rust code: Python's hashlib, json and urllib; each sign is cross-checked with
`openssl dgst -md5` when openssl is on PATH, and each form body is parsed back with urllib.

  K    = ua + signkey + ua
  sign = md5_hex_lower(K + call + K + args + K)      (args: the exact JSON text sent)
  body = ua=..&call=..&args=..&sign=..[&timestamp=..] (x-www-form-urlencoded, Java URLEncoder style)
  answer = {"status":1,"message":"success","response":...} (compact JSON, UTF-8, keys in order)

The signkeys are TEST VALUES ONLY. Run: python3 spec/vectors/providers/gen_xianjincard.py
The output is deterministic; re-running gives byte-identical files.
"""
from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import urllib.parse
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUT = HERE / "xianjincard.json"
CANONICAL = HERE.parent / "canonical.json"

UA = "SH_XJ360_POA"
TO_PARTNER_KEY = "test-signkey-0123456789"          # platform -> partner
TO_PLATFORM_KEY = "test-partner-signkey-9876543210"  # partner -> platform
PARTNER_ENDPOINT = "https://partner.example/xianjincard/gate"
PLATFORM_URL = "http://svc-poa.xianjincard.com/v1/"
TIMESTAMP = "1500693926"

# Test identities: a Luhn-valid card and a GB 11643-valid ID (not the document's, which fail).
CARD = "6222022005001212726"
ID_NUMBER = "11010519491231002X"
PHONE = "13245678901"

DOC_APPLY = {
    "order_sn": "246964109149933", "bank_code": "ICBC", "user_name": "张三",
    "user_idcard": "610121190001011122", "card_number": "6222022005001212723", "card_phone": "13245678901",
    "user_phone": "13370212345", "echo_data": "{pid: 123456}", "verify_code": "376258", "card_type": "1",
}


def compact(obj) -> str:
    """JSON as serde_json writes it: no spaces, UTF-8 kept, key order kept."""
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":"))


def sign(ua: str, signkey: str, call: str, args: str) -> tuple[str, str]:
    k = ua + signkey + ua
    canonical = k + call + k + args + k
    return canonical, hashlib.md5(canonical.encode("utf-8")).hexdigest()


def openssl_md5(data: bytes) -> str | None:
    """Second opinion from the openssl CLI, when it is installed."""
    if shutil.which("openssl") is None:
        return None
    out = subprocess.run(["openssl", "dgst", "-md5", "-r"], input=data, capture_output=True, check=True).stdout
    return out.decode().split()[0]


def form(pairs) -> str:
    # Java URLEncoder: keeps A-Z a-z 0-9 - . _ *, space as +, encodes ~ (Python keeps ~).
    return "&".join(
        urllib.parse.quote_plus(k, safe="*").replace("~", "%7E")
        + "="
        + urllib.parse.quote_plus(v, safe="*").replace("~", "%7E")
        for k, v in pairs
    )


def gb11643_ok(id_number: str) -> bool:
    weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    total = sum(int(c) * w for c, w in zip(id_number[:17], weights))
    return "10X98765432"[total % 11] == id_number[17].upper()


def luhn_ok(digits: str) -> bool:
    total = 0
    for i, c in enumerate(reversed(digits)):
        d = int(c)
        if i % 2 == 1:
            d = d * 2 - 9 if d * 2 > 9 else d * 2
        total += d
    return total % 10 == 0


def request_case(case_id, operation, call, direction, params, *, args=None, timestamp=TIMESTAMP, note=""):
    signkey = TO_PARTNER_KEY if direction == "provider_to_partner" else TO_PLATFORM_KEY
    rust_encodes = args is None
    if args is None:
        args = compact(params)
    canonical, sig = sign(UA, signkey, call, args)
    pairs = [("ua", UA), ("call", call), ("args", args), ("sign", sig)]
    if timestamp is not None:
        pairs.append(("timestamp", timestamp))
    return {
        "id": case_id,
        "note": note,
        "operation": operation,
        "call": call,
        "direction": direction,
        "url": PARTNER_ENDPOINT if direction == "provider_to_partner" else PLATFORM_URL,
        "ua": UA,
        "signkey": signkey,
        "params": params,
        "args": args,
        "rust_encodes": rust_encodes,
        "timestamp": timestamp,
        "canonical": canonical,
        "sign": sig,
        "body": form(pairs),
    }


def response_case(case_id, operation, fields, envelope, *, min_amount_wire_name="min_amount", note=""):
    return {
        "id": case_id,
        "note": note,
        "operation": operation,
        "min_amount_wire_name": min_amount_wire_name,
        "fields": fields,
        "body": compact(envelope),
    }


def main() -> None:
    assert luhn_ok(CARD) and gb11643_ok(ID_NUMBER)
    assert not luhn_ok(DOC_APPLY["card_number"]) and not gb11643_ok(DOC_APPLY["user_idcard"])

    # Self-check against the committed generic vector (spec/vectors/canonical.json).
    for case in json.loads(CANONICAL.read_text("utf-8"))["cases"]:
        if case["id"].startswith("xianjincard-"):
            p = case["params"]
            got_canonical, got_sig = sign(p["ua"], p["signkey"], p["call"], p["args"])
            assert got_canonical == case["canonical"], case["id"]
            assert got_sig == case["signature"]["expected"], case["id"]

    masked_phone = PHONE[:8] + "***"
    masked_id = ID_NUMBER[:14] + "****"
    admission_md5 = hashlib.md5((PHONE + ID_NUMBER).encode()).hexdigest()
    apply_params = {
        "order_sn": "246964109149933",
        "bank_code": "ICBC",
        "user_name": "张三",
        "user_idcard": ID_NUMBER,
        "card_number": CARD,
        "card_phone": PHONE,
        "user_phone": "13370212345",
        "echo_data": "{pid: 123456} & ~x=1+2%",
        "card_type": "2",
    }
    apply_with_code = dict(apply_params)
    apply_with_code["verify_code"] = "376258"
    apply_with_code.pop("card_type")
    apply_with_code["card_type"] = "2"
    feedback = {"order_id": "59841a25c768b00e27ba3226", "approve_result": "OK", "approve_message": "审核通过"}

    requests = [
        request_case(
            "is-user-accept", "User.isUserAccept", "User.isUserAccept", "provider_to_partner",
            {"user_name": "刘先森", "user_phone": masked_phone, "user_idcard": masked_id, "md5": admission_md5},
            note="admission sends the phone without its last 3 digits and the ID without its last 4",
        ),
        request_case(
            "valid-bank-list-credit", "BindCard.getValidBankList", "BindCard.getValidBankList",
            "provider_to_partner", {"card_type": "1"},
        ),
        request_case(
            "valid-bank-list-no-args", "BindCard.getValidBankList", "BindCard.getValidBankList",
            "provider_to_partner", {}, args="", timestamp=None,
            note="args empty (documented as possible); decodes to {}; no timestamp",
        ),
        request_case(
            "apply-bind-card-send-sms", "BindCard.applyBindCard", "BindCard.applyBindCard",
            "provider_to_partner", apply_params,
            note="first call, no verify_code; echo_data holds characters the form must escape",
        ),
        request_case(
            "apply-bind-card-with-code", "BindCard.applyBindCard", "BindCard.applyBindCard",
            "provider_to_partner", apply_with_code, timestamp=None,
            note="second call with the SMS code; no timestamp",
        ),
        request_case(
            "approve-feedback", "PartnerGate.Order.approveFeedback", "PartnerGate.Order.approveFeedback",
            "partner_to_provider", feedback,
            note="partner -> platform: signed with the partner_to_provider signkey",
        ),
        request_case(
            "approve-feedback-php-escaped", "PartnerGate.Order.approveFeedback",
            "PartnerGate.Order.approveFeedback", "partner_to_provider", feedback,
            args=json.dumps(feedback),
            note="args as PHP/Python default json encoders write it (\\u escapes, spaces): the signature "
                 "covers these bytes; re-serialising would change them",
        ),
        request_case(
            "bind-result-callback", "PartnerGate.Order.bindCardFeedback", "PartnerGate.Order.bindCardFeedback",
            "partner_to_provider",
            {"order_sn": "246964109149933", "echo_data": "{pid: 123456} & ~x=1+2%", "bind_status": "200",
             "remark": "success"},
            note="call name and fields other than echo_data are assumptions (see spec assumptions)",
        ),
        # The document's own request examples, as JSON (its examples are JS-like: keys quoted and
        # trailing commas dropped here). Their values break the formats: a Luhn-invalid card, an
        # ID with a wrong check digit, a masked phone. Decoders accept them; encoders refuse them.
        request_case(
            "doc-is-user-accept-example", "User.isUserAccept", "User.isUserAccept", "provider_to_partner",
            {"user_name": "刘先森", "user_phone": "13245678***", "user_idcard": "61012119000109****",
             "md5": "ef6852278c1445930290c127b0454965"},
            args=compact({"user_name": "刘先森", "user_phone": "13245678***", "user_idcard": "61012119000109****",
                          "md5": "ef6852278c1445930290c127b0454965"}),
            note="document 1.3.1 request example",
        ),
        request_case(
            "doc-apply-bind-card-example", "BindCard.applyBindCard", "BindCard.applyBindCard",
            "provider_to_partner", DOC_APPLY, args=compact(DOC_APPLY),
            note="document 1.3.5 request example: card 6222022005001212723 fails Luhn, ID 610121190001011122 "
                 "fails GB 11643; decodes, but encoding the same fields is refused",
        ),
    ]
    for r in requests:
        second = openssl_md5(r["canonical"].encode("utf-8"))
        assert second is None or second == r["sign"], r["id"]
        # The form body decodes back to exactly the signed fields.
        assert dict(urllib.parse.parse_qsl(r["body"], keep_blank_values=True))["args"] == r["args"], r["id"]

    php = next(r for r in requests if r["id"] == "approve-feedback-php-escaped")
    php["sign_if_reserialised"] = sign(UA, TO_PLATFORM_KEY, php["call"], compact(feedback))[1]
    assert php["sign_if_reserialised"] != php["sign"]

    responses = [
        response_case(
            "admission-ok", "User.isUserAccept",
            {"result": 200, "amount": 150000, "min_amount": 100000, "terms": [7, 14, 30], "term_type": 1,
             "loan_mode": 0},
            {"status": 1, "message": "success",
             "response": {"result": 200, "amount": 150000, "min_amount": 100000, "terms": [7, 14, 30],
                          "term_type": 1, "loan_mode": 0}},
        ),
        response_case(
            "admission-ok-min-amunt", "User.isUserAccept",
            {"result": 200, "amount": 150000, "min_amount": 100000, "terms": [7, 14, 30], "term_type": 1,
             "loan_mode": 0},
            {"status": 1, "message": "success",
             "response": {"result": 200, "amount": 150000, "min_amunt": 100000, "terms": [7, 14, 30],
                          "term_type": 1, "loan_mode": 0}},
            min_amount_wire_name="min_amunt",
            note="configured to emit the table's spelling",
        ),
        response_case(
            "admission-loan-outstanding", "User.isUserAccept",
            {"result": 401, "can_loan_time": "2017-10-01"},
            {"status": 1, "message": "success", "response": {"result": 401, "can_loan_time": "2017-10-01"}},
        ),
        response_case(
            "admission-other", "User.isUserAccept",
            {"result": 505, "can_loan_time": "2017-12-01", "remark": "您之前的借款订单未通过审核，2017年12月01日可再次申请。"},
            {"status": 1, "message": "success",
             "response": {"result": 505, "can_loan_time": "2017-12-01",
                          "remark": "您之前的借款订单未通过审核，2017年12月01日可再次申请。"}},
        ),
        response_case(
            "bank-list", "BindCard.getValidBankList",
            {"response": [
                {"bank_name": "工商银行", "bank_code": "ICBC", "bank_title": "单笔1W/日2W/月2W",
                 "bank_icon": "https://h5.u51.com/99fenqi/image/logo/ICBC20161031.png"},
                {"bank_name": "交通银行", "bank_code": "BCOM", "bank_title": "单笔5W/日20W/月20W"},
            ]},
            {"status": 1, "message": "success", "response": [
                {"bank_name": "工商银行", "bank_code": "ICBC", "bank_title": "单笔1W/日2W/月2W",
                 "bank_icon": "https://h5.u51.com/99fenqi/image/logo/ICBC20161031.png"},
                {"bank_name": "交通银行", "bank_code": "BCOM", "bank_title": "单笔5W/日20W/月20W"},
            ]},
        ),
        response_case(
            "bind-sms-sent", "BindCard.applyBindCard",
            {"bind_status": "100", "remark": "验证码已发送"},
            {"status": 1, "message": "success", "response": {"bind_status": "100", "remark": "验证码已发送"}},
        ),
        response_case(
            "bind-ok", "BindCard.applyBindCard",
            {"bind_status": "200", "remark": "success"},
            {"status": 1, "message": "success", "response": {"bind_status": "200", "remark": "success"}},
        ),
        response_case(
            "bind-refused", "BindCard.applyBindCard",
            {"bind_status": "505", "remark": "不允许更换绑卡"},
            {"status": 1, "message": "success", "response": {"bind_status": "505", "remark": "不允许更换绑卡"}},
        ),
        response_case(
            "approve-feedback-ack", "PartnerGate.Order.approveFeedback", {},
            {"status": 1, "message": "success", "response": None},
        ),
        response_case(
            "bind-result-ack", "PartnerGate.Order.bindCardFeedback", {},
            {"status": 1, "message": "success", "response": None},
        ),
        response_case(
            "failure-envelope", "BindCard.applyBindCard",
            {"status": 0, "message": "签名错误"},
            {"status": 0, "message": "签名错误", "response": None},
            note="an undocumented non-1 status: kind unknown with the status kept, refined by its message (签名错误: signature_invalid)",
        ),
    ]

    doc = {
        "description": "xianjincard known answers: string to sign, sign, form body; answer envelopes. "
                       "Made with Python hashlib/json/urllib, independent of the Rust code.",
        "generator": "spec/vectors/providers/gen_xianjincard.py",
        "config": {
            "ua": UA,
            "provider_to_partner_signkey": TO_PARTNER_KEY,
            "partner_to_provider_signkey": TO_PLATFORM_KEY,
            "partner_endpoint": PARTNER_ENDPOINT,
            "base_url": PLATFORM_URL,
        },
        "requests": requests,
        "responses": responses,
    }
    OUT.write_text(json.dumps(doc, ensure_ascii=False, indent=2) + "\n", "utf-8")
    print(f"wrote {OUT} ({OUT.stat().st_size} bytes): {len(requests)} requests, {len(responses)} responses")


if __name__ == "__main__":
    main()
