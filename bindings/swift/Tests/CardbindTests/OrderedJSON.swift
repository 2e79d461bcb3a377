// A JSON value that keeps object key order. JSONSerialization does not, and the byte-exact
// provider vectors depend on the order the fields are given in (the codecs keep it).
import Foundation

enum OrderedJSONError: Error {
    case unexpected(at: Int)
}

indirect enum OrderedJSON {
    case object([(String, OrderedJSON)])
    case array([OrderedJSON])
    case string(String)
    case number(String)
    case bool(Bool)
    case null

    subscript(key: String) -> OrderedJSON? {
        guard case let .object(pairs) = self else { return nil }
        return pairs.first { $0.0 == key }?.1
    }

    subscript(index: Int) -> OrderedJSON? {
        guard case let .array(items) = self, items.indices.contains(index) else { return nil }
        return items[index]
    }

    /// Compact JSON text, keys in their original order.
    var serialized: String {
        switch self {
        case let .object(pairs):
            return "{" + pairs.map { OrderedJSON.quote($0.0) + ":" + $0.1.serialized }.joined(separator: ",") + "}"
        case let .array(items):
            return "[" + items.map { $0.serialized }.joined(separator: ",") + "]"
        case let .string(text):
            return OrderedJSON.quote(text)
        case let .number(text):
            return text
        case let .bool(value):
            return value ? "true" : "false"
        case .null:
            return "null"
        }
    }

    static func quote(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 {
                    out += String(format: "\\u%04x", scalar.value)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }

    static func parse(_ text: String) throws -> OrderedJSON {
        var parser = Parser(scalars: Array(text.unicodeScalars))
        return try parser.value()
    }

    private struct Parser {
        let scalars: [Unicode.Scalar]
        var i = 0

        mutating func skipSpace() {
            while i < scalars.count, " \t\r\n".unicodeScalars.contains(scalars[i]) { i += 1 }
        }

        mutating func expect(_ scalar: Unicode.Scalar) throws {
            skipSpace()
            guard i < scalars.count, scalars[i] == scalar else { throw OrderedJSONError.unexpected(at: i) }
            i += 1
        }

        mutating func literal(_ word: String, _ value: OrderedJSON) throws -> OrderedJSON {
            for scalar in word.unicodeScalars {
                guard i < scalars.count, scalars[i] == scalar else { throw OrderedJSONError.unexpected(at: i) }
                i += 1
            }
            return value
        }

        mutating func value() throws -> OrderedJSON {
            skipSpace()
            guard i < scalars.count else { throw OrderedJSONError.unexpected(at: i) }
            switch scalars[i] {
            case "{":
                i += 1
                var pairs: [(String, OrderedJSON)] = []
                skipSpace()
                if i < scalars.count, scalars[i] == "}" {
                    i += 1
                    return .object(pairs)
                }
                while true {
                    skipSpace()
                    let key = try string()
                    try expect(":")
                    let item = try value()
                    pairs.append((key, item))
                    skipSpace()
                    guard i < scalars.count else { throw OrderedJSONError.unexpected(at: i) }
                    i += 1
                    if scalars[i - 1] == "}" { return .object(pairs) }
                    guard scalars[i - 1] == "," else { throw OrderedJSONError.unexpected(at: i - 1) }
                }
            case "[":
                i += 1
                var items: [OrderedJSON] = []
                skipSpace()
                if i < scalars.count, scalars[i] == "]" {
                    i += 1
                    return .array(items)
                }
                while true {
                    let item = try value()
                    items.append(item)
                    skipSpace()
                    guard i < scalars.count else { throw OrderedJSONError.unexpected(at: i) }
                    i += 1
                    if scalars[i - 1] == "]" { return .array(items) }
                    guard scalars[i - 1] == "," else { throw OrderedJSONError.unexpected(at: i - 1) }
                }
            case "\"":
                return .string(try string())
            case "t":
                return try literal("true", .bool(true))
            case "f":
                return try literal("false", .bool(false))
            case "n":
                return try literal("null", .null)
            default:
                let start = i
                while i < scalars.count, "+-.eE0123456789".unicodeScalars.contains(scalars[i]) { i += 1 }
                guard i > start else { throw OrderedJSONError.unexpected(at: i) }
                var text = ""
                text.unicodeScalars.append(contentsOf: scalars[start..<i])
                return .number(text)
            }
        }

        mutating func hex4() throws -> UInt32 {
            guard i + 4 <= scalars.count else { throw OrderedJSONError.unexpected(at: i) }
            var text = ""
            text.unicodeScalars.append(contentsOf: scalars[i..<(i + 4)])
            guard let value = UInt32(text, radix: 16) else { throw OrderedJSONError.unexpected(at: i) }
            i += 4
            return value
        }

        mutating func string() throws -> String {
            try expect("\"")
            var out = ""
            while i < scalars.count {
                let scalar = scalars[i]
                i += 1
                if scalar == "\"" { return out }
                guard scalar == "\\" else {
                    out.unicodeScalars.append(scalar)
                    continue
                }
                guard i < scalars.count else { break }
                let escape = scalars[i]
                i += 1
                switch escape {
                case "\"", "\\", "/": out.unicodeScalars.append(escape)
                case "b": out += "\u{08}"
                case "f": out += "\u{0C}"
                case "n": out += "\n"
                case "r": out += "\r"
                case "t": out += "\t"
                case "u":
                    var code = try hex4()
                    // A surrogate pair arrives as two escapes: join them into one scalar.
                    if (0xD800..<0xDC00).contains(code), i + 1 < scalars.count, scalars[i] == "\\", scalars[i + 1] == "u" {
                        i += 2
                        let low = try hex4()
                        code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                    }
                    guard let decoded = Unicode.Scalar(code) else { throw OrderedJSONError.unexpected(at: i) }
                    out.unicodeScalars.append(decoded)
                default:
                    throw OrderedJSONError.unexpected(at: i - 1)
                }
            }
            throw OrderedJSONError.unexpected(at: i)
        }
    }
}
