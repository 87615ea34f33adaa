// A small seeded generator shared by the near-duplicate index and the topic trainer (WiredeskLab).

/// A small seeded generator (SplitMix64) so training is reproducible.
package struct SplitMix: RandomNumberGenerator {
    package var state: UInt64
    package init(seed: UInt64) { state = seed }
    package mutating func next() -> UInt64 {
        state &+= 0x9e37_79b9_7f4a_7c15
        return FeatureHasher.mix(state &- 0x9e37_79b9_7f4a_7c15)
    }
}
