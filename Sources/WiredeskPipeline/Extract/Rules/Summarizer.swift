// A 2–3 sentence extractive summary: body sentences scored by keyword coverage (the YAKE word scores of their
// content words, 1/(1+S): low-S words are the article's key words) with a lead bias (news puts the point first),
// then taken in document order. Very short or very long sentences and sentences that are mostly quotation are
// passed over when there is a choice.

struct Summarizer {
    let text: RuleText
    /// The headline's range: its sentence is not summary material.
    let headline: TextRange?

    /// - Parameter tokenScores: each token's YAKE word score (`KeywordExtractor`), `.infinity` for non-words.
    func summarize(tokenScores: [Double], quotes: [Quote]) -> String? {
        let stop = StopWords.english
        let bodyStart =
            headline.map { h in text.sentences.firstIndex { $0.start >= h.end } ?? text.sentences.count } ?? 0
        var candidates: [(index: Int, score: Double)] = []
        var quoteCover = CoverageSweep(quotes.filter { $0.kind != "indirect" }.map { ($0.start, $0.end) })
        for si in bodyStart..<text.sentences.count {
            let range = text.tokenRange(ofSentence: si)
            var wordCount = 0
            var coverage = 0.0
            var seen: [Double] = []  // distinct words of a sentence, by their score (a few dozen: a scan is cheapest)
            for k in range where tokenScores[k].isFinite {
                wordCount += 1
                let s = tokenScores[k]
                if !seen.contains(s) && !stop.contains(text.tokens[k].lower) {
                    seen.append(s)
                    coverage += 1 / (1 + 10 * s)
                }
            }
            guard wordCount >= 6, wordCount <= 60 else { continue }
            let sentence = text.sentences[si]
            // Quoted scalars in the sentence: a sweep over the quotes, not a pass over all of them per sentence
            // (that made long articles quadratic: 3 MiB took 23 s).
            let before = quoteCover.covered(upTo: sentence.start)  // queries in increasing order
            let quoted = quoteCover.covered(upTo: sentence.end) - before
            let quoteShare = Double(quoted) / Double(max(sentence.end - sentence.start, 1))
            let position = 1 / (1 + 0.25 * Double(si - bodyStart))
            let score = coverage / Double(wordCount).squareRoot() * (0.5 + position) * (quoteShare > 0.6 ? 0.5 : 1)
            candidates.append((si, score))
        }
        if candidates.isEmpty {
            // Short texts: the first body sentences, whatever their length.
            candidates = (bodyStart..<text.sentences.count).map { ($0, 1 / Double($0 + 1)) }
        }
        guard !candidates.isEmpty else { return nil }
        let count = text.sentences.count - bodyStart <= 5 ? 2 : 3
        let chosen = candidates.sorted { $0.score > $1.score }.prefix(count).map(\.index).sorted()
        return chosen.map { i -> String in
            let s = text.sentences[i]
            return text.text(s.start, s.end).split(whereSeparator: { $0 == "\n" }).joined(separator: " ")
        }.joined(separator: " ")
    }
}

/// ∫ of how many ranges cover each position, up to `x`, for increasing `x`: the sum over all ranges of their
/// overlap with `[a, b)` is `covered(upTo: b) - covered(upTo: a)`. O(ranges log ranges + queries).
struct CoverageSweep {
    private var events: [(position: Int, delta: Int)]
    private var next = 0
    private var position = 0
    private var cover = 0
    private var integral = 0

    init(_ ranges: [(Int, Int)]) {
        events = ranges.filter { $0.0 < $0.1 }.flatMap { [($0.0, 1), ($0.1, -1)] }.sorted { $0.position < $1.position }
    }

    /// Queries must not decrease.
    mutating func covered(upTo x: Int) -> Int {
        while next < events.count, events[next].position <= x {
            integral += cover * (events[next].position - position)
            position = events[next].position
            cover += events[next].delta
            next += 1
        }
        return integral + cover * max(0, x - position)
    }
}
