// `wiredesk eval keywords`: two honest proxies for keyphrase quality (there is no keyphrase dev set here).
//
// 1. A hand-labelled set (Benchmarks/keywords/hand-labelled.tsv: ~10 articles, 10 phrases each, chosen before
//    looking at the extractor's output): precision, recall and F1 of the top 10. A predicted phrase matches a gold
//    one when they are equal ignoring case, or one holds the other as whole words ("Stoltenberg" ~ "Jens
//    Stoltenberg"); each gold phrase is matched at most once.
// 2. Headline proxy over a folder of articles (headline on the first line): the share of the headline's content
//    words found in the top 10, and the share of top-10 phrases that are an entity name or share a content word with
//    the headline. Limits: both reward headline words and entities, not what a reader would pick; small numbers.
//
// Articles go through normalize and extract as `wiredesk process` runs them.
import Foundation
import WiredeskPipeline

public enum KeywordEvaluation {
    public struct Report: Sendable {
        public var handArticles = 0
        public var handPredicted = 0
        public var handGold = 0
        public var handMatchedPredicted = 0
        public var handMatchedGold = 0
        public var folderArticles = 0
        public var headlineWords = 0
        public var headlineWordsCovered = 0
        public var keywords = 0
        public var keywordsEntityOrHeadline = 0
        public var lines: [String] = []

        public var table: String {
            func pct(_ a: Int, _ b: Int) -> Double { b == 0 ? 0 : 100 * Double(a) / Double(b) }
            var out = lines
            if handArticles > 0 {
                let p = pct(handMatchedPredicted, handPredicted)
                let r = pct(handMatchedGold, handGold)
                let f = p + r == 0 ? 0 : 2 * p * r / (p + r)
                out.append(
                    String(
                        format: "hand-labelled: %d articles, P@10 %.1f (%d/%d), R@10 %.1f (%d/%d), F1@10 %.1f",
                        handArticles, p, handMatchedPredicted, handPredicted, r, handMatchedGold, handGold, f))
            }
            if folderArticles > 0 {
                out.append(
                    String(
                        format:
                            "headline proxy: %d articles, headline content words in top 10: %.1f%% (%d/%d), top-10 phrases that are an entity or share a headline word: %.1f%% (%d/%d)",
                        folderArticles, pct(headlineWordsCovered, headlineWords), headlineWordsCovered, headlineWords,
                        pct(keywordsEntityOrHeadline, keywords), keywordsEntityOrHeadline, keywords))
            }
            out.append("")
            return out.joined(separator: "\n")
        }
    }

    static func words(_ s: String) -> [String] {
        s.lowercased().split { !($0.isLetter || $0.isNumber || $0 == "'" || $0 == "-" || $0 == "/") }.map(String.init)
    }

    /// Whether `a` and `b` are equal or one holds the other as consecutive whole words.
    static func matches(_ a: String, _ b: String) -> Bool {
        let x = words(a)
        let y = words(b)
        guard !x.isEmpty, !y.isEmpty else { return false }
        func contains(_ long: [String], _ short: [String]) -> Bool {
            guard long.count >= short.count else { return false }
            for i in 0...(long.count - short.count) where Array(long[i..<(i + short.count)]) == short { return true }
            return false
        }
        return contains(x, y) || contains(y, x)
    }

    static func result(_ path: String, pipeline: Pipeline) -> ArticleResult? {
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        let name = (path as NSString).lastPathComponent
        guard case .success(let r)? = pipeline.process(RawDocument(name: name, bytes: [UInt8](data))).first?.result
        else { return nil }
        return r
    }

    /// Scores the hand-labelled file (paths resolved against `corpora`, then the current directory) and, when
    /// given, the headline proxy over `folder`.
    public static func evaluate(
        hand: String?, corpora: String, folder: String?, pipeline: Pipeline, show: Bool
    ) throws(ConfigError) -> Report {
        var report = Report()
        if let hand {
            guard let content = try? String(contentsOfFile: hand, encoding: .utf8) else {
                throw ConfigError("cannot read \(hand)")
            }
            for line in content.split(separator: "\n") where !line.hasPrefix("#") {
                let fields = line.split(separator: "\t")
                guard fields.count == 2 else { continue }
                let rel = String(fields[0])
                let path =
                    FileManager.default.fileExists(atPath: corpora + "/" + rel) ? corpora + "/" + rel : rel
                guard let r = result(path, pipeline: pipeline) else {
                    report.lines.append("cannot process \(path)")
                    continue
                }
                let gold = fields[1].split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
                let predicted = (r.keywords ?? []).prefix(10).map(\.text)
                report.handArticles += 1
                report.handGold += gold.count
                report.handPredicted += predicted.count
                var used = Set<Int>()
                for p in predicted {
                    if let g = gold.indices.first(where: { !used.contains($0) && matches(p, gold[$0]) }) {
                        used.insert(g)
                        report.handMatchedPredicted += 1
                    }
                }
                report.handMatchedGold += used.count
                if show { report.lines.append("\(rel): " + predicted.joined(separator: " | ")) }
            }
        }
        if let folder {
            let fm = FileManager.default
            let files = (fm.enumerator(atPath: folder)?.compactMap { $0 as? String } ?? []).filter {
                $0.hasSuffix(".txt")
            }.sorted()
            let stop = StopWords.english
            for file in files {
                guard let r = result(folder + "/" + file, pipeline: pipeline), let headline = r.article?.headline
                else { continue }
                report.folderArticles += 1
                let headWords = Set(words(headline).filter { !stop.contains($0) })
                let top = (r.keywords ?? []).prefix(10).map(\.text)
                let topWords = Set(top.flatMap { words($0) })
                report.headlineWords += headWords.count
                report.headlineWordsCovered += headWords.filter { topWords.contains($0) }.count
                let entityNames = Set((r.entities ?? []).map { $0.name.lowercased() })
                for k in top {
                    report.keywords += 1
                    if entityNames.contains(k.lowercased()) || !Set(words(k)).isDisjoint(with: headWords) {
                        report.keywordsEntityOrHeadline += 1
                    }
                }
            }
        }
        return report
    }
}
