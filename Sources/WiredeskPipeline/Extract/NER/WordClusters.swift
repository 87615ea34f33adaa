// Distributional word classes (Models/word-clusters.tsv, built by scripts/build-word-clusters.py from unlabeled
// news text): three class ids per word at 64, 256 and 1024 classes. Tagger features only.

/// Lower-cased word → class ids, keyed by the same folded hash the tagger computes for a token.
public struct WordClusters: Sendable {
    public static let fileName = "word-clusters.tsv"
    let classes: HashedKeyMap<(UInt16, UInt16, UInt16)>
    /// How news text writes the word away from sentence starts (`Models/word-casing.tsv`, feature set 7): 1 in
    /// lower case, 2 mostly lower, 3 mostly capitalized, 4 capitalized; absent = unknown.
    let casing: HashedKeyMap<UInt8>

    /// Parses `word \t c64 \t c256 \t c1024` lines (`#` lines are comments), and `word \t casing` lines.
    /// - Throws: `ConfigError` on a malformed line.
    public init(tsv bytes: [UInt8], casingTSV: [UInt8] = []) throws(ConfigError) {
        var classes = HashedKeyMap<(UInt16, UInt16, UInt16)>(
            minimumCapacity: TSVRecords.lineCount(bytes), empty: (0, 0, 0))
        var word: [Unicode.Scalar] = []
        word.reserveCapacity(64)
        var records = TSVRecords(bytes)
        while records.next() {
            guard records.fields.count == 4, let a = records.decimal(1), let b = records.decimal(2),
                let c = records.decimal(3)
            else { throw ConfigError("word clusters line \(records.lineNumber) is malformed") }
            records.scalars(0, into: &word)
            classes.update(NERFeaturizer.lowerHash(word, 0, word.count), initial: (0, 0, 0)) {
                $0 = (a + 1, b + 1, c + 1)
            }
        }
        self.classes = classes
        var casing = HashedKeyMap<UInt8>(minimumCapacity: TSVRecords.lineCount(casingTSV), empty: 0)
        records = TSVRecords(casingTSV)
        while records.next() {
            guard records.fields.count == 2, let c = records.decimal(1), c >= 1, c <= 4 else {
                throw ConfigError("word casing line \(records.lineNumber) is malformed")
            }
            records.scalars(0, into: &word)
            casing.update(NERFeaturizer.lowerHash(word, 0, word.count), initial: 0) { $0 = UInt8(c) }
        }
        self.casing = casing
    }

    public static let casingFileName = "word-casing.tsv"

    /// Loads the shipped file (or the one at `path`).
    public static func load(path: String? = nil) throws(ConfigError) -> WordClusters {
        try WordClusters(
            tsv: FileIO.configuredOrShipped(path, shipped: fileName, what: "word clusters"),
            casingTSV: ModelStore.load(casingFileName))
    }

    /// Class ids (1-based; 0 = unknown word) of a token's lower-case hash.
    /// Casing class (0 = unknown word) of a token's lower-case hash.
    @inline(__always) func casingClass(_ lower: UInt64) -> UInt64 { UInt64(casing[lower] ?? 0) }

    @inline(__always) func lookup(_ lower: UInt64) -> (UInt64, UInt64, UInt64) {
        guard let c = classes[lower] else { return (0, 0, 0) }
        return (UInt64(c.0), UInt64(c.1), UInt64(c.2))
    }
}
