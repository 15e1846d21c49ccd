import Contracts
import Foundation

/// An insurance company.
struct Insurer: Codable, Sendable, Equatable {
    let id: UUID
    let name: String
}

/// A plan as the API shows it.
struct Plan: Codable, Sendable, Equatable {
    let id: UUID
    let insurerId: UUID
    let name: String
    let annualPrice: Money
    let coverage: [MedicalService]
    let regions: [String]
    let minAge: Int?
    let maxAge: Int?
    let groupPrices: [PlanOffer.GroupPrice]

    var offer: PlanOffer {
        PlanOffer(
            planId: id, insurerId: insurerId, name: name, annualPrice: annualPrice, coverage: Set(coverage), regions: Set(regions),
            minAge: minAge, maxAge: maxAge, groupPrices: groupPrices)
    }
}
