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

/** A request fingerprint: a digest of personal data, so it stays out of toString too. */
private const val AUDIT_FINGERPRINT = "ab12cd34ef56ab12cd34ef56ab12cd34ef56ab12cd34ef56ab12cd34ef56ab12"

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
        DecodedRequest("bankcardbind", PERSONAL_JSON, PERSONAL_JSON, SignatureCheck.VERIFIED, null, AUDIT_FINGERPRINT),
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

/** Public types that hold no personal data (checked by reading them: ids, codes, key facts), one instance of each variant. */
private val HOLD_NO_PERSONAL_DATA: Map<String, List<Any>> = mapOf(
    "EncodeOptions" to listOf(EncodeOptions(allowUnlistedFields = true)), // one flag
    "KeyInfo" to listOf(inspectKey(keyBytes("test-rsa-2048-public-spki.pem"))), // key size, format, fingerprint
    // Unified status, the provider's code and message, the confirm token.
    "Outcome" to listOf(Outcome(OutcomeStatus.CodeSent("T1"), "8888", "验证码已发送", true, 200u)),
    "TransportHints" to listOf(TransportHints(2000u, false)), // timeout and idempotence
    "CanonicalRule" to listOf( // how to build a string to sign
        CanonicalRule.SortedPairs(KeyOrder.BYTEWISE, listOf("sign"), true),
        CanonicalRule.WrappedConcat(listOf("ua", "signkey", "ua"), listOf("call", "args")),
    ),
    "OutcomeStatus" to listOf( // the unified status
        OutcomeStatus.Succeeded,
        OutcomeStatus.CodeSent(null),
        OutcomeStatus.Pending,
        OutcomeStatus.Failed(ErrorKind.VERIFY_CODE_WRONG, true),
    ),
    // What an RSA signature opens to: lengths, a digest, a hash.
    "SignatureBlock" to listOf(SignatureBlock("valid", null, null, null, DigestAlgorithm.SHA1, "00ff")),
)

/** FFI plumbing the generated file declares public (uniffi's runtime, not the cardbind API). */
private val PLUMBING = setOf("RustBuffer", "InternalException", "NoHandle", "CardbindException")

/** What Object.toString prints when a class does not say how it prints: `io.cardbind.X@6646153`. */
private val OBJECT_IDENTITY = Regex("""^[\w.$]+@[0-9a-f]+$""")

/** The public records and sealed classes the generated bindings declare (data class, sealed class). */
private fun declaredTypes(kind: String): Set<String> {
    val source = java.io.File(repoRoot, "bindings/kotlin/src/main/kotlin/io/cardbind/cardbind.kt").readText()
    return Regex("""^$kind (\w+)""", RegexOption.MULTILINE)
        .findAll(source).map { it.groupValues[1] }.filter { it !in PLUMBING }.toSet()
}

/** toString as a log line shows it: named after the type or variant, never an object identity. */
private fun assertReadable(type: String, instance: Any) {
    val shown = instance.toString()
    check(!OBJECT_IDENTITY.matches(shown)) { "$type.toString() is an object identity: $shown" }
    val name = instance.javaClass.simpleName
    check(shown.startsWith(name)) { "$type.toString() does not start with $name: $shown" }
}

