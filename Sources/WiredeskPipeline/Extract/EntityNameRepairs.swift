// Repairs of the tagger's mentions where names follow conventions it sees too rarely in CoNLL-2003's 1996 text:
//
// - photo credits: "REUTERS/Stephen Lam" → ORG "REUTERS" + PER "Stephen Lam" (also when the tagger missed it),
//   "Scott Olson/Getty Images" → PER + ORG, "EPA-EFE/JUSTIN LANE" → ORG + PER;
// - titles inside a name: "European Commission President Ursula" (one ORG span) → ORG "European Commission" +
//   PER "Ursula"; a person's span never starts with a title ("President Ursula" → "Ursula");
// - name particles: "Ursula" + "von der" + "Leyen" → PER "Ursula von der Leyen" ("bin Salman", "de Blasio");
// - calendar words: a month or weekday alone is no entity (CoNLL-2003 tags them O; the first names "Jan" and
//   "May" and the club "Wednesday" stay); a holiday, a holiday's day ("Christmas Eve") and a named day ("Black
//   Friday") are MISC, "Eid al-Adha" is one MISC;
// - "COVID-19" is MISC, and so is a compound of it ("COVID-19-related", as CoNLL tags "U.S.-based");
// - a quoted single word is no person ("described the talks as “Frank”"); a name inside short quotes after a
//   noun of a named thing is MISC, and a MISC name cut short inside its quotes takes the whole quotation (the
//   destroyer “Donald cook”);
// - "Secretary-General" splits an ORG span like the other titles ("NATO Secretary-General Jens Stoltenberg");
// - a company's legal form joins its name as one ORG ("BioNTech" MISC + "SE" ORG → ORG "BioNTech SE"), also across
//   a possessive or a web domain ("Macy's Inc", "Amazon.com Inc"), and an ORG span that joins two companies with
//   "and" after a company head word is two ORGs ("Zoom Video Communications and Moderna" → "Zoom Video
//   Communications" + "Moderna");
// - a dateline's place in capitals is a place ("SAN FRANCISCO (Reuters) -" was ORG), as CoNLL-2003 tags
//   "NEW YORK 1996-08-22";
// - a place before an office holder's title is a place ("New York Mayor Bill de Blasio": "New York" was ORG), and
//   "Crown Prince" and "Majority Leader" are titles ("Saudi Crown" MISC → "Saudi", "Senate Majority" → "Senate");
// - a title inside a run-away span ends the organisation, and a clause word the person ("Federal Reserve Chair
//   Janet Yellen as Treasury" → ORG + PER + ORG).

extension EntityExtractor {
    /// Agencies that sign photo credits (lower case); a second word "photo" or "images" may follow.
    static let creditAgencies: Set<String> = [
        "reuters", "afp", "ap", "epa", "getty", "xinhua", "bloomberg", "upi", "ansa", "efe", "dpa", "tass", "anadolu",
        "pool", "aap", "kyodo", "yonhap", "sputnik",
    ]

    /// Words that start the next sentence after a credit, not the photographer's name.
    static let creditStops: Set<String> = [
        "a", "an", "the", "in", "on", "at", "he", "she", "it", "they", "we", "i", "this", "file", "photo", "pictured",
    ]

    /// Last words of a place's name before a title ("Riverside County Sheriff").
    static let areaWords: Set<String> = ["county", "province", "state", "city", "district", "region", "borough"]

    /// Titles that end an organisation's name and start the person's inside one tagged span.
    static let innerTitles: Set<String> = [
        "president", "sheriff", "chairman", "chairwoman", "ceo", "spokesman", "spokeswoman", "secretary", "minister",
        "mayor", "governor", "senator", "commissioner", "director", "coach", "prosecutor", "judge", "ambassador",
        "premier", "chancellor", "chief", "leader", "manager", "captain", "head", "secretary-general", "chair",
        "chairperson", "speaker", "whip",
    ]

    /// Lower-case words that end a name inside a run-away span after a title ("Federal Reserve Chair Janet Yellen
    /// as Treasury"): they never stand inside a name, so the person's name ends before them.
    static let clauseWords: Set<String> = [
        "as", "to", "was", "is", "will", "would", "who", "has", "had", "said", "says", "told",
    ]

    /// The first word of a two-word title before its second ("Crown Prince", "Majority Leader"): it belongs to the
    /// title, not to the name before it.
    static let titleHeads: [String: Set<String>] = [
        "crown": ["prince", "princess"], "majority": ["leader", "whip"], "minority": ["leader", "whip"],
    ]

