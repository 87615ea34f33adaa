// `wiredesk eval sentences`: sentence-boundary precision/recall against CoNLL-2003 and the hand-checked set.
import ArgumentParser
import Foundation
import WiredeskLab
import WiredeskPipeline

struct EvalSentencesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sentences",
        abstract: "Measure sentence splitting (precision, recall, F1 of boundaries inside paragraphs).",
        discussion: """
            CoNLL-2003 documents are rebuilt from their tokens (see SentenceEvaluation.swift for the rules). \
            The hand-checked set has one sentence per line and a blank line between paragraphs.
            """
    )

    @Option(help: "A CoNLL-2003 file (e.g. ../shared/corpora/conll2003/valid.txt).")
    var conll: String?

    @Option(help: "The hand-checked set.")
    var hand = "Tests/WiredeskPipelineTests/Fixtures/normalize/sentences-handchecked.txt"

    @Option(help: "Print up to this many wrong or missed boundaries (with context) after the table.")
    var showErrors = 0

    func run() throws {
        var errors: [String] = []
        var rows: [(String, BoundaryScore)] = []
        if let conll {
            guard let content = try? String(contentsOfFile: conll, encoding: .utf8) else {
                throw ValidationError("cannot read \(conll)")
            }
            let documents = SentenceEvaluation.conllDocuments(content)
            var total = BoundaryScore()
            let tty = isatty(2) == 1
            for (i, document) in documents.enumerated() {
                total += SentenceEvaluation.score(document, errors: &errors)
                if tty && (i % 50 == 0 || i + 1 == documents.count) {
                    FileHandle.standardError.write(Data("\r\(i + 1)/\(documents.count) documents".utf8))
                }
            }
            if tty { FileHandle.standardError.write(Data("\n".utf8)) }
            rows.append(("conll2003 " + (conll as NSString).lastPathComponent, total))
        }
        if let content = try? String(contentsOfFile: hand, encoding: .utf8) {
            rows.append(("hand-checked", SentenceEvaluation.score(SentenceEvaluation.handCheckedDocument(content))))
        } else {
            let message =
                "wiredesk: hand-checked set not found at \(hand) (run from the repository root or pass --hand)\n"
            FileHandle.standardError.write(Data(message.utf8))
        }
        guard !rows.isEmpty else { throw ExitCode(1) }
        func pct(_ v: Double) -> String { String(format: "%.2f%%", v * 100) }
        func pad(_ s: String, _ n: Int) -> String { s.count >= n ? s : s + String(repeating: " ", count: n - s.count) }
        print(
            pad("set", 24) + pad("docs", 7) + pad("sentences", 11) + pad("boundaries", 12) + pad("precision", 11)
                + pad("recall", 9) + "F1")
        for (name, s) in rows {
            print(
                pad(name, 24) + pad(String(s.documents), 7) + pad(String(s.goldSentences), 11)
                    + pad(String(s.truePositives + s.falseNegatives), 12) + pad(pct(s.precision), 11)
                    + pad(pct(s.recall), 9) + pct(s.f1))
        }
        for line in errors.prefix(showErrors) { print(line) }
    }
}
