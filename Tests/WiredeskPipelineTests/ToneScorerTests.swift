import Foundation
import Testing

@testable import WiredeskPipeline

@Suite struct ToneScorerTests {
    /// A small lexicon with VADER's values for these words, so the rules can be checked by hand.
    static let lexicon = try! ToneLexicon(
        tsv:
            "# test\nL\tgood\t1.9\nL\tbad\t-2.5\nL\tcrisis\t-3.1\nB\tvery\t0.293\nB\tslightly\t-0.293\nN\tnot\nN\tdon't\n",
        version: "test")
    let scorer = ToneScorer(lexicon: ToneScorerTests.lexicon)

    @Test func wordsGetTheirLexiconValence() {
        #expect(scorer.valences("a good day") == [0, 1.9, 0])
        #expect(scorer.valences("BAD news") == [-2.5, 0])
    }

    @Test func negationWithinThreeWordsFlipsAndDampens() {
        let v = scorer.valences("this is not really very good")
        #expect(abs(v[5] - (1.9 + 0.293 * 1) * -0.74) < 1e-5)
        #expect(abs(scorer.valences("I don’t think it is good")[5] - 1.9) < 1e-6)  // "don't" is four words back
        #expect(abs(scorer.valences("we don’t see a crisis")[4] - (-3.1 * -0.74)) < 1e-5)
    }

    @Test func wordsAreTheClassifyWords() {
        // A possessive shows its noun, a hyphenated word its parts, and "don’t" is one negation whatever the
        // apostrophe (`ClassifyWords`).
        #expect(scorer.valences("the crisis’s end") == [0, -3.1, 0])
        #expect(scorer.valences("a crisis-hit town") == [0, -3.1, 0, 0])
        #expect(abs(scorer.valences("we don't see a crisis")[4] - (-3.1 * -0.74)) < 1e-5)
        #expect(scorer.score("Mr. Smith’s “good” news").words == 4)
    }

    @Test func boostersIntensifyAndDampenByDistance() {
        #expect(abs(scorer.valences("very good")[1] - (1.9 + 0.293)) < 1e-6)
        #expect(abs(scorer.valences("very bad")[1] - (-2.5 - 0.293)) < 1e-6)
        #expect(abs(scorer.valences("slightly bad")[1] - (-2.5 + 0.293)) < 1e-6)
        #expect(abs(scorer.valences("very much good")[2] - (1.9 + 0.293 * 0.95)) < 1e-6)
        #expect(scorer.valences("very")[0] == 0)
    }

    @Test func toneIsGDELTStylePercentages() {
        // 10 words: "good" counts 1.9 / 2 = 0.95 words (9.5%), "bad" 1.25 words (12.5%).
        let tone = scorer.score("good and bad things happened here on one day today")
        #expect(tone.words == 10)
        #expect(tone.positive == 9.5)
        #expect(tone.negative == 12.5)
        #expect(tone.score == -3)
        #expect(tone.polarity == 22)
        #expect(scorer.score("") == Tone(score: 0, positive: 0, negative: 0, polarity: 0, words: 0))
    }

    @Test func shippedVADERLexiconLoads() throws {
        let lexicon = try ToneLexicon.loadShipped()
        #expect(lexicon.valence.count > 7000)
        #expect(lexicon.valence[ClassifyWords.hash("crisis")] == -3.1)
        #expect(lexicon.boosters[ClassifyWords.hash("extremely")] == 0.293)
        #expect(lexicon.negations.contains(ClassifyWords.hash("never")))
        let scorer = ToneScorer(lexicon: lexicon)
        #expect(scorer.score("a wonderful, happy success").score > 0)
        #expect(scorer.score("The attack killed dozens and wounded many in the war").score < 0)
        #expect(scorer.score("The talks were not a failure").score > 0)
    }

    @Test func malformedLexiconsAreRejected() {
        #expect(throws: ConfigError.self) { try ToneLexicon(tsv: "L\tgood\tabc\n", version: "x") }
        #expect(throws: ConfigError.self) { try ToneLexicon(tsv: "X\tgood\n", version: "x") }
        #expect(throws: ConfigError.self) { try ToneLexicon(tsv: "# nothing\n", version: "x") }
    }
}
