import Contracts
import Foundation

/// Events about a case, said in the plain words a caseworker reads on the timeline.
///
/// Built only from event data, which carries no personal data; so the sentences carry none.
enum TimelineWording {
    /// One line of a case's timeline.
    struct Entry: Equatable, Sendable {
        let caseId: UUID
        /// The service that emitted the event (`legal-referral`).
        let service: String
        let summary: String
    }

    /// Every event type that tells something about a case.
    static let types: [String] = [
        CaseRegistered.type, CaseUpdated.type, ConsentChanged.type, CaseTransferRequested.type, CaseTransferAnswered.type,
        CaseTransferCancelled.type, CaseTransferExpired.type,
        ReferralProposed.type, ReferralAccepted.type, ReferralDeclined.type, ReferralResolved.type, ReferralWithdrawn.type,
        ReferralEscalated.type,
        BookingHeld.type, BookingConfirmed.type, BookingReleased.type, BookingCheckedIn.type, BookingCheckedOut.type,
        WaitlistJoined.type,
        CoverageChecked.type, PlanRecommended.type, PolicyExpiring.type, PolicyErased.type,
        MatchProposed.type, PlacementStarted.type, FollowUpRecorded.type, JobSeekerRemoved.type,
    ]

    /// The timeline line for a received `envelope`, its data decoded once; `nil` for a type that
    /// is about no case. Throws when the data does not fit its type.
    static func entry(for envelope: EventEnvelope) throws -> Entry? {
        guard let type = EventCatalogue.dataType(named: envelope.type) else { return nil }
        func decode<T: EventData>(_ type: T.Type) throws -> any EventData { try envelope.decodeData(as: type) }
        return entry(for: try decode(type), from: envelope.source)
    }

    /// The timeline line for `payload`, emitted by `source` (`jardam://moscow/legal-referral`);
    /// `nil` for data about no case.
    static func entry(for payload: any EventData, from source: String) -> Entry? {
        guard let (caseId, summary) = describe(payload) else { return nil }
        let service = source.split(separator: "/").last.map(String.init) ?? source
        return Entry(caseId: caseId, service: service, summary: summary)
    }

