import Contracts
import Foundation
import Hummingbird
import NIOCore

/// The request context of every Jardam route: 1 MiB bodies, JSON in the ``Wire`` form.
public struct JardamRequestContext: RequestContext {
    /// Bodies over this size are refused with 413 (CONTRACT.md §3).
    public static let maxBodySize = 1 << 20

    public var coreContext: CoreRequestContextStorage
    /// The verified caller; set by ``AuthenticationMiddleware`` on every non-public route.
    public var identity: StaffIdentity?
    /// The address the request came from (`nil` when the channel has none, as in router tests).
    public let remoteAddress: SocketAddress?

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        remoteAddress = source.channel.remoteAddress
    }

    public var maxUploadSize: Int { Self.maxBodySize }

    /// Staff input: vocabulary outside today's lists is refused (``Wire/VocabularyReading/closed``).
    public var requestDecoder: WireRequestDecoder { WireRequestDecoder() }

    public var responseEncoder: WireResponseEncoder { WireResponseEncoder() }
}

/// Reads request bodies with ``Wire/decode(_:from:vocabulary:)``, closed vocabulary.
public struct WireRequestDecoder: RequestDecoder {
    public func decode<T: Decodable>(_ type: T.Type, from request: Request, context: some RequestContext) async throws -> T {
        try Wire.decode(type, from: Data(buffer: try await request.body.collect(upTo: context.maxUploadSize)), vocabulary: .closed)
    }
}

/// Writes response bodies with ``Wire/encode(_:)``.
public struct WireResponseEncoder: ResponseEncoder {
    public func encode(_ value: some Encodable, from request: Request, context: some RequestContext) throws -> Response {
        let data = try Wire.encode(value)
        return Response(
            status: .ok,
            headers: [.contentType: "application/json; charset=utf-8", .contentLength: String(data.count)],
            body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}

extension JardamRequestContext {
    /// The `{id}` of the path as a UUID; anything else is a 404 for `what`, as an unknown id is.
    public func pathID(_ what: String) throws -> UUID {
        guard let id = parameters.get("id", as: UUID.self) else { throw Problem.notFound(what) }
        return id
    }
}
