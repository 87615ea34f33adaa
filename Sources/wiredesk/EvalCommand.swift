// `wiredesk eval MODEL`: scores a model or extractor against labeled data and prints a summary table.
import ArgumentParser

struct EvalCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eval",
        abstract: "Measure a model or extractor against labeled data (accuracy, precision, recall, F1).",
        subcommands: [
            EvalTopicCommand.self, EvalNERCommand.self, EvalQuotesCommand.self, EvalSentencesCommand.self,
            EvalDatesCommand.self, EvalKeywordsCommand.self,
            EvalHTMLCommand.self,
        ]
    )
}
