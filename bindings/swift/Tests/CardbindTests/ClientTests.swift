// Bind flows through ProviderClient in both roles, as in bindings/kotlin/src/test/.../ClientTests.kt.
import Foundation
import XCTest
@testable import Cardbind

private let card = "6222022005001212726"
private let idNumber = "11010519491231002X"
private let phone = "13800138000"
private let cardHolder = "张三"
private let goodCode = "246810"
private let now: Int64 = 1_700_000_000_123
private let oidPartner = "201408071000001543"
private let lianlianBase = "https://mpay.lianlian.test/v1"

private func assertMasked(_ text: String, file: StaticString = #filePath, line: UInt = #line) {
    for secret in [card, idNumber, phone, cardHolder, goodCode] {
        XCTAssertFalse(text.contains(secret), "personal data leaked into: \(text)", file: file, line: line)
    }
}

private func makeMerchant() throws -> ProviderClient {
    try ProviderClient(provider: .lianLian, configJson: try jsonText([
        "oid_partner": oidPartner,
        "sign_type": "RSA",
        "our_private_key": try keyText("test-rsa-1024-private-pkcs8.pem"),
        "their_public_key": try keyText("test-rsa-2048-public-spki.pem"),
        "base_url": lianlianBase,
    ]))
}

private func makeMock() throws -> ProviderClient {
    try ProviderClient.fromName(provider: "lianlian", configJson: try jsonText([
        "oid_partner": oidPartner,
        "environment": "production",
        "sign_type": "RSA",
        "our_private_key": try keyText("test-rsa-2048-private-pkcs8.b64"),
        "their_public_key": try keyText("test-rsa-1024-public-spki.b64"),
    ]))
}

private let applyParams: [String: Any] = [
    "user_id": "2013051500001",
    "card_no": card,
    "acct_name": cardHolder,
    "bind_mob": phone,
    "id_type": "0",
    "id_no": idNumber,
    "risk_item": "{\"frms_ware_category\":\"2009\",\"user_info_full_name\":\"张三\"}",
    "pay_type": "2",
    "no_order": "BIND20240315000001",
]

private let xianjincardConfig: [String: Any] = [
    "provider_to_partner": ["ua": "SH_XJ360_POA", "sign_key": "test-signkey-0123456789"],
    "partner_to_provider": ["ua": "SH_XJ360_POA", "sign_key": "test-partner-signkey-9876543210"],
    "partner_endpoint": "https://partner.test/xianjincard/gate",
    "base_url": "https://platform.test/v1/",
    "timestamp_window_secs": 300,
]

