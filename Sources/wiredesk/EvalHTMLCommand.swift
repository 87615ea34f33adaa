// `wiredesk eval html`: snippet precision/recall of the HTML main-text extractor on html-eval.
import ArgumentParser
import Foundation
import WiredeskLab
import WiredeskPipeline

struct EvalHTMLCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "html",
        abstract: "Measure HTML main-text extraction (precision, recall, F1 over kept/dropped snippets).",
        discussion: """
            Runs the normalize stage on each page's bytes, as `wiredesk process` does. Pages may be gzip-compressed \
            (`NAME.gz`). See Sources/WiredeskLab/Normalize/HTMLEvaluation.swift for the scoring rules.
            """
    )

    @Option(help: "Folder of pages (e.g. ../shared/corpora/html-eval/pages).")
    var pages: String

    @Option(help: "The snippets file (default: evaldata.json beside the pages folder).")
    var evaldata: String?

    @Option(help: "Print the files of this many lowest-scoring pages after the table.")
    var showWorst = 0

    @Option(help: "Write each page's extracted text to this folder (FILE.txt), for inspection.")
    var dump: String?

    func run() throws {
        let path =
            evaldata
            ?? ((pages as NSString).deletingLastPathComponent as NSString).appendingPathComponent("evaldata.json")
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ValidationError("cannot read \(path)")
        }
        let list = try HTMLEvaluation.pages(evaldata: data)
        if let dump { try FileManager.default.createDirectory(atPath: dump, withIntermediateDirectories: true) }
        let report = HTMLEvaluation.run(pages: list, directory: pages, dump: dump)
        func pct(_ v: Double) -> String { String(format: "%.1f%%", v * 100) }
        func pad(_ s: String, _ n: Int) -> String { s.count >= n ? s : s + String(repeating: " ", count: n - s.count) }
        print(pad("pages", 10) + pad("count", 7) + pad("precision", 11) + pad("recall", 9) + "F1")
        for (name, s) in [("all", report.all), ("english", report.english)] {
            print(
                pad(name, 10) + pad(String(s.pages), 7) + pad(pct(s.precision), 11) + pad(pct(s.recall), 9) + pct(s.f1))
        }
        print(
            String(
                format: "normalize ms/page: median %.1f, p95 %.1f, max %.1f; %d missing, %d failed",
                report.percentile(0.5), report.percentile(0.95), report.milliseconds.last ?? 0, report.missing,
                report.failures))
        for (file, s) in report.worst.prefix(showWorst) {
            print("  \(file)  tp \(s.truePositives) fp \(s.falsePositives) fn \(s.falseNegatives)")
        }
    }
}
