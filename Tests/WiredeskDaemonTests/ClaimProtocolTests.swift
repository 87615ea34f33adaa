// The two claim protocols (docs/SPOOL.md, "Shared file systems"): the start-up choice, and the link(2)+unlink(2)
// fallback that NFS and CephFS need, forced here on a local file system.
@preconcurrency import Glibc
import Foundation
import Testing
import WiredeskPipeline

@testable import WiredeskDaemon

/// A spool with `[spool] claim` set.
private final class ClaimSpool {
    let root: String
    let spool: Spool

    init(_ claim: ClaimProtocol) throws {
        root = NSTemporaryDirectory() + "wiredesk-claim-" + UUID().uuidString
        var config = DaemonConfig()
        config.inbox = root + "/inbox"
        config.outbox = root + "/outbox"
        config.stateDir = root + "/state"
        config.durable = false
        config.claim = claim
        spool = try Spool(config: config)
    }

    deinit { try? FileManager.default.removeItem(atPath: root) }

    func put(_ dir: String, _ name: String, _ text: String) throws {
        try text.write(toFile: root + "/" + dir + "/" + name, atomically: false, encoding: .utf8)
    }

    func read(_ dir: String, _ name: String) -> String? {
        try? String(contentsOfFile: root + "/" + dir + "/" + name, encoding: .utf8)
    }

    func names(_ dir: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: root + "/" + dir)) ?? []).sorted()
    }
}

@Suite struct ClaimProtocolTests {
    @Test func autoChoosesRenameWhereTheFileSystemHasRenameNoReplace() throws {
        let s = try ClaimSpool(.auto)
        #expect(s.spool.claimProtocol == .rename)
        #expect(s.spool.claimReason == "RENAME_NOREPLACE supported")
        #expect(s.names("inbox").isEmpty && s.names("state/active").isEmpty && s.names("outbox").count == 2)
    }

    @Test func linkCanBeForcedAndSaysSo() throws {
        let s = try ClaimSpool(.link)
        #expect(s.spool.claimProtocol == .link)
        #expect(s.spool.claimReason.contains("configured"))
    }

    @Test func linkMovesWithoutEverReplacing() throws {
        let s = try ClaimSpool(.link)
        let name = FileName("a.txt")!
        try s.put("inbox", "a.txt", "new")
        try s.put("state/active", "a.txt", "in progress")
        #expect(s.spool.renameNoReplace(from: s.spool.inbox, name, to: s.spool.active, name) == EEXIST)
        #expect(s.read("state/active", "a.txt") == "in progress" && s.read("inbox", "a.txt") == "new")

        unlink(s.root + "/state/active/a.txt")
        #expect(s.spool.renameNoReplace(from: s.spool.inbox, name, to: s.spool.active, name) == 0)
        #expect(s.read("state/active", "a.txt") == "new" && s.names("inbox").isEmpty)
        var st = stat()
        #expect(stat(s.root + "/state/active/a.txt", &st) == 0 && st.st_nlink == 1, "the inbox name is gone")
        // Gone from the inbox: a second claimer gets ENOENT, as with rename.
        #expect(s.spool.renameNoReplace(from: s.spool.inbox, name, to: s.spool.active, name) == ENOENT)
    }

    /// The link was made but the source not yet unlinked (a lost NFS reply, or another daemon mid-claim, or a
    /// crash in between): the move completes instead of waiting forever on EEXIST.
    @Test func linkCompletesAHalfDoneMoveOfTheSameFile() throws {
        let s = try ClaimSpool(.link)
        let name = FileName("b.txt")!
        try s.put("inbox", "b.txt", "body")
        #expect(link(s.root + "/inbox/b.txt", s.root + "/state/active/b.txt") == 0)
        #expect(s.spool.renameNoReplace(from: s.spool.inbox, name, to: s.spool.active, name) == 0)
        #expect(s.names("inbox").isEmpty && s.read("state/active", "b.txt") == "body")
    }

    @Test func linkUniqueMovesAndAtomicWritesWork() throws {
        let s = try ClaimSpool(.link)
        try s.put("state/active", "c.txt", "one")
        try s.put("state/archive", "c.txt", "older")
        let moved = try s.spool.moveUnique(from: s.spool.active, FileName("c.txt")!, to: s.spool.archive)
        #expect(moved.display == "c.txt.1" && s.read("state/archive", "c.txt") == "older")
        try s.spool.writeAtomically(s.spool.outbox, FileName("r.json")!, Array("{}".utf8), replace: false)
        #expect(throws: SpoolError.self) {
            try s.spool.writeAtomically(s.spool.outbox, FileName("r.json")!, Array("[]".utf8), replace: false)
        }
        #expect(s.read("outbox", "r.json") == "{}")
        #expect(!s.names("outbox").contains { $0.hasPrefix(".wiredesk-") }, "no temp file left")
    }

    /// Directories cannot be hard-linked: quarantining one falls back to a rename onto a free name.
    @Test func linkMovesADirectoryByRenameWhenTheTargetIsFree() throws {
        let s = try ClaimSpool(.link)
        try FileManager.default.createDirectory(atPath: s.root + "/inbox/d", withIntermediateDirectories: false)
        let name = FileName("d")!
        #expect(s.spool.renameNoReplace(from: s.spool.inbox, name, to: s.spool.failed, name) == 0)
        #expect(s.names("inbox").isEmpty && s.names("outbox/failed") == ["d"])
        try FileManager.default.createDirectory(atPath: s.root + "/inbox/d", withIntermediateDirectories: false)
        #expect(s.spool.renameNoReplace(from: s.spool.inbox, name, to: s.spool.failed, name) == EEXIST)
    }

    @Test func configReadsTheSpoolSection() throws {
        #expect(try DaemonConfig.parse(toml: "[spool]\nclaim = \"link\"\n").claim == .link)
        #expect(DaemonConfig().claim == .auto)
        #expect(throws: ConfigError.self) { _ = try DaemonConfig.parse(toml: "[spool]\nclaim = \"copy\"\n") }
        #expect(throws: ConfigError.self) { _ = try DaemonConfig.parse(toml: "[spool]\nclam = \"link\"\n") }
    }
}
