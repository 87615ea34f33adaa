// Tokenizer: text → tokens with exact Unicode-scalar offsets, in the style of the CoNLL-2003/Penn conventions the
// NER model was trained on ("Russia's" → "Russia" + "'s", "don't" → "do" + "n't", "U.S." and "Mr." keep their
// periods, "2,000.5" and "1996-08-22" stay whole, hyphenated words and "S&P" stay whole, every quotation mark is a
// token).
//
// It works on a `[Unicode.Scalar]` array with a hand-written scanner (no `Regex`, no Foundation) because it runs
// on every article and must stay far cheaper than the tagger that consumes its output.

/// What a token is made of; lets callers (quotes, dates, amounts) skip re-inspecting its scalars.
public enum TokenKind: UInt8, Sendable, Equatable {
    /// Letters (possibly with digits, internal hyphens, apostrophes or abbreviation periods).
    case word
    /// Starts with a digit: "2014", "2,000.5", "1996-08-22", "27th".
    case number
    /// A quotation mark or apostrophe used as one: `"`, `“`, `”`, `‘`, `’`, `'`, `«`, `»`, `„`, backtick.
    case quote
    /// The clitics split off a word: "'s", "’s", "n't", "'re", "'ll", "'ve", "'m", "'d".
    case clitic
    /// Any other symbol or punctuation (a run of periods is one token).
    case punctuation
}

/// One token: a half-open range of Unicode scalar offsets into the tokenized text.
public struct Token: Sendable, Equatable, Hashable {
    public var start: Int
    public var end: Int
    public var kind: TokenKind

    public init(start: Int, end: Int, kind: TokenKind) {
        self.start = start
        self.end = end
        self.kind = kind
    }

    /// The token's text, read from the scalars it was cut from.
    public func text(in scalars: [Unicode.Scalar]) -> String {
        String(utf8Of: scalars[start..<end])
    }
}

/// Splits text into `Token`s. Stateless; one shared instance is fine.
public struct Tokenizer: Sendable {
    public init() {}

    /// Tokenizes the whole of `text`.
    public func tokenize(_ text: String) -> [Token] {
        let scalars = Array(text.unicodeScalars)
        return tokenize(scalars, in: 0..<scalars.count)
    }

    /// Tokenizes `scalars[range]`; offsets are into `scalars`.
    public func tokenize(_ scalars: [Unicode.Scalar], in range: Range<Int>) -> [Token] {
        var tokens: [Token] = []
        tokens.reserveCapacity(range.count / 5 + 1)
        tokenize(scalars, in: range, into: &tokens)
        return tokens
    }

    /// Appends the tokens of `scalars[range]` to `tokens` (no allocation per token).
    public func tokenize(_ scalars: [Unicode.Scalar], in range: Range<Int>, into tokens: inout [Token]) {
        let end = min(range.upperBound, scalars.count)
        var i = max(range.lowerBound, 0)
        while i < end {
            let c = scalars[i]
            if Self.isSpace(c) {
                i += 1
                continue
            }
            if Self.isWordScalar(c) {
                i = scanWord(scalars, from: i, end: end, into: &tokens)
                continue
            }
            if Self.isApostrophe(c), let cliticEnd = Self.cliticEnd(scalars, at: i, end: end) {
                // "'s" after a closing quote or at a token boundary (e.g. "NATO ’s").
                tokens.append(Token(start: i, end: cliticEnd, kind: .clitic))
                i = cliticEnd
                continue
            }
            if Self.isQuote(c) {
                tokens.append(Token(start: i, end: i + 1, kind: .quote))
                i += 1
                continue
            }
            // A run of the same punctuation ("...", "--", "!!") is one token; anything else is one scalar.
            var j = i + 1
            if c == "." || c == "-" || c == "!" || c == "?" {
                while j < end && scalars[j] == c { j += 1 }
            }
            tokens.append(Token(start: i, end: j, kind: .punctuation))
            i = j
        }
    }

