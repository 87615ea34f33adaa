// Character-level cleaning and paragraph reflow, on arrays of Unicode scalars (never per-`Character` work).
//
// What `article.text` keeps and what it loses (the "normalized for matching while keeping the meaning" rule):
// - kept: typographic quotes (“ ” ‘ ’ « » „), en and em dashes, letters and punctuation as written (after NFC);
//   later stages look for both typographic and straight quotes, and a curly apostrophe is not a quote mark.
// - unified: every kind of space (NBSP, thin, figure, ideographic, …) → " "; U+2010/U+2011 hyphens → "-";
//   figure dash → "–"; horizontal bar and two/three-em dashes → "—"; "…" → "..."; ‛ → ‘, ‟ → “; the
//   fullwidth and prime look-alikes are left alone (they carry meaning in CJK text and in measurements).
// - removed: C0/C1 control characters and NULs (tab becomes a space), zero-width spaces and joiners outside
//   scripts that need them, soft hyphens, BOMs, the replacement character's neighbours are left untouched.
// - layout: CR/CRLF/U+2028 → line break, U+2029 → paragraph break; words hyphenated across a line break are
//   joined ("negoti-\nations" → "negotiations"); hard-wrapped lines are reflowed into one paragraph; runs of
//   spaces collapse to one.
import CICUShim

/// Cleans decoded text and turns its lines into paragraphs.
public enum TextCleaner {
    /// One input line after cleaning, without its line break.
    struct Line {
        var scalars: [Unicode.Scalar]
        /// Started with a tab or two or more spaces (a paragraph indent in wire copy).
        var indented: Bool
    }

    /// NFC-normalizes UTF-8 through ICU; ASCII text is returned as is (it is always NFC).
    public static func nfc(_ utf8: [UInt8]) -> [UInt8] {
        var ascii = true
        for b in utf8 where b >= 0x80 {
            ascii = false
            break
        }
        if ascii { return utf8 }
        var out = [UInt8](repeating: 0, count: utf8.count * 3 + 16)
        let written = utf8.withUnsafeBufferPointer { src in
            out.withUnsafeMutableBufferPointer { dst in
                wd_icu_nfc_utf8(src.baseAddress, src.count, dst.baseAddress, dst.count)
            }
        }
        guard written > 0 else { return utf8 }  // 0: already NFC; <0: leave the text as it is
        out.removeLast(out.count - Int(written))
        return out
    }

    /// Maps one scalar to its cleaned form. Returns nil to drop it; `\u{2029}` marks a paragraph break.
    @inline(__always)
    static func map(_ s: Unicode.Scalar) -> Unicode.Scalar? {
        let v = s.value
        if v >= 0x20 && v < 0x7F { return s }
        switch v {
        case 0x0A, 0x0D, 0x0B, 0x0C, 0x85, 0x2028: return "\n"
        case 0x2029: return "\u{2029}"
        case 0x09: return " "
        case 0x00...0x1F, 0x7F...0x9F: return nil
        case 0xA0, 0x1680, 0x2000...0x200A, 0x202F, 0x205F, 0x3000: return " "
        case 0x200B, 0x2060, 0xFEFF, 0xAD: return nil
        case 0x2010, 0x2011: return "-"
        case 0x2012: return "\u{2013}"
        case 0x2015, 0x2E3A, 0x2E3B: return "\u{2014}"
        case 0x201B: return "\u{2018}"
        case 0x201F: return "\u{201C}"
        default: return s
        }
    }

    /// Cleans UTF-8 text into lines. CR LF counts as one line break. Decodes the (valid) UTF-8 itself and
    /// collapses spaces while it goes: one pass, no intermediate `String`.
    static func lines(_ utf8: [UInt8]) -> [Line] {
        let bytes = nfc(utf8)
        // A struct, not nested functions over captured variables: captured `var`s are boxed and every access
        // is checked for exclusivity at run time.
        var b = LineBuilder()
        bytes.withUnsafeBufferPointer { p in
            let n = p.count
            var i = 0
            while i < n {
                let b0 = p[i]
                var v: UInt32
                if b0 < 0x80 {
                    v = UInt32(b0)
                    i += 1
                } else if b0 < 0xE0 {
                    v = (UInt32(b0 & 0x1F) << 6) | UInt32(p[i + 1] & 0x3F)
                    i += 2
                } else if b0 < 0xF0 {
                    v = (UInt32(b0 & 0x0F) << 12) | (UInt32(p[i + 1] & 0x3F) << 6) | UInt32(p[i + 2] & 0x3F)
                    i += 3
                } else {
                    v =
                        (UInt32(b0 & 0x07) << 18) | (UInt32(p[i + 1] & 0x3F) << 12) | (UInt32(p[i + 2] & 0x3F) << 6)
                        | UInt32(p[i + 3] & 0x3F)
                    i += 4
                }
                if v == 0x0A && b.previousWasCR {
                    b.previousWasCR = false
                    continue
                }
                b.previousWasCR = v == 0x0D
                if v == 0x09 {
                    b.space(width: 2)
                    continue
                }
                if v == 0x2026 {
                    b.add(".")
                    b.add(".")
                    b.add(".")
                    continue
                }
                guard let scalar = Unicode.Scalar(v), let m = map(scalar) else { continue }
                if m == " " {
                    b.space(width: 1)
                } else if m == "\n" {
                    b.finish()
                } else if m == "\u{2029}" {
                    b.finish()
                    b.lines.append(Line(scalars: [], indented: false))
                } else {
                    b.add(m)
                }
            }
        }
        b.finish()
        return b.lines
    }

