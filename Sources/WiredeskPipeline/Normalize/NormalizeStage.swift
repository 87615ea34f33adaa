// normalize: raw bytes → one clean, structured document (or several, for a JSON Lines batch).
//
//   bytes ─▶ size/empty checks ─▶ CharsetDecoder (BOM, UTF-8, UTF-16, ICU/uchardet; binary, undecodable)
//         ─▶ FormatDetector ─▶ text/Markdown: TextCleaner lines, reflow │ HTML: HTMLExtractor (gumbo)
//                              │ JSON: JSONArticleReader │ JSON Lines: one item per line, failures alone
//         ─▶ StructureParser (byline, dateline, agency) ─▶ offsets ─▶ SentenceSplitter ─▶ LanguageIdentifier
import Crypto
import Foundation

/// Configuration of the normalize stage (`[normalize]` in the TOML config).
public struct NormalizeConfig: Codable, Sendable, Equatable {
    /// Files larger than this fail with `too_large` before they are read.
    public var maxBytes: Int = 10 * 1024 * 1024
    /// The desk's language: taken when the language guess is weak on Latin-script text (see
    /// `LanguageIdentifier.identify`); "" = none, keep CLD2's weak guess.
    public var defaultLanguage: String = "en"

    public init() {}

    enum CodingKeys: String, CodingKey {
        case maxBytes = "max_bytes"
        case defaultLanguage = "default_language"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        maxBytes = try c.decodeIfPresent(Int.self, forKey: .maxBytes) ?? maxBytes
        defaultLanguage = try c.decodeIfPresent(String.self, forKey: .defaultLanguage) ?? defaultLanguage
    }

    public func validate() throws(ConfigError) {
        guard maxBytes > 0 else { throw ConfigError("normalize.max_bytes must be positive") }
    }

    public func build() throws(ConfigError) -> NormalizeStage {
        try validate()
        return NormalizeStage(config: self)
    }
}

/// One article (or one failed line) produced by normalize.
public struct NormalizedItem: Sendable {
    /// 1-based line number for JSON Lines batches; nil for single-article files.
    public var line: Int?
    public var outcome: Result<ArticleResult, StageFailure>
    /// The bytes this item came from (the line, for a batch), kept so a failed line can be quarantined alone.
    public var rawBytes: ArraySlice<UInt8>?

    public init(line: Int?, outcome: Result<ArticleResult, StageFailure>, rawBytes: ArraySlice<UInt8>? = nil) {
        self.line = line
        self.outcome = outcome
        self.rawBytes = rawBytes
    }
}

public struct NormalizeStage: Stage {
    public static let name = "normalize"
    public let config: NormalizeConfig

    public init(config: NormalizeConfig = NormalizeConfig()) {
        self.config = config
    }

    /// Decodes, detects the format, extracts the article(s) and structures them.
    /// - Throws: `StageFailure` with code `too_large`, `empty`, `binary` or `undecodable` for the whole file.
    ///   A bad line of a JSON Lines batch does not throw: it becomes a `.failure` item of its own.
    public func run(_ input: RawDocument) throws(StageFailure) -> [NormalizedItem] {
        var items: [NormalizedItem] = []
        try forEachItem(input) { item in
            items.append(item)
            return true
        }
        return items
    }

    /// `run` one item at a time: a JSON Lines batch hands each line to `body` as soon as it is parsed, so a caller
    /// that commits and drops each item holds one line's analysis at a time instead of the whole batch's (a
    /// 100,000-line batch took 411 MB as an array). `body` returns false to stop early (the rest is not parsed).
    /// - Throws: as `run`, only for the whole file, before `body` is called.
    public func forEachItem(_ input: RawDocument, _ body: (NormalizedItem) -> Bool) throws(StageFailure) {
        guard input.bytes.count <= config.maxBytes else {
            throw StageFailure(
                stage: Self.name, code: "too_large",
                message: "file is \(input.bytes.count) bytes; the limit (normalize.max_bytes) is \(config.maxBytes)")
        }
        guard input.bytes.contains(where: { !Self.isASCIISpace($0) }) else {
            throw StageFailure(
                stage: Self.name, code: "empty", message: "the file holds no text (it is empty or only white space)")
        }
        let decoded = try CharsetDecoder.decode(input.bytes)
        let format = FormatDetector.detect(decoded.utf8, name: input.name)
        var source = SourceInfo(
            name: input.name, bytes: input.bytes.count, format: format.rawValue, charset: decoded.charset,
            receivedAt: input.receivedAtISO)
        switch format {
        case .jsonl:
            batch(input, decoded: decoded, source: source, body)
        case .json:
            let article = try JSONArticleReader.read(decoded.utf8)
            source.url = article.url
            let result = try build(json: article, id: Self.sha256Hex(input.bytes), source: source)
            _ = body(NormalizedItem(line: nil, outcome: .success(result)))
        case .html:
            let page = HTMLExtractor.extract(decoded.utf8)
            source.url = page.url
            source.metadataSources = page.sources.isEmpty ? nil : page.sources
            let content = ArticleContent(
                headline: page.headline.map(TextCleaner.cleanInline),
                paragraphs: page.paragraphs.map { Array($0.unicodeScalars) },
                byline: page.byline, published: page.published, declaredLanguage: page.language)
            let result = try build(content, id: Self.sha256Hex(input.bytes), source: source)
            _ = body(NormalizedItem(line: nil, outcome: .success(result)))
        case .text, .markdown:
            var lines = TextCleaner.lines(decoded.utf8)
            if format == .markdown { lines = MarkdownStripper.strip(lines) }
            let result = try build(Self.plainContent(lines), id: Self.sha256Hex(input.bytes), source: source)
            _ = body(NormalizedItem(line: nil, outcome: .success(result)))
        }
    }

