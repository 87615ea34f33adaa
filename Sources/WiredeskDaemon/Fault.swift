// What kind of problem a failed file-system call is, and what the daemon does about it (docs/SPOOL.md, "Faults").
//
//   input unreadable (EACCES, EPERM on the claimed file)  → quarantine that file: code `unreadable`
//   disk full (ENOSPC, EDQUOT)                            → keep it in active/, retry that file with backoff
//   I/O error (EIO)                                       → the same; after `maxIOAttempts` the input is quarantined
//   directory missing (ENOENT, ENOTDIR, ESTALE)           → the same, and check the spool's directories now
//   anything else                                         → the same (retry with backoff)
//
// Only the file that hit the problem waits: other files keep being claimed and processed.
@preconcurrency import Glibc
import Foundation

/// A transient or permanent problem with one file, classified by errno and by where it happened.
public enum Fault: Sendable, Equatable {
    case diskFull
    case ioError
    case directoryMissing
    case other

    public init(errno err: Int32) {
        switch err {
        case ENOSPC, EDQUOT: self = .diskFull
        case EIO: self = .ioError
        case ENOENT, ENOTDIR, ESTALE: self = .directoryMissing
        default: self = .other
        }
    }

    /// The journald MESSAGE_ID of the "will retry" line for this class.
    public var event: DaemonEvent {
        switch self {
        case .diskFull: return .diskFull
        case .ioError: return .ioError
        case .directoryMissing: return .directoryMissing
        case .other: return .retry
        }
    }

    /// True when errno on opening or reading the *input* means it can never be read as it is: the file is
    /// quarantined (`unreadable`) instead of being retried.
    public static func inputIsUnreadable(errno err: Int32) -> Bool { err == EACCES || err == EPERM }

    /// How often an I/O error on the input itself is retried before the input is quarantined (`io_error`).
    public static let maxIOAttempts = 5
}

/// Per-file retry state: exponential backoff from 1 s to 16 s. Part of the daemon's actor-isolated state (the control queue).
struct RetryBackoff {
    struct Entry {
        var attempts: Int
        var notBefore: UInt64
    }

    private(set) var entries: [FileName: Entry] = [:]
    static let first: UInt64 = 1_000_000_000
    static let cap: UInt64 = 16_000_000_000

    /// Records one more failed attempt; returns the delay in nanoseconds until the next one.
    mutating func failed(_ name: FileName, now: UInt64) -> UInt64 {
        var entry = entries[name] ?? Entry(attempts: 0, notBefore: 0)
        entry.attempts += 1
        let delay = min(Self.cap, Self.first << UInt64(min(entry.attempts - 1, 8)))
        entry.notBefore = now + delay
        entries[name] = entry
        return delay
    }

    /// True while `name` must wait before its next attempt.
    func waiting(_ name: FileName, now: UInt64) -> Bool {
        guard let entry = entries[name] else { return false }
        return now < entry.notBefore
    }

    func attempts(_ name: FileName) -> Int { entries[name]?.attempts ?? 0 }

    /// The earliest time any waiting file is due (nil when none waits).
    var nextDue: UInt64? { entries.values.map(\.notBefore).min() }

    mutating func succeeded(_ name: FileName) { entries[name] = nil }
}
