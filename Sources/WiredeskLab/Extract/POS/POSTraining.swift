// Training of the POS tagger and NP chunker (`wiredesk train pos`) on CoNLL-2003's gold POS and chunk columns.
//
// Settings are chosen by k-fold cross-validation on the training file (folds by document): the number of passes
// for each tagger. The chunker is trained on jackknifed POS tags (each fold tagged by a tagger that did not see
// it), so it learns from tags as noisy as those it gets at run time. `valid.txt` is scored once at the end.
import Foundation
import WiredeskPipeline

/// One CoNLL sentence: words with gold POS and chunk tags.
public struct TaggedSentence: Sendable {
    public var words: [String]
    public var pos: [String]
    public var chunks: [String]
    public var document: Int

    /// The tagger's hashed token values.
    var tokens: [TaggerToken] { words.map { TaggerToken(ArraySlice(Array($0.unicodeScalars))) } }
}

public enum POSCorpus {
    /// Parses `token POS chunk NER` lines; chunk tags other than B-NP/I-NP become O.
    public static func parse(_ text: String) -> [TaggedSentence] {
        var out: [TaggedSentence] = []
        var current = TaggedSentence(words: [], pos: [], chunks: [], document: 0)
        var document = 0
        func flush() {
            if !current.words.isEmpty { out.append(current) }
            current = TaggedSentence(words: [], pos: [], chunks: [], document: document)
        }
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let fields = line.split(separator: " ")
            if fields.count < 3 {
                flush()
                continue
            }
            if fields[0] == "-DOCSTART-" {
                flush()
                document += 1
                current.document = document
                continue
            }
            current.words.append(String(fields[0]))
            current.pos.append(String(fields[1]))
            let chunk = fields[2]
            current.chunks.append(chunk == "B-NP" || chunk == "I-NP" ? String(chunk) : "O")
        }
        flush()
        return out
    }
}

/// Averaged perceptron training for one tagger.
final class PerceptronTrainer {
    struct Entry {
        var tag: UInt8
        var weight: Float
        var total: Double
        var stamp: Int
    }

    let kind: TaggerKind
    let tags: [String]
    var ids: [UInt32: Int32] = [:]
    var rows: [[Entry]] = []
    var seen: [Int32] = []
    var instances = 0

    /// Words the tagger gives their dictionary tag without scoring: never trained on, as in `tag`.
    let dictionary: TagDictionary

    init(kind: TaggerKind, tags: [String], dictionary: TagDictionary = .empty) {
        self.kind = kind
        self.tags = tags
        self.dictionary = dictionary
    }

    private func id(_ f: UInt32, create: Bool) -> Int? {
        if let i = ids[f] { return Int(i) }
        guard create else { return nil }
        let i = rows.count
        ids[f] = Int32(i)
        rows.append([])
        seen.append(0)
        return i
    }

    private func predict(_ feats: [UInt32], _ scores: inout [Float]) -> Int {
        for k in scores.indices { scores[k] = 0 }
        for f in feats {
            guard let i = ids[f] else { continue }
            for e in rows[Int(i)] { scores[Int(e.tag)] += e.weight }
        }
        var best = 0
        for k in 1..<scores.count where scores[k] > scores[best] { best = k }
        return best
    }

    private func bump(_ row: Int, _ tag: Int, _ delta: Float) {
        if let e = rows[row].firstIndex(where: { Int($0.tag) == tag }) {
            var entry = rows[row][e]
            entry.total += Double(instances - entry.stamp) * Double(entry.weight)
            entry.stamp = instances
            entry.weight += delta
            rows[row][e] = entry
        } else {
            rows[row].append(Entry(tag: UInt8(tag), weight: delta, total: 0, stamp: instances))
        }
    }

