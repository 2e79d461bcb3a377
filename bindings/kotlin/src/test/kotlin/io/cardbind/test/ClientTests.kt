package io.cardbind.test

import io.cardbind.*

// Full bind flows through ProviderClient in both roles: the merchant's (or platform's) client
// encodes, a mock provider configured from the other side decodes and answers, the client decodes
// the unified outcome. Plus errors arriving as typed exceptions with kind and masked message.

// Personal data: none of it may appear in an error message or a masked field dump.
private const val CARD = "6222022005001212726"
private const val ID_NUMBER = "11010519491231002X"
private const val PHONE = "13800138000"
private const val NAME = "张三"
private const val GOOD_CODE = "246810"
private const val NOW = 1_700_000_000_123L

private fun pem(name: String) = String(keyBytes(name), Charsets.US_ASCII)

internal fun fields(json: String) = Json.parse(json).obj()

private fun assertMasked(text: String) {
    for (secret in listOf(CARD, ID_NUMBER, PHONE, NAME, GOOD_CODE)) {
        check(!text.contains(secret)) { "personal data leaked into: $text" }
    }
}

// --- LianLian: merchant (test-rsa-1024) <-> mock LianLian (test-rsa-2048), sign_type RSA -------------

private const val OID_PARTNER = "201408071000001543"
private const val LIANLIAN_BASE = "https://mpay.lianlian.test/v1"

private fun merchant() = ProviderClient(
    Provider.LIAN_LIAN,
    toJson(mapOf(
        "oid_partner" to OID_PARTNER,
        "sign_type" to "RSA",
        "our_private_key" to pem("test-rsa-1024-private-pkcs8.pem"),
        "their_public_key" to pem("test-rsa-2048-public-spki.pem"),
        "base_url" to LIANLIAN_BASE,
    )),
)

private fun mockLianLian() = ProviderClient.fromName(
    "lianlian",
    toJson(mapOf(
        "oid_partner" to OID_PARTNER,
        "environment" to "production",
        "sign_type" to "RSA",
        "our_private_key" to pem("test-rsa-2048-private-pkcs8.b64"),
        "their_public_key" to pem("test-rsa-1024-public-spki.b64"),
    )),
)

private val applyParams = mapOf(
    "user_id" to "2013051500001",
    "card_no" to CARD,
    "acct_name" to NAME,
    "bind_mob" to PHONE,
    "id_type" to "0",
    "id_no" to ID_NUMBER,
    "risk_item" to "{\"frms_ware_category\":\"2009\",\"user_info_full_name\":\"张三\"}",
    "pay_type" to "2",
    "no_order" to "BIND20240315000001",
)

/** The mock's decision for a verify request, as LianLian documents its codes. */
private fun mockVerifyAnswer(fields: Map<String, Any?>, token: String) = when {
    fields["token"] != token -> mapOf("ret_code" to "8901", "ret_msg" to "没有记录")
    fields["verify_code"] != GOOD_CODE -> mapOf("ret_code" to "1900", "ret_msg" to "短信验证码错误")
    else -> mapOf(
        "ret_code" to "0000", "ret_msg" to "交易成功", "user_id" to fields["user_id"],
        "card_no" to CARD, "no_agree" to "2024031500012345",
    )
}

