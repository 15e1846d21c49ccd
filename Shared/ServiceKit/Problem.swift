import Contracts
import Foundation
import Hummingbird

/// An RFC 9457 problem: the only shape in which a service reports an error to a client.
///
/// `detail` and `errors` must never carry personal data, SQL or stack traces.
public struct Problem: HTTPResponseError, Sendable, Equatable {
    /// One field that broke a rule, by its JSON path (`document.number`).
    public struct FieldError: Codable, Sendable, Equatable {
        public let field: String
        public let message: String

        public init(field: String, message: String) {
            self.field = field
            self.message = message
        }
    }

    public let status: HTTPResponse.Status
    /// A URI naming the kind of problem (`urn:jardam:problem:validation`).
    public let type: String
    public let title: String
    public let detail: String?
    public let errors: [FieldError]
    /// The consent purpose a `consent-required` problem names (an RFC 9457 extension member).
    public let purpose: String?

    public init(
        status: HTTPResponse.Status, type: String, title: String, detail: String? = nil, errors: [FieldError] = [], purpose: String? = nil
    ) {
        self.status = status
        self.type = "urn:jardam:problem:\(type)"
        self.title = title
        self.detail = detail
        self.errors = errors
        self.purpose = purpose
    }

    /// 400: the body is not JSON, or a value has the wrong type.
    public static func malformed(_ detail: String, errors: [FieldError] = []) -> Problem {
        Problem(status: .badRequest, type: "malformed-request", title: "Malformed request", detail: detail, errors: errors)
    }

    /// 422: valid JSON that breaks a rule; every broken field is listed.
    public static func validation(_ errors: [FieldError]) -> Problem {
        Problem(
            status: .unprocessableContent, type: "validation", title: "Validation failed",
            detail: "\(errors.count) field(s) break a rule", errors: errors)
    }

    /// 404: the object does not exist, or the caller may not see it.
    public static func notFound(_ what: String) -> Problem {
        Problem(status: .notFound, type: "not-found", title: "Not found", detail: "\(what) not found")
    }

    /// 409: the request conflicts with the object's state (capacity, transition, duplicate).
    public static func conflict(_ detail: String) -> Problem {
        Problem(status: .conflict, type: "conflict", title: "Conflict", detail: detail)
    }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        let data = try Wire.encode(self)
        return Response(
            status: status,
            headers: [.contentType: "application/problem+json", .contentLength: String(data.count)],
            body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}

extension Problem: Encodable {
    private enum CodingKeys: String, CodingKey {
        case type, title, status, detail, errors, purpose
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(type, forKey: .type)
        try container.encode(title, forKey: .title)
        try container.encode(status.code, forKey: .status)
        try container.encodeIfPresent(detail, forKey: .detail)
        try container.encode(errors, forKey: .errors)
        try container.encodeIfPresent(purpose, forKey: .purpose)
    }
}
