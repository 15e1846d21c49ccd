import Contracts
import Foundation

/// A case as intake announced it, without anything personal: what the other services need to
/// act on it (its needs, consents and status) and to count it (language, sex).
///
/// It is built from intake's events in whatever order they arrive: each part carries the
/// `caseVersion` it was last set at and takes only newer news, so the same events give the same
/// case in every order. Erasure is a tombstone no version overrides.
public struct KnownCase: Sendable, Equatable {
    public let caseId: UUID
    /// Whether the registration has arrived; before it, only what later events said is known.
    public private(set) var registered: Bool
    /// The pseudonymous person reference; `nil` once the person was erased (or before registration).
    public private(set) var personRef: String?
    /// The case's language (`""` before registration).
    public private(set) var language: String
    /// The person's sex (`unknown` before registration).
    public private(set) var sex: Sex
    /// The person's age band (`nil` before registration, and for cases registered before it was kept).
    public private(set) var ageBand: AgeBand?
    public private(set) var needs: [Need]
    public private(set) var vulnerabilities: [Vulnerability]
    /// The purposes consented to now.
    public private(set) var consents: [ConsentPurpose]
    public private(set) var status: CaseStatus
    /// The highest `caseVersion` applied to any part.
    public private(set) var version: Int
    /// The version that last set needs, vulnerabilities and status.
    public private(set) var stateVersion: Int
    /// The version that last set each purpose's consent, by purpose.
    public private(set) var consentVersions: [String: Int]

    /// A case nothing has been heard of yet.
    public init(unheardOf caseId: UUID) {
        self.init(
            caseId: caseId, registered: false, personRef: nil, language: "", sex: .unknown, ageBand: nil, needs: [], vulnerabilities: [],
            consents: [],
            status: .open, version: 0, stateVersion: 0, consentVersions: [:])
    }

    /// A case as stored.
    public init(
        caseId: UUID, registered: Bool, personRef: String?, language: String, sex: Sex, ageBand: AgeBand?, needs: [Need],
        vulnerabilities: [Vulnerability], consents: [ConsentPurpose], status: CaseStatus, version: Int, stateVersion: Int,
        consentVersions: [String: Int]
    ) {
        self.caseId = caseId; self.registered = registered; self.personRef = personRef; self.language = language; self.sex = sex
        self.ageBand = ageBand
        self.needs = needs; self.vulnerabilities = vulnerabilities; self.consents = consents; self.status = status
        self.version = version; self.stateVersion = stateVersion; self.consentVersions = consentVersions
    }

    /// Whether work for `purpose` is allowed: the case is open (registered, not closed, erased or
    /// transferred) and consents to it.
    public func permits(_ purpose: ConsentPurpose) -> Bool { refusal(for: purpose, field: nil) == nil }

    /// Whether the service of `need` should act on its own: the case needs it and permits it.
    public func wants(_ need: Need) -> Bool { needs.contains(need) && permits(need.consentPurpose) }

    /// Whether `purpose` was answered and is not granted now: refused, or withdrawn (a purpose
    /// never asked about is not refused).
    public func refused(_ purpose: ConsentPurpose) -> Bool {
        consentVersions[purpose.rawValue] != nil && !consents.contains(purpose)
    }

    /// Whether the person was erased.
    public var isErased: Bool { status == .erased }

    // MARK: Applying intake's events

    /// Takes the registration: what it describes always (it is said once), needs, status and
    /// consents only where nothing newer was heard.
    public mutating func apply(_ event: CaseRegistered) {
        let at = event.caseVersion ?? 1
        registered = true
        language = event.language
        sex = event.sex
        ageBand = event.ageBand
        if !isErased { personRef = event.personRef }
        if stateVersion < at {
            needs = event.needs; vulnerabilities = event.vulnerabilities
            if !isErased { status = .open }
            stateVersion = at
        }
        for purpose in event.consents ?? [] { setConsent(purpose, granted: true, at: at) }
        version = max(version, at)
    }

    /// Takes new needs, vulnerabilities and status when newer than what is known.
    public mutating func apply(_ event: CaseUpdated) {
        guard let at = newer(event.caseVersion, than: stateVersion) else { return }
        needs = event.needs; vulnerabilities = event.vulnerabilities
        if !isErased { status = event.status }
        stateVersion = at
        version = max(version, at)
    }

    /// Takes a consent change when newer than what is known of that purpose.
    public mutating func apply(_ event: ConsentChanged) {
        setConsent(event.purpose, granted: event.granted, at: event.caseVersion)
    }

    /// Erases the case for good: no person, no consents, status `erased`.
    public mutating func erase(at caseVersion: Int?) {
        status = .erased
        personRef = nil
        consents = []
        version = max(version, caseVersion ?? version)
    }

    private mutating func setConsent(_ purpose: ConsentPurpose, granted: Bool, at caseVersion: Int?) {
        guard let at = newer(caseVersion, than: consentVersions[purpose.rawValue] ?? 0) else { return }
        consentVersions[purpose.rawValue] = at
        version = max(version, at)
        guard !isErased else { return }
        consents.removeAll { $0 == purpose }
        if granted { consents.append(purpose) }
    }

    /// The version to record when `caseVersion` is newer than `known`; an event without a
    /// version (an earlier release) applies as it comes and leaves `known` as it is.
    private func newer(_ caseVersion: Int?, than known: Int) -> Int? {
        guard let caseVersion else { return known }
        return caseVersion > known ? caseVersion : nil
    }
}
