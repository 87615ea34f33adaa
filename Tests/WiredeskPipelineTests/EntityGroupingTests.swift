import Testing

@testable import WiredeskPipeline

/// The shipped models, loaded once for all extract tests.
let sharedExtractStage: ExtractStage? = try? ExtractConfig().build()

/// An English article body with a headline and paragraphs (no sentences, like the stub normalizer).
func makeArticle(headline: String, paragraphs: [String], sentences: Bool = false) -> ArticleBody {
    let text = ([headline] + paragraphs).joined(separator: "\n\n")
    var ranges: [TextRange] = []
    var offset = 0
    for p in [headline] + paragraphs {
        let n = p.unicodeScalars.count
        ranges.append(TextRange(offset, offset + n))
        offset += n + 2
    }
    var body = ArticleBody(
        headline: headline, language: "en", text: text, headlineRange: ranges[0], paragraphs: Array(ranges.dropFirst()))
    if sentences {
        // Split each paragraph at ". " for the test (a real normalizer does better).
        var sentenceRanges: [TextRange] = [ranges[0]]
        for r in ranges.dropFirst() {
            let scalars = Array(text.unicodeScalars)
            var start = r.start
            for i in r.start..<r.end where scalars[i] == "." && (i + 1 == r.end || scalars[i + 1] == " ") {
                sentenceRanges.append(TextRange(start, i + 1))
                start = i + 2
            }
            if start < r.end { sentenceRanges.append(TextRange(start, r.end)) }
        }
        body.sentences = sentenceRanges
    }
    return body
}

@Suite("Entity grouping")
struct EntityGroupingTests {
    @Test func groupsPersonMentionsUnderTheFullName() throws {
        let stage = try #require(sharedExtractStage)
        let article = makeArticle(
            headline: "Stoltenberg warns Moscow",
            paragraphs: [
                "NATO Secretary-General Jens Stoltenberg said on Tuesday that the alliance would stay united.",
                "Secretary-General Stoltenberg spoke in Brussels. Stoltenberg later met Angela Merkel in Berlin.",
            ])
        let entities = stage.extractor.entities(in: article)
        let person = try #require(entities.first { $0.name == "Jens Stoltenberg" })
        #expect(person.type == "PERSON")
        #expect(person.mentions.count == 4)
        #expect(person.mentions.allSatisfy { $0.text.hasSuffix("Stoltenberg") })
        #expect(entities.filter { $0.name.contains("Stoltenberg") }.count == 1)
        // Offsets point at the mention text.
        let scalars = Array(article.text.unicodeScalars)
        for m in person.mentions {
            var view = String.UnicodeScalarView()
            view.append(contentsOf: scalars[m.start..<m.end])
            #expect(String(view) == m.text)
        }
        #expect(entities.contains { $0.name == "Angela Merkel" && $0.type == "PERSON" })
        #expect(entities.contains { $0.name == "Berlin" && $0.geo?.countryCode == "DE" })
    }

    @Test func salienceSumsToOneAndFavoursTheHeadline() throws {
        let stage = try #require(sharedExtractStage)
        let article = makeArticle(
            headline: "Merkel visits Paris",
            paragraphs: [
                "Angela Merkel arrived in Paris on Monday. She met officials from Spain and Italy.",
                "Later, Merkel left Paris for Madrid.",
            ])
        let entities = stage.extractor.entities(in: article)
        #expect(!entities.isEmpty)
        let sum = entities.reduce(0) { $0 + $1.salience }
        #expect(abs(sum - 1) < 1e-9)
        #expect(entities == entities.sorted { $0.salience >= $1.salience })
        let merkel = try #require(entities.first { $0.name == "Angela Merkel" })
        let madrid = try #require(entities.first { $0.name == "Madrid" })
        #expect(merkel.salience > madrid.salience)
        #expect(entities.first?.name == "Angela Merkel" || entities.first?.name == "Paris")
    }

    @Test func acronymAndAliasJoinTheOrganization() throws {
        let stage = try #require(sharedExtractStage)
        let article = makeArticle(
            headline: "Allies meet",
            paragraphs: [
                "The North Atlantic Treaty Organization met in Brussels. NATO ministers agreed on a plan.",
                "The Alliance said the plan would take a year.",
            ])
        let entities = stage.extractor.entities(in: article)
        let nato = try #require(entities.first { $0.name == "North Atlantic Treaty Organization" })
        #expect(nato.type == "ORGANIZATION")
        #expect(nato.mentions.map(\.text).contains("NATO"))
        #expect(nato.mentions.map(\.text).contains("Alliance"))
    }

    @Test func worksWithNormalizerSentences() throws {
        let stage = try #require(sharedExtractStage)
        let article = makeArticle(
            headline: "Talks in Geneva",
            paragraphs: ["John Kerry met Sergei Lavrov in Geneva. Kerry said the talks went well."], sentences: true)
        #expect(article.sentences.count == 3)
        let entities = stage.extractor.entities(in: article)
        let kerry = try #require(entities.first { $0.name == "John Kerry" })
        #expect(kerry.mentions.count == 2)
        #expect(entities.contains { $0.name == "Sergei Lavrov" })
        #expect(entities.contains { $0.name == "Geneva" && $0.geo?.countryCode == "CH" })
    }

    @Test func emptyTextHasNoEntities() throws {
        let stage = try #require(sharedExtractStage)
        let article = ArticleBody(headline: nil, language: "en", text: "")
        #expect(stage.extractor.entities(in: article).isEmpty)
    }

    func groupSynthetic(_ text: String, _ spans: [(String, String)]) throws -> [Entity] {
        try groupSyntheticMentions(text, spans)
    }

    @Test func honorificsMakePersonsAndTitlesAreCut() throws {
        let entities = try groupSynthetic(
            "Labour chief Alan Milburn spoke. Mr Milburn said NATO Secretary General visits were over.",
            [("Alan Milburn", "PER"), ("Mr Milburn", "ORG"), ("NATO Secretary General", "ORG")])
        let milburn = try #require(entities.first { $0.name == "Alan Milburn" })
        #expect(milburn.type == "PERSON")
        #expect(milburn.mentions.map(\.text) == ["Alan Milburn", "Milburn"])  // the title is not in the name
        let nato = try #require(entities.first { $0.name == "NATO" })
        #expect(nato.mentions.map(\.text) == ["NATO"])
    }

    @Test func majorityTypeWinsForNonPersons() throws {
        let entities = try groupSynthetic(
            "The World Economic Forum met. WEF staff and WEF members agreed.",
            [("World Economic Forum", "MISC"), ("WEF", "ORG"), ("WEF", "ORG")])
        let wef = try #require(entities.first { $0.name == "World Economic Forum" })
        #expect(wef.type == "ORGANIZATION")
        #expect(wef.mentions.count == 3)
    }

    @Test func seasAndDirectionsAreRepaired() throws {
        let entities = try groupSynthetic(
            "Jets flew over the Baltic sea and over Eastern Ukraine.", [("Baltic", "MISC"), ("Ukraine", "LOC")])
        let sea = try #require(entities.first { $0.name == "Baltic Sea" })
        #expect(sea.type == "LOCATION" && sea.mentions.first?.text == "Baltic sea")
        let east = try #require(entities.first { $0.name == "Eastern Ukraine" })
        #expect(east.geo?.countryCode == "UA")
    }
}
