// Trains the topic model: sublinear TF-IDF over hashed unigrams and bigrams, one L2-regularised,
// squared-hinge linear SVM per label (one-vs-rest), solved by dual coordinate descent — the algorithm of
// LIBLINEAR (Hsieh et al., ICML 2008) that scikit-learn's `LinearSVC` uses — then a softmax temperature fitted
// on out-of-fold decision values from an inner cross-validation.
import Foundation
import WiredeskPipeline

/// One labeled training text.
public struct LabeledText: Sendable {
    public var label: String
    /// The article text (normalized, when it was read from a file).
    public var text: String
    /// Its words as the classify stage cuts them (`ClassifyWords`): what the model is trained and scored on.
    public var words: ClassifyWords
    /// Where it came from (a file path), for error messages and fold listings.
    public var source: String
    /// Which source it comes from (`bbc`, `huffpost`, …; empty = unknown). When there are several, calibration
    /// also uses scores on each group from a model trained without it (text from other sources).
    public var group: String = ""

    /// A text read from a file: `words` come from the analysis normalize built, as the stage's do.
    public init(label: String, text: String, words: ClassifyWords, source: String = "") {
        self.label = label
        self.text = text
        self.words = words
        self.source = source
    }

    /// A bare text (tests): its words are those of `ClassifyWords(text:)`.
    public init(label: String, text: String, source: String = "") {
        self.init(label: label, text: text, words: ClassifyWords(text: text), source: source)
    }
}

/// Trains `TopicModel`s.
public struct TopicTrainer: Sendable {
    public var hashBits = 20
    /// SVM regularisation constant (LinearSVC's `C`).
    public var c = 2.0
    /// Stop when the projected-gradient spread of a pass falls below this (LIBLINEAR's `eps`).
    public var tolerance = 0.1
    public var maximumPasses = 200
    /// Buckets seen in fewer training documents are dropped (idf 0): they are mostly one-off bigrams that cost
    /// model size and carry no evidence about other texts.
    public var minimumDocumentFrequency = 2
    /// A bucket that holds a single word (not only word pairs) is kept from this many documents on, whatever
    /// `minimumDocumentFrequency` says: on small corpora of short items a word seen once is still evidence.
    public var minimumUnigramDocumentFrequency = 1
    /// After training, a bucket whose weights are all below this in magnitude is dropped from the model (idf 0:
    /// not stored, and left out of the norm at prediction), which shrinks the file; 0 keeps every bucket.
    public var pruneBelow: Float = 0
    /// Folds of the inner cross-validation that produces out-of-fold scores for calibration (0 = skip, T = 1).
    public var calibrationFolds = 5
    /// Thin labels weigh more: each example's `C` is multiplied by `(n / (L · n_label))^power` (0 = every example
    /// alike, 1 = scikit-learn's `class_weight="balanced"`), so a label with ten examples is not drowned out.
    public var classWeightPower = 1.0
    /// Label → IPTC Media Topic code (default: IPTC slugs and the BBC labels; a user's own labels get none).
    public var iptc: [String: String] = IPTCTaxonomy.codes.merging(IPTCTaxonomy.bbc) { a, _ in a }
    /// Groups with fewer examples are not held out on their own for calibration.
    public var minimumCalibrationGroup = 100
    public var seed: UInt64 = 0x5eed
    /// Also a feature per word for its class among this many (64, 256, 1024; 0 = none), see `TopicWordClasses`.
    public var wordClassLevel = 0

    public init() {}

    /// Trains on `examples`; labels are the distinct `label` values, sorted.
    /// - Parameter progress: called with a short description before each of the fits (for a terminal line).
    /// - Throws: `ConfigError` when fewer than two labels are present.
    public func train(_ examples: [LabeledText], progress: (String) -> Void = { _ in }) throws(ConfigError)
        -> TopicModel
    {
        let labels = Array(Set(examples.map(\.label))).sorted()
        guard labels.count >= 2 else { throw ConfigError("training needs at least two labels, got \(labels)") }
        let classes = try wordClassLevel > 0 ? TopicWordClasses.shipped(level: wordClassLevel) : nil
        let hasher = FeatureHasher(bits: hashBits, wordClasses: classes)
        let counts = examples.map { hasher.counts($0.words) }
        let unigrams = examples.map { hasher.unigramBuckets($0.words) }
        let labelIndex = Dictionary(uniqueKeysWithValues: labels.enumerated().map { ($1, $0) })
        let y = examples.map { labelIndex[$0.label]! }
        let calibration = calibrationScores(
            examples, counts: counts, unigrams: unigrams, y: y, labels: labels, progress: progress)
        let temperature =
            calibration.values.isEmpty ? 1 : Calibration.fitTemperature(calibration.values, truth: calibration.truth)
        progress("final model on \(examples.count) texts")
        return fit(counts: counts, unigrams: unigrams, y: y, labels: labels, temperature: temperature)
    }

