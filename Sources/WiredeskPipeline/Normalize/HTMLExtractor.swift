// Main-text extraction from a saved web page, over gumbo's HTML5 parse tree (the same tree a browser builds,
// so broken markup, unclosed <p> and stray tags cost nothing).
//
// No walk recurses on the tree's depth: `HTMLDepthLimiter` bounds the depth before gumbo parses (gumbo frees its
// tree recursively), and every pass below uses an explicit stack or the flat pre-order element list.
//
// 1. One iterative walk turns the tree into a flat list of elements (pre-order, with parent links) and of text
//    blocks (a paragraph per block element, with its link text), and reads the metadata: <title>, meta/OpenGraph,
//    canonical link, <html lang>, JSON-LD (`headline`, `articleBody`, `author`, `datePublished`, ...), <time>,
//    headings.
// 2. Every block is classified (jusText-like): "good" = long enough, little link text, sentence punctuation.
//    Every element is scored bottom-up: good text minus half the link and short-text "noise" below it, so the
//    best element is the smallest one holding most of the story. class/id words and nav/aside/footer are weak
//    evidence: they lower an element's score and drop a subtree inside the story only when that subtree does not
//    hold most of the story's good text.
// 3. Inside the chosen element, blocks that are link lists, repeated captions, a heading over a dropped list, and
//    furniture before the first and after the last good paragraph are dropped.
// 4. JSON-LD `articleBody` is the fallback when the chosen element holds much less text than it.
// 5. `BoilerplateLines` drops the furniture that the container holds as ordinary paragraphs: "Read more:" teasers,
//    trailing sections after their heading, picture credits, copyright lines, calls to action, date lines.
import CGumbo
import Foundation

/// What the extractor found in a page.
struct HTMLDocument {
    var headline: String?
    var byline: String?
    var published: String?
    var url: String?
    var language: String?
    var paragraphs: [String] = []
    /// Where each metadata field came from: `headline`, `byline`, `published`, `url`, `language`, `text` →
    /// `h1`, `og`, `json-ld`, `meta`, `title`, `canonical`, `html-lang`, `time`, `element`, `blocks`.
    var sources: [String: String] = [:]
}

enum HTMLExtractor {
    /// Deeper elements lose their tags (their text is kept) before parsing.
    static let maxDepth = 400

    static func set(_ tags: [GumboTag]) -> Set<UInt32> { Set(tags.map(\.rawValue)) }

    /// Elements whose subtree is never text: skipped by the walk. <noscript> is read: gumbo parses its content in
    /// <body> as markup, and a page that renders its story from a script template holds the only copy there.
    static let skippedTags = set([
        GUMBO_TAG_STYLE, GUMBO_TAG_IFRAME, GUMBO_TAG_SVG, GUMBO_TAG_BUTTON, GUMBO_TAG_SELECT,
        GUMBO_TAG_TEMPLATE, GUMBO_TAG_OBJECT, GUMBO_TAG_EMBED, GUMBO_TAG_CANVAS, GUMBO_TAG_TEXTAREA, GUMBO_TAG_INPUT,
        GUMBO_TAG_MATH, GUMBO_TAG_AUDIO, GUMBO_TAG_VIDEO, GUMBO_TAG_MAP, GUMBO_TAG_OPTION,
    ])

    /// Elements that start and end a paragraph.
    static let blockTags = set([
        GUMBO_TAG_P, GUMBO_TAG_DIV, GUMBO_TAG_H1, GUMBO_TAG_H2, GUMBO_TAG_H3, GUMBO_TAG_H4, GUMBO_TAG_H5,
        GUMBO_TAG_H6, GUMBO_TAG_LI, GUMBO_TAG_UL, GUMBO_TAG_OL, GUMBO_TAG_BLOCKQUOTE, GUMBO_TAG_PRE,
        GUMBO_TAG_SECTION, GUMBO_TAG_ARTICLE, GUMBO_TAG_MAIN, GUMBO_TAG_TR, GUMBO_TAG_TABLE, GUMBO_TAG_DD,
        GUMBO_TAG_DT, GUMBO_TAG_DL, GUMBO_TAG_BR, GUMBO_TAG_HR, GUMBO_TAG_HEADER, GUMBO_TAG_ADDRESS,
        GUMBO_TAG_FIGURE, GUMBO_TAG_BODY, GUMBO_TAG_NAV, GUMBO_TAG_ASIDE, GUMBO_TAG_FOOTER, GUMBO_TAG_FORM,
        GUMBO_TAG_TD, GUMBO_TAG_TH, GUMBO_TAG_CAPTION, GUMBO_TAG_LABEL, GUMBO_TAG_FIGCAPTION,
    ])

    static let headingTags = set([
        GUMBO_TAG_H1, GUMBO_TAG_H2, GUMBO_TAG_H3, GUMBO_TAG_H4, GUMBO_TAG_H5, GUMBO_TAG_H6,
    ])

    /// Elements that are page furniture by their tag (weak evidence, like a class word).
    static let furnitureTags = set([GUMBO_TAG_NAV, GUMBO_TAG_ASIDE, GUMBO_TAG_FOOTER, GUMBO_TAG_MENU])

