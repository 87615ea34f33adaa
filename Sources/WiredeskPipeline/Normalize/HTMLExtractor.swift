// Main-text extraction from a saved web page, over gumbo's HTML5 parse tree (the same tree a browser builds,
// so broken markup, unclosed <p> and stray tags cost nothing).
//
// Metadata: headline from the article's <h1>, else `og:title`, else <title>; date from
// `article:published_time`, else the first <time datetime>; byline from `author`/`article:author` meta (or a
// `rel=author`/`class~=byline` element); URL from `og:url` or the canonical link.
// Text: the first <article> (or <main>, or `itemprop=articleBody`, `role=main`), else <body>. Inside it,
// scripts, styles, navigation, headers/footers outside the article, asides, forms, comments and elements whose
// class or id names them as ads, menus, share bars, cookie banners and the like are dropped; block elements
// make paragraphs; a paragraph made mostly of link text (a menu that escaped the rules) is dropped.
import CGumbo

/// What the extractor found in a page.
struct HTMLDocument {
    var headline: String?
    var byline: String?
    var published: String?
    var url: String?
    var language: String?
    var paragraphs: [String] = []
}

enum HTMLExtractor {
    /// Elements never part of the article text.
    static let droppedTags: Set<UInt32> = [
        GUMBO_TAG_SCRIPT, GUMBO_TAG_STYLE, GUMBO_TAG_NOSCRIPT, GUMBO_TAG_NAV, GUMBO_TAG_FOOTER, GUMBO_TAG_ASIDE,
        GUMBO_TAG_FORM, GUMBO_TAG_IFRAME, GUMBO_TAG_SVG, GUMBO_TAG_BUTTON, GUMBO_TAG_SELECT, GUMBO_TAG_TEMPLATE,
        GUMBO_TAG_MENU, GUMBO_TAG_FIGCAPTION, GUMBO_TAG_OBJECT, GUMBO_TAG_EMBED, GUMBO_TAG_CANVAS, GUMBO_TAG_HEAD,
        GUMBO_TAG_TITLE, GUMBO_TAG_TEXTAREA, GUMBO_TAG_INPUT, GUMBO_TAG_LABEL,
    ].reduce(into: Set<UInt32>()) { $0.insert($1.rawValue) }

    /// Elements that start and end a paragraph.
    static let blockTags: Set<UInt32> = [
        GUMBO_TAG_P, GUMBO_TAG_DIV, GUMBO_TAG_H1, GUMBO_TAG_H2, GUMBO_TAG_H3, GUMBO_TAG_H4, GUMBO_TAG_H5,
        GUMBO_TAG_H6, GUMBO_TAG_LI, GUMBO_TAG_UL, GUMBO_TAG_OL, GUMBO_TAG_BLOCKQUOTE, GUMBO_TAG_PRE,
        GUMBO_TAG_SECTION, GUMBO_TAG_ARTICLE, GUMBO_TAG_MAIN, GUMBO_TAG_TR, GUMBO_TAG_TABLE, GUMBO_TAG_DD,
        GUMBO_TAG_DT, GUMBO_TAG_DL, GUMBO_TAG_BR, GUMBO_TAG_HR, GUMBO_TAG_HEADER, GUMBO_TAG_ADDRESS,
        GUMBO_TAG_FIGURE, GUMBO_TAG_BODY,
    ].reduce(into: Set<UInt32>()) { $0.insert($1.rawValue) }

    /// class/id words that mark boilerplate.
    static let boilerplateWords: Set<String> = [
        "nav", "navbar", "navigation", "menu", "footer", "sidebar", "comment", "comments", "ad", "ads", "advert",
        "adverts", "advertisement", "sponsored", "promo", "share", "sharing", "social", "cookie", "cookies",
        "consent", "related", "newsletter", "breadcrumb", "breadcrumbs", "subscribe", "banner", "popup",
        "masthead", "toolbar", "skip", "pagination", "outbrain", "taboola",
    ]

