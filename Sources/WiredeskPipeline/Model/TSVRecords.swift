/// The tab-separated model files (`word-clusters.tsv`, for the NER and for the topic word classes,
/// `word-casing.tsv`, `vader-tone.tsv`), read record by record straight from their bytes: fields are byte ranges,
/// counts are parsed in place, a valence through a small string, and a word is decoded into a reused scalar buffer,
/// so a line costs no allocation.
///
/// Why: every `wiredesk process` call and every start loads 114,000 such lines. Parsed with `split` and a `String`
/// per field they cost about 450 M instructions of the 1.33 G a one-article run took (callgrind, 2026-12-07), the
/// largest part of start-up after the model files' checksums.
struct TSVRecords {
    private let bytes: [UInt8]
    private var offset = 0
    /// 1-based number of the line `next()` returned last.
    private(set) var lineNumber = 0
    /// The fields of the current record, as ranges of `bytes`.
    private(set) var fields: [Range<Int>] = []

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
        fields.reserveCapacity(8)
    }

    /// Number of lines, to size a table before reading.
    static func lineCount(_ bytes: [UInt8]) -> Int {
        var n = 0
        for b in bytes where b == UInt8(ascii: "\n") { n += 1 }
        return n
    }

    /// Moves to the next line that is neither empty nor a `#` comment; false at the end.
    mutating func next() -> Bool {
        var found = false
        var offset = self.offset
        var lineNumber = self.lineNumber
        // Moved out (not copied) so that appending does not copy the buffer.
        var fields: [Range<Int>] = []
        swap(&fields, &self.fields)
        fields.removeAll(keepingCapacity: true)
        bytes.withUnsafeBufferPointer { b in
            while offset < b.count {
                lineNumber += 1
                let start = offset
                var end = start
                while end < b.count && b[end] != UInt8(ascii: "\n") { end += 1 }
                offset = end + 1
                // A CRLF file reads like an LF one.
                let lineEnd = end > start && b[end - 1] == UInt8(ascii: "\r") ? end - 1 : end
                guard lineEnd > start, b[start] != UInt8(ascii: "#") else { continue }
                var fieldStart = start
                for k in start..<lineEnd where b[k] == UInt8(ascii: "\t") {
                    fields.append(fieldStart..<k)
                    fieldStart = k + 1
                }
                fields.append(fieldStart..<lineEnd)
                found = true
                return
            }
        }
        self.offset = offset
        self.lineNumber = lineNumber
        self.fields = fields
        return found
    }

    /// Whether field `k` is exactly `text` (ASCII).
    func field(_ k: Int, is text: StaticString) -> Bool {
        let r = fields[k]
        guard r.count == text.utf8CodeUnitCount else { return false }
        let p = text.utf8Start
        for (i, b) in r.enumerated() where bytes[b] != p[i] { return false }
        return true
    }

    /// Field `k` as an unsigned decimal; nil when empty, not all digits, or over `UInt16.max`.
    func decimal(_ k: Int) -> UInt16? {
        let r = fields[k]
        guard !r.isEmpty else { return nil }
        var value: UInt32 = 0
        for i in r {
            let byte = bytes[i]
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
            value = value * 10 + UInt32(byte - UInt8(ascii: "0"))
            guard value <= UInt32(UInt16.max) else { return nil }
        }
        return UInt16(value)
    }

    /// Field `k` as a `Float` (`Float(String)`'s syntax); nil when it is not one. A field of up to 15 bytes makes
    /// a small string, which allocates nothing.
    func float(_ k: Int) -> Float? {
        Float(String(decoding: bytes[fields[k]], as: UTF8.self))
    }

    /// Decodes field `k` (UTF-8; invalid bytes become U+FFFD) into `scalars`, replacing what it held.
    func scalars(_ k: Int, into scalars: inout [Unicode.Scalar]) {
        scalars.removeAll(keepingCapacity: true)
        let r = fields[k]
        var ascii = true
        bytes.withUnsafeBufferPointer { b in
            for i in r {
                guard b[i] < 0x80 else {
                    ascii = false
                    return
                }
                scalars.append(Unicode.Scalar(b[i]))
            }
        }
        guard !ascii else { return }
        scalars.removeAll(keepingCapacity: true)
        _ = transcode(bytes[r].makeIterator(), from: UTF8.self, to: UTF32.self, stoppingOnError: false) {
            scalars.append(Unicode.Scalar($0) ?? "\u{FFFD}")
        }
    }

    /// The bytes of field `k`.
    func bytes(_ k: Int) -> ArraySlice<UInt8> { bytes[fields[k]] }
}
