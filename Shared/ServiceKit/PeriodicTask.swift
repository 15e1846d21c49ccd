import LogSafety
import Logging
import ServiceLifecycle

/// Runs `work` now and then every `interval` until graceful shutdown: expiry sweeps, reminders.
///
/// A failing round is logged (without its details, see ``logSummary(of:)``) and the next round
/// runs on time; the work must therefore be safe to repeat.
public struct PeriodicTask: Service {
    private let name: String
    private let interval: Duration
    private let logger: Logger
    private let work: @Sendable () async throws -> Void

    public init(name: String, every interval: Duration, logger: Logger, work: @escaping @Sendable () async throws -> Void) {
        self.name = name
        self.interval = interval
        self.logger = logger
        self.work = work
    }

    public func run() async {
        while !Task.isShuttingDownGracefully, !Task.isCancelled {
            do {
                try await work()
            } catch {
                logger.warning("periodic task failed", metadata: ["task": "\(name)", "error": "\(logSummary(of: error))"])
            }
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) }
        }
    }
}
