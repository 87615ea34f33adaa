// `wiredesk eval ner --through-process`: the tagger as a user gets it. Each CoNLL document is written as a text
// file (one sentence per line, tokens separated by spaces, as CoNLL ships it), the file's bytes go through the
// real pipeline (normalize + extract, as `wiredesk process` runs them), and the entity mentions of the result are
// aligned back to the CoNLL tokens and scored with conlleval semantics.
//
// Alignment: the normalizer keeps the text's letters but may move or drop white space (reflow), fold a few
// characters (dashes, ellipses) and drop a byline; the non-space scalars of the written file and of
// `article.text` are matched in order, skipping a few scalars on either side to resynchronise. A CoNLL token is
// inside a mention when its first matched scalar is; the first token of a mention is `B-`, the rest `I-`.
import Foundation
import WiredeskPipeline

/// One document of a CoNLL file as a user's text file: its bytes and each token's scalar range in them.
public struct CoNLLTextDocument: Sendable {
    public var text: String
    /// Index of the first sentence of the document in the CoNLL file.
    public var firstSentence: Int
    /// Per sentence, per token: scalar range in `text`.
    public var tokenRanges: [[Range<Int>]]
}

public enum NERPipelineEvaluator {
    /// Documents of `sentences` written one sentence per line, tokens joined by one space.
    public static func documents(_ sentences: [LabeledSentence]) -> [CoNLLTextDocument] {
        documentRanges(sentences).map { range in
            var scalars = String.UnicodeScalarView()
            var ranges: [[Range<Int>]] = []
            var count = 0
            for s in sentences[range] {
                var line: [Range<Int>] = []
                for (k, t) in s.tokens.enumerated() {
                    if k > 0 {
                        scalars.append(" ")
                        count += 1
                    }
                    scalars.append(contentsOf: s.scalars[t.start..<t.end])
                    line.append(count..<(count + t.end - t.start))
                    count += t.end - t.start
                }
                scalars.append("\n")
                count += 1
                ranges.append(line)
            }
            return CoNLLTextDocument(text: String(scalars), firstSentence: range.lowerBound, tokenRanges: ranges)
        }
    }

    /// Maps each scalar offset of `source` to the offset of the same scalar in `target` (nil when the
    /// normalizer dropped or changed it). Only non-space scalars are matched.
    public static func align(_ source: [Unicode.Scalar], _ target: [Unicode.Scalar]) -> [Int?] {
        var map = [Int?](repeating: nil, count: source.count)
        let a = source.indices.filter { !Tokenizer.isSpace(source[$0]) }
        let b = target.indices.filter { !Tokenizer.isSpace(target[$0]) }
        func equal(_ i: Int, _ j: Int) -> Bool { fold(source[a[i]]) == fold(target[b[j]]) }
        func runMatches(_ i: Int, _ j: Int) -> Bool {
            var k = 0
            while k < 6 && i + k < a.count && j + k < b.count {
                if !equal(i + k, j + k) { return false }
                k += 1
            }
            return k == 6 || i + k == a.count || j + k == b.count
        }
        var i = 0
        var j = 0
        while i < a.count && j < b.count {
            if equal(i, j) {
                map[a[i]] = b[j]
                i += 1
                j += 1
                continue
            }
            // Resynchronise: the smallest skip on either side after which six scalars match again.
            var resumed = false
            search: for skip in 1...64 {
                for (di, dj) in [(0, skip), (skip, 0), (skip, skip)]
                where i + di < a.count && j + dj < b.count && runMatches(i + di, j + dj) {
                    i += di
                    j += dj
                    resumed = true
                    break search
                }
            }
            if !resumed {
                i += 1
                j += 1
            }
        }
        return map
    }

    /// Folds what the normalizer unifies, so "--" and "—" or "'" and "’" still align.
    static func fold(_ c: Unicode.Scalar) -> UInt32 { NERFeaturizer.fold(c, lower: false) }

    /// BIO tags per sentence of `document` from the mentions of `entities` over `articleText`.
    public static func tags(
        _ document: CoNLLTextDocument, articleText: String, entities: [Entity]
    ) -> [[Int]] {
        let source = Array(document.text.unicodeScalars)
        let target = Array(articleText.unicodeScalars)
        let map = align(source, target)
        // Target offset → (sentence, token) of the source token whose first scalar lands there.
        var owner: [Int: (Int, Int)] = [:]
        for (s, line) in document.tokenRanges.enumerated() {
            for (t, r) in line.enumerated() {
                if let first = r.lazy.compactMap({ map[$0] }).first { owner[first] = (s, t) }
            }
        }
        var tags = document.tokenRanges.map { [Int](repeating: 0, count: $0.count) }
        var mentions: [(start: Int, end: Int, type: Int)] = []
        for e in entities {
            guard let type = typeIndex(e.type) else { continue }
            for m in e.mentions { mentions.append((m.start, m.end, type)) }
        }
        mentions.sort { $0.start < $1.start }
        for m in mentions {
            var first = true
            for offset in m.start..<m.end {
                guard let (s, t) = owner[offset], tags[s][t] == 0 else { continue }
                tags[s][t] = first ? 1 + 2 * m.type : 2 + 2 * m.type
                first = false
            }
        }
        return tags
    }

    static func typeIndex(_ name: String) -> Int? {
        switch name {
        case "PERSON", "PER": return 0
        case "ORGANIZATION", "ORG": return 1
        case "LOCATION", "LOC": return 2
        case "MISC": return 3
        default: return nil
        }
    }

    /// Scores `pipeline` on `sentences`: each document goes through it as the bytes of a text file (written
    /// to `directory` first when given, so the files can be inspected or fed to `wiredesk process`).
    /// `differences` receives, per sentence where the pipeline's tags differ from `reference` (e.g. the tagger
    /// on gold tokens), the sentence index and both tag sequences.
    public static func evaluate(
        _ pipeline: Pipeline, on sentences: [LabeledSentence], directory: String? = nil,
        reference: [[Int]]? = nil, differences: ((Int, [Int], [Int]) -> Void)? = nil
    ) throws(ConfigError) -> (scores: NERScores, predictions: [[Int]]) {
        var scores = NERScores()
        var predictions = [[Int]](repeating: [], count: sentences.count)
        for (n, document) in documents(sentences).enumerated() {
            let name = String(format: "conll-%04d.txt", n + 1)
            var bytes = Array(document.text.utf8)
            if let directory {
                let path = directory + "/" + name
                guard FileManager.default.createFile(atPath: path, contents: Data(bytes)),
                    let back = FileIO.read(path)
                else { throw ConfigError("cannot write \(path)") }
                bytes = back
            }
            var text = ""
            var entities: [Entity] = []
            for outcome in pipeline.process(RawDocument(name: name, bytes: bytes)) {
                if case .success(let result) = outcome.result, let article = result.article {
                    text = article.text
                    entities = result.entities ?? []
                }
            }
            let tags = tags(document, articleText: text, entities: entities)
            for (k, t) in tags.enumerated() {
                let index = document.firstSentence + k
                predictions[index] = t
                scores.add(gold: sentences[index].tags, predicted: t)
                if let reference, let differences, reference[index] != t { differences(index, reference[index], t) }
            }
        }
        return (scores, predictions)
    }

    /// A sentence with tags as `token/TAG` (only entity tokens tagged), for error listings.
    public static func render(_ sentence: LabeledSentence, _ tags: [Int]) -> String {
        zip(sentence.tokens, tags).map { t, tag in
            let word = t.text(in: sentence.scalars)
            return tag == 0 ? word : word + "/" + NERTags.names[tag]
        }.joined(separator: " ")
    }
}
