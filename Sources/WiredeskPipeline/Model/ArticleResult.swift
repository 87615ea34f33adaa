// The result contract (docs/result.schema.json): what Wiredesk writes to `outbox/<name>.json`.
//
// Sections a stage has not filled are `nil` and therefore absent from the JSON: never faked.
// Every offset is a Unicode scalar offset into `article.text` (what Python and most tools index by).
import Foundation

/// One analysed article, as written to the outbox.
public struct ArticleResult: Codable, Sendable, Equatable {
    public static let schemaVersion = "wiredesk.article/1"

    public var schema: String
    /// SHA-256 (lower-case hex) of the raw bytes of the input (of the line, for a JSON Lines batch).
    public var id: String
    public var source: SourceInfo
    public var article: ArticleBody?
    public var entities: [Entity]?
    public var quotes: [Quote]?
    public var dates: [DateMention]?
    public var amounts: [Amount]?
    public var keywords: [Keyword]?
    public var summary: String?
    public var classification: Classification?
    /// Steps a stage did not run for this article, with the reason (e.g. NER on a non-English text).
    public var skipped: [SkippedStep]?
    public var pipeline: PipelineInfo
    /// Not part of the result: the analysis normalize builds for the later stages (`AnalyzedText`). It is never
    /// encoded and `==` ignores it (it is derived from `article`); the pipeline drops it after the last stage.
    public var analysis: AnalyzedText? {
        get { derived.analysis }
        set { derived.analysis = newValue }
    }
    private var derived = Derived()

    enum CodingKeys: String, CodingKey {
        case schema, id, source, article, entities, quotes, dates, amounts, keywords, summary, classification, skipped
        case pipeline
    }

    /// Values derived from the result while it moves between stages; equal whatever they hold.
    private struct Derived: Sendable, Equatable {
        var analysis: AnalyzedText?
        static func == (_: Derived, _: Derived) -> Bool { true }
    }

    public init(id: String, source: SourceInfo, pipeline: PipelineInfo = PipelineInfo()) {
        self.schema = Self.schemaVersion
        self.id = id
        self.source = source
        self.pipeline = pipeline
    }

    /// Records that a step was not run, and why.
    public mutating func skip(stage: String, step: String, reason: String) {
        skipped = (skipped ?? []) + [SkippedStep(stage: stage, step: step, reason: reason)]
    }
}

/// Where the article came from.
public struct SourceInfo: Codable, Sendable, Equatable {
    /// The inbox file name (lossily decoded to UTF-8 when the name is not valid UTF-8).
    public var name: String
    /// 1-based line number inside a JSON Lines batch file; absent for single-article files.
    public var line: Int?
    public var bytes: Int
    /// `text`, `markdown`, `html`, `json`, `jsonl`.
    public var format: String?
    public var charset: CharsetInfo?
    /// ISO-8601 time at which the daemon (or `wiredesk process`) received the file.
    public var receivedAt: String
    /// URL given by the document itself (JSON `url`, HTML `og:url`/canonical link).
    public var url: String?
    /// The `id` the caller gave an input line of `wiredesk process -`, echoed back.
    public var callerID: String?
    /// HTML only: where each field was taken from (`headline`, `byline`, `published`, `url`, `language`, `text` →
    /// `h1`, `og`, `json-ld`, `meta`, `title`, `canonical`, `html-lang`, `time`, `element`, `blocks`, …).
    public var metadataSources: [String: String]?

    public init(
        name: String, line: Int? = nil, bytes: Int, format: String? = nil, charset: CharsetInfo? = nil,
        receivedAt: String, url: String? = nil
    ) {
        self.name = name
        self.line = line
        self.bytes = bytes
        self.format = format
        self.charset = charset
        self.receivedAt = receivedAt
        self.url = url
    }

    enum CodingKeys: String, CodingKey {
        case name, line, bytes, format, charset, url
        case receivedAt = "received_at"
        case callerID = "caller_id"
        case metadataSources = "metadata_sources"
    }
}

/// The character set the input was decoded from.
public struct CharsetInfo: Codable, Sendable, Equatable {
    /// IANA-style name, e.g. `UTF-8`, `windows-1252`, `UTF-16LE`.
    public var name: String
    /// 0...1; 1 for a BOM or valid UTF-8.
    public var confidence: Double
    /// `bom`, `utf8`, `icu`, `uchardet`, `declared` (HTML meta / JSON spec).
    public var method: String?
    /// Invalid byte sequences replaced by U+FFFD.
    public var replaced: Int?

