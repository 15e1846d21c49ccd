/// A language the console's pages are written in, chosen per account and switchable.
public enum ConsoleLanguage: String, CaseIterable, Sendable {
    case ru, ky, en, tg, uz

    /// How the language names itself, for the switcher.
    public var ownName: String {
        switch self {
        case .ru: "Русский"
        case .ky: "Кыргызча"
        case .en: "English"
        case .tg: "Тоҷикӣ"
        case .uz: "Oʻzbekcha"
        }
    }
}
