// Issue 16's failure classes, one hand-written page each (Fixtures/html/), and issue 15's 50,000-deep page.
// Each page held the story that the old extractor lost or polluted: a class word on an ancestor deleting the
// story, the wrong first <article>, galleries/tickers/related lists kept, tweets and link lines dropped.
import Foundation
import Testing

@testable import WiredeskPipeline

@Suite struct HTMLExtractorTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures/html")

    func page(_ name: String) throws -> HTMLDocument {
        let data = try #require(FileManager.default.contents(atPath: Self.fixtures.appendingPathComponent(name).path))
        return HTMLExtractor.extract([UInt8](data))
    }

    static let story = [
        "The city council voted on Tuesday to close the old harbour bridge to cars from March",
        "Cyclists and pedestrians will still be able to cross",
        "said the mayor, Ines Kahl",
    ]
    static let headline = "Harbour bridge to close to cars after cracks found"
    /// The story's sentences as <p> paragraphs, each long enough to count as text.
    static let storyParagraphs = story.map {
        "<p>\($0), as the council announced in a statement on Tuesday.</p>"
    }.joined()

    func expectStory(_ doc: HTMLDocument, _ name: String) {
        let text = doc.paragraphs.joined(separator: "\n")
        #expect(doc.headline == Self.headline, "\(name)")
        for sentence in Self.story { #expect(text.contains(sentence), "\(name) lost: \(sentence)") }
        for junk in ["Home", "Sport", "Weather", "Most read", "Lottery"] {
            #expect(!text.contains(junk), "\(junk) leaked into \(name)")
        }
    }

    @Test(arguments: ["body-menu-class.html", "layout-sidebar-classes.html", "breadcrumb-article.html"])
    func classWordsOnAncestorsDoNotDeleteTheStory(_ name: String) throws {
        expectStory(try page(name), name)
    }

    @Test func aLayoutClassOnTheStoryWrapperDoesNotDropItWithItsSidebar() throws {
        // The wrapper of story and sidebar is named "sidebar_right" and is link-heavy; a cookie modal with long
        // sentences makes <body> the best element. The story's own container must survive the wrapper's drop.
        let doc = try page("layout-wrapper-cookie-modal.html")
        expectStory(doc, "layout-wrapper-cookie-modal.html")
        let text = doc.paragraphs.joined(separator: "\n")
        #expect(!text.contains("cookies"))
        #expect(!text.contains("Archive of all stories"))
    }

    @Test(arguments: ["meta-only-article.html", "teaser-first.html"])
    func theStoryContainerWinsOverTheFirstArticle(_ name: String) throws {
        let doc = try page(name)
        expectStory(doc, name)
        // A teaser <article> before the story is not part of it (issue 16, class 2).
        #expect(!doc.paragraphs.joined().contains("Ferry operator hires"))
        #expect(!doc.paragraphs.joined().contains("The operator expects more passengers"))
    }

    @Test func galleriesTickersAndRelatedListsAreDropped() throws {
        let doc = try page("gallery-ticker-more.html")
        expectStory(doc, "gallery-ticker-more.html")
        let text = doc.paragraphs.joined(separator: "\n")
        for junk in [
            "Caption", "Close", "Back to Gallery", "Breaking News", "Fire at the old mill", "More Blog Stories",
            "Ten walks along the river",
        ] {
            #expect(!text.contains(junk), "\(junk) was kept")
        }
    }

    @Test func tweetsListsAndLinkLinesOfTheStoryAreKept() throws {
        let doc = try page("tweet-list-link.html")
        expectStory(doc, "tweet-list-link.html")
        let text = doc.paragraphs.joined(separator: "\n")
        #expect(text.contains("The bridge is closed to cars from March. Ferry times will follow next week."))
        #expect(text.contains("by the temporary car ferry, every twenty minutes;"))
        #expect(text.contains("Read the engineers’ full report"))
    }

    @Test func jsonLDGivesBodyAndMetadata() throws {
        let doc = try page("json-ld-body.html")
        #expect(doc.headline == Self.headline)
        #expect(doc.sources["headline"] == "json-ld")
        // JSON-LD articleBody is the body when the page's own blocks are weaker ("Loading…").
        #expect(doc.paragraphs.count == 3)
        #expect(doc.paragraphs.first?.hasPrefix("The city council voted") == true)
        #expect(doc.sources["text"] == "json-ld")
        #expect(doc.byline == "Ines Kahl")
        #expect(doc.published == "2026-03-02T08:00:00Z")
        #expect(doc.sources["published"] == "json-ld")
        #expect(doc.url == "https://daily.example/city/harbour-bridge")
        #expect(doc.sources["url"] == "canonical")
        #expect(doc.language == "en_GB")
        #expect(doc.sources["language"] == "og")
    }

    @Test func jsonLDArticleBodyMovesTheChoiceToTheStory() {
        let other = (1...3).map {
            "<p>Unrelated column number \($0) talks at length about gardening, the weather, the price of tomatoes "
                + "at the market and many other things that have nothing to do with the bridge at all.</p>"
        }.joined()
        let links = (1...20).map { "<li><a href=\"/s\($0)\">Another section of the site, number \($0)</a></li>" }
            .joined()
        let body =
            Self.story[0] + ", after engineers found cracks in two of its piers. " + Self.story[1]
            + ", the council said, while a temporary ferry will carry cars for at least a year."
        let html = """
            <html><head><script type="application/ld+json">{"@type":"NewsArticle","articleBody":"\(body)"}</script>
            </head><body><ul>\(links)</ul><div class="other">\(other)</div>
            <div class="story"><p>\(Self.story[0]), after engineers found cracks in two of its piers.</p>
            <p>\(Self.story[1]), the council said, while a temporary ferry will carry cars for at least a year.</p>
            </div></body></html>
            """
        let doc = HTMLExtractor.extract(Array(html.utf8))
        let text = doc.paragraphs.joined(separator: "\n")
        #expect(text.contains(Self.story[1]))
        #expect(!text.contains("Unrelated column"))
        #expect(doc.sources["text"] == "blocks+json-ld")
    }

    @Test func linesSeparatedByBreaksAreOneParagraph() {
        // A blog post written as <br>-separated lines, each too short to count as text alone, next to a blog
        // description that is one long paragraph: the post is the story, not the description.
        let lines = [
            "The city council voted on Tuesday to close the old harbour bridge",
            "to cars from March, after engineers found cracks in two of its piers.",
            "Cyclists and pedestrians will still be able to cross the bridge,",
            "the council said, while a temporary ferry will carry cars for a year.",
        ]
        let post = (lines + lines.map { "And again: " + $0 }).joined(separator: "<br />\n")
        let html = """
            <html><body><div class="sidebar"><p>Here is where I write about the life of our small harbour town, \
            its people, its bridges and ferries, and whatever else comes to mind on a long evening.</p></div>
            <div class="post-body"><p>\(post)</p></div></body></html>
            """
        let doc = HTMLExtractor.extract(Array(html.utf8))
        let text = doc.paragraphs.joined(separator: "\n")
        for line in lines { #expect(text.contains(line), "lost: \(line)") }
        #expect(!text.contains("Here is where I write"))
    }

    @Test func aStoryOnlyInNoscriptIsRead() {
        // The page renders its post from a script template; <noscript> holds the only markup copy of the text.
        let paragraph = "<p>\(Self.story[0]), after engineers found cracks in two of its piers. \(Self.story[1]).</p>"
        let html = """
            <html><body><div class="about"><p>A blog about the harbour town, its bridges, ferries and people.</p>
            </div><div class="post"><h1>\(Self.headline)</h1><script type="text/template">\(paragraph)</script>
            <noscript>\(paragraph)\(paragraph.replacingOccurrences(of: "<p>", with: "<p>Again: "))</noscript>
            </div></body></html>
            """
        let doc = HTMLExtractor.extract(Array(html.utf8))
        let text = doc.paragraphs.joined(separator: "\n")
        #expect(text.contains(Self.story[1]))
        #expect(!text.contains("A blog about the harbour town"))
    }

    @Test func namedAnchorsAreNotLinks() {
        // Hand-written pages leave <a name> unclosed in their section headings; the parser reopens the anchor
        // around all the text after it. That text is not link text: the sections stay one story.
        let sections = (1...3).map { n in
            "<h2><a name=\"s\(n)\">Part \(n)</h2><blockquote><p>Section \(n): \(Self.story[0]), after engineers "
                + "found cracks in two of its piers during the winter inspection of the harbour.</p><p>\(Self.story[1])"
                + " in part \(n), the council said, while a temporary ferry will carry cars for a year.</p></blockquote>"
        }.joined()
        let html = """
            <html><body><h1>\(Self.headline)</h1><ul><li><a href="#s1">Part 1</a></li><li><a href="#s2">Part 2</a>\
            </li></ul>\(sections)<div class="about"><p>This site is written by a retired engineer who likes old \
            bridges, ferries and the people who keep them running.</p></div></body></html>
            """
        let text = HTMLExtractor.extract(Array(html.utf8)).paragraphs.joined(separator: "\n")
        for n in 1...3 { #expect(text.contains("Section \(n): \(Self.story[0])"), "lost section \(n)") }
    }

    @Test func aRepeatedBoxTitleInH1NeitherNamesNorStartsTheStory() {
        // Each embedded "Read also:" teaser has its title in an <h1>: the story does not start at the first one.
        let box = "<div class=\"box\"><h1><a href=\"\">Read also:</a></h1><p><a href=\"/x\">Ferry times</a></p></div>"
        let paragraphs = [
            "\(Self.story[0]), after engineers found cracks in two of its piers during the winter inspection.",
            "\(Self.story[1]), the council said, while a temporary ferry will carry cars for at least a year.",
            "“We had no choice once the report came in,” \(Self.story[2]), who had opposed the closure for months.",
            "Repairs are expected to cost twelve million euros and to take until the autumn of next year, it said.",
        ].map { "<p>\($0)</p>" }
        let html = """
            <html><head><title>\(Self.headline)</title></head><body><article>\(paragraphs[0])\(box)\
            \(paragraphs[1])\(box)\(paragraphs[2])\(paragraphs[3])</article></body></html>
            """
        let doc = HTMLExtractor.extract(Array(html.utf8))
        expectStory(doc, "repeated h1")
        #expect(!doc.paragraphs.contains("Read also:"))
    }

    @Test func captionsAreTheStoryOnlyOnAGallery() {
        let caption =
            "What you need: a bowler hat, a white shirt and braces, and an umbrella for the rain, which you will need."
        let figures = (1...6).map {
            "<figure><img src=\"\($0).jpg\"><figcaption><p>Costume \($0). \(caption)</p></figcaption></figure>"
        }.joined()
        let intro = "<p>Cheap costumes are all that matter this year, thanks to these ideas from our readers.</p>"
        let gallery = HTMLExtractor.extract(
            Array("<html><body><article>\(intro)\(figures)</article></body></html>".utf8))
        let text = gallery.paragraphs.joined(separator: "\n")
        for n in 1...6 { #expect(text.contains("Costume \(n). What you need"), "lost caption \(n)") }
        // On an ordinary page the story is its paragraphs, and a long caption stays out.
        let story = Self.storyParagraphs
        let picture = "<figure><img src=\"b.jpg\"><figcaption>Costume 1. \(caption)</figcaption></figure>"
        let page = HTMLExtractor.extract(Array("<html><body><article>\(story)\(picture)</article></body></html>".utf8))
        #expect(page.paragraphs.joined().contains(Self.story[1]))
        #expect(!page.paragraphs.joined().contains("What you need"))
        // A news story with a carousel of many pictures in its middle: the captions outweigh the story, but the
        // story is long, so the page is not a gallery and the captions stay out.
        let longStory = (1...5).flatMap { n in
            Self.story.map { "<p>\($0), as the council said in its statement number \(n) on Tuesday.</p>" }
        }
        let carousel = (1...30).map {
            "<figure><img src=\"\($0).jpg\"><figcaption><p>Picture \($0). \(caption)</p></figcaption></figure>"
        }.joined()
        let html =
            "<html><body><article>\(longStory[..<7].joined())\(carousel)\(longStory[7...].joined())</article></body></html>"
        let article = HTMLExtractor.extract(Array(html.utf8)).paragraphs.joined(separator: "\n")
        #expect(article.contains(Self.story[0]) && article.contains(Self.story[Self.story.count - 1]))
        #expect(!article.contains("What you need"), "carousel captions kept as story")
    }

    @Test func aLinkedListAfterTheStoryGoesWithItsAriaHeading() {
        // Wired's "More Great WIRED Stories": a `role="heading"` <div> over a list whose items are half text,
        // half link, after the story's last paragraph. Each item alone is too unlinked to be a link line.
        let story = Self.storyParagraphs
        let items = ["What the city can teach", "The ferry, the bridge, and the call", "Why tolls are back"].map {
            "<li>\($0) about <a href=\"/s/\($0.count)\">the harbour and its future</a></li>"
        }.joined()
        let last = "<li>Want the best views? Check out our picks for <a href=\"/g\">the best harbour walks</a>.</li>"
        let more =
            "<hr/><div role=\"heading\" aria-level=\"3\">More Great Harbour Stories</div><ul>\(items)\(last)</ul>"
        let html = "<html><body><article><h1>\(Self.headline)</h1>\(story)\(more)</article></body></html>"
        let doc = HTMLExtractor.extract(Array(html.utf8))
        expectStory(doc, "aria heading list")
        let text = doc.paragraphs.joined(separator: "\n")
        #expect(!text.contains("More Great Harbour Stories"))
        #expect(!text.contains("What the city can teach"))
    }

    @Test func aHeadingOverASubheadingStays() {
        // "## The best hotels" then "### Forestis, Brixen" and its paragraph: the section heading is the story's
        // (it used to go as a heading over nothing).
        let story = Self.storyParagraphs
        let section =
            "<h2>The best places to cross the harbour</h2><h3>The old ferry</h3>"
            + "<p>The old ferry runs every twenty minutes from the north quay, and it takes bicycles for free.</p>"
        let html = "<html><body><article><h1>\(Self.headline)</h1>\(story)\(section)\(story)</article></body></html>"
        let text = HTMLExtractor.extract(Array(html.utf8)).paragraphs
        #expect(text.contains("The best places to cross the harbour"))
        #expect(text.contains("The old ferry"))
    }

    @Test func camelCaseNamesAreReadAsWords() {
        // An author bio and a promo list named in camel case ("ArticlePage-authorInfo-bio", "PromoSmall"): the
        // promos' long summaries used to count as story after the bio, so both stayed.
        #expect(HTMLExtractor.nameParts("ArticlePage-authorInfo-bio") == ["article", "page", "author", "info", "bio"])
        #expect(HTMLExtractor.nameParts("CNNHeader_main") == ["cnnheader", "main"])
        let story = Self.story.map {
            "<p>\($0), as the council announced in a statement on Tuesday, after a long debate about the cost of the"
                + " repairs and about the ferry that will replace the bridge for at least a year.</p>"
        }.joined()
        let promos = (1...3).map {
            "<div class=\"PromoSmall\"><p>Promo \($0): The ferry operator said on Monday that it would hire twenty new"
                + " crew members before the bridge closes to cars in March.</p></div>"
        }.joined()
        let html = """
            <html><body><article><h1>\(Self.headline)</h1>\(story)<div class="ArticlePage-authorInfo-bio">Anna Berg \
            writes about city hall and transport for the Daily, where she has worked since 2009, and lives by the \
            harbour.</div>\(promos)</article></body></html>
            """
        let doc = HTMLExtractor.extract(Array(html.utf8))
        expectStory(doc, "camel case")
        let text = doc.paragraphs.joined(separator: "\n")
        #expect(!text.contains("Anna Berg writes"))
        #expect(!text.contains("Promo 1"))
    }

    @Test func aForumWhosePostsAreAllNamedCommentsKeepsThem() {
        // Every post of the thread is a "comment": the names would leave nothing, so they name the story.
        let posts = (1...4).map {
            "<div class=\"comment\"><p>Post \($0): Since the update my phone no longer downloads apps over mobile data,"
                + " even small ones, and the settings show nothing unusual at all.</p></div>"
        }.joined()
        let html = "<html><body><h1>App Store over mobile data</h1><div class=\"thread\">\(posts)</div></body></html>"
        let text = HTMLExtractor.extract(Array(html.utf8)).paragraphs.joined(separator: "\n")
        for n in 1...4 { #expect(text.contains("Post \(n): Since the update"), "lost post \(n)") }
    }

    @Test func aStoryOfFurnitureSentencesFallsBackToThePage() {
        // The post is three short lines; the only long sentences on the page are a cookie notice and a comment
        // form's note. Those are not the story: the page is read whole, as a short page.
        let html = """
            <html><body><div class="post"><h1>A short exchange</h1><p>“I know I am tired and should not say it…”</p>
            <p>“Then do not say it.”</p><p>“Fine.”</p></div><div class="respond"><p>Your email address will not \
            be published. Required fields are marked *</p></div><div class="banner"><p>Privacy &amp; cookies: this \
            site uses cookies. By continuing to use this website, you agree to their use.</p></div></body></html>
            """
        let text = HTMLExtractor.extract(Array(html.utf8)).paragraphs.joined(separator: "\n")
        #expect(text.contains("“Then do not say it.”"))
        #expect(!text.contains("uses cookies"))
    }

    @Test func shortSentenceLinesAreTextNotNoise() {
        // A list of jokes: questions and answers are short lines, but lines of text, not furniture. Counted as
        // noise like link lines, they made the intro paragraph alone the story.
        let intro =
            "<p>Kids are natural comedians, so why not encourage them to get punny with these jokes that need little"
            + " to no explanation from parents? Here are the ones our readers sent in this year, with their names.</p>"
        let long = (1...4).map {
            "<p>Long joke \($0): a man walks into a library and asks for a book about paranoia, and the librarian "
                + "whispers that it is right behind him.</p>"
        }
        let jokes = (1...60).map {
            "<p>Joke \($0). What did one volcano say to the other one?</p><p>I lava you, \($0)!</p>"
        }
        let html = "<html><body><div class=\"prose\">\(intro)\(long.joined())\(jokes.joined())</div></body></html>"
        let text = HTMLExtractor.extract(Array(html.utf8)).paragraphs.joined(separator: "\n")
        #expect(text.contains("Joke 37. What did one volcano say to the other one?"))
        #expect(text.contains("I lava you, 37!"))
        #expect(text.contains("Long joke 2"))
    }

    @Test func boilerplateNamesAreWholeWords() {
        for name in [
            "menu-type-dropdownmenu", "l-sidebar-fixed", "l-article-body-segment", "content-with-sidebar-wrp",
            "pagination-first", "breadcrumb-enabled", "twitter-tweet",
        ] {
            #expect(!HTMLExtractor.isBoilerplateName(Substring(name)), "\(name)")
        }
        for name in ["menu", "site-footer", "main-nav", "related-posts", "share-bar", "comments", "ad"] {
            #expect(HTMLExtractor.isBoilerplateName(Substring(name)), "\(name)")
        }
    }

    @Test func deeplyNestedPageGivesAResult() throws {
        let depth = 50_000
        let html = Array(
            (String(repeating: "<div>", count: depth) + "deep text" + String(repeating: "</div>", count: depth)).utf8)
        let bounded = try #require(HTMLDepthLimiter.bounded(html, maxDepth: HTMLExtractor.maxDepth))
        #expect(bounded.count < html.count)
        #expect(String(decoding: bounded, as: UTF8.self).contains("deep text"))
        let items = try NormalizeStage().run(RawDocument(name: "n.html", bytes: html, receivedAt: Date()))
        let article = try #require(try items.first?.outcome.get().article)
        #expect(article.text.contains("deep text"))
        // Unclosed formatting elements nest in HTML5 too.
        let bold = Array(("<p>" + String(repeating: "<b>", count: depth) + "bold text").utf8)
        #expect(HTMLExtractor.extract(bold).paragraphs == ["bold text"])
    }

    @Test func ordinaryPagesAreNotTouchedByTheDepthLimit() throws {
        let data = try #require(
            FileManager.default.contents(atPath: Self.fixtures.appendingPathComponent("tweet-list-link.html").path))
        #expect(HTMLDepthLimiter.bounded([UInt8](data), maxDepth: HTMLExtractor.maxDepth) == nil)
        let flat = Array((String(repeating: "<p>x", count: 5000) + "<script>if (a<b) {}</script>").utf8)
        #expect(HTMLDepthLimiter.bounded(flat, maxDepth: 10) == nil)
    }
}
