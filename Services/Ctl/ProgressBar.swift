import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A one-line progress bar on standard error for long operations (seed, replay, import).
///
/// On a terminal it redraws in place; elsewhere (CI logs, pipes) it prints only the final line.
struct ProgressBar {
    let title: String
    let total: Int
    private(set) var done = 0
    private let interactive = isatty(STDERR_FILENO) != 0

    init(_ title: String, total: Int) {
        self.title = title
        self.total = max(total, 0)
    }

    /// Counts `count` more steps and redraws.
    mutating func advance(by count: Int = 1) {
        done = min(total, done + count)
        if interactive { draw(terminator: done == total ? "\n" : "") }
    }

    /// Ends the bar (prints the final line where it was not drawn live).
    func finish() {
        if !interactive || done < total { draw(terminator: "\n") }
    }

    /// The bar as text: `seed  [##########----------]  5/10`.
    static func render(title: String, done: Int, total: Int, width: Int = 24) -> String {
        let filled = total == 0 ? width : width * done / total
        return "\(title)  [\(String(repeating: "#", count: filled))\(String(repeating: "-", count: width - filled))]  \(done)/\(total)"
    }

    private func draw(terminator: String) {
        let line = "\r" + Self.render(title: title, done: done, total: total) + terminator
        FileHandle.standardError.write(Data(line.utf8))
    }
}
