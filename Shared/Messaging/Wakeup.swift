import CRabbitMQ
import CRabbitMQSupport
import Glibc

/// Lets other threads wake a connection's thread that waits for its socket, so the thread sleeps
/// until there is work (a message to publish, a delivery to settle, a stop) instead of polling.
final class Wakeup: Sendable {
    /// The eventfd, or -1 when none could be made (then ``wait(on:)`` polls every 5 ms).
    private let descriptor: Int32
    private let idleMilliseconds: Int32

    init() {
        descriptor = jardam_wake_open()
        // Without a descriptor nothing can wake the thread, so it looks for work every 5 ms;
        // with one it wakes at least once a second, for heartbeats.
        idleMilliseconds = descriptor >= 0 ? 1000 : 5
    }

    deinit {
        if descriptor >= 0 { close(descriptor) }
    }

    /// Ends the current or next ``wait(on:)``; callable from any thread.
    func signal() {
        if descriptor >= 0 { jardam_wake_signal(descriptor) }
    }

    /// On the connection's thread: returns when the socket has something to read, after
    /// ``signal()``, or after at most a second.
    func wait(on state: amqp_connection_state_t) throws {
        let status = jardam_amqp_wait(state, descriptor, idleMilliseconds)
        guard status >= 0 else {
            throw MessagingError(.connectionLost, detail: "waiting for the socket: errno \(-status)")
        }
    }
}
