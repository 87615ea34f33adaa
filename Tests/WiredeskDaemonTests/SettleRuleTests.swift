// The settle decision, with made-up stat values: no files, no clocks.
@preconcurrency import Glibc
import Foundation
import Testing

@testable import WiredeskDaemon

@Suite struct SettleRuleTests {
    let ms: UInt64 = 1_000_000
    let rule = SettleRule(settleMs: 300)

    func regular(size: Int, mtime: Int, inode: Int = 7) -> stat {
        var st = stat()
        st.st_mode = S_IFREG | 0o644
        st.st_size = size
        st.st_ino = UInt(inode)
        st.st_mtim.tv_sec = mtime
        st.st_ctim.tv_sec = mtime
        return st
    }

    func candidate(_ st: stat, complete: Bool, at now: UInt64, required: UInt64) -> Candidate {
        Candidate(
            firstSeen: Date(), signature: st.settleSignature, stableSince: now, requiredStableNanos: required,
            completeEvent: complete)
    }

    @Test func quietTimeIsAtLeastTwoSeconds() {
        #expect(SettleRule(settleMs: 50).quietNanos == 2000 * ms)
        #expect(SettleRule(settleMs: 1000).quietNanos == 4000 * ms)
        #expect(SettleRule(settleMs: 300).settleNanos == 300 * ms)
    }

    @Test func renamedInFileIsTakenAtOnce() {
        let st = regular(size: 10, mtime: 1000)
        var c = candidate(st, complete: true, at: 5_000 * ms, required: 0)
        #expect(rule.isDue(c, now: 5_000 * ms))
        #expect(rule.decide(&c, current: st, now: 5_000 * ms, wallClock: 1000.01) == .take)
    }

    @Test func closedFileWaitsForSettleTime() {
        let st = regular(size: 10, mtime: 1000)
        let c = candidate(st, complete: true, at: 5_000 * ms, required: 300 * ms)
        #expect(!rule.isDue(c, now: 5_100 * ms))
        #expect(rule.isDue(c, now: 5_300 * ms))
    }

    @Test func growingFileRestartsTheClock() {
        var c = candidate(regular(size: 10, mtime: 1000), complete: true, at: 0, required: 0)
        let grown = regular(size: 20, mtime: 1001)
        #expect(rule.decide(&c, current: grown, now: 400 * ms, wallClock: 1001) == .wait)
        #expect(c.stableSince == 400 * ms)
        #expect(c.requiredStableNanos == 300 * ms)
        #expect(c.signature == grown.settleSignature)
        #expect(!rule.isDue(c, now: 600 * ms))
        #expect(rule.decide(&c, current: grown, now: 700 * ms, wallClock: 1001.5) == .take)
    }

    @Test func replacedFileCountsAsChanged() {
        var c = candidate(regular(size: 10, mtime: 1000, inode: 1), complete: true, at: 0, required: 0)
        #expect(rule.decide(&c, current: regular(size: 10, mtime: 1000, inode: 2), now: 1, wallClock: 1000) == .wait)
    }

    @Test func scanFoundFileWaitsUntilQuiet() {
        let st = regular(size: 10, mtime: 1000)
        var c = candidate(st, complete: false, at: 0, required: 300 * ms)
        // Modified 1 s ago: a writer may still hold it open.
        #expect(rule.decide(&c, current: st, now: 300 * ms, wallClock: 1001) == .wait)
        #expect(c.stableSince == 300 * ms)
        // Modified 2.5 s ago: quiet.
        #expect(rule.decide(&c, current: st, now: 600 * ms, wallClock: 1002.5) == .take)
    }

    @Test func oldFileFoundAtStartUpIsTakenAfterSettle() {
        let st = regular(size: 10, mtime: 1000)
        var c = candidate(st, complete: false, at: 0, required: 300 * ms)
        #expect(rule.decide(&c, current: st, now: 300 * ms, wallClock: 9999) == .take)
    }

    @Test func vanishedAndNonRegular() {
        var c = candidate(regular(size: 10, mtime: 1000), complete: true, at: 0, required: 0)
        #expect(rule.decide(&c, current: nil, now: 1, wallClock: 1000) == .gone)
        var fifo = regular(size: 0, mtime: 1000)
        fifo.st_mode = S_IFIFO | 0o644
        #expect(rule.decide(&c, current: fifo, now: 1, wallClock: 1000) == .notRegular)
        var link = regular(size: 5, mtime: 1000)
        link.st_mode = S_IFLNK | 0o777
        #expect(rule.decide(&c, current: link, now: 1, wallClock: 1000) == .notRegular)
    }

    @Test func oldestDuePicksTheOldestSettledOnesInOrder() {
        let st = regular(size: 1, mtime: 1)
        let base = Date(timeIntervalSince1970: 1000)
        var pending: [FileName: Candidate] = [:]
        for i in 0..<50 {
            var c = candidate(st, complete: true, at: 0, required: 0)
            c.firstSeen = base.addingTimeInterval(Double((i * 37) % 50))  // shuffled ages
            if i % 5 == 0 { c.stableSince = 10_000 * ms }  // not due yet
            pending[FileName("f\(i)")!] = c
        }
        let picked = rule.oldestDue(pending, limit: 3, now: 100 * ms)
        #expect(picked.count == 3)
        let ages = picked.map { $0.1.firstSeen.timeIntervalSince(base) }
        #expect(ages == ages.sorted())
        let dueAges = pending.values.filter { rule.isDue($0, now: 100 * ms) }.map {
            $0.firstSeen.timeIntervalSince(base)
        }
        .sorted()
        #expect(ages == Array(dueAges.prefix(3)))
        #expect(picked.allSatisfy { rule.isDue($0.1, now: 100 * ms) })
        #expect(rule.oldestDue(pending, limit: 0, now: 100 * ms).isEmpty)
        #expect(rule.oldestDue(pending, limit: 100, now: 100 * ms).count == 40)
    }
}
