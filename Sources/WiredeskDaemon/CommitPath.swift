// The daemon's second phase: computed articles are made durable here, in batches (group commit), on a few serial
// queues of its own. libdispatch runs a serial queue on its overcommit pool, so a commit blocked in fsync(2) never
// holds one of the `workers` threads of the concurrent worker queue, whose width libdispatch keeps at the number of
// cores whether its threads compute or wait (docs/ARCHITECTURE.md).
import Dispatch
import Synchronization

/// Commits `ComputedArticle`s on `lanes` serial queues. An article goes to the lane with the fewest waiting; the
/// articles that arrive at a lane while its batch waits for the disk form its next batch: one fsync per result,
/// then one fsync of outbox/ per batch (`ArticleProcessor.commit`).
///
/// Why more than one lane: on one lane the commit thread was the daemon's bottleneck with the stages off (a
/// strace of 1,000 articles: 2.05 s of its time, 0.57 s in fsync and 0.41 s in creating the temp files, the rest
/// renames, event-log writes and its own CPU), while the disk had room: fsyncs issued from several threads
/// overlap, and ext4 folds concurrent ones into one journal commit. Lanes are independent: an article is in
/// flight once (its active/ claim), and results are renamed without replacing, so the order of commits across
/// lanes does not matter; each lane's batch is durable when that lane's outbox fsync returns.
final class CommitPath: Sendable {
    typealias Completion = @Sendable (ProcessingOutcome) -> Void
    /// Caps one batch, so the first articles of a large burst are not held back for the last.
    static let maxBatch = 64
    /// Lanes of the default path: each is a serial queue, so at most this many threads wait on the disk for commits.
    static let defaultLanes = 4
    private let lanes: [Lane]

    private final class Lane: Sendable {
        let queue: DispatchQueue
        let waiting = Mutex(Waiting())
        init(index: Int) { queue = DispatchQueue(label: "wiredesk.commit.\(index)", qos: .utility) }
    }

    private struct Waiting {
        var articles: [(ComputedArticle, Completion)] = []
        var drainScheduled = false
        /// Articles taken by the running drain and not yet completed.
        var committing = 0
    }

    init(lanes: Int = CommitPath.defaultLanes) {
        self.lanes = (0..<max(1, lanes)).map { Lane(index: $0) }
    }

    /// Queues `article`; `completion` runs on a commit queue once it is durable (or failed).
    func submit(_ article: ComputedArticle, completion: @escaping Completion) {
        // The lane with the fewest waiting (an idle lane first): a read of each count, no lock held across lanes.
        var lane = lanes[0]
        var fewest = Int.max
        for candidate in lanes {
            let count = candidate.waiting.withLock { $0.articles.count + $0.committing }
            if count < fewest {
                fewest = count
                lane = candidate
                if count == 0 { break }
            }
        }
        let schedule = lane.waiting.withLock { state in
            state.articles.append((article, completion))
            defer { state.drainScheduled = true }
            return !state.drainScheduled
        }
        if schedule {
            let chosen = lane
            chosen.queue.async { Self.drain(chosen) }
        }
    }

    /// Runs other disk work that must not wait on the control queue or a compute thread (quarantining an inbox
    /// entry), in order with the first lane's commits.
    func async(_ work: @escaping @Sendable () -> Void) {
        lanes[0].queue.async(execute: work)
    }

    private static func drain(_ lane: Lane) {
        dispatchPrecondition(condition: .onQueue(lane.queue))
        let articles = lane.waiting.withLock { state in
            defer {
                state.committing = state.articles.count
                state.articles = []
                state.drainScheduled = false
            }
            return state.articles
        }
        var start = 0
        while start < articles.count {
            let batch = articles[start..<min(start + Self.maxBatch, articles.count)]
            let outcomes = ArticleProcessor.commit(batch.map(\.0))
            lane.waiting.withLock { $0.committing -= batch.count }
            for ((_, completion), outcome) in zip(batch, outcomes) { completion(outcome) }
            start += Self.maxBatch
        }
    }
}
