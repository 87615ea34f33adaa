// extract: who, where, who said what, when, what it is about (issue #7).
//
// This file wires the named-entity part (NER → grouping → gazetteer, over normalize's `AnalyzedText`) into the
// stage; quotes, dates, amounts, keywords and the summary are added by `ExtractRules` after the entities are known.
import Synchronization

/// Configuration of the extract stage (`[extract]` in the TOML config).
public struct ExtractConfig: Codable, Sendable, Equatable {
    /// Path of an NER model file to use instead of the shipped `ner.model`.
    public var nerModel: String?
    /// Path of a gazetteer (binary layout or TSV) to use instead of the shipped `gazetteer.bin`.
    public var gazetteer: String?
    /// Path of a word-cluster TSV to use instead of the shipped `word-clusters.tsv`.
    public var wordClusters: String?

    public init(nerModel: String? = nil, gazetteer: String? = nil, wordClusters: String? = nil) {
        self.nerModel = nerModel
        self.gazetteer = gazetteer
        self.wordClusters = wordClusters
    }

    enum CodingKeys: String, CodingKey {
        case nerModel = "ner_model"
        case gazetteer
        case wordClusters = "word_clusters"
    }

    /// Loads the models (once) and returns the stage.
    /// - Throws: `ConfigError` naming the file that is missing or malformed.
    public func build() throws(ConfigError) -> ExtractStage {
        // The shipped files never change while the process runs: load them once per process, however many
        // pipelines are built (tests and config reloads build several). Configured paths are always re-read.
        if self == ExtractConfig() {
            let loaded = try Self.shipped.withLock { cached throws(ConfigError) -> LoadedModels in
                if let cached { return cached }
                let models = try load()
                cached = models
                return models
            }
            return ExtractStage(config: self, extractor: loaded.extractor, nerVersion: loaded.version)
        }
        let loaded = try load()
        return ExtractStage(config: self, extractor: loaded.extractor, nerVersion: loaded.version)
    }

    struct LoadedModels: Sendable {
        var extractor: EntityExtractor
        var version: String
    }

    private static let shipped = Mutex<LoadedModels?>(nil)

    private func load() throws(ConfigError) -> LoadedModels {
        let gazetteer = try Gazetteer.load(path: gazetteer)
        let clusters = try WordClusters.load(path: wordClusters)
        let modelBytes = try FileIO.configuredOrShipped(
            nerModel, shipped: NERModel.fileName, what: "extract.ner_model")
        let model = try NERModel(bytes: modelBytes, gazetteer: gazetteer, clusters: clusters)
        let version = String(NormalizeStage.sha256Hex(modelBytes).prefix(12))
        return LoadedModels(extractor: EntityExtractor(model: model, gazetteer: gazetteer), version: version)
    }
}

public struct ExtractStage: Stage {
    public static let name = "extract"
    public let config: ExtractConfig
    public let extractor: EntityExtractor
    let nerVersion: String

    init(config: ExtractConfig, extractor: EntityExtractor, nerVersion: String) {
        self.config = config
        self.extractor = extractor
        self.nerVersion = nerVersion
    }

    /// Model name → version (first 12 hex digits of the model file's SHA-256), recorded in `pipeline.models`.
    public var models: [String: String] {
        var models = ["ner": nerVersion]
        models["pos"] = POSModel.shippedVersion
        return models
    }

    /// Why entity extraction cannot run on this article, or nil when it can: the one language decision every
    /// English-only step shares (`LanguageIdentifier.englishSkipReason`).
    public static func skipReason(_ article: ArticleBody) -> String? {
        LanguageIdentifier.englishSkipReason(article)
    }

    public func run(_ input: ArticleResult) throws(StageFailure) -> ArticleResult {
        var result = input
        guard let article = result.article else { return result }
        // Normalize's analysis; built here when the stage runs alone on a result that has none.
        let analysis = AnalyzedText.of(result, article)
        if let reason = analysis.englishSkipReason {
            result.skip(stage: Self.name, step: "entities", reason: reason)
        } else {
            result.entities = extractor.entities(in: analysis)
        }
        try ArticleDeadline.check(Self.name)
        // Quotes need the entities to name their speakers; dates, amounts, keywords and summary follow.
        ExtractRules.apply(to: &result, analysis: analysis)
        return result
    }
}
