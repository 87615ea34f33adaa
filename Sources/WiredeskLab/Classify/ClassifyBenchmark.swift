// A benchmark of the classify stage alone, on already normalized articles: the whole stage and each of its
// three steps, in thread CPU time so the figure is per core whatever else the machine runs.
import Foundation
import WiredeskPipeline

public enum ClassifyBenchmark {
    /// One measured configuration.
    public struct Line: Sendable {
        public var name: String
        public var articles: Int
        public var seconds: Double
        public var articlesPerSecond: Double { seconds > 0 ? Double(articles) / seconds : 0 }
    }

    /// Runs the stage (all steps, then each step alone) over `articles`, `rounds` times each, with a fresh
    /// in-memory near-duplicate index per configuration (so every article is a new one for the index).
    public static func run(articles: [ArticleResult], rounds: Int = 3, base: ClassifyConfig = ClassifyConfig())
        throws -> [Line]
    {
        var configurations: [(String, ClassifyConfig)] = [("classify (topic + tone + near-duplicates)", base)]
        for step in ["topic", "tone", "near-duplicates"] {
            var c = base
            c.topic = step == "topic"
            c.tone = step == "tone"
            c.duplicates = step == "near-duplicates"
            configurations.append(("  " + step + " only", c))
        }
        var lines: [Line] = []
        for (name, config) in configurations {
            var seconds = 0.0
            for round in 0..<rounds {
                let stage = try config.build()
                let start = TopicEvaluation.threadCPUSeconds()
                for (i, article) in articles.enumerated() {
                    var copy = article
                    copy.id = "\(round)-\(i)"
                    _ = try stage.run(copy)
                }
                seconds += TopicEvaluation.threadCPUSeconds() - start
            }
            lines.append(Line(name: name, articles: articles.count * rounds, seconds: seconds))
        }
        return lines
    }
}
