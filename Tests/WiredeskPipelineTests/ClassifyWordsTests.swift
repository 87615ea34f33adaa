import Foundation
import Testing

@testable import WiredeskPipeline

@Suite struct ClassifyWordsTests {
    func words(_ text: String) -> [UInt64] { ClassifyWords(text: text).hashes }
    func hashes(_ words: [String]) -> [UInt64] { words.map(ClassifyWords.hash) }

    @Test func wordsAreTheAnalysisWordAndNumberTokensLowerCased() {
        let analysis = AnalyzedText(text: "Ministers met in Brussels on Friday. Talks resume in 2027, officials said!")
        let expected = analysis.tokens.filter { $0.kind == .word || $0.kind == .number }
            .map { ClassifyWords.hash($0.text(in: analysis.scalars).lowercased()) }
        #expect(expected.count == 12)
        #expect(ClassifyWords(analysis).hashes == expected)
        #expect(ClassifyWords(analysis) == ClassifyWords(scalars: analysis.scalars, tokens: analysis.tokens))
    }

    @Test func theStageReadsTheWordsOfNormalizesAnalysis() throws {
        let article = try ClassifyFixtures.normalized("nato-russia-talks.txt")
        let analysis = try #require(article.analysis)
        let words = ClassifyWords(analysis)
        let stage = try ClassifyConfig().build()
        let out = try stage.run(article)
        #expect(out.classification?.tone?.words == words.count)
        let model = try #require(stage.topicModel)
        #expect(out.classification?.topic?.confidence == (model.predict(words).confidence * 10000).rounded() / 10000)
    }

    @Test func quotesAndPunctuationAreNoWordsAndThePossessiveIsDropped() {
        #expect(words("“Deep divisions”—NATO’s view!") == hashes(["deep", "divisions", "nato", "view"]))
        #expect(
            words("the minister's and the ministers’ plans")
                == hashes(["the", "minister", "and", "the", "ministers", "plans"]))
    }

    @Test func cliticsGoBackOntoTheirWordWithAnyApostrophe() {
        // The tokenizer splits "do" + "n’t"; the tone lexicon's negations are whole words.
        #expect(
            words("They don’t agree, can't they? We‘re sure")
                == hashes(["they", "don't", "agree", "can't", "they", "we're", "sure"]))
        #expect(words("O’Brien won’t") == hashes(["o'brien", "won't"]))
    }

    @Test func hyphenatedTokensAreOneWordPerPart() {
        #expect(
            words("The Secretary-General’s cease-fire plan")
                == hashes(["the", "secretary", "general", "cease", "fire", "plan"]))
        #expect(words("on 1996-08-22") == hashes(["on", "1996", "08", "22"]))
    }

    @Test func aFinalPeriodIsDroppedAndNumbersStayWhole() {
        #expect(
            words("Mr. Smith of the U.S. paid $2,000.50")
                == hashes(["mr", "smith", "of", "the", "u.s", "paid", "2,000.50"]))
    }

    @Test func nonASCIILettersAreLowerCasedAndLengthsAreInScalars() {
        let w = ClassifyWords(text: "ZÜRICH Café a I")
        #expect(w.hashes == hashes(["zürich", "café", "a", "i"]))
        #expect(w.lengths == [6, 4, 1, 1])
        #expect(ClassifyWords(text: "") == ClassifyWords(scalars: [], tokens: []))
    }
}
