// `wiredesk eval ner`: entity-level precision/recall/F1 per type (conlleval semantics) and tagging speed.
import ArgumentParser
import WiredeskPipeline

struct EvalNERCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ner", abstract: "Score the named-entity tagger on a CoNLL-2003 file.")

    @Option(help: "CoNLL-2003 file with gold tags (e.g. valid.txt).")
    var conll: String

    @Option(help: "Model file to score (default: the shipped ner.model).")
    var model: String?

    func run() throws {
        let gazetteer = try Gazetteer.load()
        let tagger = try NERModel.load(path: model, gazetteer: gazetteer, clusters: WordClusters.load())
        let sentences = try CoNLLReader.load(path: conll)
        // One untimed pass warms caches and page-faults the weight table in.
        _ = NEREvaluator.evaluate(tagger, on: Array(sentences.prefix(200)))
        let scores = NEREvaluator.evaluate(tagger, on: sentences)
        print("\(conll): \(sentences.count) sentences")
        print(scores.table())
    }
}
