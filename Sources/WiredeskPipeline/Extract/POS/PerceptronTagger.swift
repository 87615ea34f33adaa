// A greedy, left-to-right averaged-perceptron tagger (Collins 2002; the design of M. Honnibal's "A good
// part-of-speech tagger in about 200 lines of Python", 2013), used twice: Penn Treebank part-of-speech tags, then
// noun-phrase chunks (B-NP / I-NP / O) over words and predicted tags. Trained on CoNLL-2003's gold POS and chunk
// columns by `wiredesk train pos` (POSTraining.swift); shipped as `Models/pos.model` (card: `Models/pos.model.md`).
//
// Features are 32-bit FNV-1a hashes of (template, values). The model keeps, per feature seen in training, only
// the tags with a non-zero averaged weight, quantized to Int16 with one scale per tagger, so the file is compact
// and a token costs ~16 dictionary lookups.

import CPrefetchShim

/// Word, tag and template values are hashed once and combined per feature.
enum TagHash {
    static let offset: UInt32 = 2_166_136_261
    static let prime: UInt32 = 16_777_619

    @inline(__always) static func mix(_ h: UInt32, _ v: UInt32) -> UInt32 {
        var h = h
        h = (h ^ (v & 0xFF)) &* prime
        h = (h ^ ((v >> 8) & 0xFF)) &* prime
        h = (h ^ ((v >> 16) & 0xFF)) &* prime
        h = (h ^ (v >> 24)) &* prime
        return h
    }

    @inline(__always) static func string<S: Sequence>(_ s: S) -> UInt32 where S.Element == Unicode.Scalar {
        var h = offset
        for c in s { h = mix(h, c.value) }
        return h
    }

    @inline(__always) static func feature(_ template: UInt32, _ a: UInt32, _ b: UInt32 = 0) -> UInt32 {
        mix(mix(mix(offset, template), a), b)
    }
}

/// The per-token string values a tagger's features are built from, hashed.
package struct TaggerToken {
    /// The normalized word (lower case; numbers folded to `!YEAR`, `!DIGITS`, `!NUM`).
    package var word: UInt32
    var suffix3: UInt32
    var suffix2: UInt32
    var prefix1: UInt32
    /// Capitalization/digit/hyphen pattern.
    var shape: UInt32

    static let padding = TaggerToken(word: 1, suffix3: 1, suffix2: 1, prefix1: 1, shape: 1)
    static let paddingEnd = TaggerToken(word: 2, suffix3: 2, suffix2: 2, prefix1: 2, shape: 2)

    package init(word: UInt32, suffix3: UInt32, suffix2: UInt32, prefix1: UInt32, shape: UInt32) {
        self.word = word
        self.suffix3 = suffix3
        self.suffix2 = suffix2
        self.prefix1 = prefix1
        self.shape = shape
    }

    /// Builds the values of one token from its written form. The lower-cased form is hashed as it is made, with
    /// its first and last three scalars kept aside for the affixes, so a token costs no allocation (ASCII).
    package init(_ scalars: ArraySlice<Unicode.Scalar>) {
        var digits = 0
        var letters = 0
        var upper = 0
        var hyphen = false
        var firstUpper = false
        var hash = TagHash.offset
        var n = 0
        var first: UInt32 = 0
        // The last three lower-cased scalars, most recent in `c0`.
        var c0: UInt32 = 0
        var c1: UInt32 = 0
        var c2: UInt32 = 0
        @inline(__always) func push(_ v: UInt32) {
            hash = TagHash.mix(hash, v)
            if n == 0 { first = v }
            n += 1
            c2 = c1
            c1 = c0
            c0 = v
        }
        for (k, c) in scalars.enumerated() {
            let v = c.value
            if v >= 0x30 && v <= 0x39 {
                digits += 1
            } else if v >= 0x41 && v <= 0x5A {
                letters += 1
                upper += 1
                if k == 0 { firstUpper = true }
            } else if v >= 0x61 && v <= 0x7A {
                letters += 1
            } else if c == "-" {
                hyphen = true
            } else if v > 0x7F && c.properties.isAlphabetic {
                letters += 1
                if c.properties.isUppercase {
                    upper += 1
                    if k == 0 { firstUpper = true }
                }
            }
            if v >= 0x41 && v <= 0x5A {
                push(v | 0x20)
            } else if v == 0x2019 {
                push(0x27)
            } else if v < 0x80 {
                push(v)
            } else {
                for l in c.properties.lowercaseMapping.unicodeScalars { push(l.value) }
            }
        }
        if digits > 0 && letters == 0 {
            let folded: String = digits == 4 && n == 4 ? "!YEAR" : (digits == n ? "!DIGITS" : "!NUM")
            word = TagHash.string(folded.unicodeScalars)
        } else {
            word = hash
        }
        var h3 = TagHash.offset
        if n >= 3 { h3 = TagHash.mix(h3, c2) }
        if n >= 2 { h3 = TagHash.mix(h3, c1) }
        if n >= 1 { h3 = TagHash.mix(h3, c0) }
        var h2 = TagHash.offset
        if n >= 2 { h2 = TagHash.mix(h2, c1) }
        if n >= 1 { h2 = TagHash.mix(h2, c0) }
        suffix3 = TagHash.mix(h3, 3)
        suffix2 = TagHash.mix(h2, 2)
        prefix1 = TagHash.mix(n >= 1 ? TagHash.mix(TagHash.offset, first) : TagHash.offset, 1)
        var s: UInt32 = 0
        if firstUpper { s |= 1 }
        if letters >= 2 && upper == letters { s |= 2 }
        if digits > 0 { s |= 4 }
        if hyphen { s |= 8 }
        if letters == 0 && digits == 0 { s |= 16 }
        if upper > 1 && upper < letters { s |= 32 }
        shape = s
    }
}

