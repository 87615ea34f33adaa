// The one analysis of an article's text (issue #13). Normalize builds it once, at its end, from the scalars it has
// just assembled; extract (NER and the rules) and classify read it instead of each cutting the text up again:
//
//   ArticleBody ──▶ AnalyzedText: scalars ─▶ tokens (Tokenizer, one stream, CoNLL/Penn conventions)
//                                 sentences (normalize's, as token ranges) · paragraphs · language decision
//                     ├─▶ NER: one DocumentSentence per sentence
//                     ├─▶ rules: RuleText, a view of the same tokens (possessive "'s" apart, "don't" whole)
//                     └─▶ classify: the language decision, and ClassifyWords, one array of word hashes cut from
//                         the same tokens ("don't" whole, possessive "'s" dropped) for topic, tone and near-duplicates
//
// It rides along in `ArticleResult.analysis`, which is never written out and does not take part in `==`.

/// Scalars, tokens, sentences, paragraphs and the English decision of one article.
public struct AnalyzedText: Sendable {
    /// One sentence: its scalar range and its tokens.
    public struct Sentence: Sendable, Equatable {
        public var range: TextRange
        /// Indices into `tokens`.
        public var tokens: Range<Int>
        /// The sentence lies inside the headline.
        public var isHeadline: Bool
    }

    /// The article text as Unicode scalars: every offset (tokens, sentences, results) indexes this array.
    public let scalars: [Unicode.Scalar]
    /// Every token of the text, in order: the tokens of each sentence, and of any text between sentences.
    public let tokens: [Token]
    /// The article's sentences (normalize's; `SentenceSplitter` over the paragraphs when the article has none).
    public let sentences: [Sentence]
    /// Paragraph ranges, the headline first when there is one (the article's; blank-line blocks when it has none).
    public let paragraphs: [TextRange]
    public let headline: TextRange?
    /// Why the English-only steps (NER, quotes, dates, keywords, topic, tone) cannot run, nil when they can: the one
    /// language decision, `LanguageIdentifier.englishSkipReason`, taken once.
    public let englishSkipReason: String?
    /// What the analysis was built from, so a stage can tell when the article changed after normalize.
    private let source: Fingerprint

    public var isEnglish: Bool { englishSkipReason == nil }

    /// Analyses `article` (its text is converted to scalars here).
    public init(_ article: ArticleBody) {
        self.init(article, scalars: Array(article.text.unicodeScalars))
    }

    /// Analyses `article`, whose text is `scalars` (normalize passes the array it built the text from).
    public init(_ article: ArticleBody, scalars: [Unicode.Scalar]) {
        self.init(
            scalars: scalars, sentences: article.sentences, paragraphs: article.paragraphs,
            headline: article.headlineRange, englishSkipReason: LanguageIdentifier.englishSkipReason(article),
            source: Fingerprint(article))
    }

    /// Analyses a bare text (tests and tools that have no `ArticleBody`); it counts as English.
    package init(
        text: String, sentences: [TextRange] = [], paragraphs: [TextRange] = [], headline: TextRange? = nil
    ) {
        self.init(
            scalars: Array(text.unicodeScalars), sentences: sentences, paragraphs: paragraphs, headline: headline,
            englishSkipReason: nil, source: Fingerprint(utf8Count: text.utf8.count))
    }

