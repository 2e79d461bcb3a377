package io.cardbind.test

import io.cardbind.*

// Issue 21 through the public Kotlin API, for every provider, with the codec pairs of
// spec/fixtures/codec-pairs.json (the Rust tests and the fuzz targets use the same): a reply
// decoded as another operation is refused where it can tell, an unlisted reply field needs the
// opt-in, a 256 KiB form hits the field cap, and an extra field a unified field already sets is
// the same error everywhere.

private val pairs = Json.parse(specFile("fixtures/codec-pairs.json").readText()).obj()
private val fixtureNow = pairs["now_ms"].toString().toLong()

private fun withKeys(value: Any?): Any? = when (value) {
    is String -> if (value.startsWith("@")) String(keyBytes(value.substring(1)), Charsets.US_ASCII) else value
    is Map<*, *> -> value.entries.associate { (k, v) -> k as String to withKeys(v) }
    else -> value
}

private fun providerOf(name: String) = Provider.values().first { it.name.replace("_", "").lowercase() == name }

private fun fixturePair(name: String, extra: Map<String, Any?> = emptyMap()): List<ProviderClient> {
    val configs = pairs["providers"].obj()[name].obj()["variants"].arr().first().obj()["pair"].arr()
    return configs.map { config ->
        @Suppress("UNCHECKED_CAST")
        val withExtra = (withKeys(config) as Map<String, Any?>) + extra
        ProviderClient(providerOf(name), toJson(withExtra))
    }
}

private fun samples(name: String) = pairs["providers"].obj()[name].obj()["samples"].arr().map { it.obj() }

private fun sampleResponse(name: String, operation: String): Map<String, Any?> =
    samples(name).first { it["operation"] == operation }["response"].obj()

/** The reply to `operation` from whichever side answers it, with that side's index. */
private fun answer(clients: List<ProviderClient>, operation: String, fields: Map<String, Any?>): Pair<Int, HttpResponse> {
    for ((i, client) in clients.withIndex()) {
        try {
            return i to client.encodeResponse(operation, toJson(fields), fixtureNow, seed(21))
        } catch (e: CardbindException) {
            continue
        }
    }
    throw AssertionFailed("no side answers $operation")
}

private fun decodeAs(clients: List<ProviderClient>, operation: String, answered: Pair<Int, HttpResponse>) =
    clients[1 - answered.first].decodeResponse(operation, answered.second, fixtureNow, seed(22))

