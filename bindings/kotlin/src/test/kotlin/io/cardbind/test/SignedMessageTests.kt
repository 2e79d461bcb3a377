package io.cardbind.test

import io.cardbind.*

// Issue 15 through the generated Kotlin API: a decoded message holds exactly what its signature
// covers (repeated keys, unsigned empty fields, values that re-split, retyped strings, exponent
// numbers), bodies past the limit are refused before they are copied, LianLian's whole apply API
// with a typed risk_item, and sending fields the spec does not list only when asked.

private const val OID = "201408071000001543"
private const val NOW = 1_700_000_000_123L

private fun pem(name: String) = String(keyBytes(name), Charsets.US_ASCII)

private fun lianlian(ours: String, theirs: String, vararg extra: Pair<String, Any?>) = ProviderClient(
    Provider.LIAN_LIAN,
    toJson(mapOf(
        "oid_partner" to OID, "environment" to "production", "sign_type" to "RSA",
        "our_private_key" to pem("$ours-private-pkcs8.pem"), "their_public_key" to pem("$theirs-public-spki.pem"),
        *extra,
    )),
)

private fun merchant(vararg extra: Pair<String, Any?>) = lianlian("test-rsa-1024", "test-rsa-2048", *extra)
private fun mock() = lianlian("test-rsa-2048", "test-rsa-1024")

private fun reply(body: String) = HttpResponse(200u, emptyList(), body.toByteArray(Charsets.UTF_8))

/** A genuine signed 0000 reply from the mock, as JSON text. */
private fun signedReply(fields: Map<String, Any?>, op: String = "bankcardbindverfy") =
    String(mock().encodeResponse(op, toJson(fields), NOW, seed(70)).body, Charsets.UTF_8)

private fun genuine() = signedReply(mapOf(
    "ret_code" to "0000", "ret_msg" to "交易成功", "user_id" to "2013051500001",
    "card_no" to "6222022005001212726", "no_agree" to "2024031500012345",
))

private fun riskItem() = LianLianRiskItem(
    frmsWareCategory = "2009", userInfoMerchtUserno = "2013051500001", userInfoDtRegister = "20240101120000",
    frmsClientChnl = "10", frmsIpAddr = "192.168.20.110", userInfoBindPhone = "13800138000",
    frmsImei = "861234567890123", userInfoFullName = "张三", userInfoIdNo = "11010519491231002X",
    userInfoIdentifyState = "1", userInfoIdentifyType = "1",
)

