// Dates and times: absolute ("5 March 2014", "March 5, 2014", "2014-03-05", "March 2014", "in March", "2014",
// "Tuesday") and relative ("yesterday", "last week", "the day before", "two days ago"), normalized to ISO values
// (`2014`, `2014-03`, `2014-03-05`, `2014-W10`) against the article's publication date when it is known.
//
// Without a publication date, absolute dates keep what they state (`XXXX-03-05` for "March 5") and relative ones
// and weekdays get no value.

/// Month and weekday names.
enum DateLexicon {
    static func month(_ lower: String) -> Int? {
        switch lower {
        case "january", "jan.": return 1
        case "february", "feb.": return 2
        case "march", "mar.": return 3
        case "april", "apr.": return 4
        case "may": return 5
        case "june", "jun.": return 6
        case "july", "jul.": return 7
        case "august", "aug.": return 8
        case "september", "sept.", "sep.": return 9
        case "october", "oct.": return 10
        case "november", "nov.": return 11
        case "december", "dec.": return 12
        default: return nil
        }
    }

    /// 1 = Monday … 7 = Sunday (ISO).
    static func weekday(_ lower: String) -> Int? {
        switch lower {
        case "monday": return 1
        case "tuesday": return 2
        case "wednesday": return 3
        case "thursday": return 4
        case "friday": return 5
        case "saturday": return 6
        case "sunday": return 7
        default: return nil
        }
    }

    static let numberWords = [
        "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
        "ten": 10, "eleven": 11, "twelve": 12, "a": 1, "an": 1,
    ]

    static func smallNumber(_ lower: String) -> Int? {
        if let n = numberWords[lower] { return n }
        if let n = Int(lower), n > 0, n < 1000 { return n }
        return nil
    }

    /// Every word that can start a date expression: one set lookup rejects all other words.
    static let triggers: Set<String> = {
        var words: Set<String> = [
            "january", "jan.", "february", "feb.", "march", "mar.", "april", "apr.", "may", "june", "jun.", "july",
            "jul.", "august", "aug.", "september", "sept.", "sep.", "october", "oct.", "november", "nov.", "december",
            "dec.", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "yesterday", "today",
            "tonight", "tomorrow", "last", "this", "next", "past", "earlier", "later", "the",
        ]
        words.formUnion(numberWords.keys)
        return words
    }()

    /// Words before a bare month name that make it a date ("in March", not "May" the verb).
    static let monthLeads: Set<String> = [
        "in", "since", "until", "till", "by", "of", "early", "late", "mid", "last", "next", "this", "from", "through",
        "before", "after", "during",
    ]
}

/// A proleptic Gregorian calendar day, with the arithmetic the relative dates need.
struct CivilDate: Equatable {
    var year: Int
    var month: Int
    var day: Int

    /// Parses the leading `YYYY-MM-DD` of an ISO date or date-time.
    init?(iso: String) {
        let parts = iso.prefix(10).split(separator: "-")
        guard parts.count == 3, let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]),
            (1...12).contains(m), (1...31).contains(d)
        else { return nil }
        self.init(year: y, month: m, day: d)
    }

    init(year: Int, month: Int, day: Int) {
        self.year = year
        self.month = month
        self.day = day
    }

    /// Days since 1970-01-01 (H. Hinnant's `days_from_civil`).
    var dayNumber: Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146097 + doe - 719468
    }

    init(dayNumber z0: Int) {
        let z = z0 + 719468
        let era = (z >= 0 ? z : z - 146096) / 146097
        let doe = z - era * 146097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        self.init(year: yoe + era * 400 + (m <= 2 ? 1 : 0), month: m, day: d)
    }

    func adding(days: Int) -> CivilDate { CivilDate(dayNumber: dayNumber + days) }

    func adding(months: Int) -> CivilDate {
        let total = year * 12 + (month - 1) + months
        return CivilDate(year: total / 12, month: total % 12 + 1, day: 1)
    }

    /// 1 = Monday … 7 = Sunday.
    var weekday: Int { ((dayNumber % 7 + 7) % 7 + 3) % 7 + 1 }

    var isoDay: String { "\(Self.pad(year, 4))-\(Self.pad(month, 2))-\(Self.pad(day, 2))" }
    var isoMonth: String { "\(Self.pad(year, 4))-\(Self.pad(month, 2))" }

    /// ISO 8601 week, e.g. `2014-W10`.
    var isoWeek: String {
        let thursday = adding(days: 4 - weekday)
        let jan1 = CivilDate(year: thursday.year, month: 1, day: 1)
        let week = (thursday.dayNumber - jan1.dayNumber) / 7 + 1
        return "\(Self.pad(thursday.year, 4))-W\(Self.pad(week, 2))"
    }

    static func pad(_ v: Int, _ width: Int) -> String {
        let s = String(v)
        return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
    }
}

