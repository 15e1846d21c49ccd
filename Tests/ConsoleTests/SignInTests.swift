import ConsoleAccounts
import Foundation
import Hummingbird
import HummingbirdBcrypt
import HummingbirdTesting
import ServiceKit
import TestSupport
import Testing

@testable import Console

/// Signing in to the console: password, first change, TOTP, lockout, forms' tokens, idle sessions.
@Suite("Console sign-in")
struct SignInTests {
    let secret = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"

    /// Signs `username` in with `password` (and a TOTP code of `secret`): the browser afterwards.
    static func signIn(
        _ client: any TestClientProtocol, _ username: String, _ password: String, secret: String?, at now: Date
    ) async throws -> Browser {
        var browser = Browser()
        _ = try await browser.send(client, .get, "/sign-in")
        let first = try await browser.send(client, .post, "/sign-in", form: ["username": username, "password": password])
        #expect(first.status == .seeOther, "\(first.html)")
        if let secret {
            #expect(first.location == "/sign-in/next")
            _ = try await browser.send(client, .get, "/sign-in/next")
            let second = try await browser.send(client, .post, "/sign-in/next", form: ["totp": totpCode(secret, at: now)])
            #expect(second.status == .seeOther && second.location == "/", "\(second.html)")
        } else {
            #expect(first.location == "/")
        }
        return browser
    }

    @Test func aCaseworkerSignsInWithPasswordAndACodeAndOut() async throws {
        try await ConsoleHarness.run { console, client in
            _ = try await console.account("aigerim", roles: [.caseworker], password: "long enough password", secret: secret)
            var browser = Browser()
            let page = try await browser.send(client, .get, "/sign-in")
            #expect(page.status == .ok && page.html.contains(#"name="username""#) && page.html.contains(#"name="password""#))
            let first = try await browser.send(client, .post, "/sign-in", form: ["username": "aigerim", "password": "long enough password"])
            #expect(first.status == .seeOther && first.location == "/sign-in/next")
            // Halfway signed in, nothing else opens.
            #expect(try await browser.send(client, .get, "/").location == "/sign-in/next")
            let asked = try await browser.send(client, .get, "/sign-in/next")
            #expect(asked.html.contains(#"name="totp""#) && !asked.html.contains(#"name="newPassword""#) && !asked.html.contains("totp-uri"))
            let wrong = try await browser.send(client, .post, "/sign-in/next", form: ["totp": "000000"])
            #expect(wrong.status == .unprocessableContent && wrong.html.contains(#"id="totp-error""#))
            let second = try await browser.send(client, .post, "/sign-in/next", form: ["totp": totpCode(secret, at: console.clock.now)])
            #expect(second.status == .seeOther && second.location == "/")
            let start = try await browser.send(client, .get, "/")
            #expect(start.status == .ok && start.html.contains("<h1>Desk</h1>") && start.html.contains(#"href="/cases""#))
            #expect(!start.html.contains(#"href="/referrals""#) && !start.html.contains(#"href="/hotline""#))
            let out = try await browser.send(client, .post, "/sign-out", form: [:])
            #expect(out.status == .seeOther && out.location == "/sign-in")
            #expect(try await browser.send(client, .get, "/").location == "/sign-in")
            #expect(try await console.audited("aigerim") == ["sign-in-failed", "sign-in", "sign-out"])
        }
    }

    @Test func theSessionCookieIsHttpOnlyAndSameSiteStrictAndReplacedWhenTheSessionGainsRights() async throws {
        try await ConsoleHarness.run { console, client in
            _ = try await console.account("aigerim", roles: [.caseworker], password: "long enough password", secret: secret)
            var browser = Browser()
            _ = try await browser.send(client, .get, "/sign-in")
            let response = try await client.execute(
                uri: "/sign-in", method: .post,
                headers: [
                    .cookie: "\(ConsoleRoutes.formCookie)=\(browser.cookies[ConsoleRoutes.formCookie]!)",
                    .contentType: "application/x-www-form-urlencoded",
                ],
                body: ByteBuffer(string: "username=aigerim&password=long+enough+password&csrf=\(browser.csrf)"))
            let cookie = try #require(response.headers[values: .setCookie].first { $0.hasPrefix("\(ConsoleRoutes.sessionCookie)=") })
            #expect(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict") && cookie.contains("Path=/"))
            #expect(!cookie.contains("Secure"), "plain HTTP in tests; Secure with TLS")
            let halfway = String(cookie.split(separator: ";")[0].split(separator: "=")[1])
            let full = try await Self.signIn(client, "aigerim", "long enough password", secret: secret, at: console.clock.now.addingTimeInterval(30))
            #expect(full.cookies[ConsoleRoutes.sessionCookie] != halfway)
        }
    }

