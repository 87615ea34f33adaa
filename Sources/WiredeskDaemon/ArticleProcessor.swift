// One claimed file, in two phases: `compute` (worker queue) locks it, reads it and runs the pipeline; `commit`
// (the commit path, CommitPath.swift) makes a batch of results durable, quarantines failures, then archives (or
// deletes) the originals. A JSON Lines batch is computed and committed line by line by its worker. Shares nothing
// mutable.
@preconcurrency import Glibc
import Foundation
import Logging
import WiredeskPipeline

/// What became of one claimed file.
public enum ProcessingOutcome: Sendable, Equatable {
    /// Finished: `committed` results written (or found already written), `failed` quarantined.
    case finished(committed: Int, failed: Int)
    /// Another live process holds the file's lock (or it moved on): not ours.
    case ownedElsewhere
    /// A transient problem (disk full, I/O error, a missing directory): the file stays in active/ and is retried
    /// later, on its own backoff. `errno` tells which kind (`Fault`).
    case retryLater(reason: String, errno: Int32)
}

extension ProcessingOutcome {
    static func retryLater(_ error: SpoolError) -> ProcessingOutcome {
        .retryLater(reason: error.description, errno: error.errno)
    }
}

/// A single article whose stages are done, waiting for the commit path (`ArticleProcessor.commit`). It holds the
/// claimed file open, and so its lock, until the commit is over.
public struct ComputedArticle: Sendable {
    let name: FileName
    let fd: Int32
    let arrivedAt: Date
    let outcome: PipelineOutcome
    /// The result's JSON, encoded by the worker (nil for a failure).
    let encoded: [UInt8]?
    let processor: ArticleProcessor
}

/// What the worker's phase (`ArticleProcessor.compute`) hands on.
public enum WorkerOutcome: Sendable {
    /// Nothing left to write (a batch, a failure, a file that is not ours).
    case done(ProcessingOutcome)
    /// A computed article for the commit path.
    case commit(ComputedArticle)
}

/// Processes claimed files in `active/`. Thread-safe: workers share one instance.
public final class ArticleProcessor: Sendable {
    let spool: Spool
    let events: EventLog
    let logger: Logger
    let onSuccess: SuccessAction
    /// Poison-pill protection (nil: off).
    let crashes: CrashCounter?

    public init(
        spool: Spool, events: EventLog, logger: Logger, onSuccess: SuccessAction, crashes: CrashCounter? = nil
    ) {
        self.spool = spool
        self.events = events
        self.logger = logger
        self.onSuccess = onSuccess
        self.crashes = crashes
    }

    /// Processes `active/<name>` from start to end on the calling thread: `compute`, then `commit`. For tests and
    /// tools; the daemon runs the two phases on different queues.
    /// - Parameters:
    ///   - arrivedAt: when the daemon first saw the file in the inbox (for the latency in the event log).
    ///   - deadline: the article's time budget (default: the pipeline's `article_timeout_s` from the start).
    public func process(
        _ name: FileName, pipeline: Pipeline, arrivedAt: Date, deadline: ArticleDeadline? = nil
    ) -> ProcessingOutcome {
        switch compute(name, pipeline: pipeline, arrivedAt: arrivedAt, deadline: deadline) {
        case .done(let outcome): return outcome
        case .commit(let article): return Self.commit([article])[0]
        }
    }

