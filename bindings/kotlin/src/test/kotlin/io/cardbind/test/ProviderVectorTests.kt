package io.cardbind.test

import io.cardbind.*

// Provider vectors (spec/vectors/providers/<name>.json, made by each provider's Python script):
// the same expectations the Rust and Python tests check, through the generated Kotlin API.

/** The unified outcome in the vectors' snake_case JSON shape. */
fun outcomeMap(o: Outcome): Map<String, Any?> {
    val m = LinkedHashMap<String, Any?>()
    when (val s = o.status) {
        is OutcomeStatus.Succeeded -> m["status"] = "succeeded"
        is OutcomeStatus.Pending -> m["status"] = "pending"
        is OutcomeStatus.CodeSent -> { m["status"] = "code_sent"; m["confirm_token"] = s.confirmToken }
        is OutcomeStatus.Failed -> {
            m["status"] = "failed"
            m["kind"] = s.kind.name.lowercase()
            m["retryable"] = s.retryable
        }
    }
    m["provider_code"] = o.providerCode
    o.providerMessage?.let { m["provider_message"] = it }
    return m
}

private fun post(url: String, body: ByteArray) =
    HttpRequest(Method.POST, url, emptyList(), emptyList(), body, TransportHints(null, false))

private fun response(body: String) = HttpResponse(200u, emptyList(), body.toByteArray(Charsets.UTF_8))

