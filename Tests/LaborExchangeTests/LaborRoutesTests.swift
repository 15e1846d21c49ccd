import Contracts
import Foundation
import HTTPTypes
import HummingbirdTesting
import Messaging
import ServiceKit
import ServiceTestSupport
import TestSupport
import Testing

@testable import LaborExchange

@Suite("Vacancies, matches, placements and follow-ups")
struct LaborRoutesTests {
    struct Page<Item: Decodable>: Decodable { let items: [Item] }
    struct MatchBody: Decodable { let vacancyId: UUID; let score: Double; let reasons: [String] }
    struct PlacementBody: Decodable {
        struct FollowUp: Decodable { let month: Int; let due: String; let recordedAt: Date? }
        let id: UUID
        let followUps: [FollowUp]
    }

    @Test func aFlaggedEmployersVacanciesVanishFromMatchesAndComeBackWhenClearedThroughTheBroker() async throws {
        try await withLabor { labor, client in
            let flaggedEmployer = try await labor.employer(client, taxId: "7701234567")
            let goodEmployer = try await labor.employer(client, taxId: "7709999999")
            let flaggedVacancy = try await labor.vacancy(client, employer: flaggedEmployer)
            let goodVacancy = try await labor.vacancy(client, employer: goodEmployer, amount: "300", period: "hour")
            let caseId = try await labor.registerCase()
            let officer = try await labor.token([.employmentOfficer])
            let seeker = try await client.send(
                .post, "/v1/job-seekers", token: officer,
                json:
                    #"{"caseId": "\#(caseId)", "occupations": ["7112"], "languages": ["ky"], "desiredWage": {"amount": "50000.00", "currency": "RUB"}, "city": "moscow"}"#
            )
            #expect(seeker.status == .created)
            let seekerId = try seeker.decoded(as: Created.self).id
            // A case's profile is found by its case; a caseworker reads it too; a case has one.
            let caseworker = try await labor.token([.caseworker])
            #expect(
                try await client.send(.get, "/v1/job-seekers?caseId=\(caseId)", token: caseworker).decoded(as: Page<Created>.self).items.map(\.id)
                    == [seekerId])
            #expect(try await client.send(.get, "/v1/job-seekers?caseId=\(UUID())", token: officer).decoded(as: Page<Created>.self).items.isEmpty)
            #expect(try await client.send(.get, "/v1/job-seekers", token: officer).status == .unprocessableContent)
            #expect(try await client.send(.get, "/v1/job-seekers?caseId=\(caseId)", token: try await labor.token([.lawyer])).status == .forbidden)
            func matched() async throws -> [UUID] {
                try await client.send(.get, "/v1/job-seekers/\(seekerId)/matches", token: officer).decoded(as: Page<MatchBody>.self).items.map(
                    \.vacancyId)
            }
            // 70,000 a month beats 300 an hour (49,500 a month, under the desired 50,000).
            #expect(try await matched() == [flaggedVacancy, goodVacancy])
            #expect(try await labor.events(MatchProposed.self).count == 2)

            try await withEventConsumer(for: .laborExchange, harness: labor, handlers: labor.parts.reactions) { publisher in
                try await publisher.publishConfirmed(
                    OutgoingMessage(
                        event: try EventEnvelope(
                            EmployerFlagged(taxId: "7701234567", reason: "3 complaints", evidenceCount: 3), city: "testcity", service: .legalReferral)
                    ))
                #expect(try await eventually { try await matched() == [goodVacancy] })
                #expect(try await labor.events(VacancySuspended.self).map(\.vacancyId) == [flaggedVacancy])
                let placed = try await client.send(
                    .post, "/v1/placements", token: officer,
                    json: #"{"caseId": "\#(caseId)", "vacancyId": "\#(flaggedVacancy)", "startDate": "2026-12-01"}"#)
                #expect(placed.status == .conflict)
                try await publisher.publishConfirmed(
                    OutgoingMessage(
                        event: try EventEnvelope(
                            EmployerCleared(taxId: "7701234567", reason: "wages paid", evidenceCount: 3), city: "testcity", service: .legalReferral)))
                #expect(try await eventually { try await matched() == [flaggedVacancy, goodVacancy] })
            }
            #expect(try await labor.events(VacancyPublished.self).filter { $0.vacancyId == flaggedVacancy }.count == 2)
            let noConsent = try await labor.registerCase(consents: [])
            #expect(
                try await client.send(
                    .post, "/v1/job-seekers", token: officer,
                    json: #"{"caseId": "\#(noConsent)", "occupations": ["7112"], "languages": [], "city": "moscow"}"#
                ).status == .conflict)
            let bad = try await client.send(
                .post, "/v1/job-seekers", token: officer,
                json: #"{"caseId": "\#(noConsent)", "occupations": ["1234"], "languages": ["Kyrgyz"], "city": ""}"#)
            #expect(bad.status == .unprocessableContent && Set(bad.problemFields) == ["occupations[0]", "languages[0]", "city"])
        }
    }

