import Contracts
import Foundation
import Hummingbird
import ServiceKit

/// `/v1/referrals`: caseworkers refer cases by hand, lawyers answer the referrals sent to
/// their partner, supervisors route the unrouted.
struct ReferralRoutes {
    let aid: LegalAid
    let idempotency: IdempotentCreation

    /// `POST /v1/referrals`: a caseworker refers a case by hand.
    struct NewReferral: Decodable, Sendable {
        let caseId: UUID
        let issue: String
        let partnerId: UUID?
    }

    /// The optional body of the state-changing `POST`s.
    struct Step: Decodable, Sendable {
        /// Why (decline, withdraw) or what was done (resolve); kept in the history.
        let note: String?
        /// `resolve`: how it ended (``ReferralOutcome``).
        let outcome: String?
        let recovered: Money?
        /// `assign`: the partner a supervisor proposes an unrouted referral to.
        let partnerId: UUID?
    }

    var collection: RouteCollection<JardamRequestContext> {
        let router = RouteCollection(context: JardamRequestContext.self)
        router.post("/v1/referrals", allowing: [.caseworker, .supervisor]) { request, context, caller in
            let (body, bytes) = try await request.decodeJSONBody(as: NewReferral.self, context: context)
            var rules = FieldValidation()
            let issue = rules.oneOf(body.issue, LegalIssue.self, "issue")
            try rules.finish()
            let outcome = try await idempotency.run(for: request, caller: caller, body: bytes, database: aid.database) { connection in
                try await aid.openReferral(
                    caseId: body.caseId, issue: issue!, partnerId: body.partnerId, actor: caller.subject, now: Date(), on: connection
                ).id
            }
            return outcome.created(try await aid.referral(outcome.id, visibleTo: caller))
        }

        router.get("/v1/referrals", allowing: [.caseworker, .supervisor, .lawyer]) { request, _, caller in
            let query = request.uri.queryParameters
            var rules = FieldValidation()
            var filter = ReferralFilter()
            if let text = query["caseId"] {
                filter.caseId = UUID(uuidString: String(text))
                rules.check(filter.caseId != nil, "caseId", "must be a UUID")
            }
            if let text = query["partnerId"] {
                filter.partnerId = UUID(uuidString: String(text))
                rules.check(filter.partnerId != nil, "partnerId", "must be a UUID")
            }
            filter.status = query["status"].flatMap { rules.oneOf(String($0), ReferralStatus.self, "status") }
            filter.issue = query["issue"].flatMap { rules.oneOf(String($0), LegalIssue.self, "issue") }
            filter.escalated = rules.flag(request.uri, "escalated")
            let page = rules.page(request.uri)
            try rules.finish()
            let (items, next) = try await aid.referrals(filter, visibleTo: caller, cursor: page!.cursor, limit: page!.limit)
            return Page(items: items, nextCursor: next.map(String.init))
        }

        router.get("/v1/referrals/:id", allowing: [.caseworker, .supervisor, .lawyer]) { _, context, caller in
            try await aid.referral(try context.pathID("referral"), visibleTo: caller)
        }

        let steps: [(ReferralAction, Set<Role>)] = [
            (.accept, [.lawyer]), (.decline, [.lawyer]), (.resolve, [.lawyer]),
            (.withdraw, [.caseworker, .supervisor]), (.assign, [.supervisor]),
        ]
        for (action, roles) in steps {
            router.post("/v1/referrals/:id/\(action.rawValue)", allowing: roles) { request, context, caller in
                let id = try context.pathID("referral")
                let step = try await Self.optionalStep(request, context: context)
                var rules = FieldValidation()
                rules.text(step.note, "note", maxLength: 1000, required: false)
                rules.positive(step.recovered, "recovered")
                var outcome: ReferralOutcome?
                if action == .resolve {
                    rules.check(step.outcome != nil, "outcome", "is required")
                    outcome = step.outcome.flatMap { rules.oneOf($0, ReferralOutcome.self, "outcome") }
                }
                if action == .assign { rules.check(step.partnerId != nil, "partnerId", "is required") }
                try rules.finish()
                return try await aid.database.withTransaction { connection in
                    try await aid.apply(
                        action, to: id, caller: caller, note: step.note, outcome: outcome, recovered: step.recovered,
                        assignTo: step.partnerId, now: Date(), on: connection)
                }
            }
        }
        return router
    }

    /// The step's body, or an empty one when none was sent.
    private static func optionalStep(_ request: Request, context: JardamRequestContext) async throws -> Step {
        guard let length = request.headers[.contentLength], length != "0" else {
            return Step(note: nil, outcome: nil, recovered: nil, partnerId: nil)
        }
        return try await request.decodeJSON(as: Step.self, context: context)
    }
}

extension Referral: ResponseEncodable {}
