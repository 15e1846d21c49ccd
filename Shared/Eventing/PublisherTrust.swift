import Contracts
import Messaging

/// Who may have published an event, checked by every consumer before anything else: nothing is
/// trusted because it arrived.
///
/// An event belongs to the service whose schema begins its type (`shelter.` → shelter). It is
/// genuine when the broker says its service's user published it (`user_id` `jardam-shelter`,
/// which RabbitMQ checks against the connection) and its CloudEvents `source` names that
/// service (`jardam://moscow/shelter`). The city's operator user may publish too (it holds every
/// permission anyway: tests, `jardamctl`). A retry or a replayed dead letter comes back from the
/// consumer itself or from the operator, naming the message's first publisher
/// (``replayedFromHeader``): that one must be the owner (or the operator).
///
/// Events of other cities arrive on `jardam.network` without a `user_id`: federation clears it
/// when it republishes a message downstream (RabbitMQ's `trust-user-id` is left off), and no user
/// of this city may write to `jardam.network` but `jardam-network`, which always sets its own.
/// Such an event is taken as the other city's `network` service's when its `source` says so;
/// the `network` service then checks that the city is one it is linked to.
public struct PublisherTrust: Sendable, Equatable {
    /// The header `jardamctl dlq replay` and the consumers' dead letters carry: the broker user
    /// that first published the message.
    public static let replayedFromHeader = "jardam-published-by"

    /// The broker user of the city's operator (`JARDAM_AMQP_OPERATOR_USER`).
    public let operatorUser: String
    /// The consuming service's own broker user, which republishes its retries.
    public let consumerUser: String

    public init(operatorUser: String = "jardam", consumerUser: String) {
        self.operatorUser = operatorUser
        self.consumerUser = consumerUser
    }

    /// The broker user a service publishes as.
    public static func user(of service: ServiceIdentity) -> String { "jardam-\(service.rawValue)" }

    /// The service whose events `type` names, if any.
    public static func owner(of type: String) -> ServiceIdentity? {
        ServiceIdentity.allCases.first { type.hasPrefix("\($0.schema).") }
    }

    /// Who first published a message that `userID` sent carrying `header` (``replayedFromHeader``):
    /// the header only when a republisher this consumer trusts wrote it — itself (its retries) or
    /// the operator (replays); anyone else's header is ignored, as any publisher can write one.
    public func firstPublisher(userID: String?, header: String?) -> String? {
        switch userID {
        case operatorUser: header ?? operatorUser
        case consumerUser: header ?? consumerUser
        default: userID
        }
    }

    /// Why an event of `type` from `source`, published by `userID` with `header`
    /// (``replayedFromHeader``) to `exchange`, is forged; `nil` when it is genuine.
    public func forgery(type: String, source: String, userID: String?, header: String?, exchange: String = Topology.eventsExchange) -> String? {
        guard let owner = Self.owner(of: type) else { return "no service publishes \(type)" }
        guard source.hasSuffix("/\(owner.rawValue)") else { return "\(type) belongs to \(owner.rawValue), its source says otherwise" }
        let expected = Self.user(of: owner)
        guard userID != expected else { return nil }
        if userID == nil, owner == .network, exchange == Topology.networkExchange { return nil }
        let publisher = firstPublisher(userID: userID, header: header)
        guard publisher != expected && publisher != operatorUser else { return nil }
        return "\(type) belongs to \(owner.rawValue), published by \(publisher ?? "an unnamed user")"
    }
}
