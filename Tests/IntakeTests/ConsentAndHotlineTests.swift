import Contracts
import Foundation
import HTTPTypes
import HummingbirdTesting
import ServiceKit
import ServiceTestSupport
import TestSupport
import Testing

@testable import Intake

@Suite("Consent per purpose, with expiry and revocation")
struct ConsentTests {
    struct ConsentBody: Decodable {
        let caseId: UUID
        let purpose: String
        let granted: Bool
        let expiresAt: Date?
    }

    struct ConsentPage: Decodable { let items: [ConsentBody] }

    @Test func grantingAndRevokingAreRecordedAndAnnounced() async throws {
        try await withIntake { intake, client in
            let token = try await intake.token([.caseworker])
            let caseId = try await createCase(client, token: token, person: try await createPerson(client, token: token))
            let until = Date().addingTimeInterval(86_400 * 90)
            let granted = try await client.send(
                .post, "/v1/cases/\(caseId)/consents", token: token,
                json: #"{"purpose": "housing", "granted": true, "expiresAt": "\#(until.formatted(.iso8601))"}"#)
            #expect(granted.status == .created)
            #expect(try granted.decoded(as: ConsentBody.self).granted)
            let revoked = try await client.send(
                .post, "/v1/cases/\(caseId)/consents", token: token, json: #"{"purpose": "housing", "granted": false}"#)
            #expect(revoked.status == .created)

            let changes = try await intake.events().filter { $0.type == ConsentChanged.type }.map { try $0.decodeData(as: ConsentChanged.self) }
            #expect(changes.map(\.granted) == [true, false] && changes.allSatisfy { $0.caseId == caseId && $0.purpose == .housing })
            let current = try await client.send(.get, "/v1/cases/\(caseId)/consents", token: token).decoded(as: ConsentPage.self)
            #expect(current.items.map(\.granted) == [false])
        }
    }

    @Test func consentsGivenAtRegistrationAreRecordedOnceEachEvenWhenRepeated() async throws {
        try await withIntake { intake, client in
            let token = try await intake.token([.caseworker])
            let caseId = try await createCase(
                client, token: token, person: try await createPerson(client, token: token), consents: [.legal, .housing, .legal])
            let current = try await client.send(.get, "/v1/cases/\(caseId)/consents", token: token).decoded(as: ConsentPage.self)
            #expect(current.items.map(\.purpose).sorted() == ["housing", "legal"] && current.items.allSatisfy { $0.granted && $0.expiresAt == nil })
            let changes = try await intake.pool.query(
                "SELECT purpose, changed_by FROM \"\(intake.schema)\".consent_changes WHERE case_id = $1 ORDER BY purpose", [caseId])
            #expect(try changes.map { try $0.decode("purpose", as: String.self) } == ["housing", "legal"])
            #expect(try changes.allSatisfy { try $0.decode("changed_by", as: String.self).isEmpty == false })
        }
    }

    @Test func refusals() async throws {
        try await withIntake { intake, client in
            let token = try await intake.token([.caseworker])
            let caseId = try await createCase(client, token: token, person: try await createPerson(client, token: token))
            let past = try await client.send(
                .post, "/v1/cases/\(caseId)/consents", token: token,
                json: #"{"purpose": "sharing", "granted": true, "expiresAt": "2001-01-01T00:00:00Z"}"#)
            #expect(past.status == .unprocessableContent && Set(past.problemFields) == ["purpose", "expiresAt"])
            #expect(try await client.send(.post, "/v1/cases/\(caseId)/consents", token: token, json: #"{"purpose": "legal"}"#).status == .badRequest)
            #expect(
                try await client.send(.post, "/v1/cases/\(UUID())/consents", token: token, json: #"{"purpose": "legal", "granted": true}"#).status
                    == .notFound)
            #expect(
                try await client.send(
                    .post, "/v1/cases/\(caseId)/consents", token: try await intake.token([.auditor]), json: #"{"purpose": "legal", "granted": true}"#
                ).status == .forbidden)
            _ = try await client.send(.patch, "/v1/cases/\(caseId)", token: token, json: #"{"status": "closed"}"#)
            #expect(
                try await client.send(.post, "/v1/cases/\(caseId)/consents", token: token, json: #"{"purpose": "legal", "granted": true}"#).status
                    == .conflict)
            #expect(
                try await client.send(.post, "/v1/cases/\(caseId)/consents", token: token, json: #"{"purpose": "legal", "granted": false}"#).status
                    == .created)
        }
    }

    @Test func anExpiredConsentIsWithdrawnOnceAndAnnounced() async throws {
        try await withIntake { intake, client in
            let token = try await intake.token([.caseworker])
            let caseId = try await createCase(client, token: token, person: try await createPerson(client, token: token))
            let soon = Date().addingTimeInterval(60)
            _ = try await client.send(
                .post, "/v1/cases/\(caseId)/consents", token: token,
                json: #"{"purpose": "medical", "granted": true, "expiresAt": "\#(soon.formatted(.iso8601))"}"#)
            #expect(try await intake.registry.expireConsents(at: Date()) == 0)
            #expect(try await intake.registry.expireConsents(at: soon.addingTimeInterval(1)) == 1)
            #expect(try await intake.registry.expireConsents(at: soon.addingTimeInterval(2)) == 0)
            let last = try #require(try await intake.events().last { $0.type == ConsentChanged.type }).decodeData(as: ConsentChanged.self)
            #expect(last.purpose == .medical && !last.granted)
        }
    }
}

@Suite("The hotline log and its statistics")
struct HotlineTests {
    struct Statistics: Decodable {
        struct Count: Decodable { let key: String; let calls: Int; let resolvedByPhone: Int }
        let calls: Int
        let resolvedByPhoneShare: Double?
        let byLanguage: [Count]
        let byTopic: [Count]
        let byHour: [Count]
    }

    @Test func callsAreCountedByLanguageTopicAndHour() async throws {
        try await withIntake { intake, client in
            let desk = try await intake.token([.operator])
            for (language, topic, resolved) in [
                ("ky", "unpaid-wages", true), ("ky", "housing", false), ("tg", "unpaid-wages", true), ("uz", "documents", true),
            ] {
                let response = try await client.send(
                    .post, "/v1/hotline/calls", token: desk,
                    json: #"{"language": "\#(language)", "topic": "\#(topic)", "durationSeconds": 300, "resolvedByPhone": \#(resolved)}"#)
                #expect(response.status == .created)
            }
            // A call logged yesterday in Moscow time falls outside today's count.
            try await intake.pool.query(
                "INSERT INTO \"\(intake.schema)\".hotline_calls (id, at, language, topic, duration_seconds, resolved_by_phone, logged_by) VALUES ($1, now() - interval '3 days', 'ru', 'police', 60, false, 'x')",
                [UUID()])
            let today = CalendarDate(Date())
            let response = try await client.send(
                .get, "/v1/statistics/hotline?from=\(today)&to=\(today)", token: try await intake.token([.supervisor]))
            #expect(response.status == .ok)
            let statistics = try response.decoded(as: Statistics.self)
            #expect(statistics.calls == 4 && statistics.resolvedByPhoneShare == 0.75)
            #expect(statistics.byLanguage.map(\.key) == ["ky", "tg", "uz"] && statistics.byLanguage[0].calls == 2)
            let topTopic = try #require(statistics.byTopic.first)
            #expect(topTopic.key == "unpaid-wages" && topTopic.calls == 2 && topTopic.resolvedByPhone == 2)
            #expect(statistics.byHour.count == 24 && statistics.byHour.map(\.calls).reduce(0, +) == 4)
            #expect(try await intake.events().filter { $0.type == HotlineCallLogged.type }.count == 4)
        }
    }

    @Test func refusals() async throws {
        try await withIntake { intake, client in
            let desk = try await intake.token([.operator])
            let broken = try await client.send(
                .post, "/v1/hotline/calls", token: desk,
                json: #"{"language": "kyrgyz", "topic": "gossip", "durationSeconds": -1, "resolvedByPhone": true, "caseId": "\#(UUID())"}"#)
            #expect(broken.status == .unprocessableContent && Set(broken.problemFields) == ["language", "topic", "durationSeconds"])
            let unknownCase = try await client.send(
                .post, "/v1/hotline/calls", token: desk,
                json: #"{"language": "ky", "topic": "police", "durationSeconds": 10, "resolvedByPhone": true, "caseId": "\#(UUID())"}"#)
            #expect(unknownCase.status == .unprocessableContent && unknownCase.problemFields == ["caseId"])
            #expect(try await client.send(.post, "/v1/hotline/calls", token: try await intake.token([.caseworker]), json: "{}").status == .forbidden)
            let statistics = try await client.send(
                .get, "/v1/statistics/hotline?from=2026-12-01&to=2026-11-01&timeZone=Mars/Olympus", token: try await intake.token([.auditor]))
            #expect(statistics.status == .unprocessableContent && Set(statistics.problemFields) == ["to", "timeZone"])
            #expect(
                try await client.send(.get, "/v1/statistics/hotline", token: try await intake.token([.auditor])).problemFields.sorted() == [
                    "from", "to",
                ])
        }
    }
}
