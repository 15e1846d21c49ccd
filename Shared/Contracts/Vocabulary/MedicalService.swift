/// What a medical plan may cover.
public struct MedicalService: Vocabulary {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }

    public static let emergency = Self(rawValue: "emergency")
    public static let outpatient = Self(rawValue: "outpatient")
    public static let inpatient = Self(rawValue: "inpatient")
    public static let maternity = Self(rawValue: "maternity")
    public static let dental = Self(rawValue: "dental")
    public static let chronic = Self(rawValue: "chronic")

    public static let known: [Self] = [.emergency, .outpatient, .inpatient, .maternity, .dental, .chronic]
}
