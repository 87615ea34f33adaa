// Text cleaning, reflow, sentence splitting and structure rules, one behaviour per test.
import Foundation
import Testing

@testable import WiredeskLab
@testable import WiredeskPipeline

@Suite struct NormalizeTextTests {
    func clean(_ text: String) -> [String] {
        TextCleaner.paragraphs(text).map { TextCleaner.string($0) }
    }

    func sentences(_ text: String) -> [String] {
        let scalars = Array(text.unicodeScalars)
        return SentenceSplitter.split(scalars, in: 0..<scalars.count).map {
            String(String.UnicodeScalarView(scalars[$0.start..<$0.end]))
        }
    }

    @Test func nfcAndCharacterCleaning() {
        #expect(clean("Ste\u{301}phanie") == ["Stéphanie"])
        #expect(clean("Ste\u{301}phanie").first?.unicodeScalars.count == 9)
        #expect(clean("a\u{00A0}b\u{2009}c\u{3000}d") == ["a b c d"])
        #expect(clean("bell\u{07}\u{00}here\u{200B}") == ["bellhere"])
        #expect(clean("wait\u{2026} what") == ["wait... what"])
        #expect(clean("co\u{2010}operate \u{2012} 5\u{2015}6") == ["co-operate – 5—6"])
        #expect(clean("“kept” ‘quotes’ «too»") == ["“kept” ‘quotes’ «too»"])
        #expect(clean("  many    spaces\there  ") == ["many spaces here"])
    }

    @Test func reflowAndHyphenation() {
        let wrapped =
            "Dock workers at the port ended a three-day\nstrike on Thursday after the nego-\ntiations, both sides said.\n\nSecond paragraph."
        #expect(
            clean(wrapped) == [
                "Dock workers at the port ended a three-day strike on Thursday after the negotiations, both sides said.",
                "Second paragraph.",
            ])
        // A hyphen before a capital stays (names, "anti-\nNATO").
        #expect(clean("the anti-\nNATO camp") == ["the anti- NATO camp"])
        // Short final lines end paragraphs inside one block of hard-wrapped lines.
        let block =
            "The first paragraph is long enough to wrap at the\nright margin of the wire service.\nA second one starts here and it also wraps at\nthe margin."
        #expect(clean(block).count == 2)
        // Long lines (not hard-wrapped) are one paragraph each.
        let long = String(repeating: "word ", count: 40) + "end.\n" + String(repeating: "more ", count: 40) + "end."
        #expect(clean(long).count == 2)
        #expect(clean("one\r\ntwo\r\n\r\nthree") == ["one two", "three"])
    }

    @Test func sentenceSplitting() {
        #expect(
            sentences("Mr. Smith met Dr. J. R. Evans. They talked.") == [
                "Mr. Smith met Dr. J. R. Evans.", "They talked.",
            ])
        #expect(
            sentences("The U.S. envoy left. Talks end in the U.S. The rest stay.") == [
                "The U.S. envoy left.", "Talks end in the U.S.", "The rest stay.",
            ])
        #expect(sentences("It rose 3.5 percent on Jan. 14. Next.") == ["It rose 3.5 percent on Jan. 14.", "Next."])
        #expect(
            sentences("“War. Peace,” he said. Then “Frank”. End") == [
                "“War.", "Peace,” he said.", "Then “Frank”.", "End",
            ])
        #expect(sentences("\"Go!\" she said. \"Now?\" He ran.") == ["\"Go!\" she said.", "\"Now?\"", "He ran."])
        #expect(sentences("It was... fine. Then... Nothing.") == ["It was... fine.", "Then...", "Nothing."])
        #expect(sentences("No. 2 won. Acme Inc. said so.") == ["No. 2 won.", "Acme Inc. said so."])
        #expect(sentences("東京で開館した。蔵書は二十万冊。") == ["東京で開館した。", "蔵書は二十万冊。"])
    }

    @Test func handCheckedSetScoresWell() throws {
        let url = NormalizeFixtures.fixtures.appendingPathComponent("sentences-handchecked.txt")
        let document = SentenceEvaluation.handCheckedDocument(try String(contentsOf: url, encoding: .utf8))
        #expect(document.paragraphs.count >= 10)
        let score = SentenceEvaluation.score(document)
        #expect(score.truePositives + score.falseNegatives >= 15)
        #expect(score.precision >= 0.95)
        #expect(score.recall >= 0.95)
    }

    @Test func conllReaderAndDetokenizer() {
        let conll = """
            -DOCSTART- -X- -X- O

            CRICKET NNP B-NP O
            - : O O
            WIN NN I-NP O

            He PRP B-NP O
            said VBD B-VP O
            " " O O
            yes UH O O
            , , O O
            " " O O
            ( ( O O
            U.S. NNP B-NP B-LOC
            ) ) O O
            . . O O

            It PRP B-NP O
            's VBZ B-VP O
            over IN O O
            . . O O
            """
        let docs = SentenceEvaluation.conllDocuments(conll)
        #expect(docs.count == 1)
        #expect(docs[0].paragraphs == [["CRICKET - WIN"], ["He said \"yes,\" (U.S.).", "It's over."]])
        let score = SentenceEvaluation.score(docs[0])
        #expect(score.truePositives == 1 && score.falsePositives == 0 && score.falseNegatives == 0)
    }

    func structure(_ paragraphs: [String], byline: String? = nil) -> ArticleStructure {
        StructureParser.parse(paragraphs: paragraphs.map { Array($0.unicodeScalars) }, byline: byline)
    }

    @Test func datelines() {
        #expect(structure(["MOSCOW (Reuters) - Talks ended."]).dateline == "MOSCOW")
        #expect(structure(["MOSCOW (Reuters) - Talks ended."]).sourceAgency == "Reuters")
        #expect(structure(["LONDON, 5 March – Prices rose."]).dateline == "LONDON, 5 March")
        #expect(structure(["WASHINGTON, March 5 (AP) — A vote."]).dateline == "WASHINGTON, March 5")
        #expect(structure(["WASHINGTON, March 5 (AP) — A vote."]).sourceAgency == "AP")
        #expect(structure(["London, 5 March - Prices rose."]).dateline == "London, 5 March")
        #expect(structure(["NEW YORK - Stocks fell."]).dateline == "NEW YORK")
        #expect(structure(["The talks - long and hard - ended."]).dateline == nil)
    }

    @Test func bylinesAndAgencies() {
        let s = structure(["By Jane Smith, Reuters", "Text of the story."])
        #expect(s.byline == "Jane Smith")
        #expect(s.sourceAgency == "Reuters")
        #expect(s.paragraphs.count == 1)
        #expect(structure(["A minister said so, reports Reuters."]).sourceAgency == "Reuters")
        #expect(structure(["It fell, according to Agence France-Presse."]).sourceAgency == "AFP")
        #expect(structure(["A source told Interfax on Monday."]).sourceAgency == "Interfax")
        #expect(structure(["Xinhua reported the launch."]).sourceAgency == "Xinhua")
        #expect(structure(["Bloomberg Philanthropies gave money to the AP Stylebook team."]).sourceAgency == nil)
        #expect(structure(["Text."], byline: "By Tom Hale").byline == "Tom Hale")
    }

    @Test func formatDetection() {
        func detect(_ s: String, _ name: String = "x") -> DocumentFormat {
            FormatDetector.detect(Array(s.utf8), name: name)
        }
        #expect(detect("{\"title\": \"a\",\n \"body\": \"b\"\n}") == .json)
        #expect(detect("{\"a\":1}\n{\"a\":2}\n") == .jsonl)
        #expect(detect("{\"a\":1}\n{\"broken\n{\"a\":3}\n") == .jsonl)
        #expect(detect("  <!DOCTYPE html><html></html>") == .html)
        #expect(detect("<p>Hello</p>") == .html)
        #expect(detect("# Title\n\nText") == .markdown)
        #expect(detect("Title\n\nText", "a.md") == .markdown)
        #expect(detect("Title\n\n<Text> with a tag later") == .text)
    }

    @Test func wordCount() {
        #expect(NormalizeStage.countWords(Array("It's a well-known U.S. fact, 3.5 times.".unicodeScalars)) == 7)
    }
}