    /// One pass over `sentences` (gold tag indices in `gold`, POS indices in `pos` for the chunker).
    func pass(_ tokens: [[TaggerToken]], gold: [[Int]], pos: [[Int]], order: [Int]) {
        var feats: [UInt32] = []
        var scores = [Float](repeating: 0, count: tags.count)
        for s in order {
            let toks = tokens[s]
            let posTags = kind == .chunk ? pos[s] : []
            var p1 = -1
            var p2 = -2
            for i in 0..<toks.count {
                let known = dictionary.entries.isEmpty ? -1 : dictionary.tag(toks[i].word)
                if known >= 0 {
                    p2 = p1
                    p1 = known
                    continue
                }
                TaggerFeatures.features(kind, toks, posTags, i, p1, p2, into: &feats)
                let guess = predict(feats, &scores)
                let truth = gold[s][i]
                instances += 1
                for f in feats {
                    let row = id(f, create: true)!
                    seen[row] &+= 1
                    if guess != truth {
                        bump(row, truth, 1)
                        bump(row, guess, -1)
                    }
                }
                p2 = p1
                p1 = guess
            }
        }
    }

    /// The averaged weights, dropping features seen fewer than `minCount` times and near-zero entries.
    func averaged(minCount: Int) -> PerceptronWeights {
        var index: [UInt32: UInt32] = [:]
        var entryTag: [UInt8] = []
        var entryWeight: [Float] = []
        let n = Double(max(instances, 1))
        for (hash, i) in ids where seen[Int(i)] >= minCount {
            let start = entryTag.count
            for e in rows[Int(i)] {
                let total = e.total + Double(instances - e.stamp) * Double(e.weight)
                let avg = Float(total / n)
                if abs(avg) >= 1e-4 {
                    entryTag.append(e.tag)
                    entryWeight.append(avg)
                }
            }
            let count = entryTag.count - start
            if count > 0 { index[hash] = UInt32(start) << 8 | UInt32(count) }
        }
        return PerceptronWeights(tags: tags, index: index, entryTag: entryTag, entryWeight: entryWeight)
    }
}

public enum POSTrainer {
    public struct Options: Sendable {
        public var maxPasses = 8
        public var folds = 3
        public var minCount = 2
        public var seed: UInt64 = 1
        /// Tag dictionary: words seen this often in training …
        public var dictionaryMinCount = 10
        /// … whose most frequent tag has this share; 0 count disables the dictionary.
        public var dictionaryMinShare = 0.97

        public init() {}
    }

    public struct Report: Sendable {
        /// Cross-validated accuracy (POS) / NP F1 (chunks) after each pass.
        public var posCV: [Double] = []
        public var chunkCV: [Double] = []
        public var posPasses = 0
        public var chunkPasses = 0
        public var validPOSAccuracy: Double?
        public var validChunkF1: Double?
        public var validChunkF1GoldPOS: Double?
        public var tokensPerSecond: Double?
        public var features: (pos: Int, chunk: Int) = (0, 0)
        public var dictionaryWords = 0
        public var trainSentences = 0
        public var trainTokens = 0

        public var table: String {
            var lines = ["train: \(trainSentences) sentences, \(trainTokens) tokens"]
            lines.append(
                "POS accuracy by passes (\(posCV.count)-pass CV): "
                    + posCV.enumerated().map { String(format: "%d:%.2f", $0.offset + 1, 100 * $0.element) }
                    .joined(separator: " "))
            lines.append(
                "NP chunk F1 by passes (CV, jackknifed POS): "
                    + chunkCV.enumerated().map { String(format: "%d:%.2f", $0.offset + 1, 100 * $0.element) }
                    .joined(separator: " "))
            lines.append("chosen: POS \(posPasses) passes, chunker \(chunkPasses) passes")
            lines.append(
                "features kept: POS \(features.pos), chunker \(features.chunk); tag dictionary \(dictionaryWords) words"
            )
            if let v = validPOSAccuracy { lines.append(String(format: "valid POS accuracy: %.2f%%", 100 * v)) }
            if let v = validChunkF1 {
                lines.append(String(format: "valid NP chunk F1 (predicted POS): %.2f%%", 100 * v))
            }
            if let v = validChunkF1GoldPOS {
                lines.append(String(format: "valid NP chunk F1 (gold POS): %.2f%%", 100 * v))
            }
            if let v = tokensPerSecond {
                lines.append(String(format: "speed (valid, POS + chunks, one core): %.0f tokens/s", v))
            }
            lines.append("")
            return lines.joined(separator: "\n")
        }
    }

