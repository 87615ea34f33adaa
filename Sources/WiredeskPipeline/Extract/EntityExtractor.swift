// Named entities of one article: tag every sentence with the NER model, repair place names with the gazetteer
// ("Baltic sea", "Eastern Ukraine"), group mentions into entities, resolve places, score salience.
//
// Grouping rules (per article):
// - a mention's key is its lower-cased tokens without leading titles ("Secretary-General", "Mr.") or "the" and
//   without a trailing possessive (and, for other types than PERSON, without trailing legal forms: "Pfizer Inc");
// - longer names are placed first; a mention joins an entity with the same key and tagger type, or a PERSON
//   whose key contains all of its tokens ("Stoltenberg" → "Jens Stoltenberg", whatever type the tagger gave the
//   short form), or a non-person entity whose initials it spells ("NATO" → "North Atlantic Treaty Organization");
// - a non-person entity takes the majority type of its mentions;
// - a few generic aliases join an organization the article names ("the Alliance" → NATO, "the Union" → EU);
// - the canonical name is the longest form (for places resolved in the gazetteer, the gazetteer's name).
//
// Salience: each mention scores 1 + (1 − its relative position in the text); an entity named in the headline
// gets 2 more; scores are divided by their sum, so the saliences of an article's entities add up to 1.

/// Finds, groups and resolves the named entities of an article. Immutable; share one instance.
public final class EntityExtractor: Sendable {
    public let model: NERModel
    public let gazetteer: Gazetteer

    public init(model: NERModel, gazetteer: Gazetteer) {
        self.model = model
        self.gazetteer = gazetteer
    }

    /// Words that precede a person's name as a title and are not part of it (lower case).
    static let titles: Set<String> = [
        "mr", "mr.", "mrs", "mrs.", "ms", "ms.", "dr", "dr.", "prof", "prof.", "sir", "dame", "lord", "lady",
        "president", "vice", "vice-president", "prime", "minister", "chancellor", "secretary", "general",
        "secretary-general", "gen", "gen.", "senator", "sen.", "sen", "governor", "gov.", "rep.", "representative",
        "king", "queen", "prince", "princess", "pope", "judge", "justice", "ambassador", "mayor", "chairman",
        "chairwoman", "chief", "executive", "director", "spokesman", "spokeswoman", "foreign", "defence", "defense",
        "deputy", "colonel", "col.", "captain", "capt.", "lt.", "sgt.", "officer", "head", "leader", "premier",
        "commissioner", "envoy", "rev.", "reverend", "father", "saint", "st.",
    ]

    /// Titles that only ever precede a person's name.
    static let honorifics: Set<String> = [
        "mr", "mr.", "mrs", "mrs.", "ms", "ms.", "dr", "dr.", "sir", "dame", "lord", "lady", "prof", "prof.",
    ]

    /// Generic names an article uses for an organization it has named (alias key → keys of the organization).
    static let aliases: [String: [String]] = [
        "alliance": ["nato", "north atlantic treaty organization", "north atlantic alliance"],
        "union": ["eu", "european union"],
        "bloc": ["eu", "european union"],
        "commission": ["european commission"],
        "kremlin": [],
    ]

    static let directions: Set<String> = [
        "eastern", "western", "northern", "southern", "central", "east", "west", "north", "south", "northeast",
        "northwest", "southeast", "southwest", "north-east", "north-west", "south-east", "south-west",
    ]

    static let waterWords: Set<String> = ["sea", "ocean", "gulf", "strait", "bay"]
    /// Last words of a named area ("Bay Area", "Central Valley", "Gulf Coast").
    static let namedAreaWords: Set<String> = [
        "area", "valley", "region", "peninsula", "basin", "delta", "coast", "highlands", "lowlands",
    ]

    struct RawMention {
        var start: Int  // token index
        var end: Int
        var type: String
    }

    /// The article's entities, most salient first.
    public func entities(in article: ArticleBody) -> [Entity] {
        entities(in: AnalyzedText(article))
    }

