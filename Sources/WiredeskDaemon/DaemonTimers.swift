// The daemon's timers: the pump tick, periodic rescans, the status line for `systemctl status`, the watchdog and
// the archive sweep. All run on the control queue, isolated to the daemon (see Daemon.swift).
@preconcurrency import Glibc
import Dispatch
import Foundation
import Logging
import Systemd
import WiredeskPipeline

extension Daemon {
    // MARK: Timers, status, watchdog

    func startTimers() {
        let tick = DispatchSource.makeTimerSource(queue: control)
        tick.schedule(deadline: .now() + .milliseconds(50), repeating: .milliseconds(50), leeway: .milliseconds(10))
        tick.setEventHandler { [unowned self] in self.assumeIsolated { $0.pump() } }
        tick.resume()
        sources.append(tick)

        let rescan = DispatchSource.makeTimerSource(queue: control)
        let every = config.rescanIntervalSeconds
        rescan.schedule(deadline: .now() + every, repeating: every, leeway: .seconds(1))
        rescan.setEventHandler { [unowned self] in
            self.assumeIsolated { daemon in
                daemon.checkDirectories()
                daemon.needsInboxRescan = true
                daemon.needsActiveRescan = true
                daemon.lastInboxRescan = 0
                daemon.sweepArchive()
                daemon.pump()
            }
        }
        rescan.resume()
        sources.append(rescan)

        let status = DispatchSource.makeTimerSource(queue: control)
        status.schedule(deadline: .now() + 2, repeating: 2, leeway: .milliseconds(200))
        status.setEventHandler { [unowned self] in
            self.assumeIsolated { daemon in
                let now = MonotonicClock.nowNanos()
                daemon.rateSamples.append((now, daemon.processed + daemon.failed))
                daemon.rateSamples.removeAll { now - $0.time > 61_000_000_000 }
                daemon.notifier.status(daemon.statusLine())
            }
        }
        status.resume()
        sources.append(status)

        if let interval = notifier.watchdogInterval {
            let watchdog = DispatchSource.makeTimerSource(queue: control)
            let half = DispatchTimeInterval.microseconds(
                Int(interval.components.seconds * 1_000_000 + interval.components.attoseconds / 1_000_000_000_000) / 2)
            watchdog.schedule(deadline: .now() + half, repeating: half, leeway: .milliseconds(50))
            watchdog.setEventHandler { [unowned self] in self.assumeIsolated { $0.patWatchdog() } }
            watchdog.resume()
            sources.append(watchdog)
        }
    }

    /// Pats the watchdog only when the pipeline is demonstrably alive: something finished since the last pat, or
    /// nothing is running. A wedged worker set or a blocked control queue stops the pats and systemd restarts us.
    /// A long article that keeps reaching its stages' deadline checks is alive too (`articlesShowProgress`).
    func patWatchdog() {
        let running = articlesShowProgress()
        if progressSincePing || inFlight.isEmpty || running {
            notifier.watchdogPing()
            progressSincePing = false
        } else {
            logger.warning(
                "watchdog: \(inFlight.count) articles in flight and none finished since the last check",
                metadata: ["message_id": .string(DaemonEvent.stalled.messageID)])
        }
    }

    /// `processed 120, failed 2, queued 5, in flight 2, 3.1 articles/s (1 min)`.
    func statusLine() -> String {
        var rate = 0.0
        if let first = rateSamples.first, let last = rateSamples.last, last.time > first.time {
            rate = Double(last.done - first.done) / (Double(last.time - first.time) / 1e9)
        }
        let backlog = needsInboxRescan ? "+" : ""
        return
            "processed \(processed), failed \(failed), queued \(pending.count)\(backlog), in flight \(inFlight.count), "
            + String(format: "%.1f", rate) + " articles/s (1 min)"
    }

    func sweepArchive() {
        guard config.archiveMaxAgeDays > 0 else { return }
        let now = MonotonicClock.nowNanos()
        guard now - lastArchiveSweep > 3_600_000_000_000 || lastArchiveSweep == 0 else { return }
        lastArchiveSweep = now
        let cutoff = Date().timeIntervalSince1970 - config.archiveMaxAgeDays * 86400
        let spool = self.spool
        DispatchQueue.global(qos: .utility).async {
            var old: [FileName] = []
            spool.forEachEntry(spool.archive) { name, _ in
                if let st = spool.lstat(spool.archive, name), Double(st.st_mtim.tv_sec) < cutoff { old.append(name) }
                return true
            }
            for name in old { _ = name.withCString { unlinkat(spool.archive, $0, 0) } }
        }
    }
}