    /// A class or id name is boilerplate when it is one of these words, ends with one ("site-footer", "main-nav")
    /// or starts with one followed only by generic words ("related-posts", "share-bar").
    static let boilerplateWords: Set<String> = [
        "nav", "navbar", "navigation", "menu", "footer", "sidebar", "comment", "comments", "ad", "ads", "advert",
        "adverts", "advertisement", "sponsored", "promo", "share", "sharing", "social", "cookie", "cookies",
        "consent", "related", "newsletter", "breadcrumb", "breadcrumbs", "subscribe", "banner", "popup",
        "masthead", "toolbar", "skip", "pagination", "outbrain", "taboola", "gallery", "slideshow", "ticker",
        "teaser", "teasers", "recommended", "recommendations", "trending", "widget", "widgets", "tags", "modal",
        "disqus", "carousel", "more", "most", "popular", "sharebar", "socials", "footnotes-nav", "dablink",
    ]
    /// Boilerplate words that name page layout rather than a kind of block.
    static let layoutWords: Set<String> = [
        "nav", "navbar", "navigation", "menu", "footer", "sidebar", "comment", "comments", "ad", "ads", "advert",
        "adverts", "advertisement", "sponsored", "promo", "share", "sharing", "social", "cookie", "cookies",
        "consent", "related", "newsletter", "breadcrumb", "breadcrumbs", "subscribe", "banner", "popup",
        "masthead", "toolbar", "pagination", "outbrain", "taboola", "modal", "disqus", "sharebar", "socials",
    ]
    /// Names of sections after the story: weak evidence too, used with the block's position.
    static let trailingWords: Set<String> = [
        "comment", "comments", "disqus", "respond", "related", "relatedposts", "newsletter", "outbrain", "taboola",
        "recommended", "recommendations", "author", "authorbox", "bio", "share", "sharing", "social", "subscribe",
        "promo", "sponsored", "ad", "ads", "advert", "advertisement", "cookie", "cookies", "consent", "tags",
        "signup", "further", "readmore", "mehr",
    ]
    static let genericWords: Set<String> = [
        "wrap", "wrapper", "wrp", "container", "box", "list", "links", "link", "area", "bar", "block", "section",
        "widget", "widgets", "posts", "post", "articles", "article", "stories", "story", "items", "item",
        "buttons", "button", "icons", "module", "inner", "outer", "content", "holder", "panel", "top", "bottom",
        "title", "header", "heading", "tools", "nav", "menu", "main", "left", "right", "col", "column", "group",
        "news", "entries", "teaser", "teasers", "count", "form", "slider", "overlay",
    ]

    /// The words of a class/id token, lower-cased: split at "-" and "_" and where a lower-case letter meets an
    /// upper-case one ("ArticlePage-authorInfo-bio" → article, page, author, info, bio; "PromoSmall" → promo,
    /// small), so camel-case names are read like dashed ones. Runs of capitals stay one word ("CNN").
    static func nameParts(_ name: Substring) -> [String] {
        // Over the bytes, for speed (every class token of every element): ASCII letters are lower-cased, other
        // bytes are kept and never split a word.
        var parts: [String] = []
        var current: [UInt8] = []
        var previousLower = false
        for b in name.utf8 {
            if b == 0x2D || b == 0x5F {
                if !current.isEmpty { parts.append(String(decoding: current, as: UTF8.self)) }
                current.removeAll(keepingCapacity: true)
                previousLower = false
                continue
            }
            let upper = b >= 0x41 && b <= 0x5A
            if upper && previousLower && !current.isEmpty {
                parts.append(String(decoding: current, as: UTF8.self))
                current.removeAll(keepingCapacity: true)
            }
            current.append(upper ? b + 0x20 : b)
            previousLower = (b >= 0x61 && b <= 0x7A) || (b >= 0x30 && b <= 0x39)
        }
        if !current.isEmpty { parts.append(String(decoding: current, as: UTF8.self)) }
        return parts
    }

    static func isBoilerplateName(_ name: Substring) -> Bool {
        let parts = nameParts(name)
        guard let first = parts.first, let last = parts.last else { return false }
        if boilerplateWords.contains(last) && last != "more" && last != "most" { return true }
        if boilerplateWords.contains(first) && parts.count > 1 && parts.dropFirst().allSatisfy(genericWords.contains) {
            return true
        }
        return parts.count == 1 && boilerplateWords.contains(first) && first != "more" && first != "most"
    }

    static func extract(_ utf8: [UInt8]) -> HTMLDocument {
        let input = HTMLDepthLimiter.bounded(utf8, maxDepth: maxDepth) ?? utf8
        guard !input.isEmpty else { return HTMLDocument() }
        let output: UnsafeMutablePointer<GumboOutput>? = input.withUnsafeBufferPointer { p in
            p.baseAddress!.withMemoryRebound(to: CChar.self, capacity: p.count) { chars in
                withUnsafePointer(to: kGumboDefaultOptions) { options in
                    gumbo_parse_with_options(options, chars, p.count)
                }
            }
        }
        guard let output else { return HTMLDocument() }
        defer {
            withUnsafePointer(to: kGumboDefaultOptions) { options in gumbo_destroy_output(options, output) }
        }
        var page = Page()
        page.walk(output.pointee.root)
        return page.document()
    }

    // MARK: Tree helpers

    static func attribute(_ node: UnsafeMutablePointer<GumboNode>, _ name: String) -> String? {
        guard node.pointee.type == GUMBO_NODE_ELEMENT else { return nil }
        return withUnsafeMutablePointer(to: &node.pointee.v.element.attributes) { attrs -> String? in
            guard let a = gumbo_get_attribute(attrs, name), let v = a.pointee.value else { return nil }
            return String(cString: v)
        }
    }

    /// Text of a node's direct text children (a <script> or <title>).
    static func ownText(_ node: UnsafeMutablePointer<GumboNode>) -> String {
        let vector = node.pointee.v.element.children
        var s = ""
        for i in 0..<Int(vector.length) {
            guard let raw = vector.data[i] else { continue }
            let child = raw.assumingMemoryBound(to: GumboNode.self)
            let type = child.pointee.type
            if type == GUMBO_NODE_TEXT || type == GUMBO_NODE_WHITESPACE || type == GUMBO_NODE_CDATA,
                let t = child.pointee.v.text.text
            {
                s += String(cString: t)
            }
        }
        return s
    }

    // MARK: The flat page

    struct Element {
        var tag: UInt32
        var parent: Int
        /// Last element index of this element's subtree (elements are in pre-order).
        var end: Int
        /// Furniture by tag or class/id word.
        var furniture: Bool
        /// <article>, <main>, itemprop=articleBody, role=main.
        var contentHint: Bool
        /// A class/id part that names a trailing section (comments, related stories, author box, sharing).
        /// The furniture evidence names page layout (nav, footer, sidebar, comments, ads).
        var layout = false
        var trailingName = false
        var good = 0.0
        var noise = 0.0
        /// All text bytes below, and the link text among them.
        var text = 0.0
        var links = 0.0
    }

