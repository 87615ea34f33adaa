// Times `ExtractRules.apply` alone (no NER, no I/O, no normalize in the timed part) over a folder of articles.
import Foundation
import WiredeskPipeline

public enum RulesBenchmark {
    public struct Report: Sendable {
        public var articles = 0
        public var words = 0
        public var rounds = 0
        public var seconds = 0.0
        /// CPU time of the benchmarking thread: the per-core cost even when other processes share the cores.
        public var cpuSeconds = 0.0

        public var table: String {
            let runs = Double(articles * rounds)
            let wall = String(format: "%.0f articles/s, %.0f words/s", runs / seconds, Double(words * rounds) / seconds)
            let cpu = String(
                format: "%.0f articles/s, %.0f words/s", runs / cpuSeconds, Double(words * rounds) / cpuSeconds)
            return "ExtractRules alone: \(articles) articles x \(rounds) rounds, "
                + String(format: "%.3f s wall, %.3f s CPU\n", seconds, cpuSeconds)
                + "wall: \(wall)\nCPU of the benchmark thread (one core): \(cpu)\n"
        }
    }

    /// Normalizes every `*.txt` under `directory` (recursively), then applies the rules `rounds` times to all.
    /// - Throws: `ConfigError` when the folder holds no text files.
    public static func run(directory: String, rounds: Int = 3) throws(ConfigError) -> Report {
        let fm = FileManager.default
        var articles: [ArticleResult] = []
        let files = (fm.enumerator(atPath: directory)?.compactMap { $0 as? String } ?? []).filter {
            $0.hasSuffix(".txt")
        }
        .sorted()
        let stage = NormalizeStage()
        for file in files {
            guard let data = fm.contents(atPath: directory + "/" + file),
                let items = try? stage.run(RawDocument(name: file, bytes: [UInt8](data))),
                case .success(let article)? = items.first?.outcome
            else { continue }
            articles.append(article)
        }
        guard !articles.isEmpty else { throw ConfigError("no .txt articles under \(directory)") }
        var report = Report()
        report.articles = articles.count
        report.words = articles.reduce(0) { $0 + ($1.article?.words ?? 0) }
        report.rounds = rounds
        _ = StopWords.english  // load outside the timing
        let clock = MonotonicClock()
        let cpuStart = threadCPUSeconds()
        var sink = 0
        for _ in 0..<rounds {
            for var article in articles {
                ExtractRules.apply(to: &article)
                sink &+= (article.quotes?.count ?? 0) + (article.keywords?.count ?? 0)
            }
        }
        report.seconds = Double(clock.elapsedMicros()) / 1e6
        report.cpuSeconds = threadCPUSeconds() - cpuStart
        if sink == -1 { print(sink) }
        return report
    }

    static func threadCPUSeconds() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }
}