    /// The worker's phase: lock `active/<name>`, read it, run the stages. A single article comes back as
    /// `.commit`, holding its file (and lock) open, for the commit path to make durable; everything else (a JSON
    /// Lines batch, whose lines are analysed and committed one after the other; a failure; a file that is not
    /// ours) is finished here.
    public func compute(
        _ name: FileName, pipeline: Pipeline, arrivedAt: Date, deadline: ArticleDeadline? = nil
    ) -> WorkerOutcome {
        let fd = name.withCString { openat(spool.active, $0, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC) }
        guard fd >= 0 else {
            if errno == ENOENT { return .done(.ownedElsewhere) }
            if errno == ELOOP {
                // A symlink in active/ can only come from outside tampering; quarantine it unopened.
                return .done(
                    quarantineWhole(
                        name, StageFailure(stage: "read", code: "not_regular_file", message: "symbolic link"),
                        arrivedAt: arrivedAt))
            }
            let err = errno
            if Fault.inputIsUnreadable(errno: err) {
                return .done(quarantineWhole(name, Self.unreadable(err), arrivedAt: arrivedAt))
            }
            return .done(.retryLater(reason: "open: \(String(cString: strerror(err)))", errno: err))
        }
        // The descriptor goes with a `.commit` outcome: the lock must be held until the commit is over.
        var handedOver = false
        defer { if !handedOver { close(fd) } }
        // The lock is the ownership: it dies with the process, so a crashed owner's files become recoverable.
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else { return .done(.ownedElsewhere) }
        var opened = stat()
        fstat(fd, &opened)
        guard let current = spool.lstat(spool.active, name), current.st_ino == opened.st_ino,
            current.st_dev == opened.st_dev
        else { return .done(.ownedElsewhere) }

        // Poison pill: the record says how many runs of this file died with the process (see CrashCounter). It
        // covers the computing only: a crash while the commit path writes is not this article's doing.
        let crashesBefore = crashes?.begin(name) ?? 0
        defer { crashes?.end(name) }
        if crashesBefore >= CrashCounter.limit {
            let failure = StageFailure(
                stage: "pipeline", code: "crashed",
                message:
                    "the daemon died \(crashesBefore) times while processing this file (the second time alone); it was not run again"
            )
            return .done(quarantineWhole(name, failure, arrivedAt: arrivedAt))
        }

        let display = name.display
        events.report(
            ArticleEvent(
                kind: .taken, record: EventRecord(event: "taken", name: display), level: .debug,
                text: "taken \(display)"),
            to: logger)

        let raw: RawDocument
        do {
            raw = try readDocument(
                fd: fd, stat: opened, name: display, maxBytes: pipeline.config.normalize.maxBytes, receivedAt: arrivedAt
            )
        } catch {
            if error.code == "io_error" { return .done(.retryLater(reason: error.message, errno: EIO)) }
            return .done(quarantineWhole(name, error, arrivedAt: arrivedAt))
        }

        var committed = 0
        var failed = 0
        // Outcomes arrive one at a time (a batch line is committed before the next is analysed), so a large
        // JSON Lines batch holds one line's analysis in memory; `stop` ends the file early on a spool error.
        var stop: ProcessingOutcome?
        var single: ComputedArticle?
        pipeline.process(raw, deadline: deadline) { outcome in
            logTimings(outcome, display: display)
            if outcome.line == nil {
                // A single article: the commit path writes it, so no compute thread waits for the disk.
                let encoded = (try? outcome.result.get()).map { ResultJSON.encode($0) }
                single = ComputedArticle(
                    name: name, fd: fd, arrivedAt: arrivedAt, outcome: outcome, encoded: encoded, processor: self)
                return false
            }
            stop = commit(
                outcome, name: name, display: display, arrivedAt: arrivedAt, committed: &committed,
                failed: &failed)
            return stop == nil
        }
        if let single {
            handedOver = true
            return .commit(single)
        }
        if let stop { return .done(stop) }
        do {
            try finishOriginal(name)
        } catch {
            return .done(.retryLater(error))
        }
        return .done(.finished(committed: committed, failed: failed))
    }

