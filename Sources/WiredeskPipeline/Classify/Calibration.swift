// Calibrated confidences for the topic model: temperature scaling (Guo et al., "On Calibration of Modern
// Neural Networks", 2017) applied to one-vs-rest SVM decision values.
//
// SVM decision values are not probabilities. A softmax over them with one fitted temperature T keeps the
// ranking (so accuracy is unchanged) and is fitted by minimising the negative log-likelihood of out-of-fold
// decision values, which the trainer gets from an inner cross-validation.
import Foundation

public enum Calibration {
    /// softmax(values / temperature), computed stably.
    public static func softmax(_ values: [Double], temperature: Double) -> [Double] {
        guard let top = values.max() else { return [] }
        var exps = values.map { exp(($0 - top) / temperature) }
        let sum = exps.reduce(0, +)
        for i in 0..<exps.count { exps[i] /= sum }
        return exps
    }

    /// Mean negative log-likelihood of the true labels under softmax(values / temperature).
    public static func negativeLogLikelihood(_ decisionValues: [[Double]], truth: [Int], temperature: Double)
        -> Double
    {
        guard !truth.isEmpty else { return 0 }
        var total = 0.0
        for (values, label) in zip(decisionValues, truth) {
            let p = softmax(values, temperature: temperature)[label]
            total -= log(max(p, 1e-12))
        }
        return total / Double(truth.count)
    }

    /// The temperature in [0.005, 20] that minimises the NLL (golden-section search on log T; the NLL is
    /// unimodal in T for a fixed ranking).
    public static func fitTemperature(_ decisionValues: [[Double]], truth: [Int]) -> Double {
        guard !truth.isEmpty else { return 1 }
        var lo = log(0.005)
        var hi = log(20.0)
        let ratio = (5.0.squareRoot() - 1) / 2
        func loss(_ logT: Double) -> Double {
            negativeLogLikelihood(decisionValues, truth: truth, temperature: exp(logT))
        }
        var a = hi - ratio * (hi - lo)
        var b = lo + ratio * (hi - lo)
        var fa = loss(a)
        var fb = loss(b)
        for _ in 0..<60 {
            if fa < fb {
                hi = b
                b = a
                fb = fa
                a = hi - ratio * (hi - lo)
                fa = loss(a)
            } else {
                lo = a
                a = b
                fa = fb
                b = lo + ratio * (hi - lo)
                fb = loss(b)
            }
        }
        return exp((lo + hi) / 2)
    }

    /// Expected calibration error over `bins` equal-width confidence bins: how far stated confidence is from
    /// observed accuracy, weighted by how many predictions fall in each bin.
    public static func expectedCalibrationError(confidences: [Double], correct: [Bool], bins: Int = 10) -> Double {
        guard !confidences.isEmpty else { return 0 }
        var count = [Int](repeating: 0, count: bins)
        var confidenceSum = [Double](repeating: 0, count: bins)
        var correctSum = [Double](repeating: 0, count: bins)
        for (c, ok) in zip(confidences, correct) {
            let bin = min(bins - 1, max(0, Int(c * Double(bins))))
            count[bin] += 1
            confidenceSum[bin] += c
            correctSum[bin] += ok ? 1 : 0
        }
        var ece = 0.0
        for bin in 0..<bins where count[bin] > 0 {
            ece += abs(confidenceSum[bin] - correctSum[bin]) / Double(confidences.count)
        }
        return ece
    }
}
