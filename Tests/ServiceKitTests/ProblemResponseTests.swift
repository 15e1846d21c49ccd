import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import ServiceKit
import TestSupport
import Testing

@Suite("Errors are RFC 9457 problems")
struct ProblemResponseTests {
    struct Registration: Codable {
        let name: String
        let count: Int
        let born: String?
    }

    struct Body: Decodable {
        let type: String
        let title: String
        let status: Int
        let detail: String?
        let errors: [Problem.FieldError]
    }

    struct SecretFailure: Error, CustomStringConvertible {
        var description: String { "SQL: SELECT * FROM persons WHERE phone = '+79991234567'" }
    }

    func makeApplication(logger: Logger = Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })) -> some ApplicationProtocol {
        let router = Router(context: JardamRequestContext.self)
        router.add(middleware: ProblemMiddleware())
        router.post("/registrations") { request, context in
            let registration = try await request.decodeJSON(as: Registration.self, context: context)
            guard registration.count > 0 else {
                throw Problem.validation([.init(field: "count", message: "must be positive")])
            }
            return "ok"
        }
        router.get("/failing") { _, _ -> String in throw SecretFailure() }
        return Application(router: router, logger: logger)
    }

    func problem(_ response: TestResponse) throws -> Body {
        #expect(response.headers[.contentType] == "application/problem+json")
        return try JSONDecoder().decode(Body.self, from: Data(buffer: response.body))
    }

    func post(_ client: some TestClientProtocol, _ body: String) async throws -> TestResponse {
        try await client.execute(uri: "/registrations", method: .post, body: ByteBuffer(string: body))
    }

    @Test func malformedJSONIsA400() async throws {
        try await makeApplication().test(.router) { client in
            let response = try await post(client, "{\"name\": ")
            #expect(response.status == .badRequest)
            let body = try problem(response)
            #expect(body.status == 400)
            #expect(body.type == "urn:jardam:problem:malformed-request")
        }
    }

    @Test func aWrongTypeIsA400NamingTheField() async throws {
        try await makeApplication().test(.router) { client in
            let response = try await post(client, #"{"name": "Асель", "count": "many"}"#)
            #expect(response.status == .badRequest)
            #expect(try problem(response).errors.map(\.field) == ["count"])
        }
    }

    @Test func aMissingFieldIsA400NamingTheField() async throws {
        try await makeApplication().test(.router) { client in
            let response = try await post(client, #"{"count": 1}"#)
            #expect(response.status == .badRequest)
            #expect(try problem(response).errors == [.init(field: "name", message: "is required")])
        }
    }

    @Test func aBrokenRuleIsA422ListingTheField() async throws {
        try await makeApplication().test(.router) { client in
            let response = try await post(client, #"{"name": "Асель", "count": 0}"#)
            #expect(response.status == .unprocessableContent)
            #expect(try problem(response).errors == [.init(field: "count", message: "must be positive")])
        }
    }

    @Test func aBodyOverOneMebibyteIsA413() async throws {
        try await makeApplication().test(.router) { client in
            let padding = String(repeating: "a", count: JardamRequestContext.maxBodySize)
            let response = try await post(client, #"{"name": "\#(padding)", "count": 1}"#)
            #expect(response.status == .contentTooLarge)
            #expect(try problem(response).status == 413)
        }
    }

    @Test func anUnknownRouteIsA404Problem() async throws {
        try await makeApplication().test(.router) { client in
            let response = try await client.execute(uri: "/nowhere", method: .get)
            #expect(response.status == .notFound)
            #expect(try problem(response).status == 404)
        }
    }

    @Test func anInternalFailureRevealsNothingOfItsCauseInTheBodyOrTheLog() async throws {
        let captured = CapturedLog()
        let logger = Logger(label: "test") { _ in captured }
        try await makeApplication(logger: logger).test(.router) { client in
            let response = try await client.execute(uri: "/failing", method: .get)
            #expect(response.status == .internalServerError)
            let text = String(buffer: response.body)
            #expect(!text.contains("SELECT") && !text.contains("+7999"))
        }
        let logged = captured.lines.joined(separator: "\n")
        #expect(logged.contains("SecretFailure"), "the error type is logged: \(logged)")
        #expect(!logged.contains("+7999") && !logged.contains("SELECT"))
    }
}
