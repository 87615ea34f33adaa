// `wiredesk train ner`: trains the averaged-perceptron NER tagger on a CoNLL-2003 file.
import ArgumentParser
import Foundation
import Glibc
import WiredeskLab
import WiredeskPipeline

struct TrainNERCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ner", abstract: "Train the named-entity tagger on a CoNLL-2003 file.")

    @Option(help: "CoNLL-2003 training file (token POS chunk NER per line).")
    var conll: String

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

    /// Progress goes to standard error (a terminal) so standard output stays a clean summary table.
    static func status(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }

    func run() throws {
        let gazetteer = try Gazetteer.load()
        let clusters = try WordClusters.load()
        let sentences = try CoNLLReader.load(path: conll)
        let devSentences = try dev.map { path throws(ConfigError) in try CoNLLReader.load(path: path) }
        var trainer = NERTrainer()
        trainer.iterations = iterations
        trainer.bits = bits
        trainer.folds = folds
        let tty = isatty(2) != 0
        print("training on \(sentences.count) sentences, \(iterations) passes, 2^\(bits) feature rows")
        print("phase      pass  token errors  train acc   dev F1  seconds")
        let model = trainer.train(
            sentences, dev: devSentences, gazetteer: gazetteer, clusters: clusters,
            progress: { phase, pass, done, total in
                if tty { Self.status("\r\(phase) pass \(pass): \(done)/\(total) sentences") }
            },
            report: { r in
                if tty { Self.status("\r\u{1B}[K") }
                let acc = r.tokens == 0 ? 0 : 100 * (1 - Double(r.tokenErrors) / Double(r.tokens))
                let dev = r.devF1.map { String(format: "%6.2f", $0 * 100) } ?? "     -"
                let phase = r.phase.padding(toLength: 9, withPad: " ", startingAt: 0)
                print(
                    String(
                        format: "%@  %4d  %12d  %8.2f%%  %@  %7.1f", phase, r.iteration, r.tokenErrors, acc, dev,
                        r.seconds))
            })
        let path = out ?? ModelStore.sourceModelsDirectory + "/" + NERModel.fileName
        guard FileManager.default.createFile(atPath: path, contents: Data(model)) else {
            throw ValidationError("cannot write \(path)")
        }
        print("wrote \(path): \(model.count) bytes, sha256 \(NormalizeStage.sha256Hex(model))")
        if let bytes = FileManager.default.contents(atPath: conll) {
            print("training data \(conll): sha256 \(NormalizeStage.sha256Hex(bytes))")
        }
    }
}