    static func shuffled(_ n: Int, seed: UInt64, pass: Int) -> [Int] {
        var order = Array(0..<n)
        var state = seed &+ UInt64(pass) &* 0x9E37_79B9_7F4A_7C15
        for i in stride(from: n - 1, to: 0, by: -1) {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            let j = Int((state >> 33) % UInt64(i + 1))
            order.swapAt(i, j)
        }
        return order
    }

    /// NP chunk F1 (exact spans) of predicted vs gold chunk tag sequences (0 = O, 1 = B-NP, 2 = I-NP).
    static func chunkSpans(_ tags: [Int]) -> Set<Int> {
        var spans = Set<Int>()
        var start = -1
        for (i, t) in tags.enumerated() {
            if t == 1 || (t == 2 && start < 0) {
                if start >= 0 { spans.insert(start << 16 | i) }
                start = i
            } else if t == 0 {
                if start >= 0 { spans.insert(start << 16 | i) }
                start = -1
            }
        }
        if start >= 0 { spans.insert(start << 16 | tags.count) }
        return spans
    }

    struct ChunkCounts {
        var hit = 0
        var predicted = 0
        var gold = 0
        var f1: Double {
            let p = predicted == 0 ? 0 : Double(hit) / Double(predicted)
            let r = gold == 0 ? 0 : Double(hit) / Double(gold)
            return p + r == 0 ? 0 : 2 * p * r / (p + r)
        }
        mutating func add(_ g: [Int], _ p: [Int]) {
            let gs = POSTrainer.chunkSpans(g)
            let ps = POSTrainer.chunkSpans(p)
            hit += gs.intersection(ps).count
            predicted += ps.count
            gold += gs.count
        }
    }

