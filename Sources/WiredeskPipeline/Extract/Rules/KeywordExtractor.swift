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

    /// Keyphrases with their scores, best first, and each token's word score (`.infinity` for non-words; used by
    /// the summarizer). Words are interned to integer ids once, so the statistics are array lookups.
    func extract() -> (keywords: [Keyword], tokenScores: [Double]) {
        let stop = StopWords.english
        let tokens = text.tokens
        var tokenScores = [Double](repeating: .infinity, count: tokens.count)
        // Intern.
        var ids: [String: Int] = [:]
        var tokenWord = [Int](repeating: -1, count: tokens.count)
        var isStop: [Bool] = []
        for (k, t) in tokens.enumerated() where t.kind == .word && t.lower != "'s" && RuleText.isLetter(t.scalar) {
            if let id = ids[t.lower] {
                tokenWord[k] = id
            } else {
                tokenWord[k] = isStop.count
                ids[t.lower] = isStop.count
                isStop.append(stop.contains(t.lower))
            }
        }
        let n = isStop.count
        guard n > 0 else { return ([], tokenScores) }
        var tf = [Int](repeating: 0, count: n)
        var tfCapital = [Int](repeating: 0, count: n)
        var tfAcronym = [Int](repeating: 0, count: n)
        var sentences = [[Int]](repeating: [], count: n)
        var leftTotal = [Int](repeating: 0, count: n)
        var rightTotal = [Int](repeating: 0, count: n)
        var pairs = Set<Int>()
        struct Candidate {
            var tf: Int
            var firstToken: Int
            var lastToken: Int
            var words: [Int]
        }
        var candidates: [Int: Candidate] = [:]
        let sentenceCount = max(text.sentences.count, 1)

        for si in 0..<text.sentences.count {
            let range = text.tokenRange(ofSentence: si)
            var previous = -1
            for k in range {
                let w = tokenWord[k]
                guard w >= 0 else {
                    previous = -1
                    continue
                }
                let t = tokens[k]
                tf[w] += 1
                if t.isAllCaps {
                    tfAcronym[w] += 1
                } else if t.isCapitalized && k != range.lowerBound {
                    tfCapital[w] += 1
                }
                if sentences[w].last != si { sentences[w].append(si) }
                if previous >= 0 {
                    leftTotal[w] += 1
                    rightTotal[previous] += 1
                    pairs.insert(previous &* n &+ w)
                }
                previous = w
            }
            // Candidates: 1–3 consecutive words, no stop word at the ends, at most one inside.
            for k in range where tokenWord[k] >= 0 && !isStop[tokenWord[k]] {
                var key = 0
                var words: [Int] = []
                var end = k
                while end < range.upperBound, words.count < 3, tokenWord[end] >= 0 {
                    let w = tokenWord[end]
                    words.append(w)
                    key = key &* (n + 1) &+ (w + 1)
                    if !isStop[w] {
                        if candidates[key] != nil {
                            candidates[key]!.tf += 1
                        } else {
                            candidates[key] = Candidate(tf: 1, firstToken: k, lastToken: end, words: words)
                        }
                    }
                    end += 1
                }
            }
        }
        var distinctLeft = [Int](repeating: 0, count: n)
        var distinctRight = [Int](repeating: 0, count: n)
        for p in pairs {
            distinctRight[p / n] += 1
            distinctLeft[p % n] += 1
        }

        // Word scores.
        var contentCount = 0.0
        var sum = 0.0
        var sumSquares = 0.0
        for w in 0..<n where !isStop[w] {
            contentCount += 1
            sum += Double(tf[w])
            sumSquares += Double(tf[w] * tf[w])
        }
        let mean = contentCount == 0 ? 1 : sum / contentCount
        let std = contentCount == 0 ? 0 : max(0, sumSquares / contentCount - mean * mean).squareRoot()
        let maxTF = Double(tf.max() ?? 1)
        var score = [Double](repeating: 0, count: n)
        for w in 0..<n {
            let f = Double(tf[w])
            let tCase = Double(max(tfCapital[w], tfAcronym[w])) / (1 + log(f))
            let median = Double(sentences[w][sentences[w].count / 2])
            let tPos = log(log(3 + median))
            let tfNorm = f / (mean + std)
            let dl = leftTotal[w] == 0 ? 0 : Double(distinctLeft[w]) / Double(leftTotal[w])
            let dr = rightTotal[w] == 0 ? 0 : Double(distinctRight[w]) / Double(rightTotal[w])
            let tRel = 1 + (dl + dr) * f / maxTF
            let tSent = Double(sentences[w].count) / Double(sentenceCount)
            score[w] = tRel * tPos / (tCase + tfNorm / tRel + tSent / tRel)
        }
        for k in 0..<tokens.count where tokenWord[k] >= 0 { tokenScores[k] = score[tokenWord[k]] }

        // Candidate scores: 1–3 words, no stop word at either end (the middle of three may be one).
        var scored: [(score: Double, candidate: Candidate)] = []
        scored.reserveCapacity(candidates.count)
        for (_, c) in candidates {
            guard let last = c.words.last, !isStop[last] else { continue }
            var product = 1.0
            var total = 0.0
            for w in c.words where !isStop[w] {
                product *= score[w]
                total += score[w]
            }
            scored.append((product / (Double(c.tf) * (1 + total)), c))
        }
        scored.sort { $0.score != $1.score ? $0.score < $1.score : $0.candidate.firstToken < $1.candidate.firstToken }
        var chosen: [(words: Set<Int>, keyword: Keyword)] = []
        for (s, c) in scored where chosen.count < limit {
            let words = Set(c.words)
            if chosen.contains(where: { words.isSubset(of: $0.words) }) { continue }
            let surface = text.text(tokens: c.firstToken, c.lastToken)
            chosen.append((words, Keyword(text: surface, score: Self.round(1 / (1 + 100 * s)))))
        }
        return (chosen.map(\.keyword), tokenScores)
    }

    static func round(_ v: Double) -> Double { (v * 10000).rounded() / 10000 }
}