final class ClientTests: XCTestCase {
    func testLianLianApplyAndConfirmRoundTripInBothRoles() throws {
        let merchant = try makeMerchant()
        let mock = try makeMock()
        XCTAssertEqual(merchant.operations(), ["bankcardbind", "bankcardbindverfy"])

        let request = try merchant.encodeRequest(operation: "bankcardbind", paramsJson: try jsonText(applyParams), nowUnixMs: now, seed: seed(1))
        XCTAssertEqual(request.method, .post)
        XCTAssertEqual(request.url, "\(lianlianBase)/bankcardbind")
        XCTAssertFalse(String(decoding: request.body, as: UTF8.self).contains(card), "card number sent in clear")

        let received = try mock.decodeRequest(request: request, nowUnixMs: now, seed: seed(2))
        XCTAssertEqual(received.operation, "bankcardbind")
        XCTAssertEqual(received.signature, .verified)
        let got = try jsonObject(received.fieldsJson)
        for (key, value) in applyParams {
            XCTAssertEqual(got[key] as? String, value as? String, key)
        }
        assertMasked(received.maskedFieldsJson)

        let token = "0123456789ABCDEF0123456789ABCDEF"
        let sent = try mock.encodeResponse(operation: "bankcardbind", fieldsJson: try jsonText([
            "ret_code": "8888", "ret_msg": "验证码已发送", "user_id": "2013051500001", "token": token,
        ]), nowUnixMs: now, seed: seed(3))
        let applied = try merchant.decodeResponse(operation: "bankcardbind", response: sent, nowUnixMs: now, seed: seed(4))
        XCTAssertEqual(applied.outcome.status, .codeSent(confirmToken: token))
        XCTAssertEqual(applied.outcome.providerCode, "8888")
        XCTAssertEqual(applied.outcome.providerMessage, "验证码已发送")
        XCTAssertEqual(applied.signature, .verified)

        func confirm(_ code: String) throws -> DecodedResponse {
            let verify: [String: Any] = ["user_id": "2013051500001", "token": token, "verify_code": code]
            let req = try merchant.encodeRequest(operation: "bankcardbindverfy", paramsJson: try jsonText(verify), nowUnixMs: now, seed: seed(5))
            let at = try mock.decodeRequest(request: req, nowUnixMs: now, seed: seed(6))
            let fields = try jsonObject(at.fieldsJson)
            let answer: [String: Any] = fields["verify_code"] as? String == goodCode
                ? ["ret_code": "0000", "ret_msg": "交易成功", "user_id": "2013051500001", "card_no": card, "no_agree": "2024031500012345"]
                : ["ret_code": "1900", "ret_msg": "短信验证码错误"]
            let resp = try mock.encodeResponse(operation: at.operation, fieldsJson: try jsonText(answer), nowUnixMs: now, seed: seed(7))
            return try merchant.decodeResponse(operation: "bankcardbindverfy", response: resp, nowUnixMs: now, seed: seed(8))
        }

        let wrong = try confirm("000000")
        XCTAssertEqual(wrong.outcome.status, .failed(kind: .verifyCodeWrong, retryable: false))
        XCTAssertEqual(wrong.signature, .notSigned)
        let bound = try confirm(goodCode)
        XCTAssertEqual(bound.outcome.status, .succeeded)
        XCTAssertEqual(try jsonObject(bound.fieldsJson)["no_agree"] as? String, "2024031500012345")
        assertMasked(bound.maskedFieldsJson)
    }

    func testProviderClientPrintsItsProviderNotItsKeys() throws {
        XCTAssertEqual(String(reflecting: try makeMerchant()), "ProviderClient { provider: LianLian, .. }")
    }

    func testLianLianTamperedReplyThrowsSignatureInvalidWithoutPersonalData() throws {
        let reply = try makeMock().encodeResponse(operation: "bankcardbind", fieldsJson: try jsonText([
            "ret_code": "8888", "ret_msg": "验证码已发送", "user_id": "2013051500001", "token": "T0KEN",
        ]), nowUnixMs: now, seed: seed(3))
        // Records are immutable (`let` fields): the tampered reply is a new value.
        let tampered = HttpResponse(status: reply.status, headers: reply.headers, body: Data(
            String(decoding: reply.body, as: UTF8.self).replacingOccurrences(of: "验证码已发送", with: "验证码已发出").utf8))
        let merchant = try makeMerchant()
        let error = cardbindError {
            _ = try merchant.decodeResponse(operation: "bankcardbind", response: tampered, nowUnixMs: now, seed: seed(4))
        }
        XCTAssertEqual(error, .Signature(kind: .signatureInvalid, field: "sign", detail: "sign: signature invalid: signature does not match (diagnose: cardbind verify --explain --provider lianlian --key THEIR_PUBLIC_KEY.pem SIGNED_FIELDS.json; an MD5 sign_type takes --secret-file SECRET.txt instead of --key)"))
        assertMasked(String(describing: error))
    }

