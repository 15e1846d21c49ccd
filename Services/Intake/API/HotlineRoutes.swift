import Contracts
import Foundation
import Hummingbird
import Persistence
import ServiceKit

extension IntakeAPI {
    /// `POST /v1/hotline/calls`: what a call was about, never who called.
    struct NewCall: Decodable, Sendable {
        let language: String
        let topic: String
        let durationSeconds: Int
        let resolvedByPhone: Bool
        let caseId: UUID?
    }

    func addHotlineRoutes(to router: Router<JardamRequestContext>) {
        router.post("/v1/hotline/calls", allowing: [.operator]) { request, context, caller in
            let (body, bytes) = try await request.decodeJSONBody(as: NewCall.self, context: context)
            var rules = FieldValidation()
            rules.languageTag(body.language, "language")
            let topic = rules.oneOf(body.topic, HotlineTopic.self, "topic")
            rules.check((0...86_400).contains(body.durationSeconds), "durationSeconds", "must be from 0 to 86400")
            try rules.finish()
            let outcome = try await idempotency.run(for: request, caller: caller, body: bytes, database: database) { connection in
                if let caseId = body.caseId, try await cases.load(caseId, on: connection) == nil {
                    throw Problem.validation([.init(field: "caseId", message: "is not a case on record")])
                }
                let call = HotlineCall(
                    id: UUID(), at: Date(), language: body.language, topic: topic!, durationSeconds: body.durationSeconds,
                    resolvedByPhone: body.resolvedByPhone, caseId: body.caseId)
                try await hotline.insert(call, by: caller.subject, on: connection)
                try await outbox.append(
                    HotlineCallLogged(
                        language: call.language, topic: call.topic, resolvedByPhone: call.resolvedByPhone,
                        durationSeconds: call.durationSeconds),
                    subject: "hotline-call/\(call.id.lowercased)", on: connection)
                return call.id
            }
            guard let call = try await database.withConnection({ try await hotline.load(outcome.id, on: $0) }) else {
                throw Problem.notFound("call")
            }
            return outcome.created(call)
        }

        router.get("/v1/statistics/hotline", allowing: [.supervisor, .auditor, .operator]) { request, _, _ in
            let query = request.uri.queryParameters
            var rules = FieldValidation()
            let period = rules.period(request.uri)
            let timeZone = query["timeZone"].map(String.init) ?? "UTC"
            rules.check(TimeZone(identifier: timeZone) != nil, "timeZone", "must be an IANA time zone such as Europe/Moscow")
            try rules.finish()
            return try await hotline.statistics(from: period!.from, to: period!.to, timeZone: timeZone, database: database)
        }
    }
}

extension HotlineCall: ResponseEncodable {}
extension HotlineStatistics: ResponseEncodable {}
