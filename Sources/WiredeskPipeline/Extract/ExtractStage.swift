// extract: who, where, who said what, when, what it is about. Filled in by issue #7.

/// Configuration of the extract stage (`[extract]` in the TOML config).
public struct ExtractConfig: Codable, Sendable, Equatable {
    public init() {}

    public func build() throws(ConfigError) -> ExtractStage {
        ExtractStage(config: self)
    }
}

public struct ExtractStage: Stage {
    public static let name = "extract"
    public let config: ExtractConfig

    public init(config: ExtractConfig = ExtractConfig()) {
        self.config = config
    }

    /// Model name → version, recorded in `pipeline.models`.
    public var models: [String: String] { [:] }

    public func run(_ input: ArticleResult) throws(StageFailure) -> ArticleResult {
        input
    }
}