    /// The commit path's phase (group commit): makes a batch of computed articles durable with one fsync per
    /// result and one fsync of outbox/ for the whole batch, then archives (or deletes) their originals. Returns
    /// one outcome per article, in order, and closes (unlocks) every article's file.
    static func commit(_ batch: [ComputedArticle]) -> [ProcessingOutcome] {
        guard let spool = batch.first?.processor.spool else { return [] }
        var outcomes = [ProcessingOutcome?](repeating: nil, count: batch.count)
        var files = [FileName?](repeating: nil, count: batch.count)
        // 1. Each result to its own temp file, fsynced. 2. Each renamed to its name (never replacing another
        // article's result). 3. One fsync of the outbox makes every rename durable.
        var temps: [(index: Int, temp: FileName)] = []
        for (index, article) in batch.enumerated() {
            guard let bytes = article.encoded else { continue }
            do {
                temps.append((index, try spool.writeTemp(spool.outbox, bytes, for: article.name)))
            } catch {
                outcomes[index] = .retryLater(error)
            }
        }
        for (index, temp) in temps {
            let article = batch[index]
            guard case .success(let result) = article.outcome.result else { continue }
            do {
                files[index] = try article.processor.publishResult(temp, result, inputName: article.name, line: nil)
            } catch {
                outcomes[index] = .retryLater(error)
            }
        }
        if !temps.isEmpty { spool.syncDirectory(spool.outbox) }
        // 4. Only now is each result durable: log it, then archive the original (or quarantine a failed article).
        for (index, article) in batch.enumerated() {
            defer { close(article.fd) }
            if outcomes[index] != nil { continue }
            let processor = article.processor
            switch article.outcome.result {
            case .success(let result):
                guard let file = files[index] else { continue }
                processor.logCommitted(result, file: file, article: article)
                do {
                    try processor.finishOriginal(article.name)
                    outcomes[index] = .finished(committed: 1, failed: 0)
                } catch {
                    outcomes[index] = .retryLater(error)
                }
            case .failure(let failure):
                outcomes[index] = processor.quarantineWhole(article.name, failure, arrivedAt: article.arrivedAt)
            }
        }
        return outcomes.map { $0 ?? .retryLater(reason: "commit: not written", errno: EIO) }
    }

    private func logTimings(_ outcome: PipelineOutcome, display: String) {
        for timing in outcome.timingsUs {
            var record = EventRecord(event: "stage", name: display)
            record.line = outcome.line
            record.stage = timing.stage
            record.durationUs = timing.micros
            events.report(
                ArticleEvent(
                    kind: .stageFinished, record: record, level: .debug,
                    text: "\(timing.stage) finished for \(display) in \(timing.micros) µs"),
                to: logger)
        }
    }

    private func logCommitted(_ result: ArticleResult, file: FileName, article: ComputedArticle) {
        reportCommitted(
            result, file: file, display: article.name.display, line: article.outcome.line,
            arrivedAt: article.arrivedAt, stagesUs: article.outcome.timingsUs.reduce(0) { $0 + $1.micros })
    }

    private func reportCommitted(
        _ result: ArticleResult, file: FileName, display: String, line: Int?, arrivedAt: Date, stagesUs: Int
    ) {
        var record = EventRecord(event: "committed", name: display)
        record.id = result.id
        record.line = line
        record.stage = "commit"
        record.durationUs = stagesUs
        record.result = file.display
        record.latencyMs = Date().timeIntervalSince(arrivedAt) * 1000
        events.report(
            ArticleEvent(
                kind: .committed, record: record, level: .info, text: "committed \(display) → \(file.display)",
                topic: result.classification?.topic?.label),
            to: logger)
    }

    /// Commits or quarantines one outcome of `name`; returns what ends the file early (a spool error, or the
    /// whole file quarantined), nil to go on.
    private func commit(
        _ outcome: PipelineOutcome, name: FileName, display: String, arrivedAt: Date, committed: inout Int,
        failed: inout Int
    ) -> ProcessingOutcome? {
        switch outcome.result {
        case .success(let result):
            do {
                let file = try commitResult(result, inputName: name, line: outcome.line)
                committed += 1
                reportCommitted(
                    result, file: file, display: display, line: outcome.line, arrivedAt: arrivedAt,
                    stagesUs: outcome.timingsUs.reduce(0) { $0 + $1.micros })
            } catch {
                return .retryLater(error)
            }
        case .failure(let failure):
            if let line = outcome.line {
                do {
                    try quarantineLine(
                        name, line: line, bytes: outcome.rawBytes.map(Array.init) ?? [], failure: failure)
                    failed += 1
                } catch {
                    return .retryLater(error)
                }
            } else {
                return quarantineWhole(name, failure, arrivedAt: arrivedAt)
            }
        }
        return nil
    }

