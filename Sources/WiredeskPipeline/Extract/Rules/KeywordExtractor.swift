// Keyphrases from noun phrases and named entities, ranked by position, frequency, salience and specificity.
//
// Candidates (never a span that crosses a verb or an entity boundary):
// - every entity of the article (NER), its mentions merged ("Stoltenberg" / "Jens Stoltenberg" are one entity);
// - noun phrases from the POS tagger and NP chunker (`Models/pos.model`), with leading determiners, pronouns,
//   numbers and stop words dropped, ending in a noun, split where an entity mention or a possessive starts or ends;
// - `NP of NP` when the second phrase is short ("annexation of Crimea").
// Variants are merged: same words ignoring case and a plural `s`; a one-word proper noun equal to the last word of a
// longer one. Dates are never keyphrases.
//
// Score = (1 + ln tf) · position · headline · kind, where position = 1 / (1 + first sentence / 8), headline = 1.6 when
// the phrase is in the headline, and kind favours specific phrases: entities 1.3 (+ NER salience), proper-noun
// phrases 1.2, multi-word common noun phrases 1.0, one common noun 0.55 · (its YAKE specificity). Reported scores
// are divided by the best one, so they fall in (0, 1].
//
// Without the POS model the YAKE candidates below are used (Campos et al., "YAKE! Keyword extraction from single
// documents using multiple local features", Information Sciences 2020). The YAKE word score S(w) = Trel·Tpos /
// (Tcase + TFnorm/Trel + Tsent/Trel) is always computed: the summarizer uses it.
import Foundation

struct KeywordExtractor {
    let text: RuleText
    var limit = 10
    /// The article's entities (NER); nil or empty: proper nouns come from the tagger alone.
    var entities: [Entity]? = nil
    /// The headline's range, if any.
    var headline: TextRange? = nil
    /// Dates found in the text: never keyphrases.
    var dates: [DateMention] = []
    /// The tagger and chunker; nil: YAKE candidates.
    var model: POSModel? = POSModel.shipped

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
        for (k, t) in tokens.enumerated() where t.kind == .word && t.lower != "'s" && Tokenizer.isLetter(t.scalar) {
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
        // The sentences each word occurs in, as (word, sentence) pairs in text order: one array for all words instead
        // of one per word (`perf`: about 200 allocations per article).
        var lastSentence = [Int](repeating: -1, count: n)
        var occurrences: [(word: Int, sentence: Int)] = []
        occurrences.reserveCapacity(tokens.count)
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
                if lastSentence[w] != si {
                    lastSentence[w] = si
                    occurrences.append((w, si))
                }
                if previous >= 0 {
                    leftTotal[w] += 1
                    rightTotal[previous] += 1
                    pairs.insert(previous &* n &+ w)
                }
                previous = w
            }
            // Candidates: 1–3 consecutive words, no stop word at the ends, at most one inside. Only the fallback
            // without a POS model ranks them (with one, candidates are noun phrases, `phrases(model:)`): building
            // them anyway cost about 500 allocations per article.
            guard model == nil else { continue }
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
        // Per word: how many sentences it occurs in, and the median of them (the occurrences grouped by word).
        var sentenceCounts = [Int](repeating: 0, count: n)
        for o in occurrences { sentenceCounts[o.word] += 1 }
        var firstOccurrence = [Int](repeating: 0, count: n)
        for w in 1..<n { firstOccurrence[w] = firstOccurrence[w - 1] + sentenceCounts[w - 1] }
        var byWord = [Int](repeating: 0, count: occurrences.count)
        var filled = firstOccurrence
        for o in occurrences {
            byWord[filled[o.word]] = o.sentence
            filled[o.word] += 1
        }
        var score = [Double](repeating: 0, count: n)
        for w in 0..<n {
            let f = Double(tf[w])
            let tCase = Double(max(tfCapital[w], tfAcronym[w])) / (1 + log(f))
            let median = Double(byWord[firstOccurrence[w] + sentenceCounts[w] / 2])
            let tPos = log(log(3 + median))
            let tfNorm = f / (mean + std)
            let dl = leftTotal[w] == 0 ? 0 : Double(distinctLeft[w]) / Double(leftTotal[w])
            let dr = rightTotal[w] == 0 ? 0 : Double(distinctRight[w]) / Double(rightTotal[w])
            let tRel = 1 + (dl + dr) * f / maxTF
            let tSent = Double(sentenceCounts[w]) / Double(sentenceCount)
            score[w] = tRel * tPos / (tCase + tfNorm / tRel + tSent / tRel)
        }
        for k in 0..<tokens.count where tokenWord[k] >= 0 { tokenScores[k] = score[tokenWord[k]] }

