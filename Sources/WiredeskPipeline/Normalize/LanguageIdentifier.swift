// Language identification with Compact Language Detector 2 (through the `CCLD2Shim` C wrapper), and the one
// decision every English-only step asks: `LanguageIdentifier.englishSkipReason(_:)`.
//
// CLD2 is good on paragraphs and unreliable on a headline and one sentence, where a few words decide: short
// English news items come back as Malay, Indonesian, Kinyarwanda, Galician or French. So a guess is only taken
// as it is when it is *strong*: CLD2 calls it reliable, it covers most of the text, and the text is either
// long enough or does not read as English (English function words). A *weak* guess gives way, in order, to the
// language the document declares (HTML `lang`, JSON `lang`), then — for text in Latin script — to the desk's
// default language (`[normalize] default_language`, "en" unless configured), and only then stands as CLD2's
// guess with half its confidence. Non-Latin text (Cyrillic, Greek, CJK, Arabic …) never falls back to a
// Latin-script default.
import CCLD2Shim

/// A language guess.
public struct LanguageGuess: Sendable, Equatable {
    /// ISO 639-1 (or CLD2's code for languages without one, e.g. `zh-Hant`); `und` when unknown.
    public var code: String
    public var confidence: Double
    /// How `code` was decided: `cld2` (a strong CLD2 guess), `declared`, `default` (the desk default for a weak
    /// guess on Latin-script text) or `weak` (CLD2's weak guess, kept).
    public var basis: String = "cld2"

    public init(code: String, confidence: Double, basis: String = "cld2") {
        self.code = code
        self.confidence = confidence
        self.basis = basis
    }
}

/// CLD2's raw answer: up to three languages with their percent of the text.
public struct CLD2Result: Sendable, Equatable {
    public var languages: [(code: String, percent: Int)]
    public var reliable: Bool
    /// Letter bytes CLD2 scored.
    public var textBytes: Int

    public static func == (a: CLD2Result, b: CLD2Result) -> Bool {
        a.reliable == b.reliable && a.textBytes == b.textBytes && a.languages.map(\.code) == b.languages.map(\.code)
            && a.languages.map(\.percent) == b.languages.map(\.percent)
    }
}

public enum LanguageIdentifier {
    /// Texts longer than this are identified from their first 2 KiB: CLD2 is sure of a language well before that,
    /// and it is the costliest step of the stage (about 40 % of its time on BBC articles).
    static let sampleBytes = 2 * 1024
    /// A reliable guess covering less of the text than this is weak.
    static let strongPercent = 70
    /// Texts with fewer letter bytes than this are "short": there a reliable non-English guess is still weak
    /// when the text reads as English.
    static let shortTextBytes = 400
    /// Share of words that are English function words above which a short text reads as English.
    static let englishWordShare = 0.12

    /// THE decision for English-only steps (NER, quotes/dates/keywords, topic, tone): nil when they run on
    /// `article`, else why not. `en` and `en-…` run; `und` (or no code) runs when at least 90% of the letters are
    /// ASCII (English news nearly always is, and a short or undetected text is more often English than not here);
    /// a low-confidence other language on ASCII text with English function words runs (`isUncertainEnglish`);
    /// anything else is skipped. Asked once per step, but `en` — nearly every article — is answered at once.
    public static func englishSkipReason(_ article: ArticleBody) -> String? {
        let language = article.language.lowercased()
        if language == "en" || language.hasPrefix("en-") { return nil }
        if isUncertainEnglish(article) { return nil }
        if language == "und" || language.isEmpty {
            var letters = 0
            var ascii = 0
            for c in article.text.unicodeScalars where c.properties.isAlphabetic {
                letters += 1
                if c.value < 0x80 { ascii += 1 }
            }
            if letters > 0 && ascii * 10 >= letters * 9 { return nil }
            return "language undetermined and the text is not mostly ASCII letters; the models are English-only"
        }
        return "language \(article.language) is not English; the models are English-only"
    }

    /// A low-confidence non-English decision on ASCII text with English function words is English copy with
    /// many foreign names: a results table of Yugoslav clubs came out `sr` at confidence 0.5.
    static func isUncertainEnglish(_ article: ArticleBody) -> Bool {
        guard let confidence = article.languageConfidence, confidence < 0.7 else { return false }
        var letters = 0
        var ascii = 0
        for c in article.text.unicodeScalars where c.properties.isAlphabetic {
            letters += 1
            if c.value < 0x80 { ascii += 1 }
        }
        guard letters > 0, ascii * 100 >= letters * 98 else { return false }
        let english: Set<Substring> = ["the", "of", "and", "in", "to", "on", "at", "results", "said", "for"]
        var hits = 0
        for word in article.text.lowercased().split(whereSeparator: { !$0.isLetter }) where english.contains(word) {
            hits += 1
            if hits >= 2 { return true }
        }
        return false
    }

    /// The code-level part of that decision, for a guess without its text: English (`en`, `en-…`) or unknown.
    public static func treatAsEnglish(_ code: String) -> Bool {
        let c = code.lowercased()
        return c == "en" || c.hasPrefix("en-") || c == "und" || c.isEmpty
    }

