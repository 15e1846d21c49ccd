import ConsoleAccounts
import Foundation
import Hummingbird
import HummingbirdTesting
import ServiceKit
import TestSupport
import Testing

@testable import Console

/// Each page opens only for the roles of CONTRACT.md §8, and its forms only with the session's token.
@Suite("Console pages and roles")
struct PageAccessTests {
    static let secret = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"

    @Test(arguments: [(Role.operator, HTTPResponse.Status.ok), (.caseworker, .forbidden), (.lawyer, .forbidden), (.supervisor, .forbidden)])
    func theHotlineDeskIsTheOperatorsOnly(role: Role, expected: HTTPResponse.Status) async throws {
        try await ConsoleHarness.run { console, client in
            let secret = StaffAccount.personalDataRoles.contains(role) ? Self.secret : nil
            _ = try await console.account("staff", roles: [role], password: "long enough password", secret: secret)
            var browser = try await SignInTests.signIn(client, "staff", "long enough password", secret: secret, at: console.clock.now)
            let page = try await browser.send(client, .get, "/hotline")
            #expect(page.status == expected, "\(role)")
            if expected == .ok {
                #expect(page.html.contains(#"name="topic""#) && page.html.contains(#"name="language""#) && page.html.contains(#"name="minutes""#))
            } else {
                #expect(!page.html.contains(#"name="topic""#))
                let posted = try await browser.send(client, .post, "/hotline/calls", form: ["language": "ky", "topic": "housing", "minutes": "5"])
                #expect(posted.status == .forbidden, "a form of a page the role may not open is refused too")
            }
        }
    }

    @Test(arguments: ConsolePage.allCases)
    func eachDeskAndItsFormsAreRefusedToTheOtherRoles(page: ConsolePage) async throws {
        try await ConsoleHarness.run { console, client in
            for (index, role) in [Role.operator, .caseworker, .supervisor, .lawyer, .shelterManager, .medicalDesk, .employmentOfficer].enumerated() {
                let secret = StaffAccount.personalDataRoles.contains(role) ? Self.secret : nil
                _ = try await console.account("staff\(index)", roles: [role], password: "long enough password", secret: secret)
                var browser = try await SignInTests.signIn(client, "staff\(index)", "long enough password", secret: secret, at: console.clock.now)
                let opened = try await browser.send(client, .get, page.path)
                // Allowed: the desk, or (reading a service that does not answer here) a 503 saying so.
                #expect((opened.status == .forbidden) == page.roles.isDisjoint(with: [role]), "\(role) on \(page.path): \(opened.status)")
                let forms: [ConsolePage: String] = [
                    .hotline: "/hotline/calls", .referrals: "/referrals/\(UUID())/accept", .shelters: "/shelters/bookings/\(UUID())/confirm",
                    .medical: "/medical/policies", .labor: "/labor/job-seekers", .cases: "/cases/\(UUID())/consents",
                ]
                if page.roles.isDisjoint(with: [role]), let action = forms[page] {
                    #expect(try await browser.send(client, .post, action, form: [:]).status == .forbidden, "\(role) posting to \(action)")
                }
                if page == .cases, !page.roles.isDisjoint(with: [role]) {
                    #expect(try await browser.send(client, .get, "/cases/\(UUID())").status == .serviceUnavailable, "a case page reads intake")
                }
            }
        }
    }

    @Test func aLawyersInboxAsksLegalReferralWithTheLawyersOwnToken() async throws {
        try await ConsoleHarness.run { console, client in
            _ = try await console.account("lawyer", roles: [.lawyer], password: "long enough password")
            var browser = try await SignInTests.signIn(client, "lawyer", "long enough password", secret: nil, at: console.clock.now)
            let inbox = try await browser.send(client, .get, "/referrals")
            #expect(
                inbox.status == .serviceUnavailable && inbox.html.contains("legal-referral"), "it reads legal-referral, which does not answer here")
        }
    }

    @Test func aDeskNeedsASignedInPersonAndItsFormsTheSessionsToken() async throws {
        try await ConsoleHarness.run { console, client in
            var stranger = Browser()
            #expect(try await stranger.send(client, .get, "/hotline").location == "/sign-in")
            _ = try await console.account("op", roles: [.operator], password: "long enough password", secret: Self.secret)
            var browser = try await SignInTests.signIn(client, "op", "long enough password", secret: Self.secret, at: console.clock.now)
            _ = try await browser.send(client, .get, "/hotline")
            let forged = try await browser.send(
                client, .post, "/hotline/calls", form: ["language": "ky", "topic": "housing", "minutes": "5"], csrf: "x")
            #expect(forged.status == .forbidden)
            // With the token, the form reaches intake, which does not answer here: the page says so.
            let posted = try await browser.send(client, .post, "/hotline/calls", form: ["language": "ky", "topic": "housing", "minutes": "5"])
            #expect(posted.status == .serviceUnavailable && posted.html.contains("intake"), "\(posted.html)")
        }
    }
}