fun registerSignedMessageTests() {
    test("signed messages: a repeated key is Malformed naming it, in every provider and in the caller's JSON") {
        val decoded = merchant().decodeResponse("bankcardbindverfy", reply(genuine()), NOW, seed())
        assertEq(OutcomeStatus.Succeeded, decoded.outcome.status)
        val forged = genuine().replaceFirst("{", "{\"ret_code\":\"1900\",")
        val e = assertThrows<CardbindException.Malformed> {
            merchant().decodeResponse("bankcardbindverfy", reply(forged), NOW, seed())
        }
        assertEq("body.ret_code", e.field)
        val others = listOf(
            Triple(
                ProviderClient.fromName("yixin", toJson(mapOf(
                    "app_id" to "app", "base_url" to "https://yixin.test/gw",
                    "our_private_key" to pem("test-rsa-1024-private-pkcs8.pem"),
                    "their_public_key" to pem("test-rsa-2048-public-spki.pem"),
                ))),
                "bindCard", "{\"code\":0,\"msg\":\"x\",\"code\":7}",
            ),
            Triple(
                ProviderClient.fromName("vbao", toJson(mapOf(
                    "customer_no" to "C1", "sign_key" to "s", "their_public_key" to pem("test-rsa-2048-public-spki.pem"),
                ))),
                "bindCard/create", "{\"code\":\"200\",\"success\":true,\"code\":\"500\"}",
            ),
            Triple(
                ProviderClient.fromName("xianjincard", toJson(mapOf(
                    "provider_to_partner" to mapOf("ua" to "U", "sign_key" to "k"), "environment" to "test",
                ))),
                "BindCard.applyBindCard", "{\"status\":1,\"status\":0,\"message\":\"x\"}",
            ),
            Triple(
                ProviderClient.fromName("huanbei", toJson(mapOf("base_url" to "https://h.test", "channel_code" to "ch"))),
                "bindCard", "{\"code\":200,\"message\":\"ok\",\"code\":801}",
            ),
        )
        for ((client, op, body) in others) {
            val err = assertThrows<CardbindException.Malformed> { client.decodeResponse(op, reply(body), NOW, seed()) }
            check(err.field == "body.code" || err.field == "body.status") { "${client.provider()}: ${err.field}" }
        }
        val params = "{\"user_id\":\"2013051500001\",\"token\":\"T\",\"verify_code\":\"123456\",\"token\":\"U\"}"
        val caller = assertThrows<CardbindException.Malformed> {
            merchant().encodeRequest("bankcardbindverfy", params, NOW, seed())
        }
        assertEq("params_json.token", caller.field)
    }

    test("signed messages: empty and null fields are not signed, so a verified reply does not hand them out") {
        // A field the reply does not list is refused even empty (issue 21's unlisted-field rule)...
        val unlisted = genuine().replaceFirst("{", "{\"pay_type\":\"\",")
        val refused = assertThrows<CardbindException.Malformed> {
            merchant().decodeResponse("bankcardbindverfy", reply(unlisted), NOW, seed())
        }
        assertEq("body.pay_type", refused.field)
        // ...and a listed one that is empty verifies but is not handed out.
        val tampered = genuine().replaceFirst("{", "{\"no_order\":\"\",")
        val decoded = merchant().decodeResponse("bankcardbindverfy", reply(tampered), NOW, seed())
        assertEq(SignatureCheck.VERIFIED, decoded.signature)
        assertEq(
            setOf("ret_code", "ret_msg", "sign_type", "oid_partner", "user_id", "card_no", "no_agree", "sign"),
            fields(decoded.fieldsJson).keys,
        )
    }

    test("signed messages: a value that re-splits into other fields is Validation in both roles") {
        val refused = assertThrows<CardbindException.Validation> {
            mock().encodeResponse(
                "bankcardbind",
                toJson(mapOf("ret_code" to "8888", "ret_msg" to "ok", "token" to "T1&user_id=2013051500001")),
                NOW, seed(),
            )
        }
        assertEq("token", refused.field)
        assertEq("splits_in_signed_string", refused.rule)
        val merged = LinkedHashMap(fields(signedReply(
            mapOf("ret_code" to "8888", "ret_msg" to "ok", "token" to "T1", "user_id" to "2013051500001"), "bankcardbind",
        )))
        merged.remove("user_id")
        merged["token"] = "T1&user_id=2013051500001"
        val e = assertThrows<CardbindException.Validation> {
            merchant().decodeResponse("bankcardbind", reply(toJson(merged)), NOW, seed())
        }
        assertEq("token", e.field)
        assertEq("splits_in_signed_string", e.rule)
    }

    test("signed messages: a signed string re-sent as a number, or a number in exponent form, is refused") {
        val retyped = genuine().replace("\"no_agree\":\"2024031500012345\"", "\"no_agree\":2024031500012345")
        val e = assertThrows<CardbindException.Malformed> {
            merchant().decodeResponse("bankcardbindverfy", reply(retyped), NOW, seed())
        }
        assertEq("no_agree", e.field)
        // A number in a field the spec does not list: refused as unlisted, and with the opt-in
        // refused still, since LianLian signs text (`1e2` and `"1e2"` would sign alike).
        val exponent = genuine().dropLast(1) + ",\"amount\":1e2}"
        val v = assertThrows<CardbindException.Malformed> {
            merchant().decodeResponse("bankcardbindverfy", reply(exponent), NOW, seed())
        }
        assertEq("body.amount", v.field)
        val optedIn = assertThrows<CardbindException.Malformed> {
            merchant("allow_unlisted_fields" to true).decodeResponse("bankcardbindverfy", reply(exponent), NOW, seed())
        }
        check(optedIn.detail.contains("must be a JSON string")) { optedIn.detail }
    }

    test("limits: a body past the codec's limit is Refused before it is copied") {
        val huge = HttpResponse(200u, emptyList(), ByteArray(64 * 1024 + 1) { ' '.code.toByte() })
        val e = assertThrows<CardbindException.Refused> { merchant().decodeResponse("bankcardbind", huge, NOW, seed()) }
        assertEq("body bytes exceeds the limit of 65536", e.detail)
    }

    test("lianlian apply: every documented field and a typed risk_item encode, the mock decodes the vector's fields") {
        val vector = Json.parse(specFile("vectors/providers/lianlian.json").readText()).obj()["requests"].arr()
            .map { it.obj() }.first { it["id"] == "bankcardbind-RSA-full" }
        val risk = lianlianRiskItem(riskItem())
        assertEq(vector["params"].obj()["risk_item"], risk)
        val apply = UnifiedRequest.BindCardApply(
            BindCardApplyRequest(
                userId = "2013051500001", cardNumber = "6222022005001212726", phone = "13800138000",
                holderName = "张三", idNumber = "11010519491231002X", orderId = "BIND20240315000002",
                extraJson = toJson(mapOf(
                    "pay_type" to "P", "risk_item" to risk,
                    "notify_url" to "https://merchant.example/lianlian/notify?a=1&b=2",
                    "dt_order" to "20240315153543", "vali_date" to "2702", "platform" to "test.merchant.example",
                )),
            ),
        )
        val received = mock().decodeRequest(merchant().encodeUnified(apply, NOW, seed(71)), NOW, seed(72))
        assertEq(SignatureCheck.VERIFIED, received.signature)
        assertEq(vector["fields"], fields(received.fieldsJson))
        check(!received.maskedFieldsJson.contains("2702")) { received.maskedFieldsJson }
        // pay_type from the typed card type; missing altogether, a Validation error.
        val credit = UnifiedRequest.BindCardApply(
            BindCardApplyRequest(
                userId = "u1", cardNumber = "6222022005001212726", phone = "13800138000", holderName = "张三",
                idNumber = "11010519491231002X", cardType = CardType.CREDIT,
                extraJson = toJson(mapOf("risk_item" to risk)),
            ),
        )
        assertEq("3", fields(merchant().toWire(credit).paramsJson)["pay_type"])
        val e = assertThrows<CardbindException.Validation> {
            lianlianRiskItem(riskItem().copy(frmsImei = null))
        }
        assertEq("risk_item.frms_imei", e.field)
        assertEq("required_when", e.rule)
    }

    test("unlisted fields: refused by default, sent per call or per client, never a reserved name") {
        val params = toJson(mapOf(
            "user_id" to "2013051500001", "token" to "1A2B3C4D5E6F7A8B9C0D1E2F3A4B5C6D",
            "verify_code" to "123456", "risk_level" to "A",
        ))
        val e = assertThrows<CardbindException.Validation> {
            merchant().encodeRequest("bankcardbindverfy", params, NOW, seed())
        }
        assertEq("risk_level", e.field)
        assertEq("unknown_field", e.rule)
        val request = merchant().encodeRequestWithOptions("bankcardbindverfy", params, EncodeOptions(true), NOW, seed(73))
        // The receiving side needs the opt-in too (issue 21: one policy on encode and decode).
        val refused = assertThrows<CardbindException.Malformed> { mock().decodeRequest(request, NOW, seed(74)) }
        assertEq("body.risk_level", refused.field)
        val optedInMock = lianlian("test-rsa-2048", "test-rsa-1024", "allow_unlisted_fields" to true)
        assertEq("A", fields(optedInMock.decodeRequest(request, NOW, seed(74)).fieldsJson)["risk_level"])
        val perClient = merchant("allow_unlisted_fields" to true).encodeRequest("bankcardbindverfy", params, NOW, seed(73))
        assertEq(request.body, perClient.body)
        val reserved = assertThrows<CardbindException.Validation> {
            merchant().encodeRequestWithOptions(
                "bankcardbindverfy",
                toJson(mapOf("user_id" to "u", "token" to "T", "verify_code" to "123456", "pay_load" to "x")),
                EncodeOptions(true), NOW, seed(),
            )
        }
        assertEq("pay_load", reserved.field)
        assertEq("reserved", reserved.rule)
    }
}
