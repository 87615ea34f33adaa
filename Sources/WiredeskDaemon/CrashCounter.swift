// Poison-pill protection: an article whose processing killed the process twice is not run a third time.
//
// Before the stages run, the worker records one more attempt of its article in a slot file under
// `<state_dir>/crashes/` (a few bytes, written with pwrite and no fsync: the counter has to survive the *process*
// dying — SIGSEGV, the watchdog's SIGABRT, kill -9 — and the page cache does; a power loss only forgets it).
// Whatever way the attempt ends (result, failure, retry), the slot is marked free again. So a live record found at
// start-up means that many runs of its article died with the process.
//
// Slots are files reused for the life of the process (`slot-<n>`), each held with flock(2): a file per article,
// created and unlinked every time, cost an inode allocation and a deletion per article, and on ext4 without a
// journal each new inode then skips every inode deleted in the last 30 s (`recently_deleted`), which took half the
// daemon's CPU at 1,000 articles/s. A slot whose lock can be taken belongs to a dead process: its record is read
// as a crash, and the file is reused. A slot another live daemon holds (two daemons on one state_dir) is left alone.
//
// A crash takes down every article in flight, not just the guilty one. So the daemon runs a recovered file that
// has a record (a suspect) alone: nothing else starts while it runs. A second crash is then the suspect's own.
@preconcurrency import Glibc
import Foundation
import Synchronization

/// Counts, per name in `active/`, how many runs of it were cut off by the process dying. Thread-safe.
public final class CrashCounter: Sendable {
    /// Runs that may end with the process dying before the file is quarantined as `crashed`.
    public static let limit = 2
    let path: String
    private let state: Mutex<Slots>

    /// One open slot file, locked by this process.
    private struct Slot {
        var fd: Int32
    }

    private struct Slots {
        var path: String
        var dir: Int32 = -1
        var free: [Slot] = []
        /// Names with a record written by this process (a run in progress): slot and count.
        var running: [FileName: (slot: Slot, count: Int)] = [:]
        /// Records left by dead processes: the runs of that name that died, and the slot that holds the record
        /// (kept out of `free` until the name runs again or is forgotten). A nil slot is an older daemon's
        /// per-name record file, removed when the name is forgotten.
        var inherited: [FileName: (slot: Slot?, count: Int)] = [:]
        var nextSlot = 0
    }

    /// Opens (creating) `<stateDir>/crashes` and reads the records of dead processes. Without the directory the
    /// counter is disabled (`begin` always returns 0).
    public init(stateDir: String) {
        path = stateDir + "/crashes"
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        var slots = Slots(path: path)
        slots.dir = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if slots.dir >= 0 { Self.adopt(&slots) }
        state = Mutex(slots)
    }

    deinit {
        state.withLock { slots in
            for slot in slots.free { close(slot.fd) }
            for (slot, _) in slots.running.values { close(slot.fd) }
            for case let (slot?, _) in slots.inherited.values { close(slot.fd) }
            if slots.dir >= 0 { close(slots.dir) }
        }
    }

    /// Runs of `name` that died with the process so far (for a name running now: including this run).
    public func crashes(_ name: FileName) -> Int {
        state.withLock { slots in slots.running[name]?.count ?? slots.inherited[name]?.count ?? 0 }
    }

    /// Records the start of one more run; returns the crashes before it. Called after the file's lock is taken.
    /// A second `begin` without `end` counts the first run as one that died.
    public func begin(_ name: FileName) -> Int {
        state.withLock { slots in
            guard slots.dir >= 0 else { return 0 }
            if let (slot, count) = slots.running[name] {
                Self.write(slot, name: name, count: count + 1)
                slots.running[name] = (slot, count + 1)
                return count
            }
            let before = slots.inherited[name]?.count ?? 0
            guard let slot = Self.takeSlot(&slots) else { return before }
            Self.write(slot, name: name, count: before + 1)
            slots.running[name] = (slot, before + 1)
            // The new record is written: the dead process's one can go.
            if let old = slots.inherited.removeValue(forKey: name) { Self.release(old.slot, name: name, &slots) }
            return before
        }
    }

    /// The run ended without the process dying: forget the record.
    public func end(_ name: FileName) {
        state.withLock { slots in
            if let (slot, _) = slots.running.removeValue(forKey: name) {
                Self.markFree(slot)
                slots.free.append(slot)
            }
            if let old = slots.inherited.removeValue(forKey: name) { Self.release(old.slot, name: name, &slots) }
        }
    }

    /// Every name with a record (usually none: a record lives only while its file is processed).
    public func suspects() -> Set<FileName> {
        state.withLock { slots in Set(slots.running.keys).union(slots.inherited.keys) }
    }

