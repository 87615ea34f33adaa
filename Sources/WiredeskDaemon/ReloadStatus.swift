// The outcome of the daemon's last SIGHUP reload, in `state_dir/reload-status`, so that `wiredesk reload` (the
// units' ExecReload=) can wait for the reload to finish and fail when it failed. systemd's reload job ends when
// ExecReload= exits; a bare `kill -HUP` let `systemctl reload` return while the daemon was still loading models.
@preconcurrency import Glibc
import Foundation

public struct ReloadStatus: Equatable, Sendable {
    /// The daemon that wrote it.
    public var pid: Int32
    /// Counts the reloads this daemon finished, successful or not (1 after the first).
    public var generation: Int
    /// Nil when the new configuration is running; otherwise why the running one was kept.
    public var failure: String?

    public init(pid: Int32, generation: Int, failure: String?) {
        self.pid = pid
        self.generation = generation
        self.failure = failure
    }

    public static func path(stateDir: String) -> String { stateDir + "/reload-status" }

    /// One line: `PID GENERATION ok` or `PID GENERATION failed REASON`.
    var line: String {
        let reason = failure.map { " failed " + $0.replacingOccurrences(of: "\n", with: " ") } ?? " ok"
        return "\(pid) \(generation)\(reason)\n"
    }

    init?(line: String) {
        let parts = line.trimmingCharacters(in: .newlines).split(separator: " ", maxSplits: 3)
        guard parts.count >= 3, let pid = Int32(parts[0]), let generation = Int(parts[1]) else { return nil }
        switch parts[2] {
        case "ok": self.init(pid: pid, generation: generation, failure: nil)
        case "failed": self.init(pid: pid, generation: generation, failure: parts.count > 3 ? String(parts[3]) : "")
        default: return nil
        }
    }

    /// Temp file and rename, so a reader never sees half a line. No fsync: it only matters while the daemon runs.
    public func write(stateDir: String) throws {
        let target = Self.path(stateDir: stateDir)
        let temp = target + ".tmp"
        try Data(line.utf8).write(to: URL(fileURLWithPath: temp))
        guard rename(temp, target) == 0 else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: target])
        }
    }

    /// Nil when there is no status file (no reload yet) or it cannot be read.
    public static func read(stateDir: String) -> ReloadStatus? {
        guard let data = FileManager.default.contents(atPath: path(stateDir: stateDir)),
            let text = String(data: data, encoding: .utf8)
        else { return nil }
        return ReloadStatus(line: text)
    }
}

/// What `wiredesk reload` does: SIGHUP to the daemon, then wait for the reload-status line it writes when done.
public enum ReloadRequest {
    public enum Failure: Error, CustomStringConvertible {
        case noSuchProcess(Int32)
        case signalFailed(Int32, errno: Int32)
        case exited(Int32)
        case timedOut(Int32, seconds: Double)
        case rejected(String)

        public var description: String {
            switch self {
            case .noSuchProcess(let pid): return "no process \(pid)"
            case .signalFailed(let pid, let errno): return "cannot signal \(pid): \(String(cString: strerror(errno)))"
            case .exited(let pid): return "process \(pid) exited during the reload"
            case .timedOut(let pid, let seconds):
                return "process \(pid) did not finish the reload within \(seconds) s"
            case .rejected(let reason): return "reload failed, the running configuration is kept: \(reason)"
            }
        }
    }

    /// SIGHUP only, for when the caller cannot know where the daemon writes its status.
    public static func signal(pid: Int32) throws(Failure) {
        guard pid > 0, kill(pid, 0) == 0 || errno == EPERM else { throw .noSuchProcess(pid) }
        guard kill(pid, SIGHUP) == 0 else { throw .signalFailed(pid, errno: errno) }
    }

    /// Returns when the daemon `pid` has finished a reload started after this call; throws when it failed.
    public static func send(
        pid: Int32, stateDir: String, timeout: Double = 90, pollInterval: Double = 0.02
    ) throws(Failure) {
        let before = ReloadStatus.read(stateDir: stateDir)
        try signal(pid: pid)
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if let now = ReloadStatus.read(stateDir: stateDir), now.pid == pid, now != before {
                if let failure = now.failure { throw .rejected(failure) }
                return
            }
            if kill(pid, 0) != 0 && errno == ESRCH { throw .exited(pid) }
            usleep(UInt32(pollInterval * 1_000_000))
        }
        throw .timedOut(pid, seconds: timeout)
    }
}
