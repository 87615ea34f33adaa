// Wire-copy structure: byline, dateline and the credited news agency.
//
// - Byline: a short paragraph among the first three that starts "By " ("By Jane Smith and Tom Lee"); it is
//   metadata, so it leaves the body. A trailing agency ("By Jane Smith, Reuters") credits that agency.
// - Dateline: the start of the first body paragraph: a place in capitals (or a capitalised place followed by a
//   date), an optional date, an optional "(Agency)", then a dash: "MOSCOW (Reuters) -", "LONDON, 5 March –",
//   "WASHINGTON, March 5 (AP) —". `dateline` holds the place and date ("MOSCOW", "LONDON, 5 March"); the
//   paragraph keeps it, because it is part of the sentence as written.
// - Agency: the dateline's "(Agency)", else the first credit in the text: "(Reuters)", "reports Reuters",
//   "according to AFP", "told Reuters", "Interfax reported", "TASS news agency".

/// What the structure parser found.
struct ArticleStructure {
    var byline: String?
    var dateline: String?
    var sourceAgency: String?
    var paragraphs: [[Unicode.Scalar]]
}

enum StructureParser {
    /// Agency spellings (one or two words) → canonical name.
    static let agencies: [String: String] = [
        "Reuters": "Reuters", "AP": "AP", "Associated Press": "AP", "AFP": "AFP", "Agence France-Presse": "AFP",
        "France-Presse": "AFP", "TASS": "TASS", "Tass": "TASS", "ITAR-TASS": "TASS", "RIA Novosti": "RIA Novosti",
        "RIA": "RIA Novosti", "Interfax": "Interfax", "Xinhua": "Xinhua", "Kyodo": "Kyodo", "Yonhap": "Yonhap",
        "ANSA": "ANSA", "EFE": "EFE", "dpa": "dpa", "DPA": "dpa", "Bloomberg": "Bloomberg", "UPI": "UPI",
        "PTI": "PTI", "Anadolu": "Anadolu", "Ukrinform": "Ukrinform", "UNIAN": "UNIAN",
        "Prensa Latina": "Prensa Latina",
        "Jiji": "Jiji", "Bernama": "Bernama", "Antara": "Antara", "IRNA": "IRNA", "MENA": "MENA",
        "ТАСС": "TASS", "ИТАР-ТАСС": "TASS", "РИА Новости": "RIA Novosti", "Интерфакс": "Interfax",
        "Синьхуа": "Xinhua", "Рейтер": "Reuters",
    ]

    /// First scalars of agency names: most capitalised words are skipped without making a String.
    static let agencyInitials: Set<UInt32> = Set(agencies.keys.compactMap { $0.unicodeScalars.first?.value })

    /// Words before an agency name that credit it.
    static let creditBefore: Set<String> = [
        "reports", "reported", "reporting", "writes", "wrote", "to", "by", "told", "via", "cites", "citing", "informs",
        "сообщает", "сообщило", "сообщил", "передает", "передаёт", "агентству", "агентство",
    ]
    /// Words after an agency name that credit it.
    static let creditAfter: Set<String> = [
        "reports", "reported", "writes", "wrote", "said", "says", "news", "agency", "learned", "cited", "quoted",
        "сообщает", "сообщило", "передает", "передаёт",
    ]

    static let months: Set<String> = [
        "jan", "january", "feb", "february", "mar", "march", "apr", "april", "may", "jun", "june", "jul", "july",
        "aug", "august", "sep", "sept", "september", "oct", "october", "nov", "november", "dec", "december",
        "января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа", "сентября", "октября", "ноября",
        "декабря", "janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
        "novembre", "décembre",
    ]

