// Quotations and their speakers, by rules over tokens.
//
//   1. Pair quotation marks per paragraph (“ ” „ « » and straight " by context). A quote still open at a paragraph
//      end continues when the next paragraph opens with a mark (the news convention for multi-paragraph quotes).
//   2. Find the cue frame in the quote's sentence: `“…,” said X`, `“…,” X said`, `X said: “…”`, `X told reporters
//      “…”`, or a cue verb anywhere in the sentence of an embedded fragment (`X expressed “deep concern”`).
//   3. A quote is `direct` when it stands as a clause of its own (sentence start or after `:`/`,`/cue verb, and
//      running to the sentence end or to its cue frame) or spans sentences; otherwise `partial`. A partial quote
//      of one or two words with no cue and no named sentence subject is a scare quote or a title and is dropped.
//   4. A direct quote without a cue continues the previous quote's speaker when it follows it closely
//      (`“…,” Merkley said. “…”`), or takes the speaker of a cue sentence ending in `:` just before it.
//   5. `According to X, …` gives an `indirect` quote.

struct QuoteExtractor {
    /// A pair of quotation marks, as token indices (`close` nil for a quote that runs to its paragraph end).
    struct MarkedSpan {
        var open: Int
        var close: Int?
        var contentStart: Int
        var contentEnd: Int
        /// Token indices of the extra opening marks of later paragraphs.
        var continuationMarks: [Int] = []
    }

    /// A speaker phrase found at a cue.
    struct Attribution {
        var phrase: (first: Int, last: Int)?
        var cue: Int?
    }

    let text: RuleText

    /// Quoted spans in document order.
    func markedSpans() -> [MarkedSpan] {
        let tokens = text.tokens
        var out: [MarkedSpan] = []
        var open: Int? = nil
        var openParagraph = -1
        var continuation: [Int] = []
        var i = 0
        while i < tokens.count {
            let t = tokens[i]
            if let o = open, text.tokenParagraph[i] != openParagraph {
                // A new paragraph while a quote is open: continued when the paragraph opens with a mark.
                // The continuing mark must be of the same family (straight or typographic) as the open one.
                if t.kind == .punct, let mark = QuoteMark.classify(t.scalar), mark != .close,
                    (mark == .ambiguous) == (QuoteMark.classify(tokens[o].scalar) == .ambiguous)
                {
                    continuation.append(i)
                    openParagraph = text.tokenParagraph[i]
                    i += 1
                    continue
                }
                let lastIndex = i - 1
                if lastIndex > o + 3 {
                    out.append(
                        MarkedSpan(
                            open: o, close: nil, contentStart: tokens[o].end, contentEnd: tokens[lastIndex].end,
                            continuationMarks: continuation))
                }
                open = nil
                continuation = []
            }
            guard t.kind == .punct, let mark = QuoteMark.classify(t.scalar) else {
                i += 1
                continue
            }
            var isOpening: Bool
            switch mark {
            case .open: isOpening = open == nil
            case .close: isOpening = false
            case .ambiguous:
                if open != nil {
                    isOpening = false
                } else {
                    let prev = t.start > 0 ? text.scalars[t.start - 1] : " "
                    isOpening =
                        Tokenizer.isSpace(prev) || prev == "(" || prev == "[" || prev == "—" || prev == "-"
                        || t.start == 0
                }
            }
            if isOpening {
                open = i
                openParagraph = text.tokenParagraph[i]
                continuation = []
            } else if let o = open, mark != .open {
                out.append(
                    MarkedSpan(
                        open: o, close: i, contentStart: tokens[o].end, contentEnd: t.start,
                        continuationMarks: continuation))
                open = nil
                continuation = []
            }
            i += 1
        }
        if let o = open, tokens.count - 1 > o + 3 {
            out.append(
                MarkedSpan(
                    open: o, close: nil, contentStart: tokens[o].end, contentEnd: tokens[tokens.count - 1].end,
                    continuationMarks: continuation))
        }
        return out
    }

