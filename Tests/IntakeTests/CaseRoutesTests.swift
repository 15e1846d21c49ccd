import Contracts
import Foundation
import HTTPTypes
import HummingbirdTesting
import ServiceKit
import ServiceTestSupport
import TestSupport
import Testing

@testable import Intake

@Suite("Cases: priority, the registration event, idempotent retries, filters, changes")
struct CaseRoutesTests {
    struct CaseBody: Decodable {
        struct ConsentBody: Decodable { let purpose: String; let granted: Bool }
        let id: UUID
        let personId: UUID
        let status: String
        let priority: String
        let needs: [String]
        let vulnerabilities: [String]
        let consents: [ConsentBody]?
        let summary: String?
    }

    struct CasePage: Decodable {
        let items: [CaseBody]
        let nextCursor: String?
    }

    @Test func registrationComputesThePriorityAndAnnouncesTheCaseWithoutPersonalData() async throws {
        try await withIntake { intake, client in
            let token = try await intake.token([.operator])
            let person = try await createPerson(client, token: token, personJSON(phone: "+996 555 777 888"))
            let response = try await client.send(
                .post, "/v1/cases", token: token,
                json: caseJSON(
                    person: person, needs: [.housing, .legal], vulnerabilities: [.violence, .pregnant], consents: [.housing],
                    summary: "Асель ночует на вокзале"))
            #expect(response.status == .created)
            let registered = try response.decoded(as: CaseBody.self)
            #expect(registered.status == "open" && registered.priority == "urgent" && registered.summary == nil)
            #expect(registered.consents?.map(\.purpose) == ["housing"])

            let event = try #require(try await intake.events().first { $0.type == CaseRegistered.type })
            #expect(event.subject == "case/\(registered.id.lowercased)")
            let data = try event.decodeData(as: CaseRegistered.self)
            #expect(data.personRef == person.lowercased && data.ageBand == .from25To34 && data.sex == .female && data.citizenship == "KG")
            #expect(data.needs == [.housing, .legal] && data.priority == .urgent && data.consents == [.housing])
            let body = String(decoding: try event.encoded(), as: UTF8.self)
            // The phone's digits as a run ("777" alone turns up in event ids and timestamps by chance).
            #expect(!body.contains("Асель") && !body.contains("1994") && !body.contains("555777888") && !body.contains("555 777 888"))

            let raw = try await intake.rawText("SELECT summary FROM \"\(intake.schema)\".cases")
            #expect(!raw.contains("вокзал"))
            let read = try await client.send(.get, "/v1/cases/\(registered.id)", token: try await intake.token([.caseworker], subject: "cw-3"))
            #expect(try read.decoded(as: CaseBody.self).summary == "Асель ночует на вокзале")
            let audit = try await intake.rawText(
                "SELECT actor, action FROM \"\(intake.schema)\".audit_log WHERE subject = $1", ["case/\(registered.id.lowercased)"])
            #expect(audit.contains("(cw-3,read-summary)"))
        }
    }

    @Test(arguments: [
        ([Vulnerability.trafficking], "urgent"), ([.minor], "urgent"), ([.withChildren], "high"), ([.noDocuments], "high"),
        ([.homeless], "high"), ([.disability], "normal"), ([], "normal"),
    ])
    func priorityFollowsTheVulnerabilities(_ vulnerabilities: [Vulnerability], _ priority: String) async throws {
        try await withIntake { intake, client in
            let token = try await intake.token([.caseworker])
            let person = try await createPerson(client, token: token)
            let response = try await client.send(
                .post, "/v1/cases", token: token, json: caseJSON(person: person, needs: [.legal], vulnerabilities: vulnerabilities))
            #expect(try response.decoded(as: CaseBody.self).priority == priority)
        }
    }

    @Test func aRetriedRegistrationWithTheSameKeyCreatesOneCase() async throws {
        try await withIntake { intake, client in
            let token = try await intake.token([.operator], subject: "desk-2")
            let person = try await createPerson(client, token: token)
            let json = caseJSON(person: person, needs: [.medical], vulnerabilities: [.pregnant])
            let key: HTTPFields = [.idempotencyKey: "call-2026-11-23-0042"]
            let first = try await client.send(.post, "/v1/cases", token: token, json: json, headers: key)
            let retry = try await client.send(.post, "/v1/cases", token: token, json: json, headers: key)
            #expect(first.status == .created && retry.status == .created)
            #expect(retry.headers[.idempotentReplayed] == "true")
            #expect(try first.decoded(as: CaseBody.self).id == retry.decoded(as: CaseBody.self).id)
            // The first answer is built from what was written, the replay read back from the
            // database: the same bytes, consents and instants included.
            #expect(first.text == retry.text)
            let other = try await client.send(
                .post, "/v1/cases", token: token, json: caseJSON(person: person, needs: [.legal], vulnerabilities: []), headers: key)
            #expect(other.status == .unprocessableContent && other.problemFields == ["Idempotency-Key"])
            let count = try await intake.pool.query("SELECT count(*) AS n FROM \"\(intake.schema)\".cases")
            #expect(try count[0].decode("n", as: Int.self) == 1)
            #expect(try await intake.events().filter { $0.type == CaseRegistered.type }.count == 1)
        }
    }