    static func parse(paragraphs input: [[Unicode.Scalar]], byline metaByline: String?) -> ArticleStructure {
        var paragraphs = input
        var byline = metaByline.map(stripBy)
        var agency: String?
        for index in 0..<min(3, paragraphs.count) {
            let p = paragraphs[index]
            guard p.count <= 100, p.count > 3, isByPrefix(p) else { continue }
            var name = TextCleaner.string(p[3...])
            if let comma = name.lastIndex(of: ",") {
                let tail = name[name.index(after: comma)...].trimmingSpaces
                if let a = agencies[tail] {
                    agency = a
                    name = String(name[..<comma])
                }
            }
            if byline == nil { byline = name }
            paragraphs.remove(at: index)
            break
        }
        var dateline: String?
        if let first = paragraphs.first, let found = parseDateline(first) {
            dateline = found.dateline
            agency = agency ?? found.agency
        }
        if agency == nil { agency = creditedAgency(paragraphs) }
        return ArticleStructure(byline: byline, dateline: dateline, sourceAgency: agency, paragraphs: paragraphs)
    }

    static func isByPrefix(_ p: [Unicode.Scalar]) -> Bool {
        (p[0] == "B" || p[0] == "b") && (p[1] == "y" || p[1] == "Y") && p[2] == " " && SentenceSplitter.isUpper(p[3])
    }

    static func stripBy(_ s: String) -> String {
        let lower = s.lowercased()
        return lower.hasPrefix("by ") ? String(s.dropFirst(3)) : s
    }

    // MARK: Dateline

    static func parseDateline(_ p: [Unicode.Scalar]) -> (dateline: String, agency: String?)? {
        let limit = min(p.count, 80)
        var i = 0
        // Place: words of capitals ("NEW YORK", "ST. PETERSBURG") or capitalised words before a comma.
        var capitals = true
        while i < limit {
            let c = p[i]
            let joiner = c == "-" || c == "'" || c == "\u{2019}"
            // " - " is the dateline's dash, not the "-" inside a name.
            if joiner && (i == 0 || !p[i - 1].properties.isAlphabetic) { break }
            if SentenceSplitter.isUpper(c) || c == " " || c == "." || joiner {
                i += 1
            } else if SentenceSplitter.isLower(c) {
                capitals = false
                i += 1
            } else {
                break
            }
        }
        var placeEnd = i
        while placeEnd > 0, p[placeEnd - 1] == " " { placeEnd -= 1 }
        guard placeEnd >= 2, i < limit, SentenceSplitter.isUpper(p[0]) else { return nil }
        var datePart: [Unicode.Scalar] = []
        if p[i] == "," {
            // The date: up to four tokens of digits and month names.
            var j = i + 1
            var tokens = 0
            var sawDateWord = false
            while j < limit, tokens < 5 {
                while j < limit, p[j] == " " { j += 1 }
                var e = j
                while e < limit,
                    p[e].properties.isAlphabetic || (p[e].value >= 0x30 && p[e].value <= 0x39) || p[e] == "."
                { e += 1 }
                if e == j { break }
                let token = TextCleaner.string(p[j..<e]).lowercased().trimmingDots
                if Int(token) != nil || months.contains(token) { sawDateWord = true } else { break }
                tokens += 1
                j = e
                if j < limit, p[j] == "," { j += 1 }
            }
            guard sawDateWord else { return nil }
            var dateEnd = j
            while dateEnd > i + 1, p[dateEnd - 1] == " " || p[dateEnd - 1] == "," { dateEnd -= 1 }
            datePart = Array(p[(i + 1)..<dateEnd])
            i = j
        } else if !capitals {
            return nil
        }
        while i < limit, p[i] == " " { i += 1 }
        var agency: String?
        if i < limit, p[i] == "(" {
            guard let close = p[i..<limit].firstIndex(of: ")") else { return nil }
            agency = agencies[TextCleaner.string(p[(i + 1)..<close])]
            guard agency != nil else { return nil }
            i = close + 1
            while i < limit, p[i] == " " { i += 1 }
        }
        guard i < limit, p[i] == "-" || p[i] == "\u{2013}" || p[i] == "\u{2014}" else { return nil }
        var place = TextCleaner.string(p[0..<placeEnd])
        if !datePart.isEmpty { place += ", " + TextCleaner.string(TextCleaner.collapse(datePart)) }
        return (place, agency)
    }

