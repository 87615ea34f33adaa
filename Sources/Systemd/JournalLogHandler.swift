// A swift-log handler that writes structured entries to journald with sd_journal_sendv.
import CSystemd
import Foundation
import Logging

/// Sends each log record to journald as structured fields (MESSAGE, PRIORITY, CODE_*, metadata as UPPER_CASE fields).
public struct JournalLogHandler: LogHandler {
    public var metadata: Logger.Metadata = [:]
    public var logLevel: Logger.Level = .info
    public let identifier: String

    public init(identifier: String) {
        self.identifier = identifier
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var fields: [String] = [
            "MESSAGE=\(event.message)", "PRIORITY=\(Self.priority(event.level))", "SYSLOG_IDENTIFIER=\(identifier)",
            "CODE_FILE=\(event.file)", "CODE_LINE=\(event.line)", "CODE_FUNC=\(event.function)",
        ]
        var all = metadata
        if let explicit = event.metadata { all.merge(explicit) { _, new in new } }
        for (key, value) in all {
            fields.append("\(Self.fieldName(key))=\(value)")
        }
        Self.send(fields)
    }

    /// Converts a metadata key into a valid journald field name: `[A-Z0-9_]`, not starting with `_` or a digit.
    public static func fieldName(_ key: String) -> String {
        var out = ""
        for scalar in key.unicodeScalars {
            switch scalar {
            case "a"..."z": out.unicodeScalars.append(Unicode.Scalar(scalar.value - 32)!)
            case "A"..."Z", "0"..."9": out.unicodeScalars.append(scalar)
            default: out.append("_")
            }
        }
        while out.hasPrefix("_") { out.removeFirst() }
        if out.isEmpty || out.first!.isNumber { out = "X" + out }
        return String(out.prefix(64))
    }

    /// syslog priority for a swift-log level.
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

    /// Sends `KEY=value` fields through sd_journal_sendv (Swift cannot call the variadic sd_journal_send).
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

    /// True when stderr is connected to journald (`JOURNAL_STREAM` names stderr's device and inode).
    public static func stderrIsJournal() -> Bool {
        guard let stream = ProcessInfo.processInfo.environment["JOURNAL_STREAM"] else { return false }
        let parts = stream.split(separator: ":")
        guard parts.count == 2, let dev = UInt64(parts[0]), let ino = UInt64(parts[1]) else { return false }
        var st = stat()
        guard fstat(2, &st) == 0 else { return false }
        return UInt64(st.st_dev) == dev && UInt64(st.st_ino) == ino
    }
}
