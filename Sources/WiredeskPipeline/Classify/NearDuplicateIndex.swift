// Near-duplicate detection: MinHash signatures (Broder, 1997) of word 3-shingles, an LSH band table to find
// candidates, and a bounded, crash-tolerant store of the most recent signatures.
//
// Wire stories arrive many times with small edits. The estimated Jaccard similarity of two articles' sets of
// three-word shingles is the fraction of equal MinHash values; a few changed words keep it above 0.9, a dropped
// paragraph of ten above 0.8, while different articles score near 0.
//
// Candidates come from 32 bands of 2 values each: a pair with similarity s shares at least one band with
// probability 1 − (1 − s²)³², i.e. 0.9999 at s = 0.5 and 0.01 at s = 0.02. Each band value points at up to four
// articles that had it (the first one seen, then the most recent), so memory stays bounded: 32 table entries
// of 16 bytes per remembered article.
//
// Persistence: one append-only file of fixed-size, checksummed records (`near-duplicates.bin` in the state
// directory). A `kill -9` can at worst tear the last record; opening the file drops (truncates) everything
// from the first record that fails its checksum. When the file holds twice `capacity` records it is
// compacted: the remembered ones are written to a temporary file, fsynced and renamed over it. Appends and
// compactions run on the index's own serial writer queue, so a worker's classify step never waits for the disk
// (a compaction of 20,000 articles writes 8 MB and fsyncs it, and used to hold every worker's lookups until it
// was done); a crash can then lose the last few records instead of tearing the last one, which only means those
// articles are not remembered as seen.
import Dispatch
import Foundation
import Synchronization

/// A MinHash signature: the minimum of each of `MinHash.count` hash functions over a text's shingles.
public struct MinHashSignature: Sendable, Equatable {
    public var values: [UInt32]

    public init(values: [UInt32]) {
        self.values = values
    }

    /// Estimated Jaccard similarity: the fraction of equal values.
    public func similarity(to other: MinHashSignature) -> Double {
        guard values.count == other.values.count, !values.isEmpty else { return 0 }
        var same = 0
        for i in 0..<values.count where values[i] == other.values[i] { same += 1 }
        return Double(same) / Double(values.count)
    }
}

/// Computes MinHash signatures of word 3-shingles.
public enum MinHash {
    public static let count = 64
    public static let shingleWords = 3
    /// Texts with fewer words are too short to call near-duplicates.
    public static let minimumWords = 8
    /// The `near_duplicates` entry of `pipeline.models`. `v2` since the shingles are `ClassifyWords`' hashes of the
    /// analysis's tokens (the store's `WDN2`): signatures of v1 and v2 are not comparable.
    public static let version = "minhash-\(count)x\(shingleWords)w-v2"

    /// Odd multipliers and offsets of the 64 hash functions `(a·x + b) >> 32`, fixed forever: stored
    /// signatures depend on them.
    static let multipliers: [UInt64] = parameters.map(\.0)
    static let offsets: [UInt64] = parameters.map(\.1)
    static var parameters: [(UInt64, UInt64)] {
        var rng = SplitMix(seed: 0x6d69_6e68_6173_6831)
        return (0..<count).map { _ in (rng.next() | 1, rng.next()) }
    }

    /// The signature of an article's words, or nil when it has fewer than `minimumWords`.
    public static func signature(_ classifyWords: ClassifyWords) -> MinHashSignature? {
        let words = classifyWords.hashes
        guard words.count >= minimumWords else { return nil }
        var mins = [UInt32](repeating: .max, count: count)
        multipliers.withUnsafeBufferPointer { a in
            offsets.withUnsafeBufferPointer { b in
                mins.withUnsafeMutableBufferPointer { m in
                    for start in 0...(words.count - shingleWords) {
                        var h: UInt64 = 0x1234_5678
                        for k in 0..<shingleWords { h = FeatureHasher.mix(h ^ words[start + k]) }
                        for i in 0..<count {
                            let v = UInt32(truncatingIfNeeded: (a[i] &* h &+ b[i]) >> 32)
                            m[i] = min(m[i], v)
                        }
                    }
                }
            }
        }
        return MinHashSignature(values: mins)
    }

    /// The signature of a bare text's words, `ClassifyWords(text:)` (tests).
    package static func signature(_ text: String) -> MinHashSignature? { signature(ClassifyWords(text: text)) }
}

/// The most recent articles' signatures, shared by all workers (and by the pipelines before and after a
/// configuration reload: see `shared(directory:capacity:)`).
public final class NearDuplicateIndex: Sendable {
    static let bands = 32
    static let fileName = "near-duplicates.bin"

