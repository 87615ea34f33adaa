// A 2–3 sentence extractive summary: body sentences scored by keyword coverage (the YAKE word scores of their
// content words, 1/(1+S): low-S words are the article's key words) with a lead bias (news puts the point first),
// then taken in document order. Very short or very long sentences and sentences that are mostly quotation are
// passed over when there is a choice.

struct Summarizer {
    let text: RuleText
    /// The headline's range: its sentence is not summary material.
    let headline: TextRange?

    func summarize(wordScores: [String: Double], quotes: [Quote]) -> String? {
        let stop = StopWords.english
        let bodyStart = headline.map { h in text.sentences.firstIndex { $0.start >= h.end } ?? text.sentences.count } ?? 0
        var candidates: [(index: Int, score: Double)] = []
        for si in bodyStart..<text.sentences.count {
            let range = text.tokenRange(ofSentence: si)
            let words = text.tokens[range].filter { $0.kind == .word && $0.lower != "'s" }
            guard words.count >= 6, words.count <= 60 else { continue }
            var coverage = 0.0
            var seen = Set<String>()
            for w in words where !stop.contains(w.lower) && seen.insert(w.lower).inserted {
                coverage += 1 / (1 + 10 * (wordScores[w.lower] ?? 1))
            }
            let sentence = text.sentences[si]
            let quoted = quotes.filter { $0.kind != "indirect" }.reduce(0) { acc, q in
                acc + max(0, min(q.end, sentence.end) - max(q.start, sentence.start))
            }
            let quoteShare = Double(quoted) / Double(max(sentence.end - sentence.start, 1))
            let position = 1 / (1 + 0.25 * Double(si - bodyStart))
            let score = coverage / Double(words.count).squareRoot() * (0.5 + position) * (quoteShare > 0.6 ? 0.5 : 1)
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
