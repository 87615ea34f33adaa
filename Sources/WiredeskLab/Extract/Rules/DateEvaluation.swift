// `wiredesk eval dates --timeml DIR`: scores the date extractor against TimeML TIMEX3 gold, TempEval-3 style.
//
// Each `.tml` document becomes a JSON article `{"text": <TEXT without tags>, "published": <DCT value>}` and goes
// through the pipeline as `wiredesk process` runs it (normalize, extract). Gold offsets index the tag-free text;
// they are mapped onto `article.text` with `QuoteEvaluation.alignOffsets`.
//
// - Matching: each gold TIMEX3 takes the not yet used predicted date that overlaps it most. Relaxed span = any
//   overlap, strict span = same start and end (after trimming spaces and trailing `.`/`,` from the gold span).
// - Value: a matched pair whose values are equal (week numbers compared without leading zeros). Value precision
//   = correct values / predicted dates, recall = correct values / gold, accuracy = correct values / relaxed matches
//   (TempEval-3's value F1 and attribute accuracy).
// - Per type: recall and value recall count gold TIMEX3 of that type; precision counts predicted dates whose
//   `type` is that type (a prediction without a type counts as DATE).
// - Error classes (issue 12): future references resolved into the past, modifiers dropped from the span,
//   durations, sets, PRESENT_REF/PAST_REF/FUTURE_REF, quarters/halves/fiscal years.
import Foundation
import WiredeskPipeline

/// One TIMEX3 of a TimeML document, with offsets into its tag-free text.
public struct GoldTimex: Sendable {
    public var start: Int
    public var end: Int
    public var type: String
    public var value: String
    public var text: String
}

/// A TimeML document: the tag-free TEXT, the document creation time and the TIMEX3 in the text.
public struct TimeMLDocument: Sendable {
    public var name: String
    public var text: String
    public var dct: String
    public var timexes: [GoldTimex]
}

public enum DateEvaluation {
    /// Span and value counts for one group of TIMEX3.
    public struct Counts: Sendable {
        public var gold = 0
        public var predicted = 0
        public var relaxed = 0
        public var relaxedPredicted = 0
        public var strict = 0
        public var strictPredicted = 0
        public var valueCorrect = 0
        public var valueCorrectPredicted = 0

        static func f1(_ hitP: Int, _ p: Int, _ hitR: Int, _ r: Int) -> (Double, Double, Double) {
            let precision = p == 0 ? 0 : Double(hitP) / Double(p)
            let recall = r == 0 ? 0 : Double(hitR) / Double(r)
            let f = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall)
            return (100 * precision, 100 * recall, 100 * f)
        }

