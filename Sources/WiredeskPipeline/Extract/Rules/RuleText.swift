// The text as the rule-based extractors see it: a view of the article's `AnalyzedText` (its scalars, its one token
// stream, its sentences and paragraphs) with what the rules need per token: the lower-cased text, capitalisation
// and, for punctuation, the scalar. Built once per article and shared by every extractor in `ExtractRules`.
//
// The view differs from the tagger's tokens in three ways, all of them merges or splits of the same tokens (the
// character classes are `Tokenizer`'s): a clitic other than the possessive goes back onto its word ("do" + "n't"
// → "don't", "we" + "'re" → "we're"), a run of punctuation is one token per scalar ("..." → ".", ".", "."), and a
// currency prefix gives up its sign ("US$" → "US", "$").

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

/// The article text as rule tokens, sentences and paragraphs.
package struct RuleText {
    let scalars: [Unicode.Scalar]
    package private(set) var tokens: [RuleToken] = []
    /// Sentence ranges, in order (the analysis's).
    private(set) var sentences: [TextRange] = []
    /// Paragraph ranges, the headline first when present.
    private(set) var paragraphs: [TextRange] = []
    /// Token index → sentence index.
    private(set) var tokenSentence: [Int] = []
    /// Sentence index → first token index (`tokenRange(ofSentence:)` gives a sentence's tokens).
    private(set) var sentenceTokenStart: [Int] = []
    /// Token index → paragraph index.
    private(set) var tokenParagraph: [Int] = []

    /// The rules' view of an analysed article.
    package init(_ analysis: AnalyzedText) {
        scalars = analysis.scalars
        paragraphs = analysis.paragraphs
        sentences = analysis.sentences.map(\.range)
        makeTokens(analysis.tokens)
        indexTokens()
    }

    /// The rules' view of a bare text (tests and evaluations): it is analysed first.
    package init(
        text: String, sentences given: [TextRange] = [], paragraphs givenParagraphs: [TextRange] = [],
        headline: TextRange? = nil
    ) {
        self.init(AnalyzedText(text: text, sentences: given, paragraphs: givenParagraphs, headline: headline))
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

    /// Rule tokens from the analysis's tokens (see the top of the file for the three differences).
    private mutating func makeTokens(_ source: [Token]) {
        tokens.reserveCapacity(source.count + source.count / 8)
        for t in source {
            switch t.kind {
            case .word, .number:
                if t.end - t.start >= 2 && scalars[t.end - 1] == "$" && t.kind == .word {
                    appendWord(t.start, t.end - 1)
                    appendPunct(t.end - 1)
                } else {
                    appendWord(t.start, t.end)
                }
            case .clitic:
                let lower = lowerString(t.start, t.end)
                if lower == "'s" {
                    tokens.append(
                        RuleToken(
                            start: t.start, end: t.end, kind: .word, lower: lower, isCapitalized: false,
                            isAllCaps: false, scalar: scalars[t.start]))
                } else if let last = tokens.last, last.kind == .word, last.end == t.start, last.lower != "'s" {
                    tokens.removeLast()
                    appendWord(last.start, t.end)
                } else {
                    appendWord(t.start, t.end)
                }
            case .quote:
                appendPunct(t.start)
            case .punctuation:
                for k in t.start..<t.end { appendPunct(k) }
            }
        }
    }

    private mutating func appendPunct(_ k: Int) {
        tokens.append(
            RuleToken(
                start: k, end: k + 1, kind: .punct, lower: String(scalars[k]), isCapitalized: false, isAllCaps: false,
                scalar: scalars[k]))
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

    private mutating func appendWord(_ start: Int, _ end: Int) {
        var letters = 0
        var upper = 0
        for k in start..<end where Tokenizer.isLetter(scalars[k]) {
            letters += 1
            if isUpper(scalars[k]) { upper += 1 }
        }
        tokens.append(
            RuleToken(
                start: start, end: end, kind: letters > 0 ? .word : .number, lower: lowerString(start, end),
                isCapitalized: isUpper(scalars[start]), isAllCaps: letters >= 2 && upper == letters,
                scalar: scalars[start]))
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
