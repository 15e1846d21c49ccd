import Contracts
import Foundation
import Hummingbird
import ServiceKit

extension LegalAPI {
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

    func addReferralRoutes(to router: Router<JardamRequestContext>) {
        router.post("/v1/referrals", allowing: [.caseworker, .supervisor]) { request, context, caller in
            let (body, bytes) = try await request.decodeJSONBody(as: NewReferral.self, context: context)
            var rules = FieldValidation()
            let issue = rules.oneOf(body.issue, LegalIssue.self, "issue")
            try rules.finish()
            let outcome = try await idempotency.run(for: request, caller: caller, body: bytes, database: database) { connection in
                try await openReferral(
                    caseId: body.caseId, issue: issue!, partnerId: body.partnerId, actor: caller.subject, now: Date(), on: connection
                ).id
            }
            guard let referral = try await database.withConnection({ try await referrals.load(outcome.id, on: $0) }) else {
                throw Problem.notFound("referral")
            }
            return outcome.created(referral)
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
            let page = rules.page(request.uri)
            try rules.finish()
            if caller.isPartnerStaff {
                // Partner staff see their own partner's referrals, whatever they ask for.
                guard let partner = caller.partner, filter.partnerId == nil || filter.partnerId == partner else {
                    return Page<Referral>(items: [], nextCursor: nil)
                }
                filter.partnerId = partner
            }
            let (items, next) = try await referrals.list(filter, cursor: page!.cursor, limit: page!.limit, database: database)
            return Page(items: items, nextCursor: next.map(String.init))
        }

        router.get("/v1/referrals/:id", allowing: [.caseworker, .supervisor, .lawyer]) { _, context, caller in
            let id = try context.pathID("referral")
            guard let referral = try await database.withConnection({ try await referrals.load(id, on: $0) }) else {
                throw Problem.notFound("referral")
            }
            try caller.requireVisible(partnerOf: referral.partnerId, what: "referral")
            return referral
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
                var outcome: ReferralOutcome?
                if action == .resolve {
                    rules.check(step.outcome != nil, "outcome", "is required")
                    outcome = step.outcome.flatMap { rules.oneOf($0, ReferralOutcome.self, "outcome") }
                }
                if action == .assign { rules.check(step.partnerId != nil, "partnerId", "is required") }
                try rules.finish()
                return try await database.withTransaction { connection in
                    try await apply(
                        action, to: id, caller: caller, note: step.note, outcome: outcome, recovered: step.recovered,
                        assignTo: step.partnerId, now: Date(), on: connection)
                }
            }
        }
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
