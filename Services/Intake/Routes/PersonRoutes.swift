import Contracts
import Foundation
import Hummingbird
import Persistence
import ServiceKit

/// `/v1/persons`: the desks register persons, open their records (audited), erase and merge them.
struct PersonRoutes {
    let registry: Registry
    let idempotency: IdempotentCreation

    // MARK: Request bodies

    /// `POST /v1/persons`.
    struct NewPerson: Decodable, Sendable {
        let givenName: String
        let familyName: String
        let nameLatin: String?
        let birthDate: CalendarDate?
        let sex: String
        let citizenship: String
        let languages: [String]
        let phone: String?
        let document: IdentityDocument?

        /// The person, or a 422 listing every broken rule (never quoting a value).
        func validated(today: CalendarDate) throws -> Person {
            var rules = FieldValidation()
            rules.text(givenName, "givenName", maxLength: 100)
            rules.text(familyName, "familyName", maxLength: 100)
            rules.text(nameLatin, "nameLatin", maxLength: 200, required: false)
            if let nameLatin {
                rules.check(nameLatin.allSatisfy { $0.isASCII }, "nameLatin", "must be written in Latin letters")
            }
            if let birthDate {
                rules.check(birthDate <= today, "birthDate", "must not be in the future")
                rules.accepted(birthDate, "birthDate")
            }
            let sex = rules.oneOf(sex, Sex.self, "sex")
            rules.check(FieldValidation.isCountryCode(citizenship), "citizenship", "must be an ISO 3166 alpha-2 code such as KG")
            rules.check(!languages.isEmpty && languages.count <= 10, "languages", "must list 1 to 10 languages")
            for (index, language) in languages.enumerated() { rules.languageTag(language, "languages[\(index)]") }
            if let phone {
                rules.matches(phone, /[ +()-]*([0-9][ +()-]*){7,15}/, "phone", "must be a phone number of 7 to 15 digits")
            }
            if let document {
                _ = rules.oneOf(document.type, DocumentType.self, "document.type")
                rules.matches(
                    document.number, /[^A-Za-z0-9]*([A-Za-z0-9][^A-Za-z0-9]*){3,30}/, "document.number",
                    "must have 3 to 30 Latin letters or digits")
                rules.check(document.number.unicodeScalars.count <= 40, "document.number", "must be at most 40 characters")
            }
            try rules.finish()
            let latin = nameLatin?.trimmingCharacters(in: .whitespaces)
            return Person(
                givenName: givenName.trimmingCharacters(in: .whitespaces), familyName: familyName.trimmingCharacters(in: .whitespaces),
                nameLatin: latin.flatMap { $0.isEmpty ? nil : $0 } ?? Transliteration.latin("\(givenName) \(familyName)"),
                birthDate: birthDate, sex: sex!, citizenship: citizenship, languages: languages, phone: phone, document: document)
        }
    }

    /// `POST /v1/persons/{id}/merge`.
    struct MergeRequest: Decodable, Sendable {
        let intoId: UUID
    }

    // MARK: Routes

    var collection: RouteCollection<JardamRequestContext> {
        let router = RouteCollection(context: JardamRequestContext.self)
        router.post("/v1/persons", allowing: [.operator, .caseworker]) { request, context, caller in
            let (body, bytes) = try await request.decodeJSONBody(as: NewPerson.self, context: context)
            let person = try body.validated(today: CalendarDate(Date()))
            let access = try StaffAccess(caller: caller, request: request, context: context)
            let outcome = try await idempotency.run(for: request, caller: caller, body: bytes, database: registry.database) { connection in
                try await registry.create(person, access: access, on: connection)
            }
            return outcome.created(try await registry.person(outcome.id, access: access, withDuplicates: true))
        }

        router.get("/v1/persons/:id", allowing: [.operator, .caseworker, .supervisor]) { request, context, caller in
            try await registry.person(
                try context.pathID("person"), access: StaffAccess(caller: caller, request: request, context: context), withDuplicates: false)
        }

        router.delete("/v1/persons/:id", allowing: [.supervisor]) { request, context, caller in
            try await registry.erase(try context.pathID("person"), access: StaffAccess(caller: caller, request: request, context: context))
            return Response(status: .noContent)
        }

        router.post("/v1/persons/:id/merge", allowing: [.caseworker, .supervisor]) { request, context, caller in
            let id = try context.pathID("person")
            let body = try await request.decodeJSON(as: MergeRequest.self, context: context)
            return try await registry.merge(id, into: body.intoId, access: StaffAccess(caller: caller, request: request, context: context))
        }
        return router
    }
}

extension PersonView: ResponseEncodable {}
