// One claimed file through the whole worker: results, quarantine, archive, and idempotence across crashes.
@preconcurrency import Glibc
import Foundation
import Testing
import WiredeskPipeline

@testable import WiredeskDaemon

@Suite struct ArticleProcessorTests {
    let article = "Headline of the day\n\nThe body says something about the world.\n"

    func pipeline() throws -> Pipeline {
        var config = PipelineConfig()
        config.stages = ["normalize"]
        return try Pipeline(config: config)
    }

    /// Puts `text` into active/ as `name` (as a claim would) and processes it.
    @discardableResult
    func run(_ t: TestSpool, _ name: FileName, _ bytes: [UInt8]) throws -> ProcessingOutcome {
        t.put(t.spool.active, name, bytes)
        return t.processor().process(name, pipeline: try pipeline(), arrivedAt: Date())
    }

    func results(_ t: TestSpool) -> [String] {
        t.displayNames(t.spool.outbox).filter { $0.hasSuffix(".json") }
    }

    @Test func commitsResultAndArchivesOriginal() throws {
        let t = try TestSpool()
        let outcome = try run(t, FileName("story.txt")!, Array(article.utf8))
        #expect(outcome == .finished(committed: 1, failed: 0))
        #expect(results(t) == ["story.txt.json"])
        #expect(t.names(t.spool.active).isEmpty)
        #expect(t.displayNames(t.spool.archive) == ["story.txt"])
        let json = try #require(t.read(t.spool.outbox, "story.txt.json"))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        let source = try #require(object["source"] as? [String: Any])
        #expect(source["name"] as? String == "story.txt")
        #expect((object["id"] as? String)?.count == 64)
        #expect(t.events().map { $0["event"] as? String }.contains("committed"))
    }

    @Test func deleteModeRemovesOriginal() throws {
        let t = try TestSpool(onSuccess: .delete)
        try run(t, FileName("story.txt")!, Array(article.utf8))
        #expect(results(t) == ["story.txt.json"])
        #expect(t.names(t.spool.active).isEmpty)
        #expect(t.names(t.spool.archive).isEmpty)
    }

    @Test func sameNameSameBytesGivesOneResult() throws {
        let t = try TestSpool()
        try run(t, FileName("a.txt")!, Array(article.utf8))
        let first = t.read(t.spool.outbox, "a.txt.json")
        try run(t, FileName("a.txt")!, Array(article.utf8))
        #expect(results(t) == ["a.txt.json"])
        #expect(resultID(t.read(t.spool.outbox, "a.txt.json")) == resultID(first))
        #expect(t.displayNames(t.spool.archive) == ["a.txt", "a.txt.1"])
    }

    @Test func sameNameOtherBytesGivesANewDistinctResult() throws {
        let t = try TestSpool()
        try run(t, FileName("a.txt")!, Array(article.utf8))
        let first = try #require(t.read(t.spool.outbox, "a.txt.json"))
        try run(t, FileName("a.txt")!, Array((article + "A correction.\n").utf8))
        let names = results(t)
        #expect(names.count == 2)
        #expect(t.read(t.spool.outbox, "a.txt.json") == first)  // never overwritten
        let second = try #require(names.first { $0 != "a.txt.json" })
        let secondID = try #require(resultID(t.read(t.spool.outbox, second)))
        #expect(second == "a.txt.\(secondID.prefix(12)).json")
        #expect(secondID != resultID(first))
        // And a third version gets yet another name.
        try run(t, FileName("a.txt")!, Array((article + "Another.\n").utf8))
        #expect(results(t).count == 3)
    }

    @Test func identicalBytesUnderTwoNamesGiveTwoResultsWithOneID() throws {
        let t = try TestSpool()
        try run(t, FileName("one.txt")!, Array(article.utf8))
        try run(t, FileName("two.txt")!, Array(article.utf8))
        #expect(results(t) == ["one.txt.json", "two.txt.json"])
        let a = resultID(t.read(t.spool.outbox, "one.txt.json"))
        #expect(a != nil)
        #expect(a == resultID(t.read(t.spool.outbox, "two.txt.json")))
    }

