import Contracts
import Messaging

extension Topology {
    /// Every service's queue of one city, declared by each service at connect.
    public static let city = Topology(queues: ServiceIdentity.allCases.map(\.consumerQueue))
}

extension ServiceIdentity {
    /// The service's queue, bound to the events it subscribes to, as ``Topology/city`` declares it.
    public var consumerQueue: Topology.ConsumerQueue {
        Topology.ConsumerQueue(name: eventQueue, routingKeys: subscriptions, networkRoutingKeys: networkSubscriptions)
    }
}
