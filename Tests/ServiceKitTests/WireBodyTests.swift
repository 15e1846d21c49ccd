import Contracts
import Eventing
import Foundation
import Hummingbird
import HummingbirdTesting
import Messaging
import ServiceKit
import Testing

@Suite("HTTP bodies and AMQP messages in the wire form")
struct WireBodyTests {
    struct Booking: Codable, ResponseEncodable {
        let id: UUID
        let caseId: UUID
        let expiresAt: Date
        let needs: [Need]
    }

    @Test func responsesCarryLowercaseIdsAndRFC3339TimesAndRequestsAreReadInAnyCase() async throws {
        let router = Router(context: JardamRequestContext.self)
        router.add(middleware: ProblemMiddleware())
        router.post("/echo") { request, context in try await request.decodeJSON(as: Booking.self, context: context) }
        try await Application(router: router).test(.router) { client in
            let id = UUID(uuidString: "0B8E2F4A-6C1D-4E5F-8A9B-1C2D3E4F5A6B")!
            let sent =
                #"{"id": "\#(id.uuidString)", "caseId": "\#(id.uuidString)", "expiresAt": "2026-11-23T13:00:00.25+03:00", "needs": ["housing"]}"#
            let response = try await client.execute(uri: "/echo", method: .post, body: ByteBuffer(string: sent))
            #expect(response.status == .ok)
            #expect(
                String(buffer: response.body)
                    == #"{"caseId":"0b8e2f4a-6c1d-4e5f-8a9b-1c2d3e4f5a6b","expiresAt":"2026-11-23T10:00:00.250Z","id":"0b8e2f4a-6c1d-4e5f-8a9b-1c2d3e4f5a6b","needs":["housing"]}"#
            )

            let unknownNeed = try await client.execute(
                uri: "/echo", method: .post, body: ByteBuffer(string: sent.replacingOccurrences(of: "housing", with: "haircut")))
            #expect(unknownNeed.status == .badRequest, "staff input outside today's vocabulary is refused")
            #expect(String(buffer: unknownNeed.body).contains("expected one of legal, housing, medical, employment"))
        }
    }

    @Test func theMessageIdIsTheEventIdByteForByteOnBothExchanges() throws {
        let facts = ReferralFacts(referralId: UUID(), caseId: UUID(), partnerId: UUID(), issue: .documents, language: "tg")
        let payload = ReferralAccepted(referral: facts)
        let envelope = try EventEnvelope(payload, city: "moscow", service: .legalReferral)
        func bodyID(_ message: OutgoingMessage) throws -> String? {
            (try JSONSerialization.jsonObject(with: message.body) as? [String: Any])?["id"] as? String
        }
        let event = try OutgoingMessage(event: envelope)
        let eventBodyID = try bodyID(event)
        #expect(event.messageID == envelope.id.lowercased && event.messageID == eventBodyID)
        let form = try #require(try payload.partnerForm())
        let partner = OutgoingMessage(
            partnerFormOf: envelope.id, type: ReferralAccepted.type, routingKey: form.routingKey(for: ReferralAccepted.type),
            body: try envelope.partnerEnvelope(with: form).encoded())
        let partnerBodyID = try bodyID(partner)
        #expect(partner.messageID == partnerBodyID && partner.exchange == Topology.partnersExchange)
    }
}
