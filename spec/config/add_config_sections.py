"""Writes the `config` section of every spec/providers/<name>.json (run from the repo root).

The sections are data: this script only keeps them in one readable place and appends them to the
spec files, leaving the rest of each file byte for byte as it was. Re-running replaces them.
"""
import json
import re

def key(ty, description, **extra):
    entry = {"type": ty}
    if extra.pop("required", False):
        entry["required"] = True
    entry.update({k: v for k, v in extra.items() if k in ("default",)})
    entry["description"] = description
    for k in ("secret", "security", "values", "minimum", "maximum", "keys", "formerly"):
        if k in extra:
            entry[k] = extra[k]
    return entry

UNLISTED = key("boolean", "Send and accept fields the spec does not list, on every call (per call when encoding: `allow_unlisted_fields`). Off: such a field is a validation error when encoding and a malformed message when received, in both roles. Names the spec reserves are refused either way; where the signature covers text only (LianLian, Vbao) an accepted unlisted field must be a JSON string.", default=False, security=True)
def ENVIRONMENT(names):
    return key("enum", "Where this client talks: one of the spec's documented base_urls (" + ", ".join(names) + "), which fills base_url, or `custom` with base_url. A configuration with neither environment nor base_url is refused, so that talking to production is always a choice.", default=None, values=names + ["custom"], security=True)


SKIP_TS = key("boolean", "Opt-out: accept received requests whatever their timestamp (no replay window). Off by default.", default=False, security=True)

