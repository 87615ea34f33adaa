// The issue's "done when": the seed article and its windows-1252, UTF-16LE and HTML copies; failure codes;
// JSON and JSON Lines.
import Foundation
import Testing

@testable import WiredeskPipeline

@Suite struct NormalizeStageTests {
    let stage = NormalizeStage()

    func article(_ raw: RawDocument) throws -> ArticleResult {
        let items = try stage.run(raw)
        #expect(items.count == 1)
        return try #require(try items.first?.outcome.get())
    }

    /// Body text: everything after the headline.
    func body(_ a: ArticleBody) -> Substring {
        let scalars = a.text.unicodeScalars
        let start = scalars.index(scalars.startIndex, offsetBy: a.paragraphs.first?.start ?? 0)
        return Substring(scalars[start...])
    }

    @Test func seedArticleMeetsTheIssue() throws {
        let result = try article(NormalizeFixtures.inbox("nato-russia-talks.txt"))
        let a = try #require(result.article)
        #expect(a.headline == "NATO Secretary General expressed “profound disagreements” after talks with Russia")
        #expect(a.sourceAgency == "Reuters")
        #expect(a.paragraphs.count == 7)
        #expect(a.sentences.count == 17)
        #expect(a.sentences.first == a.headlineRange)
        #expect(a.language == "en")
        #expect(result.source.format == "text")
        #expect(result.source.charset?.name == "UTF-8")
        #expect(result.id == NormalizeStage.sha256Hex(NormalizeFixtures.inbox("nato-russia-talks.txt").bytes))
    }

