// Training and evaluation of the NER tagger on CoNLL-2003 files (`token POS chunk NER` per line, IOB2 tags,
// `-DOCSTART-` between documents, blank lines between sentences). The CLI commands `wiredesk train ner` and
// `wiredesk eval ner` are thin wrappers around `NERTrainer` and `NEREvaluator`.
import Foundation
import WiredeskPipeline

/// One CoNLL sentence as the tagger sees it: tokens over a scalar array (tokens joined by single spaces).
public struct LabeledSentence: Sendable {
    public var scalars: [Unicode.Scalar]
    public var tokens: [Token]
    /// Gold tag index per token (`NERTags`).
    public var tags: [Int]
    /// Index of the document the sentence belongs to.
    public var document: Int
}

public enum CoNLLReader {
    /// Parses a CoNLL-2003 file; the NER tag is the last column.
    public static func parse(_ bytes: [UInt8]) -> [LabeledSentence] {
        var sentences: [LabeledSentence] = []
        var scalars: [Unicode.Scalar] = []
        var tokens: [Token] = []
        var tags: [Int] = []
        var document = 0
        func flush() {
            if !tokens.isEmpty {
                sentences.append(LabeledSentence(scalars: scalars, tokens: tokens, tags: tags, document: document))
            }
            scalars = []
            tokens = []
            tags = []
        }
        let text = String(decoding: bytes, as: UTF8.self)
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let fields = line.split(separator: " ")
            if fields.isEmpty {
                flush()
                continue
            }
            if fields[0] == "-DOCSTART-" {
                flush()
                document += 1
                continue
            }
            if !scalars.isEmpty { scalars.append(" ") }
            let start = scalars.count
            scalars.append(contentsOf: fields[0].unicodeScalars)
            let first = fields[0].unicodeScalars.first!
            let kind: TokenKind =
                Tokenizer.isDigit(first)
                ? .number
                : Tokenizer.isLetter(first)
                    ? .word : (fields[0].unicodeScalars.count == 1 && Tokenizer.isQuote(first) ? .quote : .punctuation)
            tokens.append(Token(start: start, end: scalars.count, kind: kind))
            tags.append(NERTags.index(of: fields[fields.count - 1]))
        }
        flush()
        return sentences
    }

    public static func load(path: String) throws(ConfigError) -> [LabeledSentence] {
        guard let bytes = FileIO.read(path) else { throw ConfigError("cannot read CoNLL file \(path)") }
        let sentences = parse(bytes)
        guard !sentences.isEmpty else { throw ConfigError("\(path) holds no CoNLL sentences") }
        return sentences
    }
}

/// Entity-level scores with conlleval semantics (a chunk counts only when its boundaries and type both match).
public struct NERScores: Sendable {
    public struct Counts: Sendable {
        public var truePositives = 0
        public var predicted = 0
        public var gold = 0
        public var precision: Double { predicted == 0 ? 0 : Double(truePositives) / Double(predicted) }
        public var recall: Double { gold == 0 ? 0 : Double(truePositives) / Double(gold) }
        public var f1: Double { precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall) }
    }

    public var byType: [String: Counts] = [:]
    public var overall = Counts()
    public var tokens = 0
    public var correctTokens = 0
    /// Seconds spent tagging (features + decoding), for throughput.
    public var taggingSeconds = 0.0

    public var tokensPerSecond: Double { taggingSeconds > 0 ? Double(tokens) / taggingSeconds : 0 }

    /// Adds the counts of `other` (pooling cross-validation folds).
    public mutating func merge(_ other: NERScores) {
        func add(_ a: inout Counts, _ b: Counts) {
            a.truePositives += b.truePositives
            a.predicted += b.predicted
            a.gold += b.gold
        }
        for (type, c) in other.byType { add(&byType[type, default: Counts()], c) }
        add(&overall, other.overall)
        tokens += other.tokens
        correctTokens += other.correctTokens
        taggingSeconds += other.taggingSeconds
    }

    mutating func add(gold: [Int], predicted: [Int]) {
        tokens += gold.count
        for i in 0..<gold.count where gold[i] == predicted[i] { correctTokens += 1 }
        let g = Set(NERModel.spans(gold))
        let p = Set(NERModel.spans(predicted))
        for span in g {
            byType[span.type, default: Counts()].gold += 1
            overall.gold += 1
        }
        for span in p {
            byType[span.type, default: Counts()].predicted += 1
            overall.predicted += 1
            if g.contains(span) {
                byType[span.type, default: Counts()].truePositives += 1
                overall.truePositives += 1
            }
        }
    }

    /// A plain-text table: one row per type and the overall row.
    public func table() -> String {
        func pct(_ v: Double) -> String { String(format: "%6.2f", v * 100) }
        var lines = ["type      precision  recall      F1   gold  predicted"]
        for type in NERTags.types {
            let c = byType[type] ?? Counts()
            lines.append(
                "\(type.padding(toLength: 8, withPad: " ", startingAt: 0))  \(pct(c.precision))     \(pct(c.recall))  \(pct(c.f1))  \(String(format: "%5d", c.gold))  \(String(format: "%9d", c.predicted))"
            )
        }
        let c = overall
        lines.append(
            "overall   \(pct(c.precision))     \(pct(c.recall))  \(pct(c.f1))  \(String(format: "%5d", c.gold))  \(String(format: "%9d", c.predicted))"
        )
        lines.append(
            String(
                format: "tokens %d, token accuracy %.2f%%, tagging %.0f tokens per CPU-second (one thread)", tokens,
                tokens == 0 ? 0 : Double(correctTokens) * 100 / Double(tokens), tokensPerSecond))
        return lines.joined(separator: "\n")
    }
}

