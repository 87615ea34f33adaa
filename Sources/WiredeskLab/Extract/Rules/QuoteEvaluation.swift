// `wiredesk eval quotes`: scores the quote extractor against PolNeAR's brat attribution annotations.
//
// Definitions (docs/extract-rules.md has the long form):
// - The article text goes through `NormalizeStage` (as in the daemon) and `ExtractRules.apply` with no entities
//   (so speakers come from the capitalised-word FALLBACK). Brat offsets index the raw text (Unicode scalars);
//   they are mapped to normalized offsets by aligning the two texts (normalize only trims and joins whitespace).
//   When the alignment fails the extractor runs on the raw text instead (counted in the report).
// - A gold direct quote is an attribution whose Content span, widened by two scalars on each side (brat spans
//   often stop before `,”`), holds a pair of quotation marks (an opening “ or " followed by a closing ” or ")
//   enclosing at least one letter. It is `full` when the quoted stretches cover at least half of the content's
//   letters, else a `fragment`.
// - Recall: a gold direct quote is found when a predicted `direct` or `partial` quote overlaps one of its quoted
//   stretches. Precision: predicted `direct`/`partial` quotes overlapping any gold Content span.
// - Speaker accuracy (found quotes whose attribution has a Source): correct when the predicted speaker mention
//   overlaps the Source span, or the predicted speaker's name contains the Source's last capitalised word.
//   Pronoun sources (he, she, they, …) are reported apart, with how many were resolved to a name.
import Foundation
import WiredeskPipeline

/// One attribution of a brat `.ann` file.
public struct GoldAttribution: Sendable {
    public var content: [TextRange]
    public var source: [TextRange]
    public var cue: [TextRange]
}

public enum QuoteEvaluation {
    /// Counts of one evaluation run.
    public struct Report: Sendable {
        public var articles = 0
        public var articlesOnRawText = 0
        public var goldDirect = 0
        public var foundDirect = 0
        public var goldFull = 0
        public var foundFull = 0
        public var goldFragment = 0
        public var foundFragment = 0
        public var predicted = 0
        public var predictedCorrect = 0
        public var predictedWithoutSpeaker = 0
        public var speakerTotal = 0
        public var speakerCorrect = 0
        public var namedTotal = 0
        public var namedCorrect = 0
        public var nominalTotal = 0
        public var nominalCorrect = 0
        public var pronounTotal = 0
        public var pronounCorrect = 0
        public var pronounResolvedToName = 0
        public var microseconds = 0
        /// When set, each missed quote and wrong speaker is described here (for `--show-errors`).
        public var errors: [String]? = nil

        public init(collectErrors: Bool = false) {
            if collectErrors { errors = [] }
        }

        static func pct(_ a: Int, _ b: Int) -> String {
            b == 0 ? "   -  " : String(format: "%5.1f%%", 100 * Double(a) / Double(b))
        }

        /// The summary table printed by the CLI.
        public var table: String {
            func row(_ name: String, _ a: Int, _ b: Int) -> String {
                name.padding(toLength: 44, withPad: " ", startingAt: 0) + String(format: "%6d / %-6d ", a, b)
                    + Self.pct(a, b)
            }
            var lines = [
                "PolNeAR quotes: \(articles) articles (\(articlesOnRawText) on raw text), \(microseconds / 1000) ms",
                "measure".padding(toLength: 44, withPad: " ", startingAt: 0) + "   hit / total      %",
                row("recall, direct quotes (all)", foundDirect, goldDirect),
                row("recall, full quotes", foundFull, goldFull),
                row("recall, quoted fragments", foundFragment, goldFragment),
                row("precision (predicted direct+partial)", predictedCorrect, predicted),
                row("speaker accuracy (found, with source)", speakerCorrect, speakerTotal),
                row("  named sources", namedCorrect, namedTotal),
                row("  nominal sources (\"the official\")", nominalCorrect, nominalTotal),
                row("  pronoun sources (mention found)", pronounCorrect, pronounTotal),
                row("  pronoun sources resolved to a name", pronounResolvedToName, pronounTotal),
                row("predicted direct quotes without speaker", predictedWithoutSpeaker, predicted),
            ]
            lines.append("")
            return lines.joined(separator: "\n")
        }
    }

