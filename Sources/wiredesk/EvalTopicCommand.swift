// `wiredesk eval topic --corpus DIR`: k-fold cross-validation of the topic trainer (or scores a model on a
// test folder) and prints accuracy, macro-F1, per-label scores, the confusion matrix and prediction speed.
import ArgumentParser
import Foundation
import WiredeskLab
import WiredeskPipeline

struct EvalTopicCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "topic",
        abstract: "Measure the topic classifier: accuracy, macro-F1, per-label P/R/F1, confusion matrix, speed.",
        discussion: """
            Without --test, runs k-fold cross-validation on --corpus: the i-th file (in name order) of each \
            label goes to fold i mod k. With --test, trains on --corpus and scores on --test. With --model, \
            scores that model file on --corpus (or --test) without training.
            """
    )

    @Option(help: "Folder holding one folder of article files per label.")
    var corpus: String?

    @Option(help: "The topics-iptc corpus folder instead of --corpus (IPTC labels, source groups).")
    var iptc: String?

    @Option(help: "With --iptc: add the seed-word labeled articles of this unlabeled-news folder.")
    var unlabeled: String?

    @Flag(
        help: "With --unlabeled: score only the topics-iptc texts; the seed-word examples are trained on, not scored.")
    var scoreLabeledOnly = false

    @Option(help: "A separate test folder (same layout); no cross-validation then.")
    var test: String?

    @Option(help: "Score this model file instead of training one.")
    var model: String?

    @Flag(help: "Instead of scoring, benchmark the classify stage alone on the corpus' normalized articles.")
    var benchStage = false

    @Option(help: "Number of cross-validation folds.")
    var folds = 5

    @OptionGroup var training: TopicTrainerOptions

    func run() throws {
        let onTTY = isatty(STDERR_FILENO) == 1
        func warn(_ path: String, _ why: String) {
            FileHandle.standardError.write(Data("skipped \(path): \(why)\n".utf8))
        }
        if benchStage {
            try runStageBenchmark()
            return
        }
        guard (corpus == nil) != (iptc == nil) else { throw ValidationError("give exactly one of --corpus, --iptc") }
        let examples = try TopicCorpusOptions.load(
            corpus: corpus, iptc: iptc, unlabeled: unlabeled, progress: TerminalProgress())
        let corpus = self.corpus ?? iptc!
        let trainer = training.trainer
        let evaluation: TopicEvaluation
        if let model {
            let loaded = try TopicModel.load(path: model)
            let scored = try test.map { try TopicCorpus.load(directory: $0, skipped: warn) } ?? examples
            var e = TopicEvaluation(labels: loaded.labels)
            e.score(loaded, on: scored)
            evaluation = e
            print("model \(model) (sha256 \(loaded.checksum)…) on \(test ?? corpus)")
        } else if let test {
            let trained = try trainer.train(examples)
            var e = TopicEvaluation(labels: trained.labels)
            e.score(trained, on: try TopicCorpus.load(directory: test, skipped: warn))
            evaluation = e
            print("trained on \(corpus) (\(examples.count) articles), scored on \(test)")
        } else {
            print("\(folds)-fold cross-validation on \(corpus) (\(examples.count) articles)")
            let labeledOnly = scoreLabeledOnly
            if labeledOnly {
                print("scored: the topics-iptc texts only (seed-word examples are trained on, not scored)")
            }
            evaluation = try TopicEvaluation.crossValidate(
                examples, folds: folds, trainer: trainer, scored: { !labeledOnly || !IPTCCorpus.isSeedExample($0) }
            ) { fold in
                if onTTY { FileHandle.standardError.write(Data("\rfold \(fold)/\(folds)".utf8)) }
            }
            if onTTY { FileHandle.standardError.write(Data("\r".utf8)) }
        }
        print(evaluation.report(), terminator: "")
    }

    private func runStageBenchmark() throws {
        guard let corpus else { throw ValidationError("--bench-stage needs --corpus") }
        let normalize = NormalizeStage()
        var articles: [ArticleResult] = []
        let fm = FileManager.default
        for label in try fm.contentsOfDirectory(atPath: corpus).sorted() where !label.hasPrefix(".") {
            for name in (try? fm.contentsOfDirectory(atPath: corpus + "/" + label))?.sorted() ?? [] {
                let raw = try DocumentReader.read(
                    path: corpus + "/" + label + "/" + name, displayName: name, maxBytes: 10 << 20)
                for item in try normalize.run(raw) { if case .success(let a) = item.outcome { articles.append(a) } }
            }
        }
        print("classify stage alone on \(articles.count) normalized articles (3 rounds, thread CPU time)")
        for line in try ClassifyBenchmark.run(articles: articles) {
            let name = line.name.padding(toLength: 44, withPad: " ", startingAt: 0)
            print(
                name
                    + String(
                        format: "%9.0f articles/s per core  %7.1f µs/article", line.articlesPerSecond,
                        1e6 / max(line.articlesPerSecond, 1)))
        }
    }
}
