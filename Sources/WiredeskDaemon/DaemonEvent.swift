// Event kinds the daemon reports, each with a fixed journald MESSAGE_ID (documented in deploy/wiredesk.catalog).
import Foundation
import Logging

public enum DaemonEvent: String, Sendable, CaseIterable {
    case started, ready, taken, stageFinished = "stage_finished", committed, failed, rejected, reloaded, stopping,
        stopped, retry, diskFull = "disk_full"
    case ioError = "io_error", directoryMissing = "directory_missing", unreadable, directoryGone = "directory_gone"
    case directoryRestored = "directory_restored", timeout, crashed, stalled

    public var messageID: String {
        switch self {
        case .started: return "4f5c1b1e8a0b4c47a3c55d1a1e2f7a01"
        case .ready: return "4f5c1b1e8a0b4c47a3c55d1a1e2f7a02"
        case .taken: return "4f5c1b1e8a0b4c47a3c55d1a1e2f7a03"
        case .committed: return "4f5c1b1e8a0b4c47a3c55d1a1e2f7a04"
        case .failed: return "4f5c1b1e8a0b4c47a3c55d1a1e2f7a05"
        case .rejected: return "4f5c1b1e8a0b4c47a3c55d1a1e2f7a06"
        case .reloaded: return "4f5c1b1e8a0b4c47a3c55d1a1e2f7a07"
        case .stopping: return "4f5c1b1e8a0b4c47a3c55d1a1e2f7a08"
        case .stopped: return "4f5c1b1e8a0b4c47a3c55d1a1e2f7a09"
        case .retry: return "4f5c1b1e8a0b4c47a3c55d1a1e2f7a0a"
        case .diskFull: return "4f5c1b1e8a0b4c47a3c55d1a1e2f7a0b"
        case .stageFinished: return "4f5c1b1e8a0b4c47a3c55d1a1e2f7a0c"
        case .ioError: return "4f5c1b1e8a0b4c47a3c55d1a1e2f7a0d"
        case .directoryMissing: return "4f5c1b1e8a0b4c47a3c55d1a1e2f7a0e"
        case .unreadable: return "4f5c1b1e8a0b4c47a3c55d1a1e2f7a0f"
        case .directoryGone: return "4f5c1b1e8a0b4c47a3c55d1a1e2f7a10"
        case .directoryRestored: return "4f5c1b1e8a0b4c47a3c55d1a1e2f7a11"
        case .timeout: return "4f5c1b1e8a0b4c47a3c55d1a1e2f7a12"
        case .crashed: return "4f5c1b1e8a0b4c47a3c55d1a1e2f7a13"
        case .stalled: return "4f5c1b1e8a0b4c47a3c55d1a1e2f7a14"
        }
    }
}

/// One thing that happened to an article, reported once: the same value writes the event-log line
/// (`outbox/logs/events-*.jsonl`) and the journal entry, so both carry the same fields (journald upper-cases the
/// metadata keys: `ARTICLE_NAME`, `ARTICLE_ID`, `LINE`, `STAGE`, `DURATION_US`, `RESULT`, `LATENCY_MS`,
/// `ERROR_CODE`, `TOPIC`, `MESSAGE_ID`).
struct ArticleEvent {
    var kind: DaemonEvent
    var record: EventRecord
    var level: Logger.Level
    var text: String
    /// Journal only (the result file already holds it).
    var topic: String?

    var metadata: Logger.Metadata {
        var m: Logger.Metadata = ["message_id": .string(kind.messageID)]
        if let v = record.name { m["article_name"] = .string(v) }
        if let v = record.id { m["article_id"] = .string(v) }
        if let v = record.line { m["line"] = .stringConvertible(v) }
        if let v = record.stage { m["stage"] = .string(v) }
        if let v = record.durationUs { m["duration_us"] = .stringConvertible(v) }
        if let v = record.result { m["result"] = .string(v) }
        if let v = record.latencyMs { m["latency_ms"] = .string(String(format: "%.1f", v)) }
        if let v = record.code { m["error_code"] = .string(v) }
        if let v = topic { m["topic"] = .string(v) }
        return m
    }
}

extension EventLog {
    /// Appends the event's line and logs its entry; `file`/`function`/`line` are the caller's, so the journal's
    /// CODE_FILE names the code that reported it.
    func report(
        _ event: ArticleEvent, to logger: Logger, file: String = #fileID, function: String = #function,
        line: UInt = #line
    ) {
        append(event.record)
        logger.log(
            level: event.level, "\(event.text)", metadata: event.metadata, file: file, function: function, line: line)
    }
}
