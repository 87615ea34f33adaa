// Rule-based sentence boundaries over Unicode scalars, tuned for news copy.
//
// A boundary follows `.`, `!`, `?`, `...` (or CJK `。！？`), optionally followed by closing quotes and
// brackets, then white space, and the next word must look like a sentence start (upper-case letter, digit,
// opening quote or bracket, or a letter of a caseless script). A period does not end a sentence after a title
// or month abbreviation ("Mr.", "Gen.", "Jan."), after an initial ("J. Smith"), or after a dotted acronym
// ("U.S.", "U.N.") unless the next word is a common sentence opener ("The", "He", …). Decimals never match
// (no white space after the point); quotes that end a sentence are kept inside it ("… war.” Russia …").

/// Splits text into sentences.
public enum SentenceSplitter {
    /// Abbreviations after which a period never ends a sentence (lower case, without the period).
    static let abbreviations: Set<String> = [
        "mr", "mrs", "ms", "messrs", "dr", "prof", "sr", "jr", "st", "gen", "col", "lt", "maj", "sgt", "capt", "cmdr",
        "adm", "gov", "sen", "rep", "reps", "pres", "rev", "hon", "mt", "ft", "jan", "feb", "mar", "apr", "jun", "jul",
        "aug", "sep", "sept", "oct", "nov", "dec", "mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat",
        "sun", "no", "nos", "vs", "v", "approx", "fig", "figs", "dept", "univ", "est", "vol", "pp", "ca", "cf",
        "e.g", "i.e", "a.m", "p.m", "ave", "blvd", "rd", "mme", "mlle", "herr", "atty", "supt", "insp", "det", "cpl",
        "pvt", "brig", "lieut", "ald", "sgt.-maj", "op", "art", "para", "ch", "sec",
    ]

    /// Words that usually start a sentence: they end a sentence after a dotted acronym ("the U.S. The …").
    static let sentenceOpeners: Set<String> = [
        "The", "He", "She", "It", "They", "We", "I", "But", "And", "In", "On", "At", "A", "An", "This", "That",
        "These", "Those", "There", "His", "Her", "Its", "Their", "Our", "However", "Meanwhile", "Some", "Many",
        "Officials", "If", "When", "While", "After", "Before", "As", "Last", "Earlier", "Later", "Also", "So",
    ]

    @inline(__always) package static func isTerminator(_ s: Unicode.Scalar) -> Bool {
        s == "." || s == "!" || s == "?" || s == "\u{3002}" || s == "\u{FF01}" || s == "\u{FF1F}"
    }

    @inline(__always) package static func isClosing(_ s: Unicode.Scalar) -> Bool {
        switch s {
        case "\"", "'", ")", "]", "\u{201D}", "\u{2019}", "\u{BB}", "\u{203A}", "\u{300D}", "\u{300F}": return true
        default: return false
        }
    }

    @inline(__always) static func isOpening(_ s: Unicode.Scalar) -> Bool {
        switch s {
        case "\"", "'", "(", "[", "\u{201C}", "\u{2018}", "\u{AB}", "\u{2039}", "\u{201E}", "\u{300C}", "\u{300E}", "-",
            "\u{2013}", "\u{2014}":
            return true
        default: return false
        }
    }

    /// Upper case, with an ASCII fast path (Unicode property look-ups cost a table search each).
    @inline(__always) static func isUpper(_ s: Unicode.Scalar) -> Bool {
        s.value < 0x80 ? s.value >= 0x41 && s.value <= 0x5A : s.properties.isUppercase
    }

    @inline(__always) static func isLower(_ s: Unicode.Scalar) -> Bool {
        s.value < 0x80 ? s.value >= 0x61 && s.value <= 0x7A : s.properties.isLowercase
    }

    @inline(__always) static func isWordScalar(_ s: Unicode.Scalar) -> Bool {
        s.value < 0x80
            ? (s.value >= 0x61 && s.value <= 0x7A) || (s.value >= 0x41 && s.value <= 0x5A)
                || (s.value >= 0x30 && s.value <= 0x39)
            : s.properties.isAlphabetic
    }

