import Contracts
import Foundation
import Hummingbird
import ServiceKit

extension LegalAPI {
    /// `POST /v1/partners`.
    struct NewPartner: Decodable, Sendable {
        let name: String
        let kind: String
        let languages: [String]
        let specializations: [String]
        let capacity: Int
        let discountPercent: Decimal?
    }

    func addPartnerRoutes(to router: Router<JardamRequestContext>) {
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
            let outcome = try await idempotency.run(for: request, caller: caller, body: bytes, database: database) { connection in
                let partner = Partner(
                    id: UUID(), name: body.name, kind: kind!, languages: body.languages, specializations: specializations,
                    capacity: body.capacity, discountPercent: body.discountPercent, load: 0)
                try await partners.insert(partner, on: connection)
                return partner.id
            }
            guard let partner = try await database.withConnection({ try await partners.load(outcome.id, on: $0) }) else {
                throw Problem.notFound("partner")
            }
            return outcome.created(partner)
        }

        router.get("/v1/partners", allowing: [.supervisor, .caseworker]) { request, _, _ in
            let query = request.uri.queryParameters
            var rules = FieldValidation()
            let issue = query["specialization"].flatMap { rules.oneOf(String($0), LegalIssue.self, "specialization") }
            let language = query["language"].map(String.init)
            if let language { rules.languageTag(language, "language") }
            let page = rules.page(request.uri)
            try rules.finish()
            let (items, next) = try await partners.list(
                language: language, issue: issue, cursor: page!.cursor, limit: page!.limit, database: database)
            return Page(items: items, nextCursor: next.map(String.init))
        }

        router.get("/v1/partners/:id", allowing: [.supervisor, .caseworker]) { _, context, _ in
            let id = try context.pathID("partner")
            guard let partner = try await database.withConnection({ try await partners.load(id, on: $0) }) else {
                throw Problem.notFound("partner")
            }
            return partner
        }
    }
}

extension Partner: ResponseEncodable {}
