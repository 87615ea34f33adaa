// Feature extraction for the NER tagger: every feature is a 64-bit hash of (template, values), folded into a fixed
// number of weight rows ("feature hashing"), so the model needs no feature dictionary and stays compact.
//
// The same code computes features for CoNLL training sentences (space-separated tokens) and for article tokens
// cut by `Tokenizer`: both are given as scalar ranges into a scalar array. Typographic quotes, apostrophes and
// dashes are folded to their ASCII forms first, so "Russia’s" at run time looks like CoNLL's "Russia 's".

/// The BIO tag set: `O`, then `B-`/`I-` for PER, ORG, LOC, MISC.
public enum NERTags {
    public static let types = ["PER", "ORG", "LOC", "MISC"]
    public static let count = 1 + 2 * types.count
    public static let names: [String] = ["O"] + types.flatMap { ["B-" + $0, "I-" + $0] }

    /// Tag index of a CoNLL tag string (`O`, `B-PER`, `I-LOC`, ...); unknown tags are `O`.
    public static func index(of name: Substring) -> Int {
        guard name.count > 2, let type = types.firstIndex(of: String(name.dropFirst(2))) else { return 0 }
        return name.hasPrefix("B-") ? 1 + 2 * type : 2 + 2 * type
    }

    /// Entity type index (0...3) of a tag, or -1 for `O`.
    @inline(__always) public static func type(of tag: Int) -> Int { tag == 0 ? -1 : (tag - 1) / 2 }
    @inline(__always) public static func isBegin(_ tag: Int) -> Bool { tag != 0 && (tag - 1) % 2 == 0 }

    /// Whether `tag` may follow `previous` in BIO: `I-X` only continues `B-X` or `I-X`.
    @inline(__always) public static func allowed(_ tag: Int, after previous: Int) -> Bool {
        if tag == 0 || isBegin(tag) { return true }
        return previous != 0 && type(of: previous) == type(of: tag)
    }
}

/// 64-bit hashing helpers (FNV-1a over scalars, a multiplicative combiner and the murmur3 finaliser).
enum FeatureHash {
    static let seed: UInt64 = 0xcbf2_9ce4_8422_2325

    @inline(__always) static func add(_ h: UInt64, _ v: UInt64) -> UInt64 {
        (h ^ v) &* 0x0000_0100_0000_01B3
    }

    @inline(__always) static func combine(_ a: UInt64, _ b: UInt64) -> UInt64 {
        add(add(a, b), 0x9E37_79B9_7F4A_7C15)
    }

    @inline(__always) static func finalize(_ k: UInt64) -> UInt64 {
        var h = k
        h ^= h >> 33
        h = h &* 0xff51_afd7_ed55_8ccd
        h ^= h >> 33
        h = h &* 0xc4ce_b9fe_1a85_ec53
        h ^= h >> 33
        return h
    }
}

/// Per-token values the feature templates combine (computed once per token).
struct TokenFeatures {
    var lower: UInt64 = 0
    var exact: UInt64 = 0
    var shape: UInt64 = 0
    var prefixes: (UInt64, UInt64, UInt64) = (0, 0, 0)
    var suffixes: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
    var isCapitalized = false
    var isAllCaps = false
    var hasLetter = false
    /// Gazetteer match code: 0 none, else 1 + 2*kind + (inside ? 1 : 0).
    var gazetteer: UInt64 = 0
    /// Word classes at three granularities (0 = unknown).
    var clusters: (UInt64, UInt64, UInt64) = (0, 0, 0)
    /// `DocumentContext` case flags of the word.
    var documentCase: UInt64 = 0
    /// `NERLexicon` class of the word (0 = none; feature version 6).
    var lexicon: UInt64 = 0
    /// `WordClusters.casing` class of the word (0 = unknown; feature version 7).
    var casing: UInt64 = 0
    /// `StackVotes.vote` of the word (second stage only).
    var vote: UInt64 = 0
}