        if let model {
            return (phrases(model: model), tokenScores)
        }

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

extension KeywordExtractor {
    /// Penn tags that never start a keyphrase.
    static let leadingDrop: Set<String> = [
        "DT", "PDT", "PRP", "PRP$", "WDT", "WP", "WP$", "CD", "POS", "EX", "CC", "IN", "TO", "RB", "$", "''", "\"",
        "(", ")", ",", ".", ":", "SYM",
    ]

    /// Nouns that only measure, locate or frame what follows their "of" ("result of", "number of", "north-west
    /// of", "panel of"): no "X of Y" keyphrase is built on them.
    static let lightHeads: Set<String> = [
        "result", "results", "number", "numbers", "part", "parts", "kind", "kinds", "sort", "type", "types", "series",
        "lot", "lots", "couple", "range", "variety", "rest", "end", "start", "beginning", "top", "bottom", "side",
        "half", "majority", "minority", "member", "members", "panel", "amount", "level", "levels", "use", "way",
        "ways", "form", "piece", "case", "cases", "details", "list", "set", "pair", "group", "bunch", "size", "face",
        "courage", "north", "south", "east", "west", "north-west", "north-east", "south-west", "south-east", "centre",
        "center", "heart", "middle", "edge", "front", "back", "head", "chunk", "share", "percent",
    ]

    /// Head nouns of roles and titles: a phrase ending in one is demoted (the speaker lists and the names'
    /// title words, without the nouns that are things: statement, report, campaign, justice).
    static let roleHeads: Set<String> = RuleLexicon.titleWords.union(EntityExtractor.titles).union(["boss"])
        .subtracting([
            "statement", "report", "campaign", "justice", "foreign", "defence", "defense", "source", "sources",
        ])

    /// Whether a single word ends like a demonym (Russian, Dutch, Greek, Israeli, Chinese, Islamist).
    static func hasDemonymEnding(_ name: String) -> Bool {
        guard name.count >= 4, name.first?.isUppercase == true, name.allSatisfy(\.isLetter) else { return false }
        let lower = name.lowercased()
        return ["an", "ish", "ese", "ch", "ic", "ek", "i", "ist"].contains { lower.hasSuffix($0) }
    }

    /// Wire services and agencies that stories credit (lower case).
    static let newsAgencies: Set<String> = [
        "reuters", "associated press", "ap", "afp", "agence france-presse", "agence france presse", "bloomberg",
        "xinhua", "tass", "itar-tass", "ria novosti", "interfax", "dpa", "ansa", "efe", "kyodo", "yonhap",
        "press association", "pa", "upi", "united press international", "anadolu", "pti", "press trust of india",
    ]

    struct Occurrence {
        var first: Int
        var last: Int
        var sentence: Int
    }

    struct Candidate {
        var display: String
        var words: Set<String>
        var occurrences: [Occurrence] = []
        var firstSentence = Int.max
        var inHeadline = false
        var kind: Double
        var isEntity = false
    }

