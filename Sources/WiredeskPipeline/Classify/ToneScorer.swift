// Lexicon-based tone in the spirit of GDELT's "Tone": how much of the text is positive, how much negative,
// and the difference. Word valences come from the VADER lexicon (Hutto and Gilbert, ICWSM 2014; MIT licence,
// converted by scripts/convert-vader-lexicon.py into Models/vader-tone.tsv), with VADER's two rules that
// matter in news prose:
//   - a booster ("very", "extremely"; or a damper: "slightly") within the three preceding words moves the
//     valence away from (or towards) zero by 0.293, 0.95× and 0.9× as the booster is further away;
//   - a negation ("not", "never", "without", "don't") within the three preceding words multiplies it by -0.74.
// Each sentiment word then counts |valence| / 2 words (a moderate word such as "good", 1.9, counts about one),
// so `positive` and `negative` are percentages of the article's words like GDELT's, and intensity matters.

/// The converted VADER lexicon.
public struct ToneLexicon: Sendable {
    /// Word hash (`ClassifyWords.hash`) → mean valence, -4 … +4.
    public let valence: [UInt64: Float]
    /// Word hash → booster increment (positive intensifies, negative dampens).
    public let boosters: [UInt64: Float]
    public let negations: Set<UInt64>
    /// Recorded in `pipeline.models.tone`.
    public let version: String

    /// VADER's constants (vaderSentiment 3.3.2).
    public static let negationScalar: Float = -0.74

    /// Parses the `L word valence` / `B word delta` / `N word` lines written by the conversion script.
    /// - Throws: `ConfigError` on a malformed line or an empty lexicon.
    public init(tsv: String, version: String) throws(ConfigError) {
        try self.init(bytes: Array(tsv.utf8), version: version)
    }

    /// The same, read from the file's bytes (`TSVRecords`: no allocation per line).
    public init(bytes: [UInt8], version: String) throws(ConfigError) {
        var valence: [UInt64: Float] = [:]
        var boosters: [UInt64: Float] = [:]
        var negations: Set<UInt64> = []
        valence.reserveCapacity(TSVRecords.lineCount(bytes))
        var records = TSVRecords(bytes)
        while records.next() {
            let fields = records.fields.count
            // Keyed as `ClassifyWords.hash` keys a word: FNV-1a of its UTF-8 bytes.
            let key = fields > 1 ? ClassifyWords.fnv1a(records.bytes(1)) : 0
            if records.field(0, is: "L") && fields == 3 {
                guard let v = records.float(2) else {
                    throw ConfigError("tone lexicon line \(records.lineNumber): bad valence")
                }
                valence[key] = v
            } else if records.field(0, is: "B") && fields == 3 {
                guard let v = records.float(2) else {
                    throw ConfigError("tone lexicon line \(records.lineNumber): bad booster")
                }
                boosters[key] = v
            } else if records.field(0, is: "N") && fields == 2 {
                negations.insert(key)
            } else {
                throw ConfigError("tone lexicon line \(records.lineNumber): expected L/B/N record")
            }
        }
        guard !valence.isEmpty else { throw ConfigError("tone lexicon has no words") }
        self.valence = valence
        self.boosters = boosters
        self.negations = negations
        self.version = version
    }

    /// File name of the shipped lexicon in `ModelStore`.
    public static let shippedName = "vader-tone.tsv"

    /// The VADER 3.3.2 lexicon shipped with Wiredesk.
    public static func loadShipped() throws(ConfigError) -> ToneLexicon {
        try ToneLexicon(bytes: ModelStore.load(shippedName), version: "vader-3.3.2")
    }
}

/// Scores the tone of a text with a `ToneLexicon`.
public struct ToneScorer: Sendable {
    public let lexicon: ToneLexicon

    public init(lexicon: ToneLexicon) {
        self.lexicon = lexicon
    }

    /// The valence of each word after the booster and negation rules (0 for words without sentiment).
    public func valences(_ classifyWords: ClassifyWords) -> [Float] {
        let words = classifyWords.hashes
        var out = [Float](repeating: 0, count: words.count)
        for (i, word) in words.enumerated() {
            // A booster is not itself a sentiment word (VADER: "extremely" alone says nothing).
            guard var v = lexicon.valence[word], lexicon.boosters[word] == nil else { continue }
            var negated = false
            for distance in 1...3 where i - distance >= 0 {
                let before = words[i - distance]
                if let delta = lexicon.boosters[before] {
                    let scaled = delta * (distance == 1 ? 1 : distance == 2 ? 0.95 : 0.9)
                    v += v > 0 ? scaled : -scaled
                }
                if lexicon.negations.contains(before) { negated = true }
            }
            if negated { v *= ToneLexicon.negationScalar }
            out[i] = v
        }
        return out
    }

    /// GDELT-style tone of an article's words; an article without words scores 0 everywhere.
    public func score(_ words: ClassifyWords) -> Tone {
        let values = valences(words)
        guard !values.isEmpty else { return Tone(score: 0, positive: 0, negative: 0, polarity: 0, words: 0) }
        var positive: Double = 0
        var negative: Double = 0
        for v in values {
            if v > 0 { positive += Double(v) / 2 } else if v < 0 { negative -= Double(v) / 2 }
        }
        let scale = 100 / Double(values.count)
        positive *= scale
        negative *= scale
        func round3(_ x: Double) -> Double { (x * 1000).rounded() / 1000 }
        return Tone(
            score: round3(positive - negative), positive: round3(positive), negative: round3(negative),
            polarity: round3(positive + negative), words: values.count)
    }

    /// The valences of a bare text's words, `ClassifyWords(text:)` (tests).
    package func valences(_ text: String) -> [Float] { valences(ClassifyWords(text: text)) }

    /// The tone of a bare text's words, `ClassifyWords(text:)` (tests).
    package func score(_ text: String) -> Tone { score(ClassifyWords(text: text)) }
}