    private func readDocument(fd: Int32, stat st: stat, name: String, maxBytes: Int, receivedAt: Date)
        throws(StageFailure)
        -> RawDocument
    {
        guard st.isRegularFile else {
            throw StageFailure(
                stage: "read", code: "not_regular_file",
                message: "\(DocumentReader.fileKind(st.st_mode)) is not a regular file")
        }
        return try DocumentReader.read(fd: fd, displayName: name, maxBytes: maxBytes, receivedAt: receivedAt)
    }

    /// The outbox name for a result: `<name>.json`, or `<name>.line-N.json` for a batch line.
    static func resultName(for input: FileName, line: Int?) -> FileName {
        input.appending(line.map { ".line-\($0).json" } ?? ".json")
    }

    /// Writes the result unless the same article's result already exists under its name. Never replaces another
    /// article's result: a different id under the same name gets `<name>.<id prefix>.json`.
    func commitResult(_ result: ArticleResult, inputName: FileName, line: Int?) throws(SpoolError) -> FileName {
        let temp = try spool.writeTemp(spool.outbox, ResultJSON.encode(result), for: inputName)
        let file = try publishResult(temp, result, inputName: inputName, line: line)
        spool.syncDirectory(spool.outbox)
        return file
    }

    /// Renames a written and fsynced temp file to the result's name (`<name>.json`, or `<name>.<id prefix>.json`
    /// when another article holds that name; the same article's result already there is kept). The temp file is
    /// gone afterwards, whatever happened. The caller fsyncs the outbox.
    func publishResult(_ temp: FileName, _ result: ArticleResult, inputName: FileName, line: Int?)
        throws(SpoolError) -> FileName
    {
        defer { spool.discardTemp(spool.outbox, temp) }  // ENOENT once renamed
        let stem = line.map { inputName.appending(".line-\($0)") } ?? inputName
        let candidates = [
            stem.appending(".json"), stem.appending(".\(result.id.prefix(12)).json"),
            stem.appending(".\(result.id).json"),
        ]
        for candidate in candidates {
            let err = spool.renameTemp(spool.outbox, temp, to: candidate, replace: false)
            if err == 0 { return candidate }
            guard err == EEXIST else { throw SpoolError(operation: "rename into \(candidate)", errno: err) }
            if existingResultID(candidate) == result.id { return candidate }
        }
        throw SpoolError(operation: "commit \(inputName): every result name is taken", errno: EEXIST)
    }

    private func existingResultID(_ name: FileName) -> String? {
        guard let bytes = spool.readFile(spool.outbox, name) else { return nil }
        struct IDOnly: Decodable { var id: String }
        return try? JSONDecoder().decode(IDOnly.self, from: Data(bytes)).id
    }

    /// Archives or deletes the original once every result is durable (the results' directory was fsynced).
    private func finishOriginal(_ name: FileName) throws(SpoolError) {
        switch onSuccess {
        case .archive:
            _ = try spool.moveUnique(from: spool.active, name, to: spool.archive)
        case .delete:
            let rc = name.withCString { unlinkat(spool.active, $0, 0) }
            if rc != 0 && errno != ENOENT { throw SpoolError(operation: "unlink \(name)", errno: errno) }
        }
        // No fsync of active/ or archive/ here, on purpose: if a power loss undoes this rename, the original is back
        // in active/, is redone at start-up, finds its durable result with the same id, and is archived again.
    }

    /// Moves the original into outbox/failed/ with `<name>.error.json` beside it.
    func quarantineWhole(_ name: FileName, _ failure: StageFailure, arrivedAt: Date) -> ProcessingOutcome {
        quarantineWhole(name, failure, from: spool.active)
    }