    @Test func registrationRefusals() async throws {
        try await withIntake { intake, client in
            let token = try await intake.token([.operator])
            let person = try await createPerson(client, token: token)
            let unknown = try await client.send(
                .post, "/v1/cases", token: token, json: caseJSON(person: UUID(), needs: [.legal], vulnerabilities: []))
            #expect(unknown.status == .unprocessableContent && unknown.problemFields == ["personId"])
            let broken = try await client.send(
                .post, "/v1/cases", token: token,
                json:
                    #"{"personId": "\#(person)", "channel": "fax", "language": "Kyrgyz", "needs": ["legal", "money"], "vulnerabilities": ["tired"], "consents": ["all"]}"#
            )
            #expect(broken.status == .unprocessableContent)
            #expect(Set(broken.problemFields) == ["channel", "language", "needs[1]", "vulnerabilities[0]", "consents[0]"])
            let missing = try await client.send(.post, "/v1/cases", token: token, json: #"{"channel": "hotline"}"#)
            #expect(missing.status == .badRequest)
            #expect(
                try await client.send(
                    .post, "/v1/cases", token: try await intake.token([.medicalDesk]), json: caseJSON(person: person, needs: [], vulnerabilities: [])
                ).status == .forbidden)
            #expect(try await client.send(.get, "/v1/cases/\(UUID())", token: token).status == .notFound)
            #expect(try await client.send(.get, "/v1/cases", token: nil).status == .unauthorized)
        }
    }

