// Trains the topic model: sublinear TF-IDF over hashed unigrams and bigrams, one L2-regularised,
// squared-hinge linear SVM per label (one-vs-rest), solved by dual coordinate descent — the algorithm of
// LIBLINEAR (Hsieh et al., ICML 2008) that scikit-learn's `LinearSVC` uses — then a softmax temperature fitted
// on out-of-fold decision values from an inner cross-validation.
import Foundation
import WiredeskPipeline

/// One labeled training text.
public struct LabeledText: Sendable {
    public var label: String
    public var text: String
    /// Where it came from (a file path), for error messages and fold listings.
    public var source: String
    /// Which source it comes from (`bbc`, `huffpost`, …; empty = unknown). When there are several, calibration
    /// also uses scores on each group from a model trained without it (text from other sources).
    public var group: String = ""

    public init(label: String, text: String, source: String = "") {
        self.label = label
        self.text = text
        self.source = source
    }
}

/// Trains `TopicModel`s.
public struct TopicTrainer: Sendable {
    public var hashBits = 18
    /// SVM regularisation constant (LinearSVC's `C`).
    public var c = 10.0
    /// Stop when the projected-gradient spread of a pass falls below this (LIBLINEAR's `eps`).
    public var tolerance = 0.1
    public var maximumPasses = 200
    /// Buckets seen in fewer training documents are dropped (idf 0): they are mostly one-off bigrams that cost
    /// model size and carry no evidence about other texts.
    public var minimumDocumentFrequency = 2
    /// Folds of the inner cross-validation that produces out-of-fold scores for calibration (0 = skip, T = 1).
    public var calibrationFolds = 5
    /// Label → IPTC Media Topic code (default: IPTC slugs and the BBC labels; a user's own labels get none).
    public var iptc: [String: String] = IPTCTaxonomy.codes.merging(IPTCTaxonomy.bbc) { a, _ in a }
    /// Groups with fewer examples are not held out on their own for calibration.
    public var minimumCalibrationGroup = 100
    public var seed: UInt64 = 0x5eed

    public init() {}

    /// Trains on `examples`; labels are the distinct `label` values, sorted.
    /// - Parameter progress: called with a short description before each of the fits (for a terminal line).
    /// - Throws: `ConfigError` when fewer than two labels are present.
    public func train(_ examples: [LabeledText], progress: (String) -> Void = { _ in }) throws(ConfigError)
        -> TopicModel
    {
        let labels = Array(Set(examples.map(\.label))).sorted()
        guard labels.count >= 2 else { throw ConfigError("training needs at least two labels, got \(labels)") }
        let hasher = FeatureHasher(bits: hashBits)
        let counts = examples.map { hasher.counts($0.text) }
        let labelIndex = Dictionary(uniqueKeysWithValues: labels.enumerated().map { ($1, $0) })
        let y = examples.map { labelIndex[$0.label]! }
        let calibration = calibrationScores(examples, counts: counts, y: y, labels: labels, progress: progress)
        let temperature =
            calibration.values.isEmpty ? 1 : Calibration.fitTemperature(calibration.values, truth: calibration.truth)
        progress("final model on \(examples.count) texts")
        return fit(counts: counts, y: y, labels: labels, temperature: temperature)
    }

    /// Out-of-fold decision values for calibration: an inner stratified k-fold (in-domain), plus, when the
    /// examples come from several groups, the values of each group under a model trained on the other groups
    /// (out-of-domain text; labels the other groups lack score −∞, and examples of such labels are left out).
    func calibrationScores(
        _ examples: [LabeledText], counts: [SparseVector], y: [Int], labels: [String], progress: (String) -> Void
    ) -> (values: [[Double]], truth: [Int]) {
        var values: [[Double]] = []
        var truth: [Int] = []
        guard calibrationFolds >= 2 && examples.count >= calibrationFolds * 2 else { return (values, truth) }
        let folds = Self.stratifiedFolds(labels: y, folds: calibrationFolds)
        for f in 0..<calibrationFolds {
            progress("calibration fold \(f + 1)/\(calibrationFolds)")
            let trainIdx = (0..<examples.count).filter { folds[$0] != f }
            let part = fit(
                counts: trainIdx.map { counts[$0] }, y: trainIdx.map { y[$0] }, labels: labels, temperature: 1)
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
                counts: trainIdx.map { counts[$0] }, y: trainIdx.map { local[y[$0]]! },
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
    func fit(counts: [SparseVector], y: [Int], labels: [String], temperature: Double) -> TopicModel {
        let bucketCount = 1 << hashBits
        var df = [Int32](repeating: 0, count: bucketCount)
        for x in counts {
            for i in x.indices { df[Int(i)] += 1 }
        }
        // Smoothed idf as in scikit-learn: ln((1 + n) / (1 + df)) + 1; 0 marks an unseen bucket.
        let n = Float(counts.count)
        let minimum = Int32(max(1, minimumDocumentFrequency))
        let idf = df.map { $0 < minimum ? Float(0) : logf((1 + n) / (1 + Float($0))) + 1 }
        let xs = counts.map { FeatureHasher.weigh($0, idf: idf) }
        let l = labels.count
        var weights = [Float](repeating: 0, count: bucketCount * l)
        var bias = [Float](repeating: 0, count: l)
        for j in 0..<l {
            let (w, b) = trainBinary(xs: xs, positive: y.map { $0 == j }, bucketCount: bucketCount)
            for (i, v) in w.enumerated() where v != 0 { weights[i * l + j] = Float(v) }
            bias[j] = Float(b)
        }
        let header = TopicModelHeader(
            labels: labels, iptc: iptc.filter { labels.contains($0.key) }, hashBits: hashBits,
            temperature: temperature, c: c, documents: counts.count,
            features: "hashed word unigrams+bigrams (FNV-1a, SplitMix64), document frequency >= \(minimum), "
                + "sublinear tf, smoothed idf, L2 norm; "
                + "one-vs-rest L2-loss linear SVM (dual coordinate descent), bias feature 1")
        return TopicModel(header: header, idf: idf, weights: weights, bias: bias, checksum: "untrained-file")
    }

    /// Dual coordinate descent for min ½‖w‖² + C Σ max(0, 1 − yᵢ w·xᵢ)², with a constant bias feature of 1.
    func trainBinary(xs: [SparseVector], positive: [Bool], bucketCount: Int) -> (w: [Double], bias: Double) {
        var w = [Double](repeating: 0, count: bucketCount)
        var b = 0.0
        let diag = 1 / (2 * c)
        let qd = xs.map { Double($0.squaredNorm) + 1 + diag }
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
                let g = yi * dot - 1 + diag * alpha[i]
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