    @Test func anHTMLResultSaysWhereItsMetadataCameFrom() throws {
        let html = """
            <html lang="en"><head><title>Bridge closed | The Gazette</title>
            <meta property="og:url" content="https://example.com/bridge">
            <meta name="author" content="Jane Doe">
            <script type="application/ld+json">{"@type":"NewsArticle","datePublished":"2024-03-05T10:00:00Z"}</script>
            </head><body><article><h1>Bridge closed after cracks found</h1>
            <p>The old river bridge was closed on Tuesday after engineers found cracks in two of its piers.</p>
            <p>A temporary ferry will carry cars for at least a year, the council said in a statement.</p>
            </article></body></html>
            """
        let result = try article(RawDocument(name: "bridge.html", bytes: Array(html.utf8)))
        let sources = try #require(result.source.metadataSources)
        #expect(sources["headline"] == "h1")
        #expect(sources["url"] == "og")
        #expect(sources["published"] == "json-ld")
        #expect(sources["byline"] == "meta")
        #expect(sources["language"] == "html-lang")
        #expect(sources["text"] == "blocks")
        let json = String(decoding: ResultJSON.encode(result), as: UTF8.self)
        #expect(
            json.contains(#""metadata_sources":{"byline":"meta","headline":"h1","language":"html-lang""#), "\(json)")
        // Plain text has no such record.
        #expect(try article(NormalizeFixtures.inbox("nato-russia-talks.txt")).source.metadataSources == nil)
    }

    @Test(arguments: ["nato-russia-talks.cp1252.txt", "nato-russia-talks.utf16le.txt", "nato-russia-talks.html"])
    func otherEncodingsAndHTMLGiveTheSameArticle(_ name: String) throws {
        let seed = try #require(try article(NormalizeFixtures.inbox("nato-russia-talks.txt")).article)
        let result = try article(NormalizeFixtures.inbox(name))
        let other = try #require(result.article)
        #expect(other.headline == seed.headline)
        #expect(body(other) == body(seed))
        #expect(other.sentences.count == 17)
        #expect(other.sourceAgency == "Reuters")
    }

    @Test func detectedCharsets() throws {
        let cp1252 = try article(NormalizeFixtures.inbox("nato-russia-talks.cp1252.txt")).source.charset
        #expect(cp1252?.name == "windows-1252")
        let utf16 = try article(NormalizeFixtures.inbox("nato-russia-talks.utf16le.txt")).source.charset
        #expect(utf16?.name == "UTF-16LE")
        let cp1251 = try article(NormalizeFixtures.inbox("novosibirsk-bridge.cp1251.txt"))
        #expect(cp1251.source.charset?.name == "windows-1251")
        #expect(cp1251.article?.language == "ru")
        #expect(cp1251.article?.sourceAgency == "TASS")
        #expect(try article(NormalizeFixtures.input("tokyo-library.sjis.txt")).source.charset?.name == "Shift_JIS")
        let gb = try article(NormalizeFixtures.input("shanghai-metro.gb18030.txt"))
        #expect(gb.source.charset?.name == "GB18030")
        #expect(gb.article?.language == "zh")
        let declared = try article(NormalizeFixtures.input("skating-rink.cp1251.html"))
        #expect(declared.source.charset?.name == "windows-1251")
        #expect(declared.source.charset?.method == "declared")
        #expect(declared.article?.headline == "Каток открылся в парке")
        #expect(declared.article?.language == "ru")
        #expect(declared.article?.paragraphs.count == 2)
        for name in ["cycle-lanes.utf8bom.txt", "cycle-lanes.utf16be-bom.txt", "cycle-lanes.utf32le-bom.txt"] {
            let r = try article(NormalizeFixtures.input(name))
            #expect(r.source.charset?.method == "bom")
            #expect(r.article?.headline == "Council approves new cycle lanes")
        }
    }

    @Test func invalidBytesAreReplacedAndCounted() throws {
        let r = try article(NormalizeFixtures.input("cafe-invalid-bytes.txt"))
        #expect(r.source.charset?.name == "UTF-8")
        #expect(r.source.charset?.replaced == 2)
        #expect(r.article?.headline == "Café owners protest new rules")
    }

    @Test(arguments: [
        ("empty.txt", "empty"), ("whitespace-only.txt", "empty"), ("binary-nul.bin", "binary"),
        ("image.png.txt", "binary"),
    ])
    func badInputFailsWithACode(_ name: String, _ code: String) {
        #expect(throws: StageFailure.self) { try stage.run(NormalizeFixtures.input(name)) }
        do {
            _ = try stage.run(NormalizeFixtures.input(name))
        } catch {
            #expect(error.code == code)
            #expect(error.stage == "normalize")
            #expect(!error.message.isEmpty)
        }
    }

    @Test(
        arguments: [
            [0x00, 0x01, 0x02, 0xFF, 0x00],
            [
                0x00, 0x41, 0x00, 0x01, 0x00, 0x02, 0x00, 0x03, 0x00, 0x04, 0x00, 0x05, 0x00, 0x06, 0x00, 0x07, 0x00,
                0x08,
            ],
        ] as [[UInt8]])
    func shortOrControlHeavyBytesWithNULsAreBinaryNotUTF16(_ bytes: [UInt8]) {
        do {
            _ = try stage.run(RawDocument(name: "blob.bin", bytes: bytes))
            Issue.record("expected binary")
        } catch {
            #expect(error.code == "binary")
        }
    }

    @Test func tooLargeIsCheckedFirst() {
        var config = NormalizeConfig()
        config.maxBytes = 100
        let small = NormalizeStage(config: config)
        do {
            _ = try small.run(NormalizeFixtures.inbox("nato-russia-talks.txt"))
            Issue.record("expected too_large")
        } catch {
            #expect(error.code == "too_large")
        }
    }

    @Test func undecodableBytes() throws {
        // Random high bytes: not UTF-8, no NULs or controls, and no single-byte charset fits them well.
        var bytes: [UInt8] = []
        for i in 0..<600 {
            let offset: Int = (i * 37 + i / 7) % 0x80
            bytes.append(UInt8(0x80 + offset))
        }
        let outcome = Result { () throws(StageFailure) in try stage.run(RawDocument(name: "noise.txt", bytes: bytes)) }
        switch outcome {
        case .success(let items):
            // A detector may still claim a charset: then the result must at least say how unsure it is.
            let charset = try #require(try items.first?.outcome.get().source.charset)
            #expect(charset.confidence < 0.9)
        case .failure(let error):
            #expect(["undecodable", "binary"].contains(error.code))
        }
    }

    @Test func jsonLinesBatchFailsOneLineAlone() throws {
        let raw = NormalizeFixtures.inbox("batch.jsonl")
        let items = try stage.run(raw)
        #expect(items.map(\.line) == [1, 2, 3])
        let first = try items[0].outcome.get()
        #expect(first.source.line == 1)
        #expect(first.source.format == "jsonl")
        #expect(first.article?.headline == "Library extends opening hours during exams")
        #expect(first.id == NormalizeStage.sha256Hex(try #require(items[0].rawBytes)))
        guard case .failure(let failure) = items[1].outcome else {
            Issue.record("line 2 should fail")
            return
        }
        #expect(failure.code == "undecodable")
        #expect(failure.message.hasPrefix("line 2"))
        #expect(items[1].rawBytes.map { String(decoding: $0, as: UTF8.self) }?.contains("Broken line") == true)
        let third = try items[2].outcome.get()
        #expect(third.article?.byline == "Staff reporter")
        #expect(third.article?.paragraphs.count == 2)
    }

    /// A batch is handed on line by line, and stopping after a line leaves the rest unparsed (issue 15: a
    /// 100,000-line batch held every line's analysis at once).
    @Test func jsonLinesBatchStreamsAndStops() throws {
        let raw = NormalizeFixtures.inbox("batch.jsonl")
        var seen: [Int?] = []
        try stage.forEachItem(raw) { item in
            seen.append(item.line)
            return item.line != 2
        }
        #expect(seen == [1, 2])
    }

    @Test func pipelineStreamsBatchOutcomesInOrder() throws {
        var config = PipelineConfig()
        config.stages = ["normalize"]
        let pipeline = try Pipeline(config: config)
        var lines: [Int?] = []
        var failures = 0
        pipeline.process(NormalizeFixtures.inbox("batch.jsonl")) { outcome in
            lines.append(outcome.line)
            if case .failure = outcome.result { failures += 1 }
            #expect(outcome.timingsUs.first?.stage == "normalize")
            return true
        }
        #expect(lines == [1, 2, 3])
        #expect(failures == 1)
    }

    @Test func jsonArticle() throws {
        let r = try article(NormalizeFixtures.inbox("tidal-plant.json"))
        let a = try #require(r.article)
        #expect(r.source.format == "json")
        #expect(r.source.url == "https://feeds.example.net/energy/tidal-plant")
        #expect(a.headline == "Harbour city opens its first tidal energy plant")
        #expect(a.byline == "Maria Lopes")
        #expect(a.published == "2024-05-14T09:30:00Z")
        #expect(a.dateline == "PORTO")
        #expect(a.sourceAgency == "AFP")
        #expect(a.paragraphs.count == 3)
    }

    @Test func htmlDropsBoilerplate() throws {
        for raw in [
            NormalizeFixtures.inbox("nato-russia-talks.html"), NormalizeFixtures.input("ferry-boilerplate.html"),
        ] {
            let r = try article(raw)
            let text = try #require(r.article?.text)
            #expect(r.source.format == "html")
            for junk in [
                "cookies", "Privacy", "Advertisement", "Related stories", "Share on", "Home", "nobody", "ads.push",
                "Tweet", "Coast News 2024", "Ferry timetable",
            ] {
                #expect(!text.contains(junk), "\(junk) leaked into \(raw.name)")
            }
        }
        let ferry = try #require(try article(NormalizeFixtures.input("ferry-boilerplate.html")).article)
        #expect(ferry.headline == "Ferry service cut to three days a week")
        #expect(ferry.byline == "Lena Berg")
        #expect(ferry.paragraphs.count == 2)
        let nato = try article(NormalizeFixtures.inbox("nato-russia-talks.html"))
        #expect(nato.article?.published == "2015-01-26T14:05:00Z")
        #expect(nato.source.url == "https://news.example.org/world/nato-russia-talks")
    }

    @Test func wireCopyStructure() throws {
        let a = try #require(try article(NormalizeFixtures.inbox("port-strike-wire.txt")).article)
        #expect(a.headline == "Port workers end strike after pay deal")
        #expect(a.byline == "Anna Weber")
        #expect(a.dateline == "HAMBURG, 5 March")
        #expect(a.sourceAgency == "Reuters")
        #expect(a.paragraphs.count == 3)
        #expect(a.text.contains("Shipping lines had diverted"))
        #expect(a.sentences.count == 1 + 1 + 2 + 2)
    }

    @Test func markdown() throws {
        let r = try article(NormalizeFixtures.inbox("bird-survey.md"))
        let a = try #require(r.article)
        #expect(r.source.format == "markdown")
        #expect(a.headline == "Volunteers count 212 bird species in weekend survey")
        #expect(a.byline == "Tom Hale")
        #expect(!a.text.contains("**") && !a.text.contains("](") && !a.text.contains("#"))
        #expect(a.text.contains("the full list will be published next month"))
    }

    @Test func offsetsAreScalarOffsetsIntoText() throws {
        for name in NormalizeGoldenTests.inboxFiles {
            for item in try stage.run(NormalizeFixtures.inbox(name)) {
                guard case .success(let r) = item.outcome, let a = r.article else { continue }
                let scalars = Array(a.text.unicodeScalars)
                for range in a.paragraphs + a.sentences + [a.headlineRange].compactMap({ $0 }) {
                    #expect(range.start >= 0 && range.start < range.end && range.end <= scalars.count)
                    #expect(scalars[range.start] != " " && scalars[range.end - 1] != " ")
                }
                if let h = a.headlineRange, let headline = a.headline {
                    #expect(String(String.UnicodeScalarView(scalars[h.start..<h.end])) == headline)
                }
            }
        }
    }
}