SECTIONS = {
    "lianlian": {
        "description": "One party's LianLian settings. A merchant sets its private key and LianLian's public key (RSA profiles) or the shared sign key (MD5); a mock LianLian sets LianLian's private key and the merchant's public key.",
        "keys": {
            "oid_partner": key("string", "The merchant id LianLian issued (`oid_partner`, 1 to 18 characters).", required=True),
            "sign_type": key("enum", "The signature profile of requests: `RSA` (MD5withRSA), `SHA256withRSA`, or `MD5` (shared sign key).", required=True, security=True, values=["RSA", "SHA256withRSA", "MD5"]),
            "response_sign_type": key("enum", "The profile of LianLian's signed replies, when it differs from `sign_type` (unset: the same). A reply signed under another profile is refused.", default=None, security=True, values=["RSA", "SHA256withRSA", "MD5"]),
            "our_private_key": key("key", "Our RSA private key: signs requests under the RSA profiles (a mock LianLian: LianLian's key, which also decrypts `pay_load`).", default=None, secret=True),
            "their_public_key": key("key", "LianLian's RSA public key: verifies replies under the RSA profiles and encrypts `pay_load` (a mock: the merchant's public key).", default=None, security=True),
            "sign_key": key("string", "The MD5 profile's shared sign key.", default=None, secret=True, formerly=["md5_key"]),
            "environment": ENVIRONMENT(["production"]),
            "base_url": key("string", "Base URL, without the operation name (or choose `environment`).", default=""),
            "key_order": key("enum", "Key order of the string to sign: `bytewise` (the document) or `case_insensitive` (LianLian's Java SDK).", default="bytewise", security=True, values=["bytewise", "case_insensitive"]),
            "api_version": key("string", "`api_version` put into apply requests that do not carry one.", default="2.1"),
            "allow_unlisted_fields": UNLISTED,
        },
    },
    "xianjincard": {
        "description": "xianjincard settings, the same on the platform's and the partner's side: one `ua`/`sign_key` pair per direction.",
        "keys": {
            "provider_to_partner": key("object", "The `ua`/`sign_key` pair signing calls from the platform to the partner.", required=True, security=True, keys={
                "ua": key("string", "The platform-issued `ua` (平台接入标识).", required=True),
                "sign_key": key("string", "The platform-issued `signkey` (请求签名密钥).", required=True, secret=True, formerly=["signkey"]),
            }),
            "partner_to_provider": key("object", "The pair signing calls from the partner to the platform (unset: the same pair).", default=None, security=True, keys={
                "ua": key("string", "The platform-issued `ua` (平台接入标识).", required=True),
                "sign_key": key("string", "The platform-issued `signkey` (请求签名密钥).", required=True, secret=True, formerly=["signkey"]),
            }),
            "environment": ENVIRONMENT(["production", "test", "mock"]),
            "base_url": key("string", "The platform's API URL (partner to platform calls), or choose `environment`.", default=""),
            "partner_endpoint": key("string", "The partner's single entry point (platform to partner calls); needed only to encode them.", default=None),
            "bind_result_call": key("string", "The `call` of the bind-result callback (undocumented; assumed).", default="PartnerGate.Order.bindCardFeedback"),
            "min_amount_wire_name": key("enum", "Spelling of the minimum amount in encoded admission answers (both are read).", default="min_amount", values=["min_amount", "min_amunt"]),
            "timestamp_window_secs": key("integer", "Received requests whose `timestamp` is further than this from the caller's time are refused (replay window).", default=300, minimum=1, maximum=86400, security=True),
            "insecure_skip_timestamp_check": SKIP_TS,
            "insecure_accept_missing_timestamp": key("boolean", "Opt-out: accept received requests without `timestamp`. The document makes it optional, but a request without one passes any window, so it is refused by default; `timestamp` is not signed either way (see `replay_key`).", default=False, security=True),
            "max_body_bytes": key("integer", "Largest body accepted for decoding.", default=65536, minimum=1, maximum=16777216),
            "signature_rule": key("signature_rule", "Replaces the spec's signature rule (`K+call+K+args+K`, MD5), should a deployment differ (unset: the spec's rule).", default=None, security=True),
            "allow_unlisted_fields": UNLISTED,
        },
    },
    "yixin": {
        "description": "Yixin settings for one merchant in one role: our private key signs and unwraps, their public key verifies and wraps.",
        "keys": {
            "app_id": key("string", "The `appId` Yixin issued.", required=True),
            "base_url": key("string", "The gateway URL every operation is posted to.", required=True, formerly=["gateway_url"]),
            "our_private_key": key("key", "Our RSA private key: signs what we send, unwraps the AES key of what we receive.", required=True, secret=True),
            "their_public_key": key("key", "Their RSA public key: verifies what we receive, wraps the AES key of what we send.", required=True, security=True),
            "ip": key("string", "`ip` sent with requests (omitted when unset).", default=None),
            "timestamp_window_secs": key("integer", "Received requests whose `timestamp` is further than this from the caller's time are refused (replay window).", default=1800, minimum=1, maximum=86400, security=True),
            "profile": key("object", "Overrides of the assumed crypto parameters.", default={}, keys={
                "digest": key("enum", "Digest of the RSA signature.", default="sha256", security=True, values=["md5", "sha1", "sha256"]),
                "aes_mode": key("enum", "AES mode, PKCS#7 padded.", default="ecb", values=["ecb", "cbc_zero_iv"]),
                "aes_key_bits": key("integer", "AES key size in bits: 128, 192 or 256.", default=128, minimum=128, maximum=256),
                "response_signed": key("boolean", "Successful responses must carry `sign` (a present `sign` is always verified). Opt-out: false lets an unauthenticated `key` reach RSA decryption.", default=True, security=True),
                "body": key("enum", "Request body encoding.", default="json", values=["json", "form"]),
            }),
            "allow_unlisted_fields": UNLISTED,
        },
    },
    "vbao": {
        "description": "One party's Vbao settings. The merchant sets `their_public_key` (Vbao's public key); Vbao, or a mock of it, sets `our_private_key`.",
        "keys": {
            "customer_no": key("string", "The merchant number (`customerNo`, 1 to 32 characters).", required=True),
            "sign_key": key("string", "The MD5 sign key Vbao issued to the merchant.", required=True, secret=True),
            "their_public_key": key("key", "Vbao's public key: needed by the merchant (decrypts Vbao's private-key-encrypted replies, encrypts requests).", default=None, security=True),
            "our_private_key": key("key", "Vbao's private key: needed only by Vbao or a mock of it.", default=None, secret=True),
            "base_url": key("string", "Base URL the create path is appended to (none is documented; empty gives the bare path).", default=""),
            "profile": key("object", "Overrides of assumed facts.", default={}, keys={
                "signature": key("signature_rule", "The signature rule (default: sorted non-empty pairs + `&key=` + sign key, MD5, upper case, verified case-insensitively); must be an MD5 rule.", default=None, security=True),
                "customer_no_in_reqmsg": key("boolean", "Whether the request's business JSON carries `customerNo`.", default=True),
                "notify_ack": key("string", "The plain-text body with which the merchant accepts a notification.", default="SUCCESS"),
            }),
            "allow_unlisted_fields": UNLISTED,
        },
    },
    "huanbei": {
        "description": "Huanbei settings for one channel. Requests may be signed (`signing`); with Huanbei's... the channel's public key configured, unsigned requests are refused.",
        "keys": {
            "environment": ENVIRONMENT(["dev"]),
            "base_url": key("string", "Huanbei's API base (the document names only the dev one), or choose `environment`.", default=""),
            "channel_code": key("string", "The channel code (`r_c`; ASCII letters, digits, `_`, `-`), sent upper-cased.", required=True),
            "path": key("string", "Path of the bind-card endpoint.", default="/xxxchannel/bindCard"),
            "signing": key("object", "Request signing (unset: requests are sent unsigned, and received ones cannot be verified).", default=None, security=True, keys={
                "key_version": key("string", "`pv`: the key version Huanbei registered.", required=True),
                "our_private_key": key("key", "The channel's private key (client role: signs requests).", default=None, secret=True),
                "their_public_key": key("key", "The channel's public key (server or mock role: verifies requests). When set, unsigned requests are refused.", default=None, security=True),
                "digest": key("enum", "Digest inside `r_s` (documented SHA-1).", default="sha1", security=True, values=["md5", "sha1", "sha256"]),
                "insecure_accept_unsigned": key("boolean", "Opt-out: accept requests without `r_s` although `their_public_key` is set. Off by default.", default=False, security=True),
            }),
            "timestamp_window_secs": key("integer", "Signed requests whose `r_t` is further than this from the caller's time are refused (replay window).", default=300, minimum=1, maximum=86400, security=True),
            "insecure_skip_timestamp_check": SKIP_TS,
            "allow_unlisted_fields": UNLISTED,
        },
    },
}
SECTIONS["huanbei"]["description"] = "Huanbei settings for one channel. Requests may be signed (`signing`); when the verifying key is configured, unsigned requests are refused."

for provider, section in SECTIONS.items():
    path = f"spec/providers/{provider}.json"
    text = open(path, encoding="utf-8").read()
    text = re.sub(r',\n  "config": \{.*\n  \}\n\}\n$', "\n}\n", text, flags=re.S)
    assert text.endswith("\n}\n"), path
    block = json.dumps(section, indent=2, ensure_ascii=False).replace("\n", "\n  ")
    text = text[: -len("\n}\n")] + ',\n  "config": ' + block + "\n}\n"
    json.loads(text)
    open(path, "w", encoding="utf-8").write(text)