    // MARK: Agency credit

    /// The earliest agency name in a crediting position. One pass over the scalars: only a word that starts with
    /// the initial of some agency name is looked up, and only the neighbours of a match become Strings.
    static func creditedAgency(_ paragraphs: [[Unicode.Scalar]]) -> String? {
        for p in paragraphs {
            var i = 0
            while i < p.count {
                let first = p[i]
                let wordStart =
                    SentenceSplitter.isWordScalar(first) && (i == 0 || !SentenceSplitter.isWordScalar(p[i - 1]))
                guard wordStart else {
                    i += 1
                    continue
                }
                let end = wordEnd(p, from: i)
                if agencyInitials.contains(first.value), SentenceSplitter.isUpper(first) || first == "d",
                    let agency = creditedAgency(at: i, end: end, in: p)
                {
                    return agency
                }
                i = end
            }
        }
        return nil
    }

    /// End of the word starting at `start` (inner hyphens included: "France-Presse").
    static func wordEnd(_ p: [Unicode.Scalar], from start: Int) -> Int {
        var e = start
        while e < p.count,
            SentenceSplitter.isWordScalar(p[e])
                || (p[e] == "-" && e + 1 < p.count && SentenceSplitter.isWordScalar(p[e + 1]))
        {
            e += 1
        }
        return e
    }

    /// The word before `index` (lower case), skipping spaces and punctuation; "" at the paragraph start.
    static func previousWord(_ p: [Unicode.Scalar], before index: Int) -> (text: String, start: Int) {
        var e = index
        while e > 0, !SentenceSplitter.isWordScalar(p[e - 1]) { e -= 1 }
        var s = e
        while s > 0, SentenceSplitter.isWordScalar(p[s - 1]) || p[s - 1] == "-" { s -= 1 }
        return (TextCleaner.string(p[s..<e]).lowercased(), s)
    }

    /// The word after `index` (lower case) and its end.
    static func nextWord(_ p: [Unicode.Scalar], after index: Int) -> (text: String, end: Int) {
        var s = index
        while s < p.count, !SentenceSplitter.isWordScalar(p[s]) { s += 1 }
        let e = wordEnd(p, from: s)
        return (TextCleaner.string(p[s..<e]), e)
    }

    /// Is the word `p[start..<end]` (or it and the next word) an agency credited there?
    static func creditedAgency(at start: Int, end: Int, in p: [Unicode.Scalar]) -> String? {
        let single = TextCleaner.string(p[start..<end])
        var name = agencies[single]
        var last = end
        if end < p.count, p[end] == " " {
            let next = nextWord(p, after: end)
            if let two = agencies[single + " " + next.text] {
                name = two
                last = next.end
            }
        }
        guard let agency = name else { return nil }
        let before = start > 0 ? p[start - 1] : " "
        let after = last < p.count ? p[last] : " "
        if before == "(" && after == ")" { return agency }
        let previous = previousWord(p, before: start)
        if creditBefore.contains(previous.text) {
            // "according to X", "reports X", "told X"; "to" only after "according".
            if previous.text != "to" || previousWord(p, before: previous.start).text == "according" { return agency }
        }
        if creditAfter.contains(nextWord(p, after: last).text.lowercased()) { return agency }
        return nil
    }
}

extension StringProtocol {
    var trimmingSpaces: String {
        var s = Substring(self)
        while s.first == " " { s.removeFirst() }
        while s.last == " " { s.removeLast() }
        return String(s)
    }

    var trimmingDots: String {
        var s = Substring(self)
        while s.last == "." { s.removeLast() }
        return String(s)
    }
}