    /// The entities of an analysed article, most salient first: each of its sentences is tagged (the headline's
    /// marked as such), then the mentions are repaired and grouped.
    public func entities(in text: AnalyzedText) -> [Entity] {
        let scalars = text.scalars
        let tokens = text.tokens
        guard !tokens.isEmpty else { return [] }
        let sentences = text.sentences.compactMap { s -> DocumentSentence? in
            s.tokens.isEmpty
                ? nil : DocumentSentence(scalars: scalars, tokens: tokens[s.tokens], isHeadline: s.isHeadline)
        }
        var scratch = TaggerScratch()
        var mentions: [RawMention] = []
        for spans in model.entities(sentences, scratch: &scratch) {
            for span in spans { mentions.append(RawMention(start: span.start, end: span.end, type: span.type)) }
        }
        mentions = repair(mentions, scalars, tokens)
        return group(mentions, scalars, tokens, headline: text.headline, textLength: scalars.count)
    }

    /// Every repair of the tagger's mentions, in order: titles, names (`EntityNameRepairs.swift`), places, then
    /// the context repairs (`EntityContextRepairs.swift`), which retype whole names and so come after the places
    /// are joined ("UK" + "Film Council" → "UK Film Council" → ORG).
    func repair(_ mentions: [RawMention], _ scalars: [Unicode.Scalar], _ tokens: [Token]) -> [RawMention] {
        let places = repairPlaces(
            repairNames(repairTitles(mentions, scalars, tokens), scalars, tokens), scalars, tokens)
        return repairContexts(repairSentenceInitialNames(places, scalars, tokens), scalars, tokens)
    }

    func lowerText(_ scalars: [Unicode.Scalar], _ t: Token) -> String {
        Gazetteer.key(scalars, CollectionOfOne(t))
    }

    /// Title repairs: "NATO Secretary General" (ORG) → "NATO"; "Alliance Jens Stoltenberg" (one span) →
    /// "Alliance" (ORG) + "Jens Stoltenberg" (PER); "Secretary-General" alone is no entity.
    func repairTitles(_ input: [RawMention], _ scalars: [Unicode.Scalar], _ tokens: [Token]) -> [RawMention] {
        var out: [RawMention] = []
        for var m in input {
            let words = (m.start..<m.end).map { lowerText(scalars, tokens[$0]) }
            // "Mr Milburn", "Dr Kate Taylor": an honorific makes a person, inside the span or just before it.
            if m.type != "PER"
                && ((words.count >= 2 && Self.honorifics.contains(words[0]) && tokens[m.start + 1].kind == .word)
                    || (m.start > 0 && Self.honorifics.contains(lowerText(scalars, tokens[m.start - 1]))))
            {
                m.type = "PER"
            }
            func isTitleOrAlias(_ w: String) -> Bool { Self.titles.contains(w) || Self.aliases[w] != nil }
            if m.type != "PER" {
                // Head of alias/title words followed by a capitalized name of two or more words: split.
                var k = 0
                while k < words.count && isTitleOrAlias(words[k]) { k += 1 }
                if k > 0 && words.count - k >= 2 && Tokenizer.isUpper(scalars[tokens[m.start + k].start]) {
                    if words[0..<k].contains(where: { Self.aliases[$0] != nil }) {
                        out.append(RawMention(start: m.start, end: m.start + k, type: "ORG"))
                    }
                    out.append(RawMention(start: m.start + k, end: m.end, type: "PER"))
                    continue
                }
                // Trailing titles belong to the person the phrase describes, not to the organization.
                var end = m.end
                while end - m.start > 1 && Self.titles.contains(words[end - 1 - m.start]) { end -= 1 }
                m.end = end
            }
            if words.allSatisfy({ Self.titles.contains($0) }) { continue }
            out.append(m)
        }
        return out
    }