    /// Sentence ranges `[start, end)` inside `text[range]`, with offsets relative to the whole array.
    public static func split(_ text: [Unicode.Scalar], in range: Range<Int>) -> [TextRange] {
        var sentences: [TextRange] = []
        var start = range.lowerBound
        var i = range.lowerBound
        let end = range.upperBound
        while i < end {
            let s = text[i]
            // CJK full stops end a sentence with no space after them.
            if s == "\u{3002}" || s == "\u{FF01}" || s == "\u{FF1F}" {
                var j = i + 1
                while j < end, isClosing(text[j]) || isTerminator(text[j]) { j += 1 }
                append(&sentences, text, start, j)
                start = j
                i = j
                continue
            }
            guard s == "." || s == "!" || s == "?" else {
                i += 1
                continue
            }
            var j = i + 1
            while j < end, text[j] == "." || text[j] == "!" || text[j] == "?" { j += 1 }
            let singlePeriod = s == "." && j - i == 1
            while j < end, isClosing(text[j]) { j += 1 }
            guard j < end else {
                i = j
                break
            }
            guard text[j] == " " else {
                i = j
                continue
            }
            var k = j
            while k < end, text[k] == " " { k += 1 }
            guard k < end else {
                i = k
                break
            }
            let next = text[k]
            let startsSentence =
                isUpper(next) || (next.value >= 0x30 && next.value <= 0x39) || isOpening(next)
                || (next.properties.isAlphabetic && !isLower(next) && !isUpper(next))
            guard startsSentence else {
                i = k
                continue
            }
            if singlePeriod && !periodEnds(text, at: i, lowerBound: start, next: k, end: end) {
                i = k
                continue
            }
            append(&sentences, text, start, j)
            start = k
            i = k
        }
        append(&sentences, text, start, end)
        return sentences
    }

    /// Decides whether the period at `dot` ends a sentence, looking at the word before it.
    static func periodEnds(_ text: [Unicode.Scalar], at dot: Int, lowerBound: Int, next: Int, end: Int) -> Bool {
        var w = dot
        while w > lowerBound, isWordScalar(text[w - 1]) || text[w - 1] == "." || text[w - 1] == "-" { w -= 1 }
        if w == dot { return true }  // "… 10%. Next" or a quote mark before the period
        let word = text[w..<dot]
        let letters = word.filter { $0 != "." }
        if word.contains(where: { $0.value >= 0x30 && $0.value <= 0x39 }) && word.contains(".") {
            return true  // a number with a decimal point ("at 62.75. Traders …")
        }
        if word.contains(".") {
            // Dotted acronym or e.g./i.e.: a boundary only before a usual sentence opener.
            if abbreviations.contains(TextCleaner.string(word).lowercased()) { return false }
            return sentenceOpeners.contains(nextWord(text, from: next, end: end))
        }
        if letters.count == 1, let c = letters.first, isUpper(c) { return false }  // an initial
        // "1. Name" at the start of a sentence: a list or results-table rank, not a sentence of its own.
        if w == lowerBound, word.count <= 3, word.allSatisfy({ $0.value >= 0x30 && $0.value <= 0x39 }) { return false }
        if word.count <= 6, abbreviations.contains(TextCleaner.string(word).lowercased()) {
            // "No." only before a number.
            if word.count == 2, word.first == "N" || word.first == "n" {
                return !(text[next].value >= 0x30 && text[next].value <= 0x39)
            }
            return false
        }
        return true
    }

    static func nextWord(_ text: [Unicode.Scalar], from: Int, end: Int) -> String {
        var e = from
        while e < end, isWordScalar(text[e]) { e += 1 }
        return TextCleaner.string(text[from..<e])
    }

    static func append(_ sentences: inout [TextRange], _ text: [Unicode.Scalar], _ start: Int, _ end: Int) {
        var a = start
        var b = end
        while a < b, text[a] == " " { a += 1 }
        while b > a, text[b - 1] == " " { b -= 1 }
        if a < b { sentences.append(TextRange(a, b)) }
    }
}
