/// Whether two persons' names are close enough, across scripts, to be the same person.
enum NameMatch {
    /// Given and family names, in either order, whose matching keys are equal or one letter apart.
    static func isClose(_ a: (given: String, family: String), _ b: (given: String, family: String)) -> Bool {
        let first = (Transliteration.key(a.given), Transliteration.key(a.family))
        let second = (Transliteration.key(b.given), Transliteration.key(b.family))
        func close(_ x: String, _ y: String) -> Bool {
            x == y || (min(x.count, y.count) >= 4 && editDistance(x, y, limit: 1) <= 1)
        }
        return (close(first.0, second.0) && close(first.1, second.1))
            || (close(first.0, second.1) && close(first.1, second.0))
    }

    /// Levenshtein distance, stopping early once it exceeds `limit`.
    static func editDistance(_ a: String, _ b: String, limit: Int) -> Int {
        let a = Array(a), b = Array(b)
        guard abs(a.count - b.count) <= limit else { return limit + 1 }
        var previous = Array(0...b.count)
        for i in 1...max(a.count, 1) where !a.isEmpty {
            var current = [i] + Array(repeating: 0, count: b.count)
            for j in 1...max(b.count, 1) where !b.isEmpty {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            if current.min()! > limit { return limit + 1 }
            previous = current
        }
        return a.isEmpty ? b.count : previous[b.count]
    }
}
