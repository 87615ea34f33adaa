// Inbox file names as the bytes the kernel gave us: names need not be valid UTF-8, may hold spaces, newlines,
// leading dashes, and be 255 bytes long. Only `display` is for humans; file operations always use the bytes.
import Foundation

/// One directory entry name (no `/`, no NUL, not `.` or `..`).
public struct FileName: Hashable, Sendable, CustomStringConvertible {
    public static let maxBytes = 255
    public let bytes: [UInt8]

    /// Returns nil for names that cannot be a single directory entry.
    public init?(bytes: [UInt8]) {
        guard !bytes.isEmpty, bytes.count <= Self.maxBytes, bytes != [0x2E], bytes != [0x2E, 0x2E],
            !bytes.contains(0x2F), !bytes.contains(0)
        else { return nil }
        self.bytes = bytes
    }

    public init?(_ string: String) {
        self.init(bytes: Array(string.utf8))
    }

    /// The name as UTF-8 text; invalid sequences become U+FFFD. For logs and `source.name` only.
    public var display: String { String(decoding: bytes, as: UTF8.self) }
    public var description: String { display }

    /// Names producers use while a file is still being written: dotfiles, `*.tmp`, `*.part`, `*~`, `*.swp`.
    /// They are ignored until renamed.
    public var isIgnored: Bool {
        if bytes.first == 0x2E { return true }
        if bytes.last == 0x7E { return true }  // ~
        for suffix in [".tmp", ".part", ".swp"] where hasSuffix(suffix) { return true }
        return false
    }

    public func hasSuffix(_ suffix: String) -> Bool {
        let s = Array(suffix.utf8)
        guard bytes.count >= s.count else { return false }
        return Array(bytes[(bytes.count - s.count)...]).elementsEqualIgnoringASCIICase(s)
    }

    /// `self + suffix`, shortened when it would exceed 255 bytes: the stem is cut (at a character boundary) and a
    /// hash of the full name is inserted, so distinct long names stay distinct.
    public func appending(_ suffix: String) -> FileName {
        let tail = Array(suffix.utf8)
        if bytes.count + tail.count <= Self.maxBytes {
            return FileName(bytes: bytes + tail)!
        }
        let hash = Array("~\(Self.fnv1a(bytes))".utf8)
        var keep = Self.maxBytes - tail.count - hash.count
        // Do not cut inside a UTF-8 sequence.
        while keep > 0, keep < bytes.count, bytes[keep] & 0xC0 == 0x80 { keep -= 1 }
        return FileName(bytes: Array(bytes[..<keep]) + hash + tail)!
    }

    /// 16 hex digits of FNV-1a 64 (stable across runs and machines).
    static func fnv1a(_ bytes: [UInt8]) -> String {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in bytes {
            h ^= UInt64(b)
            h = h &* 0x100_0000_01b3
        }
        let s = String(h, radix: 16)
        return String(repeating: "0", count: 16 - s.count) + s
    }

    /// Calls `body` with the name as a NUL-terminated C string.
    public func withCString<R>(_ body: (UnsafePointer<CChar>) throws -> R) rethrows -> R {
        var z = bytes
        z.append(0)
        return try z.withUnsafeBufferPointer { buf in
            try buf.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buf.count) { try body($0) }
        }
    }
}

extension Array where Element == UInt8 {
    func elementsEqualIgnoringASCIICase(_ other: [UInt8]) -> Bool {
        guard count == other.count else { return false }
        for (a, b) in zip(self, other) {
            let la = (a >= 0x41 && a <= 0x5A) ? a + 32 : a
            let lb = (b >= 0x41 && b <= 0x5A) ? b + 32 : b
            if la != lb { return false }
        }
        return true
    }
}