    @Test func concurrentPlacementsOnTheLastPositionLetExactlyOneThrough() async throws {
        try await withLabor { labor, client in
            let vacancy = try await labor.vacancy(client, employer: try await labor.employer(client), positions: 1)
            let officer = try await labor.token([.employmentOfficer])
            var cases: [UUID] = []
            for _ in 0..<20 { cases.append(try await labor.registerCase()) }
            let statuses = try await withThrowingTaskGroup(of: HTTPResponse.Status.self) { group in
                for caseId in cases {
                    group.addTask {
                        try await client.send(
                            .post, "/v1/placements", token: officer,
                            json: #"{"caseId": "\#(caseId)", "vacancyId": "\#(vacancy)", "startDate": "2026-12-01"}"#
                        ).status
                    }
                }
                return try await group.reduce(into: [HTTPResponse.Status]()) { $0.append($1) }
            }
            #expect(statuses.filter { $0 == .created }.count == 1 && statuses.filter { $0 == .conflict }.count == 19)
            let positions = try await labor.pool.query("SELECT positions, status FROM \"\(labor.schema)\".vacancies")[0]
            #expect(try positions.decode("positions", as: Int.self) == 0 && positions.decode("status", as: String.self) == "closed")
        }
    }

    @Test func followUpsAreScheduledOverdueListedAndUnpaidWagesReported() async throws {
        try await withLabor { labor, client in
            let vacancy = try await labor.vacancy(client, employer: try await labor.employer(client, taxId: "500100732259"))
            let officer = try await labor.token([.employmentOfficer])
            let caseId = try await labor.registerCase()
            // Started 200 days ago: the follow-ups of months 1, 3 and 6 are overdue, month 12 is not due yet.
            let start = CalendarDate(Date()).adding(days: -200)
            let placed = try await client.send(
                .post, "/v1/placements", token: officer, json: #"{"caseId": "\#(caseId)", "vacancyId": "\#(vacancy)", "startDate": "\#(start)"}"#)
            #expect(placed.status == .created)
            let placement = try placed.decoded(as: PlacementBody.self)
            #expect(placement.followUps.map(\.due) == [1, 3, 6, 12].map { start.adding(months: $0).description })
            let overdue = try await client.send(.get, "/v1/follow-ups/overdue", token: officer).decoded(as: Page<Overdue>.self)
            #expect(overdue.items.map(\.month) == [1, 3, 6])
            let unpaid = try await client.send(
                .post, "/v1/placements/\(placement.id)/follow-ups", token: officer,
                json: #"{"month": 1, "wagePaidOnTime": false, "conditionsOk": true, "unpaid": {"amount": "35000.00", "currency": "RUB"}}"#)
            #expect(unpaid.status == .ok)
            #expect(
                try await client.send(
                    .post, "/v1/placements/\(placement.id)/follow-ups", token: officer,
                    json: #"{"month": 1, "wagePaidOnTime": true, "conditionsOk": true}"#
                ).status == .conflict)
            #expect(
                try await client.send(
                    .post, "/v1/placements/\(placement.id)/follow-ups", token: officer,
                    json: #"{"month": 2, "wagePaidOnTime": true, "conditionsOk": true}"#
                ).status == .unprocessableContent)
            #expect(
                try await client.send(
                    .post, "/v1/placements/\(UUID())/follow-ups", token: officer, json: #"{"month": 3, "wagePaidOnTime": true, "conditionsOk": true}"#
                ).status == .notFound)
            let arrears = try await labor.events(WageArrearsReported.self)
            #expect(arrears == [WageArrearsReported(caseId: caseId, taxId: "500100732259", amount: Money(amount: 35_000, currency: "RUB"))])
            let left = try await client.send(.get, "/v1/follow-ups/overdue", token: officer).decoded(as: Page<Overdue>.self)
            #expect(left.items.map(\.month) == [3, 6])
            struct Statistics: Decodable { let placements: Int; let followUpsDone: Int; let followUpsOverdue: Int; let wageProblems: Int }
            let statistics = try await client.send(.get, "/v1/statistics/placements", token: try await labor.token([.supervisor])).decoded(
                as: Statistics.self)
            #expect(statistics.placements == 1 && statistics.followUpsDone == 1 && statistics.followUpsOverdue == 2 && statistics.wageProblems == 1)
            #expect(try await client.send(.get, "/v1/statistics/placements", token: officer).status == .forbidden)
        }
    }

    @Test func vacancyRefusals() async throws {
        try await withLabor { labor, client in
            let officer = try await labor.token([.employmentOfficer])
            let employer = try await labor.employer(client)
            #expect(
                try await client.send(.post, "/v1/employers", token: officer, json: #"{"taxId": "7701234567", "name": "Again", "city": "moscow"}"#)
                    .status == .conflict)
            let bad = try await client.send(
                .post, "/v1/vacancies", token: officer,
                json:
                    #"{"employerId": "\#(employer)", "occupation": "0000", "title": "", "city": "moscow", "wage": {"amount": "-5", "currency": "rub", "period": "year"}, "positions": 0, "housingProvided": false, "languages": []}"#
            )
            #expect(bad.status == .unprocessableContent)
            #expect(Set(bad.problemFields) == ["occupation", "title", "wage.amount", "wage.currency", "wage.period", "positions"])
            let unknown = try await client.send(
                .post, "/v1/vacancies", token: officer,
                json:
                    #"{"employerId": "\#(UUID())", "occupation": "7112", "title": "x", "city": "moscow", "wage": {"amount": "1000", "currency": "RUB", "period": "day"}, "positions": 1, "housingProvided": false, "languages": []}"#
            )
            #expect(unknown.status == .unprocessableContent && unknown.problemFields == ["employerId"])
            #expect(try await client.send(.post, "/v1/vacancies", token: try await labor.token([.caseworker]), json: "{}").status == .forbidden)
            struct Occupation: Decodable { let code: String }
            let codes = try await client.send(.get, "/v1/occupations", token: officer).decoded(as: Page<Occupation>.self).items.map(\.code)
            #expect(codes.contains("8341") && codes.contains("6121") && codes.contains("2250") && codes.count > 40)
        }
    }
}
