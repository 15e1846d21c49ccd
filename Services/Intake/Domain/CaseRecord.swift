import Contracts
import Foundation

/// A case as stored: what the person needs, nothing that names them.
struct CaseRecord: Sendable {
    let id: UUID
    var personId: UUID
    let channel: Channel
    let language: String
    var needs: [Need]
    var vulnerabilities: [Vulnerability]
    var status: CaseStatus
    var priority: Priority
    /// 1 at registration, +1 at each change of the case or its consents, and at erasure.
    var version: Int
    let createdAt: Date
    var updatedAt: Date
    /// The sealed summary and the person reference whose key sealed it.
    var sealedSummary: (data: Data, sealedFor: String)?
    /// The member of staff who works the case (their token's subject); `nil`: nobody yet.
    var assignee: String? = nil
}

/// The filters of `GET /v1/cases`.
struct CaseFilter: Sendable {
    var status: CaseStatus?
    var need: Need?
    var language: String?
    var personId: UUID?
    var priority: Priority?
    /// Only the cases this member of staff works.
    var assignee: String?
}
