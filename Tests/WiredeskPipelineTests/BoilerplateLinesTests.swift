// Issue 16, boilerplate kept inside the story's container: one small hand-written page per class, each asserting
// that the story's sentences stay and the furniture goes. Also the structural case of a named author box that is
// followed by comments (the comments used to count as "story after it", so the box stayed).
import Foundation
import Testing

@testable import WiredeskPipeline

@Suite struct BoilerplateLinesTests {
    static let story = [
        "The city council voted on Tuesday to close the old harbour bridge to cars from March, after engineers found"
            + " cracks in two of its piers during the winter inspection.",
        "Cyclists and pedestrians will still be able to cross, the council said, while a temporary ferry will carry"
            + " cars for at least a year.",
        "“We had no choice once the report came in,” said the mayor, Ines Kahl, who had opposed the closure for"
            + " months before the engineers’ findings were published.",
        "Repairs are expected to cost twelve million euros and to take until the autumn of next year, according to"
            + " the city’s transport office.",
    ]

    /// A page whose <article> holds the story's paragraphs with `extra` paragraphs inserted after the
    /// paragraph at each key (index into `story`), as plain <p> elements with no class names.
    func page(_ extra: [Int: [String]]) -> String {
        var body = ""
        for (i, p) in Self.story.enumerated() {
            body += "<p>\(p)</p>\n"
            for e in extra[i] ?? [] { body += "<p>\(e)</p>\n" }
        }
        return "<html><head><title>Bridge</title></head><body><article><h1>Harbour bridge to close</h1>\n"
            + body + "</article></body></html>"
    }

    func extract(_ html: String) -> String {
        HTMLExtractor.extract(Array(html.utf8)).paragraphs.joined(separator: "\n")
    }

