/// How soon a case needs attention.
enum CasePriority: String, Codable, Sendable, Comparable, CaseIterable {
    case normal, high, urgent

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

    private var rank: Int {
        switch self {
        case .normal: 0
        case .high: 1
        case .urgent: 2
        }
    }

    static func < (lhs: CasePriority, rhs: CasePriority) -> Bool { lhs.rank < rhs.rank }
}

/// The vulnerabilities of CONTRACT.md §4.
enum Vulnerability: String, Codable, Sendable, CaseIterable {
    case pregnant
    case withChildren = "with-children"
    case minor, trafficking, violence, disability
    case noDocuments = "no-documents"
    case homeless
}
