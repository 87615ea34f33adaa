// The rule-based half of extract: quotes with speakers, dates, amounts, keywords and a summary. The extract stage
// calls `ExtractRules.apply` after NER so that speakers resolve to the article's entities.
//
//   AnalyzedText ──RuleText (its view of the tokens)──▶ quotes (SpeakerResolver ◀── entities)
//                                                       ├─▶ dates ──▶ amounts (numbers outside dates)
//                                                       └─▶ keywords (noun phrases + entities) ──▶ summary

/// Entry point of the rule-based extractors.
public enum ExtractRules {
    /// Fills `quotes`, `dates`, `amounts`, `keywords` and `summary` from `result.article` (and `result.entities`
    /// for speakers). For a language the rules do not know, only amounts are extracted and every other step is
    /// recorded in `result.skipped`.
    public static func apply(to result: inout ArticleResult) {
        guard let article = result.article else { return }
        apply(to: &result, analysis: AnalyzedText.of(result, article))
    }

    /// The same over the article's analysis (the extract stage passes the one it gave the tagger).
    public static func apply(to result: inout ArticleResult, analysis: AnalyzedText) {
        guard let article = result.article else { return }
        let text = RuleText(analysis)
        let english = analysis.isEnglish
        // Relative dates resolve against the publication date, else the dateline's date ("LONDON, 5 March"), else
        // when the file was received.
        let published = article.published.flatMap { CivilDate(iso: $0) }
        let received = CivilDate(iso: result.source.receivedAt)
        let dateline = published == nil ? article.dateline.flatMap { CivilDate(dateline: $0, near: received) } : nil
        let anchor = published ?? dateline ?? received
        let anchorName = published != nil ? "published" : dateline != nil ? "dateline" : "received"
        var dates: [DateMention] = []
        if english {
            let extractor = QuoteExtractor(text: text)
            let spans = extractor.markedSpans()
            let quoted = spans.map { TextRange($0.contentStart, $0.contentEnd) }
            let resolver = SpeakerResolver(text: text, entities: result.entities, quoted: quoted)
            result.quotes = extractor.extract(spans: spans, resolver: resolver)
            dates = DateExtractor(text: text, anchor: anchor, anchorName: anchorName).extract()
            result.dates = dates
        } else {
            let reason = "rules are written for English; article language is \(article.language)"
            result.skip(stage: "extract", step: "quotes", reason: reason)
            result.skip(stage: "extract", step: "dates", reason: reason)
        }
        result.amounts = AmountExtractor(text: text, dates: dates).extract()
        if english && !StopWords.english.isEmpty {
            let (keywords, tokenScores) = KeywordExtractor(
                text: text, entities: result.entities, headline: article.headlineRange, dates: dates
            ).extract()
            result.keywords = keywords
            result.summary = Summarizer(text: text, headline: article.headlineRange)
                .summarize(tokenScores: tokenScores, quotes: result.quotes ?? [])
        } else {
            let reason =
                english
                ? "stop word list \(StopWords.fileName) not found" : "no stop word list for \(article.language)"
            result.skip(stage: "extract", step: "keywords", reason: reason)
            result.skip(stage: "extract", step: "summary", reason: reason)
        }
    }
}