fun registerMaskingAuditTests() {
    test("masking audit: no public type's toString shows a card, ID, phone, name or code") {
        for ((type, instances) in AUDITED) {
            for (instance in instances) {
                val shown = instance.toString()
                check(shown.isNotEmpty()) { "$type printed nothing" }
                for (value in AUDIT_VALUES + AUDIT_FINGERPRINT) {
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
        val decoded = DecodedRequest("bankcardbind", "{\"card_no\":\"$AUDIT_CARD\",\"n\":1}", "{}", SignatureCheck.VERIFIED, null, AUDIT_FINGERPRINT)
        assertEq(
            "DecodedRequest { operation: \"bankcardbind\", fields: {\"card_no\":\"******\",\"n\":\"******\"}, signature: Verified, replay_key: None, .. }",
            decoded.toString(),
            "DecodedRequest",
        )
    }

    test("masking audit: every public data class and sealed class of the bindings is audited or listed as holding no personal data") {
        val declared = declaredTypes("data class") + declaredTypes("sealed class")
        val covered = AUDITED.keys + HOLD_NO_PERSONAL_DATA.keys
        assertEq(declared.sorted(), covered.sorted(), "public data/sealed classes vs the audit")
    }

    test("every public record and sealed-class variant prints readably: its type or variant name, never io.cardbind.X@6646153") {
        for ((type, instances) in AUDITED + HOLD_NO_PERSONAL_DATA) {
            for (instance in instances) assertReadable(type, instance)
        }
        assertEq("Succeeded", OutcomeStatus.Succeeded.toString(), "OutcomeStatus.Succeeded")
        assertEq("Pending", OutcomeStatus.Pending.toString(), "OutcomeStatus.Pending")
        assertEq(
            "Outcome { status: CodeSent { confirm_token: Some(\"T1\") }, provider_code: \"8888\", provider_message: Some(\"验证码已发送\"), authenticated: true, http_status: Some(200) }",
            HOLD_NO_PERSONAL_DATA.getValue("Outcome").single().toString(),
            "Outcome",
        )
    }

    test("every public enum prints its constant's name, what Java's valueOf takes") {
        val enums = declaredTypes("enum class")
        check(enums.containsAll(listOf("Provider", "ErrorKind", "Operation", "SignatureCheck"))) { "enums found: $enums" }
        for (type in enums) {
            for (constant in Class.forName("io.cardbind.$type").enumConstants) {
                assertEq((constant as Enum<*>).name, constant.toString(), "$type.toString()")
            }
        }
    }

    test("a ProviderClient prints its provider, not its keys or an object identity") {
        val privateKey = String(keyBytes("test-rsa-1024-private-pkcs8.pem"), Charsets.US_ASCII)
        val client = ProviderClient(Provider.LIAN_LIAN, toJson(mapOf(
            "oid_partner" to "201408071000001543", "sign_type" to "RSA", "our_private_key" to privateKey,
            "their_public_key" to String(keyBytes("test-rsa-2048-public-spki.pem"), Charsets.US_ASCII),
            "base_url" to "https://mpay.lianlian.test/v1",
        )))
        client.use { assertEq("ProviderClient { provider: LianLian, .. }", it.toString(), "ProviderClient.toString()") }
        assertEq("Cardbind", io.cardbind.jvm.Cardbind.toString(), "the Java helpers' object")
    }

    test("an exception prints its variant and masked message, never the value") {
        val error = assertThrows<CardbindException.Config> {
            ProviderClient(Provider.LIAN_LIAN, toJson(mapOf("oid_partner" to "201408071000001543", "sign_type" to AUDIT_CARD)))
        }
        val shown = error.toString()
        check(shown.startsWith("io.cardbind.CardbindException\$Config: ")) { shown }
        for (value in AUDIT_VALUES) check(!shown.contains(value)) { shown }
    }

    test("records have no setters: outcomes, decoded messages and every other record are read-only from Kotlin and Java") {
        val records = declaredTypes("data class")
        check(records.containsAll(listOf("Outcome", "DecodedRequest", "DecodedResponse", "HttpResponse"))) { "records: $records" }
        for (type in records) {
            val cls = Class.forName("io.cardbind.$type")
            val setters = cls.methods.filter { it.name.startsWith("set") && it.parameterCount == 1 }.map { it.name }
            assertEq(emptyList<String>(), setters, "$type's setters")
            val mutable = cls.declaredFields.filter {
                !java.lang.reflect.Modifier.isStatic(it.modifiers) && !java.lang.reflect.Modifier.isFinal(it.modifiers)
            }.map { it.name }
            assertEq(emptyList<String>(), mutable, "$type's non-final fields")
        }
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
