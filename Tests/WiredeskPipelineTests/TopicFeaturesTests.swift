import Foundation
import Testing

@testable import WiredeskPipeline

@Suite struct TopicFeaturesTests {
    @Test func oneScalarWordsAreNoTopicFeature() {
        let hasher = FeatureHasher(bits: 18)
        #expect(hasher.counts(ClassifyWords(text: "a I ok")) == hasher.counts(tokens: [ClassifyWords.hash("ok")]))
        #expect(hasher.unigramBuckets(ClassifyWords(text: "I")) == [])
        #expect(hasher.counts(ClassifyWords(text: "")) == SparseVector())
    }

    @Test func countsHoldUnigramsAndOrderedBigrams() {
        let hasher = FeatureHasher(bits: 18)
        let x = hasher.counts(ClassifyWords(text: "talks talks talks"))
        // One unigram bucket counted 3 times and one bigram bucket ("talks talks") counted twice.
        #expect(x.values.sorted() == [2, 3])
        #expect(x.indices == x.indices.sorted())
        let ab = hasher.counts(ClassifyWords(text: "new york"))
        let ba = hasher.counts(ClassifyWords(text: "york new"))
        #expect(ab.indices.count == 3)
        #expect(ab != ba)  // same unigrams, different bigram
        #expect(Set(ab.indices).intersection(ba.indices).count == 2)
    }

    @Test func weighingIsSublinearIdfAndUnitLength() {
        let counts = SparseVector(indices: [1, 2, 3], values: [1, Float(M_E), 5])
        var idf = [Float](repeating: 0, count: 8)
        idf[1] = 1
        idf[2] = 2
        // Bucket 3 was never seen in training (idf 0): dropped.
        let x = FeatureHasher.weigh(counts, idf: idf)
        #expect(x.indices == [1, 2])
        #expect(abs(x.squaredNorm - 1) < 1e-5)
        // Raw weights 1·1 and (1 + ln e)·2 = 4 before normalisation.
        #expect(abs(x.values[1] / x.values[0] - 4) < 1e-4)
    }
}

@Suite struct TopicRadixSortTests {
    @Test func radixSortMatchesTheStandardSort() {
        var rng = SplitMix(seed: 7)
        for (n, bits) in [(0, 18), (5, 18), (33, 18), (1000, 18), (3000, 24), (777, 1)] {
            let keys = (0..<n).map { _ in UInt32(truncatingIfNeeded: rng.next()) & UInt32((1 << bits) - 1) }
            var sorted = keys
            FeatureHasher.radixSort(&sorted, bits: bits)
            #expect(sorted == keys.sorted())
        }
    }
}
