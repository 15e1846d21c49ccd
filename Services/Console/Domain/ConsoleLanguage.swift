/// A language the console's pages are written in, chosen per account and switchable.
enum ConsoleLanguage: String, CaseIterable, Sendable {
    case ru, ky, en, tg, uz

    /// How the language names itself, for the switcher.
    var ownName: String {
        switch self {
        case .ru: "Русский"
        case .ky: "Кыргызча"
        case .en: "English"
        case .tg: "Тоҷикӣ"
        case .uz: "Oʻzbekcha"
        }
    }

    /// The page's words in this language: Tajik and Uzbek fall back to Russian where a word
    /// is not translated yet.
    var wording: [String: String] {
        let own = Wording.table[self] ?? [:]
        return self == .ru ? own : (Wording.table[.ru] ?? [:]).merging(own) { $1 }
    }
}
