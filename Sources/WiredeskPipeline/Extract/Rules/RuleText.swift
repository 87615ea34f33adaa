// The text as the rule-based extractors see it: an array of Unicode scalars, word/punctuation tokens with scalar
// offsets, sentences and paragraphs. Built once per article and shared by every extractor in `ExtractRules`.
//
// Scanning scalars (not `Character`s, not `Regex`) keeps offsets equal to the contract's (Unicode scalar offsets
// into `article.text`) and keeps the whole pass linear and cheap.

/// A token of `RuleText`: a word, a number or one punctuation scalar.
package struct RuleToken {
    package enum Kind { case word, number, punct }

    var start: Int
    var end: Int
    package var kind: Kind
    /// Lower-cased text ("’" folded to "'"): the key for every word list.
    package var lower: String
    /// The first scalar is an upper-case letter.
    package var isCapitalized: Bool
    /// Every letter is upper case and there are at least two ("NATO", "U.S.").
    var isAllCaps: Bool
    /// For punctuation: the scalar itself.
    var scalar: Unicode.Scalar
}

/// Quotation marks the extractors understand.
package enum QuoteMark {
    case open, close, ambiguous

    package static func classify(_ s: Unicode.Scalar) -> QuoteMark? {
        switch s.value {
        case 0x201C, 0x201E, 0x00AB: return .open  // “ „ «
        case 0x201D, 0x00BB: return .close  // ” »
        case 0x22: return .ambiguous  // "
        default: return nil
        }
    }
}

