// The NER tagger: an averaged perceptron over hashed features, decoded greedily left to right in BIO with the two
// previous predicted tags as features and BIO constraints (no `I-X` after anything but `B-X`/`I-X`).
//
// Model file (`ner.model`, little-endian):
//   "WDNER002"  magic
//   UInt32 bits, UInt32 tags, UInt32 featureVersion, UInt32 stages
//   per stage: UInt32 rows, rows × UInt32 row index (ascending), rows × tags × Float16 weight
// Only rows with a weight are stored; rows whose weights are all below 1e-4 in magnitude are dropped. Loading expands them
// into a dense Float32 table (2^bits × tags) so tagging is one indexed add per feature and tag.
import CPrefetchShim
import Foundation

/// A span of tokens `[start, end)` with an entity type (`PER`, `ORG`, `LOC`, `MISC`).
public struct TokenSpan: Sendable, Equatable, Hashable {
    public var start: Int
    public var end: Int
    public var type: String

    public init(start: Int, end: Int, type: String) {
        self.start = start
        self.end = end
        self.type = type
    }
}

/// Reads a whole file (nil when it cannot be read).
package enum FileIO {
    package static func read(_ path: String) -> [UInt8]? {
        FileManager.default.contents(atPath: path).map { [UInt8]($0) }
    }

    /// The file at `path` when one is configured, else the shipped file `shipped` (see `ModelStore`).
    /// - Throws: `ConfigError` naming `what` and the file.
    package static func configuredOrShipped(_ path: String?, shipped: String, what: String) throws(ConfigError)
        -> [UInt8]
    {
        guard let path else { return try ModelStore.load(shipped) }
        guard let bytes = read(path) else { throw ConfigError("\(what) \(path) cannot be read") }
        return bytes
    }
}

/// One sentence of a document to tag: tokens over a scalar array (several sentences may share one array).
public struct DocumentSentence: Sendable {
    public var scalars: [Unicode.Scalar]
    public var tokens: ArraySlice<Token>
    /// Title-case headlines are left out of the document's case evidence.
    public var isHeadline: Bool

    public init(scalars: [Unicode.Scalar], tokens: ArraySlice<Token>, isHeadline: Bool = false) {
        self.scalars = scalars
        self.tokens = tokens
        self.isHeadline = isHeadline
    }
}

/// Trained weights plus the featurizer that indexes them. Immutable and shared by all workers.
///
/// Two stages: the first tags every sentence of a document; the second sees the first's tags and, for each word,
/// how the first stage tagged it elsewhere in the document (stacking, trained on jackknifed first-stage output).
public final class NERModel: Sendable {
    public static let fileName = "ner.model"
    static let magic = Array("WDNER002".utf8)

    public let bits: Int
    let mask: UInt64
    /// Each stage's dense weight table (2^bits rows × tags), on huge pages where the kernel gives them.
    let stage1: HugePageBuffer<Float>
    let stage2: HugePageBuffer<Float>?
    public let featurizer: NERFeaturizer
    /// Weight rows stored in the file (a measure of the model's size).
    public let storedRows: Int

    package convenience init(
        bits: Int, stage1: [Float], stage2: [Float]?, featurizer: NERFeaturizer, storedRows: Int = 0
    ) {
        self.init(
            bits: bits, stage1: HugePageBuffer(stage1), stage2: stage2.map { HugePageBuffer($0) },
            featurizer: featurizer, storedRows: storedRows)
    }

    init(
        bits: Int, stage1: HugePageBuffer<Float>, stage2: HugePageBuffer<Float>?, featurizer: NERFeaturizer,
        storedRows: Int
    ) {
        self.bits = bits
        self.mask = (UInt64(1) << UInt64(bits)) - 1
        self.stage1 = stage1
        self.stage2 = stage2
        self.featurizer = featurizer
        self.storedRows = storedRows
    }

