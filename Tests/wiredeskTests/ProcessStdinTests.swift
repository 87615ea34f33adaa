// `wiredesk process -`, the real binary as a filter: one line out per line in, in order, exit 0 with failed lines,
// exit 1 when the reader of its output goes away.
@preconcurrency import Glibc
import Foundation
import Testing

@Suite struct ProcessStdinTests {
    /// Runs `wiredesk process - ARGS` with `input` on stdin; reads at most `readLimit` bytes of stdout, then closes it.
    static func filter(_ input: String, _ args: [String] = [], readLimit: Int = .max) throws -> CommandResult {
        signal(SIGPIPE, SIG_IGN)  // the feeding thread writes into a pipe whose reader may have exited
        let process = Process()
        process.executableURL = URL(fileURLWithPath: wiredeskBinary)
        process.arguments = ["process", "-"] + args
        let stdin = Pipe()
        let out = Pipe()
        let err = Pipe()
        process.standardInput = stdin
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let writer = stdin.fileHandleForWriting
        let bytes = Data(input.utf8)
        Thread.detachNewThread {
            bytes.withUnsafeBytes { raw in
                var offset = 0
                while offset < raw.count {
                    let n = write(writer.fileDescriptor, raw.baseAddress! + offset, raw.count - offset)
                    if n <= 0 { break }  // EPIPE once the filter has exited
                    offset += n
                }
            }
            try? writer.close()
        }
        var collected = Data()
        let reader = out.fileHandleForReading
        while collected.count < readLimit {
            let chunk = reader.availableData
            if chunk.isEmpty { break }
            collected.append(chunk)
        }
        try reader.close()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return CommandResult(
            status: process.terminationStatus, stdout: String(decoding: collected, as: UTF8.self),
            stderr: String(decoding: errData, as: UTF8.self))
    }

    @Test func oneLineOutPerLineInInOrderAndFailuresAreData() throws {
        let input =
            [
                #"{"id": "one", "title": "Port strike ends", "body": "Dock workers returned on Monday."}"#,
                #"{"id": "two", "title": "trunc"#,
                "",
                #"{"id": "three", "headline": "Rail budget", "text": "The ministry cut the rail budget."}"#,
            ].joined(separator: "\n") + "\n"
        let result = try Self.filter(input, ["--workers", "2"])
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
        #expect(lines.count == 4)
        let objects = try lines.map {
            try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
        }
        let sources = objects.compactMap { $0["source"] as? [String: Any] }
        #expect(sources.compactMap { $0["line"] as? Int } == [1, 2, 3, 4])
        #expect(sources[0]["caller_id"] as? String == "one" && sources[3]["caller_id"] as? String == "three")
        #expect(objects[0]["error"] == nil && objects[3]["error"] == nil)
        #expect((objects[1]["error"] as? [String: Any])?["code"] as? String == "undecodable")
        #expect((objects[2]["error"] as? [String: Any])?["code"] as? String == "empty")
        #expect((objects[3]["article"] as? [String: Any])?["headline"] as? String == "Rail budget")
        #expect(result.stderr.contains("4 lines, 2 failed"))
    }

    @Test func aClosedOutputIsABrokenStreamAndExitsNonZero() throws {
        let line = #"{"title": "Headline", "body": "Some body text for the article."}"# + "\n"
        let result = try Self.filter(String(repeating: line, count: 20_000), ["--workers", "2"], readLimit: 1)
        #expect(result.status == 1, "\(result.stderr)")
        #expect(result.stderr.contains("Broken pipe"), "\(result.stderr)")
    }

    @Test func dashCannotBeMixedWithFilesOrPretty() throws {
        #expect(try runCommand(wiredeskBinary, ["process", "-", "a.txt"]).status != 0)
        #expect(try runCommand(wiredeskBinary, ["process", "--pretty", "-"]).status != 0)
        #expect(try runCommand(wiredeskBinary, ["process", "--workers", "2", "a.txt"]).status != 0)
    }
}
