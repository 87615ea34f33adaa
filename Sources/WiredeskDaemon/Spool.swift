// The spool directories and the few file-system operations the crash-safety guarantee rests on.
//
// States of an input file (which directory holds it, and what a crash there means) — see docs/SPOOL.md:
//   inbox/<name>            waiting; a crash loses nothing (rescan at start-up finds it)
//   active/<name>           claimed by rename(2); its owner holds flock(2) on it while working. A crash releases
//                           the lock, and the next scan (start-up, or a periodic one by another daemon) redoes it.
//   outbox/<name>.json      result committed (tmp file, fsync, rename, fsync dir). A crash before the original left
//                           active/ means it is redone; the existing result with the same id is kept, not duplicated.
//   archive/<name> | gone   done (original archived or deleted after the result was durable)
//   outbox/failed/<name>    quarantined, with <name>.error.json beside it; never deleted by the daemon
@preconcurrency import Glibc
import CSpoolShim
import Foundation
import WiredeskPipeline

/// An error from the spool's file-system calls, with errno.
public struct SpoolError: Error, CustomStringConvertible, Sendable {
    public var operation: String
    public var errno: Int32
    public var description: String { "\(operation): \(String(cString: strerror(errno)))" }
    public var isDiskFull: Bool { errno == ENOSPC || errno == EDQUOT }
}

/// How files move between spool directories without ever replacing a target (see docs/SPOOL.md).
public enum ClaimProtocol: String, Sendable, Codable, CaseIterable {
    /// Decide at start-up: `rename` where the file system supports RENAME_NOREPLACE, else `link`.
    case auto
    /// renameat2(RENAME_NOREPLACE): one atomic step (local file systems).
    case rename
    /// link(2) then unlink(2) of the source, as Maildir delivers: link fails atomically on an existing target, also
    /// on NFS and CephFS, which reject RENAME_NOREPLACE.
    case link
}

/// Open directory descriptors for inbox, active, archive, outbox, failed and logs.
public final class Spool: Sendable {
    public let inbox: Int32
    public let active: Int32
    public let archive: Int32
    public let outbox: Int32
    public let failed: Int32
    public let logs: Int32
    public let durable: Bool
    public let paths: [String: String]
    /// `rename` or `link` (never `auto`): what `renameNoReplace` does.
    public let claimProtocol: ClaimProtocol
    /// Why that protocol, for the start-up log.
    public let claimReason: String

    /// Creates missing directories and opens them.
    /// - Throws: `ConfigError` when a directory cannot be created, or when `active/` is not on the inbox's file
    ///   system (claiming by rename(2) would then copy, and lose atomicity).
    public init(config: DaemonConfig) throws(ConfigError) {
        let dirs: [(String, String)] = [
            ("inbox", config.inbox), ("active", config.activeDir), ("archive", config.archiveDir),
            ("outbox", config.outbox), ("failed", config.failedDir), ("logs", config.logsDir),
        ]
        var fds: [String: Int32] = [:]
        var paths: [String: String] = [:]
        for (role, path) in dirs {
            do {
                try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
            } catch {
                throw ConfigError("cannot create \(role) directory \(path): \(error.localizedDescription)")
            }
            let fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
            guard fd >= 0 else {
                throw ConfigError("cannot open \(role) directory \(path): \(String(cString: strerror(errno)))")
            }
            fds[role] = fd
            paths[role] = path
        }
        var a = stat()
        var b = stat()
        fstat(fds["inbox"]!, &a)
        fstat(fds["active"]!, &b)
        guard a.st_dev == b.st_dev else {
            throw ConfigError(
                "state_dir (\(config.stateDir)) must be on the same file system as the inbox (\(config.inbox)): files are claimed by rename(2)"
            )
        }
        inbox = fds["inbox"]!
        active = fds["active"]!
        archive = fds["archive"]!
        outbox = fds["outbox"]!
        failed = fds["failed"]!
        logs = fds["logs"]!
        durable = config.durable
        self.paths = paths
        let chosen = try Self.chooseClaimProtocol(
            config.claim, dirs: [(fds["inbox"]!, fds["active"]!), (fds["outbox"]!, fds["outbox"]!)],
            stateDir: config.stateDir)
        claimProtocol = chosen.0
        claimReason = chosen.1
    }