    func testInvalidFieldsAndArgumentsAreTypedErrors() throws {
        let merchant = try makeMerchant()
        var bad = applyParams
        bad["card_no"] = "6222022005001212723"
        let luhn = cardbindError {
            _ = try merchant.encodeRequest(operation: "bankcardbind", paramsJson: try jsonText(bad), nowUnixMs: now, seed: seed())
        }
        guard case let .Validation(kind, field, rule, detail)? = luhn else { return XCTFail("expected Validation") }
        XCTAssertEqual(kind, .invalidParameter)
        XCTAssertEqual(field, "card_no")
        XCTAssertEqual(rule, "luhn")
        XCTAssertFalse(detail.contains("6222022005001212723"))

        let syntax = cardbindError {
            _ = try merchant.encodeRequest(operation: "bankcardbind", paramsJson: "{\"card_no\": 622202", nowUnixMs: now, seed: seed())
        }
        guard case let .Malformed(_, malformedField, malformedDetail)? = syntax else { return XCTFail("expected Malformed") }
        XCTAssertEqual(malformedField, "params_json")
        XCTAssertFalse(malformedDetail.contains("622202"))
        XCTAssertEqual(cardbindError { _ = try ProviderClient(provider: .lianLian, configJson: "{\"oid_partner\": 1}") }?.kind,
                       .merchantMisconfigured)
        guard case .Argument? = cardbindError({ _ = try ProviderClient.fromName(provider: "LianLian", configJson: "{}") }) else {
            return XCTFail("expected Argument")
        }
        guard case .Refused? = cardbindError({
            _ = try merchant.encodeRequest(operation: "nosuchop", paramsJson: "{}", nowUnixMs: now, seed: seed())
        }) else { return XCTFail("expected Refused") }
    }

    func testUnifiedApplyAndConfirmEncodeForLianLian() throws {
        let merchant = try makeMerchant()
        let mock = try makeMock()
        let apply = UnifiedRequest.bindCardApply(request: BindCardApplyRequest(
            userId: "2013051500001", cardNumber: card, phone: phone, holderName: cardHolder, idNumber: idNumber,
            orderId: "BIND1", extraJson: try jsonText(["risk_item": "{\"frms_ware_category\":\"2009\"}", "pay_type": "2"])
        ))
        XCTAssertEqual(try merchant.toWire(request: apply).operation, "bankcardbind")
        let received = try mock.decodeRequest(request: try merchant.encodeUnified(request: apply, nowUnixMs: now, seed: seed(41)),
                                              nowUnixMs: now, seed: seed(42))
        XCTAssertEqual(try jsonObject(received.fieldsJson)["no_order"] as? String, "BIND1")
        let confirm = UnifiedRequest.bindCardConfirm(request: BindCardConfirmRequest(
            userId: "2013051500001", confirmToken: "T0KEN", verifyCode: goodCode
        ))
        let verify = try mock.decodeRequest(request: try merchant.encodeUnified(request: confirm, nowUnixMs: now, seed: seed(43)),
                                            nowUnixMs: now, seed: seed(44))
        XCTAssertEqual(verify.operation, "bankcardbindverfy")
        let badCard = cardbindError {
            _ = try merchant.toWire(request: .bindCardApply(request: BindCardApplyRequest(
                userId: "u1", cardNumber: "6222022005001212723", phone: phone)))
        }
        guard case let .Validation(_, field, rule, _)? = badCard else { return XCTFail("expected Validation") }
        XCTAssertEqual(field, "card_number")
        XCTAssertEqual(rule, "luhn")
    }

