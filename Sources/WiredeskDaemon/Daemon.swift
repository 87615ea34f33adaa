// `wiredesk run`: the scheduler that owns the spool (docs/ARCHITECTURE.md, docs/SPOOL.md).
//
//   inotify ─┐                       ┌─ claim: rename inbox/x → active/x (RENAME_NOREPLACE)
//   rescan  ─┼─▶ control queue ──────┤
//   signals ─┘   (pending files,      └─ worker queue (≤ workers at once): ArticleProcessor.compute(x)
//   timers       settle, in-flight,                       │
//                metrics, watchdog)                       ▼
//                        ▲             commit path (serial, batches): ArticleProcessor.commit
//                        └──────────── completion ────────┘
//
// `Daemon` is an actor whose executor is the control queue (ControlQueueExecutor.swift): every mutable field below
// is isolated to it, so the compiler checks that only the control queue touches them, and Dispatch callbacks enter
// through `onControl` or `assumeIsolated` (which traps off the queue). Workers get immutable values (the pipeline,
// the processor). This file holds the scheduling; the timers and
// watchdog are in DaemonTimers.swift, signals and reload in DaemonSignals.swift, recovery in DaemonRecovery.swift.
@preconcurrency import Glibc
import Dispatch
import Foundation
import Logging
import Systemd
import WiredeskPipeline

/// Command-line values that override the configuration file.
public struct DaemonOverrides: Sendable {
    public var inbox: String?
    public var outbox: String?
    public var stateDir: String?
    public var workers: Int?

    public init(inbox: String? = nil, outbox: String? = nil, stateDir: String? = nil, workers: Int? = nil) {
        self.inbox = inbox
        self.outbox = outbox
        self.stateDir = stateDir
        self.workers = workers
    }

    public func apply(to config: inout DaemonConfig) {
        if let inbox { config.inbox = inbox }
        if let outbox { config.outbox = outbox }
        if let stateDir { config.stateDir = stateDir }
        if let workers { config.workers = workers }
    }
}

/// A file seen in the inbox, not yet claimed.
struct Candidate {
    var firstSeen: Date
    var signature: [Int]
    /// Monotonic nanoseconds since which `signature` has not changed (may lie in the future to delay a retry).
    var stableSince: UInt64
    /// How long the signature must stay unchanged before the file is taken.
    var requiredStableNanos: UInt64
    /// True once inotify reported a completed write or a rename into the inbox.
    var completeEvent: Bool
}

