import Contracts
import Foundation
import Hummingbird
import Persistence
import ServiceKit

extension MedicalAPI {
    /// `POST /v1/policies`.
    struct NewPolicy: Decodable, Sendable {
        let caseId: UUID
        let planId: UUID
        let number: String
        let validFrom: CalendarDate
        let validTo: CalendarDate
    }

    /// A policy with its number opened (every such read is audited).
    struct PolicyView: Codable, Sendable {
        let id: UUID
        let caseId: UUID
        let planId: UUID
        /// `nil` once the person was erased.
        let number: String?
        let validFrom: CalendarDate
        let validTo: CalendarDate
    }

    /// `GET /v1/coverage`.
    struct CoverageView: ResponseEncodable, Sendable {
        let covered: Bool
        let policyId: UUID?
        let gaps: [MedicalService]
    }

    func addPolicyRoutes(to router: Router<JardamRequestContext>) {
        router.post("/v1/policies", allowing: [.medicalDesk]) { request, context, caller in
            let (body, bytes) = try await request.decodeJSONBody(as: NewPolicy.self, context: context)
            var rules = FieldValidation()
            let significant = body.number.filter { $0.isLetter || $0.isNumber }.count
            rules.check((4...40).contains(significant) && body.number.count <= 60, "number", "must have 4 to 40 letters or digits")
            rules.check(body.validFrom <= body.validTo, "validTo", "must not be before validFrom")
            try rules.finish()
            let outcome = try await idempotency.run(for: request, caller: caller, body: bytes, database: database) { connection in
                guard let known = try await cases.load(body.caseId, on: connection) else {
                    throw Problem.validation([.init(field: "caseId", message: "is not a case intake has announced")])
                }
                guard try await plans.plan(body.planId, on: connection) != nil else {
                    throw Problem.validation([.init(field: "planId", message: "is not a plan")])
                }
                guard let personRef = known.personRef else { throw Problem.conflict("the person of this case was erased") }
                let key: PersonKey
                do {
                    key = try await vault.key(for: personRef, on: connection)
                } catch VaultError.erased {
                    key = try await vault.createKey(for: personRef, on: connection)
                }
                let policy = StoredPolicy(
                    id: UUID(), caseId: body.caseId, personRef: personRef, planId: body.planId, sealedNumber: try key.seal(body.number),
                    validFrom: body.validFrom, validTo: body.validTo)
                try await policies.insert(policy, numberHash: vault.lookupHash(body.number, .policyNumber), on: connection)
                try await audit.record(
                    "create", subject: "policy/\(policy.id.lowercased)", reason: nil, by: caller, requestID: context.id, on: connection)
                return policy.id
            }
            let view = try await database.withTransaction { connection in
                try await open(
                    [try await policies.load(outcome.id, on: connection)].compactMap { $0 }, caller: caller, requestID: context.id, on: connection)
            }
            guard let first = view.first else { throw Problem.notFound("policy") }
            return outcome.created(first)
        }

        router.get("/v1/policies", allowing: [.medicalDesk]) { request, context, caller in
            let query = request.uri.queryParameters
            var rules = FieldValidation()
            let caseId = query["caseId"].map { UUID(uuidString: String($0)) }
            if let caseId { rules.check(caseId != nil, "caseId", "must be a UUID") }
            let number = query["number"].map(String.init)
            rules.check(caseId != nil || number != nil, "caseId", "give caseId or number")
            try rules.finish()
            let hash = number.map { vault.lookupHash($0, .policyNumber) }
            let items = try await database.withTransaction { connection in
                try await open(
                    try await policies.find(caseId: caseId ?? nil, numberHash: hash, on: connection), caller: caller, requestID: context.id,
                    on: connection)
            }
            return Page(items: items, nextCursor: nil)
        }

        router.get("/v1/coverage", allowing: [.caseworker, .medicalDesk]) { request, _, _ in
            let query = request.uri.queryParameters
            var rules = FieldValidation()
            let caseId = query["caseId"].flatMap { UUID(uuidString: String($0)) }
            rules.check(caseId != nil, "caseId", "is required as a UUID")
            let services = rules.each(
                (query["service"].map(String.init) ?? "").split(separator: ",").map(String.init), MedicalService.self, "service")
            rules.check(query["service"] != nil, "service", "is required, such as maternity (or a comma-separated list)")
            let day = query["on"].map { CalendarDate(iso8601: $0) } ?? CalendarDate(Date())
            rules.check(day != nil, "on", "must be a date as YYYY-MM-DD")
            try rules.finish()
            let verdict = try await database.withConnection { try await coverage(of: caseId!, for: services, on: day!, connection: $0) }
            return CoverageView(covered: verdict.covered, policyId: verdict.policyId, gaps: verdict.gaps)
        }
    }

    /// Opens the policy numbers for `caller`, auditing each read.
    private func open(_ stored: [StoredPolicy], caller: StaffIdentity, requestID: String, on connection: PostgresConnection) async throws
        -> [PolicyView]
    {
        var views: [PolicyView] = []
        for policy in stored {
            var number: String?
            if let sealed = policy.sealedNumber, let personRef = policy.personRef {
                do {
                    number = try await vault.key(for: personRef, on: connection).open(sealed)
                } catch VaultError.erased {
                    number = nil
                }
                try await audit.record(
                    "read", subject: "policy/\(policy.id.lowercased)", reason: nil, by: caller, requestID: requestID, on: connection)
            }
            views.append(
                PolicyView(
                    id: policy.id, caseId: policy.caseId, planId: policy.planId, number: number, validFrom: policy.validFrom, validTo: policy.validTo)
            )
        }
        return views
    }
}

extension MedicalAPI.PolicyView: ResponseEncodable {}
