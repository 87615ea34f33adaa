// Parsing raw inotify records, and one real watch on a temp directory.
@preconcurrency import Glibc
import Dispatch
import Foundation
import Synchronization
import Testing

@testable import WiredeskDaemon

@Suite struct InboxWatcherTests {
    /// One `struct inotify_event`: wd, mask, cookie, len, then the name NUL-padded to `len`.
    func record(mask: Int32, name: [UInt8], pad: Int = 16) -> [UInt8] {
        var len = 0
        if !name.isEmpty { len = (name.count + 1 + pad - 1) / pad * pad }
        var out: [UInt8] = []
        for value in [UInt32(1), UInt32(bitPattern: mask), 0, UInt32(len)] {
            withUnsafeBytes(of: value.littleEndian) { out.append(contentsOf: $0) }
        }
        out.append(contentsOf: name)
        out.append(contentsOf: [UInt8](repeating: 0, count: len - name.count))
        return out
    }

    @Test func parsesEachKind() {
        var buffer: [UInt8] = []
        buffer += record(mask: Int32(IN_MOVED_TO), name: Array("moved.txt".utf8))
        buffer += record(mask: Int32(IN_CLOSE_WRITE), name: Array("written.txt".utf8))
        buffer += record(mask: Int32(IN_CREATE), name: Array("created".utf8))
        buffer += record(mask: Int32(IN_Q_OVERFLOW), name: [])
        buffer += record(mask: Int32(IN_CREATE | IN_ISDIR), name: Array("dir".utf8))
        #expect(
            InboxWatcher.parse(buffer[...]) == [
                .movedIn(FileName("moved.txt")!), .closedAfterWrite(FileName("written.txt")!),
                .created(FileName("created")!), .overflow, .created(FileName("dir")!),
            ])
    }

    @Test func keepsNameBytesExactly() {
        let odd: [UInt8] = [0x2D, 0x61, 0x20, 0x0A, 0xFF, 0xC3, 0xBC]  // "-a \n", invalid byte, ü
        let long = [UInt8](repeating: 0x6E, count: 255)
        let buffer = record(mask: Int32(IN_MOVED_TO), name: odd) + record(mask: Int32(IN_CLOSE_WRITE), name: long)
        #expect(
            InboxWatcher.parse(buffer[...]) == [
                .movedIn(FileName(bytes: odd)!), .closedAfterWrite(FileName(bytes: long)!),
            ])
    }

    @Test func ignoresTruncatedAndNamelessRecords() {
        var buffer = record(mask: Int32(IN_CLOSE_WRITE), name: [])  // an event on the directory itself
        buffer += record(mask: Int32(IN_MOVED_TO), name: Array("ok".utf8))
        buffer += Array(record(mask: Int32(IN_MOVED_TO), name: Array("cut-off".utf8)).prefix(10))
        #expect(InboxWatcher.parse(buffer[...]) == [.movedIn(FileName("ok")!)])
        #expect(InboxWatcher.parse([][...]).isEmpty)
    }

    @Test func reportsRealEvents() throws {
        let t = try TestSpool()
        let queue = DispatchQueue(label: "test.watch")
        let seen = Mutex<[InboxEvent]>([])
        let watcher = try InboxWatcher(path: t.config.inbox, queue: queue) { events in
            seen.withLock { $0.append(contentsOf: events) }
        }
        watcher.start()
        defer { queue.sync { watcher.stop() } }
        t.put(t.spool.inbox, "written.txt", "x")
        t.put(t.spool.active, "moved.txt", "y")
        _ = rename(t.config.activeDir + "/moved.txt", t.config.inbox + "/moved.txt")
        let expected: [InboxEvent] = [
            .created(FileName("written.txt")!), .closedAfterWrite(FileName("written.txt")!),
            .movedIn(FileName("moved.txt")!),
        ]
        let deadline = Date().addingTimeInterval(10)
        while Date() < deadline && seen.withLock({ $0 }) != expected { usleep(10_000) }
        #expect(seen.withLock { $0 } == expected)
    }

    @Test func missingDirectoryIsAnError() {
        #expect(throws: SpoolError.self) {
            _ = try InboxWatcher(path: "/nonexistent/wiredesk-inbox", queue: DispatchQueue(label: "x")) { _ in }
        }
    }
}
