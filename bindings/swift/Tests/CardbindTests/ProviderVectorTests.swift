// Provider vectors (spec/vectors/providers/*.json), as in bindings/kotlin/src/test/.../ProviderVectorTests.kt.
import Foundation
import XCTest
@testable import Cardbind

private func providerVectors(_ name: String) throws -> [String: Any] {
    try jsonObject(try specData("vectors/providers/\(name).json"))
}

/// `section[index][key]` of a provider vector file as JSON text with its key order kept.
private func orderedText(_ name: String, _ section: String, _ index: Int, _ key: String) throws -> String {
    let file = try OrderedJSON.parse(String(decoding: try specData("vectors/providers/\(name).json"), as: UTF8.self))
    guard let value = file[section]?[index]?[key] else {
        throw OrderedJSONError.unexpected(at: index)
    }
    return value.serialized
}

/// The unified outcome in the vectors' snake_case JSON shape.
private func outcomeDictionary(_ outcome: Outcome) -> NSDictionary {
    var d: [String: Any] = ["provider_code": outcome.providerCode]
    switch outcome.status {
    case .succeeded: d["status"] = "succeeded"
    case .pending: d["status"] = "pending"
    case let .codeSent(confirmToken):
        d["status"] = "code_sent"
        d["confirm_token"] = confirmToken ?? NSNull()
    case let .failed(kind, retryable):
        d["status"] = "failed"
        d["kind"] = snakeCase("\(kind)")
        d["retryable"] = retryable
    }
    if let message = outcome.providerMessage { d["provider_message"] = message }
    return NSDictionary(dictionary: d)
}

private func snakeCase(_ camel: String) -> String {
    camel.reduce(into: "") { out, c in
        if c.isUppercase { out += "_" + c.lowercased() } else { out.append(c) }
    }
}

private func post(_ url: String, _ body: String) -> HttpRequest {
    HttpRequest(method: .post, url: url, query: [], headers: [], body: Data(body.utf8),
                hints: TransportHints(timeoutMs: nil, idempotent: false))
}

private func response(_ body: String) -> HttpResponse {
    HttpResponse(status: 200, headers: [], body: Data(body.utf8))
}

private func dictionary(_ json: String) throws -> NSDictionary {
    NSDictionary(dictionary: try jsonObject(json))
}

final class ProviderVectorTests: XCTestCase {
    private func lianlianPair(_ vectors: [String: Any], signType: String) throws -> (ProviderClient, ProviderClient) {
        let merchantKey = vectors["merchant_key"] as! String
        let lianlianKey = vectors["lianlian_key"] as! String
        let common: [String: Any] = ["oid_partner": vectors["oid_partner"]!, "environment": "production", "sign_type": signType, "sign_key": vectors["md5_key"]!]
        var merchant = common
        merchant["our_private_key"] = try keyText("\(merchantKey)-private-pkcs8.pem")
        merchant["their_public_key"] = try keyText("\(lianlianKey)-public-spki.pem")
        var mock = common
        mock["our_private_key"] = try keyText("\(lianlianKey)-private-pkcs8.pem")
        mock["their_public_key"] = try keyText("\(merchantKey)-public-spki.pem")
        return (try ProviderClient(provider: .lianLian, configJson: try jsonText(merchant)),
                try ProviderClient(provider: .lianLian, configJson: try jsonText(mock)))
    }

    func testLianLianRequestsReachTheMockWithTheVectorFields() throws {
        let vectors = try providerVectors("lianlian")
        for (n, c) in (vectors["requests"] as! [[String: Any]]).enumerated() {
            let (merchant, mock) = try lianlianPair(vectors, signType: c["sign_type"] as! String)
            let request = try merchant.encodeRequest(operation: c["operation"] as! String,
                                                     paramsJson: try orderedText("lianlian", "requests", n, "params"), nowUnixMs: nil, seed: seed(51))
            let received = try mock.decodeRequest(request: request, nowUnixMs: nil, seed: seed(52))
            XCTAssertEqual(received.signature, .verified)
            XCTAssertEqual(try dictionary(received.fieldsJson), NSDictionary(dictionary: c["fields"] as! [String: Any]), c["id"] as! String)
        }
    }

