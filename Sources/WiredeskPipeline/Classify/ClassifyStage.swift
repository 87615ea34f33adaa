// classify: topic, tone and near-duplicates of one normalized article.
//
// Topic and tone are English models: they run when the article's one language decision (`AnalyzedText`, taken by
// `LanguageIdentifier.englishSkipReason`) says so (English, or unknown on mostly ASCII text), otherwise they are
// skipped and recorded in `skipped`. Near-duplicate detection works on any language. All three read one array of
// words, `ClassifyWords`, cut once per article from the analysis's tokens.

/// Configuration of the classify stage (`[classify]` in the TOML config).
public struct ClassifyConfig: Codable, Sendable, Equatable {
    /// `iptc` (the shipped IPTC Media Topic model, the default), `bbc` (the shipped BBC News model) or the path
    /// of a model trained with `wiredesk train topic`; nil = `iptc`.
    public var topicModel: String?
    /// Labels whose calibrated probability reaches this are listed in `topics` (0 < t ≤ 1).
    public var topicThreshold: Double = 0.3
    /// Below this confidence the topic is marked `uncertain` (0 ≤ t ≤ 1).
    public var topicMinConfidence: Double = 0.5
    /// Minimum estimated Jaccard similarity of word 3-shingles for `duplicate_of` (0 < t ≤ 1).
    public var duplicateThreshold: Double = 0.5
    /// How many recent articles' signatures are remembered (about 0.5 KB each in memory, 0.4 KB on disk).
    public var duplicateMemory: Int = 20_000
    /// Switches for the three steps.
    public var topic = true
    public var tone = true
    public var duplicates = true

    public init() {}

    enum CodingKeys: String, CodingKey {
        case topic, tone, duplicates
        case topicModel = "topic_model"
        case topicThreshold = "topic_threshold"
        case topicMinConfidence = "topic_min_confidence"
        case duplicateThreshold = "duplicate_threshold"
        case duplicateMemory = "duplicate_memory"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        topicModel = try c.decodeIfPresent(String.self, forKey: .topicModel)
        topicThreshold = try c.decodeIfPresent(Double.self, forKey: .topicThreshold) ?? topicThreshold
        topicMinConfidence = try c.decodeIfPresent(Double.self, forKey: .topicMinConfidence) ?? topicMinConfidence
        duplicateThreshold = try c.decodeIfPresent(Double.self, forKey: .duplicateThreshold) ?? duplicateThreshold
        duplicateMemory = try c.decodeIfPresent(Int.self, forKey: .duplicateMemory) ?? duplicateMemory
        topic = try c.decodeIfPresent(Bool.self, forKey: .topic) ?? topic
        tone = try c.decodeIfPresent(Bool.self, forKey: .tone) ?? tone
        duplicates = try c.decodeIfPresent(Bool.self, forKey: .duplicates) ?? duplicates
    }

    public func validate() throws(ConfigError) {
        guard topicThreshold > 0 && topicThreshold <= 1 else {
            throw ConfigError("classify.topic_threshold must be in (0, 1], got \(topicThreshold)")
        }
        guard topicMinConfidence >= 0 && topicMinConfidence <= 1 else {
            throw ConfigError("classify.topic_min_confidence must be in [0, 1], got \(topicMinConfidence)")
        }
        guard duplicateThreshold > 0 && duplicateThreshold <= 1 else {
            throw ConfigError("classify.duplicate_threshold must be in (0, 1], got \(duplicateThreshold)")
        }
        guard duplicateMemory > 0 && duplicateMemory <= 10_000_000 else {
            throw ConfigError("classify.duplicate_memory must be in 1...10000000, got \(duplicateMemory)")
        }
    }

