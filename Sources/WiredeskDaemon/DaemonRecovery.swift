// The daemon's answers to faults (docs/SPOOL.md, "Faults"): per-file retry with backoff, directories that go away
// and come back, and whether long-running articles are alive for the watchdog. Isolated to the daemon (the control queue).
@preconcurrency import Glibc
import Dispatch
import Logging
import WiredeskPipeline

extension Daemon {
    /// A transient fault on one file: it stays in active/ and is tried again after its own backoff; the other
    /// files keep being claimed and processed.
    func retryLater(_ name: FileName, reason: String, fault: Fault) {
        let now = MonotonicClock.nowNanos()
        let delay = backoff.failed(name, now: now)
        let attempts = backoff.attempts(name)
        let seconds = Double(delay) / 1e9
        let text = "cannot finish \(name), will retry in \(Int(seconds)) s (attempt \(attempts)): \(reason)"
        let metadata: Logger.Metadata = [
            "article_name": .string(name.display), "message_id": .string(fault.event.messageID),
        ]
        // The first failure of a file and every 8th after it at error level; the rest at debug, so a full disk
        // under a thousand waiting files does not flood the journal.
        if attempts == 1 || attempts % 8 == 0 {
            logger.error("\(text)", metadata: metadata)
        } else {
            logger.debug("\(text)", metadata: metadata)
        }
        if fault == .directoryMissing { checkDirectories() }
        onControl(after: .now() + .nanoseconds(Int(delay))) { daemon in
            daemon.needsActiveRescan = true
            daemon.pump()
        }
    }

    /// Compares each spool directory's path with the open descriptor; logs a problem once, recreates what the
    /// daemon owns, opens again what came back. Cheap: two stat calls per directory.
    func checkDirectories() {
        directories.lastCheck = MonotonicClock.nowNanos()
        for dir in SpoolDirectory.allCases {
            guard let problem = spool.directoryProblem(dir) else {
                if directories.repaired(dir) { restored(dir) }
                continue
            }
            if directories.noticed(dir, problem) {
                let action =
                    dir.ownedByDaemon
                    ? "recreating it"
                    : "waiting for it to come back (checked every second; files are not lost, they wait)"
                logger.error(
                    "the \(dir.rawValue) directory \(spool.path(dir)) \(problem); \(action)",
                    metadata: [
                        "directory": .string(dir.rawValue), "message_id": .string(DaemonEvent.directoryGone.messageID),
                    ])
            }
            if spool.reopen(dir), spool.directoryProblem(dir) == nil, directories.repaired(dir) { restored(dir) }
        }
    }

    private func restored(_ dir: SpoolDirectory) {
        switch dir {
        case .inbox:
            do {
                try watcher?.rewatch(path: spool.path(.inbox))
            } catch {
                logger.error("cannot watch the inbox again: \(error); new files are found by the periodic rescan")
            }
            needsInboxRescan = true
            lastInboxRescan = 0
        case .logs:
            events.reopen()
        case .active, .outbox, .failed, .archive:
            needsActiveRescan = true
        }
        logger.notice(
            "the \(dir.rawValue) directory \(spool.path(dir)) is back; going on",
            metadata: [
                "directory": .string(dir.rawValue), "message_id": .string(DaemonEvent.directoryRestored.messageID),
            ])
    }

    /// True when articles are computing and every one of them reached a deadline check since the last look:
    /// a long article legitimately at work, not a wedged worker.
    func articlesShowProgress() -> Bool {
        var alive = !computing.isEmpty
        for name in computing {
            guard let entry = deadlines[name] else {
                alive = false
                continue
            }
            let beats = entry.deadline.heartbeats
            if beats == entry.beats { alive = false }
            deadlines[name] = (entry.deadline, beats)
        }
        return alive
    }
}