    /// `auto` probes RENAME_NOREPLACE from the inbox into active/ and inside the outbox (the two moves that must not
    /// replace); `rename` insists on it, `link` takes the fallback without asking.
    static func chooseClaimProtocol(_ wanted: ClaimProtocol, dirs: [(from: Int32, to: Int32)], stateDir: String)
        throws(ConfigError) -> (ClaimProtocol, String)
    {
        if wanted == .link { return (.link, "configured (spool.claim = \"link\")") }
        for (from, to) in dirs {
            let err = probeRenameNoReplace(from: from, to: to)
            guard err == EINVAL || err == ENOSYS else { continue }
            let why = "this file system does not support RENAME_NOREPLACE (\(String(cString: strerror(err))))"
            if wanted == .rename {
                throw ConfigError("spool.claim = \"rename\", but \(why) under \(stateDir); use \"auto\" or \"link\"")
            }
            return (.link, why)
        }
        return (.rename, wanted == .rename ? "configured (spool.claim = \"rename\")" : "RENAME_NOREPLACE supported")
    }

    /// Renames a fresh dot-named probe file with RENAME_NOREPLACE; returns 0 or the errno. Dot names are ignored
    /// by the scans, and both names are removed again.
    static func probeRenameNoReplace(from: Int32, to: Int32) -> Int32 {
        let tag = "\(getpid())-\(UInt64.random(in: 0...UInt64.max))"
        let a = ".wiredesk-probe-\(tag).a"
        let b = ".wiredesk-probe-\(tag).b"
        let fd = openat(from, a, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard fd >= 0 else { return errno }
        close(fd)
        let err = wd_rename_noreplace(from, a, to, b) == 0 ? 0 : errno
        unlinkat(from, a, 0)
        unlinkat(to, b, 0)
        return err
    }

    deinit {
        for fd in [inbox, active, archive, outbox, failed, logs] { close(fd) }
    }

    /// lstat(2) of `name` in directory `dir`; nil when it does not exist.
    public func lstat(_ dir: Int32, _ name: FileName) -> stat? {
        var st = stat()
        let rc = name.withCString { fstatat(dir, $0, &st, AT_SYMLINK_NOFOLLOW) }
        return rc == 0 ? st : nil
    }

    /// Renames without ever replacing an existing target, by `claimProtocol`. Returns 0 or the errno (`EEXIST`,
    /// `ENOENT`, …).
    public func renameNoReplace(from fromDir: Int32, _ fromName: FileName, to toDir: Int32, _ toName: FileName) -> Int32
    {
        if claimProtocol == .link { return Self.linkNoReplace(from: fromDir, fromName, to: toDir, toName) }
        let rc = fromName.withCString { from in
            toName.withCString { to in wd_rename_noreplace(fromDir, from, toDir, to) }
        }
        if rc == 0 { return 0 }
        let err = errno
        if err == EINVAL || err == ENOSYS {
            // A directory on another file system than the probe saw (a mount under the spool): same fallback.
            return Self.linkNoReplace(from: fromDir, fromName, to: toDir, toName)
        }
        return err
    }

    /// The `link` protocol: link(2) the target (fails with EEXIST, atomically, when it exists), then unlink(2) the
    /// source. Returns 0 or the errno.
    ///
    /// - EEXIST with the target being the source's own inode means the link was made already: an NFS client that
    ///   retransmitted LINK after a lost reply, or another daemon half-way through claiming this very file. Either
    ///   way the move is completed (the source unlinked) and reported done; if two daemons both claim one file so,
    ///   the flock(2) each worker takes decides, as it does for crash recovery.
    /// - A source that cannot be hard-linked (a directory: EPERM) is renamed when the target does not exist.
    static func linkNoReplace(from fromDir: Int32, _ fromName: FileName, to toDir: Int32, _ toName: FileName)
        -> Int32
    {
        let linked = fromName.withCString { from in toName.withCString { to in linkat(fromDir, from, toDir, to, 0) } }
        if linked != 0 {
            let err = errno
            switch err {
            case EEXIST:
                guard sameInode(fromDir, fromName, toDir, toName) else { return EEXIST }
            case EPERM, EISDIR, EMLINK:
                var st = stat()
                let exists = toName.withCString { fstatat(toDir, $0, &st, AT_SYMLINK_NOFOLLOW) } == 0
                if exists { return EEXIST }
                let rc = fromName.withCString { from in toName.withCString { to in renameat(fromDir, from, toDir, to) }
                }
                return rc == 0 ? 0 : errno
            default:
                return err
            }
        }
        let rc = fromName.withCString { unlinkat(fromDir, $0, 0) }
        // ENOENT: another daemon that found the same inode under both names unlinked it first; the move is done.
        if rc != 0 && errno != ENOENT { return errno }
        return 0
    }

    static func sameInode(_ dirA: Int32, _ a: FileName, _ dirB: Int32, _ b: FileName) -> Bool {
        var x = stat()
        var y = stat()
        guard a.withCString({ fstatat(dirA, $0, &x, AT_SYMLINK_NOFOLLOW) }) == 0,
            b.withCString({ fstatat(dirB, $0, &y, AT_SYMLINK_NOFOLLOW) }) == 0
        else { return false }
        return x.st_ino == y.st_ino && x.st_dev == y.st_dev
    }

    /// Moves `name` from `fromDir` into `toDir` under `name`, or `name.1`, `name.2`, … when taken.
    /// Returns the name used.
    public func moveUnique(from fromDir: Int32, _ name: FileName, to toDir: Int32) throws(SpoolError) -> FileName {
        var candidate = name
        for attempt in 1...10_000 {
            let err = renameNoReplace(from: fromDir, name, to: toDir, candidate)
            if err == 0 { return candidate }
            guard err == EEXIST || err == ENOTEMPTY else { throw SpoolError(operation: "rename \(name)", errno: err) }
            candidate = name.appending(".\(attempt)")
        }
        throw SpoolError(operation: "rename \(name): too many name collisions", errno: EEXIST)
    }

    /// fsync(2) of a directory, so a rename into it survives a power loss. No-op when not durable.
    public func syncDirectory(_ dir: Int32) {
        if durable { fsync(dir) }
    }

    /// Writes `bytes` to a dot-named temp file in `dir`, fsyncs it, and renames it to `name`.
    /// - Parameter replace: when false, an existing `name` is never replaced (`EEXIST` is thrown).
    public func writeAtomically(_ dir: Int32, _ name: FileName, _ bytes: [UInt8], replace: Bool, syncDir: Bool = true)
        throws(SpoolError)
    {
        let tmp = try writeTemp(dir, bytes, for: name)
        let err = renameTemp(dir, tmp, to: name, replace: replace)
        if err != 0 {
            discardTemp(dir, tmp)
            throw SpoolError(operation: "rename into \(name)", errno: err)
        }
        if syncDir { syncDirectory(dir) }
    }

    /// The first half of `writeAtomically`: writes `bytes` to a new dot-named temp file in `dir` and fsyncs it
    /// (when durable). The commit path writes a batch of these, then renames them all and fsyncs the directory once.
    /// - Parameter name: the name the bytes are for (only for the error message).
    public func writeTemp(_ dir: Int32, _ bytes: [UInt8], for name: FileName) throws(SpoolError) -> FileName {
        let tmp = FileName("\(Self.tempPrefix)\(getpid())-\(UInt64.random(in: 0...UInt64.max)).tmp")!
        let fd = tmp.withCString { openat(dir, $0, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644) }
        guard fd >= 0 else { throw SpoolError(operation: "create temp file", errno: errno) }
        var ok = true
        var failure: Int32 = 0
        bytes.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let n = write(fd, raw.baseAddress! + offset, raw.count - offset)
                if n < 0 {
                    if errno == EINTR { continue }
                    ok = false
                    failure = errno
                    return
                }
                offset += n
            }
        }
        if ok, durable, fsync(fd) != 0 {
            ok = false
            failure = errno
        }
        if close(fd) != 0, ok {
            ok = false
            failure = errno
        }
        guard ok else {
            discardTemp(dir, tmp)
            throw SpoolError(operation: "write \(name)", errno: failure)
        }
        return tmp
    }

    /// Renames a temp file from `writeTemp` to `name`; without `replace`, an existing `name` is never replaced
    /// (returns `EEXIST`). Returns 0 or the errno; the temp file stays on failure (`discardTemp`).
    public func renameTemp(_ dir: Int32, _ tmp: FileName, to name: FileName, replace: Bool) -> Int32 {
        if replace {
            return tmp.withCString { t in name.withCString { n in renameat(dir, t, dir, n) } } == 0 ? 0 : errno
        }
        return renameNoReplace(from: dir, tmp, to: dir, name)
    }

    public func discardTemp(_ dir: Int32, _ tmp: FileName) {
        _ = tmp.withCString { unlinkat(dir, $0, 0) }
    }

    /// Temp files are `.wiredesk-<pid>-<random>.tmp`: the pid tells a starting daemon whose they are.
    static let tempPrefix = ".wiredesk-"

    /// True for a temp file whose writer is dead (left by a crash), false for anything else. A temp file of a
    /// live process (a second daemon on the same outbox) must not be removed: its rename would then fail and the
    /// article would stall as a transient error.
    public static func isStaleTempFile(_ name: FileName) -> Bool {
        let text = name.display
        guard text.hasPrefix(tempPrefix), text.hasSuffix(".tmp") else { return false }
        let middle = text.dropFirst(tempPrefix.count).dropLast(4)
        guard let dash = middle.firstIndex(of: "-"), let pid = Int32(middle[..<dash]), pid > 0 else {
            return true  // no pid in the name: an older daemon's file
        }
        return kill(pid, 0) != 0 && errno == ESRCH
    }

    /// Reads a whole small file in `dir` (used to compare an existing result's id).
    public func readFile(_ dir: Int32, _ name: FileName, limit: Int = 64 << 20) -> [UInt8]? {
        let fd = name.withCString { openat(dir, $0, O_RDONLY | O_NOFOLLOW | O_CLOEXEC) }
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var out: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while out.count < limit {
            let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress!, $0.count) }
            if n < 0, errno == EINTR { continue }
            if n <= 0 { break }
            out.append(contentsOf: buffer[..<n])
        }
        return out
    }

    /// Calls `body` for each entry of `dir` (except `.` and `..`) until it returns false.
    public func forEachEntry(_ dir: Int32, _ body: (FileName, UInt8) -> Bool) {
        Self.forEachEntry(in: dir, body)
    }

    /// `forEachEntry` for a directory descriptor that is not one of a spool's (e.g. `wiredesk retry`).
    public static func forEachEntry(in dir: Int32, _ body: (FileName, UInt8) -> Bool) {
        let copy = dup(dir)
        guard copy >= 0, let handle = fdopendir(copy) else { return }
        defer { closedir(handle) }
        rewinddir(handle)
        while let entry = readdir(handle) {
            let type = entry.pointee.d_type
            let name: [UInt8] = withUnsafeBytes(of: &entry.pointee.d_name) { raw in
                let n = raw.firstIndex(of: 0) ?? raw.count
                return Array(raw[..<n])
            }
            guard let fileName = FileName(bytes: name) else { continue }
            if !body(fileName, type) { break }
        }
    }
}

extension stat {
    /// Size, modification time and inode: what must stay unchanged for a file to count as settled.
    var settleSignature: [Int] {
        [
            Int(st_size), Int(st_mtim.tv_sec), Int(st_mtim.tv_nsec), Int(st_ino), Int(st_ctim.tv_sec),
            Int(st_ctim.tv_nsec),
        ]
    }

    var isRegularFile: Bool { (st_mode & S_IFMT) == S_IFREG }
}