    @Test func theFirstSignInReplacesTheGivenPasswordAndEnrolsTheCodeApp() async throws {
        try await ConsoleHarness.run { console, client in
            let id = try await console.account("nurlan", roles: [.operator], password: "given-Pass-0001", mustChange: true)
            var browser = Browser()
            _ = try await browser.send(client, .get, "/sign-in")
            #expect(
                try await browser.send(client, .post, "/sign-in", form: ["username": "nurlan", "password": "given-Pass-0001"]).location
                    == "/sign-in/next")
            let page = try await browser.send(client, .get, "/sign-in/next")
            #expect(page.html.contains(#"name="newPassword""#) && page.html.contains(#"name="totp""#))
            #expect(page.html.contains(#"id="totp-uri">otpauth://totp/"#), "\(page.html)")
            #expect(page.html.range(of: #"id="totp-key">([A-Z2-7]{4} )+[A-Z2-7]{1,4}<"#, options: .regularExpression) != nil, "\(page.html)")
            let sealed = try #require(
                try await console.pool.query("SELECT totp_secret FROM \"\(console.schema)\".staff_accounts WHERE id = $1", [id]).first?.decode(
                    "totp_secret", as: Data?.self))
            let secret = try console.signIn.codes.open(sealed)
            let code = totpCode(secret, at: console.clock.now)
            let short = try await browser.send(client, .post, "/sign-in/next", form: ["newPassword": "short", "totp": code])
            #expect(short.status == .unprocessableContent && short.html.contains(#"id="newPassword-error""#))
            let same = try await browser.send(client, .post, "/sign-in/next", form: ["newPassword": "given-Pass-0001", "totp": code])
            #expect(same.status == .unprocessableContent && same.html.contains("must differ"))
            let done = try await browser.send(client, .post, "/sign-in/next", form: ["newPassword": "my own long passphrase", "totp": code])
            #expect(done.status == .seeOther && done.location == "/")
            let stored = try await console.pool.query("SELECT password_hash FROM \"\(console.schema)\".staff_accounts WHERE id = $1", [id])
            #expect(try stored[0].decode("password_hash", as: String.self).hasPrefix("$2b$12$"), "the console hashes with bcrypt, cost 12")
            #expect(try await browser.send(client, .get, "/").html.contains(#"href="/hotline""#))
            // The given password no longer opens; the code just used is not accepted twice.
            var again = Browser()
            _ = try await again.send(client, .get, "/sign-in")
            #expect(
                try await again.send(client, .post, "/sign-in", form: ["username": "nurlan", "password": "given-Pass-0001"]).status == .unauthorized)
            _ = try await again.send(client, .post, "/sign-in", form: ["username": "nurlan", "password": "my own long passphrase"])
            _ = try await again.send(client, .get, "/sign-in/next")
            #expect(try await again.send(client, .post, "/sign-in/next", form: ["totp": code]).status == .unprocessableContent)
            #expect(try await console.audited("nurlan").starts(with: ["password-changed", "sign-in"]))
        }
    }

    @Test func fiveFailuresInFifteenMinutesLockTheAccountUntilTheyAreOld() async throws {
        try await ConsoleHarness.run { console, client in
            _ = try await console.account("bakyt", roles: [.lawyer], password: "the right password")
            var browser = Browser()
            _ = try await browser.send(client, .get, "/sign-in")
            for attempt in 1...5 {
                let wrong = try await browser.send(client, .post, "/sign-in", form: ["username": "bakyt", "password": "guess \(attempt)"])
                #expect(wrong.status == (attempt < 5 ? .unauthorized : .tooManyRequests), "attempt \(attempt)")
            }
            let locked = try await browser.send(client, .post, "/sign-in", form: ["username": "bakyt", "password": "the right password"])
            #expect(locked.status == .tooManyRequests && locked.html.contains(ConsoleLanguage.ru.wording["locked"]!))
            console.clock.advance(14 * 60)
            #expect(
                try await browser.send(client, .post, "/sign-in", form: ["username": "bakyt", "password": "the right password"]).status
                    == .tooManyRequests)
            console.clock.advance(2 * 60)
            #expect(try await browser.send(client, .post, "/sign-in", form: ["username": "bakyt", "password": "the right password"]).location == "/")
            let audited = try await console.audited("bakyt")
            #expect(audited.filter { $0 == "sign-in-failed" }.count == 5 && audited.contains("lockout") && audited.last == "sign-in")
        }
    }

    @Test func oneAddressTryingManyAccountsIsHeldOffForFiveMinutes() async throws {
        try await ConsoleHarness.run { console, client in
            _ = try await console.account("bakyt", roles: [.lawyer], password: "the right password")
            // Twenty attempts from the same address (the test client's: none), as many accounts.
            for _ in 1...AddressThrottle.limit { #expect(await console.throttle.admit("unknown", now: console.clock.now)) }
            var browser = Browser()
            _ = try await browser.send(client, .get, "/sign-in")
            let refused = try await browser.send(client, .post, "/sign-in", form: ["username": "bakyt", "password": "the right password"])
            #expect(refused.status == .tooManyRequests && refused.html.contains(ConsoleLanguage.ru.wording["tooManyFromAddress"]!))
            #expect(try await console.audited("bakyt").isEmpty, "a held-off attempt reaches no account")
            console.clock.advance(AddressThrottle.window)
            #expect(try await browser.send(client, .post, "/sign-in", form: ["username": "bakyt", "password": "the right password"]).location == "/")
        }
    }

    @Test func theThrottleCountsEachAddressInItsWindowOnly() async {
        let throttle = SignInThrottle()
        let now = Date()
        for second in 0..<AddressThrottle.limit { #expect(await throttle.admit("10.0.0.1", now: now.addingTimeInterval(Double(second)))) }
        #expect(await !throttle.admit("10.0.0.1", now: now.addingTimeInterval(30)))
        #expect(await throttle.admit("10.0.0.2", now: now.addingTimeInterval(30)), "another address is not held off")
        #expect(await throttle.admit("10.0.0.1", now: now.addingTimeInterval(AddressThrottle.window + 1)), "the oldest attempts left the window")
    }

    @Test func anyAcceptLanguageGivesTheSignInPage() async throws {
        try await ConsoleHarness.run { _, client in
            for header in ["xx,;", ";", "ky;q=0.9", ",,", "zz-ZZ, en;q=0.5"] {
                let page = try await client.execute(uri: "/sign-in", method: .get, headers: [.acceptLanguage: header])
                #expect(page.status == .ok, "Accept-Language: \(header)")
            }
        }
    }

    @Test func aFormWithoutItsTokenIsRefusedAndChangesNothing() async throws {
        try await ConsoleHarness.run { console, client in
            _ = try await console.account("bakyt", roles: [.lawyer], password: "the right password")
            var stranger = Browser()
            let forged = try await stranger.send(
                client, .post, "/sign-in", form: ["username": "bakyt", "password": "the right password"], csrf: "forged")
            #expect(forged.status == .forbidden && stranger.cookies[ConsoleRoutes.sessionCookie] == nil)
            var browser = try await Self.signIn(client, "bakyt", "the right password", secret: nil, at: console.clock.now)
            let refused = try await browser.send(client, .post, "/sign-out", form: [:], csrf: "not the token")
            #expect(refused.status == .forbidden)
            #expect(try await browser.send(client, .get, "/").status == .ok, "still signed in")
        }
    }

    @Test func aSessionIdleForThirtyMinutesEnds() async throws {
        try await ConsoleHarness.run { console, client in
            _ = try await console.account("bakyt", roles: [.lawyer], password: "the right password")
            var browser = try await Self.signIn(client, "bakyt", "the right password", secret: nil, at: console.clock.now)
            console.clock.advance(29 * 60)
            #expect(try await browser.send(client, .get, "/").status == .ok)
            console.clock.advance(29 * 60)
            #expect(try await browser.send(client, .get, "/").status == .ok, "each request restarts the idle clock")
            console.clock.advance(31 * 60)
            let expired = try await browser.send(client, .get, "/")
            #expect(
                expired.status == .unauthorized && expired.html.contains(ConsoleLanguage.ru.wording["sessionExpired"]!),
                "no account, no language: Russian")
        }
    }

    @Test func aDisabledAccountCannotSignInAndLosesItsSession() async throws {
        try await ConsoleHarness.run { console, client in
            _ = try await console.account("bakyt", roles: [.lawyer], password: "the right password")
            var browser = try await Self.signIn(client, "bakyt", "the right password", secret: nil, at: console.clock.now)
            #expect(try await console.signIn.accounts.setDisabled(true, username: "bakyt", database: console.pool))
            #expect(try await browser.send(client, .get, "/").status == .unauthorized)
            var again = Browser()
            _ = try await again.send(client, .get, "/sign-in")
            #expect(
                try await again.send(client, .post, "/sign-in", form: ["username": "bakyt", "password": "the right password"]).status == .unauthorized
            )
        }
    }
}