    /// Scans one word or number starting at `start`, appends it (and a split-off clitic), returns the next index.
    private func scanWord(_ s: [Unicode.Scalar], from start: Int, end: Int, into tokens: inout [Token]) -> Int {
        let isNumber = Self.isDigit(s[start])
        var i = start + 1
        var letters = Self.isLetter(s[start]) ? 1 : 0
        var periods = 0
        while i < end {
            let c = s[i]
            if Self.isWordScalar(c) {
                if Self.isLetter(c) { letters += 1 }
                i += 1
                continue
            }
            let next: Unicode.Scalar? = i + 1 < end ? s[i + 1] : nil
            guard let next else { break }
            // Internal hyphen or slash-free joiners: "Secretary-General", "su-27", "1996-08-22".
            if (c == "-" || c == "\u{2010}" || c == "\u{2011}") && Self.isWordScalar(next) {
                i += 2
                continue
            }
            // An ampersand between capitals: "S&P", "AT&T", "P&G" (one token in CoNLL-2003: "S&P" is B-ORG).
            if c == "&" && Self.isUpper(next) && Self.isUpper(s[i - 1]) {
                i += 2
                continue
            }
            // Digit group separators and decimals: "2,000.5", "3.5".
            if (c == "," || c == ".") && Self.isDigit(next) && Self.isDigit(s[i - 1]) {
                i += 2
                continue
            }
            // Abbreviation with internal periods: "U.S", "e.g" (letter '.' letter).
            if c == "." && Self.isLetter(next) && Self.isLetter(s[i - 1]) && (i - 1 == start || s[i - 2] == ".")
                && (i + 2 >= end || !Self.isLetter(s[i + 2]))
            {
                periods += 1
                i += 2
                continue
            }
            // Apostrophe inside a word: a clitic is split off, "O'Brien" stays whole.
            if Self.isApostrophe(c) && Self.isLetter(next) {
                if Self.cliticEnd(s, at: i, end: end) != nil { break }
                // "don't": the "n" belongs to the clitic "n't".
                if (next == "t" || next == "T") && (s[i - 1] == "n" || s[i - 1] == "N") && i - 1 > start
                    && (i + 2 >= end || !Self.isLetter(s[i + 2]))
                {
                    tokens.append(Token(start: start, end: i - 1, kind: .word))
                    tokens.append(Token(start: i - 1, end: i + 2, kind: .clitic))
                    return i + 2
                }
                i += 2
                continue
            }
            break
        }
        // A trailing period belongs to "U.S." and to known abbreviations ("Mr.", "Gen.", "Jan.").
        if i < end && s[i] == "." && !isNumber {
            if periods > 0 || (letters == 1 && i - start == 1 && Self.isUpper(s[start]))
                || (Self.isAbbreviation(s, start, i) && !Self.isSentenceFinalNo(s, start, i, end))
            {
                i += 1
            }
        }
        // Currency prefixes stay whole, as in CoNLL/Penn tokens: "US$", "C$", "HK$", "A$".
        if i < end && s[i] == "$" && !isNumber && i - start <= 3 && (start..<i).allSatisfy({ Self.isUpper(s[$0]) }) {
            i += 1
        }
        tokens.append(Token(start: start, end: i, kind: isNumber ? .number : .word))
        if i < end, Self.isApostrophe(s[i]), let cliticEnd = Self.cliticEnd(s, at: i, end: end) {
            tokens.append(Token(start: i, end: cliticEnd, kind: .clitic))
            return cliticEnd
        }
        return i
    }

    // MARK: Character classes (fast paths for ASCII, `Unicode.Scalar.Properties` for the rest)

    @inline(__always) package static func isSpace(_ c: Unicode.Scalar) -> Bool {
        if c.value < 0x80 {
            return c == " " || c == "\n" || c == "\t" || c == "\r" || c.value == 0x0B || c.value == 0x0C
        }
        return c.properties.isWhitespace || c.value == 0x200B || c.value == 0xFEFF
    }

    @inline(__always) package static func isLetter(_ c: Unicode.Scalar) -> Bool {
        let v = c.value
        if v < 0x80 { return (v >= 0x41 && v <= 0x5A) || (v >= 0x61 && v <= 0x7A) }
        return c.properties.isAlphabetic
    }

    @inline(__always) static func isUpper(_ c: Unicode.Scalar) -> Bool {
        let v = c.value
        if v < 0x80 { return v >= 0x41 && v <= 0x5A }
        return c.properties.isUppercase
    }

    @inline(__always) static func isLower(_ c: Unicode.Scalar) -> Bool {
        let v = c.value
        if v < 0x80 { return v >= 0x61 && v <= 0x7A }
        return c.properties.isLowercase
    }

    @inline(__always) package static func isDigit(_ c: Unicode.Scalar) -> Bool {
        let v = c.value
        if v < 0x80 { return v >= 0x30 && v <= 0x39 }
        return c.properties.numericType == .decimal
    }

