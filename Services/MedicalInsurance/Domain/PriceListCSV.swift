import Contracts
import Foundation

/// An insurer's price list as CSV, one plan per row:
///
///     insurer,plan,annual_price,currency,coverage,regions,min_age,max_age,group_prices
///     Umut Insurance,Basic,4800.00,RUB,emergency;outpatient,moscow;orenburg,18,65,50:4200.00;1000:3900.00
///
/// Lists inside a field are separated by `;`; fields may be quoted (`"a, b"`).
enum PriceListCSV {
    /// One plan to import.
    struct Row: Equatable, Sendable {
        let row: Int
        let insurer: String
        let plan: String
        let annualPrice: Money
        let coverage: [MedicalService]
        let regions: [String]
        let minAge: Int?
        let maxAge: Int?
        let groupPrices: [PlanOffer.GroupPrice]
    }

    /// What is wrong with a row (the header is row 1).
    struct RowError: Codable, Equatable, Sendable {
        let row: Int
        let field: String
        let message: String
    }

    static let header = ["insurer", "plan", "annual_price", "currency", "coverage", "regions", "min_age", "max_age", "group_prices"]

    /// Every row, or every error: a list with any error imports nothing.
    static func parse(_ text: String) -> Result<[Row], Failure> {
        let lines = text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).map(String.init)
        guard let first = lines.first, fields(first).map({ $0.trimmingCharacters(in: .whitespaces).lowercased() }) == header else {
            return .failure(Failure(errors: [RowError(row: 1, field: "header", message: "must be: \(header.joined(separator: ","))")]))
        }
        var rows: [Row] = []
        var errors: [RowError] = []
        var seen: [String: Int] = [:]
        for (index, line) in lines.enumerated().dropFirst() where !line.trimmingCharacters(in: .whitespaces).isEmpty {
            let number = index + 1
            let values = fields(line).map { $0.trimmingCharacters(in: .whitespaces) }
            guard values.count == header.count else {
                errors.append(.init(row: number, field: "row", message: "has \(values.count) fields, expected \(header.count)"))
                continue
            }
            var rowErrors: [RowError] = []
            func fail(_ field: String, _ message: String) { rowErrors.append(.init(row: number, field: field, message: message)) }
            let (insurer, plan) = (values[0], values[1])
            if insurer.isEmpty { fail("insurer", "is required") }
            if plan.isEmpty { fail("plan", "is required") }
            let currency = values[3]
            if !(currency.count == 3 && currency.allSatisfy({ $0.isASCII && $0.isUppercase })) {
                fail("currency", "must be an ISO 4217 code such as RUB")
            }
            let price = amount(values[2])
            if price == nil { fail("annual_price", "is not a positive number") }
            let coverage = list(values[4]).compactMap { name -> MedicalService? in
                let service = MedicalService(rawValue: name)
                guard service.isKnown else { fail("coverage", "unknown coverage: \(name)"); return nil }
                return service
            }
            if list(values[4]).isEmpty { fail("coverage", "is required") }
            let regions = list(values[5]).map { $0.lowercased() }
            if regions.isEmpty { fail("regions", "is required (* for everywhere)") }
            let minAge = age(values[6]), maxAge = age(values[7])
            if minAge == .some(nil) { fail("min_age", "is not an age from 0 to 120") }
            if maxAge == .some(nil) { fail("max_age", "is not an age from 0 to 120") }
            if let low = minAge ?? nil, let high = maxAge ?? nil, low > high { fail("max_age", "is below min_age") }
            var tiers: [PlanOffer.GroupPrice] = []
            for tier in list(values[8]) {
                let parts = tier.split(separator: ":").map(String.init)
                guard parts.count == 2, let members = Int(parts[0]), members > 1, let tierPrice = amount(parts[1]) else {
                    fail("group_prices", "is not members:price (\(tier))")
                    continue
                }
                tiers.append(.init(minMembers: members, annualPrice: Money(amount: tierPrice, currency: currency)))
            }
            if Set(tiers.map(\.minMembers)).count != tiers.count { fail("group_prices", "repeats a group size") }
            let key = "\(insurer.lowercased())\u{1F}\(plan.lowercased())"
            if let earlier = seen[key] { fail("plan", "duplicates the plan of row \(earlier)") } else { seen[key] = number }
            if rowErrors.isEmpty, let price {
                rows.append(
                    Row(
                        row: number, insurer: insurer, plan: plan, annualPrice: Money(amount: price, currency: currency), coverage: coverage,
                        regions: regions, minAge: minAge ?? nil, maxAge: maxAge ?? nil, groupPrices: tiers))
            }
            errors += rowErrors
        }
        if rows.isEmpty && errors.isEmpty { errors.append(.init(row: 2, field: "row", message: "the price list has no plans")) }
        return errors.isEmpty ? .success(rows) : .failure(Failure(errors: errors))
    }

    /// Every error of a refused price list.
    struct Failure: Error, Equatable {
        let errors: [RowError]
    }

    /// The fields of one line; `"` quotes a field, `""` inside quotes is a quote.
    static func fields(_ line: String) -> [String] {
        var fields: [String] = []
        var current = ""
        var quoted = false
        var characters = line.makeIterator()
        while let character = characters.next() {
            switch (character, quoted) {
            case ("\"", true):
                if let next = characters.next() {
                    if next == "\"" {
                        current.append("\"")
                    } else {
                        quoted = false
                        if next == "," { fields.append(current); current = "" } else { current.append(next) }
                    }
                } else {
                    quoted = false
                }
            case ("\"", false) where current.isEmpty: quoted = true
            case (",", false): fields.append(current); current = ""
            default: current.append(character)
            }
        }
        fields.append(current)
        return fields
    }

    private static func list(_ field: String) -> [String] {
        field.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    private static func amount(_ text: String) -> Decimal? {
        guard text.range(of: "^[0-9]+(\\.[0-9]{1,2})?$", options: .regularExpression) != nil,
            let value = Decimal(string: text, locale: Locale(identifier: "en_US_POSIX")), value > 0
        else { return nil }
        return value
    }

    /// `nil` for an empty field, `.some(nil)` for a malformed one.
    private static func age(_ text: String) -> Int?? {
        guard !text.isEmpty else { return nil }
        guard let value = Int(text), (0...120).contains(value) else { return .some(nil) }
        return .some(value)
    }
}
