import Contracts
import Foundation

/// A case without the person's data; `summary` only where it is asked for one case (and audited).
struct CaseView: Codable, Sendable, Equatable {
    let id: UUID
    let personId: UUID
    let channel: Channel
    let language: String
    let needs: [Need]
    let vulnerabilities: [Vulnerability]
    let status: CaseStatus
    let priority: Priority
    /// The `caseVersion` of the case's latest event.
    let version: Int
    let consents: [Consent]?
    let summary: String?
    let createdAt: Date
    let updatedAt: Date
    /// Who of the staff works the case; absent: nobody yet.
    let assignee: String?

    init(_ record: CaseRecord, consents: [Consent]?, summary: String? = nil) {
        id = record.id
        personId = record.personId
        channel = record.channel
        language = record.language
        needs = record.needs
        vulnerabilities = record.vulnerabilities
        status = record.status
        priority = record.priority
        version = record.version
        self.consents = consents
        self.summary = summary
        createdAt = record.createdAt
        updatedAt = record.updatedAt
        assignee = record.assignee
    }
}