    /// CLD2's top three languages for `text` (its first `sampleBytes`).
    public static func detect(_ text: String) -> CLD2Result {
        var utf8 = Array(text.utf8)
        if utf8.count > sampleBytes {
            var cut = sampleBytes
            while cut > 0, utf8[cut] & 0xC0 == 0x80 { cut -= 1 }  // never cut inside a character
            utf8.removeLast(utf8.count - cut)
        }
        let cap = 16
        var codes = [CChar](repeating: 0, count: cap * 3)
        var percents = [Int32](repeating: 0, count: 3)
        var textBytes: Int32 = 0
        let reliable = utf8.withUnsafeBufferPointer { p in
            p.baseAddress!.withMemoryRebound(to: CChar.self, capacity: p.count) {
                wd_cld2_detect3($0, p.count, 1, &codes, cap, &percents, &textBytes)
            }
        }
        var languages: [(code: String, percent: Int)] = []
        for i in 0..<3 {
            var name = cString(Array(codes[(i * cap)..<((i + 1) * cap)]))
            if name == "un" || name == "xx" || name.isEmpty { name = "und" }
            let percent = Int(max(0, min(100, percents[i])))
            if i == 0 || (name != "und" && percent > 0) { languages.append((name, percent)) }
        }
        return CLD2Result(languages: languages, reliable: reliable == 1, textBytes: Int(textBytes))
    }

    /// The language of `text`.
    /// - Parameters:
    ///   - declared: the language the document declares, if any (wins over a weak guess).
    ///   - defaultLanguage: the desk's language, used for a weak guess on Latin-script text (nil = none).
    public static func identify(_ text: String, declared: String? = nil, defaultLanguage: String? = "en")
        -> LanguageGuess
    {
        let cld2 = detect(text)
        let top = cld2.languages[0]
        let share = Double(top.percent) / 100
        let latin = isLatinScript(text)
        var strong = cld2.reliable && top.code != "und" && top.percent >= strongPercent
        // CLD2 is often sure and wrong on a short headline full of place names ("Malaysia Airlines cuts routes to
        // Kuala Lumpur" -> Malay). On short Latin-script text its answer only stands when the text has some
        // evidence of its own: letters outside ASCII (most Latin-script languages but English write some) and
        // few English function words.
        if strong, latin, top.code != "en", cld2.textBytes < shortTextBytes,
            englishFunctionWordShare(text) >= englishWordShare || !hasNonASCIILetter(text)
        {
            strong = false
        }
        if strong { return LanguageGuess(code: top.code, confidence: share) }
        if let declared, !declared.isEmpty {
            let primary =
                declared.lowercased().split(whereSeparator: { $0 == "-" || $0 == "_" }).first.map(String.init)
                ?? declared
            return LanguageGuess(code: primary, confidence: 0.5, basis: "declared")
        }
        if let defaultLanguage, !defaultLanguage.isEmpty, latin {
            let percent = cld2.languages.first { $0.code == defaultLanguage }?.percent ?? 0
            return LanguageGuess(code: defaultLanguage, confidence: Double(percent) / 200, basis: "default")
        }
        return LanguageGuess(code: top.code, confidence: top.code == "und" ? 0 : share / 2, basis: "weak")
    }

    /// True when some letter of the text is outside ASCII (é, ß, ñ, ...).
    static func hasNonASCIILetter(_ text: String) -> Bool {
        text.unicodeScalars.contains { $0.value >= 0x80 && $0.properties.isAlphabetic }
    }

    /// True when at least 80 % of the letters are Latin (ASCII letters, Latin-1 and Latin Extended letters,
    /// U+00C0–U+024F and U+1E00–U+1EFF); a text without letters is not Latin.
    public static func isLatinScript(_ text: String) -> Bool {
        var latin = 0
        var letters = 0
        for scalar in text.unicodeScalars.prefix(sampleBytes) {
            let v = scalar.value
            // ASCII without the Unicode property lookup (1.5% of the rule time went to it).
            if v < 0x80 {
                if (v | 0x20) >= 0x61 && (v | 0x20) <= 0x7A {
                    letters += 1
                    latin += 1
                }
                continue
            }
            guard scalar.properties.isAlphabetic else { continue }
            letters += 1
            if v < 0x80 || (v >= 0xC0 && v <= 0x24F) || (v >= 0x1E00 && v <= 0x1EFF) { latin += 1 }
        }
        return letters > 0 && latin * 5 >= letters * 4
    }

    /// Very common English function words (none of them a frequent word of another Latin-script language).
    static let englishFunctionWords: Set<String> = [
        "the", "of", "and", "for", "that", "with", "from", "its", "are", "has", "have", "after", "said", "says",
        "his", "their", "they", "this", "who", "over", "into", "more", "not", "but", "new", "been", "were", "which",
        "than", "about", "out", "she", "you", "first", "could", "would", "what", "how", "why", "when", "can", "our",
    ]

    /// Share of the first 200 words (lower-cased letter runs) that are English function words.
    public static func englishFunctionWordShare(_ text: String) -> Double {
        var words = 0
        var hits = 0
        var current = ""
        func finish() {
            guard !current.isEmpty else { return }
            words += 1
            if englishFunctionWords.contains(current) { hits += 1 }
            current = ""
        }
        for scalar in text.unicodeScalars {
            if words >= 200 { break }
            if scalar.properties.isAlphabetic {
                current.unicodeScalars.append(contentsOf: scalar.properties.lowercaseMapping.unicodeScalars)
            } else if scalar != "'" && scalar != "’" {
                finish()
            }
        }
        finish()
        return words == 0 ? 0 : Double(hits) / Double(words)
    }
}
