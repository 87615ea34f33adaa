// `StreamFilter` (the engine of `wiredesk process -`) over real pipes: order, one line per line, bounded memory,
// broken pipes; and the pipeline's line transform.
@preconcurrency import Glibc
import Foundation
import Synchronization
import Testing

@testable import WiredeskPipeline

/// A pipe whose write end is fed from a background thread, and whose output is collected from another.
private final class PipeRig: @unchecked Sendable {
    let input: [Int32]
    let output: [Int32]

    init() {
        var a: [Int32] = [0, 0]
        var b: [Int32] = [0, 0]
        precondition(pipe(&a) == 0 && pipe(&b) == 0)
        input = a
        output = b
    }

    /// Writes `bytes` to the filter's input, then closes it.
    func feed(_ bytes: [UInt8]) {
        let fd = input[1]
        Thread.detachNewThread {
            _ = ReorderWriter.writeAll(fd, bytes)
            close(fd)
        }
    }

    /// Reads the filter's output to its end on a thread; `collected()` waits for it.
    func collect() -> @Sendable () -> [UInt8] {
        let fd = output[0]
        let box = Mutex<[UInt8]?>(nil)
        let done = DispatchSemaphore(value: 0)
        Thread.detachNewThread {
            var all: [UInt8] = []
            var buf = [UInt8](repeating: 0, count: 65536)
            while true {
                let n = buf.withUnsafeMutableBytes { read(fd, $0.baseAddress!, $0.count) }
                if n <= 0 { break }
                all.append(contentsOf: buf[..<n])
            }
            box.withLock { $0 = all }
            done.signal()
        }
        return {
            done.wait()
            return box.withLock { $0 ?? [] }
        }
    }
}

@Suite struct StreamFilterTests {
    @Test func answersEveryLineOnceInInputOrderWhateverTheFinishingOrder() throws {
        let rig = PipeRig()
        let n = 400
        let text = (1...n).map { "line \($0)" }.joined(separator: "\n") + "\n"
        rig.feed(Array(text.utf8))
        let collected = rig.collect()
        let running = Atomic<Int>(0)
        let most = Atomic<Int>(0)
        let filter = StreamFilter(workers: 4, maxLineBytes: 1000) { line, number in
            let now = running.add(1, ordering: .relaxed).newValue
            _ = most.max(now, ordering: .relaxed)
            usleep(UInt32.random(in: 0...2000))  // finish out of order
            running.subtract(1, ordering: .relaxed)
            return (Array("\(number):".utf8) + (line ?? []), number % 10 == 0)
        }
        let summary = try filter.run(input: rig.input[0], output: rig.output[1])
        close(rig.output[1])
        let lines = String(decoding: collected(), as: UTF8.self).split(
            separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.count == n + 1 && lines.last == "")
        #expect(Array(lines.dropLast()) == (1...n).map { "\($0):line \($0)"[...] })
        #expect(summary == StreamSummary(lines: n, failed: n / 10))
        #expect(most.load(ordering: .relaxed) <= 4)
        #expect(most.load(ordering: .relaxed) >= 2, "lines ran concurrently")
        close(rig.input[0])
        close(rig.output[0])
    }

    @Test func aLastLineWithoutNewlineCountsAndCRLFIsStripped() throws {
        let rig = PipeRig()
        rig.feed(Array("a\r\n\nb".utf8))
        let collected = rig.collect()
        let filter = StreamFilter(workers: 2, maxLineBytes: 100) { line, _ in
            (Array("[".utf8) + (line ?? []) + [93], false)
        }
        let summary = try filter.run(input: rig.input[0], output: rig.output[1])
        close(rig.output[1])
        #expect(String(decoding: collected(), as: UTF8.self) == "[a]\n[]\n[b]\n")
        #expect(summary.lines == 3)
        close(rig.input[0])
        close(rig.output[0])
    }

    @Test func aLineOverTheLimitIsSkippedNotHeld() throws {
        let rig = PipeRig()
        let long = String(repeating: "x", count: 300_000)
        rig.feed(Array("short\n\(long)\nafter\n".utf8))
        let collected = rig.collect()
        let filter = StreamFilter(workers: 2, maxLineBytes: 1000) { line, _ in
            (line.map { Array("ok \($0.count)".utf8) } ?? Array("too long".utf8), line == nil)
        }
        let summary = try filter.run(input: rig.input[0], output: rig.output[1])
        close(rig.output[1])
        #expect(String(decoding: collected(), as: UTF8.self) == "ok 5\ntoo long\nok 5\n")
        #expect(summary == StreamSummary(lines: 3, failed: 1))
        close(rig.input[0])
        close(rig.output[0])
    }

