import Testing

@testable import WiredeskLab
@testable import WiredeskPipeline

@Suite("NER tagger")
struct NERTests {
    static let miniCoNLL = """
        -DOCSTART- -X- -X- O

        Jens NNP B-NP B-PER
        Stoltenberg NNP I-NP I-PER
        visited VBD B-VP O
        Moscow NNP B-NP B-LOC
        . . O O

        Reuters NNP B-NP B-ORG
        reported VBD B-VP O
        it PRP B-NP O
        . . O O

        -DOCSTART- -X- -X- O

        Angela NNP B-NP B-PER
        Merkel NNP I-NP I-PER
        met VBD B-VP O
        NATO NNP B-NP B-ORG
        in IN B-PP O
        Berlin NNP B-NP B-LOC
        . . O O

        """

    @Test func tagSetAndBIOConstraints() {
        #expect(NERTags.count == 9)
        #expect(NERTags.index(of: "B-LOC") == 5)
        #expect(NERTags.index(of: "I-MISC") == 8)
        #expect(NERTags.index(of: "O") == 0)
        #expect(NERTags.allowed(2, after: 1))  // I-PER after B-PER
        #expect(!NERTags.allowed(2, after: 0))  // I-PER after O
        #expect(!NERTags.allowed(4, after: 1))  // I-ORG after B-PER
    }

    @Test func spansFollowConllevalRules() {
        // B-PER I-PER O I-LOC B-LOC I-ORG
        let spans = NERModel.spans([1, 2, 0, 6, 5, 4])
        #expect(
            spans == [
                TokenSpan(start: 0, end: 2, type: "PER"), TokenSpan(start: 3, end: 4, type: "LOC"),
                TokenSpan(start: 4, end: 5, type: "LOC"), TokenSpan(start: 5, end: 6, type: "ORG"),
            ])
    }

    @Test func parsesCoNLLDocumentsAndSentences() {
        let sentences = CoNLLReader.parse(Array(Self.miniCoNLL.utf8))
        #expect(sentences.count == 3)
        #expect(sentences[0].tags == [1, 2, 0, 5, 0])
        #expect(sentences[0].tokens[1].text(in: sentences[0].scalars) == "Stoltenberg")
        #expect(sentences[0].document == sentences[1].document)
        #expect(sentences[2].document != sentences[1].document)
    }

    @Test func scoresAreEntityLevel() {
        var scores = NERScores()
        // gold: PER(0,2) LOC(3,4); predicted: PER(0,1) LOC(3,4) → 1 of 2 correct each way.
        scores.add(gold: [1, 2, 0, 5], predicted: [1, 0, 0, 5])
        #expect(scores.overall.truePositives == 1)
        #expect(scores.overall.precision == 0.5)
        #expect(scores.overall.recall == 0.5)
        #expect(scores.byType["LOC"]?.f1 == 1)
        #expect(scores.byType["PER"]?.f1 == 0)
        #expect(scores.table().contains("overall"))
    }

    @Test func trainsSerializesAndReloads() throws {
        let sentences = CoNLLReader.parse(Array(Self.miniCoNLL.utf8))
        var trainer = NERTrainer()
        trainer.bits = 12
        trainer.iterations = 8
        trainer.folds = 2
        var reports = 0
        let bytes = trainer.train(
            sentences, dev: nil, gazetteer: nil, clusters: nil, progress: { _, _, _, _ in },
            report: { _ in reports += 1 })
        #expect(reports == 8 * 4)  // stage 1, two folds, stage 2
        let model = try NERModel(bytes: bytes, gazetteer: nil, clusters: nil)
        #expect(model.bits == 12)
        let scores = NEREvaluator.evaluate(model, on: sentences)
        #expect(scores.overall.f1 == 1)  // it fits its own training data
        var corrupt = bytes
        corrupt[0] = 0
        #expect(throws: ConfigError.self) { try NERModel(bytes: corrupt, gazetteer: nil, clusters: nil) }
        #expect(throws: ConfigError.self) {
            try NERModel(bytes: Array(bytes.dropLast(3)), gazetteer: nil, clusters: nil)
        }
    }

    @Test func shippedModelTagsNewsText() throws {
        let model = try #require(sharedExtractStage).extractor.model
        let text = "German Chancellor Angela Merkel met NATO officials in Brussels on Monday, Reuters reported."
        let scalars = Array(text.unicodeScalars)
        let tokens = Tokenizer().tokenize(scalars, in: 0..<scalars.count)
        let spans = NERModel.spans(model.tag(scalars, tokens: tokens[...]))
        let found = spans.map { span in
            (
                Tokenizer().tokenize(text)[span.start..<span.end].map { $0.text(in: scalars) }.joined(separator: " "),
                span.type
            )
        }
        #expect(found.contains { $0 == ("Angela Merkel", "PER") })
        #expect(found.contains { $0 == ("NATO", "ORG") })
        #expect(found.contains { $0 == ("Brussels", "LOC") })
        #expect(found.contains { $0 == ("Reuters", "ORG") })
        #expect(found.contains { $0 == ("German", "MISC") })
        #expect(!found.contains { $0.0 == "Monday" })
    }
}
