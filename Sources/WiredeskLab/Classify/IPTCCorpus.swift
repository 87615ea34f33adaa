// Builds the IPTC training corpus: `topics-iptc/<label>/*.txt` (13 labels from BBC, HuffPost and AG News), plus,
// optionally, seed-word labels over `unlabeled-news/` for the subjects the labeled part lacks (conflict,
// disaster, labour, weather) or holds too little of (education: 10 texts, environment: 103), and for international
// politics (AG World, which topics-iptc drops).
//
// The seed step only looks at articles that are not already in topics-iptc: the AG sample lines left over are
// almost all AG's World class, the HuffPost ones come from its dropped sections (U.S. NEWS, WORLD NEWS, …), and
// Reuters-21578 is used only for labour and weather. An article gets a label when that label's seed words occur
// at least twice in its first 40 words and at least twice as often as any other label's. What each rule adds
// and how noisy it is (hand-checked samples) is in `Models/topic.model.md`.
import Foundation
import WiredeskPipeline

/// One seed-word rule.
public struct SeedRule: Sendable {
    public var label: String
    public var pattern: String
    /// The unlabeled files (by prefix) whose articles the rule may label.
    public var sources: [String]
    /// Words that keep the rule from labeling an article at all (a school shooting is crime, not education).
    public var unless: String? = nil
}

public enum IPTCCorpus {
    /// Seed-word rules, in tie-break order.
    public static let seedRules: [SeedRule] = [
        SeedRule(
            label: "conflict-war-peace",
            pattern: #"\b(troops|soldiers|militants?|militias?|rebels?|insurgents?|insurgency|war|airstrikes?|"#
                + #"air strikes?|bombings?|bomber|ceasefire|cease-fire|truce|shelling|missiles?|gunmen|hostages?|"#
                + #"invasion|invaded|army|armed forces|military|guerrillas?|peacekeepers?|taliban|al-qaeda|al qaeda|"#
                + #"fighting|clashes|killed in)\b"#,
            sources: ["agnews", "huffpost"]),
        SeedRule(
            label: "disaster-accident-emergency",
            pattern: #"\b(earthquake|quake|tsunami|hurricane|typhoon|cyclone|floods?|flooding|wildfires?|"#
                + #"landslides?|mudslides?|avalanche|plane crash|crashed|derailed|derailment|explosion|blast|"#
                + #"death toll|rescuers|evacuat\w+|disaster|collapsed?|stampede|capsized|shipwreck|tornado(es)?)\b"#,
            sources: ["agnews", "huffpost"]),
        SeedRule(
            label: "weather",
            pattern: #"\b(weather(?! satellite)|forecasters?|heat ?waves?|snowstorms?|blizzards?|rainfall|"#
                + #"temperatures|drought|monsoon|storms?|snowfall|heat dome|cold snap)\b"#,
            sources: ["agnews", "huffpost", "reuters"]),
        SeedRule(
            label: "labour",
            pattern: #"\b(strikes?|striking|strikers|walkouts?|labor unions?|labour unions?|trade unions?|unions|"#
                + #"union leaders?|union members|unionized|uaw|wages?|minimum wage|workers|employees|layoffs?|"#
                + #"unemployment|jobless|pay deal|pay rise|collective bargaining|picket\w*)\b"#,
            sources: ["agnews", "huffpost", "reuters"]),
        SeedRule(
            label: "politics",
            pattern: #"\b(elections?|president|presidential|prime minister|premier|parliament\w*|ministers?|"#
                + #"minister|votes?|voters|diplomats?|diplomatic|summit|government|opposition|senate|congress|"#
                + #"lawmakers|sanctions|talks|referendum|coalition|cabinet|foreign policy|nato|united nations|"#
                + #"un security council)\b"#,
            sources: ["agnews"]),
        SeedRule(
            label: "education",
            pattern: #"\b(schools?|students?|pupils?|teachers?|universit(y|ies)|colleges?|campus(es)?|classrooms?|"#
                + #"exams?|tuition|curriculum|education(al)?|graduat(es|ion)|kindergarten|scholarships?|"#
                + #"superintendent|teaching|professors?|academic)\b"#,
            sources: ["agnews", "huffpost"],
            unless: #"\b(shoot\w*|shot|gunm[ae]n|shooter|gun|armed|killed|kills|murder\w*|arrested|charged|police|"#
                + #"sexual|abuse\w*|hazing)\b"#),
        SeedRule(
            label: "environment",
            pattern: #"\b(environment(al|alists?)?|climate change|global warming|emissions|pollution|polluted|"#
                + #"wildlife|species|conservation(ists?)?|endangered|recycl\w+|renewable|carbon|deforestation|"#
                + #"biodiversity|habitats?|greenhouse|ecosystems?|plastic waste|oil spill|national parks?|forests?|"#
                + #"coral|whales?|birds?)\b"#,
            sources: ["agnews", "huffpost"]),
    ]

    /// The source group of a topics-iptc file: AG rows are one line, BBC articles are long, HuffPost items are a
    /// headline and a short description.
    public static func group(ofLabeledText text: String) -> String {
        if !text.contains("\n") { return "agnews" }
        return text.utf8.count > 600 ? "bbc" : "huffpost"
    }

    /// Lower-cased ASCII letters and digits of the first 120 such characters: the key that finds an unlabeled
    /// line that is also a topics-iptc file.
    public static func matchKey(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            let v = scalar.value
            if v >= 0x30 && v <= 0x39 || v >= 0x61 && v <= 0x7a {
                out.unicodeScalars.append(scalar)
            } else if v >= 0x41 && v <= 0x5a {
                out.unicodeScalars.append(Unicode.Scalar(v + 0x20)!)
            } else {
                continue
            }
            if out.utf8.count == 120 { break }
        }
        return out
    }

