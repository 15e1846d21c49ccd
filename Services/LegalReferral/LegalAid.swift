import Contracts
import Eventing
import Foundation
import Persistence
import ServiceKit

/// Legal-referral's core: partners, routing, the referral state machine, employer complaints
/// and flags, appeal statistics. It knows nothing of HTTP; it throws ``ReferralError``s, runs its
/// transactions and writes its events to the outbox in them. Routes (`Routes/`) and reactions
/// (`Reactions/`) call it.
struct LegalAid: Sendable {
    let database: PostgresPool
    let partners: PartnerStore
    let cases: CaseProjection
    let referrals: ReferralStore
    let employers: EmployerStore
    let outbox: Outbox
    /// How long a proposal may wait for the partner's answer before it is escalated.
    let escalateAfter: Duration
    /// Distinct consenting cases whose complaints flag an employer.
    let flagThreshold: Int

    init(environment: ServiceEnvironment, configuration: LegalConfiguration) {
        let schema = environment.schema
        database = environment.database
        partners = PartnerStore(schema: schema)
        cases = CaseProjection(schema: schema)
        referrals = ReferralStore(schema: schema)
        employers = EmployerStore(schema: schema, city: environment.configuration.city)
        outbox = environment.outbox
        escalateAfter = configuration.escalateAfter
        flagThreshold = configuration.flagThreshold
    }

    // MARK: - Partners

    /// Stores a new partner, in the caller's transaction.
    func register(_ partner: Partner, on connection: PostgresConnection) async throws {
        try await partners.insert(partner, on: connection)
    }

    /// The partner `id`; ``ReferralError/partnerNotFound`` when there is none.
    func partner(_ id: UUID) async throws -> Partner {
        guard let partner = try await database.withConnection({ try await partners.load(id, on: $0) }) else { throw ReferralError.partnerNotFound }
        return partner
    }

    /// A page of partners speaking `language` and handling `issue`, when given.
    func partners(language: String?, issue: LegalIssue?, cursor: Int?, limit: Int) async throws -> (partners: [Partner], next: Int?) {
        try await partners.list(language: language, issue: issue, cursor: cursor, limit: limit, database: database)
    }

    // MARK: - Referrals

