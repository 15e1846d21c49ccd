import Contracts
import Foundation
import HTTPTypes
import HummingbirdTesting
import Logging
import Persistence
import ServiceKit
import ServiceTestSupport
import TestSupport
import Testing

@testable import Intake

@Suite("Erasure, and the canary person who must never leave intake")
struct ErasureAndCanaryTests {
    @Test func erasureDestroysThePersonsDataKeepsAnonymousCasesAndIsAnnounced() async throws {
        try await withIntake { intake, client in
            let desk = try await intake.token([.operator])
            let supervisor = try await intake.token([.supervisor], subject: "supervisor-1")
            let person = try await createPerson(client, token: desk, personJSON(phone: "+7 999 111 22 33", document: ("passport", "KG7654321")))
            let duplicate = try await createPerson(client, token: desk, personJSON(given: "Asel", family: "Jumabaeva"))
            let caseId = try await createCase(client, token: desk, person: duplicate, summary: "lives with her brother")
            _ = try await client.send(
                .post, "/v1/persons/\(duplicate)/merge", token: try await intake.token([.caseworker]), json: #"{"intoId": "\#(person)"}"#)
            let sealedBefore = try await intake.pool.query("SELECT given_name FROM \"\(intake.schema)\".persons WHERE id = $1", [person])[0].decode(
                "given_name", as: Data.self)

            #expect(try await client.send(.delete, "/v1/persons/\(person)", token: try await intake.token([.caseworker])).status == .forbidden)
            #expect(try await client.send(.delete, "/v1/persons/\(UUID())", token: supervisor).status == .notFound)
            #expect(try await client.send(.delete, "/v1/persons/\(person)", token: supervisor).status == .noContent)
            #expect(try await client.send(.delete, "/v1/persons/\(person)", token: supervisor).status == .noContent)

            #expect(try await client.send(.get, "/v1/persons/\(person)", token: supervisor).status == .notFound)
            #expect(try await client.send(.get, "/v1/persons/\(duplicate)", token: supervisor).status == .notFound)
            let rows = try await intake.rawText(
                "SELECT given_name, family_name, name_latin, birth_date, phone, document_number, document_hash, phone_hash, birth_date_hash, sex, citizenship FROM \"\(intake.schema)\".persons"
            )
            #expect(rows.split(separator: "\n").allSatisfy { $0 == "(,,,,,,,,,,)" }, "\(rows)")
            let keyStore = try #require(intake.environment.keyStore)
            let keys = try await keyStore.query("SELECT wrapped_key FROM \"\(intake.schema)\".person_keys").map { try $0.decode(0, as: Data?.self) }
            #expect(!keys.isEmpty && keys.allSatisfy { $0 == nil })
            await #expect(throws: VaultError.self) {
                try await intake.pool.withConnection { connection in
                    _ = try await intake.registry.vault.key(for: person.lowercased).open(sealedBefore)
                }
            }
            let anonymous = try await client.send(.get, "/v1/cases/\(caseId)", token: supervisor)
            #expect(anonymous.status == .ok && !anonymous.text.contains("brother"))
            let erased = try await intake.events(PersonErased.self)
            #expect(Set(erased.map(\.personRef)) == [person.lowercased, duplicate.lowercased] && erased.count == 2)
            // The case is erased for good, at its next version, and says so to every service.
            #expect(erased.compactMap(\.cases).flatMap { $0 } == [ErasedCase(caseId: caseId, caseVersion: 2)])
            #expect(anonymous.text.contains(#""status":"erased""#))
            #expect(try await intake.rawText("SELECT summary FROM \"\(intake.schema)\".cases WHERE id = $1", [caseId]) == "()")
            let caseworker = try await intake.token([.caseworker])
            for (method, path, json) in [
                (HTTPRequest.Method.patch, "/v1/cases/\(caseId)", #"{"needs": ["legal"]}"#),
                (.patch, "/v1/cases/\(caseId)", #"{"status": "open"}"#),
                (.post, "/v1/cases/\(caseId)/consents", #"{"purpose": "legal", "granted": true}"#),
                (.post, "/v1/cases/\(caseId)/consents", #"{"purpose": "housing", "granted": false}"#),
            ] {
                let refused = try await client.send(method, path, token: caseworker, json: json)
                #expect(refused.status == .conflict && refused.text.contains("erased"), "\(method) \(path) \(json): \(refused.text)")
            }
            let opened = try await client.send(
                .post, "/v1/cases", token: caseworker, json: caseJSON(person: person, needs: [.legal], vulnerabilities: []))
            #expect(opened.status == .conflict || opened.status == .unprocessableContent, "no new case for an erased person: \(opened.text)")
            #expect(try await intake.events(PersonErased.self).count == 2)
            #expect(try await intake.events(CaseUpdated.self).isEmpty)
        }
    }

    @Test func aDumpOfTheDataDatabaseTakenBeforeTheErasureCannotBringThePersonBack() async throws {
        try await withIntake { intake, client in
            let person = try await createPerson(client, token: try await intake.token([.operator]), personJSON(given: "Dilnoza", family: "Karimova"))
            let dump = FileManager.default.temporaryDirectory.appendingPathComponent("jardam-dump-\(UUID().uuidString).sql")
            defer { try? FileManager.default.removeItem(at: dump) }
            let dumping = try ChildProcess(
                "/usr/bin/pg_dump", arguments: ["--no-owner", "--schema", intake.schema, "--file", dump.path, TestEnvironment.postgresURL],
                environment: ProcessInfo.processInfo.environment)
            #expect(await dumping.exitStatus(within: .seconds(60)) == 0, "\(dumping.output)")
            let text = try String(contentsOf: dump, encoding: .utf8)
            #expect(
                text.contains("CREATE TABLE \(intake.schema).persons") && !text.contains("TABLE \(intake.schema).person_keys"),
                "the keys are not in the data dump")

            #expect(try await client.send(.delete, "/v1/persons/\(person)", token: try await intake.token([.supervisor])).status == .noContent)
            // Restored into a database of its own, the old dump still holds the sealed name …
            let restored = "jardam_restore_\(UUID().uuidString.prefix(8).lowercased())"
            try await intake.pool.query("CREATE DATABASE \(restored)")
            var components = try #require(URLComponents(string: TestEnvironment.postgresURL))
            components.path = "/\(restored)"
            let restoredURL = try #require(components.string)
            let restoring = try ChildProcess(
                "/usr/bin/psql", arguments: ["-X", "-q", "-v", "ON_ERROR_STOP=1", "-f", dump.path, restoredURL],
                environment: ProcessInfo.processInfo.environment)
            #expect(await restoring.exitStatus(within: .seconds(60)) == 0, "\(restoring.output)")
            let old = PostgresPool(configuration: .init(conninfo: restoredURL), logger: TestEnvironment.logger)
            let sealed = try await old.query("SELECT given_name FROM \"\(intake.schema)\".persons WHERE id = $1", [person])[0].decode(
                0, as: Data?.self)
            await old.close()
            try await intake.pool.query("DROP DATABASE \(restored) WITH (FORCE)")
            #expect(sealed != nil)
            // … which nothing can open: the person's key is gone from the key store.
            await #expect(throws: VaultError.erased) { try await intake.registry.vault.key(for: person.lowercased).open(sealed ?? Data()) }
        }
    }

    @Test func everyEventAboutACaseCarriesTheNextVersion() async throws {
        try await withIntake { intake, client in
            let desk = try await intake.token([.operator])
            let caseworker = try await intake.token([.caseworker])
            let person = try await createPerson(client, token: desk)
            let caseId = try await createCase(client, token: desk, person: person, consents: [.legal])
            _ = try await client.send(.patch, "/v1/cases/\(caseId)", token: caseworker, json: #"{"vulnerabilities": ["violence"]}"#)
            _ = try await client.send(.post, "/v1/cases/\(caseId)/consents", token: caseworker, json: #"{"purpose": "housing", "granted": true}"#)
            _ = try await client.send(.post, "/v1/cases/\(caseId)/consents", token: caseworker, json: #"{"purpose": "legal", "granted": false}"#)
            _ = try await client.send(.patch, "/v1/cases/\(caseId)", token: caseworker, json: #"{"status": "closed"}"#)
            _ = try await client.send(.delete, "/v1/persons/\(person)", token: try await intake.token([.supervisor]))
            var versions: [Int?] = []
            for event in try await intake.events() {
                switch event.type {
                case CaseRegistered.type: versions.append(try event.decodeData(as: CaseRegistered.self).caseVersion)
                case CaseUpdated.type: versions.append(try event.decodeData(as: CaseUpdated.self).caseVersion)
                case ConsentChanged.type: versions.append(try event.decodeData(as: ConsentChanged.self).caseVersion)
                case PersonErased.type: versions.append(try event.decodeData(as: PersonErased.self).cases?.first?.caseVersion)
                default: continue
                }
            }
            #expect(versions == [1, 2, 3, 4, 5, 6])
            let status = try await client.send(.patch, "/v1/cases/\(caseId)", token: caseworker, json: #"{"status": "erased"}"#)
            #expect(status.status == .unprocessableContent && status.problemFields == ["status"], "erased is intake's word, not staff's")
        }
    }

    @Test func theHotlineDeskSeesCasesWithoutTheSummary() async throws {
        try await withIntake { intake, client in
            let desk = try await intake.token([.operator])
            let person = try await createPerson(client, token: desk)
            let caseId = try await createCase(client, token: desk, person: person, summary: "her husband took her passport")
            let seenByDesk = try await client.send(.get, "/v1/cases/\(caseId)", token: desk)
            #expect(seenByDesk.status == .ok && !seenByDesk.text.contains("passport"))
            let seenByCaseworker = try await client.send(.get, "/v1/cases/\(caseId)", token: try await intake.token([.caseworker]))
            #expect(seenByCaseworker.text.contains("her husband took her passport"))
            let audit = try await intake.rawText("SELECT action FROM \"\(intake.schema)\".audit_log WHERE action = 'read-summary'")
            #expect(audit == "(read-summary)", "only the caseworker's read is audited")
        }
    }

    @Test func theCanaryNeverAppearsInLogsEventsOrErrors() async throws {
        let captured = CapturedLog()
        let logger = Logger(label: "intake") { _ in captured }
        let canary = (given: "Canaryname", family: "Kanareikina", phone: "+7 900 555 01 99", document: "CANARY99")
        try await withIntake(logger: logger) { intake, client in
            let desk = try await intake.token([.operator])
            var bodies: [String] = []
            let person = try await createPerson(
                client, token: desk,
                personJSON(given: canary.given, family: canary.family, phone: canary.phone, document: ("passport", canary.document)))
            let caseId = try await createCase(
                client, token: desk, person: person, consents: [.legal, .housing], summary: "\(canary.given) sleeps outside")
            bodies.append(
                try await client.send(
                    .post, "/v1/persons", token: desk,
                    json: personJSON(given: canary.given, family: canary.family, sex: canary.family, phone: canary.phone + "x")
                ).text)
            bodies.append(
                try await client.send(
                    .post, "/v1/persons", token: desk,
                    json: personJSON(given: canary.given, family: canary.family, document: (canary.document, canary.document))
                ).text)
            bodies.append(try await client.send(.post, "/v1/persons", token: desk, json: #"{"givenName": "\#(canary.given)", "familyName": 7}"#).text)
            bodies.append(try await client.send(.post, "/v1/persons", token: desk, json: #"{"givenName": "\#(canary.given)"#).text)
            bodies.append(try await client.send(.post, "/v1/cases", token: desk, json: #"{"personId": "\#(canary.given)"}"#).text)
            bodies.append(try await client.send(.get, "/v1/persons/\(canary.document)", token: desk).text)
            bodies.append(
                try await client.send(.post, "/v1/cases/\(caseId)/consents", token: desk, json: #"{"purpose": "\#(canary.family)", "granted": true}"#)
                    .text)
            _ = try await client.send(.patch, "/v1/cases/\(caseId)", token: try await intake.token([.caseworker]), json: #"{"needs": ["legal"]}"#)
            _ = try await client.send(.delete, "/v1/persons/\(person)", token: try await intake.token([.supervisor]))

            let events = try await intake.events().map { String(decoding: try $0.encoded(), as: UTF8.self) }
            #expect(events.count >= 3)
            let timeline = try await intake.rawText("SELECT * FROM \"\(intake.schema)\".timeline")
            let audit = try await intake.rawText("SELECT * FROM \"\(intake.schema)\".audit_log")
            let everything = (bodies + events + [timeline, audit] + captured.lines).joined(separator: "\n")
            for secret in [canary.given, canary.family, "900 555", "9005550199", canary.document] {
                #expect(!everything.contains(secret), "\(secret) leaked")
            }
        }
    }
}
