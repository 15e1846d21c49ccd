import Foundation

/// An amount in a currency: `{"amount": "15000.00", "currency": "RUB"}` (CONTRACT.md §3).
///
/// The amount travels as a decimal string so that no binary float ever rounds a wage.
public struct Money: Hashable, Sendable {
    public let amount: Decimal
    /// ISO 4217 code (`RUB`, `USD`).
    public let currency: String

    public init(amount: Decimal, currency: String) {
        self.amount = amount
        self.currency = currency
    }
}

extension Money {
    /// How an amount is written (the OpenAPI documents give the same pattern): up to 15 digits, a
    /// dot and up to 2 decimals, an optional minus (`15000.00`, `-20.5`); no leading zero, no exponent,
    /// no grouping.
    ///
    /// Read by hand rather than by a `Regex`, which would be built again at every call: amounts are
    /// read in every event that carries one.
    public static func isAmount(_ text: some StringProtocol) -> Bool {
        var bytes = Substring(text).utf8[...]
        if bytes.first == UInt8(ascii: "-") { bytes = bytes.dropFirst() }
        let isDigit = { (byte: UInt8) in (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) }
        let whole = bytes.prefix(while: isDigit)
        guard (1...15).contains(whole.count), whole.count == 1 || whole.first != UInt8(ascii: "0") else { return false }
        let rest = bytes.dropFirst(whole.count)
        guard let dot = rest.first else { return true }
        let decimals = rest.dropFirst()
        return dot == UInt8(ascii: ".") && (1...2).contains(decimals.count) && decimals.allSatisfy(isDigit)
    }
}

extension Money: Codable {
    private enum CodingKeys: String, CodingKey { case amount, currency }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let text = try container.decode(String.self, forKey: .amount)
        guard Self.isAmount(text), let amount = Decimal(string: text, locale: Locale(identifier: "en_US_POSIX"))
        else {
            throw DecodingError.dataCorruptedError(forKey: .amount, in: container, debugDescription: "expected a decimal string such as \"15000.00\"")
        }
        let currency = try container.decode(String.self, forKey: .currency)
        guard currency.count == 3, currency.allSatisfy({ $0.isASCII && $0.isUppercase }) else {
            throw DecodingError.dataCorruptedError(forKey: .currency, in: container, debugDescription: "expected an ISO 4217 code such as RUB")
        }
        self.init(amount: amount, currency: currency)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(formattedAmount, forKey: .amount)
        try container.encode(currency, forKey: .currency)
    }

    /// The amount as it travels: rounded half-even to two places, a dot, no grouping (`15000.00`).
    public var formattedAmount: String {
        var rounded = Decimal()
        var value = amount
        NSDecimalRound(&rounded, &value, 2, .bankers)
        return Self.format(rounded)
    }

    /// Two decimal places, a dot, no grouping: `15000.00`.
    static func format(_ value: Decimal) -> String {
        let text = NSDecimalNumber(decimal: value).stringValue
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        let fraction = parts.count > 1 ? String(parts[1]) : ""
        return "\(parts[0]).\(fraction.padding(toLength: 2, withPad: "0", startingAt: 0))"
    }
}