fun registerProviderKitTests() {
    test("kit: a Yixin code-sent reply decoded as verifyCode is refused and names bindCard") {
        val clients = fixturePair("yixin")
        val sent = answer(clients, "bindCard", sampleResponse("yixin", "bindCard"))
        check(decodeAs(clients, "bindCard", sent).outcome.status is OutcomeStatus.CodeSent) { "code sent" }
        val e = assertThrows<CardbindException.Malformed> { decodeAs(clients, "verifyCode", sent) }
        check(e.detail.contains("this reply answers bindCard, not verifyCode")) { e.detail }
    }

    test("kit: replies that can tell are refused as another operation (LianLian, xianjincard, Yixin)") {
        for ((name, sent, decodedAs) in listOf(
            Triple("lianlian", "bankcardbindverfy", "bankcardbind"),
            Triple("xianjincard", "BindCard.applyBindCard", "User.isUserAccept"),
            Triple("yixin", "cardList", "bankList"),
        )) {
            val clients = fixturePair(name)
            val reply = answer(clients, sent, sampleResponse(name, sent))
            val e = assertThrows<CardbindException.Malformed> { decodeAs(clients, decodedAs, reply) }
            check(e.detail.contains("this reply answers $sent, not $decodedAs")) { "$name: ${e.detail}" }
        }
    }

    test("kit: an unlisted reply field is refused without the opt-in, for every provider") {
        var checked = 0
        for (name in pairs["providers"].obj().keys) {
            for (sample in samples(name)) {
                val fields = sample["response"].obj()
                if (fields.isEmpty() || fields.containsKey("response")) continue
                val operation = sample.s("operation")
                val optedIn = fixturePair(name, mapOf("allow_unlisted_fields" to true))
                val reply = answer(optedIn, operation, fields + ("memo" to "x"))
                val e = assertThrows<CardbindException.Malformed> { decodeAs(fixturePair(name), operation, reply) }
                check(e.field.endsWith("memo") && e.detail.contains("does not list")) { "$name $operation: ${e.detail}" }
                checked++
            }
        }
        check(checked >= 10) { "$checked replies checked" }
    }

    test("kit: a 256 KiB form of distinct names is refused at the field cap") {
        val alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
        val names = (0 until 62_000).map { start ->
            val out = StringBuilder()
            var i = start
            while (true) {
                out.append(alphabet[i % alphabet.length])
                i /= alphabet.length
                if (i == 0) break
                i -= 1
            }
            out.toString()
        }
        val form = names.joinToString("&").toByteArray(Charsets.US_ASCII)
        check(form.size in 200 * 1024..256 * 1024) { "${form.size} bytes" }
        val request = HttpRequest(
            Method.POST, "https://openapi.example.invalid/gateway", emptyList(),
            listOf(NameValue("Content-Type", "application/x-www-form-urlencoded")), form, TransportHints(null, false),
        )
        val e = assertThrows<CardbindException.Refused> { fixturePair("yixin")[1].decodeRequest(request, fixtureNow, seed(23)) }
        assertEq("form fields in one message exceeds the limit of 1024", e.detail)
    }

    test("kit: an extra field a unified field already sets is the same Validation error for every provider") {
        for ((name, wire, bank) in listOf(
            Triple("lianlian", "card_no", null),
            Triple("xianjincard", "card_number", Bank.ICBC),
            Triple("yixin", "cardNo", null),
            Triple("huanbei", "bank_card", Bank.ICBC),
        )) {
            val extra = toJson(mapOf("bizType" to "loan", wire to "4111111111111111"))
            val apply = BindCardApplyRequest(
                "u-1", "6222022005001212726", "13420504517",
                holderName = "张三", idNumber = "11010519491231002X", bank = bank, extraJson = extra,
            )
            val e = assertThrows<CardbindException.Validation> {
                fixturePair(name)[0].encodeUnified(UnifiedRequest.BindCardApply(apply), fixtureNow, seed(24))
            }
            assertEq("extra.$wire", e.field, "$name field")
            assertEq(ErrorKind.INVALID_PARAMETER, e.kind, "$name kind")
        }
    }

    test("replay key: identical across unsigned rewrites of xianjincard's timestamp, another for a signed change") {
        val clients = fixturePair("xianjincard", mapOf("insecure_accept_missing_timestamp" to true))
        val params = samples("xianjincard").first { it["operation"] == "BindCard.applyBindCard" }["request"].obj()
        // The platform calls the partner: side 1 encodes, side 0 decodes.
        val request = clients[1].encodeRequest("BindCard.applyBindCard", toJson(params), fixtureNow, seed(25))
        val key = clients[0].decodeRequest(request, fixtureNow, seed(26)).replayKey
        check(key != null && key.length == 64) { "$key" }
        val body = String(request.body, Charsets.UTF_8)
        val sent = "&timestamp=${fixtureNow / 1000}"
        check(body.contains(sent)) { body }
        for (rewritten in listOf(body.replace(sent, "&timestamp=${fixtureNow / 1000 - 60}"), body.replace(sent, ""))) {
            val replayed = request.copy(body = rewritten.toByteArray(Charsets.UTF_8))
            assertEq(key, clients[0].decodeRequest(replayed, fixtureNow, seed(27)).replayKey, "replay key")
        }
        val changed = params + ("echo_data" to "pid=10")
        val other = clients[1].encodeRequest("BindCard.applyBindCard", toJson(changed), fixtureNow, seed(28))
        check(clients[0].decodeRequest(other, fixtureNow, seed(29)).replayKey != key) { "a signed change keeps the key" }
    }

    test("xianjincard: a request without timestamp is refused by default") {
        val strict = fixturePair("xianjincard")
        val params = samples("xianjincard").first { it["operation"] == "BindCard.applyBindCard" }["request"].obj()
        val request = strict[1].encodeRequest("BindCard.applyBindCard", toJson(params), null, seed(30))
        val e = assertThrows<CardbindException.Malformed> { strict[0].decodeRequest(request, fixtureNow, seed(31)) }
        assertEq("timestamp", e.field)
    }

    test("no echo: hostile names and messages in every provider's replies never show in errors or toString") {
        val card = "6222022005001212726"
        val id = "11010519491231002X"
        val phone = "13420504517"
        val needles = listOf(card, id, phone)
        fun clean(text: String, what: String) = needles.forEach { check(!text.contains(it)) { "$what: $text" } }
        var decodedOk = 0
        for (name in pairs["providers"].obj().keys) {
            for (sample in samples(name)) {
                val operation = sample.s("operation")
                val clients = fixturePair(name)
                val answered = try { answer(clients, operation, sample["response"].obj()) } catch (e: AssertionFailed) { continue }
                val body = String(answered.second.body, Charsets.UTF_8)
                val hostile = listOf(
                    body.replaceFirst("{", "{\"$card\": \"1\", "),
                    "{\"$card\": 1, \"$card\": 2, \"$phone\": 3}",
                    "{\"ret_code\":\"1900\",\"ret_msg\":\"card $card id $id\",\"code\":505,\"message\":\"card $card id $id\"}",
                )
                for (text in hostile) {
                    val reply = answered.second.copy(body = text.toByteArray(Charsets.UTF_8))
                    try {
                        val decoded = clients[1 - answered.first].decodeResponse(operation, reply, fixtureNow, seed(32))
                        clean(decoded.toString(), "$name $operation decoded")
                        clean(decoded.outcome.toString(), "$name $operation outcome")
                        decodedOk++
                    } catch (e: CardbindException) {
                        clean(e.toString(), "$name $operation error")
                        clean(e.message ?: "", "$name $operation message")
                    }
                }
            }
        }
        check(decodedOk > 0) { "no hostile message decoded: the toString path was not exercised" }
        val outcome = Outcome(OutcomeStatus.Failed(ErrorKind.REJECTED, false), card, "card $card id $id", false, 200u)
        clean(outcome.toString(), "outcome")
        assertEq("card $card id $id", outcome.providerMessage)
        check(outcome.toString().contains("Failed")) { outcome.toString() }
    }
}