/// Small hand-written word classes that name-shaped context hinges on and that CoNLL's training text shows too
/// rarely to learn word by word: name particles ("von der Leyen", "bin Salman"), organisation suffixes and
/// keywords ("Inc", "Commission", "Bureau"), person titles ("Sheriff", "President"), calendar words.
enum NERLexicon {
    static let particles = [
        "von", "van", "der", "den", "de", "del", "della", "di", "da", "du", "dos", "das", "le", "la", "bin", "ibn",
        "al", "el", "ben", "abu", "ter", "ten", "zu", "y", "bint",
    ]
    static let organisation = [
        "inc", "inc.", "corp", "corp.", "co", "co.", "ltd", "ltd.", "plc", "llc", "ag", "sa", "nv", "gmbh", "spa",
        "group", "holdings", "bank", "party", "union", "association", "council", "committee", "commission",
        "ministry", "university", "institute", "agency", "federation", "league", "club", "fc", "airlines",
        "airways", "motors", "industries", "corporation", "company", "foundation", "organization", "organisation",
        "authority", "board", "court", "police", "army", "navy", "bureau", "department", "office", "exchange",
        "fund", "trust", "society", "church", "parliament", "senate", "congress", "assembly", "front", "movement",
        "administration", "service", "services", "systems", "technologies", "partners", "securities", "capital",
        "communications", "telecom", "pharmaceuticals", "news", "times", "post", "journal", "television", "radio",
        "network", "forces", "coalition", "alliance", "institution", "hospital", "school", "college", "centre",
        "center", "laboratories", "labs", "media", "press", "bancorp", "financial", "energy", "petroleum",
    ]
    static let titles = [
        "mr", "mr.", "mrs", "mrs.", "ms", "ms.", "dr", "dr.", "president", "minister", "chancellor", "secretary",
        "senator", "sen.", "governor", "gov.", "rep.", "sheriff", "mayor", "judge", "justice", "prince", "princess",
        "king", "queen", "pope", "chairman", "chairwoman", "spokesman", "spokeswoman", "coach", "captain", "general",
        "gen.", "commissioner", "ambassador", "director", "chief", "premier", "leader", "envoy", "prosecutor",
        "attorney", "officer", "ceo", "executive", "striker", "midfielder", "goalkeeper", "defender", "manager",
    ]
    static let calendar = [
        "january", "february", "march", "april", "june", "july", "august", "september", "october", "november",
        "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "jan.",
        "feb.", "mar.", "apr.", "jun.", "jul.", "aug.", "sep.", "sept.", "oct.", "nov.", "dec.", "monday",
        "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "christmas", "easter", "ramadan",
        "thanksgiving", "eid", "hanukkah", "diwali",
    ]

    /// The lists as sets, for the entity repairs.
    static let organisationWords = Set(organisation)
    static let calendarWords = Set(calendar)

    /// Lower-case hash → class (1 particle, 2 organisation, 3 title, 4 calendar).
    static let classes: HashedKeyMap<UInt64> = {
        var table = HashedKeyMap<UInt64>(empty: 0)
        for (code, words) in [(1, particles), (2, organisation), (3, titles), (4, calendar)] {
            for w in words {
                let scalars = Array(w.unicodeScalars)
                table.update(NERFeaturizer.lowerHash(scalars, 0, scalars.count), initial: 0) { $0 = UInt64(code) }
            }
        }
        return table
    }()
}

/// What a document says about the case of its words: for each lower-cased word, whether it was seen capitalized
/// (bit 1) and/or lower-case (bit 2) away from sentence starts and capitals-only headlines. Lets the tagger tell
/// "GERMAN" in a headline or "Stoltenberg" at a sentence start from common words.
public struct DocumentContext: Sendable {
    var flags = HashedKeyMap<UInt8>(minimumCapacity: 512, empty: 0)

    public init() {}