    /// Attributions of a brat file (only `E…` lines with their `T…` spans; discontinuous spans keep every piece).
    public static func parseAnn(_ ann: String) -> [GoldAttribution] {
        var spans: [Substring: [TextRange]] = [:]
        var out: [GoldAttribution] = []
        for line in ann.split(separator: "\n") {
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false)
            guard fields.count >= 2 else { continue }
            if fields[0].hasPrefix("T") {
                guard let space = fields[1].firstIndex(of: " ") else { continue }
                var ranges: [TextRange] = []
                for piece in fields[1][fields[1].index(after: space)...].split(separator: ";") {
                    let nums = piece.split(separator: " ").compactMap { Int($0) }
                    if nums.count == 2 { ranges.append(TextRange(nums[0], nums[1])) }
                }
                spans[fields[0]] = ranges
            } else if fields[0].hasPrefix("E") {
                var a = GoldAttribution(content: [], source: [], cue: [])
                for arg in fields[1].split(separator: " ") {
                    let kv = arg.split(separator: ":")
                    guard kv.count == 2 else { continue }
                    let r = spans[kv[1]] ?? []
                    switch kv[0] {
                    case "Content": a.content = r
                    case "Source": a.source = r
                    case "Cue": a.cue = r
                    default: break
                    }
                }
                if !a.content.isEmpty { out.append(a) }
            }
        }
        return out
    }

    /// Maps every raw scalar offset (0...raw.count) to the normalized text, or nil when the texts cannot be aligned.
    ///
    /// Whitespace may differ freely. Other edits of the normalizer (`…` → `...`, a removed byline or dateline, dash
    /// and quote-mark replacements) are bridged by skipping up to `maxRawSkip` raw and `maxInsert` normalized scalars
    /// to the nearest point where the next `anchor` non-space scalars agree again; raw scalars skipped map to the
    /// normalized position where the texts meet again. More than a tenth of the raw text skipped is a failure.
    public static func alignOffsets(
        raw: [Unicode.Scalar], normalized: [Unicode.Scalar], maxRawSkip: Int = 400, maxInsert: Int = 8, anchor: Int = 8
    ) -> [Int]? {
        var map = [Int](repeating: 0, count: raw.count + 1)
        var i = 0
        var j = 0
        var skipped = 0
        /// Whether the next `anchor` non-space scalars from raw[a] and normalized[b] agree (at least one of them,
        /// or both texts end together after a real match).
        func agreeAhead(_ a: Int, _ b: Int) -> Bool {
            var a = a
            var b = b
            var matched = 0
            while matched < anchor {
                while a < raw.count && Tokenizer.isSpace(raw[a]) { a += 1 }
                while b < normalized.count && Tokenizer.isSpace(normalized[b]) { b += 1 }
                if a == raw.count || b == normalized.count {
                    return a == raw.count && b == normalized.count && matched > 0
                }
                if raw[a] != normalized[b] { return false }
                matched += 1
                a += 1
                b += 1
            }
            return true
        }
        while i < raw.count {
            map[i] = min(j, normalized.count)
            if j < normalized.count && raw[i] == normalized[j] {
                i += 1
                j += 1
            } else if Tokenizer.isSpace(raw[i]) {
                if j < normalized.count && Tokenizer.isSpace(normalized[j]) { j += 1 }
                i += 1
            } else if j < normalized.count && Tokenizer.isSpace(normalized[j]) {
                j += 1
            } else if j >= normalized.count {
                // The normalized text ended (a trailer was dropped): the rest maps to its end.
                skipped += 1
                if skipped * 10 > raw.count { return nil }
                i += 1
            } else {
                // Resynchronise at the smallest total skip.
                var found: (Int, Int)? = nil
                search: for total in 1...(maxRawSkip + maxInsert) {
                    for dj in 0...min(total, maxInsert) {
                        let di = total - dj
                        guard di <= maxRawSkip, i + di <= raw.count, j + dj <= normalized.count else { continue }
                        if agreeAhead(i + di, j + dj) {
                            found = (di, dj)
                            break search
                        }
                    }
                }
                guard let (di, dj) = found else { return nil }
                skipped += di
                if skipped * 10 > raw.count { return nil }
                j += dj
                for k in i..<(i + di) { map[k] = min(j, normalized.count) }
                i += di
            }
        }
        map[raw.count] = min(j, normalized.count)
        return map
    }

    /// Quoted stretches (between an opening and the next closing mark) inside `region` of `scalars`.
    static func quotedStretches(_ scalars: [Unicode.Scalar], _ region: TextRange) -> [TextRange] {
        var out: [TextRange] = []
        var open: Int? = nil
        var k = max(0, region.start)
        while k < min(region.end, scalars.count) {
            let s = scalars[k]
            if let mark = QuoteMark.classify(s) {
                let opening: Bool
                switch mark {
                case .open: opening = true
                case .close: opening = false
                case .ambiguous: opening = open == nil
                }
                if opening && open == nil {
                    open = k
                } else if !opening, let o = open {
                    if scalars[(o + 1)..<k].contains(where: { Tokenizer.isLetter($0) }) {
                        out.append(TextRange(o + 1, k))
                    }
                    open = nil
                }
            }
            k += 1
        }
        return out
    }

    static func overlaps(_ a: TextRange, _ b: TextRange) -> Bool { a.start < b.end && b.start < a.end }

    /// Scores one article (raw text and its `.ann`) into `report`.
    /// - Parameter entities: the NER step to run first, as the extract stage does; nil scores the rules alone, with
    ///   their capitalised-name fallback for speakers.
    public static func evaluate(
        rawText: String, ann: String, name: String, entities: EntityExtractor? = nil, into report: inout Report
    ) {
        let raw = Array(rawText.unicodeScalars)
        var result: ArticleResult
        var map: [Int]? = nil
        let stage = NormalizeStage()
        if let items = try? stage.run(RawDocument(name: name, bytes: Array(rawText.utf8))),
            case .success(let normalized)? = items.first?.outcome, let body = normalized.article,
            let m = alignOffsets(raw: raw, normalized: Array(body.text.unicodeScalars))
        {
            result = normalized
            map = m
        } else {
            report.articlesOnRawText += 1
            result = ArticleResult(id: name, source: SourceInfo(name: name, bytes: rawText.utf8.count, receivedAt: ""))
            result.article = ArticleBody(headline: nil, text: rawText)
        }
        if let entities, let body = result.article, ExtractStage.skipReason(body) == nil {
            result.entities = entities.entities(in: body)
        }
        let clock = MonotonicClock()
        ExtractRules.apply(to: &result)
        report.microseconds += clock.elapsedMicros()
        report.articles += 1
        let scalars = Array(result.article!.text.unicodeScalars)
        func mapped(_ r: TextRange) -> TextRange {
            guard let map else { return r }
            return TextRange(map[min(r.start, raw.count)], map[min(r.end, raw.count)])
        }
        let gold = parseAnn(ann).map {
            GoldAttribution(content: $0.content.map(mapped), source: $0.source.map(mapped), cue: $0.cue.map(mapped))
        }
        let predicted = (result.quotes ?? []).filter { $0.kind != "indirect" }
        report.predicted += predicted.count
        for q in predicted {
            let range = TextRange(q.start, q.end)
            if gold.contains(where: { $0.content.contains { overlaps($0, range) } }) { report.predictedCorrect += 1 }
            if q.speaker == nil { report.predictedWithoutSpeaker += 1 }
        }
        for g in gold {
            var stretches: [TextRange] = []
            for piece in g.content {
                for s in quotedStretches(scalars, TextRange(piece.start - 2, piece.end + 2))
                where !stretches.contains(s) {
                    stretches.append(s)
                }
            }
            guard !stretches.isEmpty else { continue }
            let contentLetters = g.content.reduce(0) { acc, r in
                acc + scalars[max(0, r.start)..<min(r.end, scalars.count)].filter { Tokenizer.isLetter($0) }.count
            }
            let quotedLetters = stretches.reduce(0) { acc, r in
                acc + scalars[r.start..<r.end].filter { Tokenizer.isLetter($0) }.count
            }
            let full = quotedLetters * 2 >= contentLetters
            report.goldDirect += 1
            if full { report.goldFull += 1 } else { report.goldFragment += 1 }
            let hits = predicted.filter { q in stretches.contains { overlaps($0, TextRange(q.start, q.end)) } }
            guard
                let best = hits.max(by: { a, b in
                    overlap(a, stretches) < overlap(b, stretches)
                })
            else {
                if report.errors != nil, let s = stretches.first {
                    let ctx = String(
                        String.UnicodeScalarView(scalars[max(0, s.start - 60)..<min(scalars.count, s.end + 40)]))
                    report.errors!.append("MISS \(name): \(ctx.replacingOccurrences(of: "\n", with: "¶"))")
                }
                continue
            }
            report.foundDirect += 1
            if full { report.foundFull += 1 } else { report.foundFragment += 1 }
            guard !g.source.isEmpty else { continue }
            let sourceText = g.source.map { r in
                String(String.UnicodeScalarView(scalars[max(0, r.start)..<min(r.end, scalars.count)]))
            }.joined(separator: " ")
            let sourceWords = RuleText(text: sourceText).tokens.filter { $0.kind == .word }
            let isPronoun = sourceWords.count == 1 && RuleLexicon.pronouns.contains(sourceWords[0].lower)
            let isNamed = sourceWords.contains { $0.isCapitalized && !RuleLexicon.determiners.contains($0.lower) }
            var correct = false
            if let m = best.speakerMention, g.source.contains(where: { overlaps($0, TextRange(m.start, m.end)) }) {
                correct = true
            } else if let speaker = best.speaker?.lowercased(),
                let last = sourceWords.last(where: { $0.isCapitalized && !RuleLexicon.titleWords.contains($0.lower) })
            {
                let speakerWords = Set(RuleText(text: speaker).tokens.map(\.lower))
                correct = speakerWords.contains(last.lower)
            }
            report.speakerTotal += 1
            if correct { report.speakerCorrect += 1 }
            if !correct, report.errors != nil {
                let lo = max(0, min(best.start, g.source.first!.start) - 30)
                let hi = min(scalars.count, max(best.start + 40, g.source.last!.end + 30))
                let ctx = String(String.UnicodeScalarView(scalars[lo..<hi])).replacingOccurrences(of: "\n", with: "¶")
                report.errors!.append(
                    "SPEAKER \(name): gold=\(sourceText) predicted=\(best.speaker ?? "nil") "
                        + "mention=\(best.speakerMention?.text ?? "nil") | \(ctx)"
                )
            }
            if isPronoun {
                report.pronounTotal += 1
                if correct { report.pronounCorrect += 1 }
                if correct, let speaker = best.speaker, !RuleLexicon.pronouns.contains(speaker.lowercased()) {
                    report.pronounResolvedToName += 1
                }
            } else if isNamed {
                report.namedTotal += 1
                if correct { report.namedCorrect += 1 }
            } else {
                report.nominalTotal += 1
                if correct { report.nominalCorrect += 1 }
            }
        }
    }

    private static func overlap(_ q: Quote, _ stretches: [TextRange]) -> Int {
        stretches.reduce(0) { $0 + max(0, min($1.end, q.end) - max($1.start, q.start)) }
    }

    /// Evaluates every `text/*.txt` of a PolNeAR split against `attributions/<name>_<annotator>.ann`.
    /// - Throws: `ConfigError` when the folders are missing.
    public static func evaluate(
        polnear directory: String, collectErrors: Bool = false, entities: EntityExtractor? = nil,
        progress: ((Int, Int) -> Void)? = nil
    ) throws(ConfigError) -> Report {
        let fm = FileManager.default
        let textDir = directory + "/text"
        let annDir = directory + "/attributions"
        guard let texts = try? fm.contentsOfDirectory(atPath: textDir).filter({ $0.hasSuffix(".txt") }).sorted(),
            let anns = try? fm.contentsOfDirectory(atPath: annDir).filter({ $0.hasSuffix(".ann") }).sorted()
        else {
            throw ConfigError("\(directory) must hold text/ and attributions/ (a PolNeAR split)")
        }
        var report = Report(collectErrors: collectErrors)
        for (n, file) in texts.enumerated() {
            let stem = String(file.dropLast(4))
            guard let annFile = anns.first(where: { $0.hasPrefix(stem + "_") }),
                let raw = fm.contents(atPath: textDir + "/" + file),
                let ann = fm.contents(atPath: annDir + "/" + annFile)
            else { continue }
            evaluate(
                rawText: String(decoding: raw, as: UTF8.self), ann: String(decoding: ann, as: UTF8.self), name: file,
                entities: entities, into: &report)
            progress?(n + 1, texts.count)
        }
        return report
    }
}