    /// Moves `name` from `directory` (active/ or, for non-regular entries, the inbox) into outbox/failed/.
    func quarantineWhole(_ name: FileName, _ failure: StageFailure, from directory: Int32) -> ProcessingOutcome {
        do throws(SpoolError) {
            // Find the name first so the error record and the file always pair up. Only the file itself makes a
            // name taken: an error record without its file is an orphan from a crash between writing the record
            // and the rename below, and is overwritten (checking the record too left one orphan per such crash).
            let target = QuarantineName.choose(name, in: spool, sameBytes: nil).name
            let size = spool.lstat(directory, name).map { Int($0.st_size) } ?? 0
            let record = ErrorRecord(
                name: name.display, quarantinedAs: target.display, line: nil, bytes: size, failure: failure)
            try spool.writeAtomically(
                spool.failed, target.appending(".error.json"), record.json(), replace: true, syncDir: false)
            let err = spool.renameNoReplace(from: directory, name, to: spool.failed, target)
            if err != 0 && err != ENOENT { throw SpoolError(operation: "quarantine \(name)", errno: err) }
            spool.syncDirectory(spool.failed)
            spool.syncDirectory(directory)
            report(failure, name: name.display, line: nil)
            return .finished(committed: 0, failed: 1)
        } catch {
            return .retryLater(error)
        }
    }

    /// A bad line of a JSON Lines batch: its bytes go to failed/<name>.line-N with an error record.
    /// A second batch of the same name never replaces the first's lines: other bytes get `<name>.line-N.1`, …;
    /// the same bytes (a redo after a crash) reuse their name.
    private func quarantineLine(_ name: FileName, line: Int, bytes: [UInt8], failure: StageFailure) throws(SpoolError) {
        let (target, existing) = QuarantineName.choose(name.appending(".line-\(line)"), in: spool, sameBytes: bytes)
        let record = ErrorRecord(
            name: name.display, quarantinedAs: target.display, line: line, bytes: bytes.count, failure: failure)
        try spool.writeAtomically(
            spool.failed, target.appending(".error.json"), record.json(), replace: true, syncDir: existing)
        if !existing { try spool.writeAtomically(spool.failed, target, bytes, replace: false) }
        report(failure, name: name.display, line: line)
    }

    private func report(_ failure: StageFailure, name: String, line: Int?) {
        var record = EventRecord(event: "failed", name: name)
        record.line = line
        record.stage = failure.stage
        record.code = failure.code
        record.message = failure.message
        events.report(
            ArticleEvent(
                kind: Self.event(for: failure.code), record: record, level: .warning,
                text: "failed \(name)\(line.map { " line \($0)" } ?? ""): \(failure.code): \(failure.message)"),
            to: logger)
    }
}

/// `outbox/failed/<name>.error.json`.
struct ErrorRecord {
    var name: String
    var quarantinedAs: String
    var line: Int?
    var bytes: Int
    var failure: StageFailure

    func json() -> [UInt8] {
        var w = JSONWriter(pretty: true, capacity: 512)
        w.beginObject()
        w.member("name", name)
        w.member("quarantined_as", quarantinedAs)
        w.member("line", line)
        w.member("bytes", bytes)
        w.key("error")
        w.beginObject()
        w.member("stage", failure.stage)
        w.member("code", failure.code)
        w.member("message", failure.message)
        w.endObject()
        w.member("time", ISOTime.string(Date()))
        w.endObject()
        return w.bytes + [0x0A]
    }
}

extension ArticleProcessor {
    /// EACCES or EPERM on opening the claimed file: it can never be read as it is.
    static func unreadable(_ err: Int32) -> StageFailure {
        StageFailure(
            stage: "read", code: "unreadable",
            message:
                "the daemon may not read this file (\(String(cString: strerror(err)))): fix its owner or mode and run `wiredesk retry`"
        )
    }

    /// Failures with a journald message id of their own; the rest are `failed`.
    static func event(for code: String) -> DaemonEvent {
        switch code {
        case "unreadable": return .unreadable
        case "timeout": return .timeout
        case "crashed": return .crashed
        default: return .failed
        }
    }
}
