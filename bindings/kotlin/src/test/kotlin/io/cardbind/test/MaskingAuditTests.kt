package io.cardbind.test

import io.cardbind.*

// The masking audit of the Kotlin surface, like core's: every public type that can hold personal
// data is built with a card number, ID number, phone, name and SMS code, and its toString (what
// println and loggers print) must contain none of them. The generated data classes' toString is
// the Rust Debug (`#[uniffi::export(Debug)]`), which masks; Kotlin's default would print every field.

private const val AUDIT_CARD = "6222022005001212726"
private const val AUDIT_ID = "11010519491231002X"
private const val AUDIT_PHONE = "13800138000"
private const val AUDIT_NAME = "欧阳娜娜"
private const val AUDIT_CODE = "975310"
private val AUDIT_VALUES = listOf(AUDIT_CARD, AUDIT_ID, AUDIT_PHONE, AUDIT_NAME, AUDIT_CODE)

private val PERSONAL_JSON = toJson(mapOf(
    "card_no" to AUDIT_CARD,
    "id_no" to AUDIT_ID,
    "bind_mob" to AUDIT_PHONE,
    "acct_name" to AUDIT_NAME,
    "verify_code" to AUDIT_CODE,
    "unlisted" to listOf(mapOf("x" to AUDIT_CARD, "y" to AUDIT_NAME)),
))

private val PERSONAL_BODY = PERSONAL_JSON.toByteArray(Charsets.UTF_8)

private val PERSONAL_PAIRS = listOf(
    NameValue("card_no", AUDIT_CARD),
    NameValue("acct_name", AUDIT_NAME),
    NameValue("verify_code", AUDIT_CODE),
)

private val APPLY = BindCardApplyRequest(
    userId = "u1",
    cardNumber = AUDIT_CARD,
    phone = AUDIT_PHONE,
    holderName = AUDIT_NAME,
    idNumber = AUDIT_ID,
    verifyCode = AUDIT_CODE,
    extraJson = PERSONAL_JSON,
)

private val CONFIRM = BindCardConfirmRequest(
    userId = "u1",
    confirmToken = "T1",
    verifyCode = AUDIT_CODE,
    extraJson = PERSONAL_JSON,
)

private val EXPLAINED_FINDING = Finding("received_order", "the signer joined the fields in the order received", PERSONAL_JSON)

/** One instance of every public data class and sealed-class variant that can hold personal data. */
private val AUDITED: Map<String, List<Any>> = mapOf(
    "BindCardApplyRequest" to listOf(APPLY),
    "BindCardConfirmRequest" to listOf(CONFIRM),
    "DecodedRequest" to listOf(
        // Built by hand: even a "masked" JSON that is not masked must not show.
        DecodedRequest("bankcardbind", PERSONAL_JSON, PERSONAL_JSON, SignatureCheck.VERIFIED, null),
    ),
    "DecodedResponse" to listOf(
        DecodedResponse(
            "bankcardbind", PERSONAL_JSON, PERSONAL_JSON,
            Outcome(OutcomeStatus.Succeeded, "0000", null, true, 200u), SignatureCheck.VERIFIED, null,
        ),
    ),
    "HttpRequest" to listOf(
        HttpRequest(Method.GET, "https://p.test/bind", PERSONAL_PAIRS, PERSONAL_PAIRS, PERSONAL_BODY,
            TransportHints(null, false)),
    ),
    "HttpResponse" to listOf(HttpResponse(200u, PERSONAL_PAIRS, PERSONAL_BODY)),
    "LianLianRiskItem" to listOf(
        LianLianRiskItem(
            frmsWareCategory = "2009",
            userInfoMerchtUserno = "u1",
            userInfoDtRegister = "20240101000000",
            frmsClientChnl = "16",
            frmsIpAddr = "127.0.0.1",
            userInfoBindPhone = AUDIT_PHONE,
            userInfoFullName = AUDIT_NAME,
            userInfoIdNo = AUDIT_ID,
            userInfoIdentifyState = "1",
            userInfoIdentifyType = "1",
            extra = mapOf("delivery_phone" to AUDIT_PHONE, "delivery_name" to AUDIT_NAME),
        ),
    ),
    "NameValue" to PERSONAL_PAIRS,
    "Param" to listOf(Param("card_no", AUDIT_CARD), Param("acct_name", AUDIT_NAME), Param("code", AUDIT_CODE)),
    "WireRequest" to listOf(WireRequest("bankcardbind", PERSONAL_JSON)),
    "ExplainRequest" to listOf(
        ExplainRequest(PERSONAL_BODY, signature = "sig", secret = AUDIT_CODE, alsoSecrets = listOf(AUDIT_NAME), showPii = true),
    ),
    "Finding" to listOf(EXPLAINED_FINDING),
    "Diagnosis" to listOf(Diagnosis(EXPLAINED_FINDING, listOf(EXPLAINED_FINDING), null, 3u)),
    "Explanation" to listOf(
        // As `showPii = true` returns it: the string verified and the report unmasked.
        Explanation(
            false, "signature does not match", "sorted pairs", "MD5", PERSONAL_JSON, "utf8", false, 10u,
            DigestAlgorithm.MD5, "00", Diagnosis(EXPLAINED_FINDING, emptyList(), null, 3u), emptyList(), PERSONAL_JSON,
        ),
    ),
    "UnifiedRequest" to listOf(
        UnifiedRequest.BindCardApply(APPLY),
        UnifiedRequest.BindCardConfirm(CONFIRM),
        UnifiedRequest.LookupCardBank(AUDIT_CARD),
        UnifiedRequest.CheckAgreementNeeded("u1", AUDIT_CARD),
        UnifiedRequest.Other(Operation.USER_ADMISSION, PERSONAL_JSON),
    ),
)

