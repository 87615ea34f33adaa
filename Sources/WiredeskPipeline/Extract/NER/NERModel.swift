// The NER tagger: an averaged perceptron over hashed features, decoded greedily left to right in BIO with the two
// previous predicted tags as features and BIO constraints (no `I-X` after anything but `B-X`/`I-X`).
//
// Model file (`ner.model`, little-endian):
//   "WDNER001"  magic
//   UInt32 bits, UInt32 tags, UInt32 featureVersion, Float32 scale, UInt32 rows
//   rows × UInt32 row index (ascending)
//   rows × tags × Int16 weight / scale
// Only rows with a weight are stored; rows whose weights all round to zero are dropped. Loading expands them
// into a dense Float32 table (2^bits × tags) so tagging is one indexed add per feature and tag.
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
enum FileIO {
    static func read(_ path: String) -> [UInt8]? {
        FileManager.default.contents(atPath: path).map { [UInt8]($0) }
    }
}

/// Trained weights plus the featurizer that indexes them. Immutable and shared by all workers.
public final class NERModel: Sendable {
    public static let fileName = "ner.model"
    static let magic = Array("WDNER001".utf8)

    public let bits: Int
    let mask: UInt64
    let weights: [Float]
    public let featurizer: NERFeaturizer
    /// Rows stored in the file (a measure of the model's size).
    public let storedRows: Int

    init(bits: Int, weights: [Float], featurizer: NERFeaturizer, storedRows: Int) {
        self.bits = bits
        self.mask = (UInt64(1) << UInt64(bits)) - 1
        self.weights = weights
        self.featurizer = featurizer
        self.storedRows = storedRows
    }

    /// Parses a model file.
    /// - Throws: `ConfigError` when the bytes are not a model of this version.
    public convenience init(bytes: [UInt8], gazetteer: Gazetteer?) throws(ConfigError) {
        var reader = ByteReader(bytes: bytes)
        guard bytes.count >= 32, Array(bytes[0..<8]) == Self.magic else {
            throw ConfigError("not a Wiredesk NER model (bad magic)")
        }
        reader.offset = 8
        let bits = Int(reader.u32())
        let tags = Int(reader.u32())
        let version = reader.u32()
        let scale = Float(bitPattern: reader.u32())
        let rows = Int(reader.u32())
        guard tags == NERTags.count, version == NERFeaturizer.featureVersion, bits >= 10, bits <= 26 else {
            throw ConfigError("NER model has tags=\(tags) featureVersion=\(version) bits=\(bits); this build expects tags=\(NERTags.count) featureVersion=\(NERFeaturizer.featureVersion)")
        }
        guard bytes.count == 28 + rows * 4 + rows * tags * 2 else {
            throw ConfigError("NER model is truncated: \(bytes.count) bytes for \(rows) rows")
        }
        var weights = [Float](repeating: 0, count: (1 << bits) * tags)
        var indices = [Int](repeating: 0, count: rows)
        for r in 0..<rows { indices[r] = Int(reader.u32()) }
        for r in 0..<rows {
            let base = indices[r] * tags
            guard base + tags <= weights.count else { throw ConfigError("NER model row index out of range") }
            for t in 0..<tags { weights[base + t] = Float(reader.i16()) * scale }
        }
        self.init(bits: bits, weights: weights, featurizer: NERFeaturizer(gazetteer: gazetteer), storedRows: rows)
    }

    /// Serializes the weights (quantized to Int16; rows that round to all zeros are dropped).
    public static func serialize(bits: Int, weights: [Float]) -> [UInt8] {
        let tags = NERTags.count
        var maxAbs: Float = 0
        for w in weights { maxAbs = max(maxAbs, abs(w)) }
        let scale = maxAbs > 0 ? maxAbs / 32767 : 1
        var indices: [UInt32] = []
        var values: [Int16] = []
        for row in 0..<(1 << bits) {
            var q = [Int16](repeating: 0, count: tags)
            var any = false
            for t in 0..<tags {
                let v = Int16((weights[row * tags + t] / scale).rounded())
                q[t] = v
                if v != 0 { any = true }
            }
            if any {
                indices.append(UInt32(row))
                values.append(contentsOf: q)
            }
        }
        var out = magic
        func put(_ v: UInt32) { withUnsafeBytes(of: v.littleEndian) { out.append(contentsOf: $0) } }
        put(UInt32(bits))
        put(UInt32(tags))
        put(NERFeaturizer.featureVersion)
        put(scale.bitPattern)
        put(UInt32(indices.count))
        for i in indices { put(i) }
        for v in values { withUnsafeBytes(of: v.littleEndian) { out.append(contentsOf: $0) } }
        return out
    }

    /// Loads the shipped model (or the file at `path`).
    public static func load(path: String? = nil, gazetteer: Gazetteer?) throws(ConfigError) -> NERModel {
        let bytes: [UInt8]
        if let path {
            guard let b = FileIO.read(path) else { throw ConfigError("NER model \(path) cannot be read") }
            bytes = b
        } else {
            bytes = try ModelStore.load(fileName)
        }
        return try NERModel(bytes: bytes, gazetteer: gazetteer)
    }

    /// Tags one sentence; returns a tag index per token.
    public func tag(_ scalars: [Unicode.Scalar], tokens: ArraySlice<Token>) -> [Int] {
        var scratch = TaggerScratch()
        return tag(scalars, tokens: tokens, scratch: &scratch)
    }

    /// Tags one sentence reusing `scratch`'s buffers.
    public func tag(_ scalars: [Unicode.Scalar], tokens: ArraySlice<Token>, scratch: inout TaggerScratch) -> [Int] {
        featurizer.staticFeatures(scalars, tokens: tokens, mask: mask, into: &scratch.features, context: &scratch.context)
        return weights.withUnsafeBufferPointer { w in
            Self.decode(
                weights: w, features: scratch.features, context: scratch.context, count: tokens.count, mask: mask,
                gold: nil, update: nil)
        }
    }

    /// Entity spans of one sentence.
    public func entities(_ scalars: [Unicode.Scalar], tokens: ArraySlice<Token>, scratch: inout TaggerScratch)
        -> [TokenSpan]
    {
        Self.spans(tag(scalars, tokens: tokens, scratch: &scratch), offset: tokens.startIndex)
    }

    /// Greedy BIO decoding. With `gold` and `update`, calls `update(row, goldTag, predictedTag)` for every
    /// feature row of a wrongly tagged token (perceptron training), and feeds the *predicted* history forward.
    static func decode(
        weights w: UnsafeBufferPointer<Float>, features: [Int32], context: [(lower: UInt64, shape: UInt64)],
        count n: Int, mask: UInt64, gold: [Int]?, update: ((Int, Int, Int) -> Void)?
    ) -> [Int] {
        let tags = NERTags.count
        var out = [Int](repeating: 0, count: n)
        var prev = 0
        var prev2 = 0
        let k = NERFeaturizer.staticCount
        var scores = (Float(0), Float(0), Float(0), Float(0), Float(0), Float(0), Float(0), Float(0), Float(0))
        features.withUnsafeBufferPointer { f in
            withUnsafeMutableBytes(of: &scores) { raw in
                let s = raw.bindMemory(to: Float.self)
                for i in 0..<n {
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
        if start >= 0 { spans.append(TokenSpan(start: offset + start, end: offset + tags.count, type: NERTags.types[type])) }
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

    mutating func i16() -> Int16 {
        let v = UInt16(bytes[offset]) | UInt16(bytes[offset + 1]) << 8
        offset += 2
        return Int16(bitPattern: v)
    }
}
