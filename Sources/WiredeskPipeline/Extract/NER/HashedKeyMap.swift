/// A map whose keys are already 64-bit hashes (the featurizer's word hashes): open addressing with linear probing,
/// at most half full, the slot taken from the key's high bits after one multiply (Fibonacci hashing).
///
/// Why not `Dictionary`: it hashes every key again with SipHash. The tagger looks up four per-word tables for every
/// token in both stages (word classes, lexicon, the document's case evidence, the first stage's votes), and `perf` put
/// `Dictionary.find` and `Hasher` together at about 7 % of the extract stage (2026-12-03).
struct HashedKeyMap<Value> {
    private var keys: [UInt64]
    private var values: [Value]
    private var occupied: [Bool]
    private var shift: UInt64
    private(set) var count = 0
    private let empty: Value

    /// `empty` fills unused slots (it is never returned for a missing key).
    init(minimumCapacity: Int = 32, empty: Value) {
        var capacity = 16
        while capacity < minimumCapacity * 2 { capacity <<= 1 }
        keys = [UInt64](repeating: 0, count: capacity)
        values = [Value](repeating: empty, count: capacity)
        occupied = [Bool](repeating: false, count: capacity)
        shift = UInt64(64 - capacity.trailingZeroBitCount)
        self.empty = empty
    }

    @inline(__always) private func slot(of key: UInt64) -> Int {
        Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) &>> shift)
    }

    /// The slot holding `key`, or the empty slot where it would go.
    @inline(__always) private func find(_ key: UInt64) -> Int {
        let mask = keys.count - 1
        var s = slot(of: key)
        while occupied[s] && keys[s] != key { s = (s + 1) & mask }
        return s
    }

    @inline(__always) subscript(key: UInt64) -> Value? {
        let s = find(key)
        return occupied[s] ? values[s] : nil
    }

    /// Applies `body` to the value of `key`, inserting `initial` first when the key is new.
    @inline(__always) mutating func update(_ key: UInt64, initial: Value, _ body: (inout Value) -> Void) {
        if (count + 1) * 2 > keys.count { grow() }
        let s = find(key)
        if !occupied[s] {
            occupied[s] = true
            keys[s] = key
            values[s] = initial
            count += 1
        }
        body(&values[s])
    }

    private mutating func grow() {
        var bigger = HashedKeyMap(minimumCapacity: keys.count, empty: empty)
        for s in keys.indices where occupied[s] { bigger.update(keys[s], initial: values[s]) { _ in } }
        self = bigger
    }
}

extension HashedKeyMap: Sendable where Value: Sendable {}
