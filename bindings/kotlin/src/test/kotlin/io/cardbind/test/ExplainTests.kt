package io.cardbind.test

import io.cardbind.*
import io.cardbind.jvm.Cardbind

// `Cardbind.explain`, the JVM's `cardbind verify --explain`: on every spec/vectors/explain case it
// gives what the Rust binary prints, recorded in spec/vectors/explain/outputs.json (which
// bindings/cli/tests/explain_outputs.rs checks against the binary).

private val explainCases = Json.parse(specFile("vectors/explain/explain.json").readText()).obj()["cases"].arr().map { it.obj() }
private val explainOutputs = Json.parse(specFile("vectors/explain/outputs.json").readText()).obj()["outputs"].obj()

private fun digestNamed(name: String?): DigestAlgorithm? = when (name) {
    null -> null
    "md5" -> DigestAlgorithm.MD5
    "sha1" -> DigestAlgorithm.SHA1
    else -> DigestAlgorithm.SHA256
}

private fun messageOf(case: Map<String, Any?>): String = when (val params = case["params"]) {
    is String -> params
    else -> toJson(params)
}

/** The case's `verify --explain` options as an [ExplainRequest]. */
private fun requestOf(case: Map<String, Any?>): ExplainRequest {
    val rule = case["rule"].obj()
    return ExplainRequest(
        message = messageOf(case).toByteArray(Charsets.UTF_8),
        signature = case.s("signature"),
        canonical = if (rule["canonical"] == "xianjincard") ExplainCanonical.XIANJINCARD else null,
        raw = rule["canonical"] == "raw",
        digest = digestNamed(rule["digest"] as String?),
        key = if (rule["scheme"] == "rsa") keyBytes("${rule.s("key")}-public-spki.pem") else null,
        secret = case["secret"] as String?,
        secretFileText = case["secret_file_text"] as String?,
        alsoSecrets = (case["also_secrets"] as List<*>?)?.map { it as String } ?: emptyList(),
    )
}

private fun number(n: ULong) = JsonNumber(n.toString())

private fun findingOf(f: Finding): Map<String, Any?> =
    linkedMapOf<String, Any?>("cause" to f.cause, "summary" to f.summary).also { m ->
        f.stringToSign?.let { m["string_to_sign"] = it }
    }

private fun blockOf(b: SignatureBlock): Map<String, Any?> = linkedMapOf<String, Any?>("kind" to b.kind).also { m ->
    b.error?.let { m["error"] = it }
    b.actualBytes?.let { m["actual_bytes"] = number(it) }
    b.expectedBytes?.let { m["expected_bytes"] = number(it) }
    if (b.kind == "valid") m["digest"] = b.digest?.name?.lowercase()
    b.hashHex?.let { m["hash_hex"] = it }
}

/** The explanation as `--json` writes it (absent fields left out, as there). */
private fun documentOf(e: Explanation): Map<String, Any?> {
    val doc = linkedMapOf<String, Any?>(
        "rule" to e.rule,
        "algorithm" to e.algorithm,
        "string_to_sign" to e.stringToSign,
        "string_to_sign_encoding" to e.stringToSignEncoding,
        "string_to_sign_masked" to e.stringToSignMasked,
        "string_to_sign_bytes" to number(e.stringToSignBytes),
        "digest" to mapOf("algorithm" to e.digest.name.lowercase(), "hex" to e.digestHex),
        "verified" to e.verified,
    )
    e.error?.let { doc["error"] = it }
    e.diagnosis?.let { d ->
        doc["diagnosis"] = mapOf(
            "most_likely" to findingOf(d.mostLikely),
            "verified_alternatives" to d.verifiedAlternatives.map(::findingOf),
            "signature_block" to d.signatureBlock?.let(::blockOf),
            "alternatives_tried" to number(d.alternativesTried),
        )
    }
    if (e.notes.isNotEmpty()) doc["notes"] = e.notes
    return doc
}

fun registerExplainTests() {
    test("explain: every spec/vectors/explain case gives the diagnosis and text the Rust binary prints") {
        check(explainCases.size == explainOutputs.size) { "${explainCases.size} cases, ${explainOutputs.size} outputs" }
        for (case in explainCases) {
            val id = case.s("id")
            val recorded = explainOutputs[id].obj()
            val explained = Cardbind.explain(requestOf(case))
            assertEq(recorded["text"].obj().s("stdout"), explained.report, "$id report")
            assertEq(Json.parse(recorded["json"].obj().s("stdout")), documentOf(explained), "$id document")
            assertEq(false, explained.verified, "$id verified")
            assertEq(case.s("expected_cause"), explained.diagnosis!!.mostLikely.cause, "$id cause")
        }
    }

    test("explain: the short form (message, signature, key or secret) is the request's explanation") {
        val rsa = explainCases.first { it["id"] == "received-order-rsa" }
        val pem = String(keyBytes("test-rsa-1024-public-spki.pem"), Charsets.US_ASCII)
        assertEq(
            Cardbind.explain(requestOf(rsa)),
            Cardbind.explain(messageOf(rsa), rsa.s("signature"), pem, DigestAlgorithm.MD5),
            "RSA",
        )
        val md5 = explainCases.first { it["id"] == "trimmed-value" }
        assertEq(
            Cardbind.explain(requestOf(md5)),
            Cardbind.explain(messageOf(md5), md5.s("signature"), secret = md5.s("secret")),
            "MD5",
        )
        val good = Cardbind.explain("a=1&b=2", md5Hex("a=1&b=2&key=s"), secret = "s")
        assertEq(true, good.verified, "a signature that verifies")
        assertEq(null, good.diagnosis, "its diagnosis")
    }

    test("explain: an argument the command refuses throws Argument with the command's message") {
        val e = assertThrows<CardbindException.Argument> {
            Cardbind.explain("{\"a\":\"1\",\"sign\":\"x\"}", secret = "s", provider = "LianLian")
        }
        assertEq("explain", e.field)
        assertEq(
            "unknown provider `LianLian`: did you mean `lianlian`? (one of: lianlian, xianjincard, yixin, vbao, huanbei)",
            e.detail,
        )
    }
}

private fun md5Hex(text: String): String =
    java.security.MessageDigest.getInstance("MD5").digest(text.toByteArray(Charsets.UTF_8)).hex()
