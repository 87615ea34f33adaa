// Issue 10's photo credits and calendar words, on hand-made tagger output (what the shipped model was seen to
// produce on 2020 text through `wiredesk process`), so the tests do not depend on the model's weights.
import Testing

@testable import WiredeskPipeline

@Suite("Entity credits and calendar words")
struct EntityCreditAndCalendarTests {
    @Test func aCreditWithThePhotographerFirstIsAPersonAndAnAgency() throws {
        // The tagger gave "Getty Images" PERSON; "Scott Olson" was right.
        let entities = try groupSyntheticMentions(
            "People queue outside a store in Chicago. Scott Olson/Getty Images\n\nPhotographer: Brendan McDermid/Bloomberg",
            [("Chicago", "LOC"), ("Scott Olson", "PER"), ("Getty Images", "PER"), ("Brendan McDermid", "PER")])
        #expect(entityNames(entities, "PERSON") == ["Scott Olson", "Brendan McDermid"])
        #expect(entityNames(entities, "ORGANIZATION") == ["Getty Images", "Bloomberg"])
        #expect(entityNames(entities, "LOCATION") == ["Chicago"])
    }

    @Test func aJointAgencyCreditIsOneAgencyAndTheWholeName() throws {
        // The tagger left "EPA-EFE" untagged and took only "JUSTIN" of the photographer.
        let entities = try groupSyntheticMentions(
            "A view of the city. EPA-EFE/JUSTIN LANE", [("JUSTIN", "PER")])
        #expect(entityNames(entities, "ORGANIZATION") == ["EPA-EFE"])
        #expect(entityNames(entities, "PERSON") == ["JUSTIN LANE"])
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

    @Test func holidaysAndNamedDaysAreMiscWhateverTheTaggerSaid() throws {
        let entities = try groupSyntheticMentions(
            "Sales fell on Black Friday and Cyber Monday, rose before Christmas Eve, and Ramadan began.",
            [("Black Friday", "ORG"), ("Cyber", "ORG"), ("Christmas Eve", "ORG"), ("Ramadan", "PER")])
        #expect(entityNames(entities, "MISC") == ["Black Friday", "Cyber Monday", "Christmas Eve", "Ramadan"])
        #expect(entityNames(entities, "ORGANIZATION").isEmpty)
        #expect(entityNames(entities, "PERSON").isEmpty)
    }

    @Test func eidAndItsFeastAreOneMisc() throws {
        // The tagger's output: PER "Eid" and a LOC that ran on past the name.
        let entities = try groupSyntheticMentions(
            "Muslims marked Eid al-Adha and the start of Ramadan.",
            [("Muslims", "MISC"), ("Eid", "PER"), ("al-Adha and the start", "LOC"), ("Ramadan", "MISC")])
        #expect(entityNames(entities, "MISC") == ["Muslims", "Eid al-Adha", "Ramadan"])
        #expect(entityNames(entities, "PERSON").isEmpty)
        #expect(entityNames(entities, "LOCATION").isEmpty)
    }

    @Test func aLoneMonthIsNoEntityButTheClubAndFirstNamesStay() throws {
        // CoNLL-2003 train: "Dec"/"December" always O, "Wednesday" alone B-ORG for Sheffield Wednesday, "Jan" B-PER.
        let entities = try groupSyntheticMentions(
            "Sales rose in Dec, Sheffield Wednesday won and Wednesday led, said Jan Ullrich.",
            [("Dec", "MISC"), ("Sheffield Wednesday", "ORG"), ("Wednesday", "ORG"), ("Jan Ullrich", "PER")])
        #expect(entityNames(entities, "MISC").isEmpty)
        #expect(entityNames(entities, "ORGANIZATION") == ["Sheffield Wednesday", "Wednesday"])
        #expect(entityNames(entities, "PERSON") == ["Jan Ullrich"])
    }

    @Test func aCompoundOfCovidIsMiscLikeUSBased() throws {
        // Untagged by the tagger; CoNLL-2003 tags "U.S.-based" and "Russian-led" MISC.
        let entities = try groupSyntheticMentions(
            "COVID-19-related deaths rose and Covid-hit firms cut jobs, but the post-covid plan and Covid-19 stayed.",
            [])
        #expect(entityNames(entities, "MISC") == ["COVID-19-related", "Covid-hit", "Covid-19"])
    }
}
