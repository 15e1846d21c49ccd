import Contracts
import Eventing
import ServiceKit

/// What the network service does with the events it subscribes to, each in the inbox
/// transaction: this city's employer flags and clearings go to the network; the other cities'
/// come back to this city's services.
struct EventReactions: Sendable {
    let hub: NetworkHub

    /// The handlers by event type, for the service's consumer.
    var handlers: [String: EventHandler] {
        [
            EmployerFlagged.type: { envelope, connection in
                try await hub.tellNetwork(try envelope.decodeData(as: EmployerFlagged.self), decidedAt: envelope.time, on: connection)
            },
            EmployerCleared.type: { envelope, connection in
                try await hub.tellNetwork(try envelope.decodeData(as: EmployerCleared.self), decidedAt: envelope.time, on: connection)
            },
            NetworkEmployerFlagged.type: { envelope, connection in
                let data = try envelope.decodeData(as: NetworkEmployerFlagged.self)
                try await hub.relayFromNetwork(data, decidedIn: data.city, envelope: envelope, on: connection)
            },
            NetworkEmployerCleared.type: { envelope, connection in
                let data = try envelope.decodeData(as: NetworkEmployerCleared.self)
                try await hub.relayFromNetwork(data, decidedIn: data.city, envelope: envelope, on: connection)
            },
        ]
    }
}
