// Articles as JSON objects from scrapers and feeds, one per file or one per line (JSON Lines).
//
// Field names vary between tools; the first present of each group wins:
//   headline: title, headline, name      body: body, text, content, article, articleBody, description
//   byline: author, byline, creator (string, array of strings, or {"name": …})
//   date: published, published_at, date, datePublished, pubDate, publishedAt, time
//   url: url, link, canonical_url        language: lang, language
// A body holding HTML (a scraper that kept markup) goes through the HTML extractor.
import Foundation

/// The fields read from one JSON article.
struct JSONArticle {
    var headline: String?
    var body: String
    var byline: String?
    var published: String?
    var url: String?
    var language: String?
}

enum JSONArticleReader {
    static let headlineKeys = ["title", "headline", "name"]
    static let bodyKeys = ["body", "text", "content", "article", "articleBody", "article_body", "description"]
    static let authorKeys = ["author", "byline", "authors", "creator"]
    static let dateKeys = ["published", "published_at", "publishedAt", "date", "datePublished", "pubDate", "time"]
    static let urlKeys = ["url", "link", "canonical_url"]
    static let languageKeys = ["lang", "language"]

    /// Reads one JSON object.
    /// - Throws: `undecodable` when the bytes are not a JSON object; `empty` when it has no body text.
    static func read<C: Collection>(_ utf8: C) throws(StageFailure) -> JSONArticle where C.Element == UInt8 {
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: Data(utf8), options: [])
        } catch {
            throw StageFailure(
                stage: NormalizeStage.name, code: "undecodable",
                message: "not valid JSON (truncated or malformed); JSON Lines need one complete object per line")
        }
        guard let dict = object as? [String: Any] else {
            throw StageFailure(
                stage: NormalizeStage.name, code: "undecodable", message: "the JSON is not an object of article fields")
        }
        guard let body = string(dict, bodyKeys), !body.allSatisfy(\.isWhitespace) else {
            throw StageFailure(
                stage: NormalizeStage.name, code: "empty",
                message: "the JSON object has no article text (looked for \(bodyKeys.joined(separator: ", ")))")
        }
        return JSONArticle(
            headline: string(dict, headlineKeys), body: body, byline: author(dict), published: string(dict, dateKeys),
            url: string(dict, urlKeys), language: string(dict, languageKeys))
    }

    static func string(_ dict: [String: Any], _ keys: [String]) -> String? {
        for key in keys {
            if let s = dict[key] as? String, !s.isEmpty { return s }
            if let n = dict[key] as? NSNumber, key == "time" || key == "date" { return n.stringValue }
        }
        return nil
    }

    static func author(_ dict: [String: Any]) -> String? {
        for key in authorKeys {
            switch dict[key] {
            case let s as String where !s.isEmpty: return s
            case let list as [Any]:
                let names = list.compactMap { ($0 as? String) ?? (($0 as? [String: Any])?["name"] as? String) }
                if !names.isEmpty { return names.joined(separator: ", ") }
            case let obj as [String: Any]:
                if let name = obj["name"] as? String { return name }
            default: continue
            }
        }
        return nil
    }
}
