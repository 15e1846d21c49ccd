import Contracts
import Foundation
import ServiceKit

/// A person as staff register her (`POST /v1/persons`) or as another city hands her over: checked
/// against this city's rules before anything is stored.
struct NewPerson: Decodable, Sendable {
    let givenName: String
    let familyName: String
    let nameLatin: String?
    let birthDate: CalendarDate?
    let sex: String
    let citizenship: String
    let languages: [String]
    let phone: String?
    let document: IdentityDocument?

    /// The person handed over in `record`, to be checked as staff's would be: another city's
    /// rules, or a forged record, may let through what this city refuses.
    init(_ record: TransferRecord) {
        givenName = record.givenName; familyName = record.familyName; nameLatin = record.nameLatin; birthDate = record.birthDate
        sex = record.sex.rawValue; citizenship = record.citizenship; languages = record.languages; phone = record.phone
        document = record.document
    }

    /// The person, or a 422 listing every broken rule (never quoting a value).
    func validated(today: CalendarDate) throws -> Person {
        var rules = FieldValidation()
        rules.text(givenName, "givenName", maxLength: 100)
        rules.text(familyName, "familyName", maxLength: 100)
        rules.text(nameLatin, "nameLatin", maxLength: 200, required: false)
        if let nameLatin {
            rules.check(nameLatin.allSatisfy { $0.isASCII }, "nameLatin", "must be written in Latin letters")
        }
        if let birthDate {
            rules.check(birthDate <= today, "birthDate", "must not be in the future")
            rules.accepted(birthDate, "birthDate")
        }
        let sex = rules.oneOf(sex, Sex.self, "sex")
        rules.check(FieldValidation.isCountryCode(citizenship), "citizenship", "must be an ISO 3166 alpha-2 code such as KG")
        rules.check(!languages.isEmpty && languages.count <= 10, "languages", "must list 1 to 10 languages")
        for (index, language) in languages.enumerated() { rules.languageTag(language, "languages[\(index)]") }
        if let phone {
            rules.matches(phone, /[ +()-]*([0-9][ +()-]*){7,15}/, "phone", "must be a phone number of 7 to 15 digits")
        }
        if let document {
            _ = rules.oneOf(document.type, DocumentType.self, "document.type")
            rules.matches(
                document.number, /[^A-Za-z0-9]*([A-Za-z0-9][^A-Za-z0-9]*){3,30}/, "document.number",
                "must have 3 to 30 Latin letters or digits")
            rules.check(document.number.unicodeScalars.count <= 40, "document.number", "must be at most 40 characters")
        }
        try rules.finish()
        let latin = nameLatin?.trimmingCharacters(in: .whitespaces)
        return Person(
            givenName: givenName.trimmingCharacters(in: .whitespaces), familyName: familyName.trimmingCharacters(in: .whitespaces),
            nameLatin: latin.flatMap { $0.isEmpty ? nil : $0 } ?? Transliteration.latin("\(givenName) \(familyName)"),
            birthDate: birthDate, sex: sex!, citizenship: citizenship, languages: languages, phone: phone, document: document)
    }
}
