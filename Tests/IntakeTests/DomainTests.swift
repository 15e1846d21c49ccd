import Contracts
import Testing

@testable import Intake

@Suite("Case priority")
struct CasePriorityTests {
    @Test(arguments: [
        ([Vulnerability.trafficking], Priority.urgent), ([.violence, .pregnant], .urgent), ([.minor], .urgent),
        ([.pregnant], .high), ([.withChildren], .high), ([.homeless, .disability], .high), ([.noDocuments], .high),
        ([.disability], .normal), ([], .normal),
    ])
    func priorityFollowsTheMostSeriousVulnerability(_ vulnerabilities: [Vulnerability], _ expected: Priority) {
        #expect(Priority(vulnerabilities: Set(vulnerabilities)) == expected)
    }
}

@Suite("Names across Cyrillic and Latin")
struct TransliterationTests {
    @Test(arguments: [
        ("Жумабаева", "Zhumabaeva"), ("Асель", "Asel"), ("Юлдуз", "Yulduz"), ("Үмүт", "Umut"),
        ("Төлөгөн", "Tologon"), ("Жаңыл", "Zhangyl"), ("Щукин", "Shchukin"), ("Хасанов", "Khasanov"),
    ])
    func readableLatinForm(_ cyrillic: String, _ latin: String) {
        #expect(Transliteration.latin(cyrillic) == latin)
    }

    @Test(arguments: [
        ("Жумабаева", "Zhumabaeva"), ("Жумабаева", "Jumabaeva"), ("Юлдуз", "Yulduz"), ("Юлдуз", "Iulduz"),
        ("Асель", "Asel"), ("Хуршида", "Hurshida"), ("Джамшид", "Jamshid"), ("Аллаяров", "Alayarov"),
    ])
    func usualVariantsShareAKey(_ one: String, _ other: String) {
        #expect(Transliteration.key(one) == Transliteration.key(other))
    }

    @Test func differentNamesKeepDifferentKeys() {
        #expect(Transliteration.key("Асель") != Transliteration.key("Айгуль"))
        #expect(Transliteration.key("Юлдуз") != Transliteration.key("Юсуф"))
    }
}

@Suite("Close names")
struct NameMatchTests {
    @Test func sameNameInAnotherScriptOrOrderIsClose() {
        #expect(NameMatch.isClose(("Асель", "Жумабаева"), ("Asel", "Jumabaeva")))
        #expect(NameMatch.isClose(("Asel", "Zhumabaeva"), ("Жумабаева", "Асель")), "given and family swapped")
        #expect(NameMatch.isClose(("Yulduz", "Karimova"), ("Iulduz", "Karimowa")))
    }

    @Test func oneTypoIsCloseTwoAreNot() {
        #expect(NameMatch.isClose(("Asel", "Zhumabaeva"), ("Asel", "Zhumabaева")))
        #expect(NameMatch.isClose(("Nurlan", "Asanov"), ("Nurlan", "Asanow")))
        #expect(!NameMatch.isClose(("Nurlan", "Asanov"), ("Nurlan", "Usenov")))
        #expect(!NameMatch.isClose(("Asel", "Zhumabaeva"), ("Aigul", "Zhumabaeva")))
    }

    @Test func editDistanceStopsAtTheLimit() {
        #expect(NameMatch.editDistance("asanov", "asanov", limit: 1) == 0)
        #expect(NameMatch.editDistance("asanov", "asanv", limit: 1) == 1)
        #expect(NameMatch.editDistance("asanov", "usenov", limit: 1) == 2)
    }
}

@Suite("Age bands")
struct AgeBandTests {
    static let today = CalendarDate(year: 2026, month: 11, day: 23)!

    @Test(arguments: [
        ("2008-11-24", AgeBand.under18), ("2008-11-23", .from18To24), ("1992-01-01", .from25To34), ("1961-11-23", .over64),
    ])
    func bandsTurnOnTheBirthday(_ born: String, _ band: AgeBand) {
        #expect(AgeBand(birthDate: CalendarDate(iso8601: born), on: Self.today) == band)
    }

    @Test func noBirthDateIsUnknown() {
        #expect(AgeBand(birthDate: nil, on: Self.today) == .unknown)
    }
}
