// Line-level boilerplate inside the chosen story container (issue 16). The element scoring in `HTMLExtractor`
// finds the story's container, but sites put their own furniture inside it as ordinary paragraphs with no class
// word to go by: "Read more:" teasers between paragraphs, photo credits, "Subscribe to our newsletter", comment
// forms, copyright lines, "Published 2021-04-29" lines, and trailing sections that start with a heading such as
// "About the author" or "Most read". Each rule here is a short line (so a sentence of the story that happens to
// mention a newsletter stays) matching a phrase of one of these classes, in the languages of the pages that
// reach the daemon (English, German, Spanish, French, Polish, Portuguese, Italian). Phrases, not site names.
import Foundation

enum BoilerplateLines {
    /// Why a paragraph was dropped (for tests and for reading the rules).
    enum Reason: Equatable {
        case readMore, trailingSection, sectionHeading, credit, copyright, callToAction, dateline
    }

    /// The paragraphs to keep; never all of them dropped (then the input is returned).
    static func filter(_ paragraphs: [String]) -> [String] {
        let reasons = classify(paragraphs)
        let kept = paragraphs.indices.filter { reasons[$0] == nil }.map { paragraphs[$0] }
        return kept.isEmpty ? paragraphs : kept
    }

    /// For each paragraph, the reason it is boilerplate, or nil.
    static func classify(_ paragraphs: [String]) -> [Reason?] {
        var reasons = [Reason?](repeating: nil, count: paragraphs.count)
        let total = paragraphs.reduce(0) { $0 + $1.utf8.count }
        var before = 0
        for (i, text) in paragraphs.enumerated() {
            defer { before += text.utf8.count }
            // Every rule is about a short line; the story's paragraphs are not even lower-cased.
            guard reasons[i] == nil, text.utf8.count < 300 else { continue }
            let line = Line(text)
            // A trailing section's heading in the second half of the story: it and everything after it go.
            if line.count < 60, before * 2 >= total, isTrailingSectionHeading(line) {
                for k in i..<paragraphs.count { reasons[k] = .trailingSection }
                break
            }
            reasons[i] = reason(line)
        }
        return reasons
    }

    static func reason(_ line: Line) -> Reason? {
        if isReadMore(line) { return .readMore }
        if line.count < 60 && weakSectionHeadings.contains(headingKey(line.lower)) { return .sectionHeading }
        if line.count < 250 && hasCredit(line) { return .credit }
        if isCopyright(line) { return .copyright }
        if line.count < 200 && isCallToAction(line) || line.count < 600 && isDisclosure(line) { return .callToAction }
        if isDateline(line) { return .dateline }
        return nil
    }

    /// Phrases indexed by their first byte.
    struct PhraseSet: Sendable {
        let byFirstByte: [[[UInt8]]]

        init(_ phrases: [String]) {
            var table = [[[UInt8]]](repeating: [], count: 256)
            for phrase in phrases {
                let bytes = Array(phrase.utf8)
                if let first = bytes.first { table[Int(first)].append(bytes) }
            }
            byFirstByte = table
        }
    }

    /// A lower-cased line and its UTF-8 bytes, searched as bytes (phrase lists are long, lines are many).
    struct Line {
        let lower: String
        let bytes: [UInt8]
        var count: Int { bytes.count }

        init(_ text: String) {
            lower = text.lowercased()
            bytes = Array(lower.utf8)
        }

        /// Byte offsets where `phrase` occurs.
        func occurrences(_ phrase: String) -> [Int] {
            let needle = Array(phrase.utf8)
            var found: [Int] = []
            var from = 0
            while let at = Self.firstOffset(of: needle, in: bytes, from: from) {
                found.append(at)
                from = at + 1
            }
            return found
        }

        func contains(_ phrase: String) -> Bool { Self.firstOffset(of: Array(phrase.utf8), in: bytes) != nil }

