import ServiceKit

/// The console's pages and who may open each (CONTRACT.md §8).
enum ConsolePage: String, CaseIterable, Sendable {
    case hotline, cases, referrals, shelters, medical, labor, dashboard

    var path: String { "/\(rawValue)" }

    var roles: Set<Role> {
        switch self {
        case .hotline: [.operator]
        case .cases: [.caseworker, .supervisor]
        case .referrals: [.lawyer]
        case .shelters: [.shelterManager]
        case .medical: [.medicalDesk]
        case .labor: [.employmentOfficer]
        case .dashboard: [.supervisor]
        }
    }

    /// The pages the holder of `roles` may open, in this order.
    static func open(to roles: [Role]) -> [ConsolePage] {
        allCases.filter { !$0.roles.isDisjoint(with: roles) }
    }
}
