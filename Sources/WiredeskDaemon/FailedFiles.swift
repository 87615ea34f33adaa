// `wiredesk retry`: quarantined files go back to the inbox under their original name.
@preconcurrency import Glibc
import CSpoolShim
import Foundation

public enum FailedFiles {
    public struct RetryReport: Sendable {
        public var moved: [String] = []
        public var problems: [String] = []
    }

    /// Moves one entry without replacing anything in the inbox; returns the name it got there, or nil (errno set).
    private static func moveBack(_ name: FileName, from failed: Int32, to inbox: Int32) -> FileName? {
        var target = name
        for attempt in 1...1000 {
            let rc = name.withCString { from in
                target.withCString { to in wd_rename_noreplace(failed, from, inbox, to) }
            }
            if rc == 0 { return target }
            guard errno == EEXIST || errno == ENOTEMPTY else { return nil }
            target = name.appending(".retry-\(attempt)")
        }
        return nil
    }

    /// Moves `names` (or every quarantined file) from outbox/failed/ into the inbox and removes their error records.
    /// A name already present in the inbox gets a `.retry-N` suffix instead of being replaced.
    public static func retry(config: DaemonConfig, names: [String]) throws -> RetryReport {
        var report = RetryReport()
        let failed = open(config.failedDir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        let inbox = open(config.inbox, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard failed >= 0, inbox >= 0 else {
            report.problems.append(
                "cannot open \(config.failedDir) or \(config.inbox): \(String(cString: strerror(errno)))")
            return report
        }
        defer {
            close(failed)
            close(inbox)
        }
        var targets: [FileName] = []
        if names.isEmpty {
            // Names as bytes (not FileManager's Strings), so a quarantined name that is not UTF-8 can be retried.
            Spool.forEachEntry(in: failed) { name, _ in
                if !name.display.hasSuffix(".error.json") && name.bytes.first != 0x2E { targets.append(name) }
                return true
            }
            targets.sort { $0.display < $1.display }
        } else {
            targets = names.compactMap { FileName(($0 as NSString).lastPathComponent) }
        }
        for name in targets {
            guard let target = moveBack(name, from: failed, to: inbox) else {
                report.problems.append("\(name.display): \(String(cString: strerror(errno)))")
                continue
            }
            _ = name.appending(".error.json").withCString { unlinkat(failed, $0, 0) }
            report.moved.append(target == name ? name.display : "\(name.display) → \(target.display)")
        }
        return report
    }
}
