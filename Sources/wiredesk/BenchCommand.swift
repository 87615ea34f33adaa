// `wiredesk bench --corpus DIR`: each stage alone and the whole pipeline in process, numbers printed.
import ArgumentParser
import Foundation
import WiredeskLab
import WiredeskPipeline

struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure each stage alone and the whole pipeline on a folder of articles (no daemon, no I/O).",
        discussion: "Build with -c release for meaningful numbers. Files are read once into memory first."
    )

    @Option(help: "Folder of article files (searched recursively), e.g. ../shared/corpora/bbc-train.")
    var corpus: String

    @Option(help: "Passes over the corpus.")
    var passes: Int = 3

    @Option(help: "Configuration file (TOML) for the stage settings.")
    var config: String?

    func run() throws {
        let pipeline = try Pipeline(config: try CLIConfig.loadPipelineConfig(path: config))
        let docs = try StageBenchmark.loadCorpus(corpus)
        guard !docs.isEmpty else { throw ValidationError("no files under \(corpus)") }
        let report = StageBenchmark.run(pipeline: pipeline, documents: docs, passes: max(1, passes)) { line in
            if isatty(2) != 0 { FileHandle.standardError.write(Data("\r\(line)\u{1B}[K".utf8)) }
        }
        if isatty(2) != 0 { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
        print(report.table)
    }
}