    /// Nouns before a quoted name of a thing ("the destroyer “Donald cook”"): the quotation is one MISC name.
    static let namedThings: Set<String> = [
        "ship", "vessel", "destroyer", "frigate", "cruiser", "carrier", "submarine", "tanker", "warship", "yacht",
        "film", "movie", "book", "novel", "album", "song", "series", "show", "play", "opera", "operation",
        "exercise", "exercises", "mission", "programme", "program", "campaign", "plan",
    ]

    /// Lower-case particles inside a person's name.
    static let nameParticles: Set<String> = [
        "von", "van", "der", "den", "de", "del", "della", "di", "da", "du", "dos", "das", "le", "la", "bin", "ibn",
        "al", "el", "ben", "abu", "ter", "ten", "bint", "zu",
    ]

    static let months: Set<String> = [
        "january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
        "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
        "jan.", "feb.", "mar.", "apr.", "jun.", "jul.", "aug.", "sep.", "sept.", "oct.", "nov.", "dec.", "monday",
        "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
    ]

    static let holidays: Set<String> = [
        "christmas", "easter", "ramadan", "thanksgiving", "hanukkah", "diwali", "eid", "passover", "halloween",
    ]

    /// Words that end a holiday's name after the holiday ("Christmas Eve", "Easter Sunday", "Thanksgiving Day").
    static let holidayEnds: Set<String> = ["eve", "day", "sunday", "monday", "weekend"]

    /// Days named like holidays, as their lower-case words (the tagger gave "Black Friday" ORG and "Cyber" of
    /// "Cyber Monday" ORG on 2020 text).
    static let namedDays: [[String]] = [["black", "friday"], ["cyber", "monday"], ["boxing", "day"]]

