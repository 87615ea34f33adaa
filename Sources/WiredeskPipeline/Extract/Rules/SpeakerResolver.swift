// Resolves a speaker phrase found at a cue ("Stoltenberg", "NATO Secretary General", "the head of the Alliance",
// "he") to one of the article's entities.
//
// Order: a PERSON mention inside the phrase; a pronoun → the most recent PERSON mentioned outside quotation marks;
// a surname match; a title → the person most recently introduced with that title ("the Secretary-General of the
// Alliance Jens Stoltenberg" records secretary+general/alliance → Stoltenberg); an ORGANIZATION mention or name.
//
// When the article has no entities (NER did not run), `fallbackNames` builds candidate names from capitalised
// token sequences. This is a FALLBACK for evaluating the quote rules alone; the real NER replaces it.

/// A name the resolver can return.
struct SpeakerCandidate {
    var name: String
    var isPerson: Bool
    var isOrganization: Bool
    var mentions: [TextRange]
    /// Lower-cased words of the name and of every mention ("jens", "stoltenberg").
    var words: Set<String>
}

/// A title recorded next to a PERSON mention.
struct TitleRecord {
    var heads: Set<String>
    var organizationWords: Set<String>
    var person: Int
    var offset: Int
}

struct SpeakerResolver {
    private(set) var candidates: [SpeakerCandidate] = []
    private(set) var titles: [TitleRecord] = []
    /// PERSON mentions outside quotation marks, by start offset: (start, candidate index).
    private var personMentions: [(start: Int, candidate: Int)] = []
    private var organizationMentions: [(start: Int, candidate: Int)] = []
    /// The candidates came from capitalised words, not from NER.
    let usesFallback: Bool

    init(text: RuleText, entities: [Entity]?, quoted: [TextRange]) {
        if let entities, !entities.isEmpty {
            usesFallback = false
            for e in entities where e.type == "PERSON" || e.type == "ORGANIZATION" {
                var words = Set<String>()
                for part in e.name.lowercased().split(whereSeparator: { $0 == " " || $0 == "-" }) {
                    words.insert(String(part))
                }
                candidates.append(
                    SpeakerCandidate(
                        name: e.name, isPerson: e.type == "PERSON", isOrganization: e.type == "ORGANIZATION",
                        mentions: e.mentions.map { TextRange($0.start, $0.end) }, words: words))
            }
        } else {
            usesFallback = true
            candidates = Self.fallbackNames(text)
        }
        // "Inside a quote" by binary search over the quotes sorted by start (with the running maximum of their
        // ends), not a scan of every quote per mention: that was quadratic in long articles.
        let byStart = quoted.sorted { $0.start < $1.start }
        var maxEnd: [Int] = []
        maxEnd.reserveCapacity(byStart.count)
        for q in byStart { maxEnd.append(max(maxEnd.last ?? Int.min, q.end)) }
        func insideQuote(_ m: TextRange) -> Bool {
            var lo = 0
            var hi = byStart.count
            while lo < hi {
                let mid = (lo + hi) / 2
                if byStart[mid].start <= m.start { lo = mid + 1 } else { hi = mid }
            }
            return lo > 0 && maxEnd[lo - 1] >= m.end
        }
        for (ci, c) in candidates.enumerated() {
            for m in c.mentions where !insideQuote(m) {
                if c.isPerson { personMentions.append((m.start, ci)) }
                if c.isOrganization { organizationMentions.append((m.start, ci)) }
            }
        }
        personMentions.sort { $0.start < $1.start }
        organizationMentions.sort { $0.start < $1.start }
        titles = Self.recordTitles(text, candidates)
    }

