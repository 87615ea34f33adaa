// Measures `SentenceSplitter` against gold sentence boundaries (CoNLL-2003 documents and a hand-checked set).
//
// Gold text is rebuilt from tokens with detokenization rules (no space before closing punctuation, none after
// opening brackets, straight double quotes alternate open/close). Lines that do not end in sentence punctuation
// (CoNLL's headlines, datelines, table rows) become paragraphs of their own, as they stand in the articles;
// consecutive punctuated sentences form one paragraph. Only boundaries inside a paragraph are scored: a
// paragraph's end is a boundary for free and would inflate the numbers.

import WiredeskPipeline

/// Precision/recall of sentence boundaries.
public struct BoundaryScore: Sendable, Equatable {
    public var truePositives = 0
    public var falsePositives = 0
    public var falseNegatives = 0
    public var documents = 0
    public var goldSentences = 0

    public init() {}

    public var precision: Double {
        truePositives + falsePositives == 0 ? 1 : Double(truePositives) / Double(truePositives + falsePositives)
    }
    public var recall: Double {
        truePositives + falseNegatives == 0 ? 1 : Double(truePositives) / Double(truePositives + falseNegatives)
    }
    public var f1: Double { precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall) }

    public static func += (a: inout BoundaryScore, b: BoundaryScore) {
        a.truePositives += b.truePositives
        a.falsePositives += b.falsePositives
        a.falseNegatives += b.falseNegatives
        a.documents += b.documents
        a.goldSentences += b.goldSentences
    }
}

/// A document given as paragraphs of gold sentences.
public struct GoldDocument: Sendable {
    /// Each paragraph is a list of sentences (already detokenized text).
    public var paragraphs: [[String]]

    public init(paragraphs: [[String]]) { self.paragraphs = paragraphs }
}

public enum SentenceEvaluation {
    /// Scores the splitter on one document; `errors` (when given) collects a short context for each miss.
    public static func score(_ document: GoldDocument, errors: inout [String]) -> BoundaryScore {
        score(document, collect: &errors, collecting: true)
    }

    /// Scores the splitter on one document.
    public static func score(_ document: GoldDocument) -> BoundaryScore {
        var none: [String] = []
        return score(document, collect: &none, collecting: false)
    }

    static func score(_ document: GoldDocument, collect errors: inout [String], collecting: Bool) -> BoundaryScore {
        var score = BoundaryScore()
        score.documents = 1
        for paragraph in document.paragraphs {
            var text: [Unicode.Scalar] = []
            var gold = Set<Int>()
            for (i, sentence) in paragraph.enumerated() {
                if i > 0 {
                    gold.insert(text.count)
                    text.append(" ")
                }
                text.append(contentsOf: sentence.unicodeScalars)
            }
            score.goldSentences += paragraph.count
            let predicted = SentenceSplitter.split(text, in: 0..<text.count).dropLast().map(\.end)
            let predictedSet = Set(predicted)
            score.truePositives += predictedSet.intersection(gold).count
            score.falsePositives += predictedSet.subtracting(gold).count
            score.falseNegatives += gold.subtracting(predictedSet).count
            if collecting {
                func context(_ at: Int) -> String {
                    let a = max(0, at - 40)
                    let b = min(text.count, at + 30)
                    return TextCleaner.string(text[a..<at]) + " ‖ " + TextCleaner.string(text[at..<b])
                }
                for at in predictedSet.subtracting(gold).sorted() { errors.append("FP  " + context(at)) }
                for at in gold.subtracting(predictedSet).sorted() { errors.append("FN  " + context(at)) }
            }
        }
        return score
    }

    /// Parses CoNLL-2003 (`token POS chunk NER` lines, blank line between sentences, `-DOCSTART-` between
    /// documents) into gold documents.
    public static func conllDocuments(_ content: String) -> [GoldDocument] {
        var documents: [GoldDocument] = []
        var sentences: [String] = []
        var tokens: [String] = []
        var quoteOpen = false
        func endSentence() {
            if !tokens.isEmpty { sentences.append(detokenize(tokens, quoteOpen: &quoteOpen)) }
            tokens.removeAll()
        }
        func endDocument() {
            endSentence()
            if !sentences.isEmpty { documents.append(GoldDocument(paragraphs: paragraphs(sentences))) }
            sentences.removeAll()
            quoteOpen = false
        }
        for line in content.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("-DOCSTART-") {
                endDocument()
            } else if line.allSatisfy({ $0 == " " || $0 == "\r" }) {
                endSentence()
            } else if let token = line.split(separator: " ").first {
                tokens.append(String(token))
            }
        }
        endDocument()
        return documents
    }

    /// Unpunctuated lines stand alone; punctuated sentences run together.
    static func paragraphs(_ sentences: [String]) -> [[String]] {
        var out: [[String]] = []
        var current: [String] = []
        for s in sentences {
            let last = s.unicodeScalars.last { !SentenceSplitter.isClosing($0) }
            if let last, SentenceSplitter.isTerminator(last) {
                current.append(s)
            } else {
                if !current.isEmpty { out.append(current) }
                current = []
                out.append([s])
            }
        }
        if !current.isEmpty { out.append(current) }
        return out
    }

    static let noSpaceBefore: Set<String> = [
        ".", ",", ";", ":", "!", "?", ")", "]", "}", "%", "'s", "n't", "'", "'re", "'ve", "'ll", "'d", "'m", "...",
    ]
    static let noSpaceAfter: Set<String> = ["(", "[", "{", "$", "`", "``"]

    /// Joins tokens into text as a newspaper would print them.
    /// `quoteOpen` carries an open straight quote from one sentence to the next (quotations span sentences).
    public static func detokenize(_ tokens: [String], quoteOpen: inout Bool) -> String {
        var out = ""
        var glueNext = true
        for (index, token) in tokens.enumerated() {
            var t = token
            var glue = glueNext
            glueNext = false
            if t == "\"" {
                // A quote first in a sentence opens, one last in a sentence closes; otherwise they alternate.
                if index == 0 && tokens.count > 1 {
                    quoteOpen = false
                } else if index == tokens.count - 1 {
                    quoteOpen = true
                }
                if quoteOpen { glue = true } else { glueNext = true }
                quoteOpen.toggle()
            } else if noSpaceBefore.contains(t) {
                glue = true
            }
            if noSpaceAfter.contains(t) { glueNext = true }
            if t == "``" || t == "''" { t = "\"" }
            if !glue && !out.isEmpty { out += " " }
            out += t
        }
        return out
    }

    /// Reads a hand-checked set: one sentence per line, a blank line between paragraphs, `#` comments.
    public static func handCheckedDocument(_ content: String) -> GoldDocument {
        var paragraphs: [[String]] = []
        var current: [String] = []
        for line in content.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("#") { continue }
            if line.allSatisfy({ $0 == " " }) {
                if !current.isEmpty { paragraphs.append(current) }
                current = []
            } else {
                current.append(String(line))
            }
        }
        if !current.isEmpty { paragraphs.append(current) }
        return GoldDocument(paragraphs: paragraphs)
    }
}
