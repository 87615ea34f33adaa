// The spool's file-system primitives: claim without replacing, unique moves, atomic writes, odd names on disk.
@preconcurrency import Glibc
import Foundation
import Testing
import WiredeskPipeline

@testable import WiredeskDaemon

@Suite struct SpoolTests {
    @Test func createsEveryDirectory() throws {
        let t = try TestSpool()
        for dir in ["inbox", "outbox", "outbox/failed", "outbox/logs", "state/active", "state/archive"] {
            var isDir: ObjCBool = false
            #expect(FileManager.default.fileExists(atPath: t.root + "/" + dir, isDirectory: &isDir) && isDir.boolValue)
        }
    }

    /// True when /dev/shm is a file system of its own (it is a tmpfs on Debian).
    static var shmIsAnotherFileSystem: Bool {
        var a = stat()
        var b = stat()
        return stat(NSTemporaryDirectory(), &a) == 0 && stat("/dev/shm", &b) == 0 && a.st_dev != b.st_dev
    }

    @Test(.enabled(if: shmIsAnotherFileSystem, "needs /dev/shm on another file system than the temp directory"))
    func refusesAStateDirectoryOnAnotherFileSystem() throws {
        let t = try TestSpool()
        let shm = "/dev/shm/wiredesk-unit-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: shm) }
        var other = t.config
        other.stateDir = shm
        #expect(throws: ConfigError.self) { _ = try Spool(config: other) }
    }

    @Test func claimNeverReplaces() throws {
        let t = try TestSpool()
        t.put(t.spool.inbox, "a.txt", "new")
        t.put(t.spool.active, "a.txt", "in progress")
        let name = FileName("a.txt")!
        #expect(t.spool.renameNoReplace(from: t.spool.inbox, name, to: t.spool.active, name) == EEXIST)
        #expect(t.read(t.spool.active, "a.txt") == "in progress")
        #expect(t.read(t.spool.inbox, "a.txt") == "new")
        #expect(t.spool.renameNoReplace(from: t.spool.inbox, FileName("gone")!, to: t.spool.active, name) == ENOENT)
        t.put(t.spool.inbox, "b.txt", "b")
        #expect(
            t.spool.renameNoReplace(from: t.spool.inbox, FileName("b.txt")!, to: t.spool.active, FileName("b.txt")!)
                == 0)
        #expect(t.displayNames(t.spool.inbox) == ["a.txt"])
    }

    @Test func moveUniqueAddsASuffix() throws {
        let t = try TestSpool()
        t.put(t.spool.archive, "a.txt", "first")
        t.put(t.spool.archive, "a.txt.1", "second")
        t.put(t.spool.active, "a.txt", "third")
        let used = try t.spool.moveUnique(from: t.spool.active, FileName("a.txt")!, to: t.spool.archive)
        #expect(used.display == "a.txt.2")
        #expect(t.read(t.spool.archive, "a.txt") == "first")
        #expect(t.read(t.spool.archive, "a.txt.2") == "third")
    }

    @Test(arguments: [false, true])
    func atomicWriteLeavesNoTempFile(durable: Bool) throws {
        let t = try TestSpool(durable: durable)
        let name = FileName("r.json")!
        try t.spool.writeAtomically(t.spool.outbox, name, Array("one".utf8), replace: false)
        #expect(throws: SpoolError.self) {
            try t.spool.writeAtomically(t.spool.outbox, name, Array("two".utf8), replace: false)
        }
        #expect(t.read(t.spool.outbox, "r.json") == "one")
        try t.spool.writeAtomically(t.spool.outbox, name, Array("three".utf8), replace: true)
        #expect(t.read(t.spool.outbox, "r.json") == "three")
        #expect(t.displayNames(t.spool.outbox) == ["failed", "logs", "r.json"])
    }

    @Test func oddNamesRoundTripThroughTheDirectory() throws {
        let t = try TestSpool()
        let names: [FileName] = [
            FileName("with space.txt")!, FileName("-leading-dash")!, FileName("new\nline")!, FileName("Ünïcödé.txt")!,
            FileName(bytes: [0x62, 0x61, 0x64, 0xFF, 0x2E, 0x74, 0x78, 0x74])!,
            FileName(String(repeating: "x", count: 255))!,
        ]
        for name in names { t.put(t.spool.inbox, name, Array("body".utf8)) }
        #expect(Set(t.names(t.spool.inbox)) == Set(names))
        for name in names {
            #expect(t.spool.renameNoReplace(from: t.spool.inbox, name, to: t.spool.active, name) == 0)
            #expect(t.spool.lstat(t.spool.active, name)?.isRegularFile == true)
        }
    }

    @Test func lstatDoesNotFollowSymlinks() throws {
        let t = try TestSpool()
        t.put(t.spool.inbox, "target", "x")
        _ = symlink("target", t.config.inbox + "/link")
        let st = try #require(t.spool.lstat(t.spool.inbox, FileName("link")!))
        #expect(!st.isRegularFile)
        #expect(t.spool.lstat(t.spool.inbox, FileName("missing")!) == nil)
        #expect(t.spool.readFile(t.spool.inbox, FileName("link")!) == nil)  // O_NOFOLLOW
    }
}

@Suite struct StaleTempFileTests {
    @Test func onlyDeadWritersTempFilesAreStale() {
        #expect(!Spool.isStaleTempFile(FileName(".wiredesk-\(getpid())-123.tmp")!))  // ours: alive
        #expect(!Spool.isStaleTempFile(FileName(".wiredesk-1-123.tmp")!))  // init: alive
        #expect(Spool.isStaleTempFile(FileName(".wiredesk-2147483600-5.tmp")!))  // no such process
        #expect(Spool.isStaleTempFile(FileName(".wiredesk-987654.tmp")!))  // old format, no pid
        #expect(!Spool.isStaleTempFile(FileName("a.json")!))
        #expect(!Spool.isStaleTempFile(FileName(".wiredesk-1-2.json")!))
    }

    @Test func atomicWriteNamesTempFilesWithThePid() throws {
        // The temp name is only visible while writing; check the format through the predicate's parse.
        let name = FileName("\(Spool.tempPrefix)\(getpid())-42.tmp")!
        #expect(name.display.hasPrefix(".wiredesk-\(getpid())-"))
        #expect(name.isIgnored)
    }
}
