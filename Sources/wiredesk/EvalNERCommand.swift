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

    @Flag(
        help:
            "Also score the whole pipeline: write each CoNLL document as a text file (one sentence per line), run it through normalize + extract as `process` does, align the entities back to the CoNLL tokens."
    )
    var throughProcess = false

    @Option(help: "With --through-process: directory to keep the written documents in (default: a temporary one).")
    var documents: String?

    @Option(
        help:
            "With --through-process: write the sentences where the pipeline's tags differ from the tagger's on gold tokens to this file."
    )
    var differences: String?

    func validate() throws {
        guard conll != nil || articles != nil else { throw ValidationError("give --conll FILE and/or --articles DIR") }
    }

    /// The pipeline's score on `sentences` and its gap to the tagger on gold tokens.
    func scoreThroughProcess(_ sentences: [LabeledSentence], reference: [[Int]], goldTokens: NERScores) throws {
        var config = PipelineConfig()
        config.stages = ["normalize", "extract"]
        config.extract = ExtractConfig(nerModel: model)
        let pipeline = try Pipeline(config: config)
        let directory = documents ?? NSTemporaryDirectory() + "wiredesk-eval-ner-\(getpid())"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        var listing = ""
        let result = try NERPipelineEvaluator.evaluate(
            pipeline, on: sentences, directory: directory, reference: reference,
            differences: { index, tagger, piped in
                listing += "# sentence \(index + 1)\n"
                listing += "tagger:   " + NERPipelineEvaluator.render(sentences[index], tagger) + "\n"
                listing += "pipeline: " + NERPipelineEvaluator.render(sentences[index], piped) + "\n"
            })
        if documents == nil { try? FileManager.default.removeItem(atPath: directory) }
        if let differences {
            guard FileManager.default.createFile(atPath: differences, contents: Data(listing.utf8)) else {
                throw ValidationError("cannot write \(differences)")
            }
        }
        print("through the pipeline (normalize + extract on each document written as a text file):")
        print(result.scores.table().split(separator: "\n").dropLast().joined(separator: "\n"))
        print(
            String(
                format: "gap: %.2f F1 (gold tokens %.2f, through the pipeline %.2f)",
                (goldTokens.overall.f1 - result.scores.overall.f1) * 100, goldTokens.overall.f1 * 100,
                result.scores.overall.f1 * 100))
    }

    func run() throws {
        let stage = try ExtractConfig(nerModel: model).build()
        let tagger = stage.extractor.model
        if let conll {
            let sentences = try CoNLLReader.load(path: conll)
            // One untimed pass warms caches and page-faults the weight table in.
            _ = NEREvaluator.evaluate(tagger, on: Array(sentences.prefix(200)))
            let (scores, reference) = NEREvaluator.evaluateWithTags(tagger, on: sentences)
            print("\(conll): \(sentences.count) sentences")
            print("tagger on gold tokens:")
            print(scores.table())
            if throughProcess {
                try scoreThroughProcess(sentences, reference: reference, goldTokens: scores)
            }
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
