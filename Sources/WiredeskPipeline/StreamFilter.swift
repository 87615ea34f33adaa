// `wiredesk process -`: a line filter for RDD.pipe, Hadoop Streaming, GNU parallel and shell pipelines.
//
//   stdin ──reader──▶ [window: ≤ W lines between read and written] ──▶ workers (≤ N computing at once)
//                                                                            │ (any order)
//   stdout ◀── one write per run of ready lines, in input order ◀── reorder buffer (serial queue)
//
// Exactly one output line per input line, in input order. Memory is bounded by the window: the reader takes the
// next line only when fewer than `window` lines are between being read and being written, so a stalled consumer
// or one slow article stops the reading instead of growing a queue. Lines longer than `maxLineBytes` are skipped
// up to their newline (never held whole) and answered with a `too_large` error.
@preconcurrency import Glibc
import Dispatch
import Foundation
import Synchronization

/// Why a stream stopped before its end.
public struct StreamError: Error, Sendable, CustomStringConvertible {
    /// `read` or `write`.
    public var operation: String
    public var errno: Int32
    public var description: String { "\(operation): \(String(cString: strerror(errno)))" }
}

/// What a finished stream did.
public struct StreamSummary: Sendable, Equatable {
    /// Lines read (and written: one output line each).
    public var lines = 0
    /// Output lines that are error objects.
    public var failed = 0
}

/// Runs a line transform concurrently over a byte stream and writes the answers in input order.
public final class StreamFilter: Sendable {
    /// One input line (without its newline; `nil` when it was longer than `maxLineBytes`) and its 1-based number
    /// → the output line (without a newline) and whether it is an error object.
    public typealias Transform = @Sendable (_ line: [UInt8]?, _ number: Int) -> (bytes: [UInt8], failed: Bool)

    public let workers: Int
    public let window: Int
    public let maxLineBytes: Int
    let transform: Transform

    /// - Parameters:
    ///   - workers: lines transformed at once.
    ///   - window: lines at most between read and written (bounds memory); at least `workers`.
    public init(workers: Int, window: Int? = nil, maxLineBytes: Int, transform: @escaping Transform) {
        self.workers = max(1, workers)
        self.window = max(self.workers, window ?? self.workers * 8)
        self.maxLineBytes = maxLineBytes
        self.transform = transform
    }

    /// Reads `input` to its end and writes one line per input line to `output`.
    /// - Throws: `StreamError` when reading fails or the output is closed (EPIPE) or fails; lines already in flight
    ///   are abandoned. SIGPIPE must be ignored by the caller for EPIPE to arrive as an error.
    public func run(input: Int32, output: Int32) throws(StreamError) -> StreamSummary {
        let slots = DispatchSemaphore(value: window)
        let computing = DispatchSemaphore(value: workers)
        let work = DispatchQueue(label: "wiredesk.stream.workers", qos: .utility, attributes: .concurrent)
        let writer = ReorderWriter(output: output, release: { slots.signal() })
        writer.start()
        var reader = LineReader(fd: input, maxLineBytes: maxLineBytes)
        var number = 0
        var readError: StreamError?
        while writer.brokenErrno == nil {
            slots.wait()
            let next: LineReader.Line?
            do {
                next = try reader.next()
            } catch {
                readError = error
                slots.signal()
                break
            }
            guard let line = next else {
                slots.signal()
                break
            }
            number += 1
            let n = number
            computing.wait()
            let transform = self.transform
            work.async {
                let answer = transform(line.bytes, n)
                computing.signal()
                writer.deliver(n, answer.bytes, failed: answer.failed)
            }
        }
        writer.finish(after: number)
        if let readError { throw readError }
        if let err = writer.brokenErrno { throw StreamError(operation: "write", errno: err) }
        return writer.summary
    }
}

