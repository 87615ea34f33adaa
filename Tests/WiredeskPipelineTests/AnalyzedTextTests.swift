// Tests of the one analysis per article (Analysis/AnalyzedText.swift) and of the rules' view of it (RuleText).
import Foundation
import Testing

@testable import WiredeskPipeline

@Suite("One analysis per article")
struct AnalyzedTextTests {
    static func normalized(_ text: String, name: String = "a.txt") throws -> ArticleResult {
        let items = try NormalizeStage().run(RawDocument(name: name, bytes: Array(text.utf8)))
        return try #require(try items.first?.outcome.get())
    }

    static let story = """
        Moscow talks stall

        Russia’s envoy said on Monday: "We don't accept this... at all." Jens Stoltenberg spoke for NATO.

        The deal is worth US$5 million, up from $1.8bn.
        """

    @Test func normalizeBuildsTheAnalysisOnceAndItDescribesTheArticle() throws {
        let result = try Self.normalized(Self.story)
        let article = try #require(result.article)
        let analysis = try #require(result.analysis)
        #expect(analysis.describes(article))
        #expect(analysis.scalars == Array(article.text.unicodeScalars))
        #expect(analysis.sentences.map(\.range) == article.sentences)
        #expect(analysis.sentences.first?.isHeadline == true)
        #expect(analysis.sentences.dropFirst().allSatisfy { !$0.isHeadline })
        #expect(analysis.paragraphs.first == article.headlineRange)
        #expect(analysis.isEnglish)
        // Every token lies in its sentence, in order, and the sentences' token ranges tile the stream.
        var next = 0
        for sentence in analysis.sentences {
            #expect(sentence.tokens.lowerBound == next)
            for t in analysis.tokens[sentence.tokens] {
                #expect(t.start >= sentence.range.start && t.end <= sentence.range.end)
            }
            next = sentence.tokens.upperBound
        }
        #expect(next == analysis.tokens.count)
    }

    @Test func theAnalysisIsNeitherWrittenNorComparedAndThePipelineDropsIt() throws {
        let result = try Self.normalized(Self.story)
        var bare = result
        bare.analysis = nil
        #expect(result == bare)
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let json = try encoder.encode(result)
        #expect(json == (try encoder.encode(bare)))
        #expect(!String(decoding: json, as: UTF8.self).contains("analysis"))
        let pipeline = try Pipeline(config: PipelineConfig())
        let outcomes = pipeline.process(RawDocument(name: "a.txt", bytes: Array(Self.story.utf8)))
        let processed = try #require(try outcomes.first?.result.get())
        #expect(processed.analysis == nil)
        #expect(processed.entities?.isEmpty == false)
    }

    /// A stage given a result whose article changed after normalize must not use the stale analysis.
    @Test func anArticleEditedAfterNormalizeIsAnalysedAgain() throws {
        var result = try Self.normalized(Self.story)
        result.article?.language = "ru"
        result.article?.languageConfidence = 0.99
        let article = try #require(result.article)
        #expect(result.analysis?.describes(article) == false)
        #expect(AnalyzedText.of(result, article).englishSkipReason != nil)
        let stage = try #require(sharedExtractStage)
        let extracted = try stage.run(result)
        #expect(extracted.entities == nil)
        #expect(extracted.skipped?.contains { $0.step == "entities" } == true)
    }

    /// The rules read the tagger's tokens: every entity mention starts and ends on a rule token boundary, so
    /// speakers (matched by offset) and mentions always line up.
    @Test func entityMentionsFallOnRuleTokenBoundaries() throws {
        let stage = try #require(sharedExtractStage)
        let result = try stage.run(try Self.normalized(Self.story))
        let analysis = try #require(try Self.normalized(Self.story).analysis)
        let rules = RuleText(analysis)
        let starts = Set(rules.tokens.map(\.start))
        let ends = Set(rules.tokens.map(\.end))
        let mentions = (result.entities ?? []).flatMap(\.mentions)
        #expect(mentions.count >= 4)
        for m in mentions {
            #expect(starts.contains(m.start), "mention \(m.text) starts inside a rule token")
            #expect(ends.contains(m.end), "mention \(m.text) ends inside a rule token")
        }
    }

    @Test func theRulesViewMergesCliticsAndSplitsPunctuationRunsAndCurrencyPrefixes() {
        let text = RuleText(text: "We don't know... Russia’s US$5 they're")
        let lowers = text.tokens.map(\.lower)
        #expect(lowers == ["we", "don't", "know", ".", ".", ".", "russia", "'s", "us", "$", "5", "they're"])
        #expect(
            text.tokens.map(\.kind) == [
                .word, .word, .word, .punct, .punct, .punct, .word, .word, .word, .punct, .number, .word,
            ])
        #expect(text.tokens[6].isCapitalized)
        #expect(text.tokens[8].isAllCaps)
    }

    /// The rules' old tokenizer kept the period after "1.8bn" (it took any word with a "." for an abbreviation),
    /// so an amount that ended a sentence was lost; with the shared tokens it is found.
    @Test func anAmountThatEndsASentenceIsFound() throws {
        let result = try #require(sharedExtractStage).run(try Self.normalized(Self.story))
        let amounts = (result.amounts ?? []).map(\.text)
        #expect(amounts.contains("$1.8bn"))
        #expect(amounts.contains("US$5 million"))
    }

    @Test func aBareTextIsSplitIntoParagraphsAndSentences() {
        let analysis = AnalyzedText(text: "One thing. Another thing.\n\nA second block.")
        #expect(analysis.paragraphs == [TextRange(0, 25), TextRange(27, 42)])
        #expect(analysis.sentences.map(\.range) == [TextRange(0, 10), TextRange(11, 25), TextRange(27, 42)])
        #expect(analysis.tokens.count == 10)
    }
}
