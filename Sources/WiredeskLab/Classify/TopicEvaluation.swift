// Reading a labeled corpus (one folder per label) through the normalize stage, and scoring a topic model on
// it: accuracy, macro-F1, per-label precision/recall/F1, the confusion matrix, calibration and speed.
import Foundation
import WiredeskPipeline

/// A folder of labeled texts: `DIR/<label>/<file>`, read exactly as the daemon would read them.
public enum TopicCorpus {
    /// Reads every regular, non-hidden file below `DIR/<label>/`, label folders and files in name order.
    /// - Parameter skipped: called with the path and reason of each file normalize rejects.
    /// - Throws: `ConfigError` when the folder has no label folders.
    public static func load(
        directory: String, normalize: NormalizeStage = NormalizeStage(),
        skipped: (String, String) -> Void = { _, _ in }
    ) throws(ConfigError) -> [LabeledText] {
        let fm = FileManager.default
        guard let entries = try? fm.contentsOfDirectory(atPath: directory) else {
            throw ConfigError("corpus \(directory) cannot be listed")
        }
        var examples: [LabeledText] = []
        var labels = 0
        for label in entries.sorted() where !label.hasPrefix(".") {
            let folder = directory + "/" + label
            var isDirectory: ObjCBool = false
            guard fm.fileExists(atPath: folder, isDirectory: &isDirectory), isDirectory.boolValue else { continue }
            labels += 1
            for name in ((try? fm.contentsOfDirectory(atPath: folder)) ?? []).sorted() where !name.hasPrefix(".") {
                let path = folder + "/" + name
                do throws(StageFailure) {
                    let raw = try DocumentReader.read(
                        path: path, displayName: name, maxBytes: normalize.config.maxBytes)
                    for item in try normalize.run(raw) {
                        switch item.outcome {
                        case .success(let result):
                            if let article = result.article {
                                // The words the stage would read: from normalize's analysis of this article.
                                let words = ClassifyWords(AnalyzedText.of(result, article))
                                examples.append(
                                    LabeledText(label: label, text: article.text, words: words, source: path))
                            }
                        case .failure(let failure):
                            skipped(path, "\(failure.stage)/\(failure.code): \(failure.message)")
                        }
                    }
                } catch {
                    skipped(path, "\(error.stage)/\(error.code): \(error.message)")
                }
            }
        }
        guard labels >= 1 else {
            throw ConfigError("corpus \(directory) has no label folders (expected DIR/<label>/<files>)")
        }
        return examples
    }
}

/// Scores of a topic classifier on labeled texts.
public struct TopicEvaluation: Sendable {
    public var labels: [String]
    /// `confusion[truth][predicted]`.
    public var confusion: [[Int]]
    /// Calibrated confidence of each prediction and whether it was right (for the calibration error).
    public var confidences: [Double]
    public var correct: [Bool]
    /// The predicted label index of each scored text (for calibration per label).
    public var predicted: [Int] = []
    /// Thread CPU seconds spent predicting (features + model), summed over folds.
    public var predictionSeconds: Double

    public init(labels: [String]) {
        self.labels = labels
        confusion = Array(repeating: Array(repeating: 0, count: labels.count), count: labels.count)
        confidences = []
        correct = []
        predictionSeconds = 0
    }

    public var total: Int { confusion.reduce(0) { $0 + $1.reduce(0, +) } }
    public var accuracy: Double {
        total == 0 ? 0 : Double((0..<labels.count).reduce(0) { $0 + confusion[$1][$1] }) / Double(total)
    }

    /// Precision, recall and F1 of label `j`, and how many texts carry it.
    public func perLabel(_ j: Int) -> (precision: Double, recall: Double, f1: Double, support: Int) {
        let tp = Double(confusion[j][j])
        let predicted = Double((0..<labels.count).reduce(0) { $0 + confusion[$1][j] })
        let support = confusion[j].reduce(0, +)
        let p = predicted == 0 ? 0 : tp / predicted
        let r = support == 0 ? 0 : tp / Double(support)
        return (p, r, p + r == 0 ? 0 : 2 * p * r / (p + r), support)
    }

    /// The mean F1 over the labels that occur among the truths or the predictions (scikit-learn's default): a
    /// label neither present nor predicted in the scored texts (a seed-only label when only topics-iptc texts are
    /// scored) does not count.
    public var macroF1: Double {
        let present = (0..<labels.count).filter { j in
            confusion[j].reduce(0, +) > 0 || (0..<labels.count).contains { confusion[$0][j] > 0 }
        }
        return present.isEmpty ? 0 : present.map { perLabel($0).f1 }.reduce(0, +) / Double(present.count)
    }

    /// The mean F1 over the labels that occur among the truths only (a test set's own labels).
    public var macroF1OverTruths: Double {
        let present = (0..<labels.count).filter { confusion[$0].reduce(0, +) > 0 }
        return present.isEmpty ? 0 : present.map { perLabel($0).f1 }.reduce(0, +) / Double(present.count)
    }

    public var articlesPerSecond: Double { predictionSeconds > 0 ? Double(total) / predictionSeconds : 0 }

    public var expectedCalibrationError: Double {
        Calibration.expectedCalibrationError(confidences: confidences, correct: correct)
    }