    static func extract(_ utf8: [UInt8]) -> HTMLDocument {
        var doc = HTMLDocument()
        let output: UnsafeMutablePointer<GumboOutput>? = utf8.withUnsafeBufferPointer { p in
            p.baseAddress!.withMemoryRebound(to: CChar.self, capacity: p.count) { chars in
                withUnsafePointer(to: kGumboDefaultOptions) { options in
                    gumbo_parse_with_options(options, chars, p.count)
                }
            }
        }
        guard let output else { return doc }
        defer {
            withUnsafePointer(to: kGumboDefaultOptions) { options in gumbo_destroy_output(options, output) }
        }
        var meta = MetaScan()
        meta.scan(output.pointee.root)
        doc.url = meta.ogURL ?? meta.canonical
        doc.published = meta.publishedTime ?? meta.timeDatetime
        doc.byline = meta.author
        doc.language = meta.language
        let root = meta.articleRoot ?? meta.mainRoot ?? meta.body ?? output.pointee.root
        var walker = TextWalker(insideArticle: meta.articleRoot != nil || meta.mainRoot != nil)
        walker.walk(root!)
        walker.flush()
        let h1 = walker.firstH1 ?? meta.firstH1
        doc.headline = [h1, meta.ogTitle, meta.title].compactMap { $0 }.first { !$0.isEmpty }
        doc.paragraphs = walker.paragraphs.filter { paragraph in
            paragraph.text != doc.headline && !walker.timeTexts.contains(paragraph.text)
                && (paragraph.linkChars * 2 < paragraph.text.utf8.count || paragraph.text.utf8.count > 400)
        }.map(\.text)
        if doc.byline == nil, let byline = walker.bylineElementText { doc.byline = byline }
        return doc
    }

    // MARK: Tree helpers

    static func children(_ node: UnsafeMutablePointer<GumboNode>) -> [UnsafeMutablePointer<GumboNode>] {
        let vector: GumboVector
        switch node.pointee.type {
        case GUMBO_NODE_ELEMENT, GUMBO_NODE_TEMPLATE: vector = node.pointee.v.element.children
        case GUMBO_NODE_DOCUMENT: vector = node.pointee.v.document.children
        default: return []
        }
        var out: [UnsafeMutablePointer<GumboNode>] = []
        out.reserveCapacity(Int(vector.length))
        for i in 0..<Int(vector.length) {
            if let raw = vector.data[i] { out.append(raw.assumingMemoryBound(to: GumboNode.self)) }
        }
        return out
    }

    static func attribute(_ node: UnsafeMutablePointer<GumboNode>, _ name: String) -> String? {
        guard node.pointee.type == GUMBO_NODE_ELEMENT else { return nil }
        return withUnsafeMutablePointer(to: &node.pointee.v.element.attributes) { attrs -> String? in
            guard let a = gumbo_get_attribute(attrs, name), let v = a.pointee.value else { return nil }
            return String(cString: v)
        }
    }

    static func tag(_ node: UnsafeMutablePointer<GumboNode>) -> UInt32? {
        node.pointee.type == GUMBO_NODE_ELEMENT || node.pointee.type == GUMBO_NODE_TEMPLATE
            ? node.pointee.v.element.tag.rawValue : nil
    }

