// Hashed unigram + bigram (+ word class) features of an article's `ClassifyWords`, for the topic model.
import Foundation
import Synchronization

/// A sparse feature vector: strictly increasing bucket indices and their values.
public struct SparseVector: Sendable, Equatable {
    public var indices: [UInt32]
    public var values: [Float]

    public init(indices: [UInt32] = [], values: [Float] = []) {
        self.indices = indices
        self.values = values
    }

    /// Squared Euclidean norm.
    public var squaredNorm: Float {
        var s: Float = 0
        for v in values { s += v * v }
        return s
    }
}

/// Word classes for the topic features: a word's distributional cluster from unlabeled news
/// (`Models/word-clusters.tsv`, the NER's clusters), keyed as `ClassifyWords` hashes words. A short item shares
/// few words with the training texts but more classes ("striker" and "midfielder" are one class).
public struct TopicWordClasses: Sendable, Equatable {
    /// Which clustering: 64, 256 or 1024 classes (the TSV's columns).
    public let level: Int
    let classes: [UInt64: UInt16]

    /// Parses the word-clusters TSV (`word \t c64 \t c256 \t c1024`), taking the column of `level`.
    /// - Throws: `ConfigError` for another level or a malformed line.
    public init(tsv bytes: [UInt8], level: Int) throws(ConfigError) {
        guard let column = [64: 1, 256: 2, 1024: 3][level] else {
            throw ConfigError("word classes must be 64, 256 or 1024, not \(level)")
        }
        var classes: [UInt64: UInt16] = [:]
        var word: [Unicode.Scalar] = []
        var records = TSVRecords(bytes)
        while records.next() {
            guard records.fields.count == 4, let value = records.decimal(column) else {
                throw ConfigError("word clusters: malformed line \(records.lineNumber)")
            }
            // Keyed as the classify words of a text hash the word (a word they split, such as a hyphenated one,
            // has no single key and is left out); the first (most frequent) casing of a word wins.
            records.scalars(0, into: &word)
            let key = ClassifyWords(scalars: word, tokens: Tokenizer().tokenize(word, in: 0..<word.count)).hashes
            if key.count == 1, classes[key[0]] == nil { classes[key[0]] = value }
        }
        self.level = level
        self.classes = classes
    }

    /// The shipped clusters at `level`, read once per level.
    public static func shipped(level: Int) throws(ConfigError) -> TopicWordClasses {
        try cache.withLock { cached throws(ConfigError) in
            if let hit = cached[level] { return hit }
            let loaded = try TopicWordClasses(tsv: ModelStore.load(WordClusters.fileName), level: level)
            cached[level] = loaded
            return loaded
        }
    }

    private static let cache = Mutex<[Int: TopicWordClasses]>([:])
}

/// Hashes words and adjacent word pairs into `2^bits` buckets and counts them (the "hashing trick"); with word
/// classes, also each word's class.
public struct FeatureHasher: Sendable, Equatable {
    public let bits: Int
    public var bucketCount: Int { 1 << bits }
    public let wordClasses: TopicWordClasses?

    public init(bits: Int = 18, wordClasses: TopicWordClasses? = nil) {
        precondition(bits > 0 && bits <= 30, "hash bits must be 1...30")
        self.bits = bits
        self.wordClasses = wordClasses
    }

    /// SplitMix64's finalizer: spreads FNV's low bits before masking.
    @inline(__always) static func mix(_ x: UInt64) -> UInt64 {
        var z = x &+ 0x9e37_79b9_7f4a_7c15
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return z ^ (z >> 31)
    }

    /// Term counts of the unigrams and bigrams of an article's words, leaving out words shorter than
    /// `minimumWordLength` scalars (2 drops "a" and "I", like scikit-learn's default token pattern).
    public func counts(_ words: ClassifyWords) -> SparseVector {
        counts(tokens: Self.topicWords(words))
    }

    /// The distinct buckets of the single words (no pairs), sorted: lets a trainer tell buckets that hold a word
    /// from buckets that only hold word pairs.
    public func unigramBuckets(_ words: ClassifyWords) -> [UInt32] {
        let mask = UInt64(bucketCount - 1)
        let buckets = Set(Self.topicWords(words).map { UInt32(truncatingIfNeeded: Self.mix($0) & mask) })
        return buckets.sorted()
    }