    @inline(__always) static func isASCIISpace(_ b: UInt8) -> Bool {
        b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D || b == 0x0B || b == 0x0C
    }

    /// One result per non-empty line; a line that fails is a `.failure` item carrying its bytes.
    func batch(
        _ input: RawDocument, decoded: DecodedText, source: SourceInfo, _ body: (NormalizedItem) -> Bool
    ) {
        // Hash and quarantine the line as it was in the file when the file was UTF-8 (the usual case for JSON).
        let bytes = decoded.charset.name == "UTF-8" && decoded.charset.method == "utf8" ? input.bytes : decoded.utf8
        var lineNumber = 0
        var lineStart = 0
        /// Returns false once `body` asked to stop.
        func handle(_ end: Int) -> Bool {
            lineNumber += 1
            let line = bytes[lineStart..<end]
            guard line.contains(where: { !Self.isASCIISpace($0) }) else { return true }
            var lineSource = source
            lineSource.line = lineNumber
            lineSource.bytes = line.count
            lineSource.format = DocumentFormat.jsonl.rawValue
            do {
                try ArticleDeadline.check(Self.name)
                let article = try JSONArticleReader.read(line)
                lineSource.url = article.url
                let result = try build(json: article, id: Self.sha256Hex(line), source: lineSource)
                return body(NormalizedItem(line: lineNumber, outcome: .success(result), rawBytes: line))
            } catch {
                var failure = error
                failure.message = "line \(lineNumber): " + failure.message
                return body(NormalizedItem(line: lineNumber, outcome: .failure(failure), rawBytes: line))
            }
        }
        for (i, b) in bytes.enumerated() where b == 0x0A {
            guard handle(i) else { return }
            lineStart = i + 1
        }
        if lineStart < bytes.count { _ = handle(bytes.count) }
    }

    /// Headline and paragraphs of plain text or Markdown: the first line is the headline when it stands alone
    /// (a blank line after it) or looks like one (short, no final period).
    static func plainContent(_ lines: [TextCleaner.Line]) -> ArticleContent {
        var blocks = TextCleaner.blocks(lines)
        var headline: [Unicode.Scalar]?
        if let first = blocks.first, let line = first.first {
            let looksLikeHeadline = line.scalars.count <= 200 && line.scalars.last != "."
            if first.count == 1 && (looksLikeHeadline || blocks.count > 1 && line.scalars.count <= 300)
                || first.count > 1 && looksLikeHeadline && line.scalars.count < 120
            {
                headline = line.scalars
                blocks[0].removeFirst()
                if blocks[0].isEmpty { blocks.removeFirst() }
            }
        }
        return ArticleContent(
            headline: headline.map { TextCleaner.string($0) }, paragraphs: blocks.flatMap(TextCleaner.reflow),
            byline: nil,
            published: nil, declaredLanguage: nil)
    }

    func build(json article: JSONArticle, id: String, source: SourceInfo) throws(StageFailure) -> ArticleResult {
        let body = article.body
        let paragraphs: [[Unicode.Scalar]]
        if body.contains("<p") || body.contains("<br") || body.contains("<div") {
            paragraphs = HTMLExtractor.extract(Array(body.utf8)).paragraphs.map { Array($0.unicodeScalars) }
        } else {
            paragraphs = TextCleaner.paragraphs(body)
        }
        let content = ArticleContent(
            headline: article.headline.map(TextCleaner.cleanInline), paragraphs: paragraphs, byline: article.byline,
            published: article.published, declaredLanguage: article.language)
        return try build(content, id: id, source: source)
    }

