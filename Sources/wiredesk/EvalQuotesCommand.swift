// `wiredesk eval quotes`: quote recall, precision and speaker accuracy on PolNeAR (logic in
// WiredeskLab/Extract/Rules/QuoteEvaluation.swift); `--benchmark DIR` times the rule extractors alone.
import ArgumentParser
import Foundation
import WiredeskLab
import WiredeskPipeline

struct EvalQuotesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "quotes",
        abstract: "Score quote extraction and speakers against PolNeAR brat annotations (recall, precision, speakers).")

    @Option(help: "A PolNeAR split folder holding text/ and attributions/ (e.g. ../shared/corpora/polnear/dev).")
    var polnear: String?

    @Option(help: "Instead: time ExtractRules alone over the *.txt articles under this folder (e.g. bbc-train).")
    var benchmark: String?

    @Flag(
        help: "Score the quote rules alone, without NER entities (speakers then come from a capitalised-name fallback)."
    )
    var withoutNER = false

    @Flag(help: "Also list each missed quote and wrong speaker.")
    var showErrors = false

    @Option(help: "Benchmark rounds over the whole folder.")
    var rounds: Int = 3

    func validate() throws {
        if (polnear == nil) == (benchmark == nil) {
            throw ValidationError("give exactly one of --polnear or --benchmark")
        }
    }

    func run() throws {
        if let benchmark {
            let report: RulesBenchmark.Report
            do {
                report = try RulesBenchmark.run(directory: benchmark, rounds: rounds)
            } catch {
                throw ValidationError(error.description)
            }
            print(report.table, terminator: "")
            return
        }
        let tty = isatty(2) == 1
        let report: QuoteEvaluation.Report
        do {
            let entities = withoutNER ? nil : try ExtractConfig().build().extractor
            report = try QuoteEvaluation.evaluate(polnear: polnear ?? "", collectErrors: showErrors, entities: entities)
            {
                done, total in
                if tty { FileHandle.standardError.write(Data("\r\(done)/\(total) articles".utf8)) }
            }
        } catch {
            throw ValidationError(error.description)
        }
        if tty { FileHandle.standardError.write(Data("\n".utf8)) }
        for line in report.errors ?? [] { print(line) }
        print(report.table, terminator: "")
    }
}