public actor Daemon {
    let control: DispatchQueue
    private let controlExecutor: ControlQueueExecutor
    public nonisolated var unownedExecutor: UnownedSerialExecutor { controlExecutor.asUnownedSerialExecutor() }
    // .utility: libdispatch then never tries to raise worker threads' priority, which a hardened unit forbids
    // ("Failed to set thread priority … errno=13" in the journal).
    let workerQueue = DispatchQueue(label: "wiredesk.workers", qos: .utility, attributes: .concurrent)
    /// Durable commits and quarantines, batched, off the worker threads and the control queue (CommitPath.swift).
    let commitPath = CommitPath()
    let configPath: String?
    let overrides: DaemonOverrides
    let notifier = ServiceNotifier.shared
    let spool: Spool
    let events: EventLog
    let crashes: CrashCounter
    /// `[metrics] textfile`: Prometheus metrics for node_exporter (MetricsTextfile.swift); nil when not configured.
    let metrics: DaemonMetrics?

    // Isolated to the actor, that is to the control queue.
    var config: DaemonConfig
    var logger: Logger
    var pipeline: Pipeline
    var processor: ArticleProcessor
    var pending: [FileName: Candidate] = [:]
    var inFlight: [FileName: UInt64] = [:]
    /// Non-regular inbox entries on their way to outbox/failed/ (on the commit path).
    var quarantining: Set<FileName> = []
    /// Reloads finished (successful or not), for `state_dir/reload-status` (ReloadStatus.swift).
    var reloadsFinished = 0
    /// Articles in flight that are still reading or running stages (the rest wait on the commit path).
    /// At most `workers` compute at once; up to `ioDepth` times as many may be in flight, so the cores keep working
    /// while a batch of commits waits for the disk, and the next batch fills meanwhile.
    var computing: Set<FileName> = []
    static let ioDepth = 16
    var needsInboxRescan = true
    var needsActiveRescan = true
    var lastInboxRescan: UInt64 = 0
    var stopping = false
    /// Files in active/ that hit a transient fault wait on their own backoff (Fault.swift).
    var backoff = RetryBackoff()
    /// Spool directories found deleted or replaced (SpoolDirectories.swift).
    var directories = DirectoryWatch()
    /// The time budgets of the articles in flight, with their heartbeat count at the last watchdog check.
    var deadlines: [FileName: (deadline: ArticleDeadline, beats: UInt64)] = [:]
    /// A recovered file whose earlier runs died with the process runs alone (CrashCounter.swift): while one runs
    /// (`isolated`) or waits for the others to finish (`isolationPending`), nothing else starts.
    var isolated: FileName?
    var isolationPending = false
    var processed = 0
    var failed = 0
    var progressSincePing = false
    var rateSamples: [(time: UInt64, done: Int)] = []
    var lastArchiveSweep: UInt64 = 0
    var watcher: InboxWatcher?
    var sources: [any DispatchSourceProtocol] = []
    /// Signalled once, by `finish()`, when the daemon has stopped; `run()` waits for it.
    let finishedRun = DispatchSemaphore(value: 0)
    var hasFinished = false

    /// Loads the configuration, prepares the spool and builds the pipeline. Does not start anything yet.
    /// - Throws: `ConfigError` for any problem a person must fix before the daemon can run.
    public init(configPath: String?, overrides: DaemonOverrides, logger: Logger) throws(ConfigError) {
        var config =
            try configPath.map { path throws(ConfigError) in try DaemonConfig.load(path: path) } ?? DaemonConfig()
        overrides.apply(to: &config)
        try config.validate()
        let control = DispatchQueue(label: "wiredesk.control")
        self.control = control
        self.controlExecutor = ControlQueueExecutor(queue: control)
        self.configPath = configPath
        self.overrides = overrides
        self.config = config
        var logger = logger
        logger.logLevel = Logger.Level(rawValue: config.logLevel) ?? .info
        self.logger = logger
        self.spool = try Spool(config: config)
        let metrics = config.metricsTextfile.isEmpty ? nil : DaemonMetrics(path: config.metricsTextfile)
        self.metrics = metrics
        self.events = EventLog(directory: spool.logs, maxBytes: config.eventLogMaxBytes, observer: metrics?.observe)
        self.crashes = CrashCounter(stateDir: config.stateDir)
        self.pipeline = try Pipeline(
            config: config.pipeline, environment: PipelineEnvironment(stateDirectory: config.stateDir))
        self.processor = ArticleProcessor(
            spool: spool, events: events, logger: logger, onSuccess: config.onSuccess, crashes: crashes)
    }

    /// Starts watching and processing, and returns once the daemon has stopped: after SIGTERM/SIGINT, when the
    /// work in flight has finished (or, after `stop_timeout_s`, was left in `active/` for the next start). Returns
    /// the exit status (0; 1 when the inbox cannot be watched). The caller exits with it: work that was left in
    /// flight may still be running on other threads when this returns.
    public nonisolated func run() -> Int32 {
        // Start-up runs on the control queue like every other step; the main thread then only waits for the end.
        guard control.sync(execute: { assumeIsolated { $0.start() } }) else { return 1 }
        finishedRun.wait()
        return 0
    }

    /// Runs `body` on the control queue, isolated to the daemon: how workers, the commit path, timers and reloads
    /// hand their results back.
    nonisolated func onControl(_ body: @escaping @Sendable (isolated Daemon) -> Void) {
        control.async { self.assumeIsolated(body) }
    }

    /// `onControl`, after `deadline`.
    nonisolated func onControl(after deadline: DispatchTime, _ body: @escaping @Sendable (isolated Daemon) -> Void) {
        control.asyncAfter(deadline: deadline) { self.assumeIsolated(body) }
    }

    /// Installs the watch, the signal handlers and the timers, then recovers and scans. False when the inbox cannot
    /// be watched.
    private func start() -> Bool {
        removeStaleTempFiles()
        installSignalHandlers()
        do {
            let watcher = try InboxWatcher(path: config.inbox, queue: control) { [unowned self] events in
                self.assumeIsolated { $0.handle(events) }
            }
            watcher.start()
            self.watcher = watcher
        } catch {
            logger.critical("cannot watch the inbox: \(error)")
            return false
        }
        startTimers()
        startMetrics()
        // The watch is in place before the first scan, so nothing dropped in between can be missed.
        logger.notice("spool: moving files by \(spool.claimProtocol.rawValue) (\(spool.claimReason))")
        recoverActive()
        rescanInbox()
        logger.notice(
            "ready: watching \(config.inbox) with \(config.effectiveWorkers) workers",
            metadata: ["message_id": .string(DaemonEvent.ready.messageID)])
        notifier.ready(status: statusLine())
        events.append(EventRecord(event: "started"))
        pump()
        return true
    }

    // MARK: Events

    func handle(_ inboxEvents: [InboxEvent]) {
        for event in inboxEvents {
            switch event {
            case .overflow:
                logger.warning("inotify queue overflowed; rescanning the inbox")
                needsInboxRescan = true
                lastInboxRescan = 0
            case .directoryGone:
                checkDirectories()
            case .movedIn(let name):
                noticed(name, complete: true, requiredStable: 0)
            case .closedAfterWrite(let name):
                noticed(name, complete: true, requiredStable: UInt64(config.settleMs) * 1_000_000)
            case .created(let name):
                noticed(name, complete: false, requiredStable: UInt64(config.settleMs) * 1_000_000)
            }
        }
        pump()
    }

    func noticed(_ name: FileName, complete: Bool, requiredStable: UInt64) {
        if name.isIgnored || quarantining.contains(name) { return }
        if var candidate = pending[name] {
            candidate.completeEvent = candidate.completeEvent || complete
            candidate.requiredStableNanos = min(candidate.requiredStableNanos, requiredStable)
            pending[name] = candidate
            return
        }
        guard pending.count < config.queueLimit else {
            needsInboxRescan = true  // the inbox is the overflow queue
            return
        }
        discover(name, complete: complete, requiredStable: requiredStable)
    }

    /// First look at a name: non-regular files are quarantined unopened; regular ones become candidates.
    func discover(_ name: FileName, complete: Bool, requiredStable: UInt64) {
        guard let st = spool.lstat(spool.inbox, name) else { return }
        guard st.isRegularFile else {
            let kind = DocumentReader.fileKind(st.st_mode)
            let failure = StageFailure(
                stage: "watch", code: "not_regular_file",
                message: "\(kind) in the inbox: only regular files are processed (it was not opened)")
            // Its fsyncs run on the commit path, not here on the control queue.
            quarantining.insert(name)
            let processor = self.processor
            let inbox = spool.inbox
            commitPath.async { [self] in
                let outcome = processor.quarantineWhole(name, failure, from: inbox)
                onControl { daemon in
                    daemon.quarantining.remove(name)
                    if case .finished(_, let failures) = outcome { daemon.failed += failures }
                }
            }
            return
        }
        let now = MonotonicClock.nowNanos()
        pending[name] = Candidate(
            firstSeen: Date(), signature: st.settleSignature, stableSince: now, requiredStableNanos: requiredStable,
            completeEvent: complete)
    }

    // MARK: Scheduling

    /// Claims every settled candidate there is a worker for. Cheap when there is nothing to do.
    func pump() {
        guard !stopping else { return }
        let now = MonotonicClock.nowNanos()
        if !directories.allHealthy, now - directories.lastCheck > 1_000_000_000 { checkDirectories() }
        if needsActiveRescan { recoverActive() }
        var free = freeSlots
        if free > 0, !pending.isEmpty {
            let rule = SettleRule(settleMs: config.settleMs)
            let wallClock = Date().timeIntervalSince1970
            // Oldest first, and lstat only as many as there are free workers (see `SettleRule.oldestDue`).
            let due = rule.oldestDue(pending, limit: free, now: now)
            for (name, var candidate) in due {
                guard free > 0 else { break }
                switch rule.decide(
                    &candidate, current: spool.lstat(spool.inbox, name), now: now, wallClock: wallClock)
                {
                case .take:
                    break
                case .wait:
                    pending[name] = candidate
                    continue
                case .gone:
                    pending[name] = nil
                    continue
                case .notRegular:
                    pending[name] = nil
                    discover(name, complete: false, requiredStable: 0)
                    continue
                }
                let err = spool.renameNoReplace(from: spool.inbox, name, to: spool.active, name)
                switch err {
                case 0:
                    pending[name] = nil
                    dispatch(name, arrivedAt: candidate.firstSeen)
                    free -= 1
                case ENOENT where spool.lstat(spool.inbox, name) != nil:
                    // The file is still in the inbox, so active/ itself is gone: not another daemon's claim.
                    checkDirectories()
                    var later = candidate
                    later.stableSince = now + 1_000_000_000
                    pending[name] = later
                case ENOENT:
                    pending[name] = nil  // another daemon took it, or the producer removed it
                case EEXIST, ENOTEMPTY:
                    // A file of the same name is still being processed: try again in a second.
                    var later = candidate
                    later.stableSince = now + 1_000_000_000
                    pending[name] = later
                case EXDEV:
                    // Same device number but different mounts (e.g. separate bind mounts under ProtectSystem=):
                    // rename(2) cannot cross them. The start-up st_dev check cannot see this; say what to fix.
                    logger.critical(
                        "cannot claim \(name): inbox and state_dir are on different mounts (EXDEV); put both under one directory (see deploy/README.md)"
                    )
                    var later = candidate
                    later.stableSince = now + 30_000_000_000
                    pending[name] = later
                default:
                    logger.error("cannot claim \(name): \(String(cString: strerror(err)))")
                    var later = candidate
                    later.stableSince = now + 5_000_000_000
                    pending[name] = later
                }
            }
        }
        if needsInboxRescan, pending.count < config.queueLimit / 2 + 1, now - lastInboxRescan > 50_000_000 {
            rescanInbox()
            if !pending.isEmpty && free > 0 { onControl { $0.pump() } }
        }
    }

    /// How many more articles may start now: bounded by the workers that compute and by the total in flight.
    var freeSlots: Int {
        if isolated != nil || isolationPending { return 0 }
        let workers = config.effectiveWorkers
        return max(0, min(workers - computing.count, workers * Self.ioDepth - inFlight.count))
    }

    func dispatch(_ name: FileName, arrivedAt: Date) {
        inFlight[name] = MonotonicClock.nowNanos()
        computing.insert(name)
        let pipeline = self.pipeline
        let processor = self.processor
        let deadline = ArticleDeadline(seconds: pipeline.config.articleTimeoutSeconds)
        deadlines[name] = (deadline, 0)
        workerQueue.async { [self] in
            switch processor.compute(name, pipeline: pipeline, arrivedAt: arrivedAt, deadline: deadline) {
            case .done(let outcome):
                onControl { $0.finished(name, outcome) }
            case .commit(let article):
                // Computing is over: the next article may start while this one waits for the disk.
                onControl { daemon in
                    if daemon.computing.remove(name) != nil { daemon.pump() }
                }
                commitPath.submit(article) { [self] outcome in
                    onControl { $0.finished(name, outcome) }
                }
            }
        }
    }

    func finished(_ name: FileName, _ outcome: ProcessingOutcome) {
        inFlight[name] = nil
        computing.remove(name)
        deadlines[name] = nil
        if isolated == name {
            isolated = nil
            needsActiveRescan = true
        }
        switch outcome {
        case .finished(let committed, let failures):
            processed += committed
            failed += failures
            progressSincePing = true
            backoff.succeeded(name)
        case .ownedElsewhere:
            backoff.succeeded(name)
        case .retryLater(let reason, let err):
            retryLater(name, reason: reason, fault: Fault(errno: err))
        }
        if stopping {
            if inFlight.isEmpty { finish() }
            return
        }
        pump()
    }

    /// Files left in active/ by a crash (or by another daemon that died) are processed again. Files whose lock is
    /// held by a live process are skipped by the worker.
    func recoverActive() {
        needsActiveRescan = false
        guard isolated == nil else { return }  // rescanned when it finishes
        isolationPending = false
        var free = freeSlots
        let now = MonotonicClock.nowNanos()
        let suspects = crashes.suspects()
        spool.forEachEntry(spool.active) { name, _ in
            if name.isIgnored || inFlight[name] != nil || backoff.waiting(name, now: now) { return true }
            if suspects.contains(name), !crashes.lockedElsewhere(name, in: spool) {
                // Its last run died with the process: it runs alone, once the others are done.
                if inFlight.isEmpty {
                    isolated = name
                    dispatch(name, arrivedAt: Date())
                } else {
                    isolationPending = true
                    needsActiveRescan = true
                }
                return false
            }
            guard free > 0 else {
                needsActiveRescan = true
                return false
            }
            dispatch(name, arrivedAt: Date())
            free -= 1
            return true
        }
    }

    /// Reads the inbox directory and adds what it finds, up to the in-memory queue limit.
    func rescanInbox() {
        needsInboxRescan = false
        lastInboxRescan = MonotonicClock.nowNanos()
        let settle = UInt64(config.settleMs) * 1_000_000
        spool.forEachEntry(spool.inbox) { name, _ in
            if name.isIgnored || pending[name] != nil || inFlight[name] != nil || quarantining.contains(name) {
                return true
            }
            guard pending.count < config.queueLimit else {
                needsInboxRescan = true
                return false
            }
            discover(name, complete: false, requiredStable: settle)
            return true
        }
    }

    func removeStaleTempFiles() {
        for dir in [spool.outbox, spool.failed] {
            var stale: [FileName] = []
            spool.forEachEntry(dir) { name, _ in
                if Spool.isStaleTempFile(name) { stale.append(name) }  // never another live daemon's
                return true
            }
            for name in stale { _ = name.withCString { unlinkat(dir, $0, 0) } }
        }
    }
}
