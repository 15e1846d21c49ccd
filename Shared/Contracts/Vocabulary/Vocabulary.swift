/// A closed list of CONTRACT.md that crosses service boundaries (`Need`, `ConsentPurpose`...).
///
/// Shaped like swift-http-types' `HTTPField.Name`: the known values are static members, and a
/// value a newer producer added decodes and is carried rather than failing the whole event.
/// Staff input is read with ``Wire/VocabularyReading/closed``, where an unknown value is refused
/// with the list of known ones.
public protocol Vocabulary: RawRepresentable, Codable, Hashable, Sendable, CustomStringConvertible
where RawValue == String {
    /// Wraps any text, known or not.
    init(rawValue: String)
    /// Every value this release knows, in the contract's order.
    static var known: [Self] { get }
}

extension Vocabulary {
    /// Whether this release knows the value.
    public var isKnown: Bool { Self.known.contains(self) }

    public var description: String { rawValue }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        self.init(rawValue: try container.decode(String.self))
        if decoder.userInfo[Wire.vocabularyKey] as? Wire.VocabularyReading == .closed, !isKnown {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "expected one of \(Self.known.map(\.rawValue).joined(separator: ", "))")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}
