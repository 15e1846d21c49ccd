import Contracts
import Foundation

/// A vacancy; `suspended` while its employer is flagged.
struct Vacancy: Codable, Sendable, Equatable {
    let id: UUID
    let employerId: UUID
    let occupation: String
    let title: String
    let city: String
    let wage: Money
    let wagePeriod: WagePeriod
    let monthlyWage: Money
    var positions: Int
    let housingProvided: Bool
    let languages: [String]
    /// `open`, `closed` (no positions left) or `suspended` (the employer is flagged).
    var status: VacancyStatus
}
