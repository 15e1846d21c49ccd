/// The closed vocabularies only intake's records use (the shared ones are in `Contracts`).
/// Closed lists keep free text, and with it personal data, out of everything but the sealed fields.

/// The kinds of identity document the desks see.
enum DocumentType: String, CaseIterable, Codable, Sendable {
    case passport
    case idCard = "id-card"
    case residencePermit = "residence-permit"
    case workPatent = "work-patent"
    case migrationCard = "migration-card"
    case birthCertificate = "birth-certificate"
    case other
}