    private init(
        scalars: [Unicode.Scalar], sentences given: [TextRange], paragraphs givenParagraphs: [TextRange],
        headline: TextRange?, englishSkipReason: String?, source: Fingerprint
    ) {
        self.scalars = scalars
        self.headline = headline
        self.englishSkipReason = englishSkipReason
        self.source = source
        let bodyParagraphs = givenParagraphs.isEmpty ? Self.blankLineBlocks(scalars, after: headline) : givenParagraphs
        paragraphs = (headline.map { [$0] } ?? []) + bodyParagraphs
        var ranges = given
        if ranges.isEmpty {
            for block in paragraphs {
                ranges.append(contentsOf: SentenceSplitter.split(scalars, in: Self.clamp(block, scalars.count)))
            }
        }
        // Tokenized sentence by sentence, as the tagger was always fed: a token never crosses a sentence boundary.
        // Text between sentences (none, when normalize made them) is tokenized too, so the rules see all of it.
        let tokenizer = Tokenizer()
        var tokens: [Token] = []
        tokens.reserveCapacity(scalars.count / 5 + 1)
        var sentences: [Sentence] = []
        sentences.reserveCapacity(ranges.count)
        var covered = 0
        for r in ranges {
            let range = Self.clamp(r, scalars.count)
            let start = max(range.lowerBound, covered)
            if start > covered { tokenizer.tokenize(scalars, in: covered..<start, into: &tokens) }
            let first = tokens.count
            tokenizer.tokenize(scalars, in: start..<max(start, range.upperBound), into: &tokens)
            covered = max(covered, range.upperBound)
            let inHeadline = headline.map { r.start >= $0.start && r.end <= $0.end } ?? false
            sentences.append(Sentence(range: r, tokens: first..<tokens.count, isHeadline: inHeadline))
        }
        if covered < scalars.count { tokenizer.tokenize(scalars, in: covered..<scalars.count, into: &tokens) }
        self.tokens = tokens
        self.sentences = sentences
    }

    /// Whether this analysis was built from `article` as it is now (same text length, sentences, headline and
    /// language): a stage given a result whose article was edited after normalize analyses it again.
    public func describes(_ article: ArticleBody) -> Bool { source == Fingerprint(article) }

    /// The analysis `result` carries, when it still describes `article`.
    static func current(_ result: ArticleResult, _ article: ArticleBody) -> AnalyzedText? {
        result.analysis.flatMap { $0.describes(article) ? $0 : nil }
    }

    /// The analysis `result` carries when it still describes its article, else a new one.
    public static func of(_ result: ArticleResult, _ article: ArticleBody) -> AnalyzedText {
        current(result, article) ?? AnalyzedText(article)
    }

    /// The language decision for `article`: that of the analysis `result` carries when it is current, else taken
    /// now (without analysing the text).
    public static func englishSkipReason(_ result: ArticleResult, _ article: ArticleBody) -> String? {
        if let analysis = current(result, article) { return analysis.englishSkipReason }
        return LanguageIdentifier.englishSkipReason(article)
    }

    static func clamp(_ r: TextRange, _ count: Int) -> Range<Int> {
        let lower = min(max(0, r.start), count)
        return lower..<min(max(lower, r.end), count)
    }

    /// Paragraphs = runs of text separated by one or more newlines, after the headline when there is one.
    static func blankLineBlocks(_ scalars: [Unicode.Scalar], after headline: TextRange?) -> [TextRange] {
        var out: [TextRange] = []
        var start: Int? = nil
        var newlines = 0
        var lastNonSpace = 0
        let from = min(headline?.end ?? 0, scalars.count)
        for i in from..<scalars.count {
            let s = scalars[i]
            if s == "\n" {
                newlines += 1
            } else if !Tokenizer.isSpace(s) {
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

    /// The parts of an article an analysis depends on, compared in O(1) per field (no text scan).
    private struct Fingerprint: Sendable, Equatable {
        var utf8Count: Int
        var sentences: Int = 0
        var paragraphs: Int = 0
        var headline: TextRange? = nil
        var language: String = ""
        var languageConfidence: Double? = nil

        init(utf8Count: Int) { self.utf8Count = utf8Count }

        init(_ article: ArticleBody) {
            utf8Count = article.text.utf8.count
            sentences = article.sentences.count
            paragraphs = article.paragraphs.count
            headline = article.headlineRange
            language = article.language
            languageConfidence = article.languageConfidence
        }
    }
}
