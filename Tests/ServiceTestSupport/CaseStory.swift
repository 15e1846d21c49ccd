import Contracts
import Foundation
import HummingbirdTesting
import TestSupport

/// What intake says about one case, event by event, each at its `caseVersion`: registered (1)
/// needing `need` with consent, updated (2: pregnant now), the consent revoked (3), granted
/// again (4) and, with `erased`, the person erased (5).
public struct CaseStory: Sendable {
    public let caseId: UUID
    public let events: [any EventData]

    public init(need: Need, erased: Bool) {
        let caseId = UUID()
        let personRef = UUID().lowercased
        let purpose = need.consentPurpose
        var events: [any EventData] = [
            CaseRegistered(
                caseId: caseId, personRef: personRef, channel: .hotline, language: "ky", sex: .female, ageBand: .from25To34, citizenship: "KG",
                needs: [need], vulnerabilities: [], priority: .normal, consents: [purpose, .research], caseVersion: 1),
            CaseUpdated(caseId: caseId, needs: [need], vulnerabilities: [.pregnant], status: .open, priority: .high, caseVersion: 2),
            ConsentChanged(caseId: caseId, purpose: purpose, granted: false, expiresAt: nil, caseVersion: 3),
            ConsentChanged(caseId: caseId, purpose: purpose, granted: true, expiresAt: nil, caseVersion: 4),
        ]
        if erased { events.append(PersonErased(personRef: personRef, cases: [ErasedCase(caseId: caseId, caseVersion: 5)])) }
        self.caseId = caseId
        self.events = events
    }
}

/// Every order of `events`' indices.
public func permutations(of count: Int) -> [[Int]] {
    guard count > 1 else { return [Array(0..<count)] }
    return permutations(of: count - 1).flatMap { rest in
        (0...rest.count).map { at in
            var order = rest; order.insert(count - 1, at: at); return order
        }
    }
}

extension ServiceHarness {
    /// Tells `need`'s story of a fresh case in every order the broker could deliver it, and
    /// returns the orders whose final `state` differs from the state told in order (none, when
    /// order never decides), with that state first.
    public func ordersThatDecide(need: Need, erased: Bool, state: @Sendable (UUID) async throws -> String) async throws -> (
        inOrder: String, differing: [([Int], String)]
    ) {
        let count = erased ? 5 : 4
        let told = CaseStory(need: need, erased: erased)
        for event in told.events { try await deliver(event) }
        let expected = try await state(told.caseId)
        var differing: [([Int], String)] = []
        for order in permutations(of: count) {
            let story = CaseStory(need: need, erased: erased)
            for index in order { try await deliver(story.events[index]) }
            let final = try await state(story.caseId)
            if final != expected { differing.append((order, final)) }
        }
        return (expected, differing)
    }

    /// The case as this service's projection holds it, in a form that does not depend on the
    /// order its parts arrived in.
    public func projectedCase(_ caseId: UUID) async throws -> String {
        try await rawText(
            """
            SELECT registered_at IS NOT NULL AS registered, person_ref IS NULL AS forgotten, language, sex, needs, vulnerabilities,
                ARRAY(SELECT unnest(consents) ORDER BY 1) AS consents, status, version, state_version, consent_versions
            FROM "\(schema)".cases WHERE case_id = $1
            """, [caseId])
    }
}

extension ServiceHarness {
    /// Delivers one of intake's events whatever its type.
    fileprivate func deliver(_ event: any EventData) async throws {
        func open<T: EventData>(_ data: T) async throws { try await deliver(data, from: .intake) }
        try await open(event)
    }
}

/// A case a service must refuse work for, and how (CONTRACT.md §5a).
public struct RefusedCase: Sendable, CustomStringConvertible {
    public let label: String
    public let caseId: UUID
    /// The problem's status and type when the id comes in a body.
    public let status: Int
    public let type: String

    public var description: String { label }
}