    /// All quotes of the article, in document order.
    /// - Parameter spans: `markedSpans()`, computed once by the caller (the resolver needs them too).
    func extract(spans: [MarkedSpan], resolver: SpeakerResolver) -> [Quote] {
        let tokens = text.tokens
        var quotes: [Quote] = []
        /// The previous quote's end token, paragraph and speaker (for continuations).
        var previous: (endToken: Int, speaker: String?, mention: Mention?, cue: String?)? = nil
        for span in spans {
            let closeIndex = span.close ?? (span.continuationMarks.last ?? span.open)
            let firstInside = span.open + 1
            let lastInside = (span.close ?? tokens.count) - 1
            let words = tokens[firstInside...max(firstInside, lastInside)].reduce(0) {
                $0 + ($1.kind == .punct ? 0 : 1)
            }
            guard words >= 1 else { continue }
            let s0 = text.tokenSentence[span.open]
            let sentence0 = text.tokenRange(ofSentence: s0)
            let endSentence = text.tokenSentence[span.close ?? lastInside]
            let sentenceEnd = text.tokenRange(ofSentence: endSentence).upperBound

            // Cue frames.
            let wordsBefore = tokens[sentence0.lowerBound..<span.open].contains { $0.kind != .punct }
            let after =
                span.close.map { afterFrame(close: $0, sentenceEnd: sentenceEnd, crossSentence: !wordsBefore) }
                ?? Attribution()
            let before = beforeFrame(open: span.open, sentenceStart: sentence0.lowerBound)
            let prevToken = span.open > sentence0.lowerBound ? tokens[span.open - 1] : nil
            let beforeOK =
                !wordsBefore || prevToken?.lower == ":" || prevToken?.lower == "," || prevToken?.lower == "—"
                || before.cue != nil && before.cue! >= span.open - 4
                || text.tokenParagraph[span.open] != text.tokenParagraph[max(span.open - 1, 0)]
            let wordsAfter =
                span.close.map { c in
                    tokens[(c + 1)..<max(c + 1, sentenceEnd)].contains { $0.kind != .punct }
                } ?? false
            let afterOK = !wordsAfter || after.cue != nil
            let direct = (beforeOK && afterOK) || endSentence > s0 || !span.continuationMarks.isEmpty
            let kind = direct ? "direct" : "partial"
            if !direct, words <= 3, tokens[firstInside].isCapitalized, span.open > sentence0.lowerBound,
                tokens[span.open - 1].kind == .word, !tokens[span.open - 1].isCapitalized,
                !StopWords.english.contains(tokens[span.open - 1].lower),
                !RuleLexicon.cueVerbs.contains(tokens[span.open - 1].lower)
            {
                continue  // a name after its common noun: the destroyer “Donald Cook”
            }

            var attribution = after.cue != nil || after.phrase != nil ? after : before
            if attribution.cue == nil && attribution.phrase == nil {
                let opensSentence = !wordsBefore
                if !direct || opensSentence {
                    attribution = anyCue(in: sentence0, before: span.open, after: span.close)
                }
                if attribution.cue == nil, !direct, !opensSentence,
                    let subject = sentenceSubject(in: sentence0, before: span.open)
                {
                    attribution = Attribution(phrase: subject, cue: nil)
                }
            }
            var speaker: String? = nil
            var mention: Mention? = nil
            var cue: String? = nil
            if let c = attribution.cue { cue = tokens[c].lower }
            if let p = attribution.phrase {
                let phraseText = text.text(tokens: p.first, p.last)
                mention = Mention(start: tokens[p.first].start, end: tokens[p.last].end, text: phraseText)
                speaker = resolver.resolve(text, from: p.first, to: p.last) ?? phraseText
                // "he said" right after a quote of a named person, with nobody else named since: that person.
                if p.first == p.last, ["he", "she"].contains(tokens[p.first].lower), let prev = previous,
                    let prevSpeaker = prev.speaker, !RuleLexicon.pronouns.contains(prevSpeaker.lowercased()),
                    closelyFollows(prevEnd: prev.endToken, open: span.open),
                    !resolver.namesPerson(from: tokens[prev.endToken].end, to: tokens[p.first].start)
                {
                    speaker = prevSpeaker
                }
            } else if let label = transcriptLabel(after: span.open) {
                // "WALLACE: If I may, sir, …" — a transcript names its speaker inside the quote.
                let phraseText = text.text(tokens: label, label)
                mention = Mention(start: tokens[label].start, end: tokens[label].end, text: phraseText)
                speaker = resolver.resolve(text, from: label, to: label) ?? phraseText
            } else if attribution.cue == nil {
                let opensSentence = !wordsBefore
                // A fragment of one or two words with no cue and no named subject is a scare quote or a title;
                // a longer one is kept (PolNeAR annotates most as attributions), with the previous speaker when
                // close, else none.
                if !direct && !opensSentence && words < 3 { continue }
                if let prev = previous, closelyFollows(prevEnd: prev.endToken, open: span.open) {
                    speaker = prev.speaker
                    mention = prev.mention
                    cue = prev.cue
                } else if let intro = introducingSentence(before: sentence0.lowerBound), let p = intro.phrase {
                    let phraseText = text.text(tokens: p.first, p.last)
                    mention = Mention(start: tokens[p.first].start, end: tokens[p.last].end, text: phraseText)
                    speaker = resolver.resolve(text, from: p.first, to: p.last) ?? phraseText
                    cue = intro.cue.map { tokens[$0].lower }
                }
            }
            var start = span.contentStart
            var end = span.contentEnd
            while end > start, text.scalars[end - 1] == "," || Tokenizer.isSpace(text.scalars[end - 1]) { end -= 1 }
            while start < end, Tokenizer.isSpace(text.scalars[start]) { start += 1 }
            guard end > start else { continue }
            // The text without the opening marks of continued paragraphs.
            var pieces = String.UnicodeScalarView()
            var position = start
            for m in span.continuationMarks where tokens[m].start >= position && tokens[m].end <= end {
                pieces.append(contentsOf: text.scalars[position..<tokens[m].start])
                position = tokens[m].end
            }
            pieces.append(contentsOf: text.scalars[position..<end])
            let quoteText = String(pieces)
            quotes.append(
                Quote(
                    text: quoteText, start: start, end: end, speaker: speaker, speakerMention: mention, cue: cue,
                    kind: kind))
            previous = (closeIndex, speaker, mention, cue)
        }
        quotes.append(contentsOf: accordingTo(resolver: resolver, quoted: quotes))
        quotes.sort { $0.start < $1.start }
        return quotes
    }

