import Hummingbird

/// Requires a valid staff token on every route but the public ones, and puts the caller in the
/// context; anything else is a 401 problem.
public struct AuthenticationMiddleware: RouterMiddleware {
    public typealias Context = JardamRequestContext

    /// Open without a token (CONTRACT.md §3).
    public static let publicPaths: Set<String> = ["/health/live", "/health/ready", "/metrics", "/openapi.json"]

    let authority: TokenAuthority

    public init(authority: TokenAuthority) { self.authority = authority }

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        if request.method == .get, Self.publicPaths.contains(request.uri.path) {
            return try await next(request, context)
        }
        var context = context
        let identity = try await authority.identity(authorization: request.headers[.authorization])
        context.identity = identity
        context.logger[metadataKey: "staff.subject"] = "\(identity.subject)"
        return try await next(request, context)
    }
}

extension RouterMethods where Context == JardamRequestContext {
    /// Adds a route that only `roles` may call; the others get 403. The roles read next to the path:
    ///
    ///     router.get("/v1/audit", allowing: [.auditor]) { request, context, caller in ... }
    @discardableResult
    public func on(
        _ path: RouterPath, method: HTTPRequest.Method, allowing roles: Set<Role>,
        use handler: @Sendable @escaping (Request, Context, StaffIdentity) async throws -> some ResponseGenerator
    ) -> Self {
        on(path, method: method) { request, context in
            guard let identity = context.identity else {
                throw TokenAuthority.unauthorized("a Bearer token is required")
            }
            guard !identity.roles.isDisjoint(with: roles) else {
                throw Problem(
                    status: .forbidden, type: "forbidden", title: "Forbidden",
                    detail: "this needs one of the roles: \(roles.map(\.rawValue).sorted().joined(separator: ", "))")
            }
            return try await handler(request, context, identity)
        }
    }

    /// `GET` for `roles` only.
    @discardableResult
    public func get(
        _ path: RouterPath, allowing roles: Set<Role>,
        use handler: @Sendable @escaping (Request, Context, StaffIdentity) async throws -> some ResponseGenerator
    ) -> Self {
        on(path, method: .get, allowing: roles, use: handler)
    }

    /// `POST` for `roles` only.
    @discardableResult
    public func post(
        _ path: RouterPath, allowing roles: Set<Role>,
        use handler: @Sendable @escaping (Request, Context, StaffIdentity) async throws -> some ResponseGenerator
    ) -> Self {
        on(path, method: .post, allowing: roles, use: handler)
    }

    /// `PUT` for `roles` only.
    @discardableResult
    public func put(
        _ path: RouterPath, allowing roles: Set<Role>,
        use handler: @Sendable @escaping (Request, Context, StaffIdentity) async throws -> some ResponseGenerator
    ) -> Self {
        on(path, method: .put, allowing: roles, use: handler)
    }

    /// `PATCH` for `roles` only.
    @discardableResult
    public func patch(
        _ path: RouterPath, allowing roles: Set<Role>,
        use handler: @Sendable @escaping (Request, Context, StaffIdentity) async throws -> some ResponseGenerator
    ) -> Self {
        on(path, method: .patch, allowing: roles, use: handler)
    }

    /// `DELETE` for `roles` only.
    @discardableResult
    public func delete(
        _ path: RouterPath, allowing roles: Set<Role>,
        use handler: @Sendable @escaping (Request, Context, StaffIdentity) async throws -> some ResponseGenerator
    ) -> Self {
        on(path, method: .delete, allowing: roles, use: handler)
    }
}
