import Crypto
import Foundation
import HummingbirdOTP

/// TOTP (RFC 6238, 30-second steps, 6 digits) for staff who read personal data: secrets are
/// made here, kept sealed under the console's key, and a code is accepted once, for its step or
/// the one before or after (a clock a little off).
struct OneTimeCodes: Sendable {
    /// `JARDAM_CONSOLE_KEY`: seals the TOTP secrets in the database.
    let key: SymmetricKey

    static let stepSeconds = 30

    /// A new secret: 32 letters and digits (160 bits and more).
    func newSecret() -> String {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")
        var generator = SystemRandomNumberGenerator()
        return String((0..<32).map { _ in alphabet.randomElement(using: &generator)! })
    }

    func seal(_ secret: String) throws -> Data {
        try AES.GCM.seal(Data(secret.utf8), using: key).combined!
    }

    func open(_ sealed: Data) throws -> String {
        String(decoding: try AES.GCM.open(AES.GCM.SealedBox(combined: sealed), using: key), as: UTF8.self)
    }

    /// The `otpauth://` address an authenticator app reads.
    func enrolmentURI(secret: String, username: String, city: String) -> String {
        TOTP(secret: secret).createAuthenticatorURL(label: "Jardam \(city):\(username)", issuer: "Jardam \(city)")
    }

    /// The key an app's "enter a setup key" takes: the secret's bytes in base32 (as in the
    /// enrolment address), in groups of four.
    func setupKey(secret: String) -> String {
        let encoded =
            URLComponents(string: enrolmentURI(secret: secret, username: "-", city: "-"))?.queryItems?.first { $0.name == "secret" }?.value ?? ""
        return stride(from: 0, to: encoded.count, by: 4).map { start in
            let from = encoded.index(encoded.startIndex, offsetBy: start)
            return String(encoded[from..<(encoded.index(from, offsetBy: 4, limitedBy: encoded.endIndex) ?? encoded.endIndex)])
        }.joined(separator: " ")
    }

    /// The time step whose code `code` is at `now` (this step, or one before or after), later
    /// than `lastStep`; `nil`: it matches none, or only a step already used.
    func matchingStep(_ code: String, secret: String, now: Date, after lastStep: Int?) -> Int? {
        let digits = code.filter { !$0.isWhitespace }
        guard digits.count == 6, digits.allSatisfy(\.isASCII), let value = Int(digits) else { return nil }
        let totp = TOTP(secret: secret)
        let current = Int(now.timeIntervalSince1970) / Self.stepSeconds
        for step in [current - 1, current, current + 1] where step > (lastStep ?? .min) {
            if totp.compute(date: Date(timeIntervalSince1970: TimeInterval(step * Self.stepSeconds))) == value { return step }
        }
        return nil
    }
}
