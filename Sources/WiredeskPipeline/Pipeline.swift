// The stage chain, assembled in one place:
//
//   RawDocument ──normalize──▶ [ArticleResult | failed line] ──extract──▶ ArticleResult ──classify──▶ ArticleResult
//                  (decode, structure,      (one per article; a JSON Lines    (entities, quotes,         (topic, tone,
//                   language)                batch gives several)              dates, keywords)           near-duplicates)
//
// Each stage is timed into `pipeline.timings_us`. The pipeline is a value shared by all workers; it holds no
// mutable state of its own (stages that keep state, such as the near-duplicate index, synchronise internally).
import Foundation
import Synchronization

/// A configuration problem, reported by `check-config` and at start-up.
public struct ConfigError: Error, Sendable, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}

/// Settings of the whole pipeline: one section per stage.
public struct PipelineConfig: Codable, Sendable, Equatable {
    public var normalize = NormalizeConfig()
    public var extract = ExtractConfig()
    public var classify = ClassifyConfig()
    /// Which of `extract` and `classify` run (normalize always runs, except in the benchmark floor mode).
    /// `["none"]` switches all three off: results carry only `id` and `source` (benchmarks of pure I/O).
    public var stages: [String] = ["normalize", "extract", "classify"]
    /// Time budget of one input file in seconds (`[pipeline] article_timeout_s`; 0 = none). Past it the stage that
    /// is running stops at its next check and the file fails with `timeout` (see `ArticleDeadline`).
    public var articleTimeoutSeconds = 120.0

    public init() {}

    enum CodingKeys: String, CodingKey {
        case normalize, extract, classify, stages
        case articleTimeoutSeconds = "article_timeout_s"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        normalize = try c.decodeIfPresent(NormalizeConfig.self, forKey: .normalize) ?? normalize
        extract = try c.decodeIfPresent(ExtractConfig.self, forKey: .extract) ?? extract
        classify = try c.decodeIfPresent(ClassifyConfig.self, forKey: .classify) ?? classify
        stages = try c.decodeIfPresent([String].self, forKey: .stages) ?? stages
        articleTimeoutSeconds =
            try c.decodeIfPresent(Double.self, forKey: .articleTimeoutSeconds) ?? articleTimeoutSeconds
    }

    public func validate() throws(ConfigError) {
        let known: Set<String> = ["normalize", "extract", "classify", "none"]
        for stage in stages where !known.contains(stage) {
            throw ConfigError("pipeline.stages: unknown stage \"\(stage)\" (known: normalize, extract, classify, none)")
        }
        guard articleTimeoutSeconds >= 0, articleTimeoutSeconds.isFinite else {
            throw ConfigError("pipeline.article_timeout_s must be 0 (no limit) or a positive number of seconds")
        }
        try normalize.validate()
    }
}

/// Where stages find their models and keep their state.
public struct PipelineEnvironment: Sendable {
    /// Directory for state that must survive restarts (e.g. near-duplicate signatures); nil = keep in memory.
    public var stateDirectory: String?

    public init(stateDirectory: String? = nil) {
        self.stateDirectory = stateDirectory
    }
}

/// What became of one article of an input file.
public struct PipelineOutcome: Sendable {
    /// 1-based line number within a JSON Lines batch; nil for a single-article file.
    public var line: Int?
    public var result: Result<ArticleResult, StageFailure>
    /// The bytes of a failed batch line (quarantined on their own).
    public var rawBytes: ArraySlice<UInt8>?
    /// Stage name → microseconds, for logging.
    public var timingsUs: [(stage: String, micros: Int)]
}

/// normalize → extract → classify, built from a `PipelineConfig`.
public struct Pipeline: Sendable {
    public let config: PipelineConfig
    public let normalize: NormalizeStage
    public let extract: ExtractStage?
    public let classify: ClassifyStage?
    let floorMode: Bool
    /// Test hook (`WIREDESK_TEST_HANG_ON=substring`): an article whose name contains it blocks forever in a
    /// `hang` step, so tests can prove the watchdog notices a wedged pipeline.
    let hangOn: String?
    /// Test hook (`WIREDESK_TEST_CRASH_ON=substring`): an article whose name contains it kills the process
    /// (SIGABRT), so tests can prove a poison pill is quarantined as `crashed` instead of crash-looping.
    let crashOn: String?

    public init(config: PipelineConfig = PipelineConfig(), environment: PipelineEnvironment = PipelineEnvironment())
        throws(ConfigError)
    {
        try config.validate()
        self.config = config
        self.normalize = try config.normalize.build()
        self.floorMode = config.stages == ["none"]
        // The extract models (gazetteer, word clusters, NER), the classify models (topic, tone lexicon) and the
        // rules' POS tagger are independent: load them side by side, which takes start-up from their sum towards
        // their maximum. The POS model loads here rather than on the first article, so that READY means loaded.
        let wantExtract = config.stages.contains("extract")
        let wantClassify = config.stages.contains("classify")
        let built = Mutex<(extract: Result<ExtractStage?, ConfigError>, classify: Result<ClassifyStage?, ConfigError>)>(
            (.success(nil), .success(nil)))
        DispatchQueue.concurrentPerform(iterations: 3) { part in
            if part == 0, wantExtract {
                let stage = Result { () throws(ConfigError) -> ExtractStage? in try config.extract.build() }
                built.withLock { $0.extract = stage }
            } else if part == 1, wantClassify {
                let stage = Result { () throws(ConfigError) -> ClassifyStage? in
                    try config.classify.build(environment: environment)
                }
                built.withLock { $0.classify = stage }
            } else if part == 2, wantExtract {
                _ = POSModel.shipped
            }
        }
        let (extract, classify) = built.withLock { $0 }
        self.extract = try extract.get()
        self.classify = try classify.get()
        let hang = ProcessInfo.processInfo.environment["WIREDESK_TEST_HANG_ON"]
        self.hangOn = (hang?.isEmpty ?? true) ? nil : hang
        let crash = ProcessInfo.processInfo.environment["WIREDESK_TEST_CRASH_ON"]
        self.crashOn = (crash?.isEmpty ?? true) ? nil : crash
    }

