import Foundation
import Testing

@testable import WiredeskLab
@testable import WiredeskPipeline

/// Fixture helpers shared by the classify tests.
enum ClassifyFixtures {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures/classify").path

    static func text(_ name: String) throws -> String {
        try String(contentsOfFile: directory + "/" + name, encoding: .utf8)
    }

    /// The fixture run through the normalize stage, as the daemon would see it.
    static func normalized(_ name: String, bytes: [UInt8]? = nil) throws -> ArticleResult {
        let data = try bytes ?? [UInt8](Data(contentsOf: URL(fileURLWithPath: directory + "/" + name)))
        let items = try NormalizeStage().run(RawDocument(name: name, bytes: data))
        return try items[0].outcome.get()
    }

    /// A fresh, empty state directory.
    static func temporaryDirectory() throws -> String {
        let path = NSTemporaryDirectory() + "wiredesk-classify-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }
}

@Suite struct ClassifyStageTests {
    @Test func bbcModelIsStillAvailable() throws {
        var config = ClassifyConfig()
        config.topicModel = "bbc"
        let stage = try config.build()
        let result = try stage.run(try ClassifyFixtures.normalized("nato-russia-talks.txt"))
        let topic = try #require(result.classification?.topic)
        #expect(Set(topic.scores.keys) == ["business", "entertainment", "politics", "sport", "tech"])
        #expect(topic.iptc == TopicModel.defaultIPTC[topic.label])
        config.topicModel = "nonsense-name"
        #expect(throws: ConfigError.self) { try config.build() }
    }

    @Test func topicsListEveryLabelAboveTheThresholdAndLowConfidenceIsUncertain() throws {
        var config = ClassifyConfig()
        config.topicThreshold = 0.25
        config.topicMinConfidence = 0.6
        let model = try TopicModel.loadShipped("bbc")
        let stage = ClassifyStage(config: config, topicModel: model, toneScorer: nil, duplicateIndex: nil)
        // Two labels close together: both listed, most probable first, and the result is uncertain.
        let p = TopicPrediction(
            label: "politics", labelIndex: 2, confidence: 0.45, probabilities: [0.4, 0.05, 0.45, 0.05, 0.05],
            decisionValues: [0, 0, 0, 0, 0])
        let t = stage.topic(p, model: model)
        #expect(t.topics == ["politics", "business"])
        #expect(t.uncertain)
        #expect(t.label == "politics" && t.iptc == "medtop:11000000")
        let sure = TopicPrediction(
            label: "sport", labelIndex: 3, confidence: 0.9, probabilities: [0.02, 0.02, 0.03, 0.9, 0.03],
            decisionValues: [0, 0, 0, 0, 0])
        let s = stage.topic(sure, model: model)
        #expect(s.topics == ["sport"] && !s.uncertain)
    }

    @Test func seedArticleIsPoliticsWithNegativeTone() throws {
        let stage = try ClassifyConfig().build()
        let result = try stage.run(try ClassifyFixtures.normalized("nato-russia-talks.txt"))
        let topic = try #require(result.classification?.topic)
        // The default IPTC model files the NATO–Russia story under politics or conflict.
        #expect(["politics", "conflict-war-peace"].contains(topic.label))
        #expect(topic.iptc == IPTCTaxonomy.code(for: topic.label))
        #expect(topic.confidence > 0 && topic.confidence <= 1)
        #expect(Set(topic.scores.keys).isSubset(of: Set(IPTCTaxonomy.subjects.map(\.slug))))
        #expect(abs(topic.scores.values.reduce(0, +) - 1) < 0.001)
        #expect(topic.scores[topic.label] == topic.confidence)
        #expect(topic.uncertain == (topic.confidence < 0.5))
        #expect(topic.topics.allSatisfy { (topic.scores[$0] ?? 0) >= 0.3 })
        #expect(topic.topics.first == (topic.confidence >= 0.3 ? topic.label : nil))
        let tone = try #require(result.classification?.tone)
        #expect(tone.score < 0)
        #expect(tone.negative > tone.positive)
        #expect(abs(tone.polarity - (tone.positive + tone.negative)) < 0.01)
        #expect(tone.words > 300)
        #expect(result.classification?.duplicateOf == nil)
        // The recorded version must be the one the lexicon's card promises to users (Models/vader-tone.md).
        let cardURL = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Sources/WiredeskPipeline/Models/vader-tone.md")
        let card = try String(contentsOf: cardURL, encoding: .utf8)
        let recorded = try #require(stage.models["tone"])
        #expect(card.contains("`pipeline.models.tone = \"\(recorded)\"`"))
        #expect(stage.models["topic"]?.count == 12)
    }

