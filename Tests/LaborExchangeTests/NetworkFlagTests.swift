import Contracts
import Foundation
import ServiceTestSupport
import Testing

@testable import LaborExchange

@Suite("Employer flags from the other cities of the network")
struct NetworkFlagTests {
    @Test func anEmployerStaysSuspendedWhileAnyCityFlagsItAndEachCitysLatestDecisionStands() async throws {
        try await withLabor { labor, client in
            let vacancyId = try await labor.vacancy(client, employer: try await labor.employer(client, taxId: "7709876543"))
            func status() async throws -> VacancyStatus? {
                try await labor.pool.withConnection { try await labor.exchange.vacancies.load(vacancyId, on: $0)?.status }
            }
            func decide(_ city: String, flagged: Bool, at seconds: TimeInterval) async throws {
                let decidedAt = Date(timeIntervalSince1970: 1_790_000_000 + seconds)
                if flagged {
                    try await labor.deliver(
                        NetworkEmployerFlagged(taxId: "7709876543", reason: "unpaid", evidenceCount: 3, city: city, decidedAt: decidedAt),
                        from: .network)
                } else {
                    try await labor.deliver(
                        NetworkEmployerCleared(taxId: "7709876543", reason: "paid", evidenceCount: 3, city: city, decidedAt: decidedAt),
                        from: .network)
                }
            }
            try await decide("moscow", flagged: true, at: 10)
            #expect(try await status() == .suspended)
            try await decide("novosibirsk", flagged: true, at: 20)
            try await decide("moscow", flagged: false, at: 30)
            #expect(try await status() == .suspended, "Novosibirsk still flags it")
            // Moscow's flag of before its clearing arrives late: the clearing stands.
            try await decide("moscow", flagged: true, at: 5)
            try await decide("novosibirsk", flagged: false, at: 40)
            #expect(try await status() == .open, "no city flags it any more")
            #expect(try await labor.events(VacancySuspended.self).count == 1, "suspended once, when the first city flagged it")
            #expect(try await labor.events(VacancyPublished.self).count == 2, "published when made, and again when the last flag went")
            // This city's own legal-referral decides apart from the network's cities.
            try await labor.deliver(EmployerFlagged(taxId: "7709876543", reason: "unpaid", evidenceCount: 3), from: .legalReferral)
            try await decide("moscow", flagged: false, at: 50)
            #expect(try await status() == .suspended, "a clearing in Moscow does not clear this city's own flag")
        }
    }
}
