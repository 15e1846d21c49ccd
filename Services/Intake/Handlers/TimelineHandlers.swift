import Contracts
import Eventing
import ServiceKit

extension IntakeAPI {
    /// Every other service's events about a case go into its timeline, once (the inbox and the
    /// event id both see to it). Data that does not fit its type is dead-lettered.
    var timelineHandlers: [String: EventHandler] {
        let timeline = self.timeline
        return Dictionary(
            uniqueKeysWithValues: Self.timelineTypes.map { type in
                (type, { envelope, connection in try await timeline.record(envelope, on: connection) } as EventHandler)
            })
    }

    /// The other services' event types that say something about a case (intake writes its own
    /// events into the timeline as it emits them).
    static var timelineTypes: [String] { TimelineWording.types.filter { !$0.hasPrefix("intake.") } }
}