    /// `“…,” said X` or `“…,” X said` (X may carry an apposition: `“…,” Sen. Tim Kaine, D-Va., said`).
    /// `crossSentence`: the quote opens its sentence, so a frame after its sentence end still belongs to it
    /// (`“…?” Graham asked.`); an embedded fragment's sentence end is final.
    func afterFrame(close: Int, sentenceEnd: Int, crossSentence: Bool) -> Attribution {
        let tokens = text.tokens
        var k = close + 1
        // A quote ending its sentence (“…?” Graham asked.) still takes the frame that follows in its paragraph.
        var paragraphEnd = sentenceEnd
        while crossSentence, paragraphEnd < tokens.count,
            text.tokenParagraph[paragraphEnd] == text.tokenParagraph[close]
        {
            paragraphEnd += 1
        }
        let limit = min(paragraphEnd, close + 16)
        // The closing mark may follow the comma (“…,”) or precede it (“…”,).
        if k < limit, tokens[k].lower == "," { k += 1 }
        // “…” ― Jacklyn Ashley
        if k + 1 < limit, tokens[k].kind == .punct, "―—–".unicodeScalars.contains(tokens[k].scalar),
            tokens[k + 1].isCapitalized
        {
            var end = k + 1
            while end + 1 < limit, tokens[end + 1].kind == .word, tokens[end + 1].isCapitalized { end += 1 }
            return Attribution(phrase: (k + 1, end), cue: nil)
        }
        guard k < limit, tokens[k].kind == .word else { return Attribution() }
        if isCue(k) {
            return Attribution(phrase: forwardPhrase(from: k + 1, limit: sentenceEnd), cue: k)
        }
        let phraseStart = k
        var phraseEnd: Int? = nil
        var parenDepth = 0
        while k < limit {
            let t = tokens[k]
            if t.kind == .punct, QuoteMark.classify(t.scalar) != nil { break }
            if isCue(k), k > phraseStart {
                let p = phraseEnd ?? trimGap(from: phraseStart, to: k - 1)
                guard p >= phraseStart else { return Attribution() }
                if RuleLexicon.phraseStops.contains(tokens[phraseStart].lower) { return Attribution() }
                return Attribution(phrase: (phraseStart, p), cue: k)
            }
            if t.kind == .punct {
                if t.lower == "(" { parenDepth += 1 }
                if t.lower == ")" { parenDepth -= 1 }
                if t.lower == "," || t.lower == "(" {
                    if phraseEnd == nil { phraseEnd = k - 1 }
                } else if t.lower != ")" && !(t.lower == "." && parenDepth > 0) {
                    break
                }
            }
            k += 1
        }
        return Attribution()
    }

