// Shared known-answer vectors from spec/vectors, as in bindings/kotlin/src/test/.../VectorTests.kt.
import Foundation
import XCTest
#if canImport(CryptoKit)
import CryptoKit
#endif
@testable import Cardbind

private func digest(_ name: String) -> DigestAlgorithm {
    switch name {
    case "md5": return .md5
    case "sha1": return .sha1
    default: return .sha256
    }
}

private func rule(_ object: [String: Any]) -> CanonicalRule {
    if object["kind"] as? String == "wrapped_concat" {
        return xianjincardRule()
    }
    return .sortedPairs(
        order: object["order"] as? String == "case_insensitive" ? .caseInsensitive : .bytewise,
        exclude: object["exclude"] as? [String] ?? [],
        skipEmpty: object["skip_empty"] as? Bool ?? true
    )
}

final class VectorTests: XCTestCase {
    func testRsaSignReproducesEverySignatureVectorAndVerifyAcceptsIt() throws {
        let vectors = try jsonObject(try specData("vectors/signatures.json"))["vectors"] as! [[String: Any]]
        XCTAssertGreaterThanOrEqual(vectors.count, 39)
        for v in vectors {
            let key = v["key"] as! String
            let id = v["id"] as! String
            let privateKey = try keyBytes("\(key)-private-pkcs8.pem")
            let publicKey = try keyBytes("\(key)-public-spki.pem")
            let message = Data(hex: v["message_hex"] as! String)
            let algorithm = digest(v["digest"] as! String)
            let expected = v["signature_b64"] as! String
            XCTAssertEqual(try rsaSignBase64(privateKey: privateKey, digest: algorithm, message: message, seed: seed()), expected, id)
            XCTAssertEqual(try rsaSign(privateKey: privateKey, digest: algorithm, message: message, seed: seed(9)), Data(base64Encoded: expected), id)
            try rsaVerifyBase64(publicKey: publicKey, digest: algorithm, message: message, signatureBase64: expected)
            try rsaVerify(publicKey: publicKey, digest: algorithm, message: message, signature: Data(base64Encoded: expected)!)
            if let wrapped = v["signature_b64_wrapped"] as? String {
                try rsaVerifyBase64(publicKey: publicKey, digest: algorithm, message: message, signatureBase64: wrapped)
            }
        }
    }

    func testChangedMessageOrOtherKeyThrowsSignatureInvalid() throws {
        let vectors = try jsonObject(try specData("vectors/signatures.json"))["vectors"] as! [[String: Any]]
        let v = vectors.first { $0["id"] as? String == "rsa-1024-md5-ascii" }!
        var message = Data(hex: v["message_hex"] as! String)
        message[0] ^= 1
        let publicKey = try keyBytes("test-rsa-1024-public-spki.pem")
        let error = cardbindError {
            try rsaVerifyBase64(publicKey: publicKey, digest: .md5, message: message, signatureBase64: v["signature_b64"] as! String)
        }
        guard case let .Signature(kind, _, detail)? = error else { return XCTFail("expected Signature, got \(String(describing: error))") }
        XCTAssertEqual(kind, .signatureInvalid)
        XCTAssertEqual(detail, "signature does not match (diagnose: cardbind verify --explain --raw --key THEIR_PUBLIC_KEY.pem --digest md5 --signature SIGNATURE STRING_TO_SIGN.txt)")
        let other = try keyBytes("test-rsa-1024b-public-spki.pem")
        XCTAssertEqual(cardbindError {
            try rsaVerifyBase64(publicKey: other, digest: .md5, message: Data(hex: v["message_hex"] as! String), signatureBase64: v["signature_b64"] as! String)
        }?.kind, .signatureInvalid)
        XCTAssertEqual(cardbindError {
            try rsaVerify(publicKey: publicKey, digest: .md5, message: Data(hex: v["message_hex"] as! String), signature: Data(count: 127))
        }?.detail, "signature is 127 bytes; this 128-byte key makes 128-byte signatures (diagnose: cardbind verify --explain --raw --key THEIR_PUBLIC_KEY.pem --digest md5 --signature SIGNATURE STRING_TO_SIGN.txt)")
    }

    func testCanonicalStringsAndSignaturesMatchThePythonReferenceCases() throws {
        let cases = try jsonObject(try specData("vectors/canonical.json"))["cases"] as! [[String: Any]]
        XCTAssertGreaterThanOrEqual(cases.count, 15)
        for c in cases {
            let id = c["id"] as! String
            let params = (c["params"] as! [String: Any]).map { Param(key: $0.key, value: $0.value as? String) }
            let got = try canonicalString(params: params, rule: rule(c["rule"] as! [String: Any]))
            XCTAssertEqual(got, c["canonical"] as? String, id)
            let signature = c["signature"] as! [String: Any]
            let bytes = Data(got.utf8)
            switch signature["scheme"] as! String {
            case "md5_salted", "md5":
                let salt = signature["scheme"] as? String == "md5"
                    ? Data()
                    : Data(((signature["salt_prefix"] as! String) + (signature["key"] as! String)).utf8)
                let hexCase: HexCase = signature["case"] as? String == "upper" ? .upper : .lower
                XCTAssertEqual(md5HexSign(message: bytes, salt: salt, case: hexCase), signature["expected"] as? String, id)
                try md5HexVerify(message: bytes, salt: salt, signature: signature["expected"] as! String, case: hexCase, caseRule: .exact)
            default:
                let key = signature["key"] as! String
                let algorithm = digest(signature["digest"] as! String)
                XCTAssertEqual(
                    try rsaSignBase64(privateKey: try keyBytes("\(key)-private-pkcs8.pem"), digest: algorithm, message: bytes, seed: seed()),
                    signature["expected_b64"] as? String, id)
                try rsaVerifyBase64(publicKey: try keyBytes("\(key)-public-spki.pem"), digest: algorithm, message: bytes,
                                    signatureBase64: signature["expected_b64"] as! String)
            }
        }
    }

