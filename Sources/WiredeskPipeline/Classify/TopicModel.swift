// The topic classifier: a one-vs-rest linear model over hashed TF-IDF features, with temperature-scaled
// softmax confidences, and its compact binary file format.
//
// File layout (little-endian): magic `WDTOPIC1`, UInt32 header length, JSON header (labels, IPTC codes, hash
// bits, temperature, training facts), UInt32 n, n × UInt32 bucket, n × Float32 idf, n × L Float32 weights
// (bucket-major), L × Float32 bias. Only buckets seen in training are stored; loading puts them in one table
// whose row per stored bucket is `[idf, w₁ … w_L]` (row 0 is all zeros, for unseen buckets), so a feature's idf
// and weights share a cache line (separate idf and weight arrays cost two cache misses per feature and halved
// the prediction rate), and a 4-byte row number per bucket finds the row: with 2^20 buckets a dense table would
// take 75 MB, this one about 4 MB plus the stored rows.
import Crypto
import Foundation

/// What a topic model file says about itself.
public struct TopicModelHeader: Codable, Sendable, Equatable {
    public var labels: [String]
    /// Label → IPTC Media Topic code (`medtop:…`), for the labels that have one.
    public var iptc: [String: String]
    public var hashBits: Int
    /// Softmax temperature fitted on out-of-fold scores (see `Calibration`).
    public var temperature: Double
    /// SVM regularisation constant used in training.
    public var c: Double
    public var documents: Int
    /// How the features are made, for humans reading the header.
    public var features: String
    /// With word-class features: the clustering's number of classes (`TopicWordClasses`); nil = none.
    public var wordClasses: Int?

    package init(
        labels: [String], iptc: [String: String], hashBits: Int, temperature: Double, c: Double, documents: Int,
        features: String
    ) {
        self.labels = labels
        self.iptc = iptc
        self.hashBits = hashBits
        self.temperature = temperature
        self.c = c
        self.documents = documents
        self.features = features
    }

    enum CodingKeys: String, CodingKey {
        case labels, iptc, temperature, documents, features
        case hashBits = "hash_bits"
        case wordClasses = "word_classes"
        case c = "C"
    }
}

/// One prediction: the best label and the calibrated probability of every label.
public struct TopicPrediction: Sendable, Equatable {
    public var label: String
    public var labelIndex: Int
    public var confidence: Double
    /// Calibrated probabilities, in `labels` order.
    public var probabilities: [Double]
    /// Raw decision values of the one-vs-rest classifiers, in `labels` order.
    public var decisionValues: [Double]
}

/// A trained topic model, ready to predict. Immutable and shared by all workers.
public struct TopicModel: Sendable {
    public let header: TopicModelHeader
    public let hasher: FeatureHasher
    /// `row[bucket]`: the bucket's row in `table` (0 = a bucket never seen in training).
    let row: [UInt32]
    /// Row per stored bucket: `table[r * stride]` is the idf, the next `L` values the label weights; row 0 is
    /// zeros (idf 0 marks an unseen bucket).
    let table: [Float]
    let stride: Int
    let bias: [Float]
    /// First 12 hex digits of the SHA-256 of the model file, recorded in `pipeline.models`.
    public let checksum: String

    public var labels: [String] { header.labels }

    /// The IPTC Media Topic codes of the BBC labels Wiredesk ships a model for.
    public static let defaultIPTC: [String: String] = IPTCTaxonomy.bbc

    package init(
        header: TopicModelHeader, idf: [Float], weights: [Float], bias: [Float], checksum: String,
        wordClasses: TopicWordClasses? = nil
    ) {
        let l = header.labels.count
        let used = idf.indices.filter { idf[$0] > 0 }
        self.init(
            header: header, buckets: used.map { UInt32($0) }, idf: used.map { idf[$0] },
            weights: used.flatMap { b in weights[b * l..<(b + 1) * l] }, bias: bias, checksum: checksum,
            wordClasses: wordClasses)
    }

