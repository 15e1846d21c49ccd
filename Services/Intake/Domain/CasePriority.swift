import Contracts

extension Priority {
    /// Urgent: trafficking, violence or a minor; high: pregnant, with children, homeless or
    /// without documents; normal otherwise.
    init(vulnerabilities: Set<Vulnerability>) {
        if !vulnerabilities.isDisjoint(with: [.trafficking, .violence, .minor]) {
            self = .urgent
        } else if !vulnerabilities.isDisjoint(with: [.pregnant, .withChildren, .homeless, .noDocuments]) {
            self = .high
        } else {
            self = .normal
        }
    }
}