extension SignInTests {
    @Test func theSignedInPersonSwitchesTheLanguageOfTheirPagesAndItStays() async throws {
        try await ConsoleHarness.run { console, client in
            _ = try await console.account("bakyt", roles: [.lawyer], password: "the right password")
            var browser = try await Self.signIn(client, "bakyt", "the right password", secret: nil, at: console.clock.now)
            #expect(try await browser.send(client, .get, "/").html.contains("<h1>Desk</h1>"))
            #expect(try await browser.send(client, .post, "/language", form: ["language": "ky"], csrf: "x").status == .forbidden)
            #expect(try await browser.send(client, .post, "/language", form: ["language": "xx"]).status == .unprocessableContent)
            let switched = try await browser.send(client, .post, "/language", form: ["language": "ky"])
            #expect(switched.status == .seeOther && switched.location == "/")
            let page = try await browser.send(client, .get, "/")
            #expect(page.html.contains("<h1>Иш столу</h1>") && page.html.contains(#"<option value="ky" selected>"#), "\(page.html)")
            // Kept on the account: the next sign-in is in Kyrgyz too.
            var again = try await Self.signIn(client, "bakyt", "the right password", secret: nil, at: console.clock.now)
            #expect(try await again.send(client, .get, "/").html.contains("<h1>Иш столу</h1>"))
        }
    }