    /// Adds one sentence; `isHeadline` sentences (title case) are skipped.
    public mutating func add(_ s: [Unicode.Scalar], tokens: ArraySlice<Token>, isHeadline: Bool = false) {
        guard !isHeadline, !tokens.isEmpty else { return }
        var letterTokens = 0
        var capsTokens = 0
        var first = -1
        for (i, t) in tokens.enumerated() {
            guard Tokenizer.isLetter(s[t.start]) || t.kind == .word else { continue }
            if first < 0 { first = i }
            letterTokens += 1
            var allUpper = t.end - t.start > 1
            for k in t.start..<t.end where Tokenizer.isLetter(s[k]) && !Tokenizer.isUpper(s[k]) {
                allUpper = false
                break
            }
            if allUpper { capsTokens += 1 }
        }
        if letterTokens >= 3 && capsTokens * 10 >= letterTokens * 7 { return }
        for (i, t) in tokens.enumerated() where i != first && Tokenizer.isLetter(s[t.start]) {
            let key = NERFeaturizer.lowerHash(s, t.start, t.end)
            let bit: UInt8 = Tokenizer.isUpper(s[t.start]) ? 1 : 2
            flags.update(key, initial: 0) { $0 |= bit }
        }
    }

    @inline(__always) func lookup(_ lower: UInt64) -> UInt64 { UInt64(flags[lower] ?? 0) }
}

/// How the first stage tagged each word of a document: lower-case word hash → count per entity type, and the
/// number of occurrences. The second stage reads the document-wide majority ("Stoltenberg" was PER elsewhere).
public struct StackVotes: Sendable {
    var counts = HashedKeyMap<(types: (Int32, Int32, Int32, Int32), total: Int32)>(
        minimumCapacity: 512, empty: ((0, 0, 0, 0), 0))

    public init() {}

    package mutating func add(_ s: [Unicode.Scalar], tokens: ArraySlice<Token>, tags: [Int]) {
        for (i, t) in tokens.enumerated() where Tokenizer.isLetter(s[t.start]) {
            let key = NERFeaturizer.lowerHash(s, t.start, t.end)
            let type = NERTags.type(of: tags[i])
            counts.update(key, initial: ((0, 0, 0, 0), 0)) { entry in
                entry.total += 1
                switch type {
                case 0: entry.types.0 += 1
                case 1: entry.types.1 += 1
                case 2: entry.types.2 += 1
                case 3: entry.types.3 += 1
                default: break
                }
            }
        }
    }

    /// 0 when the word was never in an entity; else 1 + majority type, with 8 added when every occurrence agreed.
    @inline(__always) func vote(_ lower: UInt64) -> UInt64 {
        guard let entry = counts[lower] else { return 0 }
        var best = -1
        var bestCount: Int32 = 0
        if entry.types.0 > bestCount { (best, bestCount) = (0, entry.types.0) }
        if entry.types.1 > bestCount { (best, bestCount) = (1, entry.types.1) }
        if entry.types.2 > bestCount { (best, bestCount) = (2, entry.types.2) }
        if entry.types.3 > bestCount { (best, bestCount) = (3, entry.types.3) }
        guard best >= 0 else { return 0 }
        return UInt64(1 + best) + (bestCount == entry.total ? 8 : 0)
    }
}

/// Turns a sentence (token ranges over a scalar array) into weight-row indices for the tagger.
public struct NERFeaturizer: Sendable {
    /// Number of feature templates that do not depend on previous tags.
    static let staticCount = 47
    /// Extra templates of the second (stacked) stage.
    static let stackedCount = 6
    /// Templates that depend on previous tags (computed while decoding).
    static let dynamicCount = 4
    /// The newest feature set; 5 is the same without the `NERLexicon` templates. A model file names its version.
    public static let featureVersion: UInt32 = 7
    public static let supportedVersions: ClosedRange<UInt32> = 5...7

    let gazetteer: Gazetteer?
    let clusters: WordClusters?
    /// Feature set to compute (`supportedVersions`).
    public let version: UInt32
    let lexicon: Bool
    let casing: Bool

    public init(gazetteer: Gazetteer?, clusters: WordClusters? = nil, version: UInt32 = NERFeaturizer.featureVersion) {
        self.gazetteer = gazetteer
        self.clusters = clusters
        self.version = version
        self.lexicon = version >= 6
        self.casing = version >= 7
    }