    /// Weekdays: alone they are a date, but "Wednesday" alone is the club Sheffield Wednesday (ORG in the gold).
    static let weekdays: Set<String> = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]

    static let diseaseNames: Set<String> = [
        "covid-19", "covid", "covid19", "sars-cov-2", "sars", "mers", "ebola", "zika", "monkeypox", "mpox", "aids",
        "hiv",
    ]

    /// Legal forms written after a company's name (as written: "SE" and "AG" are capitals, so "se" is no form).
    static let legalForms: Set<String> = [
        "Inc", "Inc.", "Corp", "Corp.", "Corporation", "Co", "Co.", "Ltd", "Ltd.", "Limited", "LLC", "PLC", "Plc",
        "plc", "SE", "AG", "SA", "S.A.", "NV", "N.V.", "GmbH", "AB", "ASA", "SpA", "S.p.A.", "LP", "L.P.",
    ]

    /// Last words of a company's name before "and" and a second company (lower case).
    static let companyHeads: Set<String> = [
        "inc", "inc.", "corp", "corp.", "corporation", "co", "co.", "ltd", "ltd.", "plc", "llc", "group", "holdings",
        "communications", "technologies", "technology", "systems", "airlines", "airways", "motors", "industries",
        "pharmaceuticals", "therapeutics", "semiconductor", "energy", "petroleum", "bank", "bancorp", "financial",
        "capital", "partners", "entertainment", "networks", "software", "labs", "se", "ag", "sa", "nv",
    ]

    /// All repairs of this file, in order; returns mentions sorted by start.
    func repairNames(_ input: [RawMention], _ scalars: [Unicode.Scalar], _ tokens: [Token]) -> [RawMention] {
        var mentions = repairCredits(input, scalars, tokens)
        mentions = repairInnerTitles(mentions, scalars, tokens)
        mentions = repairParticles(mentions, scalars, tokens)
        mentions = repairWordClasses(mentions, scalars, tokens)
        mentions = repairQuoted(mentions, scalars, tokens)
        mentions = repairCompanies(mentions, scalars, tokens)
        mentions = repairDatelines(mentions, scalars, tokens)
        return mentions.sorted { $0.start < $1.start }
    }

    /// "BioNTech SE" → one ORG; "Zoom Video Communications and Moderna" → two ORGs.
    func repairCompanies(_ input: [RawMention], _ scalars: [Unicode.Scalar], _ tokens: [Token]) -> [RawMention] {
        func written(_ i: Int) -> String { String(utf8Of: scalars[tokens[i].start..<tokens[i].end]) }
        var mentions = input.sorted { $0.start < $1.start }
        // A legal form right after a name: the name is a company, the form part of it. Between them may stand a
        // possessive ("Macy's Inc", as CoNLL-2003 tags "Moody 's Investors") or a web domain ("Amazon.com Inc").
        var i = 0
        while i < mentions.count {
            let end = mentions[i].end
            let form = bridgeEnd(after: end, scalars, tokens)
            if form < tokens.count, tokens[form].start == tokens[form - 1].end + 1,
                Self.legalForms.contains(written(form)),
                !(mentions[i].start..<end).allSatisfy({ Self.legalForms.contains(written($0)) })
            {
                mentions[i].end = form + 1
                mentions[i].type = "ORG"
                // The tagger's own span of the form alone ("SE" or "Inc" as ORG) is now inside the name.
                while i + 1 < mentions.count, mentions[i + 1].start >= end, mentions[i + 1].end <= form + 1 {
                    mentions.remove(at: i + 1)
                }
            }
            i += 1
        }
        // "X Communications and Y": two companies in one span.
        var out: [RawMention] = []
        for m in mentions {
            guard m.type == "ORG", m.end - m.start >= 3,
                let and = (m.start + 1..<m.end - 1).first(where: {
                    lowerText(scalars, tokens[$0]) == "and"
                        && Self.companyHeads.contains(lowerText(scalars, tokens[$0 - 1]))
                        && isCapitalized(scalars, tokens[$0 + 1])
                })
            else {
                out.append(m)
                continue
            }
            out.append(RawMention(start: m.start, end: and, type: "ORG"))
            out.append(RawMention(start: and + 1, end: m.end, type: "ORG"))
        }
        return out
    }

    /// Web domains that end a company's written name ("Amazon.com Inc").
    static let domainWords: Set<String> = ["com", "net", "org", "io"]

    /// The first token after `end` that is not a possessive or a web domain glued to the name before it: `end`
    /// itself when there is none.
    func bridgeEnd(after end: Int, _ scalars: [Unicode.Scalar], _ tokens: [Token]) -> Int {
        guard end > 0, end < tokens.count, tokens[end].start == tokens[end - 1].end else { return end }
        if tokens[end].kind == .clitic, lowerText(scalars, tokens[end]).hasSuffix("s") { return end + 1 }
        // "." + "com" as two tokens, or ".com" as one.
        if tokens[end].kind == .punctuation, scalars[tokens[end].start] == ".",
            tokens[end].end - tokens[end].start == 1,
            end + 1 < tokens.count, tokens[end + 1].start == tokens[end].end,
            Self.domainWords.contains(lowerText(scalars, tokens[end + 1]))
        {
            return end + 2
        }
        return end
    }

    /// Punctuation that follows a dateline's place: "SAN FRANCISCO (Reuters) -", "LONDON -", "PARIS, Dec 1".
    static let datelineMarks: Set<Unicode.Scalar> = ["(", "-", "\u{2013}", "\u{2014}", ","]

    /// A mention in capitals that opens a paragraph and is followed by a dateline mark or a date ("LONDON
    /// 1996-08-30" in CoNLL-2003) is the dateline's place when the gazetteer knows it: LOC.
    func repairDatelines(_ input: [RawMention], _ scalars: [Unicode.Scalar], _ tokens: [Token]) -> [RawMention] {
        var mentions = input
        for m in mentions.indices where mentions[m].type != "LOC" {
            let (start, end) = (mentions[m].start, mentions[m].end)
            guard end < tokens.count, opensParagraph(start, scalars, tokens),
                (start..<end).allSatisfy({ i in
                    tokens[i].kind == .word
                        && !scalars[tokens[i].start..<tokens[i].end].contains(where: Tokenizer.isLower)
                }),
                scalars[tokens[start].start..<tokens[end - 1].end].filter(Tokenizer.isUpper).count >= 2
            else { continue }
            let next = tokens[end]
            let isMark = next.kind == .punctuation && Self.datelineMarks.contains(scalars[next.start])
            let isDate = next.kind == .number && scalars[next.start..<next.end].contains("-")
            guard isMark || isDate, let place = gazetteer.resolve(Gazetteer.key(scalars, tokens[start..<end])),
                place.kind != "sea"
            else { continue }
            mentions[m].type = "LOC"
        }
        return mentions
    }

    /// Token `i` is the first of a paragraph (the text's start or a line break before it).
    func opensParagraph(_ i: Int, _ scalars: [Unicode.Scalar], _ tokens: [Token]) -> Bool {
        var s = tokens[i].start - 1
        while s >= 0, scalars[s] == " " || scalars[s] == "\t" { s -= 1 }
        return s < 0 || scalars[s] == "\n"
    }

    @inline(__always) func isCapitalized(_ scalars: [Unicode.Scalar], _ t: Token) -> Bool {
        t.kind == .word && Tokenizer.isUpper(scalars[t.start])
    }

    /// Whether token `i` names a credit agency: "REUTERS", and joint credits written as one token ("EPA-EFE").
    func isCreditAgency(_ i: Int, _ scalars: [Unicode.Scalar], _ tokens: [Token]) -> Bool {
        // The capital test first: building the lower-case text of every token costs more than the rest.
        guard i >= 0, i < tokens.count, isCapitalized(scalars, tokens[i]) else { return false }
        let word = lowerText(scalars, tokens[i])
        if Self.creditAgencies.contains(word) { return true }
        guard word.contains("-") else { return false }
        return word.split(separator: "-").allSatisfy { Self.creditAgencies.contains(String($0)) }
    }

    /// "REUTERS/Stephen Lam", "AP Photo/Evan Vucci", "EPA-EFE/JUSTIN LANE": the agency is an ORG, the
    /// photographer a PER; also the other way round ("Scott Olson/Getty Images").
    func repairCredits(_ input: [RawMention], _ scalars: [Unicode.Scalar], _ tokens: [Token]) -> [RawMention] {
        var mentions = repairNameFirstCredits(input, scalars, tokens)
        var i = 0
        while i + 2 < tokens.count {
            guard isCreditAgency(i, scalars, tokens) else {
                i += 1
                continue
            }
            var slash = i + 1
            let second = lowerText(scalars, tokens[slash])
            if (second == "photo" || second == "images") && slash + 2 < tokens.count { slash += 1 }  // room for a name
            let mark = tokens[slash]
            guard mark.end - mark.start == 1, scalars[mark.start] == "/", mark.start == tokens[slash - 1].end,
                mark.end == tokens[slash + 1].start, isCapitalized(scalars, tokens[slash + 1])
            else {
                i += 1
                continue
            }
            var end = slash + 1
            // The photographer's name ends with the line: a credit is the last thing in its paragraph, and the
            // next paragraph's first word is not part of it ("REUTERS/Stephen Lam" + "Apple Inc shares rose").
            while end < tokens.count && end < slash + 4 && isCapitalized(scalars, tokens[end])
                && (end == slash + 1 || !scalars[tokens[end - 1].end..<tokens[end].start].contains("\n"))
                && !Self.creditAgencies.contains(lowerText(scalars, tokens[end]))
                && !Self.creditStops.contains(lowerText(scalars, tokens[end]))
            {
                end += 1
            }
            let organisationEnd = second == "images" ? slash : i + 1
            let range = i..<max(end, slash + 1)
            mentions.removeAll { range.overlaps($0.start..<$0.end) }
            mentions.append(RawMention(start: i, end: organisationEnd, type: "ORG"))
            // "Pool via REUTERS/File Photo": no photographer, and no empty mention for one.
            if end > slash + 1 { mentions.append(RawMention(start: slash + 1, end: end, type: "PER")) }
            i = max(end, slash + 1)
        }
        return mentions
    }

    /// "Scott Olson/Getty Images", "Brendan McDermid/Bloomberg": Getty's and Bloomberg's credits put the
    /// photographer first. The name must start its line or sentence, so the last words of a caption are never
    /// taken for it, and it has at most three capitalized words.
    func repairNameFirstCredits(
        _ input: [RawMention], _ scalars: [Unicode.Scalar], _ tokens: [Token]
    ) -> [RawMention] {
        var mentions = input
        for slash in 1..<max(1, tokens.count - 1) {
            let mark = tokens[slash]
            guard mark.end - mark.start == 1, scalars[mark.start] == "/", mark.start == tokens[slash - 1].end,
                mark.end == tokens[slash + 1].start, isCreditAgency(slash + 1, scalars, tokens),
                isCapitalized(scalars, tokens[slash - 1]), !isCreditAgency(slash - 1, scalars, tokens)
            else { continue }
            var start = slash - 1
            while start > 0 && start > slash - 3 && isCapitalized(scalars, tokens[start - 1])
                && !scalars[tokens[start - 1].end..<tokens[start].start].contains("\n")
                && !Self.creditStops.contains(lowerText(scalars, tokens[start - 1]))
            {
                start -= 1
            }
            let lineStart = start == 0 || scalars[tokens[start - 1].end..<tokens[start].start].contains("\n")
            guard lineStart || startsSentence(start, scalars, tokens),
                !(start..<slash).contains(where: { Self.creditStops.contains(lowerText(scalars, tokens[$0])) })
            else { continue }
            // "Getty Images" is the agency's name; a lone "Getty" is too.
            var agencyEnd = slash + 2
            if agencyEnd < tokens.count, tokens[agencyEnd].start == tokens[agencyEnd - 1].end + 1,
                lowerText(scalars, tokens[agencyEnd]) == "images"
            {
                agencyEnd += 1
            }
            let range = start..<agencyEnd
            mentions.removeAll { range.overlaps($0.start..<$0.end) }
            mentions.append(RawMention(start: start, end: slash, type: "PER"))
            mentions.append(RawMention(start: slash + 1, end: agencyEnd, type: "ORG"))
        }
        return mentions
    }

    /// "European Commission President Ursula" (ORG) → ORG "European Commission" + PER "Ursula"; a PER span
    /// loses its leading titles ("President Ursula" → "Ursula").
    func repairInnerTitles(_ input: [RawMention], _ scalars: [Unicode.Scalar], _ tokens: [Token]) -> [RawMention] {
        var out: [RawMention] = []
        for var m in input {
            if m.type == "PER" {
                while m.end - m.start > 1, isCapitalized(scalars, tokens[m.start]),
                    isCapitalized(scalars, tokens[m.start + 1]),
                    Self.titles.contains(lowerText(scalars, tokens[m.start]))
                {
                    m.start += 1
                }
                out.append(m)
                continue
            }
            var split = false
            var k = m.start + 1
            while k < m.end - 1 {
                guard Self.innerTitles.contains(lowerText(scalars, tokens[k])), isCapitalized(scalars, tokens[k]) else {
                    k += 1
                    continue
                }
                var name = k + 1
                while name < m.end - 1 && Self.titles.contains(lowerText(scalars, tokens[name])) { name += 1 }
                // The holder's name ends at a clause word; what follows it, in capitals, is a name of the span's
                // type ("… Janet Yellen as Treasury" → "Treasury").
                var nameEnd = m.end
                var tail: RawMention?
                if let cut = (name + 1..<m.end).first(where: {
                    Self.clauseWords.contains(lowerText(scalars, tokens[$0]))
                }),
                    cut + 1 < m.end, (cut + 1..<m.end).allSatisfy({ isCapitalized(scalars, tokens[$0]) })
                {
                    nameEnd = cut
                    tail = RawMention(start: cut + 1, end: m.end, type: m.type)
                }
                let rest = name..<nameEnd
                let restIsName = rest.allSatisfy { i in
                    isCapitalized(scalars, tokens[i]) || Self.nameParticles.contains(lowerText(scalars, tokens[i]))
                }
                if restIsName && !rest.isEmpty {
                    var head = RawMention(start: m.start, end: k, type: m.type)
                    let key = Gazetteer.key(scalars, tokens[m.start..<k])
                    if m.type == "ORG",
                        Self.areaWords.contains(lowerText(scalars, tokens[k - 1]))
                            || (gazetteer.resolve(key).map { $0.kind != "sea" } ?? false)
                    {
                        head.type = "LOC"  // "Riverside County Sheriff ...", "Ohio Governor ..."
                    }
                    placeBeforeOffice(&head, scalars, tokens)  // "Senate Majority Leader ..." → "Senate"
                    out.append(head)
                    out.append(RawMention(start: name, end: nameEnd, type: "PER"))
                    if let tail { out.append(tail) }
                    split = true
                }
                break
            }
            if !split {
                placeBeforeOffice(&m, scalars, tokens)
                out.append(m)
            }
        }
        return out
    }

    /// Capitalized titles of an office held for a place ("New York Mayor", "California Governor").
    static let placeOffices: Set<String> = [
        "mayor", "governor", "sheriff", "senator", "premier", "prosecutor", "congressman", "congresswoman",
        "assemblyman", "assemblywoman", "lieutenant", "attorney",
    ]

    /// A name right before the title of an office held for a place, followed by the holder's name: a place the
    /// gazetteer knows is a place ("New York" ORG in "New York Mayor Bill de Blasio"). "Saudi Crown" (MISC, before
    /// "Prince") loses "Crown", and "Senate Majority" (before "Leader") "Majority": words of the title.
    func placeBeforeOffice(_ m: inout RawMention, _ scalars: [Unicode.Scalar], _ tokens: [Token]) {
        guard m.type == "ORG" || m.type == "MISC", m.end + 1 < tokens.count,
            isCapitalized(scalars, tokens[m.end]), isCapitalized(scalars, tokens[m.end + 1])
        else { return }
        let title = lowerText(scalars, tokens[m.end])
        if m.end - m.start > 1, Self.titleHeads[lowerText(scalars, tokens[m.end - 1])]?.contains(title) ?? false {
            m.end -= 1
            return
        }
        guard Self.placeOffices.contains(title),
            let place = gazetteer.resolve(Gazetteer.key(scalars, tokens[m.start..<m.end])),
            place.kind != "sea"
        else { return }
        m.type = "LOC"
    }

    /// "Ursula" + "von der" + "Leyen": particles between a person's parts (or before a tagged surname) join them.
    func repairParticles(_ input: [RawMention], _ scalars: [Unicode.Scalar], _ tokens: [Token]) -> [RawMention] {
        var mentions = input.sorted { $0.start < $1.start }
        var owner = [Int](repeating: -1, count: tokens.count)
        for (n, m) in mentions.enumerated() { for i in m.start..<m.end { owner[i] = n } }
        var removed = Set<Int>()
        var p = 1
        while p < tokens.count {
            guard owner[p] < 0, !Tokenizer.isUpper(scalars[tokens[p].start]), tokens[p].end - tokens[p].start <= 5,
                Self.nameParticles.contains(lowerText(scalars, tokens[p]))
            else {
                p += 1
                continue
            }
            // Further particles, also when the tagger put them into the surname's span ("Ursula" + "der Leyen").
            var q = p + 1
            while q < tokens.count && q < p + 3 && Self.nameParticles.contains(lowerText(scalars, tokens[q]))
                && !Tokenizer.isUpper(scalars[tokens[q].start])
                && (owner[q] < 0 || mentions[owner[q]].type == "PER")
            {
                q += 1
            }
            guard q < tokens.count, isCapitalized(scalars, tokens[q]) else {
                p = q
                continue
            }
            let left = owner[p - 1] >= 0 && !removed.contains(owner[p - 1]) ? owner[p - 1] : -1
            let right = owner[q] >= 0 && !removed.contains(owner[q]) ? owner[q] : -1
            let leftPerson = left >= 0 && mentions[left].type == "PER"
            let rightPerson = right >= 0 && mentions[right].type == "PER"
            // The surname side must be a person (or missing, with a tagged first name); the other side may be
            // untagged.
            guard (leftPerson || left < 0) && (rightPerson || right < 0) && (leftPerson || rightPerson) else {
                p = q
                continue
            }
            var start = p
            if leftPerson {
                start = mentions[left].start
            } else if isCapitalized(scalars, tokens[p - 1]) && !Self.titles.contains(lowerText(scalars, tokens[p - 1]))
                && !startsSentence(p - 1, scalars, tokens)
            {
                start = p - 1  // an untagged first name, but not a sentence's first word ("Later von der Leyen")
            }
            var end = q + 1
            if rightPerson { end = mentions[right].end }
            if left >= 0 { removed.insert(left) }
            if right >= 0 { removed.insert(right) }
            mentions.append(RawMention(start: start, end: end, type: "PER"))
            for i in start..<end { owner[i] = mentions.count - 1 }
            p = end
        }
        // The tagger's own span may start at the particle ("de Blasio" after an untagged "Bill"): the first name
        // before it joins, on the same terms as above.
        for n in mentions.indices where !removed.contains(n) && mentions[n].type == "PER" {
            let start = mentions[n].start
            guard start > 0, owner[start - 1] < 0, !Tokenizer.isUpper(scalars[tokens[start].start]),
                Self.nameParticles.contains(lowerText(scalars, tokens[start])),
                isCapitalized(scalars, tokens[start - 1]), !Self.titles.contains(lowerText(scalars, tokens[start - 1])),
                !startsSentence(start - 1, scalars, tokens)
            else { continue }
            mentions[n].start = start - 1
            owner[start - 1] = n
        }
        return mentions.enumerated().filter { !removed.contains($0.offset) }.map(\.element)
    }

    /// Whether token `i` is the first of its sentence (text start, or after `.`, `!`, `?`, a quote or a colon).
    func startsSentence(_ i: Int, _ scalars: [Unicode.Scalar], _ tokens: [Token]) -> Bool {
        guard i > 0 else { return true }
        let before = tokens[i - 1]
        if before.kind == .quote { return true }
        guard before.kind == .punctuation else { return false }
        let c = scalars[before.start]
        return c == "." || c == "!" || c == "?" || c == ":"
    }

    /// Months and weekdays are never entities (CoNLL-2003 train tags every lone month and weekday O, but for the
    /// first names "Jan" and "May" and the club "Wednesday"); a holiday, a holiday's day ("Christmas Eve") and a
    /// named day ("Black Friday") are MISC; "Eid al-Adha" is one MISC; "COVID-19" is MISC.
    func repairWordClasses(_ input: [RawMention], _ scalars: [Unicode.Scalar], _ tokens: [Token]) -> [RawMention] {
        func word(_ i: Int) -> String { lowerText(scalars, tokens[i]) }
        var mentions = input.sorted { $0.start < $1.start }
        // "Eid al-Adha", "Eid al-Fitr": the tagger cut them into PER "Eid" and a LOC that ran on past the name.
        for i in tokens.indices.dropLast() where isCapitalized(scalars, tokens[i]) && word(i) == "eid" {
            let next = word(i + 1)
            guard next.hasPrefix("al-"), next.count > 3, tokens[i + 1].start == tokens[i].end + 1 else { continue }
            mentions.removeAll { ($0.start..<$0.end).overlaps(i..<i + 2) }
            mentions.append(RawMention(start: i, end: i + 2, type: "MISC"))
        }
        mentions.sort { $0.start < $1.start }
        // Last words of longer organisation names: "Wednesday" alone after "Sheffield Wednesday" is the club.
        var organisationEnds = Set<String>()
        for m in mentions where m.type == "ORG" && m.end - m.start >= 2 { organisationEnds.insert(word(m.end - 1)) }
        var out: [RawMention] = []
        var covered = Set<Int>()
        for (n, var m) in mentions.enumerated() {
            let words = (m.start..<m.end).map(word).filter { $0 != "." }
            if words.isEmpty {
                out.append(m)
                continue
            }
            if words.allSatisfy(Self.months.contains) {
                // The gold's months and weekdays alone are dates, with the exceptions above kept.
                let isFirstName = m.type == "PER" && !Self.weekdays.contains(words[0])
                let isClub = m.type == "ORG" && words.count == 1 && organisationEnds.contains(words[0])
                if !isFirstName && !isClub { continue }
            } else if m.type != "MISC" && Self.holidays.contains(words[0])
                && words.dropFirst().allSatisfy(Self.holidayEnds.contains)
            {
                m.type = "MISC"  // "Christmas" ORG, "Ramadan" PER, "Christmas Eve" ORG
            } else if let day = Self.namedDays.first(where: { $0.starts(with: words) }) {
                // The whole named day, also when the tagger took only its first word ("Cyber" of "Cyber Monday").
                var end = m.end
                while end - m.start < day.count && end < tokens.count && word(end) == day[end - m.start]
                    && isCapitalized(scalars, tokens[end])
                {
                    end += 1
                }
                if end - m.start == day.count && (n + 1 == mentions.count || mentions[n + 1].start >= end) {
                    m.end = end
                    m.type = "MISC"
                }
            }
            if words.count == 1 && isDiseaseName(words[0]) { m.type = "MISC" }
            for i in m.start..<m.end { covered.insert(i) }
            out.append(m)
        }
        for i in tokens.indices where !covered.contains(i) && tokens[i].kind == .word {
            if Tokenizer.isUpper(scalars[tokens[i].start]) && isDiseaseName(lowerText(scalars, tokens[i])) {
                out.append(RawMention(start: i, end: i + 1, type: "MISC"))
            }
        }
        return out
    }

    /// "covid-19", and a compound of it with a lower-case word ("covid-19-related", "covid-hit"): CoNLL-2003 tags
    /// such compounds of a name as the name's MISC ("U.S.-based", "Russian-led": 38 of 42 in train).
    func isDiseaseName(_ word: String) -> Bool {
        if Self.diseaseNames.contains(word) { return true }
        guard let dash = word.lastIndex(of: "-"), Self.diseaseNames.contains(String(word[..<dash])) else {
            return false
        }
        let rest = word[word.index(after: dash)...]
        return rest.count >= 2 && rest.unicodeScalars.allSatisfy { $0.value >= 0x61 && $0.value <= 0x7A }
    }

    /// A quoted single word is no person; a name that starts a short quotation after a noun of a named thing
    /// ("the destroyer “Donald cook”") is MISC; a MISC name that starts a short quotation takes all of it.
    func repairQuoted(_ input: [RawMention], _ scalars: [Unicode.Scalar], _ tokens: [Token]) -> [RawMention] {
        func isQuote(_ i: Int) -> Bool { i >= 0 && i < tokens.count && tokens[i].kind == .quote }
        var outsideQuotes = Set<String>()
        for m in input where m.type == "PER" && !(isQuote(m.start - 1) && isQuote(m.end)) {
            for i in m.start..<m.end { outsideQuotes.insert(lowerText(scalars, tokens[i])) }
        }
        var out: [RawMention] = []
        let starts = Set(input.map(\.start))
        for var m in input {
            if m.type == "PER" && m.end - m.start == 1 && isQuote(m.start - 1) && isQuote(m.end)
                && !outsideQuotes.contains(lowerText(scalars, tokens[m.start]))
            {
                continue
            }
            if m.type != "MISC" && isQuote(m.start - 1) && m.start >= 2
                && Self.namedThings.contains(lowerText(scalars, tokens[m.start - 2]))
            {
                var close = m.end
                while close < tokens.count && close < m.end + 3 && tokens[close].kind == .word
                    && !starts.contains(close)
                {
                    close += 1
                }
                if isQuote(close) { m.type = "MISC" }  // the whole quotation, made so below
            }
            if m.type == "MISC" && isQuote(m.start - 1) {
                var close = m.end
                while close < tokens.count && close < m.end + 3 && tokens[close].kind == .word
                    && !starts.contains(close)
                {
                    close += 1
                }
                if close > m.end && isQuote(close) { m.end = close }
            }
            out.append(m)
        }
        return out
    }
}