    /// Gazetteer repairs: "Baltic sea" (water names the tagger cut short or missed) and "Eastern Ukraine"
    /// (a capitalized direction before a place, or inside an ORG/MISC span before a country or region).
    func repairPlaces(_ input: [RawMention], _ scalars: [Unicode.Scalar], _ tokens: [Token]) -> [RawMention] {
        var mentions = input
        var covered = [Int](repeating: -1, count: tokens.count)
        for (m, mention) in mentions.enumerated() {
            for i in mention.start..<mention.end { covered[i] = m }
        }
        // Water bodies: a capitalized word followed by sea/ocean/gulf that the gazetteer knows as a sea.
        var i = 0
        while i + 1 < tokens.count {
            // The capital test first: building the lower-case text of every token costs more than the rest.
            guard Tokenizer.isUpper(scalars[tokens[i].start]),
                Self.waterWords.contains(lowerText(scalars, tokens[i + 1]))
            else {
                i += 1
                continue
            }
            let owner = covered[i]
            let start = owner >= 0 ? mentions[owner].start : i
            let name = Gazetteer.key(scalars, tokens[start...(i + 1)])
            if let place = gazetteer.resolve(name), place.kind == "sea", covered[i + 1] < 0 || covered[i + 1] == owner {
                if owner >= 0 {
                    mentions[owner].end = i + 2
                    mentions[owner].type = "LOC"
                } else {
                    mentions.append(RawMention(start: start, end: i + 2, type: "LOC"))
                }
                covered[i + 1] = owner >= 0 ? owner : mentions.count - 1
                covered[i] = covered[i + 1]
            }
            i += 1
        }
        // Directions: "Eastern Ukraine" tagged ORG or MISC is a place when the rest is a country, state, region or
        // continent (not a city: "West Ham").
        for m in mentions.indices where mentions[m].type != "LOC" && mentions[m].type != "PER" {
            let (start, end) = (mentions[m].start, mentions[m].end)
            guard end - start >= 2, Self.directions.contains(lowerText(scalars, tokens[start])),
                Tokenizer.isUpper(scalars[tokens[start].start]),
                let place = gazetteer.resolve(Gazetteer.key(scalars, tokens[(start + 1)..<end])),
                ["country", "state", "region", "continent"].contains(place.kind)
            else { continue }
            mentions[m].type = "LOC"
        }
        // Areas: "San Francisco Bay Area" tagged ORG or MISC is a place when it ends in an area word and starts
        // with a place the gazetteer knows.
        for m in mentions.indices where mentions[m].type != "LOC" && mentions[m].type != "PER" {
            let (start, end) = (mentions[m].start, mentions[m].end)
            guard end - start >= 2, Self.namedAreaWords.contains(lowerText(scalars, tokens[end - 1])),
                Tokenizer.isUpper(scalars[tokens[end - 1].start]),
                (start + 1..<end).contains(where: {
                    gazetteer.resolve(Gazetteer.key(scalars, tokens[start..<$0])) != nil
                })
            else { continue }
            mentions[m].type = "LOC"
        }
        // Directions: "Eastern" + LOC → one LOC mention.
        for m in mentions.indices where mentions[m].type == "LOC" && mentions[m].start > 0 {
            let before = mentions[m].start - 1
            let word = lowerText(scalars, tokens[before])
            if Self.directions.contains(word) && Tokenizer.isUpper(scalars[tokens[before].start]) && covered[before] < 0
            {
                mentions[m].start = before
                covered[before] = m
            }
        }
        mentions.sort { $0.start < $1.start }
        // Two places or two persons side by side, with nothing but spaces between ("San" + "Francisco Bay Area"
        // from the tagger on 2020 text): one name. CoNLL-2003 train and valid have 11 such LOC pairs among 8,977
        // places and no PER pair; ORG and MISC pairs (24 and 39) are left alone.
        var joined: [RawMention] = []
        for m in mentions {
            if let last = joined.last, last.end == m.start, last.type == m.type, m.type == "LOC" || m.type == "PER",
                (tokens[last.end - 1].end..<tokens[m.start].start).allSatisfy({ scalars[$0] == " " })
            {
                joined[joined.count - 1].end = m.end
            } else {
                joined.append(m)
            }
        }
        return joined
    }

    /// A mention's grouping key: lower-case tokens without titles, leading "the" or a trailing possessive.
    func key(_ mention: RawMention, _ scalars: [Unicode.Scalar], _ tokens: [Token]) -> [String] {
        var words = (mention.start..<mention.end).compactMap { i -> String? in
            tokens[i].kind == .clitic || tokens[i].kind == .quote ? nil : lowerText(scalars, tokens[i])
        }
        if words.count > 1 && words[0] == "the" { words.removeFirst() }
        if mention.type == "PER" {
            while words.count > 1 && Self.titles.contains(words[0]) { words.removeFirst() }
        } else {
            // "Pfizer Inc" and "Pfizer" are one company, and so are "Slack Technologies" and "Slack".
            while words.count > 1, let last = words.last,
                Self.legalFormKeys.contains(last) || Self.companyHeads.contains(last)
            {
                words.removeLast()
            }
        }
        return words
    }