    /// Trains both taggers on `train`, choosing passes by CV; scores `valid` when given.
    public static func train(
        train: [TaggedSentence], valid: [TaggedSentence]?, options: Options = Options(),
        progress: (String) -> Void = { _ in }
    ) -> (POSModel, Report) {
        var report = Report()
        report.trainSentences = train.count
        report.trainTokens = train.reduce(0) { $0 + $1.words.count }
        let posTags = Array(Set(train.flatMap(\.pos))).sorted()
        let posIndex = Dictionary(uniqueKeysWithValues: posTags.enumerated().map { ($1, $0) })
        let chunkTags = ["O", "B-NP", "I-NP"]
        let chunkIndex = ["O": 0, "B-NP": 1, "I-NP": 2]
        let tokens = train.map(\.tokens)
        let goldPOS = train.map { $0.pos.map { posIndex[$0] ?? 0 } }
        let goldChunks = train.map { $0.chunks.map { chunkIndex[$0] ?? 0 } }
        let fold = train.map { $0.document % options.folds }
        func dictionary(_ sentences: [[TaggerToken]], _ gold: [[Int]]) -> TagDictionary {
            guard options.dictionaryMinCount > 0 else { return .empty }
            return TagDictionary.build(
                sentences, gold: gold, minCount: options.dictionaryMinCount, minShare: options.dictionaryMinShare)
        }

        // POS: CV by passes, and jackknifed tags for the chunker.
        var posCorrect = [Int](repeating: 0, count: options.maxPasses)
        var jack = goldPOS
        let total = report.trainTokens
        for f in 0..<options.folds {
            let trainIdx = train.indices.filter { fold[$0] != f }
            let testIdx = train.indices.filter { fold[$0] == f }
            let foldDictionary = dictionary(trainIdx.map { tokens[$0] }, trainIdx.map { goldPOS[$0] })
            let trainer = PerceptronTrainer(kind: .pos, tags: posTags, dictionary: foldDictionary)
            for p in 0..<options.maxPasses {
                let order = shuffled(trainIdx.count, seed: options.seed, pass: p).map { trainIdx[$0] }
                trainer.pass(tokens, gold: goldPOS, pos: [], order: order)
                let tagger = PerceptronTagger(
                    kind: .pos, weights: trainer.averaged(minCount: options.minCount), dictionary: foldDictionary)
                for s in testIdx {
                    let predicted = tagger.tag(tokens[s])
                    posCorrect[p] += zip(predicted, goldPOS[s]).filter { $0 == $1 }.count
                    if p == options.maxPasses - 1 { jack[s] = predicted }
                }
                progress("POS fold \(f + 1)/\(options.folds) pass \(p + 1)")
            }
        }
        report.posCV = posCorrect.map { Double($0) / Double(total) }
        let posCV = report.posCV
        report.posPasses = (posCV.indices.max { posCV[$0] < posCV[$1] } ?? 0) + 1

        // Chunker: CV by passes on jackknifed POS.
        var chunkCounts = [ChunkCounts](repeating: ChunkCounts(), count: options.maxPasses)
        for f in 0..<options.folds {
            let trainIdx = train.indices.filter { fold[$0] != f }
            let testIdx = train.indices.filter { fold[$0] == f }
            let trainer = PerceptronTrainer(kind: .chunk, tags: chunkTags)
            for p in 0..<options.maxPasses {
                let order = shuffled(trainIdx.count, seed: options.seed, pass: p).map { trainIdx[$0] }
                trainer.pass(tokens, gold: goldChunks, pos: jack, order: order)
                let chunker = PerceptronTagger(kind: .chunk, weights: trainer.averaged(minCount: options.minCount))
                for s in testIdx { chunkCounts[p].add(goldChunks[s], chunker.tag(tokens[s], pos: jack[s])) }
                progress("chunk fold \(f + 1)/\(options.folds) pass \(p + 1)")
            }
        }
        report.chunkCV = chunkCounts.map(\.f1)
        let chunkCV = report.chunkCV
        report.chunkPasses = (chunkCV.indices.max { chunkCV[$0] < chunkCV[$1] } ?? 0) + 1

        // Final models on all of train.
        let all = Array(train.indices)
        let finalDictionary = dictionary(tokens, goldPOS)
        report.dictionaryWords = finalDictionary.entries.count
        let posTrainer = PerceptronTrainer(kind: .pos, tags: posTags, dictionary: finalDictionary)
        for p in 0..<report.posPasses {
            posTrainer.pass(tokens, gold: goldPOS, pos: [], order: shuffled(all.count, seed: options.seed, pass: p))
        }
        let tagger = PerceptronTagger(
            kind: .pos, weights: posTrainer.averaged(minCount: options.minCount), dictionary: finalDictionary)
        let chunkTrainer = PerceptronTrainer(kind: .chunk, tags: chunkTags)
        for p in 0..<report.chunkPasses {
            chunkTrainer.pass(
                tokens, gold: goldChunks, pos: jack, order: shuffled(all.count, seed: options.seed, pass: p))
        }
        let chunker = PerceptronTagger(kind: .chunk, weights: chunkTrainer.averaged(minCount: options.minCount))
        let model = POSModel(tagger: tagger, chunker: chunker)
        report.features = (tagger.weights.featureCount, chunker.weights.featureCount)
        progress("final models trained")

        if let valid {
            let vTokens = valid.map(\.tokens)
            var correct = 0
            var count = 0
            var chunks = ChunkCounts()
            var chunksGold = ChunkCounts()
            for (s, sentence) in valid.enumerated() {
                let (pos, predictedChunks) = model.analyze(vTokens[s])
                let gold = sentence.pos.map { posIndex[$0] ?? -1 }
                correct += zip(pos, gold).filter { $0 == $1 }.count
                count += gold.count
                let gc = sentence.chunks.map { chunkIndex[$0] ?? 0 }
                chunks.add(gc, predictedChunks)
                chunksGold.add(gc, chunker.tag(vTokens[s], pos: gold.map { max($0, 0) }))
            }
            report.validPOSAccuracy = Double(correct) / Double(max(count, 1))
            report.validChunkF1 = chunks.f1
            report.validChunkF1GoldPOS = chunksGold.f1
            // Speed: hash the tokens and tag valid five times.
            let clock = MonotonicClock()
            var sink = 0
            for _ in 0..<5 { for sentence in valid { sink &+= model.analyze(sentence.tokens).chunks.count } }
            let seconds = Double(clock.elapsedMicros()) / 1e6
            if sink >= 0 { report.tokensPerSecond = Double(5 * count) / max(seconds, 1e-9) }
        }
        return (model, report)
    }
}