    @Test func listsFilterByStatusNeedAndLanguageAndPage() async throws {
        try await withIntake { intake, client in
            let token = try await intake.token([.caseworker])
            let person = try await createPerson(client, token: token)
            var ids: [UUID] = []
            for (needs, language) in [([Need.legal], "ky"), ([.housing], "ru"), ([.legal, .medical], "ky"), ([.employment], "tg")] {
                let response = try await client.send(
                    .post, "/v1/cases", token: token, json: caseJSON(person: person, needs: needs, vulnerabilities: [], language: language))
                ids.append(try response.decoded(as: CaseBody.self).id)
            }
            _ = try await client.send(.patch, "/v1/cases/\(ids[3])", token: token, json: #"{"status": "closed"}"#)
            let legal = try await client.send(.get, "/v1/cases?need=legal", token: token).decoded(as: CasePage.self)
            #expect(legal.items.map(\.id) == [ids[2], ids[0]])
            let kyrgyzOpen = try await client.send(.get, "/v1/cases?language=ky&status=open&need=medical", token: token).decoded(as: CasePage.self)
            #expect(kyrgyzOpen.items.map(\.id) == [ids[2]])
            let closed = try await client.send(.get, "/v1/cases?status=closed", token: token).decoded(as: CasePage.self)
            #expect(closed.items.map(\.id) == [ids[3]])
            let firstPage = try await client.send(.get, "/v1/cases?limit=3", token: token).decoded(as: CasePage.self)
            #expect(firstPage.items.map(\.id) == [ids[3], ids[2], ids[1]])
            let rest = try await client.send(.get, "/v1/cases?limit=3&cursor=\(try #require(firstPage.nextCursor))", token: token).decoded(
                as: CasePage.self)
            #expect(rest.items.map(\.id) == [ids[0]] && rest.nextCursor == nil)
            let bad = try await client.send(.get, "/v1/cases?status=lost&need=money&limit=0", token: token)
            #expect(bad.status == .unprocessableContent && Set(bad.problemFields) == ["status", "need", "limit"])
        }
    }

    @Test func aCaseworkerTakesACaseAndListsHerOwnASupervisorAssignsAnyAndNoEventIsEmitted() async throws {
        try await withIntake { intake, client in
            struct Assigned: Decodable { let id: UUID; let assignee: String? }
            struct Listed: Decodable { let items: [Assigned] }
            let olga = try await intake.token([.caseworker], subject: "olga")
            let ivan = try await intake.token([.caseworker], subject: "ivan")
            let marina = try await intake.token([.supervisor], subject: "marina")
            let person = try await createPerson(client, token: olga)
            let first = try await createCase(client, token: olga, person: person)
            let second = try await createCase(client, token: olga, person: person)
            let events = try await intake.events().count

            let taken = try await client.send(.put, "/v1/cases/\(first)/assignee", token: olga, json: #"{"assignee": "me"}"#)
            #expect(taken.status == .ok)
            #expect(try taken.decoded(as: Assigned.self).assignee == "olga")
            #expect(try await client.send(.get, "/v1/cases?assignee=me", token: olga).decoded(as: Listed.self).items.map(\.id) == [first])
            #expect(try await client.send(.get, "/v1/cases?assignee=me", token: ivan).decoded(as: Listed.self).items.isEmpty)
            #expect(try await client.send(.get, "/v1/cases?assignee=olga", token: marina).decoded(as: Listed.self).items.map(\.id) == [first])

            // Ivan may neither take Olga's case nor give his own to her; nor let go of hers.
            #expect(try await client.send(.put, "/v1/cases/\(first)/assignee", token: ivan, json: #"{"assignee": "me"}"#).status == .forbidden)
            #expect(try await client.send(.put, "/v1/cases/\(second)/assignee", token: ivan, json: #"{"assignee": "olga"}"#).status == .forbidden)
            #expect(try await client.send(.put, "/v1/cases/\(first)/assignee", token: ivan, json: #"{"assignee": null}"#).status == .forbidden)
            // A supervisor gives it to Ivan; an empty body or a blank name changes nothing.
            #expect(try await client.send(.put, "/v1/cases/\(first)/assignee", token: marina, json: "{}").status == .badRequest)
            #expect(
                try await client.send(.put, "/v1/cases/\(first)/assignee", token: marina, json: #"{"assignee": " "}"#).status == .unprocessableContent
            )
            let given = try await client.send(.put, "/v1/cases/\(first)/assignee", token: marina, json: #"{"assignee": "ivan"}"#)
            #expect(try given.decoded(as: Assigned.self).assignee == "ivan")
            #expect(try await client.send(.put, "/v1/cases/\(first)/assignee", token: ivan, json: #"{"assignee": null}"#).status == .ok)
            #expect(try await client.send(.get, "/v1/cases/\(first)", token: olga).decoded(as: Assigned.self).assignee == nil)
            #expect(try await client.send(.put, "/v1/cases/\(UUID())/assignee", token: olga, json: #"{"assignee": "me"}"#).status == .notFound)
            #expect(try await intake.events().count == events, "who works a case is not announced")
        }
    }

    @Test func changesRecomputeThePriorityAnnounceThemselvesAndStopAtClosing() async throws {
        try await withIntake { intake, client in
            let caseworker = try await intake.token([.caseworker])
            let person = try await createPerson(client, token: caseworker)
            let caseId = try await createCase(client, token: caseworker, person: person, needs: [.legal], vulnerabilities: [])
            #expect(try await client.send(.patch, "/v1/cases/\(caseId)", token: try await intake.token([.operator]), json: "{}").status == .forbidden)
            let changed = try await client.send(
                .patch, "/v1/cases/\(caseId)", token: caseworker, json: #"{"needs": ["legal", "housing"], "vulnerabilities": ["trafficking"]}"#)
            #expect(changed.status == .ok)
            #expect(try changed.decoded(as: CaseBody.self).priority == "urgent")
            let updated = try #require(try await intake.events().last { $0.type == CaseUpdated.type }).decodeData(as: CaseUpdated.self)
            #expect(updated.needs == [.legal, .housing] && updated.priority == .urgent && updated.status == .open)
            let unchanged = try await client.send(.patch, "/v1/cases/\(caseId)", token: caseworker, json: #"{"needs": ["legal", "housing"]}"#)
            #expect(unchanged.status == .ok)
            #expect(try await intake.events().filter { $0.type == CaseUpdated.type }.count == 1)
            #expect(
                try await client.send(.patch, "/v1/cases/\(caseId)", token: caseworker, json: #"{"status": "archived"}"#).status
                    == .unprocessableContent)
            #expect(try await client.send(.patch, "/v1/cases/\(caseId)", token: caseworker, json: #"{"status": "closed"}"#).status == .ok)
            let reopen = try await client.send(.patch, "/v1/cases/\(caseId)", token: caseworker, json: #"{"status": "open"}"#)
            #expect(reopen.status == .conflict)
            #expect(try await client.send(.patch, "/v1/cases/\(caseId)", token: caseworker, json: #"{"needs": []}"#).status == .conflict)
            #expect(try await client.send(.patch, "/v1/cases/\(UUID())", token: caseworker, json: "{}").status == .notFound)
        }
    }
}
