package io.cardbind.test

import io.cardbind.*

// Issue 17 through the public Kotlin API: configuration errors name the key, safe defaults
// (replay window on), transport failures as one retryable outcome, errors naming what the caller
// used, and a failed signature still telling which call a request claimed.

private const val NOW_MS = 1_796_390_000_000L
private fun pemOf(name: String) = String(keyBytes(name), Charsets.US_ASCII)

private fun lianlianMerchant(extra: Map<String, Any?> = emptyMap()) = ProviderClient(
    Provider.LIAN_LIAN,
    toJson(mapOf(
        "oid_partner" to "201408071000001543",
        "environment" to "production",
        "sign_type" to "RSA",
        "our_private_key" to pemOf("test-rsa-1024-private-pkcs8.pem"),
        "their_public_key" to pemOf("test-rsa-2048-public-spki.pem"),
    ) + extra),
)

private val xjVectors = Json.parse(specFile("vectors/providers/xianjincard.json").readText()).obj()

private fun xianjincardServer(extra: Map<String, Any?> = emptyMap()): ProviderClient {
    val c = xjVectors["config"].obj()
    return ProviderClient(
        Provider.XIANJINCARD,
        toJson(mapOf(
            "provider_to_partner" to mapOf("ua" to c["ua"], "sign_key" to c["provider_to_partner_signkey"]),
            "partner_to_provider" to mapOf("ua" to c["ua"], "sign_key" to c["partner_to_provider_signkey"]),
            "environment" to "test",
        ) + extra),
    )
}

private fun lianlianMock(signType: String) = ProviderClient(
    Provider.LIAN_LIAN,
    toJson(mapOf(
        "oid_partner" to "201408071000001543",
        "environment" to "production",
        "sign_type" to signType,
        "our_private_key" to pemOf("test-rsa-2048-private-pkcs8.pem"),
        "their_public_key" to pemOf("test-rsa-1024-public-spki.pem"),
    )),
)

private fun formPost(url: String, body: String) =
    HttpRequest(Method.POST, url, emptyList(), emptyList(), body.toByteArray(Charsets.US_ASCII), TransportHints(null, false))

