// A swift-log handler that writes structured entries to journald with sd_journal_sendv.
//
// Every record becomes one journal entry: MESSAGE, PRIORITY, SYSLOG_IDENTIFIER, CODE_FILE/LINE/FUNC and one field
// per metadata key (`article_id` → ARTICLE_ID, `message_id` → MESSAGE_ID, …), so `journalctl -u wiredesk
// STAGE=classify` and `journalctl -x` (through the catalog in deploy/wiredesk.catalog) work.
@preconcurrency import Glibc
import CSystemd
import Foundation
import Synchronization
import Logging

/// Sends each log record to journald as structured fields (MESSAGE, PRIORITY, CODE_*, metadata as UPPER_CASE fields).
public struct JournalLogHandler: LogHandler {
    public var metadata: Logger.Metadata = [:]
    public var logLevel: Logger.Level = .info
    /// `SYSLOG_IDENTIFIER=` of every entry (what `journalctl -t` filters on).
    public let identifier: String

    /// Delivers one entry's fields; `JournalLogHandler.send` (sd_journal_sendv) unless a test substitutes it.
    let sender: @Sendable ([String]) -> Int32
    /// Where failed sends are counted.
    let failures: JournalSendFailures

    public init(identifier: String) {
        self.init(identifier: identifier, failures: .shared, sender: { JournalLogHandler.send($0) })
    }

    /// A handler with its own delivery and failure counter (tests).
    init(identifier: String, failures: JournalSendFailures, sender: @escaping @Sendable ([String]) -> Int32) {
        self.identifier = identifier
        self.failures = failures
        self.sender = sender
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var all = metadata
        if let explicit = event.metadata { all.merge(explicit) { _, new in new } }
        let fields = Self.fields(
            message: "\(event.message)", level: event.level, identifier: identifier, metadata: all,
            file: event.file, function: event.function, line: event.line)
        if sender(fields) < 0 { failures.increment() }
    }

    /// Fields written by the handler itself; a metadata key that maps onto one of them is renamed (`X_MESSAGE`), so a
    /// caller's metadata can never overwrite the message or forge the priority.
    static let reservedFields: Set<String> = [
        "MESSAGE", "PRIORITY", "SYSLOG_IDENTIFIER", "CODE_FILE", "CODE_LINE", "CODE_FUNC",
    ]

    /// The `KEY=value` fields of one journal entry, in a fixed order: the handler's own fields, then the metadata
    /// sorted by field name.
    public static func fields(
        message: String, level: Logger.Level, identifier: String, metadata: Logger.Metadata,
        file: String, function: String, line: UInt
    ) -> [String] {
        var fields: [String] = [
            "MESSAGE=\(message)", "PRIORITY=\(priority(level))", "SYSLOG_IDENTIFIER=\(identifier)",
            "CODE_FILE=\(file)", "CODE_LINE=\(line)", "CODE_FUNC=\(function)",
        ]
        var extra: [(String, String)] = []
        extra.reserveCapacity(metadata.count)
        for (key, value) in metadata {
            var name = fieldName(key)
            if reservedFields.contains(name) { name = "X_" + name }
            extra.append((name, "\(value)"))
        }
        extra.sort { $0.0 < $1.0 }
        for (name, value) in extra { fields.append("\(name)=\(value)") }
        return fields
    }

    /// Converts a metadata key into a valid journald field name: `[A-Z0-9_]`, at most 64 characters, starting with a
    /// letter (a leading `_` would make it a trusted field, which journald drops; a leading digit is invalid).
    public static func fieldName(_ key: String) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(key.utf8.count)
        for byte in key.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"): bytes.append(byte - 32)
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"): bytes.append(byte)
            default:
                // One `_` per run of other characters (a multi-byte UTF-8 character is one run).
                if bytes.last != UInt8(ascii: "_") { bytes.append(UInt8(ascii: "_")) }
            }
        }
        while bytes.first == UInt8(ascii: "_") { bytes.removeFirst() }
        if let first = bytes.first, first >= UInt8(ascii: "0"), first <= UInt8(ascii: "9") {
            bytes.insert(UInt8(ascii: "X"), at: 0)
        }
        if bytes.isEmpty { bytes = Array("X".utf8) }
        return String(decoding: bytes.prefix(64), as: UTF8.self)
    }

    /// syslog priority for a swift-log level (journald's PRIORITY=: 2 crit … 7 debug).
    public static func priority(_ level: Logger.Level) -> Int {
        switch level {
        case .trace, .debug: return 7
        case .info: return 6
        case .notice: return 5
        case .warning: return 4
        case .error: return 3
        case .critical: return 2
        }
    }

    /// Sends `KEY=value` fields through sd_journal_sendv (Swift cannot call the variadic sd_journal_send). Values may
    /// contain newlines or any bytes: sd_journal_sendv switches to the binary field encoding by itself.
    /// - Returns: 0, or a negative errno (entry too large, socket buffer full, …). Note that libsystemd returns 0 when
    ///   journald is not running at all (no socket): such entries are silently lost, not counted.
    @discardableResult
    public static func send(_ fields: [String]) -> Int32 {
        var storage = fields.map { Array($0.utf8) }
        var iovecs = [iovec]()
        iovecs.reserveCapacity(storage.count)
        return storage.withUnsafeMutableBufferPointer { buffers in
            for i in buffers.indices {
                buffers[i].withUnsafeMutableBytes { raw in
                    iovecs.append(iovec(iov_base: raw.baseAddress, iov_len: raw.count))
                }
            }
            return sd_journal_sendv(iovecs, Int32(iovecs.count))
        }
    }

    /// True when stderr is connected to journald: `JOURNAL_STREAM` (set by systemd for `StandardError=journal`)
    /// names stderr's device and inode. A stderr redirected elsewhere by a child process does not match.
    public static func stderrIsJournal() -> Bool {
        guard let raw = getenv("JOURNAL_STREAM") else { return false }
        return stderrMatches(journalStream: String(cString: raw))
    }

    /// True when `journalStream` (`DEVICE:INODE`, decimal) names the file open on descriptor 2.
    public static func stderrMatches(journalStream: String) -> Bool {
        let parts = journalStream.split(separator: ":")
        guard parts.count == 2, let dev = UInt64(parts[0]), let ino = UInt64(parts[1]) else { return false }
        var st = stat()
        guard fstat(2, &st) == 0 else { return false }
        return UInt64(st.st_dev) == dev && UInt64(st.st_ino) == ino
    }
}

/// How many journal entries could not be sent (journald gone, entry too large). Logging never stops the daemon; this
/// count shows up in tests and can be reported in the status line.
public final class JournalSendFailures: Sendable {
    public static let shared = JournalSendFailures()
    private let count = Atomic<Int>(0)

    public init() {}

    /// Entries that failed to send since start-up.
    public var value: Int { count.load(ordering: .relaxed) }

    func increment() { count.add(1, ordering: .relaxed) }
}

/// Where human-readable logs go: journald (structured) or stderr (plain lines).
public enum LogTarget: String, Sendable {
    case journal, stderr

    /// Picks the target for a configured `log.target` (`auto`, `journal`, `stderr`): `auto` means journald exactly
    /// when stderr is already connected to it (the service runs under systemd), otherwise stderr.
    public static func choose(configured: String, stderrIsJournal: Bool = JournalLogHandler.stderrIsJournal())
        -> LogTarget
    {
        switch configured {
        case "journal": return .journal
        case "stderr": return .stderr
        default: return stderrIsJournal ? .journal : .stderr
        }
    }
}
