/// The languages intake words a case's timeline in (`Accept-Language` of
/// `GET /v1/cases/{id}/timeline`); English when none of them is asked.
enum TimelineLanguage: String, CaseIterable, Sendable, Codable {
    case en, ru, ky

    /// The first language of an `Accept-Language` header that the timeline is written in
    /// (`ky-KG;q=0.9, ru` → `ky`), English when there is none; a malformed part names none.
    static func asked(in header: String?) -> TimelineLanguage {
        for part in (header ?? "").split(separator: ",") {
            let tag = (part.split(separator: ";").first ?? "").trimmingCharacters(in: .whitespaces)
            let primary = tag.split(separator: "-").first.map { $0.lowercased() } ?? ""
            if let language = TimelineLanguage(rawValue: primary) { return language }
        }
        return .en
    }

    /// The words of a vocabulary code (`unpaid-wages`) or a reason a service gave in English
    /// (`hold expired`); the code in plain English when this language has no words for it.
    func words(_ code: String) -> String {
        if self != .en, let said = Self.vocabulary[self]?[code] { return said }
        if self != .en, let prefix = Self.prefixes.first(where: { code.hasPrefix($0.english) }) {
            return (prefix.said[self] ?? prefix.english) + code.dropFirst(prefix.english.count)
        }
        return code.replacingOccurrences(of: "-", with: " ")
    }

    /// The name of a language the centers meet, or its code.
    func languageName(_ code: String) -> String {
        let primary = code.split(separator: "-").first.map(String.init) ?? code
        return Self.languageNames[self]?[primary] ?? primary
    }

    private static let languageNames: [TimelineLanguage: [String: String]] = [
        .en: [
            "ru": "Russian", "ky": "Kyrgyz", "tg": "Tajik", "uz": "Uzbek", "kk": "Kazakh", "tk": "Turkmen", "ro": "Romanian", "en": "English",
            "hy": "Armenian", "az": "Azerbaijani", "uk": "Ukrainian",
        ],
        .ru: [
            "ru": "русский", "ky": "кыргызский", "tg": "таджикский", "uz": "узбекский", "kk": "казахский", "tk": "туркменский",
            "ro": "румынский", "en": "английский", "hy": "армянский", "az": "азербайджанский", "uk": "украинский",
        ],
        .ky: [
            "ru": "орус", "ky": "кыргыз", "tg": "тажик", "uz": "өзбек", "kk": "казак", "tk": "түркмөн", "ro": "румын", "en": "англис",
            "hy": "армян", "az": "азербайжан", "uk": "украин",
        ],
    ]

    /// Reasons services give as a phrase followed by who (`cancelled by staff-7`).
    private static let prefixes: [(english: String, said: [TimelineLanguage: String])] = [
        ("cancelled by ", [.ru: "отменено: ", .ky: "жокко чыгарган: "])
    ]

    private static let vocabulary: [TimelineLanguage: [String: String]] = [
        .ru: [
            "hotline": "горячая линия", "walk-in": "личный визит", "partner": "партнёр", "online": "интернет", "transfer": "передача между городами",
            "legal": "юридическая помощь", "housing": "жильё", "medical": "медицина", "employment": "работа",
            "partner-sharing": "передача партнёрам", "research": "анонимная статистика", "urgent": "срочный", "high": "высокий",
            "normal": "обычный", "open": "открыто", "closed": "закрыто", "transferred": "передано", "erased": "стёрто",
            "unpaid-wages": "невыплата зарплаты", "documents": "документы", "work-permit": "разрешение на работу", "police": "полиция",
            "violence": "насилие", "discrimination": "дискриминация", "trafficking": "торговля людьми", "deportation": "выдворение",
            "repatriation": "возвращение домой", "other": "другое", "wages-recovered": "зарплата взыскана",
            "documents-returned": "документы возвращены", "settled": "урегулировано", "won": "выиграно", "lost": "проиграно",
            "advice-given": "дана консультация", "dropped": "прекращено", "emergency": "скорая помощь", "outpatient": "поликлиника",
            "inpatient": "стационар", "maternity": "беременность и роды", "dental": "стоматология", "chronic": "хронические болезни",
            "not-in-city": "её нет в городе", "duplicate": "повтор", "no-capacity": "нет мест", "hold expired": "бронь истекла",
            "person erased": "данные человека стёрты", "consent withdrawn": "согласие отозвано", "case closed": "дело закрыто",
            "no longer needed": "больше не нужно", "withdrawn by a caseworker": "отозвано соцработником",
        ],
        .ky: [
            "hotline": "ишеним телефону", "walk-in": "өзү келди", "partner": "өнөктөш", "online": "интернет", "transfer": "шаарлар ортосунда өткөрүү",
            "legal": "юридикалык жардам", "housing": "турак жай", "medical": "медицина", "employment": "жумуш",
            "partner-sharing": "өнөктөштөргө берүү", "research": "аноним статистика", "urgent": "шашылыш", "high": "жогорку",
            "normal": "кадимки", "open": "ачык", "closed": "жабык", "transferred": "өткөрүлдү", "erased": "өчүрүлдү",
            "unpaid-wages": "айлык төлөнбөгөн", "documents": "документтер", "work-permit": "иштөөгө уруксат", "police": "милиция",
            "violence": "зомбулук", "discrimination": "басмырлоо", "trafficking": "адам сатуу", "deportation": "өлкөдөн чыгаруу",
            "repatriation": "үйгө кайтуу", "other": "башка", "wages-recovered": "айлык өндүрүлдү", "documents-returned": "документтер кайтарылды",
            "settled": "макулдашылды", "won": "утуп алынды", "lost": "уттурулду", "advice-given": "кеңеш берилди", "dropped": "токтотулду",
            "emergency": "тез жардам", "outpatient": "амбулатордук дарылоо", "inpatient": "стационардык дарылоо",
            "maternity": "кош бойлуулук жана төрөт", "dental": "тиш дарылоо", "chronic": "өнөкөт оорулар", "not-in-city": "ал шаарда жок",
            "duplicate": "кайталанган", "no-capacity": "орун жок", "hold expired": "брондун мөөнөтү бүттү",
            "person erased": "адамдын маалыматы өчүрүлдү", "consent withdrawn": "макулдук кайтарылып алынды", "case closed": "иш жабылды",
            "no longer needed": "мындан ары керек эмес", "withdrawn by a caseworker": "соцкызматкер кайтарып алды",
        ],
    ]
}