    struct Block {
        var text: String
        var bytes: Int
        var linkBytes: Int
        var links: Int
        var owner: Int
        var heading: Int
        var listItem: Bool
        var good: Bool
        /// Blocks separated only by <br> share a group: one paragraph written as lines.
        var group = 0
        /// Inside a <figcaption>.
        var caption = false
        /// Left out of scoring and output (a picture caption on a page whose story is not its captions).
        var hidden = false
    }

    struct Page {
        var elements: [Element] = []
        var blocks: [Block] = []
        var current: [UInt8] = []
        var currentLinkBytes = 0
        var currentLinks = 0
        var currentOwner = -1
        /// The paragraph group of the current block (see `Block.group`).
        var group = 0
        var linkDepth = 0
        var headingLevel = 0
        var listDepth = 0
        var captionDepth = 0
        var headDepth = 0
        /// Indices of the open elements, innermost last.
        var open: [Int] = []

        // Metadata.
        var title: String?
        var meta: [String: String] = [:]
        var canonical: String?
        var language: String?
        var timeDatetime: String?
        var timeTexts: Set<String> = []
        var bylineElementText: String?
        var jsonLD = JSONLD()
        /// Block index of each <h1> (its first block).
        var h1Blocks: [Int] = []

        enum Frame {
            case enter(UnsafeMutablePointer<GumboNode>)
            case exit(element: Int, block: Bool, link: Bool, heading: Bool, list: Bool, head: Bool)
        }

        /// Ends the current block; `continuing`: at a <br>, so the next block is a line of the same paragraph.
        mutating func flush(continuing: Bool = false) {
            defer {
                current.removeAll(keepingCapacity: true)
                currentLinkBytes = 0
                currentLinks = 0
                currentOwner = -1
                if !continuing { group += 1 }
            }
            guard current.contains(where: { $0 > 0x20 }) else { return }
            let text = TextCleaner.cleanInline(String(decoding: current, as: UTF8.self))
            guard !text.isEmpty else { return }
            let bytes = text.utf8.count
            let linkBytes = min(currentLinkBytes, bytes)
            blocks.append(
                Block(
                    text: text, bytes: bytes, linkBytes: linkBytes, links: currentLinks, owner: max(currentOwner, 0),
                    heading: headingLevel, listItem: listDepth > 0, good: false, group: group,
                    caption: captionDepth > 0))
        }

        mutating func walk(_ root: UnsafeMutablePointer<GumboNode>?) {
            guard let root else { return }
            var stack: [Frame] = [.enter(root)]
            while let frame = stack.popLast() {
                switch frame {
                case .exit(let element, let block, let link, let heading, let list, let head):
                    if block { flush(continuing: elements[element].tag == GUMBO_TAG_BR.rawValue) }
                    if link { linkDepth -= 1 }
                    if heading { headingLevel = 0 }
                    if list { listDepth -= 1 }
                    if elements[element].tag == GUMBO_TAG_FIGCAPTION.rawValue { captionDepth -= 1 }
                    if head { headDepth -= 1 }
                    if open.last == element { open.removeLast() }
                case .enter(let node):
                    enter(node, &stack)
                }
            }
            flush()
            // Post-order sums: children come after their parent in the list.
            classifyBlocks()
            for i in elements.indices.reversed() where elements[i].parent >= 0 {
                let p = elements[i].parent
                elements[p].good += elements[i].good
                elements[p].noise += elements[i].noise
                elements[p].text += elements[i].text
                elements[p].links += elements[i].links
                elements[p].end = max(elements[p].end, elements[i].end)
            }
        }

        mutating func enter(_ node: UnsafeMutablePointer<GumboNode>, _ stack: inout [Frame]) {
            let type = node.pointee.type
            if type == GUMBO_NODE_TEXT || type == GUMBO_NODE_WHITESPACE || type == GUMBO_NODE_CDATA {
                guard headDepth == 0, let t = node.pointee.v.text.text else { return }
                var p = UnsafeRawPointer(t).assumingMemoryBound(to: UInt8.self)
                var n = 0
                if currentOwner < 0 && type != GUMBO_NODE_WHITESPACE { currentOwner = open.last ?? 0 }
                while p.pointee != 0 {
                    // Source line breaks inside a paragraph are layout, not structure.
                    current.append(p.pointee == 0x0A || p.pointee == 0x0D || p.pointee == 0x09 ? 0x20 : p.pointee)
                    p += 1
                    n += 1
                }
                if linkDepth > 0 && type != GUMBO_NODE_WHITESPACE { currentLinkBytes += n }
                return
            }
            let vector: GumboVector
            var tag: UInt32 = 0
            if type == GUMBO_NODE_DOCUMENT {
                vector = node.pointee.v.document.children
            } else if type == GUMBO_NODE_ELEMENT {
                tag = node.pointee.v.element.tag.rawValue
                if skippedTags.contains(tag) { return }
                if !readMetadata(node, tag) { return }
                vector = node.pointee.v.element.children
            } else {
                return
            }
            let parent = open.last ?? -1
            let index = elements.count
            let isBlock = blockTags.contains(tag)
            if isBlock { flush(continuing: tag == GUMBO_TAG_BR.rawValue) }
            if type == GUMBO_NODE_ELEMENT {
                let evidence = furnitureEvidence(node, tag, parent: parent)
                elements.append(
                    Element(
                        tag: tag, parent: parent, end: index, furniture: evidence.furniture,
                        contentHint: isContentHint(node, tag), layout: evidence.layout,
                        trailingName: hasTrailingName(node)))
            } else {
                elements.append(Element(tag: 0, parent: -1, end: index, furniture: false, contentHint: false))
            }
            // Only an <a href> is a link: a named anchor (<a name>, often left unclosed, so that the parser
            // reopens it around everything after) is a target in the text, not a way out of it.
            let link = tag == GUMBO_TAG_A.rawValue && attribute(node, "href") != nil
            if link {
                linkDepth += 1
                currentLinks += 1
            }
            // A `role="heading"` element (a <div> with `aria-level`, as Condé Nast pages title their "More Great
            // WIRED Stories" lists) is a heading like <h2>.
            let ariaHeading = !headingTags.contains(tag) && isBlock && attribute(node, "role") == "heading"
            let heading = (headingTags.contains(tag) || ariaHeading) && headingLevel == 0
            if heading {
                headingLevel =
                    ariaHeading
                    ? min(max(attribute(node, "aria-level").flatMap { Int($0) } ?? 2, 2), 6)
                    : Int(tag - GUMBO_TAG_H1.rawValue) + 1
                if tag == GUMBO_TAG_H1.rawValue { h1Blocks.append(blocks.count) }
            }
            let list = tag == GUMBO_TAG_LI.rawValue
            if list { listDepth += 1 }
            if tag == GUMBO_TAG_FIGCAPTION.rawValue { captionDepth += 1 }
            let head = tag == GUMBO_TAG_HEAD.rawValue
            if head { headDepth += 1 }
            open.append(index)
            stack.append(.exit(element: index, block: isBlock, link: link, heading: heading, list: list, head: head))
            var i = Int(vector.length) - 1
            while i >= 0 {
                if let raw = vector.data[i] { stack.append(.enter(raw.assumingMemoryBound(to: GumboNode.self))) }
                i -= 1
            }
        }

