// Bytes in any common newsroom encoding → valid UTF-8, with the charset that was detected and how sure we are.
//
// Order of evidence, strongest first: a byte-order mark; valid UTF-8 (a non-ASCII text in another charset is
// almost never valid UTF-8 by accident); the NUL pattern of UTF-16/32 without a BOM; ICU's statistical detector
// (it also recognises UTF-16 without a BOM, which uchardet does not), with uchardet as a second opinion when ICU
// is unsure. Conversion goes through ICU; invalid sequences become U+FFFD and are counted, never fatal, unless
// so many are replaced that the text cannot be the detected charset at all (`undecodable`).
import CICUShim
import CUchardet

/// The outcome of decoding: UTF-8 bytes and what they came from.
public struct DecodedText: Sendable {
    /// Valid UTF-8, BOM removed.
    public var utf8: [UInt8]
    public var charset: CharsetInfo
}

/// Detects the character set of raw bytes and converts them to UTF-8.
public enum CharsetDecoder {
    /// Share of replaced sequences (per decoded scalar) above which the detected charset is judged wrong.
    static let maxReplacementShare = 0.05

    /// Decodes `bytes`.
    /// - Throws: `StageFailure` `binary` (NULs or control bytes not explained by UTF-16/32, or a known binary
    ///   signature) or `undecodable` (no charset fits).
    public static func decode(_ input: [UInt8]) throws(StageFailure) -> DecodedText {
        var bytes = input
        if let bom = byteOrderMark(bytes) {
            let text = try convert(bytes, dropping: bom.length, charset: bom.name, confidence: 1, method: "bom")
            if bom.name != "UTF-8" { try requirePlausible(text, "starts with a \(bom.name) byte-order mark") }
            return text
        }
        if let signature = BinarySniffer.signature(bytes) {
            throw StageFailure(
                stage: NormalizeStage.name, code: "binary", message: "the file is binary data (\(signature)), not text")
        }
        if let utf16 = utf16WithoutBOM(bytes) {
            let text = try convert(bytes, dropping: 0, charset: utf16, confidence: 0.9, method: "nul-pattern")
            try requirePlausible(text, "has the NUL pattern of \(utf16)")
            return text
        }
        if let reason = BinarySniffer.binaryReason(bytes) {
            throw StageFailure(stage: NormalizeStage.name, code: "binary", message: reason)
        }
        // A few stray NULs in text (a legacy system's artefact) are removed, as the README promises.
        if bytes.contains(0) { bytes.removeAll { $0 == 0 } }
        if isValidUTF8(bytes) {
            return DecodedText(
                utf8: bytes, charset: CharsetInfo(name: "UTF-8", confidence: 1, method: "utf8", replaced: 0))
        }
        if let lenient = mostlyUTF8(bytes) { return lenient }
        if let declared = declaredCharset(bytes), declared != "UTF-8",
            let text = try? convert(bytes, dropping: 0, charset: declared, confidence: 0.9, method: "declared"),
            text.charset.replaced == 0
        {
            return text
        }
        let (name, confidence, method) = detect(bytes)
        guard let name else {
            throw StageFailure(
                stage: NormalizeStage.name, code: "undecodable",
                message: "the text is not UTF-8 and no character set could be detected")
        }
        return try convert(bytes, dropping: 0, charset: name, confidence: confidence, method: method)
    }

    // MARK: Evidence

    /// Share of decoded scalars that no text holds: unassigned, private-use, surrogate or noncharacter code
    /// points, U+FFFD replacements, and control characters other than tab, newline, form feed and carriage return.
    /// Random bytes read as UTF-16 are about a quarter such scalars (and the rest a salad of CJK and Hangul); real
    /// text of any script has almost none. Looks at the first 64 Ki scalars.
    static func implausibleShare(_ utf8: [UInt8]) -> Double {
        var total = 0
        var bad = 0
        for scalar in String(decoding: utf8.prefix(256 * 1024), as: UTF8.self).unicodeScalars {
            total += 1
            if total > 65536 { break }
            let v = scalar.value
            if v < 0x20 {
                if v != 0x09 && v != 0x0A && v != 0x0C && v != 0x0D { bad += 1 }
                continue
            }
            if v < 0x7F { continue }
            if v == 0xFFFD || (v >= 0x7F && v <= 0x9F) {
                bad += 1
                continue
            }
            switch scalar.properties.generalCategory {
            case .unassigned, .privateUse, .surrogate: bad += 1
            default: if scalar.properties.isNoncharacterCodePoint { bad += 1 }
            }
        }
        return total == 0 ? 0 : Double(bad) / Double(total)
    }

