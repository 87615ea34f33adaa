// `wiredesk eval keywords`: keyphrase proxies, a hand-labelled set and a headline proxy (logic in
// WiredeskPipeline/Extract/Rules/KeywordEvaluation.swift).
import ArgumentParser
import Foundation
import WiredeskLab
import WiredeskPipeline

struct EvalKeywordsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keywords",
        abstract: "Score keyphrases against a hand-labelled set (P/R/F1@10) and a headline proxy over a folder.")

    @Option(help: "Hand-labelled keyphrases (path TAB phrase | phrase ...); empty: skip.")
    var hand = "Benchmarks/keywords/hand-labelled.tsv"

    @Option(help: "Folder the hand-labelled paths are relative to (else the current directory).")
    var corpora = "../shared/corpora"

    @Option(help: "Also: the headline proxy over the *.txt articles under this folder (e.g. bbc-train).")
    var folder: String?

    @Flag(help: "Print each hand-labelled article's top 10.")
    var show = false

    func run() throws {
        var config = PipelineConfig()
        config.stages = ["normalize", "extract"]
        let report: KeywordEvaluation.Report
        do {
            report = try KeywordEvaluation.evaluate(
                hand: hand.isEmpty ? nil : hand, corpora: corpora, folder: folder,
                pipeline: try Pipeline(config: config), show: show)
        } catch {
            throw ValidationError(error.description)
        }
        print(report.table, terminator: "")
    }
}
