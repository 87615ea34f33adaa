import Foundation
import Testing

@testable import WiredeskLab
@testable import WiredeskPipeline

@Suite struct TopicModelTests {
    static func tinyCorpus() throws -> [LabeledText] {
        try TopicCorpus.load(directory: ClassifyFixtures.directory + "/tiny-corpus")
    }

    static func tinyModel() throws -> TopicModel {
        var trainer = TopicTrainer()
        trainer.calibrationFolds = 2
        return try trainer.train(try tinyCorpus())
    }

    @Test func corpusIsReadThroughNormalizeWithFolderLabels() throws {
        let corpus = try Self.tinyCorpus()
        #expect(corpus.count == 12)
        #expect(Set(corpus.map(\.label)) == ["markets", "sport", "weather"])
        // Normalize joins headline and body with a blank line.
        #expect(
            corpus.first { $0.source.hasSuffix("sport/1.txt") }?.text.hasPrefix("United win the derby\n\nThe striker")
                == true)
    }

    @Test func trainedModelClassifiesUnseenTexts() throws {
        let model = try Self.tinyModel()
        #expect(model.labels == ["markets", "sport", "weather"])
        #expect(model.predict("Investors sold shares after the bank cut its profit forecast").label == "markets")
        #expect(model.predict("The goalkeeper was injured before the cup match against the champions").label == "sport")
        #expect(model.predict("Forecasters warn of snow, frost and strong wind tomorrow").label == "weather")
        let p = model.predict("rain and wind")
        #expect(abs(p.probabilities.reduce(0, +) - 1) < 1e-9)
        #expect(p.confidence == p.probabilities.max())
        #expect(model.header.temperature > 0)
    }

    @Test func pruningDropsBucketsWhoseWeightsAreAllSmallAndKeepsTheDecisions() throws {
        var trainer = TopicTrainer()
        trainer.calibrationFolds = 2
        let full = try trainer.train(try Self.tinyCorpus())
        trainer.pruneBelow = 0.3
        let pruned = try trainer.train(try Self.tinyCorpus())
        let kept = { (m: TopicModel) in m.idf.filter { $0 > 0 }.count }
        #expect(kept(pruned) < kept(full))
        #expect(kept(pruned) > 0)
        #expect(pruned.header.features.contains("pruned"))
        #expect(pruned.predict("Investors sold shares after the bank cut its profit forecast").label == "markets")
        #expect(pruned.predict("Forecasters warn of snow, frost and strong wind tomorrow").label == "weather")
    }

    @Test func wordsOfOneDocumentCountOnlyWhenTheUnigramMinimumAllowsThem() throws {
        var trainer = TopicTrainer()
        trainer.calibrationFolds = 2
        trainer.minimumUnigramDocumentFrequency = 1
        let loose = try trainer.train(try Self.tinyCorpus())
        trainer.minimumUnigramDocumentFrequency = 2
        let strict = try trainer.train(try Self.tinyCorpus())
        #expect(strict.idf.filter { $0 > 0 }.count < loose.idf.filter { $0 > 0 }.count)
    }

    @Test func wordClassesCarryAnUnseenWordToTheLabelOfItsClass() throws {
        // "stocks" and "bonds" never occur in training; the shipped clusters put them in the class of "shares",
        // "profits" and "earnings" (1024 classes).
        let examples =
            ["shares rose sharply", "profits fell again", "earnings beat forecasts", "shares slipped after profits"]
            .map { LabeledText(label: "markets", text: $0) }
            + ["the striker scored twice", "a late goal for the striker", "the defender was sent off", "goal kick"]
            .map { LabeledText(label: "sport", text: $0) }
        var trainer = TopicTrainer()
        trainer.calibrationFolds = 0
        let plain = try trainer.train(examples)
        trainer.wordClassLevel = 1024
        let classed = try trainer.train(examples)
        #expect(classed.header.wordClasses == 1024 && plain.header.wordClasses == nil)
        let markets = try #require(classed.labels.firstIndex(of: "markets"))
        let withClasses = classed.predict("stocks and bonds")
        #expect(withClasses.label == "markets")
        #expect(withClasses.probabilities[markets] > plain.predict("stocks and bonds").probabilities[markets] + 0.1)
        // The file says which classes it was trained with, and loading brings them back.
        let loaded = try TopicModel.load(bytes: try classed.serialized())
        #expect(loaded.header.wordClasses == 1024)
        #expect(loaded.predict("stocks and bonds") == withClasses)
        #expect(throws: ConfigError.self) { try TopicWordClasses(tsv: Array("a\t1\t2\t3\n".utf8), level: 100) }
    }

    @Test func serializedModelLoadsWithIdenticalPredictions() throws {
        let model = try Self.tinyModel()
        let bytes = try model.serialized()
        let loaded = try TopicModel.load(bytes: bytes)
        #expect(loaded.header == model.header)
        #expect(loaded.checksum.count == 12 && loaded.checksum != model.checksum)
        for text in ["shares and profits", "a penalty in the final", "frost", ""] {
            #expect(loaded.predict(text).decisionValues == model.predict(text).decisionValues)
        }
    }

    @Test func theDefaultModelHas2To20BucketsButStoresRowsOnlyForSeenOnes() throws {
        let model = try Self.tinyModel()
        #expect(model.header.hashBits == 20 && model.header.c == 2)
        #expect(model.row.count == 1 << 20)
        let stored = model.storedBuckets
        #expect(!stored.isEmpty)
        // One zero row for unseen buckets plus one per stored bucket, not a dense 2^20-row table.
        #expect(model.table.count == (stored.count + 1) * model.stride)
        #expect(model.table[0..<model.stride].allSatisfy { $0 == 0 })
        let idf = model.idf
        #expect(idf.indices.filter { idf[$0] > 0 } == stored)
        // The same weights as a model built from the dense arrays of its buckets.
        let l = model.labels.count
        var weights = [Float](repeating: 0, count: idf.count * l)
        for b in stored {
            for j in 0..<l { weights[b * l + j] = model.table[Int(model.row[b]) * model.stride + 1 + j] }
        }
        let dense = TopicModel(
            header: model.header, idf: idf, weights: weights, bias: model.bias, checksum: "dense")
        for text in ["shares and profits", "a penalty in the final", "snow and frost tomorrow", "unseen words only"] {
            #expect(dense.predict(text).decisionValues == model.predict(text).decisionValues)
        }
    }

    @Test func aModelFileWithBucketsOutOfOrderIsRejected() throws {
        let model = try Self.tinyModel()
        var bytes = try model.serialized()
        let headerLength = bytes.withUnsafeBytes {
            Int(UInt32(littleEndian: $0.loadUnaligned(fromByteOffset: 8, as: UInt32.self)))
        }
        let first = 12 + headerLength + 4
        // Swap the first two stored bucket numbers.
        let a = Array(bytes[first..<first + 4])
        bytes.replaceSubrange(first..<first + 4, with: bytes[first + 4..<first + 8])
        bytes.replaceSubrange(first + 4..<first + 8, with: a)
        #expect(throws: ConfigError.self) { try TopicModel.load(bytes: bytes) }
    }

    @Test func damagedModelFilesAreRejected() throws {
        let bytes = try Self.tinyModel().serialized()
        #expect(throws: ConfigError.self) { try TopicModel.load(bytes: Array(bytes.dropLast(3))) }
        #expect(throws: ConfigError.self) { try TopicModel.load(bytes: Array("WDTOPIC0".utf8) + bytes.dropFirst(8)) }
        #expect(throws: ConfigError.self) { try TopicModel.load(bytes: []) }
    }

    @Test func trainingNeedsTwoLabels() {
        let one = [LabeledText(label: "x", text: "a b c"), LabeledText(label: "x", text: "d e f")]
        #expect(throws: ConfigError.self) { try TopicTrainer().train(one) }
    }

    @Test func foldsAreStratifiedRoundRobin() {
        #expect(TopicTrainer.stratifiedFolds(labels: [0, 0, 1, 0, 1, 1, 0], folds: 2) == [0, 1, 0, 0, 1, 0, 1])
    }

    @Test func crossValidationScoresEveryTextOnce() throws {
        var trainer = TopicTrainer()
        trainer.calibrationFolds = 0
        var folds: [Int] = []
        let evaluation = try TopicEvaluation.crossValidate(
            try Self.tinyCorpus(), folds: 4, trainer: trainer, progress: { folds.append($0) })
        #expect(folds == [1, 2, 3, 4])
        #expect(evaluation.total == 12)
        // Texts left out of the scoring are still trained on, but never counted.
        let firstLabel = try Self.tinyCorpus()[0].label
        let partial = try TopicEvaluation.crossValidate(
            try Self.tinyCorpus(), folds: 4, trainer: trainer, scored: { $0.label != firstLabel })
        #expect(partial.total == 12 - (try Self.tinyCorpus()).filter { $0.label == firstLabel }.count)
        #expect(evaluation.accuracy >= 0.75)
        #expect(evaluation.report().contains("confusion"))
    }

    @Test func metricsFromAKnownConfusionMatrix() {
        var e = TopicEvaluation(labels: ["a", "b"])
        e.confusion = [[8, 2], [0, 10]]
        #expect(e.accuracy == 0.9)
        let a = e.perLabel(0)
        #expect(a.precision == 1 && a.recall == 0.8 && a.support == 10)
        let b = e.perLabel(1)
        #expect(abs(b.precision - 10.0 / 12) < 1e-12 && b.recall == 1)
        #expect(abs(e.macroF1 - (2 * 0.8 / 1.8 + 2 * (10.0 / 12) / (10.0 / 12 + 1)) / 2) < 1e-12)
    }

    @Test func shippedDefaultModelUsesIPTCSlugsAndCodes() throws {
        let model = try TopicModel.loadShipped()
        #expect(model.labels.allSatisfy { IPTCTaxonomy.codes[$0] != nil })
        #expect(model.labels.allSatisfy { model.header.iptc[$0] == IPTCTaxonomy.codes[$0] })
        #expect(model.predict("The striker scored twice as the club won the league title").label == "sport")
        #expect(IPTCTaxonomy.subjects.count == 17 && IPTCTaxonomy.subjects[16].code == "medtop:17000000")
    }

    @Test func shippedModelHasTheBBCLabelsAndIPTCCodes() throws {
        let model = try TopicModel.loadShipped("bbc")
        #expect(model.labels == ["business", "entertainment", "politics", "sport", "tech"])
        #expect(model.header.iptc == TopicModel.defaultIPTC)
        #expect(model.predict("The striker scored twice as the club won the league title").label == "sport")
    }
}

