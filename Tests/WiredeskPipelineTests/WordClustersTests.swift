import Testing

@testable import WiredeskPipeline

@Suite("Word clusters")
struct WordClustersTests {
    @Test func parsesClassIdsOneBased() throws {
        let clusters = try WordClusters(tsv: Array("# header\nthe\t8\t39\t433\nMoscow\t0\t0\t65534\n".utf8))
        #expect(Self.classes(of: "the", in: clusters) == [9, 40, 434])
        #expect(Self.classes(of: "moscow", in: clusters) == [1, 1, 65535])
        #expect(Self.classes(of: "zebra", in: clusters) == [0, 0, 0])
    }

    /// The three class ids of a lower-case word, as an array (tuples do not compare in `#expect`).
    static func classes(of word: String, in clusters: WordClusters) -> [UInt64] {
        let scalars = Array(word.unicodeScalars)
        let c = clusters.lookup(NERFeaturizer.lowerHash(scalars, 0, scalars.count))
        return [c.0, c.1, c.2]
    }

    @Test func rejectsMalformedLines() {
        #expect(throws: ConfigError.self) { try WordClusters(tsv: Array("the\t8\tx\t433\n".utf8)) }
        #expect(throws: ConfigError.self) { try WordClusters(tsv: Array("the\t8\t39\n".utf8)) }
    }

    @Test func readsCasingClassesAndRejectsOthers() throws {
        let clusters = try WordClusters(
            tsv: Array("the\t8\t39\t433\n".utf8), casingTSV: Array("# header\nofficials\t1\nnetflix\t4\n".utf8))
        func casing(_ word: String) -> UInt64 {
            let scalars = Array(word.unicodeScalars)
            return clusters.casingClass(NERFeaturizer.lowerHash(scalars, 0, scalars.count))
        }
        #expect(casing("officials") == 1)
        #expect(casing("Netflix") == 4)  // the key is the folded lower-case form, as the tagger computes it
        #expect(casing("zebra") == 0)
        #expect(throws: ConfigError.self) { try WordClusters(tsv: [], casingTSV: Array("x\t5\n".utf8)) }
        #expect(throws: ConfigError.self) { try WordClusters(tsv: [], casingTSV: Array("x\n".utf8)) }
    }

    @Test func featureSetSevenReadsTheCasingAndSixDoesNot() throws {
        let clusters = try WordClusters(tsv: [], casingTSV: Array("netflix\t4\n".utf8))
        let text = Array("Netflix added users .".unicodeScalars)
        let tokens = Tokenizer().tokenize(text, in: 0..<text.count)
        func rows(_ version: UInt32) -> [Int32] {
            var features: [Int32] = []
            var context: [(lower: UInt64, shape: UInt64)] = []
            NERFeaturizer(gazetteer: nil, clusters: clusters, version: version).staticFeatures(
                text, tokens: tokens[...], document: nil, mask: (1 << 19) - 1, into: &features, context: &context)
            return features
        }
        #expect(rows(7).count == rows(6).count + 4 * tokens.count)
        #expect(Array(rows(7).prefix(10)) == Array(rows(6).prefix(10)))
    }
}