    /// A model from its stored buckets only: `buckets` (increasing), their idf values and their `L` weights
    /// each (bucket-major), as the file holds them.
    init(
        header: TopicModelHeader, buckets: [UInt32], idf: [Float], weights: [Float], bias: [Float],
        checksum: String, wordClasses: TopicWordClasses?
    ) {
        self.header = header
        self.hasher = FeatureHasher(bits: header.hashBits, wordClasses: wordClasses)
        let l = header.labels.count
        stride = l + 1
        var row = [UInt32](repeating: 0, count: hasher.bucketCount)
        var table = [Float](repeating: 0, count: (buckets.count + 1) * stride)
        for (k, b) in buckets.enumerated() {
            let r = k + 1
            row[Int(b)] = UInt32(r)
            table[r * stride] = idf[k]
            for j in 0..<l { table[r * stride + 1 + j] = weights[k * l + j] }
        }
        self.row = row
        self.table = table
        self.bias = bias
        self.checksum = checksum
    }

    /// The idf of every bucket (0 = unseen).
    var idf: [Float] { row.map { table[Int($0) * stride] } }

    /// The stored buckets, increasing.
    var storedBuckets: [Int] { row.indices.filter { row[$0] != 0 } }

    // MARK: Prediction

    /// Raw decision values for term counts: sublinear TF-IDF weighting, L2 normalisation and the dot products
    /// in one pass (the norm divides the sums at the end, since the scores are linear in the features).
    public func decisionValues(counts x: SparseVector) -> [Double] {
        let l = header.labels.count
        var scores = [Float](repeating: 0, count: l)
        var norm: Float = 0
        table.withUnsafeBufferPointer { t in
            row.withUnsafeBufferPointer { r in
                scores.withUnsafeMutableBufferPointer { s in
                    for k in 0..<x.indices.count {
                        let base = Int(r[Int(x.indices[k])]) * stride
                        let idf = t[base]
                        guard idf > 0 else { continue }
                        let tf = x.values[k]
                        let v = (tf == 1 ? 1 : 1 + logf(tf)) * idf
                        norm += v * v
                        for j in 0..<l { s[j] += t[base + 1 + j] * v }
                    }
                }
            }
        }
        let scale = norm > 0 ? 1 / norm.squareRoot() : 0
        return (0..<l).map { Double(scores[$0] * scale + bias[$0]) }
    }

    /// Classifies one article from its words (headline first, then the body).
    public func predict(_ words: ClassifyWords) -> TopicPrediction {
        prediction(decisionValues: decisionValues(counts: hasher.counts(words)))
    }

    /// Classifies a bare text, analysed as `ClassifyWords(text:)` does (tests and tools).
    package func predict(_ text: String) -> TopicPrediction {
        predict(ClassifyWords(text: text))
    }

    /// Turns decision values into a prediction with calibrated probabilities.
    public func prediction(decisionValues: [Double]) -> TopicPrediction {
        let p = Calibration.softmax(decisionValues, temperature: header.temperature)
        var best = 0
        for j in 1..<max(p.count, 1) where decisionValues[j] > decisionValues[best] { best = j }
        return TopicPrediction(
            label: header.labels[best], labelIndex: best, confidence: p[best], probabilities: p,
            decisionValues: decisionValues)
    }

    // MARK: File format

    static let magic: [UInt8] = Array("WDTOPIC1".utf8)

    /// The model as file bytes (only buckets with a non-zero idf are stored).
    public func serialized() throws -> [UInt8] {
        let l = header.labels.count
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let headerBytes = [UInt8](try encoder.encode(header))
        var out = Self.magic
        func put32(_ v: UInt32) { withUnsafeBytes(of: v.littleEndian) { out.append(contentsOf: $0) } }
        func putFloat(_ v: Float) { put32(v.bitPattern) }
        put32(UInt32(headerBytes.count))
        out.append(contentsOf: headerBytes)
        let used = storedBuckets
        put32(UInt32(used.count))
        for b in used { put32(UInt32(b)) }
        for b in used { putFloat(table[Int(row[b]) * stride]) }
        for b in used {
            for j in 0..<l { putFloat(table[Int(row[b]) * stride + 1 + j]) }
        }
        for j in 0..<l { putFloat(bias[j]) }
        return out
    }