    @Test func aResetEndsTheSessionsAndAsksForANewPasswordAndANewCodeApp() async throws {
        try await ConsoleHarness.run { console, client in
            let secret = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
            let id = try await console.account("ainura", roles: [.caseworker], password: "long enough password", secret: secret)
            var browser = try await Self.signIn(client, "ainura", "long enough password", secret: secret, at: console.clock.now)
            try await console.pool.query(
                "INSERT INTO \"\(console.schema)\".sign_in_failures (account_id, at) VALUES ($1, $2)", [id, console.clock.now])
            #expect(
                try await console.signIn.accounts.reset(
                    username: "ainura", passwordHash: Bcrypt.hash("new one-time pass", cost: 4), database: console.pool))
            #expect(try await browser.send(client, .get, "/").status == .unauthorized, "the session ended")
            #expect(try await console.pool.query("SELECT 1 FROM \"\(console.schema)\".sign_in_failures").isEmpty)
            var again = Browser()
            _ = try await again.send(client, .get, "/sign-in")
            #expect(
                try await again.send(client, .post, "/sign-in", form: ["username": "ainura", "password": "long enough password"]).status
                    == .unauthorized)
            _ = try await again.send(client, .post, "/sign-in", form: ["username": "ainura", "password": "new one-time pass"])
            let next = try await again.send(client, .get, "/sign-in/next")
            #expect(next.html.contains(#"name="newPassword""#) && next.html.contains(#"id="totp-uri""#), "a new password and a new code app")
            #expect(!(try await console.signIn.accounts.reset(username: "nobody", passwordHash: "x", database: console.pool)))
        }
    }
}

@Suite("Console rules")
struct ConsoleRuleTests {
    @Test func lockoutCountsOnlyTheLastFifteenMinutes() {
        let now = Date()
        let old = (0..<5).map { now.addingTimeInterval(-Double(16 * 60 + $0)) }
        #expect(Lockout.lockedUntil(failures: old, now: now) == nil)
        let recent = (0..<5).map { now.addingTimeInterval(-Double(60 * $0)) }
        #expect(Lockout.lockedUntil(failures: recent, now: now) == now.addingTimeInterval(-240 + Lockout.window))
        #expect(Lockout.lockedUntil(failures: Array(recent.prefix(4)), now: now) == nil)
    }

