import Foundation
import Synchronization

/// The thread of one ``PostgresConnection``: its blocking libpq calls run here, never on Swift's
/// cooperative pool, and it is a `TaskExecutor` too, so that the task holding the connection can
/// run its whole transaction here (`withTaskExecutorPreference`).
///
/// A call made from this thread runs at once; one made from elsewhere is queued to it and waits.
/// So a transaction's statements cost no switch between threads each, only its start and end.
/// Once stopped, it runs what was queued before and ends; later calls fail, and tasks still
/// preferring it run on the global concurrent executor.
final class ConnectionThread: TaskExecutor, @unchecked Sendable {
    private enum Work {
        case job(UnownedJob)
        case call(() -> Void)
    }

    /// Guards `queue` and `isStopping`, and wakes the thread.
    private let condition = NSCondition()
    private var queue: [Work] = []
    private var isStopping = false
    /// The running thread's `pthread_self()`; 0 until it starts.
    private let threadID = Atomic<UInt>(0)

    /// Starts the thread, named `name` (seen in `top -H`, `perf`).
    init(name: String) {
        let thread = Thread { [self] in loop() }
        thread.name = name
        thread.start()
    }

    /// Whether the caller runs on this thread.
    var isCurrent: Bool { threadID.load(ordering: .acquiring) == UInt(pthread_self()) }

    /// Runs `body` on this thread: at once when already on it, else queued; throws when stopped.
    func run<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        if isCurrent { return try body() }
        return try await withCheckedThrowingContinuation { continuation in
            let queued = add(.call { continuation.resume(with: Result { try body() }) })
            if !queued { continuation.resume(throwing: PostgresError(.connectionLost, detail: "the connection is closed")) }
        }
    }

    /// Ends the thread once what is queued has run; it does not wait for that.
    func stop() {
        condition.lock()
        isStopping = true
        condition.signal()
        condition.unlock()
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        if !add(.job(job)) { globalConcurrentExecutor.enqueue(job) }
    }

    /// Queues `work`; `false` once the thread is stopping (what was queued before still runs).
    private func add(_ work: Work) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        guard !isStopping else { return false }
        queue.append(work)
        condition.signal()
        return true
    }

    private func loop() {
        threadID.store(UInt(pthread_self()), ordering: .releasing)
        while true {
            condition.lock()
            while queue.isEmpty && !isStopping { condition.wait() }
            if queue.isEmpty {
                condition.unlock()
                return
            }
            let work = queue
            queue.removeAll(keepingCapacity: true)
            condition.unlock()
            for item in work {
                switch item {
                case .job(let job): job.runSynchronously(on: asUnownedTaskExecutor())
                case .call(let call): call()
                }
            }
        }
    }
}