    /// The canonical name for the phrase of tokens `a...b`, or nil when nothing matches.
    func resolve(_ text: RuleText, from a: Int, to b: Int) -> String? {
        let start = text.tokens[a].start
        let end = text.tokens[b].end
        // 1. A PERSON mention inside the phrase; the last one is the head ("South Korean President Park Geun-hye").
        var inside: (name: String, start: Int)? = nil
        for c in candidates where c.isPerson {
            for m in c.mentions where m.start >= start && m.end <= end && m.start > (inside?.start ?? -1) {
                inside = (c.name, m.start)
            }
        }
        if let inside { return inside.name }
        // 2. A pronoun.
        if a == b, RuleLexicon.pronouns.contains(text.tokens[a].lower) {
            let sentence = text.tokenSentence[a]
            let sentenceStart = text.sentences.isEmpty ? 0 : text.sentences[sentence].start
            return resolvePronoun(text.tokens[a].lower, before: start, sentenceStart: sentenceStart)
        }
        var heads = Set<String>()
        var nameWords: [String] = []
        var organizationWords = Set<String>()
        for t in text.tokens[a...b] where t.kind == .word {
            let parts = t.lower.split(separator: "-").map(String.init)
            if parts.contains(where: { RuleLexicon.titleWords.contains($0) })
                || RuleLexicon.titleWords.contains(t.lower)
            {
                for p in parts where RuleLexicon.titleWords.contains(p) { heads.insert(p) }
            } else if t.isCapitalized {
                nameWords.append(t.lower)
                organizationWords.insert(t.lower)
            }
        }
        heads.remove("mr.")
        heads.remove("mrs.")
        heads.remove("ms.")
        heads.remove("dr.")
        // 3. A surname (the last capitalised word) of a PERSON, most recently mentioned first.
        if let surname = nameWords.last {
            var best: (index: Int, last: Int)? = nil
            for (ci, c) in candidates.enumerated() where c.isPerson && c.words.contains(surname) {
                let last = c.mentions.filter { $0.start < start }.map(\.start).max() ?? -1
                if best == nil || last > best!.last { best = (ci, last) }
            }
            if let best { return candidates[best.index].name }
        }
        // 4. A title.
        if !heads.isEmpty, let person = resolveTitle(heads: heads, organizationWords: organizationWords, at: start) {
            return candidates[person].name
        }
        // 5. An organization.
        for c in candidates where c.isOrganization {
            if c.mentions.contains(where: { $0.start >= start && $0.end <= end }) { return c.name }
        }
        if let last = nameWords.last {
            for c in candidates where c.isOrganization && c.words.contains(last) { return c.name }
        }
        return nil
    }

    /// A PERSON is named outside quotes in `[from, to)`.
    func namesPerson(from: Int, to: Int) -> Bool {
        personMentions.contains { $0.start >= from && $0.start < to }
    }

    /// he/she → the first PERSON named earlier in the same sentence (its subject, usually: "Clinton says she …"),
    /// else the most recent PERSON mentioned outside quotes before `offset`; they/it → an organization.
    func resolvePronoun(_ pronoun: String, before offset: Int, sentenceStart: Int = 0) -> String? {
        switch pronoun {
        case "he", "she":
            if let m = personMentions.first(where: { $0.start >= sentenceStart && $0.start < offset }) {
                return candidates[m.candidate].name
            }
            if let m = personMentions.last(where: { $0.start < offset }) { return candidates[m.candidate].name }
        case "they", "it":
            let org = organizationMentions.last(where: { $0.start < offset })
            if let org { return candidates[org.candidate].name }
        default:
            break
        }
        return nil
    }

    private func resolveTitle(heads: Set<String>, organizationWords: Set<String>, at offset: Int) -> Int? {
        let specific = heads.subtracting(RuleLexicon.genericHeads)
        var before: TitleRecord? = nil
        var after: TitleRecord? = nil
        for r in titles {
            let matches =
                (!specific.isEmpty && specific.isSubset(of: r.heads))
                || (specific.isEmpty && !organizationWords.isDisjoint(with: r.organizationWords))
            guard matches else { continue }
            if r.offset <= offset {
                before = r
            } else if after == nil {
                after = r
            }
        }
        return (before ?? after)?.person
    }