    /// `X said: “…”`, `X said “…”`, `X told reporters on Tuesday: “…”`: a cue within eight tokens before the mark.
    func beforeFrame(open: Int, sentenceStart: Int) -> Attribution {
        let tokens = text.tokens
        var k = open - 1
        let limit = max(sentenceStart, open - 9)
        while k >= limit {
            let t = tokens[k]
            if t.kind == .punct, QuoteMark.classify(t.scalar) != nil { break }
            if isCue(k) {
                if let p = backwardPhrase(before: k, sentenceStart: sentenceStart) {
                    return Attribution(phrase: p, cue: k)
                }
                // "said the Secretary General: “…”" — the speaker follows the cue.
                if let p = forwardPhrase(from: k + 1, limit: open) { return Attribution(phrase: p, cue: k) }
                return Attribution(phrase: sentenceSubject(in: sentenceStart..<open, before: k), cue: k)
            }
            k -= 1
        }
        return Attribution()
    }

    /// The nearest cue verb before the quote in its sentence, and its subject (for embedded fragments).
    func anyCue(in sentence: Range<Int>, before open: Int, after close: Int? = nil) -> Attribution {
        // The nearest cue whose subject is a name, a title or a pronoun; else the nearest cue at all
        // ("Clinton says Trump’s tweets accusing her were “unhinged”" → Clinton, not "Trump’s tweets").
        var nearest: Attribution? = nil
        var k = open - 1
        while k >= sentence.lowerBound {
            if isCue(k) {
                let phrase =
                    backwardPhrase(before: k, sentenceStart: sentence.lowerBound)
                    ?? sentenceSubject(in: sentence, before: k)
                let attribution = Attribution(phrase: phrase, cue: k)
                if let phrase, isNamed(phrase) { return attribution }
                if nearest == nil { nearest = attribution }
            }
            k -= 1
        }
        if let nearest { return nearest }
        // “…” for criminal behavior, she said.
        if let close {
            k = close + 1
            while k < sentence.upperBound {
                let t = text.tokens[k]
                if t.kind == .punct, QuoteMark.classify(t.scalar) != nil { break }
                if isCue(k),
                    let p = backwardPhrase(before: k, sentenceStart: close + 1)
                {
                    return Attribution(phrase: p, cue: k)
                }
                k += 1
            }
        }
        return Attribution()
    }

    /// The sentence's subject when it is a name or a pronoun (`Trump openly admires Putin as a “strong leader”`),
    /// skipping a leading conjunction and an introductory phrase that ends in a comma.
    func sentenceSubject(in sentence: Range<Int>, before open: Int) -> (first: Int, last: Int)? {
        let tokens = text.tokens
        var k = sentence.lowerBound
        if k < open, ["but", "and", "so", "still", "yet", "meanwhile", "instead"].contains(tokens[k].lower) { k += 1 }
        if k < open, tokens[k].kind == .word, !tokens[k].isCapitalized || StopWords.english.contains(tokens[k].lower),
            !RuleLexicon.pronouns.contains(tokens[k].lower), !RuleLexicon.determiners.contains(tokens[k].lower)
        {
            // "In recent weeks, Reid has …": skip to the comma.
            var c = k
            while c < min(open, k + 12) && tokens[c].lower != "," { c += 1 }
            guard c < open, tokens[c].lower == "," else { return nil }
            k = c + 1
        }
        guard k < open, tokens[k].kind == .word else { return nil }
        if RuleLexicon.pronouns.contains(tokens[k].lower) && tokens[k].lower != "it" { return (k, k) }
        guard let phrase = forwardPhrase(from: k, limit: open) else { return nil }
        let named = tokens[phrase.first...phrase.last].contains {
            ($0.isCapitalized && !StopWords.english.contains($0.lower)) || RuleLexicon.titleWords.contains($0.lower)
        }
        guard named, phrase.last + 1 < open, tokens[phrase.last + 1].kind == .word else { return nil }
        return phrase
    }

    /// An all-capitals word followed by ":" just inside the opening mark (`"PENCE: Gennifer Flowers will not …`).
    func transcriptLabel(after open: Int) -> Int? {
        let k = open + 1
        guard k + 1 < text.tokens.count, text.tokens[k].isAllCaps, text.tokens[k + 1].lower == ":" else { return nil }
        return k
    }

