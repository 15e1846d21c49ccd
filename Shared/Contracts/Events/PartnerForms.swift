import Foundation

/// What a partner organisation may read of one event on `jardam.partners`.
///
/// The same envelope (id, type, source, time) with a PII-free `data`: no person reference, no
/// free text, no policy numbers, no birth dates; a case id only in what goes to the one partner
/// the case was referred to.
public struct PartnerForm: Sendable, Equatable {
    /// Who may read it.
    public enum Audience: Sendable, Equatable {
        /// Every partner allowed the event type.
        case everyPartner
        /// Only the given partner organisation (a referral sent to it).
        case partner(UUID)
    }

    public let audience: Audience
    /// The reduced `data`, as bytes in the ``Wire`` form.
    public let data: Data

    public init(_ data: some Encodable, for audience: Audience) throws {
        self.audience = audience
        self.data = try Wire.encode(data)
    }

    /// The routing key on `jardam.partners`: the event type, and for one partner's eyes only,
    /// `.<partner id>` after it (`legal.referral.accepted.v1.6f1c…`). A partner's AMQP user may
    /// bind only the keys it was granted (RabbitMQ topic authorisation).
    public func routingKey(for type: String) -> String {
        switch audience {
        case .everyPartner: type
        case .partner(let id): "\(type).\(id.lowercased)"
        }
    }
}

/// An event type that partners may read in a reduced form; types without it never reach them.
public protocol PartnerVisible: EventData {
    /// Whether each event goes to one partner only (``PartnerForm/Audience/partner(_:)``, a
    /// referral sent to it) rather than to every partner granted the type.
    static var addressedToOnePartner: Bool { get }

    /// This event's form for partners, or `nil` when this one reaches none (an unrouted referral).
    func partnerForm() throws -> PartnerForm?
}

extension PartnerVisible {
    public static var addressedToOnePartner: Bool { false }
}

/// A referral event: each goes to the partner it was sent to, and to no other.
public protocol ReferralEvent: PartnerVisible {
    var referral: ReferralFacts { get }
}

extension ReferralEvent {
    public static var addressedToOnePartner: Bool { true }
    public func partnerForm() throws -> PartnerForm? { try referral.partnerForm() }
}

/// A referral as the partner it was sent to sees it.
public struct PartnerReferral: Codable, Sendable, Equatable {
    public let referralId: UUID
    public let caseId: UUID
    public let issue: LegalIssue
    public let language: String
    /// On `resolved`: how it ended.
    public let outcome: ReferralOutcome?
    public let recovered: Money?

    init(_ facts: ReferralFacts, outcome: ReferralOutcome? = nil, recovered: Money? = nil) {
        referralId = facts.referralId; caseId = facts.caseId; issue = facts.issue; language = facts.language
        self.outcome = outcome; self.recovered = recovered
    }
}

extension ReferralFacts {
    /// The referral's form for its partner, or `nil` while unrouted.
    func partnerForm(outcome: ReferralOutcome? = nil, recovered: Money? = nil) throws -> PartnerForm? {
        guard let partnerId else { return nil }
        return try PartnerForm(PartnerReferral(self, outcome: outcome, recovered: recovered), for: .partner(partnerId))
    }
}

extension ReferralProposed: ReferralEvent {}

extension ReferralAccepted: ReferralEvent {}

extension ReferralDeclined: ReferralEvent {}

extension ReferralResolved: ReferralEvent {
    public func partnerForm() throws -> PartnerForm? { try referral.partnerForm(outcome: outcome, recovered: recovered) }
}

extension ReferralWithdrawn: ReferralEvent {}

extension ReferralEscalated: ReferralEvent {}

/// An employer's flag as partners see it: the clearing's free-text reason stays in legal-referral.
public struct PartnerEmployerFlag: Codable, Sendable, Equatable {
    public let taxId: String
    public let flagged: Bool
    public let evidenceCount: Int
}

extension EmployerFlagged: PartnerVisible {
    public func partnerForm() throws -> PartnerForm? {
        try PartnerForm(PartnerEmployerFlag(taxId: taxId, flagged: true, evidenceCount: evidenceCount), for: .everyPartner)
    }
}

extension EmployerCleared: PartnerVisible {
    public func partnerForm() throws -> PartnerForm? {
        try PartnerForm(PartnerEmployerFlag(taxId: taxId, flagged: false, evidenceCount: evidenceCount), for: .everyPartner)
    }
}

/// Free beds of a shelter tonight (never an address).
extension OccupancyChanged: PartnerVisible {
    public func partnerForm() throws -> PartnerForm? { try PartnerForm(self, for: .everyPartner) }
}

extension VacancyPublished: PartnerVisible {
    public func partnerForm() throws -> PartnerForm? { try PartnerForm(self, for: .everyPartner) }
}

extension VacancySuspended: PartnerVisible {
    public func partnerForm() throws -> PartnerForm? { try PartnerForm(self, for: .everyPartner) }
}

/// Anonymised hotline figures for research partners: language, topic, outcome and duration.
extension HotlineCallLogged: PartnerVisible {
    public func partnerForm() throws -> PartnerForm? { try PartnerForm(self, for: .everyPartner) }
}

/// A city's weekly statistics, for its research partners as they are: counts only, suppressed.
extension NetworkStatisticsPublished: PartnerVisible {
    public func partnerForm() throws -> PartnerForm? { try PartnerForm(self, for: .everyPartner) }
}

extension EventCatalogue {
    /// The types partners may read, each in its ``PartnerVisible`` form; every other type stays on
    /// `jardam.events`.
    public static var partnerVisible: [any PartnerVisible.Type] {
        all.compactMap { $0 as? any PartnerVisible.Type }
    }
}

extension EventEnvelope {
    /// The envelope partners read with `form`: the same id, type, source and time, no subject,
    /// the form's `data`.
    public func partnerEnvelope(with form: PartnerForm) -> EventEnvelope {
        var projected = self
        projected.subject = nil
        projected.data = form.data
        return projected
    }
}
