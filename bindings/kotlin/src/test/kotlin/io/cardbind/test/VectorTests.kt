package io.cardbind.test

import io.cardbind.*
import java.security.MessageDigest
import java.util.Base64

// Shared known-answer vectors from spec/vectors (made by openssl / Python cryptography / hashlib),
// driven through the generated Kotlin API: exact bytes, not round trips.

private fun digestOf(name: String) = when (name) {
    "md5" -> DigestAlgorithm.MD5
    "sha1" -> DigestAlgorithm.SHA1
    "sha256" -> DigestAlgorithm.SHA256
    else -> error("unknown digest $name")
}

private fun caseOf(name: String) = when (name) {
    "lower" -> HexCase.LOWER
    "upper" -> HexCase.UPPER
    else -> error("unknown case $name")
}

private fun ruleOf(rule: Map<String, Any?>): CanonicalRule = when (rule.s("kind")) {
    "sorted_pairs" -> CanonicalRule.SortedPairs(
        order = when (rule.s("order")) {
            "bytewise" -> KeyOrder.BYTEWISE
            "case_insensitive" -> KeyOrder.CASE_INSENSITIVE
            else -> error("unknown order")
        },
        exclude = rule["exclude"].arr().map { it.str() },
        skipEmpty = rule["skip_empty"] as Boolean,
    )
    "wrapped_concat" -> xianjincardRule()
    else -> error("unknown rule kind")
}

