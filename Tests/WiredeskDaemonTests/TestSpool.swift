// Shared helpers: a throw-away spool (inbox, outbox, state dir) under /tmp, removed when the value is released.
@preconcurrency import Glibc
import Foundation
import Logging
import WiredeskPipeline

@testable import WiredeskDaemon

/// A fresh spool in its own temp directory.
final class TestSpool {
    let root: String
    let config: DaemonConfig
    let spool: Spool

    init(onSuccess: SuccessAction = .archive, durable: Bool = false) throws {
        root = NSTemporaryDirectory() + "wiredesk-unit-" + UUID().uuidString
        var config = DaemonConfig()
        config.inbox = root + "/inbox"
        config.outbox = root + "/outbox"
        config.stateDir = root + "/state"
        config.onSuccess = onSuccess
        config.durable = durable
        self.config = config
        spool = try Spool(config: config)
    }

    deinit {
        try? FileManager.default.removeItem(atPath: root)
    }

    /// Writes `bytes` as `dir/name` (dir is one of the spool's descriptors).
    func put(_ dir: Int32, _ name: FileName, _ bytes: [UInt8]) {
        let fd = name.withCString { openat(dir, $0, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644) }
        precondition(fd >= 0, "cannot create \(name)")
        bytes.withUnsafeBytes { _ = write(fd, $0.baseAddress, $0.count) }
        close(fd)
    }

    func put(_ dir: Int32, _ name: String, _ text: String) {
        put(dir, FileName(name)!, Array(text.utf8))
    }

    /// Names in a spool directory (dot-names included), sorted by bytes.
    func names(_ dir: Int32) -> [FileName] {
        var out: [FileName] = []
        spool.forEachEntry(dir) { name, _ in
            out.append(name)
            return true
        }
        return out.sorted { $0.bytes.lexicographicallyPrecedes($1.bytes) }
    }

    func displayNames(_ dir: Int32) -> [String] { names(dir).map(\.display) }

    func read(_ dir: Int32, _ name: String) -> String? {
        spool.readFile(dir, FileName(name)!).map { String(decoding: $0, as: UTF8.self) }
    }

    /// Lines of every event log file, parsed.
    func events() -> [[String: Any]] {
        var out: [[String: Any]] = []
        for name in names(spool.logs) {
            let text = String(decoding: spool.readFile(spool.logs, name) ?? [], as: UTF8.self)
            for line in text.split(separator: "\n") {
                if let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] {
                    out.append(object)
                }
            }
        }
        return out
    }

    func processor() -> ArticleProcessor {
        ArticleProcessor(
            spool: spool, events: EventLog(directory: spool.logs, maxBytes: 1 << 20),
            logger: Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() }), onSuccess: config.onSuccess)
    }
}

/// The `id` field of a result file.
func resultID(_ text: String?) -> String? {
    guard let text, let object = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] else {
        return nil
    }
    return object["id"] as? String
}