fun registerClientTests() {
    test("lianlian: apply and confirm round trip in both roles, outcomes typed, pay_load encrypted") {
        val merchant = merchant()
        val mock = mockLianLian()
        assertEq(Provider.LIAN_LIAN, mock.provider())
        assertEq(listOf("bankcardbind", "bankcardbindverfy"), merchant.operations())

        val request = merchant.encodeRequest("bankcardbind", toJson(applyParams), NOW, seed(1))
        assertEq(Method.POST, request.method)
        assertEq("$LIANLIAN_BASE/bankcardbind", request.url)
        check(!String(request.body).contains(CARD)) { "card number sent in clear" }
        assertEq(request.url, fullUrl(request))

        val received = mock.decodeRequest(request, NOW, seed(2))
        assertEq("bankcardbind", received.operation)
        assertEq(SignatureCheck.VERIFIED, received.signature)
        val got = fields(received.fieldsJson)
        for ((k, v) in applyParams) assertEq(v, got[k], "received $k")
        assertEq(OID_PARTNER, got["oid_partner"])
        assertEq("RSA", got["sign_type"])
        assertMasked(received.maskedFieldsJson)
        check(received.maskedFieldsJson.contains("6222***********2726")) { received.maskedFieldsJson }

        val token = "0123456789ABCDEF0123456789ABCDEF"
        val sent = mock.encodeResponse(
            "bankcardbind",
            toJson(mapOf("ret_code" to "8888", "ret_msg" to "验证码已发送", "user_id" to "2013051500001", "token" to token)),
            NOW, seed(3),
        )
        val applied = merchant.decodeResponse("bankcardbind", sent, NOW, seed(4))
        assertEq(OutcomeStatus.CodeSent(token), applied.outcome.status)
        assertEq("8888", applied.outcome.providerCode)
        assertEq("验证码已发送", applied.outcome.providerMessage)
        assertEq(SignatureCheck.VERIFIED, applied.signature)
        val confirmToken = (applied.outcome.status as OutcomeStatus.CodeSent).confirmToken!!

        fun confirm(code: String): DecodedResponse {
            val verify = mapOf("user_id" to "2013051500001", "token" to confirmToken, "verify_code" to code)
            val req = merchant.encodeRequest("bankcardbindverfy", toJson(verify), NOW, seed(5))
            val at = mock.decodeRequest(req, NOW, seed(6))
            assertEq("bankcardbindverfy", at.operation)
            val answer = mockVerifyAnswer(fields(at.fieldsJson), token)
            val resp = mock.encodeResponse(at.operation, toJson(answer), NOW, seed(7))
            return merchant.decodeResponse("bankcardbindverfy", resp, NOW, seed(8))
        }

        val wrong = confirm("000000")
        assertEq(OutcomeStatus.Failed(ErrorKind.VERIFY_CODE_WRONG, false), wrong.outcome.status)
        assertEq("1900", wrong.outcome.providerCode)
        assertEq(SignatureCheck.NOT_SIGNED, wrong.signature)

        val bound = confirm(GOOD_CODE)
        assertEq(OutcomeStatus.Succeeded, bound.outcome.status)
        assertEq("2024031500012345", fields(bound.fieldsJson)["no_agree"])
        assertMasked(bound.maskedFieldsJson)
    }

    test("lianlian: a reply changed in transit throws Signature(SIGNATURE_INVALID) without personal data") {
        val mock = mockLianLian()
        val reply = mock.encodeResponse(
            "bankcardbind",
            toJson(mapOf("ret_code" to "8888", "ret_msg" to "验证码已发送", "user_id" to "2013051500001", "token" to "T0KEN")),
            NOW, seed(3),
        )
        val tampered = reply.copy(
            body = String(reply.body, Charsets.UTF_8).replace("验证码已发送", "验证码已发出").toByteArray(Charsets.UTF_8),
        )
        val e = assertThrows<CardbindException.Signature> { merchant().decodeResponse("bankcardbind", tampered, NOW, seed(4)) }
        assertEq(ErrorKind.SIGNATURE_INVALID, e.kind)
        assertEq("sign", e.field)
        assertEq(
            "sign: signature invalid: signature does not match (diagnose: cardbind verify --explain --provider lianlian " +
                "--key THEIR_PUBLIC_KEY.pem SIGNED_FIELDS.json; an MD5 sign_type takes --secret-file SECRET.txt instead of --key)",
            e.detail,
        )
        assertMasked(e.message!!)
    }

    test("lianlian: invalid business fields throw Validation naming field and rule, never the value") {
        val bad = applyParams + ("card_no" to "6222022005001212723")
        val e = assertThrows<CardbindException.Validation> {
            merchant().encodeRequest("bankcardbind", toJson(bad), NOW, seed())
        }
        assertEq(ErrorKind.INVALID_PARAMETER, e.kind)
        assertEq("card_no", e.field)
        assertEq("luhn", e.rule)
        check(!e.message!!.contains("6222022005001212723")) { e.message!! }
        val missing = assertThrows<CardbindException.Validation> {
            merchant().encodeRequest("bankcardbind", toJson(applyParams - "bind_mob"), NOW, seed())
        }
        assertEq("bind_mob", missing.field)
        assertEq("required", missing.rule)
    }

    test("client arguments: bad JSON, non-object JSON, unknown provider, short seed and bad keys are typed errors") {
        val m = merchant()
        val syntax = assertThrows<CardbindException.Malformed> { m.encodeRequest("bankcardbind", "{\"card_no\": 622202", NOW, seed()) }
        assertEq("params_json", syntax.field)
        assertEq(ErrorKind.INVALID_PARAMETER, syntax.kind)
        check(!syntax.detail.contains("622202")) { syntax.detail }
        val array = assertThrows<CardbindException.Malformed> { m.encodeRequest("bankcardbind", "[1]", NOW, seed()) }
        assertEq("params_json: malformed (must be a JSON object)", array.detail)
        val config = assertThrows<CardbindException.Config> { ProviderClient(Provider.LIAN_LIAN, "{\"oid_partner\": 1}") }
        assertEq(ErrorKind.MERCHANT_MISCONFIGURED, config.kind)
        val name = assertThrows<CardbindException.Argument> { ProviderClient.fromName("LianLian", "{}") }
        assertEq("provider", name.field)
        val seedError = assertThrows<CardbindException.Argument> { m.encodeRequest("bankcardbind", toJson(applyParams), NOW, ByteArray(31)) }
        assertEq("seed", seedError.field)
        val unknownOp = assertThrows<CardbindException.Refused> { m.encodeRequest("nosuchop", "{}", NOW, seed()) }
        assertEq(ErrorKind.INVALID_PARAMETER, unknownOp.kind)
        val key = assertThrows<CardbindException.Key> {
            ProviderClient(
                Provider.LIAN_LIAN,
                toJson(mapOf(
                    "oid_partner" to OID_PARTNER, "environment" to "production", "sign_type" to "RSA",
                    "our_private_key" to pem("test-ec-p256-private-pkcs8.pem"),
                    "their_public_key" to pem("test-rsa-2048-public-spki.pem"),
                )),
            )
        }
        assertEq(ErrorKind.MERCHANT_MISCONFIGURED, key.kind)
        assertEq("our_private_key", key.field)
        check(!key.message!!.contains("BEGIN")) { key.message!! }
    }

    test("unified requests: typed apply and confirm encode for LianLian and decode in the mock role") {
        val merchant = merchant()
        val mock = mockLianLian()
        val apply = UnifiedRequest.BindCardApply(
            BindCardApplyRequest(
                userId = "2013051500001", cardNumber = CARD, phone = PHONE, holderName = NAME, idNumber = ID_NUMBER,
                cardType = CardType.DEBIT, orderId = "BIND1",
                extraJson = toJson(mapOf("risk_item" to "{\"frms_ware_category\":\"2009\"}")),
            ),
        )
        val wire = merchant.toWire(apply)
        assertEq("bankcardbind", wire.operation)
        assertEq(
            mapOf(
                "user_id" to "2013051500001", "card_no" to CARD, "bind_mob" to PHONE, "acct_name" to NAME,
                "id_type" to "0", "id_no" to ID_NUMBER, "no_order" to "BIND1", "pay_type" to "2",
                "risk_item" to "{\"frms_ware_category\":\"2009\"}",
            ),
            fields(wire.paramsJson),
        )
        val received = mock.decodeRequest(merchant.encodeUnified(apply, NOW, seed(41)), NOW, seed(42))
        assertEq("bankcardbind", received.operation)
        assertEq(CARD, fields(received.fieldsJson)["card_no"])

        val confirm = UnifiedRequest.BindCardConfirm(BindCardConfirmRequest("2013051500001", "T0KEN", GOOD_CODE))
        val verify = mock.decodeRequest(merchant.encodeUnified(confirm, NOW, seed(43)), NOW, seed(44))
        assertEq("bankcardbindverfy", verify.operation)
        assertEq("T0KEN", fields(verify.fieldsJson)["token"])
        assertEq(GOOD_CODE, fields(verify.fieldsJson)["verify_code"])
        assertMasked(verify.maskedFieldsJson)

        val badCard = assertThrows<CardbindException.Validation> {
            merchant.encodeUnified(
                UnifiedRequest.BindCardApply(BindCardApplyRequest("u1", "6222022005001212723", PHONE)), NOW, seed(),
            )
        }
        assertEq("card_number", badCard.field)
        assertEq("luhn", badCard.rule)
        val badPhone = assertThrows<CardbindException.Validation> {
            merchant.toWire(UnifiedRequest.BindCardApply(BindCardApplyRequest("u1", CARD, "23800138000")))
        }
        assertEq("phone", badPhone.field)
        assertEq("mobile_format", badPhone.rule)
        val unsupported = assertThrows<CardbindException.Refused> { merchant.toWire(UnifiedRequest.ListBoundCards("u1")) }
        assertEq(ErrorKind.INVALID_PARAMETER, unsupported.kind)
    }

    // --- xianjincard: platform (client role) -> partner backend (server role), and the partner's
    // bind-result callback back to the platform. Shared ua/signkey pairs, K+call+K+args+K MD5. -----

    val xjConfig = toJson(mapOf(
        "provider_to_partner" to mapOf("ua" to "SH_XJ360_POA", "sign_key" to "test-signkey-0123456789"),
        "partner_to_provider" to mapOf("ua" to "SH_XJ360_POA", "sign_key" to "test-partner-signkey-9876543210"),
        "partner_endpoint" to "https://partner.test/xianjincard/gate",
        "base_url" to "https://platform.test/v1/",
        "timestamp_window_secs" to 300,
    ))

    /** The partner's decisions, by the document's bind_status codes. */
    fun partnerAnswer(operation: String, f: Map<String, Any?>): Map<String, Any?> = when (operation) {
        "User.isUserAccept" -> mapOf(
            "result" to 200, "amount" to 150000, "min_amount" to 100000, "terms" to listOf(7, 14, 30),
            "term_type" to 1, "loan_mode" to 0,
        )
        "BindCard.applyBindCard" -> when (f["verify_code"]) {
            null, "" -> mapOf("bind_status" to "100", "remark" to "验证码已发送")
            GOOD_CODE -> mapOf("bind_status" to "200", "remark" to "success")
            else -> mapOf("bind_status" to "505", "remark" to "验证码错误")
        }
        else -> emptyMap()
    }

    test("xianjincard: admission and bind-card apply round trip platform -> partner, outcomes typed") {
        val platform = ProviderClient.fromName("xianjincard", xjConfig)
        val partner = ProviderClient(Provider.XIANJINCARD, xjConfig)

        fun call(operation: String, params: Map<String, Any?>): DecodedResponse {
            val request = platform.encodeRequest(operation, toJson(params), NOW, seed(11))
            assertEq("https://partner.test/xianjincard/gate", request.url)
            val received = partner.decodeRequest(request, NOW + 2_000, seed(12))
            assertEq(operation, received.operation)
            assertEq(SignatureCheck.VERIFIED, received.signature)
            val got = fields(received.fieldsJson)
            for ((k, v) in params) assertEq(v, got[k], "$operation $k")
            assertMasked(received.maskedFieldsJson)
            val answer = partner.encodeResponse(operation, toJson(partnerAnswer(operation, got)), NOW, seed(13))
            return platform.decodeResponse(operation, answer, NOW, seed(14))
        }

        val admitted = call(
            "User.isUserAccept",
            mapOf("user_name" to NAME, "user_phone" to "13370212***", "user_idcard" to "11010519491231****"),
        )
        assertEq(OutcomeStatus.Succeeded, admitted.outcome.status)
        assertEq("150000", fields(admitted.fieldsJson)["amount"].toString())

        val apply = mapOf(
            "order_sn" to "246964109149933", "bank_code" to "ICBC", "user_name" to NAME,
            "user_idcard" to ID_NUMBER, "card_number" to CARD, "card_phone" to PHONE,
            "user_phone" to "13370212345", "card_type" to "2", "echo_data" to "{\"pid\":123456}",
        )
        assertEq(OutcomeStatus.CodeSent(null), call("BindCard.applyBindCard", apply).outcome.status)
        val wrong = call("BindCard.applyBindCard", apply + ("verify_code" to "000000"))
        // 505 (other) names the failure in remark: the kind says which, the code stays as sent.
        assertEq(OutcomeStatus.Failed(ErrorKind.VERIFY_CODE_WRONG, false), wrong.outcome.status)
        assertEq("505", wrong.outcome.providerCode)
        assertEq("验证码错误", wrong.outcome.providerMessage)
        val bound = call("BindCard.applyBindCard", apply + ("verify_code" to GOOD_CODE))
        assertEq(OutcomeStatus.Succeeded, bound.outcome.status)
        assertEq("200", bound.outcome.providerCode)
    }

    test("xianjincard: the partner's bind-result callback round trips partner -> platform") {
        val partner = ProviderClient(Provider.XIANJINCARD, xjConfig)
        val platform = ProviderClient(Provider.XIANJINCARD, xjConfig)
        val feedback = mapOf(
            "order_sn" to "246964109149933", "echo_data" to "{\"pid\":123456}",
            "bind_status" to "200", "remark" to "success",
        )
        val request = partner.encodeRequest("PartnerGate.Order.bindCardFeedback", toJson(feedback), NOW, seed(21))
        assertEq("https://platform.test/v1/", request.url)
        val received = platform.decodeRequest(request, NOW, seed(22))
        assertEq("PartnerGate.Order.bindCardFeedback", received.operation)
        assertEq(feedback, fields(received.fieldsJson).filterKeys { it in feedback })
        val ack = platform.encodeResponse(received.operation, "{}", NOW, seed(23))
        val decoded = partner.decodeResponse("PartnerGate.Order.bindCardFeedback", ack, NOW, seed(24))
        assertEq(OutcomeStatus.Succeeded, decoded.outcome.status)
    }

    test("xianjincard: a tampered sign or a stale timestamp is refused by the receiving side with a typed error") {
        val platform = ProviderClient(Provider.XIANJINCARD, xjConfig)
        val partner = ProviderClient(Provider.XIANJINCARD, xjConfig)
        val params = mapOf("user_name" to NAME, "user_phone" to "13370212***", "user_idcard" to "11010519491231****")
        val request = platform.encodeRequest("User.isUserAccept", toJson(params), NOW, seed(31))
        val form = String(request.body, Charsets.US_ASCII)
        val sign = Regex("(^|&)sign=([0-9a-f]{32})").find(form)!!.groupValues[2]
        val flipped = sign.dropLast(1) + (if (sign.last() == '0') '1' else '0')
        val tampered = request.copy(body = form.replace("sign=$sign", "sign=$flipped").toByteArray(Charsets.US_ASCII))
        val e = assertThrows<CardbindException.Signature> { partner.decodeRequest(tampered, NOW, seed(32)) }
        assertEq(ErrorKind.SIGNATURE_INVALID, e.kind)
        assertEq("sign", e.field)
        assertMasked(e.message!!)
        val late = assertThrows<CardbindException.Refused> { partner.decodeRequest(request, NOW + 3_600_000, seed(33)) }
        assertEq(ErrorKind.INVALID_PARAMETER, late.kind)
        check(late.detail.contains("outside ±300000 ms")) { late.detail }
    }

    test("provider metadata: names and embedded specs are exposed") {
        assertEq("lianlian", providerName(Provider.LIAN_LIAN))
        assertEq("xianjincard", providerName(Provider.XIANJINCARD))
        for (provider in Provider.entries) {
            val spec = Json.parse(providerSpecJson(provider)).obj()
            assertEq(providerName(provider), spec["provider"], "spec of $provider")
        }
        check(providerSpecJson(Provider.LIAN_LIAN).contains("bankcardbindverfy")) { "LianLian spec lacks its verify operation" }
    }
}