    /// Letters, digits and combining marks (which continue the letter they follow).
    @inline(__always) static func isWordScalar(_ c: Unicode.Scalar) -> Bool {
        let v = c.value
        if v < 0x80 { return (v >= 0x41 && v <= 0x5A) || (v >= 0x61 && v <= 0x7A) || (v >= 0x30 && v <= 0x39) }
        if c.properties.isAlphabetic { return true }
        switch c.properties.generalCategory {
        case .decimalNumber, .nonspacingMark, .spacingMark, .enclosingMark: return true
        default: return false
        }
    }

    /// Straight and typographic apostrophes.
    @inline(__always) static func isApostrophe(_ c: Unicode.Scalar) -> Bool {
        c == "'" || c == "\u{2019}" || c == "\u{2018}" || c == "`"
    }

    /// Quotation marks of every common style.
    @inline(__always) public static func isQuote(_ c: Unicode.Scalar) -> Bool {
        switch c.value {
        case 0x22, 0x27, 0x60, 0xAB, 0xBB, 0x2018, 0x2019, 0x201A, 0x201B, 0x201C, 0x201D, 0x201E, 0x201F, 0x2039,
            0x203A, 0x300C, 0x300D, 0xFF02:
            return true
        default: return false
        }
    }

    /// The end of a clitic ("'s", "'re", "'ll", "'ve", "'m", "'d") starting with the apostrophe at `i`, or nil.
    static func cliticEnd(_ s: [Unicode.Scalar], at i: Int, end: Int) -> Int? {
        guard i + 1 < end else { return nil }
        func lower(_ c: Unicode.Scalar) -> UInt32 { c.value >= 0x41 && c.value <= 0x5A ? c.value + 32 : c.value }
        func boundary(_ k: Int) -> Bool { k >= end || !isWordScalar(s[k]) }
        let a = lower(s[i + 1])
        if (a == 0x73 || a == 0x6D || a == 0x64) && boundary(i + 2) { return i + 2 }  // s, m, d
        if i + 2 < end {
            let b = lower(s[i + 2])
            if ((a == 0x72 && b == 0x65) || (a == 0x6C && b == 0x6C) || (a == 0x76 && b == 0x65)) && boundary(i + 3) {
                return i + 3  // re, ll, ve
            }
        }
        return nil
    }

    /// Abbreviations that keep their period (lower-cased, without it).
    static let abbreviations: Set<String> = [
        "mr", "mrs", "ms", "dr", "prof", "gen", "lt", "col", "maj", "capt", "cpt", "sgt", "adm", "gov", "sen", "rep",
        "rev", "st", "mt", "ft", "jr", "sr", "inc", "ltd", "co", "corp", "bros", "plc", "no", "vs", "etc", "jan", "feb",
        "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "mon", "tue", "wed", "thu", "fri",
        "sat", "sun", "approx", "dept", "est", "fig", "pres", "supt",
    ]

    /// "No." is an abbreviation before a number ("No. 10") and a word ending a sentence otherwise ("said no.").
    static func isSentenceFinalNo(_ s: [Unicode.Scalar], _ start: Int, _ end: Int, _ limit: Int) -> Bool {
        guard end - start == 2, s[start] == "n" || s[start] == "N", s[start + 1] == "o" || s[start + 1] == "O" else {
            return false
        }
        var k = end + 1
        while k < limit && s[k] == " " { k += 1 }
        return !(k < limit && isDigit(s[k]))
    }

    static func isAbbreviation(_ s: [Unicode.Scalar], _ start: Int, _ end: Int) -> Bool {
        guard end - start <= 6 else { return false }
        var key = String.UnicodeScalarView()
        for k in start..<end {
            let c = s[k]
            guard c.value < 0x80 else { return false }
            key.append(c.value >= 0x41 && c.value <= 0x5A ? Unicode.Scalar(c.value + 32)! : c)
        }
        return abbreviations.contains(String(key))
    }
}

extension String {
    /// The text of `scalars`, encoded as UTF-8 straight into the string's storage (a text of up to 15 bytes needs no
    /// allocation). Appending scalar by scalar to a `String.UnicodeScalarView`, as this code did, cost about 4 % of
    /// the extract stage in `perf` (2026-12-03): token texts, mention names and rule words are made by the thousand.
    init<Scalars: Collection<Unicode.Scalar>>(utf8Of scalars: Scalars) {
        var capacity = 0
        for c in scalars { capacity += UTF8.width(c) }
        self.init(unsafeUninitializedCapacity: capacity) { buffer in
            var n = 0
            for c in scalars {
                if c.value < 0x80 {
                    buffer[n] = UInt8(truncatingIfNeeded: c.value)
                    n += 1
                } else {
                    UTF8.encode(c) { byte in
                        buffer[n] = byte
                        n += 1
                    }
                }
            }
            return n
        }
    }
}