/// Short English news items (headline + one sentence, written for Wiredesk in the style of the short items CLD2
/// misreads as Malay, Indonesian, Kinyarwanda, Galician or French) must stay English.
@Suite struct LanguageDecisionTests {
    static let shortEnglish = [
        "Malaysia Airlines cuts routes to Kuala Lumpur",
        "Gunmen kill 12 in Kano market raid",
        "Rwanda, Uganda agree border deal after talks in Kigali",
        "Galicia fishing fleet ties up over quota row",
        "Jakarta floods: thousands flee as rivers burst their banks",
        "Bangui mayor says aid convoys can pass",
        "Santiago de Compostela pilgrims return as rules ease",
        "Timor-Leste names new premier",
    ]

    @Test func shortEnglishItemsStayEnglishWithTheDefaultLanguage() {
        for text in Self.shortEnglish {
            let guess = LanguageIdentifier.identify(text)
            #expect(guess.code == "en", "\(text): \(guess)")
            #expect(LanguageIdentifier.treatAsEnglish(guess.code))
        }
    }

    @Test func nonLatinAndLongForeignTextKeepTheirLanguage() {
        let russian = "Новый мост через Обь в Новосибирске открыли для движения в субботу, сообщает ТАСС."
        #expect(LanguageIdentifier.identify(russian).code == "ru")
        let german =
            "Die Bundesregierung hat am Mittwoch einen neuen Entwurf für das Klimaschutzgesetz vorgelegt. "
            + "Die Opposition kritisierte, dass die Ziele für den Verkehr erneut verschoben würden, und kündigte "
            + "an, im Bundestag dagegen zu stimmen. Die Länder wollen im Bundesrat Änderungen durchsetzen."
        #expect(LanguageIdentifier.identify(german).code == "de")
        #expect(!LanguageIdentifier.treatAsEnglish("de"))
    }

    @Test func aWeakGuessOnLatinTextTakesTheDeskDefault() {
        // Without a default, a weak guess stands; with one, Latin-script text takes it; declared wins first.
        let text = "Kigali"
        #expect(LanguageIdentifier.identify(text, defaultLanguage: "en").code == "en")
        #expect(LanguageIdentifier.identify(text, declared: "fr-FR", defaultLanguage: "en").code == "fr")
        #expect(LanguageIdentifier.identify(text, defaultLanguage: nil).basis != "default")
        #expect(LanguageIdentifier.isLatinScript("Café au lait") && !LanguageIdentifier.isLatinScript("Новый мост"))
        #expect(LanguageIdentifier.englishFunctionWordShare("the cat and the dog") > 0.5)
    }
}
