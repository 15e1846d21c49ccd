/// The closed vocabularies of legal-referral (CONTRACT.md §4).

/// What a referral is about: the issues every appeal is monitored by.
enum LegalIssue: String, CaseIterable, Codable, Sendable {
    case unpaidWages = "unpaid-wages"
    case documents
    case workPermit = "work-permit"
    case police, violence, discrimination, trafficking, deportation, repatriation, other

    /// The issue of a case that needs legal help, judged from its vulnerabilities: the gravest
    /// first (trafficking, violence, missing documents), `other` when none says more.
    init(vulnerabilities: [String]) {
        if vulnerabilities.contains("trafficking") {
            self = .trafficking
        } else if vulnerabilities.contains("violence") {
            self = .violence
        } else if vulnerabilities.contains("no-documents") {
            self = .documents
        } else {
            self = .other
        }
    }
}

/// The kinds of partner organisation.
enum PartnerKind: String, CaseIterable, Codable, Sendable {
    case lawyer, ngo, union, consulate
}

/// What staff complain of about an employer.
enum ComplaintKind: String, CaseIterable, Codable, Sendable {
    case unpaidWages = "unpaid-wages"
    case documentsWithheld = "documents-withheld"
    case unsafe, violence, discrimination
}

/// How a resolved referral ended: a closed list, so that no free text reaches an event.
enum ReferralOutcome: String, CaseIterable, Codable, Sendable {
    case wagesRecovered = "wages-recovered"
    case documentsReturned = "documents-returned"
    case settled, won, lost
    case adviceGiven = "advice-given"
    case dropped, other
}
