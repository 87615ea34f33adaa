// Issue 15's daemon pieces on their own: errno classes, per-file backoff, quarantine names that never overwrite,
// the crash counter, directories that go away and come back, and the configuration read from /dev/null.
@preconcurrency import Glibc
import Foundation
import Logging
import Testing
import WiredeskPipeline

@testable import WiredeskDaemon

@Suite struct FaultTests {
    func pipeline() throws -> Pipeline {
        var config = PipelineConfig()
        config.stages = ["normalize"]
        return try Pipeline(config: config)
    }

    @Test func errnoClasses() {
        #expect(Fault(errno: ENOSPC) == .diskFull)
        #expect(Fault(errno: EDQUOT) == .diskFull)
        #expect(Fault(errno: EIO) == .ioError)
        #expect(Fault(errno: ENOENT) == .directoryMissing)
        #expect(Fault(errno: EROFS) == .other)
        #expect(Fault.inputIsUnreadable(errno: EACCES) && Fault.inputIsUnreadable(errno: EPERM))
        #expect(!Fault.inputIsUnreadable(errno: ENOSPC))
        // Each class logs under its own message id, and a stall is never the disk-full one.
        let ids = Set([Fault.diskFull, .ioError, .directoryMissing, .other].map(\.event.messageID))
        #expect(ids.count == 4)
        #expect(DaemonEvent.stalled.messageID != DaemonEvent.diskFull.messageID)
        #expect(Set(DaemonEvent.allCases.map(\.messageID)).count == DaemonEvent.allCases.count)
    }

    @Test func backoffIsPerFileAndDoublesUpToACap() {
        var backoff = RetryBackoff()
        let a = FileName("a.txt")!
        let b = FileName("b.txt")!
        let delays = (0..<7).map { _ in backoff.failed(a, now: 0) }
        #expect(delays.map { $0 / 1_000_000_000 } == [1, 2, 4, 8, 16, 16, 16])
        #expect(backoff.waiting(a, now: 15_000_000_000))
        #expect(!backoff.waiting(a, now: 16_000_000_001))
        #expect(!backoff.waiting(b, now: 0))  // another file is not held back
        backoff.succeeded(a)
        #expect(backoff.attempts(a) == 0)
    }