    /// Structure, offsets, sentences and language of one article.
    func build(_ content: ArticleContent, id: String, source: SourceInfo) throws(StageFailure) -> ArticleResult {
        let headline = content.headline.flatMap { $0.isEmpty ? nil : $0 }
        let structure = StructureParser.parse(
            paragraphs: content.paragraphs.filter { !$0.isEmpty }, byline: content.byline.map(TextCleaner.cleanInline))
        guard headline != nil || !structure.paragraphs.isEmpty else {
            throw StageFailure(stage: Self.name, code: "empty", message: "no article text was found in the document")
        }
        var text: [Unicode.Scalar] = []
        text.reserveCapacity(structure.paragraphs.reduce(0) { $0 + $1.count + 2 } + (headline?.count ?? 0))
        var headlineRange: TextRange?
        var sentences: [TextRange] = []
        if let headline {
            text.append(contentsOf: headline.unicodeScalars)
            headlineRange = TextRange(0, text.count)
            sentences.append(headlineRange!)
        }
        var paragraphs: [TextRange] = []
        for p in structure.paragraphs {
            if !text.isEmpty { text.append(contentsOf: ["\n", "\n"]) }
            let start = text.count
            text.append(contentsOf: p)
            paragraphs.append(TextRange(start, text.count))
        }
        let words = Self.countWords(text)
        try Self.requireArticle(text, words: words)
        for p in paragraphs {
            try ArticleDeadline.check(Self.name)
            sentences.append(contentsOf: SentenceSplitter.split(text, in: p.start..<p.end))
        }
        try ArticleDeadline.check(Self.name)
        let string = TextCleaner.string(text)
        let language = LanguageIdentifier.identify(
            string, declared: content.declaredLanguage,
            defaultLanguage: config.defaultLanguage.isEmpty ? nil : config.defaultLanguage)
        var body = ArticleBody(
            headline: headline, language: language.code, text: string, headlineRange: headlineRange,
            paragraphs: paragraphs,
            sentences: sentences, words: words)
        body.byline = structure.byline
        body.dateline = structure.dateline
        body.sourceAgency = structure.sourceAgency
        body.published = content.published.map(TextCleaner.cleanInline)
        body.languageConfidence = (language.confidence * 1000).rounded() / 1000
        var result = ArticleResult(id: id, source: source)
        result.article = body
        // The one analysis the later stages read, from the scalars the text was just built from.
        result.analysis = AnalyzedText(body, scalars: text)
        return result
    }

    /// Fewest non-space characters an article has: a 1- or 2-byte file is a stray, not news.
    static let minimumCharacters = 3

    /// Fails with `too_short` when the text has no word or fewer than `minimumCharacters` visible characters.
    static func requireArticle(_ text: [Unicode.Scalar], words: Int) throws(StageFailure) {
        var visible = 0
        for s in text where !s.properties.isWhitespace {
            visible += 1
            if visible >= minimumCharacters { break }
        }
        if words == 0 {
            throw StageFailure(
                stage: name, code: "too_short", message: "the text holds no word (only punctuation or symbols)")
        }
        if visible < minimumCharacters {
            throw StageFailure(
                stage: name, code: "too_short",
                message: "the text is \(visible) character\(visible == 1 ? "" : "s") long: too short to be an article")
        }
    }

    /// Runs of letters or digits (with inner apostrophes, hyphens, periods) count as one word; CJK ideographs
    /// and kana count one word each, as those scripts do not separate words with spaces.
    static func countWords(_ text: [Unicode.Scalar]) -> Int {
        var words = 0
        var inWord = false
        for s in text {
            let v = s.value
            if v >= 0x3040 && v <= 0x9FFF || v >= 0xF900 && v <= 0xFAFF {
                words += 1
                inWord = false
            } else if SentenceSplitter.isWordScalar(s) {
                if !inWord { words += 1 }
                inWord = true
            } else if inWord && (s == "'" || s == "\u{2019}" || s == "-" || s == "." || s == ",") {
                continue
            } else {
                inWord = false
            }
        }
        return words
    }

    /// Lower-case hex SHA-256, the article id.
    public static func sha256Hex<D: DataProtocol>(_ bytes: D) -> String {
        let digest = SHA256.hash(data: bytes)
        let hex = Array("0123456789abcdef".utf8)
        var out = [UInt8]()
        out.reserveCapacity(64)
        for byte in digest {
            out.append(hex[Int(byte >> 4)])
            out.append(hex[Int(byte & 0x0f)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}

/// A document's article before structure parsing: what each format reader hands over.
struct ArticleContent {
    var headline: String?
    var paragraphs: [[Unicode.Scalar]]
    var byline: String?
    var published: String?
    var declaredLanguage: String?
}