public enum NEREvaluator {
    /// Tags every CoNLL document with `model` and scores it against the gold tags.
    public static func evaluate(_ model: NERModel, on sentences: [LabeledSentence]) -> NERScores {
        evaluateWithTags(model, on: sentences).scores
    }

    /// Scores and the predicted tags of every sentence.
    public static func evaluateWithTags(_ model: NERModel, on sentences: [LabeledSentence]) -> (
        scores: NERScores, predictions: [[Int]]
    ) {
        var scores = NERScores()
        var scratch = TaggerScratch()
        var predictions: [[Int]] = []
        predictions.reserveCapacity(sentences.count)
        let clock = ThreadCPUClock()
        for range in documentRanges(sentences) {
            let doc = sentences[range].map { DocumentSentence(scalars: $0.scalars, tokens: $0.tokens[...]) }
            predictions.append(contentsOf: model.tagDocument(doc, scratch: &scratch))
        }
        scores.taggingSeconds = clock.elapsedSeconds()
        for (s, p) in zip(sentences, predictions) { scores.add(gold: s.tags, predicted: p) }
        return (scores, predictions)
    }
}

/// Ranges of consecutive sentences that share a document.
func documentRanges(_ sentences: [LabeledSentence]) -> [Range<Int>] {
    var ranges: [Range<Int>] = []
    var start = 0
    for i in 1...sentences.count where i == sentences.count || sentences[i].document != sentences[start].document {
        if i > start { ranges.append(start..<i) }
        start = i
    }
    return ranges
}

/// The case evidence of each CoNLL document (index = `LabeledSentence.document`).
func documentContexts(_ sentences: [LabeledSentence]) -> [Int: DocumentContext] {
    var contexts: [Int: DocumentContext] = [:]
    for s in sentences { contexts[s.document, default: DocumentContext()].add(s.scalars, tokens: s.tokens[...]) }
    return contexts
}

/// Averaged-perceptron training of both stages (the second on jackknifed first-stage output).
public struct NERTrainer {
    public var bits = 19
    public var iterations = 12
    /// Folds for the jackknifed first-stage tags the second stage learns from; 0 trains the first stage only.
    public var folds = 5
    public var seed: UInt64 = 7
    /// Feature set (`NERFeaturizer.supportedVersions`).
    public var featureVersion = NERFeaturizer.featureVersion

    public init() {}

    /// One line of the training summary.
    public struct IterationReport: Sendable {
        /// `stage 1`, `fold 3/5`, `stage 2`.
        public var phase: String
        public var iteration: Int
        public var tokenErrors: Int
        public var tokens: Int
        /// Dev F1 of the model after this phase (on its last iteration only).
        public var devF1: Double?
        public var seconds: Double
    }