/// The article text, tokenized once.
package struct RuleText {
    let scalars: [Unicode.Scalar]
    package private(set) var tokens: [RuleToken] = []
    /// Sentence ranges (the article's when given, else found here), in order.
    private(set) var sentences: [TextRange] = []
    /// Paragraph ranges, the headline first when present.
    private(set) var paragraphs: [TextRange] = []
    /// Token index → sentence index.
    private(set) var tokenSentence: [Int] = []
    /// Sentence index → first token index (`tokenRange(ofSentence:)` gives a sentence's tokens).
    private(set) var sentenceTokenStart: [Int] = []
    /// Token index → paragraph index.
    private(set) var tokenParagraph: [Int] = []

    /// Abbreviations whose period belongs to the word (titles, months, initials are handled apart).
    static let abbreviations: Set<String> = [
        "mr", "mrs", "ms", "dr", "prof", "sen", "rep", "gov", "gen", "lt", "col", "capt", "cmdr", "adm", "sgt", "maj",
        "rev", "st", "jr", "sr", "pres", "gov", "atty", "supt", "insp", "no", "vs", "etc", "inc", "corp", "ltd", "co",
        "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "mt", "ft", "u.s",
        "u.k", "u.n", "e.u", "d.c", "a.m", "p.m",
    ]

    package init(
        text: String, sentences given: [TextRange] = [], paragraphs givenParagraphs: [TextRange] = [],
        headline: TextRange? = nil
    ) {
        scalars = Array(text.unicodeScalars)
        tokenize()
        if givenParagraphs.isEmpty {
            paragraphs = Self.splitParagraphs(scalars)
        } else {
            paragraphs = (headline.map { [$0] } ?? []) + givenParagraphs
        }
        sentences = given.isEmpty ? splitSentences() : given
        indexTokens()
    }

    /// The text of `[start, end)`.
    func text(_ start: Int, _ end: Int) -> String {
        String(utf8Of: scalars[max(0, start)..<min(end, scalars.count)])
    }

    /// The text of tokens `from...to` (inclusive), as written.
    func text(tokens from: Int, _ to: Int) -> String { text(tokens[from].start, tokens[to].end) }

    /// Index of the first token whose start is >= `offset`.
    func firstToken(atOrAfter offset: Int) -> Int {
        var lo = 0
        var hi = tokens.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if tokens[mid].start < offset { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }

    /// Token range of sentence `i`.
    func tokenRange(ofSentence i: Int) -> Range<Int> {
        sentenceTokenStart[i]..<(i + 1 < sentenceTokenStart.count ? sentenceTokenStart[i + 1] : tokens.count)
    }

    package static func isLetter(_ s: Unicode.Scalar) -> Bool {
        if s.value < 0x80 { return (s.value | 0x20) >= 0x61 && (s.value | 0x20) <= 0x7A }
        return s.properties.isAlphabetic
    }

    package static func isDigit(_ s: Unicode.Scalar) -> Bool { s.value >= 0x30 && s.value <= 0x39 }

    package static func isSpace(_ s: Unicode.Scalar) -> Bool {
        s.value == 0x20 || s.value == 0x0A || s.value == 0x09 || s.value == 0x0D || s.value == 0xA0
            || (s.value > 0x7F && s.properties.isWhitespace)
    }

    static func isApostrophe(_ s: Unicode.Scalar) -> Bool { s.value == 0x27 || s.value == 0x2019 }

    private mutating func tokenize() {
        let n = scalars.count
        tokens.reserveCapacity(n / 5)
        var i = 0
        while i < n {
            let s = scalars[i]
            if Self.isSpace(s) {
                i += 1
                continue
            }
            if Self.isLetter(s) || Self.isDigit(s) {
                let start = i
                var hasLetter = false
                var j = i
                while j < n {
                    let c = scalars[j]
                    if Self.isLetter(c) {
                        hasLetter = true
                        j += 1
                    } else if Self.isDigit(c) {
                        j += 1
                    } else if j + 1 < n, j > start, (c == "-" || c == "." || c == ","),
                        Self.isLetter(scalars[j + 1]) || Self.isDigit(scalars[j + 1])
                    {
                        // Inner hyphen ("Secretary-General", "su-27"), decimal or thousands mark ("1.2", "5,000"),
                        // dotted abbreviation ("U.S"). A comma only inside a number.
                        if c == "," && !(Self.isDigit(scalars[j - 1]) && Self.isDigit(scalars[j + 1])) { break }
                        if c == "." && !(Self.isDigit(scalars[j - 1]) && Self.isDigit(scalars[j + 1]))
                            && !(j - start == 1 || (j >= 2 && scalars[j - 2] == "."))
                        {
                            break
                        }
                        j += 1
                    } else if Self.isApostrophe(c), j + 1 < n, Self.isLetter(scalars[j + 1]) {
                        // "don’t", "O'Brien" stay one word; the possessive "’s" becomes its own token.
                        if (scalars[j + 1] == "s" || scalars[j + 1] == "S")
                            && (j + 2 >= n || !Self.isLetter(scalars[j + 2]))
                        {
                            break
                        }
                        j += 1
                    } else {
                        break
                    }
                }
                var end = j
                var lower = lowerString(start, end)
                // Keep the period of an abbreviation or an initial ("Mr.", "J.", "U.S.").
                if end < n, scalars[end] == ".", hasLetter,
                    Self.abbreviations.contains(lower) || (end - start == 1 && isUpper(scalars[start]))
                        || lower.containsASCII(UInt8(ascii: "."))
                {
                    end += 1
                    lower += "."
                }
                appendWord(start, end, lower, hasLetter)
                i = end
                continue
            }
            if Self.isApostrophe(s), i + 1 < n, scalars[i + 1] == "s" || scalars[i + 1] == "S",
                i > 0, !Self.isSpace(scalars[i - 1]), i + 2 >= n || !Self.isLetter(scalars[i + 2])
            {
                tokens.append(
                    RuleToken(
                        start: i, end: i + 2, kind: .word, lower: "'s", isCapitalized: false, isAllCaps: false,
                        scalar: s))
                i += 2
                continue
            }
            tokens.append(
                RuleToken(
                    start: i, end: i + 1, kind: .punct, lower: String(s), isCapitalized: false,
                    isAllCaps: false, scalar: s))
            i += 1
        }
    }

    private func isUpper(_ s: Unicode.Scalar) -> Bool {
        if s.value < 0x80 { return s.value >= 0x41 && s.value <= 0x5A }
        return s.properties.isUppercase
    }

    private func lowerString(_ start: Int, _ end: Int) -> String {
        // ASCII (and the typographic apostrophe, written as "'"): one byte per scalar, straight into the string.
        if !scalars[start..<end].contains(where: { $0.value >= 0x80 && $0.value != 0x2019 }) {
            return String(unsafeUninitializedCapacity: end - start) { buffer in
                for k in start..<end {
                    let v = scalars[k].value
                    buffer[k - start] =
                        v == 0x2019 ? 0x27 : UInt8(truncatingIfNeeded: v >= 0x41 && v <= 0x5A ? v | 0x20 : v)
                }
                return end - start
            }
        }
        var view = String.UnicodeScalarView()
        for k in start..<end {
            let c = scalars[k]
            if c.value >= 0x41 && c.value <= 0x5A {
                view.append(Unicode.Scalar(c.value | 0x20)!)
            } else if c.value == 0x2019 {
                view.append("'")
            } else if c.value < 0x80 {
                view.append(c)
            } else {
                view.append(contentsOf: c.properties.lowercaseMapping.unicodeScalars)
            }
        }
        return String(view)
    }

    private mutating func appendWord(_ start: Int, _ end: Int, _ lower: String, _ hasLetter: Bool) {
        var letters = 0
        var upper = 0
        for k in start..<end where Self.isLetter(scalars[k]) {
            letters += 1
            if isUpper(scalars[k]) { upper += 1 }
        }
        tokens.append(
            RuleToken(
                start: start, end: end, kind: hasLetter ? .word : .number, lower: lower,
                isCapitalized: isUpper(scalars[start]), isAllCaps: letters >= 2 && upper == letters,
                scalar: scalars[start]))
    }

    /// Paragraphs = runs of text separated by a blank line (or, when the text has none, by single newlines).
    static func splitParagraphs(_ scalars: [Unicode.Scalar]) -> [TextRange] {
        var out: [TextRange] = []
        var start: Int? = nil
        var newlines = 0
        var lastNonSpace = 0
        for (i, s) in scalars.enumerated() {
            if s == "\n" {
                newlines += 1
            } else if !isSpace(s) {
                if start == nil {
                    start = i
                } else if newlines >= 1 {
                    out.append(TextRange(start!, lastNonSpace + 1))
                    start = i
                }
                newlines = 0
                lastNonSpace = i
            }
        }
        if let start { out.append(TextRange(start, lastNonSpace + 1)) }
        return out
    }

    /// A sentence ends after ".", "!" or "?" (and any closing quotes or brackets) when the next token starts a
    /// new sentence (capital, digit, opening quote), and always at a paragraph end.
    private func splitSentences() -> [TextRange] {
        var out: [TextRange] = []
        var p = 0
        var sentenceStart: Int? = nil
        var i = 0
        while i < tokens.count {
            let t = tokens[i]
            while p < paragraphs.count && paragraphs[p].end <= t.start {
                if let s = sentenceStart {
                    out.append(TextRange(s, tokens[i - 1].end))
                    sentenceStart = nil
                }
                p += 1
            }
            if sentenceStart == nil { sentenceStart = t.start }
            if t.kind == .punct, t.scalar == "." || t.scalar == "!" || t.scalar == "?" {
                var j = i + 1
                while j < tokens.count, tokens[j].kind == .punct,
                    QuoteMark.classify(tokens[j].scalar) == .close || tokens[j].scalar == ")"
                        || (tokens[j].scalar == "\"" && (j + 1 >= tokens.count || tokens[j + 1].start > tokens[j].end))
                        || tokens[j].scalar == "’" || tokens[j].scalar == "."
                {
                    j += 1
                }
                if j >= tokens.count {
                    i = j
                    break
                }
                let next = tokens[j]
                let crossesParagraph = p < paragraphs.count && next.start >= paragraphs[p].end
                if crossesParagraph || next.isCapitalized || next.kind == .number
                    || QuoteMark.classify(next.scalar) != nil
                {
                    out.append(TextRange(sentenceStart!, tokens[j - 1].end))
                    sentenceStart = nil
                }
                i = j
                continue
            }
            i += 1
        }
        if let s = sentenceStart, let last = tokens.last { out.append(TextRange(s, last.end)) }
        return out
    }

    private mutating func indexTokens() {
        tokenSentence = [Int](repeating: 0, count: tokens.count)
        tokenParagraph = [Int](repeating: 0, count: tokens.count)
        sentenceTokenStart = [Int](repeating: tokens.count, count: sentences.count)
        var s = 0
        var p = 0
        for (i, t) in tokens.enumerated() {
            while s + 1 < sentences.count && sentences[s].end <= t.start { s += 1 }
            while p + 1 < paragraphs.count && paragraphs[p].end <= t.start { p += 1 }
            tokenSentence[i] = s
            tokenParagraph[i] = p
        }
        // First token of each sentence; a sentence without tokens starts where the next one does.
        for i in stride(from: tokens.count - 1, through: 0, by: -1) { sentenceTokenStart[tokenSentence[i]] = i }
        var next = tokens.count
        for si in stride(from: sentences.count - 1, through: 0, by: -1) {
            if sentenceTokenStart[si] == tokens.count || sentenceTokenStart[si] > next {
                sentenceTokenStart[si] = next
            }
            next = sentenceTokenStart[si]
        }
    }
}

extension String {
    /// Whether the UTF-8 bytes hold `byte` (an ASCII character). `contains("-")` with Foundation imported resolves
    /// to NSString's range(of:), which `perf` put at 2.5% of the rule time from the date rules' token filter alone.
    @inline(__always) func containsASCII(_ byte: UInt8) -> Bool { utf8.contains(byte) }
}
