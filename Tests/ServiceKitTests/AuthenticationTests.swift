import Foundation
import Hummingbird
import HummingbirdTesting
import ServiceKit
import Testing

@Suite("Staff tokens and roles")
struct AuthenticationTests {
    static let secret = String(repeating: "k", count: 40)
    static let partnerA = UUID()
    static let partnerB = UUID()

    static func application() async -> some ApplicationProtocol {
        let router = Router(context: JardamRequestContext.self)
        router.add(middleware: ProblemMiddleware())
        router.add(middleware: AuthenticationMiddleware(authority: await TokenAuthority(secret: secret, city: "moscow")))
        router.get("/health/live") { _, _ in "up" }
        router.get("/v1/cases", allowing: [.caseworker, .supervisor]) { _, _, caller in caller.subject }
        router.get("/v1/referrals/{partner}", allowing: [.caseworker, .lawyer]) { _, context, caller in
            let owner = try context.parameters.require("partner", as: UUID.self)
            guard caller.sees(partnerOf: owner) else { throw Problem.notFound("referral") }
            return "seen"
        }
        return Application(router: router)
    }

    static func token(
        _ roles: [Role], city: String = "moscow", partner: UUID? = nil, secret: String = secret, issuedAt: Date = Date(),
        lifetime: Duration = .seconds(3600)
    ) async throws -> String {
        try await TokenAuthority(secret: secret, city: city).issue(
            subject: "staff-1", roles: roles, partner: partner, lifetime: lifetime, now: issuedAt)
    }

    func get(_ uri: String, token: String?) async throws -> HTTPResponse.Status {
        try await Self.application().test(.router) { client in
            var headers = HTTPFields()
            if let token { headers[.authorization] = "Bearer \(token)" }
            return try await client.execute(uri: uri, method: .get, headers: headers).status
        }
    }

    static func base64URL(_ text: String) -> String {
        Data(text.utf8).base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    @Test func aValidTokenWithAnAllowedRoleIsServed() async throws {
        #expect(try await get("/v1/cases", token: try await Self.token([.caseworker])) == .ok)
    }

    @Test func publicRoutesNeedNoToken() async throws {
        #expect(try await get("/health/live", token: nil) == .ok)
    }

    @Test func noTokenIs401() async throws {
        #expect(try await get("/v1/cases", token: nil) == .unauthorized)
    }

    @Test func aTamperedSignatureIs401() async throws {
        let parts = try await Self.token([.caseworker]).split(separator: ".").map(String.init)
        let forged = Self.base64URL(#"{"sub":"staff-1","roles":["supervisor","auditor"],"city":"moscow","exp":4102444800}"#)
        #expect(try await get("/v1/cases", token: "\(parts[0]).\(forged).\(parts[2])") == .unauthorized)
        #expect(try await get("/v1/cases", token: try await Self.token([.caseworker], secret: String(repeating: "x", count: 40))) == .unauthorized)
    }

    @Test func algNoneIs401() async throws {
        let header = Self.base64URL(#"{"alg":"none","typ":"JWT"}"#)
        let claims = Self.base64URL(#"{"sub":"staff-1","roles":["caseworker"],"city":"moscow","exp":4102444800}"#)
        #expect(try await get("/v1/cases", token: "\(header).\(claims).") == .unauthorized)
    }

    @Test func anExpiredTokenIs401() async throws {
        let expired = try await Self.token([.caseworker], issuedAt: Date().addingTimeInterval(-7200), lifetime: .seconds(60))
        #expect(try await get("/v1/cases", token: expired) == .unauthorized)
    }

    @Test func aTokenOfAnotherCityIs401() async throws {
        #expect(try await get("/v1/cases", token: try await Self.token([.caseworker], city: "krasnodar")) == .unauthorized)
    }

    @Test func garbageIs401() async throws {
        #expect(try await get("/v1/cases", token: "not-a-token") == .unauthorized)
    }

    @Test func aRoleNotAllowedOnTheRouteIs403() async throws {
        #expect(try await get("/v1/cases", token: try await Self.token([.shelterManager, .lawyer])) == .forbidden)
    }

    @Test func aLawyerSeesOnlyItsOwnPartnersObjectsAndGets404ForOthers() async throws {
        let lawyerA = try await Self.token([.lawyer], partner: Self.partnerA)
        #expect(try await get("/v1/referrals/\(Self.partnerA)", token: lawyerA) == .ok)
        #expect(try await get("/v1/referrals/\(Self.partnerB)", token: lawyerA) == .notFound)
        #expect(try await get("/v1/referrals/\(Self.partnerB)", token: try await Self.token([.lawyer])) == .notFound)
        #expect(try await get("/v1/referrals/\(Self.partnerB)", token: try await Self.token([.caseworker])) == .ok)
    }
}