    /// Keyphrases from entities and noun phrases (see the header).
    func phrases(model: POSModel) -> [Keyword] {
        let tokens = text.tokens
        let stop = StopWords.english
        let tagNames = model.tagger.weights.tags
        // Tag every sentence.
        var pos = [Int](repeating: 0, count: tokens.count)
        var chunk = [Int](repeating: 0, count: tokens.count)
        for si in 0..<text.sentences.count {
            let range = text.tokenRange(ofSentence: si)
            guard !range.isEmpty else { continue }
            let toks = range.map { TaggerToken(text.scalars[tokens[$0].start..<tokens[$0].end]) }
            let (p, c) = model.analyze(toks)
            for (offset, k) in range.enumerated() {
                pos[k] = p[offset]
                chunk[k] = c[offset]
            }
        }
        func tag(_ k: Int) -> String { tagNames[pos[k]] }
        func isNoun(_ k: Int) -> Bool { tag(k).hasPrefix("NN") }
        func isProper(_ k: Int) -> Bool { tag(k) == "NNP" || tag(k) == "NNPS" }
        // Tokens inside dates, inside entity mentions (mention id), in the headline.
        var inDate = [Bool](repeating: false, count: tokens.count)
        for d in dates {
            var k = text.firstToken(atOrAfter: d.start)
            while k < tokens.count && tokens[k].start < d.end {
                inDate[k] = true
                k += 1
            }
        }
        var mentionOf = [Int](repeating: -1, count: tokens.count)
        var mentionEntity: [Int] = []
        var candidates: [Candidate] = []
        var byKey: [String: Int] = [:]
        let headlineEnd = headline?.end ?? -1
        func sentence(_ k: Int) -> Int { text.tokenSentence[k] }
        func key(_ first: Int, _ last: Int) -> (String, Set<String>) {
            var parts: [String] = []
            for k in first...last where tokens[k].kind != .punct && !stop.contains(tokens[k].lower) {
                parts.append(tokens[k].lower)
            }
            if var lastWord = parts.last, lastWord.count > 3, lastWord.hasSuffix("s"), !lastWord.hasSuffix("ss"),
                !lastWord.hasSuffix("us"), !lastWord.hasSuffix("is")
            {
                lastWord.removeLast()
                parts[parts.count - 1] = lastWord
            }
            return (parts.joined(separator: " "), Set(parts))
        }
        func add(_ index: Int, _ first: Int, _ last: Int) {
            candidates[index].occurrences.append(Occurrence(first: first, last: last, sentence: sentence(first)))
            candidates[index].firstSentence = min(candidates[index].firstSentence, sentence(first))
            if tokens[first].start < headlineEnd { candidates[index].inHeadline = true }
        }
        for (e, entity) in (entities ?? []).enumerated() {
            var spans: [(Int, Int)] = []
            for m in entity.mentions {
                let first = text.firstToken(atOrAfter: m.start)
                var last = first
                while last + 1 < tokens.count && tokens[last + 1].start < m.end { last += 1 }
                guard first < tokens.count, tokens[first].start < m.end else { continue }
                spans.append((first, last))
            }
            // Nationality adjectives ("Russian forces") and dates are not keyphrases.
            // The tagger may call a nationality before a noun NNP ("Dutch film-maker", "Greek sprinters"): a
            // one-word MISC with a demonym's ending, every time before a lower-case word, is an adjective too.
            let demonymBeforeNoun =
                entity.type == "MISC" && Self.hasDemonymEnding(entity.name)
                && spans.allSatisfy { (a, b) in
                    a == b && b + 1 < tokens.count && tokens[b + 1].kind == .word && !tokens[b + 1].isCapitalized
                }
            let adjectival =
                demonymBeforeNoun
                || spans.allSatisfy { (a, b) in (a...b).allSatisfy { tag($0) == "JJ" || tag($0) == "JJS" } }
            let dated = spans.allSatisfy { (a, b) in (a...b).allSatisfy { inDate[$0] } }
            let index = candidates.count
            candidates.append(
                Candidate(
                    display: entity.name, words: Set(entity.name.lowercased().split(separator: " ").map(String.init)),
                    kind: 1.3 + min(max(entity.salience, 0), 1), isEntity: true))
            for (a, b) in spans {
                for k in a...b where mentionOf[k] < 0 { mentionOf[k] = mentionEntity.count }
                mentionEntity.append(e)
                add(index, a, b)
            }
            if adjectival || dated || spans.isEmpty { candidates[index].kind = 0 }
            // A wire service credited for the story ("reports Reuters") is not what it is about.
            if Self.newsAgencies.contains(entity.name.lowercased()) { candidates[index].kind *= 0.3 }
            byKey[key(spans.first?.0 ?? 0, spans.first?.1 ?? 0).0] = index
            byKey[entity.name.lowercased()] = index
        }
        // Noun-phrase pieces.
        func piece(_ a: Int, _ b: Int) -> (Int, Int)? {
            var first = a
            var last = b
            while first <= last,
                Self.leadingDrop.contains(tag(first)) || stop.contains(tokens[first].lower)
                    || tokens[first].kind == .punct
            {
                first += 1
            }
            while last >= first, !isNoun(last) || tokens[last].kind != .word { last -= 1 }
            guard first <= last else { return nil }
            if last - first >= 4 { first = last - 3 }
            return (first, last)
        }
        func addPhrase(_ first: Int, _ last: Int) -> Int? {
            let (k, words) = key(first, last)
            guard !k.isEmpty else { return nil }
            if let index = byKey[k] {
                add(index, first, last)
                return index
            }
            var display = text.text(tokens: first, last)
            let firstToken = tokens[first]
            if firstToken.isCapitalized, !isProper(first), !firstToken.isAllCaps, let c = display.first {
                display = c.lowercased() + display.dropFirst()
            }
            let proper = (first...last).allSatisfy { isProper($0) || tokens[$0].kind != .word }
            var kind: Double = proper ? 1.2 : (words.count > 1 ? 1.0 : 0.55)
            // A role ("Secretary General", "prime minister", "Arsenal boss") names who speaks, not the story;
            // "miscarriages of justice" is not a role.
            if Self.roleHeads.contains(tokens[last].lower),
                !(first...last).contains(where: { tokens[$0].lower == "of" })
            {
                kind *= 0.3
            }
            let index = candidates.count
            candidates.append(Candidate(display: display, words: words, kind: kind))
            byKey[k] = index
            add(index, first, last)
            return index
        }
        var k = 0
        var previousPiece: (first: Int, last: Int, chunkEnd: Int)? = nil
        while k < tokens.count {
            guard chunk[k] != 0 else {
                k += 1
                continue
            }
            // One NP chunk [k, end).
            var end = k + 1
            while end < tokens.count && chunk[end] == 2 && sentence(end) == sentence(k) { end += 1 }
            // Cut at punctuation, possessives, dates and entity boundaries.
            var pieces: [(Int, Int)] = []
            var start = k
            for j in k...end {
                let cut =
                    j == end || tokens[j].kind == .punct || tokens[j].lower == "'s" || inDate[j]
                    || (j > start && mentionOf[j] != mentionOf[j - 1])
                if cut {
                    if j > start, mentionOf[start] < 0, let p = piece(start, j - 1) { pieces.append(p) }
                    start = (j < end && (tokens[j].kind == .punct || tokens[j].lower == "'s" || inDate[j])) ? j + 1 : j
                }
            }
            let firstPieceHere = pieces.first
            // "annexation of Crimea": the previous phrase, "of", and this chunk's first piece or entity mention.
            if let prev = previousPiece, prev.chunkEnd + 1 == k, lower(prev.chunkEnd) == "of" {
                var target: (Int, Int)? = nil
                var j = k
                while j < end && (Self.leadingDrop.contains(tag(j)) || stop.contains(tokens[j].lower)) { j += 1 }
                if j < end, mentionOf[j] >= 0 {
                    var b = j
                    while b + 1 < end && mentionOf[b + 1] == mentionOf[j] { b += 1 }
                    if j == 0 || mentionOf[j - 1] != mentionOf[j] { target = (j, b) }
                } else if let p = firstPieceHere, p.0 == j {
                    target = p
                }
                // Not after a quantity or a light noun: "result of the power struggle" is about the power
                // struggle, which is a candidate of its own.
                if let t = target, t.1 - prev.first <= 6, !Self.lightHeads.contains(tokens[prev.last].lower) {
                    _ = addPhrase(prev.first, t.1)
                }
            }
            for p in pieces { _ = addPhrase(p.0, p.1) }
            if let lastPiece = pieces.last, lastPiece.1 == end - 1 {
                previousPiece = (lastPiece.0, lastPiece.1, end)
            } else {
                previousPiece = nil
            }
            k = end
        }
        // Without entities, a one-word proper noun joins the longer proper phrase it ends ("Stoltenberg").
        if (entities ?? []).isEmpty {
            for c in candidates.indices where candidates[c].kind == 1.2 && candidates[c].words.count == 1 {
                guard let w = candidates[c].words.first else { continue }
                if let longer = candidates.indices.first(where: {
                    $0 != c && candidates[$0].kind == 1.2 && candidates[$0].words.count > 1
                        && candidates[$0].display.lowercased().hasSuffix(" " + w)
                }) {
                    candidates[longer].occurrences += candidates[c].occurrences
                    candidates[longer].firstSentence = min(
                        candidates[longer].firstSentence, candidates[c].firstSentence)
                    candidates[longer].inHeadline = candidates[longer].inHeadline || candidates[c].inHeadline
                    candidates[c].kind = 0
                }
            }
        }
        // Rank.
        var scored: [(score: Double, index: Int)] = []
        for (i, c) in candidates.enumerated() where c.kind > 0 && !c.occurrences.isEmpty {
            let tf = Double(c.occurrences.count)
            var s = (1 + log(tf)) * (1 / (1 + Double(c.firstSentence) / 8)) * (c.inHeadline ? 1.6 : 1) * c.kind
            if !c.isEntity && c.words.count == 1 && c.occurrences.count == 1 { s *= 0.7 }
            scored.append((s, i))
        }
        scored.sort { $0.score != $1.score ? $0.score > $1.score : $0.index < $1.index }
        guard let best = scored.first?.score, best > 0 else { return [] }
        var chosen: [Int] = []
        for (_, i) in scored where chosen.count < limit {
            let c = candidates[i]
            if !c.isEntity, chosen.contains(where: { c.words.isSubset(of: candidates[$0].words) }) { continue }
            if chosen.contains(where: { candidates[$0].display.lowercased() == c.display.lowercased() }) { continue }
            chosen.append(i)
        }
        return chosen.map { i in
            let s = scored.first { $0.index == i }!.score
            return Keyword(text: candidates[i].display, score: Self.round(s / best))
        }
    }

    private func lower(_ k: Int) -> String { k >= 0 && k < text.tokens.count ? text.tokens[k].lower : "" }
}