    func testXianjincardPlatformToPartnerRoundTrips() throws {
        let config = try jsonText(xianjincardConfig)
        let platform = try ProviderClient.fromName(provider: "xianjincard", configJson: config)
        let partner = try ProviderClient(provider: .xianjincard, configJson: config)

        func call(_ operation: String, _ params: [String: Any]) throws -> DecodedResponse {
            let request = try platform.encodeRequest(operation: operation, paramsJson: try jsonText(params), nowUnixMs: now, seed: seed(11))
            XCTAssertEqual(request.url, "https://partner.test/xianjincard/gate")
            let received = try partner.decodeRequest(request: request, nowUnixMs: now + 2_000, seed: seed(12))
            XCTAssertEqual(received.operation, operation)
            XCTAssertEqual(received.signature, .verified)
            assertMasked(received.maskedFieldsJson)
            let fields = try jsonObject(received.fieldsJson)
            let answer: [String: Any]
            switch operation {
            case "User.isUserAccept":
                answer = ["result": 200, "amount": 150000, "min_amount": 100000, "terms": [7, 14, 30], "term_type": 1, "loan_mode": 0]
            default:
                switch fields["verify_code"] as? String ?? "" {
                case "": answer = ["bind_status": "100", "remark": "验证码已发送"]
                case goodCode: answer = ["bind_status": "200", "remark": "success"]
                default: answer = ["bind_status": "505", "remark": "验证码错误"]
                }
            }
            let response = try partner.encodeResponse(operation: operation, fieldsJson: try jsonText(answer), nowUnixMs: now, seed: seed(13))
            return try platform.decodeResponse(operation: operation, response: response, nowUnixMs: now, seed: seed(14))
        }

        let admitted = try call("User.isUserAccept", ["user_name": cardHolder, "user_phone": "13370212***", "user_idcard": "11010519491231****"])
        XCTAssertEqual(admitted.outcome.status, .succeeded)
        var apply: [String: Any] = [
            "order_sn": "246964109149933", "bank_code": "ICBC", "user_name": cardHolder, "user_idcard": idNumber,
            "card_number": card, "card_phone": phone, "user_phone": "13370212345", "card_type": "2",
            "echo_data": "{\"pid\":123456}",
        ]
        XCTAssertEqual(try call("BindCard.applyBindCard", apply).outcome.status, .codeSent(confirmToken: nil))
        apply["verify_code"] = "000000"
        // 505 (other) names the failure in remark.
        XCTAssertEqual(try call("BindCard.applyBindCard", apply).outcome.status, .failed(kind: .verifyCodeWrong, retryable: false))
        apply["verify_code"] = goodCode
        XCTAssertEqual(try call("BindCard.applyBindCard", apply).outcome.status, .succeeded)
    }

    func testXianjincardBindResultCallbackAndTamperedSign() throws {
        let config = try jsonText(xianjincardConfig)
        let partner = try ProviderClient(provider: .xianjincard, configJson: config)
        let platform = try ProviderClient(provider: .xianjincard, configJson: config)
        let feedback: [String: Any] = [
            "order_sn": "246964109149933", "echo_data": "{\"pid\":123456}", "bind_status": "200", "remark": "success",
        ]
        let request = try partner.encodeRequest(operation: "PartnerGate.Order.bindCardFeedback", paramsJson: try jsonText(feedback),
                                                nowUnixMs: now, seed: seed(21))
        XCTAssertEqual(request.url, "https://platform.test/v1/")
        let received = try platform.decodeRequest(request: request, nowUnixMs: now, seed: seed(22))
        XCTAssertEqual(received.operation, "PartnerGate.Order.bindCardFeedback")
        let ack = try platform.encodeResponse(operation: received.operation, fieldsJson: "{}", nowUnixMs: now, seed: seed(23))
        XCTAssertEqual(try partner.decodeResponse(operation: received.operation, response: ack, nowUnixMs: now, seed: seed(24)).outcome.status,
                       .succeeded)

        // Flip the last hex digit of `sign` in the form body.
        var form = String(decoding: request.body, as: UTF8.self)
        let range = form.range(of: "sign=")!
        let signEnd = form[range.upperBound...].firstIndex(of: "&") ?? form.endIndex
        let last = form.index(before: signEnd)
        form.replaceSubrange(last...last, with: form[last] == "0" ? "1" : "0")
        let tampered = HttpRequest(method: request.method, url: request.url, query: request.query, headers: request.headers,
                                   body: Data(form.utf8), hints: request.hints)
        let error = cardbindError { _ = try platform.decodeRequest(request: tampered, nowUnixMs: now, seed: seed(25)) }
        XCTAssertEqual(error?.kind, .signatureInvalid)
        guard case let .Refused(kind, _)? = cardbindError({
            _ = try platform.decodeRequest(request: request, nowUnixMs: now + 3_600_000, seed: seed(26))
        }) else { return XCTFail("expected Refused for a stale timestamp") }
        XCTAssertEqual(kind, .invalidParameter)
    }

    func testEveryProviderHasANameAndAnEmbeddedSpec() throws {
        for provider in [Provider.lianLian, .xianjincard, .yixin, .vbao, .huanbei] {
            XCTAssertEqual(try jsonObject(providerSpecJson(provider: provider))["provider"] as? String, providerName(provider: provider))
        }
    }
}