        /// The first offset at or after `start` where `needle` occurs in `haystack` (also `HTMLExtractor`'s
        /// search for JSON-LD text in the page).
        static func firstOffset(of needle: [UInt8], in haystack: [UInt8], from start: Int = 0) -> Int? {
            guard let first = needle.first, needle.count <= haystack.count else { return nil }
            var i = start
            let last = haystack.count - needle.count
            while i <= last {
                if haystack[i] == first {
                    var k = 1
                    while k < needle.count && haystack[i + k] == needle[k] { k += 1 }
                    if k == needle.count { return i }
                }
                i += 1
            }
            return nil
        }

        /// Whether any of the phrases (as UTF-8 bytes) occurs: one pass over the line, phrases by first byte.
        func containsAny(_ phrases: PhraseSet) -> Bool {
            for i in bytes.indices {
                for needle in phrases.byFirstByte[Int(bytes[i])] where i + needle.count <= bytes.count {
                    var k = 1
                    while k < needle.count && bytes[i + k] == needle[k] { k += 1 }
                    if k == needle.count { return true }
                }
            }
            return false
        }

        func hasPrefix(_ phrase: String, at offset: Int = 0) -> Bool {
            let needle = phrase.utf8
            guard offset + needle.count <= bytes.count else { return false }
            var i = offset
            for b in needle {
                if bytes[i] != b { return false }
                i += 1
            }
            return true
        }

        /// Whether the byte at `i` is part of a word (a letter or digit; any non-ASCII byte counts as a letter).
        func isWordByte(_ i: Int) -> Bool {
            guard i >= 0 && i < bytes.count else { return false }
            let b = bytes[i]
            return b >= 0x80 || (b >= 0x61 && b <= 0x7A) || (b >= 0x30 && b <= 0x39)
        }

        /// `phrase` as whole words; with `stem`, only its start must start a word.
        func containsWord(_ phrase: String, stem: Bool = false, from: Int = 0) -> Bool {
            let n = phrase.utf8.count
            return occurrences(phrase).contains { $0 >= from && !isWordByte($0 - 1) && (stem || !isWordByte($0 + n)) }
        }

        /// The offset after `i` and any spaces.
        func skipSpaces(_ i: Int) -> Int {
            var k = i
            while k < bytes.count && bytes[k] == 0x20 { k += 1 }
            return k
        }
    }

    // MARK: "Read more" teasers

    /// Markers of a link to another story, at the start of a line and followed by ":", "»", ">>" or nothing.
    static let readMoreMarkers = [
        "lea también", "lea más", "lea", "lee también", "lee más", "vea también", "ver también", "mira",
        "puedes ver", "le puede interesar", "te puede interesar", "también te puede interesar", "lesen sie auch",
        "lesen sie hier", "lesen sie mehr", "auch lesen", "lies auch", "mehr zum thema", "weiterlesen",
        "zum weiterlesen", "mehr dazu", "schon gelesen?", "schon gelesen", "à lire aussi", "lire aussi",
        "a lire aussi", "voir aussi", "czytaj też", "czytaj także", "czytaj również", "zobacz też", "zobacz także",
        "dowiedz się więcej", "read more", "read also", "also read", "see also", "related", "more", "veja também",
        "leia também", "leia mais", "leggi anche",
    ]

    static func isReadMore(_ line: Line) -> Bool {
        let start = line.hasPrefix(">>") ? line.skipSpaces(2) : 0
        for marker in readMoreMarkers where line.hasPrefix(marker, at: start) {
            let rest = line.skipSpaces(start + marker.utf8.count)
            if rest == line.count || line.hasPrefix(":", at: rest) || line.hasPrefix("»", at: rest)
                || line.hasPrefix(">>", at: rest)
            {
                return true
            }
        }
        return false
    }

    // MARK: Section headings

    /// A heading line reduced to its words: no "#", "*", spaces or a final colon around it.
    static func headingKey(_ lower: String) -> Substring {
        var s = Substring(lower).drop { " *#".contains($0) }
        while let last = s.last, " *#:".contains(last) { s = s.dropLast() }
        return s
    }

