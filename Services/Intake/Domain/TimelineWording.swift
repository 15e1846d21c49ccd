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
        CaseRegistered.type, CaseUpdated.type, ConsentChanged.type,
        ReferralProposed.type, ReferralAccepted.type, ReferralDeclined.type, ReferralResolved.type, ReferralWithdrawn.type,
        ReferralEscalated.type,
        BookingHeld.type, BookingConfirmed.type, BookingReleased.type, BookingCheckedIn.type, BookingCheckedOut.type,
        WaitlistJoined.type,
        CoverageChecked.type, PlanRecommended.type, PolicyExpiring.type,
        MatchProposed.type, PlacementStarted.type, FollowUpRecorded.type,
    ]

    /// The timeline line for `envelope`; `nil` for a type that is about no case. Throws when the
    /// data does not fit its type.
    static func entry(for envelope: EventEnvelope) throws -> Entry? {
        guard let (caseId, summary) = try describe(envelope) else { return nil }
        let service = envelope.source.split(separator: "/").last.map(String.init) ?? envelope.source
        return Entry(caseId: caseId, service: service, summary: summary)
    }

    private static func describe(_ envelope: EventEnvelope) throws -> (UUID, String)? {
        switch envelope.type {
        // MARK: intake
        case CaseRegistered.type:
            let data = try envelope.decodeData(as: CaseRegistered.self)
            let needs = data.needs.isEmpty ? "no needs recorded" : "needs \(list(data.needs))"
            return (data.caseId, "Case opened by \(words(data.channel)) in \(language(data.language)): \(needs); priority \(data.priority).")
        case CaseUpdated.type:
            let data = try envelope.decodeData(as: CaseUpdated.self)
            let needs = data.needs.isEmpty ? "no needs" : "needs \(list(data.needs))"
            return (data.caseId, "Case updated: \(data.status), \(needs); priority \(data.priority).")
        case ConsentChanged.type:
            let data = try envelope.decodeData(as: ConsentChanged.self)
            let until = data.expiresAt.map { " until \(day($0))" } ?? ""
            return (data.caseId, data.granted
                ? "Consent for \(words(data.purpose)) given\(until)."
                : "Consent for \(words(data.purpose)) withdrawn or expired: that work stops.")
        // MARK: legal-referral
        case ReferralProposed.type:
            let referral = try envelope.decodeData(as: ReferralProposed.self).referral
            return (referral.caseId, referral.partnerId == nil
                ? "No partner fits the \(words(referral.issue)) referral in \(language(referral.language)) yet; a supervisor will route it."
                : "Referral for \(words(referral.issue)) proposed to a partner speaking \(language(referral.language)).")
        case ReferralAccepted.type:
            let referral = try envelope.decodeData(as: ReferralAccepted.self).referral
            return (referral.caseId, "The partner accepted the \(words(referral.issue)) referral.")
        case ReferralDeclined.type:
            let referral = try envelope.decodeData(as: ReferralDeclined.self).referral
            return (referral.caseId, "The partner declined the \(words(referral.issue)) referral; the next partner will be asked.")
        case ReferralResolved.type:
            let data = try envelope.decodeData(as: ReferralResolved.self)
            let recovered = data.recovered.map { "; \(amount($0)) recovered" } ?? ""
            return (data.referral.caseId, "The \(words(data.referral.issue)) referral was resolved: \(words(data.outcome))\(recovered).")
        case ReferralWithdrawn.type:
            let data = try envelope.decodeData(as: ReferralWithdrawn.self)
            return (data.referral.caseId, "The \(words(data.referral.issue)) referral was withdrawn (\(words(data.reason))).")
        case ReferralEscalated.type:
            let data = try envelope.decodeData(as: ReferralEscalated.self)
            return (data.referral.caseId, "The \(words(data.referral.issue)) referral has waited since \(day(data.proposedAt)) without an answer: escalated.")
        // MARK: shelter
        case BookingHeld.type:
            let data = try envelope.decodeData(as: BookingHeld.self)
            return (data.booking.caseId, "\(beds(data.booking.beds)) held in a shelter, \(nights(data.booking)); confirm before \(time(data.expiresAt)).")
        case BookingConfirmed.type:
            let booking = try envelope.decodeData(as: BookingConfirmed.self).booking
            return (booking.caseId, "Shelter booking confirmed, \(nights(booking)).")
        case BookingReleased.type:
            let data = try envelope.decodeData(as: BookingReleased.self)
            return (data.booking.caseId, "Shelter booking released (\(words(data.reason))).")
        case BookingCheckedIn.type:
            let booking = try envelope.decodeData(as: BookingCheckedIn.self).booking
            return (booking.caseId, "Checked in at the shelter.")
        case BookingCheckedOut.type:
            let booking = try envelope.decodeData(as: BookingCheckedOut.self).booking
            return (booking.caseId, "Checked out of the shelter.")
        case WaitlistJoined.type:
            let data = try envelope.decodeData(as: WaitlistJoined.self)
            return (data.caseId, "No fitting bed free: on the shelter waitlist at position \(data.position).")
        // MARK: medical-insurance
        case CoverageChecked.type:
            let data = try envelope.decodeData(as: CoverageChecked.self)
            return (data.caseId, data.covered && data.gaps.isEmpty
                ? "Medical coverage checked: covered."
                : "Medical coverage checked: \(data.covered ? "covered, with gaps" : "not covered")\(data.gaps.isEmpty ? "" : " (\(list(data.gaps)))").")
        case PlanRecommended.type:
            let data = try envelope.decodeData(as: PlanRecommended.self)
            return (data.caseId, "Insurance plan recommended at \(amount(data.annualPrice)) a year.")
        case PolicyExpiring.type:
            let data = try envelope.decodeData(as: PolicyExpiring.self)
            return (data.caseId, "The medical policy ends on \(data.validTo).")
        // MARK: labor-exchange
        case MatchProposed.type:
            let data = try envelope.decodeData(as: MatchProposed.self)
            return (data.caseId, "A vacancy was proposed (match score \(String(format: "%.2f", data.score))).")
        case PlacementStarted.type:
            let data = try envelope.decodeData(as: PlacementStarted.self)
            return (data.caseId, "Placed in a job starting \(data.startDate).")
        case FollowUpRecorded.type:
            let data = try envelope.decodeData(as: FollowUpRecorded.self)
            let wages = data.wagePaidOnTime ? "wages paid on time" : "wages NOT paid on time"
            let conditions = data.conditionsOk ? "conditions fine" : "conditions NOT fine"
            return (data.caseId, "Month \(data.month) follow-up of the job: \(wages), \(conditions).")
        default:
            return nil
        }
    }

    // MARK: - Words

    /// `unpaid-wages` → `unpaid wages`.
    static func words(_ code: some CustomStringConvertible) -> String { code.description.replacingOccurrences(of: "-", with: " ") }

    static func list(_ codes: [some CustomStringConvertible]) -> String { codes.map(words).joined(separator: ", ") }

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
