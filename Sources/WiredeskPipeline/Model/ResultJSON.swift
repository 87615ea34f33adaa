// One serialisation of results for the outbox and `wiredesk process`, so both print the same bytes.
// Hand-written over `JSONWriter`: contract key order (schema, id, source, article, …) and about 10x the speed of
// JSONEncoder. `ResultJSONTests` decodes the output with JSONDecoder and checks it equals the input value.

public enum ResultJSON {
    /// The result as JSON, newline-terminated.
    public static func encode(_ r: ArticleResult, pretty: Bool = false) -> [UInt8] {
        var w = JSONWriter(pretty: pretty, capacity: 2048 + (r.article?.text.utf8.count ?? 0) * 2)
        w.beginObject()
        w.member("schema", r.schema)
        w.member("id", r.id)
        w.key("source")
        source(r.source, &w)
        if let a = r.article {
            w.key("article")
            article(a, &w)
        }
        if let entities = r.entities {
            w.key("entities")
            w.beginArray()
            for e in entities {
                w.element()
                entity(e, &w)
            }
            w.endArray()
        }
        if let quotes = r.quotes {
            w.key("quotes")
            w.beginArray()
            for q in quotes {
                w.element()
                w.beginObject()
                w.member("text", q.text)
                w.member("start", q.start)
                w.member("end", q.end)
                w.member("speaker", q.speaker)
                if let m = q.speakerMention {
                    w.key("speaker_mention")
                    mention(m, &w)
                }
                w.member("cue", q.cue)
                w.member("kind", q.kind)
                w.endObject()
            }
            w.endArray()
        }
        if let dates = r.dates {
            w.key("dates")
            w.beginArray()
            for d in dates {
                w.element()
                w.beginObject()
                w.member("text", d.text)
                w.member("value", d.value)
                w.member("start", d.start)
                w.member("end", d.end)
                w.member("kind", d.kind)
                w.member("type", d.type)
                w.member("anchor", d.anchor)
                w.endObject()
            }
            w.endArray()
        }
        if let amounts = r.amounts {
            w.key("amounts")
            w.beginArray()
            for a in amounts {
                w.element()
                w.beginObject()
                w.member("text", a.text)
                w.member("value", a.value)
                w.member("kind", a.kind)
                w.member("unit", a.unit)
                w.member("start", a.start)
                w.member("end", a.end)
                w.endObject()
            }
            w.endArray()
        }
        if let keywords = r.keywords {
            w.key("keywords")
            w.beginArray()
            for k in keywords {
                w.element()
                w.beginObject()
                w.member("text", k.text)
                w.member("score", k.score)
                w.endObject()
            }
            w.endArray()
        }
        w.member("summary", r.summary)
        if let c = r.classification {
            w.key("classification")
            classification(c, &w)
        }
        if let skipped = r.skipped {
            w.key("skipped")
            w.beginArray()
            for s in skipped {
                w.element()
                w.beginObject()
                w.member("stage", s.stage)
                w.member("step", s.step)
                w.member("reason", s.reason)
                w.endObject()
            }
            w.endArray()
        }
        w.key("pipeline")
        w.beginObject()
        w.member("version", r.pipeline.version)
        w.key("models")
        stringMap(r.pipeline.models, &w)
        w.key("timings_us")
        w.beginObject()
        for stage in ["normalize", "extract", "classify"] {
            if let t = r.pipeline.timingsUs[stage] { w.member(stage, t) }
        }
        for (stage, t) in r.pipeline.timingsUs.sorted(by: { $0.key < $1.key })
        where !["normalize", "extract", "classify"].contains(stage) {
            w.member(stage, t)
        }
        w.endObject()
        w.endObject()
        w.endObject()
        var bytes = w.bytes
        bytes.append(0x0A)
        return bytes
    }

