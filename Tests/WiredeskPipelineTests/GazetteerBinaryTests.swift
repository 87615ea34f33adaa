import Foundation
import Testing

@testable import WiredeskPipeline

/// The binary layout against the TSV parse it replaces: same places, same candidates, same sequence table.
@Suite("Gazetteer binary layout")
struct GazetteerBinaryTests {
    // Multi-token names, punctuation, digits, diacritics (one name in NFD), shared prefixes, an area and a city
    // with one name, a name of more than six tokens, missing fields.
    static let fixture = """
        # fixture
        country\tGE\t41.6941\t44.8337\t614540\t3731000\tGeorgia|Sakartvelo
        state\tUS\t\t\t4197000\t10711908\tGeorgia
        city\tUS\t38.6273\t-90.1979\t4407066\t315685\tSt. Louis|Saint Louis|St Louis
        city\tFR\t48.9356\t2.3539\t2980916\t111135\tSaint-Denis
        city\tBR\t-23.5475\t-46.6361\t3448439\t10021295\tSão Paulo|Sao Paulo|SP
        city\tVN\t21.0245\t105.8412\t1581130\t7785000\tHà Nội|Hanoi|Ha Noi
        city\tST\t0.3365\t6.7273\t2410763\t53300\tSa\u{0303}o Tome|São Tomé
        city\tUS\t40.7143\t-74.0060\t5128581\t8175133\tNew York|New York City|NYC|Big Apple
        state\tUS\t\t\t5128638\t19274244\tNew York
        city\tGB\t51.5085\t-0.1257\t2643743\t7556900\tLondon
        city\tCA\t42.9834\t-81.2330\t6058560\t346765\tLondon
        region\t\t\t\t\t0\tThe Land of the Very Long Name With Seven Words|Middle East
        city\tDE\t52.5244\t13.4105\t2950159\t3426354\tBerlin|Berlin 1
        city\tIN\t19.0728\t72.8826\t1275339\t12691836\tMumbai|Bombay|Mumbai’s Port
        sea\t\t43.0\t35.0\t630673\t0\tBlack Sea|Black

        """

    static func sourceAndBinary(_ tsv: [UInt8]) throws -> (GazetteerSource, Gazetteer) {
        let source = try GazetteerSource(tsv: tsv)
        let bytes = try source.encoded(sourceHash: Gazetteer.fnv1a(tsv))
        return (source, try Gazetteer(binary: bytes))
    }

    /// The old lookups, on the TSV's dictionaries.
    static func oldCandidates(_ s: GazetteerSource, _ name: String) -> [Place] {
        let scalars = Array(name.unicodeScalars)
        let tokens = Tokenizer().tokenize(scalars, in: 0..<scalars.count)
        return (s.byName[Gazetteer.key(scalars, tokens[...])] ?? []).map { s.places[Int($0)] }
    }

    static func oldResolve(_ s: GazetteerSource, _ name: String) -> Place? {
        let scalars = Array(name.unicodeScalars)
        var tokens = Tokenizer().tokenize(scalars, in: 0..<scalars.count)
        if tokens.count > 1 && Gazetteer.key(scalars, tokens[0..<1]) == "the" { tokens.removeFirst() }
        if let last = tokens.last, last.kind == .clitic { tokens.removeLast() }
        guard !tokens.isEmpty else { return nil }
        return s.byName[Gazetteer.key(scalars, tokens[...])]?.first.map { s.places[Int($0)] }
    }

