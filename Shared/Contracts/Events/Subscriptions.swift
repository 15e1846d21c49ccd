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
                // The network: the linked cities' transfer keys, the cases handed over to this city.
                NetworkLinkDeclared.type, NetworkCaseTransferRequested.type, NetworkCaseTransferAccepted.type,
                NetworkCaseTransferRejected.type, NetworkCaseTransferCancelled.type,
            ]
        case .legalReferral:
            return intakeFacts + [WageArrearsReported.type, NetworkEmployerFlagged.type, NetworkEmployerCleared.type]
        case .shelter, .medicalInsurance:
            return intakeFacts
        case .laborExchange:
            return intakeFacts + [EmployerFlagged.type, EmployerCleared.type, NetworkEmployerFlagged.type, NetworkEmployerCleared.type]
        case .network:
            // This city's decisions, which it tells the network, and what its statistics count
            // (of cases whose research consent it follows).
            return intakeFacts + [
                EmployerFlagged.type, EmployerCleared.type, HotlineCallLogged.type, ReferralProposed.type, PlacementStarted.type,
                WageArrearsReported.type, CaseTransferRequested.type, CaseTransferAnswered.type,
                CaseTransferCancelled.type,
            ]
        }
    }

    /// The routing keys the service's queue receives from `jardam.network` in `city`
    /// (CONTRACT.md §7): what the other cities publish, brought by federation, which brings a
    /// city only what its bindings ask for (a case handed over to another city never reaches it).
    /// Only `network` reads the network; it announces what concerns the city's other services
    /// again on `jardam.events`.
    public func networkSubscriptions(city: String) -> [String] {
        switch self {
        case .network:
            [
                NetworkEmployerFlagged.type, NetworkEmployerCleared.type, NetworkStatisticsPublished.type,
                NetworkCaseTransferRequested.routingKey(to: city), NetworkCaseTransferAccepted.routingKey(to: city),
                NetworkCaseTransferRejected.routingKey(to: city), NetworkCaseTransferCancelled.routingKey(to: city),
            ]
        case .intake, .legalReferral, .shelter, .medicalInsurance, .laborExchange: []
        }
    }

    /// The service's quorum queue on `jardam.events` (`shelter.events`).
    public var eventQueue: String { "\(rawValue).events" }
}