    /// The phrase holds a name, a title word or is a pronoun.
    func isNamed(_ p: (first: Int, last: Int)) -> Bool {
        text.tokens[p.first...p.last].contains {
            ($0.isCapitalized && !RuleLexicon.determiners.contains($0.lower))
                || RuleLexicon.titleWords.contains($0.lower)
                || RuleLexicon.pronouns.contains($0.lower)
        }
    }

    /// Token `k` is a cue verb used as a verb: in the list, and not after a determiner, a possessive or "of"
    /// ("the report", "Kim's mental state").
    func isCue(_ k: Int) -> Bool {
        let t = text.tokens[k]
        guard t.kind == .word, RuleLexicon.cueVerbs.contains(t.lower) else { return false }
        guard k > 0 else { return true }
        let before = text.tokens[k - 1]
        if before.kind == .word {
            let l = before.lower
            if RuleLexicon.determiners.contains(l) || l == "'s" || l == "of" || l == "this" || l == "that" {
                return false
            }
            if !before.isCapitalized
                && (l.hasSuffix("al") || l.hasSuffix("ful") || l.hasSuffix("ous") || l.containsASCII(UInt8(ascii: "-")))
            {
                return false  // an adjective before it: a noun ("mental state", "late-night tweets")
            }
        }
        return true
    }

    /// A quote that opens in the same or the next paragraph within two sentences of the previous quote's end.
    private func closelyFollows(prevEnd: Int, open: Int) -> Bool {
        let pp = text.tokenParagraph[prevEnd]
        let po = text.tokenParagraph[open]
        let sentences = text.tokenSentence[open] - text.tokenSentence[prevEnd]
        return po - pp <= 1 && sentences <= 2
    }

    /// The sentence just before `sentenceStart` when it ends with ":" and holds a cue (`Trump said in a statement:`).
    private func introducingSentence(before sentenceStart: Int) -> Attribution? {
        guard sentenceStart > 0 else { return nil }
        let lastOfPrevious = sentenceStart - 1
        guard text.tokens[lastOfPrevious].lower == ":" else { return nil }
        let s = text.tokenSentence[lastOfPrevious]
        let range = text.tokenRange(ofSentence: s)
        let a = anyCue(in: range, before: lastOfPrevious)
        return a.cue == nil ? nil : a
    }

    /// Drops auxiliaries and adverbs at the end of a subject (`he has also` said → `he`).
    private func trimGap(from first: Int, to last: Int) -> Int {
        var k = last
        while k >= first {
            let l = text.tokens[k].lower
            if RuleLexicon.subjectGap.contains(l) || (l.hasSuffix("ly") && !text.tokens[k].isCapitalized) {
                k -= 1
            } else {
                break
            }
        }
        return k
    }

    private func isPhraseWord(_ t: RuleToken, lowercaseRun: Int) -> Bool {
        guard t.kind == .word else { return false }
        if t.isCapitalized || t.lower == "'s" || t.lower == "of" || RuleLexicon.determiners.contains(t.lower) {
            return true
        }
        if RuleLexicon.titleWords.contains(t.lower) || RuleLexicon.pronouns.contains(t.lower) { return true }
        if RuleLexicon.phraseStops.contains(t.lower) || RuleLexicon.cueVerbs.contains(t.lower) { return false }
        return lowercaseRun < 3 && !StopWords.english.contains(t.lower) || t.lower == "another" || t.lower == "former"
    }

