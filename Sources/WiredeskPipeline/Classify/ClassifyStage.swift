// classify: topic, tone, near-duplicates. Filled in by issue #5.

/// Configuration of the classify stage (`[classify]` in the TOML config).
public struct ClassifyConfig: Codable, Sendable, Equatable {
    public init() {}

    public func build(environment: PipelineEnvironment = PipelineEnvironment()) throws(ConfigError) -> ClassifyStage {
        ClassifyStage(config: self)
    }
}

public struct ClassifyStage: Stage {
    public static let name = "classify"
    public let config: ClassifyConfig

    public init(config: ClassifyConfig = ClassifyConfig()) {
        self.config = config
    }

    /// Model name → version, recorded in `pipeline.models`.
    public var models: [String: String] { [:] }

    public func run(_ input: ArticleResult) throws(StageFailure) -> ArticleResult {
        input
    }
}