        /// A whole part of a class/id token ("post-comments", "jp-relatedposts" does not count) names a section
        /// that trails the story.
        func hasTrailingName(_ node: UnsafeMutablePointer<GumboNode>) -> Bool {
            for name in ["class", "id"] {
                guard let value = attribute(node, name) else { continue }
                for token in value.split(separator: " ") {
                    if nameParts(token).contains(where: trailingWords.contains) { return true }
                }
            }
            return false
        }

        func isContentHint(_ node: UnsafeMutablePointer<GumboNode>, _ tag: UInt32) -> Bool {
            if tag == GUMBO_TAG_ARTICLE.rawValue || tag == GUMBO_TAG_MAIN.rawValue { return true }
            if let ip = attribute(node, "itemprop"), ip == "articleBody" || ip == "text" { return true }
            return attribute(node, "role") == "main"
        }

        /// Whether the element is furniture by its tag, role or a class/id name, and whether that evidence names
        /// page layout (navigation, footer, sidebar, comments, ads) rather than a weaker word (widget, gallery).
        func furnitureEvidence(_ node: UnsafeMutablePointer<GumboNode>, _ tag: UInt32, parent: Int) -> (
            furniture: Bool, layout: Bool
        ) {
            if tag == GUMBO_TAG_BODY.rawValue || tag == GUMBO_TAG_HTML.rawValue { return (false, false) }
            if furnitureTags.contains(tag) { return (true, true) }
            if tag == GUMBO_TAG_HEADER.rawValue {
                var p = parent
                while p >= 0 {
                    if elements[p].contentHint { return (false, false) }
                    p = elements[p].parent
                }
                return (true, true)
            }
            if let role = attribute(node, "role"),
                ["navigation", "banner", "contentinfo", "complementary", "menu", "dialog"].contains(role)
            {
                return (true, true)
            }
            var furniture = false
            for name in ["class", "id"] {
                guard let value = attribute(node, name) else { continue }
                for word in value.split(separator: " ") where isBoilerplateName(word) {
                    furniture = true
                    if nameParts(word).contains(where: layoutWords.contains) { return (true, true) }
                }
            }
            return (furniture, false)
        }

        /// Reads an element's metadata; false when the element holds no article text (script, title, meta).
        mutating func readMetadata(_ node: UnsafeMutablePointer<GumboNode>, _ tag: UInt32) -> Bool {
            switch tag {
            case GUMBO_TAG_SCRIPT.rawValue:
                if attribute(node, "type")?.lowercased() == "application/ld+json" {
                    jsonLD.read(ownText(node))
                }
                return false
            case GUMBO_TAG_HTML.rawValue:
                if language == nil, let lang = attribute(node, "lang") ?? attribute(node, "xml:lang"), !lang.isEmpty {
                    language = lang
                }
            case GUMBO_TAG_TITLE.rawValue:
                if title == nil { title = TextCleaner.cleanInline(ownText(node)) }
                return false
            case GUMBO_TAG_META.rawValue:
                let key =
                    (attribute(node, "property") ?? attribute(node, "name") ?? attribute(node, "itemprop")
                    ?? attribute(node, "http-equiv"))?.lowercased()
                if let key, let content = attribute(node, "content"), meta[key] == nil {
                    let value = TextCleaner.cleanInline(content)
                    if !value.isEmpty { meta[key] = value }
                }
                return false
            case GUMBO_TAG_LINK.rawValue:
                if canonical == nil, attribute(node, "rel")?.lowercased() == "canonical" {
                    canonical = attribute(node, "href")
                }
                return false
            case GUMBO_TAG_TIME.rawValue:
                if timeDatetime == nil { timeDatetime = attribute(node, "datetime") }
                timeTexts.insert(TextCleaner.cleanInline(Self.subtreeText(node)))
            default:
                if bylineElementText == nil, headDepth == 0,
                    attribute(node, "rel") == "author"
                        || (attribute(node, "class") ?? "").split(separator: " ").contains(where: {
                            $0.lowercased() == "byline" || $0.lowercased() == "author-name"
                        })
                {
                    let text = TextCleaner.cleanInline(Self.subtreeText(node))
                    if !text.isEmpty && text.utf8.count < 120 { bylineElementText = text }
                }
            }
            return true
        }

        /// All text below `node` (iterative; scripts and styles left out).
        static func subtreeText(_ node: UnsafeMutablePointer<GumboNode>) -> String {
            var bytes: [UInt8] = []
            var stack = [node]
            while let n = stack.popLast() {
                switch n.pointee.type {
                case GUMBO_NODE_TEXT, GUMBO_NODE_WHITESPACE, GUMBO_NODE_CDATA:
                    if let t = n.pointee.v.text.text {
                        var p = UnsafeRawPointer(t).assumingMemoryBound(to: UInt8.self)
                        while p.pointee != 0 {
                            bytes.append(p.pointee)
                            p += 1
                        }
                    }
                case GUMBO_NODE_ELEMENT:
                    let tag = n.pointee.v.element.tag.rawValue
                    if tag == GUMBO_TAG_SCRIPT.rawValue || tag == GUMBO_TAG_STYLE.rawValue { continue }
                    if blockTags.contains(tag) { bytes.append(0x20) }
                    let v = n.pointee.v.element.children
                    var i = Int(v.length) - 1
                    while i >= 0 {
                        if let raw = v.data[i] { stack.append(raw.assumingMemoryBound(to: GumboNode.self)) }
                        i -= 1
                    }
                default: break
                }
            }
            return String(decoding: bytes, as: UTF8.self)
        }

