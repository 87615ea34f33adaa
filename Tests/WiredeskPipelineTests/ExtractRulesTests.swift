// Tests of the rule-based extractors (Extract/Rules): the seed article as a golden test, then each extractor on
// small hand-checked texts.
import Foundation
import Testing

@testable import WiredeskLab
@testable import WiredeskPipeline

/// Builds an ArticleResult the way normalize does: headline paragraph first, paragraphs joined by a blank line.
func rulesArticle(_ paragraphs: [String], headline: Bool = false, published: String? = nil, language: String = "en")
    -> ArticleResult
{
    let text = paragraphs.joined(separator: "\n\n")
    var ranges: [TextRange] = []
    var offset = 0
    for p in paragraphs {
        let n = p.unicodeScalars.count
        ranges.append(TextRange(offset, offset + n))
        offset += n + 2
    }
    let headlineRange = headline ? ranges.removeFirst() : nil
    var body = ArticleBody(
        headline: headline ? paragraphs[0] : nil, language: language, text: text, headlineRange: headlineRange,
        paragraphs: ranges)
    body.published = published
    var result = ArticleResult(id: "test", source: SourceInfo(name: "test.txt", bytes: text.utf8.count, receivedAt: ""))
    result.article = body
    return result
}

/// Every occurrence of `needle` in `text`, as scalar-offset mentions.
func rulesMentions(_ needle: String, in text: String) -> [Mention] {
    let hay = Array(text.unicodeScalars)
    let pin = Array(needle.unicodeScalars)
    var out: [Mention] = []
    var i = 0
    while i + pin.count <= hay.count {
        if Array(hay[i..<(i + pin.count)]) == pin {
            let beforeOK = i == 0 || !Tokenizer.isLetter(hay[i - 1])
            let afterOK = i + pin.count == hay.count || !Tokenizer.isLetter(hay[i + pin.count])
            if beforeOK && afterOK {
                out.append(Mention(start: i, end: i + pin.count, text: needle))
                i += pin.count
                continue
            }
        }
        i += 1
    }
    return out
}

func rulesFixture(_ name: String) throws -> String {
    let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures/rules/\(name)")
    return try String(contentsOf: url, encoding: .utf8)
}

@Suite struct ExtractRulesSeedTests {
    /// The seed article with the entities NER is expected to give (built by hand here).
    static func seed() throws -> ArticleResult {
        let raw = try rulesFixture("nato-russia-talks.txt")
        let paragraphs = raw.components(separatedBy: "\n\n").map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
            .filter { !$0.isEmpty }
        var result = rulesArticle(paragraphs, headline: true)
        let text = result.article!.text
        let stoltenberg =
            rulesMentions("Jens Stoltenberg", in: text)
            + rulesMentions("Stoltenberg", in: text).filter { m in
                !rulesMentions("Jens Stoltenberg", in: text).contains { $0.start <= m.start && m.end <= $0.end }
            }
        result.entities = [
            Entity(name: "Jens Stoltenberg", type: "PERSON", salience: 0.4, mentions: stoltenberg),
            Entity(
                name: "Alexander Grushko", type: "PERSON", salience: 0.1,
                mentions: rulesMentions("Alexander Grushko", in: text)),
            Entity(name: "NATO", type: "ORGANIZATION", salience: 0.3, mentions: rulesMentions("NATO", in: text)),
            Entity(name: "Reuters", type: "ORGANIZATION", salience: 0.05, mentions: rulesMentions("Reuters", in: text)),
        ]
        return result
    }

    @Test func longQuoteIsAttributedToStoltenberg() throws {
        var result = try Self.seed()
        ExtractRules.apply(to: &result)
        let quotes = try #require(result.quotes)
        let long = try #require(quotes.first { $0.text.hasPrefix("Many allies agree") })
        #expect(long.kind == "direct")
        #expect(long.text.hasSuffix("command and control"))
        #expect(long.speaker == "Jens Stoltenberg")
        #expect(long.speakerMention?.text == "NATO Secretary General")
        #expect(long.cue == "said")
        let scalars = Array(result.article!.text.unicodeScalars)
        #expect(String(String.UnicodeScalarView(scalars[long.start..<long.end])) == long.text)
    }