fun registerProviderVectorTests() {
    val lianlian = Json.parse(specFile("vectors/providers/lianlian.json").readText()).obj()
    val xianjincard = Json.parse(specFile("vectors/providers/xianjincard.json").readText()).obj()
    val replayKeys = Json.parse(specFile("vectors/replay-keys.json").readText()).obj()["messages"].arr().map { it.obj() }

    /** The replay key spec/vectors/gen_replay_keys.py (Python hashlib) computed for a vector message; null: unsigned. */
    fun expectedReplayKey(provider: String, section: String, id: Any?): String? =
        replayKeys.firstOrNull { it["provider"] == provider && it["section"] == section && it["id"] == id }?.s("replay_key")

    fun lianlianPair(signType: String): Pair<ProviderClient, ProviderClient> {
        val common = mapOf("oid_partner" to lianlian["oid_partner"], "environment" to "production", "sign_type" to signType, "sign_key" to lianlian["md5_key"])
        val merchantKey = lianlian.s("merchant_key")
        val lianlianKey = lianlian.s("lianlian_key")
        val merchant = ProviderClient(
            Provider.LIAN_LIAN,
            toJson(common + mapOf(
                "our_private_key" to String(keyBytes("$merchantKey-private-pkcs8.pem")),
                "their_public_key" to String(keyBytes("$lianlianKey-public-spki.pem")),
            )),
        )
        val mock = ProviderClient(
            Provider.LIAN_LIAN,
            toJson(common + mapOf(
                "our_private_key" to String(keyBytes("$lianlianKey-private-pkcs8.pem")),
                "their_public_key" to String(keyBytes("$merchantKey-public-spki.pem")),
            )),
        )
        return merchant to mock
    }

    test("lianlian vectors: every request reaches the mock verified with exactly the vector's fields") {
        val requests = lianlian["requests"].arr().map { it.obj() }
        check(requests.size >= 7) { "expected at least 7 LianLian request vectors" }
        for (case in requests) {
            val (merchant, mock) = lianlianPair(case.s("sign_type"))
            val request = merchant.encodeRequest(case.s("operation"), toJson(case["params"]), null, seed(51))
            assertEq(Method.POST, request.method)
            val received = mock.decodeRequest(request, null, seed(52))
            assertEq(SignatureCheck.VERIFIED, received.signature, "${case["id"]} signature")
            assertEq(case.s("operation"), received.operation)
            assertEq(case["fields"], fields(received.fieldsJson), "${case["id"]} fields")
        }
    }

    test("lianlian vectors: every response encodes to the vector bytes and decodes to its outcome") {
        val responses = lianlian["responses"].arr().map { it.obj() }
        check(responses.size >= 11) { "expected at least 11 LianLian response vectors" }
        for (case in responses) {
            val (merchant, mock) = lianlianPair(case["sign_type"] as String? ?: "RSA")
            val reply = mock.encodeResponse(case.s("operation"), toJson(case["given"]), null, seed(53))
            assertEq(case.s("body_utf8"), String(reply.body, Charsets.UTF_8), "${case["id"]} body")
            val decoded = merchant.decodeResponse(case.s("operation"), response(case.s("body_utf8")), null, seed(54))
            val signed = case["signed"] as Boolean
            assertEq(if (signed) SignatureCheck.VERIFIED else SignatureCheck.NOT_SIGNED, decoded.signature, "${case["id"]} signature")
            assertEq(case["outcome"], outcomeMap(decoded.outcome), "${case["id"]} outcome")
            assertEq(expectedReplayKey("lianlian", "responses", case["id"]), decoded.replayKey, "${case["id"]} replay key")
            check(decoded.replayKey != null == signed) { "${case["id"]}: a replay key exactly when signed" }
        }
    }

    fun xianjincardParty(minAmountWireName: String = "min_amount", acceptMissingTimestamp: Boolean = false): ProviderClient {
        val c = xianjincard["config"].obj()
        return ProviderClient(
            Provider.XIANJINCARD,
            toJson(mapOf(
                "provider_to_partner" to mapOf("ua" to c["ua"], "sign_key" to c["provider_to_partner_signkey"]),
                "partner_to_provider" to mapOf("ua" to c["ua"], "sign_key" to c["partner_to_provider_signkey"]),
                "base_url" to c["base_url"],
                "partner_endpoint" to c["partner_endpoint"],
                "min_amount_wire_name" to minAmountWireName,
                "insecure_accept_missing_timestamp" to acceptMissingTimestamp,
            )),
        )
    }

    test("xianjincard vectors: requests encode byte for byte (with and without a timestamp) and decode verified") {
        val requests = xianjincard["requests"].arr().map { it.obj() }
        check(requests.size >= 10) { "expected at least 10 xianjincard request vectors" }
        var encoded = 0
        for (case in requests) {
            val party = xianjincardParty()
            if (case["rust_encodes"] == true) {
                val now = (case["timestamp"] as String?)?.let { it.toLong() * 1000 }
                val request = party.encodeRequest(case.s("operation"), toJson(case["params"]), now, seed(55))
                assertEq(case.s("body"), String(request.body, Charsets.US_ASCII), "${case["id"]} body")
                assertEq(case.s("url"), request.url, "${case["id"]} url")
                encoded++
            }
            // The replay window is on by default: decoded at the time the vectors were made. A
            // vector without timestamp is refused by default, accepted with the opt-out.
            val sentMs = ((case["timestamp"] as String?) ?: "1500693926").toLong() * 1000
            val wire = post(case.s("url"), case.s("body").toByteArray(Charsets.US_ASCII))
            val receiver = if (case["timestamp"] != null) party else {
                val e = assertThrows<CardbindException.Malformed> { party.decodeRequest(wire, sentMs, seed(56)) }
                assertEq("timestamp", e.field, "${case["id"]} missing timestamp")
                xianjincardParty(acceptMissingTimestamp = true)
            }
            val received = receiver.decodeRequest(wire, sentMs, seed(56))
            assertEq(SignatureCheck.VERIFIED, received.signature, "${case["id"]} signature")
            assertEq(case.s("call"), received.operation, "${case["id"]} operation")
            // Unsigned `timestamp` never enters it: the same key with or without one.
            val replayKey = expectedReplayKey("xianjincard", "requests", case["id"])
            check(replayKey != null) { "${case["id"]}: no replay key vector" }
            assertEq(replayKey, received.replayKey, "${case["id"]} replay key")
        }
        check(encoded >= 6) { "only $encoded xianjincard requests were encoded" }
    }

    test("xianjincard vectors: answers encode byte for byte and decode to their fields and outcome") {
        val responses = xianjincard["responses"].arr().map { it.obj() }
        check(responses.size >= 11) { "expected at least 11 xianjincard response vectors" }
        for (case in responses) {
            val party = xianjincardParty(case.s("min_amount_wire_name"))
            val answer = party.encodeResponse(case.s("operation"), toJson(case["fields"]), null, seed(57))
            assertEq(case.s("body"), String(answer.body, Charsets.UTF_8), "${case["id"]} body")
            val decoded = party.decodeResponse(case.s("operation"), response(case.s("body")), null, seed(58))
            when {
                case["id"] == "failure-envelope" -> assertEq(
                    mapOf(
                        "status" to "failed", "kind" to "signature_invalid", "retryable" to false,
                        "provider_code" to "0", "provider_message" to "签名错误",
                    ),
                    outcomeMap(decoded.outcome),
                )
                case["min_amount_wire_name"] == "min_amount" ->
                    assertEq(case["fields"], fields(decoded.fieldsJson), "${case["id"]} fields")
            }
        }
    }

    val vbao = Json.parse(specFile("vectors/providers/vbao.json").readText()).obj()
    val huanbei = Json.parse(specFile("vectors/providers/huanbei.json").readText()).obj()

    fun vbaoPair(vbaoKey: String): Pair<ProviderClient, ProviderClient> {
        val common = mapOf("customer_no" to vbao["customer_no"], "sign_key" to vbao["sign_key"], "base_url" to "https://vbao.example")
        val merchant = ProviderClient(Provider.VBAO, toJson(common + ("their_public_key" to String(keyBytes("$vbaoKey-public-spki.pem")))))
        val mock = ProviderClient(Provider.VBAO, toJson(common + ("our_private_key" to String(keyBytes("$vbaoKey-private-pkcs8.pem")))))
        return merchant to mock
    }

    test("vbao vectors: Python-made request ciphertexts decrypt and verify; Python-made responses recover with the public key") {
        val requests = vbao["requests"].arr().map { it.obj() }
        val responses = vbao["responses"].arr().map { it.obj() }
        check(requests.size >= 2 && responses.size >= 2) { "missing Vbao vectors" }
        for (case in requests) {
            val (_, mock) = vbaoPair(case.s("key"))
            val received = mock.decodeRequest(
                post("https://vbao.example/api/vborder/shortcut/bindCard/create", case.s("body").toByteArray(Charsets.UTF_8)),
                null, seed(61),
            )
            assertEq(SignatureCheck.VERIFIED, received.signature, "${case["id"]} signature")
            // Empty values are not signed, so a verified request does not hand them out.
            val signed = case["fields"].obj().filterValues { it != "" && it != null }
            assertEq(signed, fields(received.fieldsJson), "${case["id"]} fields")
            val replayKey = expectedReplayKey("vbao", "requests", case["id"])
            check(replayKey != null) { "${case["id"]}: no replay key vector" }
            assertEq(replayKey, received.replayKey, "${case["id"]} replay key")
        }
        val listed = Json.parse(specFile("providers/vbao.json").readText()).obj()["operations"].arr().first().obj()["response"]
            .arr().map { it.obj().s("name") }.toSet()
        for (case in responses) {
            val (strict, _) = vbaoPair(case.s("key"))
            val unlisted = case["fields"].obj().keys - listed
            // A field the spec does not list (traceId) needs the opt-in (issue 21).
            val merchant = if (unlisted.isEmpty()) strict else {
                val e = assertThrows<CardbindException.Malformed> {
                    strict.decodeResponse("bindCard/create", response(case.s("body")), null, seed(62))
                }
                check(e.field in unlisted.map { "reqmsg.$it" }) { e.detail }
                val common = mapOf("customer_no" to vbao["customer_no"], "sign_key" to vbao["sign_key"], "base_url" to "https://vbao.example")
                ProviderClient(Provider.VBAO, toJson(common + mapOf(
                    "their_public_key" to String(keyBytes("${case.s("key")}-public-spki.pem")), "allow_unlisted_fields" to true,
                )))
            }
            val decoded = merchant.decodeResponse("bindCard/create", response(case.s("body")), null, seed(62))
            assertEq(SignatureCheck.VERIFIED, decoded.signature, "${case["id"]} signature")
            assertEq(case["fields"], fields(decoded.fieldsJson), "${case["id"]} fields")
        }
    }

    test("huanbei vectors: encoded bodies and r_s signatures equal Python cryptography's") {
        val signatures = huanbei["signatures"].arr().map { it.obj() }
        check(signatures.size >= 3) { "missing Huanbei vectors" }
        for (case in signatures) {
            val query = case["query"].arr().associate { pair -> pair.arr()[0].str() to pair.arr()[1].str() }
            val client = ProviderClient(
                Provider.HUANBEI,
                toJson(mapOf(
                    "base_url" to "http://openapi.dev.lattebank.com",
                    "channel_code" to query["r_c"],
                    "signing" to mapOf(
                        "key_version" to query["pv"],
                        "our_private_key" to String(keyBytes("${case.s("key")}-private-pkcs8.pem")),
                        "digest" to case["digest"],
                    ),
                )),
            )
            val params = case["params"].obj() + mapOf("r_i" to query["r_i"], "r_t" to query["r_t"])
            val request = client.encodeRequest("bindCard", toJson(params), null, seed(63))
            assertEq(case.s("body_utf8"), String(request.body, Charsets.UTF_8), "${case["id"]} body")
            assertEq(case.s("r_s"), request.query.first { it.name == "r_s" }.value, "${case["id"]} r_s")
        }
    }

    test("huanbei vectors: a received request's fingerprint equals Python hashlib's, whatever its key order or r_i") {
        val cases = huanbei["fingerprints"].arr().map { it.obj() }
        check(cases.size >= 3) { "missing Huanbei fingerprint vectors" }
        val client = ProviderClient(
            Provider.HUANBEI,
            toJson(mapOf("base_url" to "http://openapi.dev.lattebank.com", "channel_code" to "TESTCHANNEL")),
        )
        val nowMs = 1_710_469_800_000L
        for (case in cases) {
            val orders = listOf(case["params"].obj(), Json.parse(case.s("params_reordered_json")).obj())
            check(orders[0].keys.toList() != orders[1].keys.toList()) { "${case["id"]} is not reordered" }
            for ((i, params) in orders.withIndex()) {
                val sent = params + mapOf("r_i" to "kt-fingerprint-$i.O", "r_t" to nowMs.toString())
                val request = client.encodeRequest("bindCard", toJson(sent), nowMs, seed(64))
                val received = client.decodeRequest(request, nowMs, seed(65))
                assertEq(case.s("sha256_hex"), received.fingerprint, "${case["id"]} order $i fingerprint")
            }
        }
    }
}