    /// Reads a model file's bytes.
    /// - Throws: `ConfigError` when the bytes are not a well-formed topic model.
    public static func load(bytes: [UInt8], name: String = "topic model") throws(ConfigError) -> TopicModel {
        func bad(_ why: String) -> ConfigError { ConfigError("\(name): not a Wiredesk topic model (\(why))") }
        guard bytes.count >= 12, Array(bytes[0..<8]) == magic else { throw bad("wrong magic") }
        var offset = 8
        func read32() throws(ConfigError) -> UInt32 {
            guard offset + 4 <= bytes.count else { throw bad("truncated") }
            let v = bytes.withUnsafeBytes {
                UInt32(littleEndian: $0.loadUnaligned(fromByteOffset: offset, as: UInt32.self))
            }
            offset += 4
            return v
        }
        let headerLength = Int(try read32())
        guard offset + headerLength <= bytes.count else { throw bad("truncated header") }
        let header: TopicModelHeader
        do {
            header = try JSONDecoder().decode(TopicModelHeader.self, from: Data(bytes[offset..<offset + headerLength]))
        } catch {
            throw bad("header: \(error)")
        }
        offset += headerLength
        let l = header.labels.count
        guard l >= 2, header.hashBits > 0, header.hashBits <= 24, header.temperature > 0 else {
            throw bad("header values out of range")
        }
        let count = Int(try read32())
        let bucketCount = 1 << header.hashBits
        guard offset + count * 4 * (2 + l) + l * 4 == bytes.count else { throw bad("size does not match header") }
        var buckets = [UInt32](repeating: 0, count: count)
        var idf = [Float](repeating: 0, count: count)
        var weights = [Float](repeating: 0, count: count * l)
        for k in 0..<count {
            let b = try read32()
            guard b < bucketCount, k == 0 || b > buckets[k - 1] else { throw bad("bucket out of range or order") }
            buckets[k] = b
        }
        for k in 0..<count {
            idf[k] = Float(bitPattern: try read32())
            guard idf[k] > 0 else { throw bad("stored bucket with idf 0") }
        }
        for k in 0..<count * l { weights[k] = Float(bitPattern: try read32()) }
        var bias = [Float](repeating: 0, count: l)
        for j in 0..<l { bias[j] = Float(bitPattern: try read32()) }
        let digest = SHA256.hash(data: bytes)
        let hex = digest.prefix(6).map { String($0, radix: 16) }.map { $0.count == 1 ? "0" + $0 : $0 }.joined()
        var classes: TopicWordClasses?
        if let level = header.wordClasses { classes = try TopicWordClasses.shipped(level: level) }
        return TopicModel(
            header: header, buckets: buckets, idf: idf, weights: weights, bias: bias, checksum: hex,
            wordClasses: classes)
    }

    /// Reads the model file at `path`.
    public static func load(path: String) throws(ConfigError) -> TopicModel {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ConfigError("topic model \(path) cannot be read")
        }
        return try load(bytes: [UInt8](data), name: path)
    }

    /// File name of the shipped default model (IPTC Media Topic labels) in `ModelStore`.
    public static let shippedName = "topic.model"
    /// File name of the shipped model on the five BBC News labels.
    public static let shippedBBCName = "topic-bbc.model"

    /// A model shipped with Wiredesk: `iptc` (the default, IPTC Media Topic top level) or `bbc` (BBC News labels).
    public static func loadShipped(_ which: String = "iptc") throws(ConfigError) -> TopicModel {
        let name: String
        switch which {
        case "iptc": name = shippedName
        case "bbc": name = shippedBBCName
        default: throw ConfigError("no shipped topic model \"\(which)\" (use \"iptc\", \"bbc\" or a file path)")
        }
        return try load(bytes: ModelStore.load(name), name: name)
    }
}