/// Buffers answers that arrive early; a thread of its own writes each run of consecutive ones with one write(2),
/// so a slow reader of the output blocks only that thread (and, through the window, the reading), never a worker.
final class ReorderWriter: Sendable {
    struct State: ~Copyable {
        var next = 1
        var waiting: [Int: (bytes: [UInt8], failed: Bool)] = [:]
        var summary = StreamSummary()
        var broken: Int32?
        /// The number of the last line, once the input has ended.
        var last: Int?
    }
    let output: Int32
    /// Called once per line written (or dropped after a broken pipe): frees its place in the window.
    let release: @Sendable () -> Void
    let state = Mutex(State())
    let wake = DispatchSemaphore(value: 0)
    let exited = DispatchSemaphore(value: 0)

    init(output: Int32, release: @escaping @Sendable () -> Void) {
        self.output = output
        self.release = release
    }

    var brokenErrno: Int32? { state.withLock { $0.broken } }
    var summary: StreamSummary { state.withLock { $0.summary } }

    func start() {
        Thread.detachNewThread { [self] in
            loop()
            exited.signal()
        }
    }

    /// Hands over line `number`'s answer.
    func deliver(_ number: Int, _ bytes: [UInt8], failed: Bool) {
        let wakeUp = state.withLock { s in
            s.waiting[number] = (bytes, failed)
            return number == s.next
        }
        if wakeUp { wake.signal() }
    }

    /// The input ended after line `last`: returns once every line up to it is written (or dropped).
    func finish(after last: Int) {
        state.withLock { $0.last = last }
        wake.signal()
        exited.wait()
    }

    private func loop() {
        while true {
            wake.wait()
            while true {
                let (out, count, done): ([UInt8], Int, Bool) = state.withLock { s in
                    var out: [UInt8] = []
                    var count = 0
                    while let ready = s.waiting.removeValue(forKey: s.next) {
                        out.append(contentsOf: ready.bytes)
                        out.append(0x0A)
                        s.summary.lines += 1
                        if ready.failed { s.summary.failed += 1 }
                        s.next += 1
                        count += 1
                    }
                    return (out, count, s.last.map { s.next > $0 } ?? false)
                }
                if count > 0, brokenErrno == nil, let err = Self.writeAll(output, out) {
                    state.withLock { $0.broken = err }
                }
                for _ in 0..<count { release() }
                if done { return }
                if count == 0 { break }
            }
        }
    }

    /// Writes every byte; returns the errno on failure.
    static func writeAll(_ fd: Int32, _ bytes: [UInt8]) -> Int32? {
        bytes.withUnsafeBytes { raw -> Int32? in
            var offset = 0
            while offset < raw.count {
                let n = write(fd, raw.baseAddress! + offset, raw.count - offset)
                if n < 0 {
                    if errno == EINTR { continue }
                    if errno == EAGAIN {
                        var p = pollfd(fd: fd, events: Int16(POLLOUT), revents: 0)
                        _ = poll(&p, 1, -1)
                        continue
                    }
                    return errno
                }
                offset += n
            }
            return nil
        }
    }
}

/// Splits a file descriptor's bytes into lines, holding at most `maxLineBytes` of one line.
struct LineReader {
    struct Line: Sendable {
        /// Without the newline (and without a final `\r`); nil when the line was too long.
        var bytes: [UInt8]?
    }

    let fd: Int32
    let maxLineBytes: Int
    var buffer = [UInt8](repeating: 0, count: 1 << 16)
    var start = 0
    var end = 0
    var eof = false

    init(fd: Int32, maxLineBytes: Int) {
        self.fd = fd
        self.maxLineBytes = maxLineBytes
    }

    /// The next line; nil at the end of input (a last line without a newline still counts).
    mutating func next() throws(StreamError) -> Line? {
        var line: [UInt8] = []
        var tooLong = false
        while true {
            if start == end {
                if eof { return line.isEmpty && !tooLong ? nil : finish(line, tooLong) }
                try fill()
                continue
            }
            let chunk = buffer[start..<end]
            if let nl = chunk.firstIndex(of: 0x0A) {
                if !tooLong { line.append(contentsOf: buffer[start..<nl]) }
                start = nl + 1
                if line.count > maxLineBytes { tooLong = true }
                return finish(line, tooLong)
            }
            if !tooLong { line.append(contentsOf: chunk) }
            start = end
            if line.count > maxLineBytes {
                tooLong = true
                line = []
            }
        }
    }