@Suite struct TopicCalibrationTests {
    @Test func softmaxIsANormalisedRankingPreservingDistribution() {
        let p = Calibration.softmax([2, 0, -1], temperature: 0.5)
        #expect(abs(p.reduce(0, +) - 1) < 1e-12)
        #expect(p[0] > p[1] && p[1] > p[2])
        let flat = Calibration.softmax([2, 0, -1], temperature: 1000)
        #expect(flat.allSatisfy { abs($0 - 1.0 / 3) < 0.01 })
    }

    @Test func fittedTemperatureMatchesHowOftenTheTopScoreIsRight() {
        // Top score always 1 above the other, right 3 times out of 4: the calibrated confidence should be ~0.75,
        // i.e. e^(1/T) / (e^(1/T) + 1) = 0.75 → T = 1 / ln 3.
        let values = [[Double]](repeating: [1, 0], count: 400)
        let truth = (0..<400).map { $0 % 4 == 0 ? 1 : 0 }
        let t = Calibration.fitTemperature(values, truth: truth)
        #expect(abs(t - 1 / log(3.0)) < 1e-3)
        #expect(abs(Calibration.softmax([1, 0], temperature: t)[0] - 0.75) < 1e-3)
    }

    @Test func expectedCalibrationErrorIsZeroWhenConfidenceMatchesAccuracy() {
        let ece = Calibration.expectedCalibrationError(
            confidences: [0.75, 0.75, 0.75, 0.75], correct: [true, true, true, false])
        #expect(ece < 1e-12)
        let over = Calibration.expectedCalibrationError(confidences: [0.95, 0.95], correct: [false, true])
        #expect(abs(over - 0.45) < 1e-12)
    }
}