    @Test func partialQuotesAndTitlesResolve() throws {
        var result = try Self.seed()
        ExtractRules.apply(to: &result)
        let quotes = try #require(result.quotes)
        let headline = try #require(quotes.first { $0.text == "profound disagreements" })
        #expect(headline.kind == "partial")
        #expect(headline.speaker == "Jens Stoltenberg")  // "NATO Secretary General" → title → person
        let frank = try #require(quotes.first { $0.text == "Frank" })
        #expect(frank.speaker == "Jens Stoltenberg")  // "He" → the last person named outside quotes
        let concern = try #require(quotes.first { $0.text == "great concern" })
        #expect(concern.speaker == "Jens Stoltenberg")  // "The head of the Alliance"
        let according = try #require(quotes.first { $0.kind == "indirect" })
        #expect(according.speaker == "Jens Stoltenberg")
        #expect(according.text.hasPrefix("the parties disagree"))
        // The ship's name is not speech.
        #expect(!quotes.contains { $0.text == "Donald cook" })
        #expect(quotes.allSatisfy { $0.speaker != nil })
    }

    @Test func datesAmountsKeywordsSummary() throws {
        var result = try Self.seed()
        ExtractRules.apply(to: &result)
        let dates = try #require(result.dates)
        #expect(dates.contains { $0.text == "2014" && $0.value == "2014" && $0.kind == "absolute" })
        #expect(dates.contains { $0.text == "last week" && $0.kind == "relative" && $0.value == nil })
        #expect(dates.contains { $0.text == "the day before" && $0.kind == "relative" })
        let keywords = try #require(result.keywords).map(\.text)
        #expect(keywords.count >= 5)
        #expect(keywords.prefix(6).contains("NATO") || keywords.prefix(6).contains("Russia"))
        let summary = try #require(result.summary)
        #expect(summary.count > 100)
        #expect(!summary.contains("profound disagreements” after talks"))  // the headline is not summary material
        #expect(result.skipped == nil)
    }

    @Test func usesTheNormalizersSentencesWhenGiven() throws {
        var result = try Self.seed()
        let body = result.article!
        // Sentences as a normalizer would give them (here: the rules' own splitter), headline first.
        let split = RuleText(text: body.text, paragraphs: body.paragraphs, headline: body.headlineRange).sentences
        #expect(split.count == 17)  // headline 1 + 2, 1, 2, 2 (the long quote holds two), 3, 3, 3
        result.article!.sentences = split
        ExtractRules.apply(to: &result)
        let long = try #require(result.quotes?.first { $0.text.hasPrefix("Many allies agree") })
        #expect(long.speaker == "Jens Stoltenberg")
        let summary = try #require(result.summary)
        #expect(summary.split(separator: ".").count >= 2)
    }

    @Test func worksWithoutEntitiesUsingFallbackNames() throws {
        var result = try Self.seed()
        result.entities = nil
        ExtractRules.apply(to: &result)
        let long = try #require(result.quotes?.first { $0.text.hasPrefix("Many allies agree") })
        #expect(long.speaker == "Jens Stoltenberg")
    }
}

@Suite struct QuoteExtractorTests {
    func quotes(_ paragraphs: [String], entities: [Entity]? = nil) -> [Quote] {
        var r = rulesArticle(paragraphs)
        r.entities = entities
        ExtractRules.apply(to: &r)
        return r.quotes ?? []
    }

    @Test func framesBeforeAndAfter() {
        let q = quotes([
            "Angela Merkel said: “We will not give in.”",
            "“It is a difficult day,” said Prime Minister Boris Johnson.",
            "“Nobody wins,” the senator told reporters.",
        ])
        #expect(q.count == 3)
        #expect(q[0].text == "We will not give in.")
        #expect(q[0].speaker == "Angela Merkel")
        #expect(q[0].cue == "said")
        #expect(q[1].speakerMention?.text == "Prime Minister Boris Johnson")
        #expect(q[2].speakerMention?.text == "the senator")
        #expect(q[2].cue == "told")
        #expect(q.allSatisfy { $0.kind == "direct" })
    }

    @Test func straightQuotesAndInterruptedQuote() {
        let q = quotes(["\"This is in their heads,\" Caddell said. \"It is one of the things worrying them.\""])
        #expect(q.count == 2)
        #expect(q[0].text == "This is in their heads")
        #expect(q[0].speaker == "Caddell")
        #expect(q[1].speaker == "Caddell")  // continues the previous quote
    }

    @Test func multiParagraphQuote() {
        let q = quotes([
            "Senator Jane Doe said on Monday:",
            "“The first paragraph of what she said.",
            "“And the second paragraph, which closes it.”",
            "Others disagreed.",
        ])
        let quote = q.first { $0.text.hasPrefix("The first paragraph") }
        #expect(quote?.text.hasSuffix("which closes it.") == true)
        #expect(quote?.text.contains("“") == false)
        #expect(quote?.speaker == "Jane Doe")  // the name inside "Senator Jane Doe"
        #expect(quote?.speakerMention?.text == "Senator Jane Doe")
    }

