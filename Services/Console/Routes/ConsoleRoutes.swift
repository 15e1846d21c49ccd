import ConsoleAccounts
import Crypto
import Foundation
import Hummingbird
import Persistence
import ServiceKit

/// Signing in and out, and the start page of each role (CONTRACT.md §8).
struct ConsoleRoutes: Sendable {
    let signIn: SignIn
    let pages: Pages
    /// Cookies are `Secure` when the console serves HTTPS.
    let secureCookies: Bool
    var now: @Sendable () -> Date = { Date() }
    /// Sign-in attempts per address.
    var throttle: SignInThrottle

    /// The session's cookie: a random token; the server keeps only its hash.
    static let sessionCookie = "jardam_session"
    /// The sign-in form's token, sent as a cookie and as a form field (no session exists yet).
    static let formCookie = "jardam_form"

    /// The signed-in member of staff of a request.
    struct Signed: Sendable {
        let token: String
        let session: SessionStore.Session
        let account: StaffAccount
    }

    func add(to router: Router<JardamRequestContext>) {
        router.get("/sign-in") { request, _ in signInPage(request, message: nil) }

        router.post("/sign-in") { request, context in
            // An address without a host (a test's channel, a Unix socket) counts as one.
            let address = context.remoteAddress?.ipAddress ?? "unknown"
            guard await throttle.admit(address, now: now()) else {
                return signInPage(request, message: "tooManyFromAddress", status: .tooManyRequests)
            }
            let form = try await FormBody(request)
            guard let expected = request.cookies[Self.formCookie]?.value, Self.same(form["csrf"], expected) else {
                return signInPage(request, message: "csrfRefused", status: .forbidden)
            }
            switch try await signIn.password(form["password"], username: form["username"].lowercased(), now: now()) {
            case .refused: return signInPage(request, message: "wrongCredentials", status: .unauthorized)
            case .locked: return signInPage(request, message: "locked", status: .tooManyRequests)
            case .session(let token, let stage):
                var response = Self.redirect(stage == .signedIn ? "/" : "/sign-in/next")
                response.setCookie(sessionCookie(token))
                return response
            }
        }

        router.get("/sign-in/next") { request, _ in
            guard let signed = try await current(request, stage: .password) else { return Self.redirect("/sign-in") }
            return try await secondStepPage(signed, message: nil, field: nil)
        }

        router.post("/sign-in/next") { request, _ in
            guard let signed = try await current(request, stage: .password) else { return Self.redirect("/sign-in") }
            let form = try await FormBody(request)
            guard Self.same(form["csrf"], signed.session.csrfToken) else {
                return try await secondStepPage(signed, message: "csrfRefused", field: nil, status: .forbidden)
            }
            switch try await signIn.complete(
                token: signed.token, accountId: signed.account.id, newPassword: form["newPassword"], code: form["totp"], now: now())
            {
            case .signedIn(let token):
                var response = Self.redirect("/")
                response.setCookie(sessionCookie(token))
                return response
            case .refused(let message, let field):
                return try await secondStepPage(signed, message: message, field: field, status: .unprocessableContent)
            case .locked:
                try await signIn.sessions.end(signed.token, database: signIn.database)
                return pages.render(
                    "sign-in", language: signed.account.language, status: .tooManyRequests, ["message": "locked"].worded(signed.account.language))
            }
        }

        router.post("/sign-out") { request, _ in
            guard let signed = try await current(request, stage: nil) else { return Self.redirect("/sign-in") }
            let form = try await FormBody(request)
            guard Self.same(form["csrf"], signed.session.csrfToken) else {
                return pages.render(
                    "message", language: signed.account.language, status: .forbidden, signedIn: signed.account, csrf: signed.session.csrfToken,
                    ["title": "forbiddenTitle", "message": "csrfRefused"].worded(signed.account.language))
            }
            try await signIn.signOut(token: signed.token, account: signed.account)
            var response = Self.redirect("/sign-in")
            response.setCookie(
                Cookie(name: Self.sessionCookie, value: "", maxAge: 0, path: "/", secure: secureCookies, httpOnly: true, sameSite: .strict))
            return response
        }

        router.get("/") { request, _ in
            try await open(nil, request) { signed in startPage(signed) }
        }

        // Every page's header switches the signed-in person's language, kept on the account.
        router.post("/language") { request, _ in
            try await submit(nil, request) { signed, form in
                guard let language = ConsoleLanguage(rawValue: form["language"]) else {
                    return pages.render(
                        "message", language: signed.account.language, status: .unprocessableContent, signedIn: signed.account,
                        csrf: signed.session.csrfToken, ["title": "notFoundTitle", "message": "notFound"].worded(signed.account.language))
                }
                try await signIn.accounts.setLanguage(signed.account.id, language, database: signIn.database)
                return Self.redirect("/")
            }
        }
    }

    /// Opens `page` (the start page: `nil`) for the person signed in to `request` with `body`: to
    /// sign in first, the second step, or a refusal when the page is not for their roles.
    func open(_ page: ConsolePage?, _ request: Request, _ body: (Signed) async throws -> Response) async throws -> Response {
        guard let signed = try await current(request, stage: nil) else {
            if request.cookies[Self.sessionCookie] != nil { return signInPage(request, message: "sessionExpired", status: .unauthorized) }
            return Self.redirect("/sign-in")
        }
        guard signed.session.stage == .signedIn else { return Self.redirect("/sign-in/next") }
        let language = signed.account.language
        if let page, page.roles.isDisjoint(with: signed.account.roles) {
            return pages.render(
                "message", language: language, status: .forbidden, signedIn: signed.account, csrf: signed.session.csrfToken,
                ["title": "forbiddenTitle", "message": "forbidden"].worded(language))
        }
        do {
            return try await body(signed)
        } catch let unreachable as ServiceCalls.Unreachable {
            return pages.render(
                "message", language: language, status: .serviceUnavailable, signedIn: signed.account, csrf: signed.session.csrfToken,
                [
                    "title": language.wording["unavailableTitle"] ?? "",
                    "message": "\(language.wording["unavailable"] ?? "") (\(unreachable.service.rawValue))",
                ])
        }
    }