        // MARK: Scoring

        static func hasSentencePunctuation(_ text: String) -> Bool {
            text.utf8.contains { $0 == 0x2E || $0 == 0x2C || $0 == 0x21 || $0 == 0x3F || $0 == 0x3B }
                || text.contains("。") || text.contains("，") || text.contains("、")
        }

        static func isCJKHeavy(_ text: String) -> Bool {
            text.unicodeScalars.prefix(40).filter { $0.value >= 0x3040 && $0.value <= 0x9FFF }.count > 10
        }

        /// The most good text outside captions that a gallery page's introduction holds (bytes).
        static let galleryIntroductionLimit = 1500

        /// Marks good blocks and adds each block's good text and noise to its element.
        mutating func classifyBlocks() {
            // A paragraph written as lines (<br> between them, as blogs and hand-written pages do) is judged as a
            // whole: each line alone is too short to count as text. A line that is mostly a link stays out.
            var start = 0
            while start < blocks.count {
                var end = start + 1
                while end < blocks.count && blocks[end].group == blocks[start].group { end += 1 }
                var bytes = 0
                var linkBytes = 0
                for k in start..<end {
                    bytes += blocks[k].bytes
                    linkBytes += blocks[k].linkBytes
                }
                // The text tests only for a size where they decide (most blocks are short link lines).
                var groupGood = Double(linkBytes) < 0.35 * Double(max(bytes, 1)) && bytes >= 45
                if groupGood && bytes < 200 {
                    let minimum = Self.isCJKHeavy(blocks[start].text) ? 45 : 80
                    groupGood =
                        bytes >= minimum && blocks[start..<end].contains { Self.hasSentencePunctuation($0.text) }
                }
                for k in start..<end {
                    let b = blocks[k]
                    blocks[k].good =
                        groupGood && b.heading == 0 && Double(b.linkBytes) < 0.35 * Double(max(b.bytes, 1))
                }
                start = end
            }
            // Picture captions are furniture, unless the page is a gallery whose story is written in them: its
            // captions hold more good text than all its other blocks, and those are no more than an introduction.
            // A news story with a 50-picture carousel in its middle (The Independent's "in pictures") has more
            // caption text than story, but its story is long.
            var captionGood = 0
            var otherGood = 0
            for b in blocks where b.good {
                if b.caption { captionGood += b.bytes } else { otherGood += b.bytes }
            }
            if captionGood <= otherGood || otherGood >= Self.galleryIntroductionLimit {
                for i in blocks.indices where blocks[i].caption {
                    blocks[i].hidden = true
                    blocks[i].good = false
                }
            }
            for i in blocks.indices where !blocks[i].hidden {
                let b = blocks[i]
                let good = b.good
                let owner = b.owner
                guard owner < elements.count else { continue }
                elements[owner].text += Double(b.bytes)
                elements[owner].links += Double(b.linkBytes)
                if good {
                    elements[owner].good += Double(b.bytes - b.linkBytes)
                    elements[owner].noise += Double(b.linkBytes)
                } else if b.heading == 0 {
                    // A short line that ends a sentence and has no link ("What did one volcano say to the
                    // other?", "I lava you!") is a line of text, not furniture: it weighs a third as much.
                    let sentence =
                        b.linkBytes == 0 && b.bytes >= 20
                        && (b.text.utf8.last.map { $0 == 0x3F || $0 == 0x21 || $0 == 0x2E } ?? false)
                    let weight = sentence ? 0.1 : 0.3
                    elements[owner].noise += Double(b.linkBytes) + weight * Double(b.bytes - b.linkBytes)
                }
            }
        }

        /// The element holding the story: most good text for the least noise.
        /// With `named: false`, elements named or tagged as furniture or a trailing section are left out.
        func bestElement(in range: ClosedRange<Int>? = nil, named: Bool = true) -> Int? {
            var best: Int?
            var bestScore = 0.0
            for i in range ?? 0...max(elements.count - 1, 0) where i < elements.count && elements[i].good > 0 {
                let e = elements[i]
                if !named && (e.furniture || e.trailingName) { continue }
                let score = score(i)
                if score > bestScore {
                    bestScore = score
                    best = i
                }
            }
            return best
        }

        func score(_ i: Int) -> Double {
            let e = elements[i]
            var score = e.good - 0.5 * e.noise
            if e.furniture { score *= 0.3 }
            if e.contentHint { score *= 1.1 }
            return score
        }

        /// The best element, or the ancestor of it holding the most good text (at least twice its own) that
        /// scores nearly as well: on a page whose paragraphs are spread among many short lines (a wiki with
        /// infoboxes and quotes) one paragraph alone can outscore the whole article by a few bytes.
        func widened(_ best: Int) -> Int {
            let bestScore = score(best)
            var chosen = best
            var p = elements[best].parent
            while p >= 0 {
                if score(p) >= 0.8 * bestScore && elements[p].good >= 2 * elements[best].good
                    && elements[p].good > elements[chosen].good
                {
                    chosen = p
                }
                p = elements[p].parent
            }
            return chosen
        }

        // MARK: Output

