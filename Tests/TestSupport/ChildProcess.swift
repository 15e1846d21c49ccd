import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A program started by a test, with its standard output and error captured to a file.
///
/// Foundation's `Process.waitUntilExit` can hang on Linux once the child has exited, so this
/// uses `posix_spawn` and polls `waitpid` without blocking a cooperative thread.
public final class ChildProcess: @unchecked Sendable {
    /// The child's process id.
    public let pid: pid_t
    /// Where its standard output and error go.
    public let outputFile: URL
    private var status: Int32?

    /// Starts `path` with `arguments` and exactly `environment`.
    public init(_ path: String, arguments: [String] = [], environment: [String: String]) throws {
        outputFile = FileManager.default.temporaryDirectory.appendingPathComponent("jardam-child-\(UUID().uuidString).log")
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 1, outputFile.path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)

        let argv = ([path] + arguments).map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        var pid: pid_t = 0
        let result = posix_spawn(&pid, path, &actions, nil, argv, envp)
        guard result == 0 else { throw TestFailure("could not start \(path): errno \(result)") }
        self.pid = pid
    }

    /// Sends `signal` (SIGTERM by default).
    public func signal(_ signal: Int32 = SIGTERM) { kill(pid, signal) }

    /// Waits at most `timeout` for the exit; returns the exit status, or `nil` if still running.
    public func exitStatus(within timeout: Duration) async -> Int32? {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if let status { return status }
            var raw: Int32 = 0
            if waitpid(pid, &raw, WNOHANG) == pid {
                // WIFEXITED / WEXITSTATUS, spelled out: the C macros are not imported.
                status = (raw & 0x7f) == 0 ? (raw >> 8) & 0xff : 128 + (raw & 0x7f)
                return status
            }
            try? await Task.sleep(for: .milliseconds(50))
        }
        return nil
    }

    /// Everything the child wrote so far.
    public var output: String { (try? String(contentsOf: outputFile, encoding: .utf8)) ?? "" }

    deinit {
        if status == nil {
            kill(pid, SIGKILL)
            var raw: Int32 = 0
            waitpid(pid, &raw, 0)
        }
        try? FileManager.default.removeItem(at: outputFile)
    }
}
