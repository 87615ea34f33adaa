import Foundation
import Testing

@testable import WiredeskPipeline

@Suite("Extract stage")
struct ExtractStageTests {
    static var fixtures: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/extract")
    }

    /// The seed article through the branch's NormalizeStage, then extract.
    func seedResult() throws -> ArticleResult {
        let stage = try #require(sharedExtractStage)
        let bytes = try [UInt8](Data(contentsOf: Self.fixtures.appendingPathComponent("nato-russia-talks.txt")))
        let raw = RawDocument(name: "nato-russia-talks.txt", bytes: bytes)
        let items = try NormalizeStage().run(raw)
        let article = try #require(try items.first?.outcome.get())
        // The language decision is normalize's; extract must get an English article here without help.
        #expect(article.article?.language == "en")
        return try stage.run(article)
    }

    @Test func goldenSeedArticle() throws {
        let result = try seedResult()
        let entities = try #require(result.entities)
        func has(_ name: String, _ type: String) -> Bool { entities.contains { $0.name == name && $0.type == type } }
        #expect(has("Jens Stoltenberg", "PERSON"))
        #expect(has("Alexander Grushko", "PERSON"))
        #expect(has("NATO", "ORGANIZATION"))
        #expect(has("Reuters", "ORGANIZATION"))
        for place in ["Russia", "Ukraine", "Eastern Ukraine", "Crimea", "Moscow", "Afghanistan", "Baltic Sea"] {
            #expect(has(place, "LOCATION"), "missing place \(place)")
        }
        let stoltenberg = try #require(entities.first { $0.name == "Jens Stoltenberg" })
        #expect(stoltenberg.mentions.count >= 3)
        #expect(entities.first { $0.name == "Russia" }?.geo?.countryCode == "RU")
        #expect(entities.first { $0.name == "Eastern Ukraine" }?.geo?.countryCode == "UA")
        #expect(entities.first { $0.name == "Moscow" }?.geo?.gazetteerId == "geonames:524901")
        #expect(entities.first?.name == "NATO")
        #expect(result.skipped == nil)
    }

    @Test func modelsAreVersioned() throws {
        let stage = try #require(sharedExtractStage)
        let version = try #require(stage.models["ner"])
        #expect(version.count == 12)
        #expect(version.allSatisfy { $0.isHexDigit })
        // The keywords' POS tagger too: its file's checksum, as the card gives it.
        let pos = try #require(stage.models["pos"])
        let bytes = try ModelStore.load(POSModel.fileName)
        #expect(pos == String(NormalizeStage.sha256Hex(bytes).prefix(12)))
        #expect(pos != version)
    }

    @Test func nonEnglishArticlesSkipEntities() throws {
        let stage = try #require(sharedExtractStage)
        var result = ArticleResult(id: "x", source: SourceInfo(name: "de.txt", bytes: 10, receivedAt: "now"))
        result.article = ArticleBody(headline: nil, language: "de", text: "Angela Merkel besuchte Paris.")
        let out = try stage.run(result)
        #expect(out.entities == nil)
        #expect(out.skipped?.first?.stage == "extract")
        #expect(out.skipped?.first?.step == "entities")
        #expect(out.skipped?.first?.reason.contains("de") == true)
    }

    @Test func undeterminedLanguageRunsOnlyOnMostlyASCIIText() {
        let ascii = ArticleBody(headline: nil, language: "und", text: "Angela Merkel visited Paris.")
        #expect(ExtractStage.skipReason(ascii) == nil)
        let cyrillic = ArticleBody(headline: nil, language: "und", text: "Путин посетил Париж в понедельник.")
        #expect(ExtractStage.skipReason(cyrillic) != nil)
        let english = ArticleBody(headline: nil, language: "en", text: "Путин")
        #expect(ExtractStage.skipReason(english) == nil)
    }

    /// One language decision for every English-only step: a Cyrillic `und` text gets neither entities nor the
    /// English rules (quotes, keywords); `en-GB` gets both.
    @Test func entitiesAndRulesShareOneLanguageDecision() throws {
        let stage = try #require(sharedExtractStage)
        func run(_ language: String, _ text: String) throws -> ArticleResult {
            var result = ArticleResult(id: "x", source: SourceInfo(name: "a.txt", bytes: 10, receivedAt: "now"))
            result.article = ArticleBody(headline: nil, language: language, text: text)
            return try stage.run(result)
        }
        let cyrillic = try run("und", "«Мы не согласны», — сказал Путин журналистам в Москве в понедельник.")
        #expect(cyrillic.entities == nil)
        #expect(cyrillic.quotes == nil)
        #expect(cyrillic.keywords == nil)
        let steps = cyrillic.skipped?.map(\.step) ?? []
        #expect(steps.contains("entities"))
        let british = try run(
            "en-GB", "\"We do not agree,\" Vladimir Putin told reporters in Moscow on Monday about the talks.")
        #expect(british.entities?.isEmpty == false)
        #expect(british.quotes?.count == 1)
        #expect(british.keywords?.isEmpty == false)
    }

    @Test func shippedModelsAreLoadedOncePerProcess() throws {
        let a = try ExtractConfig().build()
        let b = try ExtractConfig().build()
        #expect(a.extractor === b.extractor)
        #expect(a.models == b.models)
    }

    @Test func missingModelFailsWithAConfigError() {
        let config = ExtractConfig(nerModel: "/nonexistent/ner.model")
        #expect(throws: ConfigError.self) { try config.build() }
    }

    @Test func configDecodesSnakeCaseKeys() throws {
        let json = #"{"ner_model": "/tmp/a.model", "word_clusters": "/tmp/c.tsv"}"#
        let config = try JSONDecoder().decode(ExtractConfig.self, from: Data(json.utf8))
        #expect(config.nerModel == "/tmp/a.model")
        #expect(config.wordClusters == "/tmp/c.tsv")
        #expect(config.gazetteer == nil)
    }
}