    /// Parses a model file.
    /// - Throws: `ConfigError` when the bytes are not a model of this version.
    public convenience init(bytes: [UInt8], gazetteer: Gazetteer?, clusters: WordClusters?) throws(ConfigError) {
        var reader = ByteReader(bytes: bytes)
        guard bytes.count >= 24, Array(bytes[0..<8]) == Self.magic else {
            throw ConfigError("not a Wiredesk NER model of this version (bad magic)")
        }
        reader.offset = 8
        let bits = Int(reader.u32())
        let tags = Int(reader.u32())
        let version = reader.u32()
        let stageCount = Int(reader.u32())
        guard tags == NERTags.count, NERFeaturizer.supportedVersions.contains(version), bits >= 10, bits <= 26,
            stageCount == 1 || stageCount == 2
        else {
            throw ConfigError(
                "NER model has tags=\(tags) featureVersion=\(version) bits=\(bits) stages=\(stageCount); this build expects tags=\(NERTags.count) featureVersion \(NERFeaturizer.supportedVersions)"
            )
        }
        var stages: [HugePageBuffer<Float>] = []
        var stored = 0
        for _ in 0..<stageCount {
            guard reader.offset + 4 <= bytes.count else { throw ConfigError("NER model is truncated") }
            let rows = Int(reader.u32())
            guard reader.offset + rows * 4 + rows * tags * 2 <= bytes.count else {
                throw ConfigError("NER model is truncated: \(bytes.count) bytes")
            }
            var indices = [Int](repeating: 0, count: rows)
            for r in 0..<rows { indices[r] = Int(reader.u32()) }
            let count = (1 << bits) * tags
            guard indices.allSatisfy({ $0 * tags + tags <= count }) else {
                throw ConfigError("NER model row index out of range")
            }
            stages.append(
                HugePageBuffer(zeroedCount: count) { weights in
                    Self.halfToFloat.withUnsafeBufferPointer { half in
                        for r in 0..<rows {
                            let base = indices[r] * tags
                            for t in 0..<tags { weights[base + t] = half[Int(reader.u16())] }
                        }
                    }
                })
            stored += rows
        }
        guard reader.offset == bytes.count else { throw ConfigError("NER model has trailing bytes") }
        self.init(
            bits: bits, stage1: stages[0], stage2: stages.count > 1 ? stages[1] : nil,
            featurizer: NERFeaturizer(gazetteer: gazetteer, clusters: clusters, version: version), storedRows: stored)
    }

    /// Every Float16 bit pattern as a Float: a table read instead of a call into the runtime's conversion
    /// (`__extendhfsf2`) per stored weight, 2.3 M of them for the shipped model.
    static let halfToFloat: [Float] = (0...0xFFFF).map { Float(Float16(bitPattern: UInt16($0))) }

    /// Serializes the stages' weights as Float16 (rows whose weights are all negligible are dropped).
    public static func serialize(
        bits: Int, stages: [[Float]], featureVersion: UInt32 = NERFeaturizer.featureVersion
    ) -> [UInt8] {
        let tags = NERTags.count
        var out = magic
        func put(_ v: UInt32) { withUnsafeBytes(of: v.littleEndian) { out.append(contentsOf: $0) } }
        put(UInt32(bits))
        put(UInt32(tags))
        put(featureVersion)
        put(UInt32(stages.count))
        for weights in stages {
            var indices: [UInt32] = []
            var values: [UInt16] = []
            for row in 0..<(1 << bits) {
                var any = false
                for t in 0..<tags where abs(weights[row * tags + t]) >= 1e-4 { any = true }
                if any {
                    indices.append(UInt32(row))
                    for t in 0..<tags { values.append(Float16(weights[row * tags + t]).bitPattern) }
                }
            }
            put(UInt32(indices.count))
            for i in indices { put(i) }
            for v in values { withUnsafeBytes(of: v.littleEndian) { out.append(contentsOf: $0) } }
        }
        return out
    }

    /// Loads the shipped model (or the file at `path`).
    public static func load(path: String? = nil, gazetteer: Gazetteer?, clusters: WordClusters?) throws(ConfigError)
        -> NERModel
    {
        let bytes = try FileIO.configuredOrShipped(path, shipped: fileName, what: "NER model")
        return try NERModel(bytes: bytes, gazetteer: gazetteer, clusters: clusters)
    }

    /// Tags one sentence on its own (a one-sentence document); returns a tag index per token.
    public func tag(_ scalars: [Unicode.Scalar], tokens: ArraySlice<Token>) -> [Int] {
        var scratch = TaggerScratch()
        return tagDocument([DocumentSentence(scalars: scalars, tokens: tokens)], scratch: &scratch)[0]
    }

    /// Tags every sentence of a document (both stages); returns a tag index per token, per sentence.
    public func tagDocument(_ sentences: [DocumentSentence], scratch: inout TaggerScratch) -> [[Int]] {
        var document = DocumentContext()
        for s in sentences { document.add(s.scalars, tokens: s.tokens, isHeadline: s.isHeadline) }
        var first: [[Int]] = []
        first.reserveCapacity(sentences.count)
        for s in sentences {
            first.append(run(stage1, s.scalars, s.tokens, document, stack: nil, scratch: &scratch))
        }
        guard let stage2 else { return first }
        var votes = StackVotes()
        for (s, tags) in zip(sentences, first) { votes.add(s.scalars, tokens: s.tokens, tags: tags) }
        var second: [[Int]] = []
        second.reserveCapacity(sentences.count)
        for (s, tags) in zip(sentences, first) {
            second.append(run(stage2, s.scalars, s.tokens, document, stack: (tags, votes), scratch: &scratch))
        }
        return second
    }

    /// Entity spans (token indices) of every sentence of a document.
    public func entities(_ sentences: [DocumentSentence], scratch: inout TaggerScratch) -> [[TokenSpan]] {
        zip(sentences, tagDocument(sentences, scratch: &scratch)).map { s, tags in
            Self.spans(tags, offset: s.tokens.startIndex)
        }
    }