    /// Trains on `sentences`; `progress(phase, iteration, done, total)` is called now and then, `report` after
    /// each iteration. Returns the serialized model.
    public func train(
        _ sentences: [LabeledSentence], dev: [LabeledSentence]?, gazetteer: Gazetteer?, clusters: WordClusters?,
        progress: (String, Int, Int, Int) -> Void, report: (IterationReport) -> Void
    ) -> [UInt8] {
        let rows = 1 << bits
        let mask = UInt64(rows - 1)
        let featurizer = NERFeaturizer(gazetteer: gazetteer, clusters: clusters, version: featureVersion)
        let documents = documentContexts(sentences)
        var features: [[Int32]] = []
        var contexts: [[(lower: UInt64, shape: UInt64)]] = []
        features.reserveCapacity(sentences.count)
        for s in sentences {
            var f: [Int32] = []
            var c: [(lower: UInt64, shape: UInt64)] = []
            featurizer.staticFeatures(
                s.scalars, tokens: s.tokens[...], document: documents[s.document], mask: mask, into: &f, context: &c)
            features.append(f)
            contexts.append(c)
        }
        func devScore(_ stage1: [Float], _ stage2: [Float]?) -> Double? {
            guard let dev else { return nil }
            let model = NERModel(bits: bits, stage1: stage1, stage2: stage2, featurizer: featurizer)
            return NEREvaluator.evaluate(model, on: dev).overall.f1
        }
        let all = Array(0..<sentences.count)
        let stage1 = trainStage(
            "stage 1", sentences, all, features, contexts, mask: mask, progress: progress, report: report,
            devF1: { devScore($0, nil) })
        guard folds >= 2 else {
            return NERModel.serialize(bits: bits, stages: [stage1], featureVersion: featureVersion)
        }

        // Jackknife: first-stage tags of each fold from a model that never saw that fold. Folds go by the rank of
        // the document in `sentences` (not its id), so a subset of a file (a cross-validation split) still fills
        // every fold.
        var rank: [Int: Int] = [:]
        for s in sentences where rank[s.document] == nil { rank[s.document] = rank.count }
        func foldOf(_ i: Int) -> Int { rank[sentences[i].document]! % folds }
        var jackknifed = [[Int]](repeating: [], count: sentences.count)
        for fold in 0..<folds {
            let train = all.filter { foldOf($0) != fold }
            let held = all.filter { foldOf($0) == fold }
            let weights = trainStage(
                "fold \(fold + 1)/\(folds)", sentences, train, features, contexts, mask: mask, progress: progress,
                report: report, devF1: { _ in nil })
            weights.withUnsafeBufferPointer { w in
                for i in held {
                    jackknifed[i] = NERModel.decode(
                        weights: w, features: features[i], context: contexts[i], count: sentences[i].tokens.count,
                        mask: mask, gold: nil, update: nil)
                }
            }
        }
        var votes: [Int: StackVotes] = [:]
        for (i, s) in sentences.enumerated() {
            votes[s.document, default: StackVotes()].add(s.scalars, tokens: s.tokens[...], tags: jackknifed[i])
        }
        var stacked: [[Int32]] = []
        stacked.reserveCapacity(sentences.count)
        for (i, s) in sentences.enumerated() {
            var f: [Int32] = []
            var c: [(lower: UInt64, shape: UInt64)] = []
            featurizer.staticFeatures(
                s.scalars, tokens: s.tokens[...], document: documents[s.document],
                stack: (jackknifed[i], votes[s.document] ?? StackVotes()), mask: mask, into: &f, context: &c)
            stacked.append(f)
        }
        let stage2 = trainStage(
            "stage 2", sentences, all, stacked, contexts, mask: mask, progress: progress, report: report,
            devF1: { devScore(stage1, $0) })
        return NERModel.serialize(bits: bits, stages: [stage1, stage2], featureVersion: featureVersion)
    }

