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
        var h = fnvOffset
        for byte in word.utf8 {
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
        var builder = Builder(scalars: scalars, capacity: tokens.count)
        for t in tokens {
            switch t.kind {
            case .word, .number:
                builder.word(t.start, t.end)
            case .clitic:
                builder.clitic(t.start, t.end)
            case .quote, .punctuation:
                continue
            }
        }
        hashes = builder.hashes
        lengths = builder.lengths
    }

    /// Accumulates hashes without a `String` per word.
    private struct Builder {
        let scalars: [Unicode.Scalar]
        var hashes: [UInt64] = []
        var lengths: [UInt8] = []
        /// Scalar offset where the last word ended (a clitic starting there joins it), -1 = none.
        var lastEnd = -1

        init(scalars: [Unicode.Scalar], capacity: Int) {
            self.scalars = scalars
            hashes.reserveCapacity(capacity)
            lengths.reserveCapacity(capacity)
        }

        mutating func word(_ start: Int, _ end: Int) {
            var stop = end
            if stop - start > 1 && scalars[stop - 1] == "." { stop -= 1 }
            var h = fnvOffset
            var length = 0
            for k in start..<stop {
                let c = scalars[k]
                if c == "-" || c == "\u{2010}" || c == "\u{2011}" {
                    finish(h, length)
                    h = fnvOffset
                    length = 0
                    continue
                }
                feed(c, &h)
                length += 1
            }
            finish(h, length)
            lastEnd = end
        }

        mutating func clitic(_ start: Int, _ end: Int) {
            // "'s" (any apostrophe, any case) is the possessive or "is": not a word of its own.
            if end - start == 2 && (scalars[start + 1] == "s" || scalars[start + 1] == "S") {
                lastEnd = -1
                return
            }
            if start == lastEnd, var h = hashes.last, let length = lengths.last {
                for k in start..<end { feed(scalars[k], &h) }
                hashes[hashes.count - 1] = h
                lengths[lengths.count - 1] = UInt8(min(255, Int(length) + end - start))
            } else {
                var h = fnvOffset
                for k in start..<end { feed(scalars[k], &h) }
                finish(h, end - start)
            }
            lastEnd = -1
        }

        mutating func finish(_ h: UInt64, _ length: Int) {
            guard length > 0 else { return }
            hashes.append(h)
            lengths.append(UInt8(min(255, length)))
        }

        /// Hashes the UTF-8 of `c` lower-cased, apostrophes folded to "'".
        @inline(__always) func feed(_ c: Unicode.Scalar, _ h: inout UInt64) {
            let v = c.value
            if v < 0x80 {
                let b = v >= 0x41 && v <= 0x5A ? v | 0x20 : v == 0x60 ? 0x27 : v
                h = (h ^ UInt64(b)) &* fnvPrime
            } else if v == 0x2019 || v == 0x2018 {
                h = (h ^ 0x27) &* fnvPrime
            } else if c.properties.changesWhenLowercased {
                for b in c.properties.lowercaseMapping.utf8 { h = (h ^ UInt64(b)) &* fnvPrime }
            } else {
                UTF8.encode(c) { h = (h ^ UInt64($0)) &* fnvPrime }
            }
        }
    }
}
