// `wiredesk process FILE...`: the pipeline without the daemon, results as JSON Lines on stdout.
@preconcurrency import Glibc
import ArgumentParser
import Foundation
import WiredeskPipeline

struct ProcessCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "process",
        abstract: "Run the pipeline on files and print one JSON result per article (JSON Lines).",
        discussion: """
            Nothing is moved or written: the files are only read. Results are printed in input order; a file \
            that fails prints {"error": {"stage", "code", "message"}, "source": {...}} instead, and the exit \
            status is 1 if any file failed.
            """
    )

    @Argument(help: "Article files to process.")
    var files: [String]

    @Flag(help: "Print indented JSON instead of one object per line.")
    var pretty = false

    @Option(help: "Configuration file (TOML); only its [normalize], [extract], [classify] sections matter here.")
    var config: String?

    func run() throws {
        setvbuf(stdout, nil, _IOLBF, 0)
        let pipelineConfig = try CLIConfig.loadPipelineConfig(path: config)
        let pipeline = try Pipeline(config: pipelineConfig)
        let encoder = ResultEncoding.encoder(pretty: pretty)
        var failed = false
        for file in files {
            let name = (file as NSString).lastPathComponent
            let outcomes: [PipelineOutcome]
            let fileBytes: Int
            do {
                let raw = try DocumentReader.read(
                    path: file, displayName: name, maxBytes: pipelineConfig.normalize.maxBytes)
                fileBytes = raw.bytes.count
                outcomes = pipeline.process(raw)
            } catch {
                let source = SourceInfo(name: name, bytes: 0, receivedAt: ISOTime.string(Date()))
                failed = true
                try printFailure(error, source: source, encoder: encoder)
                continue
            }
            for outcome in outcomes {
                switch outcome.result {
                case .success(let result):
                    FileHandle.standardOutput.write(Data(ResultJSON.encode(result, pretty: pretty)))
                case .failure(let failure):
                    failed = true
                    let source = SourceInfo(
                        name: name, line: outcome.line, bytes: outcome.rawBytes?.count ?? fileBytes,
                        receivedAt: ISOTime.string(Date()))
                    try printFailure(failure, source: source, encoder: encoder)
                }
            }
        }
        if failed { throw ExitCode(1) }
    }

    private func printFailure(_ failure: StageFailure, source: SourceInfo, encoder: JSONEncoder) throws {
        struct ErrorLine: Encodable {
            var error: StageFailure
            var source: SourceInfo
        }
        print(String(decoding: try encoder.encode(ErrorLine(error: failure, source: source)), as: UTF8.self))
    }
}

enum ResultEncoding {
    static func encoder(pretty: Bool) -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting =
            pretty ? [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes] : [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }
}
