import Eventing
import Hummingbird
import ServiceLifecycle

/// What a service adds to the shape every service shares, built once by its `App+build.swift`
/// from its environment: its routes, its reactions to events, its background workers.
public struct ServiceParts: Sendable {
    /// Adds the service's routes to the common router.
    public var routes: @Sendable (Router<JardamRequestContext>) -> Void
    /// The service's reactions by event type; when there are any, its queue
    /// (``ServiceIdentity/eventQueue``) is consumed through the inbox.
    public var reactions: [String: EventHandler]
    /// Background work (expiry sweeps, reminders) that runs beside HTTP.
    public var workers: [any Service]

    public init(
        routes: @escaping @Sendable (Router<JardamRequestContext>) -> Void, reactions: [String: EventHandler] = [:],
        workers: [any Service] = []
    ) {
        self.routes = routes
        self.reactions = reactions
        self.workers = workers
    }
}

/// Builds a service's parts once its environment exists.
public typealias ServiceBuilder = @Sendable (ServiceEnvironment) throws -> ServiceParts
