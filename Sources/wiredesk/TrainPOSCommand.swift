// `wiredesk train pos`: trains the averaged-perceptron POS tagger and NP chunker on CoNLL-2003's POS and chunk
// columns (logic in WiredeskPipeline/Extract/POS/POSTraining.swift).
import ArgumentParser
import Foundation
import Glibc
import WiredeskLab
import WiredeskPipeline

struct TrainPOSCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pos",
        abstract: "Train the part-of-speech tagger and noun-phrase chunker on a CoNLL-2003 file.",
        discussion: """
            Passes are chosen by cross-validation on the training file (folds by document); the chunker learns \
            from jackknifed POS tags. --valid is scored once at the end.
            """
    )

    @Option(help: "CoNLL-2003 training file (token POS chunk NER per line).")
    var conll: String

    @Option(help: "CoNLL file scored at the end (e.g. valid.txt); optional.")
    var valid: String?

    @Option(help: "Where to write the model (default: the shipped Models/pos.model of this checkout).")
    var out: String?

    @Option(help: "Most passes tried by cross-validation.")
    var maxPasses: Int = 8

    @Option(help: "Cross-validation folds.")
    var folds: Int = 3

    @Option(help: "Keep features seen at least this often in training.")
    var minCount: Int = 2

    @Option(help: "Tag dictionary: words seen at least this often (0: no dictionary) …")
    var dictionaryMinCount: Int = 10

    @Option(help: "… whose most frequent tag has at least this share are tagged without scoring.")
    var dictionaryMinShare: Double = 0.97

    func run() throws {
        func read(_ path: String) throws -> [TaggedSentence] {
            guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
                throw ValidationError("cannot read \(path)")
            }
            let sentences = POSCorpus.parse(text)
            guard !sentences.isEmpty else { throw ValidationError("\(path) holds no CoNLL sentences") }
            return sentences
        }
        let train = try read(conll)
        let validSentences = try valid.map { try read($0) }
        var options = POSTrainer.Options()
        options.maxPasses = maxPasses
        options.folds = folds
        options.dictionaryMinCount = dictionaryMinCount
        options.dictionaryMinShare = dictionaryMinShare
        options.minCount = minCount
        let tty = isatty(2) != 0
        let (model, report) = POSTrainer.train(train: train, valid: validSentences, options: options) { line in
            if tty { FileHandle.standardError.write(Data("\r\u{1B}[K\(line)".utf8)) }
        }
        if tty { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
        print(report.table, terminator: "")
        let bytes = model.serialize()
        let path = out ?? ModelStore.sourceModelsDirectory + "/" + POSModel.fileName
        guard FileManager.default.createFile(atPath: path, contents: Data(bytes)) else {
            throw ValidationError("cannot write \(path)")
        }
        print("wrote \(path): \(bytes.count) bytes, sha256 \(NormalizeStage.sha256Hex(bytes))")
        if let data = FileManager.default.contents(atPath: conll) {
            print("training data \(conll): sha256 \(NormalizeStage.sha256Hex([UInt8](data)))")
        }
    }
}