    /// A form posted to `page` (any signed-in person's: `nil`): refused unless it carries the
    /// session's CSRF token.
    func submit(_ page: ConsolePage?, _ request: Request, _ body: @escaping (Signed, FormBody) async throws -> Response) async throws -> Response {
        let form = try await FormBody(request)
        return try await open(page, request) { signed in
            guard Self.same(form["csrf"], signed.session.csrfToken) else {
                let language = signed.account.language
                return pages.render(
                    "message", language: language, status: .forbidden, signedIn: signed.account, csrf: signed.session.csrfToken,
                    ["title": "forbiddenTitle", "message": "csrfRefused"].worded(language))
            }
            return try await body(signed, form)
        }
    }

    private func startPage(_ signed: Signed) -> Response {
        let language = signed.account.language
        let links = ConsolePage.open(to: signed.account.roles).map { ["path": $0.path, "label": language.wording[$0.rawValue] ?? $0.rawValue] }
        return pages.render("start", language: language, signedIn: signed.account, csrf: signed.session.csrfToken, ["pages": links])
    }

    /// The session of `request` at `stage` (any stage: `nil`), with its account; `nil` when it
    /// has none, it expired, or its account was disabled.
    func current(_ request: Request, stage: SessionStore.Stage?) async throws -> Signed? {
        guard let token = request.cookies[Self.sessionCookie]?.value, !token.isEmpty,
            let session = try await signIn.sessions.resume(token, now: now(), database: signIn.database),
            stage == nil || session.stage == stage,
            let found = try await signIn.database.withTransaction({ try await signIn.accounts.credentials(id: session.accountId, on: $0) }),
            !found.account.disabled
        else { return nil }
        return Signed(token: token, session: session, account: found.account)
    }

    private func signInPage(_ request: Request, message: String?, status: HTTPResponse.Status = .ok) -> Response {
        let language = Self.language(of: request)
        let formToken = SessionStore.randomToken()
        var values: [String: Any] = ["languages": ConsoleLanguage.allCases.map { ["code": $0.rawValue, "name": $0.ownName] }]
        if let message { values["message"] = language.wording[message] ?? message }
        var response = pages.render("sign-in", language: language, status: status, csrf: formToken, values)
        response.setCookie(
            Cookie(name: Self.formCookie, value: formToken, path: "/sign-in", secure: secureCookies, httpOnly: true, sameSite: .strict))
        return response
    }

    private func secondStepPage(_ signed: Signed, message: String?, field: String?, status: HTTPResponse.Status = .ok) async throws -> Response {
        guard let (account, step) = try await signIn.secondStep(of: signed.account.id) else { return Self.redirect("/sign-in") }
        let language = account.language
        var values: [String: Any] = ["newPassword": step.newPassword, "code": step.code]
        if let uri = step.enrolmentURI {
            values["enrolmentURI"] = uri
            // The same address as a QR code for the app's camera, drawn here: nothing is fetched.
            values["enrolmentQR"] = (try? QRCode(bytes: Array(uri.utf8)))?.svg(label: language.wording["enrolQR"] ?? "QR")
        }
        if let key = step.enrolmentKey { values["enrolmentKey"] = key }
        if let message {
            let words = language.wording[message] ?? message
            if field == "newPassword" {
                values["newPasswordError"] = words
            } else if field == "totp" {
                values["totpError"] = words
            } else {
                values["message"] = words
            }
        }
        return pages.render("sign-in-next", language: language, status: status, csrf: signed.session.csrfToken, values)
    }

    private func sessionCookie(_ token: String) -> Cookie {
        Cookie(name: Self.sessionCookie, value: token, path: "/", secure: secureCookies, httpOnly: true, sameSite: .strict)
    }

    /// The language a page for nobody signed in is written in: `?lang=`, else the browser's first
    /// one the console has, else Russian.
    static func language(of request: Request) -> ConsoleLanguage {
        if let asked = request.uri.queryParameters["lang"].flatMap({ ConsoleLanguage(rawValue: String($0)) }) { return asked }
        let accepted = request.headers[.acceptLanguage] ?? ""
        for part in accepted.split(separator: ",") {
            // A part may be empty or a bare parameter (";q=1"): it names no language.
            let code = (part.split(separator: ";").first ?? "").trimmingCharacters(in: .whitespaces).prefix(2).lowercased()
            if let language = ConsoleLanguage(rawValue: code) { return language }
        }
        return .ru
    }

    static func redirect(_ path: String) -> Response {
        Response(status: .seeOther, headers: [.location: path, .cacheControl: "no-store"])
    }

    /// Compares two tokens in constant time.
    static func same(_ given: String, _ expected: String) -> Bool {
        guard !expected.isEmpty, given.utf8.count == expected.utf8.count else { return false }
        return zip(given.utf8, expected.utf8).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0
    }
}

extension Dictionary where Key == String, Value == String {
    /// The values, where they are wording keys, in `language`'s words.
    func worded(_ language: ConsoleLanguage) -> [String: Any] {
        mapValues { language.wording[$0] ?? $0 }
    }
}
