import Foundation
import Hummingbird

/// The request context of every Jardam route: 1 MiB bodies, ISO-8601 JSON.
public struct JardamRequestContext: RequestContext {
    /// Bodies over this size are refused with 413 (CONTRACT.md §3).
    public static let maxBodySize = 1 << 20

    public var coreContext: CoreRequestContextStorage
    /// The verified caller; set by ``AuthenticationMiddleware`` on every non-public route.
    public var identity: StaffIdentity?

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
    }

    public var maxUploadSize: Int { Self.maxBodySize }

    public var requestDecoder: JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }

    public var responseEncoder: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }
}

extension JardamRequestContext {
    /// The `{id}` of the path as a UUID; anything else is a 404 for `what`, as an unknown id is.
    public func pathID(_ what: String) throws -> UUID {
        guard let id = parameters.get("id", as: UUID.self) else { throw Problem.notFound(what) }
        return id
    }
}
