// normalize: raw bytes → one clean, structured document (or several, for a JSON Lines batch).
// The minimal version: UTF-8 only, headline = first non-empty line, paragraphs split on blank lines.
import Crypto
import Foundation

/// Configuration of the normalize stage (`[normalize]` in the TOML config).
public struct NormalizeConfig: Codable, Sendable, Equatable {
    /// Files larger than this fail with `too_large` before they are read.
    public var maxBytes: Int = 10 * 1024 * 1024

    public init() {}

    enum CodingKeys: String, CodingKey { case maxBytes = "max_bytes" }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        maxBytes = try c.decodeIfPresent(Int.self, forKey: .maxBytes) ?? maxBytes
    }

    public func validate() throws(ConfigError) {
        guard maxBytes > 0 else { throw ConfigError("normalize.max_bytes must be positive") }
    }

    public func build() throws(ConfigError) -> NormalizeStage {
        try validate()
        return NormalizeStage(config: self)
    }
}

/// One article (or one failed line) produced by normalize.
public struct NormalizedItem: Sendable {
    /// 1-based line number for JSON Lines batches; nil for single-article files.
    public var line: Int?
    public var outcome: Result<ArticleResult, StageFailure>
    /// The bytes this item came from (the line, for a batch), kept so a failed line can be quarantined alone.
    public var rawBytes: ArraySlice<UInt8>?

    public init(line: Int?, outcome: Result<ArticleResult, StageFailure>, rawBytes: ArraySlice<UInt8>? = nil) {
        self.line = line
        self.outcome = outcome
        self.rawBytes = rawBytes
    }
}

public struct NormalizeStage: Stage {
    public static let name = "normalize"
    public let config: NormalizeConfig

    public init(config: NormalizeConfig = NormalizeConfig()) {
        self.config = config
    }

    public func run(_ input: RawDocument) throws(StageFailure) -> [NormalizedItem] {
        guard input.bytes.count <= config.maxBytes else {
            throw StageFailure(stage: Self.name, code: "too_large", message: "file is \(input.bytes.count) bytes; the limit is \(config.maxBytes)")
        }
        if input.bytes.contains(0) {
            throw StageFailure(stage: Self.name, code: "binary", message: "file contains NUL bytes")
        }
        let text = String(decoding: input.bytes, as: UTF8.self)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map {
            $0.trimmingCharacters(in: .whitespaces)
        }
        var paragraphs: [String] = []
        var current: [String] = []
        for line in lines {
            if line.isEmpty {
                if !current.isEmpty { paragraphs.append(current.joined(separator: " ")) }
                current = []
            } else {
                current.append(line)
            }
        }
        if !current.isEmpty { paragraphs.append(current.joined(separator: " ")) }
        guard let first = paragraphs.first else {
            throw StageFailure(stage: Self.name, code: "empty", message: "the file holds no text")
        }
        var source = SourceInfo(name: input.name, bytes: input.bytes.count, format: "text", receivedAt: input.receivedAtISO)
        source.charset = CharsetInfo(name: "UTF-8", confidence: 1, method: "utf8")
        var result = ArticleResult(id: Self.sha256Hex(input.bytes), source: source)
        let full = paragraphs.joined(separator: "\n\n")
        var ranges: [TextRange] = []
        var offset = 0
        for p in paragraphs {
            let n = p.unicodeScalars.count
            ranges.append(TextRange(offset, offset + n))
            offset += n + 2
        }
        let headlineRange = ranges.removeFirst()
        var body = ArticleBody(headline: first, text: full, headlineRange: headlineRange, paragraphs: ranges)
        body.words = full.split(whereSeparator: { $0.isWhitespace }).count
        result.article = body
        return [NormalizedItem(line: nil, outcome: .success(result))]
    }

    /// Lower-case hex SHA-256, the article id.
    public static func sha256Hex<D: DataProtocol>(_ bytes: D) -> String {
        let digest = SHA256.hash(data: bytes)
        let hex = Array("0123456789abcdef".utf8)
        var out = [UInt8]()
        out.reserveCapacity(64)
        for byte in digest {
            out.append(hex[Int(byte >> 4)])
            out.append(hex[Int(byte & 0x0f)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
