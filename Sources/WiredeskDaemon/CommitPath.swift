// The daemon's second phase: computed articles are made durable here, in batches (group commit), on a serial
// queue of its own. libdispatch runs a serial queue on its overcommit pool, so a commit blocked in fsync(2) never
// holds one of the `workers` threads of the concurrent worker queue, whose width libdispatch keeps at the number of
// cores whether its threads compute or wait (docs/ARCHITECTURE.md).
import Dispatch
import Synchronization

/// Commits `ComputedArticle`s in arrival order. Articles that arrive while a batch waits for the disk form the next
/// batch: one fsync per result, then one fsync of outbox/ per batch (`ArticleProcessor.commit`).
final class CommitPath: Sendable {
    typealias Completion = @Sendable (ProcessingOutcome) -> Void
    /// Caps one batch, so the first articles of a large burst are not held back for the last.
    static let maxBatch = 64
    private let queue = DispatchQueue(label: "wiredesk.commit", qos: .utility)
    private let waiting = Mutex(Waiting())

    private struct Waiting {
        var articles: [(ComputedArticle, Completion)] = []
        var drainScheduled = false
    }

    /// Queues `article`; `completion` runs on the commit queue once it is durable (or failed).
    func submit(_ article: ComputedArticle, completion: @escaping Completion) {
        let schedule = waiting.withLock { state in
            state.articles.append((article, completion))
            defer { state.drainScheduled = true }
            return !state.drainScheduled
        }
        if schedule { queue.async { self.drain() } }
    }

    /// Runs other disk work that must not wait on the control queue or a compute thread (quarantining an inbox
    /// entry), in order with the commits.
    func async(_ work: @escaping @Sendable () -> Void) {
        queue.async(execute: work)
    }

    private func drain() {
        dispatchPrecondition(condition: .onQueue(queue))
        let articles = waiting.withLock { state in
            defer {
                state.articles = []
                state.drainScheduled = false
            }
            return state.articles
        }
        var start = 0
        while start < articles.count {
            let batch = articles[start..<min(start + Self.maxBatch, articles.count)]
            let outcomes = ArticleProcessor.commit(batch.map(\.0))
            for ((_, completion), outcome) in zip(batch, outcomes) { completion(outcome) }
            start += Self.maxBatch
        }
    }
}
