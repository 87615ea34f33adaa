// Which kind of document the decoded bytes are, judged by content first and by the file name only to tell
// Markdown from plain text (the two differ only in a few line prefixes).

/// The document formats normalize reads.
public enum DocumentFormat: String, Sendable, Codable {
    case text, markdown, html, json, jsonl
}

/// Detects the format of decoded UTF-8 text.
public enum FormatDetector {
    /// Tags that only an HTML document starts with (checked case-insensitively in the first 2 KiB).
    static let htmlMarkers = [
        "<!doctype html", "<html", "<head", "<body", "<meta ", "<title", "<article", "<div", "<p>", "<p ", "<!--",
    ]

    public static func detect(_ utf8: [UInt8], name: String) -> DocumentFormat {
        var i = 0
        while i < utf8.count, utf8[i] == 0x20 || utf8[i] == 0x09 || utf8[i] == 0x0A || utf8[i] == 0x0D { i += 1 }
        guard i < utf8.count else { return .text }
        if utf8[i] == UInt8(ascii: "{") {
            return looksLikeJSONLines(utf8, from: i) ? .jsonl : .json
        }
        if utf8[i] == UInt8(ascii: "<") {
            let end = min(utf8.count, i + 2048)
            let head = String(decoding: utf8[i..<end], as: UTF8.self).lowercased()
            if htmlMarkers.contains(where: { head.contains($0) }) { return .html }
        }
        let lower = name.lowercased()
        if lower.hasSuffix(".md") || lower.hasSuffix(".markdown") { return .markdown }
        if lower.hasSuffix(".html") || lower.hasSuffix(".htm") { return .html }
        if utf8[i] == UInt8(ascii: "#"), i + 1 < utf8.count, utf8[i + 1] == UInt8(ascii: " ") { return .markdown }
        return .text
    }

    /// More than one non-empty line, every non-empty line starting with `{` and ending with `}`. A pretty-printed
    /// JSON object has lines that do not.
    static func looksLikeJSONLines(_ utf8: [UInt8], from start: Int) -> Bool {
        var lines = 0
        var lineStart = start
        var idx = start
        func check(_ s: Int, _ e: Int) -> Bool {
            var a = s
            var b = e
            while a < b, utf8[a] == 0x20 || utf8[a] == 0x09 || utf8[a] == 0x0D { a += 1 }
            while b > a, utf8[b - 1] == 0x20 || utf8[b - 1] == 0x09 || utf8[b - 1] == 0x0D { b -= 1 }
            if a == b { return true }
            lines += 1
            // A bad line of a batch must not turn the whole batch into "one invalid JSON object": only the
            // first line has to look like a complete object.
            return lines > 1 || (utf8[a] == UInt8(ascii: "{") && utf8[b - 1] == UInt8(ascii: "}"))
        }
        while idx < utf8.count {
            if utf8[idx] == 0x0A {
                if !check(lineStart, idx) { return false }
                lineStart = idx + 1
            }
            idx += 1
        }
        if !check(lineStart, utf8.count) { return false }
        return lines > 1
    }
}

/// Turns Markdown lines into plain lines: headings, emphasis, links, images, block quotes and list markers.
enum MarkdownStripper {
    static func strip(_ lines: [TextCleaner.Line]) -> [TextCleaner.Line] {
        var out: [TextCleaner.Line] = []
        var inFence = false
        for line in lines {
            var s = line.scalars
            if s.starts(with: ["`", "`", "`"]) || s.starts(with: ["~", "~", "~"]) {
                inFence.toggle()
                continue
            }
            if inFence {
                out.append(line)
                continue
            }
            if isRule(s) {
                out.append(TextCleaner.Line(scalars: [], indented: false))
                continue
            }
            var heading = false
            var listItem = false
            var hashes = 0
            while hashes < s.count, s[hashes] == "#" { hashes += 1 }
            if hashes > 0, hashes <= 6, hashes < s.count, s[hashes] == " " {
                s.removeFirst(hashes + 1)
                while s.last == "#" || s.last == " " { s.removeLast() }
                heading = true
            }
            while s.first == ">" {
                s.removeFirst()
                if s.first == " " { s.removeFirst() }
            }
            if s.count > 2, s[0] == "-" || s[0] == "*" || s[0] == "+", s[1] == " " {
                s.removeFirst(2)
                listItem = true
            }
            s = inline(s)
            if heading { out.append(TextCleaner.Line(scalars: [], indented: false)) }
            out.append(TextCleaner.Line(scalars: s, indented: line.indented || listItem))
            if heading { out.append(TextCleaner.Line(scalars: [], indented: false)) }
        }
        return out
    }

    static func isRule(_ s: [Unicode.Scalar]) -> Bool {
        guard s.count >= 3, let c = s.first, c == "-" || c == "*" || c == "_" else { return false }
        return s.allSatisfy { $0 == c || $0 == " " }
    }

    /// `**b**`, `__b__`, `*i*`, `` `c` `` lose their markers; `[t](u)` → `t`; `![alt](u)` disappears.
    static func inline(_ s: [Unicode.Scalar]) -> [Unicode.Scalar] {
        var out: [Unicode.Scalar] = []
        out.reserveCapacity(s.count)
        var i = 0
        while i < s.count {
            let c = s[i]
            if c == "*" || c == "`" {
                i += 1
                continue
            }
            if c == "_", i + 1 < s.count, s[i + 1] == "_" {
                i += 2
                continue
            }
            if c == "[" || (c == "!" && i + 1 < s.count && s[i + 1] == "[") {
                let image = c == "!"
                let open = image ? i + 1 : i
                if let close = s[(open + 1)...].firstIndex(of: "]"), close + 1 < s.count, s[close + 1] == "(",
                    let end = s[(close + 2)...].firstIndex(of: ")")
                {
                    if !image { out.append(contentsOf: s[(open + 1)..<close]) }
                    i = end + 1
                    continue
                }
            }
            out.append(c)
            i += 1
        }
        return out
    }
}
