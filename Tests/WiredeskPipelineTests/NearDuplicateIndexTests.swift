import Dispatch
import Foundation
import Synchronization
import Testing

@testable import WiredeskPipeline

@Suite struct NearDuplicateIndexTests {
    static func seed() throws -> String { try ClassifyFixtures.text("nato-russia-talks.txt") }

    /// The seed with a few words changed, as an agency correction would.
    static func editedSeed() throws -> String {
        try seed().replacingOccurrences(of: "profound disagreements", with: "deep disagreements")
            .replacingOccurrences(of: "reports Reuters", with: "Reuters reported")
            .replacingOccurrences(of: "Frank", with: "candid")
    }

    /// The seed without its fifth paragraph.
    static func seedWithoutAParagraph() throws -> String {
        var paragraphs = try seed().components(separatedBy: "\n\n")
        paragraphs.remove(at: 4)
        return paragraphs.joined(separator: "\n\n")
    }

    func signature(_ text: String) throws -> MinHashSignature { try #require(MinHash.signature(text)) }

    @Test func editedCopiesAreNearDuplicatesAndOtherArticlesAreNot() throws {
        let original = try signature(try Self.seed())
        let edited = try signature(try Self.editedSeed())
        let shortened = try signature(try Self.seedWithoutAParagraph())
        let other = try signature(try ClassifyFixtures.text("other-article.txt"))
        #expect(original.similarity(to: edited) > 0.85)
        #expect(original.similarity(to: shortened) > 0.7)
        #expect(original.similarity(to: other) < 0.1)
        #expect(original.similarity(to: original) == 1)

        let index = try NearDuplicateIndex(capacity: 100)
        #expect(index.check(id: "seed", name: "seed.txt", signature: original, threshold: 0.5) == nil)
        let match = try #require(index.check(id: "edited", name: "edited.txt", signature: edited, threshold: 0.5))
        #expect(match.id == "seed" && match.name == "seed.txt" && match.similarity > 0.85)
        #expect(index.check(id: "short", name: "short.txt", signature: shortened, threshold: 0.5)?.id != nil)
        #expect(index.check(id: "other", name: "other.txt", signature: other, threshold: 0.5) == nil)
        #expect(index.count == 4)
    }

    @Test func anArticleNeverMatchesItselfAndIsStoredOnce() throws {
        let index = try NearDuplicateIndex(capacity: 10)
        let s = try signature(try Self.seed())
        #expect(index.check(id: "a", name: "a.txt", signature: s, threshold: 0.5) == nil)
        #expect(index.check(id: "a", name: "a.txt", signature: s, threshold: 0.5) == nil)
        #expect(index.count == 1)
        #expect(index.check(id: "b", name: "b.txt", signature: s, threshold: 0.5)?.id == "a")
        // A re-run of b still names a, and b is not added twice.
        #expect(index.check(id: "b", name: "b.txt", signature: s, threshold: 0.5)?.id == "a")
        #expect(index.count == 2)
    }

    @Test func shortTextsHaveNoSignature() {
        #expect(MinHash.signature("Too short to judge") == nil)
    }

    @Test func memoryIsBoundedToTheMostRecentArticles() throws {
        let index = try NearDuplicateIndex(capacity: 3)
        let seed = try signature(try Self.seed())
        _ = index.check(id: "seed", name: "seed", signature: seed, threshold: 0.5)
        for i in 0..<3 {
            let text = (0..<20).map { "word\($0 * 7 + i * 1000)" }.joined(separator: " ")
            _ = index.check(id: "filler\(i)", name: "f", signature: try signature(text), threshold: 0.5)
        }
        #expect(index.count == 3)
        // The seed was evicted: its copy is no longer recognised.
        #expect(index.check(id: "copy", name: "copy", signature: seed, threshold: 0.5) == nil)
        index.resize(capacity: 1)
        #expect(index.count == 1)
        #expect(index.check(id: "copy2", name: "copy2", signature: seed, threshold: 0.5)?.id == "copy")
    }

    @Test func signaturesSurviveARestartAndATornLastRecord() throws {
        let dir = try ClassifyFixtures.temporaryDirectory()
        let path = dir + "/near-duplicates.bin"
        let seed = try signature(try Self.seed())
        do {
            let index = try NearDuplicateIndex(capacity: 10, path: path)
            _ = index.check(id: "seed", name: "nato-russia-talks.txt", signature: seed, threshold: 0.5)
            _ = index.check(
                id: "other", name: "o", signature: try signature(try ClassifyFixtures.text("other-article.txt")),
                threshold: 0.5)
            index.flush()
        }
        let size = try #require(try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int)
        #expect(size == 2 * NearDuplicateIndex.recordSize)
        // A kill -9 in the middle of an append: half a record at the end.
        let handle = try #require(FileHandle(forWritingAtPath: path))
        handle.seekToEndOfFile()
        handle.write(Data(repeating: 0x57, count: NearDuplicateIndex.recordSize / 2))
        handle.closeFile()

        let reopened = try NearDuplicateIndex(capacity: 10, path: path)
        #expect(reopened.count == 2)
        let match = try #require(
            reopened.check(id: "edited", name: "e", signature: try signature(try Self.editedSeed()), threshold: 0.5))
        #expect(match.id == "seed" && match.name == "nato-russia-talks.txt")
        reopened.flush()
        // The torn tail was cut off, so the new record is aligned and readable.
        let again = try NearDuplicateIndex(capacity: 10, path: path + "")
        #expect(again.count == 3)
    }