    @Test func pronounResolvesToEntity() {
        let text = ["Mayor Anne Hidalgo visited the site on Monday. “We will rebuild,” she said."]
        let entity = Entity(
            name: "Anne Hidalgo", type: "PERSON", salience: 1, mentions: rulesMentions("Anne Hidalgo", in: text[0]))
        let q = quotes(text, entities: [entity])
        #expect(q.count == 1)
        #expect(q[0].speaker == "Anne Hidalgo")
        #expect(q[0].speakerMention?.text == "she")
    }

    @Test func scareQuotesAreDropped() {
        let q = quotes(["The so-called “loopholes” remain in the tax code, and the ship “Donald Cook” sailed on."])
        #expect(q.isEmpty)
    }

    @Test func longCuelessFragmentIsKeptWithoutInventedSpeaker() {
        let q = quotes(["The primary requirement is a “lawful source of investment income” under the rules."])
        #expect(q.count == 1)
        #expect(q[0].kind == "partial")
        #expect(q[0].text == "lawful source of investment income")
        #expect(q[0].speaker == nil)
    }

    @Test func transcriptLabelNamesTheSpeaker() {
        let q = quotes(["\"WALLACE: Let us start with the news of the day.\""])
        #expect(q.count == 1)
        #expect(q[0].speaker == "WALLACE")
    }

    @Test func accordingToIsIndirect() {
        let q = quotes(["Prices will rise next year, according to the central bank."])
        #expect(q.count == 1)
        #expect(q[0].kind == "indirect")
        #expect(q[0].text == "Prices will rise next year")
        #expect(q[0].speaker == "the central bank")
    }
}

@Suite struct DateExtractorTests {
    func dates(_ text: String, published: String?) -> [DateMention] {
        var r = rulesArticle([text], published: published)
        ExtractRules.apply(to: &r)
        return r.dates ?? []
    }

    @Test func absoluteDates() {
        let d = dates("Talks on 5 March 2014, March 6, 2014 and 2014-03-07 were held in March 2014.", published: nil)
        #expect(d.map(\.value) == ["2014-03-05", "2014-03-06", "2014-03-07", "2014-03"])
        #expect(d.map(\.text) == ["5 March 2014", "March 6, 2014", "2014-03-07", "March 2014"])
        #expect(d.allSatisfy { $0.kind == "absolute" })
    }

    @Test func relativeDatesAgainstPublication() {
        // 2014-03-05 is a Wednesday in ISO week 10.
        let d = dates(
            "Yesterday he left. Last week they met, two days ago they spoke, on Tuesday they signed, and in March they vote. The day before was quiet.",
            published: "2014-03-05T10:00:00Z")
        let values = Dictionary(d.map { ($0.text.lowercased(), $0.value ?? "nil") }, uniquingKeysWith: { a, _ in a })
        #expect(values["yesterday"] == "2014-03-04")
        #expect(values["last week"] == "2014-W09")
        #expect(values["two days ago"] == "2014-03-03")
        #expect(values["tuesday"] == "2014-03-04")
        #expect(values["march"] == "2014-03")
        #expect(values["the day before"] == "2014-03-04")
    }

    @Test func relativeWithoutPublicationHasNoValue() {
        let d = dates("They met last week.", published: nil)
        #expect(d.count == 1)
        #expect(d[0].value == nil)
        #expect(d[0].kind == "relative")
    }

    @Test func mayTheVerbIsNotAMonth() {
        #expect(dates("The talks may resume.", published: nil).isEmpty)
    }

    @Test func civilDateArithmetic() {
        let d = CivilDate(year: 2014, month: 3, day: 5)
        #expect(d.weekday == 3)
        #expect(d.isoWeek == "2014-W10")
        #expect(CivilDate(dayNumber: d.dayNumber) == d)
        #expect(CivilDate(year: 2021, month: 1, day: 1).isoWeek == "2020-W53")
        #expect(d.adding(days: -5).isoDay == "2014-02-28")
    }
}

@Suite struct AmountExtractorTests {
    @Test func moneyPercentAndCounts() {
        var r = rulesArticle(["It costs $5 billion, €20m or £1.2bn; 12% and 3.5 percent of 5,000 people left in 2014."])
        ExtractRules.apply(to: &r)
        let a = r.amounts ?? []
        #expect(a.map(\.text) == ["$5 billion", "€20m", "£1.2bn", "12%", "3.5 percent", "5,000 people"])
        #expect(a.map(\.value) == [5e9, 2e7, 1.2e9, 12, 3.5, 5000])
        #expect(a.map(\.unit) == ["USD", "EUR", "GBP", "%", "%", "people"])
        #expect(a.map(\.kind) == ["money", "money", "money", "percent", "percent", "count"])
    }

