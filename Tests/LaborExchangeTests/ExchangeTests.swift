import Contracts
import Eventing
import Foundation
import Persistence
import ServiceKit
import Testing

@testable import LaborExchange

@Suite("The labor exchange core's domain errors, without HTTP")
struct ExchangeTests {
    @Test func eachRefusalIsItsOwnDomainError() async throws {
        try await withLabor { labor, _ in
            let exchange = labor.exchange
            func transaction<T: Sendable>(_ body: @Sendable (PostgresConnection) async throws -> T) async throws -> T {
                try await exchange.database.withTransaction(body)
            }
            let employerId = try await transaction { try await exchange.registerEmployer(taxId: "7701234567", name: "Stroy", city: "moscow", on: $0) }
            await #expect(throws: LaborError.employerExists) {
                try await transaction { try await exchange.registerEmployer(taxId: "7701234567", name: "Again", city: "moscow", on: $0) }
            }
            await #expect(throws: LaborError.employerNotFound) { try await exchange.employer(UUID()) }
            @Sendable func vacancy(of employer: UUID, positions: Int = 1) -> Vacancy {
                let wage = Money(amount: 60_000, currency: "RUB")
                return Vacancy(
                    id: UUID(), employerId: employer, occupation: "7112", title: "Mason", city: "moscow", wage: wage, wagePeriod: .month,
                    monthlyWage: wage, positions: positions, housingProvided: false, languages: ["ru"], status: .open)
            }
            await #expect(throws: LaborError.unknownEmployer) { try await transaction { try await exchange.publish(vacancy(of: UUID()), on: $0) } }
            let one = vacancy(of: employerId)
            try await transaction { try await exchange.publish(one, on: $0) }
            await #expect(throws: LaborError.vacancyNotFound) { try await exchange.vacancy(UUID()) }
            let today = CalendarDate(Date())
            let worker = try await labor.registerCase()
            await #expect(throws: CaseRefusal.unknown(field: "caseId")) {
                try await transaction { try await exchange.place(caseId: UUID(), vacancyId: one.id, startDate: today, on: $0) }
            }
            await #expect(throws: LaborError.unknownVacancy) {
                try await transaction { try await exchange.place(caseId: worker, vacancyId: UUID(), startDate: today, on: $0) }
            }
            let placement = try await transaction { try await exchange.place(caseId: worker, vacancyId: one.id, startDate: today, on: $0) }
            let other = try await labor.registerCase()
            await #expect(throws: LaborError.noPositionLeft) {
                try await transaction { try await exchange.place(caseId: other, vacancyId: one.id, startDate: today, on: $0) }
            }
            await #expect(throws: LaborError.placementNotFound) { try await exchange.placement(UUID()) }
            _ = try await exchange.recordFollowUp(
                of: placement, month: 1, wagePaidOnTime: true, conditionsOk: true, note: nil, unpaid: nil, now: Date())
            await #expect(throws: LaborError.followUpRecorded(month: 1)) {
                try await exchange.recordFollowUp(
                    of: placement, month: 1, wagePaidOnTime: true, conditionsOk: true, note: nil, unpaid: nil, now: Date())
            }
            let flagged = vacancy(of: employerId, positions: 3)
            try await transaction { try await exchange.publish(flagged, on: $0) }
            try await transaction {
                try await exchange.setFlag(taxId: "7701234567", city: "", flagged: true, reason: "unpaid wages", at: Date(), on: $0)
            }
            await #expect(throws: LaborError.employerFlagged) {
                try await transaction { try await exchange.place(caseId: other, vacancyId: flagged.id, startDate: today, on: $0) }
            }

            @Sendable func seeker(_ caseId: UUID) -> JobSeeker {
                JobSeeker(id: UUID(), caseId: caseId, occupations: ["7112"], languages: ["ru"], desiredWage: nil, city: "moscow")
            }
            await #expect(throws: CaseRefusal.unknown(field: "caseId")) {
                try await transaction { try await exchange.register(seeker(UUID()), on: $0) }
            }
            let withoutConsent = try await labor.registerCase(consents: [])
            await #expect(throws: CaseRefusal.consentRequired(.employment)) {
                try await transaction { try await exchange.register(seeker(withoutConsent), on: $0) }
            }
            let caseId = try await labor.registerCase()
            try await transaction { try await exchange.register(seeker(caseId), on: $0) }
            await #expect(throws: LaborError.seekerExists) { try await transaction { try await exchange.register(seeker(caseId), on: $0) } }
            await #expect(throws: LaborError.seekerNotFound) { try await exchange.seeker(UUID()) }
            await #expect(throws: LaborError.seekerNotFound) { try await exchange.matchViews(forSeeker: UUID(), limit: 5) }
        }
    }

    @Test(arguments: [
        (LaborError.employerExists, 409), (.employerNotFound, 404), (.unknownEmployer, 422), (.vacancyNotFound, 404), (.unknownVacancy, 422),
        (.employerFlagged, 409), (.noPositionLeft, 409), (.placementNotFound, 404), (.followUpRecorded(month: 3), 409),
        (.seekerExists, 409), (.seekerNotFound, 404),
    ])
    func everyDomainErrorHasItsProblem(_ error: LaborError, _ status: Int) {
        #expect(Int(error.problem.status.code) == status)
    }
}
