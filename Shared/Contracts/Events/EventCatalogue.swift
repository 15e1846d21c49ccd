/// Every event type of CONTRACT.md §5, with its data struct; `docs/asyncapi.yaml` documents each.
public enum EventCatalogue {
    /// All types, grouped by the emitting service.
    public static let all: [any EventData.Type] = [
        CaseRegistered.self, CaseUpdated.self, ConsentChanged.self, PersonErased.self, PersonMerged.self,
        HotlineCallLogged.self,
        ReferralProposed.self, ReferralAccepted.self, ReferralDeclined.self, ReferralResolved.self,
        ReferralWithdrawn.self, ReferralEscalated.self, EmployerFlagged.self, EmployerCleared.self,
        BookingHeld.self, BookingConfirmed.self, BookingReleased.self, BookingCheckedIn.self,
        BookingCheckedOut.self, WaitlistJoined.self, OccupancyChanged.self,
        CoverageChecked.self, PlanRecommended.self, PolicyExpiring.self, PolicyErased.self,
        VacancyPublished.self, VacancySuspended.self, MatchProposed.self, PlacementStarted.self,
        FollowUpRecorded.self, WageArrearsReported.self, JobSeekerRemoved.self,
        NetworkEmployerFlagged.self, NetworkEmployerCleared.self, NetworkStatisticsPublished.self,
        CaseTransferRequested.self, NetworkCaseTransferRequested.self, NetworkLinkDeclared.self, CaseTransferAnswered.self,
        NetworkCaseTransferAccepted.self, NetworkCaseTransferRejected.self, CaseTransferCancelled.self, NetworkCaseTransferCancelled.self,
        CaseTransferExpired.self,
    ]

    /// The types that travel only on `jardam.network`: no city announces them again on its own
    /// `jardam.events` (CONTRACT.md §7).
    public static let networkOnly: Set<String> = [NetworkStatisticsPublished.type]

    /// The types that travel on `jardam.network`, each with its routing key there (`{toCity}`,
    /// `{fromCity}`: the name of the city it is for); every other type stays in its city.
    public static let onNetwork: [String: String] = [
        NetworkEmployerFlagged.type: NetworkEmployerFlagged.type, NetworkEmployerCleared.type: NetworkEmployerCleared.type,
        NetworkStatisticsPublished.type: NetworkStatisticsPublished.type,
        NetworkCaseTransferRequested.type: NetworkCaseTransferRequested.routingKey(to: "{toCity}"),
        NetworkCaseTransferAccepted.type: NetworkCaseTransferAccepted.routingKey(to: "{fromCity}"),
        NetworkCaseTransferRejected.type: NetworkCaseTransferRejected.routingKey(to: "{fromCity}"),
        NetworkCaseTransferCancelled.type: NetworkCaseTransferCancelled.routingKey(to: "{toCity}"),
    ]

    /// The data struct of a type name, or `nil` for a type not in the catalogue.
    public static func dataType(named name: String) -> (any EventData.Type)? {
        byName[name]
    }

    private static let byName: [String: any EventData.Type] = Dictionary(
        all.map { ($0.type, $0) }, uniquingKeysWith: { first, _ in first })
}
