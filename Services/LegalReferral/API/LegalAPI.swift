import Contracts
import Eventing
import Foundation
import Hummingbird
import Persistence
import ServiceKit

/// Legal-referral's API and the work behind it: partners, routing, the referral state machine,
/// employer complaints and flags. Routes live in one file per resource; the reactions to other
/// services' events in `Handlers/`.
struct LegalAPI: Sendable {
    let database: PostgresPool
    let idempotency: IdempotentCreation
    let partners: PartnerStore
    let cases: CaseProjection
    let referrals: ReferralStore
    let employers: EmployerStore
    let outbox: Outbox
    /// How long a proposal may wait for the partner's answer before it is escalated.
    let escalateAfter: Duration

    init(environment: ServiceEnvironment, configuration: LegalConfiguration) {
        let schema = environment.schema
        database = environment.database
        idempotency = IdempotentCreation(schema: schema, secret: environment.configuration.tokenSecret)
        partners = PartnerStore(schema: schema)
        cases = CaseProjection(schema: schema)
        referrals = ReferralStore(schema: schema)
        employers = EmployerStore(schema: schema)
        outbox = environment.outbox
        escalateAfter = configuration.escalateAfter
    }

    func addRoutes(to router: Router<JardamRequestContext>) {
        addPartnerRoutes(to: router)
        addReferralRoutes(to: router)
        addEmployerRoutes(to: router)
        addStatisticsRoutes(to: router)
    }

    // MARK: - Referrals

    /// Opens a referral of `caseId` for `issue`: to `partnerId` when given, else to the best
    /// partner, else `unrouted`. A case without consent for legal help is a 409, as is a second
    /// open referral for the same issue.
    func openReferral(
        caseId: UUID, issue: LegalIssue, partnerId: UUID?, actor: String, now: Date, on connection: PostgresConnection
    ) async throws -> Referral {
        guard let known = try await cases.load(caseId, lock: true, on: connection) else {
            throw Problem.validation([.init(field: "caseId", message: "is not a case intake has announced")])
        }
        guard known.consents.contains(Need.legal.consentPurpose) else { throw Problem.conflict("the case has no consent for legal help") }
        guard known.status == .open else { throw Problem.conflict("the case is closed") }
        guard try await !referrals.hasOpen(caseId: caseId, issue: issue, on: connection) else {
            throw Problem.conflict("the case already has an open \(issue.rawValue) referral")
        }
        var referral = Referral(
            id: UUID(), caseId: caseId, partnerId: nil, issue: issue, language: known.language, status: .unrouted,
            proposedAt: nil, outcome: nil, recovered: nil, createdAt: now, history: [])
        if let partnerId {
            guard let partner = try await partners.load(partnerId, on: connection) else {
                throw Problem.validation([.init(field: "partnerId", message: "is not a partner")])
            }
            guard partner.load < partner.capacity else { throw Problem.conflict("the partner has no free capacity") }
            referral.partnerId = partnerId
            referral.status = .proposed
            referral.proposedAt = now
        } else {
            try await route(&referral, tried: [], now: now, on: connection)
        }
        try await referrals.insert(referral, sex: known.sex, on: connection)
        try await referrals.record(
            .init(at: now, status: referral.status, partnerId: referral.partnerId, actor: actor, note: nil), of: referral.id, on: connection)
        try await announceProposal(referral, on: connection)
        return referral
    }

    /// Proposes `referral` to the best partner not in `tried`, or leaves it `unrouted`.
    private func route(_ referral: inout Referral, tried: Set<UUID>, now: Date, on connection: PostgresConnection) async throws {
        let candidates = try await partners.candidates(issue: referral.issue, on: connection)
        if let chosen = PartnerRouting.choose(issue: referral.issue, language: referral.language, among: candidates, excluding: tried) {
            referral.partnerId = chosen.id
            referral.status = .proposed
            referral.proposedAt = now
        } else {
            referral.partnerId = nil
            referral.status = .unrouted
            referral.proposedAt = nil
        }
    }

    /// `legal.referral.proposed.v1`, with no partner when unrouted (supervisors route it by hand).
    private func announceProposal(_ referral: Referral, on connection: PostgresConnection) async throws {
        try await outbox.append(ReferralProposed(referral: referral.facts), subject: "referral/\(referral.id.lowercased)", on: connection)
    }