    @Test func crashBetweenCommitAndArchiveDoesNotDuplicate() throws {
        let t = try TestSpool()
        try run(t, FileName("a.txt")!, Array(article.utf8))
        // The daemon died after the rename into the outbox but before the original left active/.
        let archived = FileName("a.txt")!
        #expect(t.spool.renameNoReplace(from: t.spool.archive, archived, to: t.spool.active, archived) == 0)
        let outcome = t.processor().process(archived, pipeline: try pipeline(), arrivedAt: Date())
        #expect(outcome == .finished(committed: 1, failed: 0))
        #expect(results(t) == ["a.txt.json"])
        #expect(t.names(t.spool.active).isEmpty)
    }

    @Test func lockedFileBelongsToSomeoneElse() throws {
        let t = try TestSpool()
        let name = FileName("busy.txt")!
        t.put(t.spool.active, name, Array(article.utf8))
        let fd = open(t.config.activeDir + "/busy.txt", O_RDONLY)
        defer { close(fd) }
        #expect(flock(fd, LOCK_EX | LOCK_NB) == 0)
        #expect(t.processor().process(name, pipeline: try pipeline(), arrivedAt: Date()) == .ownedElsewhere)
        #expect(t.displayNames(t.spool.active) == ["busy.txt"])
        #expect(results(t).isEmpty)
    }

    @Test func vanishedFileIsNotAnError() throws {
        let t = try TestSpool()
        #expect(
            t.processor().process(FileName("nope")!, pipeline: try pipeline(), arrivedAt: Date()) == .ownedElsewhere)
    }

    @Test(arguments: [("empty.txt", [UInt8](), "empty"), ("blob.bin", [0x00, 0x01, 0x02, 0xFF, 0x00], "binary")])
    func failuresAreQuarantinedWithAnErrorRecord(name: String, bytes: [UInt8], code: String) throws {
        let t = try TestSpool()
        let outcome = try run(t, FileName(name)!, bytes)
        #expect(outcome == .finished(committed: 0, failed: 1))
        #expect(results(t).isEmpty)
        #expect(t.displayNames(t.spool.failed) == [name, name + ".error.json"])
        let record = try #require(t.read(t.spool.failed, name + ".error.json"))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(record.utf8)) as? [String: Any])
        let error = try #require(object["error"] as? [String: Any])
        #expect(error["code"] as? String == code)
        #expect(error["stage"] as? String == "normalize")
        #expect(object["time"] is String)
        #expect(t.names(t.spool.active).isEmpty)
    }

    @Test func repeatedFailureGetsItsOwnPair() throws {
        let t = try TestSpool()
        try run(t, FileName("e.txt")!, [])
        try run(t, FileName("e.txt")!, [])
        #expect(t.displayNames(t.spool.failed) == ["e.txt", "e.txt.1", "e.txt.1.error.json", "e.txt.error.json"])
    }

    @Test func crashAfterErrorRecordBeforeMoveLeavesNoOrphan() throws {
        let t = try TestSpool()
        // A crash left the error record but not the file (the file is still in active/).
        t.put(t.spool.failed, "e.txt.error.json", "{}")
        try run(t, FileName("e.txt")!, [])
        #expect(t.displayNames(t.spool.failed) == ["e.txt", "e.txt.error.json"])
        #expect(t.read(t.spool.failed, "e.txt.error.json")?.contains("\"empty\"") == true)
    }

    @Test func oddNamesGetResultsNamedAfterThem() throws {
        let t = try TestSpool()
        let names: [FileName] = [
            FileName("-rf with space")!, FileName("new\nline.txt")!, FileName(bytes: [0x78, 0xFF, 0x79])!,
            FileName(String(repeating: "l", count: 254) + "1")!, FileName(String(repeating: "l", count: 254) + "2")!,
        ]
        for (i, name) in names.enumerated() {
            try run(t, name, Array((article + "Number \(i).\n").utf8))
        }
        let outs = t.names(t.spool.outbox).filter { $0.hasSuffix(".json") }
        #expect(outs.count == names.count)
        #expect(outs.allSatisfy { $0.bytes.count <= FileName.maxBytes })
        #expect(outs.contains(FileName(bytes: [0x78, 0xFF, 0x79] + Array(".json".utf8))!))
        #expect(outs.contains(FileName("-rf with space.json")!))
        #expect(t.names(t.spool.active).isEmpty)
    }
}
