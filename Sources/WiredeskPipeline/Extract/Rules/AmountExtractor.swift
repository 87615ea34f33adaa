// Stated amounts: money ("$5 billion", "€20m", "£1.2bn", "20 million euros"), percentages ("12%", "3.5 percent",
// "per cent") and counts with their unit ("5,000 people", "300 troops"). Numbers that are part of a date are left
// to the date extractor.

struct AmountExtractor {
    let text: RuleText
    /// Date mentions already found: their numbers are not amounts.
    let dates: [DateMention]

    static let currencySymbols: [Unicode.Scalar: String] = ["$": "USD", "€": "EUR", "£": "GBP", "¥": "JPY"]
    static let currencyWords: [String: String] = [
        "dollar": "USD", "dollars": "USD", "euro": "EUR", "euros": "EUR", "pound": "GBP", "pounds": "GBP",
        "sterling": "GBP", "yen": "JPY", "yuan": "CNY", "rouble": "RUB", "roubles": "RUB", "ruble": "RUB",
        "rubles": "RUB", "francs": "CHF", "rupees": "INR", "hryvnia": "UAH",
    ]
    static let scales: [String: Double] = [
        "thousand": 1e3, "k": 1e3, "million": 1e6, "m": 1e6, "mn": 1e6, "billion": 1e9, "bn": 1e9, "b": 1e9,
        "trillion": 1e12, "tn": 1e12,
    ]

    /// Track, road and pool distances written with "m" for metres ("800m", "4x100m" is not matched).
    static let raceDistances: Set<Double> = [50, 60, 100, 110, 200, 400, 800, 1500, 3000, 5000, 10000]
    /// Words after such a distance that show it is a race: then "m" is metres, not million.
    static let raceWords: Set<String> = [
        "gold", "silver", "bronze", "medal", "final", "finals", "semi-final", "semi-finals", "heat", "heats", "race",
        "title", "record", "hurdles", "freestyle", "backstroke", "breaststroke", "butterfly", "medley", "relay",
        "sprint", "champion", "champions", "world", "olympic", "indoor", "event", "win", "victory",
    ]

    /// Splits "20m" / "1.2bn" / "5,000" into a value and a scale suffix.
    static func parseNumber(_ lower: String) -> (value: Double, suffix: String)? {
        var digits = ""
        var suffix = ""
        for c in lower.unicodeScalars {
            if suffix.isEmpty && ((c.value >= 0x30 && c.value <= 0x39) || c == ".") {  // what Double() reads
                digits.unicodeScalars.append(c)
            } else if c == "," && suffix.isEmpty {
                continue
            } else {
                suffix.unicodeScalars.append(c)
            }
        }
        guard !digits.isEmpty, let v = Double(digits) else { return nil }
        if !suffix.isEmpty && scales[suffix] == nil { return nil }
        return (v, suffix)
    }

    func extract() -> [Amount] {
        let tokens = text.tokens
        var out: [Amount] = []
        var dateIndex = 0
        var i = 0
        func inDate(_ k: Int) -> Bool {
            while dateIndex < dates.count && dates[dateIndex].end <= tokens[k].start { dateIndex += 1 }
            return dateIndex < dates.count && dates[dateIndex].start <= tokens[k].start
        }
        func emit(_ first: Int, _ last: Int, _ value: Double, _ kind: String, _ unit: String?) {
            out.append(
                Amount(
                    text: text.text(tokens: first, last), value: value, kind: kind, unit: unit,
                    start: tokens[first].start, end: tokens[last].end))
            i = last + 1
        }
        while i < tokens.count {
            let t = tokens[i]
            // $5 billion, €20m, US$5
            if t.kind == .punct, let currency = Self.currencySymbols[t.scalar], i + 1 < tokens.count,
                tokens[i + 1].start == t.end, let (v, suffix) = Self.parseNumber(tokens[i + 1].lower)
            {
                var value = v * (Self.scales[suffix] ?? 1)
                var last = i + 1
                if suffix.isEmpty, i + 2 < tokens.count, let scale = Self.scales[tokens[i + 2].lower],
                    tokens[i + 2].lower.count > 2
                {
                    value *= scale
                    last = i + 2
                }
                let first = i > 0 && tokens[i - 1].lower == "us" && tokens[i - 1].end == t.start ? i - 1 : i
                emit(first, last, value, "money", currency)
                continue
            }
            guard t.kind == .number || (t.kind == .word && Tokenizer.isDigit(t.scalar)), !inDate(i),
                let (v, suffix) = Self.parseNumber(t.lower)
            else {
                i += 1
                continue
            }
            // "Holmes' 800m gold", "the 100m final": a race distance in metres, not 800 million of anything.
            if suffix == "m", Self.raceDistances.contains(v), i + 1 < tokens.count,
                Self.raceWords.contains(tokens[i + 1].lower)
            {
                i += 1
                continue
            }
            var value = v * (Self.scales[suffix] ?? 1)
            var last = i
            if suffix.isEmpty, i + 1 < tokens.count, let scale = Self.scales[tokens[i + 1].lower],
                tokens[i + 1].lower.count > 2
            {
                value *= scale
                last = i + 1
            }
            let next = last + 1 < tokens.count ? tokens[last + 1] : nil
            guard let next else {
                i += 1
                continue
            }
            if next.lower == "%" || next.lower == "percent" || next.lower == "pct" {
                emit(i, last + 1, value, "percent", "%")
            } else if next.lower == "per", last + 2 < tokens.count, tokens[last + 2].lower == "cent" {
                emit(i, last + 2, value, "percent", "%")
            } else if next.lower == "percentage", last + 2 < tokens.count, tokens[last + 2].lower == "points" {
                emit(i, last + 2, value, "percent", "percentage points")
            } else if let currency = Self.currencyWords[next.lower] {
                emit(i, last + 1, value, "money", currency)
            } else if next.kind == .word, !next.isCapitalized, next.lower != "'s",
                !StopWords.english.contains(next.lower),
                DateLexicon.month(next.lower) == nil, next.start - tokens[last].end <= 1
            {
                emit(i, last + 1, value, "count", next.lower)
            } else {
                i = last + 1
            }
        }
        return out
    }
}
