// Dates, times, durations and sets with TimeML values (TIMEX3 `type` and `value`), resolved against an anchor: the
// article's publication date when known, else the day the file was received.
//
//   DATE      "5 March 2014", "March 5", "last February", "this week", "Tuesday", "the third quarter", "fiscal
//             1998", "the 1990s", "now" (PRESENT_REF), "recently" (PAST_REF), "the future" (FUTURE_REF),
//             "a year earlier", "two years later" (from the date mentioned before), "9 a.m. Tuesday"
//   TIME      "10:30 a.m." (on the day mentioned before), "this morning", "Friday night", "tonight", "noon"
//   DURATION  "three years" (P3Y), "the past six months" (P6M), "a 16-hour flight" (PT16H), "for years" (PXY)
//   SET       "every Monday" (XXXX-WXX-1), "annually" (P1Y), "daily" (P1D), "twice a year" (P1Y)
//
// A reference without a year ("December", "Jan. 2", "Monday", "the third quarter", "the weekend") is placed by the
// tense of its sentence, as HeidelTime does: the tense marker closest to the expression (will/would/'ll/going
// to/planning to, and was/were before expected/planning/due/set to → future; was/were/had/said/-ed forms and
// has/have before a participle → past; is/are/has → present) decides whether it lies before or after the anchor.
// Past: the latest such period not after the anchor; future: the first not before it; but a month or a month and
// day in the anchor's year wins when it is over three times nearer the anchor (news writes the year of a date in
// another year). Present: the anchor's year for months and quarters, the nearest occurrence for a month and day;
// no tense: the nearest month or day. A weekday: the one after (future, present) or before (past, none) the anchor;
// "the weekend" in the past on a weekday is the previous week's. `last`/`next`/`this` override the tense, "as soon
// as"/"as early as" mean the future, and a weekday written with the month and day ("Monday, Oct. 26") picks the
// year. A weekday after "postponed/extended/... until" is the next one.
//
// `kind` is `relative` when the value is computed from the anchor (weekdays, "last week", a month or day without
// a year, "now"), else `absolute`.

/// Month and weekday names, numbers and the other closed word lists of the date rules.
enum DateLexicon {
    static func month(_ lower: String) -> Int? {
        switch lower {
        case "january", "jan.", "jan": return 1
        case "february", "feb.", "feb": return 2
        case "march", "mar.": return 3
        case "april", "apr.": return 4
        case "may": return 5
        case "june", "jun.": return 6
        case "july", "jul.": return 7
        case "august", "aug.", "aug": return 8
        case "september", "sept.", "sep.", "sept": return 9
        case "october", "oct.", "oct": return 10
        case "november", "nov.", "nov": return 11
        case "december", "dec.", "dec": return 12
        default: return nil
        }
    }

    /// 1 = Monday … 7 = Sunday (ISO).
    static func weekday(_ lower: String) -> Int? {
        switch lower {
        case "monday", "mondays": return 1
        case "tuesday", "tuesdays": return 2
        case "wednesday", "wednesdays": return 3
        case "thursday", "thursdays": return 4
        case "friday", "fridays": return 5
        case "saturday", "saturdays": return 6
        case "sunday", "sundays": return 7
        default: return nil
        }
    }

    static let numberWords: [String: Int] = [
        "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
        "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
        "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
        "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100, "a": 1, "an": 1, "dozen": 12,
    ]

    /// A count: digits (`3`, `1.5`), a number word, or a hyphenated one (`twenty-five`).
    static func smallNumber(_ lower: String) -> Int? {
        if let n = numberWords[lower] { return n }
        if let n = Int(lower), n > 0, n < 1000 { return n }
        if lower.containsASCII(UInt8(ascii: "-")) {
            let parts = lower.split(separator: "-")
            if parts.count == 2, let tens = numberWords[String(parts[0])], let ones = numberWords[String(parts[1])],
                tens >= 20, ones < 10
            {
                return tens + ones
            }
        }
        return nil
    }

    /// Vague counts: "several years" → PXY.
    static let vagueCounts: Set<String> = ["several", "few", "many", "some", "numerous", "recent", "coming"]

    /// Unit word → TimeML duration letter and whether it is a time unit (written after `T`).
    static func unit(_ lower: String) -> (code: String, time: Bool, plural: Bool)? {
        switch lower {
        case "second": return ("S", true, false)
        case "seconds": return ("S", true, true)
        case "minute": return ("M", true, false)
        case "minutes": return ("M", true, true)
        case "hour": return ("H", true, false)
        case "hours": return ("H", true, true)
        case "day": return ("D", false, false)
        case "days": return ("D", false, true)
        case "week": return ("W", false, false)
        case "weeks": return ("W", false, true)
        case "month": return ("M", false, false)
        case "months": return ("M", false, true)
        case "year": return ("Y", false, false)
        case "years": return ("Y", false, true)
        case "decade": return ("DE", false, false)
        case "decades": return ("DE", false, true)
        case "century": return ("CE", false, false)
        case "centuries": return ("CE", false, true)
        default: return nil
        }
    }

    /// Season → TimeML code and an order within the year.
    static func season(_ lower: String) -> (code: String, index: Int)? {
        switch lower {
        case "spring": return ("SP", 1)
        case "summer": return ("SU", 2)
        case "fall", "autumn": return ("FA", 3)
        case "winter": return ("WI", 4)
        default: return nil
        }
    }

    static func ordinal(_ lower: String) -> Int? {
        switch lower {
        case "first", "1st": return 1
        case "second", "2nd": return 2
        case "third", "3rd": return 3
        case "fourth", "4th": return 4
        default: return nil
        }
    }

    /// Part of a day → TimeML suffix.
    static func partOfDay(_ lower: String) -> String? {
        switch lower {
        case "morning": return "TMO"
        case "afternoon": return "TAF"
        case "evening": return "TEV"
        case "night": return "TNI"
        default: return nil
        }
    }

    /// Words that turn a count of units into an approximate span ("more than three years", "at least 72 hours").
    static let quantifiers: Set<String> = [
        "nearly", "almost", "about", "over", "roughly", "around", "some", "only", "just", "approximately",
    ]

    /// Words before a bare month name that make it a date ("in March", not "May" the verb).
    static let monthLeads: Set<String> = [
        "in", "since", "until", "till", "by", "of", "early", "late", "mid", "last", "next", "this", "from", "through",
        "before", "after", "during", "on", "to", "between", "and", "or", "that", "for", "at", "around", "last",
    ]

    /// Every word that can start a date expression: one set lookup rejects all other words.
    static let triggers: Set<String> = {
        var words: Set<String> = [
            "january", "jan.", "february", "feb.", "march", "mar.", "april", "apr.", "may", "june", "jun.", "july",
            "jul.", "august", "aug.", "september", "sept.", "sep.", "october", "oct.", "november", "nov.", "december",
            "dec.", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "yesterday", "today",
            "tonight", "tomorrow", "last", "this", "next", "past", "earlier", "later", "the", "early", "late", "mid",
            "coming", "previous", "now", "currently", "nowadays", "recently", "previously", "present", "future",
            "these", "at", "every", "each", "daily", "weekly", "monthly", "annually", "yearly", "nightly", "hourly",
            "per", "fiscal", "noon", "midnight", "midday", "more", "less", "up", "for", "once", "twice", "spring",
            "summer", "autumn", "winter", "christmas", "thanksgiving", "new", "years", "decades", "months", "weeks",
            "days", "hours", "several", "few", "many", "recent", "mondays", "tuesdays", "wednesdays", "thursdays",
            "fridays", "saturdays", "sundays", "q1", "q2", "q3", "q4", "in",
        ]
        words.formUnion(numberWords.keys)
        words.formUnion(quantifiers)
        return words
    }()
}

