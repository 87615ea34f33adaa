// Distributional word classes (Models/word-clusters.tsv, built by scripts/build-word-clusters.py from unlabeled
// news text): three class ids per word at 64, 256 and 1024 classes. Tagger features only.

/// Lower-cased word → class ids, keyed by the same folded hash the tagger computes for a token.
public struct WordClusters: Sendable {
    public static let fileName = "word-clusters.tsv"
    let classes: HashedKeyMap<(UInt16, UInt16, UInt16)>
    /// How news text writes the word away from sentence starts (`Models/word-casing.tsv`, feature set 7): 1 in
    /// lower case, 2 mostly lower, 3 mostly capitalized, 4 capitalized; absent = unknown.
    let casing: HashedKeyMap<UInt8>

    /// Parses `word \t c64 \t c256 \t c1024` lines (`#` lines are comments).
    /// - Throws: `ConfigError` on a malformed line.
    public init(tsv bytes: [UInt8], casingTSV: [UInt8] = []) throws(ConfigError) {
        var classes = HashedKeyMap<(UInt16, UInt16, UInt16)>(
            minimumCapacity: bytes.reduce(0) { $0 + ($1 == UInt8(ascii: "\n") ? 1 : 0) }, empty: (0, 0, 0))
        var lineNumber = 0
        for line in bytes.split(separator: UInt8(ascii: "\n")) {
            lineNumber += 1
            if line.first == UInt8(ascii: "#") { continue }
            let fields = line.split(separator: UInt8(ascii: "\t"), omittingEmptySubsequences: false)
            guard fields.count == 4, let a = Self.decimal(fields[1]), let b = Self.decimal(fields[2]),
                let c = Self.decimal(fields[3])
            else { throw ConfigError("word clusters line \(lineNumber) is malformed") }
            let word = Array(String(decoding: fields[0], as: UTF8.self).unicodeScalars)
            classes.update(NERFeaturizer.lowerHash(word, 0, word.count), initial: (0, 0, 0)) {
                $0 = (a + 1, b + 1, c + 1)
            }
        }
        self.classes = classes
        var casing = HashedKeyMap<UInt8>(
            minimumCapacity: casingTSV.reduce(0) { $0 + ($1 == UInt8(ascii: "\n") ? 1 : 0) }, empty: 0)
        lineNumber = 0
        for line in casingTSV.split(separator: UInt8(ascii: "\n")) {
            lineNumber += 1
            if line.first == UInt8(ascii: "#") { continue }
            let fields = line.split(separator: UInt8(ascii: "\t"), omittingEmptySubsequences: false)
            guard fields.count == 2, let c = Self.decimal(fields[1]), c >= 1, c <= 4 else {
                throw ConfigError("word casing line \(lineNumber) is malformed")
            }
            let word = Array(String(decoding: fields[0], as: UTF8.self).unicodeScalars)
            casing.update(NERFeaturizer.lowerHash(word, 0, word.count), initial: 0) { $0 = UInt8(c) }
        }
        self.casing = casing
    }

    public static let casingFileName = "word-casing.tsv"

    /// An unsigned decimal read straight from the bytes (no `String` per field); nil when empty, not all
    /// digits, or over `UInt16.max`.
    static func decimal(_ digits: ArraySlice<UInt8>) -> UInt16? {
        guard !digits.isEmpty else { return nil }
        var value: UInt32 = 0
        for byte in digits {
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
            value = value * 10 + UInt32(byte - UInt8(ascii: "0"))
            guard value <= UInt32(UInt16.max) else { return nil }
        }
        return UInt16(value)
    }

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