    /// Rejects a decoding whose characters cannot be text (`implausibleShare` above 5 %) as `binary`.
    static func requirePlausible(_ text: DecodedText, _ evidence: String) throws(StageFailure) {
        let share = implausibleShare(text.utf8)
        guard share <= 0.05 else {
            throw StageFailure(
                stage: NormalizeStage.name, code: "binary",
                message:
                    "the file \(evidence), but \(Int((share * 100).rounded())) % of its characters are unassigned, private-use, invalid or control characters: it is binary data, not text"
            )
        }
    }

    /// BOMs of UTF-32 must be tested before UTF-16 (FF FE 00 00 starts with FF FE).
    static func byteOrderMark(_ b: [UInt8]) -> (name: String, length: Int)? {
        if b.count >= 4 {
            if b[0] == 0x00, b[1] == 0x00, b[2] == 0xFE, b[3] == 0xFF { return ("UTF-32BE", 4) }
            if b[0] == 0xFF, b[1] == 0xFE, b[2] == 0x00, b[3] == 0x00 { return ("UTF-32LE", 4) }
        }
        if b.count >= 3, b[0] == 0xEF, b[1] == 0xBB, b[2] == 0xBF { return ("UTF-8", 3) }
        if b.count >= 2 {
            if b[0] == 0xFE, b[1] == 0xFF { return ("UTF-16BE", 2) }
            if b[0] == 0xFF, b[1] == 0xFE { return ("UTF-16LE", 2) }
        }
        return nil
    }

    /// UTF-16 text of a Latin-script language without a BOM: the high byte of at least 30 % of the code units
    /// is NUL and the low byte of those units is a printable character or white space (binary data with NULs
    /// fails this). Looks at the first 4 KiB; needs at least 8 code units.
    static func utf16WithoutBOM(_ b: [UInt8]) -> String? {
        let n = min(b.count, 4096) & ~1
        guard n >= 16 else { return nil }
        var evenNul = 0
        var oddNul = 0
        var i = 0
        while i < n {
            if b[i] == 0 { evenNul += 1 }
            if b[i + 1] == 0 { oddNul += 1 }
            i += 2
        }
        let pairs = n / 2
        func printableLowBytes(lowOffset: Int) -> Bool {
            var units = 0
            var printable = 0
            var k = 0
            while k < n {
                if b[k + 1 - lowOffset] == 0 {
                    units += 1
                    let c = b[k + lowOffset]
                    if c >= 0x20 || c == 0x09 || c == 0x0A || c == 0x0D { printable += 1 }
                }
                k += 2
            }
            return units > 0 && printable * 10 >= units * 9
        }
        if oddNul * 10 >= pairs * 3 && evenNul * 50 < pairs && printableLowBytes(lowOffset: 0) { return "UTF-16LE" }
        if evenNul * 10 >= pairs * 3 && oddNul * 50 < pairs && printableLowBytes(lowOffset: 1) { return "UTF-16BE" }
        return nil
    }

    /// Strict UTF-8 validation (no overlongs, no surrogates, nothing above U+10FFFF).
    public static func isValidUTF8(_ b: [UInt8]) -> Bool {
        b.withUnsafeBufferPointer { p -> Bool in
            let n = p.count
            var i = 0
            while i < n {
                let c = p[i]
                if c < 0x80 {
                    i += 1
                    continue
                }
                if c >= 0xC2 && c <= 0xDF {
                    guard i + 1 < n, p[i + 1] & 0xC0 == 0x80 else { return false }
                    i += 2
                } else if c >= 0xE0 && c <= 0xEF {
                    guard i + 2 < n, p[i + 1] & 0xC0 == 0x80, p[i + 2] & 0xC0 == 0x80 else { return false }
                    if c == 0xE0 && p[i + 1] < 0xA0 { return false }
                    if c == 0xED && p[i + 1] >= 0xA0 { return false }
                    i += 3
                } else if c >= 0xF0 && c <= 0xF4 {
                    guard i + 3 < n, p[i + 1] & 0xC0 == 0x80, p[i + 2] & 0xC0 == 0x80, p[i + 3] & 0xC0 == 0x80
                    else { return false }
                    if c == 0xF0 && p[i + 1] < 0x90 { return false }
                    if c == 0xF4 && p[i + 1] >= 0x90 { return false }
                    i += 4
                } else {
                    return false
                }
            }
            return true
        }
    }

