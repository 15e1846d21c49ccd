import Contracts
import Eventing
import Foundation
import HummingbirdTesting
import Messaging
import ServiceKit
import ServiceTestSupport
import TestSupport
import Testing

@testable import LegalReferral

@Suite("Employer complaints and flags; appeal statistics")
struct EmployerAndStatisticsTests {
    struct Filed: Decodable { let flagged: Bool; let evidenceCount: Int? }
    struct Flags: Decodable {
        struct Flag: Decodable { let taxId: String; let evidenceCount: Int; let reason: String }
        let items: [Flag]
    }

    @Test func threeDistinctConsentingCasesFlagTheEmployerAndASupervisorClearsIt() async throws {
        try await withLegal { legal, client in
            let caseworker = try await legal.token([.caseworker])
            let taxId = "7701234567"
            func complain(_ caseId: UUID?, kind: String = "unpaid-wages", token: String? = nil) async throws -> TestResponse {
                let caseField = caseId.map { #", "caseId": "\#($0)""# } ?? ""
                return try await client.send(
                    .post, "/v1/employers/\(taxId)/complaints", token: token ?? caseworker,
                    json: #"{"kind": "\#(kind)"\#(caseField), "amount": {"amount": "30000.00", "currency": "RUB"}}"#)
            }
            // One voice is not evidence: complaints without a case, or again and again from one case.
            let repeated = try await legal.registerCase(needs: [])
            for _ in 0..<4 {
                #expect(try await complain(nil).decoded(as: Filed.self).flagged == false)
                #expect(try await complain(repeated).decoded(as: Filed.self).flagged == false)
            }
            // Complaints tied to a case the service does not know, or without legal consent, are refused.
            let unknown = try await complain(UUID())
            #expect(unknown.status == .unprocessableContent && unknown.problemFields == ["caseId"])
            let unconsenting = try await complain(try await legal.registerCase(needs: [], consents: []))
            #expect(unconsenting.status == .conflict && unconsenting.text.contains("urn:jardam:problem:consent-required"))
            #expect(try await legal.events(EmployerFlagged.self).isEmpty)

            let second = try await complain(try await legal.registerCase(needs: []))
            #expect(try second.decoded(as: Filed.self).flagged == false)
            let third = try await complain(try await legal.registerCase(needs: []))
            #expect(third.status == .created)
            #expect(try third.decoded(as: Filed.self).flagged)
            let flagged = try await legal.events(EmployerFlagged.self)
            #expect(flagged.map(\.taxId) == [taxId] && flagged.first?.evidenceCount == 3)
            let list = try await client.send(.get, "/v1/employers/flagged", token: try await legal.token([.employmentOfficer])).decoded(
                as: Flags.self)
            #expect(list.items.map(\.taxId) == [taxId])

            #expect(
                try await client.send(.post, "/v1/employers/\(taxId)/clear", token: caseworker, json: #"{"reason": "paid"}"#).status == .forbidden)
            let supervisor = try await legal.token([.supervisor])
            #expect(
                try await client.send(.post, "/v1/employers/\(taxId)/clear", token: supervisor, json: #"{"reason": "all wages paid"}"#).status == .ok)
            #expect(
                try await client.send(.post, "/v1/employers/\(taxId)/clear", token: supervisor, json: #"{"reason": "again"}"#).status == .conflict)
            #expect(try await legal.events(EmployerCleared.self).map(\.taxId) == [taxId])
            #expect(try await client.send(.get, "/v1/employers/flagged", token: supervisor).decoded(as: Flags.self).items.isEmpty)
            // A cleared employer starts afresh: one more complaint does not flag it again.
            #expect(try await complain(try await legal.registerCase(needs: []), kind: "unsafe").decoded(as: Filed.self).flagged == false)
        }
    }

    @Test func violenceGoesToTheSupervisorsReviewListWhereASupervisorFlags() async throws {
        try await withLegal { legal, client in
            struct Reviews: Decodable {
                struct Review: Decodable { let taxId: String; let kinds: [String]; let complaints: Int }
                let items: [Review]
            }
            let lawyer = try await legal.token([.lawyer], partner: UUID())
            let caseId = try await legal.registerCase(needs: [])
            let filed = try await client.send(
                .post, "/v1/employers/500100732259/complaints", token: lawyer, json: #"{"kind": "violence", "caseId": "\#(caseId)"}"#)
            #expect(filed.status == .created)
            #expect(try filed.decoded(as: Filed.self).flagged == false, "one lawyer alone cannot flag")
            let supervisor = try await legal.token([.supervisor])
            #expect(try await client.send(.get, "/v1/employers/review", token: lawyer).status == .forbidden)
            let reviews = try await client.send(.get, "/v1/employers/review", token: supervisor).decoded(as: Reviews.self)
            #expect(reviews.items.map(\.taxId) == ["500100732259"] && reviews.items.first?.kinds == ["violence"])

            #expect(
                try await client.send(.post, "/v1/employers/500100732259/flag", token: lawyer, json: #"{"reason": "beatings"}"#).status == .forbidden)
            let flag = try await client.send(
                .post, "/v1/employers/500100732259/flag", token: supervisor, json: #"{"reason": "violence confirmed by the center"}"#)
            #expect(flag.status == .ok)
            #expect(try await legal.events(EmployerFlagged.self).map(\.reason) == ["violence confirmed by the center"])
            #expect(
                try await client.send(.post, "/v1/employers/500100732259/flag", token: supervisor, json: #"{"reason": "again"}"#).status
                    == .conflict)
            #expect(try await client.send(.get, "/v1/employers/review", token: supervisor).decoded(as: Reviews.self).items.isEmpty)
            let empty = try await client.send(.post, "/v1/employers/500100732259/flag", token: supervisor, json: #"{"reason": ""}"#)
            #expect(empty.status == .unprocessableContent && empty.problemFields == ["reason"])
        }
    }

    @Test func badComplaintsAreRefused() async throws {
        try await withLegal { legal, client in
            let lawyer = try await legal.token([.lawyer], partner: UUID())
            let badTaxId = try await client.send(.post, "/v1/employers/12AB/complaints", token: lawyer, json: #"{"kind": "violence"}"#)
            #expect(badTaxId.status == .unprocessableContent && badTaxId.problemFields == ["taxId"])
            let badKind = try await client.send(.post, "/v1/employers/7701234567/complaints", token: lawyer, json: #"{"kind": "rude"}"#)
            #expect(badKind.status == .unprocessableContent && badKind.problemFields == ["kind"])
            #expect(
                try await client.send(
                    .post, "/v1/employers/7701234567/complaints", token: try await legal.token([.shelterManager]), json: #"{"kind": "unsafe"}"#
                ).status == .forbidden)
        }
    }

    @Test func wageArrearsFromLaborExchangeOpenAReferralAndAComplaintThroughTheBroker() async throws {
        try await withLegal { legal, client in
            let partner = try await legal.partner(client, languages: ["ky"], issues: ["unpaid-wages"])
            let caseId = try await legal.registerCase(needs: [.employment], consents: [.legal, .employment])
            try await withEventConsumer(for: .legalReferral, harness: legal, handlers: legal.parts.reactions) { publisher in
                let arrears = try EventEnvelope(
                    WageArrearsReported(caseId: caseId, taxId: "7709876543", amount: Money(amount: 52000, currency: "RUB")),
                    city: "testcity", service: .laborExchange, subject: "case/\(caseId.lowercased)")
                try await publisher.publishConfirmed(OutgoingMessage(event: arrears))
                try await publisher.publishConfirmed(OutgoingMessage(event: arrears))
                let caseworker = try await legal.token([.caseworker])
                struct Page: Decodable { let items: [ReferralBody] }
                #expect(
                    try await eventually {
                        !(try await client.send(.get, "/v1/referrals?caseId=\(caseId)", token: caseworker).decoded(as: Page.self).items.isEmpty)
                    })
                try await Task.sleep(for: .milliseconds(300))
                let referrals = try await client.send(.get, "/v1/referrals?caseId=\(caseId)", token: caseworker).decoded(as: Page.self).items
                #expect(referrals.map(\.issue) == ["unpaid-wages"] && referrals.first?.partnerId == partner)
                let complaints = try await legal.rawText("SELECT tax_id, kind FROM \"\(legal.schema)\".complaints")
                #expect(complaints == "(7709876543,unpaid-wages)")
            }
        }
    }

    @Test func appealStatisticsSuppressCellsUnderFive() async throws {
        struct Statistics: Decodable {
            struct Cell: Decodable { let key: String; let count: Int?; let suppressed: Bool }
            let total: Int?
            let byIssue: [Cell]
            let byLanguage: [Cell]
            let bySex: [Cell]
            let byMonth: [Cell]
        }
        try await withLegal { legal, client in
            _ = try await legal.partner(client, languages: ["ky", "tg"], capacity: 100)
            for _ in 0..<6 { _ = try await legal.registerCase(language: "ky", sex: .female) }
            for _ in 0..<2 { _ = try await legal.registerCase(language: "tg", sex: .male) }
            let today = CalendarDate(Date())
            let response = try await client.send(.get, "/v1/statistics/appeals?from=\(today)&to=\(today)", token: try await legal.token([.auditor]))
            #expect(response.status == .ok)
            let statistics = try response.decoded(as: Statistics.self)
            #expect(statistics.total == 8)
            #expect(statistics.byLanguage.map { "\($0.key):\($0.count.map(String.init) ?? "-")" } == ["ky:6", "tg:-"])
            #expect(statistics.bySex.first { $0.key == "male" }?.suppressed == true)
            #expect(statistics.byIssue.map(\.key) == ["other"] && statistics.byMonth.count == 1)
            #expect(
                try await client.send(.get, "/v1/statistics/appeals?from=\(today)", token: try await legal.token([.auditor])).status
                    == .unprocessableContent)
            #expect(
                try await client.send(.get, "/v1/statistics/appeals?from=\(today)&to=\(today)", token: try await legal.token([.caseworker])).status
                    == .forbidden)
        }
    }
}
