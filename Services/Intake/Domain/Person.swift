import Contracts
import Foundation

/// A person as staff see it once the sealed fields are opened.
struct Person: Sendable, Equatable {
    var givenName: String
    var familyName: String
    /// The name in Latin letters, as written in a passport or transliterated.
    var nameLatin: String
    var birthDate: CalendarDate?
    var sex: Sex
    /// ISO 3166-1 alpha-2.
    var citizenship: String
    var languages: [String]
    var phone: String?
    var document: IdentityDocument?
}

/// An identity document; its number is personal data.
struct IdentityDocument: Codable, Sendable, Equatable {
    let type: String
    let number: String
}

/// What the table holds for one id.
enum PersonRecord: Sendable {
    case present(id: UUID, person: Person, createdAt: Date, mergedInto: UUID?)
    case erased
}

/// An existing person who may be the same human as a new one, and why.
struct DuplicateCandidate: Sendable, Equatable {
    let id: UUID
    let reasons: [DuplicateReason]
}