    @Test func aCorruptRecordEndsTheValidPrefix() throws {
        let dir = try ClassifyFixtures.temporaryDirectory()
        let path = dir + "/near-duplicates.bin"
        var records: [UInt8] = []
        for i in 0..<3 {
            let text = (0..<20).map { "w\($0 + i * 100)" }.joined(separator: " ")
            records += NearDuplicateIndex.encode(.init(id: "id\(i)", name: "n\(i)", signature: try signature(text)))
        }
        records[NearDuplicateIndex.recordSize + 200] ^= 0xff  // flip a byte of the second record's signature
        try Data(records).write(to: URL(fileURLWithPath: path))
        let index = try NearDuplicateIndex(capacity: 10, path: path)
        #expect(index.count == 1)
    }

    @Test func aFileOfSignaturesOfTheOldWordsIsDroppedAtOpen() throws {
        let dir = try ClassifyFixtures.temporaryDirectory()
        let path = dir + "/near-duplicates.bin"
        // A well-formed record as written before the signatures hashed the analysis's words (magic WDN1).
        var record = NearDuplicateIndex.encode(.init(id: "old", name: "o", signature: try signature(try Self.seed())))
        record.replaceSubrange(0..<4, with: Array("WDN1".utf8))
        let checksum = NearDuplicateIndex.fnv(record[0..<(record.count - 8)])
        record.replaceSubrange((record.count - 8)..., with: withUnsafeBytes(of: checksum.littleEndian) { Array($0) })
        try Data(record).write(to: URL(fileURLWithPath: path))
        let index = try NearDuplicateIndex(capacity: 10, path: path)
        #expect(index.count == 0)
        #expect(try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int == 0)
    }

    @Test func anArticleRecordedTwiceIsRememberedOnceAndCountsAsRecent() throws {
        let dir = try ClassifyFixtures.temporaryDirectory()
        let path = dir + "/near-duplicates.bin"
        let texts = (0..<3).map { i in (0..<20).map { "w\($0 + i * 100)" }.joined(separator: " ") }
        var records: [UInt8] = []
        // a, b, c, then a again (what a compaction's snapshot followed by a queued append leaves).
        for i in [0, 1, 2, 0] {
            records += NearDuplicateIndex.encode(.init(id: "id\(i)", name: "n\(i)", signature: try signature(texts[i])))
        }
        try Data(records).write(to: URL(fileURLWithPath: path))
        #expect(try NearDuplicateIndex(capacity: 10, path: path).count == 3)
        // With room for two, the two most recent distinct articles are c and a: b is forgotten.
        let small = try NearDuplicateIndex(capacity: 2, path: path)
        #expect(small.count == 2)
        #expect(small.check(id: "x0", name: "x", signature: try signature(texts[0]), threshold: 0.9)?.id == "id0")
        #expect(small.check(id: "x1", name: "x", signature: try signature(texts[1]), threshold: 0.9) == nil)
    }

    @Test func theStoreIsCompactedToTheRememberedArticles() throws {
        let dir = try ClassifyFixtures.temporaryDirectory()
        let path = dir + "/near-duplicates.bin"
        let index = try NearDuplicateIndex(capacity: 4, path: path)
        for i in 0..<11 {
            let text = (0..<20).map { "token\($0 + i * 100)" }.joined(separator: " ")
            _ = index.check(id: "id\(i)", name: "n\(i)", signature: try signature(text), threshold: 0.5)
        }
        index.flush()
        let records =
            (try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int ?? 0) / NearDuplicateIndex.recordSize
        #expect(records < 8)  // compacted at 8 back to 4, then 3 more appended
        #expect(try NearDuplicateIndex(capacity: 4, path: path).count == 4)
        #expect(!FileManager.default.fileExists(atPath: path + ".tmp"))
    }

    @Test func aLookupDoesNotWaitForTheStoreFile() throws {
        let dir = try ClassifyFixtures.temporaryDirectory()
        let path = dir + "/near-duplicates.bin"
        let index = try NearDuplicateIndex(capacity: 10, path: path)
        let seed = try signature(try Self.seed())
        // While the writer is busy (a slow disk, a compaction), lookups and new articles still get answers.
        let release = DispatchSemaphore(value: 0)
        index.blockWriterForTesting(until: release)
        _ = index.check(id: "seed", name: "s", signature: seed, threshold: 0.5)
        #expect(index.check(id: "copy", name: "c", signature: seed, threshold: 0.5)?.id == "seed")
        #expect(try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int == 0)
        release.signal()
        index.flush()
        #expect(
            try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int == 2 * NearDuplicateIndex.recordSize)
        #expect(try NearDuplicateIndex(capacity: 10, path: path).count == 2)
    }

    @Test func concurrentWorkersSeeEachArticleOnce() throws {
        let index = try NearDuplicateIndex(capacity: 1000)
        let seed = try signature(try Self.seed())
        let matches = Mutex(0)
        DispatchQueue.concurrentPerform(iterations: 200) { i in
            if index.check(id: "copy\(i)", name: "c", signature: seed, threshold: 0.5) != nil {
                matches.withLock { $0 += 1 }
            }
        }
        // Exactly one copy came first; every other one found an earlier copy.
        #expect(matches.withLock { $0 } == 199)
        #expect(index.count == 200)
    }
}
