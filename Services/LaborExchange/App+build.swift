import ServiceKit

/// The labor exchange's parts, built once around its core (``Exchange``): the routes and the
/// reactions to intake's and legal-referral's events. `App.swift` and the tests both call it.
func buildLabor(environment: ServiceEnvironment, configuration: LaborConfiguration) -> ServiceParts {
    let exchange = Exchange(environment: environment, configuration: configuration)
    let idempotency = IdempotentCreation(schema: environment.schema, secret: environment.configuration.tokenSecret)
    return ServiceParts(
        routes: { router in
            router.addRoutes(EmployerRoutes(exchange: exchange, idempotency: idempotency).collection)
            router.addRoutes(SeekerRoutes(exchange: exchange, idempotency: idempotency).collection)
            router.addRoutes(PlacementRoutes(exchange: exchange, idempotency: idempotency).collection)
        },
        reactions: EventReactions(exchange: exchange).handlers)
}