    /// Words shorter than this (in scalars) are no topic feature.
    public static let minimumWordLength = 2

    /// The hashes of the words the topic features count.
    static func topicWords(_ words: ClassifyWords) -> [UInt64] {
        var out: [UInt64] = []
        out.reserveCapacity(words.count)
        for i in 0..<words.count where Int(words.lengths[i]) >= minimumWordLength { out.append(words.hashes[i]) }
        return out
    }

    /// Term counts of the unigrams and bigrams of a token sequence.
    public func counts(tokens: [UInt64]) -> SparseVector {
        guard !tokens.isEmpty else { return SparseVector() }
        let mask = UInt64(bucketCount - 1)
        var buckets = [UInt32]()
        buckets.reserveCapacity(tokens.count * 2)
        var previous: UInt64 = 0
        for (i, t) in tokens.enumerated() {
            buckets.append(UInt32(truncatingIfNeeded: Self.mix(t) & mask))
            if i > 0 {
                // Order matters ("new york" ≠ "york new"): rotate the first word before combining.
                let pair = ((previous << 17) | (previous >> 47)) ^ t ^ 0x5bd1_e995
                buckets.append(UInt32(truncatingIfNeeded: Self.mix(pair) & mask))
            }
            previous = t
            if let c = wordClasses?.classes[t] {
                buckets.append(UInt32(truncatingIfNeeded: Self.mix(0x00c1_a55e_0000_0000 | UInt64(c)) & mask))
            }
        }
        Self.radixSort(&buckets, bits: bits)
        var indices = [UInt32]()
        var values = [Float]()
        indices.reserveCapacity(buckets.count)
        values.reserveCapacity(buckets.count)
        var run = 0
        while run < buckets.count {
            let b = buckets[run]
            var end = run + 1
            while end < buckets.count && buckets[end] == b { end += 1 }
            indices.append(b)
            values.append(Float(end - run))
            run = end
        }
        return SparseVector(indices: indices, values: values)
    }

    /// Sorts bucket numbers below `2^bits` with a two-pass LSD radix sort: at this size (hundreds to thousands of
    /// keys) it is several times faster than the standard library's stable merge sort, which was the largest
    /// cost of prediction.
    static func radixSort(_ keys: inout [UInt32], bits: Int) {
        let n = keys.count
        guard n > 32 else {
            keys.sort()
            return
        }
        let digitBits = (bits + 1) / 2
        let radix = 1 << digitBits
        let mask = UInt32(radix - 1)
        var scratch = [UInt32](repeating: 0, count: n)
        withUnsafeTemporaryAllocation(of: Int.self, capacity: radix) { count in
            keys.withUnsafeMutableBufferPointer { a in
                scratch.withUnsafeMutableBufferPointer { b in
                    var source = a
                    var target = b
                    for pass in 0..<2 {
                        let shift = UInt32(pass * digitBits)
                        count.initialize(repeating: 0)
                        for k in source { count[Int((k >> shift) & mask)] += 1 }
                        var total = 0
                        for d in 0..<radix {
                            let c = count[d]
                            count[d] = total
                            total += c
                        }
                        for k in source {
                            let d = Int((k >> shift) & mask)
                            target[count[d]] = k
                            count[d] += 1
                        }
                        swap(&source, &target)
                    }
                    // After two passes the sorted keys are back in `a`.
                }
            }
        }
    }

    /// Sublinear TF-IDF, L2-normalised: `(1 + ln tf) · idf`, buckets whose idf is 0 (never seen in training)
    /// dropped.
    public static func weigh(_ counts: SparseVector, idf: [Float]) -> SparseVector {
        var out = SparseVector()
        out.indices.reserveCapacity(counts.indices.count)
        out.values.reserveCapacity(counts.indices.count)
        var norm: Float = 0
        for k in 0..<counts.indices.count {
            let i = counts.indices[k]
            let w = idf[Int(i)]
            guard w > 0 else { continue }
            let v = (1 + logf(counts.values[k])) * w
            out.indices.append(i)
            out.values.append(v)
            norm += v * v
        }
        if norm > 0 {
            let scale = 1 / norm.squareRoot()
            for k in 0..<out.values.count { out.values[k] *= scale }
        }
        return out
    }
}
