import Contracts
import Foundation
import ServiceKit

/// A case handed over between cities, as the API shows it: no personal data.
struct Transfer: Codable, Sendable, Equatable {
    /// Which way it goes from this city.
    enum Direction: String, Codable, Sendable, CaseIterable {
        case outgoing, incoming
    }

    /// Where it stands.
    enum Status: String, Codable, Sendable, CaseIterable {
        case pending, accepted, rejected, expired, cancelled
    }

    let id: UUID
    let direction: Direction
    /// Outgoing: this city's case; incoming: the case made when it was accepted.
    let caseId: UUID?
    let fromCity: String
    let toCity: String
    let status: Status
    let requestedAt: Date
    let expiresAt: Date
    /// Incoming: what travelled of the case (needs, consents, ...).
    let `case`: TransferredCase?
    /// Why the receiving city refused it.
    var rejection: TransferRejection? = nil
}

/// The person record that travels sealed (HPKE) to the receiving city: what intake keeps of a
/// person, version 1.
struct TransferRecord: Codable, Sendable, Equatable {
    let version: Int
    let givenName: String
    let familyName: String
    let nameLatin: String
    let birthDate: CalendarDate?
    let sex: Sex
    let citizenship: String
    let languages: [String]
    let phone: String?
    let document: IdentityDocument?

    init(_ person: Person) {
        version = 1
        givenName = person.givenName; familyName = person.familyName; nameLatin = person.nameLatin; birthDate = person.birthDate
        sex = person.sex; citizenship = person.citizenship; languages = person.languages; phone = person.phone; document = person.document
    }
}

extension TransferredCase {
    /// Whether every word of the case is one this city knows, as it would accept them from its
    /// own staff: what another city sends is not trusted because it arrived.
    var isAcceptable: Bool {
        needs.allSatisfy(\.isKnown) && vulnerabilities.allSatisfy(\.isKnown) && consents.allSatisfy(\.isKnown) && priority.isKnown
            && sex.isKnown && ageBand.isKnown && FieldValidation.isLanguageTag(language) && FieldValidation.isCountryCode(citizenship)
    }
}
