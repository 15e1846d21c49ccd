/// Names across Cyrillic and Latin spellings: a readable Latin form, and a matching key under
/// which the usual variants coincide (Жумабаева, Zhumabaeva, Jumabaeva; Юлдуз, Yulduz, Iulduz).
enum Transliteration {
    /// Russian and Kyrgyz Cyrillic to Latin, as passports of the region usually spell it.
    static func latin(_ text: String) -> String {
        var out = ""
        for character in text {
            let lower = Character(character.lowercased())
            guard let mapped = table[lower] else {
                out.append(character)
                continue
            }
            if character.isUppercase, let first = mapped.first {
                out += first.uppercased() + mapped.dropFirst()
            } else {
                out += mapped
            }
        }
        return out
    }

    /// The matching key: Latin, lower-case, letters only, with spelling variants folded
    /// (zh/dzh/j → j, kh → h, yu/iu/ju → iu, y → i, ts → c, doubled letters once).
    static func key(_ text: String) -> String {
        var key = latin(text).lowercased().filter { $0.isLetter && $0.isASCII }
        for (variant, canonical) in folds {
            key = key.replacingOccurrences(of: variant, with: canonical)
        }
        var collapsed = ""
        for character in key where collapsed.last != character {
            collapsed.append(character)
        }
        return collapsed
    }

    private static let folds: [(String, String)] = [
        ("shch", "sh"), ("dzh", "j"), ("zh", "j"), ("kh", "h"), ("ts", "c"), ("tz", "c"),
        ("ju", "iu"), ("yu", "iu"), ("ja", "ia"), ("ya", "ia"), ("jo", "io"), ("yo", "io"), ("ye", "e"),
        ("y", "i"), ("w", "v"), ("q", "k"), ("x", "ks"), ("ou", "u"),
    ]

    private static let table: [Character: String] = [
        "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "yo", "ж": "zh", "з": "z",
        "и": "i", "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r",
        "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh",
        "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu", "я": "ya",
        // Kyrgyz letters.
        "ң": "ng", "ө": "o", "ү": "u",
        // Tajik and Uzbek Cyrillic letters met in the same documents.
        "ғ": "g", "қ": "q", "ҳ": "h", "ҷ": "j", "ӣ": "i", "ӯ": "u", "ў": "o",
    ]
}
