// `wiredesk train topic --corpus DIR` / `--iptc DIR [--unlabeled DIR]`: trains the topic classifier.
import ArgumentParser
import Foundation
import WiredeskLab
import WiredeskPipeline

struct TrainTopicCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "topic",
        abstract: "Train the topic classifier from a folder with one sub-folder of text files per label.",
        discussion: """
            With --corpus DIR, labels are the folder names of DIR. With --iptc DIR (the shared topics-iptc \
            corpus), labels are IPTC Media Topic slugs, each text is tagged with its source (BBC, HuffPost, AG) \
            for calibration on unseen sources, and --unlabeled DIR adds the seed-word labeled articles of \
            unlabeled-news/ (see docs/classify.md). Each file is read through the normalize stage, so training \
            sees what the daemon sees. The model is written to --out (default: topic.model in the current \
            directory); point [classify] topic_model at it.
            """
    )

    @Option(help: "Folder holding one folder of article files per label.")
    var corpus: String?

    @Option(help: "The topics-iptc corpus folder (IPTC labels, source groups for calibration).")
    var iptc: String?

    @Option(help: "With --iptc: the unlabeled-news folder whose seed-word labeled articles are added.")
    var unlabeled: String?

    @Option(help: "Also write the assembled training corpus as DIR/<label>/<files> (for outside tools).")
    var writeCorpus: String?

    @Option(help: "Where to write the model.")
    var out = "topic.model"

    @OptionGroup var training: TopicTrainerOptions

    func validate() throws {
        guard (corpus == nil) != (iptc == nil) else { throw ValidationError("give exactly one of --corpus, --iptc") }
        if unlabeled != nil && iptc == nil { throw ValidationError("--unlabeled needs --iptc") }
    }

    func run() throws {
        let progress = TerminalProgress()
        let examples = try TopicCorpusOptions.load(corpus: corpus, iptc: iptc, unlabeled: unlabeled, progress: progress)
        if let writeCorpus { try IPTCCorpus.write(examples, to: writeCorpus) }
        let trainer = training.trainer
        let clock = MonotonicClock()
        let model = try trainer.train(examples) { progress.show($0) }
        progress.done()
        let bytes = try model.serialized()
        try Data(bytes).write(to: URL(fileURLWithPath: out))
        let written = try TopicModel.load(path: out)
        let seconds = Double(clock.elapsedMicros()) / 1e6
        print(TopicCorpusOptions.summary(examples, model: model))
        print(
            String(
                format: "temperature %.4f, %d bytes, sha256 %@…, %.1f s", model.header.temperature, bytes.count,
                written.checksum, seconds))
        print("wrote \(out)")
    }
}

/// Reading the training corpus for `train topic` and `eval topic`.
enum TopicCorpusOptions {
    static func load(corpus: String?, iptc: String?, unlabeled: String?, progress: TerminalProgress) throws
        -> [LabeledText]
    {
        func warn(_ path: String, _ why: String) {
            FileHandle.standardError.write(Data("skipped \(path): \(why)\n".utf8))
        }
        progress.show("reading \(corpus ?? iptc ?? "")")
        if let corpus { return try TopicCorpus.load(directory: corpus, skipped: warn) }
        var examples = try IPTCCorpus.loadLabeled(directory: iptc!, skipped: warn)
        if let unlabeled {
            progress.show("seed-word labels over \(unlabeled)")
            examples += try IPTCCorpus.seedExamples(unlabeledDirectory: unlabeled, known: examples)
        }
        return examples
    }

    /// Texts per label and source group, with the IPTC code of each label.
    static func summary(_ examples: [LabeledText], model: TopicModel) -> String {
        let groups = Array(Set(examples.map(\.group))).sorted()
        var table: [String: [String: Int]] = [:]
        for e in examples { table[e.label, default: [:]][e.group, default: 0] += 1 }
        let width = max(8, (model.labels.map(\.count).max() ?? 0) + 1)
        func pad(_ s: String, _ w: Int) -> String { s.count >= w ? s : String(repeating: " ", count: w - s.count) + s }
        var out = pad("label", width) + pad("iptc", 17)
        for g in groups { out += pad(g.isEmpty ? "texts" : g, 10) }
        out += pad("total", 8) + "\n"
        for label in model.labels {
            out += pad(label, width) + pad(model.header.iptc[label] ?? "-", 17)
            for g in groups { out += pad(String(table[label]?[g] ?? 0), 10) }
            out += pad(String(table[label]?.values.reduce(0, +) ?? 0), 8) + "\n"
        }
        out += pad("total", width) + pad("", 17)
        for g in groups { out += pad(String(examples.filter { $0.group == g }.count), 10) }
        out += pad(String(examples.count), 8)
        if model.labels.allSatisfy({ IPTCTaxonomy.codes[$0] != nil }) {
            let missing = IPTCTaxonomy.subjects.filter { !model.labels.contains($0.slug) }.map(\.slug)
            if !missing.isEmpty { out += "\nuntrained IPTC subjects (no data): " + missing.joined(separator: ", ") }
        }
        return out
    }
}

/// One rewritten status line on a terminal (stderr); silent when stderr is not a terminal.
final class TerminalProgress {
    let onTTY = isatty(STDERR_FILENO) == 1
    let clock = MonotonicClock()
    var shown = false

    func show(_ message: String) {
        guard onTTY else { return }
        let seconds = Double(clock.elapsedMicros()) / 1e6
        FileHandle.standardError.write(Data(String(format: "\r\u{1B}[K[%6.1f s] %@", seconds, message).utf8))
        shown = true
    }

    func done() {
        if shown { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
        shown = false
    }
}

/// Trainer settings shared by `train topic` and `eval topic`.
struct TopicTrainerOptions: ParsableArguments {
    @Option(help: "SVM regularisation constant C.")
    var c = 2.0

    @Option(help: "log2 of the number of feature hash buckets.")
    var hashBits = 20

    @Option(help: "Drop features seen in fewer training documents.")
    var minDf = 2

    @Option(help: "Keep a bucket that holds a single word from this many documents on (overrides --min-df).")
    var minDfUnigrams = 1

    @Option(help: "Drop buckets whose weights are all smaller than this in magnitude (0 = keep all).")
    var pruneBelow: Float = 0

    @Option(help: "Folds of the inner cross-validation for calibration (0 = none).")
    var calibrationFolds = 5

    @Option(help: "Also a feature per word for its word class among 64, 256 or 1024 (0 = none).")
    var wordClasses = 0

    @Option(help: "Weight of thin labels: C × (n / (labels × n_label))^power (0 = none, 1 = balanced).")
    var classWeightPower = 1.0

    var trainer: TopicTrainer {
        var trainer = TopicTrainer()
        trainer.c = c
        trainer.hashBits = hashBits
        trainer.minimumDocumentFrequency = minDf
        trainer.minimumUnigramDocumentFrequency = minDfUnigrams
        trainer.calibrationFolds = calibrationFolds
        trainer.classWeightPower = classWeightPower
        trainer.pruneBelow = pruneBelow
        trainer.wordClassLevel = wordClasses
        return trainer
    }
}