/// The seed-word rules that label unlabeled-news articles for the thin IPTC subjects (`IPTCCorpus.seedRules`).
@Suite struct IPTCSeedRuleTests {
    static let compiled = IPTCCorpus.seedRules.map { rule in
        (
            rule, try! NSRegularExpression(pattern: rule.pattern, options: [.caseInsensitive]),
            rule.unless.map { try! NSRegularExpression(pattern: $0, options: [.caseInsensitive]) }
        )
    }

    static func label(_ text: String, source: String = "huffpost") -> String? {
        IPTCCorpus.seedLabel(text, source: source, compiled: compiled)
    }

    @Test func schoolsAndStudentsAreEducationButASchoolShootingIsNot() {
        #expect(
            Self.label(
                "Los Angeles School District Reaches Deal To Reopen Classes. Students and teachers return next month.")
                == "education")
        #expect(
            Self.label(
                "Guard Who Detained School Shooting Suspect Opened Fire. Students and teachers hid in classrooms.")
                != "education")
    }

    @Test func wildlifeAndEmissionsAreEnvironment() {
        #expect(
            Self.label(
                "Endangered right whales face extinction, a wildlife report warns; conservation groups ask for help.")
                == "environment")
    }

    @Test func aRuleLabelsOnlyItsOwnSourcesAndNeedsTwoHits() {
        // Reuters-21578 is not an education source; one seed word is not enough.
        #expect(Self.label("University students and teachers protest tuition fees.", source: "reuters") == nil)
        #expect(Self.label("The school reopened.") == nil)
    }

    @Test func seedExamplesAreToldApartFromCorpusTexts() {
        #expect(IPTCCorpus.isSeedExample(LabeledText(label: "education", text: "x", source: "huffpost-news.txt.gz:12")))
        #expect(!IPTCCorpus.isSeedExample(LabeledText(label: "education", text: "x", source: "/c/education/a.txt")))
    }
}
