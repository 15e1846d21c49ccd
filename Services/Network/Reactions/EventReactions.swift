import Contracts
import Eventing
import ServiceKit

/// What the network service does with the events it subscribes to, each in the inbox
/// transaction: this city's employer flags and clearings go to the network and the other
/// cities' come back to this city's services; what the statistics count is counted (of cases it
/// follows from intake's events, to leave out those refusing research and forget the erased);
/// the other cities' statistics are kept; a case handed over goes to its city, and one handed
/// over to this city comes to its intake.
struct EventReactions: Sendable {
    let hub: NetworkHub
    let statistics: NetworkStatistics

    /// The handlers by event type, for the service's consumer.
    var handlers: [String: EventHandler] {
        let cases = statistics.cases.handlers(
            CaseWork(forgetting: { caseId, _, connection in try await statistics.forget(caseId: caseId, on: connection) }))
        let registered = cases[CaseRegistered.type]!
        return cases.merging([
            CaseRegistered.type: { envelope, connection in
                try await registered(envelope, connection)
                try await statistics.count(try envelope.decodeData(as: CaseRegistered.self), at: envelope.time, on: connection)
            },
            HotlineCallLogged.type: { envelope, connection in
                try await statistics.count(try envelope.decodeData(as: HotlineCallLogged.self), at: envelope.time, on: connection)
            },
            ReferralProposed.type: { envelope, connection in
                try await statistics.count(try envelope.decodeData(as: ReferralProposed.self).referral, at: envelope.time, on: connection)
            },
            PlacementStarted.type: { envelope, connection in
                let data = try envelope.decodeData(as: PlacementStarted.self)
                try await statistics.countLabor("placements", caseId: data.caseId, at: envelope.time, on: connection)
            },
            WageArrearsReported.type: { envelope, connection in
                let data = try envelope.decodeData(as: WageArrearsReported.self)
                try await statistics.countLabor("wageArrearsReports", caseId: data.caseId, at: envelope.time, on: connection)
            },
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
            CaseTransferRequested.type: { envelope, connection in
                try await hub.send(try envelope.decodeData(as: CaseTransferRequested.self), on: connection)
            },
            NetworkCaseTransferRequested.type: { envelope, connection in
                let data = try envelope.decodeData(as: NetworkCaseTransferRequested.self)
                guard data.toCity == hub.city else { throw NetworkError.notForThisCity(data.toCity) }
                try await hub.relayFromNetwork(data, decidedIn: data.fromCity, envelope: envelope, on: connection)
            },
            CaseTransferAnswered.type: { envelope, connection in
                try await hub.send(try envelope.decodeData(as: CaseTransferAnswered.self), on: connection)
            },
            CaseTransferCancelled.type: { envelope, connection in
                try await hub.send(try envelope.decodeData(as: CaseTransferCancelled.self), on: connection)
            },
            NetworkCaseTransferCancelled.type: { envelope, connection in
                let data = try envelope.decodeData(as: NetworkCaseTransferCancelled.self)
                guard data.toCity == hub.city else { throw NetworkError.notForThisCity(data.toCity) }
                try await hub.relayFromNetwork(data, decidedIn: data.fromCity, envelope: envelope, on: connection)
            },
            NetworkCaseTransferAccepted.type: { envelope, connection in
                let data = try envelope.decodeData(as: NetworkCaseTransferAccepted.self)
                guard data.fromCity == hub.city else { throw NetworkError.notForThisCity(data.fromCity) }
                try await hub.relayFromNetwork(data, decidedIn: data.toCity, envelope: envelope, on: connection)
            },
            NetworkCaseTransferRejected.type: { envelope, connection in
                let data = try envelope.decodeData(as: NetworkCaseTransferRejected.self)
                guard data.fromCity == hub.city else { throw NetworkError.notForThisCity(data.fromCity) }
                try await hub.relayFromNetwork(data, decidedIn: data.toCity, envelope: envelope, on: connection)
            },
            NetworkStatisticsPublished.type: { envelope, connection in
                try await statistics.receive(try envelope.decodeData(as: NetworkStatisticsPublished.self), envelope: envelope, on: connection)
            },
        ]) { _, mine in mine }
    }
}