    /// Reads `topics-iptc/` (through the normalize stage) and tags each text with its source group.
    public static func loadLabeled(
        directory: String, normalize: NormalizeStage = NormalizeStage(), skipped: (String, String) -> Void = { _, _ in }
    ) throws(ConfigError) -> [LabeledText] {
        var examples = try TopicCorpus.load(directory: directory, normalize: normalize, skipped: skipped)
        for i in examples.indices { examples[i].group = group(ofLabeledText: examples[i].text) }
        return examples
    }

    /// The label of one unlabeled article under `seedRules`, or nil.
    public static func seedLabel(
        _ article: String, source: String, compiled: [(SeedRule, NSRegularExpression, NSRegularExpression?)]
    ) -> String? {
        let head = article.split(separator: " ", maxSplits: 40, omittingEmptySubsequences: true).prefix(40)
            .joined(separator: " ")
        let range = NSRange(head.startIndex..<head.endIndex, in: head)
        var hits: [(String, Int, Bool)] = []
        for (rule, regex, unless) in compiled {
            if let unless, unless.firstMatch(in: head, range: range) != nil { continue }
            let n = regex.numberOfMatches(in: head, range: range)
            if n > 0 { hits.append((rule.label, n, rule.sources.contains(where: { source.hasPrefix($0) }))) }
        }
        // The first of equal maxima wins: the rules' order breaks ties.
        guard var top = hits.first else { return nil }
        for hit in hits where hit.1 > top.1 { top = hit }
        guard top.2, top.1 >= 2 else { return nil }
        let other = hits.filter { $0.0 != top.0 }.map(\.1).max() ?? 0
        guard top.1 >= 2 * other else { return nil }
        return top.0
    }

    /// Seed-labeled articles from `unlabeled-news/*.txt.gz` that are not among `known` texts. The rules read
    /// the line as it is; the example is the line as the daemon would see it in a file of its own (through
    /// `normalize`, with the words of its analysis), so training features match the stage's.
    /// - Returns: the examples (group = the file's source name) in file and line order.
    public static func seedExamples(
        unlabeledDirectory: String, known: [LabeledText], normalize: NormalizeStage = NormalizeStage()
    ) throws(ConfigError) -> [LabeledText] {
        let knownKeys = Set(known.map { matchKey($0.text) })
        let compiled = seedRules.map { rule in
            // The patterns are constants; a typo is a programming error caught by the tests.
            (
                rule, try! NSRegularExpression(pattern: rule.pattern, options: [.caseInsensitive]),
                rule.unless.map { try! NSRegularExpression(pattern: $0, options: [.caseInsensitive]) }
            )
        }
        var out: [LabeledText] = []
        for (file, group) in [
            ("agnews-lst11111-sample.txt.gz", "agnews"), ("huffpost-news-category-first10k.txt.gz", "huffpost"),
            ("reuters21578.txt.gz", "reuters"),
        ] {
            let path = unlabeledDirectory + "/" + file
            let lines = try gunzipLines(path)
            for (n, line) in lines.enumerated() where !line.isEmpty {
                guard !knownKeys.contains(matchKey(line)) else { continue }
                guard let label = seedLabel(line, source: group, compiled: compiled) else { continue }
                let raw = RawDocument(name: "seed.txt", bytes: Array((line + "\n").utf8))
                // A line normalize rejects (a stub, no text) would not reach the stage either.
                guard let items = try? normalize.run(raw), items.count == 1,
                    case .success(let result) = items[0].outcome,
                    let article = result.article
                else { continue }
                var example = LabeledText(
                    label: label, text: article.text, words: ClassifyWords(AnalyzedText.of(result, article)),
                    source: "\(file):\(n + 1)")
                example.group = group
                out.append(example)
            }
        }
        return out
    }

    /// Whether an example came from the seed step (its source is `<unlabeled file>.txt.gz:<line>`).
    public static func isSeedExample(_ example: LabeledText) -> Bool {
        example.source.contains(".txt.gz:")
    }

    /// The lines of a gzip file (read with the system's `gzip -dc`, which every Debian has).
    static func gunzipLines(_ path: String) throws(ConfigError) -> [String] {
        guard FileManager.default.isReadableFile(atPath: path) else { throw ConfigError("\(path) cannot be read") }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/gzip")
        process.arguments = ["-dc", path]
        let pipe = Pipe()
        process.standardOutput = pipe
        do { try process.run() } catch { throw ConfigError("gzip -dc \(path): \(error)") }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw ConfigError("gzip -dc \(path) failed") }
        return String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
            .map(String.init)
    }

    /// Writes examples as `DIR/<label>/<group>-<n>.txt` (for outside tools such as the scikit-learn baseline).
    public static func write(_ examples: [LabeledText], to directory: String) throws {
        let fm = FileManager.default
        var counter: [String: Int] = [:]
        for example in examples {
            let folder = directory + "/" + example.label
            try fm.createDirectory(atPath: folder, withIntermediateDirectories: true)
            let key = example.label + "/" + (example.group.isEmpty ? "text" : example.group)
            let n = counter[key, default: 0]
            counter[key] = n + 1
            let name = String(format: "%@-%05d.txt", example.group.isEmpty ? "text" : example.group, n)
            try Data(example.text.utf8).write(to: URL(fileURLWithPath: folder + "/" + name))
        }
    }
}