    /// UTF-8 with a few broken sequences (a truncated copy, one stray Latin-1 byte): valid multi-byte sequences
    /// far outnumber the invalid ones. Decoded as UTF-8 with U+FFFD for each invalid sequence, so the good
    /// characters are not turned into mojibake by a single-byte charset guess.
    static func mostlyUTF8(_ b: [UInt8]) -> DecodedText? {
        var valid = 0
        var invalid = 0
        var i = 0
        while i < b.count {
            let c = b[i]
            if c < 0x80 {
                i += 1
                continue
            }
            let need = c >= 0xC2 && c <= 0xDF ? 1 : c >= 0xE0 && c <= 0xEF ? 2 : c >= 0xF0 && c <= 0xF4 ? 3 : -1
            var ok = need > 0
            if ok {
                for k in 1...need where i + k >= b.count || b[i + k] & 0xC0 != 0x80 { ok = false }
            }
            if ok {
                valid += 1
                i += need + 1
            } else {
                invalid += 1
                i += 1
            }
        }
        guard valid >= 2, invalid <= valid else { return nil }
        let text = String(decoding: b, as: UTF8.self)
        var replaced = 0
        for s in text.unicodeScalars where s == "\u{FFFD}" { replaced += 1 }
        let confidence = (Double(valid) / Double(valid + invalid) * 100).rounded() / 100
        return DecodedText(
            utf8: Array(text.utf8),
            charset: CharsetInfo(name: "UTF-8", confidence: confidence, method: "utf8-lenient", replaced: replaced))
    }

    /// The charset an HTML page declares (`<meta charset=…>` or `content="…; charset=…"`) in its first 2 KiB.
    static func declaredCharset(_ b: [UInt8]) -> String? {
        let n = min(b.count, 2048)
        let key = Array("charset=".utf8)
        guard n > key.count else { return nil }
        var i = 0
        while i + key.count < n {
            var match = true
            for k in 0..<key.count where (b[i + k] | 0x20) != key[k] {
                match = false
                break
            }
            if match {
                var s = i + key.count
                while s < n, b[s] == 0x22 || b[s] == 0x27 || b[s] == 0x20 { s += 1 }
                var e = s
                while e < n,
                    (b[e] >= 0x30 && b[e] <= 0x39) || ((b[e] | 0x20) >= 0x61 && (b[e] | 0x20) <= 0x7A) || b[e] == 0x2D
                        || b[e] == 0x5F
                { e += 1 }
                guard e > s else { return nil }
                return canonicalName(String(decoding: b[s..<e], as: UTF8.self))
            }
            i += 1
        }
        return nil
    }

    /// ICU first; uchardet when ICU is below 50 % sure and uchardet names a charset.
    static func detect(_ bytes: [UInt8]) -> (String?, Double, String) {
        let sample = bytes.count > 65536 ? Array(bytes[0..<65536]) : bytes
        var nameBuf = [CChar](repeating: 0, count: 64)
        let icuConfidence = sample.withUnsafeBufferPointer { p in
            wd_icu_detect_charset(p.baseAddress, p.count, &nameBuf, nameBuf.count)
        }
        let icuName: String? = icuConfidence >= 0 ? cString(nameBuf) : nil
        if var icuName, icuConfidence >= 50 {
            // Bytes 0x80–0x9F are C1 controls in ISO-8859-1 but quotes and dashes in windows-1252: newsroom text
            // with them is windows-1252.
            if icuName == "ISO-8859-1" && sample.contains(where: { $0 >= 0x80 && $0 <= 0x9F }) {
                icuName = "windows-1252"
            }
            return (canonicalName(icuName), Double(icuConfidence) / 100, "icu")
        }
        if let guess = uchardetGuess(sample) {
            return (canonicalName(guess), 0.5, "uchardet")
        }
        if let icuName { return (canonicalName(icuName), Double(max(icuConfidence, 0)) / 100, "icu") }
        return (nil, 0, "none")
    }

    static func uchardetGuess(_ sample: [UInt8]) -> String? {
        guard let detector = uchardet_new() else { return nil }
        defer { uchardet_delete(detector) }
        let status = sample.withUnsafeBufferPointer { p in
            p.baseAddress!.withMemoryRebound(to: CChar.self, capacity: p.count) {
                uchardet_handle_data(detector, $0, p.count)
            }
        }
        guard status == 0 else { return nil }
        uchardet_data_end(detector)
        guard let c = uchardet_get_charset(detector) else { return nil }
        let name = String(cString: c)
        return name.isEmpty || name == "ASCII" ? nil : name
    }

