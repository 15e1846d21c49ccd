extension ServiceIdentity {
    /// The event types (AMQP binding patterns) the service's queue receives: CONTRACT.md §5's
    /// "consumed by" column. Every service declares every queue, so that no event is dropped
    /// for lack of a queue while its consumer is not yet running.
    public var subscriptions: [String] {
        let intakeFacts = [
            CaseRegistered.type, CaseUpdated.type, ConsentChanged.type, PersonErased.type, PersonMerged.type,
        ]
        switch self {
        case .intake:
            // The case timeline gathers what every service did about a case.
            return [
                "legal.referral.#", "shelter.booking.#", WaitlistJoined.type, CoverageChecked.type,
                PlanRecommended.type, PolicyExpiring.type, PolicyErased.type, MatchProposed.type, "labor.placement.#",
                JobSeekerRemoved.type,
            ]
        case .legalReferral:
            return intakeFacts + [WageArrearsReported.type]
        case .shelter, .medicalInsurance:
            return intakeFacts
        case .laborExchange:
            return intakeFacts + [EmployerFlagged.type, EmployerCleared.type]
        }
    }

    /// The service's quorum queue on `jardam.events` (`shelter.events`).
    public var eventQueue: String { "\(rawValue).events" }
}
