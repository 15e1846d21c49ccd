/// The closed vocabularies of intake's records (CONTRACT.md §4). Closed lists keep free text,
/// and with it personal data, out of everything but the sealed fields.

/// What a case asks of the other services; each service acts on its own need.
enum Need: String, CaseIterable, Codable, Sendable {
    case legal, housing, medical, employment
}

/// How the person reached the center.
enum Channel: String, CaseIterable, Codable, Sendable {
    case hotline
    case walkIn = "walk-in"
    case partner, online
}

/// What a consent allows; the first four match the needs.
enum ConsentPurpose: String, CaseIterable, Codable, Sendable {
    case legal, housing, medical, employment
    case partnerSharing = "partner-sharing"
    case research
}

/// As the person states it.
enum Sex: String, CaseIterable, Codable, Sendable {
    case female, male, unknown
}

/// A case is open until a caseworker closes it.
enum CaseStatus: String, CaseIterable, Codable, Sendable {
    case open, closed
}

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

/// What a hotline call was about: the legal issues of CONTRACT.md §4 and the other needs.
enum HotlineTopic: String, CaseIterable, Codable, Sendable {
    case unpaidWages = "unpaid-wages"
    case documents
    case workPermit = "work-permit"
    case police, violence, discrimination, trafficking, deportation, repatriation
    case housing, medical, employment
    case information, other
}
