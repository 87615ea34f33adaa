// Repairs of the tagger's mentions from the words around them, for kinds of news the 1996 training text rarely
// shows (seen on 2020s wire stories, issue 10):
//
// - a named storm is the name alone, MISC, as CoNLL-2003 tags "Hurricane Edouard" (O + B-MISC): "Hurricane Ida"
//   (one ORG span) → MISC "Ida", and "Hurricane Katrina" ("Katrina" PER) → MISC "Katrina";
// - a multi-word name that ends in an organisation's head word is an organisation: "Louisiana National Guard"
//   (LOC) → ORG;
// - a name right after a company noun is a company: "drugmaker Bavarian Nordic" (PER) → ORG;
// - the names of a wire story's credit line are persons: "Additional reporting by Rich McKay" (MISC) → PER;
// - an official name keeps its head and its country: "U.S. Centers for Disease Control and Prevention" (LOC "U.S."
//   + ORG "Disease Control and Prevention") → one ORG, as CoNLL-2003 tags "U.S. Food and Drug Administration".

extension EntityExtractor {
    /// Capitalized words that name a storm when a name follows.
    static let stormWords: Set<String> = ["hurricane", "typhoon", "cyclone", "storm"]

    /// Last words that make a multi-word name an organisation whatever the tagger called it. Narrower than
    /// `NERLexicon.organisation`: "West Bank", "Soviet Union" and "Gaza Strip" are places.
    static let organisationEnds: Set<String> = [
        "guard", "ministry", "department", "agency", "council", "commission", "committee", "party", "police",
        "army", "navy", "parliament", "university", "institute", "bureau", "authority", "administration",
        "federation", "association", "corporation", "company",
    ]

    /// Lower-case nouns that introduce a company's name: "drugmaker Bavarian Nordic", "retailer Walmart".
    static let companyNouns: Set<String> = [
        "drugmaker", "carmaker", "automaker", "chipmaker", "planemaker", "retailer", "airline", "lender", "insurer",
        "reinsurer", "brewer", "miner", "conglomerate", "startup", "start-up", "firm", "company", "manufacturer",
        "supplier", "operator", "giant", "bank", "group", "broker", "publisher", "developer",
    ]

    /// Words before "by" that open a wire story's credit line ("Reporting by …; Editing by …").
    static let creditLineWords: Set<String> = ["reporting", "editing", "writing", "compiled", "research"]
    /// Words of a credit line that name a desk, not a person.
    static let deskWords: Set<String> = ["newsroom", "bureau", "desk", "staff", "team"]

    /// Capitalized head words of an official name that the tagger leaves out before "for" or "of" ("Centers for
    /// Disease Control", "Department of Homeland Security").
    static let officialHeads: Set<String> = [
        "center", "centers", "centre", "centres", "institute", "institutes", "department", "ministry", "office",
        "bureau", "council", "commission", "committee", "agency", "board", "academy", "society", "association",
        "federation", "league", "organization", "organisation", "court", "union", "fund", "foundation",
    ]

    /// Short forms of a country that CoNLL-2003 tags as part of the organisation they precede ("U.S. Treasury").
    static let countryPrefixes: Set<String> = ["u.s.", "us", "u.k.", "uk"]

    /// All repairs of this file, in order; returns mentions sorted by start.
    func repairContexts(_ input: [RawMention], _ scalars: [Unicode.Scalar], _ tokens: [Token]) -> [RawMention] {
        var mentions = repairStorms(input.sorted { $0.start < $1.start }, scalars, tokens)
        mentions = repairCreditLines(mentions, scalars, tokens).sorted { $0.start < $1.start }
        mentions = repairAmpersands(mentions, scalars, tokens)
        for n in mentions.indices
        where (mentions[n].type == "ORG" || mentions[n].type == "LOC")
            && isAppositivePerson(mentions[n], scalars, tokens)
        {
            mentions[n].type = "PER"
        }
        for n in mentions.indices where mentions[n].type != "ORG" {
            let m = mentions[n]
            if m.end - m.start >= 2, Self.organisationEnds.contains(lowerText(scalars, tokens[m.end - 1])) {
                mentions[n].type = "ORG"
            } else if m.type == "PER" || m.type == "LOC", m.start > 0, tokens[m.start - 1].kind == .word,
                !isCapitalized(scalars, tokens[m.start - 1]),
                Self.companyNouns.contains(lowerText(scalars, tokens[m.start - 1]))
            {
                mentions[n].type = "ORG"
            }
        }
        mentions = repairOfficialNames(mentions, scalars, tokens)
        return mentions.sorted { $0.start < $1.start }
    }

