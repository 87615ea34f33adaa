import Testing

@testable import WiredeskPipeline

@Suite("HashedKeyMap")
struct HashedKeyMapTests {
    @Test func agreesWithADictionaryThroughGrowth() {
        var map = HashedKeyMap<Int>(minimumCapacity: 2, empty: -1)
        var reference: [UInt64: Int] = [:]
        var rng = SplitMix(seed: 11)
        // Keys 0 and 1 and many random ones, some repeated, so the table grows several times.
        var keys: [UInt64] = [0, 1, 0]
        for _ in 0..<5_000 { keys.append(rng.next() % 3_000) }
        for key in keys {
            map.update(key, initial: 0) { $0 += 1 }
            reference[key, default: 0] += 1
        }
        #expect(map.count == reference.count)
        for (key, value) in reference { #expect(map[key] == value) }
        #expect(map[UInt64.max] == nil)
        #expect(map[3_000] == nil)
    }
}