        var row: String {
            let (rp, rr, rf) = Self.f1(relaxedPredicted, predicted, relaxed, gold)
            let (_, _, sf) = Self.f1(strictPredicted, predicted, strict, gold)
            let (_, _, vf) = Self.f1(valueCorrectPredicted, predicted, valueCorrect, gold)
            let accuracy = relaxed == 0 ? 0 : 100 * Double(valueCorrect) / Double(relaxed)
            return String(
                format: "%5d %5d   %5.1f (%5.1f / %5.1f)   %5.1f    %5.1f    %5.1f", gold, predicted, rf, rp, rr, sf,
                vf,
                accuracy)
        }
    }

    /// One error class: how many gold TIMEX3 it covers, how many were found and how many got the right value.
    public struct ErrorClass: Sendable {
        public var name: String
        public var gold = 0
        public var found = 0
        public var valueCorrect = 0
        /// The class's own failure count (e.g. resolved into the past, span without its modifier).
        public var errors = 0
        public var errorName: String
    }

    public struct Report: Sendable {
        public var documents = 0
        public var unaligned = 0
        public var total = Counts()
        public var byType: [String: Counts] = [:]
        public var typeCorrect = 0
        public var classes: [ErrorClass] = []
        public var errors: [String]? = nil

        public var table: String {
            var lines = [
                "TimeML dates: \(documents) documents (\(unaligned) not aligned to the normalized text)",
                "type        gold  pred   relaxed F1 (P / R)      strict   value F1  value acc",
                "all        " + total.row,
            ]
            for type in ["DATE", "TIME", "DURATION", "SET"] {
                lines.append(type.padding(toLength: 11, withPad: " ", startingAt: 0) + (byType[type] ?? Counts()).row)
            }
            lines.append(
                String(
                    format: "type accuracy (relaxed matches): %d / %d = %.1f%%", typeCorrect, total.relaxed,
                    total.relaxed == 0 ? 0 : 100 * Double(typeCorrect) / Double(total.relaxed)))
            lines.append("")
            lines.append("error class                          gold  found  value ok  errors")
            for c in classes {
                lines.append(
                    c.name.padding(toLength: 36, withPad: " ", startingAt: 0)
                        + String(format: "%5d  %5d  %8d  %6d  ", c.gold, c.found, c.valueCorrect, c.errors)
                        + c.errorName)
            }
            lines.append("")
            return lines.joined(separator: "\n")
        }
    }

    // MARK: TimeML

    /// Parses a `.tml` file: the DCT's value, the TEXT element without tags (entities decoded) and its TIMEX3.
    public static func parseTimeML(_ content: String, name: String) -> TimeMLDocument? {
        guard let dctRange = content.range(of: "<DCT>"),
            let dctTag = content[dctRange.upperBound...].range(of: "<TIMEX3"),
            let dctValue = attribute("value", in: tag(at: dctTag.lowerBound, in: content)),
            let textOpen = content.range(of: "<TEXT>"),
            let textClose = content.range(of: "</TEXT>", range: textOpen.upperBound..<content.endIndex)
        else { return nil }
        let body = Array(content[textOpen.upperBound..<textClose.lowerBound].unicodeScalars)
        var out = String.UnicodeScalarView()
        var count = 0
        var timexes: [GoldTimex] = []
        var open: (start: Int, type: String, value: String)? = nil
        var i = 0
        while i < body.count {
            let s = body[i]
            if s == "<" {
                var j = i
                while j < body.count && body[j] != ">" { j += 1 }
                var tagView = String.UnicodeScalarView()
                tagView.append(contentsOf: body[i..<min(j + 1, body.count)])
                let tagText = String(tagView)
                if tagText.hasPrefix("<TIMEX3") {
                    open = (count, attribute("type", in: tagText) ?? "DATE", attribute("value", in: tagText) ?? "")
                } else if tagText.hasPrefix("</TIMEX3"), let o = open {
                    var piece = String.UnicodeScalarView()
                    piece.append(contentsOf: Array(out)[o.start..<count])
                    timexes.append(
                        GoldTimex(start: o.start, end: count, type: o.type, value: o.value, text: String(piece)))
                    open = nil
                }
                i = j + 1
                continue
            }
            if s == "&" {
                var j = i
                while j < body.count && j - i < 8 && body[j] != ";" { j += 1 }
                var entity = String.UnicodeScalarView()
                entity.append(contentsOf: body[i..<min(j + 1, body.count)])
                var decoded: Unicode.Scalar? = nil
                switch String(entity) {
                case "&amp;": decoded = "&"
                case "&lt;": decoded = "<"
                case "&gt;": decoded = ">"
                case "&quot;": decoded = "\""
                case "&apos;": decoded = "'"
                default: break
                }
                if let decoded {
                    out.append(decoded)
                    count += 1
                    i = j + 1
                    continue
                }
            }
            out.append(s)
            count += 1
            i += 1
        }
        return TimeMLDocument(name: name, text: String(out), dct: dctValue, timexes: timexes)
    }

    static func tag(at index: String.Index, in content: String) -> String {
        let end = content[index...].firstIndex(of: ">") ?? content.endIndex
        return String(content[index..<end])
    }

    static func attribute(_ name: String, in tag: String) -> String? {
        guard let r = tag.range(of: " \(name)=\"") else { return nil }
        let rest = tag[r.upperBound...]
        guard let close = rest.firstIndex(of: "\"") else { return nil }
        return String(rest[..<close])
    }

    // MARK: Scoring

    /// Week numbers without leading zeros (`1998-W07` = `1998-W7`); everything else as written.
    static func canonicalValue(_ v: String) -> String {
        guard let w = v.range(of: "-W") else { return v }
        let digits = v[w.upperBound...].prefix { $0.isNumber }
        guard let n = Int(digits) else { return v }
        return String(v[..<w.upperBound]) + String(n) + String(v[w.upperBound...].dropFirst(digits.count))
    }

    static let modifierWords: Set<String> = [
        "last", "this", "next", "past", "early", "late", "mid", "coming", "recent", "earlier", "later", "the",
        "previous", "following", "every", "each",
    ]

    /// Scores the predicted dates of one document (offsets already in the gold's coordinates) into `report`.
    public static func score(
        gold: [GoldTimex], predicted: [DateMention], dct: String, documentText: [Unicode.Scalar], name: String,
        into report: inout Report
    ) {
        report.total.gold += gold.count
        report.total.predicted += predicted.count
        for p in predicted { report.byType[p.type ?? "DATE", default: Counts()].predicted += 1 }
        var used = [Bool](repeating: false, count: predicted.count)
        var predictedHit = [Bool](repeating: false, count: predicted.count)
        var predictedStrict = [Bool](repeating: false, count: predicted.count)
        var predictedValue = [Bool](repeating: false, count: predicted.count)
        if report.classes.isEmpty {
            report.classes = [
                ErrorClass(name: "future references (gold after DCT)", errorName: "resolved into the past"),
                ErrorClass(name: "spans with a modifier (last, this...)", errorName: "modifier dropped from span"),
                ErrorClass(name: "durations (DURATION)", errorName: "missed"),
                ErrorClass(name: "sets (SET)", errorName: "missed"),
                ErrorClass(name: "PRESENT_REF / PAST_REF / FUTURE_REF", errorName: "missed or wrong value"),
                ErrorClass(name: "quarters / halves / fiscal years", errorName: "missed or wrong value"),
            ]
        }
        for g0 in gold {
            var g = g0
            // Gold spans sometimes end with the sentence's period or a comma ("next week.").
            while g.end > g.start, let last = documentText[safe: g.end - 1],
                last == "." || last == "," || Tokenizer.isSpace(last),
                !(g.text.lowercased().hasSuffix("a.m.") || g.text.lowercased().hasSuffix("p.m."))
            {
                g.end -= 1
            }
            var best: Int? = nil
            var bestOverlap = 0
            for (k, p) in predicted.enumerated() where !used[k] {
                let overlap = min(p.end, g.end) - max(p.start, g.start)
                if overlap > bestOverlap {
                    bestOverlap = overlap
                    best = k
                }
            }
            var typeCounts = report.byType[g.type, default: Counts()]
            typeCounts.gold += 1
            let gv = canonicalValue(g.value)
            var valueOK = false
            var found = false
            var predictedValueText = "-"
            if let k = best {
                found = true
                used[k] = true
                predictedHit[k] = true
                let p = predicted[k]
                predictedValueText = p.value ?? "nil"
                report.total.relaxed += 1
                typeCounts.relaxed += 1
                if p.start == g.start && p.end == g.end {
                    report.total.strict += 1
                    typeCounts.strict += 1
                    predictedStrict[k] = true
                }
                if (p.type ?? "DATE") == g.type { report.typeCorrect += 1 }
                if let v = p.value, canonicalValue(v) == gv {
                    valueOK = true
                    report.total.valueCorrect += 1
                    typeCounts.valueCorrect += 1
                    predictedValue[k] = true
                }
                // Modifier dropped: the gold span starts with a modifier word and the prediction starts later.
                let firstWord = g.text.lowercased().split(whereSeparator: { $0 == " " || $0 == "-" }).first.map(
                    String.init)
                if let firstWord, modifierWords.contains(firstWord), firstWord != "the" || g.text.count > 4 {
                    if p.start > g.start { report.classes[1].errors += 1 }
                }
                // Future resolved into the past.
                if !valueOK, let v = p.value, isCalendar(gv), isCalendar(v), isAfter(gv, dct), v < gv {
                    report.classes[0].errors += 1
                }
            }
            report.byType[g.type] = typeCounts
            let lowerText = g.text.lowercased()
            var memberships: [Int] = []
            if isCalendar(gv) && isAfter(gv, dct) { memberships.append(0) }
            if let firstWord = lowerText.split(whereSeparator: { $0 == " " || $0 == "-" }).first.map(String.init),
                modifierWords.contains(firstWord), firstWord != "the" || g.text.count > 4
            {
                memberships.append(1)
            }
            if g.type == "DURATION" { memberships.append(2) }
            if g.type == "SET" { memberships.append(3) }
            if gv.hasSuffix("_REF") { memberships.append(4) }
            if gv.contains("-Q") || gv.contains("-H") || gv.hasPrefix("FY") || lowerText.contains("quarter")
                || lowerText.contains("half") || lowerText.contains("fiscal")
            {
                memberships.append(5)
            }
            for c in memberships {
                report.classes[c].gold += 1
                if found { report.classes[c].found += 1 }
                if valueOK { report.classes[c].valueCorrect += 1 }
                if c >= 2 && c <= 3 && !found { report.classes[c].errors += 1 }
                if c >= 4 && !valueOK { report.classes[c].errors += 1 }
            }
            if !valueOK, report.errors != nil {
                let what = found ? "value \(predictedValueText)" : "MISSED"
                report.errors!.append("\(name)\tDCT \(dct)\t\(g.type)\t\"\(g.text)\"\tgold \(g.value)\t\(what)")
            }
        }
        for (k, p) in predicted.enumerated() {
            var c = report.byType[p.type ?? "DATE", default: Counts()]
            if predictedHit[k] {
                report.total.relaxedPredicted += 1
                c.relaxedPredicted += 1
            } else if report.errors != nil {
                report.errors!.append("\(name)\tDCT \(dct)\tSPURIOUS\t\"\(p.text)\"\t\(p.value ?? "nil")")
            }
            if predictedStrict[k] {
                report.total.strictPredicted += 1
                c.strictPredicted += 1
            }
            if predictedValue[k] {
                report.total.valueCorrectPredicted += 1
                c.valueCorrectPredicted += 1
            }
            report.byType[p.type ?? "DATE"] = c
        }
    }

    /// A value that names a calendar period (`1998`, `1998-12`, `1998-12-02`, `1998-W10`, `1998-Q3`, `1998-12-02TNI`).
    static func isCalendar(_ v: String) -> Bool {
        let u = Array(v.unicodeScalars)
        return u.count >= 4 && u[0..<4].allSatisfy { Tokenizer.isDigit($0) }
    }

    /// Whether calendar value `v` lies after the document creation time, compared at `v`'s granularity.
    static func isAfter(_ v: String, _ dct: String) -> Bool {
        let day = String(v.prefix(10))
        if day.count == 10, CivilDate(iso: day) != nil { return day > String(dct.prefix(10)) }
        if v.count == 7, v.dropFirst(4).hasPrefix("-"), Int(v.suffix(2)) != nil { return v > String(dct.prefix(7)) }
        if v.count == 4, Int(v) != nil { return v > String(dct.prefix(4)) }
        return false
    }

    /// Runs every `.tml` file of `directory` through `pipeline` (as `wiredesk process` does) and scores the dates.
    /// - Throws: `ConfigError` when the folder holds no TimeML documents.
    public static func evaluate(directory: String, pipeline: Pipeline, collectErrors: Bool = false)
        throws(ConfigError) -> Report
    {
        let fm = FileManager.default
        let files = ((try? fm.contentsOfDirectory(atPath: directory)) ?? []).filter { $0.hasSuffix(".tml") }.sorted()
        var report = Report()
        if collectErrors { report.errors = [] }
        for file in files {
            guard let content = try? String(contentsOfFile: directory + "/" + file, encoding: .utf8),
                let doc = parseTimeML(content, name: file)
            else { continue }
            let json: [String: String] = ["text": doc.text, "published": doc.dct]
            guard let bytes = try? JSONSerialization.data(withJSONObject: json, options: []) else { continue }
            let outcomes = pipeline.process(
                RawDocument(name: file.replacingOccurrences(of: ".tml", with: ".json"), bytes: [UInt8](bytes)))
            guard case .success(let result)? = outcomes.first?.result, let article = result.article else { continue }
            report.documents += 1
            let raw = Array(doc.text.unicodeScalars)
            let normalized = Array(article.text.unicodeScalars)
            var predicted = result.dates ?? []
            if let map = QuoteEvaluation.alignOffsets(raw: raw, normalized: normalized) {
                // Normalized offset → raw offset: the last raw scalar mapped there (skipped raw text maps to where
                // the texts meet again); a normalized scalar with no raw one takes the next that has.
                var inverse = [Int](repeating: -1, count: normalized.count + 1)
                for r in 0...raw.count where map[r] <= normalized.count { inverse[map[r]] = r }
                if inverse[normalized.count] < 0 { inverse[normalized.count] = raw.count }
                for k in stride(from: normalized.count - 1, through: 0, by: -1) where inverse[k] < 0 {
                    inverse[k] = inverse[k + 1]
                }
                for k in predicted.indices {
                    predicted[k].start = inverse[min(predicted[k].start, normalized.count)]
                    let endStart = inverse[min(max(predicted[k].end - 1, 0), normalized.count)]
                    predicted[k].end = max(predicted[k].start, endStart + 1)
                }
            } else {
                report.unaligned += 1
                predicted = []
            }
            score(gold: doc.timexes, predicted: predicted, dct: doc.dct, documentText: raw, name: file, into: &report)
        }
        guard report.documents > 0 else { throw ConfigError("no TimeML (.tml) documents under \(directory)") }
        return report
    }
}

extension Array {
    fileprivate subscript(safe i: Int) -> Element? { i >= 0 && i < count ? self[i] : nil }
}
