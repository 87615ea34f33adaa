// Throughput of the normalize stage alone, for benchmark commands (never asserted in tests: timings vary).
import Foundation
import WiredeskPipeline

/// Runs `NormalizeStage` over documents already in memory and reports MB/s and articles/s.
public enum NormalizeBenchmark {
    public struct Report: Sendable {
        public var articles: Int
        public var bytes: Int
        public var failures: Int
        /// Wall-clock time.
        public var seconds: Double
        /// CPU time of the running thread: the per-core rate on a machine shared with other work.
        public var cpuSeconds: Double
        public var megabytesPerSecond: Double { Double(bytes) / 1_000_000 / seconds }
        public var articlesPerSecond: Double { Double(articles) / seconds }
        public var megabytesPerCPUSecond: Double { Double(bytes) / 1_000_000 / cpuSeconds }
        public var articlesPerCPUSecond: Double { Double(articles) / cpuSeconds }
    }

    /// Normalizes every document `rounds` times on the calling thread (one core).
    public static func run(_ documents: [RawDocument], rounds: Int, stage: NormalizeStage = NormalizeStage()) -> Report
    {
        var articles = 0
        var failures = 0
        var bytes = 0
        let clock = MonotonicClock()
        let cpuStart = threadCPUSeconds()
        for _ in 0..<max(rounds, 1) {
            for document in documents {
                bytes += document.bytes.count
                do {
                    for item in try stage.run(document) {
                        if case .success = item.outcome { articles += 1 } else { failures += 1 }
                    }
                } catch {
                    failures += 1
                }
            }
        }
        let seconds = Double(clock.elapsedMicros()) / 1_000_000
        let cpu = threadCPUSeconds() - cpuStart
        return Report(
            articles: articles, bytes: bytes, failures: failures, seconds: max(seconds, 1e-9),
            cpuSeconds: max(cpu, 1e-9))
    }

    static func threadCPUSeconds() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }
}
