// ServiceNotifier against a real AF_UNIX datagram socket standing in for systemd's NOTIFY_SOCKET.
@preconcurrency import Glibc
import Foundation
import Logging
import Testing

@testable import Systemd

/// A bound notify socket; `receive()` returns the next datagram's `KEY=value` pairs.
final class NotifyListener {
    let path: String
    let fd: Int32

    init() throws {
        path = "/tmp/wiredesk-notify-\(getpid())-\(UInt32.random(in: 0...UInt32.max)).sock"
        fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue), 0)
        var addr = sockaddr_un()
        addr.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8)
        withUnsafeMutableBytes(of: &addr.sun_path) { raw in
            for (i, b) in bytes.enumerated() { raw[i] = b }
        }
        let rc = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        guard fd >= 0, rc == 0 else { throw POSIXError(.EADDRNOTAVAIL) }
        var timeout = timeval(tv_sec: 2, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    }

    func receive() -> [String: String]? {
        var buffer = [UInt8](repeating: 0, count: 4096)
        let n = recv(fd, &buffer, buffer.count, 0)
        guard n > 0 else { return nil }
        var fields: [String: String] = [:]
        for line in String(decoding: buffer[0..<n], as: UTF8.self).split(separator: "\n") {
            guard let eq = line.firstIndex(of: "=") else { continue }
            fields[String(line[..<eq])] = String(line[line.index(after: eq)...])
        }
        return fields
    }

    deinit {
        close(fd)
        unlink(path)
    }
}

/// Serialized: these tests set process-wide environment variables (NOTIFY_SOCKET, WATCHDOG_USEC).
@Suite(.serialized) struct NotifierTests {
    @Test func messagesReachTheNotifySocket() throws {
        let listener = try NotifyListener()
        setenv("NOTIFY_SOCKET", listener.path, 1)
        defer { unsetenv("NOTIFY_SOCKET") }
        let notifier = ServiceNotifier()

        notifier.ready(status: "processed 0, failed 0")
        let ready = try #require(listener.receive())
        #expect(ready["READY"] == "1")
        #expect(ready["STATUS"] == "processed 0, failed 0")

        notifier.status("processed 3")
        #expect(listener.receive()?["STATUS"] == "processed 3")

        notifier.reloading()
        let reloading = try #require(listener.receive())
        #expect(reloading["RELOADING"] == "1")
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        let sent = try #require(reloading["MONOTONIC_USEC"].flatMap { UInt64($0) })
        let nowUsec = UInt64(now.tv_sec) * 1_000_000 + UInt64(now.tv_nsec) / 1000
        #expect(sent <= nowUsec && nowUsec - sent < 10_000_000)

        notifier.watchdogPing()
        #expect(listener.receive()?["WATCHDOG"] == "1")
        notifier.stopping()
        #expect(listener.receive()?["STOPPING"] == "1")
    }

    @Test func withoutServiceManagerNothingIsSent() {
        unsetenv("NOTIFY_SOCKET")
        #expect(!ServiceNotifier().notify("READY=1"))
    }

    @Test func watchdogIntervalComesFromEnvironment() {
        setenv("WATCHDOG_USEC", "3000000", 1)
        setenv("WATCHDOG_PID", "\(getpid())", 1)
        defer {
            unsetenv("WATCHDOG_USEC")
            unsetenv("WATCHDOG_PID")
        }
        #expect(ServiceNotifier().watchdogInterval == .seconds(3))
        // Meant for another process (e.g. the parent): not ours.
        setenv("WATCHDOG_PID", "1", 1)
        #expect(ServiceNotifier().watchdogInterval == nil)
        unsetenv("WATCHDOG_USEC")
        setenv("WATCHDOG_PID", "\(getpid())", 1)
        #expect(ServiceNotifier().watchdogInterval == nil)
    }

    @Test func sendFailuresAreCountedNotFatal() {
        let failures = JournalSendFailures()
        let sent = SentEntries()
        let handler = JournalLogHandler(identifier: "wiredesk-test", failures: failures) { fields in
            sent.append(fields)
            return fields.contains("ARTICLE_ID=bad") ? -EMSGSIZE : 0
        }
        var logger = Logger(label: "test") { _ in handler }
        logger[metadataKey: "topic"] = "sport"
        logger.info("fine", metadata: ["article_id": "good"])
        logger.info("too large", metadata: ["article_id": "bad"])
        logger.debug("below the level: not sent")
        #expect(failures.value == 1)
        let entries = sent.all
        #expect(entries.count == 2)
        #expect(entries.first?.contains("TOPIC=sport") == true)
        #expect(entries.first?.contains("MESSAGE=fine") == true)
        #expect(entries.first?.contains("SYSLOG_IDENTIFIER=wiredesk-test") == true)
    }

    @Test func realSendWithoutJournaldDoesNotFail() {
        // libsystemd drops entries silently when no journald socket exists (as on a build machine); with one, the
        // entry is delivered. Either way the result is not an error.
        #expect(JournalLogHandler.send(["MESSAGE=SystemdTests probe", "SYSLOG_IDENTIFIER=wiredesk-test"]) == 0)
    }
}

/// Entries captured by a test sender.
final class SentEntries: @unchecked Sendable {
    private let lock = NSLock()
    private var entries: [[String]] = []
    func append(_ fields: [String]) { lock.withLock { entries.append(fields) } }
    var all: [[String]] { lock.withLock { entries } }
}