    /// One remembered article.
    struct Entry: Sendable {
        var id: String
        var name: String
        var signature: MinHashSignature
    }

    struct State {
        var capacity: Int
        /// Ring buffer of remembered articles; `next` is the slot written next (the oldest when full).
        var slots: [Entry?]
        var next = 0
        var count = 0
        /// Band key → slots of up to four articles with that band (-1 = empty): lane 0 keeps the first one
        /// seen, lanes 1–3 the most recent ones.
        var bandTable: [UInt64: SIMD4<Int32>] = [:]
        /// Article id → slot.
        var ids: [String: Int] = [:]
    }

    /// The store file's descriptor and record count, touched only on `writer`.
    struct StoreFile {
        var fd: Int32
        var records: Int
    }

    private let state: Mutex<State>
    /// The store file, nil for memory only.
    public let path: String?
    /// Serial: every write to the store file, in the order the articles were remembered.
    private let writer = DispatchQueue(label: "wiredesk.near-duplicates.writer", qos: .utility)
    private let store: Mutex<StoreFile?>

    /// An index remembering up to `capacity` articles, persisted in `path` when given.
    /// - Throws: `ConfigError` when the store file cannot be opened or created.
    public init(capacity: Int, path: String? = nil) throws(ConfigError) {
        precondition(capacity > 0)
        self.path = path
        var initial = State(capacity: capacity, slots: Array(repeating: nil, count: capacity))
        var file: StoreFile?
        if let path {
            let records = try Self.readStore(path: path)
            // An article can be in the file twice (a compaction's snapshot, then its queued append): its last
            // record counts, and the most recent `capacity` distinct articles are remembered.
            var last: [String: Int] = [:]
            for (i, entry) in records.enumerated() { last[entry.id] = i }
            let distinct = records.enumerated().filter { last[$0.element.id] == $0.offset }.map(\.element)
            for entry in distinct.suffix(capacity) { Self.insert(entry, into: &initial) }
            let fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o644)
            guard fd >= 0 else { throw ConfigError("cannot open \(path): \(String(cString: strerror(errno)))") }
            file = StoreFile(fd: fd, records: records.count)
        }
        state = Mutex(initial)
        store = Mutex(file)
    }

    deinit {
        // Pending writes hold a reference to the index, so none is left when this runs.
        store.withLock { if let fd = $0?.fd, fd >= 0 { close(fd) } }
    }

    /// Returns once every record remembered so far is in the store file (tests, and the daemon before it exits).
    public func flush() {
        writer.sync {}
    }

    /// Tests: the writer waits for `semaphore` before its next write.
    func blockWriterForTesting(until semaphore: DispatchSemaphore) {
        writer.async { semaphore.wait() }
    }

    /// `flush` for every shared index (the daemon's stop).
    public static func flushShared() {
        for index in registry.withLock({ Array($0.values) }) { index.flush() }
    }

    private static let registry = Mutex<[String: NearDuplicateIndex]>([:])

    /// The one index of the store in `directory`, created on first use. A configuration reload builds a new
    /// pipeline while the old one still runs: both get this same instance, so the file has one writer.
    /// A different `capacity` resizes the shared instance (keeping the most recent articles).
    public static func shared(directory: String, capacity: Int) throws(ConfigError) -> NearDuplicateIndex {
        let path = (directory.hasSuffix("/") ? String(directory.dropLast()) : directory) + "/" + fileName
        return try registry.withLock { (indexes: inout [String: NearDuplicateIndex]) throws(ConfigError) in
            if let existing = indexes[path] {
                existing.resize(capacity: capacity)
                return existing
            }
            let index = try NearDuplicateIndex(capacity: capacity, path: path)
            indexes[path] = index
            return index
        }
    }

    /// How many articles are remembered.
    public var count: Int { state.withLock { $0.count } }

    /// Finds the most similar remembered article (other than `id` itself) at or above `threshold`, then
    /// remembers this article unless its id is already known (an exact re-run must give the same answer).
    public func check(id: String, name: String, signature: MinHashSignature, threshold: Double) -> DuplicateMatch? {
        state.withLock { s in
            var best: (slot: Int, similarity: Double)?
            var seen: [Int32] = []
            for band in 0..<Self.bands {
                guard let lanes = s.bandTable[Self.bandKey(signature, band)] else { continue }
                for lane in 0..<4 where lanes[lane] >= 0 && !seen.contains(lanes[lane]) {
                    let slot = lanes[lane]
                    seen.append(slot)
                    guard let entry = s.slots[Int(slot)], entry.id != id else { continue }
                    let similarity = entry.signature.similarity(to: signature)
                    if similarity >= threshold && similarity > (best?.similarity ?? -1) {
                        best = (Int(slot), similarity)
                    }
                }
            }
            // Read the match before inserting: the insert may evict it.
            let match = best.flatMap { best in
                s.slots[best.slot].map {
                    DuplicateMatch(id: $0.id, name: $0.name, similarity: (best.similarity * 1000).rounded() / 1000)
                }
            }
            if s.ids[id] == nil {
                let entry = Entry(id: id, name: name, signature: signature)
                Self.insert(entry, into: &s)
                // Queued under the lock (queuing does not wait), so the file keeps the order of the ring.
                if path != nil { writer.async { self.appendAndMaybeCompact(entry) } }
            }
            return match
        }
    }

    /// Changes how many articles are remembered, keeping the most recent.
    public func resize(capacity: Int) {
        precondition(capacity > 0)
        state.withLock { s in
            guard capacity != s.capacity else { return }
            let recent = Self.entriesOldestFirst(s).suffix(capacity)
            var fresh = State(capacity: capacity, slots: Array(repeating: nil, count: capacity))
            for entry in recent { Self.insert(entry, into: &fresh) }
            s = fresh
        }
    }

    // MARK: Memory

    static func bandKey(_ signature: MinHashSignature, _ band: Int) -> UInt64 {
        let a = UInt64(signature.values[2 * band])
        let b = UInt64(signature.values[2 * band + 1])
        return FeatureHasher.mix((a << 32 | b) ^ (UInt64(band) &* 0x9e37_79b9_7f4a_7c15))
    }

    static func entriesOldestFirst(_ s: State) -> [Entry] {
        let start = s.count < s.capacity ? 0 : s.next
        return (0..<s.count).compactMap { s.slots[(start + $0) % s.capacity] }
    }

    /// Puts `entry` into the ring, evicting the oldest article when full.
    static func insert(_ entry: Entry, into s: inout State) {
        if let old = s.ids[entry.id] {
            // Only reachable while loading a store that holds an id twice: keep the later copy.
            remove(slot: old, from: &s)
        }
        let slot = s.next
        if s.slots[slot] != nil { remove(slot: slot, from: &s) }
        s.slots[slot] = entry
        s.ids[entry.id] = slot
        for band in 0..<bands {
            let key = bandKey(entry.signature, band)
            var lanes = s.bandTable[key] ?? SIMD4(repeating: -1)
            if let free = (0..<4).first(where: { lanes[$0] < 0 }) {
                lanes[free] = Int32(slot)
            } else {
                // Keep lane 0 (the first article seen); the oldest of the recent ones makes room.
                lanes = SIMD4(lanes[0], lanes[2], lanes[3], Int32(slot))
            }
            s.bandTable[key] = lanes
        }
        s.next = (slot + 1) % s.capacity
        s.count = min(s.count + 1, s.capacity)
    }

    static func remove(slot: Int, from s: inout State) {
        guard let old = s.slots[slot] else { return }
        for band in 0..<bands {
            let key = bandKey(old.signature, band)
            guard var lanes = s.bandTable[key] else { continue }
            for lane in 0..<4 where lanes[lane] == Int32(slot) { lanes[lane] = -1 }
            s.bandTable[key] = lanes == SIMD4(repeating: -1) ? nil : lanes
        }
        if s.ids[old.id] == slot { s.ids[old.id] = nil }
        s.slots[slot] = nil
        s.count -= 1
    }

    // MARK: Store file

    /// magic(4) idLength(1) nameLength(1) id(64) name(64) signature(64 × 4) checksum(8).
    static let recordSize = 4 + 1 + 1 + 64 + 64 + MinHash.count * 4 + 8
    /// `WDN2` since the signatures hash the analysis's words (`ClassifyWords`): a `WDN1` file's signatures are of
    /// other words (the possessive "s" was one), so its records fail the magic and are dropped at open.
    static let magic: [UInt8] = Array("WDN2".utf8)

    static func fnv(_ bytes: ArraySlice<UInt8>) -> UInt64 { ClassifyWords.fnv1a(bytes) }

    /// `s` cut to at most `limit` UTF-8 bytes, at a scalar boundary.
    static func prefixBytes(_ s: String, _ limit: Int) -> [UInt8] {
        var out: [UInt8] = []
        for scalar in s.unicodeScalars {
            let bytes = Array(String(scalar).utf8)
            if out.count + bytes.count > limit { break }
            out += bytes
        }
        return out
    }

    static func encode(_ entry: Entry) -> [UInt8] {
        var record = magic
        let id = prefixBytes(entry.id, 64)
        let name = prefixBytes(entry.name, 64)
        record.append(UInt8(id.count))
        record.append(UInt8(name.count))
        record += id + [UInt8](repeating: 0, count: 64 - id.count)
        record += name + [UInt8](repeating: 0, count: 64 - name.count)
        for v in entry.signature.values { withUnsafeBytes(of: v.littleEndian) { record.append(contentsOf: $0) } }
        let checksum = fnv(record[...])
        withUnsafeBytes(of: checksum.littleEndian) { record.append(contentsOf: $0) }
        return record
    }

    static func decode(_ r: ArraySlice<UInt8>) -> Entry? {
        let base = r.startIndex
        guard r.count == recordSize, Array(r[base..<base + 4]) == magic else { return nil }
        let body = r[base..<base + recordSize - 8]
        let stored = r[(base + recordSize - 8)...].enumerated().reduce(UInt64(0)) {
            $0 | UInt64($1.element) << (8 * UInt64($1.offset))
        }
        guard stored == fnv(body) else { return nil }
        let idLength = Int(r[base + 4])
        let nameLength = Int(r[base + 5])
        guard idLength <= 64, nameLength <= 64 else { return nil }
        let id = String(decoding: r[(base + 6)..<(base + 6 + idLength)], as: UTF8.self)
        let name = String(decoding: r[(base + 70)..<(base + 70 + nameLength)], as: UTF8.self)
        var values = [UInt32](repeating: 0, count: MinHash.count)
        for i in 0..<MinHash.count {
            let o = base + 134 + 4 * i
            values[i] = UInt32(r[o]) | UInt32(r[o + 1]) << 8 | UInt32(r[o + 2]) << 16 | UInt32(r[o + 3]) << 24
        }
        return Entry(id: id, name: name, signature: MinHashSignature(values: values))
    }

    /// Reads the valid records of the store, truncating a torn or corrupt tail so appends stay aligned.
    static func readStore(path: String) throws(ConfigError) -> [Entry] {
        unlink(path + ".tmp")  // left by a compaction that crashed before its rename
        guard let data = FileManager.default.contents(atPath: path) else { return [] }
        let bytes = [UInt8](data)
        var entries: [Entry] = []
        var offset = 0
        while offset + recordSize <= bytes.count, let entry = decode(bytes[offset..<offset + recordSize]) {
            entries.append(entry)
            offset += recordSize
        }
        if offset < bytes.count && truncate(path, off_t(offset)) != 0 {
            throw ConfigError("cannot truncate the torn tail of \(path): \(String(cString: strerror(errno)))")
        }
        return entries
    }

    /// On `writer`: appends one record; compacts the file once it holds twice the remembered articles. I/O errors
    /// lose only persistence (the in-memory index keeps working), so they are not raised into the pipeline.
    private func appendAndMaybeCompact(_ entry: Entry) {
        dispatchPrecondition(condition: .onQueue(writer))
        let record = Self.encode(entry)
        let capacity = state.withLock { $0.capacity }
        store.withLock { file in
            guard var f = file, f.fd >= 0 else { return }
            let written = record.withUnsafeBytes { write(f.fd, $0.baseAddress, $0.count) }
            if written == record.count {
                f.records += 1
            } else if written > 0 {
                // A short write leaves a partial record: cut it off so the next append stays aligned.
                _ = ftruncate(f.fd, off_t(f.records * Self.recordSize))
            }
            if f.records >= 2 * capacity, let path { compact(&f, path: path) }
            file = f
        }
    }

    /// On `writer`: rewrites the store as the remembered articles (a snapshot: later ones follow as appends; a
    /// record in both is read back once, the later copy winning).
    private func compact(_ f: inout StoreFile, path: String) {
        let tmp = path + ".tmp"
        let fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { return }
        var bytes: [UInt8] = []
        let entries = state.withLock { Self.entriesOldestFirst($0) }
        bytes.reserveCapacity(entries.count * Self.recordSize)
        for entry in entries { bytes += Self.encode(entry) }
        let written = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        guard written == bytes.count, fsync(fd) == 0 else {
            close(fd)
            unlink(tmp)
            return
        }
        close(fd)
        guard rename(tmp, path) == 0 else {
            unlink(tmp)
            return
        }
        let directory = (path as NSString).deletingLastPathComponent
        let dirFD = open(directory.isEmpty ? "." : directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if dirFD >= 0 {
            fsync(dirFD)
            close(dirFD)
        }
        let newFD = open(path, O_WRONLY | O_APPEND | O_CLOEXEC)
        if newFD >= 0 {
            close(f.fd)
            f.fd = newFD
            f.records = entries.count
        }
    }
}
