import Contracts
import Eventing
import ServiceKit

/// Every other service's events about a case go into its timeline, once (the inbox and the
/// event id both see to it). Data that does not fit its type is dead-lettered.
struct TimelineReactions: Sendable {
    let registry: Registry

    /// The handlers by event type, for the service's consumer.
    var handlers: [String: EventHandler] {
        let timeline = registry.timeline
        return Dictionary(
            uniqueKeysWithValues: Self.types.map { type in
                (type, { envelope, connection in try await timeline.record(envelope, on: connection) } as EventHandler)
            })
    }

    /// The other services' event types that say something about a case (intake writes its own
    /// events into the timeline as it emits them).
    static var types: [String] { TimelineWording.types.filter { !$0.hasPrefix("intake.") } }
}
