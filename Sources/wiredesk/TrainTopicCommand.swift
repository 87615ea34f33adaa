// `wiredesk train topic --corpus DIR`: trains the topic classifier on DIR/<label>/<files>.
import ArgumentParser
import Foundation
import WiredeskLab
import WiredeskPipeline

struct TrainTopicCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "topic",
        abstract: "Train the topic classifier from a folder with one sub-folder of text files per label.",
        discussion: """
            Each file is read through the normalize stage, so training sees what the daemon sees. Labels are the \
            folder names. The model is written to --out (default: topic.model in the current directory); point \
            [classify] topic_model at it, or replace Sources/WiredeskPipeline/Models/topic.model to ship it.
            """
    )

    @Option(help: "Folder holding one folder of article files per label.")
    var corpus: String

    @Option(help: "Where to write the model.")
    var out = "topic.model"

    @OptionGroup var training: TopicTrainerOptions

    func run() throws {
        let examples = try TopicCorpus.load(directory: corpus) { path, why in
            FileHandle.standardError.write(Data("skipped \(path): \(why)\n".utf8))
        }
        let trainer = training.trainer
        let clock = MonotonicClock()
        let model = try trainer.train(examples)
        let bytes = try model.serialized()
        try Data(bytes).write(to: URL(fileURLWithPath: out))
        let written = try TopicModel.load(path: out)
        let seconds = Double(clock.elapsedMicros()) / 1e6
        print("trained on \(examples.count) articles, labels: \(model.labels.joined(separator: ", "))")
        print(
            String(
                format: "temperature %.4f, %d bytes, sha256 %@…, %.1f s", model.header.temperature, bytes.count,
                written.checksum, seconds))
        print("wrote \(out)")
    }
}

/// Trainer settings shared by `train topic` and `eval topic`.
struct TopicTrainerOptions: ParsableArguments {
    @Option(help: "SVM regularisation constant C.")
    var c = 10.0

    @Option(help: "log2 of the number of feature hash buckets.")
    var hashBits = 18

    @Option(help: "Drop features seen in fewer training documents.")
    var minDf = 2

    var trainer: TopicTrainer {
        var trainer = TopicTrainer()
        trainer.c = c
        trainer.hashBits = hashBits
        trainer.minimumDocumentFrequency = minDf
        return trainer
    }
}
