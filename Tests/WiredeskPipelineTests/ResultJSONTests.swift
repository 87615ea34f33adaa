import Foundation
import Testing

@testable import WiredeskPipeline

/// The hand-written encoder must produce exactly what the Codable contract types decode.
@Suite struct ResultJSONTests {
    static func fullResult() -> ArticleResult {
        var source = SourceInfo(
            name: "we\"ird\nname\u{1}.txt", line: 3, bytes: 42, format: "jsonl",
            charset: CharsetInfo(name: "windows-1252", confidence: 0.73, method: "icu", replaced: 2),
            receivedAt: "2026-11-29T03:34:31.123Z", url: "https://example.org/a?b=c")
        source.url = "https://example.org/a?b=c"
        var r = ArticleResult(id: String(repeating: "ab", count: 32), source: source)
        var body = ArticleBody(
            headline: "Head “quoted” \\ line", language: "en", text: "Head\n\nBody ünïcode — 😀.",
            headlineRange: TextRange(0, 4), paragraphs: [TextRange(6, 24)],
            sentences: [TextRange(0, 4), TextRange(6, 24)],
            words: 4)
        body.byline = "By Jane Doe"
        body.dateline = "LONDON, 5 March"
        body.sourceAgency = "Reuters"
        body.published = "2014-03-05"
        body.languageConfidence = 0.99
        r.article = body
        r.entities = [
            Entity(
                name: "Jane Doe", type: "PERSON", salience: 0.5, mentions: [Mention(start: 1, end: 3, text: "Doe")],
                geo: GeoPoint(countryCode: "GB", latitude: 51.5, longitude: -0.12, gazetteerId: "geonames:1"))
        ]
        r.quotes = [
            Quote(
                text: "quoted", start: 5, end: 11, speaker: "Jane Doe",
                speakerMention: Mention(start: 1, end: 3, text: "Doe"),
                cue: "said", kind: "direct")
        ]
        r.dates = [DateMention(text: "last week", value: "2014-W09", start: 1, end: 2, kind: "relative")]
        r.amounts = [Amount(text: "$5 billion", value: 5e9, kind: "money", unit: "USD", start: 3, end: 13)]
        r.keywords = [Keyword(text: "ceasefire", score: 0.125)]
        r.summary = "Body."
        r.classification = Classification(
            topic: TopicLabel(
                label: "politics", iptc: "medtop:11000000", confidence: 0.9, scores: ["politics": 0.9, "sport": 0.1]),
            tone: Tone(score: -3.1, positive: 1.2, negative: 4.3, polarity: 5.5, words: 120),
            duplicateOf: DuplicateMatch(id: "cd", name: "x.txt", similarity: 0.93))
        r.skip(stage: "extract", step: "quotes", reason: "not English")
        r.pipeline = PipelineInfo(
            version: "0.1.0", models: ["ner": "abc"], timingsUs: ["normalize": 10, "extract": 20])
        return r
    }

    @Test(arguments: [false, true])
    func roundTripsThroughJSONDecoder(pretty: Bool) throws {
        let original = Self.fullResult()
        let bytes = ResultJSON.encode(original, pretty: pretty)
        #expect(bytes.last == 0x0A)
        let decoded = try JSONDecoder().decode(ArticleResult.self, from: Data(bytes))
        #expect(decoded == original)
    }

    @Test func keysFollowTheContractOrder() throws {
        let text = String(decoding: ResultJSON.encode(Self.fullResult()), as: UTF8.self)
        let order = [
            "\"schema\"", "\"id\"", "\"source\"", "\"article\"", "\"entities\"", "\"quotes\"", "\"classification\"",
            "\"pipeline\"",
        ]
        let positions = order.map { text.range(of: $0)!.lowerBound }
        #expect(positions == positions.sorted())
    }

    @Test func absentSectionsAreOmittedNotNull() {
        let r = ArticleResult(id: "x", source: SourceInfo(name: "a", bytes: 1, receivedAt: "t"))
        let text = String(decoding: ResultJSON.encode(r), as: UTF8.self)
        #expect(!text.contains("null"))
        #expect(!text.contains("\"entities\""))
        #expect(!text.contains("\"article\""))
    }

    @Test func controlCharactersAreEscaped() {
        var w = JSONWriter()
        w.string("a\u{0}b\u{1F}\"\\\n")
        #expect(String(decoding: w.bytes, as: UTF8.self) == #""a\u0000b\u001f\"\\\n""#)
    }
}