fun registerDefaultsTests() {
    test("config: a missing, misspelt or renamed key is a Config error naming it, never quoting the value") {
        val missing = assertThrows<CardbindException.Config> { ProviderClient(Provider.LIAN_LIAN, "{}") }
        assertEq("oid_partner", missing.field)
        assertEq(
            "configuration: oid_partner: is required: The merchant id LianLian issued (`oid_partner`, 1 to 18 characters)",
            missing.detail,
        )
        val typo = assertThrows<CardbindException.Config> { lianlianMerchant(mapOf("base_ur" to "https://x")) }
        assertEq("base_ur", typo.field)
        check(typo.detail.contains("did you mean `base_url`?")) { typo.detail }
        val number = assertThrows<CardbindException.Config> {
            ProviderClient(Provider.LIAN_LIAN, "{\"oid_partner\": 201408071000001543, \"sign_type\": \"RSA\"}")
        }
        assertEq("oid_partner", number.field)
        check(!number.detail.contains("201408071000001543")) { number.detail }
        val renamed = assertThrows<CardbindException.Config> {
            ProviderClient(Provider.XIANJINCARD, "{\"provider_to_partner\": {\"ua\": \"U\", \"signkey\": \"SECRET\"}}")
        }
        assertEq("provider_to_partner.signkey", renamed.field)
        check(renamed.detail.contains("renamed to `sign_key`") && !renamed.detail.contains("SECRET")) { renamed.detail }
    }

    test("transport failures: a 502 page or an empty 200 is a retryable provider_unavailable outcome with the status") {
        val merchant = lianlianMerchant()
        for ((status, body, message) in listOf(
            Triple(502, "<html>Bad Gateway</html>", "HTTP 502 with a text/html body of 24 bytes: the provider or a proxy failed"),
            Triple(200, "", "HTTP 200 with an empty body"),
        )) {
            val response = HttpResponse(status.toUShort(), listOf(NameValue("Content-Type", "text/html")), body.toByteArray())
            val outcome = merchant.decodeResponse("bankcardbind", response, NOW_MS, seed(3)).outcome
            assertEq(OutcomeStatus.Failed(ErrorKind.PROVIDER_UNAVAILABLE, true), outcome.status)
            assertEq("HTTP $status", outcome.providerCode)
            assertEq(message, outcome.providerMessage)
            assertEq(status.toUShort(), outcome.httpStatus)
            assertEq(false, outcome.authenticated)
        }
    }

    test("xianjincard server role: a 2017 request is refused by default; the named opt-out accepts it") {
        val case = xjVectors["requests"].arr().first().obj()
        val request = formPost(case.s("url"), case.s("body"))
        val stale = assertThrows<CardbindException.Refused> { xianjincardServer().decodeRequest(request, NOW_MS, seed(4)) }
        check(stale.detail.startsWith("timestamp: timestamp is")) { stale.detail }
        val lenient = xianjincardServer(mapOf("insecure_skip_timestamp_check" to true))
        assertEq(SignatureCheck.VERIFIED, lenient.decodeRequest(request, NOW_MS, seed(4)).signature)
    }

    test("xianjincard server role: a request failing its signature still names the call it claimed") {
        val case = xjVectors["requests"].arr().map { it.obj() }.first { it["call"] == "BindCard.applyBindCard" }
        val tampered = case.s("body").replace("6222022005001212726", "6222022005001212734")
        val sentMs = case.s("timestamp").toLong() * 1000
        val e = assertThrows<CardbindException.Signature> {
            xianjincardServer().decodeRequest(formPost(case.s("url"), tampered), sentMs, seed(5))
        }
        assertEq("BindCard.applyBindCard", e.claimedOperation)
    }

    test("errors name what the caller used: unified fields, and the nearest operation name") {
        val merchant = lianlianMerchant()
        val confirm = UnifiedRequest.BindCardConfirm(BindCardConfirmRequest("u1", null, "123456"))
        val e = assertThrows<CardbindException.Validation> { merchant.encodeUnified(confirm, NOW_MS, seed(6)) }
        assertEq("confirm_token", e.field)
        val op = assertThrows<CardbindException.Refused> { merchant.encodeRequest("bankcardbindverify", "{}", NOW_MS, seed(6)) }
        assertEq(
            "lianlian does not support the operation `bankcardbindverify`; did you mean `bankcardbindverfy`? " +
                "(its operations: `bankcardbind`, `bankcardbindverfy`)",
            op.detail,
        )
        val seconds = assertThrows<CardbindException.Validation> {
            xianjincardServer().encodeRequest("BindCard.getValidBankList", "{\"card_type\": \"1\"}", 1_796_390_000L, seed(6))
        }
        assertEq("now_ms", seconds.field)
    }

    test("lianlian replies: the wrong operation, another profile and an unsigned failure are each said plainly") {
        val merchant = lianlianMerchant()
        val codeSent = lianlianMock("RSA").encodeResponse(
            "bankcardbind",
            toJson(mapOf("ret_code" to "8888", "ret_msg" to "ok", "user_id" to "u1", "token" to "1A2B3C4D5E6F7A8B9C0D1E2F3A4B5C6D")),
            NOW_MS, seed(7),
        )
        val wrong = assertThrows<CardbindException.Malformed> { merchant.decodeResponse("bankcardbindverfy", codeSent, NOW_MS, seed(7)) }
        assertEq("ret_code", wrong.field)
        check(wrong.detail.contains("this reply answers bankcardbind, not bankcardbindverfy")) { wrong.detail }
        val sha256 = lianlianMock("SHA256withRSA").encodeResponse(
            "bankcardbindverfy",
            toJson(mapOf("ret_code" to "0000", "ret_msg" to "ok", "user_id" to "u1", "card_no" to "2726", "no_agree" to "1")),
            NOW_MS, seed(8),
        )
        val profile = assertThrows<CardbindException.Signature> { merchant.decodeResponse("bankcardbindverfy", sha256, NOW_MS, seed(8)) }
        check(profile.detail.endsWith("set `response_sign_type` to SHA256withRSA")) { profile.detail }
        val failure = HttpResponse(200u, listOf(NameValue("Content-Type", "application/json")),
            "{\"ret_code\":\"1004\",\"ret_msg\":\"x\"}".toByteArray())
        val outcome = merchant.decodeResponse("bankcardbindverfy", failure, NOW_MS, seed(9)).outcome
        assertEq(false, outcome.authenticated)
        assertEq(SignatureCheck.NOT_SIGNED, merchant.decodeResponse("bankcardbindverfy", failure, NOW_MS, seed(9)).signature)
    }

    test("production is a choice: a client naming neither environment nor base_url is refused, naming the environments") {
        val neither = assertThrows<CardbindException.Config> {
            ProviderClient(Provider.HUANBEI, toJson(mapOf("channel_code" to "TESTCHANNEL")))
        }
        assertEq("environment", neither.field)
        assertEq(
            "configuration: environment: is required: choose where this client talks, one of " +
                "`dev` (http://openapi.dev.lattebank.com); or give base_url (environment `custom`)",
            neither.detail,
        )
        val both = assertThrows<CardbindException.Config> {
            ProviderClient(
                Provider.HUANBEI,
                toJson(mapOf("environment" to "dev", "base_url" to "https://gate.example", "channel_code" to "C")),
            )
        }
        assertEq("base_url", both.field)
        assertEq(
            "configuration: base_url: differs from environment `dev`'s URL: give one of environment and base_url",
            both.detail,
        )
        val fields = mapOf("user_id" to "1", "bank_card" to "6222022005001212726", "open_bank" to "ICBC", "bind_card_src" to 2)
        val dev = ProviderClient(Provider.HUANBEI, toJson(mapOf("environment" to "dev", "channel_code" to "TESTCHANNEL")))
        val request = dev.encodeRequest("bindCard", toJson(fields), NOW_MS, seed(12))
        check(request.url.startsWith("http://openapi.dev.lattebank.com/")) { request.url }
    }

    test("huanbei server role: with the channel key configured an unsigned request is refused, unless opted out") {
        val plain = mapOf("base_url" to "http://openapi.dev.lattebank.com", "channel_code" to "TESTCHANNEL")
        val fields = mapOf(
            "user_id" to "246964109149933", "bank_card" to "6222022005001212726", "open_bank" to "ICBC",
            "user_name" to "张三", "id_number" to "11010519491231002X", "user_mobile" to "13800138000", "bind_card_src" to 2,
        )
        val unsigned = ProviderClient(Provider.HUANBEI, toJson(plain)).encodeRequest("bindCard", toJson(fields), NOW_MS, seed(10))
        val signing = mapOf("key_version" to "1", "their_public_key" to pemOf("test-rsa-1024-public-spki.pem"))
        val server = ProviderClient(Provider.HUANBEI, toJson(plain + ("signing" to signing)))
        val e = assertThrows<CardbindException.Signature> { server.decodeRequest(unsigned, NOW_MS, seed(11)) }
        assertEq("r_s", e.field)
        val optedOut = ProviderClient(
            Provider.HUANBEI,
            toJson(plain + ("signing" to signing + ("insecure_accept_unsigned" to true))),
        )
        assertEq(SignatureCheck.NOT_SIGNED, optedOut.decodeRequest(unsigned, NOW_MS, seed(11)).signature)
    }

    test("keys: a byte-order mark and .env-style \\n escapes load") {
        val escaped = "\uFEFF" + pemOf("test-rsa-2048-public-spki.pem").trim().replace("\n", "\\n")
        check(!escaped.contains('\n')) { "the key is on one line" }
        lianlianMerchant(mapOf("their_public_key" to escaped))
    }
}
