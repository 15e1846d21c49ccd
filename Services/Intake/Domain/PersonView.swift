import Contracts
import Foundation

/// A person's full record, as `GET /v1/persons/{id}` and `POST /v1/persons` return it.
struct PersonView: Codable, Sendable, Equatable {
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