    func testLianLianResponsesEncodeToTheVectorBytesAndDecodeToTheirOutcome() throws {
        let vectors = try providerVectors("lianlian")
        for (n, c) in (vectors["responses"] as! [[String: Any]]).enumerated() {
            let id = c["id"] as! String
            let (merchant, mock) = try lianlianPair(vectors, signType: c["sign_type"] as? String ?? "RSA")
            let reply = try mock.encodeResponse(operation: c["operation"] as! String,
                                                fieldsJson: try orderedText("lianlian", "responses", n, "given"), nowUnixMs: nil, seed: seed(53))
            XCTAssertEqual(String(decoding: reply.body, as: UTF8.self), c["body_utf8"] as? String, id)
            let decoded = try merchant.decodeResponse(operation: c["operation"] as! String, response: response(c["body_utf8"] as! String),
                                                      nowUnixMs: nil, seed: seed(54))
            XCTAssertEqual(decoded.signature, (c["signed"] as! Bool) ? SignatureCheck.verified : SignatureCheck.notSigned, id)
            XCTAssertEqual(outcomeDictionary(decoded.outcome), NSDictionary(dictionary: c["outcome"] as! [String: Any]), id)
        }
    }

    private func xianjincardParty(_ vectors: [String: Any], minAmountWireName: String = "min_amount") throws -> ProviderClient {
        let c = vectors["config"] as! [String: Any]
        return try ProviderClient(provider: .xianjincard, configJson: try jsonText([
            "provider_to_partner": ["ua": c["ua"]!, "sign_key": c["provider_to_partner_signkey"]!],
            "partner_to_provider": ["ua": c["ua"]!, "sign_key": c["partner_to_provider_signkey"]!],
            "base_url": c["base_url"]!,
            "partner_endpoint": c["partner_endpoint"]!,
            "min_amount_wire_name": minAmountWireName,
        ]))
    }

    func testXianjincardRequestsEncodeByteForByteAndDecodeVerified() throws {
        let vectors = try providerVectors("xianjincard")
        for (n, c) in (vectors["requests"] as! [[String: Any]]).enumerated() {
            let id = c["id"] as! String
            let party = try xianjincardParty(vectors)
            if c["rust_encodes"] as? Bool == true {
                let now = (c["timestamp"] as? String).map { Int64($0)! * 1000 }
                let request = try party.encodeRequest(operation: c["operation"] as! String,
                                                      paramsJson: try orderedText("xianjincard", "requests", n, "params"), nowUnixMs: now, seed: seed(55))
                XCTAssertEqual(String(decoding: request.body, as: UTF8.self), c["body"] as? String, id)
                XCTAssertEqual(request.url, c["url"] as? String, id)
            }
            // The replay window is on by default: decoded at the time the vectors were made.
            let sentMs = Int64((c["timestamp"] as? String) ?? "1500693926")! * 1000
            let received = try party.decodeRequest(request: post(c["url"] as! String, c["body"] as! String), nowUnixMs: sentMs, seed: seed(56))
            XCTAssertEqual(received.signature, .verified, id)
            XCTAssertEqual(received.operation, c["call"] as? String, id)
        }
    }

    func testXianjincardAnswersEncodeByteForByteAndDecode() throws {
        let vectors = try providerVectors("xianjincard")
        for (n, c) in (vectors["responses"] as! [[String: Any]]).enumerated() {
            let id = c["id"] as! String
            let wireName = c["min_amount_wire_name"] as! String
            let party = try xianjincardParty(vectors, minAmountWireName: wireName)
            let answer = try party.encodeResponse(operation: c["operation"] as! String,
                                                  fieldsJson: try orderedText("xianjincard", "responses", n, "fields"), nowUnixMs: nil, seed: seed(57))
            XCTAssertEqual(String(decoding: answer.body, as: UTF8.self), c["body"] as? String, id)
            let decoded = try party.decodeResponse(operation: c["operation"] as! String, response: response(c["body"] as! String),
                                                   nowUnixMs: nil, seed: seed(58))
            if id == "failure-envelope" {
                XCTAssertEqual(decoded.outcome.status, .failed(kind: .signatureInvalid, retryable: false))
                XCTAssertEqual(decoded.outcome.providerCode, "0")
                XCTAssertEqual(decoded.outcome.providerMessage, "签名错误")
            } else if wireName == "min_amount" {
                XCTAssertEqual(try dictionary(decoded.fieldsJson), NSDictionary(dictionary: c["fields"] as! [String: Any]), id)
            }
        }
    }
}
