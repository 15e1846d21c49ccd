import Contracts
import Foundation
import JWTKit

/// Signs and verifies the city's HS256 staff tokens (`JARDAM_TOKEN_SECRET`).
public struct TokenAuthority: Sendable {
    /// The claims of CONTRACT.md §3.
    struct Claims: JWTPayload {
        let sub: SubjectClaim
        let roles: [String]
        let city: String
        let partner: String?
        let exp: ExpirationClaim

        func verify(using algorithm: some JWTAlgorithm) throws {
            try exp.verifyNotExpired()
        }
    }

    private let keys: JWTKeyCollection
    /// The city whose tokens this authority accepts.
    public let city: String

    public init(secret: String, city: String) async {
        keys = JWTKeyCollection()
        await keys.add(hmac: HMACKey(from: secret), digestAlgorithm: .sha256)
        self.city = city
    }

    /// Signs a token for `subject` with `roles`, valid for `lifetime`.
    public func issue(subject: String, roles: [Role], partner: UUID? = nil, lifetime: Duration, now: Date = Date()) async throws -> String {
        let claims = Claims(
            sub: SubjectClaim(value: subject), roles: roles.map(\.rawValue), city: city,
            partner: partner?.lowercased,
            exp: ExpirationClaim(value: now.addingTimeInterval(Double(lifetime.components.seconds))))
        return try await keys.sign(claims)
    }

    /// Verifies an `Authorization` header value; every refusal is a 401 problem.
    ///
    /// Refused: no or non-Bearer header, a bad signature, any algorithm but HS256 (`none`
    /// included), an expired token, a token of another city, unknown roles.
    public func identity(authorization: String?) async throws -> StaffIdentity {
        guard let authorization, authorization.lowercased().hasPrefix("bearer ") else {
            throw Self.unauthorized("a Bearer token is required")
        }
        let token = authorization.dropFirst("bearer ".count).trimmingCharacters(in: .whitespaces)
        let claims: Claims
        do {
            claims = try await keys.verify(token, as: Claims.self)
        } catch let error as JWTError where error.errorType == .claimVerificationFailure {
            throw Self.unauthorized("the token has expired")
        } catch {
            throw Self.unauthorized("the token is invalid")
        }
        guard claims.city == city else { throw Self.unauthorized("the token is for another city") }
        var roles = Set<Role>()
        for name in claims.roles {
            guard let role = Role(rawValue: name) else { throw Self.unauthorized("the token names an unknown role") }
            roles.insert(role)
        }
        var partner: UUID?
        if let claimed = claims.partner {
            guard let id = UUID(uuidString: claimed) else { throw Self.unauthorized("the partner claim is not an id") }
            partner = id
        }
        return StaffIdentity(subject: claims.sub.value, roles: roles, city: claims.city, partner: partner)
    }

    static func unauthorized(_ detail: String) -> Problem {
        Problem(status: .unauthorized, type: "unauthorized", title: "Unauthorized", detail: detail)
    }
}
