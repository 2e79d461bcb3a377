// Shared helpers for the XCTest suite. These tests mirror bindings/kotlin/src/test (which CI runs
// for real); no Swift toolchain exists on the project's CI machines, so they run only where a
// developer has one: `cargo build --release -p cardbind-uniffi && cd bindings/swift && swift test`.
import Foundation
import XCTest
@testable import Cardbind

/// The repository root, five levels above this file (Tests/CardbindTests/Support.swift).
let repoRoot: URL = {
    if let root = ProcessInfo.processInfo.environment["CARDBIND_ROOT"] {
        return URL(fileURLWithPath: root)
    }
    var url = URL(fileURLWithPath: #filePath)
    for _ in 0..<5 { url = url.deletingLastPathComponent() }
    return url
}()

func specData(_ path: String) throws -> Data {
    try Data(contentsOf: repoRoot.appendingPathComponent("spec").appendingPathComponent(path))
}

func keyBytes(_ name: String) throws -> Data {
    try specData("vectors/keys/\(name)")
}

func keyText(_ name: String) throws -> String {
    String(decoding: try keyBytes(name), as: UTF8.self)
}

func jsonObject(_ data: Data) throws -> [String: Any] {
    guard let object = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
        throw NSError(domain: "CardbindTests", code: 1, userInfo: [NSLocalizedDescriptionKey: "not a JSON object"])
    }
    return object
}

func jsonObject(_ text: String) throws -> [String: Any] {
    try jsonObject(Data(text.utf8))
}

func jsonText(_ object: [String: Any]) throws -> String {
    String(decoding: try JSONSerialization.data(withJSONObject: object), as: UTF8.self)
}

/// Deterministic "random" seed for reproducible tests (real callers use SecRandomCopyBytes).
func seed(_ n: Int = 7) -> Data {
    Data((0..<32).map { UInt8(truncatingIfNeeded: $0 * 31 + n) })
}

extension Data {
    init(hex: String) {
        var bytes = [UInt8]()
        var index = hex.startIndex
        while index < hex.endIndex {
            let next = hex.index(index, offsetBy: 2)
            bytes.append(UInt8(hex[index..<next], radix: 16)!)
            index = next
        }
        self.init(bytes)
    }

    var hex: String { map { String(format: "%02x", $0) }.joined() }
}

/// Runs `body`, which must throw a `CardbindError`, and returns it.
func cardbindError(
    _ body: () throws -> Void,
    file: StaticString = #filePath,
    line: UInt = #line
) -> CardbindError? {
    do {
        try body()
        XCTFail("expected a CardbindError, nothing was thrown", file: file, line: line)
    } catch let error as CardbindError {
        return error
    } catch {
        XCTFail("expected a CardbindError, got \(error)", file: file, line: line)
    }
    return nil
}

extension CardbindError {
    /// The unified kind every variant carries.
    var kind: ErrorKind {
        switch self {
        case let .Validation(kind, _, _, _): return kind
        case let .Malformed(kind, _, _): return kind
        case let .Signature(kind, _, _): return kind
        case let .Key(kind, _, _): return kind
        case let .Canonical(kind, _, _): return kind
        case let .Refused(kind, _): return kind
        case let .Config(kind, _): return kind
        case let .Argument(kind, _, _): return kind
        case let .Internal(kind, _): return kind
        }
    }

    /// The masked description every variant carries.
    var detail: String {
        switch self {
        case let .Validation(_, _, _, detail): return detail
        case let .Malformed(_, _, detail): return detail
        case let .Signature(_, _, detail): return detail
        case let .Key(_, _, detail): return detail
        case let .Canonical(_, _, detail): return detail
        case let .Refused(_, detail): return detail
        case let .Config(_, detail): return detail
        case let .Argument(_, _, detail): return detail
        case let .Internal(_, detail): return detail
        }
    }
}
