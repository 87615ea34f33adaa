// The settle decision: when is a file in the inbox complete enough to be claimed?
//
// A producer that renames a finished file into the inbox is taken at once (`IN_MOVED_TO`). A `cp` (or any writer
// that closes the file) is taken once its size, mtime, ctime and inode have not changed for `settle_ms` after the
// last `IN_CLOSE_WRITE`. A file found only by a scan (start-up, overflow, periodic rescan) or announced only by
// `IN_CREATE` (a writer that keeps its descriptor open) must in addition not have been modified for the quiet time
// (`max(2 s, 4 × settle_ms)`), measured against its mtime. Pure: no I/O, so the rule can be tested with made-up stats.
@preconcurrency import Glibc

/// What `SettleRule.decide` says about one candidate.
enum SettleDecision: Equatable {
    /// Unchanged for long enough: claim it.
    case take
    /// Changed, or written too recently: keep waiting (the candidate's clock was restarted).
    case wait
    /// The name is gone from the inbox (another daemon took it, or the producer removed it).
    case gone
    /// The name now refers to something other than a regular file: report it, never open it.
    case notRegular
}

/// Settle times, in nanoseconds.
struct SettleRule: Sendable {
    /// How long a changed file must stay unchanged (`settle_ms`).
    var settleNanos: UInt64
    /// How long ago a file without a completion event must have been last modified.
    var quietNanos: UInt64

    init(settleMs: Int) {
        settleNanos = UInt64(max(0, settleMs)) * 1_000_000
        quietNanos = UInt64(max(2000, 4 * settleMs)) * 1_000_000
    }

    /// True when the candidate's settle time has passed, so it is worth an lstat(2).
    func isDue(_ candidate: Candidate, now: UInt64) -> Bool {
        now >= candidate.stableSince &+ candidate.requiredStableNanos
    }

    /// The `limit` oldest candidates (by first sighting) whose settle time has passed, oldest first.
    ///
    /// `pump()` lstats only these: checking every due candidate on each pump cost one lstat per queued file per
    /// finished article (quadratic; it capped a busy daemon at ~550 articles/s on 2 cores, nearly all of it system
    /// time). One pass, no copy or sort of the queue; a picked one that needs more time leaves its slot to the
    /// next pump (at most 50 ms later).
    func oldestDue(_ pending: [FileName: Candidate], limit: Int, now: UInt64) -> [(FileName, Candidate)] {
        guard limit > 0 else { return [] }
        var due: [(FileName, Candidate)] = []
        for (name, candidate) in pending where isDue(candidate, now: now) {
            if due.count == limit {
                guard candidate.firstSeen < due[limit - 1].1.firstSeen else { continue }
                due.removeLast()
            }
            let at = due.firstIndex { candidate.firstSeen < $0.1.firstSeen } ?? due.count
            due.insert((name, candidate), at: at)
        }
        return due
    }

    /// Compares a fresh lstat of the name with what the candidate remembers, and updates the candidate.
    /// - Parameters:
    ///   - current: lstat of the name in the inbox now; nil when it does not exist.
    ///   - now: monotonic nanoseconds.
    ///   - wallClock: seconds since 1970 (compared with the file's mtime).
    func decide(_ candidate: inout Candidate, current: stat?, now: UInt64, wallClock: Double) -> SettleDecision {
        guard let st = current else { return .gone }
        guard st.isRegularFile else { return .notRegular }
        let signature = st.settleSignature
        if signature != candidate.signature {
            candidate.signature = signature
            candidate.stableSince = now
            candidate.requiredStableNanos = max(candidate.requiredStableNanos, settleNanos)
            return .wait
        }
        if !candidate.completeEvent {
            // Found by a scan, no event: wait until nobody has written it for a while.
            let mtime = Double(st.st_mtim.tv_sec) + Double(st.st_mtim.tv_nsec) / 1e9
            if wallClock - mtime < Double(quietNanos) / 1e9 {
                candidate.stableSince = now
                candidate.requiredStableNanos = settleNanos
                return .wait
            }
        }
        return .take
    }
}