    /// Out-of-fold decision values for calibration: an inner stratified k-fold (in-domain), plus, when the
    /// examples come from several groups, the values of each group under a model trained on the other groups
    /// (out-of-domain text; labels the other groups lack score −∞, and examples of such labels are left out).
    func calibrationScores(
        _ examples: [LabeledText], counts: [SparseVector], unigrams: [[UInt32]], y: [Int], labels: [String],
        progress: (String) -> Void
    ) -> (values: [[Double]], truth: [Int]) {
        var values: [[Double]] = []
        var truth: [Int] = []
        guard calibrationFolds >= 2 && examples.count >= calibrationFolds * 2 else { return (values, truth) }
        let folds = Self.stratifiedFolds(labels: y, folds: calibrationFolds)
        for f in 0..<calibrationFolds {
            progress("calibration fold \(f + 1)/\(calibrationFolds)")
            let trainIdx = (0..<examples.count).filter { folds[$0] != f }
            let part = fit(
                counts: trainIdx.map { counts[$0] }, unigrams: trainIdx.map { unigrams[$0] },
                y: trainIdx.map { y[$0] }, labels: labels, temperature: 1)
            for i in 0..<examples.count where folds[i] == f {
                values.append(part.decisionValues(counts: counts[i]))
                truth.append(y[i])
            }
        }
        var sizes: [String: Int] = [:]
        for e in examples { sizes[e.group, default: 0] += 1 }
        let groups = sizes.filter { !$0.key.isEmpty && $0.value >= minimumCalibrationGroup }.keys.sorted()
        guard groups.count >= 2 else { return (values, truth) }
        for (n, g) in groups.enumerated() {
            progress("calibration on unseen source \(n + 1)/\(groups.count) (\(g))")
            let trainIdx = (0..<examples.count).filter { examples[$0].group != g }
            let present = Array(Set(trainIdx.map { y[$0] })).sorted()
            guard present.count >= 2 else { continue }
            let local = Dictionary(uniqueKeysWithValues: present.enumerated().map { ($1, $0) })
            let part = fit(
                counts: trainIdx.map { counts[$0] }, unigrams: trainIdx.map { unigrams[$0] },
                y: trainIdx.map { local[y[$0]]! },
                labels: present.map { labels[$0] }, temperature: 1)
            for i in 0..<examples.count where examples[i].group == g && local[y[i]] != nil {
                let v = part.decisionValues(counts: counts[i])
                var full = [Double](repeating: -.infinity, count: labels.count)
                for (k, j) in present.enumerated() { full[j] = v[k] }
                values.append(full)
                truth.append(y[i])
            }
        }
        return (values, truth)
    }

    /// Deterministic stratified fold numbers: the examples of each label, in the given order, are dealt
    /// round-robin (the i-th example of a label goes to fold i mod k), so a script can rebuild the same folds.
    public static func stratifiedFolds(labels: [Int], folds k: Int) -> [Int] {
        var seen: [Int: Int] = [:]
        return labels.map { label in
            let i = seen[label, default: 0]
            seen[label] = i + 1
            return i % k
        }
    }