extension EntityExtractor {
    /// One sense per document for the first word of a sentence. There a capital says nothing, and the tagger
    /// leaves an unknown name untagged ("Netflix added 16 million subscribers", "Slack shares rose"). When the same
    /// word is a name elsewhere in the article, it is that name here too:
    /// - a one-word mention with the same text gives its type;
    /// - the last word of a PERSON ("Hahn" after "Stephen Hahn") gives PERSON;
    /// - the first word of an ORGANIZATION whose other words are company words ("Slack" of "Slack Technologies")
    ///   gives ORGANIZATION.
    /// Not when the word is written in lower case elsewhere in the article, is a stop word, a title, a calendar or
    /// direction word, or a company word itself (Ratinov & Roth 2009 use such non-local evidence as features; here
    /// it is a repair after tagging, so the model and its features stay as trained).
    func repairSentenceInitialNames(
        _ input: [RawMention], _ scalars: [Unicode.Scalar], _ tokens: [Token]
    ) -> [RawMention] {
        guard !input.isEmpty else { return input }
        var covered = [Bool](repeating: false, count: tokens.count)
        for m in input { for i in m.start..<m.end { covered[i] = true } }
        // Name evidence by lower-case word: the type a word is a name of, from mentions.
        var evidence: [String: String] = [:]
        for m in input {
            if m.end - m.start == 1 {
                evidence[lowerText(scalars, tokens[m.start]), default: m.type] = m.type
            } else if m.type == "PER" {
                evidence[lowerText(scalars, tokens[m.end - 1]), default: m.type] = m.type
            } else if m.type == "ORG",
                (m.start + 1..<m.end).allSatisfy({
                    NERLexicon.organisationWords.contains(lowerText(scalars, tokens[$0]))
                })
            {
                evidence[lowerText(scalars, tokens[m.start]), default: m.type] = m.type
            }
        }
        guard !evidence.isEmpty else { return input }
        func startsSentence(_ i: Int) -> Bool {
            var p = i - 1
            while p >= 0 && tokens[p].kind == .quote { p -= 1 }
            guard p >= 0 else { return true }
            if scalars[tokens[p].end..<tokens[i].start].contains("\n") { return true }
            let last = scalars[tokens[p].end - 1]
            return tokens[p].kind == .punctuation && (last == "." || last == "!" || last == "?" || last == ":")
        }
        var candidates: [(index: Int, word: String, type: String)] = []
        for i in tokens.indices
        where !covered[i] && tokens[i].kind == .word && Tokenizer.isUpper(scalars[tokens[i].start]) && startsSentence(i)
        {
            let word = lowerText(scalars, tokens[i])
            guard let type = evidence[word], !StopWords.english.contains(word), !Self.titles.contains(word),
                !Self.honorifics.contains(word), !Self.directions.contains(word),
                !NERLexicon.calendarWords.contains(word), !NERLexicon.organisationWords.contains(word)
            else { continue }
            candidates.append((i, word, type))
        }
        guard !candidates.isEmpty else { return input }
        // Written in lower case anywhere: only tokens as long as a candidate are turned into text.
        let words = Set(candidates.map(\.word))
        let lengths = Set(candidates.map { tokens[$0.index].end - tokens[$0.index].start })
        var writtenLower = Set<String>()
        for t in tokens
        where t.kind == .word && lengths.contains(t.end - t.start) && !Tokenizer.isUpper(scalars[t.start]) {
            let word = lowerText(scalars, t)
            if words.contains(word) { writtenLower.insert(word) }
        }
        var mentions = input
        for c in candidates where !writtenLower.contains(c.word) {
            mentions.append(RawMention(start: c.index, end: c.index + 1, type: c.type))
        }
        return mentions.sorted { $0.start < $1.start }
    }
}
