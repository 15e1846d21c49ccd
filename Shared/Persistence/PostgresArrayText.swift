/// One-dimensional `text[]` in PostgreSQL's array literal form (`{a,"b c",NULL}`).
enum PostgresArrayText {
    /// Quotes every element, so no element is mistaken for NULL or split on a comma; `nil` is NULL.
    static func format(_ elements: [String?]) -> String {
        var text = "{"
        for (position, element) in elements.enumerated() {
            if position > 0 { text += "," }
            guard let element else {
                text += "NULL"
                continue
            }
            text += "\""
            for character in element {
                if character == "\"" || character == "\\" { text += "\\" }
                text.append(character)
            }
            text += "\""
        }
        return text + "}"
    }

    /// Reads a one-dimensional literal; `nil` for anything else, or for a NULL element.
    static func parse(_ text: String) -> [String]? {
        var characters = Substring(text)
        guard characters.popFirst() == "{", characters.popLast() == "}" else { return nil }
        var elements: [String] = []
        if characters.isEmpty { return elements }
        while true {
            var element = ""
            if characters.first == "\"" {
                characters.removeFirst()
                var closed = false
                while let character = characters.popFirst() {
                    if character == "\\" {
                        guard let escaped = characters.popFirst() else { return nil }
                        element.append(escaped)
                    } else if character == "\"" {
                        closed = true
                        break
                    } else {
                        element.append(character)
                    }
                }
                guard closed else { return nil }
            } else {
                while let character = characters.first, character != "," {
                    guard character != "{", character != "\"" else { return nil }
                    element.append(character)
                    characters.removeFirst()
                }
                if element.uppercased() == "NULL" { return nil }
            }
            elements.append(element)
            guard let separator = characters.popFirst() else { return elements }
            guard separator == "," else { return nil }
        }
    }
}
