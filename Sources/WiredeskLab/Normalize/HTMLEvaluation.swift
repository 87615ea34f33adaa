// Snippet scoring of HTML main-text extraction on trafilatura's evaluation set (`html-eval/`): each page has
// snippets of its main content (`with`) and of its boilerplate (`without`). A `with` snippet found in the
// extracted text is a true positive, missed a false negative; a `without` snippet found is a false positive.
// Snippets and text are compared after collapsing white space (trafilatura's `tests/evaluate.py`).
// A page counts as English when at least 15 % of the words of its `with` snippets are common English function
// words (the set has no language field). `scripts/html-eval-reference.py` applies the same rules to trafilatura.
import Foundation
import WiredeskPipeline

public struct SnippetScore: Sendable, Equatable {
    public var truePositives = 0
    public var falsePositives = 0
    public var falseNegatives = 0
    public var pages = 0

    public init() {}

    public var precision: Double { Double(truePositives) / Double(max(truePositives + falsePositives, 1)) }
    public var recall: Double { Double(truePositives) / Double(max(truePositives + falseNegatives, 1)) }
    public var f1: Double { precision + recall > 0 ? 2 * precision * recall / (precision + recall) : 0 }

    public static func += (a: inout SnippetScore, b: SnippetScore) {
        a.truePositives += b.truePositives
        a.falsePositives += b.falsePositives
        a.falseNegatives += b.falseNegatives
        a.pages += b.pages
    }
}

public enum HTMLEvaluation {
    /// One page of the set: its file name and snippets.
    public struct Page: Sendable {
        public var file: String
        public var with: [String]
        public var without: [String]
    }

    /// The pages of `evaldata.json`, in file-name order.
    public static func pages(evaldata: Data) throws -> [Page] {
        guard let object = try JSONSerialization.jsonObject(with: evaldata) as? [String: Any] else { return [] }
        return object.values.compactMap { value -> Page? in
            guard let d = value as? [String: Any], let file = d["file"] as? String else { return nil }
            return Page(file: file, with: d["with"] as? [String] ?? [], without: d["without"] as? [String] ?? [])
        }.sorted { $0.file < $1.file }
    }

    static let englishWords: Set<String> = [
        "the", "of", "and", "to", "a", "in", "is", "that", "for", "it", "on", "with", "as", "was", "be", "by", "at",
        "this", "are", "from", "have", "has", "an", "not",
    ]

    public static func isEnglish(_ page: Page) -> Bool {
        var words = 0
        var english = 0
        for snippet in page.with {
            for word in snippet.lowercased().split(whereSeparator: { !($0.isASCII && ($0.isLetter || $0 == "'")) }) {
                words += 1
                if englishWords.contains(String(word)) { english += 1 }
            }
        }
        return words > 0 && Double(english) / Double(words) >= 0.15
    }

    public static func collapse(_ s: String) -> String {
        s.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
    }

    /// The score of one page's extracted text.
    public static func score(_ page: Page, text: String) -> SnippetScore {
        let text = collapse(text)
        var s = SnippetScore()
        s.pages = 1
        for snippet in page.with {
            if text.contains(collapse(snippet)) { s.truePositives += 1 } else { s.falseNegatives += 1 }
        }
        for snippet in page.without where text.contains(collapse(snippet)) { s.falsePositives += 1 }
        return s
    }

    /// The page's bytes: `file.gz` (through `gzip -dc`) or `file`.
    public static func read(_ file: String, in directory: String) -> [UInt8]? {
        let plain = (directory as NSString).appendingPathComponent(file)
        if let data = FileManager.default.contents(atPath: plain) { return [UInt8](data) }
        let gz = plain + ".gz"
        guard FileManager.default.fileExists(atPath: gz) else { return nil }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/gzip")
        process.arguments = ["-dc", gz]
        let pipe = Pipe()
        process.standardOutput = pipe
        do { try process.run() } catch { return nil }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return process.terminationStatus == 0 ? [UInt8](data) : nil
    }

    public struct Report: Sendable {
        public var all = SnippetScore()
        public var english = SnippetScore()
        /// Milliseconds of the normalize stage per page, sorted.
        public var milliseconds: [Double] = []
        public var missing = 0
        public var failures = 0
        /// Pages whose result holds no `with` snippet at all: (file, F1 of the page).
        public var worst: [(file: String, score: SnippetScore)] = []

        public func percentile(_ p: Double) -> Double {
            milliseconds.isEmpty ? 0 : milliseconds[min(milliseconds.count - 1, Int(Double(milliseconds.count) * p))]
        }
    }

    /// Runs the normalize stage on each page's bytes, as `wiredesk process` does, and scores its text; with
    /// `dump`, each page's text is also written to `dump/FILE.txt`.
    public static func run(
        pages: [Page], directory: String, stage: NormalizeStage = NormalizeStage(), dump: String? = nil
    ) -> Report {
        var report = Report()
        for page in pages {
            guard let bytes = read(page.file, in: directory) else {
                report.missing += 1
                continue
            }
            let start = DispatchTime.now().uptimeNanoseconds
            var text = ""
            do {
                let items = try stage.run(RawDocument(name: page.file, bytes: bytes, receivedAt: Date()))
                text = (try? items.first?.outcome.get())?.article?.text ?? ""
            } catch {
                report.failures += 1
            }
            report.milliseconds.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6)
            if let dump {
                let path = (dump as NSString).appendingPathComponent(page.file + ".txt")
                _ = FileManager.default.createFile(atPath: path, contents: Data(text.utf8))
            }
            let s = score(page, text: text)
            report.all += s
            if isEnglish(page) { report.english += s }
            report.worst.append((page.file, s))
        }
        report.milliseconds.sort()
        report.worst.sort { $0.score.f1 < $1.score.f1 }
        return report
    }
}