/// A proleptic Gregorian calendar day, with the arithmetic the relative dates need.
package struct CivilDate: Equatable {
    var year: Int
    var month: Int
    var day: Int

    /// Parses the leading `YYYY-MM-DD` of an ISO date or date-time.
    package init?(iso: String) {
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

    /// The date of a dateline ("LONDON, 5 March", "WASHINGTON, March 5, 2014", "PARIS, Dec. 1"): after the place
    /// and its comma, a month name and a day, optionally a year, and nothing else. Without a year, the year that
    /// puts the date nearest to `received` and at most `datelineLead` days after it (a story filed late on 31
    /// December and received on 1 January is the old year's; one dated a day ahead, by time zone or embargo, the
    /// received year's). Nil when the dateline has no such date, or has no year and nothing was received.
    package init?(dateline: String, near received: CivilDate?) {
        guard let comma = dateline.firstIndex(of: ",") else { return nil }
        var month: Int?
        var day: Int?
        var year: Int?
        let words = dateline[dateline.index(after: comma)...].split { $0 == " " || $0 == "," }
        for word in words {
            var w = word.lowercased()
            while w.hasSuffix(".") { w.removeLast() }
            if let m = DateLexicon.month(w) ?? DateLexicon.month(w + "."), month == nil {
                month = m
            } else if w.count <= 2, let d = Int(w), (1...31).contains(d), day == nil {
                day = d
            } else if w.count == 4, let y = Int(w), (1800...2199).contains(y), year == nil {
                year = y
            } else {
                return nil
            }
        }
        guard let m = month, let d = day else { return nil }
        func valid(_ y: Int) -> Bool { d <= CivilDate.daysIn(year: y, month: m) }
        if let y = year {
            guard valid(y) else { return nil }
            self.init(year: y, month: m, day: d)
            return
        }
        guard let r = received else { return nil }
        // The latest of the year before, the received year and the year after that is not too far ahead.
        let candidates = [r.year + 1, r.year, r.year - 1].filter(valid).map { CivilDate(year: $0, month: m, day: d) }
        guard let date = candidates.first(where: { $0.dayNumber - r.dayNumber <= Self.datelineLead }) else {
            return nil
        }
        self = date
    }

    /// How many days a dateline's date may lie after the received date (time zones, embargoes, clocks).
    static let datelineLead = 3

    func adding(days: Int) -> CivilDate { CivilDate(dayNumber: dayNumber + days) }

    func adding(months: Int) -> CivilDate {
        let total = year * 12 + (month - 1) + months
        return CivilDate(year: total / 12, month: total % 12 + 1, day: 1)
    }

    /// 1 = Monday … 7 = Sunday.
    var weekday: Int { ((dayNumber % 7 + 7) % 7 + 3) % 7 + 1 }

    var quarter: Int { (month - 1) / 3 + 1 }

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

    static func daysIn(year: Int, month: Int) -> Int {
        CivilDate(year: year, month: month, day: 1).adding(months: 1).dayNumber
            - CivilDate(year: year, month: month, day: 1).dayNumber
    }
}

/// The tense of the verb nearest to a date expression in its sentence.
enum Tense { case past, present, future, none }

struct DateExtractor {
    let text: RuleText
    /// The day relative expressions are resolved against (nil: they get no value).
    let anchor: CivilDate?
    /// `published`, `dateline` or `received`: where `anchor` came from.
    let anchorName: String?

    init(text: RuleText, anchor: CivilDate?, anchorName: String?) {
        self.text = text
        self.anchor = anchor
        self.anchorName = anchor == nil ? nil : anchorName
    }

    init(text: RuleText, published: CivilDate?) {
        self.init(text: text, anchor: published, anchorName: "published")
    }

    /// A match: tokens `first...last`, its TimeML value and type, and whether the value used the anchor.
    struct Match {
        var first: Int
        var last: Int
        var value: String?
        var type: String = "DATE"
        var relative: Bool = false
        /// "two years earlier", "a month later": units back (negative) or ahead of the date mentioned before, which
        /// `extract()` resolves; `value` is the same shift from the anchor, for when no date came before.
        var shift: (unit: String, count: Int)? = nil
        /// A clock time alone ("10 p.m."): `HH:MM` on the day mentioned before it, which `extract()` fills in;
        /// `value` is that time on the anchor's day, for when no day came before.
        var clock: String? = nil
    }

    func extract() -> [DateMention] {
        let tokens = text.tokens
        var out: [DateMention] = []
        // The last calendar date found (year, month, day where given): what "two years earlier" counts from.
        var reference: (year: Int, month: Int?, day: Int?)? = nil
        var i = 0
        while i < tokens.count {
            let t = tokens[i]
            let candidate =
                t.kind == .number || DateLexicon.triggers.contains(t.lower)
                || (t.kind == .word && (t.lower.containsASCII(UInt8(ascii: "-")) || Tokenizer.isDigit(t.scalar)))
                || (t.isCapitalized && DateLexicon.month(t.lower) != nil)
            guard candidate, var m = match(at: i) else {
                i += 1
                continue
            }
            if let s = m.shift, let r = reference, let v = Self.shifted(r, s.unit, s.count) { m.value = v }
            if let c = m.clock, let r = reference, let v = Self.shifted(r, "D", 0) { m.value = v + "T" + c }
            if let v = m.value, let r = Self.calendarReference(v) { reference = r }
            out.append(
                DateMention(
                    text: text.text(tokens: m.first, m.last), value: m.value, start: tokens[m.first].start,
                    end: tokens[m.last].end, kind: m.relative ? "relative" : "absolute", type: m.type,
                    anchor: m.relative && m.value != nil ? anchorName : nil))
            i = m.last + 1
        }
        return out
    }

    /// Year, month and day of a calendar value (`1998`, `1998-10`, `1998-10-23`, `1998-10-23TNI`, `1998-Q3` → 1998).
    static func calendarReference(_ value: String) -> (year: Int, month: Int?, day: Int?)? {
        let u = Array(value.utf8)
        guard u.count >= 4, u[0..<4].allSatisfy({ $0 >= 48 && $0 <= 57 }), let y = Int(String(value.prefix(4))) else {
            return nil
        }
        if u.count >= 10, let d = CivilDate(iso: String(value.prefix(10))) { return (y, d.month, d.day) }
        if u.count >= 7, u[4] == UInt8(ascii: "-"), let m = Int(String(value.dropFirst(5).prefix(2))),
            (1...12).contains(m)
        {
            return (y, m, nil)
        }
        return (y, nil, nil)
    }

    /// The value `count` units (`Y`, `DE`, `M`, `W`, `D`) from `r`, at the unit's granularity; nil when `r` is too
    /// coarse for the unit (a month from a bare year).
    static func shifted(_ r: (year: Int, month: Int?, day: Int?), _ unit: String, _ count: Int) -> String? {
        switch unit {
        case "Y": return String(r.year + count)
        case "DE": return String(r.year + 10 * count)
        case "M":
            guard let m = r.month else { return nil }
            return CivilDate(year: r.year, month: m, day: 1).adding(months: count).isoMonth
        case "W", "D":
            guard let m = r.month, let d = r.day else { return nil }
            let date = CivilDate(year: r.year, month: m, day: d).adding(days: unit == "W" ? 7 * count : count)
            return unit == "W" ? date.isoWeek : date.isoDay
        default: return nil
        }
    }

    // MARK: Token helpers

    private var tokens: [RuleToken] { text.tokens }

    private func lower(_ k: Int) -> String { k >= 0 && k < text.tokens.count ? text.tokens[k].lower : "" }

    private func day(_ k: Int) -> Int? {
        let tokens = text.tokens
        guard k < tokens.count else { return nil }
        var s = tokens[k].lower
        for suffix in ["st", "nd", "rd", "th"] where s.hasSuffix(suffix) && s.count > 2 { s.removeLast(2) }
        guard let d = Int(s), (1...31).contains(d), tokens[k].kind == .number || s != tokens[k].lower else {
            return nil
        }
        return d
    }

    private func year(_ k: Int) -> Int? {
        let tokens = text.tokens
        guard k >= 0, k < tokens.count, tokens[k].kind == .number, tokens[k].end - tokens[k].start == 4,
            let y = Int(tokens[k].lower), (1800...2199).contains(y)
        else { return nil }
        return y
    }

    private func sameSentence(_ a: Int, _ b: Int) -> Bool {
        a >= 0 && b < text.tokens.count && text.tokenSentence[a] == text.tokenSentence[b]
    }

    // MARK: Matching

    private func match(at i: Int) -> Match? {
        let w = lower(i)
        if let m = isoDate(i) ?? clockTime(i) { return m }
        if let m = setExpression(i) { return m }
        if let m = quarterOrHalf(i) { return m }
        if let m = monthExpression(i) { return m }
        if let m = weekdayExpression(i) { return m }
        if let m = referenceWord(i) { return m }
        if let m = relativeUnit(i) { return m }
        if let m = duration(i) { return m }
        if let m = season(i) { return m }
        if let m = holiday(i) { return m }
        if let m = decade(i) { return m }
        if year(i) != nil, w.count == 4, let m = bareYear(i) { return m }
        return nil
    }

    private func isoDate(_ i: Int) -> Match? {
        let t = tokens[i]
        guard t.kind == .number, t.lower.count == 10, let d = CivilDate(iso: t.lower) else { return nil }
        return Match(first: i, last: i, value: d.isoDay)
    }

    /// `10:30 a.m.`, `6 p.m.`, `noon`, `midnight`, optionally after a weekday or `today` handled by the caller.
    private func clockTime(_ i: Int) -> Match? {
        let w = lower(i)
        if w == "noon" || w == "midday" || w == "midnight" {
            let clock = w == "midnight" ? "24:00" : "12:00"
            return Match(first: i, last: i, value: anchor.map { "\($0.isoDay)T\(clock)" }, type: "TIME", relative: true)
        }
        guard tokens[i].kind == .number, let h = Int(w), (0...24).contains(h) else { return nil }
        var k = i + 1
        var minute = 0
        if lower(k) == ":", let mm = Int(lower(k + 1)), (0...59).contains(mm), tokens[k + 1].kind == .number {
            minute = mm
            k += 2
        }
        let marker = lower(k)
        var hour = h
        if marker == "a.m." || marker == "a.m" || marker == "am" {
            if hour == 12 { hour = 0 }
        } else if marker == "p.m." || marker == "p.m" || marker == "pm" {
            if hour < 12 { hour += 12 }
        } else if k == i + 3 && h <= 24 && (lower(k) == "gmt" || lower(k) == "edt" || lower(k) == "est") {
            // "10:30 GMT"
        } else {
            return nil
        }
        guard h <= 12 || k == i + 3 else { return nil }
        let clock = "\(CivilDate.pad(hour, 2)):\(CivilDate.pad(minute, 2))"
        // "9 a.m. Tuesday", "4 a.m. EDT Thursday": one expression, the weekday's date at that time; TimeML
        // annotators call a time on a named day a DATE (all such phrases in AQUAINT).
        var z = k + 1
        if Self.timeZones.contains(lower(z)) { z += 1 }
        if z < tokens.count, sameSentence(i, z), let day = weekdayExpression(z), day.first == z, day.last == z {
            return Match(
                first: i, last: day.last, value: day.value.map { String($0.prefix(10)) + "T" + clock }, relative: true)
        }
        return Match(
            first: i, last: k, value: anchor.map { "\($0.isoDay)T\(clock)" }, type: "TIME", relative: true, clock: clock
        )
    }

    /// Opening quotes and brackets: the word after one starts a sentence of its own.
    static let openings: Set<String> = ["``", "`", "\"", "\u{201C}", "\u{2018}", "'", "(", "["]

    static let timeZones: Set<String> = [
        "gmt", "utc", "est", "edt", "cst", "cdt", "mst", "mdt", "pst", "pdt", "bst", "cet",
    ]

    /// Month expressions: `5 March 2014`, `March 5, 2014`, `March 5`, `March 2014`, `in March`, `last February`,
    /// `late November`, `mid-1990s` is a decade (elsewhere).
    private func monthExpression(_ i: Int) -> Match? {
        // "Monday, Oct. 26": the weekday names the year (of the anchor's year and the ones around it, the one
        // whose Oct. 26 is a Monday), and the whole phrase is one date.
        if tokens[i].kind == .word, tokens[i].isCapitalized, let wd = DateLexicon.weekday(lower(i)),
            !lower(i).hasSuffix("s")
        {
            let next = lower(i + 1) == "," ? i + 2 : i + 1
            guard next < tokens.count, let rest = monthExpression(next), rest.first == next, rest.relative,
                let (m, d) = Self.monthDay(rest.value)
            else { return nil }
            var value = rest.value
            if let a = anchor {
                let matching = [a.year, a.year + 1, a.year - 1].filter {
                    CivilDate(year: $0, month: m, day: min(d, CivilDate.daysIn(year: $0, month: m))).weekday == wd
                }
                if let y = matching.first { value = CivilDate(year: y, month: m, day: d).isoDay }
            }
            return Match(first: i, last: rest.last, value: value, relative: true)
        }
        // 5 March 2014 / 5 March
        if let d = day(i), tokens[i].kind == .number, let m = DateLexicon.month(lower(i + 1)),
            tokens[i + 1].isCapitalized
        {
            if let y = year(i + 2) {
                return Match(first: i, last: i + 2, value: CivilDate(year: y, month: m, day: d).isoDay)
            }
            if lower(i + 2) == ",", let y = year(i + 3) {
                return Match(first: i, last: i + 3, value: CivilDate(year: y, month: m, day: d).isoDay)
            }
            return Match(first: i, last: i + 1, value: dayValue(month: m, day: d, at: i), relative: true)
        }
        // An optional modifier: last/next/this/early/late/mid, or a hyphenated "mid-November".
        var first = i
        var k = i
        var modifier = ""
        var hyphenMonth: Int? = nil
        let w = lower(i)
        if ["last", "next", "this", "early", "late", "mid", "mid-"].contains(w) {
            modifier = w
            k = i + 1
        } else if let dash = w.firstIndex(of: "-"), ["early", "late", "mid"].contains(String(w[..<dash])) {
            hyphenMonth = DateLexicon.month(String(w[w.index(after: dash)...]))
            if hyphenMonth == nil { return nil }
            modifier = String(w[..<dash])
        }
        if modifier == "early" || modifier == "late" || modifier == "mid", ["next", "last", "this"].contains(lower(k)),
            DateLexicon.month(lower(k + 1)) != nil
        {
            modifier = lower(k)
            k += 1
        }
        guard let m = hyphenMonth ?? DateLexicon.month(lower(k)) else { return nil }
        let t = tokens[k]
        // "late-November": the month after the hyphen carries the capital.
        let capitalized =
            hyphenMonth == nil
            ? t.isCapitalized : text.text(tokens: k, k).split(separator: "-").last?.first?.isUppercase == true
        guard t.kind == .word, capitalized || t.lower.hasSuffix(".") else { return nil }
        first = i
        // March 5, 2014 / March 5 / March 2014
        if hyphenMonth == nil, let d = day(k + 1), tokens[k + 1].kind == .number, tokens[k + 1].lower.count <= 2 {
            if lower(k + 2) == ",", let y = year(k + 3) {
                return Match(first: first, last: k + 3, value: CivilDate(year: y, month: m, day: d).isoDay)
            }
            if let y = year(k + 2) {
                return Match(first: first, last: k + 2, value: CivilDate(year: y, month: m, day: d).isoDay)
            }
            // "May 5 percent" or a count after: not a date. Only "May" and "March" are also words that take a
            // count ("march 5 miles"); after another month a lower-case word is the date's event ("the Aug. 7
            // bombings", "Aug. 7 killed 259"), unless it is a quantity.
            if Self.quantityWords.contains(lower(k + 2)) { return nil }
            if k + 2 < tokens.count, tokens[k + 2].kind == .word, !tokens[k + 2].isCapitalized,
                DateLexicon.unit(lower(k + 2)) == nil, !StopWords.english.contains(lower(k + 2)),
                lower(k + 2) != "'s", m == 5 || lower(k) == "march"
            {
                return nil
            }
            return Match(first: first, last: k + 1, value: dayValue(month: m, day: d, at: first), relative: true)
        }
        if let y = year(k + 1) {
            return Match(first: first, last: k + 1, value: CivilDate(year: y, month: m, day: 1).isoMonth)
        }
        if lower(k + 1) == "of", let y = year(k + 2) {
            return Match(first: first, last: k + 2, value: CivilDate(year: y, month: m, day: 1).isoMonth)
        }
        // A bare month: only after a modifier or a lead word, and never "may" the verb.
        if modifier.isEmpty {
            guard k > 0, sameSentence(k - 1, k), DateLexicon.monthLeads.contains(lower(k - 1)) else { return nil }
            if m == 5
                && !(["in", "since", "until", "early", "late", "mid", "of", "last", "next", "this"].contains(
                    lower(k - 1)))
            {
                return nil
            }
        }
        guard let a = anchor else {
            return Match(first: first, last: k, value: "XXXX-\(CivilDate.pad(m, 2))", relative: true)
        }
        var y = a.year
        switch modifier {
        case "last": y = m < a.month ? a.year : a.year - 1
        case "next": y = m > a.month ? a.year : a.year + 1
        case "this": y = a.year
        default:
            let t = tense(first, k)
            // Months from the anchor's month of that month in the year before, the anchor's year and the year after.
            if t != .present { y = a.year - 1 + Self.place([m - a.month - 12, m - a.month, m - a.month + 12], t) }
        }
        return Match(first: first, last: k, value: CivilDate(year: y, month: m, day: 1).isoMonth, relative: true)
    }

    /// Month and day of an ISO day value (`YYYY-MM-DD`; `XXXX-MM-DD` without an anchor).
    static func monthDay(_ value: String?) -> (Int, Int)? {
        guard let value, value.utf8.count == 10 else { return nil }
        let parts = value.split(separator: "-")
        guard parts.count == 3, let m = Int(parts[1]), let d = Int(parts[2]) else { return nil }
        return (m, d)
    }

    /// A month and day without a year, placed by tense (past: not after the anchor; future: not before it;
    /// otherwise the nearest).
    private func dayValue(month: Int, day: Int, at i: Int) -> String {
        guard let a = anchor else { return "XXXX-\(CivilDate.pad(month, 2))-\(CivilDate.pad(day, 2))" }
        let candidates = [a.year - 1, a.year, a.year + 1].map {
            CivilDate(year: $0, month: month, day: min(day, CivilDate.daysIn(year: $0, month: month)))
        }
        return candidates[Self.place(candidates.map { $0.dayNumber - a.dayNumber }, tense(i, i + 1))].isoDay
    }

    /// Which of three occurrences of a period named without a year (in the year before the anchor's, the anchor's
    /// year, the year after; `distance` from the anchor in days or months, negative before it) the text means.
    /// Past: the latest not after the anchor; future: the first not before it; but the one in the anchor's year
    /// when it is over three times nearer to the anchor than that, i.e. within about a quarter of a year (news
    /// gives the year of a date far in another year: "Jan. 14" in a January article, "gave no reason for the
    /// Jan. 14 deadline", is this month's, not last year's; "Oct. 23" in a May past-tense sentence stays last
    /// October). No tense: the nearest.
    static func place(_ distance: [Int], _ tense: Tense) -> Int {
        let consistent: Int
        switch tense {
        case .past: consistent = distance[2] <= 0 ? 2 : (distance[1] <= 0 ? 1 : 0)
        case .future: consistent = distance[0] >= 0 ? 0 : (distance[1] >= 0 ? 1 : 2)
        case .present, .none:
            return [1, 0, 2].min { abs(distance[$0]) < abs(distance[$1]) }!
        }
        return 3 * abs(distance[1]) < abs(distance[consistent]) ? 1 : consistent
    }

    /// `Tuesday`, `last Tuesday`, `next Tuesday`, `this Tuesday`, `Friday night` (TIME), `Tuesdays` (SET elsewhere).
    private func weekdayExpression(_ i: Int) -> Match? {
        var k = i
        var modifier = ""
        if ["last", "next", "this", "early", "late"].contains(lower(i)) {
            modifier = lower(i)
            k = i + 1
        }
        guard tokens.indices.contains(k), tokens[k].kind == .word, let wd = DateLexicon.weekday(lower(k)),
            !lower(k).hasSuffix("s")
        else { return nil }
        if modifier == "early" || modifier == "late" { modifier = "" }
        var last = k
        var suffix = ""
        if let part = DateLexicon.partOfDay(lower(k + 1)) {
            suffix = part
            last = k + 1
        }
        guard let a = anchor else {
            return Match(first: i, last: last, value: nil, type: suffix.isEmpty ? "DATE" : "TIME", relative: true)
        }
        var delta = wd - a.weekday
        switch modifier {
        case "next": if delta <= 0 { delta += 7 }
        case "last": if delta >= 0 { delta -= 7 }
        case "this": break
        default:
            if isPushedUntil(k) {
                // "postponed until Tuesday", "extended its deadline until 9 a.m. Tuesday": a past verb, a day ahead.
                if delta <= 0 { delta += 7 }
            } else {
                switch tense(i, last) {
                case .future, .present: if delta < 0 { delta += 7 }
                case .past, .none: if delta > 0 { delta -= 7 }
                }
            }
        }
        return Match(
            first: i, last: last, value: a.adding(days: delta).isoDay + suffix, type: suffix.isEmpty ? "DATE" : "TIME",
            relative: true)
    }

    /// `now`, `currently`, `today`, `yesterday`, `tomorrow`, `tonight`, `recently`, `the future`, `these days`.
    private func referenceWord(_ i: Int) -> Match? {
        let a = anchor
        let w = lower(i)
        let t = tokens[i]
        if t.isCapitalized && i > 0 && !isSentenceStart(i) && !t.isAllCaps && w != "christmas"
            && !Self.openings.contains(lower(i - 1))
        {
            // "Today" mid-sentence is a name ("Today show", "USA Today"); after an opening quote it starts one
            // ("``Today is a sad day'').
            if ["today", "now", "tonight"].contains(w) { return nil }
        }
        func dayWithPart(_ d: CivilDate?, _ k: Int) -> Match {
            if let part = DateLexicon.partOfDay(lower(k + 1)) {
                return Match(first: i, last: k + 1, value: d.map { $0.isoDay + part }, type: "TIME", relative: true)
            }
            return Match(first: i, last: k, value: d?.isoDay, relative: true)
        }
        switch w {
        case "yesterday": return dayWithPart(a?.adding(days: -1), i)
        case "today": return dayWithPart(a, i)
        case "tomorrow": return dayWithPart(a?.adding(days: 1), i)
        case "tonight":
            return Match(first: i, last: i, value: a.map { $0.isoDay + "TNI" }, type: "TIME", relative: true)
        case "now", "currently", "nowadays":
            if w == "now" && lower(i + 1) == "that" { return nil }
            return Match(first: i, last: i, value: "PRESENT_REF", relative: true)
        case "recently", "previously", "formerly":
            return Match(first: i, last: i, value: "PAST_REF", relative: true)
        case "these":
            if lower(i + 1) == "days" { return Match(first: i, last: i + 1, value: "PRESENT_REF", relative: true) }
        case "at":
            if lower(i + 1) == "present" || (lower(i + 1) == "the" && lower(i + 2) == "moment") {
                return Match(
                    first: i, last: lower(i + 1) == "present" ? i + 1 : i + 2, value: "PRESENT_REF", relative: true)
            }
        case "future":
            if ["the", "near", "foreseeable"].contains(lower(i - 1)) {
                return Match(first: i, last: i, value: "FUTURE_REF", relative: true)
            }
        case "the":
            // "the past" without a unit after it ("in the past").
            if lower(i + 1) == "past", !isUnitAhead(i + 2) {
                return Match(first: i, last: i + 1, value: "PAST_REF", relative: true)
            }
            if lower(i + 1) == "present",
                !(tokens.indices.contains(i + 2) && tokens[i + 2].kind == .word
                    && !StopWords.english.contains(lower(i + 2)))
            {
                return Match(first: i, last: i + 1, value: "PRESENT_REF", relative: true)
            }
        default: break
        }
        return nil
    }

    private func isUnitAhead(_ k: Int) -> Bool {
        DateLexicon.unit(lower(k)) != nil || DateLexicon.smallNumber(lower(k)) != nil
            || DateLexicon.vagueCounts.contains(lower(k)) || DateLexicon.season(lower(k)) != nil
    }

    /// `last/this/next/past/coming week|month|year|weekend|decade|century`, `earlier this year`, `the day before`,
    /// `the previous week`, `the past six months` (DURATION), `two days ago`.
    private func relativeUnit(_ i: Int) -> Match? {
        let a = anchor
        var k = i
        var early = ""
        if lower(i) == "early" || lower(i) == "late" || lower(i) == "earlier" || lower(i) == "later" {
            early = lower(i)
            k = i + 1
        }
        let hasThe = lower(k) == "the"
        if hasThe { k += 1 }
        let word = lower(k)
        // "the past six months", "the last five years", "the next two weeks", "the coming weeks", "past decade"
        // A switch, not an array literal's `contains`: this runs for every token, and the literal was allocated
        // on each call (about 60 allocations per article).
        let opensSpan: Bool
        switch word {
        case "past", "last", "next", "coming", "previous", "first", "final": opensSpan = true
        default: opensSpan = false
        }
        if opensSpan {
            var n: String? = nil
            var j = k + 1
            if let v = DateLexicon.smallNumber(lower(j)), lower(j) != "a", lower(j) != "an" {
                n = String(v)
                j += 1
            } else if lower(j) == "few" || lower(j) == "several" || lower(j) == "many" {
                n = "X"
                j += 1
            }
            if let u = DateLexicon.unit(lower(j)), early.isEmpty {
                if let n, u.plural || n == "1" {
                    return Match(first: i, last: j, value: durationValue(n, u), type: "DURATION")
                }
                if n == nil && u.plural && (word == "coming" || word == "past" || word == "last" || word == "next") {
                    return Match(first: i, last: j, value: durationValue("X", u), type: "DURATION")
                }
                if n == nil && !u.plural && (word == "past" || (hasThe && (word == "last" || word == "coming"))) {
                    // "the past year", "the past decade": a span of one unit up to the anchor.
                    return Match(first: i, last: j, value: durationValue("1", u), type: "DURATION")
                }
            }
        }
        if hasThe && early.isEmpty {
            let which = lower(k + 1)
            if word == "day", which == "before" || which == "after" {
                return Match(
                    first: i, last: k + 1, value: a?.adding(days: which == "before" ? -1 : 1).isoDay, relative: true)
            }
            if word == "previous" || word == "next" || word == "following" {
                let sign = word == "previous" ? -1 : 1
                if let v = unitShift(which, sign) { return Match(first: i, last: k + 1, value: v, relative: true) }
            }
            if word == "weekend" {
                return Match(first: i, last: k, value: a.map { weekend($0, i, k) }, relative: true)
            }
            return nil
        }
        if hasThe { return nil }
        switch word {
        case "last", "this", "next", "past", "coming":
            let shift = word == "last" || word == "past" ? -1 : (word == "next" || word == "coming" ? 1 : 0)
            let unit = lower(k + 1)
            if unit == "night" {
                return word == "last"
                    ? Match(
                        first: i, last: k + 1, value: a.map { $0.adding(days: -1).isoDay + "TNI" }, type: "TIME",
                        relative: true)
                    : Match(first: i, last: k + 1, value: a.map { $0.isoDay + "TNI" }, type: "TIME", relative: true)
            }
            if let part = DateLexicon.partOfDay(unit), word == "this" {
                return Match(first: i, last: k + 1, value: a.map { $0.isoDay + part }, type: "TIME", relative: true)
            }
            if unit == "weekend" {
                return Match(
                    first: i, last: k + 1, value: a.map { $0.adding(days: 7 * shift).isoWeek + "-WE" }, relative: true)
            }
            if let v = unitShift(unit, shift) { return Match(first: i, last: k + 1, value: v, relative: true) }
            return nil
        default: break
        }
        // "earlier this year", "later this month"
        if early == "earlier" || early == "later", word == "this", let v = unitShift(lower(k + 1), 0) {
            return Match(first: i, last: k + 1, value: v, relative: true)
        }
        // "two years earlier", "a month later": a date (TimeML DATE, not a DURATION) that many units before or after
        // the date mentioned before it, else the anchor. Not hours or minutes ("over an hour later" is a duration),
        // nor a comparison ("a day later than the others").
        if early.isEmpty, let n = DateLexicon.smallNumber(word), let u = DateLexicon.unit(lower(k + 1)), !u.time,
            u.code != "CE", lower(k + 2) == "earlier" || lower(k + 2) == "later", u.plural == (n != 1),
            lower(k + 3) != "than"
        {
            let count = lower(k + 2) == "earlier" ? -n : n
            let fromAnchor = a.flatMap { Self.shifted(($0.year, $0.month, $0.day), u.code, count) }
            return Match(first: i, last: k + 2, value: fromAnchor, relative: true, shift: (u.code, count))
        }
        // "two days ago", "a decade ago"
        if early.isEmpty, let n = DateLexicon.smallNumber(word), let u = DateLexicon.unit(lower(k + 1)),
            lower(k + 2) == "ago"
        {
            let v: String?
            switch u.code {
            case "D": v = a?.adding(days: -n).isoDay
            case "W": v = a?.adding(days: -7 * n).isoWeek
            case "M" where !u.time: v = a?.adding(months: -n).isoMonth
            case "Y": v = a.map { String($0.year - n) }
            case "DE": v = a.map { String($0.year - 10 * n) }
            default: v = a.map { $0.isoDay }
            }
            return Match(first: i, last: k + 2, value: v, relative: true)
        }
        return nil
    }

    /// `the weekend` at tokens `first...last`: the anchor's ISO week's, unless the sentence is in the past and the
    /// anchor is a weekday (Monday to Friday), when that weekend has not come yet: then the week before's.
    private func weekend(_ a: CivilDate, _ first: Int, _ last: Int) -> String {
        let previous = a.weekday <= 5 && tense(first, last) == .past
        return a.adding(days: previous ? -7 : 0).isoWeek + "-WE"
    }

    /// The period `shift` units from the anchor: week → `2014-W10`, month → `2014-03`, year → `2014`,
    /// quarter → `2014-Q1`, decade → `201X`, century → `20`.
    private func unitShift(_ unit: String, _ shift: Int) -> String?? {
        guard ["day", "week", "month", "year", "quarter", "decade", "century"].contains(unit) else { return nil }
        guard let a = anchor else { return .some(nil) }
        switch unit {
        case "day": return a.adding(days: shift).isoDay
        case "week": return a.adding(days: 7 * shift).isoWeek
        case "month": return a.adding(months: shift).isoMonth
        case "year": return String(a.year + shift)
        case "quarter":
            let q = a.year * 4 + (a.quarter - 1) + shift
            return "\(q / 4)-Q\(q % 4 + 1)"
        case "decade": return String((a.year / 10 + shift)) + "X"
        default: return String(a.year / 100 + shift)
        }
    }

    private func durationValue(_ n: String, _ u: (code: String, time: Bool, plural: Bool)) -> String {
        if u.code == "DE" && n != "X", let v = Int(n) { return "P\(v * 10)Y" }
        if u.code == "CE" && n != "X", let v = Int(n) { return "P\(v * 100)Y" }
        return "P" + (u.time ? "T" : "") + n + u.code
    }

    /// `three years`, `5 1/2 hours`, `more than four decades`, `at least 72 hours`, `a 16-hour flight`,
    /// `for years`, `several months`.
    private func duration(_ i: Int) -> Match? {
        var k = i
        // Quantifiers stay in the span.
        if (lower(k) == "more" || lower(k) == "less" || lower(k) == "fewer") && lower(k + 1) == "than" {
            k += 2
        } else if lower(k) == "at" && (lower(k + 1) == "least" || lower(k + 1) == "most") {
            k += 2
        } else if lower(k) == "up" && lower(k + 1) == "to" {
            k += 2
        } else if DateLexicon.quantifiers.contains(lower(k)) {
            k += 1
        }
        let w = lower(k)
        // Hyphenated: "16-hour", "five-year", "decades-long", "day-long"; not ages ("6-year-old").
        if k < tokens.count, w.containsASCII(UInt8(ascii: "-")), !w.hasSuffix("-old") {
            let parts = w.split(separator: "-").map(String.init)
            if parts.count == 2 {
                if let n = DateLexicon.smallNumber(parts[0]), parts[0] != "a", let u = DateLexicon.unit(parts[1]),
                    !u.plural
                {
                    return Match(first: i, last: k, value: durationValue(String(n), u), type: "DURATION")
                }
                if parts[1] == "long", let u = DateLexicon.unit(parts[0]) {
                    return Match(
                        first: i, last: k, value: durationValue(u.plural ? "X" : "1", u), type: "DURATION")
                }
            }
            return nil
        }
        var n: String? = nil
        var j = k
        if lower(j) == "a" && lower(j + 1) == "few" {
            n = "X"
            j += 2
        } else if lower(j) == "a" && lower(j + 1) == "couple" && lower(j + 2) == "of" {
            n = "2"
            j += 3
        } else if tokens.indices.contains(j), tokens[j].kind == .number, lower(j + 1) == "1/2" || lower(j + 1) == "½" {
            n = lower(j) + ".5"
            j += 2
        } else if let v = DateLexicon.smallNumber(w) {
            n = String(v)
            j += 1
        } else if tokens.indices.contains(j), tokens[j].kind == .number, let d = Double(w), d > 0, d < 1000 {
            n = w
            j += 1
        } else if DateLexicon.vagueCounts.contains(w) && w != "coming" {
            n = "X"
            j += 1
        }
        if n == nil {
            // "for years", "for decades": the unit alone.
            guard k == i, i > 0, lower(i - 1) == "for", let u = DateLexicon.unit(w), u.plural, !u.time || w == "hours"
            else { return nil }
            return Match(first: i, last: i, value: durationValue("X", u), type: "DURATION")
        }
        // "two more weeks"
        if lower(j) == "more" || lower(j) == "full" || lower(j) == "straight" { j += 1 }
        guard let u = DateLexicon.unit(lower(j)) else { return nil }
        let isArticle = w == "a" || w == "an"
        if isArticle && u.plural { return nil }
        if !isArticle && n == "1" && u.plural { return nil }
        if isArticle && i == k {
            // "a year" after an amount or "once/twice" is a rate (SET); "a day" alone is too vague to be a date.
            if i > 0
                && (["once", "twice", "thrice", "times"].contains(lower(i - 1)) || tokens[i - 1].kind == .number
                    || ["million", "billion", "percent", "%", "trillion"].contains(lower(i - 1)))
            {
                let first = ["once", "twice", "thrice"].contains(lower(i - 1)) ? i - 1 : i
                return Match(first: first, last: j, value: durationValue("1", u), type: "SET")
            }
        }
        // "two years ago" is a date (relativeUnit), "N units old" is an age.
        if lower(j + 1) == "ago" || lower(j + 1) == "old" { return nil }
        return Match(first: i, last: j, value: durationValue(n!, u), type: "DURATION")
    }

    /// `every Monday`, `each year`, `every two weeks`, `daily`, `annually`, `per year`, `Tuesdays`.
    private func setExpression(_ i: Int) -> Match? {
        let w = lower(i)
        switch w {
        case "daily", "nightly": return adverb(i, "P1D")
        case "weekly": return adverb(i, "P1W")
        case "monthly": return adverb(i, "P1M")
        case "annually", "yearly": return adverb(i, "P1Y")
        case "hourly": return adverb(i, "PT1H")
        case "every", "each", "per":
            // "miles per hour", "150 per day", "$20 per hour": a rate of a quantity, not a date; "twice per
            // week", "three times per year" stay sets.
            if w == "per"
                && (tokens.indices.contains(i - 1) && tokens[i - 1].kind == .number
                    || Self.measureWords.contains(lower(i - 1)))
            {
                return nil
            }
            var j = i + 1
            if lower(j) == "other" {
                if let u = DateLexicon.unit(lower(j + 1)), !u.plural {
                    return Match(first: i, last: j + 1, value: durationValue("2", u), type: "SET")
                }
                return nil
            }
            var n = "1"
            if let v = DateLexicon.smallNumber(lower(j)), lower(j) != "a", lower(j) != "an" {
                n = String(v)
                j += 1
            }
            if let wd = DateLexicon.weekday(lower(j)), n == "1", w != "per" {
                var last = j
                var suffix = ""
                if let part = DateLexicon.partOfDay(lower(j + 1)) {
                    last = j + 1
                    suffix = part
                }
                return Match(first: i, last: last, value: "XXXX-WXX-\(wd)" + suffix, type: "SET")
            }
            if let u = DateLexicon.unit(lower(j)), u.plural == (n != "1") {
                if w == "each" && n == "1" && u.code == "D" && lower(j + 1) == "of" { return nil }  // "each day of"
                return Match(first: i, last: j, value: durationValue(n, u), type: "SET")
            }
            if let part = DateLexicon.partOfDay(lower(j)), w == "every" {
                return Match(first: i, last: j, value: "XXXX-XX-XX" + part, type: "SET")
            }
            return nil
        default:
            if tokens[i].isCapitalized, lower(i).hasSuffix("s"), let wd = DateLexicon.weekday(lower(i)),
                i > 0, lower(i - 1) == "on"
            {
                return Match(first: i, last: i, value: "XXXX-WXX-\(wd)", type: "SET")
            }
            return nil
        }
    }

    private func adverb(_ i: Int, _ value: String) -> Match? {
        // "Daily" capitalised mid-sentence is a name ("the Daily Telegraph").
        if tokens[i].isCapitalized && i > 0 && !isSentenceStart(i) { return nil }
        return Match(first: i, last: i, value: value, type: "SET")
    }

    /// `the third quarter (of 1998)`, `third-quarter`, `Q3`, `the first half`, `fiscal 1998`, `the fiscal year`.
    private func quarterOrHalf(_ i: Int) -> Match? {
        let w = lower(i)
        if w == "fiscal" {
            if let y = year(i + 1) { return Match(first: i, last: i + 1, value: "FY\(y)") }
            if lower(i + 1) == "year", let y = year(i + 2) { return Match(first: i, last: i + 2, value: "FY\(y)") }
            if lower(i + 1) == "year" || lower(i + 1) == "years" {
                return nil
            }
            return nil
        }
        if w.count == 2, w.hasPrefix("q"), let q = Int(w.dropFirst()), (1...4).contains(q),
            tokens[i].isAllCaps || tokens[i].isCapitalized
        {
            return quarterMatch(i, i, q, "Q")
        }
        var k = i
        if w == "the" || w == "this" || w == "last" || w == "next" { k += 1 }
        let word = lower(k)
        // "third-quarter", "first-half"
        if let dash = word.firstIndex(of: "-") {
            let head = String(word[..<dash])
            let tail = String(word[word.index(after: dash)...])
            guard let o = DateLexicon.ordinal(head), tail == "quarter" || tail == "half" else { return nil }
            if tail == "half" && o > 2 { return nil }
            return quarterMatch(i, k, o, tail == "quarter" ? "Q" : "H")
        }
        guard let o = DateLexicon.ordinal(word) ?? (word == "final" ? 4 : nil), k > i || w != "the" else { return nil }
        let unit = lower(k + 1)
        guard unit == "quarter" || unit == "half", k > i else { return nil }
        if unit == "half" && o > 2 { return nil }
        // "the first half of the game" is not a date; "of 1998", "of the year", "of next year" are.
        return quarterMatch(i, k + 1, o, unit == "quarter" ? "Q" : "H")
    }

    private func quarterMatch(_ first: Int, _ last: Int, _ n: Int, _ letter: String) -> Match? {
        var end = last
        var explicitYear: Int? = nil
        if lower(last + 1) == "of", let y = year(last + 2) {
            explicitYear = y
            end = last + 2
        } else if let y = year(last + 1) {
            explicitYear = y
            end = last + 1
        } else if lower(last + 1) == "of", lower(last + 2) == "fiscal", let y = year(last + 3) {
            explicitYear = y
            end = last + 3
        } else if lower(last + 1) == "of", ["this", "last", "next"].contains(lower(last + 2)), lower(last + 3) == "year"
        {
            let shift = lower(last + 2) == "last" ? -1 : (lower(last + 2) == "next" ? 1 : 0)
            explicitYear = anchor.map { $0.year + shift }
            end = last + 3
        } else if lower(last + 1) == "of" && lower(last + 2) == "the" && lower(last + 3) == "year" {
            end = last + 3
        } else if lower(last + 1) == "of" {
            // "the first half of the match": not a calendar period.
            return nil
        }
        if let y = explicitYear { return Match(first: first, last: end, value: "\(y)-\(letter)\(n)") }
        guard let a = anchor else { return Match(first: first, last: end, value: "XXXX-\(letter)\(n)", relative: true) }
        let current = letter == "Q" ? a.quarter : (a.month <= 6 ? 1 : 2)
        var y = a.year
        switch lower(first) {
        case "last": y = n < current ? a.year : a.year - 1
        case "next": y = n > current ? a.year : a.year + 1
        case "this": break
        default:
            switch tense(first, end) {
            case .past: if n > current { y -= 1 }
            case .future: if n < current { y += 1 }
            case .present, .none: if n > current { y -= 1 }
            }
        }
        return Match(first: first, last: end, value: "\(y)-\(letter)\(n)", relative: true)
    }

    /// `last fall`, `this summer`, `the spring`, `summer 1998`, `in winter`.
    private func season(_ i: Int) -> Match? {
        var k = i
        var modifier = ""
        if ["last", "next", "this", "the", "early", "late", "in"].contains(lower(i)) {
            modifier = lower(i)
            k = i + 1
        }
        guard let s = DateLexicon.season(lower(k)) else { return nil }
        if modifier.isEmpty && lower(k) != "spring" && lower(k) != "summer" && lower(k) != "winter"
            && year(k + 1) == nil
        {
            return nil
        }
        if modifier == "in" {
            // "in summer": the span is the season alone.
            return seasonMatch(k, k, s, "")
        }
        if modifier.isEmpty {
            guard year(k + 1) != nil || (i > 0 && DateLexicon.monthLeads.contains(lower(i - 1))) else { return nil }
        }
        return seasonMatch(i, k, s, modifier)
    }

    private func seasonMatch(_ first: Int, _ k: Int, _ s: (code: String, index: Int), _ modifier: String) -> Match? {
        if let y = year(k + 1) { return Match(first: first, last: k + 1, value: "\(y)-\(s.code)") }
        if lower(k + 1) == "of", let y = year(k + 2) {
            return Match(first: first, last: k + 2, value: "\(y)-\(s.code)")
        }
        guard let a = anchor else { return Match(first: first, last: k, value: "XXXX-\(s.code)", relative: true) }
        // Winter belongs to the year it starts in only from December.
        let current = a.month == 12 ? 4 : (a.month <= 2 ? 0 : (a.month + 9) / 3 - 3)
        var y = a.year
        switch modifier {
        case "last": y = s.index < current ? a.year : a.year - 1
        case "next": y = s.index > current ? a.year : a.year + 1
        case "this": break
        default:
            switch tense(first, k) {
            case .past: if s.index > current { y -= 1 }
            case .future: if s.index < current { y += 1 }
            case .present, .none: break
            }
        }
        return Match(first: first, last: k, value: "\(y)-\(s.code)", relative: true)
    }

    /// Fixed-date and US holidays: Christmas (Eve/Day), New Year's (Eve/Day), Thanksgiving (Day), Independence Day,
    /// Halloween, Valentine's Day.
    private func holiday(_ i: Int) -> Match? {
        guard tokens[i].isCapitalized || tokens[i].isAllCaps else { return nil }
        var month = 0
        var day = 0
        var last = i
        switch lower(i) {
        case "christmas":
            month = 12
            day = 25
            if lower(i + 1) == "eve" {
                day = 24
                last = i + 1
            } else if lower(i + 1) == "day" {
                last = i + 1
            }
        case "new":
            guard lower(i + 1) == "year" || lower(i + 1) == "year's", tokens.indices.contains(i + 1),
                tokens[i + 1].isCapitalized
            else { return nil }
            var k = i + 1
            if lower(k + 1) == "'s" { k += 1 }
            guard lower(k + 1) == "day" || lower(k + 1) == "eve" else { return nil }
            month = lower(k + 1) == "day" ? 1 : 12
            day = lower(k + 1) == "day" ? 1 : 31
            last = k + 1
        case "thanksgiving":
            month = 11
            day = -4  // fourth Thursday
            if lower(i + 1) == "day" { last = i + 1 }
        default: return nil
        }
        guard let a = anchor else {
            return Match(first: i, last: last, value: nil, relative: true)
        }
        func date(_ y: Int) -> CivilDate {
            if day > 0 { return CivilDate(year: y, month: month, day: day) }
            let first = CivilDate(year: y, month: month, day: 1)
            let offset = (4 - first.weekday + 7) % 7
            return first.adding(days: offset + 21)
        }
        let candidates = [date(a.year - 1), date(a.year), date(a.year + 1)]
        let chosen = candidates[Self.place(candidates.map { $0.dayNumber - a.dayNumber }, tense(i, last))]
        return Match(first: i, last: last, value: chosen.isoDay, relative: true)
    }

    /// `the 1990s`, `1990s`, `the '90s`, `mid-1990s`.
    private func decade(_ i: Int) -> Match? {
        var k = i
        if lower(i) == "the" || lower(i) == "early" || lower(i) == "late" { k = i + 1 }
        guard k < tokens.count else { return nil }
        var w = lower(k)
        for prefix in ["mid-", "early-", "late-", "post-", "pre-"] where w.hasPrefix(prefix) {
            w.removeFirst(prefix.count)
        }
        guard w.count == 5, w.hasSuffix("0s"), let y = Int(w.dropLast()), (1800...2190).contains(y) else {
            if w.hasPrefix("post-") == false, lower(k).hasPrefix("post-") || lower(k).hasPrefix("pre-"),
                let y = Int(lower(k).split(separator: "-").last ?? ""), (1800...2199).contains(y)
            {
                return Match(first: k, last: k, value: String(y))
            }
            return nil
        }
        let first = k > i && lower(i) != "the" ? i : k
        return Match(first: lower(i) == "the" ? k : first, last: k, value: String(y / 10) + "X")
    }

    /// Words after a number that make it an amount, not a day or a year.
    static let quantityWords: Set<String> = [
        "percent", "per", "pct", "points", "point", "million", "billion", "trillion", "thousand", "hundred",
        "dollars", "euros", "pounds", "yen", "people", "troops", "times", "votes", "miles", "kilometers",
    ]
    /// Words before "per" that make "per hour", "per minute" a rate of a quantity, not a set: units of distance,
    /// speed, weight, volume, data and money, and counted things ("words per minute", "beats per minute").
    static let measureWords: Set<String> = [
        "mile", "miles", "mph", "km", "kms", "kilometre", "kilometres", "kilometer", "kilometers", "metre", "metres",
        "meter", "meters", "m", "cm", "mm", "centimetres", "centimeters", "millimetres", "millimeters", "foot", "feet",
        "ft", "yard", "yards", "inch", "inches", "knot", "knots", "gallon", "gallons", "litre", "litres", "liter",
        "liters", "barrel", "barrels", "bpd", "ton", "tons", "tonne", "tonnes", "pound", "pounds", "lb", "lbs", "kg",
        "kilo", "kilos", "kilogram", "kilograms", "gram", "grams", "ounce", "ounces", "calorie", "calories", "watt",
        "watts", "kilowatt", "kilowatts", "kwh", "megawatts", "degree", "degrees", "bit", "bits", "byte", "bytes",
        "kb", "mb", "gb", "megabits", "gigabits", "dollar", "dollars", "cent", "cents", "euro", "euros", "yen",
        "pence", "word", "words", "beat", "beats", "revolution", "revolutions", "rotations", "frames", "%",
        "percent", "pct",
    ]
    /// Words before a year that make it modify a noun ("a 1996 law", "the 1998 bombing", "his 1992 book").
    static let yearDeterminers: Set<String> = ["a", "an", "the", "his", "her", "its", "their", "our", "my", "your"]

    private func bareYear(_ i: Int) -> Match? {
        let prev = i > 0 ? tokens[i - 1] : nil
        let next = i + 1 < tokens.count ? tokens[i + 1] : nil
        let isMoney = prev.map { $0.kind == .punct && "$€£¥".unicodeScalars.contains($0.scalar) } ?? false
        let isPercent = next.map { $0.lower == "%" || $0.lower == "percent" } ?? false
        // "2000 people" is a count; "a 1996 law", "the 1998 clinic bombing", "his 1992 book" name a year: a year
        // after an article or a possessive, before a word that is not a plural or a quantity, is a date.
        let plausible = anchor.map { ($0.year - 120)...($0.year + 10) } ?? 1900...2100
        let modifiesNoun =
            i > 0 && Self.yearDeterminers.contains(lower(i - 1)) && Int(lower(i)).map(plausible.contains) ?? false
            && next.map { !$0.lower.hasSuffix("s") && !Self.quantityWords.contains($0.lower) } ?? false
        let isCount =
            !modifiesNoun
            && next.map {
                $0.kind == .word && !$0.isCapitalized && !StopWords.english.contains($0.lower) && $0.lower != "'s"
            } ?? false
        if isMoney || isPercent || isCount { return nil }
        return Match(first: i, last: i, value: lower(i))
    }

    private func isSentenceStart(_ i: Int) -> Bool {
        text.tokenRange(ofSentence: text.tokenSentence[i]).lowerBound == i
    }

    // MARK: Tense

    /// Verbs that move something to a later time ("postponed until Tuesday").
    static let deferVerbs: Set<String> = [
        "postponed", "delayed", "extended", "adjourned", "deferred", "suspended", "recessed", "put", "pushed",
        "postpone", "delay", "extend", "adjourn", "defer", "postpones", "delays", "extends", "adjourns", "defers",
    ]

    /// Whether the weekday at `k` follows `until`/`till` (a time of day may sit between) after a verb that defers.
    func isPushedUntil(_ k: Int) -> Bool {
        let range = text.tokenRange(ofSentence: text.tokenSentence[k])
        var j = k - 1
        while j > range.lowerBound, k - j <= 5, lower(j) != "until", lower(j) != "till" { j -= 1 }
        guard j >= range.lowerBound, lower(j) == "until" || lower(j) == "till" else { return false }
        var v = j - 1
        while v >= max(range.lowerBound, j - 8) {
            if Self.deferVerbs.contains(lower(v)) { return true }
            v -= 1
        }
        return false
    }

    static let futureWords: Set<String> = [
        "will", "shall", "won't", "would", "'ll", "wo", "scheduled", "expected",
        "upcoming", "planned", "plans", "plan", "intends", "due",
        // Obligation and possibility point ahead too ("must be returned by Jan. 14"); not "may" (the month) nor
        // "could" (also the past of "can").
        "must", "should", "might",
    ]
    static let presentWords: Set<String> = ["is", "are", "am", "has", "have", "does", "do", "says", "remains", "seems"]
    static let pastWords: Set<String> = [
        "was", "were", "had", "did", "said", "told", "went", "came", "got", "made", "took", "met", "left", "held",
        "began", "gave", "saw", "found", "knew", "thought", "brought", "bought", "felt", "kept", "led", "lost", "paid",
        "ran", "sent", "sold", "spent", "stood", "won", "wrote", "fell", "flew", "fought", "grew", "became", "broke",
        "chose", "drove", "rose", "shot", "spoke", "struck", "threw", "built", "caught", "heard", "meant", "sat",
        "taught", "understood", "withdrew", "ago", "earlier", "been", "hit", "killed", "arrived", "died",
    ]
    static let notPast: Set<String> = [
        "need", "speed", "indeed", "hundred", "seed", "feed", "proceed", "succeed", "exceed", "red", "bed", "shed",
        "united", "limited", "based", "embed", "breed", "bleed", "creed", "greed", "weed", "deed", "reed", "steed",
        "naked", "wicked", "sacred", "kindred", "rugged", "armed", "alleged", "so-called", "scheduled", "expected",
        "planned",
    ]

    static let beForms: Set<String> = ["was", "were", "is", "are", "am"]
    /// Words that point ahead before `to` ("set to", "due to"; not "about to": "was about to be deported" is then).
    static let aheadWords: Set<String> = ["going", "planning", "set", "due", "supposed", "scheduled"]

    /// A past form or an `-ed` participle (not a word that only ends in `ed`).
    private func isParticiple(_ k: Int) -> Bool {
        let t = text.tokens[k]
        guard t.kind == .word, !t.isCapitalized else { return false }
        return Self.pastWords.contains(t.lower)
            || (t.lower.count >= 5 && t.lower.hasSuffix("ed") && !Self.notPast.contains(t.lower))
    }

    /// The tense marker nearest to tokens `first...last` in their sentence (ties go to the earlier one).
    func tense(_ first: Int, _ last: Int) -> Tense {
        let tokens = text.tokens
        guard first < tokens.count else { return .none }
        let range = text.tokenRange(ofSentence: text.tokenSentence[first])
        // "as soon as Tuesday", "as early as next month": a time not yet reached, whatever the verb says.
        if first >= range.lowerBound + 3, lower(first - 1) == "as", lower(first - 3) == "as",
            lower(first - 2) == "soon" || lower(first - 2) == "early"
        {
            return .future
        }
        var best: (distance: Int, tense: Tense)? = nil
        for k in range where k < first || k > last {
            let distance = k < first ? first - k : k - last
            if let b = best, distance >= b.distance { continue }
            if let t = marker(k, range) { best = (distance, t) }
        }
        return best?.tense ?? .none
    }

    private func marker(_ k: Int, _ range: Range<Int>) -> Tense? {
        let t = text.tokens[k]
        guard t.kind == .word else { return nil }
        let w = t.lower
        if Self.futureWords.contains(w) || w.hasSuffix("'ll") {
            if w == "due" && lower(k + 1) != "to" { return nil }
            if w == "plan" || w == "plans" { return lower(k + 1) == "to" ? .future : nil }
            // "the hastily planned trip" is no tense; "planned to", "planned for" point ahead.
            if w == "planned" { return lower(k + 1) == "to" || lower(k + 1) == "for" ? .future : nil }
            return .future
        }
        if (w == "going" || w == "planning") && lower(k + 1) == "to" { return .future }
        if Self.beForms.contains(w) {
            // "were planning to", "was expected to", "is due to": the future of that time.
            for j in (k + 1)...(k + 2) where j < range.upperBound {
                let n = lower(j)
                if Self.futureWords.contains(n) && n != "due" || (Self.aheadWords.contains(n) && lower(j + 1) == "to") {
                    return .future
                }
            }
        }
        if w == "has" || w == "have" {
            // "has been", "have fought": a present perfect tells of the past.
            for j in (k + 1)...(k + 2) where j < range.upperBound && isParticiple(j) { return .past }
        }
        let isPast =
            Self.pastWords.contains(w)
            || (!t.isCapitalized && w.count >= 5 && w.hasSuffix("ed") && !Self.notPast.contains(w))
        if isPast {
            // A participle after a modal ("will be held") or a passive present ("is expected") takes their tense.
            var j = k - 1
            while j >= max(range.lowerBound, k - 3) {
                let p = lower(j)
                if Self.futureWords.contains(p) || p.hasSuffix("'ll") { return .future }
                if p == "is" || p == "are" || p == "am" { return .present }
                if p == "has" || p == "have" || p == "had" || p == "was" || p == "were" { return .past }
                j -= 1
            }
            return .past
        }
        if Self.presentWords.contains(w) { return .present }
        return nil
    }
}