    /// A consumer that stops reading must stop the reading of input too: at most the window of lines (plus what
    /// the output pipe buffers) is taken in, however many are waiting.
    @Test func aStalledReaderBoundsHowManyLinesAreTakenIn() throws {
        signal(SIGPIPE, SIG_IGN)
        let rig = PipeRig()
        rig.feed(Array(String(repeating: "{}\n", count: 5000).utf8))
        let started = Atomic<Int>(0)
        let filter = StreamFilter(workers: 2, window: 8, maxLineBytes: 100) { _, _ in
            started.add(1, ordering: .relaxed)
            return ([UInt8](repeating: 0x61, count: 32 * 1024), false)  // two of these fill a 64 KiB pipe
        }
        let input = rig.input[0]
        let output = rig.output[1]
        Thread.detachNewThread { _ = try? filter.run(input: input, output: output) }
        usleep(500_000)
        let taken = started.load(ordering: .relaxed)
        #expect(taken >= 8 && taken <= 8 + 4, "took in \(taken) lines with nobody reading")
        close(rig.output[0])  // the reader goes away: the filter ends with EPIPE
    }

    @Test func aClosedOutputStopsTheStreamWithEPIPE() throws {
        signal(SIGPIPE, SIG_IGN)
        let rig = PipeRig()
        rig.feed(Array(String(repeating: "{}\n", count: 2000).utf8))
        close(rig.output[0])
        let filter = StreamFilter(workers: 2, maxLineBytes: 100) { _, _ in (Array("x".utf8), false) }
        #expect(throws: StreamError.self) { try filter.run(input: rig.input[0], output: rig.output[1]) }
        do {
            _ = try filter.run(input: rig.input[0], output: rig.output[1])
        } catch {
            #expect(error.errno == EPIPE && error.operation == "write")
        }
        close(rig.input[0])
        close(rig.output[1])
    }

    @Test func pipelineTransformEchoesIdsAndAnswersBadLinesWithErrorObjects() throws {
        var config = PipelineConfig()
        config.stages = ["normalize"]
        let transform = try Pipeline(config: config).streamTransform()
        func object(_ bytes: [UInt8]) throws -> [String: Any] {
            try #require(try JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any])
        }
        let good = try object(
            transform(
                Array(#"{"id": "a-1", "title": "Port strike ends", "body": "Workers returned on Monday."}"#.utf8), 7
            )
            .bytes)
        let source = try #require(good["source"] as? [String: Any])
        #expect(
            source["caller_id"] as? String == "a-1" && source["line"] as? Int == 7
                && source["name"] as? String == "stdin")
        #expect((good["article"] as? [String: Any])?["headline"] as? String == "Port strike ends")
        #expect(good["error"] == nil)

        let numeric = try object(transform(Array(#"{"id": 42, "body": "Text."}"#.utf8), 1).bytes)
        #expect((numeric["source"] as? [String: Any])?["caller_id"] as? String == "42")

        for (line, code) in [
            (#"{"id": "b", "title": "trunc"#, "undecodable"), ("plain text is not an object", "undecodable"),
            ("", "empty"), (#"{"id": "c", "title": "no body"}"#, "empty"), ("[1, 2]", "undecodable"),
        ] {
            let answer = transform(Array(line.utf8), 3)
            #expect(answer.failed, "\(line)")
            let error = try object(answer.bytes)
            #expect((error["error"] as? [String: Any])?["code"] as? String == code, "\(line)")
            #expect((error["source"] as? [String: Any])?["line"] as? Int == 3)
        }
        let tooLong = transform(nil, 9)
        #expect(tooLong.failed)
        #expect((try object(tooLong.bytes)["error"] as? [String: Any])?["code"] as? String == "too_large")
        #expect(!transform(Array(#"{"id": "c", "title": "T", "body": "B."}"#.utf8), 1).bytes.contains(0x0A))
    }
}