    private static func source(_ s: SourceInfo, _ w: inout JSONWriter) {
        w.beginObject()
        w.member("name", s.name)
        w.member("line", s.line)
        w.member("bytes", s.bytes)
        w.member("format", s.format)
        if let c = s.charset {
            w.key("charset")
            w.beginObject()
            w.member("name", c.name)
            w.member("confidence", c.confidence)
            w.member("method", c.method)
            w.member("replaced", c.replaced)
            w.endObject()
        }
        w.member("received_at", s.receivedAt)
        w.member("url", s.url)
        w.member("caller_id", s.callerID)
        if let sources = s.metadataSources {
            w.key("metadata_sources")
            w.beginObject()
            for key in sources.keys.sorted() { w.member(key, sources[key]) }
            w.endObject()
        }
        w.endObject()
    }

    private static func article(_ a: ArticleBody, _ w: inout JSONWriter) {
        w.beginObject()
        w.member("headline", a.headline)
        w.member("byline", a.byline)
        w.member("dateline", a.dateline)
        w.member("source_agency", a.sourceAgency)
        w.member("published", a.published)
        w.member("language", a.language)
        w.member("language_confidence", a.languageConfidence)
        w.member("text", a.text)
        if let h = a.headlineRange {
            w.key("headline_range")
            w.pair(h.start, h.end)
        }
        w.key("paragraphs")
        ranges(a.paragraphs, &w)
        w.key("sentences")
        ranges(a.sentences, &w)
        w.member("words", a.words)
        w.endObject()
    }

    private static func ranges(_ list: [TextRange], _ w: inout JSONWriter) {
        w.beginArray()
        for r in list {
            w.element()
            w.pair(r.start, r.end)
        }
        w.endArray()
    }

    private static func mention(_ m: Mention, _ w: inout JSONWriter) {
        w.beginObject()
        w.member("start", m.start)
        w.member("end", m.end)
        w.member("text", m.text)
        w.endObject()
    }

    private static func entity(_ e: Entity, _ w: inout JSONWriter) {
        w.beginObject()
        w.member("name", e.name)
        w.member("type", e.type)
        w.member("salience", e.salience)
        w.key("mentions")
        w.beginArray()
        for m in e.mentions {
            w.element()
            mention(m, &w)
        }
        w.endArray()
        if let g = e.geo {
            w.key("geo")
            w.beginObject()
            w.member("country_code", g.countryCode)
            w.member("latitude", g.latitude)
            w.member("longitude", g.longitude)
            w.member("gazetteer_id", g.gazetteerId)
            w.endObject()
        }
        w.endObject()
    }

    private static func classification(_ c: Classification, _ w: inout JSONWriter) {
        w.beginObject()
        if let t = c.topic {
            w.key("topic")
            w.beginObject()
            w.member("label", t.label)
            w.member("iptc", t.iptc)
            w.member("confidence", t.confidence)
            w.key("scores")
            w.beginObject()
            for (label, score) in t.scores.sorted(by: { $0.key < $1.key }) { w.member(label, score) }
            w.endObject()
            w.key("topics")
            w.beginArray()
            for label in t.topics {
                w.element()
                w.string(label)
            }
            w.endArray()
            w.key("uncertain")
            w.bool(t.uncertain)
            w.endObject()
        }
        if let t = c.tone {
            w.key("tone")
            w.beginObject()
            w.member("score", t.score)
            w.member("positive", t.positive)
            w.member("negative", t.negative)
            w.member("polarity", t.polarity)
            w.member("words", t.words)
            w.endObject()
        }
        if let d = c.duplicateOf {
            w.key("duplicate_of")
            w.beginObject()
            w.member("id", d.id)
            w.member("name", d.name)
            w.member("similarity", d.similarity)
            w.endObject()
        }
        w.endObject()
    }

    private static func stringMap(_ map: [String: String], _ w: inout JSONWriter) {
        w.beginObject()
        for (k, v) in map.sorted(by: { $0.key < $1.key }) { w.member(k, v) }
        w.endObject()
    }
}
