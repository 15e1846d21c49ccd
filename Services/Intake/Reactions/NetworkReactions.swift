import Contracts
import Eventing
import ServiceKit

/// What intake takes from its city's network service, each in the inbox transaction: the linked
/// cities' transfer keys, the cases handed over to this city (listed as pending), and the other
/// cities' answers to the cases handed over from here.
struct NetworkReactions: Sendable {
    let registry: Registry

    /// The handlers by event type, for the service's consumer.
    var handlers: [String: EventHandler] {
        [
            NetworkLinkDeclared.type: { envelope, connection in
                try await registry.declareLink(try envelope.decodeData(as: NetworkLinkDeclared.self), at: envelope.time, on: connection)
            },
            NetworkCaseTransferRequested.type: { envelope, connection in
                try await registry.receiveTransfer(
                    try envelope.decodeData(as: NetworkCaseTransferRequested.self), at: envelope.time, on: connection)
            },
            NetworkCaseTransferAccepted.type: { envelope, connection in
                try await registry.transferAccepted(try envelope.decodeData(as: NetworkCaseTransferAccepted.self), envelope: envelope, on: connection)
            },
            NetworkCaseTransferCancelled.type: { envelope, connection in
                try await registry.transferCancelled(
                    try envelope.decodeData(as: NetworkCaseTransferCancelled.self), at: envelope.time, on: connection)
            },
            NetworkCaseTransferRejected.type: { envelope, connection in
                try await registry.transferRejected(try envelope.decodeData(as: NetworkCaseTransferRejected.self), envelope: envelope, on: connection)
            },
        ]
    }
}