struct DateExtractor {
    let text: RuleText
    let published: CivilDate?

    func extract() -> [DateMention] {
        let tokens = text.tokens
        var out: [DateMention] = []
        var i = 0
        func emit(_ first: Int, _ last: Int, _ value: String?, _ kind: String) {
            out.append(
                DateMention(
                    text: text.text(tokens: first, last), value: value, start: tokens[first].start,
                    end: tokens[last].end, kind: kind))
            i = last + 1
        }
        func lower(_ k: Int) -> String { k < tokens.count ? tokens[k].lower : "" }
        func day(_ k: Int) -> Int? {
            guard k < tokens.count, tokens[k].kind == .number, let d = Int(tokens[k].lower), (1...31).contains(d)
            else { return nil }
            return d
        }
        func year(_ k: Int) -> Int? {
            guard k < tokens.count, tokens[k].kind == .number, tokens[k].end - tokens[k].start == 4,
                let y = Int(tokens[k].lower), (1800...2199).contains(y)
            else { return nil }
            return y
        }
        while i < tokens.count {
            let t = tokens[i]
            if t.kind != .number && !DateLexicon.triggers.contains(t.lower) {
                i += 1
                continue
            }
            // 2014-03-05
            if t.kind == .number, let d = CivilDate(iso: t.lower), t.lower.count == 10 {
                emit(i, i, d.isoDay, "absolute")
                continue
            }
            // 5 March 2014 / 5 March
            if let d = day(i), let m = DateLexicon.month(lower(i + 1)) {
                if let y = year(i + 2) {
                    emit(i, i + 2, CivilDate(year: y, month: m, day: d).isoDay, "absolute")
                } else {
                    emit(i, i + 1, dayValue(month: m, day: d), "absolute")
                }
                continue
            }
            if t.kind == .word, let m = DateLexicon.month(t.lower), t.isCapitalized || t.lower.hasSuffix(".") {
                // March 5, 2014 / March 5 / March 2014 / in March
                if let d = day(i + 1) {
                    if lower(i + 2) == ",", let y = year(i + 3) {
                        emit(i, i + 3, CivilDate(year: y, month: m, day: d).isoDay, "absolute")
                    } else if let y = year(i + 2) {
                        emit(i, i + 2, CivilDate(year: y, month: m, day: d).isoDay, "absolute")
                    } else {
                        emit(i, i + 1, dayValue(month: m, day: d), "absolute")
                    }
                    continue
                }
                if let y = year(i + 1) {
                    emit(i, i + 1, CivilDate(year: y, month: m, day: 1).isoMonth, "absolute")
                    continue
                }
                if i > 0, DateLexicon.monthLeads.contains(tokens[i - 1].lower),
                    t.lower != "may" || tokens[i - 1].lower != "by"
                {
                    let y = published.map { $0.month >= m || tokens[i - 1].lower == "next" ? $0.year : $0.year - 1 }
                    emit(
                        i, i, y.map { CivilDate(year: $0, month: m, day: 1).isoMonth } ?? "XXXX-\(CivilDate.pad(m, 2))",
                        "absolute")
                    continue
                }
            }
            if t.kind == .word, let wd = DateLexicon.weekday(t.lower) {
                let lead = i > 0 ? tokens[i - 1].lower : ""
                let first = lead == "last" || lead == "next" || lead == "this" ? i - 1 : i
                var value: String? = nil
                if let p = published {
                    var delta = wd - p.weekday
                    switch lead {
                    case "next": if delta <= 0 { delta += 7 }
                    case "last": if delta >= 0 { delta -= 7 }
                    default: if delta > 0 { delta -= 7 }
                    }
                    value = p.adding(days: delta).isoDay
                }
                emit(first, i, value, "absolute")
                continue
            }
            if let (last, value) = relative(at: i) {
                emit(i, last, value, "relative")
                continue
            }
            if let y = year(i) {
                let prev = i > 0 ? tokens[i - 1] : nil
                let next = i + 1 < tokens.count ? tokens[i + 1] : nil
                let isMoney = prev.map { $0.kind == .punct && "$€£¥".unicodeScalars.contains($0.scalar) } ?? false
                let isPercent = next.map { $0.lower == "%" || $0.lower == "percent" } ?? false
                let isCount =
                    next.map {
                        $0.kind == .word && !$0.isCapitalized && !StopWords.english.contains($0.lower)
                            && $0.lower != "'s"
                    } ?? false
                if !isMoney && !isPercent && !isCount {
                    emit(i, i, String(y), "absolute")
                    continue
                }
            }
            i += 1
        }
        return out
    }