extension ServiceHarness {
    /// One case in each state that refuses work for `purpose`: never heard of, registered
    /// without consent, consent revoked, closed, erased.
    public func refusedCases(for purpose: ConsentPurpose) async throws -> [RefusedCase] {
        func registered(consents: [ConsentPurpose]) async throws -> (UUID, String) {
            let caseId = UUID(), personRef = UUID().lowercased
            try await deliver(
                CaseRegistered(
                    caseId: caseId, personRef: personRef, channel: .walkIn, language: "ru", sex: .male, ageBand: .from25To34, citizenship: "TJ",
                    needs: [], vulnerabilities: [], priority: .normal, consents: consents, caseVersion: 1),
                from: .intake)
            return (caseId, personRef)
        }
        let (none, _) = try await registered(consents: [])
        let (revoked, _) = try await registered(consents: [purpose])
        try await deliver(ConsentChanged(caseId: revoked, purpose: purpose, granted: false, expiresAt: nil, caseVersion: 2), from: .intake)
        let (closed, _) = try await registered(consents: [purpose])
        try await deliver(
            CaseUpdated(caseId: closed, needs: [], vulnerabilities: [], status: .closed, priority: .normal, caseVersion: 2), from: .intake)
        let (erased, personRef) = try await registered(consents: [purpose])
        try await deliver(PersonErased(personRef: personRef, cases: [ErasedCase(caseId: erased, caseVersion: 2)]), from: .intake)
        let consent = "urn:jardam:problem:consent-required", conflict = "urn:jardam:problem:conflict"
        return [
            RefusedCase(label: "unknown", caseId: UUID(), status: 422, type: "urn:jardam:problem:validation"),
            RefusedCase(label: "without consent", caseId: none, status: 409, type: consent),
            RefusedCase(label: "consent revoked", caseId: revoked, status: 409, type: consent),
            RefusedCase(label: "closed", caseId: closed, status: 409, type: conflict),
            RefusedCase(label: "erased", caseId: erased, status: 409, type: conflict),
        ]
    }

    /// Everything the service has written in its own schema, counted table by table (the
    /// projection, inbox and audit log left out), to see that a refusal wrote nothing.
    public func writtenRows() async throws -> String {
        try await rawText(
            """
            SELECT table_name, (xpath('/row/n/text()', query_to_xml(format('SELECT count(*) AS n FROM %I.%I', table_schema, table_name), false, true, '')))[1]::text
            FROM information_schema.tables WHERE table_schema = $1 AND table_type = 'BASE TABLE'
                AND table_name NOT IN ('cases', 'inbox', 'audit_log', 'schema_migrations', 'idempotency_keys')
            ORDER BY table_name
            """, [schema])
    }
}

extension ServiceHarness {
    /// Sends `request` for each refused case and returns what differs from the refusal
    /// expected: the status, the problem type, or anything written.
    public func refusalMismatches(
        _ cases: [RefusedCase], unknownStatus: Int = 422, _ request: (UUID) async throws -> TestResponse
    ) async throws -> [String] {
        struct Body: Decodable { let type: String; let purpose: String? }
        var mismatches: [String] = []
        let before = try await writtenRows()
        for refused in cases {
            let response = try await request(refused.caseId)
            let status = refused.label == "unknown" ? unknownStatus : refused.status
            let type = refused.label == "unknown" && unknownStatus == 404 ? "urn:jardam:problem:not-found" : refused.type
            let body = try? response.decoded(as: Body.self)
            if Int(response.status.code) != status || body?.type != type {
                mismatches.append("\(refused): \(response.status.code) \(response.text)")
            } else if type.hasSuffix("consent-required") && body?.purpose == nil {
                mismatches.append("\(refused): no purpose named in \(response.text)")
            }
        }
        let after = try await writtenRows()
        if after != before { mismatches.append("written: \(before) → \(after)") }
        return mismatches
    }
}
