import Foundation

extension UUID {
    /// The lower-case form ids take in event subjects, references and audit entries (`case/0f1e…`).
    public var lowercased: String { uuidString.lowercased() }
}