    func run(
        _ weights: HugePageBuffer<Float>, _ scalars: [Unicode.Scalar], _ tokens: ArraySlice<Token>,
        _ document: DocumentContext?,
        stack: (tags: [Int], votes: StackVotes)?, scratch: inout TaggerScratch
    ) -> [Int] {
        featurizer.staticFeatures(
            scalars, tokens: tokens, document: document, stack: stack, mask: mask, into: &scratch.features,
            context: &scratch.context)
        return Self.decode(
            weights: weights.buffer, features: scratch.features, context: scratch.context, count: tokens.count,
            mask: mask, gold: nil, update: nil)
    }

    /// Greedy BIO decoding. With `gold` and `update`, calls `update(row, goldTag, predictedTag)` for every
    /// feature row of a wrongly tagged token (perceptron training), and feeds the *predicted* history forward.
    package static func decode(
        weights w: UnsafeBufferPointer<Float>, features: [Int32], context: [(lower: UInt64, shape: UInt64)],
        count n: Int, mask: UInt64, gold: [Int]?, update: ((Int, Int, Int) -> Void)?
    ) -> [Int] {
        let tags = NERTags.count
        var out = [Int](repeating: 0, count: n)
        var prev = 0
        var prev2 = 0
        guard n > 0 else { return [] }
        let k = features.count / n
        var scores = (Float(0), Float(0), Float(0), Float(0), Float(0), Float(0), Float(0), Float(0), Float(0))
        features.withUnsafeBufferPointer { f in
            withUnsafeMutableBytes(of: &scores) { raw in
                let s = raw.bindMemory(to: Float.self)
                for i in 0..<n {
                    // The rows of two tokens ahead start loading now: a token's own rows are read together, but
                    // the table is 38 MB, and without the hint each token waited about one memory latency.
                    if i + 2 < n {
                        let ahead = (i + 2) * k
                        for j in 0..<k {
                            let row = Int(f[ahead + j]) &* tags
                            wd_prefetch(w.baseAddress! + row)
                            wd_prefetch(w.baseAddress! + row + tags - 1)
                        }
                    }
                    for t in 0..<tags { s[t] = 0 }
                    let base = i * k
                    for j in 0..<k {
                        let row = Int(f[base + j]) &* tags
                        for t in 0..<tags { s[t] += w[row + t] }
                    }
                    let d = NERFeaturizer.dynamicFeatures(
                        prev: prev, prev2: prev2, lower: context[i].lower, shape: context[i].shape, mask: mask)
                    let r0 = d.0 &* tags
                    let r1 = d.1 &* tags
                    let r2 = d.2 &* tags
                    let r3 = d.3 &* tags
                    for t in 0..<tags { s[t] += w[r0 + t] + w[r1 + t] + w[r2 + t] + w[r3 + t] }
                    var best = 0
                    var bestScore = -Float.infinity
                    for t in 0..<tags where NERTags.allowed(t, after: prev) && s[t] > bestScore {
                        best = t
                        bestScore = s[t]
                    }
                    if let gold, let update, gold[i] != best {
                        for j in 0..<k { update(Int(f[base + j]), gold[i], best) }
                        update(d.0, gold[i], best)
                        update(d.1, gold[i], best)
                        update(d.2, gold[i], best)
                        update(d.3, gold[i], best)
                    }
                    out[i] = best
                    prev2 = prev
                    prev = best
                }
            }
        }
        return out
    }

    /// Chunks of a BIO tag sequence (conlleval rules: an `I-X` after `O` or another type starts a chunk).
    public static func spans(_ tags: [Int], offset: Int = 0) -> [TokenSpan] {
        var spans: [TokenSpan] = []
        var start = -1
        var type = -1
        for (i, tag) in tags.enumerated() {
            let tType = NERTags.type(of: tag)
            let begins = tag != 0 && (NERTags.isBegin(tag) || tType != type)
            if start >= 0 && (tag == 0 || begins) {
                spans.append(TokenSpan(start: offset + start, end: offset + i, type: NERTags.types[type]))
                start = -1
                type = -1
            }
            if begins {
                start = i
                type = tType
            }
        }
        if start >= 0 {
            spans.append(TokenSpan(start: offset + start, end: offset + tags.count, type: NERTags.types[type]))
        }
        return spans
    }
}

/// Reusable buffers for tagging (one per worker thread).
public struct TaggerScratch {
    var features: [Int32] = []
    var context: [(lower: UInt64, shape: UInt64)] = []
    public init() {}
}

/// Little-endian reader over a byte array.
struct ByteReader {
    let bytes: [UInt8]
    var offset = 0

    mutating func u32() -> UInt32 {
        var v: UInt32 = 0
        for k in 0..<4 { v |= UInt32(bytes[offset + k]) << (8 * UInt32(k)) }
        offset += 4
        return v
    }

    mutating func u16() -> UInt16 {
        let v = UInt16(bytes[offset]) | UInt16(bytes[offset + 1]) << 8
        offset += 2
        return v
    }
}
