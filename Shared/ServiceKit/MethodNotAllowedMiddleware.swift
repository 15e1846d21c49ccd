import HTTPTypes
import Hummingbird

/// Answers a request for a path the service has, with a method it does not, with 405 and
/// `Allow` (RFC 9110 §15.5.6) instead of 404.
///
/// Added after every route, so that it wraps only the router's not-found responder: a matched
/// route never passes through it.
struct MethodNotAllowedMiddleware<Context: RequestContext>: RouterMiddleware {
    /// Each route's path segments (a capture, `{id}`, matches any one) and method.
    private let routes: [(segments: [Substring], method: HTTPRequest.Method)]

    init(routes: [(path: String, method: HTTPRequest.Method)]) {
        self.routes = routes.map { (Self.segments($0.path), $0.method) }
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as HTTPError where error.status == .notFound {
            let path = Self.segments(request.uri.path)
            let allowed = Set(routes.filter { Self.matches($0.segments, path) }.map(\.method.rawValue)).sorted()
            guard !allowed.isEmpty else { throw error }
            var response = try Problem(
                status: .methodNotAllowed, type: "method-not-allowed", title: "Method not allowed",
                detail: "\(request.method.rawValue) is not served here; allowed: \(allowed.joined(separator: ", "))"
            ).response(from: request, context: context)
            response.headers[.allow] = allowed.joined(separator: ", ")
            return response
        }
    }

    private static func segments(_ path: String) -> [Substring] { path.split(separator: "/", omittingEmptySubsequences: true) }

    private static func matches(_ pattern: [Substring], _ path: [Substring]) -> Bool {
        pattern.count == path.count && zip(pattern, path).allSatisfy { ($0.hasPrefix("{") && $0.hasSuffix("}")) || $0 == $1 }
    }
}
