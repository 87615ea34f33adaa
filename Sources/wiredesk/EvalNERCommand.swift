// `wiredesk eval ner`: entity-level precision/recall/F1 per type (conlleval semantics) and tagging speed;
// with `--articles DIR`, the throughput of entity extraction on real article files.
import ArgumentParser
import Foundation
import WiredeskLab
import WiredeskPipeline

struct EvalNERCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ner", abstract: "Score the named-entity tagger on a CoNLL-2003 file, or time it on articles.")

    @Option(help: "CoNLL-2003 file with gold tags (e.g. valid.txt).")
    var conll: String?

    @Option(help: "Directory of article files (searched recursively for *.txt) to time entity extraction on.")
    var articles: String?

    @Option(help: "Model file to score (default: the shipped ner.model).")
    var model: String?

    func validate() throws {
        guard conll != nil || articles != nil else { throw ValidationError("give --conll FILE and/or --articles DIR") }
    }

    func run() throws {
        let stage = try ExtractConfig(nerModel: model).build()
        let tagger = stage.extractor.model
        if let conll {
            let sentences = try CoNLLReader.load(path: conll)
            // One untimed pass warms caches and page-faults the weight table in.
            _ = NEREvaluator.evaluate(tagger, on: Array(sentences.prefix(200)))
            let scores = NEREvaluator.evaluate(tagger, on: sentences)
            print("\(conll): \(sentences.count) sentences")
            print(scores.table())
        }
        if let articles {
            var files: [String] = []
            let enumerator = FileManager.default.enumerator(atPath: articles)
            while let name = enumerator?.nextObject() as? String {
                if name.hasSuffix(".txt") { files.append(articles + "/" + name) }
            }
            files.sort()
            let report = EntityBenchmark.run(files: files, normalize: NormalizeStage(), extractor: stage.extractor)
            print(
                String(
                    format:
                        "%@: %d articles, %d tokens, %d entities; %.0f articles/s, %.0f tokens/s (CPU time, one thread)",
                    articles, report.articles, report.tokens, report.entities, report.articlesPerSecond,
                    report.tokensPerSecond))
        }
    }
}