    @Test func eachRoleIsOfferedOnlyItsPages() {
        #expect(ConsolePage.open(to: [.lawyer]) == [.referrals])
        #expect(ConsolePage.open(to: [.supervisor]) == [.cases, .dashboard])
        #expect(ConsolePage.open(to: [.operator, .caseworker]) == [.hotline, .cases])
        #expect(ConsolePage.open(to: [.ops]).isEmpty)
    }

    @Test func aCodeMatchesItsStepOrANeighbourOnceAndNothingElse() throws {
        let codes = OneTimeCodes(key: .init(size: .bits256))
        let secret = codes.newSecret()
        let now = Date(timeIntervalSince1970: 1_800_000_015)
        let step = 1_800_000_015 / 30
        #expect(codes.matchingStep(totpCode(secret, at: now), secret: secret, now: now, after: nil) == step)
        #expect(codes.matchingStep(totpCode(secret, at: now.addingTimeInterval(-30)), secret: secret, now: now, after: nil) == step - 1)
        #expect(codes.matchingStep(totpCode(secret, at: now.addingTimeInterval(-90)), secret: secret, now: now, after: nil) == nil)
        #expect(codes.matchingStep(totpCode(secret, at: now), secret: secret, now: now, after: step) == nil, "a used step")
        #expect(codes.matchingStep("12345", secret: secret, now: now, after: nil) == nil)
        #expect(try codes.open(try codes.seal(secret)) == secret)
    }
}

@Suite("The enrolment QR code")
struct QRCodeTests {
    /// The 15 format bits as drawn beside the top-left finder, unmasked.
    static func formatBits(_ code: QRCode) -> Int {
        let cells = (0...5).map { (8, $0) } + [(8, 7), (8, 8), (7, 8)] + (9..<15).map { (14 - $0, 8) }
        return cells.enumerated().reduce(0) { bits, cell in bits | ((code.modules[cell.element.1][cell.element.0] ? 1 : 0) << cell.offset) } ^ 0x5412
    }

    @Test func theSmallestVersionHoldsTheBytesAtLevelM() throws {
        #expect(try QRCode(bytes: Array(repeating: 65, count: 14)).version == 1)
        #expect(try QRCode(bytes: Array(repeating: 65, count: 15)).version == 2)
        #expect(try QRCode(bytes: Array(repeating: 65, count: 152)).version == 8)
        #expect(try QRCode(bytes: Array(repeating: 65, count: 153)).version == 9)
        #expect(throws: QRCode.TooLong.self) { try QRCode(bytes: Array(repeating: 65, count: 2400)) }
    }

    @Test func finderPatternsFormatAndVersionAreWhereAReaderLooks() throws {
        // 135 bytes: version 8, which also carries its version information.
        let uri =
            "otpauth://totp/Jardam%20Moscow:aigerim?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP&issuer=Jardam%20Moscow&algorithm=SHA1&digits=6&period=30"
        let code = try QRCode(bytes: Array(uri.utf8))
        #expect(code.size == code.version * 4 + 17 && code.version == 8)
        for (x, y) in [(0, 0), (code.size - 7, 0), (0, code.size - 7)] {
            let ring = (0..<7).allSatisfy {
                code.modules[y][x + $0] && code.modules[y + 6][x + $0] && code.modules[y + $0][x] && code.modules[y + $0][x + 6]
            }
            let gap = (1..<6).allSatisfy { !code.modules[y + 1][x + $0] && !code.modules[y + 5][x + $0] }
            let centre = (2..<5).allSatisfy { i in (2..<5).allSatisfy { code.modules[y + i][x + $0] } }
            #expect(ring && gap && centre, "finder at \(x),\(y)")
        }
        let format = Self.formatBits(code)
        #expect(format >> 13 == 0b00, "level M")
        #expect(format >> 10 & 0b111 == code.mask, "the mask drawn is the mask used")
        #expect(code.modules[code.size - 8][8], "the dark module")
        let svg = code.svg(label: "QR")
        #expect(svg.hasPrefix("<svg") && svg.contains(#"viewBox="0 0 \#(code.size + 8) \#(code.size + 8)""#))
    }
}
