// Golden tests: every file of inbox-example/ and of Fixtures/normalize/input/ against the JSON kept in
// Fixtures/normalize/expected/<name>.json. Regenerate after an intended change with
// `WIREDESK_UPDATE_GOLDEN=1 swift test --skip-build --filter NormalizeGoldenTests` and review the diff.
import Foundation
import Testing

@testable import WiredeskPipeline

enum NormalizeFixtures {
    /// The repository root, found from this file's path (tests must not depend on the working directory).
    static let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures/normalize")
    static let inboxExample = repositoryRoot.appendingPathComponent("inbox-example")

    static func bytes(_ url: URL) -> [UInt8] { [UInt8](FileManager.default.contents(atPath: url.path) ?? Data()) }

    static func inbox(_ name: String) -> RawDocument {
        RawDocument(
            name: name, bytes: bytes(inboxExample.appendingPathComponent(name)),
            receivedAt: Date(timeIntervalSince1970: 0))
    }

    static func input(_ name: String) -> RawDocument {
        RawDocument(
            name: name, bytes: bytes(fixtures.appendingPathComponent("input").appendingPathComponent(name)),
            receivedAt: Date(timeIntervalSince1970: 0))
    }

    static func files(in dir: URL) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []).filter {
            $0 != "README.md" && !$0.hasPrefix(".")
        }
        .sorted()
    }

    /// The stage's output as stable, readable JSON: results, or `{"line", "error"}` for failures.
    static func render(_ run: () throws(StageFailure) -> [NormalizedItem]) throws -> String {
        struct Rendered: Encodable {
            var line: Int?
            var result: ArticleResult?
            var error: StageFailure?
        }
        var rendered: [Rendered] = []
        do {
            for item in try run() {
                switch item.outcome {
                case .success(let r): rendered.append(Rendered(line: item.line, result: r))
                case .failure(let f): rendered.append(Rendered(line: item.line, error: f))
                }
            }
        } catch {
            rendered.append(Rendered(error: error))
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(rendered), as: UTF8.self) + "\n"
    }
}

@Suite struct NormalizeGoldenTests {
    let stage = NormalizeStage()

    static let inboxFiles = NormalizeFixtures.files(in: NormalizeFixtures.inboxExample)
    static let inputFiles = NormalizeFixtures.files(in: NormalizeFixtures.fixtures.appendingPathComponent("input"))

    @Test func thereAreGoldenFiles() {
        #expect(Self.inboxFiles.count >= 9)
        #expect(Self.inputFiles.count >= 10)
    }

    @Test(arguments: inboxFiles) func inboxExample(_ name: String) throws {
        try compare(NormalizeFixtures.inbox(name), expectedName: "inbox-example/" + name)
    }

    @Test(arguments: inputFiles) func fixtureInput(_ name: String) throws {
        try compare(NormalizeFixtures.input(name), expectedName: name)
    }

    func compare(_ raw: RawDocument, expectedName: String) throws {
        let actual = try NormalizeFixtures.render { () throws(StageFailure) in try stage.run(raw) }
        let url = NormalizeFixtures.fixtures.appendingPathComponent("expected").appendingPathComponent(
            expectedName + ".json")
        if ProcessInfo.processInfo.environment["WIREDESK_UPDATE_GOLDEN"] == "1" {
            try FileManager.default.createDirectory(
                at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try actual.write(to: url, atomically: false, encoding: .utf8)
        }
        let expected = try String(contentsOf: url, encoding: .utf8)
        #expect(actual == expected, "normalize output of \(raw.name) differs from \(url.path)")
    }
}
