// Entity extraction timed alone, for `wiredesk eval ner --benchmark`.
import WiredeskPipeline

/// Throughput of entity extraction alone (tokenize + tag + group + resolve) over article files.
public enum EntityBenchmark {
    public struct Report: Sendable {
        public var articles = 0
        public var tokens = 0
        public var entities = 0
        /// CPU seconds of the extracting thread (normalization and file reading excluded).
        public var seconds = 0.0
        public var articlesPerSecond: Double { seconds > 0 ? Double(articles) / seconds : 0 }
        public var tokensPerSecond: Double { seconds > 0 ? Double(tokens) / seconds : 0 }
    }

    /// Normalizes each file with `normalize`, then times `extractor.entities(in:)` on it.
    public static func run(files: [String], normalize: NormalizeStage, extractor: EntityExtractor) -> Report {
        var report = Report()
        let tokenizer = Tokenizer()
        for path in files {
            guard let bytes = FileIO.read(path),
                let items = try? normalize.run(RawDocument(name: path, bytes: bytes))
            else { continue }
            for item in items {
                guard case .success(let result) = item.outcome, let article = result.article else { continue }
                let clock = ThreadCPUClock()
                let entities = extractor.entities(in: article)
                report.seconds += clock.elapsedSeconds()
                report.articles += 1
                report.entities += entities.count
                report.tokens += tokenizer.tokenize(article.text).count
            }
        }
        return report
    }
}
