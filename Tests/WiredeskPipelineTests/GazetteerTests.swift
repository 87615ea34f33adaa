import Testing

@testable import WiredeskPipeline

@Suite("Gazetteer")
struct GazetteerTests {
    static let small = """
        # test gazetteer
        country\tRU\t55.7520\t37.6178\t2017370\t144478050\tRussia|Russian Federation
        city\tRU\t55.7522\t37.6156\t524901\t10381222\tMoscow|Moskva
        city\tUS\t46.7324\t-117.0002\t5601538\t25000\tMoscow
        sea\t\t58.0000\t20.0000\t2633321\t0\tBaltic Sea|Baltic

        """

    @Test func resolvesCountriesCitiesAndSeas() throws {
        let g = try Gazetteer(tsv: Array(Self.small.utf8))
        #expect(g.count == 4)
        let moscow = try #require(g.resolve("Moscow"))
        #expect(moscow.countryCode == "RU")  // the bigger Moscow wins
        #expect(moscow.geoPoint.gazetteerId == "geonames:524901")
        #expect(g.resolve("Russian Federation")?.name == "Russia")
        #expect(g.resolve("the Baltic sea")?.kind == "sea")
        #expect(g.resolve("Russia’s")?.countryCode == "RU")
        #expect(g.resolve("Atlantis") == nil)
        #expect(g.candidates("moscow").count == 2)
    }

    @Test func rejectsMalformedLines() {
        #expect(throws: ConfigError.self) { try Gazetteer(tsv: Array("country\tRU\tonly three\n".utf8)) }
    }

    @Test func shippedGazetteerKnowsNewsPlaces() throws {
        let g = try #require(sharedExtractStage).extractor.gazetteer
        #expect(g.resolve("Ukraine")?.countryCode == "UA")
        #expect(g.resolve("Crimea")?.countryCode == "UA")
        #expect(g.resolve("Afghanistan")?.countryCode == "AF")
        #expect(g.resolve("U.S.")?.countryCode == "US")
        #expect(g.resolve("Baltic Sea")?.latitude != nil)
        let kyiv = try #require(g.resolve("Kyiv"))
        #expect(kyiv.countryCode == "UA" && kyiv.kind == "city")
    }
}