    /// Headings of sections that follow the story: author boxes, comments, related and most-read lists.
    static let trailingSectionHeadings: Set<Substring> = [
        "über den autor", "über die autorin", "zum autor", "zur autorin", "about the author", "about the authors",
        "autor", "author", "autorin", "kommentare", "comments", "ähnliche beiträge", "ähnliche themen",
        "ähnliche artikel", "related posts", "related articles", "related stories", "related", "neueste artikel",
        "neueste beiträge", "meistgelesene artikel", "meistdiskutierte artikel", "meist gelesen", "meistgelesen",
        "meist kommentiert", "aktuelle news", "das könnte sie auch interessieren",
        "das könnte dich auch interessieren", "weitere artikel", "weitere beiträge", "vos réactions",
        "leave a reply", "leave a comment", "kommentar schreiben", "comentarios", "you may also like",
        "more stories", "most popular", "most read", "trending",
    ]
    /// The same, as the start of a longer line ("Schreibe einen Kommentar Antworten abbrechen", "12 Kommentare").
    static let trailingSectionPrefixes = ["keine kommentare", "schreibe einen kommentar", "diskutieren sie mit"]

    static func isTrailingSectionHeading(_ line: Line) -> Bool {
        let key = headingKey(line.lower)
        if trailingSectionHeadings.contains(key) { return true }
        if trailingSectionPrefixes.contains(where: { key.hasPrefix($0) }) { return true }
        // "12 Kommentare", "3 comments".
        let words = key.split(separator: " ")
        return words.count == 2 && words[0].allSatisfy(\.isNumber) && ["kommentare", "comments"].contains(words[1])
    }

    /// Headings that may also head part of the story ("Weitere Informationen" over a contact paragraph): only
    /// the heading line goes.
    static let weakSectionHeadings: Set<Substring> = [
        "mehr zum thema", "weitere informationen", "mehr informationen", "weitere infos", "quellenangaben",
        "quellen", "sources", "originalpublikation", "newsletter", "zusatzinformationen", "links", "want more?",
    ]

    // MARK: Credits and copyright

    /// Words that introduce a picture credit when a colon follows them ("Foto: dpa", "Bild: Werk").
    static let creditWords = [
        "foto", "fotos", "photo", "photos", "bild", "bilder", "image", "images", "crédito", "credit", "credits",
        "titelbild", "quelle", "symbolbild",
    ]
    /// Agencies and picture libraries named in credits.
    static let creditNames = [
        "©", "(c)", "getty images", "istock", "picture alliance", "picture-alliance",
        "shutterstock", "/ afp", "/afp", "afp /", "afp/",
    ]

    /// A picture credit near the end of a short line (a caption with its credit, or the credit alone).
    static func hasCredit(_ line: Line) -> Bool {
        let tail = max(0, line.count - 70)
        if creditNames.contains(where: { name in line.occurrences(name).contains { $0 >= tail } }) { return true }
        if line.containsWord("dpa", from: tail) { return true }
        for word in creditWords {
            let n = word.utf8.count
            for at in line.occurrences(word) where at >= tail && !line.isWordByte(at - 1) {
                if line.hasPrefix(":", at: line.skipSpaces(at + n)) { return true }
            }
        }
        return false
    }

    static let copyrightPhrases = [
        "all rights reserved", "alle rechte vorbehalten", "tous droits réservés", "todos los derechos reservados",
        "wszelkie prawa zastrzeżone", "copyrighted property",
    ]

    static let copyrightSet = PhraseSet(copyrightPhrases)