/// Trained weights of one tagger: feature hash → (tag, weight) entries.
public struct PerceptronWeights: Sendable {
    public let tags: [String]
    /// Feature hash → `start << 8 | count` of its entries (`entryTag`/`entryWeight[start..<start+count]`).
    let index: [UInt32: UInt32]
    let entryTag: [UInt8]
    let entryWeight: [Float]
    /// The same map for scoring, laid out for the cache: an open-addressing table (`openAddressing`) whose slot
    /// holds key and value in one word (`key | value << 32`), and the entries as one word each (`tag | weight bits
    /// << 32`). A feature lookup then touches two cache lines instead of four; `perf` put the tagger at a third of
    /// the rule time, most of it waiting on those lines. Both live on huge pages where the kernel gives them
    /// (`HugePageBuffer`: the reads are random, so with 4 KiB pages most of them also miss the TLB).
    let slots: HugePageBuffer<UInt64>
    let slotMask: Int
    let packedEntries: HugePageBuffer<UInt64>

    package init(tags: [String], index: [UInt32: UInt32], entryTag: [UInt8], entryWeight: [Float]) {
        self.tags = tags
        self.index = index
        self.entryTag = entryTag
        self.entryWeight = entryWeight
        let (keys, values, mask) = Self.openAddressing(index, empty: 0)
        slots = HugePageBuffer(zip(keys, values).map { UInt64($0) | UInt64($1) << 32 })
        slotMask = mask
        packedEntries = HugePageBuffer(zip(entryTag, entryWeight).map { UInt64($0) | UInt64($1.bitPattern) << 32 })
    }

    @inline(__always) static func slotKey(_ h: UInt32) -> UInt32 { h == 0 ? 1 : h }

    /// Hash → value as an open-addressing table (the keys are already hashes): at most half full, linear probing,
    /// key 0 = empty (a hash of 0 is stored as 1, `slotKey`). Returns keys, values and the index mask.
    static func openAddressing<Value>(_ entries: [UInt32: Value], empty: Value) -> ([UInt32], [Value], Int) {
        var capacity = 16
        while capacity < entries.count * 2 { capacity <<= 1 }
        var keys = [UInt32](repeating: 0, count: capacity)
        var values = [Value](repeating: empty, count: capacity)
        for (k, v) in entries {
            var slot = Int(slotKey(k)) & (capacity - 1)
            while keys[slot] != 0 { slot = (slot + 1) & (capacity - 1) }
            keys[slot] = slotKey(k)
            values[slot] = v
        }
        return (keys, values, capacity - 1)
    }

