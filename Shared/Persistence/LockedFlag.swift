import Synchronization

/// A flag that, once set, stays set; safe to read from any thread.
final class LockedFlag: Sendable {
    private let storage = Atomic<Bool>(false)

    var value: Bool { storage.load(ordering: .acquiring) }

    func set() { storage.store(true, ordering: .releasing) }
}
