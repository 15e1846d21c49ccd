/// Why an existing person may be the same human as a new one.
enum DuplicateReason: String, Codable, Sendable, CaseIterable {
    case sameDocument = "same-document"
    case samePhone = "same-phone"
    /// Names close across Cyrillic and Latin spellings (``NameMatch``) and the same birth date.
    case similarNameAndBirthDate = "similar-name-and-birth-date"

    /// Every reason that holds, strongest first: a document is stronger than a phone, which
    /// may be shared in a family, which is stronger than a name.
    static func reasons(sameDocument: Bool, samePhone: Bool, closeNameAndSameBirthDate: Bool) -> [DuplicateReason] {
        (sameDocument ? [.sameDocument] : []) + (samePhone ? [.samePhone] : [])
            + (closeNameAndSameBirthDate ? [.similarNameAndBirthDate] : [])
    }
}