    /// Nouns of a person's role in an apposition: "Kent Walker, Google's general counsel".
    static let personRoles: Set<String> = [
        "counsel", "spokesman", "spokeswoman", "spokesperson", "chief", "president", "director", "minister",
        "secretary", "executive", "chairman", "chairwoman", "founder", "co-founder", "analyst", "professor", "lawyer",
        "attorney", "economist", "official", "head", "leader", "manager", "ceo", "editor", "author", "researcher",
        "scientist", "adviser", "advisor", "strategist", "commissioner", "ambassador", "governor", "mayor",
    ]

    /// A two- or three-word name followed by ", who" or by ", the | a | its | X's [adjectives] role" is a person,
    /// whatever the tagger called it ("Kent Walker, Google's general counsel, said" was ORG).
    func isAppositivePerson(_ m: RawMention, _ scalars: [Unicode.Scalar], _ tokens: [Token]) -> Bool {
        guard m.end - m.start >= 2, m.end - m.start <= 3, m.end + 2 < tokens.count,
            (m.start..<m.end).allSatisfy({ tokens[$0].kind == .word && isCapitalized(scalars, tokens[$0]) }),
            !(m.start..<m.end).contains(where: {
                let w = lowerText(scalars, tokens[$0])
                return NERLexicon.organisationWords.contains(w) || Self.companyHeads.contains(w)
            }),
            lowerText(scalars, tokens[m.end]) == ","
        else { return false }
        var i = m.end + 1
        let first = lowerText(scalars, tokens[i])
        if first == "who" { return true }
        // A determiner or a possessive before the role: "Casino Royale, author Ian Fleming's first Bond book" is
        // no person.
        if first == "the" || first == "a" || first == "its" {
            i += 1
        } else if !isCapitalized(scalars, tokens[i]) {
            return false
        } else {
            // "Google's": a capitalized name and its possessive.
            var j = i
            while j < min(tokens.count, i + 3) && isCapitalized(scalars, tokens[j]) { j += 1 }
            guard j < tokens.count, tokens[j].kind == .clitic else { return false }
            i = j + 1
        }
        for k in i..<min(tokens.count, i + 3) {
            guard tokens[k].kind == .word, !isCapitalized(scalars, tokens[k]) else { return false }
            if Self.personRoles.contains(lowerText(scalars, tokens[k])) { return true }
        }
        return false
    }

    /// "Marsh & McLennan", "Procter & Gamble": capitalized words joined by a free-standing "&" are one
    /// organisation (the tagger cut "Marsh" PER + "& McLennan" MISC). Only where the tagger marked a side.
    func repairAmpersands(_ input: [RawMention], _ scalars: [Unicode.Scalar], _ tokens: [Token]) -> [RawMention] {
        var mentions = input
        for i in tokens.indices.dropFirst().dropLast()
        where tokens[i].end - tokens[i].start == 1 && scalars[tokens[i].start] == "&" {
            guard tokens[i - 1].kind == .word, isCapitalized(scalars, tokens[i - 1]), tokens[i + 1].kind == .word,
                isCapitalized(scalars, tokens[i + 1])
            else { continue }
            let touching = mentions.filter { ($0.start..<$0.end).overlaps(i - 1..<i + 2) }
            guard !touching.isEmpty else { continue }
            let start = min(i - 1, touching.map(\.start).min() ?? i - 1)
            let end = max(i + 2, touching.map(\.end).max() ?? i + 2)
            mentions.removeAll { ($0.start..<$0.end).overlaps(start..<end) }
            mentions.append(RawMention(start: start, end: end, type: "ORG"))
        }
        return mentions.sorted { $0.start < $1.start }
    }

