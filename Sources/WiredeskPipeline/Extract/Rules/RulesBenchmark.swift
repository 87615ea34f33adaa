// Times `ExtractRules.apply` alone (no NER, no I/O, no normalize in the timed part) over a folder of articles.
import Foundation

public enum RulesBenchmark {
    public struct Report: Sendable {
        public var articles = 0
        public var words = 0
        public var rounds = 0
        public var seconds = 0.0

        public var table: String {
            let runs = Double(articles * rounds)
            return String(
                format:
                    "ExtractRules alone: %d articles x %d rounds, %.3f s\n%.0f articles/s, %.0f words/s (one core)\n",
                articles, rounds, seconds, runs / seconds, Double(words * rounds) / seconds)
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
        var sink = 0
        for _ in 0..<rounds {
            for var article in articles {
                ExtractRules.apply(to: &article)
                sink &+= (article.quotes?.count ?? 0) + (article.keywords?.count ?? 0)
            }
        }
        report.seconds = Double(clock.elapsedMicros()) / 1e6
        if sink == -1 { print(sink) }
        return report
    }
}
