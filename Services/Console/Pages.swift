import ConsoleAccounts
import Foundation
import Hummingbird
import Mustache

/// The console's HTML: mustache templates (`Templates/`, a layout every page inherits and
/// partials) rendered in the reader's language, sent so that no other site can frame, cache or
/// script them.
struct Pages: Sendable {
    let library: MustacheLibrary
    let city: String

    /// Loads the templates bundled with the console.
    static func load() async throws -> Pages {
        guard let directory = Bundle.module.url(forResource: "Templates", withExtension: nil) else {
            throw ConsoleError("the templates are missing from the build")
        }
        return Pages(library: try await MustacheLibrary(directory: directory.path), city: "")
    }

    /// These pages, for `city`.
    func serving(_ city: String) -> Pages { Pages(library: library, city: city) }

    /// The page `template` in `language`, with `values` and the layout's own (the words `w`, the
    /// city, the signed-in person).
    func render(
        _ template: String, language: ConsoleLanguage, status: HTTPResponse.Status = .ok, signedIn: StaffAccount? = nil,
        csrf: String? = nil, _ values: [String: Any] = [:]
    ) -> Response {
        var context = values
        context["w"] = language.wording
        context["lang"] = language.rawValue
        context["city"] = city.capitalized
        context["csrf"] = csrf ?? ""
        if let signedIn {
            context["staff"] = ["name": signedIn.displayName, "roles": signedIn.roles.map(\.rawValue).joined(separator: ", ")]
            context["pageLanguages"] = ConsoleLanguage.allCases.map { ["code": $0.rawValue, "name": $0.ownName, "current": $0 == language] }
        }
        let html = library.render(context, withTemplate: template) ?? "<!doctype html><title>Jardam</title><h1>Jardam</h1>"
        var headers: HTTPFields = [
            .contentType: "text/html; charset=utf-8", .cacheControl: "no-store",
            .contentSecurityPolicy: "default-src 'self'; style-src 'self' 'unsafe-inline'; frame-ancestors 'none'; form-action 'self'",
        ]
        headers[.init("X-Content-Type-Options")!] = "nosniff"
        headers[.init("Referrer-Policy")!] = "no-referrer"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: html)))
    }
}

/// Why the console cannot run (its build lacks a resource).
struct ConsoleError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
