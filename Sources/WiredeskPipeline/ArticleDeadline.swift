// The per-article time budget (`[pipeline] article_timeout_s`), checked cooperatively.
//
// `Pipeline.process` binds a deadline for the article while its stages run (a task-local value: stages stay
// value-in, value-out, and no stage signature changes). Each stage calls `ArticleDeadline.check(stage)` in its
// loops — per line, paragraph, sentence or block of tokens — which costs one clock read. Past the deadline the
// check throws `StageFailure(code: "timeout")` and the daemon quarantines the article.
//
// Every check also counts a heartbeat. The daemon's watchdog reads it: an article that is checking is alive,
// however long it legitimately takes, so WATCHDOG=1 keeps coming; a worker stuck outside any check (an
// infinite loop, a blocked call) stops the heartbeats, and with them the watchdog pats.
import Synchronization

/// The time budget of one article. Shared between the worker running it and the daemon's watchdog.
public final class ArticleDeadline: Sendable {
    public let seconds: Double
    /// `CLOCK_MONOTONIC` nanoseconds after which checks throw; `UInt64.max` = no limit.
    private let end: Atomic<UInt64>
    private let beats = Atomic<UInt64>(0)

    /// The deadline the running stages check (bound by `Pipeline.process`).
    @TaskLocal public static var current: ArticleDeadline?

    /// A budget of `seconds` from now; 0 or less means no limit (checks only count heartbeats).
    public init(seconds: Double) {
        self.seconds = seconds
        end = Atomic(Self.end(after: seconds))
    }

    private static func end(after seconds: Double) -> UInt64 {
        seconds > 0 ? MonotonicClock.nowNanos() &+ UInt64(seconds * 1e9) : UInt64.max
    }

    public var endNanos: UInt64 { end.load(ordering: .relaxed) }

    /// A fresh budget from now: each article of a JSON Lines batch gets its own.
    public func restart() { end.store(Self.end(after: seconds), ordering: .relaxed) }

    /// How many checks have run so far (the watchdog compares two readings).
    public var heartbeats: UInt64 { beats.load(ordering: .relaxed) }

    public var expired: Bool { MonotonicClock.nowNanos() > endNanos }

    /// Throws `timeout` once the budget is spent.
    public func check(_ stage: String) throws(StageFailure) {
        beats.add(1, ordering: .relaxed)
        let endNanos = end.load(ordering: .relaxed)
        if endNanos != UInt64.max, MonotonicClock.nowNanos() > endNanos {
            throw StageFailure(
                stage: stage, code: "timeout",
                message:
                    "processing took longer than the time budget of \(Self.format(seconds)) s (pipeline.article_timeout_s)"
            )
        }
    }

    /// `check` on the deadline bound for the running article; nothing when none is bound.
    @inline(__always)
    public static func check(_ stage: String) throws(StageFailure) {
        if let deadline = current { try deadline.check(stage) }
    }

    static func format(_ seconds: Double) -> String {
        seconds == seconds.rounded() ? String(Int(seconds)) : String(seconds)
    }
}
