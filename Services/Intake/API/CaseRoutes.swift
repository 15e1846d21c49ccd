import Contracts
import Foundation
import Hummingbird
import Persistence
import ServiceKit

extension IntakeAPI {
    // MARK: Request and response bodies

    /// `POST /v1/cases`.
    struct NewCase: Decodable, Sendable {
        let personId: UUID
        let channel: String
        let language: String
        let needs: [String]
        let vulnerabilities: [String]?
        let summary: String?
        /// Purposes the person consents to now (without expiry); more can follow by `POST .../consents`.
        let consents: [String]?
    }

    /// `PATCH /v1/cases/{id}`: only the fields present change.
    struct CaseChange: Decodable, Sendable {
        let needs: [String]?
        let vulnerabilities: [String]?
        let status: String?
    }

    /// A case without the person's data; `summary` only where it is asked for one case (and audited).
    struct CaseView: ResponseEncodable, Sendable {
        let id: UUID
        let personId: UUID
        let channel: Channel
        let language: String
        let needs: [Need]
        let vulnerabilities: [Vulnerability]
        let status: CaseStatus
        let priority: Priority
        let consents: [Consent]?
        let summary: String?
        let createdAt: Date
        let updatedAt: Date

        init(_ record: CaseRecord, consents: [Consent]?, summary: String? = nil) {
            id = record.id
            personId = record.personId
            channel = record.channel
            language = record.language
            needs = record.needs
            vulnerabilities = record.vulnerabilities
            status = record.status
            priority = record.priority
            self.consents = consents
            self.summary = summary
            createdAt = record.createdAt
            updatedAt = record.updatedAt
        }
    }

    // MARK: Routes

    func addCaseRoutes(to router: Router<JardamRequestContext>) {
        router.post("/v1/cases", allowing: [.operator, .caseworker]) { request, context, caller in
            let (body, bytes) = try await request.decodeJSONBody(as: NewCase.self, context: context)
            var rules = FieldValidation()
            let channel = rules.oneOf(body.channel, Channel.self, "channel")
            rules.languageTag(body.language, "language")
            let needs = rules.each(body.needs, Need.self, "needs")
            let vulnerabilities = rules.each(body.vulnerabilities ?? [], Vulnerability.self, "vulnerabilities")
            let purposes = rules.each(body.consents ?? [], ConsentPurpose.self, "consents")
            rules.text(body.summary, "summary", maxLength: 4000, required: false)
            try rules.finish()
            let access = StaffAccess(caller: caller, request: request, context: context)
            let outcome = try await idempotency.run(for: request, caller: caller, body: bytes, database: database) { connection in
                try await register(
                    body, channel: channel!, needs: needs, vulnerabilities: vulnerabilities, purposes: purposes, access: access, on: connection)
            }
            return outcome.created(try await caseView(outcome.id, access: nil))
        }

        router.get("/v1/cases", allowing: [.operator, .caseworker, .supervisor]) { request, _, _ in
            let query = request.uri.queryParameters
            var rules = FieldValidation()
            var filter = CaseFilter()
            filter.status = query["status"].flatMap { rules.oneOf(String($0), CaseStatus.self, "status") }
            filter.need = query["need"].flatMap { rules.oneOf(String($0), Need.self, "need") }
            filter.priority = query["priority"].flatMap { rules.oneOf(String($0), Priority.self, "priority") }
            if let language = query["language"] {
                rules.languageTag(String(language), "language")
                filter.language = String(language)
            }
            if let person = query["personId"] {
                filter.personId = UUID(uuidString: String(person))
                rules.check(filter.personId != nil, "personId", "must be a UUID")
            }
            let page = rules.page(request.uri)
            try rules.finish()
            let (records, next) = try await cases.list(filter, page: page!, database: database)
            return Page(items: records.map { CaseView($0, consents: nil) }, nextCursor: next.map(String.init))
        }

        router.get("/v1/cases/:id", allowing: [.operator, .caseworker, .supervisor]) { request, context, caller in
            try await caseView(try context.pathID("case"), access: StaffAccess(caller: caller, request: request, context: context))
        }

        router.patch("/v1/cases/:id", allowing: [.caseworker, .supervisor]) { request, context, caller in
            let id = try context.pathID("case")
            let change = try await request.decodeJSON(as: CaseChange.self, context: context)
            var rules = FieldValidation()
            let needs = change.needs.map { rules.each($0, Need.self, "needs") }
            let vulnerabilities = change.vulnerabilities.map { rules.each($0, Vulnerability.self, "vulnerabilities") }
            let status = change.status.flatMap { rules.oneOf($0, CaseStatus.self, "status") }
            try rules.finish()
            try await database.withTransaction { connection in
                guard var record = try await cases.load(id, lock: true, on: connection) else { throw Problem.notFound("case") }
                let before = (record.needs, record.vulnerabilities, record.status)
                if record.status == .closed {
                    // A closed case stays as it was closed.
                    guard (needs ?? record.needs) == record.needs, (vulnerabilities ?? record.vulnerabilities) == record.vulnerabilities,
                        (status ?? .closed) == .closed
                    else { throw Problem.conflict("the case is closed; it can no longer change") }
                }
                record.needs = needs ?? record.needs
                record.vulnerabilities = vulnerabilities ?? record.vulnerabilities
                record.status = status ?? record.status
                guard (record.needs, record.vulnerabilities, record.status) != before else { return }
                record.priority = Priority(vulnerabilities: Set(record.vulnerabilities))
                record.updatedAt = Date()
                try await cases.update(record, on: connection)
                try await emit(
                    CaseUpdated(
                        caseId: id, needs: record.needs, vulnerabilities: record.vulnerabilities,
                        status: record.status, priority: record.priority),
                    subject: "case/\(id.lowercased)", on: connection)
            }
            return try await caseView(id, access: nil)
        }
    }

