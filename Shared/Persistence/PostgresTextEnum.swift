/// A vocabulary stored as its raw text, alone or in a `text[]` (`status text CHECK (status IN ('open', 'closed'))`).
///
/// Conforming is enough: `row.decode("status", as: CaseStatus.self)` reads it, and a value
/// outside the vocabulary is a decoding failure rather than a silent default.
public protocol PostgresTextEnum: PostgresCodable, PostgresTextElement, RawRepresentable where RawValue == String {}

extension PostgresTextEnum {
    public static var postgresType: PostgresType { .text }
    public var postgresText: String? { rawValue }

    public var postgresElementText: String { rawValue }
    public init?(postgresElementText: String) { self.init(rawValue: postgresElementText) }

    public init(postgresText: String) throws(PostgresDecodingFailure) {
        guard let value = Self(rawValue: postgresText) else { throw PostgresDecodingFailure(expected: Self.self) }
        self = value
    }
}
