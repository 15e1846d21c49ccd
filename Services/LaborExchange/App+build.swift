import ServiceKit

/// The labor exchange's parts, built once: its routes and its reactions to intake's and
/// legal-referral's events. `App.swift` and the tests both call it.
func buildLabor(environment: ServiceEnvironment, configuration: LaborConfiguration) -> ServiceParts {
    let api = LaborAPI(environment: environment, configuration: configuration)
    return ServiceParts(routes: { router in api.addRoutes(to: router) }, reactions: api.eventHandlers)
}