    public var featureCount: Int { index.count }

    /// Adds the weights of `feature` to `scores` (`slots` and `entries` are this table's `slots` and
    /// `packedEntries`, borrowed once per sentence by the caller).
    @inline(__always) static func add(
        _ feature: UInt32, slots: UnsafeBufferPointer<UInt64>, mask: Int, entries: UnsafeBufferPointer<UInt64>,
        to scores: UnsafeMutableBufferPointer<Float>
    ) {
        let key = slotKey(feature)
        var slot = Int(key) & mask
        var word: UInt64
        while true {
            word = slots[slot]
            let k = UInt32(truncatingIfNeeded: word)
            if k == key { break }
            if k == 0 { return }
            slot = (slot + 1) & mask
        }
        let packed = UInt32(truncatingIfNeeded: word >> 32)
        let start = Int(packed >> 8)
        let count = Int(packed & 0xFF)
        for e in start..<(start + count) {
            let entry = entries[e]
            scores[Int(UInt8(truncatingIfNeeded: entry))] += Float(bitPattern: UInt32(truncatingIfNeeded: entry >> 32))
        }
    }
}

/// Which feature set a tagger uses.
public enum TaggerKind: UInt8, Sendable {
    case pos = 1
    case chunk = 2
}

package enum TaggerFeatures {
    /// Feature hashes for token `i` of `toks` given the previous two predicted tags (and, for chunking, the POS
    /// tags). `out` is overwritten.
    @inline(__always) package static func features(
        _ kind: TaggerKind, _ toks: [TaggerToken], _ pos: [Int], _ i: Int, _ p1: Int, _ p2: Int,
        into out: inout [UInt32]
    ) {
        out.removeAll(keepingCapacity: true)
        let w = toks[i]
        let prev = i > 0 ? toks[i - 1] : TaggerToken.padding
        let prev2 = i > 1 ? toks[i - 2] : TaggerToken.padding
        let next = i + 1 < toks.count ? toks[i + 1] : TaggerToken.paddingEnd
        let next2 = i + 2 < toks.count ? toks[i + 2] : TaggerToken.paddingEnd
        let t1 = UInt32(truncatingIfNeeded: p1 + 3)
        let t2 = UInt32(truncatingIfNeeded: p2 + 3)
        out.append(TagHash.feature(0, 0))
        out.append(TagHash.feature(1, w.word))
        out.append(TagHash.feature(2, w.suffix3))
        out.append(TagHash.feature(3, t1))
        out.append(TagHash.feature(4, t1, t2))
        out.append(TagHash.feature(5, t1, w.word))
        out.append(TagHash.feature(6, prev.word))
        out.append(TagHash.feature(7, next.word))
        out.append(TagHash.feature(8, w.shape, i == 0 ? 1 : 0))
        switch kind {
        case .pos:
            out.append(TagHash.feature(9, w.suffix2))
            out.append(TagHash.feature(10, w.prefix1))
            out.append(TagHash.feature(11, t2))
            out.append(TagHash.feature(12, prev.suffix3))
            out.append(TagHash.feature(13, next.suffix3))
            out.append(TagHash.feature(14, prev2.word))
            out.append(TagHash.feature(15, next2.word))
            out.append(TagHash.feature(16, prev.shape, w.shape))
        case .chunk:
            func tag(_ k: Int) -> UInt32 { k < 0 ? 1000 : (k >= pos.count ? 1001 : UInt32(pos[k])) }
            out.append(TagHash.feature(20, tag(i)))
            out.append(TagHash.feature(21, tag(i - 1), tag(i)))
            out.append(TagHash.feature(22, tag(i), tag(i + 1)))
            out.append(TagHash.feature(23, tag(i - 1)))
            out.append(TagHash.feature(24, tag(i + 1)))
            out.append(TagHash.feature(25, tag(i - 2), tag(i - 1)))
            out.append(TagHash.feature(26, tag(i + 1), tag(i + 2)))
            out.append(TagHash.feature(27, t1, tag(i)))
            out.append(TagHash.feature(28, t1, TagHash.mix(tag(i - 1), tag(i))))
        }
    }
}

