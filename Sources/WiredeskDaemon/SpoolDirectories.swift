// Directories that go away and come back: an operator's `rm -rf inbox; mkdir inbox`, a moved outbox, a deleted
// state/active. The spool keeps its directories open; a descriptor of a deleted or moved directory still works but
// no longer is the path, so nothing dropped into the new directory would ever be seen.
//
// `Spool.directoryProblem` compares the path's device and inode with the open descriptor's. `Spool.reopen` opens
// the path again and puts the new directory under the *same descriptor number* (dup2), so every holder of the
// number (workers, the event log) uses the new directory at once, with no lock and no mutable field.
// What the daemon owns (active/, archive/, outbox/failed, outbox/logs) is recreated; the operator's inbox and
// outbox are waited for.
@preconcurrency import Glibc
import Foundation

/// One of the spool's directories.
public enum SpoolDirectory: String, Sendable, CaseIterable {
    // Order matters: the outbox before its subfolders, so one pass repairs a replaced outbox.
    case inbox, outbox, failed, logs, active, archive

    /// Directories the daemon creates itself; the inbox and the outbox belong to the operator.
    public var ownedByDaemon: Bool { self != .inbox && self != .outbox }
}

/// What happened to a directory's path.
public enum DirectoryProblem: Sendable, Equatable, CustomStringConvertible {
    /// The path names nothing (deleted or moved away).
    case missing
    /// The path names another directory (or a non-directory) than the one the daemon has open.
    case replaced

    public var description: String {
        switch self {
        case .missing: return "is gone (deleted or moved)"
        case .replaced: return "was replaced by another directory"
        }
    }
}

extension Spool {
    public func descriptor(_ dir: SpoolDirectory) -> Int32 {
        switch dir {
        case .inbox: return inbox
        case .outbox: return outbox
        case .failed: return failed
        case .logs: return logs
        case .active: return active
        case .archive: return archive
        }
    }

    public func path(_ dir: SpoolDirectory) -> String { paths[dir.rawValue] ?? "" }

    /// nil while the path still names the open directory.
    public func directoryProblem(_ dir: SpoolDirectory) -> DirectoryProblem? {
        var open = stat()
        var named = stat()
        guard fstat(descriptor(dir), &open) == 0 else { return .replaced }
        guard stat(path(dir), &named) == 0 else { return .missing }
        if named.st_dev != open.st_dev || named.st_ino != open.st_ino || (named.st_mode & S_IFMT) != S_IFDIR {
            return .replaced
        }
        return open.st_nlink == 0 ? .missing : nil
    }

    /// Opens the directory's path again (creating it first when the daemon owns it) and installs it under the same
    /// descriptor number. Returns false while the path does not name a directory (the operator's inbox or outbox
    /// has not come back yet, or it cannot be created).
    @discardableResult
    public func reopen(_ dir: SpoolDirectory) -> Bool {
        let path = path(dir)
        if dir.ownedByDaemon {
            // The parent of failed/ and logs/ is the outbox: never create that one.
            if dir == .failed || dir == .logs {
                var st = stat()
                guard stat((path as NSString).deletingLastPathComponent, &st) == 0 else { return false }
                if mkdir(path, 0o755) != 0 && errno != EEXIST { return false }
            } else if (try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true))
                == nil
            {
                return false
            }
        }
        let fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        if dir == .active {
            // A claim is a rename(2): active/ must stay on the inbox's file system.
            var a = stat()
            var b = stat()
            guard fstat(inbox, &a) == 0, fstat(fd, &b) == 0, a.st_dev == b.st_dev else { return false }
        }
        return Self.install(fd, as: descriptor(dir))
    }

    /// Puts the directory open as `fd` under the number `target` (dup2 replaces atomically), close-on-exec.
    static func install(_ fd: Int32, as target: Int32) -> Bool {
        guard dup2(fd, target) >= 0 else { return false }
        _ = fcntl(target, F_SETFD, FD_CLOEXEC)
        return true
    }
}

/// Which directories are known to be broken, so each problem is logged once. Part of the daemon's actor-isolated state (the control queue).
struct DirectoryWatch {
    private(set) var broken: [SpoolDirectory: DirectoryProblem] = [:]
    /// When the last full check ran (monotonic nanoseconds).
    var lastCheck: UInt64 = 0

    var allHealthy: Bool { broken.isEmpty }

    /// Records `problem` for `dir`; returns true when it is new (to be logged).
    mutating func noticed(_ dir: SpoolDirectory, _ problem: DirectoryProblem) -> Bool {
        guard broken[dir] == nil else { return false }
        broken[dir] = problem
        return true
    }

    /// Marks `dir` healthy again; returns true when it had been broken (to be logged).
    mutating func repaired(_ dir: SpoolDirectory) -> Bool { broken.removeValue(forKey: dir) != nil }
}