    /// Folds typographic punctuation to ASCII and digits to `0`; lower-cases when `lower`.
    @inline(__always) package static func fold(_ c: Unicode.Scalar, lower: Bool) -> UInt32 {
        let v = c.value
        if v < 0x80 {
            if v >= 0x30 && v <= 0x39 { return 0x30 }
            if lower && v >= 0x41 && v <= 0x5A { return v + 32 }
            return v
        }
        switch v {
        case 0x2018, 0x2019, 0x201A, 0x201B, 0x2032: return 0x27
        case 0x201C, 0x201D, 0x201E, 0x201F, 0xAB, 0xBB, 0x2033: return 0x22
        case 0x2010, 0x2011, 0x2012, 0x2013, 0x2014, 0x2015, 0x2212: return 0x2D
        default:
            if lower && c.properties.isUppercase, let l = c.properties.lowercaseMapping.unicodeScalars.first {
                return l.value
            }
            return v
        }
    }

    /// Hash of a token's lower-cased, folded form (also used by the gazetteer so both agree).
    static func lowerHash(_ scalars: [Unicode.Scalar], _ start: Int, _ end: Int) -> UInt64 {
        var h = FeatureHash.seed
        for k in start..<end { h = FeatureHash.add(h, UInt64(fold(scalars[k], lower: true))) }
        return h
    }

    func tokenFeatures(_ s: [Unicode.Scalar], _ start: Int, _ end: Int) -> TokenFeatures {
        var f = TokenFeatures()
        var lower = FeatureHash.seed
        var exact = FeatureHash.seed
        var shape = FeatureHash.seed
        var lastShape: UInt32 = 0
        var shapeRun = 0
        var uppers = 0
        var letters = 0
        let n = end - start
        var p1: UInt64 = 0
        var p2: UInt64 = 0
        var p3: UInt64 = 0
        for k in start..<end {
            let c = s[k]
            let l = Self.fold(c, lower: true)
            lower = FeatureHash.add(lower, UInt64(l))
            exact = FeatureHash.add(exact, UInt64(Self.fold(c, lower: false)))
            let i = k - start
            if i == 1 { p1 = lower } else if i == 2 { p2 = lower } else if i == 3 { p3 = lower }
            let shapeClass: UInt32
            if Tokenizer.isLetter(c) {
                letters += 1
                if Tokenizer.isUpper(c) {
                    uppers += 1
                    shapeClass = 0x58  // X
                } else {
                    shapeClass = 0x78  // x
                }
            } else if Tokenizer.isDigit(c) {
                shapeClass = 0x64  // d
            } else {
                shapeClass = l
            }
            if shapeClass == lastShape {
                shapeRun += 1
            } else {
                shapeRun = 1
                lastShape = shapeClass
            }
            if shapeRun <= 2 { shape = FeatureHash.add(shape, UInt64(shapeClass)) }
        }
        f.lower = lower
        f.exact = exact
        f.shape = shape
        f.prefixes = (n > 1 ? p1 : lower, n > 2 ? p2 : lower, n > 3 ? p3 : lower)
        // Suffixes: hash the last 1...4 folded scalars (distinct seeds from prefixes through the template id).
        // Suffixes hashed from the end backwards (a different hash than prefixes; fine for features).
        var h = FeatureHash.seed
        var k = end - 1
        for len in 1...4 {
            if k >= start {
                h = FeatureHash.add(h, UInt64(Self.fold(s[k], lower: true)))
                k -= 1
            }
            switch len {
            case 1: f.suffixes.0 = h
            case 2: f.suffixes.1 = h
            case 3: f.suffixes.2 = h
            default: f.suffixes.3 = h
            }
        }
        f.hasLetter = letters > 0
        f.isCapitalized = letters > 0 && Tokenizer.isUpper(s[start])
        f.isAllCaps = letters > 0 && uppers == letters
        return f
    }

