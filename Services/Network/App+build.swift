import ServiceKit

/// The network service's parts, built once around its core (``NetworkHub``): the routes and the
/// reactions to this city's and the network's events. `App.swift` and the tests both call it.
func buildNetwork(environment: ServiceEnvironment) -> ServiceParts {
    let hub = NetworkHub(environment: environment)
    return ServiceParts(
        routes: { router in
            router.addRoutes(LinkRoutes(hub: hub).collection)
        },
        reactions: EventReactions(hub: hub).handlers)
}
