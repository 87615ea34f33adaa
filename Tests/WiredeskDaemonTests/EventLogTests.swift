// The outbox event log: one valid JSON object per line, escaped names, rotation by size.
import Foundation
import Testing

@testable import WiredeskDaemon

@Suite struct EventLogTests {
    @Test func writesOneJSONObjectPerLine() throws {
        let t = try TestSpool()
        let log = EventLog(directory: t.spool.logs, maxBytes: 1 << 20)
        log.append(EventRecord(event: "taken", name: "a \"quoted\"\nname\t\u{1}"))
        var committed = EventRecord(event: "committed", name: "a")
        committed.id = "abc"
        committed.latencyMs = 12.3456789
        committed.line = 3
        log.append(committed)
        var stage = EventRecord(event: "stage", name: "a")
        stage.stage = "normalize"
        stage.durationUs = 42
        log.append(stage)
        let events = t.events()
        #expect(events.count == 3)
        #expect(events[0]["name"] as? String == "a \"quoted\"\nname\t\u{1}")
        #expect(events[1]["id"] as? String == "abc")
        #expect(events[1]["line"] as? Int == 3)
        #expect(events[1]["latency_ms"] as? Double == 12.346)
        #expect(events[2]["duration_us"] as? Int == 42)
        #expect(events.allSatisfy { ($0["time"] as? String)?.hasSuffix("Z") == true })
        #expect(log.failures == 0)
        let files = t.displayNames(t.spool.logs)
        #expect(files.count == 1)
        #expect(files[0].hasPrefix("events-") && files[0].hasSuffix(".jsonl"))
    }

    @Test func rotatesBySize() throws {
        let t = try TestSpool()
        let log = EventLog(directory: t.spool.logs, maxBytes: 4096)
        for i in 0..<200 { log.append(EventRecord(event: "taken", name: "article-\(i).txt")) }
        let files = t.displayNames(t.spool.logs)
        #expect(files.count > 1)
        for file in files {
            #expect((t.spool.lstat(t.spool.logs, FileName(file)!).map { Int($0.st_size) } ?? 0) <= 4096)
        }
        #expect(t.events().count == 200)  // nothing lost across rotation
    }

    @Test func reopeningAppendsAfterExistingLines() throws {
        let t = try TestSpool()
        EventLog(directory: t.spool.logs, maxBytes: 1 << 20).append(EventRecord(event: "started"))
        EventLog(directory: t.spool.logs, maxBytes: 1 << 20).append(EventRecord(event: "stopped"))
        #expect(t.events().map { $0["event"] as? String } == ["started", "stopped"])
    }
}
