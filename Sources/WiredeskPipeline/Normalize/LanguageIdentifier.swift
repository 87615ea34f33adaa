// Language identification with Compact Language Detector 2 (through the `CCLD2Shim` C wrapper).
//
// `confidence` is CLD2's share of the text in the top language (0...1), halved when CLD2 itself calls the
// result unreliable (short or mixed text). When CLD2 is unsure and the document declares a language (HTML
// `lang`, JSON `lang`), the declaration wins with confidence 0.5.
import CCLD2Shim

/// A language guess.
public struct LanguageGuess: Sendable, Equatable {
    /// ISO 639-1 (or CLD2's code for languages without one, e.g. `zh-Hant`); `und` when unknown.
    public var code: String
    public var confidence: Double
}

public enum LanguageIdentifier {
    /// Texts longer than this are identified from their first 2 KiB: CLD2 is sure of a language well before that,
    /// and it is the costliest step of the stage (about 40 % of its time on BBC articles).
    static let sampleBytes = 2 * 1024

    public static func identify(_ text: String, declared: String? = nil) -> LanguageGuess {
        var utf8 = Array(text.utf8)
        if utf8.count > sampleBytes {
            var cut = sampleBytes
            while cut > 0, utf8[cut] & 0xC0 == 0x80 { cut -= 1 }  // never cut inside a character
            utf8.removeLast(utf8.count - cut)
        }
        var code = [CChar](repeating: 0, count: 16)
        var percent: Int32 = 0
        let reliable = utf8.withUnsafeBufferPointer { p in
            p.baseAddress!.withMemoryRebound(to: CChar.self, capacity: p.count) {
                wd_cld2_detect($0, p.count, 1, &code, code.count, &percent)
            }
        }
        var name = cString(code)
        if name == "un" || name == "xx" || name.isEmpty { name = "und" }
        let share = Double(max(0, min(100, percent))) / 100
        if reliable == 1 && name != "und" { return LanguageGuess(code: name, confidence: share) }
        if let declared, !declared.isEmpty {
            let primary =
                declared.lowercased().split(whereSeparator: { $0 == "-" || $0 == "_" }).first.map(String.init)
                ?? declared
            return LanguageGuess(code: primary, confidence: 0.5)
        }
        return LanguageGuess(code: name, confidence: name == "und" ? 0 : share / 2)
    }
}
