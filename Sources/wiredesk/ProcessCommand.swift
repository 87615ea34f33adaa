// `wiredesk process FILE...`: the pipeline without the daemon, results as JSON Lines on stdout.
// `wiredesk process -`: a JSON Lines filter over stdin (`StreamFilter`), one output line per input line.
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

            With a lone `-`, standard input is JSON Lines: each line one article object (title, body, published, \
            url, … as in a .jsonl file, plus an optional `id`, echoed as source.caller_id). Exactly one line is \
            written per input line, in input order, as soon as it is ready: a result or an error object. Lines \
            run concurrently on --workers; memory stays bounded however long the stream. The exit status is 0 at \
            the end of input, even when lines failed, and 1 only when the stream breaks (a read error, or the \
            reader of standard output went away).
            """
    )

    @Argument(help: "Article files to process, or - for JSON Lines on standard input.")
    var files: [String]

    @Option(help: "With -: lines processed at once (default: the number of cores).")
    var workers: Int?

    @Flag(help: "Print indented JSON instead of one object per line.")
    var pretty = false

    @Option(help: "Configuration file (TOML); only its [normalize], [extract], [classify] sections matter here.")
    var config: String?

    func validate() throws {
        if files.contains("-") {
            guard files == ["-"] else { throw ValidationError("- (standard input) cannot be mixed with files") }
            guard !pretty else { throw ValidationError("--pretty cannot be used with - (the output is JSON Lines)") }
        } else if workers != nil {
            throw ValidationError("--workers applies only to - (standard input)")
        }
        if let workers, workers < 1 || workers > 256 { throw ValidationError("--workers must be 1 to 256") }
    }

    func run() throws {
        setvbuf(stdout, nil, _IOLBF, 0)
        let pipelineConfig = try CLIConfig.loadPipelineConfig(path: config)
        let pipeline = try Pipeline(config: pipelineConfig)
        if files == ["-"] { return try runStream(pipeline) }
        let encoder = ResultEncoding.encoder(pretty: pretty)
        var failed = false
        for file in files {
            let name = (file as NSString).lastPathComponent
            let raw: RawDocument
            do {
                raw = try DocumentReader.read(
                    path: file, displayName: name, maxBytes: pipelineConfig.normalize.maxBytes)
            } catch {
                let source = SourceInfo(name: name, bytes: 0, receivedAt: ISOTime.string(Date()))
                failed = true
                try printFailure(error, source: source, encoder: encoder)
                continue
            }
            // Streamed: a JSON Lines batch prints each line's result as soon as it is analysed.
            var printError: (any Error)?
            pipeline.process(raw) { outcome in
                do {
                    switch outcome.result {
                    case .success(let result):
                        FileHandle.standardOutput.write(Data(ResultJSON.encode(result, pretty: pretty)))
                    case .failure(let failure):
                        failed = true
                        let source = SourceInfo(
                            name: name, line: outcome.line, bytes: outcome.rawBytes?.count ?? raw.bytes.count,
                            receivedAt: ISOTime.string(Date()))
                        try printFailure(failure, source: source, encoder: encoder)
                    }
                    return true
                } catch {
                    printError = error
                    return false
                }
            }
            if let printError { throw printError }
        }
        if failed { throw ExitCode(1) }
    }

    private func runStream(_ pipeline: Pipeline) throws {
        signal(SIGPIPE, SIG_IGN)  // a closed stdout must be an EPIPE error, not a silent death
        let filter = StreamFilter(
            workers: workers ?? ProcessInfo.processInfo.activeProcessorCount,
            maxLineBytes: pipeline.config.normalize.maxBytes, transform: pipeline.streamTransform())
        do {
            let summary = try filter.run(input: STDIN_FILENO, output: STDOUT_FILENO)
            if summary.failed > 0 {
                FileHandle.standardError.write(
                    Data("wiredesk: \(summary.lines) lines, \(summary.failed) failed\n".utf8))
            }
        } catch {
            FileHandle.standardError.write(Data("wiredesk: stream stopped: \(error)\n".utf8))
            throw ExitCode(1)
        }
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
