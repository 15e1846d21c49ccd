import Contracts
import Eventing
import Foundation
import Persistence
import ServiceKit

/// What medical-insurance does with intake's events, each in the inbox transaction: a case
/// that needs medical help and consents to it has its coverage checked, and when it is not
/// covered the cheapest fitting plan is recommended; an erasure destroys policy numbers.
struct IntakeReactions: Sendable {
    let insurance: Insurance

    /// The handlers by event type, for the service's consumer.
    var handlers: [String: EventHandler] {
        var reactions = CaseReactions()
        reactions.registered = { data, envelope, connection in
            try await checkIfNeeded(data.caseId, ageBand: data.ageBand, time: envelope.time, on: connection)
        }
        reactions.consentChanged = { data, envelope, connection in
            guard data.purpose == Need.medical.consentPurpose, data.granted else { return }
            try await checkIfNeeded(data.caseId, ageBand: nil, time: envelope.time, on: connection)
        }
        reactions.erased = { _, envelope, connection in
            let personRef = try envelope.decodeData(as: PersonErased.self).personRef
            try await insurance.policies.forget(personRef: personRef, on: connection)
            try await insurance.vault.erase(personRef, on: connection)
        }
        return insurance.cases.handlers(reactions)
    }

    /// Checks the services a case needs (maternity for a pregnant woman) on the event's day and
    /// announces the verdict; not covered, it recommends the cheapest plan sold in this city for
    /// the person's age band — health details never go beyond covered and the gaps.
    private func checkIfNeeded(_ caseId: UUID, ageBand: AgeBand?, time: Date, on connection: PostgresConnection) async throws {
        guard let known = try await insurance.cases.load(caseId, on: connection), known.wants(.medical) else { return }
        let services = MedicalService.needed(vulnerabilities: known.vulnerabilities)
        let verdict = try await insurance.coverage(of: caseId, for: services, on: CalendarDate(time), connection: connection)
        try await insurance.outbox.append(
            CoverageChecked(caseId: caseId, covered: verdict.covered, gaps: verdict.gaps), subject: "case/\(caseId.lowercased)",
            on: connection)
        guard !verdict.covered else { return }
        let ranked = PlanRecommendation.rank(
            try await insurance.plans.all(on: connection).map(\.offer), services: Set(services), region: insurance.city,
            age: ageBand.flatMap(PlanRecommendation.age(ofBand:)), members: 1)
        guard let best = ranked.first else { return }
        try await insurance.outbox.append(
            PlanRecommended(caseId: caseId, planId: best.plan.planId, annualPrice: best.price), subject: "case/\(caseId.lowercased)", on: connection)
    }
}