        func document() -> HTMLDocument {
            var doc = HTMLDocument()
            var root = bestElement().map(widened)
            doc.sources["text"] = "blocks"
            let body = jsonLD.articleBody.map(Self.plainText)
            // JSON-LD `articleBody` cross-checks the choice: when the chosen element holds little of the good
            // text that the body repeats, the smallest element holding most of that text is the story.
            if let body, let matched = matchedElement(body, best: root), matched != root {
                root = matched
                doc.sources["text"] = "blocks+json-ld"
            }
            var paragraphs: [Int] = []
            if let root { paragraphs = storyBlocks(root, trim: true) }
            // A story whose every good paragraph is furniture by its words (a cookie notice, a comment form's
            // "Your email address will not be published") was chosen only because the page's own text is in
            // short lines (a results table, a post of three lines): then the page is read as a short page.
            // (The line rules are all about lines < 300 bytes: one longer good paragraph settles it.)
            let goodTexts = paragraphs.filter { blocks[$0].good }.map { blocks[$0].text }
            if !goodTexts.isEmpty, goodTexts.allSatisfy({ $0.utf8.count < 300 }),
                BoilerplateLines.classify(goodTexts).allSatisfy({ $0 != nil })
            {
                paragraphs = []
            }
            if paragraphs.isEmpty, !elements.isEmpty {
                // No good paragraph anywhere (a short page): everything that is not furniture.
                let body = elements.firstIndex { $0.tag == GUMBO_TAG_BODY.rawValue } ?? 0
                paragraphs = storyBlocks(body, trim: false)
                root = body
            }
            let goodBytes = paragraphs.reduce(0) { $0 + (blocks[$1].good ? blocks[$1].bytes : 0) }
            let headline = chooseHeadline(root: root, &doc)
            doc.headline = headline
            var texts = paragraphs.map { blocks[$0].text }.filter {
                $0 != headline && !timeTexts.contains($0)
            }
            // A strong candidate of its own: the body replaces page blocks that hold much less good text.
            if let body, body.utf8.count >= 150, Double(goodBytes) < 0.5 * Double(body.utf8.count) {
                texts = body.split(whereSeparator: { $0 == "\n" || $0 == "\r" }).map {
                    TextCleaner.cleanInline(String($0))
                }.filter { !$0.isEmpty && $0 != headline }
                doc.sources["text"] = "json-ld"
            }
            // Furniture the container holds as ordinary paragraphs: teasers, credits, calls to action, dates.
            doc.paragraphs = BoilerplateLines.filter(texts)

            func pick(_ field: String, _ candidates: [(String?, String)]) -> String? {
                for (value, source) in candidates {
                    if let value, !value.isEmpty {
                        doc.sources[field] = source
                        return value
                    }
                }
                return nil
            }
            doc.url = pick("url", [(meta["og:url"], "og"), (canonical, "canonical"), (jsonLD.url, "json-ld")])
            doc.published = pick(
                "published",
                [
                    (meta["article:published_time"], "og"), (jsonLD.datePublished, "json-ld"),
                    (
                        meta["datepublished"] ?? meta["date"] ?? meta["dc.date"] ?? meta["pubdate"]
                            ?? meta["dc.date.issued"] ?? meta["publishdate"], "meta"
                    ),
                    (timeDatetime, "time"),
                ])
            let metaAuthor = [meta["author"], meta["article:author"], meta["byl"], meta["dc.creator"]]
                .compactMap { $0 }.first { !$0.hasPrefix("http") }
            doc.byline = pick(
                "byline", [(metaAuthor, "meta"), (jsonLD.author, "json-ld"), (bylineElementText, "element")])
            doc.language = pick(
                "language",
                [
                    (language, "html-lang"), (meta["og:locale"], "og"), (jsonLD.inLanguage, "json-ld"),
                    (meta["content-language"], "meta"),
                ])
            return doc
        }

        /// JSON-LD `articleBody` as plain text: tags (some sites put HTML in it) and common entities removed.
        static func plainText(_ body: String) -> String {
            guard body.contains("<") || body.contains("&") else { return body }
            var out = ""
            var inTag = false
            for c in body {
                if c == "<" {
                    inTag = true
                } else if c == ">" && inTag {
                    inTag = false
                    out.append(" ")
                } else if !inTag {
                    out.append(c)
                }
            }
            for (entity, value) in [
                ("&nbsp;", " "), ("&quot;", "\""), ("&#39;", "'"), ("&apos;", "'"), ("&lt;", "<"), ("&gt;", ">"),
                ("&amp;", "&"),
            ] where out.contains(entity) {
                out = out.replacingOccurrences(of: entity, with: value)
            }
            return out
        }

        /// The element to use instead of the best one when JSON-LD `articleBody` says the story is elsewhere:
        /// nil when the best element already holds most of the good text the body repeats (or none does).
        func matchedElement(_ body: String, best: Int?) -> Int? {
            let haystack = Array(body.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ").utf8)
            guard haystack.count >= 150 else { return nil }
            var matched = [Double](repeating: 0, count: elements.count)
            var total = 0.0
            for b in blocks where b.good && b.owner < elements.count {
                let words = b.text.split(separator: " ").prefix(12).joined(separator: " ")
                guard words.utf8.count >= 30, Self.contains(haystack, Array(words.utf8)) else { continue }
                matched[b.owner] += Double(b.bytes)
                total += Double(b.bytes)
            }
            guard total >= 150 else { return nil }
            for i in elements.indices.reversed() where elements[i].parent >= 0 {
                matched[elements[i].parent] += matched[i]
            }
            if let best, matched[best] >= 0.6 * total { return best }
            // Elements holding more than half of it are nested: the last in pre-order is the smallest.
            return matched.indices.last { matched[$0] >= 0.8 * total }
        }

        static func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
            BoilerplateLines.Line.firstOffset(of: needle, in: haystack) != nil
        }

        /// Headline: the story's <h1> (inside the chosen element, else the last one before it), else JSON-LD
        /// `headline`, `og:title`, <title>.
        func chooseHeadline(root: Int?, _ doc: inout HTMLDocument) -> String? {
            var h1: String?
            if let root {
                let range = root...elements[root].end
                let firstStory = blocks.firstIndex { range.contains($0.owner) } ?? blocks.count
                for b in h1Blocks where b < blocks.count && isStoryH1(b) {
                    if range.contains(blocks[b].owner) {
                        h1 = blocks[b].text
                        break
                    }
                    if b <= firstStory { h1 = blocks[b].text }
                }
            } else if let b = h1Blocks.first(where: { $0 < blocks.count && isStoryH1($0) }) {
                h1 = blocks[b].text
            }
            let candidates: [(String?, String)] = [
                (h1, "h1"), (jsonLD.headline, "json-ld"), (meta["og:title"], "og"), (title, "title"),
            ]
            for (value, source) in candidates {
                if let value, !value.isEmpty, value.utf8.count < 400 {
                    doc.sources["headline"] = source
                    return value
                }
            }
            return nil
        }

