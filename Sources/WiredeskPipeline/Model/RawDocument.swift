// The bytes of one inbox file and what is known about it before any stage runs.
import Foundation

/// One input file, read into memory.
public struct RawDocument: Sendable {
    /// The inbox file name (lossily decoded to UTF-8 for display).
    public var name: String
    public var bytes: [UInt8]
    public var receivedAt: Date

    public init(name: String, bytes: [UInt8], receivedAt: Date = Date()) {
        self.name = name
        self.bytes = bytes
        self.receivedAt = receivedAt
    }

    /// `received_at` as ISO-8601 with milliseconds, UTC.
    public var receivedAtISO: String { ISOTime.string(receivedAt) }
}

/// ISO-8601 formatting without `DateFormatter`'s per-call cost.
public enum ISOTime {
    /// `2026-11-29T03:34:31.123Z`.
    public static func string(_ date: Date) -> String {
        let t = date.timeIntervalSince1970
        var seconds = time_t(t.rounded(.down))
        let millis = Int((t - Double(seconds)) * 1000)
        var parts = tm()
        gmtime_r(&seconds, &parts)
        func pad(_ v: Int32, _ width: Int) -> String {
            let s = String(v)
            return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
        }
        return "\(pad(parts.tm_year + 1900, 4))-\(pad(parts.tm_mon + 1, 2))-\(pad(parts.tm_mday, 2))T"
            + "\(pad(parts.tm_hour, 2)):\(pad(parts.tm_min, 2)):\(pad(parts.tm_sec, 2)).\(pad(Int32(millis), 3))Z"
    }
}
