import Contracts

extension LegalIssue {
    /// The issue of a case that needs legal help, judged from its vulnerabilities: the gravest
    /// first (trafficking, violence, missing documents), `other` when none says more.
    init(vulnerabilities: [Vulnerability]) {
        if vulnerabilities.contains(.trafficking) {
            self = .trafficking
        } else if vulnerabilities.contains(.violence) {
            self = .violence
        } else if vulnerabilities.contains(.noDocuments) {
            self = .documents
        } else {
            self = .other
        }
    }
}
