import Foundation
import Testing

@testable import WiredeskDaemon

@Suite struct ReloadStatusTests {
    @Test func aStatusLineRoundTripsAndAReasonStaysOnOneLine() throws {
        let dir = NSTemporaryDirectory() + "wiredesk-reload-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        #expect(ReloadStatus.read(stateDir: dir) == nil)
        try ReloadStatus(pid: 42, generation: 3, failure: nil).write(stateDir: dir)
        #expect(ReloadStatus.read(stateDir: dir) == ReloadStatus(pid: 42, generation: 3, failure: nil))
        try ReloadStatus(pid: 42, generation: 4, failure: "bad key\nline two").write(stateDir: dir)
        #expect(ReloadStatus.read(stateDir: dir) == ReloadStatus(pid: 42, generation: 4, failure: "bad key line two"))
        #expect(!FileManager.default.fileExists(atPath: dir + "/reload-status.tmp"))
    }

    @Test func garbageIsNoStatus() {
        #expect(ReloadStatus(line: "") == nil)
        #expect(ReloadStatus(line: "12 x ok") == nil)
        #expect(ReloadStatus(line: "12 1 maybe") == nil)
    }

    @Test func aMissingProcessIsAnErrorAtOnce() {
        #expect(throws: ReloadRequest.Failure.self) {
            try ReloadRequest.send(pid: 999_999, stateDir: "/nonexistent", timeout: 5)
        }
    }
}