    func expect(_ text: String, drops junk: [String], _ comment: Comment) {
        for sentence in Self.story { #expect(text.contains(sentence), "\(comment): lost \(sentence.prefix(40))") }
        for line in junk { #expect(!text.contains(line), "\(comment): kept \(line)") }
    }

    @Test func readMoreTeasersBetweenParagraphsGo() {
        let junk = [
            "Lea también: Impiden ingreso a reportero en la frontera",
            "Lesen Sie auch: Die Fähre fährt ab Montag alle zwanzig Minuten",
            "READ MORE: Ferry operator hires twenty new crew members", "À lire aussi » Le pont fermé aux voitures",
        ]
        let text = extract(page([0: [junk[0]], 1: [junk[1]], 2: [junk[2], junk[3]]]))
        expect(text, drops: junk, "read more")
    }

    @Test func trailingSectionsAfterTheirHeadingGo() {
        let bio =
            "Anna Berg has covered city hall for the Daily since 2009. She studied history in Leipzig and lives with"
            + " her family by the harbour."
        let text = extract(page([3: ["About the author", bio, "Most read", "Fire at the old mill"]]))
        expect(text, drops: ["About the author", "Anna Berg has covered", "Most read", "Fire at the old mill"], "bio")
        // The same heading early in a story is a heading of the story: the section rule needs the second half.
        let early = extract(page([0: ["Comments", "The council took comments from residents for a month."]]))
        #expect(early.contains("The council took comments from residents"))
    }

    @Test func pictureCreditsAndCaptionsWithCreditsGo() {
        let junk = [
            "Foto: Marco Verch", "The bridge from the north bank. Photo: Ines Kahl/City of Kiel",
            "© Oli Scarff/Getty Images", "Engineers at work (mlharing / iStock.com)",
        ]
        let text = extract(page([0: [junk[0], junk[1]], 2: [junk[2]], 3: [junk[3]]]))
        expect(text, drops: junk, "credits")
    }

    @Test func callsToActionGo() {
        let junk = [
            "Subscribe now to our e-paper edition for the full story.",
            "Follow us on Twitter and Instagram for the latest news.",
            "Deine E-Mail-Adresse wird nicht veröffentlicht. Erforderliche Felder sind mit * markiert.",
            "We rely on your support to make local news available to all", "Gefällt mir:",
            "¿Ya sabías que tenemos canal de Telegram? Únete desde tu celular.", "Want More?",
            "The Daily Would Like To Send You Push Notifications.", "%d Bloggern gefällt das:",
        ]
        let text = extract(
            page([
                0: [junk[0]], 1: [junk[1], junk[4]], 2: [junk[5]], 3: [junk[2], junk[3], junk[6], junk[7], junk[8]],
            ]))
        expect(text, drops: junk, "calls to action")
        // Disclosures are whole sentences and may be long.
        let disclosure =
            "This post contains references to products from one or more of our advertisers. We may receive"
            + " compensation when you click on links to those products, and the terms apply to the offers listed."
            + " Please review the terms on the issuer's own website before you apply for any of them at all."
        let blurb = "The latest on city transport, from ferries to bridges and more"
        let disclosed = extract(page([0: [disclosure], 3: [blurb]]))
        expect(disclosed, drops: ["This post contains references", blurb], "disclosures")
        // A story sentence that mentions the same words is long, and stays.
        let long =
            "The ferry company said it would send a newsletter to all season-ticket holders and follow the council’s"
            + " advice on timetables, and that passengers could subscribe to updates by text message for free."
        #expect(extract(page([1: [long]])).contains(long))
    }

    @Test func copyrightAndDateLinesGo() {
        let junk = [
            "© 2020 Daily Example Inc. All Rights Reserved.", "Aktualisiert am 17.01.2021.",
            "opublikowano: 2021-04-29 17:13", "This entry was posted in City. Bookmark the permalink.",
            "05. Februar 2020", "Pubblicato il 19 Febbraio 2020 Ultima modifica 19 Febbraio 2020 12:02",
            "bridge.html - Created 03-10-2004 2:20pm - Last Modified: 03-10-2004 2:20pm",
        ]
        let text = extract(page([0: [junk[1], junk[4], junk[5]], 1: [junk[2]], 3: [junk[3], junk[0], junk[6]]]))
        expect(text, drops: junk, "copyright and dates")
    }

    @Test func theRulesNeverLeaveNothing() {
        let lines = ["Foto: dpa", "Subscribe to our newsletter"]
        #expect(BoilerplateLines.filter(lines) == lines)
        #expect(BoilerplateLines.classify(["Read more: Next story"]) == [.readMore])
    }

    @Test func anArticleSpreadAmongShortLinesIsNotReducedToOneParagraph() {
        // A wiki page: the article's paragraphs sit between runs of short quote lines, whose noise lets one
        // long paragraph elsewhere on the page outscore the article (and the page) by a few bytes. The 40 lines
        // per run put the article's own score just below zero and the page's just below the lone paragraph's.
        let quote = (1...40).map { "<dd>Short quoted line number \($0)</dd>" }.joined()
        let note = "An unrelated note about the old name of the bridge, which sailors still use, and about its painter."
        let html =
            "<html><body><div class=\"wiki\">" + Self.story.map { "<p>\($0)</p><dl>\(quote)</dl>" }.joined()
            + "</div><div class=\"trivia\"><p>" + Array(repeating: note, count: 4).joined(separator: " ")
            + "</p></div></body></html>"
        let text = extract(html)
        for sentence in Self.story { #expect(text.contains(sentence), "lost \(sentence.prefix(40))") }
    }

    @Test func anAuthorBoxFollowedByCommentsGoesToo() {
        // The author box and the comments are named; the comments' long sentences are good text after the box,
        // which used to keep the box as "not at the story's end".
        let comment = (1...3).map {
            "<li class=\"comment\"><p>Comment \($0): I cross this bridge every day and I think the council waited far"
                + " too long before it looked at those cracks, which everyone could see from the ferry.</p></li>"
        }.joined()
        let html =
            "<html><body><article><h1>Harbour bridge to close</h1>"
            + Self.story.map { "<p>\($0)</p>" }.joined()
            + "<div class=\"author-box\"><p>Anna Berg has covered city hall for the Daily since 2009. She studied"
            + " history in Leipzig and now lives with her family by the harbour, where she sails.</p></div>"
            + "<div id=\"comments\"><ol>\(comment)</ol></div></article></body></html>"
        expect(extract(html), drops: ["Anna Berg has covered", "Comment 1"], "author box")
    }
}