    static func isCopyright(_ line: Line) -> Bool {
        if line.containsAny(copyrightSet) { return true }
        if line.hasPrefix("copyright") { return true }
        // "© 2020 …", "(c) 2016 - 2018 …".
        for mark in ["©", "(c)"] where line.hasPrefix(mark) {
            let year = line.skipSpaces(mark.utf8.count)
            if year + 4 <= line.count && line.bytes[year..<year + 4].allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) {
                return true
            }
        }
        return false
    }

    // MARK: Calls to action

    /// Phrases of subscription, newsletter, app, donation, sharing, log-in and comment-form lines.
    static let callToActionPhrases = [
        "sign up", "signing up", "newsletter", "follow us", "follow the ", "download the", "our app", "support our",
        "support us", "rely on your support", "consider supporting", "share this", "share your thoughts",
        "leave a comment", "leave a reply", "your email address will not be published", "required fields are marked",
        "we may receive compensation", "advertiser", "advertise with", "advertising disclosure", "affiliate",
        "this post contains", "disclaimer", "jetzt abonnieren", "abonnieren sie", "jetzt anmelden",
        "bitte registrieren", "kostenlos registrieren", "einloggen", "eingeloggt", "e-mail-adresse",
        "erforderliche felder", "schreibe einen kommentar", "schreiben sie einen kommentar", "keine kommentare",
        "kommentare zu schreiben", "vor dem kommentieren", "kommentar schreiben", "artikel teilen",
        "beitrag teilen", "mit anderen teilen", "teilen sie uns", "folge uns", "folgen sie uns", "unterstützen sie",
        "enthält werbung", "wird geladen", "einverständnis", "verpasse keine", "nichts mehr verpassen",
        "nichts mehr versäumen", "suscr", "síguenos", "siguenos", "únete", "canal de telegram", "canal de youtube",
        "valora esta", "cancela cuando", "abonnez", "qui êtes-vous", "subskryp", "zapraszamy", "dołącz",
        "czekamy na", "assine", "inscreva", "push notifications", "allow notifications",
        "bloggern gefällt das", "bloggers like this",
    ]
    /// The same phrases, as whole words only ("subscribe" but not "unsubscribe"; "spende" but not "spenden").
    static let callToActionWords = ["subscri", "log in", "unterstütze", "spende"]
    static let callToActionPrefixes = ["werbung", "*werbung", "anzeige"]

    static let callToActionSet = PhraseSet(callToActionPhrases)

    static func isCallToAction(_ line: Line) -> Bool {
        if line.containsAny(callToActionSet) { return true }
        if callToActionPrefixes.contains(where: { line.hasPrefix($0) }) { return true }
        // "subscri" is a stem ("subscribe", "subscription", not "unsubscribe").
        if callToActionWords.contains(where: { line.containsWord($0, stem: $0 == "subscri") }) { return true }
        // A "like" button's label alone: "Gefällt mir", "Gefällt mir Wird geladen …".
        return line.hasPrefix("gefällt mir") && (line.count <= 14 || line.contains("wird geladen"))
    }

    /// Affiliate and advertising disclosures, letters-to-the-editor and newsletter blurbs: whole sentences, so a
    /// longer line still counts when it holds one of these phrases.
    static let disclosurePhrases = [
        "we may receive compensation", "this post contains references to products", "advertising disclosure",
        "we recommend the best products", "we want to hear what you think", "not responsible for the opinions",
        "send us a message on whatsapp", "straight to your phone", "straight to your inbox", "uses cookies",
        "use cookies", "verwendet cookies", "verwendung von cookies", "utiliza cookies", "utilizamos cookies",
        "utilise des cookies", "utilisons des cookies", "używa plików cookie", "cookie policy", "cookie-richtlinie",
    ]
    static let disclosureSet = PhraseSet(disclosurePhrases)

    static func isDisclosure(_ line: Line) -> Bool {
        if line.hasPrefix("disclaimer") || line.containsAny(disclosureSet) { return true }
        // A newsletter's blurb: "The latest on artificial intelligence, from machine learning to …".
        return line.hasPrefix("the latest ") && line.count < 120 && line.bytes.last != 0x2E
    }

    // MARK: Date and posting lines

    static let datelineLeads = [
        "published", "updated", "posted", "veröffentlicht", "aktualisiert", "stand", "erstellt", "letzte änderung",
        "opublikowano", "asked", "answered", "publié", "mis à jour", "publicado", "actualizado", "pubblicato",
        "aggiornato", "ultima modifica", "last modified", "last updated",
    ]
    /// Page-history words that make a dated line furniture wherever they stand ("page.html - Created 03-10-2004
    /// - Last Modified: 03-10-2004"), not only at its start.
    static let modifiedSet = PhraseSet(["last modified", "last updated", "ultima modifica", "zuletzt geändert"])
    /// Posting lines of blog software, with or without a date.
    static let postingLeads = ["this entry was posted", "dieser eintrag wurde", "der beitrag wurde", "release date"]
    static let months = [
        "jan", "feb", "mär", "mar", "apr", "mai", "may", "jun", "jul", "aug", "sep", "okt", "oct", "nov", "dez",
        "dec", "kwi", "maj", "lis",
    ]

    /// A line that only gives a date ("05. Februar 2020", "| 10:46"), a date with a publishing word
    /// ("Aktualisiert am 17.01.2021.", "opublikowano: 2021-04-29"), or a blog's posting line.
    static func isDateline(_ line: Line) -> Bool {
        guard line.count < 250 else { return false }
        if postingLeads.contains(where: { line.hasPrefix($0) }) { return true }
        let tokens = line.lower.split(whereSeparator: { $0 == " " || $0 == "," || $0 == "|" })
        var dated = false
        var words = 0
        var k = 0
        while k < tokens.count {
            let t = tokens[k]
            let next = k + 1 < tokens.count ? tokens[k + 1] : nil
            if isNumericDate(t) || isTime(t) {
                dated = true
            } else if isMonth(t), let next, isDayOrYear(next) {
                dated = true
                k += 1
            } else if isDayOrYear(t), let next, isMonth(next) {
                dated = true
                k += 1
            } else if t.contains(where: \.isLetter) && !isMonth(t) {
                words += 1
            }
            k += 1
        }
        guard dated else { return false }
        if line.count < 80 && words <= 1 { return true }
        return datelineLeads.contains { line.hasPrefix($0) && !line.isWordByte($0.utf8.count) }
            || line.count < 160 && line.containsAny(modifiedSet)
    }

    /// "16.08.2019", "2021-04-29", "6/5/2014" (with a trailing period or colon).
    static func isNumericDate(_ t: Substring) -> Bool {
        let core = t.drop { !$0.isNumber }.reversed().drop { !$0.isNumber }
        let s = String(core.reversed())
        let parts = s.split(whereSeparator: { $0 == "." || $0 == "-" || $0 == "/" })
        guard parts.count == 3, parts.allSatisfy({ $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }) else {
            return false
        }
        return parts.contains { $0.count == 4 || $0.count == 2 } && s.count >= 6 && s.count == core.count
    }

    /// "20:37", "10:46".
    static func isTime(_ t: Substring) -> Bool {
        let parts = t.split(separator: ":", omittingEmptySubsequences: false)
        return parts.count == 2 && parts[0].count <= 2 && parts[1].count == 2
            && parts.allSatisfy { !$0.isEmpty && $0.allSatisfy { $0.isASCII && $0.isNumber } }
    }

    static func isMonth(_ t: Substring) -> Bool {
        let letters = t.prefix { $0.isLetter }
        return letters.count >= 3 && letters.count <= 10 && months.contains { letters.hasPrefix($0) }
    }

    /// "6", "6.", "29,", "2014".
    static func isDayOrYear(_ t: Substring) -> Bool {
        let digits = t.prefix { $0.isASCII && $0.isNumber }
        let rest = t.dropFirst(digits.count)
        return (1...4).contains(digits.count) && (rest.isEmpty || rest == ".")
    }
}