    /// Names the gazetteer resolves to their sovereign country, which a reader keeps apart from it.
    static let constituentCountries: Set<String> = ["england", "scotland", "wales", "northern ireland"]

    /// `legalForms` lower-cased, as they appear in a key.
    static let legalFormKeys: Set<String> = Set(legalForms.map { $0.lowercased() })

    /// Text of tokens `[start, end)` as written.
    func text(_ scalars: [Unicode.Scalar], _ tokens: [Token], _ start: Int, _ end: Int) -> String {
        String(utf8Of: scalars[tokens[start].start..<tokens[end - 1].end])
    }

    struct Group {
        var type: String
        var key: [String]
        var name: String
        var mentions: [Mention]
        var score: Double
        var inHeadline: Bool
        var place: Place?
        /// Tagger type → mentions, for the majority type of non-person groups.
        var typeVotes: [String: Int] = [:]

        /// Takes `other`'s mentions and type votes (the three merges of `group` below).
        mutating func absorb(_ other: Group) {
            mentions += other.mentions
            for (type, votes) in other.typeVotes { typeVotes[type, default: 0] += votes }
        }
    }

    func group(
        _ raw: [RawMention], _ scalars: [Unicode.Scalar], _ tokens: [Token], headline: TextRange?, textLength: Int
    ) -> [Entity] {
        struct Keyed {
            var mention: RawMention
            var key: [String]
            var order: Int
        }
        var keyed: [Keyed] = []
        for (n, m) in raw.enumerated() {
            let k = key(m, scalars, tokens)
            // Mentions without a capital letter ("ex-England" and "al-Aqsa" have one) or a digit are tagging noise.
            guard !k.isEmpty,
                (m.start..<m.end).contains(where: { i in
                    Tokenizer.isDigit(scalars[tokens[i].start])
                        || scalars[tokens[i].start..<tokens[i].end].contains(where: Tokenizer.isUpper)
                })
            else { continue }
            keyed.append(Keyed(mention: m, key: k, order: n))
        }
        // Longest names first so short forms find their full form.
        keyed.sort { $0.key.count != $1.key.count ? $0.key.count > $1.key.count : $0.order < $1.order }
        var groups: [Group] = []
        for item in keyed {
            let m = item.mention
            let startScalar = tokens[m.start].start
            let endScalar = tokens[m.end - 1].end
            let mention = Mention(start: startScalar, end: endScalar, text: text(scalars, tokens, m.start, m.end))
            let target =
                groups.firstIndex { $0.key == item.key && compatible($0.type, m.type) }
                ?? groups.firstIndex { g in
                    // A short form tagged otherwise joins a person only as the surname ("Azeri" is no "X Azeri").
                    g.type == "PER" && g.key.count > item.key.count && item.key.allSatisfy { g.key.contains($0) }
                        && item.key.allSatisfy { !Self.titles.contains($0) }
                        && (m.type == "PER" || item.key == [g.key[g.key.count - 1]])
                }
                ?? groups.firstIndex { g in
                    g.type != "PER" && item.key.count == 1 && g.key.count >= 2
                        && item.key[0] == String(g.key.compactMap { $0.first })
                }
            if let target {
                groups[target].mentions.append(mention)
                groups[target].typeVotes[m.type, default: 0] += 1
            } else {
                groups.append(
                    Group(
                        type: m.type, key: item.key, name: canonicalName(m, scalars, tokens), mentions: [mention],
                        score: 0, inHeadline: false, place: nil, typeVotes: [m.type: 1]))
            }
        }
        // One word, two kinds: "Alphabet" (ORG in the headline) and "Alphabet's Google" (PER). A single word the
        // article uses for a non-person is that entity also where the tagger called it a person (a person's name
        // as the article introduces it has two words); the vote below picks the non-person type. Two non-person
        // types stay apart ("Bolton" the town and the club): merging them cost 0.6 F1 on CoNLL valid.
        var merged: [Group] = []
        for g in groups {
            if let target = merged.firstIndex(where: { other in
                other.key == g.key && g.key.count == 1 && (other.type == "PER") != (g.type == "PER")
            }) {
                merged[target].absorb(g)
                if merged[target].type == "PER" { merged[target].type = g.type }
            } else {
                merged.append(g)
            }
        }
        groups = merged
        // "BioNTech" (LOC in a title-case headline) next to "BioNTech SE": a name the article writes with a legal form
        // is that company also where it stands alone. Its mentions join without their votes, so a mistyped short form
        // used more often cannot outvote the legal name.
        var companies: [[String]: Int] = [:]
        for (g, group) in groups.enumerated() where group.type == "ORG" && companies[group.key] == nil {
            if group.mentions.contains(where: { m in
                m.text.split(separator: " ").last.map { Self.legalForms.contains(String($0)) } ?? false
            }) {
                companies[group.key] = g
            }
        }
        if !companies.isEmpty {
            var absorbedByCompany = Set<Int>()
            for g in groups.indices where groups[g].type != "ORG" {
                guard let company = companies[groups[g].key], company != g else { continue }
                groups[company].mentions += groups[g].mentions
                absorbedByCompany.insert(g)
            }
            groups = groups.enumerated().filter { !absorbedByCompany.contains($0.offset) }.map(\.element)
        }
        // "Johnny Cash" (ORG, from a title-case headline) next to "Cash" (PER): a two-word name whose last word the
        // article uses alone for a person is that person, when neither word is an organisation word.
        var surnames: [String: Int] = [:]
        for (g, group) in groups.enumerated() where group.type == "PER" && group.key.count == 1 {
            surnames[group.key[0]] = g
        }
        var absorbed = Set<Int>()
        for g in groups.indices where groups[g].type != "PER" && groups[g].key.count == 2 {
            guard let person = surnames[groups[g].key[1]], !absorbed.contains(person),
                !groups[g].key.contains(where: {
                    NERLexicon.organisationWords.contains($0) || Self.companyHeads.contains($0)
                })
            else { continue }
            groups[g].type = "PER"
            groups[g].absorb(groups[person])
            absorbed.insert(person)
        }
        groups = groups.enumerated().filter { !absorbed.contains($0.offset) }.map(\.element)
        for g in groups.indices where groups[g].type == "PER" && companyContext(groups[g], scalars, tokens) {
            groups[g].type = "ORG"
        }
        // "World Economic Forum" (MISC once) + "WEF" (ORG four times) is an organization. Persons stay persons:
        // their short forms are often mistagged.
        for g in groups.indices where groups[g].type != "PER" {
            if let best = groups[g].typeVotes.max(by: { $0.value != $1.value ? $0.value < $1.value : $0.key > $1.key }),
                best.value > groups[g].typeVotes[groups[g].type] ?? 0, best.key != "PER"
            {
                groups[g].type = best.key
            }
        }
        // A country named as an organization or an adjective ("US" ORG in "US officials", MISC in "the US
        // economy") is the country: CoNLL tags these LOC, and a reader wants one "US", not three.
        for g in groups.indices where groups[g].type == "ORG" || groups[g].type == "MISC" {
            let key = groups[g].key.joined(separator: " ")
            // "us" is no gazetteer name (the pronoun would light up the tagger's gazetteer feature); as an entity
            // key it has a capital, so it is the country.
            if key == "us" || gazetteer.resolve(key)?.kind == "country" { groups[g].type = "LOC" }
        }
        // Type votes and the rules above can leave two groups of one name and type ("United Kingdom" ORG turned
        // LOC next to "United Kingdom" LOC): one entity.
        var joined: [Group] = []
        for g in groups {
            if let target = joined.firstIndex(where: { $0.key == g.key && $0.type == g.type }) {
                joined[target].absorb(g)
            } else {
                joined.append(g)
            }
        }
        groups = joined
        linkAliases(&groups, scalars, tokens)
        // Places: gazetteer name and coordinates.
        for g in groups.indices where groups[g].type == "LOC" {
            let key = groups[g].key.joined(separator: " ")
            if let place = gazetteer.resolve(key) {
                groups[g].place = place
                // "U.S." is the United States, but England is not the United Kingdom: a constituent country
                // keeps its own name (its geo is the kingdom's).
                if place.kind != "city" && !Self.constituentCountries.contains(key) || place.name.lowercased() == key {
                    groups[g].name = place.name
                }
            } else if groups[g].key.count > 1, Self.directions.contains(groups[g].key[0]),
                let place = gazetteer.resolve(groups[g].key.dropFirst().joined(separator: " "))
            {
                // "Eastern Ukraine": a part of the place; its country, not its coordinates.
                groups[g].place = Place(
                    kind: "region", name: groups[g].name, countryCode: place.countryCode, latitude: nil,
                    longitude: nil, geonamesId: nil, population: 0)
            }
        }
        // "U.S." and "United States": two keys, one place. Places of one gazetteer entry and name are one entity
        // (England keeps its own name, so it stays apart from the kingdom).
        var byPlace: [Group] = []
        for g in groups {
            if let id = g.place?.geonamesId, g.type == "LOC",
                let target = byPlace.firstIndex(where: {
                    $0.type == "LOC" && $0.place?.geonamesId == id && $0.name == g.name
                })
            {
                byPlace[target].absorb(g)
            } else {
                byPlace.append(g)
            }
        }
        groups = byPlace
        // Salience.
        let length = Double(max(textLength, 1))
        var total = 0.0
        for g in groups.indices {
            var score = 0.0
            var inHeadline = false
            for m in groups[g].mentions {
                score += 1 + (1 - Double(m.start) / length)
                if let h = headline, m.start >= h.start && m.end <= h.end { inHeadline = true }
            }
            if inHeadline { score += 2 }
            groups[g].score = score
            groups[g].inHeadline = inHeadline
            total += score
        }
        var entities = groups.map { g -> Entity in
            Entity(
                name: g.name, type: Self.typeName(g.type), salience: total > 0 ? g.score / total : 0,
                mentions: g.mentions.sorted { $0.start < $1.start }, geo: g.place?.geoPoint)
        }
        entities.sort { $0.salience != $1.salience ? $0.salience > $1.salience : $0.name < $1.name }
        return entities
    }

