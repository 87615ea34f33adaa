// Issue 10's companies, datelines and office titles, on hand-made tagger output: what the shipped model was seen to
// produce through `wiredesk process` on a 2020-style Reuters story, so the tests do not depend on its weights.
import Testing

@testable import WiredeskPipeline

@Suite("Entity companies, datelines and offices")
struct EntityCompanyAndDatelineTests {
    @Test func aLegalFormAfterAPossessiveOrADomainMakesOneCompany() throws {
        // The tagger gave "Macy" PER, "Amazon" LOC and each "Inc" an ORG of its own.
        let entities = try groupSyntheticMentions(
            "Macy's Inc said holiday sales fell. Amazon.com Inc gained.",
            [("Macy", "PER"), ("Inc", "ORG"), ("Amazon", "LOC"), ("Inc", "ORG")])
        #expect(entityNames(entities, "ORGANIZATION") == ["Macy's Inc", "Amazon.com Inc"])
        #expect(entityNames(entities, "PERSON").isEmpty)
        #expect(entityNames(entities, "LOCATION").isEmpty)
    }

    @Test func aNameWrittenWithItsLegalFormIsThatCompanyWhereItStandsAlone() throws {
        // Headline "BioNTech" came out LOC, the body's "BioNTech SE" ORG: one company, whose votes do not flip it.
        let entities = try groupSyntheticMentions(
            "Pfizer, BioNTech seek approval\n\nBioNTech SE said BioNTech and Pfizer Inc would file.",
            [
                ("Pfizer", "ORG"), ("BioNTech", "LOC"), ("BioNTech SE", "ORG"), ("BioNTech", "LOC"),
                ("Pfizer Inc", "ORG"),
            ])
        #expect(entityNames(entities, "ORGANIZATION") == ["BioNTech SE", "Pfizer"])
        #expect(entityNames(entities, "LOCATION").isEmpty)
        let biontech = try #require(entities.first { $0.name == "BioNTech SE" })
        #expect(biontech.mentions.count == 3)
    }

    @Test func aDatelinePlaceInCapitalsIsAPlace() throws {
        // "SAN FRANCISCO" at the start of the body, before "(Reuters) -", was ORG; CoNLL-2003 tags datelines LOC.
        let entities = try groupSyntheticMentions(
            "Vaccine filed\n\nSAN FRANCISCO (Reuters) - Pfizer said on Friday it had filed.\n\nUNICEF - The agency said.",
            [("SAN FRANCISCO", "ORG"), ("Reuters", "ORG"), ("Pfizer", "ORG"), ("UNICEF", "ORG")])
        #expect(entityNames(entities, "LOCATION") == ["San Francisco"])
        // A name the gazetteer does not know as a place keeps its type.
        #expect(entityNames(entities, "ORGANIZATION") == ["Reuters", "Pfizer", "UNICEF"])
    }

    @Test func capitalsInsideASentenceAreNoDateline() throws {
        let entities = try groupSyntheticMentions(
            "Officials in SAN FRANCISCO (the city) said so.", [("SAN FRANCISCO", "ORG")])
        #expect(entityNames(entities, "ORGANIZATION") == ["SAN FRANCISCO"])
    }

    @Test func aPlaceBeforeAnOfficeIsAPlaceAndTheHolderKeepsTheFirstName() throws {
        // The tagger's output: "New York" ORG (its "Mayor" trimmed as a title), "de Blasio" PER without "Bill".
        let entities = try groupSyntheticMentions(
            "New York Mayor Bill de Blasio urged residents to stay home.",
            [("New York", "ORG"), ("de Blasio", "PER")])
        #expect(entityNames(entities, "LOCATION") == ["New York"])
        #expect(entityNames(entities, "PERSON") == ["Bill de Blasio"])
        #expect(entityNames(entities, "ORGANIZATION").isEmpty)
    }

    @Test func crownPrinceIsATitle() throws {
        let entities = try groupSyntheticMentions(
            "Saudi Crown Prince Mohammed bin Salman welcomed the news.",
            [("Saudi Crown", "MISC"), ("Mohammed bin Salman", "PER")])
        #expect(entityNames(entities, "MISC") == ["Saudi"])
        #expect(entityNames(entities, "PERSON") == ["Mohammed bin Salman"])
    }

    @Test func aRunAwaySpanAfterATitleIsTheOrganisationThePersonAndTheNextName() throws {
        // One ORG span from the tagger on 2020 text; "Chair" was no inner title, and "as" stopped every split.
        let entities = try groupSyntheticMentions(
            "Biden will nominate former Federal Reserve Chair Janet Yellen as Treasury secretary.",
            [("Biden", "PER"), ("Federal Reserve Chair Janet Yellen as Treasury", "ORG")])
        #expect(entityNames(entities, "ORGANIZATION") == ["Federal Reserve", "Treasury"])
        #expect(entityNames(entities, "PERSON") == ["Biden", "Janet Yellen"])
    }

    @Test func twoWordTitlesAreNotPartOfTheOrganisation() throws {
        let entities = try groupSyntheticMentions(
            "Senate Majority Leader Mitch McConnell and House Speaker Nancy Pelosi met.",
            [("Senate Majority Leader Mitch McConnell", "ORG"), ("House Speaker Nancy Pelosi", "ORG")])
        #expect(entityNames(entities, "ORGANIZATION") == ["Senate", "House"])
        #expect(entityNames(entities, "PERSON") == ["Mitch McConnell", "Nancy Pelosi"])
        // The tagger's other cut: the title's first word in the organisation's span.
        let apart = try groupSyntheticMentions(
            "Senate Majority Leader Mitch McConnell spoke.", [("Senate Majority", "ORG"), ("Mitch McConnell", "PER")])
        #expect(entityNames(apart, "ORGANIZATION") == ["Senate"])
    }

    @Test func englandKeepsItsNameButNotTheUnitedStates() throws {
        let entities = try groupSyntheticMentions(
            "England and the U.S. agreed.", [("England", "LOC"), ("U.S.", "LOC")])
        #expect(entityNames(entities, "LOCATION") == ["England", "United States"])
        let england = try #require(entities.first { $0.name == "England" })
        #expect(england.geo?.countryCode == "GB")
    }
}
