import Foundation

// Events intake emits. None carries personal data: persons appear only as `personRef`, a
// pseudonymous reference, and ages only as bands.

/// A case was opened; every service acts on the needs it has consent for.
public struct CaseRegistered: EventData {
    public static let type = "intake.case.registered.v1"
    public let caseId: UUID
    public let personRef: String
    public let channel: Channel
    public let language: String
    public let sex: Sex
    public let ageBand: AgeBand
    public let citizenship: String
    public let needs: [Need]
    public let vulnerabilities: [Vulnerability]
    public let priority: Priority
    /// Purposes consented to when the case was opened (no expiry); later changes come as
    /// ``ConsentChanged``. Absent in events of earlier releases, which mean none.
    public let consents: [ConsentPurpose]?
    /// The case's version: 1 at registration. Every intake event about a case carries the
    /// next (CONTRACT.md §5); `nil` only in events of releases before versions.
    public let caseVersion: Int?

    public init(
        caseId: UUID, personRef: String, channel: Channel, language: String, sex: Sex, ageBand: AgeBand, citizenship: String, needs: [Need],
        vulnerabilities: [Vulnerability], priority: Priority, consents: [ConsentPurpose]? = nil, caseVersion: Int? = 1
    ) {
        self.caseId = caseId; self.personRef = personRef; self.channel = channel; self.language = language; self.sex = sex
        self.ageBand = ageBand; self.citizenship = citizenship; self.needs = needs; self.vulnerabilities = vulnerabilities; self.priority = priority
        self.consents = consents; self.caseVersion = caseVersion
    }
}

/// A case's needs, vulnerabilities or status changed.
public struct CaseUpdated: EventData {
    public static let type = "intake.case.updated.v1"
    public let caseId: UUID
    public let needs: [Need]
    public let vulnerabilities: [Vulnerability]
    public let status: CaseStatus
    public let priority: Priority
    /// The case's version after the change; `nil` only in events of releases before versions.
    public let caseVersion: Int?

    public init(caseId: UUID, needs: [Need], vulnerabilities: [Vulnerability], status: CaseStatus, priority: Priority, caseVersion: Int?) {
        self.caseId = caseId; self.needs = needs; self.vulnerabilities = vulnerabilities; self.status = status; self.priority = priority
        self.caseVersion = caseVersion
    }
}

/// Consent for a purpose was given or revoked; a revoked purpose stops that service's work.
public struct ConsentChanged: EventData {
    public static let type = "intake.consent.changed.v1"
    public let caseId: UUID
    public let purpose: ConsentPurpose
    public let granted: Bool
    public let expiresAt: Date?
    /// The case's version after the change; `nil` only in events of releases before versions.
    public let caseVersion: Int?

    public init(caseId: UUID, purpose: ConsentPurpose, granted: Bool, expiresAt: Date?, caseVersion: Int?) {
        self.caseId = caseId; self.purpose = purpose; self.granted = granted; self.expiresAt = expiresAt; self.caseVersion = caseVersion
    }
}

/// A person was erased: every service forgets what is linked to the reference, and each of
/// their cases is `erased` for good, whatever version comes later.
public struct PersonErased: EventData {
    public static let type = "intake.person.erased.v1"
    public let personRef: String
    /// The person's cases, each at its version after erasure. Absent in events of earlier
    /// releases: then the cases are those known with `personRef`.
    public let cases: [ErasedCase]?

    public init(personRef: String, cases: [ErasedCase]) { self.personRef = personRef; self.cases = cases }
}

/// One case of an erased person.
public struct ErasedCase: Codable, Sendable, Equatable {
    public let caseId: UUID
    public let caseVersion: Int

    public init(caseId: UUID, caseVersion: Int) { self.caseId = caseId; self.caseVersion = caseVersion }
}

/// Two records of one person were merged; references to `personRef` now mean `intoPersonRef`.
public struct PersonMerged: EventData {
    public static let type = "intake.person.merged.v1"
    public let personRef: String
    public let intoPersonRef: String

    public init(personRef: String, intoPersonRef: String) { self.personRef = personRef; self.intoPersonRef = intoPersonRef }
}

/// A hotline call was logged (no personal data at all).
public struct HotlineCallLogged: EventData {
    public static let type = "intake.hotline.call-logged.v1"
    public let language: String
    public let topic: HotlineTopic
    public let resolvedByPhone: Bool
    public let durationSeconds: Int

    public init(language: String, topic: HotlineTopic, resolvedByPhone: Bool, durationSeconds: Int) {
        self.language = language; self.topic = topic; self.resolvedByPhone = resolvedByPhone; self.durationSeconds = durationSeconds
    }
}