    /// True when another live process holds the lock of `active/<name>`: its record is that process's run in
    /// progress (two daemons on one spool), not a crash.
    public func lockedElsewhere(_ name: FileName, in spool: Spool) -> Bool {
        let fd = name.withCString { openat(spool.active, $0, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC) }
        guard fd >= 0 else { return false }
        defer { close(fd) }
        return flock(fd, LOCK_EX | LOCK_NB) != 0
    }

    // MARK: Slot files
    // A record is `W <count> <name length>\n<name bytes>` at offset 0; a free slot starts with `-`.

    private static let slotPrefix = "slot-"

    /// Takes over the slot files of dead processes (their records become `inherited`) and reads the per-name
    /// record files older daemons wrote.
    private static func adopt(_ slots: inout Slots) {
        var names: [FileName] = []
        Spool.forEachEntry(in: slots.dir) { name, _ in
            names.append(name)
            return true
        }
        for name in names {
            let text = name.display
            if text.hasPrefix(slotPrefix) {
                if let n = Int(text.dropFirst(slotPrefix.count)) { slots.nextSlot = max(slots.nextSlot, n + 1) }
                let fd = name.withCString { openat(slots.dir, $0, O_RDWR | O_NOFOLLOW | O_CLOEXEC) }
                guard fd >= 0 else { continue }
                guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
                    close(fd)  // a live daemon's slot
                    continue
                }
                let slot = Slot(fd: fd)
                if let (article, count) = read(slot) {
                    let earlier = slots.inherited[article]?.count ?? 0
                    if let duplicate = slots.inherited[article]?.slot {
                        markFree(duplicate)
                        slots.free.append(duplicate)
                    }
                    slots.inherited[article] = (slot, max(count, earlier))
                } else {
                    slots.free.append(slot)
                }
            } else {
                // An older daemon's record: a file named after the article holding the count.
                let fd = name.withCString { openat(slots.dir, $0, O_RDONLY | O_NOFOLLOW | O_CLOEXEC) }
                guard fd >= 0 else { continue }
                var buffer = [UInt8](repeating: 0, count: 16)
                let n = buffer.withUnsafeMutableBytes { pread(fd, $0.baseAddress!, $0.count, 0) }
                close(fd)
                let count =
                    n > 0
                    ? Int(String(decoding: buffer[..<n], as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines))
                        ?? 0 : 0
                if slots.inherited[name] == nil { slots.inherited[name] = (nil, count) }
            }
        }
    }

    private static func takeSlot(_ slots: inout Slots) -> Slot? {
        if let slot = slots.free.popLast() { return slot }
        for _ in 0..<1000 {
            let name = FileName("\(slotPrefix)\(slots.nextSlot)")!
            slots.nextSlot += 1
            let fd = name.withCString { openat(slots.dir, $0, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0o644) }
            if fd < 0, errno == ENOENT {
                recreateDirectory(&slots)
                continue
            }
            guard fd >= 0 else { return nil }
            if flock(fd, LOCK_EX | LOCK_NB) == 0 { return Slot(fd: fd) }
            close(fd)  // another live daemon created it first
        }
        return nil
    }

    /// state/crashes was removed under us: recreate it under the same descriptor number.
    private static func recreateDirectory(_ slots: inout Slots) {
        guard mkdir(slots.path, 0o755) == 0 || errno == EEXIST else { return }
        let again = open(slots.path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if again >= 0 {
            _ = Spool.install(again, as: slots.dir)
            close(again)
        }
    }

    private static func release(_ slot: Slot?, name: FileName, _ slots: inout Slots) {
        if let slot {
            markFree(slot)
            slots.free.append(slot)
        } else {
            _ = name.withCString { unlinkat(slots.dir, $0, 0) }  // an older daemon's per-name record
        }
    }

    private static func write(_ slot: Slot, name: FileName, count: Int) {
        let record = Array("W \(count) \(name.bytes.count)\n".utf8) + name.bytes
        _ = record.withUnsafeBytes { pwrite(slot.fd, $0.baseAddress!, $0.count, 0) }
    }

    private static func markFree(_ slot: Slot) {
        var dash: UInt8 = 0x2D
        _ = pwrite(slot.fd, &dash, 1, 0)
    }

    private static func read(_ slot: Slot) -> (FileName, Int)? {
        var buffer = [UInt8](repeating: 0, count: 512)
        let n = buffer.withUnsafeMutableBytes { pread(slot.fd, $0.baseAddress!, $0.count, 0) }
        guard n > 2, buffer[0] == 0x57, let newline = buffer[..<n].firstIndex(of: 0x0A) else { return nil }
        let header = String(decoding: buffer[2..<newline], as: UTF8.self).split(separator: " ")
        guard header.count == 2, let count = Int(header[0]), let length = Int(header[1]),
            newline + 1 + length <= n, let name = FileName(bytes: Array(buffer[(newline + 1)..<(newline + 1 + length)]))
        else { return nil }
        return (name, count)
    }
}