/// Frequent words that take one tag almost always ("the", "of", ","): the tagger gives them that tag without
/// scoring any feature (Honnibal 2013's tag dictionary), which spares about half the lookups of running text.
/// Keyed by the token's `word` hash; an open-addressing table small enough to stay in cache.
public struct TagDictionary: Sendable {
    let keys: [UInt32]
    let tags: [UInt8]
    let mask: Int
    /// Word hash → tag index, as trained.
    public let entries: [UInt32: UInt8]

    public static let empty = TagDictionary([:])

    public init(_ entries: [UInt32: UInt8]) {
        self.entries = entries
        (keys, tags, mask) = PerceptronWeights.openAddressing(entries, empty: 0)
    }

    /// The tag of `word`, or -1 when the word is not in the dictionary.
    @inline(__always) package func tag(_ word: UInt32) -> Int {
        let key = PerceptronWeights.slotKey(word)
        var slot = Int(key) & mask
        while true {
            let k = keys[slot]
            if k == key { return Int(tags[slot]) }
            if k == 0 { return -1 }
            slot = (slot + 1) & mask
        }
    }

    /// Words seen at least `minCount` times whose most frequent tag covers at least `minShare` of them.
    package static func build(
        _ sentences: [[TaggerToken]], gold: [[Int]], minCount: Int = 10, minShare: Double = 0.97
    ) -> TagDictionary {
        var counts: [UInt32: [Int: Int]] = [:]
        for (toks, tags) in zip(sentences, gold) {
            for (t, g) in zip(toks, tags) where g >= 0 { counts[t.word, default: [:]][g, default: 0] += 1 }
        }
        var entries: [UInt32: UInt8] = [:]
        for (word, byTag) in counts {
            let total = byTag.values.reduce(0, +)
            // Ties broken by tag index, so the dictionary is the same on every run.
            guard total >= minCount, let best = byTag.max(by: { ($0.value, -$0.key) < ($1.value, -$1.key) })
            else { continue }
            if Double(best.value) / Double(total) >= minShare { entries[word] = UInt8(best.key) }
        }
        return TagDictionary(entries)
    }
}

/// A trained tagger: weights plus the feature set they were trained with.
public struct PerceptronTagger: Sendable {
    public let kind: TaggerKind
    public let weights: PerceptronWeights
    /// Words tagged without scoring (POS only; empty for the chunker and for version-1 models).
    public let dictionary: TagDictionary

    public init(kind: TaggerKind, weights: PerceptronWeights, dictionary: TagDictionary = .empty) {
        self.kind = kind
        self.weights = weights
        self.dictionary = dictionary
    }

    /// Tags one sentence; `pos` are the POS tags (chunker only).
    package func tag(_ toks: [TaggerToken], pos: [Int] = []) -> [Int] {
        var out = [Int](repeating: 0, count: toks.count)
        var feats: [UInt32] = []
        feats.reserveCapacity(20)
        var ahead: [UInt32] = []
        ahead.reserveCapacity(20)
        let n = weights.tags.count
        var p1 = -1
        var p2 = -2
        let useDictionary = !dictionary.entries.isEmpty
        let mask = weights.slotMask
        let slots = weights.slots.buffer
        let entries = weights.packedEntries.buffer
        // The scores live on the stack (45 floats): a heap array per sentence and tagger was about 40 of an
        // article's allocations.
        withUnsafeTemporaryAllocation(of: Float.self, capacity: n) { scores in
            for i in 0..<toks.count {
                // The next token's slots start loading while this one is scored: the tables are megabytes, read at
                // random, and a token's score otherwise waits on them (`perf`: the tagger was 14 % of a run's
                // cycles for 5 % of its instructions).
                // The features that depend on predicted tags are hashed here with this token's tags, not the next
                // one's, so those few hints miss; the rest (three quarters) hit.
                if i + 1 < toks.count && (!useDictionary || dictionary.tag(toks[i + 1].word) < 0) {
                    TaggerFeatures.features(kind, toks, pos, i + 1, p1, p2, into: &ahead)
                    for f in ahead { wd_prefetch(slots.baseAddress! + (Int(PerceptronWeights.slotKey(f)) & mask)) }
                }
                if useDictionary {
                    let known = dictionary.tag(toks[i].word)
                    if known >= 0 {
                        out[i] = known
                        p2 = p1
                        p1 = known
                        continue
                    }
                }
                TaggerFeatures.features(kind, toks, pos, i, p1, p2, into: &feats)
                for k in 0..<n { scores[k] = 0 }
                for f in feats {
                    PerceptronWeights.add(f, slots: slots, mask: mask, entries: entries, to: scores)
                }
                var best = 0
                for k in 1..<n where scores[k] > scores[best] { best = k }
                out[i] = best
                p2 = p1
                p1 = best
            }
        }
        return out
    }
}