    /// Titles written before a PERSON mention ("NATO Secretary General Jens Stoltenberg", "the Secretary-General of
    /// the Alliance Jens Stoltenberg") or as an apposition after it ("Jens Stoltenberg, NATO's Secretary General,").
    static func recordTitles(_ text: RuleText, _ candidates: [SpeakerCandidate]) -> [TitleRecord] {
        var out: [TitleRecord] = []
        for (ci, c) in candidates.enumerated() where c.isPerson {
            for m in c.mentions {
                let first = text.firstToken(atOrAfter: m.start)
                guard first < text.tokens.count else { continue }
                var last = first
                while last + 1 < text.tokens.count && text.tokens[last + 1].end <= m.end { last += 1 }
                // Before the mention.
                var words: [RuleToken] = []
                var k = first - 1
                let sentence = text.tokenSentence[first]
                while k >= 0, words.count < 8, text.tokenSentence[k] == sentence {
                    let t = text.tokens[k]
                    let isTitle = t.lower.split(separator: "-").contains { RuleLexicon.titleWords.contains(String($0)) }
                    guard t.kind == .word,
                        t.isCapitalized || isTitle || t.lower == "of" || t.lower == "the" || t.lower == "'s"
                    else { break }
                    words.append(t)
                    k -= 1
                }
                if let record = titleRecord(words, person: ci, offset: m.start) { out.append(record) }
                // Apposition after the mention.
                if last + 1 < text.tokens.count, text.tokens[last + 1].lower == "," {
                    words = []
                    k = last + 2
                    while k < text.tokens.count, words.count < 10, text.tokens[k].kind == .word {
                        words.append(text.tokens[k])
                        k += 1
                    }
                    if k < text.tokens.count,
                        text.tokens[k].lower == "," || text.tokens[k].lower == "." || text.tokens[k].lower == ")",
                        let record = titleRecord(words, person: ci, offset: m.start)
                    {
                        out.append(record)
                    }
                }
            }
        }
        out.sort { $0.offset < $1.offset }
        return out
    }

    private static func titleRecord(_ words: [RuleToken], person: Int, offset: Int) -> TitleRecord? {
        var heads = Set<String>()
        var organizations = Set<String>()
        for t in words {
            let parts = t.lower.split(separator: "-").map(String.init)
            var isTitle = false
            for p in parts where RuleLexicon.titleWords.contains(p) {
                heads.insert(p)
                isTitle = true
            }
            if !isTitle && t.isCapitalized { organizations.insert(t.lower) }
        }
        for honorific in ["mr.", "mrs.", "ms.", "dr."] { heads.remove(honorific) }
        guard !heads.isEmpty else { return nil }
        return TitleRecord(heads: heads, organizationWords: organizations, person: person, offset: offset)
    }

    /// FALLBACK candidates when no NER entities are given: maximal runs of capitalised words (not sentence-initial
    /// stop words, titles, months or weekdays), grouped by their last word. A run of two or more words counts as a
    /// PERSON, a single all-caps word as an ORGANIZATION.
    static func fallbackNames(_ text: RuleText) -> [SpeakerCandidate] {
        let stop = StopWords.english
        let tokens = text.tokens
        var runs: [Range<Int>] = []
        var i = 0
        while i < tokens.count {
            var j = i
            while j < tokens.count, tokens[j].kind == .word, tokens[j].isCapitalized,
                !RuleLexicon.titleWords.contains(tokens[j].lower), DateLexicon.month(tokens[j].lower) == nil,
                DateLexicon.weekday(tokens[j].lower) == nil,
                !(stop.contains(tokens[j].lower) && (j == i))
            {
                if j > i && tokens[j].start - tokens[j - 1].end > 1 { break }
                j += 1
            }
            if j == i {
                i += 1
                continue
            }
            runs.append(i..<j)
            i = j
        }
        // A word that also stands alone elsewhere ("the Alliance") is not part of a longer name
        // ("of the Alliance Jens Stoltenberg" → "Jens Stoltenberg").
        let standalone = Set(runs.filter { $0.count == 1 }.map { tokens[$0.lowerBound].lower })
        var byLast: [String: Int] = [:]
        var out: [SpeakerCandidate] = []
        for whole in runs {
            var lo = whole.lowerBound
            while whole.upperBound - lo > 2 && standalone.contains(tokens[lo].lower) { lo += 1 }
            let run = tokens[lo..<whole.upperBound]
            let lastWord = run.last!.lower
            let range = TextRange(run.first!.start, run.last!.end)
            let name = text.text(range.start, range.end)
            let isPersonLike = run.count >= 2 && !run.contains(where: { $0.isAllCaps })
            if let ci = byLast[lastWord] {
                out[ci].mentions.append(range)
                if run.count > out[ci].words.count && isPersonLike { out[ci].name = name }
                for t in run { out[ci].words.insert(t.lower) }
                out[ci].isPerson = out[ci].isPerson || isPersonLike
            } else {
                byLast[lastWord] = out.count
                out.append(
                    SpeakerCandidate(
                        name: name, isPerson: isPersonLike, isOrganization: run.count == 1 && run.first!.isAllCaps,
                        mentions: [range], words: Set(run.map(\.lower))))
            }
        }
        return out
    }
}