    private func dayValue(month: Int, day: Int) -> String {
        if let p = published {
            // A day later in the year than the publication is most likely last year's.
            let sameYear = CivilDate(year: p.year, month: month, day: day)
            return
                (sameYear.dayNumber > p.dayNumber + 31 ? CivilDate(year: p.year - 1, month: month, day: day) : sameYear)
                .isoDay
        }
        return "XXXX-\(CivilDate.pad(month, 2))-\(CivilDate.pad(day, 2))"
    }

    /// A relative expression starting at token `i`: its last token and its value (nil without a publication date).
    private func relative(at i: Int) -> (Int, String?)? {
        let tokens = text.tokens
        func lower(_ k: Int) -> String { k < tokens.count ? tokens[k].lower : "" }
        let p = published
        switch lower(i) {
        case "yesterday": return (i, p?.adding(days: -1).isoDay)
        case "today", "tonight": return tokens[i].isCapitalized && i > 0 && !isSentenceStart(i) ? nil : (i, p?.isoDay)
        case "tomorrow": return (i, p?.adding(days: 1).isoDay)
        case "last", "this", "next", "past":
            let shift = lower(i) == "last" || lower(i) == "past" ? -1 : (lower(i) == "next" ? 1 : 0)
            switch lower(i + 1) {
            case "week": return (i + 1, p?.adding(days: 7 * shift).isoWeek)
            case "month": return (i + 1, p?.adding(months: shift).isoMonth)
            case "year": return (i + 1, p.map { String($0.year + shift) })
            case "night": return lower(i) == "last" ? (i + 1, p?.adding(days: -1).isoDay) : (i + 1, p?.isoDay)
            case "weekend":
                return (
                    i + 1, p.map { $0.adding(days: (6 - $0.weekday) + (shift < 0 ? -7 : (shift > 0 ? 7 : 0))).isoDay }
                )
            case "morning", "afternoon", "evening": return lower(i) == "this" ? (i + 1, p?.isoDay) : nil
            default: return nil
            }
        case "earlier", "later":
            if lower(i + 1) == "this", ["week", "month", "year"].contains(lower(i + 2)) {
                let unit = lower(i + 2)
                return (i + 2, unit == "week" ? p?.isoWeek : unit == "month" ? p?.isoMonth : p.map { String($0.year) })
            }
            return nil
        case "the":
            let unit = lower(i + 1)
            let which = lower(i + 2)
            if unit == "day", which == "before" { return (i + 2, p?.adding(days: -1).isoDay) }
            if unit == "day", which == "after" { return (i + 2, p?.adding(days: 1).isoDay) }
            if unit == "previous" || unit == "next" || unit == "following" {
                let sign = unit == "previous" ? -1 : 1
                switch which {
                case "day": return (i + 2, p?.adding(days: sign).isoDay)
                case "week": return (i + 2, p?.adding(days: 7 * sign).isoWeek)
                case "month": return (i + 2, p?.adding(months: sign).isoMonth)
                case "year": return (i + 2, p.map { String($0.year + sign) })
                default: return nil
                }
            }
            return nil
        default:
            // "two days ago", "3 weeks ago"
            guard lower(i + 2) == "ago", let n = DateLexicon.smallNumber(lower(i)) else { return nil }
            switch lower(i + 1) {
            case "day", "days": return (i + 2, p?.adding(days: -n).isoDay)
            case "week", "weeks": return (i + 2, p?.adding(days: -7 * n).isoWeek)
            case "month", "months": return (i + 2, p?.adding(months: -n).isoMonth)
            case "year", "years": return (i + 2, p.map { String($0.year - n) })
            default: return nil
            }
        }
    }

    private func isSentenceStart(_ i: Int) -> Bool {
        text.tokenRange(ofSentence: text.tokenSentence[i]).lowerBound == i
    }
}
