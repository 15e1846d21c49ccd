import Hummingbird
import LogSafety
import Logging
import Persistence

/// Turns every error a route throws into an RFC 9457 problem response.
///
/// A ``Problem`` is sent as it is, a service's ``ProblemConvertible`` error as its problem; Hummingbird's own errors (404 no route, 413 body too large,
/// 400 undecodable body) keep their status. A unique or exclusion violation is the client's
/// conflict (a duplicate, or a race lost to a concurrent twin): 409, wherever the check-then-insert
/// raced; no free connection in time is 503 with `Retry-After`. Anything else is logged and
/// answered with a bare 500 that reveals nothing of its cause.
public struct ProblemMiddleware<Context: RequestContext>: RouterMiddleware {
    public init() {}

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let problem as Problem {
            return try problem.response(from: request, context: context)
        } catch let error as any ProblemConvertible {
            return try error.problem.response(from: request, context: context)
        } catch let error as HTTPError {
            return try Self.problem(for: error.status, detail: error.body).response(from: request, context: context)
        } catch let error as any HTTPResponseError {
            return try Self.problem(for: error.status, detail: nil).response(from: request, context: context)
        } catch let error as PostgresError where error.isUniqueViolation {
            return try Problem.conflict("it exists already: the same record was made before, or by a request at the same time")
                .response(from: request, context: context)
        } catch let error as PostgresError where error.code == .poolTimeout {
            context.logger.warning("request waited too long for a database connection")
            var response = try Problem(
                status: .serviceUnavailable, type: "unavailable", title: "Service unavailable", detail: "the service is busy; try again shortly"
            ).response(from: request, context: context)
            response.headers[.retryAfter] = "1"
            return response
        } catch {
            context.logger.error("request failed", metadata: ["error": "\(logSummary(of: error))"])
            return try Problem(
                status: .internalServerError, type: "internal", title: "Internal error",
                detail: "the request could not be completed; it has been logged"
            ).response(from: request, context: context)
        }
    }

    static func problem(for status: HTTPResponse.Status, detail: String?) -> Problem {
        switch status {
        case .badRequest: .malformed(detail ?? "the request could not be read")
        case .notFound: .notFound("resource")
        case .contentTooLarge:
            Problem(status: status, type: "too-large", title: "Content too large", detail: "the body is over 1 MiB")
        default:
            Problem(status: status, type: "http-\(status.code)", title: status.reasonPhrase, detail: detail)
        }
    }
}
