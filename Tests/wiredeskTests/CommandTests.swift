// The one-shot commands: process, check-config, retry.
import Foundation
import Testing

@Suite struct CommandTests {
    @Test func processPrintsJSONLinesInInputOrder() throws {
        let d = try DaemonHarness()
        let names = ["b.txt", "a.txt", "c.txt"]
        for (i, name) in names.enumerated() {
            try "Headline \(i)\n\nBody \(i).\n".write(toFile: d.root + "/" + name, atomically: false, encoding: .utf8)
        }
        let result = try runCommand(wiredeskBinary, ["process"] + names.map { d.root + "/" + $0 })
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n")
        #expect(lines.count == 3)
        let objects = lines.compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
        #expect(objects.compactMap { ($0["source"] as? [String: Any])?["name"] as? String } == names)
        #expect(objects.allSatisfy { ($0["id"] as? String)?.count == 64 })
        #expect(
            objects.compactMap { ($0["article"] as? [String: Any])?["headline"] as? String }
                == ["Headline 0", "Headline 1", "Headline 2"])
    }

    @Test func processReportsAFailureAndExitsNonZero() throws {
        let d = try DaemonHarness()
        try "Headline\n\nBody.\n".write(toFile: d.root + "/good.txt", atomically: false, encoding: .utf8)
        _ = FileManager.default.createFile(atPath: d.root + "/empty.txt", contents: Data())
        let result = try runCommand(wiredeskBinary, ["process", d.root + "/empty.txt", d.root + "/good.txt"])
        #expect(result.status != 0)
        let lines = result.stdout.split(separator: "\n")
        #expect(lines.count == 2)
        let first = try #require(try JSONSerialization.jsonObject(with: Data(lines[0].utf8)) as? [String: Any])
        let error = try #require(first["error"] as? [String: Any])
        #expect(error["code"] as? String == "empty")
        #expect(error["stage"] is String && error["message"] is String)
        #expect((first["source"] as? [String: Any])?["name"] as? String == "empty.txt")
        let second = try #require(try JSONSerialization.jsonObject(with: Data(lines[1].utf8)) as? [String: Any])
        #expect(second["error"] == nil && second["id"] is String)
    }

    @Test func processPrettyPrintsIndentedJSON() throws {
        let d = try DaemonHarness()
        try "Headline\n\nBody.\n".write(toFile: d.root + "/a.txt", atomically: false, encoding: .utf8)
        let result = try runCommand(wiredeskBinary, ["process", "--pretty", d.root + "/a.txt"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("\n  \""))
    }

    @Test func checkConfigPrintsTheEffectiveConfiguration() throws {
        let d = try DaemonHarness()
        let result = try runCommand(wiredeskBinary, ["check-config", "--config", d.configPath])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("settle_ms = 100"))
        #expect(result.stdout.contains("inbox = \"\(d.inbox)\""))
    }

    @Test func checkConfigRejectsUnknownKeys() throws {
        let d = try DaemonHarness(extraConfig: "setle_ms = 5")
        let result = try runCommand(wiredeskBinary, ["check-config", "--config", d.configPath])
        #expect(result.status != 0)
        #expect((result.stdout + result.stderr).contains("setle_ms"))
    }

    @Test func retryMovesFailuresBack() throws {
        let d = try DaemonHarness()
        try FileManager.default.createDirectory(atPath: d.failed, withIntermediateDirectories: true)
        try "text".write(toFile: d.failed + "/x.txt", atomically: false, encoding: .utf8)
        try "{}".write(toFile: d.failed + "/x.txt.error.json", atomically: false, encoding: .utf8)
        let result = try runCommand(wiredeskBinary, ["retry", "--config", d.configPath])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("x.txt"))
        #expect(d.list(d.inbox) == ["x.txt"])
        #expect(d.list(d.failed).isEmpty)
    }
}
