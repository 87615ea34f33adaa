// `wiredesk train ner`: trains the averaged-perceptron NER tagger on a CoNLL-2003 file.
import ArgumentParser
import Foundation
import Glibc
import WiredeskLab
import WiredeskPipeline

struct TrainNERCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ner", abstract: "Train the named-entity tagger on a CoNLL-2003 file.")

    @Option(help: "CoNLL-2003 training file (token POS chunk NER per line); repeat to train on several.")
    var conll: [String]

    @Option(help: "Where to write the model (default: the shipped Models/ner.model of this checkout).")
    var out: String?

    @Option(help: "Training passes over the data.")
    var iterations: Int = 12

    @Option(help: "Feature-hash table size as a power of two.")
    var bits: Int = 19

    @Option(help: "Folds of jackknifed first-stage tags for the second (document-level) stage; 0 = one stage.")
    var folds: Int = 5

    @Option(help: "CoNLL file scored after each stage (e.g. valid.txt); optional.")
    var dev: String?

    @Option(
        help:
            "Cross-validate instead of writing a model: K folds by document (document d is held out in fold d % K), both stages trained on the rest; prints pooled per-type scores."
    )
    var cv: Int?

    @Option(help: "Word-cluster TSV to build features with (default: the shipped word-clusters.tsv).")
    var wordClusters: String?

    @Option(
        help:
            "Feature set: 7 (with the corpus casing classes of word-casing.tsv), 6 (without them; with the name-particle/organisation/title/calendar word classes) or 5 (without either)."
    )
    var featureVersion: UInt32 = NERFeaturizer.featureVersion

    /// Progress goes to standard error (a terminal) so standard output stays a clean summary table.
    static func status(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }

    func run() throws {
        let gazetteer = try Gazetteer.load()
        let clusters = try WordClusters.load(path: wordClusters)
        // Several files: document ids continue from one file to the next, so documents stay apart.
        var sentences: [LabeledSentence] = []
        for path in conll {
            let offset = (sentences.last?.document ?? 0) + 1
            sentences += try CoNLLReader.load(path: path).map { s in
                var s = s
                s.document += offset
                return s
            }
        }
        let devSentences = try dev.map { path throws(ConfigError) in try CoNLLReader.load(path: path) }
        guard NERFeaturizer.supportedVersions.contains(featureVersion) else {
            throw ValidationError("--feature-version must be in \(NERFeaturizer.supportedVersions)")
        }
        var trainer = NERTrainer()
        trainer.iterations = iterations
        trainer.bits = bits
        trainer.folds = folds
        trainer.featureVersion = featureVersion
        let tty = isatty(2) != 0
        print(
            "training on \(sentences.count) sentences, \(iterations) passes, 2^\(bits) feature rows, feature set \(featureVersion), clusters \(wordClusters ?? "shipped")"
        )
        print("phase      pass  token errors  train acc   dev F1  seconds")
        let progress: (String, Int, Int, Int) -> Void = { phase, pass, done, total in
            if tty { Self.status("\r\(phase) pass \(pass): \(done)/\(total) sentences") }
        }
        let report: (NERTrainer.IterationReport) -> Void = { r in
            if tty { Self.status("\r\u{1B}[K") }
            // Without a terminal (a log file), one line per phase is progress enough.
            if !tty && r.iteration != iterations && r.devF1 == nil { return }
            let acc = r.tokens == 0 ? 0 : 100 * (1 - Double(r.tokenErrors) / Double(r.tokens))
            let dev = r.devF1.map { String(format: "%6.2f", $0 * 100) } ?? "     -"
            let phase = r.phase.padding(toLength: 9, withPad: " ", startingAt: 0)
            print(
                String(
                    format: "%@  %4d  %12d  %8.2f%%  %@  %7.1f", phase, r.iteration, r.tokenErrors, acc, dev,
                    r.seconds))
            fflush(nil)  // all streams: progress shows when stdout is a log file
        }
        if let cv {
            guard cv >= 2 else { throw ValidationError("--cv needs at least 2 folds") }
            let result = try trainer.crossValidate(
                sentences, folds: cv, gazetteer: gazetteer, clusters: clusters, progress: progress, report: report)
            print("\(cv)-fold cross-validation by document on \(conll.joined(separator: " + ")):")
            print(result.scores.table())
            print("fold F1: " + result.foldF1.map { String(format: "%.2f", $0 * 100) }.joined(separator: " "))
            return
        }
        let model = trainer.train(
            sentences, dev: devSentences, gazetteer: gazetteer, clusters: clusters, progress: progress,
            report: report)
        let path = out ?? ModelStore.sourceModelsDirectory + "/" + NERModel.fileName
        guard FileManager.default.createFile(atPath: path, contents: Data(model)) else {
            throw ValidationError("cannot write \(path)")
        }
        print("wrote \(path): \(model.count) bytes, sha256 \(NormalizeStage.sha256Hex(model))")
        for path in conll {
            if let bytes = FileManager.default.contents(atPath: path) {
                print("training data \(path): sha256 \(NormalizeStage.sha256Hex(bytes))")
            }
        }
    }
}
