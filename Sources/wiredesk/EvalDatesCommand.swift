// `wiredesk eval dates --timeml DIR`: TempEval-3-style span and value scores against TimeML TIMEX3 gold (logic in
// WiredeskPipeline/Extract/Rules/DateEvaluation.swift).
import ArgumentParser
import Foundation
import WiredeskLab
import WiredeskPipeline

struct EvalDatesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dates",
        abstract: "Score dates against TimeML TIMEX3 gold: relaxed/strict span F1, value F1 and accuracy per type.",
        discussion: """
            Each .tml document goes in as a JSON article with its DCT as `published` and runs through normalize \
            and extract as `wiredesk process` does. The table ends with a count per error class of issue 12.
            """
    )

    @Option(help: "A folder of TimeML .tml files (e.g. ../shared/corpora/timeml-aquaint).")
    var timeml: String

    @Flag(help: "Also list each gold TIMEX3 missed or given a wrong value, and each spurious date.")
    var showErrors = false

    @Option(help: "Configuration file (TOML); its [normalize] and [extract] sections apply.")
    var config: String?

    func run() throws {
        var pipelineConfig = try CLIConfig.loadPipelineConfig(path: config)
        pipelineConfig.stages = ["normalize", "extract"]
        let report: DateEvaluation.Report
        do {
            report = try DateEvaluation.evaluate(
                directory: timeml, pipeline: try Pipeline(config: pipelineConfig), collectErrors: showErrors)
        } catch {
            throw ValidationError(error.description)
        }
        for line in report.errors ?? [] { print(line) }
        print(report.table, terminator: "")
    }
}