    /// Applies `action` to referral `id` on behalf of `caller`; illegal steps are 409, and a
    /// referral partner staff may not see is a 404.
    func apply(
        _ action: ReferralAction, to id: UUID, caller: StaffIdentity, note: String?, outcome: ReferralOutcome? = nil, recovered: Money? = nil,
        assignTo partnerId: UUID? = nil, now: Date, on connection: PostgresConnection
    ) async throws -> Referral {
        guard var referral = try await referrals.load(id, lock: true, on: connection) else { throw Problem.notFound("referral") }
        try caller.requireVisible(partnerOf: referral.partnerId, what: "referral")
        guard let next = ReferralStateMachine.next(after: action, from: referral.status) else {
            throw Problem.conflict("a \(referral.status.rawValue) referral cannot be \(action.pastTense)")
        }
        let subject = "referral/\(id.lowercased)"
        switch action {
        case .accept:
            referral.status = next
            try await referrals.save(
                referral, step: .init(at: now, status: next, partnerId: referral.partnerId, actor: caller.subject, note: note), on: connection)
            try await outbox.append(ReferralAccepted(referral: referral.facts), subject: subject, on: connection)
        case .decline:
            let declining = referral.facts
            try await referrals.record(
                .init(at: now, status: .declined, partnerId: referral.partnerId, actor: caller.subject, note: note), of: id, on: connection)
            try await outbox.append(ReferralDeclined(referral: declining), subject: subject, on: connection)
            // The next best partner, never one that declined before.
            let tried = try await referrals.declinedBy(id, on: connection)
            try await route(&referral, tried: tried, now: now, on: connection)
            try await referrals.save(
                referral, step: .init(at: now, status: referral.status, partnerId: referral.partnerId, actor: "router", note: nil), on: connection)
            try await announceProposal(referral, on: connection)
        case .resolve:
            referral.status = next
            referral.outcome = outcome
            referral.recovered = recovered
            try await referrals.save(
                referral, step: .init(at: now, status: next, partnerId: referral.partnerId, actor: caller.subject, note: note), on: connection)
            try await outbox.append(
                ReferralResolved(referral: referral.facts, outcome: outcome ?? .other, recovered: recovered), subject: subject, on: connection)
        case .withdraw:
            referral.status = next
            try await referrals.save(
                referral, step: .init(at: now, status: next, partnerId: referral.partnerId, actor: caller.subject, note: note), on: connection)
            // The caseworker's note stays in the history: free text never goes into an event.
            try await outbox.append(
                ReferralWithdrawn(referral: referral.facts, reason: "withdrawn by a caseworker"), subject: subject, on: connection)
        case .assign:
            guard let partnerId, let partner = try await partners.load(partnerId, on: connection) else {
                throw Problem.validation([.init(field: "partnerId", message: "is not a partner")])
            }
            guard partner.load < partner.capacity else { throw Problem.conflict("the partner has no free capacity") }
            referral.partnerId = partnerId
            referral.status = next
            referral.proposedAt = now
            try await referrals.save(
                referral, step: .init(at: now, status: next, partnerId: partnerId, actor: caller.subject, note: note), on: connection)
            try await announceProposal(referral, on: connection)
        }
        return try await referrals.load(id, on: connection) ?? referral
    }

    /// Withdraws every open referral of a case (consent revoked, person erased, case closed).
    func withdrawAll(caseId: UUID, reason: String, now: Date, on connection: PostgresConnection) async throws {
        for id in try await referrals.open(caseId: caseId, on: connection) {
            guard var referral = try await referrals.load(id, on: connection) else { continue }
            referral.status = .withdrawn
            try await referrals.save(
                referral, step: .init(at: now, status: .withdrawn, partnerId: referral.partnerId, actor: "legal-referral", note: reason),
                on: connection)
            try await outbox.append(ReferralWithdrawn(referral: referral.facts, reason: reason), subject: "referral/\(id.lowercased)", on: connection)
        }
    }

    /// Escalates every proposal that has waited longer than ``escalateAfter`` at `now`, once each.
    func escalate(now: Date) async throws -> Int {
        try await database.withTransaction { connection in
            let waiting = try await referrals.waitingSince(before: now.addingTimeInterval(-escalateAfter.timeInterval), limit: 500, on: connection)
            for referral in waiting {
                try await referrals.markEscalated(referral.id, at: now, on: connection)
                try await referrals.record(
                    .init(at: now, status: .proposed, partnerId: referral.partnerId, actor: "legal-referral", note: "escalated: no answer"),
                    of: referral.id, on: connection)
                try await outbox.append(
                    ReferralEscalated(referral: referral.facts, proposedAt: referral.proposedAt ?? now),
                    subject: "referral/\(referral.id.lowercased)", on: connection)
            }
            return waiting.count
        }
    }

    // MARK: - Employers

    /// Records a complaint and flags the employer network-wide when the evidence is enough.
    func file(_ complaint: Complaint, actor: String, on connection: PostgresConnection) async throws {
        try await employers.lock(complaint.taxId, on: connection)
        try await employers.insert(complaint, by: actor, on: connection)
        guard try await employers.flag(complaint.taxId, on: connection)?.flagged != true else { return }
        let assessment = EmployerFlagRule.assess(try await employers.complaintsSinceClearing(complaint.taxId, on: connection))
        guard assessment.flagged else { return }
        try await employers.save(
            EmployerFlag(
                taxId: complaint.taxId, flagged: true, reason: assessment.reason, evidenceCount: assessment.evidence, changedAt: complaint.filedAt),
            by: actor, on: connection)
        try await outbox.append(
            EmployerFlagged(taxId: complaint.taxId, reason: assessment.reason, evidenceCount: assessment.evidence),
            subject: "employer/\(complaint.taxId)", on: connection)
    }
}

extension ReferralAction {
    var pastTense: String {
        switch self {
        case .accept: "accepted"
        case .decline: "declined"
        case .resolve: "resolved"
        case .withdraw: "withdrawn"
        case .assign: "assigned"
        }
    }
}
