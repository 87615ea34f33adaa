// Poison-pill protection: an article whose processing killed the process twice is not run a third time.
//
// Before the stages run, the worker records one more attempt in `<state_dir>/crashes/<name>` (a few bytes,
// written with pwrite and no fsync: the counter has to survive the *process* dying — SIGSEGV, the watchdog's
// SIGABRT, kill -9 — and the page cache does; a power loss only forgets it). Whatever way the attempt ends
// (result, failure, retry), the record is removed. So a record that exists when a file is recovered from
// active/ means that many runs of it died with the process.
//
// A crash takes down every article in flight, not just the guilty one. So the daemon runs a recovered file that
// has a record (a suspect) alone: nothing else starts while it runs. A second crash is then the suspect's own.
@preconcurrency import Glibc
import Foundation

/// Counts, per name in `active/`, how many runs of it were cut off by the process dying. Thread-safe (the kernel
/// serialises the file operations; a name is only ever touched by the worker that holds its lock).
public final class CrashCounter: Sendable {
    /// Runs that may end with the process dying before the file is quarantined as `crashed`.
    public static let limit = 2
    let path: String
    private let dir: Int32

    /// Opens (creating) `<stateDir>/crashes`. Without it the counter is disabled (`attempts` is always 0).
    public init(stateDir: String) {
        path = stateDir + "/crashes"
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        dir = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
    }

    deinit { if dir >= 0 { close(dir) } }

    /// Runs of `name` that died with the process so far.
    public func crashes(_ name: FileName) -> Int {
        guard dir >= 0 else { return 0 }
        let fd = name.withCString { openat(dir, $0, O_RDONLY | O_NOFOLLOW | O_CLOEXEC) }
        if fd < 0, errno == ENOENT || errno == ENOTDIR { return 0 }
        guard fd >= 0 else { return 0 }
        defer { close(fd) }
        return Self.value(fd)
    }

    /// Records the start of one more run; returns the crashes before it. Called after the file's lock is taken.
    public func begin(_ name: FileName) -> Int {
        guard dir >= 0 else { return 0 }
        var fd = name.withCString { openat(dir, $0, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0o644) }
        if fd < 0, errno == ENOENT {
            // state/crashes was removed under us: recreate it (same descriptor number) and try once more.
            if mkdir(path, 0o755) == 0 || errno == EEXIST {
                let again = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
                if again >= 0 {
                    _ = Spool.install(again, as: dir)
                    close(again)
                }
            }
            fd = name.withCString { openat(dir, $0, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0o644) }
        }
        guard fd >= 0 else { return 0 }
        defer { close(fd) }
        let before = Self.value(fd)
        let text = Array("\(before + 1)\n".utf8)
        _ = text.withUnsafeBytes { pwrite(fd, $0.baseAddress!, $0.count, 0) }
        return before
    }

    /// The run ended without the process dying: forget the record.
    public func end(_ name: FileName) {
        guard dir >= 0 else { return }
        _ = name.withCString { unlinkat(dir, $0, 0) }
    }

    /// Every name with a record (usually none: a record lives only while its file is processed).
    public func suspects() -> Set<FileName> {
        guard dir >= 0 else { return [] }
        var names: Set<FileName> = []
        Spool.forEachEntry(in: dir) { name, _ in
            names.insert(name)
            return true
        }
        return names
    }

    /// True when another live process holds the lock of `active/<name>`: its record is that process's run in
    /// progress (two daemons on one spool), not a crash.
    public func lockedElsewhere(_ name: FileName, in spool: Spool) -> Bool {
        let fd = name.withCString { openat(spool.active, $0, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC) }
        guard fd >= 0 else { return false }
        defer { close(fd) }
        return flock(fd, LOCK_EX | LOCK_NB) != 0
    }

    private static func value(_ fd: Int32) -> Int {
        var buffer = [UInt8](repeating: 0, count: 16)
        let n = buffer.withUnsafeMutableBytes { pread(fd, $0.baseAddress!, $0.count, 0) }
        guard n > 0 else { return 0 }
        return Int(String(decoding: buffer[..<n], as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines))
            ?? 0
    }
}
