import Contracts
import Foundation

/// A plan as it is priced and chosen.
struct PlanOffer: Equatable, Sendable {
    struct GroupPrice: Codable, Equatable, Sendable {
        let minMembers: Int
        let annualPrice: Money
    }

    let planId: UUID
    let insurerId: UUID
    let name: String
    let annualPrice: Money
    let coverage: Set<MedicalService>
    /// Regions (city names) where it is sold; `*` for everywhere.
    let regions: Set<String>
    let minAge: Int?
    let maxAge: Int?
    let groupPrices: [GroupPrice]

    /// The yearly price per member in a group of `members`: the tier with the largest
    /// `minMembers` the group reaches, else the plain price.
    func price(members: Int) -> Money {
        groupPrices.filter { $0.minMembers <= members }.max { $0.minMembers < $1.minMembers }?.annualPrice ?? annualPrice
    }
}

/// Which plans to recommend.
enum PlanRecommendation {
    /// Plans that cover every service, are sold in `region` and take someone of `age` (when
    /// known), cheapest first at the group price for `members`; ties by name, then id.
    static func rank(_ plans: [PlanOffer], services: Set<MedicalService>, region: String?, age: Int?, members: Int) -> [(
        plan: PlanOffer, price: Money
    )] {
        plans
            .filter { plan in
                services.isSubset(of: plan.coverage)
                    && (region.map { plan.regions.contains($0.lowercased()) || plan.regions.contains("*") } ?? true)
                    && (age.map { age in (plan.minAge ?? 0) <= age && age <= (plan.maxAge ?? Int.max) } ?? true)
            }
            .map { ($0, $0.price(members: members)) }
            .sorted { a, b in
                (a.price.amount, a.price.currency, a.plan.name, a.plan.planId.uuidString) < (
                    b.price.amount, b.price.currency, b.plan.name, b.plan.planId.uuidString
                )
            }
    }

    /// The youngest age of an event's age band (`25-34` → 25, `65+` → 65); `nil` when unknown.
    static func age(ofBand band: AgeBand) -> Int? {
        Int(band.rawValue.prefix { $0.isNumber })
    }
}