    /// "Hurricane Ida" → MISC "Ida". The tagger must have marked the storm or its name, so a title-case headline
    /// ("Storm Kills Five") makes no entity.
    func repairStorms(_ input: [RawMention], _ scalars: [Unicode.Scalar], _ tokens: [Token]) -> [RawMention] {
        var mentions = input
        for i in tokens.indices.dropLast() where tokens[i].kind == .word && isCapitalized(scalars, tokens[i]) {
            guard Self.stormWords.contains(lowerText(scalars, tokens[i])) else { continue }
            let name = i + 1
            let next = lowerText(scalars, tokens[name])
            guard tokens[name].kind == .word, isCapitalized(scalars, tokens[name]),
                !Self.stormWords.contains(next), !NERLexicon.organisationWords.contains(next)
            else { continue }
            let overlapping = mentions.filter { ($0.start..<$0.end).overlaps(i..<name + 1) }
            // Only mentions inside "Hurricane Ida": "National Hurricane Center" is an organisation.
            guard !overlapping.isEmpty, overlapping.allSatisfy({ $0.start >= i && $0.end <= name + 1 }) else {
                continue
            }
            mentions.removeAll { ($0.start..<$0.end).overlaps(i..<name + 1) }
            mentions.append(RawMention(start: name, end: name + 1, type: "MISC"))
        }
        return mentions.sorted { $0.start < $1.start }
    }

    /// "Reporting by Nathan Layne in New Orleans; Additional reporting by Rich McKay; Editing by Lisa Shumaker and
    /// Tom Brown": each name after "by" is a person. A name is two to four capitalized words (particles between
    /// them allowed); a place after "in" keeps the tagger's mention.
    func repairCreditLines(_ input: [RawMention], _ scalars: [Unicode.Scalar], _ tokens: [Token]) -> [RawMention] {
        var mentions = input
        // The scalar test first: building the lower-case text of every token costs more than the rest.
        for by in tokens.indices.dropFirst()
        where tokens[by].end - tokens[by].start == 2
            && (scalars[tokens[by].start] == "b" || scalars[tokens[by].start] == "B")
            && lowerText(scalars, tokens[by]) == "by"
        {
            guard Self.creditLineWords.contains(lowerText(scalars, tokens[by - 1])) else { continue }
            var start = by + 1
            while start < tokens.count {
                var end = start
                while end < tokens.count && end - start < 5 && tokens[end].kind == .word
                    && (isCapitalized(scalars, tokens[end])
                        || end > start && Self.nameParticles.contains(lowerText(scalars, tokens[end])))
                {
                    end += 1
                }
                while end > start && !isCapitalized(scalars, tokens[end - 1]) { end -= 1 }
                // "Reporting by Abu Dhabi newsroom" names a desk.
                guard end - start >= 2 && end - start <= 4,
                    !(start...min(end, tokens.count - 1)).contains(where: {
                        Self.deskWords.contains(lowerText(scalars, tokens[$0]))
                    })
                else { break }
                mentions.removeAll { ($0.start..<$0.end).overlaps(start..<end) }
                mentions.append(RawMention(start: start, end: end, type: "PER"))
                // Another name after "and" or a comma.
                guard end + 1 < tokens.count else { break }
                let joiner = lowerText(scalars, tokens[end])
                guard joiner == "and" || joiner == "," else { break }
                start = end + 1
            }
        }
        return mentions
    }

    /// An ORG after "Head for" / "Head of" takes the head ("Centers for Disease Control and Prevention"), and an
    /// ORG right after "U.S." takes the country ("U.S. Food and Drug Administration").
    func repairOfficialNames(_ input: [RawMention], _ scalars: [Unicode.Scalar], _ tokens: [Token]) -> [RawMention] {
        var mentions = input
        var n = 0
        while n < mentions.count {
            defer { n += 1 }
            guard mentions[n].type == "ORG" else { continue }
            var start = mentions[n].start
            let previousEnd = n > 0 ? mentions[n - 1].end : 0
            if start >= 2 && start - 2 >= previousEnd, tokens[start - 2].kind == .word,
                ["for", "of"].contains(lowerText(scalars, tokens[start - 1])),
                isCapitalized(scalars, tokens[start - 2]),
                Self.officialHeads.contains(lowerText(scalars, tokens[start - 2]))
            {
                start -= 2
                // "National Institutes of Health": capitalized words before the head, up to the sentence start.
                while start > previousEnd, start > mentions[n].start - 5, tokens[start - 1].kind == .word,
                    isCapitalized(scalars, tokens[start - 1]),
                    !["the", "a", "an"].contains(lowerText(scalars, tokens[start - 1]))
                {
                    start -= 1
                }
                mentions[n].start = start
            }
            if n > 0, mentions[n - 1].type == "LOC", mentions[n - 1].end == start,
                mentions[n - 1].end - mentions[n - 1].start == 1,
                Self.countryPrefixes.contains(lowerText(scalars, tokens[start - 1])),
                tokens[start].start == tokens[start - 1].end + 1
            {
                mentions[n].start = start - 1
                mentions.remove(at: n - 1)
                n -= 1
            }
        }
        return mentions
    }
}