    /// All text below `node`, whitespace collapsed.
    static func text(_ node: UnsafeMutablePointer<GumboNode>) -> String {
        var bytes: [UInt8] = []
        func collect(_ n: UnsafeMutablePointer<GumboNode>) {
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
                if let t = tag(n), t == GUMBO_TAG_SCRIPT.rawValue || t == GUMBO_TAG_STYLE.rawValue { return }
                if let t = tag(n), blockTags.contains(t) { bytes.append(0x20) }
                for c in children(n) { collect(c) }
            default: break
            }
        }
        collect(node)
        return TextCleaner.cleanInline(String(decoding: bytes, as: UTF8.self))
    }

    /// Is this element boilerplate by its class or id?
    static func isBoilerplate(_ node: UnsafeMutablePointer<GumboNode>) -> Bool {
        for name in ["class", "id", "role"] {
            guard let value = attribute(node, name) else { continue }
            var word: [UInt8] = []
            for b in value.utf8 + [0x20] {
                if (b >= 0x61 && b <= 0x7A) || (b >= 0x30 && b <= 0x39) {
                    word.append(b)
                } else if b >= 0x41 && b <= 0x5A {
                    word.append(b + 0x20)
                } else {
                    if !word.isEmpty, boilerplateWords.contains(String(decoding: word, as: UTF8.self)) { return true }
                    word.removeAll(keepingCapacity: true)
                }
            }
        }
        return false
    }

    // MARK: Metadata scan

    struct MetaScan {
        var title: String?
        var ogTitle: String?
        var ogURL: String?
        var canonical: String?
        var publishedTime: String?
        var timeDatetime: String?
        var author: String?
        var language: String?
        var firstH1: String?
        var articleRoot: UnsafeMutablePointer<GumboNode>?
        var mainRoot: UnsafeMutablePointer<GumboNode>?
        var body: UnsafeMutablePointer<GumboNode>?

        mutating func scan(_ node: UnsafeMutablePointer<GumboNode>?) {
            guard let node, let t = tag(node) else {
                if let node, node.pointee.type == GUMBO_NODE_DOCUMENT { for c in children(node) { scan(c) } }
                return
            }
            switch t {
            case GUMBO_TAG_HTML.rawValue:
                language = attribute(node, "lang")
            case GUMBO_TAG_TITLE.rawValue:
                if title == nil { title = text(node) }
            case GUMBO_TAG_META.rawValue:
                let key = (attribute(node, "property") ?? attribute(node, "name") ?? attribute(node, "itemprop"))?
                    .lowercased()
                if let key, let content = attribute(node, "content") {
                    let value = TextCleaner.cleanInline(content)
                    switch key {
                    case "og:title": ogTitle = ogTitle ?? value
                    case "og:url": ogURL = ogURL ?? value
                    case "article:published_time", "datepublished", "date", "dc.date", "pubdate":
                        publishedTime = publishedTime ?? value
                    case "author", "article:author", "byl", "dc.creator":
                        if author == nil && !value.hasPrefix("http") { author = value }
                    default: break
                    }
                }
            case GUMBO_TAG_LINK.rawValue:
                if attribute(node, "rel")?.lowercased() == "canonical" {
                    canonical = canonical ?? attribute(node, "href")
                }
            case GUMBO_TAG_TIME.rawValue:
                if timeDatetime == nil { timeDatetime = attribute(node, "datetime") }
            case GUMBO_TAG_H1.rawValue:
                if firstH1 == nil { firstH1 = text(node) }
            case GUMBO_TAG_ARTICLE.rawValue:
                if articleRoot == nil { articleRoot = node }
            case GUMBO_TAG_MAIN.rawValue:
                if mainRoot == nil { mainRoot = node }
            case GUMBO_TAG_BODY.rawValue:
                body = node
            default:
                if articleRoot == nil, attribute(node, "itemprop") == "articleBody" { articleRoot = node }
                if mainRoot == nil, attribute(node, "role") == "main" { mainRoot = node }
            }
            if t == GUMBO_TAG_SCRIPT.rawValue || t == GUMBO_TAG_STYLE.rawValue { return }
            for c in children(node) { scan(c) }
        }
    }

    // MARK: Text walk

    struct Paragraph {
        var text: String
        var linkChars: Int
    }

    struct TextWalker {
        let insideArticle: Bool
        var paragraphs: [Paragraph] = []
        var current: [UInt8] = []
        var linkChars = 0
        var linkDepth = 0
        var firstH1: String?
        var bylineElementText: String?
        /// Texts of <time> elements: a date standing alone ("26 January 2015") is page furniture, not a paragraph.
        var timeTexts: Set<String> = []

        init(insideArticle: Bool) { self.insideArticle = insideArticle }

        mutating func flush() {
            guard !current.isEmpty else { return }
            let text = TextCleaner.cleanInline(String(decoding: current, as: UTF8.self))
            if !text.isEmpty { paragraphs.append(Paragraph(text: text, linkChars: linkChars)) }
            current.removeAll(keepingCapacity: true)
            linkChars = 0
        }

        mutating func walk(_ node: UnsafeMutablePointer<GumboNode>) {
            switch node.pointee.type {
            case GUMBO_NODE_TEXT, GUMBO_NODE_WHITESPACE, GUMBO_NODE_CDATA:
                guard let t = node.pointee.v.text.text else { return }
                var p = UnsafeRawPointer(t).assumingMemoryBound(to: UInt8.self)
                var n = 0
                while p.pointee != 0 {
                    // Source line breaks inside a paragraph are layout, not structure.
                    current.append(p.pointee == 0x0A || p.pointee == 0x0D ? 0x20 : p.pointee)
                    p += 1
                    n += 1
                }
                if linkDepth > 0 { linkChars += n }
            case GUMBO_NODE_ELEMENT, GUMBO_NODE_TEMPLATE:
                guard let t = tag(node) else { return }
                if HTMLExtractor.droppedTags.contains(t) { return }
                if t == GUMBO_TAG_HEADER.rawValue && !insideArticle { return }
                if isBoilerplate(node) { return }
                let cls = (attribute(node, "class") ?? "").lowercased()
                if bylineElementText == nil, cls.contains("byline") || attribute(node, "rel") == "author" {
                    bylineElementText = text(node)
                    return
                }
                if t == GUMBO_TAG_TIME.rawValue { timeTexts.insert(text(node)) }
                if t == GUMBO_TAG_H1.rawValue && firstH1 == nil {
                    flush()
                    firstH1 = text(node)
                    return
                }
                let block = HTMLExtractor.blockTags.contains(t)
                if block { flush() }
                let link = t == GUMBO_TAG_A.rawValue
                if link { linkDepth += 1 }
                for c in children(node) { walk(c) }
                if link { linkDepth -= 1 }
                if block { flush() }
            default:
                break
            }
        }
    }
}
