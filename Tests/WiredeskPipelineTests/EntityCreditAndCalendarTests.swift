// Issue 10's photo credits and calendar words, on hand-made tagger output (what the shipped model was seen to
// produce on 2020 text through `wiredesk process`), so the tests do not depend on the model's weights.
import Testing

@testable import WiredeskPipeline

@Suite("Entity credits and calendar words")
struct EntityCreditAndCalendarTests {
    func names(_ entities: [Entity], _ type: String) -> Set<String> {
        Set(entities.filter { $0.type == type }.map(\.name))
    }

    @Test func aCreditWithThePhotographerFirstIsAPersonAndAnAgency() throws {
        // The tagger gave "Getty Images" PERSON; "Scott Olson" was right.
        let entities = try groupSyntheticMentions(
            "People queue outside a store in Chicago. Scott Olson/Getty Images\n\nPhotographer: Brendan McDermid/Bloomberg",
            [("Chicago", "LOC"), ("Scott Olson", "PER"), ("Getty Images", "PER"), ("Brendan McDermid", "PER")])
        #expect(names(entities, "PERSON") == ["Scott Olson", "Brendan McDermid"])
        #expect(names(entities, "ORGANIZATION") == ["Getty Images", "Bloomberg"])
        #expect(names(entities, "LOCATION") == ["Chicago"])
    }

    @Test func aJointAgencyCreditIsOneAgencyAndTheWholeName() throws {
        // The tagger left "EPA-EFE" untagged and took only "JUSTIN" of the photographer.
        let entities = try groupSyntheticMentions(
            "A view of the city. EPA-EFE/JUSTIN LANE", [("JUSTIN", "PER")])
        #expect(names(entities, "ORGANIZATION") == ["EPA-EFE"])
        #expect(names(entities, "PERSON") == ["JUSTIN LANE"])
    }

    @Test func aCreditWithoutPhotographerHasNoEmptyPerson() throws {
        let text = "Boris Johnson speaks in London. Pool via REUTERS/File Photo"
        let extractor = try #require(sharedExtractStage).extractor
        let scalars = Array(text.unicodeScalars)
        let tokens = Tokenizer().tokenize(scalars, in: 0..<scalars.count)
        let repaired = extractor.repair(
            [.init(start: 0, end: 2, type: "PER"), .init(start: 4, end: 5, type: "LOC")], scalars, tokens)
        #expect(repaired.allSatisfy { $0.end > $0.start })
        let reuters = try #require(tokens.firstIndex { $0.text(in: scalars) == "REUTERS" })
        #expect(repaired.contains { $0.start == reuters && $0.end == reuters + 1 && $0.type == "ORG" })
    }
}
