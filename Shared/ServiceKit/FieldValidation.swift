import Contracts
import Foundation
import Hummingbird
import HummingbirdCore

/// Collects every rule a request breaks, so that one 422 lists them all (CONTRACT.md §3).
///
///     var rules = FieldValidation()
///     let sex = rules.oneOf(body.sex, Sex.self, "sex")
///     rules.check(!body.givenName.isEmpty, "givenName", "must not be empty")
///     try rules.finish()
///
/// Messages name the rule, never the offending value: values may be personal data.
public struct FieldValidation: Sendable {
    public private(set) var errors: [Problem.FieldError] = []

    public init() {}

    /// Records `message` for `field` unless `condition` holds.
    public mutating func check(_ condition: Bool, _ field: String, _ message: String) {
        if !condition { errors.append(.init(field: field, message: message)) }
    }

    /// Records `message` for `field` unless the whole of `value` matches `pattern` (the one the
    /// OpenAPI document gives the field).
    public mutating func matches<Output>(_ value: String, _ pattern: Regex<Output>, _ field: String, _ message: String) {
        check(value.wholeMatch(of: pattern) != nil, field, message)
    }

    /// Records "must be positive" for `field`'s amount unless it is more than zero (or absent).
    public mutating func positive(_ money: Money?, _ field: String) {
        if let money { check(money.amount > 0, "\(field).amount", "must be positive") }
    }

    /// `value` as one of the values this release knows of vocabulary `T`; otherwise an error
    /// listing them.
    public mutating func oneOf<T: Vocabulary>(_ value: String, _ type: T.Type, _ field: String) -> T? {
        pick(value, from: T.known, field)
    }

    /// `value` as one of `T`'s cases; otherwise an error listing the allowed values.
    public mutating func oneOf<T: RawRepresentable & CaseIterable>(_ value: String, _ type: T.Type, _ field: String) -> T?
    where T.RawValue == String {
        pick(value, from: Array(T.allCases), field)
    }

    /// Each of `values` as a known value of vocabulary `T`, without repeats; every wrong element
    /// is named (`needs[2]`).
    public mutating func each<T: Vocabulary>(_ values: [String], _ type: T.Type, _ field: String) -> [T] {
        each(values, from: T.known, field)
    }

    /// Each of `values` as one of `T`'s cases, without repeats; every wrong element is named.
    public mutating func each<T: RawRepresentable & CaseIterable & Hashable>(_ values: [String], _ type: T.Type, _ field: String) -> [T]
    where T.RawValue == String {
        each(values, from: Array(T.allCases), field)
    }

    private mutating func pick<T: RawRepresentable>(_ value: String, from allowed: [T], _ field: String) -> T?
    where T.RawValue == String {
        guard let parsed = allowed.first(where: { $0.rawValue == value }) else {
            errors.append(.init(field: field, message: "must be one of: \(allowed.map(\.rawValue).joined(separator: ", "))"))
            return nil
        }
        return parsed
    }

    private mutating func each<T: RawRepresentable & Hashable>(_ values: [String], from allowed: [T], _ field: String) -> [T]
    where T.RawValue == String {
        var parsed: [T] = []
        for (index, value) in values.enumerated() {
            if let item = pick(value, from: allowed, "\(field)[\(index)]"), !parsed.contains(item) { parsed.append(item) }
        }
        return parsed
    }

    /// Text that must be present and not blank (unless `required` is false), at most `maxLength`
    /// characters counted as OpenAPI's `maxLength` counts them (Unicode scalars).
    public mutating func text(_ value: String?, _ field: String, maxLength: Int, required: Bool = true) {
        guard let value else {
            check(!required, field, "is required")
            return
        }
        let trimmed = value.trimmingCharacters(in: .whitespacesAndNewlines)
        check(!trimmed.isEmpty || !required, field, "must not be empty")
        check(value.unicodeScalars.count <= maxLength, field, "must be at most \(maxLength) characters")
        // Request bodies are refused with NUL before this; text that arrived sealed is not.
        check(!value.unicodeScalars.contains("\u{0}"), field, "must not contain the NUL character")
    }

    /// A BCP-47 language tag such as `ru`, `ky` or `uz-Cyrl`.
    public mutating func languageTag(_ value: String, _ field: String) {
        check(Self.isLanguageTag(value), field, "must be a BCP-47 language code such as ru, ky, tg or uz")
    }

    /// A `true`/`false` query parameter named `field` (`nil` when absent); anything else is recorded.
    public mutating func flag(_ query: URI, _ field: String) -> Bool? {
        guard let text = query.queryParameters[Substring(field)] else { return nil }
        check(text == "true" || text == "false", field, "must be true or false")
        return text == "true"
    }

    /// The `?limit=&cursor=` of a list's query, its errors recorded with the other fields'.
    public mutating func page(_ query: URI) -> PageRequest? {
        do {
            return try PageRequest(query: query)
        } catch {
            errors += (error as? Problem)?.errors ?? [.init(field: "cursor", message: "is not a cursor this list gave out")]
            return nil
        }
    }

    /// A day written `YYYY-MM-DD` (`nil` when absent or not a day: recorded as "is required as
    /// YYYY-MM-DD`, with `hint` after it), and within the accepted days.
    public mutating func day(_ text: (some StringProtocol)?, _ field: String, hint: String = "") -> CalendarDate? {
        let day = text.flatMap { CalendarDate(iso8601: $0) }
        check(day != nil, field, "is required as YYYY-MM-DD\(hint)")
        return day.flatMap { accepted($0, field) }
    }

    /// `day`, when it lies within the accepted days (1900-01-01 to 2199-12-31, CONTRACT.md §3);
    /// otherwise recorded as a broken rule and `nil`.
    @discardableResult
    public mutating func accepted(_ day: CalendarDate, _ field: String) -> CalendarDate? {
        let inside = CalendarDate.accepted.contains(day)
        check(inside, field, "must be a day from \(CalendarDate.accepted.lowerBound) to \(CalendarDate.accepted.upperBound)")
        return inside ? day : nil
    }

    /// The `?from=&to=` days of a period (both inclusive, both required, `from` ≤ `to`).
    public mutating func period(_ query: URI) -> (from: CalendarDate, to: CalendarDate)? {
        let parameters = query.queryParameters
        let from = day(parameters["from"], "from")
        let to = day(parameters["to"], "to")
        guard let from, let to else { return nil }
        check(from <= to, "to", "must not be before from")
        return from <= to ? (from, to) : nil
    }

    /// Throws a 422 listing every recorded error, if there is any.
    public func finish() throws {
        if !errors.isEmpty { throw Problem.validation(errors) }
    }

    /// Two or three lower-case letters, then optional subtags of 2 to 8 letters or digits.
    public static func isLanguageTag(_ value: String) -> Bool {
        value.range(of: "^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$", options: .regularExpression) != nil
    }

    /// An ISO 3166-1 alpha-2 code as written in documents: two upper-case letters (`KG`).
    public static func isCountryCode(_ value: String) -> Bool {
        value.count == 2 && value.allSatisfy { $0.isASCII && $0.isUppercase }
    }
}
