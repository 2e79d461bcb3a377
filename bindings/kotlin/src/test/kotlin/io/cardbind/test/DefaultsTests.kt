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
        ) + extra),
    )
}

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
}