/** Public types that hold no personal data (checked by reading them: ids, codes, key facts). */
private val HOLD_NO_PERSONAL_DATA = setOf(
    "EncodeOptions", // one flag
    "KeyInfo", // key size, format, fingerprint
    "Outcome", // unified status, the provider's code and message, the confirm token
    "TransportHints", // timeout and idempotence
    "CanonicalRule", // how to build a string to sign
    "OutcomeStatus", // the unified status
    "SignatureBlock", // what an RSA signature opens to: lengths, a digest, a hash
)

fun registerMaskingAuditTests() {
    test("masking audit: no public type's toString shows a card, ID, phone, name or code") {
        for ((type, instances) in AUDITED) {
            for (instance in instances) {
                val shown = instance.toString()
                check(shown.isNotEmpty()) { "$type printed nothing" }
                for (value in AUDIT_VALUES) {
                    check(!shown.contains(value)) { "$type.toString() shows personal data: $shown" }
                }
            }
        }
    }

    test("masking audit: toString is Rust's masked Debug, not Kotlin's data-class default") {
        assertEq(
            "BindCardConfirmRequest { user_id: \"u1\", confirm_token: Some(\"T1\"), verify_code: \"******\", order_id: None, .. }",
            CONFIRM.toString(),
            "BindCardConfirmRequest.toString()",
        )
        assertEq("NameValue { name: \"card_no\", value: \"******\" }", PERSONAL_PAIRS[0].toString(), "NameValue")
        assertEq("Param { key: \"card_no\", value: Some(\"******\") }", Param("card_no", AUDIT_CARD).toString(), "Param")
        val decoded = DecodedRequest("bankcardbind", "{\"card_no\":\"$AUDIT_CARD\",\"n\":1}", "{}", SignatureCheck.VERIFIED, null)
        assertEq(
            "DecodedRequest { operation: \"bankcardbind\", fields: {\"card_no\":\"******\",\"n\":\"******\"}, signature: Verified, replay_key: None, .. }",
            decoded.toString(),
            "DecodedRequest",
        )
    }

    test("masking audit: every public data class and sealed class of the bindings is audited or listed as holding no personal data") {
        val source = java.io.File(repoRoot, "bindings/kotlin/src/main/kotlin/io/cardbind/cardbind.kt").readText()
        val declared = Regex("""^(?:data class|sealed class) (\w+)""", RegexOption.MULTILINE)
            .findAll(source).map { it.groupValues[1] }.filter { it != "CardbindException" }.toSet()
        val covered = AUDITED.keys + HOLD_NO_PERSONAL_DATA
        assertEq(declared.sorted(), covered.sorted(), "public data/sealed classes vs the audit")
    }

    test("masking audit: a decoded response from the codec prints masked") {
        val decoded = DecodedResponse(
            "bankcardbindverfy", PERSONAL_JSON, "{}",
            Outcome(OutcomeStatus.Failed(ErrorKind.VERIFY_CODE_WRONG, false), "1900", "短信验证码错误", false, 200u),
            SignatureCheck.VERIFIED, null,
        )
        val printed = "$decoded"
        check(printed.startsWith("DecodedResponse { operation: \"bankcardbindverfy\", fields: {")) { printed }
        for (value in AUDIT_VALUES) check(!printed.contains(value)) { printed }
    }
}
