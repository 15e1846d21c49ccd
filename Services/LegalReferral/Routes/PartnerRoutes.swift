import Contracts
import Foundation
import Hummingbird
import ServiceKit

/// `/v1/partners`: supervisors register the lawyers and NGOs cases are referred to.
struct PartnerRoutes {
    let aid: LegalAid
    let idempotency: IdempotentCreation

    /// `POST /v1/partners`.
    struct NewPartner: Decodable, Sendable {
        let name: String
        let kind: String
        let languages: [String]
        let specializations: [String]
        let capacity: Int
        let discountPercent: Decimal?
    }

    var collection: RouteCollection<JardamRequestContext> {
        let router = RouteCollection(context: JardamRequestContext.self)
        router.post("/v1/partners", allowing: [.supervisor]) { request, context, caller in
            let (body, bytes) = try await request.decodeJSONBody(as: NewPartner.self, context: context)
            var rules = FieldValidation()
            rules.text(body.name, "name", maxLength: 200)
            let kind = rules.oneOf(body.kind, PartnerKind.self, "kind")
            rules.check(!body.languages.isEmpty, "languages", "must list at least one language")
            for (index, language) in body.languages.enumerated() { rules.languageTag(language, "languages[\(index)]") }
            let specializations = rules.each(body.specializations, LegalIssue.self, "specializations")
            rules.check(!body.specializations.isEmpty, "specializations", "must list at least one issue")
            rules.check((0...10_000).contains(body.capacity), "capacity", "must be from 0 to 10000")
            if let discount = body.discountPercent { rules.check(discount >= 0 && discount <= 100, "discountPercent", "must be from 0 to 100") }
            try rules.finish()
            let outcome = try await idempotency.run(for: request, caller: caller, body: bytes, database: aid.database) { connection in
                let partner = Partner(
                    id: UUID(), name: body.name, kind: kind!, languages: body.languages, specializations: specializations,
                    capacity: body.capacity, discountPercent: body.discountPercent, load: 0)
                try await aid.register(partner, on: connection)
                return partner.id
            }
            return outcome.created(try await aid.partner(outcome.id))
        }

        router.get("/v1/partners", allowing: [.supervisor, .caseworker]) { request, _, _ in
            let query = request.uri.queryParameters
            var rules = FieldValidation()
            let issue = query["specialization"].flatMap { rules.oneOf(String($0), LegalIssue.self, "specialization") }
            let language = query["language"].map(String.init)
            if let language { rules.languageTag(language, "language") }
            let page = rules.page(request.uri)
            try rules.finish()
            let (items, next) = try await aid.partners(language: language, issue: issue, cursor: page!.cursor, limit: page!.limit)
            return Page(items: items, nextCursor: next.map(String.init))
        }

        router.get("/v1/partners/:id", allowing: [.supervisor, .caseworker]) { _, context, _ in
            try await aid.partner(try context.pathID("partner"))
        }
        return router
    }
}

extension Partner: ResponseEncodable {}