    @Test func nonEnglishSkipsTopicAndToneButNotDuplicates() throws {
        let stage = try ClassifyConfig().build()
        var article = try ClassifyFixtures.normalized("nato-russia-talks.txt")
        article.article?.language = "de"
        let first = try stage.run(article)
        #expect(first.classification?.topic == nil)
        #expect(first.classification?.tone == nil)
        #expect(first.skipped?.map(\.step) == ["topic", "tone"])
        var copy = article
        copy.id = "another-id"
        copy.source.name = "copy.txt"
        let second = try stage.run(copy)
        #expect(second.classification?.duplicateOf?.id == article.id)
        #expect(second.classification?.duplicateOf?.name == "nato-russia-talks.txt")
        #expect(second.classification?.duplicateOf?.similarity == 1)
    }

    @Test func undeterminedNonLatinTextSkipsTheEnglishModels() throws {
        let stage = try ClassifyConfig().build()
        var article = try ClassifyFixtures.normalized("nato-russia-talks.txt")
        article.article?.language = "und"
        article.article?.text = "Министры обсудили переговоры в Брюсселе. Россия и НАТО не согласны."
        let out = try stage.run(article)
        #expect(out.classification?.topic == nil)
        #expect(out.classification?.tone == nil)
        #expect(out.skipped?.map(\.step) == ["topic", "tone"])
    }

    @Test func reRunOfTheSameArticleIsNotItsOwnDuplicate() throws {
        let stage = try ClassifyConfig().build()
        let article = try ClassifyFixtures.normalized("nato-russia-talks.txt")
        #expect(try stage.run(article).classification?.duplicateOf == nil)
        #expect(try stage.run(article).classification?.duplicateOf == nil)
    }

    @Test func configDecodesKeysAndValidates() throws {
        let json =
            #"{"topic_model": "/nonexistent/model", "duplicate_threshold": 0.7, "duplicate_memory": 10, "tone": false}"#
        let config = try JSONDecoder().decode(ClassifyConfig.self, from: Data(json.utf8))
        #expect(config.topicModel == "/nonexistent/model")
        #expect(config.duplicateThreshold == 0.7)
        #expect(config.duplicateMemory == 10)
        #expect(config.tone == false && config.topic && config.duplicates)
        #expect(throws: ConfigError.self) { try config.build() }  // the model path does not exist
        var bad = ClassifyConfig()
        bad.duplicateThreshold = 0
        #expect(throws: ConfigError.self) { try bad.validate() }
        bad = ClassifyConfig()
        bad.duplicateMemory = 0
        #expect(throws: ConfigError.self) { try bad.validate() }
        let defaults = try JSONDecoder().decode(ClassifyConfig.self, from: Data("{}".utf8))
        #expect(defaults == ClassifyConfig())
    }

    @Test func userModelFromConfigIsUsed() throws {
        let dir = try ClassifyFixtures.temporaryDirectory()
        var trainer = TopicTrainer()
        trainer.calibrationFolds = 2
        let model = try trainer.train(try TopicCorpus.load(directory: ClassifyFixtures.directory + "/tiny-corpus"))
        let path = dir + "/tiny.model"
        try Data(try model.serialized()).write(to: URL(fileURLWithPath: path))
        var config = ClassifyConfig()
        config.topicModel = path
        let stage = try config.build(environment: PipelineEnvironment(stateDirectory: dir))
        let result = try stage.run(try ClassifyFixtures.normalized("nato-russia-talks.txt"))
        #expect(Set(result.classification?.topic?.scores.keys.map { $0 } ?? []) == ["markets", "sport", "weather"])
        // "sport" and "weather" are IPTC subjects; "markets" is not.
        #expect(
            try TopicModel.load(path: path).header.iptc == ["sport": "medtop:15000000", "weather": "medtop:17000000"])
        #expect(stage.models["topic"] == (try TopicModel.load(path: path)).checksum)
    }

    @Test func stateDirectoryIndexIsSharedAcrossRebuilds() throws {
        let dir = try ClassifyFixtures.temporaryDirectory()
        let environment = PipelineEnvironment(stateDirectory: dir)
        let before = try ClassifyConfig().build(environment: environment)
        let after = try ClassifyConfig().build(environment: environment)  // what a SIGHUP reload does
        #expect(before.duplicateIndex === after.duplicateIndex)
        var article = try ClassifyFixtures.normalized("nato-russia-talks.txt")
        _ = try before.run(article)
        article.id = "edited"
        #expect(try after.run(article).classification?.duplicateOf != nil)
        #expect(FileManager.default.fileExists(atPath: dir + "/near-duplicates.bin"))
    }
}