    /// The subject noun phrase ending just before the cue at `cue` (skipping "has also", and an apposition between
    /// commas: `China, Pyongyang's only ally, said`).
    func backwardPhrase(before cue: Int, sentenceStart: Int) -> (first: Int, last: Int)? {
        let tokens = text.tokens
        var last = trimGap(from: sentenceStart, to: cue - 1)
        guard last >= sentenceStart else { return nil }
        if tokens[last].lower == ",", last - 1 >= sentenceStart, isCue(last - 1) {
            // "he said, adding that …": the participle shares the subject of the cue before the comma.
            return backwardPhrase(before: last - 1, sentenceStart: sentenceStart)
        }
        if tokens[last].lower == "," {
            // Skip an apposition back to its opening comma.
            var k = last - 1
            while k > sentenceStart && k > last - 16 && tokens[k].lower != "," { k -= 1 }
            guard k > sentenceStart, tokens[k].lower == "," else { return nil }
            last = k - 1
        }
        if RuleLexicon.pronouns.contains(tokens[last].lower) { return (last, last) }
        var first = last + 1
        var k = last
        var lowercaseRun = 0
        while k >= sentenceStart {
            let t = tokens[k]
            guard isPhraseWord(t, lowercaseRun: lowercaseRun) else { break }
            if RuleLexicon.pronouns.contains(t.lower) && k != last { break }
            first = k
            if !t.isCapitalized { lowercaseRun += 1 }
            if RuleLexicon.determiners.contains(t.lower) {
                // A determiner opens the phrase unless it follows "of" ("the head of the Alliance").
                if k - 1 >= sentenceStart && tokens[k - 1].lower == "of" {
                    k -= 1
                    continue
                }
                break
            }
            k -= 1
        }
        while first <= last, tokens[first].lower == "of" || tokens[first].lower == "'s" { first += 1 }
        guard first <= last, tokens[first...last].contains(where: { !RuleLexicon.determiners.contains($0.lower) })
        else {
            return nil
        }
        return (first, last)
    }

    /// The noun phrase after a cue verb (`said NATO Secretary General`, `said the Rev. Peter Wherry, of …`).
    func forwardPhrase(from start: Int, limit: Int) -> (first: Int, last: Int)? {
        let tokens = text.tokens
        var k = start
        var last: Int? = nil
        var lowercaseRun = 0
        while k < min(limit, start + 9) {
            let t = tokens[k]
            guard isPhraseWord(t, lowercaseRun: lowercaseRun) else { break }
            if RuleLexicon.pronouns.contains(t.lower) {
                if k == start { last = k }
                break
            }
            if !t.isCapitalized { lowercaseRun += 1 }
            last = k
            k += 1
        }
        guard var end = last else { return nil }
        while end >= start, tokens[end].lower == "of" || RuleLexicon.determiners.contains(tokens[end].lower) {
            end -= 1
        }
        return end >= start ? (start, end) : nil
    }

    /// `According to X, …` (sentence-initial) and `…, according to X.` (sentence-final): indirect quotes.
    func accordingTo(resolver: SpeakerResolver, quoted: [Quote]) -> [Quote] {
        let tokens = text.tokens
        var out: [Quote] = []
        var i = 0
        while i + 2 < tokens.count {
            guard tokens[i].lower == "according", tokens[i + 1].lower == "to" else {
                i += 1
                continue
            }
            let s = text.tokenSentence[i]
            let range = text.tokenRange(ofSentence: s)
            guard let p = forwardPhrase(from: i + 2, limit: range.upperBound) else {
                i += 2
                continue
            }
            var contentStart: Int
            var contentEnd: Int
            if i == range.lowerBound || (i == range.lowerBound + 1 && tokens[range.lowerBound].kind == .word) {
                // "According to X, content."
                var k = p.last + 1
                while k < range.upperBound && tokens[k].lower != "," { k += 1 }
                guard k + 1 < range.upperBound else {
                    i += 2
                    continue
                }
                contentStart = tokens[k + 1].start
                contentEnd = tokens[range.upperBound - 1].end
            } else if i - 1 > range.lowerBound, tokens[i - 1].lower == "," {
                // "Content, according to X."
                contentStart = tokens[range.lowerBound].start
                contentEnd = tokens[i - 2].end
            } else {
                i += 2
                continue
            }
            while contentEnd > contentStart, text.scalars[contentEnd - 1] == "." { contentEnd -= 1 }
            let overlapsDirect = quoted.contains {
                $0.start < contentEnd && contentStart < $0.end && $0.kind == "direct"
            }
            if !overlapsDirect && contentEnd > contentStart {
                let phraseText = text.text(tokens: p.first, p.last)
                out.append(
                    Quote(
                        text: text.text(contentStart, contentEnd), start: contentStart, end: contentEnd,
                        speaker: resolver.resolve(text, from: p.first, to: p.last) ?? phraseText,
                        speakerMention: Mention(
                            start: tokens[p.first].start, end: tokens[p.last].end, text: phraseText),
                        cue: "according to", kind: "indirect"))
            }
            i = p.last + 1
        }
        return out
    }
}
