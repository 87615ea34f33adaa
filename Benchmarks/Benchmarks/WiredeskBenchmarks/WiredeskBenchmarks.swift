// Micro benchmarks: each stage alone, the whole pipeline, and result encoding, one article per iteration, so every
// metric the harness prints (wall clock p50/p99, throughput, mallocs) is per article.
//
// The stages are measured on whatever the build contains: a stage switched off in the default configuration (or not
// built yet) is simply not benchmarked. Extract and classify run on articles normalized once up front, as in
// `StageBenchmark` (`wiredesk bench`), so each row measures one stage alone.
import Benchmark
import Foundation
import WiredeskLab
import WiredeskPipeline

/// The articles to measure: `$WIREDESK_BENCH_CORPUS`, else the shared BBC corpus beside the repository, else the
/// small fixtures written for this package.
enum BenchCorpus {
    static let documents: [RawDocument] = {
        let here = URL(fileURLWithPath: #filePath)  // Benchmarks/Benchmarks/WiredeskBenchmarks/<this file>
        let packageDir = here.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let repoDir = packageDir.deletingLastPathComponent()
        var candidates: [String] = []
        if let env = ProcessInfo.processInfo.environment["WIREDESK_BENCH_CORPUS"], !env.isEmpty {
            candidates.append(env)
        }
        candidates.append(repoDir.deletingLastPathComponent().appendingPathComponent("shared/corpora/bbc-train").path)
        candidates.append(packageDir.appendingPathComponent("Fixtures").path)
        for path in candidates {
            let docs = ((try? StageBenchmark.loadCorpus(path)) ?? []).filter { !$0.name.hasSuffix(".md") }
            if !docs.isEmpty {
                FileHandle.standardError.write(Data("corpus: \(path) (\(docs.count) articles)\n".utf8))
                return docs
            }
        }
        fatalError("no articles found in \(candidates)")
    }()
}

/// Hands out the corpus round-robin, one article per benchmark iteration. The harness runs one benchmark at a time
/// on one thread, so the plain counter is safe.
final class Cycle<Element>: @unchecked Sendable {
    private let items: [Element]
    private var index = 0

    init(_ items: [Element]) {
        precondition(!items.isEmpty, "nothing to cycle through")
        self.items = items
    }

    func next() -> Element {
        defer { index = (index + 1) % items.count }
        return items[index]
    }
}

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .throughput, .mallocCountTotal, .peakMemoryResident],
        timeUnits: .microseconds,
        warmupIterations: 20,
        scalingFactor: .one,
        maxDuration: .seconds(5),
        maxIterations: 20_000
    )

    let pipeline: Pipeline
    do {
        pipeline = try Pipeline(config: PipelineConfig())
    } catch {
        fatalError("cannot build the pipeline: \(error)")
    }
    let documents = BenchCorpus.documents
    let normalized: [ArticleResult] = documents.flatMap { doc in
        ((try? pipeline.normalize.run(doc)) ?? []).compactMap { try? $0.outcome.get() }
    }
    let extracted: [ArticleResult] = normalized.map { (try? pipeline.extract?.run($0)) ?? $0 }
    let finished: [ArticleResult] = extracted.map { (try? pipeline.classify?.run($0)) ?? $0 }

    let rawCycle = Cycle(documents)
    Benchmark("normalize (per article)") { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(try? pipeline.normalize.run(rawCycle.next()))
        }
    }

    if let extract = pipeline.extract, !normalized.isEmpty {
        let cycle = Cycle(normalized)
        Benchmark("extract (per article)") { benchmark in
            for _ in benchmark.scaledIterations {
                blackHole(try? extract.run(cycle.next()))
            }
        }
    }

    if let classify = pipeline.classify, !extracted.isEmpty {
        let cycle = Cycle(extracted)
        Benchmark("classify (per article)") { benchmark in
            for _ in benchmark.scaledIterations {
                blackHole(try? classify.run(cycle.next()))
            }
        }
    }

    if !finished.isEmpty {
        let cycle = Cycle(finished)
        Benchmark("ResultJSON.encode (per article)") { benchmark in
            for _ in benchmark.scaledIterations {
                blackHole(ResultJSON.encode(cycle.next()))
            }
        }
    }

    let pipelineCycle = Cycle(documents)
    Benchmark("pipeline (per article)") { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(pipeline.process(pipelineCycle.next()))
        }
    }

    // What a worker does in process: the pipeline plus encoding the result it commits.
    let workerCycle = Cycle(documents)
    Benchmark("pipeline + encode (per article)") { benchmark in
        for _ in benchmark.scaledIterations {
            for outcome in pipeline.process(workerCycle.next()) {
                if case .success(let result) = outcome.result { blackHole(ResultJSON.encode(result)) }
            }
        }
    }
}