    private static func describe(_ payload: any EventData) -> (UUID, String)? {
        switch payload {
        // MARK: intake
        case let data as CaseRegistered:
            let needs = data.needs.isEmpty ? "no needs recorded" : "needs \(list(data.needs))"
            return (data.caseId, "Case opened by \(words(data.channel)) in \(language(data.language)): \(needs); priority \(data.priority).")
        case let data as CaseUpdated:
            let needs = data.needs.isEmpty ? "no needs" : "needs \(list(data.needs))"
            return (data.caseId, "Case updated: \(data.status), \(needs); priority \(data.priority).")
        case let data as ConsentChanged:
            let until = data.expiresAt.map { " until \(day($0))" } ?? ""
            return (
                data.caseId,
                data.granted
                    ? "Consent for \(words(data.purpose)) given\(until)."
                    : "Consent for \(words(data.purpose)) withdrawn or expired: that work stops."
            )
        case let data as CaseTransferCancelled:
            return (data.caseId, "Handover to \(data.toCity) cancelled here; that city was told.")
        case let data as CaseTransferExpired:
            return (data.caseId, "Handover to \(data.toCity) expired unanswered on \(day(data.expiresAt)): the case stays open here.")
        case let data as CaseTransferAnswered:
            guard let caseId = data.caseId else { return nil }
            return (caseId, "Handed over from \(data.fromCity) and accepted here, with the needs and consents it carried.")
        case let data as CaseTransferRequested:
            return (
                data.caseId, "Handover to \(data.toCity) requested; the case waits for that city's answer until \(day(data.expiresAt))."
            )
        // MARK: legal-referral
        case let event as ReferralProposed:
            let referral = event.referral
            return (
                referral.caseId,
                referral.partnerId == nil
                    ? "No partner fits the \(words(referral.issue)) referral in \(language(referral.language)) yet; a supervisor will route it."
                    : "Referral for \(words(referral.issue)) proposed to a partner speaking \(language(referral.language))."
            )
        case let event as ReferralAccepted:
            let referral = event.referral
            return (referral.caseId, "The partner accepted the \(words(referral.issue)) referral.")
        case let event as ReferralDeclined:
            let referral = event.referral
            return (referral.caseId, "The partner declined the \(words(referral.issue)) referral; the next partner will be asked.")
        case let data as ReferralResolved:
            let recovered = data.recovered.map { "; \(amount($0)) recovered" } ?? ""
            return (data.referral.caseId, "The \(words(data.referral.issue)) referral was resolved: \(words(data.outcome))\(recovered).")
        case let data as ReferralWithdrawn:
            return (data.referral.caseId, "The \(words(data.referral.issue)) referral was withdrawn (\(words(data.reason))).")
        case let data as ReferralEscalated:
            return (
                data.referral.caseId,
                "The \(words(data.referral.issue)) referral has waited since \(day(data.proposedAt)) without an answer: escalated."
            )
        // MARK: shelter
        case let data as BookingHeld:
            return (
                data.booking.caseId, "\(beds(data.booking.beds)) held in a shelter, \(nights(data.booking)); confirm before \(time(data.expiresAt))."
            )
        case let event as BookingConfirmed:
            let booking = event.booking
            return (booking.caseId, "Shelter booking confirmed, \(nights(booking)).")
        case let data as BookingReleased:
            return (data.booking.caseId, "Shelter booking released (\(words(data.reason))).")
        case let event as BookingCheckedIn:
            let booking = event.booking
            return (booking.caseId, "Checked in at the shelter.")
        case let event as BookingCheckedOut:
            let booking = event.booking
            return (booking.caseId, "Checked out of the shelter.")
        case let data as WaitlistJoined:
            return (data.caseId, "No fitting bed free: on the shelter waitlist at position \(data.position).")
        // MARK: medical-insurance
        case let data as CoverageChecked:
            return (
                data.caseId,
                data.covered && data.gaps.isEmpty
                    ? "Medical coverage checked: covered."
                    : "Medical coverage checked: \(data.covered ? "covered, with gaps" : "not covered")\(data.gaps.isEmpty ? "" : " (\(list(data.gaps)))")."
            )
        case let data as PlanRecommended:
            return (data.caseId, "Insurance plan recommended at \(amount(data.annualPrice)) a year.")
        case let data as PolicyExpiring:
            return (data.caseId, "The medical policy ends on \(data.validTo).")
        case let data as PolicyErased:
            return (data.caseId, "A medical policy was erased (\(words(data.reason))).")
        // MARK: labor-exchange
        case let data as MatchProposed:
            return (data.caseId, "A vacancy was proposed (match score \(String(format: "%.2f", data.score))).")
        case let data as PlacementStarted:
            return (data.caseId, "Placed in a job starting \(data.startDate).")
        case let data as FollowUpRecorded:
            let wages = data.wagePaidOnTime ? "wages paid on time" : "wages NOT paid on time"
            let conditions = data.conditionsOk ? "conditions fine" : "conditions NOT fine"
            return (data.caseId, "Month \(data.month) follow-up of the job: \(wages), \(conditions).")
        case let data as JobSeekerRemoved:
            let profile = data.seekerId == nil ? "" : "job-seeker profile removed"
            let followUps = data.followUpsDropped == 0 ? "" : "\(data.followUpsDropped) follow-up(s) dropped"
            return (
                data.caseId,
                "Employment work stopped (\(words(data.reason))): \([profile, followUps].filter { !$0.isEmpty }.joined(separator: ", "))."
            )
        default:
            return nil
        }
    }

    // MARK: - Words

    /// `unpaid-wages` → `unpaid wages`.
    static func words(_ code: some CustomStringConvertible) -> String { code.description.replacingOccurrences(of: "-", with: " ") }

    static func list(_ codes: [some CustomStringConvertible]) -> String { codes.map { words($0) }.joined(separator: ", ") }

    /// The English name of the languages the centers meet; the code otherwise.
    static func language(_ code: String) -> String {
        let names = [
            "ru": "Russian", "ky": "Kyrgyz", "tg": "Tajik", "uz": "Uzbek", "kk": "Kazakh", "tk": "Turkmen",
            "ro": "Romanian", "en": "English", "hy": "Armenian", "az": "Azerbaijani", "uk": "Ukrainian",
        ]
        return names[code.split(separator: "-").first.map(String.init) ?? code] ?? code
    }

    private static func beds(_ count: Int) -> String { count == 1 ? "1 bed" : "\(count) beds" }

    private static func nights(_ booking: BookingFacts) -> String { "nights from \(booking.from) to \(booking.to)" }

    private static func amount(_ money: Money) -> String { "\(money.formattedAmount) \(money.currency)" }

    private static func day(_ date: Date) -> String { String(date.formatted(.iso8601.year().month().day())) }

    private static func time(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle(timeZone: .gmt)).replacingOccurrences(of: "T", with: " ").replacingOccurrences(of: "Z", with: " UTC")
    }
}
