// Stage-by-stage throughput measurement, shared by `wiredesk bench` and the Benchmarks package.
import Foundation
import WiredeskPipeline

public enum StageBenchmark {
    public struct Report: Sendable {
        public var articles: Int
        public var bytes: Int
        /// Words (`article.words`) of every normalized article in one pass: the token count behind tokens/s.
        public var words: Int
        public var rows: [(stage: String, seconds: Double, latenciesUs: [Int])]

        public var table: String {
            var out =
                "| stage | articles/s | MB/s | tokens/s | p50 µs | p99 µs |\n| --- | ---: | ---: | ---: | ---: | ---: |\n"
            for row in rows {
                let sorted = row.latenciesUs.sorted()
                func pct(_ p: Double) -> Int {
                    sorted.isEmpty ? 0 : sorted[min(sorted.count - 1, Int(Double(sorted.count) * p))]
                }
                let aps = Double(articles) / row.seconds
                let mbps = Double(bytes) / row.seconds / 1_048_576
                let tps = Double(words) / row.seconds
                out +=
                    "| \(row.stage) | \(String(format: "%.0f", aps)) | \(String(format: "%.2f", mbps)) "
                    + "| \(String(format: "%.0f", tps)) | \(pct(0.5)) | \(pct(0.99)) |\n"
            }
            out +=
                "\n\(articles) articles, \(bytes) bytes, \(words) words per pass, single thread, fastest of the passes"
            return out
        }
    }

    /// Reads every regular file under `path` (recursively, sorted by path).
    public static func loadCorpus(_ path: String) throws -> [RawDocument] {
        guard let walker = FileManager.default.enumerator(atPath: path) else { return [] }
        var files: [String] = []
        while let next = walker.nextObject() as? String {
            var isDir: ObjCBool = false
            let full = path + "/" + next
            if FileManager.default.fileExists(atPath: full, isDirectory: &isDir), !isDir.boolValue {
                files.append(full)
            }
        }
        return files.sorted().compactMap { file in
            guard let data = FileManager.default.contents(atPath: file) else { return nil }
            return RawDocument(name: (file as NSString).lastPathComponent, bytes: [UInt8](data))
        }
    }

    /// Runs normalize on every document, then extract and classify on the normalized articles, each timed alone,
    /// then the whole pipeline. `progress` receives a one-line status.
    public static func run(pipeline: Pipeline, documents: [RawDocument], passes: Int, progress: (String) -> Void)
        -> Report
    {
        let bytes = documents.reduce(0) { $0 + $1.bytes.count }
        var normalized: [ArticleResult] = []
        var rows: [(stage: String, seconds: Double, latenciesUs: [Int])] = []

        func measure(_ name: String, _ body: () -> [Int]) {
            var best = Double.infinity
            var latencies: [Int] = []
            for pass in 1...passes {
                progress("\(name): pass \(pass)/\(passes)")
                let clock = MonotonicClock()
                let l = body()
                let seconds = Double(clock.elapsedMicros()) / 1e6
                if seconds < best {
                    best = seconds
                    latencies = l
                }
            }
            rows.append((name, best, latencies))
        }

        measure("normalize") {
            normalized = []
            var latencies: [Int] = []
            for doc in documents {
                let t = MonotonicClock()
                let items = (try? pipeline.normalize.run(doc)) ?? []
                latencies.append(t.elapsedMicros())
                for item in items { if case .success(let a) = item.outcome { normalized.append(a) } }
            }
            return latencies
        }
        if let extract = pipeline.extract {
            measure("extract") {
                normalized.map { article in
                    let t = MonotonicClock()
                    _ = try? extract.run(article)
                    return t.elapsedMicros()
                }
            }
        }
        if let classify = pipeline.classify {
            let extracted = normalized.map { (try? pipeline.extract?.run($0)) ?? $0 }
            measure("classify") {
                extracted.map { article in
                    let t = MonotonicClock()
                    _ = try? classify.run(article)
                    return t.elapsedMicros()
                }
            }
        }
        measure("pipeline") {
            documents.map { doc in
                let t = MonotonicClock()
                _ = pipeline.process(doc)
                return t.elapsedMicros()
            }
        }
        let words = normalized.reduce(0) { $0 + ($1.article?.words ?? 0) }
        return Report(articles: documents.count, bytes: bytes, words: words, rows: rows)
    }
}