    @Test func secondBatchWithTheSameNameKeepsBothBadLines() throws {
        let t = try TestSpool()
        let name = FileName("feed.jsonl")!
        for k in 1...2 {
            let batch =
                "{\"headline\": \"Good \(k)\", \"body\": \"A good line of batch \(k) with words.\"}\n{\"headline\": broken \(k)\n"
            t.put(t.spool.active, name, Array(batch.utf8))
            let outcome = t.processor().process(name, pipeline: try pipeline(), arrivedAt: Date())
            #expect(outcome == .finished(committed: 1, failed: 1))
        }
        let failed = t.displayNames(t.spool.failed)
        #expect(
            failed == [
                "feed.jsonl.line-2", "feed.jsonl.line-2.1", "feed.jsonl.line-2.1.error.json",
                "feed.jsonl.line-2.error.json",
            ])
        #expect(t.read(t.spool.failed, "feed.jsonl.line-2")?.contains("broken 1") == true)
        #expect(t.read(t.spool.failed, "feed.jsonl.line-2.1")?.contains("broken 2") == true)
        #expect(t.read(t.spool.failed, "feed.jsonl.line-2.1.error.json")?.contains("feed.jsonl.line-2.1") == true)
    }

    @Test func redoOfTheSameBatchReusesItsQuarantinedLine() throws {
        let t = try TestSpool()
        let name = FileName("feed.jsonl")!
        let batch = "{\"headline\": \"Good\", \"body\": \"A good line with words in it.\"}\n{\"headline\": broken\n"
        for _ in 1...2 {  // the second run is a redo after a crash before the original left active/
            t.put(t.spool.active, name, Array(batch.utf8))
            _ = t.processor().process(name, pipeline: try pipeline(), arrivedAt: Date())
        }
        #expect(t.displayNames(t.spool.failed) == ["feed.jsonl.line-2", "feed.jsonl.line-2.error.json"])
    }

    @Test func crashCounterCountsRunsThatDidNotEnd() throws {
        let t = try TestSpool()
        let counter = CrashCounter(stateDir: t.config.stateDir)
        let name = FileName("pill.html")!
        #expect(counter.crashes(name) == 0)
        #expect(counter.begin(name) == 0)  // a run starts … and the process dies: no end()
        #expect(counter.begin(name) == 1)  // the next start runs it again … and dies again
        #expect(counter.crashes(name) == 2)
        #expect(counter.suspects() == [name])
        counter.end(name)
        #expect(counter.crashes(name) == 0)
        #expect(counter.suspects().isEmpty)
    }

    @Test func recordsOfADeadProcessAreReadAtStartAndSlotsAreReused() throws {
        let t = try TestSpool()
        let name = FileName("pill.html")!
        do {
            let dying = CrashCounter(stateDir: t.config.stateDir)
            #expect(dying.begin(name) == 0)
            #expect(dying.begin(FileName("other.txt")!) == 0)
            dying.end(FileName("other.txt")!)
        }  // the process "dies": its descriptors (and slot locks) go, the records stay
        let restarted = CrashCounter(stateDir: t.config.stateDir)
        #expect(restarted.suspects() == [name])
        #expect(restarted.crashes(name) == 1)
        #expect(restarted.begin(name) == 1)
        restarted.end(name)
        #expect(restarted.suspects().isEmpty)
        // No file per article: the two slot files are all there is, however many articles ran.
        for k in 0..<50 {
            let article = FileName("a\(k).txt")!
            _ = restarted.begin(article)
            restarted.end(article)
        }
        let files = try FileManager.default.contentsOfDirectory(atPath: t.config.stateDir + "/crashes")
        #expect(files.sorted() == ["slot-0", "slot-1"])
    }

    @Test func aLiveDaemonsRecordsAreNotCrashes() throws {
        let t = try TestSpool()
        let live = CrashCounter(stateDir: t.config.stateDir)
        _ = live.begin(FileName("running.txt")!)
        let second = CrashCounter(stateDir: t.config.stateDir)  // a second daemon on the same state_dir
        #expect(second.suspects().isEmpty)
        #expect(second.begin(FileName("mine.txt")!) == 0)
        #expect(live.suspects() == [FileName("running.txt")!])
    }

    @Test func anOlderDaemonsPerNameRecordCounts() throws {
        let t = try TestSpool()
        let dir = t.config.stateDir + "/crashes"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        try Data("2\n".utf8).write(to: URL(fileURLWithPath: dir + "/old pill.txt"))
        let counter = CrashCounter(stateDir: t.config.stateDir)
        let name = FileName("old pill.txt")!
        #expect(counter.crashes(name) == 2)
        #expect(counter.begin(name) == 2)
        counter.end(name)
        #expect(counter.suspects().isEmpty)
        #expect(!FileManager.default.fileExists(atPath: dir + "/old pill.txt"))
    }

    @Test func fileThatCrashedTwiceIsQuarantinedWithoutRunning() throws {
        let t = try TestSpool()
        let counter = CrashCounter(stateDir: t.config.stateDir)
        let name = FileName("pill.txt")!
        _ = counter.begin(name)
        _ = counter.begin(name)
        t.put(t.spool.active, name, Array("Headline\n\nA body that would be fine.\n".utf8))
        let processor = ArticleProcessor(
            spool: t.spool, events: EventLog(directory: t.spool.logs, maxBytes: 1 << 20),
            logger: .init(label: "test", factory: { _ in SwiftLogNoOpLogHandler() }), onSuccess: .archive,
            crashes: counter)
        let outcome = processor.process(name, pipeline: try pipeline(), arrivedAt: Date())
        #expect(outcome == .finished(committed: 0, failed: 1))
        #expect(t.read(t.spool.failed, "pill.txt.error.json")?.contains("\"crashed\"") == true)
        #expect(t.read(t.spool.outbox, "pill.txt.json") == nil)
        #expect(counter.crashes(name) == 0)
    }

    @Test func articleCountsAreClearedAfterANormalRun() throws {
        let t = try TestSpool()
        let counter = CrashCounter(stateDir: t.config.stateDir)
        let name = FileName("fine.txt")!
        _ = counter.begin(name)  // one earlier run died with the process (with another article, say)
        t.put(t.spool.active, name, Array("Headline\n\nA body that is fine.\n".utf8))
        let processor = ArticleProcessor(
            spool: t.spool, events: EventLog(directory: t.spool.logs, maxBytes: 1 << 20),
            logger: .init(label: "test", factory: { _ in SwiftLogNoOpLogHandler() }), onSuccess: .archive,
            crashes: counter)
        #expect(
            processor.process(name, pipeline: try pipeline(), arrivedAt: Date()) == .finished(committed: 1, failed: 0))
        #expect(counter.suspects().isEmpty)
    }

    @Test func removedDirectoriesAreNoticedAndReopenedUnderTheSameDescriptor() throws {
        let t = try TestSpool()
        for dir in SpoolDirectory.allCases { #expect(t.spool.directoryProblem(dir) == nil) }
        let activeFD = t.spool.active
        try FileManager.default.removeItem(atPath: t.config.activeDir)
        #expect(t.spool.directoryProblem(.active) == .missing)
        #expect(t.spool.reopen(.active))  // the daemon owns it: recreated
        #expect(t.spool.directoryProblem(.active) == nil)
        #expect(t.spool.active == activeFD)
        t.put(t.spool.active, "x.txt", "new")
        #expect(FileManager.default.fileExists(atPath: t.config.activeDir + "/x.txt"))

        // The operator's inbox: replaced by another directory, then opened again; missing: waited for.
        try FileManager.default.removeItem(atPath: t.config.inbox)
        #expect(t.spool.directoryProblem(.inbox) == .missing)
        #expect(!t.spool.reopen(.inbox))  // never created by the daemon
        try FileManager.default.createDirectory(atPath: t.config.inbox, withIntermediateDirectories: false)
        #expect(t.spool.directoryProblem(.inbox) == .replaced)
        #expect(t.spool.reopen(.inbox))
        t.put(t.spool.inbox, "y.txt", "dropped")
        #expect(FileManager.default.fileExists(atPath: t.config.inbox + "/y.txt"))

        // A replaced outbox: failed/ inside it is then missing and recreated.
        try FileManager.default.removeItem(atPath: t.config.outbox)
        try FileManager.default.createDirectory(atPath: t.config.outbox, withIntermediateDirectories: false)
        #expect(t.spool.reopen(.outbox))
        #expect(t.spool.directoryProblem(.failed) == .missing)
        #expect(t.spool.reopen(.failed))
        #expect(FileManager.default.fileExists(atPath: t.config.failedDir))
    }

    @Test func watcherReportsItsDirectoryGone() throws {
        let t = try TestSpool()
        let buffer = Self.event(mask: UInt32(IN_DELETE_SELF)) + Self.event(mask: UInt32(IN_IGNORED))
        #expect(InboxWatcher.parse(buffer[...]) == [.directoryGone, .directoryGone])
        _ = t
    }

    static func event(mask: UInt32) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: 16)
        withUnsafeBytes(of: mask.littleEndian) { for (i, b) in $0.enumerated() { bytes[4 + i] = b } }
        return bytes
    }

    @Test func devNullIsAnEmptyConfiguration() throws {
        let config = try DaemonConfig.load(path: "/dev/null")
        #expect(config == DaemonConfig())
        #expect(throws: ConfigError.self) { try DaemonConfig.load(path: "/nonexistent/wiredesk.toml") }
    }

    @Test func articleTimeoutIsAPipelineKey() throws {
        let config = try DaemonConfig.parse(toml: "[pipeline]\narticle_timeout_s = 2.5\n")
        #expect(config.pipeline.articleTimeoutSeconds == 2.5)
        #expect(DaemonConfig().pipeline.articleTimeoutSeconds == 120)
        #expect(throws: ConfigError.self) { try DaemonConfig.parse(toml: "[pipeline]\narticle_timeout_s = -1\n") }
    }
}