    /// Model name → version, recorded in every result's `pipeline.models`.
    public var models: [String: String] {
        var all: [String: String] = [:]
        if let extract { all.merge(extract.models) { a, _ in a } }
        if let classify { all.merge(classify.models) { a, _ in a } }
        return all
    }

    /// Runs every stage on one input. Never throws: failures are outcomes.
    /// - Parameter deadline: the input's time budget (default: `article_timeout_s` from now). A stage that runs
    ///   past it fails with `timeout`.
    public func process(_ raw: RawDocument, deadline: ArticleDeadline? = nil) -> [PipelineOutcome] {
        var all: [PipelineOutcome] = []
        process(raw, deadline: deadline) { outcome in
            all.append(outcome)
            return true
        }
        return all
    }

    /// `process` one outcome at a time, in input order: each line of a JSON Lines batch goes through every stage
    /// and to `body` before the next line is parsed, so memory holds one line's analysis, not the batch's.
    /// `body` returns false to stop (the rest of the input is not analysed).
    public func process(
        _ raw: RawDocument, deadline: ArticleDeadline? = nil, each body: (PipelineOutcome) -> Bool
    ) {
        let deadline = deadline ?? ArticleDeadline(seconds: config.articleTimeoutSeconds)
        ArticleDeadline.$current.withValue(deadline) { run(raw, body) }
    }

    private func run(_ raw: RawDocument, _ body: (PipelineOutcome) -> Bool) {
        if let hangOn, raw.name.contains(hangOn) {
            while true { sleep(3600) }
        }
        if let crashOn, raw.name.contains(crashOn) { abort() }
        if floorMode {
            let source = SourceInfo(name: raw.name, bytes: raw.bytes.count, receivedAt: raw.receivedAtISO)
            let result = ArticleResult(id: NormalizeStage.sha256Hex(raw.bytes), source: source)
            _ = body(PipelineOutcome(line: nil, result: .success(result), rawBytes: nil, timingsUs: []))
            return
        }
        let modelVersions = models
        // An item's normalize time is the time since the previous item was handed on (the decode and format
        // detection of a batch are charged to its first line).
        var clock = MonotonicClock()
        do {
            try normalize.forEachItem(raw) { item in
                let normalizeMicros = clock.elapsedMicros()
                let outcome = analyse(item, normalizeMicros: normalizeMicros, modelVersions: modelVersions)
                let goOn = body(outcome)
                clock = MonotonicClock()
                return goOn
            }
        } catch {
            let micros = clock.elapsedMicros()
            _ = body(
                PipelineOutcome(line: nil, result: .failure(error), rawBytes: nil, timingsUs: [("normalize", micros)]))
        }
    }

    /// Extract and classify for one normalized item.
    private func analyse(_ item: NormalizedItem, normalizeMicros: Int, modelVersions: [String: String])
        -> PipelineOutcome
    {
        var timings: [(stage: String, micros: Int)] = [("normalize", normalizeMicros)]
        switch item.outcome {
        case .failure(let failure):
            return PipelineOutcome(
                line: item.line, result: .failure(failure), rawBytes: item.rawBytes, timingsUs: timings)
        case .success(var article):
            article.pipeline.timingsUs["normalize"] = normalizeMicros
            article.pipeline.models = modelVersions
            do throws(StageFailure) {
                if item.line != nil { ArticleDeadline.current?.restart() }
                try ArticleDeadline.check(NormalizeStage.name)
                if let extract {
                    let t = MonotonicClock()
                    article = try extract.run(article)
                    let us = t.elapsedMicros()
                    article.pipeline.timingsUs["extract"] = us
                    timings.append(("extract", us))
                }
                if let classify {
                    try ArticleDeadline.check(ExtractStage.name)
                    let t = MonotonicClock()
                    article = try classify.run(article)
                    let us = t.elapsedMicros()
                    article.pipeline.timingsUs["classify"] = us
                    timings.append(("classify", us))
                }
            } catch {
                return PipelineOutcome(
                    line: item.line, result: .failure(error), rawBytes: item.rawBytes, timingsUs: timings)
            }
            // The stages are done with the analysis; the result waits for its commit without it.
            article.analysis = nil
            return PipelineOutcome(
                line: item.line, result: .success(article), rawBytes: item.rawBytes, timingsUs: timings)
        }
    }
}

/// Microsecond stopwatch over `CLOCK_MONOTONIC`.
public struct MonotonicClock: Sendable {
    let start: UInt64

    public init() { start = Self.nowNanos() }

    public static func nowNanos() -> UInt64 {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return UInt64(ts.tv_sec) * 1_000_000_000 + UInt64(ts.tv_nsec)
    }

    public func elapsedMicros() -> Int { Int((Self.nowNanos() - start) / 1000) }
}
