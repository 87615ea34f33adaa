// `wiredesk train MODEL`: trains a model from a corpus and writes it where the pipeline loads it from.
import ArgumentParser

struct TrainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Train a model (topic classifier, named-entity tagger) from a labeled corpus.",
        subcommands: [TrainTopicCommand.self, TrainNERCommand.self, TrainPOSCommand.self, TrainGazetteerCommand.self]
    )
}