/// The shipped POS tagger and NP chunker (`Models/pos.model`).
public struct POSModel: Sendable {
    public static let fileName = "pos.model"
    public let tagger: PerceptronTagger
    public let chunker: PerceptronTagger

    public init(tagger: PerceptronTagger, chunker: PerceptronTagger) {
        self.tagger = tagger
        self.chunker = chunker
    }

    /// Loaded once; nil when the file is missing or malformed (keywords then fall back to capitalised runs).
    public static var shipped: POSModel? { loaded?.model }

    /// First 12 hex digits of the shipped file's SHA-256, recorded in `pipeline.models.pos` (keywords, and so the
    /// summary, depend on it); nil when there is no model.
    public static var shippedVersion: String? { loaded?.version }

    private static let loaded: (model: POSModel, version: String)? = {
        guard let bytes = try? ModelStore.load(fileName), let model = try? POSModel(bytes: bytes) else { return nil }
        return (model, String(NormalizeStage.sha256Hex(bytes).prefix(12)))
    }()

    /// POS tag indices and NP chunk tags (0 = O, 1 = B-NP, 2 = I-NP) of one sentence.
    package func analyze(_ toks: [TaggerToken]) -> (pos: [Int], chunks: [Int]) {
        let pos = tagger.tag(toks)
        return (pos, chunker.tag(toks, pos: pos))
    }

    // MARK: File format
    // "WDPT" u32 version (2; 1 is still read), then two taggers: u8 kind, u16 tag count, tags (u8 length + UTF-8),
    // f32 scale, u32 feature count, per feature: u32 hash, u8 entry count, entries (u8 tag, i16 weight/scale);
    // version 2 adds after each tagger its tag dictionary: u32 count, per word: u32 hash, u8 tag.

    public func serialize() -> [UInt8] {
        var out: [UInt8] = Array("WDPT".utf8)
        func u32(_ v: UInt32) { withUnsafeBytes(of: v.littleEndian) { out.append(contentsOf: $0) } }
        func u16(_ v: UInt16) { withUnsafeBytes(of: v.littleEndian) { out.append(contentsOf: $0) } }
        u32(2)
        for t in [tagger, chunker] {
            out.append(t.kind.rawValue)
            u16(UInt16(t.weights.tags.count))
            for tag in t.weights.tags {
                out.append(UInt8(tag.utf8.count))
                out.append(contentsOf: tag.utf8)
            }
            let w = t.weights
            let maxAbs = w.entryWeight.reduce(Float(0)) { max($0, abs($1)) }
            let scale = maxAbs == 0 ? 1 : maxAbs / 32767
            u32(scale.bitPattern)
            u32(UInt32(w.index.count))
            for (hash, packed) in w.index.sorted(by: { $0.key < $1.key }) {
                u32(hash)
                let start = Int(packed >> 8)
                let count = Int(packed & 0xFF)
                out.append(UInt8(count))
                for e in start..<(start + count) {
                    out.append(w.entryTag[e])
                    u16(UInt16(bitPattern: Int16((w.entryWeight[e] / scale).rounded())))
                }
            }
            u32(UInt32(t.dictionary.entries.count))
            for (hash, tag) in t.dictionary.entries.sorted(by: { $0.key < $1.key }) {
                u32(hash)
                out.append(tag)
            }
        }
        return out
    }