    /// ICU calls Windows code pages `windows-1252`; uchardet says `WINDOWS-1252`. One spelling in results.
    static func canonicalName(_ name: String) -> String {
        let upper = name.uppercased()
        if upper.hasPrefix("WINDOWS-") { return "windows-" + upper.dropFirst(8) }
        if upper == "SHIFT_JIS" || upper == "SJIS" { return "Shift_JIS" }
        return upper
    }

    // MARK: Conversion

    static func convert(_ bytes: [UInt8], dropping prefix: Int, charset: String, confidence: Double, method: String)
        throws(StageFailure) -> DecodedText
    {
        let body = prefix == 0 ? bytes[...] : bytes[prefix...]
        if charset == "UTF-8" && isValidUTF8(Array(body)) {
            return DecodedText(
                utf8: Array(body),
                charset: CharsetInfo(name: charset, confidence: confidence, method: method, replaced: 0))
        }
        var capacity = body.count * 3 + 16
        for _ in 0..<3 {
            var out = [UInt8](repeating: 0, count: capacity)
            var substitutions: Int64 = 0
            let written = body.withUnsafeBufferPointer { src in
                out.withUnsafeMutableBufferPointer { dst in
                    wd_icu_convert_to_utf8(
                        charset, src.baseAddress, src.count, dst.baseAddress, dst.count, &substitutions)
                }
            }
            if written == -2 {
                capacity *= 2
                continue
            }
            guard written >= 0 else {
                throw StageFailure(
                    stage: NormalizeStage.name, code: "undecodable",
                    message: "the text looks like \(charset), but it cannot be converted from it")
            }
            out.removeLast(out.count - Int(written))
            let replaced = Int(substitutions)
            if replaced > 16 && Double(replaced) > Double(max(out.count / 2, 1)) * maxReplacementShare {
                throw StageFailure(
                    stage: NormalizeStage.name, code: "undecodable",
                    message:
                        "\(replaced) invalid byte sequences when read as \(charset): the character set cannot be determined"
                )
            }
            return DecodedText(
                utf8: out,
                charset: CharsetInfo(name: charset, confidence: confidence, method: method, replaced: replaced))
        }
        throw StageFailure(
            stage: NormalizeStage.name, code: "undecodable", message: "conversion from \(charset) did not fit in memory"
        )
    }
}

/// Tells binary content from text before any charset is guessed.
enum BinarySniffer {
    /// Magic numbers of formats that often land in an inbox by mistake.
    static func signature(_ b: [UInt8]) -> String? {
        func starts(_ sig: [UInt8]) -> Bool { b.count >= sig.count && Array(b[0..<sig.count]) == sig }
        if starts([0x25, 0x50, 0x44, 0x46, 0x2D]) { return "PDF" }
        if starts([0x89, 0x50, 0x4E, 0x47]) { return "PNG image" }
        if starts([0xFF, 0xD8, 0xFF]) { return "JPEG image" }
        if starts([0x47, 0x49, 0x46, 0x38]) { return "GIF image" }
        if starts([0x50, 0x4B, 0x03, 0x04]) { return "ZIP archive or Office document" }
        if starts([0x1F, 0x8B]) { return "gzip data" }
        if starts([0x7F, 0x45, 0x4C, 0x46]) { return "ELF executable" }
        if starts([0xD0, 0xCF, 0x11, 0xE0]) { return "legacy Office document" }
        return nil
    }

    /// Judged by shares in the first 64 KiB, not by presence: more than 1 % NUL bytes (and at least 8; 10 % in a tiny
    /// file), or more than 5 % NULs and C0
    /// control bytes other than tab, newline, form feed, carriage return and escape (ISO-2022 uses ESC) together.
    /// A text with a few stray NULs passes (they are removed); random bytes have about 10 % control bytes.
    static func binaryReason(_ b: [UInt8]) -> String? {
        let n = min(b.count, 65536)
        var controls = 0
        var nuls = 0
        b.withUnsafeBufferPointer { p in
            for i in 0..<n {
                let c = p[i]
                if c == 0 {
                    nuls += 1
                } else if c < 0x20 && c != 0x09 && c != 0x0A && c != 0x0C && c != 0x0D && c != 0x1B {
                    controls += 1
                }
            }
        }
        if nuls * 10 > n || (nuls * 100 > n && nuls >= 8) {
            return "\(nuls) of the first \(n) bytes are NUL: the file is binary data, not text"
        }
        if n > 0 && (controls + nuls) * 20 > n {
            return
                "\(controls + nuls) of the first \(n) bytes are control characters: the file is binary data, not text"
        }
        return nil
    }
}

/// A NUL-terminated C buffer as a String (the buffer always holds a terminator: the shims write one).
func cString(_ buffer: [CChar]) -> String {
    String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
}