    func testMd5CaseRulesAndCanonicalErrorsNameTheParameter() throws {
        let cases = try jsonObject(try specData("vectors/canonical.json"))["cases"] as! [[String: Any]]
        let c = cases.first { $0["id"] as? String == "vbao-bindcard-create" }!
        let signature = c["signature"] as! [String: Any]
        let bytes = Data((c["canonical"] as! String).utf8)
        let salt = Data(((signature["salt_prefix"] as! String) + (signature["key"] as! String)).utf8)
        let upper = signature["expected"] as! String
        XCTAssertEqual(cardbindError {
            try md5HexVerify(message: bytes, salt: salt, signature: upper.lowercased(), case: .upper, caseRule: .exact)
        }?.detail, "MD5 signature must be Upper-case hex (diagnose: cardbind verify --explain --raw --secret-file SECRET.txt --salt-prefix '' --case upper --signature SIGNATURE STRING_TO_SIGN.txt)")
        try md5HexVerify(message: bytes, salt: salt, signature: upper.lowercased(), case: .upper, caseRule: .insensitive)

        let duplicate = cardbindError {
            _ = try canonicalString(params: [Param(key: "card_no", value: "6222022005001212726"), Param(key: "card_no", value: "x")],
                                    rule: sortedPairsRule(order: .bytewise))
        }
        guard case let .Canonical(kind, field, detail)? = duplicate else { return XCTFail("expected Canonical") }
        XCTAssertEqual(kind, .invalidParameter)
        XCTAssertEqual(field, "card_no")
        XCTAssertFalse(detail.contains("6222022005001212726"))
    }

    func testKeyConversionsEqualTheCommittedOpensslForms() throws {
        for bits in [1024, 2048, 4096] {
            let name = "test-rsa-\(bits)"
            let spkiDer = try keyBytes("\(name)-public-spki.der")
            XCTAssertEqual(try convertPublicKey(publicKey: try keyBytes("\(name)-public-pkcs1.pem"), format: .spkiDer), spkiDer)
            XCTAssertEqual(try convertPublicKey(publicKey: spkiDer, format: .spkiPem), try keyBytes("\(name)-public-spki.pem"))
            XCTAssertEqual(try convertPublicKey(publicKey: spkiDer, format: .spkiBase64), try keyBytes("\(name)-public-spki.b64"))
            XCTAssertEqual(try derivePublicKey(privateKey: try keyBytes("\(name)-private-pkcs1.pem"), format: .spkiDer), spkiDer)
            XCTAssertEqual(try convertPrivateKey(privateKey: try keyBytes("\(name)-private-pkcs1.pem"), format: .pkcs8Der),
                           try keyBytes("\(name)-private-pkcs8.der"))
            let info = try inspectKey(key: try keyBytes("\(name)-private-pkcs1.pem"))
            XCTAssertEqual(info.role, .private)
            XCTAssertEqual(info.container, .pem)
            XCTAssertEqual(info.structure, .pkcs1Private)
            XCTAssertEqual(info.bits, UInt32(bits))
            XCTAssertEqual(info.sizeBytes, UInt32(bits / 8))
            #if canImport(CryptoKit)
            let sha = Data(SHA256.hash(data: spkiDer)).hex
            XCTAssertEqual(info.fingerprint, "SHA256:\(sha)")
            #endif
        }
        XCTAssertEqual(try inspectKey(key: try keyBytes("test-rsa-1024-public-spki-wrapped.b64")).container, .base64)
    }

    func testUnusableKeysAndShortSeedsAreTypedErrors() throws {
        XCTAssertEqual(cardbindError { _ = try inspectKey(key: try keyBytes("test-ec-p256-public-spki.pem")) }?.detail,
                       "key: not an RSA key (algorithm EC)")
        XCTAssertEqual(cardbindError { _ = try inspectKey(key: try keyBytes("test-rsa-512-public-spki.pem")) }?.detail,
                       "key: RSA key of 512 bits is too small (minimum 1024)")
        let wrongRole = cardbindError {
            _ = try convertPublicKey(publicKey: try keyBytes("test-rsa-1024-private-pkcs8.pem"), format: .spkiPem)
        }
        guard case let .Key(kind, field, _)? = wrongRole else { return XCTFail("expected Key") }
        XCTAssertEqual(kind, .merchantMisconfigured)
        XCTAssertEqual(field, "public_key")
        let short = cardbindError {
            _ = try rsaSign(privateKey: try keyBytes("test-rsa-1024-private-pkcs8.pem"), digest: .sha256, message: Data([1]), seed: Data(count: 16))
        }
        XCTAssertEqual(short, .Argument(kind: .invalidParameter, field: "seed", detail: "seed: must be exactly 32 random bytes, got 16"))
    }
}