    /// Scores `model` on `examples` (whose labels must be among the model's).
    public mutating func score(_ model: TopicModel, on examples: [LabeledText]) {
        let index = Dictionary(uniqueKeysWithValues: labels.enumerated().map { ($1, $0) })
        // Thread CPU time, not wall time: the number should not depend on what else the machine is running.
        let start = Self.threadCPUSeconds()
        let predictions = examples.map { model.predict($0.words) }
        predictionSeconds += Self.threadCPUSeconds() - start
        for (example, prediction) in zip(examples, predictions) {
            guard let truth = index[example.label], let guess = index[prediction.label] else { continue }
            confusion[truth][guess] += 1
            confidences.append(prediction.confidence)
            correct.append(truth == guess)
            predicted.append(guess)
        }
    }

    static func threadCPUSeconds() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }

    /// k-fold cross-validation with `TopicTrainer.stratifiedFolds` (reproducible by an outside script).
    /// - Parameter progress: called after each fold with its number (1-based).
    /// - Parameter scored: which held-out texts are scored (all are trained on in the other folds); seed-word
    ///   examples left out of the scoring keep the seed rules from being graded against themselves.
    public static func crossValidate(
        _ examples: [LabeledText], folds k: Int, trainer: TopicTrainer,
        scored: (LabeledText) -> Bool = { _ in true }, progress: (Int) -> Void = { _ in }
    ) throws(ConfigError) -> TopicEvaluation {
        guard k >= 2 else { throw ConfigError("--folds must be at least 2") }
        let labels = Array(Set(examples.map(\.label))).sorted()
        let index = Dictionary(uniqueKeysWithValues: labels.enumerated().map { ($1, $0) })
        let folds = TopicTrainer.stratifiedFolds(labels: examples.map { index[$0.label]! }, folds: k)
        var evaluation = TopicEvaluation(labels: labels)
        for f in 0..<k {
            let train = zip(examples, folds).filter { $0.1 != f }.map(\.0)
            let test = zip(examples, folds).filter { $0.1 == f && scored($0.0) }.map(\.0)
            let model = try trainer.train(train)
            evaluation.score(model, on: test)
            progress(f + 1)
        }
        return evaluation
    }

    /// A plain-text summary table.
    public func report() -> String {
        func pct(_ v: Double) -> String { String(format: "%.2f%%", v * 100) }
        func pad(_ s: String, _ w: Int) -> String { s.count >= w ? s : String(repeating: " ", count: w - s.count) + s }
        var out = "articles \(total)  accuracy \(pct(accuracy))  macro-F1 \(pct(macroF1))  "
        if macroF1OverTruths != macroF1 { out += "(over the truths' labels: \(pct(macroF1OverTruths)))  " }
        out += String(
            format: "ECE %.4f  prediction %.0f articles/s per core (thread CPU time)\n\n", expectedCalibrationError,
            articlesPerSecond)
        let width = max(8, (labels.map(\.count).max() ?? 0) + 1)
        out += pad("label", width) + pad("precision", 11) + pad("recall", 9) + pad("F1", 9) + pad("support", 9) + "\n"
        for j in 0..<labels.count {
            let s = perLabel(j)
            out +=
                pad(labels[j], width) + pad(pct(s.precision), 11) + pad(pct(s.recall), 9) + pad(pct(s.f1), 9)
                + pad(String(s.support), 9) + "\n"
        }
        out += "\nreliability per predicted label (mean confidence vs. precision, ECE within the label)\n"
        out += pad("label", width) + pad("n", 7) + pad("conf", 8) + pad("prec", 8) + pad("ECE", 8)
        out += "   wrong at >= 0.9\n"
        for j in 0..<labels.count {
            let idx = predicted.indices.filter { predicted[$0] == j }
            guard !idx.isEmpty else { continue }
            let conf = idx.map { confidences[$0] }.reduce(0, +) / Double(idx.count)
            let prec = Double(idx.filter { correct[$0] }.count) / Double(idx.count)
            let ece = Calibration.expectedCalibrationError(
                confidences: idx.map { confidences[$0] }, correct: idx.map { correct[$0] })
            let wrongHigh = idx.filter { !correct[$0] && confidences[$0] >= 0.9 }.count
            out +=
                pad(labels[j], width) + pad(String(idx.count), 7) + String(format: "%8.3f%8.3f%8.4f", conf, prec, ece)
            out += pad(String(wrongHigh), 18) + "\n"
        }
        out += "\nreliability diagram (all predictions)\n   confidence      n  accuracy\n"
        for bin in 0..<10 {
            let idx = confidences.indices.filter { min(9, Int(confidences[$0] * 10)) == bin }
            guard !idx.isEmpty else { continue }
            let acc = Double(idx.filter { correct[$0] }.count) / Double(idx.count)
            out += String(format: "   %.1f–%.1f  %7d  %8.3f\n", Double(bin) / 10, Double(bin + 1) / 10, idx.count, acc)
        }
        out += "\nconfusion (rows: truth, columns: predicted)\n" + pad("", width)
        for label in labels { out += pad(String(label.prefix(6)), 8) }
        out += "\n"
        for j in 0..<labels.count {
            out += pad(labels[j], width)
            for v in confusion[j] { out += pad(String(v), 8) }
            out += "\n"
        }
        return out
    }
}
