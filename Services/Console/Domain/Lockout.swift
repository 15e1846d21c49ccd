import Foundation

/// When failed sign-ins lock an account: five within fifteen minutes lock it until fifteen
/// minutes after the first of those five (CONTRACT.md §8).
enum Lockout {
    static let failures = 5
    static let window: TimeInterval = 15 * 60

    /// Until when the account with failed sign-ins at `failures` is locked at `now`; `nil`: it is not.
    static func lockedUntil(failures times: [Date], now: Date) -> Date? {
        let recent = times.filter { $0 > now.addingTimeInterval(-window) }.sorted()
        guard recent.count >= failures else { return nil }
        return recent[recent.count - failures].addingTimeInterval(window)
    }
}