    /// Words right after a name (or its possessive) that only a company takes: "Moderna shares", "Zoom's
    /// subscribers", "Pfizer spokeswoman".
    static let companyFollowers: Set<String> = [
        "shares", "stock", "stocks", "shareholders", "investors", "spokesman", "spokeswoman", "spokesperson",
        "employees", "staff", "customers", "subscribers", "users", "app", "apps", "stores", "products", "ceo",
        "executives", "board", "headquarters", "revenue", "revenues", "earnings", "profit", "profits", "sales",
    ]

    /// A one-word PERSON the article only ever uses like a company ("Moderna shares rose", "Zoom's subscribers"),
    /// never with a first name, an honorific or a pronoun after "said": an organization. The 2020 Reuters articles
    /// of issue 10 had about 125 organizations typed as persons, most of them one-word company names the tagger
    /// (trained on 1996 text) has never seen.
    func companyContext(_ group: Group, _ scalars: [Unicode.Scalar], _ tokens: [Token]) -> Bool {
        guard group.key.count == 1 else { return false }
        func word(_ i: Int) -> String? {
            i >= 0 && i < tokens.count && tokens[i].kind != .punctuation ? lowerText(scalars, tokens[i]) : nil
        }
        var companyCues = 0
        for m in group.mentions {
            // The mention's tokens (a one-word key, but the mention may carry a possessive or a title).
            var lo = 0
            var hi = tokens.count
            while lo < hi {
                let mid = (lo + hi) / 2
                if tokens[mid].start < m.start { lo = mid + 1 } else { hi = mid }
            }
            guard lo < tokens.count, tokens[lo].start == m.start else { return false }
            var last = lo
            while last + 1 < tokens.count && tokens[last + 1].end <= m.end { last += 1 }
            if last > lo { return false }  // "Mr Smith", "the Smith": not a bare one-word name.
            if lo > 0, Self.honorifics.contains(lowerText(scalars, tokens[lo - 1])) { return false }
            var next = last + 1
            if next < tokens.count && tokens[next].kind == .clitic { next += 1 }  // "Zoom's"
            // "…, Smith said he", "Smith said on Tuesday she": a person. "Lyft said it would", "Lyft said on
            // Tuesday its": a company.
            if word(last + 1) == "said" || word(last + 1) == "says" {
                for k in (last + 2)..<min(tokens.count, last + 6) {
                    guard let w = word(k) else { continue }
                    if ["he", "she", "his", "her"].contains(w) { return false }
                    if w == "its" || (w == "it" && word(k + 1).map(Self.companyStatementVerbs.contains) == true) {
                        companyCues += 1
                        break
                    }
                }
            }
            if let w = word(next), Self.companyFollowers.contains(w) { companyCues += 1 }
            // "Salesforce agreed to buy", "Salesforce to acquire", and "agreed to buy Slack", "shares of Slack".
            let after = (next..<min(tokens.count, next + 3)).map { word($0) ?? "" }
            if after.count == 3 && after[0] == "agreed" && after[1] == "to" && Self.dealVerbs.contains(after[2])
                || after.count >= 2 && after[0] == "to" && Self.dealVerbs.contains(after[1])
            {
                companyCues += 1
            }
            if let before = word(lo - 1), Self.dealVerbs.contains(before) || before == "rival" {
                companyCues += 1
            } else if let of = word(lo - 1), let before = word(lo - 2), (of == "of" || of == "in"),
                ["shares", "stake", "stocks"].contains(before)
            {
                companyCues += 1
            }
        }
        return companyCues > 0
    }