    private func finish(_ line: [UInt8], _ tooLong: Bool) -> Line {
        if tooLong { return Line(bytes: nil) }
        var bytes = line
        if bytes.last == 0x0D { bytes.removeLast() }
        return Line(bytes: bytes)
    }

    private mutating func fill() throws(StreamError) {
        start = 0
        end = 0
        while true {
            let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress!, $0.count) }
            if n > 0 {
                end = n
                return
            }
            if n == 0 {
                eof = true
                return
            }
            switch errno {
            case EINTR: continue
            case EAGAIN:
                var p = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
                _ = poll(&p, 1, -1)
            default: throw StreamError(operation: "read", errno: errno)
            }
        }
    }
}

extension Pipeline {
    /// The transform of `wiredesk process -`: each line is one JSON article object (the fields a `.jsonl` batch
    /// line may have); its `id`, when set (a string or a number), is echoed as `source.caller_id`. A line that is
    /// not a JSON object, or fails in a stage, answers `{"error": {stage, code, message}, "source": {…}}`.
    public func streamTransform(sourceName: String = "stdin") -> StreamFilter.Transform {
        let pipeline = self
        let maxBytes = config.normalize.maxBytes
        return { line, number in
            let received = Date()
            guard let line else {
                let source = SourceInfo(name: sourceName, line: number, bytes: 0, receivedAt: ISOTime.string(received))
                let failure = StageFailure(
                    stage: NormalizeStage.name, code: "too_large",
                    message: "line \(number) is longer than normalize.max_bytes (\(maxBytes) bytes)")
                return (StreamErrorLine.encode(failure, source: source), true)
            }
            var source = SourceInfo(
                name: sourceName, line: number, bytes: line.count, format: DocumentFormat.json.rawValue,
                receivedAt: ISOTime.string(received))
            let object = try? JSONSerialization.jsonObject(with: Data(line), options: []) as? [String: Any]
            source.callerID = object.flatMap { StreamErrorLine.callerID($0["id"]) }
            guard object != nil else {
                let empty = !line.contains { !NormalizeStage.isASCIISpace($0) }
                let failure = StageFailure(
                    stage: NormalizeStage.name, code: empty ? "empty" : "undecodable",
                    message: empty
                        ? "line \(number) is empty; every line must be one JSON article object"
                        : "line \(number) is not a JSON object (truncated or malformed?); every line must be one")
                return (StreamErrorLine.encode(failure, source: source), true)
            }
            let outcomes = pipeline.process(RawDocument(name: sourceName, bytes: line, receivedAt: received))
            guard let outcome = outcomes.first else {
                let failure = StageFailure(stage: NormalizeStage.name, code: "empty", message: "no article")
                return (StreamErrorLine.encode(failure, source: source), true)
            }
            switch outcome.result {
            case .success(var result):
                result.source.line = number
                result.source.callerID = source.callerID
                var bytes = ResultJSON.encode(result)
                if bytes.last == 0x0A { bytes.removeLast() }
                return (bytes, false)
            case .failure(let failure):
                return (StreamErrorLine.encode(failure, source: source), true)
            }
        }
    }
}

/// `{"error": {...}, "source": {...}}`, the same shape as `wiredesk process FILE` prints for a failed file.
enum StreamErrorLine {
    static func encode(_ failure: StageFailure, source: SourceInfo) -> [UInt8] {
        struct ErrorLine: Encodable {
            var error: StageFailure
            var source: SourceInfo
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? Array(encoder.encode(ErrorLine(error: failure, source: source))))
            ?? Array(#"{"error":{"stage":"stream","code":"io_error","message":"cannot encode"}}"#.utf8)
    }

    /// The caller's `id` as text: a string as it is, a number in its JSON spelling; anything else is ignored.
    static func callerID(_ value: Any?) -> String? {
        switch value {
        case let s as String: return s
        case let n as NSNumber: return n.stringValue
        default: return nil
        }
    }
}