    public init(name: String, confidence: Double, method: String? = nil, replaced: Int? = nil) {
        self.name = name
        self.confidence = confidence
        self.method = method
        self.replaced = replaced
    }
}

/// The normalized document.
public struct ArticleBody: Codable, Sendable, Equatable {
    public var headline: String?
    public var byline: String?
    public var dateline: String?
    /// News agency credited by the text ("Reuters", "AP", ...).
    public var sourceAgency: String?
    /// Publication date given by the document (ISO-8601 date or date-time), if any.
    public var published: String?
    /// ISO 639-1 code, or `und` when unknown.
    public var language: String
    public var languageConfidence: Double?
    /// The whole normalized document, headline first, paragraphs separated by "\n\n".
    public var text: String
    /// The headline's range in `text` (absent when there is no headline).
    public var headlineRange: TextRange?
    /// Body paragraphs (the headline is not one of them).
    public var paragraphs: [TextRange]
    /// Sentences of the whole text, the headline included as the first one when present.
    public var sentences: [TextRange]
    public var words: Int

    public init(
        headline: String?, language: String = "und", text: String, headlineRange: TextRange? = nil,
        paragraphs: [TextRange] = [], sentences: [TextRange] = [], words: Int = 0
    ) {
        self.headline = headline
        self.language = language
        self.text = text
        self.headlineRange = headlineRange
        self.paragraphs = paragraphs
        self.sentences = sentences
        self.words = words
    }

    enum CodingKeys: String, CodingKey {
        case headline, byline, dateline, published, language, text, paragraphs, sentences, words
        case sourceAgency = "source_agency"
        case languageConfidence = "language_confidence"
        case headlineRange = "headline_range"
    }
}

/// A half-open range `[start, end)` of Unicode scalar offsets, encoded as a two-element array.
public struct TextRange: Codable, Sendable, Equatable, Hashable {
    public var start: Int
    public var end: Int

    public init(_ start: Int, _ end: Int) {
        self.start = start
        self.end = end
    }

    public init(from decoder: any Decoder) throws {
        var container = try decoder.unkeyedContainer()
        start = try container.decode(Int.self)
        end = try container.decode(Int.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.unkeyedContainer()
        try container.encode(start)
        try container.encode(end)
    }
}

/// A named entity grouped over all its mentions in one article.
public struct Entity: Codable, Sendable, Equatable {
    public var name: String
    /// `PERSON`, `ORGANIZATION`, `LOCATION`, `MISC`.
    public var type: String
    public var salience: Double
    public var mentions: [Mention]
    /// For places resolved in the gazetteer.
    public var geo: GeoPoint?

    public init(name: String, type: String, salience: Double, mentions: [Mention], geo: GeoPoint? = nil) {
        self.name = name
        self.type = type
        self.salience = salience
        self.mentions = mentions
        self.geo = geo
    }
}

public struct Mention: Codable, Sendable, Equatable {
    public var start: Int
    public var end: Int
    public var text: String

    public init(start: Int, end: Int, text: String) {
        self.start = start
        self.end = end
        self.text = text
    }
}

public struct GeoPoint: Codable, Sendable, Equatable {
    /// ISO 3166-1 alpha-2.
    public var countryCode: String?
    public var latitude: Double?
    public var longitude: Double?
    /// Gazetteer id, e.g. `geonames:2017370`.
    public var gazetteerId: String?

    public init(countryCode: String?, latitude: Double?, longitude: Double?, gazetteerId: String? = nil) {
        self.countryCode = countryCode
        self.latitude = latitude
        self.longitude = longitude
        self.gazetteerId = gazetteerId
    }

    enum CodingKeys: String, CodingKey {
        case latitude, longitude
        case countryCode = "country_code"
        case gazetteerId = "gazetteer_id"
    }
}

/// A quotation with its speaker.
public struct Quote: Codable, Sendable, Equatable {
    public var text: String
    public var start: Int
    public var end: Int
    /// Canonical name of the speaking entity when resolved, else the speaker phrase as written.
    public var speaker: String?
    public var speakerMention: Mention?
    public var cue: String?
    /// `direct` (in quotation marks), `partial` (a quoted fragment inside a sentence), `indirect` ("according to").
    public var kind: String

    public init(
        text: String, start: Int, end: Int, speaker: String?, speakerMention: Mention? = nil, cue: String?,
        kind: String
    ) {
        self.text = text
        self.start = start
        self.end = end
        self.speaker = speaker
        self.speakerMention = speakerMention
        self.cue = cue
        self.kind = kind
    }

