// Issue 15's input cases and the time budget: UTF-16 noise, stray NULs, near-empty files, `timeout`.
import Foundation
import Testing

@testable import WiredeskPipeline

@Suite struct RobustnessTests {
    let stage = NormalizeStage()

    func code(_ bytes: [UInt8], name: String = "x.txt") -> String? {
        do {
            let items = try stage.run(RawDocument(name: name, bytes: bytes))
            if case .failure(let f) = items.first?.outcome { return f.code }
            return nil
        } catch {
            return error.code
        }
    }

    /// Deterministic noise (SplitMix64), so the test is the same on every run.
    static func noise(_ count: Int, seed: UInt64) -> [UInt8] {
        var state = seed
        return (0..<count).map { _ in
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return UInt8(truncatingIfNeeded: z ^ (z >> 31))
        }
    }

    @Test(arguments: [1, 2, 3] as [UInt64])
    func randomBytesAfterAUTF16MarkAreBinary(_ seed: UInt64) {
        #expect(code([0xFF, 0xFE] + Self.noise(20000, seed: seed)) == "binary")
        #expect(code([0xFE, 0xFF] + Self.noise(20000, seed: seed)) == "binary")
    }

    @Test func realUTF16TextOfAnyScriptIsStillText() throws {
        for text in [
            "Council approves new cycle lanes\n\nThe city council voted on Tuesday.",
            "Каток открылся в парке\n\nГородской каток открылся во вторник.", "市议会批准新的自行车道。\n\n市议会周二投票通过了这项计划。",
        ] {
            var bytes: [UInt8] = [0xFF, 0xFE]
            for unit in text.utf16 { bytes += [UInt8(unit & 0xFF), UInt8(unit >> 8)] }
            let items = try stage.run(RawDocument(name: "u.txt", bytes: bytes))
            #expect(try items[0].outcome.get().source.charset?.name == "UTF-16LE")
        }
    }

    @Test func aFewStrayNULsAreRemovedFromText() throws {
        let text = "Legacy export headline\n\nThe system wrote this\0 article with two stray NUL bytes\0 in it.\n"
        let items = try stage.run(RawDocument(name: "legacy.txt", bytes: Array(text.utf8)))
        let article = try #require(try items[0].outcome.get().article)
        #expect(article.headline == "Legacy export headline")
        #expect(!article.text.unicodeScalars.contains("\0"))
        #expect(article.text.contains("wrote this article"))
    }

    @Test func binaryWithManyNULsStaysBinary() {
        #expect(code(Array(repeating: [0x41, 0x00, 0x00, 0x07, 0x42], count: 200).flatMap { $0 }) == "binary")
        #expect(code(Self.noise(5000, seed: 9)) != nil)  // random bytes never make a result
    }

    @Test(arguments: ["x", "a\n", " ab ", "...", "— !", "\n\n?\n"])
    func nearEmptyFilesFailAsTooShort(_ text: String) {
        #expect(code(Array(text.utf8)) == "too_short")
    }

    @Test func shortButRealArticlesPass() throws {
        #expect(code(Array("Storm warning\n".utf8)) == nil)
        #expect(code(Array("Rain.".utf8)) == nil)
    }

    @Test func aSpentBudgetFailsTheArticleAsTimeout() throws {
        var config = PipelineConfig()
        config.stages = ["normalize"]
        let pipeline = try Pipeline(config: config)
        let raw = RawDocument(name: "a.txt", bytes: Array("Headline\n\nBody with some words.\n".utf8))
        let spent = ArticleDeadline(seconds: 1e-9)
        usleep(1000)
        let outcome = pipeline.process(raw, deadline: spent)
        guard case .failure(let failure) = outcome[0].result else {
            Issue.record("expected a timeout")
            return
        }
        #expect(failure.code == "timeout")
        #expect(failure.message.contains("article_timeout_s"))
        #expect(spent.heartbeats > 0)
        // With time left (and without a deadline at all) the same article passes.
        #expect((try? pipeline.process(raw, deadline: ArticleDeadline(seconds: 60))[0].result.get()) != nil)
        #expect((try? pipeline.process(raw)[0].result.get()) != nil)
    }

    @Test func checksCountHeartbeatsAndNoDeadlineNeverThrows() throws {
        let open = ArticleDeadline(seconds: 0)
        for _ in 0..<10 { try open.check("test") }
        #expect(open.heartbeats == 10)
        #expect(!open.expired)
        #expect(ArticleDeadline.current == nil)
        try ArticleDeadline.check("test")  // nothing bound: no-op
    }
}
