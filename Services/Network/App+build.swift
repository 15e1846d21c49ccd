import Foundation
import ServiceKit

/// The network service's parts, built once around its cores (``NetworkHub``,
/// ``NetworkStatistics``): the routes, the reactions to this city's and the network's events,
/// and the worker that publishes each week's statistics when it ends. `App.swift` and the tests
/// both call it.
func buildNetwork(environment: ServiceEnvironment) -> ServiceParts {
    let hub = NetworkHub(environment: environment)
    let statistics = NetworkStatistics(environment: environment, hub: hub)
    return ServiceParts(
        routes: { router in
            router.addRoutes(LinkRoutes(hub: hub).collection)
            router.addRoutes(StatisticsRoutes(statistics: statistics).collection)
        },
        reactions: EventReactions(hub: hub, statistics: statistics).handlers,
        workers: [
            PeriodicTask(name: "statistics-publication", every: .seconds(3600), logger: environment.logger) {
                try await statistics.publishDue(now: Date())
            }
        ])
}