    /// Opens a referral of `caseId` for `issue`: to `partnerId` when given, else to the best
    /// partner, else `unrouted`. Refused (``CaseRefusal``) unless the case is open with consent
    /// for legal help, and for a second open referral for the same issue.
    func openReferral(
        caseId: UUID, issue: LegalIssue, partnerId: UUID?, actor: String, now: Date, on connection: PostgresConnection
    ) async throws -> Referral {
        let known = try await cases.permitting(.legal, caseId: caseId, field: "caseId", on: connection)
        guard try await !referrals.hasOpen(caseId: caseId, issue: issue, on: connection) else { throw ReferralError.alreadyOpen(issue) }
        var referral = Referral(
            id: UUID(), caseId: caseId, partnerId: nil, issue: issue, language: known.language, status: .unrouted,
            proposedAt: nil, outcome: nil, recovered: nil, createdAt: now, history: [])
        if let partnerId {
            guard let partner = try await partners.load(partnerId, on: connection) else { throw ReferralError.unknownPartner }
            guard partner.load < partner.capacity else { throw ReferralError.partnerFull }
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

    /// Appends a referral event; its partner form (the case id, for the partner it was sent to)
    /// only while the case consents to partner-sharing and its person is not erased.
    private func announce(_ event: some ReferralEvent, on connection: PostgresConnection) async throws {
        let known = try await cases.load(event.referral.caseId, on: connection)
        let sharing = known.map { !$0.isErased && $0.consents.contains(.partnerSharing) } ?? false
        try await outbox.append(event, subject: "referral/\(event.referral.referralId.lowercased)", partners: sharing, on: connection)
    }

    /// `legal.referral.proposed.v1`, with no partner when unrouted (supervisors route it by hand).
    private func announceProposal(_ referral: Referral, on connection: PostgresConnection) async throws {
        try await announce(ReferralProposed(referral: referral.facts), on: connection)
    }

    /// Applies `action` to referral `id` on behalf of `caller`: ``ReferralError/illegal(_:from:)``
    /// for a step its status does not allow, ``ReferralError/unknownReferral`` for one the caller
    /// may not see.
    func apply(
        _ action: ReferralAction, to id: UUID, caller: StaffIdentity, note: String?, outcome: ReferralOutcome? = nil, recovered: Money? = nil,
        assignTo partnerId: UUID? = nil, now: Date, on connection: PostgresConnection
    ) async throws -> Referral {
        guard var referral = try await referrals.load(id, lock: true, on: connection), try await visible(referral, to: caller, on: connection)
        else { throw ReferralError.unknownReferral }
        guard let next = ReferralStateMachine.next(after: action, from: referral.status) else {
            throw ReferralError.illegal(action, from: referral.status)
        }
        switch action {
        case .accept:
            referral.status = next
            try await referrals.save(
                referral, step: .init(at: now, status: next, partnerId: referral.partnerId, actor: caller.subject, note: note), on: connection)
            try await announce(ReferralAccepted(referral: referral.facts), on: connection)
        case .decline:
            let declining = referral.facts
            try await referrals.record(
                .init(at: now, status: .declined, partnerId: referral.partnerId, actor: caller.subject, note: note), of: id, on: connection)
            try await announce(ReferralDeclined(referral: declining), on: connection)
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
            try await announce(ReferralResolved(referral: referral.facts, outcome: outcome ?? .other, recovered: recovered), on: connection)
        case .withdraw:
            referral.status = next
            try await referrals.save(
                referral, step: .init(at: now, status: next, partnerId: referral.partnerId, actor: caller.subject, note: note), on: connection)
            // The caseworker's note stays in the history: free text never goes into an event.
            try await announce(ReferralWithdrawn(referral: referral.facts, reason: "withdrawn by a caseworker"), on: connection)
        case .assign:
            guard let partnerId, let partner = try await partners.load(partnerId, on: connection) else { throw ReferralError.unknownPartner }
            guard partner.load < partner.capacity else { throw ReferralError.partnerFull }
            referral.partnerId = partnerId
            referral.status = next
            referral.proposedAt = now
            try await referrals.save(
                referral, step: .init(at: now, status: next, partnerId: partnerId, actor: caller.subject, note: note), on: connection)
            try await announceProposal(referral, on: connection)
        }
        return try await referrals.load(id, on: connection).map { seen($0, by: caller) } ?? referral
    }

    /// Whether `caller` may see `referral`: partner staff only their own partner's, and only
    /// while the case consents to legal help and its person is not erased.
    private func visible(_ referral: Referral, to caller: StaffIdentity, on connection: PostgresConnection) async throws -> Bool {
        guard caller.sees(partnerOf: referral.partnerId) else { return false }
        guard caller.isPartnerStaff else { return true }
        guard let known = try await cases.load(referral.caseId, on: connection) else { return false }
        return !known.isErased && known.consents.contains(.legal)
    }

    /// `referral` as `caller` may read it (``Referral/seen(byPartner:)`` for partner staff).
    private func seen(_ referral: Referral, by caller: StaffIdentity) -> Referral {
        guard caller.isPartnerStaff, let partner = caller.partner else { return referral }
        return referral.seen(byPartner: partner)
    }

    /// Withdraws every open referral of a case and forgets the free text of all of them (an
    /// erasure).
    func forget(caseId: UUID, now: Date, on connection: PostgresConnection) async throws {
        try await withdrawAll(caseId: caseId, reason: "person erased", now: now, on: connection)
        try await referrals.forgetNotes(caseId: caseId, on: connection)
    }

    /// Withdraws every open referral of a case (consent revoked, person erased, case closed).
    func withdrawAll(caseId: UUID, reason: String, now: Date, on connection: PostgresConnection) async throws {
        for id in try await referrals.open(caseId: caseId, on: connection) {
            guard var referral = try await referrals.load(id, on: connection) else { continue }
            referral.status = .withdrawn
            try await referrals.save(
                referral, step: .init(at: now, status: .withdrawn, partnerId: referral.partnerId, actor: "legal-referral", note: reason),
                on: connection)
            try await announce(ReferralWithdrawn(referral: referral.facts, reason: reason), on: connection)
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
                try await announce(ReferralEscalated(referral: referral.facts, proposedAt: referral.proposedAt ?? now), on: connection)
            }
            return waiting.count
        }
    }

    /// The referral `id` as `caller` may see it; ``ReferralError/unknownReferral`` otherwise.
    func referral(_ id: UUID, visibleTo caller: StaffIdentity) async throws -> Referral {
        try await database.withConnection { connection in
            guard let referral = try await referrals.load(id, on: connection), try await visible(referral, to: caller, on: connection) else {
                throw ReferralError.unknownReferral
            }
            return seen(referral, by: caller)
        }
    }

    /// A page of referrals that `filter` selects among those `caller` may see: partner staff see
    /// their own partner's, whatever they ask for.
    func referrals(_ filter: ReferralFilter, visibleTo caller: StaffIdentity, cursor: Int?, limit: Int) async throws -> (
        referrals: [Referral], next: Int?
    ) {
        var filter = filter
        if caller.isPartnerStaff {
            guard let partner = caller.partner, filter.partnerId == nil || filter.partnerId == partner else { return ([], nil) }
            filter.partnerId = partner
            filter.consentedOnly = true
        }
        return try await referrals.list(filter, cursor: cursor, limit: limit, database: database)
    }

    // MARK: - Employers

    /// Records a complaint and flags the employer network-wide when the evidence is enough
    /// (``EmployerFlagRule``). A complaint tied to a case needs that case open with legal
    /// consent (``CaseRefusal`` otherwise).
    func file(_ complaint: Complaint, actor: String, on connection: PostgresConnection) async throws {
        if let caseId = complaint.caseId { _ = try await cases.permitting(.legal, caseId: caseId, field: "caseId", on: connection) }
        try await employers.lock(complaint.taxId, on: connection)
        try await employers.insert(complaint, by: actor, on: connection)
        guard try await employers.flag(complaint.taxId, on: connection)?.flagged != true else { return }
        let assessment = EmployerFlagRule.assess(
            try await employers.complaintsSinceClearing(complaint.taxId, on: connection), threshold: flagThreshold)
        guard assessment.flagged else { return }
        try await flag(
            complaint.taxId, reason: assessment.reason, evidence: assessment.evidence, by: actor, at: complaint.filedAt, on: connection)
    }

    /// A supervisor flags an employer from the review list (or any employer) for `reason`;
    /// ``ReferralError/employerAlreadyFlagged`` when it is flagged.
    func flag(taxId: String, reason: String, by actor: String, now: Date) async throws -> EmployerFlag {
        try await database.withTransaction { connection in
            try await employers.lock(taxId, on: connection)
            guard try await employers.flag(taxId, on: connection)?.flagged != true else { throw ReferralError.employerAlreadyFlagged }
            let evidence = EmployerFlagRule.assess(try await employers.complaintsSinceClearing(taxId, on: connection), threshold: flagThreshold)
            return try await flag(taxId, reason: reason, evidence: evidence.evidence, by: actor, at: now, on: connection)
        }
    }

    /// Stores the flag and announces it (`legal.employer.flagged.v1`).
    @discardableResult
    private func flag(
        _ taxId: String, reason: String, evidence: Int, by actor: String, at time: Date, on connection: PostgresConnection
    ) async throws -> EmployerFlag {
        let flag = EmployerFlag(taxId: taxId, flagged: true, reason: reason, evidenceCount: evidence, changedAt: time, city: employers.city)
        try await employers.save(flag, by: actor, on: connection)
        try await outbox.append(EmployerFlagged(taxId: taxId, reason: reason, evidenceCount: evidence), subject: "employer/\(taxId)", on: connection)
        return flag
    }

    /// Employers a supervisor should look at: violence or unsafe conditions reported, not flagged.
    func underReview() async throws -> [EmployerReview] { try await employers.underReview(database: database) }

    /// The employer's flag, if it was ever flagged.
    func flag(of taxId: String) async throws -> EmployerFlag? {
        try await database.withConnection { try await employers.flag(taxId, on: $0) }
    }

    /// Every employer flagged here or in another city of the network, one line per city that
    /// flags it, latest first.
    func flagged() async throws -> [EmployerFlag] { try await employers.flagged(database: database) }

    /// Records another city's decision about an employer (`network.employer.flagged.v1` and
    /// `.cleared.v1`), unless a later one of that city is recorded already.
    func recordNetworkDecision(_ flag: EmployerFlag, on connection: PostgresConnection) async throws {
        try await employers.saveNetworkDecision(flag, on: connection)
    }

    /// A supervisor clears a flagged employer for `reason`; ``ReferralError/employerNotFlagged``
    /// when it is not flagged.
    func clear(taxId: String, reason: String, by actor: String, now: Date) async throws -> EmployerFlag {
        try await database.withTransaction { connection in
            try await employers.lock(taxId, on: connection)
            guard let flag = try await employers.flag(taxId, on: connection), flag.flagged else { throw ReferralError.employerNotFlagged }
            let cleared = EmployerFlag(
                taxId: taxId, flagged: false, reason: reason, evidenceCount: flag.evidenceCount, changedAt: now, city: employers.city)
            try await employers.save(cleared, by: actor, on: connection)
            try await outbox.append(
                EmployerCleared(taxId: taxId, reason: reason, evidenceCount: flag.evidenceCount), subject: "employer/\(taxId)", on: connection)
            return cleared
        }
    }

    // MARK: - Statistics

    /// The appeals (referrals opened) from `from` to `to`, both days included; every count under
    /// 5 is suppressed.
    func appealStatistics(from: CalendarDate, to: CalendarDate) async throws -> AppealStatistics {
        var cells: [String: [AppealStatistics.Cell]] = [:]
        var totals: [String: Int] = [:]
        for (dimension, key, count) in try await referrals.appealCounts(from: from, to: to, database: database) {
            if ["total", "resolved"].contains(dimension) {
                totals[dimension] = count
            } else {
                let shown = SmallCellSuppression.shown(count)
                cells[dimension, default: []].append(.init(key: key, count: shown, suppressed: shown == nil))
            }
        }
        func sorted(_ dimension: String) -> [AppealStatistics.Cell] { (cells[dimension] ?? []).sorted { $0.key < $1.key } }
        return AppealStatistics(
            from: from, to: to, total: SmallCellSuppression.shown(totals["total"] ?? 0), byIssue: sorted("issue"),
            byLanguage: sorted("language"), bySex: sorted("sex"), byMonth: sorted("month"),
            resolved: SmallCellSuppression.shown(totals["resolved"] ?? 0))
    }
}