        /// Whether block `b` is an <h1> that heads the story: one whose text another <h1> repeats is the title of
        /// a box ("Read also:" over each embedded teaser), and neither names the story nor starts it.
        func isStoryH1(_ b: Int) -> Bool {
            guard blocks[b].heading == 1 else { return false }
            return !h1Blocks.contains { $0 != b && $0 < blocks.count && blocks[$0].text == blocks[b].text }
        }

        /// Indices of the blocks of the story inside element `root`.
        func storyBlocks(_ root: Int, trim: Bool) -> [Int] {
            let range = root...elements[root].end
            let rootGood = elements[root].good
            // A class word or tag never drops a subtree alone. A furniture subtree that does not hold most of the
            // story's good text goes when its text also reads as boilerplate (short lines, links); one named as a
            // trailing section (comments, related, author box) goes when no good text of the story follows it.
            // Good blocks owned before each element of the range (prefix counts).
            var goodBefore = [Int](repeating: 0, count: range.count + 1)
            for b in blocks where b.good && range.contains(b.owner) { goodBefore[b.owner - root + 1] += 1 }
            for k in 1..<goodBefore.count { goodBefore[k] += goodBefore[k - 1] }
            // The best-scoring element below the root, when it holds a good share of the story, is never inside a
            // dropped subtree: a layout class ("sidebar_right") on a wrapper of the story and its link-heavy
            // sidebar must not take the story with the sidebar.
            let inner = bestElement(in: (root + 1)...max(root + 1, elements[root].end), named: false)
            let protected = inner.flatMap { elements[$0].good >= 0.4 * rootGood ? $0 : nil }
            // Whether the story goes on after an element counts only good text outside other named sections: an
            // author box followed by comments (or a related list) is at the story's end all the same. A named
            // element holding much of the good text may be the story itself ("entry share") and still counts.
            var named = [Bool](repeating: false, count: range.count)
            for i in range where i != root {
                let e = elements[i]
                let p = e.parent
                let candidate =
                    (e.furniture || e.trailingName) && e.good < 0.4 * rootGood
                    && !(protected.map { i <= $0 && $0 <= e.end } ?? false)
                named[i - root] = candidate || (p > root && named[p - root])
            }
            var storyBefore = [Int](repeating: 0, count: range.count + 1)
            for b in blocks where b.good && range.contains(b.owner) && !named[b.owner - root] {
                storyBefore[b.owner - root + 1] += 1
            }
            for k in 1..<storyBefore.count { storyBefore[k] += storyBefore[k - 1] }
            let storyTotal = storyBefore[range.count]
            // With `names`, a named element at the story's edge goes; the good text of the outermost elements that
            // only their name dropped is returned too.
            func drops(names: Bool) -> (dropped: [Bool], namedGood: Double) {
                var dropped = [Bool](repeating: false, count: range.count)
                var namedGood = 0.0
                for i in range where i != root {
                    let p = elements[i].parent
                    if p > root && dropped[p - root] {
                        dropped[i - root] = true
                        continue
                    }
                    let e = elements[i]
                    guard (e.furniture || e.trailingName) && e.good < 0.6 * rootGood else { continue }
                    if let protected, i <= protected && protected <= e.end { continue }
                    let boilerplateText = e.good < 0.5 * e.text || e.links > 0.3 * e.text
                    // At an edge of the story: no good text of it after (comments, related lists), or before and
                    // holding little (a header block; a story's first part may carry a stray "share" class).
                    let before = goodBefore[i - root] > 0
                    let after = storyTotal - storyBefore[e.end - root + 1] > 0
                    // With no good text on either side the element is the story itself, whatever its name.
                    let edge = !after && before || !before && e.good < 0.25 * rootGood
                    let byText = e.furniture && boilerplateText
                    let byName = names && (e.layout || e.trailingName) && edge
                    dropped[i - root] = byText || byName
                    if byName && !byText { namedGood += e.good }
                }
                return (dropped, namedGood)
            }
            // Names that would leave next to nothing of the story name the story itself: a forum whose posts are
            // all "comments" ("MtnComment"). Then only text that reads as boilerplate goes. A story followed by
            // a long comment thread keeps its own unnamed paragraphs, and the names still drop the thread.
            var (dropped, namedGood) = drops(names: true)
            if namedGood > 0.5 * rootGood && rootGood - namedGood < 300 { dropped = drops(names: false).dropped }
            var candidates = blocks.indices.filter { range.contains(blocks[$0].owner) && !blocks[$0].hidden }
            // The story starts at its <h1> when most of the good text follows it: teasers, tickers and
            // breadcrumbs before the headline go.
            if trim, let h1 = candidates.first(where: isStoryH1) {
                let after = candidates.reduce(0) { $0 + ($1 > h1 && blocks[$1].good ? blocks[$1].bytes : 0) }
                let all = candidates.reduce(0) { $0 + (blocks[$1].good ? blocks[$1].bytes : 0) }
                if after * 2 > all { candidates.removeAll { $0 < h1 } }
            }
            // A nested <article> without good text, or with little and a linked heading, is a teaser.
            for i in range where i != root && elements[i].tag == GUMBO_TAG_ARTICLE.rawValue && !dropped[i - root] {
                let e = elements[i]
                if e.good >= 0.15 * rootGood { continue }
                let teaser =
                    e.good == 0
                    || candidates.contains { k in
                        let b = blocks[k]
                        return b.owner >= i && b.owner <= e.end && b.heading > 0 && b.linkBytes * 2 >= b.bytes
                    }
                if teaser {
                    for j in i...e.end { dropped[j - root] = true }
                }
            }
            candidates.removeAll { dropped[blocks[$0].owner - root] }
            // Repeated short texts (gallery captions, "Close", "Back to Gallery") are furniture.
            var counts: [String: Int] = [:]
            for b in blocks where !b.hidden { counts[b.text, default: 0] += 1 }
            func isLinkList(_ b: Block) -> Bool { b.linkBytes * 2 >= b.bytes && b.bytes < 400 }
            var keep = [Bool](repeating: true, count: candidates.count)
            for (k, i) in candidates.enumerated() {
                let b = blocks[i]
                let repeated = counts[b.text, default: 0]
                if repeated >= 3 || repeated >= 2 && b.bytes < 120 && b.heading == 0 {
                    keep[k] = false
                    continue
                }
                if isLinkList(b) {
                    // A line that is one link stays when it stands alone between story paragraphs.
                    let previous = k > 0 ? isLinkList(blocks[candidates[k - 1]]) : false
                    let next = k + 1 < candidates.count ? isLinkList(blocks[candidates[k + 1]]) : false
                    let single = b.links <= 1 && !b.listItem
                    if !single || previous || next { keep[k] = false }
                }
            }
            // A heading over dropped blocks (a "More stories" list) goes with them, and so does one followed by a
            // heading of its own level or above (nothing under it); a kept subheading keeps it.
            for k in candidates.indices.reversed() where keep[k] && blocks[candidates[k]].heading > 1 {
                let level = blocks[candidates[k]].heading
                if k + 1 >= candidates.count || !keep[k + 1]
                    || (blocks[candidates[k + 1]].heading > 0 && blocks[candidates[k + 1]].heading <= level)
                {
                    keep[k] = false
                }
            }
            var kept = candidates.indices.filter { keep[$0] }.map { candidates[$0] }
            // Furniture before the first and after the last good paragraph: short lines with no sentence.
            func isFurnitureLine(_ b: Block) -> Bool {
                !b.good && b.heading == 0 && (b.bytes < 60 || b.linkBytes * 3 > b.bytes)
                    && !(b.text.last.map { ".!?\"”".contains($0) } ?? false)
            }
            guard trim else { return kept }
            // A list of linked items after the story's last paragraph ("More Great WIRED Stories", "Read next"):
            // most of its items carry a link that is a good part of their text, whatever their punctuation.
            let lastParagraph = kept.lastIndex {
                let b = blocks[$0]
                return !b.listItem && b.heading == 0 && (b.good || !isFurnitureLine(b))
            }
            if let lastParagraph {
                let tail = kept[(lastParagraph + 1)...]
                let items = tail.filter { blocks[$0].listItem && blocks[$0].heading == 0 }
                let linked = items.filter { blocks[$0].links > 0 && blocks[$0].linkBytes * 4 >= blocks[$0].bytes }
                if items.count >= 3 && linked.count * 3 >= items.count * 2 {
                    kept.removeSubrange((lastParagraph + 1)...)
                }
            }
            while let first = kept.first, isFurnitureLine(blocks[first]) { kept.removeFirst() }
            while let last = kept.last, isFurnitureLine(blocks[last]) || blocks[last].heading > 0 {
                kept.removeLast()
            }
            return kept
        }
    }