    static func expectSame(_ s: GazetteerSource, _ g: Gazetteer, queries: [String]) {
        #expect(g.count == s.places.count)
        #expect(g.maxTokens == s.maxTokens)
        for i in 0..<s.places.count { #expect(g.place(at: i) == s.places[i]) }
        for q in queries {
            #expect(g.resolve(q) == oldResolve(s, q), "resolve(\(q))")
            #expect(g.candidates(q) == oldCandidates(s, q), "candidates(\(q))")
        }
        // Same sequence table both ways: every TSV entry with its kind, and no other (the load counts them).
        for (h, kind) in s.sequences { #expect(g.sequenceKind(h) == kind) }
        #expect(g.sequenceKinds.count { $0 != 0 } + (g.zeroCode != 0 ? 1 : 0) == s.sequences.count)
        #expect(g.sequenceKind(0x1234_5678_9abc_def0) == nil)
    }

    @Test func answersLikeTheTSVParse() throws {
        let (s, g) = try Self.sourceAndBinary(Array(Self.fixture.utf8))
        let queries = [
            "Georgia", "georgia", "GEORGIA", "Sakartvelo", "St. Louis", "St Louis", "Saint Louis", "st. louis",
            "Saint-Denis", "Saint Denis", "São Paulo", "Sa\u{0303}o Paulo", "Sao Paulo", "Hà Nội", "Ha\u{0300} Nội",
            "Hanoi", "São Tome", "Sa\u{0303}o Tome", "São Tomé", "New York", "the New York", "New York’s", "NYC",
            "London", "London's", "Berlin 1", "Berlin 2", "Mumbai’s Port", "Mumbai's Port", "Mumbai", "Black Sea",
            "the Black sea", "Black", "Middle East", "the Middle East",
            "The Land of the Very Long Name With Seven Words",
            "Atlantis", "", "the", "’s",
        ]
        Self.expectSame(s, g, queries: queries)
        #expect(g.resolve("Georgia")?.kind == "country")
        #expect(g.candidates("London").map(\.countryCode) == ["GB", "CA"])
        #expect(g.resolve("Sa\u{0303}o Paulo")?.name == "São Paulo")
    }

    @Test func marksTheSameMatches() throws {
        let (s, g) = try Self.sourceAndBinary(Array(Self.fixture.utf8))
        let text = Array("Talks in New York City and St. Louis, then São Paulo and the Black Sea.".unicodeScalars)
        let tokens = Tokenizer().tokenize(text, in: 0..<text.count)
        let featurizer = NERFeaturizer(gazetteer: nil)
        var feats = tokens.map { featurizer.tokenFeatures(text, $0.start, $0.end) }
        g.markMatches(in: &feats, text, tokens[...])
        // The same walk over the TSV's dictionary.
        var expected = [UInt64](repeating: 0, count: feats.count)
        var i = 0
        while i < feats.count {
            guard feats[i].isCapitalized else {
                i += 1
                continue
            }
            var h = FeatureHash.seed
            var best: (len: Int, kind: UInt8) = (0, 0)
            var m = 0
            while m < s.maxTokens && i + m < feats.count {
                h = FeatureHash.combine(h, feats[i + m].lower)
                m += 1
                guard let kind = s.sequences[h] else { break }
                if kind != 255 { best = (m, kind) }
            }
            if best.len > 0 {
                expected[i] = 1 + 2 * UInt64(best.kind)
                for k in 1..<best.len { expected[i + k] = 2 + 2 * UInt64(best.kind) }
                i += best.len
            } else {
                i += 1
            }
        }
        #expect(feats.map(\.gazetteer) == expected)
        #expect(expected.filter { $0 != 0 }.count >= 7)  // New York City (3), St . Louis (3), São Paulo, Black Sea
    }

    @Test func isDeterministic() throws {
        let tsv = Array(Self.fixture.utf8)
        let a = try GazetteerSource(tsv: tsv).encoded(sourceHash: 1)
        let b = try GazetteerSource(tsv: tsv).encoded(sourceHash: 1)
        #expect(a == b)
    }

    @Test func rejectsOtherFiles() throws {
        let bytes = try GazetteerSource(tsv: Array(Self.fixture.utf8)).encoded(sourceHash: 1)
        var version = bytes
        version[8] = 2
        let error = #expect(throws: ConfigError.self) { try Gazetteer(binary: version) }
        #expect(error?.description == "gazetteer: format version 2, this build reads version 1 only")
        var magic = bytes
        magic[0] = UInt8(ascii: "X")
        #expect(throws: ConfigError.self) { try Gazetteer(binary: magic) }
        #expect(throws: ConfigError.self) { try Gazetteer(binary: Array(bytes.dropLast(1))) }
        #expect(throws: ConfigError.self) { try Gazetteer(binary: Array(bytes.prefix(20))) }
        // Without the magic, bytes are read as a TSV.
        #expect(try Gazetteer(bytes: Array(Self.fixture.utf8)).count == 15)
        #expect(try Gazetteer(bytes: bytes).count == 15)
    }

    /// The shipped binary is the one `wiredesk train gazetteer` builds from scripts/data/gazetteer.tsv, and answers as it.
    @Test func shippedBinaryMatchesTheTSV() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let tsvPath = root.appendingPathComponent("scripts/data/gazetteer.tsv").path
        let binPath = root.appendingPathComponent("Sources/WiredeskPipeline/Models/gazetteer.bin").path
        let tsv = try #require(FileManager.default.contents(atPath: tsvPath))
        let bin = try #require(FileManager.default.contents(atPath: binPath))
        let shipped = try Gazetteer(binary: [UInt8](bin))
        #expect(shipped.sourceHash == Gazetteer.fnv1a([UInt8](tsv)), "rebuild: wiredesk train gazetteer")
        let source = try GazetteerSource(tsv: [UInt8](tsv))
        let sample = source.byName.keys.sorted().enumerated().filter { $0.offset % 20 == 0 }.map(\.element)
        Self.expectSame(source, shipped, queries: sample + ["Moscow", "the Baltic Sea", "U.S.", "Kyiv", "Georgia"])
    }
}