    /// Fits idf and the one-vs-rest SVMs on term counts.
    func fit(counts: [SparseVector], unigrams: [[UInt32]], y: [Int], labels: [String], temperature: Double)
        -> TopicModel
    {
        let bucketCount = 1 << hashBits
        var df = [Int32](repeating: 0, count: bucketCount)
        for x in counts {
            for i in x.indices { df[Int(i)] += 1 }
        }
        var unigramDF = [Int32](repeating: 0, count: bucketCount)
        for u in unigrams {
            for i in u { unigramDF[Int(i)] += 1 }
        }
        // Smoothed idf as in scikit-learn: ln((1 + n) / (1 + df)) + 1; 0 marks an unseen bucket.
        let n = Float(counts.count)
        let minimum = Int32(max(1, minimumDocumentFrequency))
        let minimumUnigram = Int32(max(1, minimumUnigramDocumentFrequency))
        var idf = (0..<bucketCount).map { b in
            df[b] < minimum && unigramDF[b] < minimumUnigram ? Float(0) : logf((1 + n) / (1 + Float(df[b]))) + 1
        }
        let xs = counts.map { FeatureHasher.weigh($0, idf: idf) }
        let l = labels.count
        var weights = [Float](repeating: 0, count: bucketCount * l)
        var bias = [Float](repeating: 0, count: l)
        var perLabel = [Int](repeating: 0, count: l)
        for label in y { perLabel[label] += 1 }
        let labelC = perLabel.map { count in
            count == 0 ? c : c * pow(Double(y.count) / (Double(l) * Double(count)), classWeightPower)
        }
        let costs = y.map { labelC[$0] }
        for j in 0..<l {
            let (w, b) = trainBinary(
                xs: xs, positive: y.map { $0 == j }, costs: costs, bucketCount: bucketCount)
            for (i, v) in w.enumerated() where v != 0 { weights[i * l + j] = Float(v) }
            bias[j] = Float(b)
        }
        if pruneBelow > 0 {
            for b in 0..<bucketCount where idf[b] > 0 {
                if (0..<l).allSatisfy({ abs(weights[b * l + $0]) < pruneBelow }) {
                    idf[b] = 0
                    for j in 0..<l { weights[b * l + j] = 0 }
                }
            }
        }
        var header = TopicModelHeader(
            labels: labels, iptc: iptc.filter { labels.contains($0.key) }, hashBits: hashBits,
            temperature: temperature, c: c, documents: counts.count,
            features: "hashed word unigrams+bigrams (FNV-1a, SplitMix64), document frequency >= \(minimum) "
                + "(buckets of words: >= \(minimumUnigram)), "
                + "sublinear tf, smoothed idf, L2 norm; "
                + (pruneBelow > 0 ? "buckets with all |w| < \(pruneBelow) pruned; " : "")
                + (wordClassLevel > 0 ? "word classes (\(wordClassLevel) clusters); " : "")
                + "one-vs-rest L2-loss linear SVM (dual coordinate descent), bias feature 1")
        header.wordClasses = wordClassLevel > 0 ? wordClassLevel : nil
        // `train` loaded the classes already (a cache hit here).
        let classes = wordClassLevel > 0 ? try? TopicWordClasses.shipped(level: wordClassLevel) : nil
        return TopicModel(
            header: header, idf: idf, weights: weights, bias: bias, checksum: "untrained-file", wordClasses: classes)
    }

    /// Dual coordinate descent for min ½‖w‖² + Σ Cᵢ max(0, 1 − yᵢ w·xᵢ)², with a constant bias feature of 1.
    func trainBinary(xs: [SparseVector], positive: [Bool], costs: [Double], bucketCount: Int)
        -> (w: [Double], bias: Double)
    {
        var w = [Double](repeating: 0, count: bucketCount)
        var b = 0.0
        let diags = costs.map { 1 / (2 * $0) }
        let qd = xs.indices.map { Double(xs[$0].squaredNorm) + 1 + diags[$0] }
        var alpha = [Double](repeating: 0, count: xs.count)
        var order = Array(0..<xs.count)
        var rng = SplitMix(seed: seed)
        for _ in 0..<maximumPasses {
            order.shuffle(using: &rng)
            var maxPG = -Double.infinity
            var minPG = Double.infinity
            for i in order {
                let x = xs[i]
                let yi: Double = positive[i] ? 1 : -1
                var dot = b
                for k in 0..<x.indices.count { dot += w[Int(x.indices[k])] * Double(x.values[k]) }
                let g = yi * dot - 1 + diags[i] * alpha[i]
                let pg = alpha[i] == 0 ? min(g, 0) : g
                maxPG = max(maxPG, pg)
                minPG = min(minPG, pg)
                guard abs(pg) > 1e-12 else { continue }
                let old = alpha[i]
                alpha[i] = max(old - g / qd[i], 0)
                let delta = (alpha[i] - old) * yi
                for k in 0..<x.indices.count { w[Int(x.indices[k])] += delta * Double(x.values[k]) }
                b += delta
            }
            if maxPG - minPG < tolerance { break }
        }
        return (w, b)
    }
}