    // MARK: JSON-LD

    struct JSONLD {
        var headline: String?
        var articleBody: String?
        var author: String?
        var datePublished: String?
        var inLanguage: String?
        var url: String?

        mutating func read(_ text: String) {
            let bytes = Array(text.utf8)
            guard bytes.count < 2_000_000, Self.nestingDepth(bytes) <= 64,
                let object = try? JSONSerialization.jsonObject(with: Data(bytes), options: [.fragmentsAllowed])
            else { return }
            // Breadth-first over the objects (arrays and @graph), never recursive.
            var queue: [Any] = [object]
            var index = 0
            while index < queue.count && index < 500 {
                let item = queue[index]
                index += 1
                if let array = item as? [Any] {
                    queue.append(contentsOf: array)
                    continue
                }
                guard let dict = item as? [String: Any] else { continue }
                if let graph = dict["@graph"] { queue.append(graph) }
                let type = (dict["@type"] as? String) ?? ((dict["@type"] as? [Any])?.first as? String) ?? ""
                let isArticle =
                    type.hasSuffix("Article") || type == "BlogPosting" || type == "Report" || type == "WebPage"
                    || type == "LiveBlogPosting"
                guard isArticle else { continue }
                let strong = type != "WebPage"
                func take(_ field: inout String?, _ value: String?) {
                    guard let value, !value.isEmpty, field == nil else { return }
                    field = value
                }
                take(&headline, (dict["headline"] as? String).map(TextCleaner.cleanInline))
                if strong, let body = dict["articleBody"] as? String, body.utf8.count > (articleBody?.utf8.count ?? 0) {
                    articleBody = body
                }
                take(&datePublished, dict["datePublished"] as? String)
                take(&inLanguage, dict["inLanguage"] as? String)
                take(&url, (dict["url"] as? String) ?? (dict["mainEntityOfPage"] as? [String: Any])?["@id"] as? String)
                if author == nil { author = Self.name(dict["author"]) }
            }
        }

        /// A person's or organisation's name: a string, `{name}`, or the names of a list, joined.
        static func name(_ value: Any?) -> String? {
            if let s = value as? String { return s.hasPrefix("http") ? nil : TextCleaner.cleanInline(s) }
            if let d = value as? [String: Any] { return (d["name"] as? String).map(TextCleaner.cleanInline) }
            if let list = value as? [Any] {
                let names = list.compactMap { ($0 as? [String: Any])?["name"] as? String ?? ($0 as? String) }
                return names.isEmpty ? nil : TextCleaner.cleanInline(names.joined(separator: ", "))
            }
            return nil
        }

        static func nestingDepth(_ bytes: [UInt8]) -> Int {
            var depth = 0
            var deepest = 0
            var inString = false
            var escaped = false
            for b in bytes {
                if inString {
                    if escaped {
                        escaped = false
                    } else if b == 0x5C {
                        escaped = true
                    } else if b == 0x22 {
                        inString = false
                    }
                    continue
                }
                switch b {
                case 0x22: inString = true
                case 0x7B, 0x5B:
                    depth += 1
                    deepest = max(deepest, depth)
                case 0x7D, 0x5D: depth -= 1
                default: break
                }
            }
            return deepest
        }
    }
}
