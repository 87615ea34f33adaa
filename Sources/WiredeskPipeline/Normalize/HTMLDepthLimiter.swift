// Bounds the nesting depth of an HTML page before gumbo sees it.
//
// gumbo 0.10.1 has no depth option and frees its tree recursively, so a page of 50,000 nested <div>s would
// overflow a thread's stack inside gumbo itself. This byte-level pass counts open elements the way the markup
// declares them (void elements, self-closing tags and elements that close themselves implicitly -- p, li, td,
// option, ... -- do not count) and removes the tags, not the text, of elements opened deeper than the limit,
// with their end tags. Pages within the limit are returned unchanged (nil): ordinary pages never reach it.
enum HTMLDepthLimiter {
    /// Elements that never nest (void) or that the parser closes by itself before a sibling opens.
    static let flatElements: Set<[UInt8]> = Set(
        [
            "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track",
            "wbr", "keygen", "p", "li", "dt", "dd", "tr", "td", "th", "option", "optgroup", "thead", "tbody", "tfoot",
            "colgroup", "caption", "rb", "rt", "rp", "html", "head", "body", "image",
        ].map { Array($0.utf8) })

    /// Elements whose content is raw text: their end tag is searched for, their content not scanned.
    static let rawTextElements: Set<[UInt8]> = Set(
        ["script", "style", "textarea", "title", "xmp", "noembed", "noframes", "iframe"].map { Array($0.utf8) })

    /// The page with tags deeper than `maxDepth` removed, or nil when no element is that deep.
    static func bounded(_ bytes: [UInt8], maxDepth: Int) -> [UInt8]? {
        var cuts: [Range<Int>] = []
        var depth = 0
        var i = 0
        let n = bytes.count
        @inline(__always) func isLetter(_ b: UInt8) -> Bool { (b | 0x20) >= 0x61 && (b | 0x20) <= 0x7A }
        while i < n {
            guard bytes[i] == 0x3C, i + 1 < n else {  // '<'
                i += 1
                continue
            }
            let start = i
            if bytes[i + 1] == 0x21 {  // "<!": comment, doctype or CDATA
                if i + 3 < n && bytes[i + 2] == 0x2D && bytes[i + 3] == 0x2D {
                    i = find([0x2D, 0x2D, 0x3E], in: bytes, from: i + 4) ?? n
                } else {
                    i = find([0x3E], in: bytes, from: i + 2) ?? n
                }
                continue
            }
            let closing = bytes[i + 1] == 0x2F
            var j = i + (closing ? 2 : 1)
            guard j < n, isLetter(bytes[j]) else {
                i += 1
                continue
            }
            var name: [UInt8] = []
            while j < n, bytes[j] != 0x20, bytes[j] != 0x3E, bytes[j] != 0x2F, bytes[j] > 0x0D || bytes[j] < 0x09 {
                if name.count < 16 { name.append(bytes[j] | (isLetter(bytes[j]) ? 0x20 : 0)) }
                j += 1
            }
            // The tag ends at the next '>' outside a quoted attribute value.
            var quote: UInt8 = 0
            while j < n {
                let b = bytes[j]
                if quote != 0 {
                    if b == quote { quote = 0 }
                } else if b == 0x22 || b == 0x27 {
                    quote = b
                } else if b == 0x3E {
                    break
                }
                j += 1
            }
            let end = min(j + 1, n)
            let selfClosing = j > 0 && j < n && bytes[j - 1] == 0x2F
            i = end
            if flatElements.contains(name) { continue }
            if closing {
                if depth > maxDepth { cuts.append(start..<end) }
                depth = max(0, depth - 1)
                continue
            }
            if rawTextElements.contains(name) {
                // Skip to the matching end tag; raw text elements do not nest.
                i = findEndTag(name, in: bytes, from: end).flatMap { find([0x3E], in: bytes, from: $0) } ?? n
                continue
            }
            if selfClosing { continue }
            depth += 1
            if depth > maxDepth { cuts.append(start..<end) }
        }
        guard !cuts.isEmpty else { return nil }
        var out: [UInt8] = []
        out.reserveCapacity(n)
        var last = 0
        for cut in cuts {
            out.append(contentsOf: bytes[last..<cut.lowerBound])
            last = cut.upperBound
        }
        out.append(contentsOf: bytes[last..<n])
        return out
    }

    /// Index just past the first occurrence of `needle` at or after `from`.
    static func find(_ needle: [UInt8], in bytes: [UInt8], from: Int) -> Int? {
        guard needle.count <= bytes.count else { return nil }
        var i = from
        while i + needle.count <= bytes.count {
            if bytes[i] == needle[0] {
                var k = 1
                while k < needle.count && bytes[i + k] == needle[k] { k += 1 }
                if k == needle.count { return i + needle.count }
            }
            i += 1
        }
        return nil
    }

    /// Index of the `</name` that ends a raw text element (case-insensitive), at or after `from`.
    static func findEndTag(_ name: [UInt8], in bytes: [UInt8], from: Int) -> Int? {
        var i = from
        while let lt = find([0x3C, 0x2F], in: bytes, from: i) {
            var k = 0
            while k < name.count, lt + k < bytes.count, bytes[lt + k] | 0x20 == name[k] { k += 1 }
            if k == name.count { return lt - 2 }
            i = lt
        }
        return nil
    }
}
