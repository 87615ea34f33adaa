// The outbox event log: append-only JSON Lines under outbox/logs/, one line per event, rotated by size and day.
// Consumers tail it to follow the desk; benchmarks read arrival-to-commit latency from it.
@preconcurrency import Glibc
import Foundation
import Synchronization
import WiredeskPipeline

/// One line of the event log.
public struct EventRecord: Sendable {
    /// `taken`, `stage`, `committed`, `failed`, `rejected`, `started`, `stopped`, `reloaded`.
    public var event: String
    public var name: String?
    public var id: String?
    public var line: Int?
    public var stage: String?
    public var durationUs: Int?
    public var result: String?
    public var code: String?
    public var message: String?
    public var latencyMs: Double?

    public init(event: String, name: String? = nil) {
        self.event = event
        self.name = name
    }

    /// Hand-written JSON (`JSONWriter`): this runs several times per article and JSONEncoder is slow.
    func jsonLine(time: String) -> [UInt8] {
        var w = JSONWriter(capacity: 256)
        w.beginObject()
        w.member("time", time)
        w.member("event", event)
        w.member("name", name)
        w.member("id", id)
        w.member("line", line)
        w.member("stage", stage)
        w.member("duration_us", durationUs)
        w.member("result", result)
        w.member("code", code)
        w.member("message", message)
        w.member("latency_ms", latencyMs.map { ($0 * 1000).rounded() / 1000 })
        w.endObject()
        return w.bytes + [0x0A]
    }
}

/// Appends event lines to `outbox/logs/events-YYYY-MM-DD[.N].jsonl`.
public final class EventLog: Sendable {
    private struct State {
        var fd: Int32 = -1
        var day = ""
        var size = 0
        var part = 0
        var failures = 0
    }

    private let directory: Int32
    private let maxBytes: Int
    private let state = Mutex(State())
    /// Sees every record before it is written (the Prometheus metrics count the same events).
    private let observer: (@Sendable (EventRecord) -> Void)?

    public init(directory: Int32, maxBytes: Int, observer: (@Sendable (EventRecord) -> Void)? = nil) {
        self.directory = directory
        self.maxBytes = maxBytes
        self.observer = observer
    }

    deinit {
        state.withLock { if $0.fd >= 0 { close($0.fd) } }
    }

    /// Closes the current file; the next line opens one again in the log directory (after the directory was
    /// replaced: its descriptor number now names the new one).
    public func reopen() {
        state.withLock { s in
            if s.fd >= 0 { close(s.fd) }
            s.fd = -1
        }
    }

    /// Number of lines that could not be written (disk full…); logging never stops the daemon.
    public var failures: Int { state.withLock { $0.failures } }

    public func append(_ record: EventRecord) {
        observer?(record)
        let time = ISOTime.string(Date())
        let line = record.jsonLine(time: time)
        let day = String(time.prefix(10))
        state.withLock { s in
            if s.fd < 0 || s.day != day || s.size + line.count > maxBytes {
                openFile(&s, day: day, rotate: s.day == day && s.fd >= 0)
            }
            guard s.fd >= 0 else {
                s.failures += 1
                return
            }
            let n = line.withUnsafeBytes { write(s.fd, $0.baseAddress!, $0.count) }
            if n == line.count { s.size += n } else { s.failures += 1 }
        }
    }

    private func openFile(_ s: inout State, day: String, rotate: Bool) {
        if s.fd >= 0 { close(s.fd) }
        if s.day != day { s.part = 0 }
        s.day = day
        if rotate { s.part += 1 }
        while true {
            let name = s.part == 0 ? "events-\(day).jsonl" : "events-\(day).\(s.part).jsonl"
            let fd = openat(directory, name, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
            guard fd >= 0 else {
                s.fd = -1
                return
            }
            var st = stat()
            fstat(fd, &st)
            if Int(st.st_size) >= maxBytes {
                close(fd)
                s.part += 1
                continue
            }
            s.fd = fd
            s.size = Int(st.st_size)
            return
        }
    }
}