    /// k-fold cross-validation by document (document `d` is held out in fold `d % k`): trains both stages on the
    /// other folds exactly as `train` does and scores the held fold; returns the pooled scores and each fold's F1.
    public func crossValidate(
        _ sentences: [LabeledSentence], folds k: Int, gazetteer: Gazetteer?, clusters: WordClusters?,
        progress: (String, Int, Int, Int) -> Void, report: (IterationReport) -> Void
    ) throws(ConfigError) -> (scores: NERScores, foldF1: [Double]) {
        var pooled = NERScores()
        var foldF1: [Double] = []
        for fold in 0..<k {
            let train = sentences.filter { $0.document % k != fold }
            let held = sentences.filter { $0.document % k == fold }
            let bytes = self.train(
                train, dev: nil, gazetteer: gazetteer, clusters: clusters,
                progress: { phase, pass, done, total in progress("cv \(fold + 1)/\(k) " + phase, pass, done, total) },
                report: { r in
                    var r = r
                    r.phase = "cv \(fold + 1)/\(k) " + r.phase
                    report(r)
                })
            let model = try NERModel(bytes: bytes, gazetteer: gazetteer, clusters: clusters)
            let scores = NEREvaluator.evaluate(model, on: held)
            foldF1.append(scores.overall.f1)
            pooled.merge(scores)
        }
        return (pooled, foldF1)
    }

    /// Averaged perceptron over the sentences `subset` with precomputed static features.
    func trainStage(
        _ phase: String, _ sentences: [LabeledSentence], _ subset: [Int], _ features: [[Int32]],
        _ contexts: [[(lower: UInt64, shape: UInt64)]], mask: UInt64, progress: (String, Int, Int, Int) -> Void,
        report: (IterationReport) -> Void, devF1: ([Float]) -> Double?
    ) -> [Float] {
        let tags = NERTags.count
        let size = (Int(mask) + 1) * tags
        let w = UnsafeMutableBufferPointer<Float>.allocate(capacity: size)
        let totals = UnsafeMutableBufferPointer<Double>.allocate(capacity: size)
        let stamps = UnsafeMutableBufferPointer<Int32>.allocate(capacity: size)
        w.initialize(repeating: 0)
        totals.initialize(repeating: 0)
        stamps.initialize(repeating: 0)
        defer {
            w.deallocate()
            totals.deallocate()
            stamps.deallocate()
        }
        var step: Int32 = 0
        func averaged() -> [Float] {
            var avg = [Float](repeating: 0, count: size)
            let c = Double(max(step, 1))
            for i in 0..<size where w[i] != 0 || totals[i] != 0 {
                avg[i] = Float((totals[i] + Double(step - stamps[i]) * Double(w[i])) / c)
            }
            return avg
        }
        var order = subset
        var rng = SplitMix64(seed: seed)
        let passes = max(iterations, 1)
        for iteration in 1...passes {
            let clock = MonotonicClock()
            order.shuffle(using: &rng)
            var errors = 0
            var tokens = 0
            for (done, index) in order.enumerated() {
                if done % 1000 == 0 { progress(phase, iteration, done, order.count) }
                let s = sentences[index]
                let update: (Int, Int, Int) -> Void = { row, gold, predicted in
                    let g = row * tags + gold
                    totals[g] += Double(step - stamps[g]) * Double(w[g])
                    stamps[g] = step
                    w[g] += 1
                    let p = row * tags + predicted
                    totals[p] += Double(step - stamps[p]) * Double(w[p])
                    stamps[p] = step
                    w[p] -= 1
                }
                let predicted = NERModel.decode(
                    weights: UnsafeBufferPointer(w), features: features[index], context: contexts[index],
                    count: s.tokens.count, mask: mask, gold: s.tags, update: update)
                for i in 0..<predicted.count where predicted[i] != s.tags[i] { errors += 1 }
                tokens += predicted.count
                step += 1
            }
            let seconds = Double(clock.elapsedMicros()) / 1e6
            let f1 = iteration == passes ? devF1(averaged()) : nil
            report(
                IterationReport(
                    phase: phase, iteration: iteration, tokenErrors: errors, tokens: tokens, devF1: f1,
                    seconds: seconds))
        }
        return averaged()
    }
}

/// CPU time of the calling thread: throughput "per core" that other processes on a shared machine do not skew.
struct ThreadCPUClock {
    let start: Double

    init() { start = Self.now() }

    static func now() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }

    func elapsedSeconds() -> Double { Self.now() - start }
}

/// A small, seedable random generator so training is reproducible.
public struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    public init(seed: UInt64) { state = seed }
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