    public init(bytes: [UInt8]) throws(ConfigError) {
        var r = ByteCursor(bytes: bytes)
        guard bytes.count > 8, Array(bytes[0..<4]) == Array("WDPT".utf8) else {
            throw ConfigError("\(Self.fileName): not a Wiredesk POS model")
        }
        r.offset = 4
        let version = r.u32()
        guard version == 1 || version == 2 else { throw ConfigError("\(Self.fileName): unknown version") }
        var taggers: [PerceptronTagger] = []
        for _ in 0..<2 {
            guard let kind = TaggerKind(rawValue: r.u8()) else {
                throw ConfigError("\(Self.fileName): bad tagger kind")
            }
            let tagCount = Int(r.u16())
            var tags: [String] = []
            for _ in 0..<tagCount {
                let n = Int(r.u8())
                tags.append(String(decoding: r.take(n), as: UTF8.self))
            }
            let scale = Float(bitPattern: r.u32())
            let features = Int(r.u32())
            var index: [UInt32: UInt32] = [:]
            index.reserveCapacity(features)
            var entryTag: [UInt8] = []
            var entryWeight: [Float] = []
            for _ in 0..<features {
                let hash = r.u32()
                let count = Int(r.u8())
                index[hash] = UInt32(entryTag.count) << 8 | UInt32(count)
                for _ in 0..<count {
                    entryTag.append(r.u8())
                    entryWeight.append(Float(Int16(bitPattern: r.u16())) * scale)
                }
            }
            var dictionary: [UInt32: UInt8] = [:]
            if version >= 2 {
                let words = Int(r.u32())
                guard words <= bytes.count else { throw ConfigError("\(Self.fileName): truncated") }
                for _ in 0..<words {
                    let hash = r.u32()
                    let tag = r.u8()
                    guard Int(tag) < tagCount else { throw ConfigError("\(Self.fileName): bad tag dictionary") }
                    dictionary[hash] = tag
                }
            }
            guard !r.overrun else { throw ConfigError("\(Self.fileName): truncated") }
            taggers.append(
                PerceptronTagger(
                    kind: kind,
                    weights: PerceptronWeights(
                        tags: tags, index: index, entryTag: entryTag, entryWeight: entryWeight),
                    dictionary: TagDictionary(dictionary)))
        }
        self.init(tagger: taggers[0], chunker: taggers[1])
    }
}

/// Little-endian reads that never trap: reading past the end sets `overrun` and yields zeros.
struct ByteCursor {
    let bytes: [UInt8]
    var offset = 0
    var overrun = false

    mutating func take(_ n: Int) -> ArraySlice<UInt8> {
        guard offset + n <= bytes.count else {
            overrun = true
            offset = bytes.count
            return []
        }
        defer { offset += n }
        return bytes[offset..<(offset + n)]
    }

    /// Marks a read of `n` bytes at `offset` that would pass the end; true when it fits.
    @inline(__always) private mutating func fits(_ n: Int) -> Bool {
        guard offset + n <= bytes.count else {
            overrun = true
            offset = bytes.count
            return false
        }
        return true
    }

    // The fixed-size reads index the array directly: through `take` each one made a slice (a retain and a
    // release), 1.5 M of them for the shipped POS model, about a third of its load.
    mutating func u8() -> UInt8 {
        guard fits(1) else { return 0 }
        defer { offset += 1 }
        return bytes[offset]
    }

    mutating func u16() -> UInt16 {
        guard fits(2) else { return 0 }
        defer { offset += 2 }
        return UInt16(bytes[offset]) | UInt16(bytes[offset + 1]) << 8
    }

    mutating func u32() -> UInt32 {
        guard fits(4) else { return 0 }
        defer { offset += 4 }
        return bytes.withUnsafeBytes { UInt32(littleEndian: $0.loadUnaligned(fromByteOffset: offset, as: UInt32.self)) }
    }
}