    enum CodingKeys: String, CodingKey {
        case text, start, end, speaker, cue, kind
        case speakerMention = "speaker_mention"
    }
}

/// A date or time expression normalized to an ISO value (`2014`, `2014-03`, `2014-03-05`, `2014-W10`).
public struct DateMention: Codable, Sendable, Equatable {
    public var text: String
    public var value: String?
    public var start: Int
    public var end: Int
    /// `absolute` or `relative`.
    public var kind: String
    /// TimeML type: `DATE`, `TIME`, `DURATION` or `SET`.
    public var type: String?
    /// What a relative value was resolved against: `published` (the article's date) or `received` (the file's).
    public var anchor: String?

    public init(
        text: String, value: String?, start: Int, end: Int, kind: String, type: String? = nil, anchor: String? = nil
    ) {
        self.text = text
        self.value = value
        self.start = start
        self.end = end
        self.kind = kind
        self.type = type
        self.anchor = anchor
    }
}

/// A stated amount: money, percentage or count.
public struct Amount: Codable, Sendable, Equatable {
    public var text: String
    public var value: Double
    /// `money`, `percent`, `count`, `quantity`.
    public var kind: String
    /// ISO 4217 currency or a unit.
    public var unit: String?
    public var start: Int
    public var end: Int

    public init(text: String, value: Double, kind: String, unit: String?, start: Int, end: Int) {
        self.text = text
        self.value = value
        self.kind = kind
        self.unit = unit
        self.start = start
        self.end = end
    }
}

public struct Keyword: Codable, Sendable, Equatable {
    public var text: String
    public var score: Double

    public init(text: String, score: Double) {
        self.text = text
        self.score = score
    }
}

public struct Classification: Codable, Sendable, Equatable {
    public var topic: TopicLabel?
    public var tone: Tone?
    public var duplicateOf: DuplicateMatch?

    public init(topic: TopicLabel? = nil, tone: Tone? = nil, duplicateOf: DuplicateMatch? = nil) {
        self.topic = topic
        self.tone = tone
        self.duplicateOf = duplicateOf
    }

    enum CodingKeys: String, CodingKey {
        case topic, tone
        case duplicateOf = "duplicate_of"
    }
}

public struct TopicLabel: Codable, Sendable, Equatable {
    public var label: String
    /// IPTC Media Topic code, e.g. `medtop:11000000`.
    public var iptc: String?
    /// Calibrated probability of `label`.
    public var confidence: Double
    public var scores: [String: Double]
    /// Every label whose probability reaches the topic threshold, most probable first (may be several, or none).
    public var topics: [String] = []
    /// True when `confidence` is below the confidence threshold: `label` is then only the best guess.
    public var uncertain: Bool = false

    public init(
        label: String, iptc: String?, confidence: Double, scores: [String: Double], topics: [String] = [],
        uncertain: Bool = false
    ) {
        self.label = label
        self.iptc = iptc
        self.confidence = confidence
        self.scores = scores
        self.topics = topics
        self.uncertain = uncertain
    }
}

/// Lexicon-based tone in GDELT's spirit: percentages of positive and negative words, their difference.
public struct Tone: Codable, Sendable, Equatable {
    /// positive - negative.
    public var score: Double
    public var positive: Double
    public var negative: Double
    /// positive + negative: how emotionally charged the text is.
    public var polarity: Double
    public var words: Int

    public init(score: Double, positive: Double, negative: Double, polarity: Double, words: Int) {
        self.score = score
        self.positive = positive
        self.negative = negative
        self.polarity = polarity
        self.words = words
    }
}

public struct DuplicateMatch: Codable, Sendable, Equatable {
    public var id: String
    public var name: String?
    public var similarity: Double

    public init(id: String, name: String?, similarity: Double) {
        self.id = id
        self.name = name
        self.similarity = similarity
    }
}

public struct SkippedStep: Codable, Sendable, Equatable {
    public var stage: String
    public var step: String
    public var reason: String

    public init(stage: String, step: String, reason: String) {
        self.stage = stage
        self.step = step
        self.reason = reason
    }
}

/// How the result was made.
public struct PipelineInfo: Codable, Sendable, Equatable {
    public var version: String
    /// Model name → version/checksum, for every model that contributed.
    public var models: [String: String]
    /// Stage name → microseconds spent.
    public var timingsUs: [String: Int]

    public init(
        version: String = WiredeskVersion.string, models: [String: String] = [:], timingsUs: [String: Int] = [:]
    ) {
        self.version = version
        self.models = models
        self.timingsUs = timingsUs
    }

    enum CodingKeys: String, CodingKey {
        case version, models
        case timingsUs = "timings_us"
    }
}

public enum WiredeskVersion {
    public static let string = "0.1.0"
}