    /// Accumulates cleaned lines, collapsing spaces and measuring the indent as it goes.
    struct LineBuilder {
        var lines: [Line] = []
        var current: [Unicode.Scalar] = []
        var leading = 0
        var sawContent = false
        var pendingSpace = false
        var previousWasCR = false

        init() { current.reserveCapacity(256) }

        mutating func finish() {
            lines.append(Line(scalars: current, indented: leading >= 2))
            current.removeAll(keepingCapacity: true)
            leading = 0
            sawContent = false
            pendingSpace = false
        }

        @inline(__always) mutating func space(width: Int) {
            if sawContent { pendingSpace = true } else { leading += width }
        }

        @inline(__always) mutating func add(_ m: Unicode.Scalar) {
            if pendingSpace { current.append(" ") }
            pendingSpace = false
            sawContent = true
            current.append(m)
        }
    }

    /// Trims and collapses runs of spaces.
    static func collapse(_ scalars: [Unicode.Scalar]) -> [Unicode.Scalar] {
        var out: [Unicode.Scalar] = []
        out.reserveCapacity(scalars.count)
        var pendingSpace = false
        for s in scalars {
            if s == " " {
                pendingSpace = !out.isEmpty
            } else {
                if pendingSpace { out.append(" ") }
                pendingSpace = false
                out.append(s)
            }
        }
        return out
    }

    /// Groups lines into blocks separated by blank lines.
    static func blocks(_ lines: [Line]) -> [[Line]] {
        var blocks: [[Line]] = []
        var current: [Line] = []
        for line in lines {
            if line.scalars.isEmpty {
                if !current.isEmpty { blocks.append(current) }
                current = []
            } else {
                current.append(line)
            }
        }
        if !current.isEmpty { blocks.append(current) }
        return blocks
    }

    /// Reflows one block into paragraphs. Lines are joined unless the block is clearly one paragraph per line:
    /// a line that ends a sentence and is much shorter than the block's longest line ends a paragraph, and an
    /// indented line starts one. A block whose lines are long (over 160 scalars: not hard-wrapped) keeps one
    /// paragraph per line.
    static func reflow(_ block: [Line]) -> [[Unicode.Scalar]] {
        guard block.count > 1 else { return block.map(\.scalars) }
        let longest = block.reduce(0) { max($0, $1.scalars.count) }
        if longest > 160 || isLinePerUnit(block, longest: longest) { return block.map(\.scalars) }
        var paragraphs: [[Unicode.Scalar]] = []
        var current: [Unicode.Scalar] = []
        for (i, line) in block.enumerated() {
            if i > 0 && line.indented && !current.isEmpty {
                paragraphs.append(current)
                current = []
            }
            if current.isEmpty {
                current = line.scalars
            } else {
                join(&current, line.scalars)
            }
            let endsSentence = line.scalars.last.map { ".!?:\"”’»".unicodeScalars.contains($0) } ?? false
            if endsSentence && line.scalars.count * 4 < longest * 3 && i + 1 < block.count {
                paragraphs.append(current)
                current = []
            }
        }
        if !current.isEmpty { paragraphs.append(current) }
        return paragraphs
    }

    /// Whether a block of three or more lines holds one unit per line (one sentence per line, a results table, a
    /// list) rather than hard-wrapped prose: nobody wraps under 40 columns, and in wrapped text most lines are
    /// "full" (the next line's first word would not have fitted), while a line per sentence rarely is.
    static func isLinePerUnit(_ block: [Line], longest: Int) -> Bool {
        guard block.count >= 3 else { return false }
        if longest < 40 { return true }
        var full = 0
        for i in 0..<(block.count - 1) {
            let next = block[i + 1].scalars
            let word = next.firstIndex(of: " ") ?? next.count
            if (block[i].scalars.count + 1 + word) * 10 > longest * 9 { full += 1 }
        }
        return full * 2 < block.count - 1
    }

    /// Joins a wrapped line onto a paragraph, removing a line-end hyphen between two lower-case word parts.
    static func join(_ paragraph: inout [Unicode.Scalar], _ next: [Unicode.Scalar]) {
        let n = paragraph.count
        if n >= 2, paragraph[n - 1] == "-", paragraph[n - 2].properties.isAlphabetic, paragraph[n - 2] != "-",
            let first = next.first, SentenceSplitter.isLower(first)
        {
            paragraph.removeLast()
            paragraph.append(contentsOf: next)
            return
        }
        paragraph.append(" ")
        paragraph.append(contentsOf: next)
    }

    /// Cleans a one-line field (a headline, a byline from metadata): same mapping, all on one line.
    public static func cleanInline(_ text: String) -> String {
        let all = lines(Array(text.utf8)).map(\.scalars).filter { !$0.isEmpty }
        var out: [Unicode.Scalar] = []
        for (i, l) in all.enumerated() {
            if i > 0 { out.append(" ") }
            out.append(contentsOf: l)
        }
        return string(out)
    }

    /// Cleans multi-paragraph text (HTML paragraph text, JSON body) into paragraphs.
    static func paragraphs(_ text: String) -> [[Unicode.Scalar]] {
        blocks(lines(Array(text.utf8))).flatMap(reflow)
    }

    /// Builds a `String` from scalars through one UTF-8 buffer.
    package static func string<C: Collection>(_ scalars: C) -> String where C.Element == Unicode.Scalar {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(scalars.count + 16)
        for s in scalars { UTF8.encode(s) { bytes.append($0) } }
        return String(decoding: bytes, as: UTF8.self)
    }
}