fun registerVectorTests() {
    val signatures = Json.parse(specFile("vectors/signatures.json").readText()).obj()["vectors"].arr().map { it.obj() }
    val canonical = Json.parse(specFile("vectors/canonical.json").readText()).obj()["cases"].arr().map { it.obj() }

    test("signatures.json: rsaSign reproduces all ${signatures.size} openssl/cryptography signatures byte for byte and rsaVerify accepts them") {
        check(signatures.size >= 39) { "expected at least 39 signature vectors, found ${signatures.size}" }
        val privateKeys = HashMap<String, ByteArray>()
        for (v in signatures) {
            val key = v.s("key")
            val private = privateKeys.getOrPut(key) { keyBytes("$key-private-pkcs8.pem") }
            val public = keyBytes("$key-public-spki.pem")
            val message = v.s("message_hex").unhex()
            val digest = digestOf(v.s("digest"))
            val expected = v.s("signature_b64")
            assertEq(expected, rsaSignBase64(private, digest, message, seed()), "${v["id"]} base64 signature")
            assertEq(Base64.getDecoder().decode(expected), rsaSign(private, digest, message, seed(9)), "${v["id"]} raw signature")
            rsaVerifyBase64(public, digest, message, expected)
            rsaVerify(public, digest, message, Base64.getDecoder().decode(expected))
            (v["signature_b64_wrapped"] as String?)?.let { rsaVerifyBase64(public, digest, message, it) }
        }
    }

    test("signatures.json: a changed message or a signature under another key throws Signature(SIGNATURE_INVALID)") {
        val v = signatures.first { it["id"] == "rsa-1024-md5-ascii" }
        val public = keyBytes("test-rsa-1024-public-spki.pem")
        val message = v.s("message_hex").unhex()
        message[0] = (message[0].toInt() xor 1).toByte()
        val e = assertThrows<CardbindException.Signature> {
            rsaVerifyBase64(public, DigestAlgorithm.MD5, message, v.s("signature_b64"))
        }
        assertEq(ErrorKind.SIGNATURE_INVALID, e.kind)
        assertEq(
            "signature does not match (diagnose: cardbind verify --explain --raw --key THEIR_PUBLIC_KEY.pem --digest md5 " +
                "--signature SIGNATURE STRING_TO_SIGN.txt)",
            e.detail,
        )
        val other = keyBytes("test-rsa-1024b-public-spki.pem")
        assertThrows<CardbindException.Signature> {
            rsaVerifyBase64(other, DigestAlgorithm.MD5, v.s("message_hex").unhex(), v.s("signature_b64"))
        }
        val short = assertThrows<CardbindException.Signature> {
            rsaVerify(public, DigestAlgorithm.MD5, v.s("message_hex").unhex(), ByteArray(127))
        }
        assertEq(
            "signature is 127 bytes; this 128-byte key makes 128-byte signatures (diagnose: cardbind verify --explain --raw " +
                "--key THEIR_PUBLIC_KEY.pem --digest md5 --signature SIGNATURE STRING_TO_SIGN.txt)",
            short.detail,
        )
    }

    test("canonical.json: canonicalString and the MD5/RSA signatures match all ${canonical.size} Python reference cases") {
        check(canonical.size >= 15) { "expected at least 15 canonical cases, found ${canonical.size}" }
        for (c in canonical) {
            val id = c.s("id")
            val params = c["params"].obj().map { (k, v) -> Param(k, v as String?) }
            val got = canonicalString(params, ruleOf(c["rule"].obj()))
            assertEq(c.s("canonical"), got, "$id canonical")
            val sig = c["signature"].obj()
            val bytes = got.toByteArray(Charsets.UTF_8)
            when (sig.s("scheme")) {
                "md5_salted", "md5" -> {
                    val salt = if (sig.s("scheme") == "md5") ByteArray(0)
                    else (sig.s("salt_prefix") + sig.s("key")).toByteArray(Charsets.UTF_8)
                    val case = caseOf(sig.s("case"))
                    assertEq(sig.s("expected"), md5HexSign(bytes, salt, case), "$id md5")
                    md5HexVerify(bytes, salt, sig.s("expected"), case, CaseRule.EXACT)
                }
                "rsa_pkcs1v15" -> {
                    val key = sig.s("key")
                    val digest = digestOf(sig.s("digest"))
                    assertEq(sig.s("expected_b64"), rsaSignBase64(keyBytes("$key-private-pkcs8.pem"), digest, bytes, seed()), "$id rsa")
                    rsaVerifyBase64(keyBytes("$key-public-spki.pem"), digest, bytes, sig.s("expected_b64"))
                }
                else -> error("unknown scheme")
            }
        }
    }

    test("md5HexVerify: wrong letter case is refused under EXACT and accepted under INSENSITIVE; a changed salt does not verify") {
        val c = canonical.first { it["id"] == "vbao-bindcard-create" }
        val sig = c["signature"].obj()
        val bytes = c.s("canonical").toByteArray(Charsets.UTF_8)
        val salt = (sig.s("salt_prefix") + sig.s("key")).toByteArray(Charsets.UTF_8)
        val upper = sig.s("expected")
        val e = assertThrows<CardbindException.Signature> {
            md5HexVerify(bytes, salt, upper.lowercase(), HexCase.UPPER, CaseRule.EXACT)
        }
        assertEq(
            "MD5 signature must be Upper-case hex (diagnose: cardbind verify --explain --raw --secret-file SECRET.txt " +
                "--salt-prefix '' --case upper --signature SIGNATURE STRING_TO_SIGN.txt)",
            e.detail,
        )
        md5HexVerify(bytes, salt, upper.lowercase(), HexCase.UPPER, CaseRule.INSENSITIVE)
        val mismatch = assertThrows<CardbindException.Signature> {
            md5HexVerify(bytes, salt + byteArrayOf(0x30), upper, HexCase.UPPER, CaseRule.EXACT)
        }
        assertEq(ErrorKind.SIGNATURE_INVALID, mismatch.kind)
    }

    test("canonicalString: duplicate and missing parameters throw Canonical naming the parameter, not its value") {
        val dup = assertThrows<CardbindException.Canonical> {
            canonicalString(listOf(Param("card_no", "6222022005001212726"), Param("card_no", "x")), sortedPairsRule(KeyOrder.BYTEWISE))
        }
        assertEq("card_no", dup.field)
        assertEq(ErrorKind.INVALID_PARAMETER, dup.kind)
        check(!dup.message!!.contains("6222022005001212726")) { "message quotes the value: ${dup.message}" }
        val missing = assertThrows<CardbindException.Canonical> {
            canonicalString(listOf(Param("ua", "U"), Param("call", "c"), Param("args", "{}")), xianjincardRule())
        }
        assertEq("parameter `signkey` is required by the signature rule", missing.detail)
    }

    test("keys: conversions equal the committed openssl forms; fingerprint is SHA-256 of the SPKI DER") {
        for (bits in listOf(1024, 2048, 4096)) {
            val name = "test-rsa-$bits"
            val spkiDer = keyBytes("$name-public-spki.der")
            val pkcs1Pem = keyBytes("$name-public-pkcs1.pem")
            assertEq(spkiDer, convertPublicKey(pkcs1Pem, PublicKeyFormat.SPKI_DER), "$name SPKI DER from PKCS#1 PEM")
            assertEq(keyBytes("$name-public-spki.pem"), convertPublicKey(spkiDer, PublicKeyFormat.SPKI_PEM), "$name SPKI PEM")
            assertEq(keyBytes("$name-public-spki.b64"), convertPublicKey(spkiDer, PublicKeyFormat.SPKI_BASE64), "$name base64")
            assertEq(spkiDer, derivePublicKey(keyBytes("$name-private-pkcs1.pem"), PublicKeyFormat.SPKI_DER), "$name derived")
            assertEq(keyBytes("$name-private-pkcs8.der"), convertPrivateKey(keyBytes("$name-private-pkcs1.pem"), PrivateKeyFormat.PKCS8_DER), "$name PKCS#8 DER")
            assertEq(keyBytes("$name-private-pkcs8.pem"), convertPrivateKey(keyBytes("$name-private-pkcs8.b64"), PrivateKeyFormat.PKCS8_PEM), "$name PKCS#8 PEM")
            assertEq(keyBytes("$name-private-pkcs8.b64"), convertPrivateKey(keyBytes("$name-private-pkcs8.der"), PrivateKeyFormat.PKCS8_BASE64), "$name PKCS#8 base64")

            val info = inspectKey(keyBytes("$name-private-pkcs1.pem"))
            assertEq(KeyRole.PRIVATE, info.role)
            assertEq(KeyContainer.PEM, info.container)
            assertEq(KeyStructure.PKCS1_PRIVATE, info.structure)
            assertEq(bits.toUInt(), info.bits)
            assertEq((bits / 8).toUInt(), info.sizeBytes)
            val sha = MessageDigest.getInstance("SHA-256").digest(spkiDer).hex()
            assertEq("SHA256:$sha", info.fingerprint, "$name fingerprint")
            assertEq(String(keyBytes("$name-public-spki.pem")), info.publicKeyPem)
        }
        val wrapped = inspectKey(keyBytes("test-rsa-1024-public-spki-wrapped.b64"))
        assertEq(KeyRole.PUBLIC, wrapped.role)
        assertEq(KeyContainer.BASE64, wrapped.container)
        assertEq(KeyStructure.SPKI, wrapped.structure)
        assertEq(KeyContainer.DER, inspectKey(keyBytes("test-rsa-2048-public-spki.der")).container)
    }

    test("keys: unusable keys throw Key(MERCHANT_MISCONFIGURED) with a reason and no key bytes") {
        fun keyError(file: String, call: (ByteArray) -> Unit): CardbindException.Key {
            val e = assertThrows<CardbindException.Key> { call(keyBytes(file)) }
            assertEq(ErrorKind.MERCHANT_MISCONFIGURED, e.kind)
            return e
        }
        assertEq(
            "key: key is encrypted (ENCRYPTED PRIVATE KEY); export it unencrypted (e.g. `openssl pkey -in key.pem -out plain.pem`)",
            keyError("test-rsa-1024-private-encrypted.pem") { inspectKey(it) }.detail,
        )
        assertEq("key: not an RSA key (algorithm EC)", keyError("test-ec-p256-public-spki.pem") { inspectKey(it) }.detail)
        assertEq("key: RSA key of 512 bits is too small (minimum 1024)", keyError("test-rsa-512-public-spki.pem") { inspectKey(it) }.detail)
        val wrongRole = keyError("test-rsa-1024-private-pkcs8.pem") { convertPublicKey(it, PublicKeyFormat.SPKI_PEM) }
        assertEq("public_key", wrongRole.field)
        val publicAsPrivate = keyError("test-rsa-1024-public-spki.pem") {
            rsaSign(it, DigestAlgorithm.SHA256, ByteArray(0), seed())
        }
        assertEq("private_key: a public key was given where a private key is needed", publicAsPrivate.detail)
    }

    test("arguments: a seed that is not 32 bytes throws Argument(INVALID_PARAMETER)") {
        val e = assertThrows<CardbindException.Argument> {
            rsaSign(keyBytes("test-rsa-1024-private-pkcs8.pem"), DigestAlgorithm.SHA256, ByteArray(1), ByteArray(16))
        }
        assertEq("seed", e.field)
        assertEq(ErrorKind.INVALID_PARAMETER, e.kind)
        assertEq("seed: must be exactly 32 random bytes, got 16", e.detail)
    }
}
