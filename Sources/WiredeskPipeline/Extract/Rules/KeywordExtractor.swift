// Keyphrases in the manner of YAKE (Campos et al., "YAKE! Keyword extraction from single documents using multiple
// local features", Information Sciences 2020): unsupervised, per document, from word statistics only.
//
// Word score S(w) = Trel·Tpos / (Tcase + TFnorm/Trel + Tsent/Trel), where Tcase rewards capitalised/acronym use,
// Tpos early occurrence, TFnorm frequency, Tsent spread over sentences and Trel penalises words that co-occur
// with many different neighbours (function-like words). A candidate of 1–3 words (no stop word at either end,
// no punctuation inside) scores Π S(w) / (TF(phrase)·(1 + Σ S(w))); lower is better. Reported scores are
// `1 / (1 + 100·S)`, so higher is better and they fall in (0, 1].
import Foundation

struct KeywordExtractor {
    let text: RuleText
    var limit = 10

    struct WordStats {
        var tf = 0
        var tfCapital = 0
        var tfAcronym = 0
        var sentences: [Int] = []
        var left: [String: Int] = [:]
        var right: [String: Int] = [:]
        var score = 0.0
    }

    /// Keyphrases with their scores, best first, and the per-word scores (used by the summarizer).
    func extract() -> (keywords: [Keyword], wordScores: [String: Double]) {
        let stop = StopWords.english
        let tokens = text.tokens
        var stats: [String: WordStats] = [:]
        var candidates: [String: (tf: Int, surface: String, words: [String], first: Int)] = [:]
        let sentenceCount = max(text.sentences.count, 1)

        func isCandidateWord(_ t: RuleToken) -> Bool {
            t.kind == .word && t.lower != "'s" && RuleText.isLetter(t.scalar)
        }
        for si in 0..<text.sentences.count {
            let range = text.tokenRange(ofSentence: si)
            var previous: String? = nil
            for k in range {
                let t = tokens[k]
                guard isCandidateWord(t) else {
                    previous = nil
                    continue
                }
                var s = stats[t.lower, default: WordStats()]
                s.tf += 1
                if t.isAllCaps {
                    s.tfAcronym += 1
                } else if t.isCapitalized && k != range.lowerBound {
                    s.tfCapital += 1
                }
                if s.sentences.last != si { s.sentences.append(si) }
                if let previous {
                    s.left[previous, default: 0] += 1
                    stats[previous]?.right[t.lower, default: 0] += 1
                }
                stats[t.lower] = s
                previous = t.lower
            }
            // Candidates: 1–3 consecutive words, no stop word at the ends, at most one inside.
            var k = range.lowerBound
            while k < range.upperBound {
                var words: [String] = []
                var end = k
                while end < range.upperBound, words.count < 3, isCandidateWord(tokens[end]) {
                    words.append(tokens[end].lower)
                    let n = words.count
                    let ends = !stop.contains(words[0]) && !stop.contains(words[n - 1])
                    let inner = n == 3 && stop.contains(words[1])
                    if ends && (n < 3 || inner || !stop.contains(words[1])) {
                        let key = words.joined(separator: " ")
                        if var c = candidates[key] {
                            c.tf += 1
                            candidates[key] = c
                        } else {
                            candidates[key] = (1, text.text(tokens: k, end), words, tokens[k].start)
                        }
                    }
                    end += 1
                }
                k += 1
            }
        }
        guard !stats.isEmpty else { return ([], [:]) }

        // Word scores.
        let contentTFs = stats.filter { !stop.contains($0.key) }.map { Double($0.value.tf) }
        let mean = contentTFs.isEmpty ? 1 : contentTFs.reduce(0, +) / Double(contentTFs.count)
        let variance = contentTFs.isEmpty ? 0 : contentTFs.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(contentTFs.count)
        let std = variance.squareRoot()
        let maxTF = Double(stats.values.map(\.tf).max() ?? 1)
        var wordScores: [String: Double] = [:]
        for (word, s) in stats {
            let tf = Double(s.tf)
            let tCase = Double(max(s.tfCapital, s.tfAcronym)) / (1 + log(tf))
            let median = Double(s.sentences[s.sentences.count / 2])
            let tPos = log(log(3 + median))
            let tfNorm = tf / (mean + std)
            let leftTotal = Double(s.left.values.reduce(0, +))
            let rightTotal = Double(s.right.values.reduce(0, +))
            let dl = leftTotal == 0 ? 0 : Double(s.left.count) / leftTotal
            let dr = rightTotal == 0 ? 0 : Double(s.right.count) / rightTotal
            let tRel = 1 + (dl + dr) * tf / maxTF
            let tSent = Double(s.sentences.count) / Double(sentenceCount)
            wordScores[word] = tRel * tPos / (tCase + tfNorm / tRel + tSent / tRel)
        }

        // Candidate scores.
        var scored: [(score: Double, surface: String, words: Set<String>, first: Int)] = []
        for (_, c) in candidates {
            var product = 1.0
            var sum = 0.0
            for w in c.words where !stop.contains(w) {
                let s = wordScores[w] ?? 1
                product *= s
                sum += s
            }
            scored.append((product / (Double(c.tf) * (1 + sum)), c.surface, Set(c.words), c.first))
        }
        scored.sort { $0.score != $1.score ? $0.score < $1.score : $0.first < $1.first }
        var chosen: [(surface: String, words: Set<String>, score: Double)] = []
        for c in scored where chosen.count < limit {
            if chosen.contains(where: { c.words.isSubset(of: $0.words) || $0.surface.lowercased() == c.surface.lowercased() }) {
                continue
            }
            chosen.append((c.surface, c.words, c.score))
        }
        let keywords = chosen.map { Keyword(text: $0.surface, score: Self.round(1 / (1 + 100 * $0.score))) }
        return (keywords, wordScores)
    }

    static func round(_ v: Double) -> Double { (v * 10000).rounded() / 10000 }
}
