import Contracts
import Foundation
import Hummingbird
import ServiceKit

/// `/v1/job-seekers`: a case that consents to employment gets a profile and its matches.
struct SeekerRoutes {
    let exchange: Exchange
    let idempotency: IdempotentCreation

    /// `POST /v1/job-seekers`.
    struct NewSeeker: Decodable, Sendable {
        let caseId: UUID
        let occupations: [String]
        let languages: [String]
        /// Monthly.
        let desiredWage: Money?
        let city: String
    }

    var collection: RouteCollection<JardamRequestContext> {
        let router = RouteCollection(context: JardamRequestContext.self)
        router.post("/v1/job-seekers", allowing: [.employmentOfficer, .caseworker]) { request, context, caller in
            let (body, bytes) = try await request.decodeJSONBody(as: NewSeeker.self, context: context)
            var rules = FieldValidation()
            rules.check(!body.occupations.isEmpty, "occupations", "must list at least one ISCO-08 code")
            for (index, code) in body.occupations.enumerated() {
                rules.check(Occupations.isKnown(code), "occupations[\(index)]", "must be an ISCO-08 unit group of the reference list")
            }
            for (index, language) in body.languages.enumerated() { rules.languageTag(language, "languages[\(index)]") }
            rules.text(body.city, "city", maxLength: 100)
            rules.positive(body.desiredWage, "desiredWage")
            try rules.finish()
            let seeker = JobSeeker(
                id: UUID(), caseId: body.caseId, occupations: body.occupations, languages: body.languages, desiredWage: body.desiredWage,
                city: body.city)
            let outcome = try await idempotency.run(for: request, caller: caller, body: bytes, database: exchange.database) { connection in
                try await exchange.register(seeker, on: connection)
                return seeker.id
            }
            return outcome.created(try await exchange.seeker(outcome.id))
        }

        router.get("/v1/job-seekers", allowing: [.employmentOfficer, .caseworker]) { request, _, _ in
            var rules = FieldValidation()
            let caseId = request.uri.queryParameters["caseId"].flatMap { UUID(uuidString: String($0)) }
            rules.check(caseId != nil, "caseId", "is required: the case whose profile is asked for (a UUID)")
            try rules.finish()
            return Page(items: try await exchange.seekers(ofCase: caseId!), nextCursor: nil)
        }

        router.get("/v1/job-seekers/:id/matches", allowing: [.employmentOfficer, .caseworker]) { request, context, _ in
            let id = try context.pathID("job seeker")
            var rules = FieldValidation()
            let page = rules.page(request.uri)
            try rules.finish()
            return Page(items: try await exchange.matchViews(forSeeker: id, limit: page!.limit), nextCursor: nil)
        }
        return router
    }
}

extension JobSeeker: ResponseEncodable {}
