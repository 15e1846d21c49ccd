import Contracts
import Foundation
import Hummingbird
import Persistence
import ServiceKit

extension IntakeAPI {
    // MARK: Request and response bodies

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
                rules.check(birthDate.year >= 1900, "birthDate", "must be in 1900 or later")
            }
            let sex = rules.oneOf(sex, Sex.self, "sex")
            rules.check(FieldValidation.isCountryCode(citizenship), "citizenship", "must be an ISO 3166 alpha-2 code such as KG")
            rules.check(!languages.isEmpty && languages.count <= 10, "languages", "must list 1 to 10 languages")
            for (index, language) in languages.enumerated() { rules.languageTag(language, "languages[\(index)]") }
            if let phone {
                let digits = phone.filter(\.isNumber).count
                rules.check(
                    (7...15).contains(digits) && phone.allSatisfy({ $0.isNumber || " +-()".contains($0) }), "phone",
                    "must be a phone number of 7 to 15 digits")
            }
            if let document {
                _ = rules.oneOf(document.type, DocumentType.self, "document.type")
                let significant = document.number.filter { $0.isLetter || $0.isNumber }.count
                rules.check((3...30).contains(significant) && document.number.count <= 40, "document.number", "must have 3 to 30 letters or digits")
            }
            try rules.finish()
            let latin = nameLatin?.trimmingCharacters(in: .whitespaces)
            return Person(
                givenName: givenName.trimmingCharacters(in: .whitespaces), familyName: familyName.trimmingCharacters(in: .whitespaces),
                nameLatin: latin.flatMap { $0.isEmpty ? nil : $0 } ?? Transliteration.latin("\(givenName) \(familyName)"),
                birthDate: birthDate, sex: sex!, citizenship: citizenship, languages: languages, phone: phone, document: document)
        }
    }

    /// A person's full record, as `GET /v1/persons/{id}` and `POST /v1/persons` return it.
    struct PersonView: ResponseEncodable, Sendable {
        struct Duplicate: Codable, Sendable, Equatable {
            let id: UUID
            /// The strongest reason.
            let reason: DuplicateReason
            let reasons: [DuplicateReason]
        }

        let id: UUID
        let givenName: String
        let familyName: String
        let nameLatin: String
        let birthDate: CalendarDate?
        let sex: Sex
        let citizenship: String
        let languages: [String]
        let phone: String?
        let document: IdentityDocument?
        let createdAt: Date
        /// Set once this record was merged into another: use that one.
        let mergedInto: UUID?
        /// On creation only: existing persons who may be the same human.
        let possibleDuplicates: [Duplicate]?

        init(id: UUID, person: Person, createdAt: Date, mergedInto: UUID?, duplicates: [DuplicateCandidate]?) {
            self.id = id
            givenName = person.givenName
            familyName = person.familyName
            nameLatin = person.nameLatin
            birthDate = person.birthDate
            sex = person.sex
            citizenship = person.citizenship
            languages = person.languages
            phone = person.phone
            document = person.document
            self.createdAt = createdAt
            self.mergedInto = mergedInto
            possibleDuplicates = duplicates?.map { Duplicate(id: $0.id, reason: $0.reasons[0], reasons: $0.reasons) }
        }
    }

    /// `POST /v1/persons/{id}/merge`.
    struct MergeRequest: Decodable, Sendable {
        let intoId: UUID
    }

    // MARK: Routes

    func addPersonRoutes(to router: Router<JardamRequestContext>) {
        router.post("/v1/persons", allowing: [.operator, .caseworker]) { request, context, caller in
            let (body, bytes) = try await request.decodeJSONBody(as: NewPerson.self, context: context)
            let person = try body.validated(today: CalendarDate(Date()))
            let access = StaffAccess(caller: caller, request: request, context: context)
            let outcome = try await idempotency.run(for: request, caller: caller, body: bytes, database: database) { connection in
                let id = UUID()
                try await persons.insert(person, id: id, by: caller.subject, on: connection)
                try await audit.record(
                    "create", subject: Self.subject(id), reason: access.reason, by: caller, requestID: access.requestID, on: connection)
                return id
            }
            return outcome.created(try await view(outcome.id, access: access, withDuplicates: true))
        }

        router.get("/v1/persons/:id", allowing: [.operator, .caseworker, .supervisor]) { request, context, caller in
            try await view(
                try context.pathID("person"), access: StaffAccess(caller: caller, request: request, context: context), withDuplicates: false)
        }

        router.delete("/v1/persons/:id", allowing: [.supervisor]) { request, context, caller in
            let id = try context.pathID("person")
            let access = StaffAccess(caller: caller, request: request, context: context)
            try await database.withTransaction { connection in
                switch try await persons.load(id, lock: true, on: connection) {
                case nil: throw Problem.notFound("person")
                case .erased: return  // Erasing twice changes nothing and announces nothing.
                case .present:
                    // A merged record is the same human: it goes with the record it was merged into.
                    for erased in [id] + (try await persons.mergedInto(id, on: connection)) {
                        try await persons.erase(erased, on: connection)
                        try await audit.record(
                            "erase", subject: Self.subject(erased), reason: access.reason, by: caller, requestID: access.requestID, on: connection)
                        try await emit(PersonErased(personRef: PersonStore.ref(of: erased)), subject: Self.subject(erased), on: connection)
                    }
                }
            }
            return Response(status: .noContent)
        }

        router.post("/v1/persons/:id/merge", allowing: [.caseworker, .supervisor]) { request, context, caller in
            let id = try context.pathID("person")
            let body = try await request.decodeJSON(as: MergeRequest.self, context: context)
            guard body.intoId != id else {
                throw Problem.validation([.init(field: "intoId", message: "must be another person")])
            }
            let access = StaffAccess(caller: caller, request: request, context: context)
            try await database.withTransaction { connection in
                // Lock both in id order, so that two opposite merges cannot deadlock.
                let ordered = [id, body.intoId].sorted { $0.uuidString < $1.uuidString }
                var records: [UUID: PersonRecord] = [:]
                for each in ordered { records[each] = try await persons.load(each, lock: true, on: connection) }
                guard case .present(_, _, _, let sourceMerged) = records[id] else { throw Problem.notFound("person") }
                guard case .present(_, _, _, let targetMerged) = records[body.intoId] else {
                    throw Problem.validation([.init(field: "intoId", message: "is not a person on record")])
                }
                if let sourceMerged { throw Problem.conflict("the person was already merged into \(sourceMerged)") }
                if let targetMerged { throw Problem.conflict("the target was itself merged into \(targetMerged); merge into that one") }
                try await persons.merge(id, into: body.intoId, on: connection)
                try await audit.record(
                    "merge", subject: Self.subject(id), reason: access.reason, by: caller, requestID: access.requestID, on: connection)
                try await emit(
                    PersonMerged(personRef: PersonStore.ref(of: id), intoPersonRef: PersonStore.ref(of: body.intoId)),
                    subject: Self.subject(id), on: connection)
            }
            return try await view(body.intoId, access: access, withDuplicates: false)
        }
    }

    /// Opens and returns the record of `id`, auditing the read in the same transaction.
    private func view(_ id: UUID, access: StaffAccess, withDuplicates: Bool) async throws -> PersonView {
        try await database.withTransaction { connection in
            guard case .present(_, let person, let createdAt, let mergedInto) = try await persons.load(id, on: connection) else {
                throw Problem.notFound("person")
            }
            try await audit.record(
                "read", subject: Self.subject(id), reason: access.reason, by: access.caller, requestID: access.requestID, on: connection)
            let duplicates =
                withDuplicates
                ? try await persons.duplicates(of: person, excluding: id, access: access, audit: audit, on: connection) : nil
            return PersonView(id: id, person: person, createdAt: createdAt, mergedInto: mergedInto, duplicates: duplicates)
        }
    }

    /// How persons are named in the audit log and in event subjects.
    static func subject(_ id: UUID) -> String { "person/\(PersonStore.ref(of: id))" }
}
