/// What a new password must be: long enough to resist guessing, and not the one it replaces.
enum PasswordRules {
    static let minimumLength = 12

    /// The wording key of the first rule `password` breaks, or `nil`; `isTheOldOne`: it is the
    /// password it would replace.
    static func problem(with password: String, isTheOldOne: Bool) -> String? {
        if password.count < minimumLength { return "passwordTooShort" }
        if password.count > 200 { return "passwordTooLong" }
        if isTheOldOne { return "passwordUnchanged" }
        return nil
    }
}
