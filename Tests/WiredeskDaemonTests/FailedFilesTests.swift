// `wiredesk retry`: quarantined files go back to the inbox, their error records go away, nothing is replaced.
import Testing

@testable import WiredeskDaemon

@Suite struct FailedFilesTests {
    func quarantine(_ t: TestSpool, _ name: String, _ body: String = "x") {
        t.put(t.spool.failed, name, body)
        t.put(t.spool.failed, name + ".error.json", "{}")
    }

    @Test func retryAllMovesEveryFailureBack() throws {
        let t = try TestSpool()
        quarantine(t, "a.txt")
        quarantine(t, "b c.txt")
        let report = try FailedFiles.retry(config: t.config, names: [])
        #expect(report.problems.isEmpty)
        #expect(report.moved.sorted() == ["a.txt", "b c.txt"])
        #expect(t.displayNames(t.spool.inbox) == ["a.txt", "b c.txt"])
        #expect(t.names(t.spool.failed).isEmpty)
    }

    @Test func retryByNameLeavesOthers() throws {
        let t = try TestSpool()
        quarantine(t, "a.txt")
        quarantine(t, "b.txt")
        let report = try FailedFiles.retry(config: t.config, names: [t.config.failedDir + "/b.txt"])
        #expect(report.moved == ["b.txt"])
        #expect(t.displayNames(t.spool.inbox) == ["b.txt"])
        #expect(t.displayNames(t.spool.failed) == ["a.txt", "a.txt.error.json"])
    }

    @Test func neverReplacesAnInboxFile() throws {
        let t = try TestSpool()
        quarantine(t, "a.txt", "old")
        t.put(t.spool.inbox, "a.txt", "new")
        let report = try FailedFiles.retry(config: t.config, names: ["a.txt"])
        #expect(report.moved == ["a.txt → a.txt.retry-1"])
        #expect(t.read(t.spool.inbox, "a.txt") == "new")
        #expect(t.read(t.spool.inbox, "a.txt.retry-1") == "old")
    }

    @Test func unknownNameIsAProblem() throws {
        let t = try TestSpool()
        let report = try FailedFiles.retry(config: t.config, names: ["missing.txt"])
        #expect(report.moved.isEmpty)
        #expect(report.problems.count == 1)
    }
}
