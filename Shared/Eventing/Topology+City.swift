import Contracts
import Messaging

extension Topology {
    /// Every service's queue of the city `name`, declared by each service at connect.
    public static func city(_ name: String) -> Topology {
        Topology(queues: ServiceIdentity.allCases.map { $0.consumerQueue(city: name) })
    }
}

extension ServiceIdentity {
    /// The service's queue in `city`, bound to the events it subscribes to, as
    /// ``Topology/city(_:)`` declares it (its name and retry queues are the same in every city).
    public func consumerQueue(city: String) -> Topology.ConsumerQueue {
        Topology.ConsumerQueue(name: eventQueue, routingKeys: subscriptions, networkRoutingKeys: networkSubscriptions(city: city))
    }
}