    /// Verbs after "X said it" that a company's statement takes ("said it would cut jobs", "said it expects").
    static let companyStatementVerbs: Set<String> = [
        "would", "will", "plans", "planned", "expects", "expected", "intends", "has", "had", "agreed",
    ]
    /// Verbs of a deal between companies: "agreed to buy X", "X to acquire".
    static let dealVerbs: Set<String> = ["buy", "acquire", "purchase"]

    /// Whether two tagger types may name the same entity when their keys are equal: only the same type. A city
    /// and the team named after it ("DETROIT" LOC in a dateline, ORG in a results line) are two entities, and
    /// each mention keeps the type the tagger gave it in its context (through-process scoring on CoNLL valid
    /// lost 0.5 F1 when ORG/LOC/MISC mentions of one name took a majority type).
    func compatible(_ a: String, _ b: String) -> Bool {
        a == b
    }

    /// "the Alliance" → NATO when the article names NATO: adds the alias' mentions to the organization.
    func linkAliases(_ groups: inout [Group], _ scalars: [Unicode.Scalar], _ tokens: [Token]) {
        var covered = Set<Int>()
        for g in groups { for m in g.mentions { covered.insert(m.start) } }
        for i in tokens.indices where Tokenizer.isUpper(scalars[tokens[i].start]) && !covered.contains(tokens[i].start)
        {
            let word = lowerText(scalars, tokens[i])
            guard let targets = Self.aliases[word], !targets.isEmpty, i > 0, lowerText(scalars, tokens[i - 1]) == "the"
            else { continue }
            guard
                let g = groups.firstIndex(where: { $0.type == "ORG" && targets.contains($0.key.joined(separator: " ")) }
                )
            else { continue }
            groups[g].mentions.append(
                Mention(start: tokens[i].start, end: tokens[i].end, text: text(scalars, tokens, i, i + 1)))
        }
        // A group that is itself only an alias ("Alliance" tagged ORG) merges into its organization.
        var g = 0
        while g < groups.count {
            let key = groups[g].key.joined(separator: " ")
            if let targets = Self.aliases[key], !targets.isEmpty,
                let target = groups.firstIndex(where: {
                    $0.type == "ORG" && targets.contains($0.key.joined(separator: " "))
                }), target != g
            {
                groups[target].mentions.append(contentsOf: groups[g].mentions)
                groups.remove(at: g)
                continue
            }
            g += 1
        }
    }

    /// The mention's name as written, without leading titles/"the" and a trailing possessive.
    func canonicalName(_ m: RawMention, _ scalars: [Unicode.Scalar], _ tokens: [Token]) -> String {
        var start = m.start
        var end = m.end
        while end > start + 1 && (tokens[end - 1].kind == .clitic || tokens[end - 1].kind == .quote) { end -= 1 }
        if end - start > 1 && lowerText(scalars, tokens[start]) == "the" { start += 1 }
        if m.type == "PER" {
            while end - start > 1 && Self.titles.contains(lowerText(scalars, tokens[start])) { start += 1 }
        }
        return text(scalars, tokens, start, end)
    }

    static func typeName(_ tag: String) -> String {
        switch tag {
        case "PER": return "PERSON"
        case "ORG": return "ORGANIZATION"
        case "LOC": return "LOCATION"
        default: return "MISC"
        }
    }
}
