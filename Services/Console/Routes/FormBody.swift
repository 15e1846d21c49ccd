import Foundation
import Hummingbird

/// An `application/x-www-form-urlencoded` body, as browsers post forms.
struct FormBody: Sendable {
    private let fields: [String: [String]]

    /// The request's form, at most 64 KiB.
    init(_ request: Request) async throws {
        let buffer = try await request.body.collect(upTo: 64 * 1024)
        self.init(String(buffer: buffer))
    }

    init(_ text: String) {
        var fields: [String: [String]] = [:]
        for pair in text.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func decoded(_ part: Substring) -> String {
                String(part).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? ""
            }
            fields[decoded(parts[0]), default: []].append(parts.count > 1 ? decoded(parts[1]) : "")
        }
        self.fields = fields
    }

    /// The first value of `name`, or `""`.
    subscript(_ name: String) -> String { fields[name]?.first ?? "" }

    /// The first value of each field, to show a form again as it was typed.
    var dictionary: [String: String] { fields.compactMapValues(\.first) }

    /// Every value of `name` (checkboxes), in the form's order.
    func values(_ name: String) -> [String] { fields[name] ?? [] }
}
