import Contracts
import Foundation
import Hummingbird
import Persistence
import ServiceKit

/// `/v1/hotline/calls` and their statistics: operators log what calls were about, never who called.
struct HotlineRoutes {
    let registry: Registry
    let idempotency: IdempotentCreation

    /// `POST /v1/hotline/calls`: what a call was about, never who called.
    struct NewCall: Decodable, Sendable {
        let language: String
        let topic: String
        let durationSeconds: Int
        let resolvedByPhone: Bool
        let caseId: UUID?
    }

    var collection: RouteCollection<JardamRequestContext> {
        let router = RouteCollection(context: JardamRequestContext.self)
        router.post("/v1/hotline/calls", allowing: [.operator]) { request, context, caller in
            let (body, bytes) = try await request.decodeJSONBody(as: NewCall.self, context: context)
            var rules = FieldValidation()
            rules.languageTag(body.language, "language")
            let topic = rules.oneOf(body.topic, HotlineTopic.self, "topic")
            rules.check((0...86_400).contains(body.durationSeconds), "durationSeconds", "must be from 0 to 86400")
            try rules.finish()
            let call = HotlineCall(
                id: UUID(), at: Date(), language: body.language, topic: topic!, durationSeconds: body.durationSeconds,
                resolvedByPhone: body.resolvedByPhone, caseId: body.caseId)
            let outcome = try await idempotency.run(for: request, caller: caller, body: bytes, database: registry.database) { connection in
                try await registry.log(call, by: caller.subject, on: connection)
                return call.id
            }
            return outcome.created(try await registry.call(outcome.id))
        }

        router.get("/v1/statistics/hotline", allowing: [.supervisor, .auditor, .operator]) { request, _, _ in
            let query = request.uri.queryParameters
            var rules = FieldValidation()
            let period = rules.period(request.uri)
            let timeZone = query["timeZone"].map(String.init) ?? "UTC"
            rules.check(TimeZone(identifier: timeZone) != nil, "timeZone", "must be an IANA time zone such as Europe/Moscow")
            try rules.finish()
            return try await registry.hotlineStatistics(from: period!.from, to: period!.to, timeZone: timeZone)
        }
        return router
    }
}

extension HotlineCall: ResponseEncodable {}
extension HotlineStatistics: ResponseEncodable {}
