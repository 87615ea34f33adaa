// classify: topic, tone and near-duplicates of one normalized article.
//
// Topic and tone are English models: for an article whose language is known and not English they are skipped
// (recorded in `skipped`); `und` (unknown) is treated as English, since the language detector abstains mostly
// on short or mixed texts. Near-duplicate detection works on any language.

/// Configuration of the classify stage (`[classify]` in the TOML config).
public struct ClassifyConfig: Codable, Sendable, Equatable {
    /// Path of a topic model trained with `wiredesk train topic`; nil = the shipped BBC model.
    public var topicModel: String?
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
        case duplicateThreshold = "duplicate_threshold"
        case duplicateMemory = "duplicate_memory"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        topicModel = try c.decodeIfPresent(String.self, forKey: .topicModel)
        duplicateThreshold = try c.decodeIfPresent(Double.self, forKey: .duplicateThreshold) ?? duplicateThreshold
        duplicateMemory = try c.decodeIfPresent(Int.self, forKey: .duplicateMemory) ?? duplicateMemory
        topic = try c.decodeIfPresent(Bool.self, forKey: .topic) ?? topic
        tone = try c.decodeIfPresent(Bool.self, forKey: .tone) ?? tone
        duplicates = try c.decodeIfPresent(Bool.self, forKey: .duplicates) ?? duplicates
    }

    public func validate() throws(ConfigError) {
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
            if let topicModel {
                model = try TopicModel.load(path: topicModel)
            } else {
                model = try TopicModel.loadShipped()
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
        if duplicateIndex != nil { out["near_duplicates"] = "minhash-\(MinHash.count)x\(MinHash.shingleWords)w" }
        return out
    }

    public func run(_ input: ArticleResult) throws(StageFailure) -> ArticleResult {
        guard let article = input.article else { return input }
        var result = input
        var classification = result.classification ?? Classification()
        let english = article.language == "en" || article.language == "und"
        if let topicModel {
            if english {
                let prediction = topicModel.predict(article.text)
                var scores: [String: Double] = [:]
                for (j, label) in topicModel.labels.enumerated() {
                    scores[label] = (prediction.probabilities[j] * 10000).rounded() / 10000
                }
                classification.topic = TopicLabel(
                    label: prediction.label, iptc: topicModel.header.iptc[prediction.label],
                    confidence: (prediction.confidence * 10000).rounded() / 10000, scores: scores)
            } else {
                result.skip(
                    stage: Self.name, step: "topic", reason: "language \(article.language): the topic model is English")
            }
        }
        try ArticleDeadline.check(Self.name)
        if let toneScorer {
            if english {
                classification.tone = toneScorer.score(article.text)
            } else {
                result.skip(
                    stage: Self.name, step: "tone", reason: "language \(article.language): the tone lexicon is English")
            }
        }
        try ArticleDeadline.check(Self.name)
        if let duplicateIndex, let signature = MinHash.signature(article.text) {
            classification.duplicateOf = duplicateIndex.check(
                id: input.id, name: input.source.name, signature: signature, threshold: config.duplicateThreshold)
        }
        if classification != Classification() { result.classification = classification }
        return result
    }
}