    /// Static feature row indices for every token of a sentence, `staticCount` per token (plus `stackedCount`
    /// when `stack` is given: the first stage's tags for this sentence and its document), masked to `mask`.
    /// `context` receives each token's (lower-case hash, shape hash) for the tag-history templates.
    package func staticFeatures(
        _ s: [Unicode.Scalar], tokens: ArraySlice<Token>, document: DocumentContext?,
        stack: (tags: [Int], votes: StackVotes)? = nil, mask: UInt64,
        into out: inout [Int32], context: inout [(lower: UInt64, shape: UInt64)]
    ) {
        let n = tokens.count
        out.removeAll(keepingCapacity: true)
        context.removeAll(keepingCapacity: true)
        guard n > 0 else { return }
        var feats = [TokenFeatures]()
        feats.reserveCapacity(n)
        var allCapsTokens = 0
        var letterTokens = 0
        for t in tokens {
            var f = tokenFeatures(s, t.start, t.end)
            if let clusters { f.clusters = clusters.lookup(f.lower) }
            if let document { f.documentCase = document.lookup(f.lower) }
            if let stack { f.vote = stack.votes.vote(f.lower) }
            if lexicon { f.lexicon = NERLexicon.classes[f.lower] ?? 0 }
            if casing, let clusters { f.casing = clusters.casingClass(f.lower) }
            if f.hasLetter {
                letterTokens += 1
                if f.isAllCaps && t.end - t.start > 1 { allCapsTokens += 1 }
            }
            feats.append(f)
        }
        if let gazetteer { gazetteer.markMatches(in: &feats, s, tokens) }
        // A headline in capitals ("EU REJECTS GERMAN CALL") carries little case information.
        let capsSentence: UInt64 = (letterTokens >= 3 && allCapsTokens * 10 >= letterTokens * 7) ? 1 : 0
        let bos = TokenFeatures(lower: 1, exact: 1, shape: 1)
        let eos = TokenFeatures(lower: 2, exact: 2, shape: 2)
        out.reserveCapacity(n * Self.staticCount)
        // The first real word of the sentence (after opening quotes/brackets) is "sentence-initial".
        var firstWord = 0
        let base = tokens.startIndex
        while firstWord < n && !feats[firstWord].hasLetter && tokens[base + firstWord].kind != .number {
            firstWord += 1
        }
        for i in 0..<n {
            let w0 = feats[i]
            context.append((w0.lower, w0.shape))
            let wm1 = i >= 1 ? feats[i - 1] : bos
            let wm2 = i >= 2 ? feats[i - 2] : bos
            let wp1 = i + 1 < n ? feats[i + 1] : eos
            let wp2 = i + 2 < n ? feats[i + 2] : eos
            let initial: UInt64 = i == firstWord ? 1 : 0
            @inline(__always) func emit(_ template: UInt64, _ value: UInt64) {
                let h = FeatureHash.finalize(FeatureHash.combine(template &* 0x1000_0000_01B3, value))
                out.append(Int32(truncatingIfNeeded: h & mask))
            }
            emit(0, 0)
            emit(1, w0.lower)
            emit(2, FeatureHash.combine(w0.exact, capsSentence))
            emit(3, wm1.lower)
            emit(4, wp1.lower)
            emit(5, wm2.lower)
            emit(6, wp2.lower)
            emit(7, FeatureHash.combine(w0.shape, initial))
            emit(8, wm1.shape)
            emit(9, wp1.shape)
            emit(10, FeatureHash.combine(FeatureHash.combine(wm1.shape, w0.shape), wp1.shape))
            emit(11, w0.prefixes.0)
            emit(12, w0.prefixes.1)
            emit(13, w0.prefixes.2)
            emit(14, w0.suffixes.0)
            emit(15, w0.suffixes.1)
            emit(16, w0.suffixes.2)
            emit(17, w0.suffixes.3)
            emit(18, FeatureHash.combine(wm1.lower, w0.lower))
            emit(19, FeatureHash.combine(w0.lower, wp1.lower))
            emit(20, FeatureHash.combine(FeatureHash.combine(w0.lower, initial), capsSentence))
            emit(21, FeatureHash.combine(w0.gazetteer, capsSentence))
            emit(22, FeatureHash.combine(FeatureHash.combine(wm1.gazetteer, w0.gazetteer), wp1.gazetteer))
            emit(23, FeatureHash.combine(wm1.exact, w0.shape))
            emit(24, FeatureHash.combine(w0.shape, wp1.exact))
            emit(25, FeatureHash.combine(wm2.lower, wm1.lower))
            emit(26, FeatureHash.combine(wp1.lower, wp2.lower))
            emit(27, FeatureHash.combine(w0.gazetteer, w0.shape))
            emit(28, FeatureHash.combine(w0.lower, wm1.shape))
            emit(29, FeatureHash.combine(w0.lower, wp1.shape))
            let d0 = w0.documentCase
            let dm1 = i >= 1 ? wm1.documentCase : 8
            let dp1 = i + 1 < n ? wp1.documentCase : 8
            let caseBits: UInt64 =
                (w0.isCapitalized ? 1 : 0) | (w0.isAllCaps ? 2 : 0) | (initial << 2) | (capsSentence << 3)
            emit(30, FeatureHash.combine(d0, caseBits))
            emit(31, FeatureHash.combine(FeatureHash.combine(dm1, d0), FeatureHash.combine(dp1, caseBits)))
            emit(32, FeatureHash.combine(FeatureHash.combine(d0, caseBits), w0.suffixes.2))
            emit(33, FeatureHash.combine(FeatureHash.combine(d0, caseBits), wm1.lower))
            let c0 = w0.clusters
            emit(50, c0.0)
            emit(51, c0.1)
            emit(52, c0.2)
            emit(53, FeatureHash.combine(wm1.clusters.1, c0.1))
            emit(54, FeatureHash.combine(c0.1, wp1.clusters.1))
            emit(55, FeatureHash.combine(c0.2, caseBits))
            emit(56, wm1.clusters.2)
            emit(57, wp1.clusters.2)
            emit(58, FeatureHash.combine(wm1.clusters.2, w0.shape))
            emit(59, FeatureHash.combine(w0.shape, wp1.clusters.2))
            emit(60, wm2.clusters.1)
            emit(61, wp2.clusters.1)
            emit(62, FeatureHash.combine(c0.1, w0.shape))
            if lexicon {
                let caps: UInt64 = w0.isCapitalized ? 1 : 0
                emit(70, FeatureHash.combine(w0.lexicon, caps | (initial << 1)))
                emit(71, FeatureHash.combine(wp1.lexicon, w0.shape))
                emit(72, FeatureHash.combine(wm1.lexicon, w0.shape))
                emit(73, (wm1.lexicon << 8) | (w0.lexicon << 4) | wp1.lexicon)
                emit(74, FeatureHash.combine(wp2.lexicon, caps))
            }
            if casing {
                // How news text writes the word where case means something, against how it is written here:
                // a capitalized first word that is usually lower case ("Officials") is no name.
                let caps: UInt64 = w0.isCapitalized ? 1 : 0
                emit(80, FeatureHash.combine(w0.casing, caps | (initial << 1) | (capsSentence << 2)))
                emit(81, FeatureHash.combine(FeatureHash.combine(w0.casing, w0.shape), initial))
                emit(82, (wm1.casing << 8) | (w0.casing << 4) | wp1.casing | (initial << 12))
                emit(83, FeatureHash.combine(w0.casing, caseBits))
            }
            if let stack {
                let t0 = UInt64(stack.tags[i])
                let tm1 = i >= 1 ? UInt64(stack.tags[i - 1]) : 15
                let tp1 = i + 1 < n ? UInt64(stack.tags[i + 1]) : 15
                let vote = w0.vote
                emit(34, t0)
                emit(35, (tm1 << 8) | (t0 << 4) | tp1)
                emit(36, vote)
                emit(37, FeatureHash.combine(vote, caseBits | (t0 << 8)))
                emit(38, FeatureHash.combine(t0, w0.shape))
                let vm1 = i >= 1 ? wm1.vote : 31
                let vp1 = i + 1 < n ? wp1.vote : 31
                emit(39, (vm1 << 10) | (vote << 5) | vp1)
            }
        }
    }

    /// Row indices of the tag-history templates for position `i` given the two previous tags.
    @inline(__always) static func dynamicFeatures(
        prev: Int, prev2: Int, lower: UInt64, shape: UInt64, mask: UInt64
    ) -> (Int, Int, Int, Int) {
        @inline(__always) func idx(_ template: UInt64, _ value: UInt64) -> Int {
            Int(FeatureHash.finalize(FeatureHash.combine(template &* 0x1000_0000_01B3, value)) & mask)
        }
        let p = UInt64(prev)
        return (
            idx(40, p), idx(41, p &* 16 &+ UInt64(prev2)), idx(42, FeatureHash.combine(lower, p)),
            idx(43, FeatureHash.combine(shape, p))
        )
    }
}