    /// Writes a new case, its first consents and `intake.case.registered.v1` in the caller's
    /// transaction; the person's birth date is opened (and audited) only to give the age band.
    private func register(
        _ body: NewCase, channel: Channel, needs: [Need], vulnerabilities: [Vulnerability], purposes: [ConsentPurpose],
        access: StaffAccess, on connection: PostgresConnection
    ) async throws -> UUID {
        let person: Person
        switch try await persons.load(body.personId, on: connection) {
        case nil:
            throw Problem.validation([.init(field: "personId", message: "is not a person on record")])
        case .erased:
            throw Problem.validation([.init(field: "personId", message: "belongs to an erased person")])
        case .present(_, _, _, let mergedInto?):
            throw Problem.validation([.init(field: "personId", message: "was merged into \(mergedInto.lowercased); use that person")])
        case .present(_, let found, _, nil):
            person = found
        }
        let now = Date()
        let id = UUID()
        var summary: (Data, String)?
        if let text = body.summary {
            let key = try await vault.key(for: PersonStore.ref(of: body.personId), on: connection)
            summary = (try key.seal(text), key.personRef)
        }
        let record = CaseRecord(
            id: id, personId: body.personId, channel: channel, language: body.language, needs: needs,
            vulnerabilities: vulnerabilities, status: .open, priority: Priority(vulnerabilities: Set(vulnerabilities)),
            createdAt: now, updatedAt: now, sealedSummary: summary)
        try await cases.insert(record, by: access.caller.subject, on: connection)
        try await consents.grant(purposes, caseId: id, at: now, by: access.caller.subject, on: connection)
        if person.birthDate != nil {
            try await audit.record(
                "read-birth-date", subject: Self.subject(body.personId), reason: "age band of case \(id.lowercased)",
                by: access.caller, requestID: access.requestID, on: connection)
        }
        try await emit(
            CaseRegistered(
                caseId: id, personRef: PersonStore.ref(of: body.personId), channel: channel, language: body.language,
                sex: person.sex, ageBand: AgeBand(birthDate: person.birthDate, on: CalendarDate(now)),
                citizenship: person.citizenship, needs: needs, vulnerabilities: vulnerabilities,
                priority: record.priority, consents: purposes),
            subject: "case/\(id.lowercased)", on: connection)
        return id
    }

    /// The case with its consents; with `access`, its summary too, opened and audited.
    func caseView(_ id: UUID, access: StaffAccess?) async throws -> CaseView {
        try await database.withTransaction { connection in
            guard let record = try await cases.load(id, on: connection) else { throw Problem.notFound("case") }
            let current = try await consents.current(caseId: id, on: connection)
            guard let access, let sealed = record.sealedSummary else { return CaseView(record, consents: current) }
            let summary: String?
            do {
                summary = try await vault.key(for: sealed.sealedFor, on: connection).open(sealed.data)
            } catch VaultError.erased {
                summary = nil
            }
            try await audit.record(
                "read-summary", subject: "case/\(id.lowercased)", reason: access.reason, by: access.caller,
                requestID: access.requestID, on: connection)
            return CaseView(record, consents: current, summary: summary)
        }
    }
}
