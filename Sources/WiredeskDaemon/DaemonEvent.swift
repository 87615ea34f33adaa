// Event kinds the daemon reports, each with a fixed journald MESSAGE_ID (documented in deploy/wiredesk.catalog).

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