    /// Loads the models once. With a state directory, the near-duplicate index is the one shared instance of
    /// that directory (so a reload keeps the memory and the file keeps one writer); without, it lives in memory.
    public func build(environment: PipelineEnvironment = PipelineEnvironment()) throws(ConfigError) -> ClassifyStage {
        try validate()
        var model: TopicModel?
        if topic {
            switch topicModel {
            case nil, "iptc": model = try TopicModel.loadShipped("iptc")
            case "bbc": model = try TopicModel.loadShipped("bbc")
            case let path?: model = try TopicModel.load(path: path)
            }
        }
        let tone: ToneScorer? = self.tone ? ToneScorer(lexicon: try ToneLexicon.loadShipped()) : nil
        var index: NearDuplicateIndex?
        if duplicates {
            if let directory = environment.stateDirectory {
                index = try NearDuplicateIndex.shared(directory: directory, capacity: duplicateMemory)
            } else {
                index = try NearDuplicateIndex(capacity: duplicateMemory)
            }
        }
        return ClassifyStage(config: self, topicModel: model, toneScorer: tone, duplicateIndex: index)
    }
}

/// Fills `classification`: topic (label, IPTC code, calibrated confidence, every label's probability), tone,
/// and `duplicate_of` when a near copy of the article was seen before.
public struct ClassifyStage: Stage {
    public static let name = "classify"
    public let config: ClassifyConfig
    public let topicModel: TopicModel?
    public let toneScorer: ToneScorer?
    public let duplicateIndex: NearDuplicateIndex?

    public init(
        config: ClassifyConfig = ClassifyConfig(), topicModel: TopicModel?, toneScorer: ToneScorer?,
        duplicateIndex: NearDuplicateIndex?
    ) {
        self.config = config
        self.topicModel = topicModel
        self.toneScorer = toneScorer
        self.duplicateIndex = duplicateIndex
    }

    /// Model name → version, recorded in `pipeline.models`.
    public var models: [String: String] {
        var out: [String: String] = [:]
        if let topicModel { out["topic"] = topicModel.checksum }
        if let toneScorer { out["tone"] = toneScorer.lexicon.version }
        if duplicateIndex != nil { out["near_duplicates"] = MinHash.version }
        return out
    }

    /// The result's topic for one prediction: probabilities rounded to 4 digits, `topics` = the labels at or above
    /// `topic_threshold` (most probable first), `uncertain` when the best one is below `topic_min_confidence`.
    public func topic(_ prediction: TopicPrediction, model: TopicModel) -> TopicLabel {
        var scores: [String: Double] = [:]
        for (j, label) in model.labels.enumerated() {
            scores[label] = (prediction.probabilities[j] * 10000).rounded() / 10000
        }
        let topics = model.labels.indices.filter { prediction.probabilities[$0] >= config.topicThreshold }
            .sorted { prediction.probabilities[$0] > prediction.probabilities[$1] }.map { model.labels[$0] }
        return TopicLabel(
            label: prediction.label,
            iptc: model.header.iptc[prediction.label] ?? IPTCTaxonomy.code(for: prediction.label),
            confidence: (prediction.confidence * 10000).rounded() / 10000, scores: scores, topics: topics,
            uncertain: prediction.confidence < config.topicMinConfidence)
    }

    public func run(_ input: ArticleResult) throws(StageFailure) -> ArticleResult {
        guard let article = input.article else { return input }
        var result = input
        var classification = result.classification ?? Classification()
        let english = AnalyzedText.englishSkipReason(result, article) == nil
        let needsWords = (english && (topicModel != nil || toneScorer != nil)) || duplicateIndex != nil
        // Cut once from the analysis's tokens and read by all three steps (normalize's analysis when it is still
        // current, so the text is not tokenized again).
        let words =
            needsWords ? ClassifyWords(AnalyzedText.of(result, article)) : ClassifyWords(scalars: [], tokens: [])
        if let topicModel {
            if english {
                classification.topic = topic(topicModel.predict(words), model: topicModel)
            } else {
                result.skip(
                    stage: Self.name, step: "topic", reason: "language \(article.language): the topic model is English")
            }
        }
        try ArticleDeadline.check(Self.name)
        if let toneScorer {
            if english {
                classification.tone = toneScorer.score(words)
            } else {
                result.skip(
                    stage: Self.name, step: "tone", reason: "language \(article.language): the tone lexicon is English")
            }
        }
        try ArticleDeadline.check(Self.name)
        if let duplicateIndex, let signature = MinHash.signature(words) {
            classification.duplicateOf = duplicateIndex.check(
                id: input.id, name: input.source.name, signature: signature, threshold: config.duplicateThreshold)
        }
        if classification != Classification() { result.classification = classification }
        return result
    }
}
