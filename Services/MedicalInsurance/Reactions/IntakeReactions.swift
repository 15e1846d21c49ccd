import Contracts
import Eventing
import Foundation
import Persistence
import ServiceKit

/// What medical-insurance does with intake's events, each in the inbox transaction: a case
/// that comes to need medical help with consent has its coverage checked, and when it is not
/// covered the cheapest fitting plan is recommended; a withdrawn consent, a closed case or an
/// erasure erases the case's policies (no reminder follows), and an erasure destroys the
/// person's key.
struct IntakeReactions: Sendable {
    let insurance: Insurance

    /// The handlers by event type, for the service's consumer.
    var handlers: [String: EventHandler] {
        var work = CaseWork(
            need: .medical,
            start: { known, envelope, connection in try await check(known, time: envelope.time, on: connection) },
            stop: { caseId, reason, _, connection in try await insurance.erasePolicies(of: caseId, reason: reason.rawValue, on: connection) },
            forget: { caseId, _, connection in try await insurance.erasePolicies(of: caseId, reason: "person erased", on: connection) })
        work.forgetPerson = { personRef, _, connection in
            try await insurance.policies.forget(personRef: personRef, on: connection)
            try await insurance.vault.erase(personRef)
        }
        return insurance.cases.handlers(work)
    }

    /// Checks the services a case needs (maternity for a pregnant woman) on the event's day and
    /// announces the verdict; not covered, it recommends the cheapest plan sold in this city for
    /// the person's age band — health details never go beyond covered and the gaps.
    private func check(_ known: KnownCase, time: Date, on connection: PostgresConnection) async throws {
        let caseId = known.caseId
        let services = MedicalService.needed(vulnerabilities: known.vulnerabilities)
        let verdict = try await insurance.coverage(of: caseId, for: services, on: CalendarDate(time), connection: connection)
        try await insurance.outbox.append(
            CoverageChecked(caseId: caseId, covered: verdict.covered, gaps: verdict.gaps), subject: "case/\(caseId.lowercased)",
            on: connection)
        guard !verdict.covered else { return }
        let ranked = PlanRecommendation.rank(
            try await insurance.plans.all(on: connection).map(\.offer), services: Set(services), region: insurance.city,
            age: known.ageBand.flatMap(PlanRecommendation.age(ofBand:)), members: 1)
        guard let best = ranked.first else { return }
        try await insurance.outbox.append(
            PlanRecommended(caseId: caseId, planId: best.plan.planId, annualPrice: best.price), subject: "case/\(caseId.lowercased)", on: connection)
    }
}
