// The words of an article as classify reads them: one array of word hashes, cut once per article from the
// analysis's tokens (`AnalyzedText.tokens`, whose character classes are `Tokenizer`'s), and shared by the topic
// features, the tone scorer and the near-duplicate signature. Classify has no tokenizer of its own.
//
// From the tokens to the words:
//   - words and numbers are words, lower-cased (ASCII by bit, other scalars by their Unicode lower-case
//     mapping); typographic apostrophes (’ ‘ `) are folded to "'";
//   - a hyphenated token is one word per part ("Secretary-General" → "secretary", "general";
//     "1996-08-22" → "1996", "08", "22"), as the topic features and the tone lexicon always counted them;
//   - a final period is dropped ("Mr." → "mr", "U.S." → "u.s"); periods and commas inside a token stay
//     ("2,000.5");
//   - a clitic goes back onto the word it was split from ("do" + "n't" → "don't", "we" + "'re" → "we're"), so the
//     tone lexicon's negations match, as `RuleText` does; the possessive "'s" is no word ("NATO's" → "nato");
//   - quotation marks and punctuation are not words.
// Each word is hashed with FNV-1a 64 over the UTF-8 of its lower-cased text (`hash(_:)` keys lexicons the same
// way); its length in scalars rides along, since the topic features leave out one-scalar words ("a", "I").

/// The hashed, lower-cased words of one article, in text order.
public struct ClassifyWords: Sendable, Equatable {
    /// FNV-1a 64 hash of each word.
    public let hashes: [UInt64]
    /// Length of each word in Unicode scalars (at most 255).
    public let lengths: [UInt8]

    public var count: Int { hashes.count }

    /// FNV-1a 64 offset basis and prime.
    @usableFromInline static let fnvOffset: UInt64 = 0xcbf2_9ce4_8422_2325
    @usableFromInline static let fnvPrime: UInt64 = 0x0000_0100_0000_01b3

    /// The hash of one already lower-cased word, as the words of a text are hashed (keys the tone lexicon).
    public static func hash(_ word: String) -> UInt64 {
        fnv1a(word.utf8)
    }

    /// FNV-1a 64 of `bytes` (also the near-duplicate store's record checksum).
    static func fnv1a<Bytes: Sequence<UInt8>>(_ bytes: Bytes) -> UInt64 {
        var h = fnvOffset
        for byte in bytes {
            h = (h ^ UInt64(byte)) &* fnvPrime
        }
        return h
    }

    /// The words of an analysed article.
    public init(_ analysis: AnalyzedText) {
        self.init(scalars: analysis.scalars, tokens: analysis.tokens)
    }

    /// The words of a bare text (tests, lexicon and cluster keys): it is analysed first, as
    /// `AnalyzedText(text:)` does.
    package init(text: String) {
        self.init(AnalyzedText(text: text))
    }

    /// The words of `tokens`, cut from `scalars`.
    public init(scalars: [Unicode.Scalar], tokens: [Token]) {
        var hashes: [UInt64] = []
        var lengths: [UInt8] = []
        hashes.reserveCapacity(tokens.count)
        lengths.reserveCapacity(tokens.count)
        scalars.withUnsafeBufferPointer { s in
            tokens.withUnsafeBufferPointer { t in Self.cut(s, t, &hashes, &lengths) }
        }
        self.hashes = hashes
        self.lengths = lengths
    }

    /// One pass over the tokens with plain locals and `inout` arrays over unsafe buffers: a builder struct with a
    /// method per token kind took about 40 % longer (perf samples against MinHash's, bbc-train, 2026-12-07).
    private static func cut(
        _ s: UnsafeBufferPointer<Unicode.Scalar>, _ tokens: UnsafeBufferPointer<Token>, _ hashes: inout [UInt64],
        _ lengths: inout [UInt8]
    ) {
        // Scalar offset where the last word ended (a clitic starting there joins it), -1 = none.
        var lastEnd = -1
        for t in tokens {
            switch t.kind {
            case .word, .number:
                var stop = t.end
                if stop - t.start > 1 && s[stop - 1] == "." { stop -= 1 }
                var h = fnvOffset
                var length = 0
                for k in t.start..<stop {
                    let c = s[k]
                    let v = c.value
                    if v == 0x2D || v == 0x2010 || v == 0x2011 {
                        append(h, length, &hashes, &lengths)
                        h = fnvOffset
                        length = 0
                        continue
                    }
                    feed(c, &h)
                    length += 1
                }
                append(h, length, &hashes, &lengths)
                lastEnd = t.end
            case .clitic:
                // "'s" (any apostrophe, any case) is the possessive or "is": not a word of its own.
                if t.end - t.start == 2 && (s[t.start + 1] == "s" || s[t.start + 1] == "S") {
                    lastEnd = -1
                    continue
                }
                if t.start == lastEnd, var h = hashes.last, let length = lengths.last {
                    for k in t.start..<t.end { feed(s[k], &h) }
                    hashes[hashes.count - 1] = h
                    lengths[lengths.count - 1] = UInt8(min(255, Int(length) + t.end - t.start))
                } else {
                    var h = fnvOffset
                    for k in t.start..<t.end { feed(s[k], &h) }
                    append(h, t.end - t.start, &hashes, &lengths)
                }
                lastEnd = -1
            case .quote, .punctuation:
                continue
            }
        }
    }

    @inline(__always) private static func append(
        _ h: UInt64, _ length: Int, _ hashes: inout [UInt64], _ lengths: inout [UInt8]
    ) {
        guard length > 0 else { return }
        hashes.append(h)
        lengths.append(UInt8(min(255, length)))
    }

    /// Hashes the UTF-8 of `c` lower-cased, apostrophes folded to "'": ASCII inline, the rest out of line (when
    /// the compiler kept all of it out of line, the call per scalar cost more than the hashing).
    @inline(__always) private static func feed(_ c: Unicode.Scalar, _ h: inout UInt64) {
        let v = c.value
        if v < 0x80 {
            let b = v >= 0x41 && v <= 0x5A ? v | 0x20 : v == 0x60 ? 0x27 : v
            h = (h ^ UInt64(b)) &* fnvPrime
        } else {
            feedNonASCII(c, &h)
        }
    }

    @inline(never) private static func feedNonASCII(_ c: Unicode.Scalar, _ h: inout UInt64) {
        let v = c.value
        if v == 0x2019 || v == 0x2018 {
            h = (h ^ 0x27) &* fnvPrime
        } else if c.properties.changesWhenLowercased {
            for b in c.properties.lowercaseMapping.utf8 { h = (h ^ UInt64(b)) &* fnvPrime }
        } else {
            var x = h
            UTF8.encode(c) { x = (x ^ UInt64($0)) &* fnvPrime }
            h = x
        }
    }
}