    @Test func raceDistancesAreNoMillions() {
        var r = rulesArticle([
            "Holmes' 800m gold came before the 100m final, and 300m users joined while 5m people watched."
        ])
        ExtractRules.apply(to: &r)
        let a = r.amounts ?? []
        #expect(a.map(\.text) == ["300m users", "5m people"])
        #expect(a.map(\.value) == [3e8, 5e6])
    }
}

@Suite struct RulesLanguageTests {
    @Test func nonEnglishSkipsWithReasons() {
        var r = rulesArticle(
            ["Die Regierung sagte: „Wir bleiben.“ Das kostet 5 Prozent und $3 Millionen."], language: "de")
        ExtractRules.apply(to: &r)
        #expect(r.quotes == nil)
        #expect(r.keywords == nil)
        #expect(r.summary == nil)
        #expect(r.amounts?.first?.text == "$3")
        let steps = (r.skipped ?? []).map(\.step)
        #expect(steps == ["quotes", "dates", "keywords", "summary"])
    }

    @Test func stopWordsAreLoaded() {
        #expect(StopWords.english.count > 1000)
        #expect(StopWords.english.contains("the"))
    }

    @Test func tokenizerOffsetsAndPossessives() {
        let t = RuleText(text: "Russia’s “U.S. envoy”, Mr. Smith-Jones, paid $1,200.")
        let words = t.tokens.map { t.text($0.start, $0.end) }
        #expect(
            words == [
                "Russia", "’s", "“", "U.S.", "envoy", "”", ",", "Mr.", "Smith-Jones", ",", "paid", "$", "1,200", ".",
            ])
    }
}

@Suite struct QuoteEvaluationTests {
    @Test func bratParsingAlignmentAndScoring() {
        let raw = "Headline here\n\n“We won,” Smith said.  \nHe added that taxes fall.\n"
        // Offsets into the raw text: “ at 15, content We won = 16..<22, ” at 23, source Smith = 25..<30.
        let ann = """
            T1\tContent 16 22\tWe won
            T2\tSource 25 30\tSmith
            T3\tCue 31 35\tsaid
            E1\tAttribution:T9 Content:T1 Source:T2 Cue:T3
            T4\tSource 39 41\tHe
            T5\tCue 42 47\tadded
            T6\tContent 48 63\tthat taxes fall
            E2\tAttribution:T8 Content:T6 Source:T4 Cue:T5
            """
        let gold = QuoteEvaluation.parseAnn(ann)
        #expect(gold.count == 2)
        #expect(gold[0].source == [TextRange(25, 30)])
        var report = QuoteEvaluation.Report()
        QuoteEvaluation.evaluate(rawText: raw, ann: ann, name: "t.txt", into: &report)
        #expect(report.goldDirect == 1)
        #expect(report.foundDirect == 1)
        #expect(report.speakerCorrect == 1)
        #expect(report.predicted == 1)
        #expect(report.predictedCorrect == 1)
        #expect(report.articlesOnRawText == 0)
    }

    @Test func alignmentSkipsWhitespaceOnly() {
        let map = QuoteEvaluation.alignOffsets(
            raw: Array("a  b\n".unicodeScalars), normalized: Array("a b".unicodeScalars))
        #expect(map == [0, 1, 2, 2, 3, 3])
        #expect(
            QuoteEvaluation.alignOffsets(raw: Array("ab".unicodeScalars), normalized: Array("ac".unicodeScalars)) == nil
        )
    }

    @Test func alignmentBridgesNormalizerEdits() throws {
        // "…" becomes "...", and a byline line is removed.
        let tail = " The count went on through the night, and the results came in one district at a time."
        let raw = Array(("By Jane Roe\nShe said on Monday… “We will win,” she said." + tail).unicodeScalars)
        let normalized = Array(("She said on Monday... “We will win,” she said." + tail).unicodeScalars)
        let map = try #require(QuoteEvaluation.alignOffsets(raw: raw, normalized: normalized))
        let rawQuote = try #require(raw.firstIndex(of: "“"))
        let normQuote = try #require(normalized.firstIndex(of: "“"))
        #expect(map[rawQuote] == normQuote)
        #expect(map[raw.count] == normalized.count)
        let rawShe = 12
        #expect(map[rawShe] == 0)
    }
}
