// Word lists of the rule-based extractors. The stop words come from a licensed list shipped as a model file
// (`Models/stopwords-en.txt`, see `Models/stopwords-en.md`); the short closed lists (cue verbs, titles, pronouns)
// are written here because they are part of the rules.

/// English stop words (PyPI `stop-words`, BSD-3-Clause), loaded once.
public enum StopWords {
    /// The shipped list; empty when the file is missing, so extraction skips keywords and summary (recorded in
    /// `skipped`) instead of failing the article.
    public static let english: Set<String> = {
        guard let bytes = try? ModelStore.load(fileName) else { return [] }
        var words = Set<String>()
        for line in bytes.split(separator: UInt8(ascii: "\n")) where !line.isEmpty {
            words.insert(String(decoding: line, as: UTF8.self))
        }
        return words
    }()

    public static let fileName = "stopwords-en.txt"
}

/// Closed word lists used by the quote, speaker and date rules.
package enum RuleLexicon {
    /// Verbs that introduce reported speech, with their forms ("said", "says", "saying", "tells" …).
    static let cueVerbs: Set<String> = {
        let forms = [
            "say", "said", "says", "saying", "tell", "told", "tells", "telling", "add", "added", "adds", "adding",
            "stated", "noted", "warn", "warned", "warns", "argue", "argued",
            "argues", "claimed", "insist", "insisted", "insists", "explain", "explained",
            "explains", "continued", "write", "wrote", "writes", "ask", "asked", "asks",
            "reply", "replied", "replies", "respond", "responded", "responds", "answered", "declare",
            "declared", "declares", "announce", "announced", "announces", "acknowledge", "acknowledged",
            "acknowledges", "admit", "admitted", "admits", "recalled", "remarked",
            "commented", "observe", "observed", "suggest", "suggested", "suggests", "stressed",
            "emphasize", "emphasized", "emphasised", "emphasizes", "tweeted", "yell",
            "yelled", "yells", "shout", "shouted", "joked", "quip", "quipped", "complain",
            "complained", "complains", "predict", "predicted", "promised", "vowed",
            "concede", "conceded", "concedes", "conclude", "concluded", "contend", "contended", "contends",
            "confirm", "confirmed", "confirms", "deny", "denied", "denies", "reported", "reports",
            "testify", "testified", "urge", "urged", "urges", "boast", "boasted", "boasts", "mused", "wondered",
            "pledged", "insisting", "charged", "accused", "accuses", "countered", "maintained",
            "maintains", "cautioned", "reiterated", "proclaimed", "asserted", "asserts", "lamented", "conceded",
            "replied", "retorted", "recounted", "describe", "described", "describes", "describing", "call",
            "called", "calling", "express", "expressed", "expresses", "expressing", "dismissed",
            "praised", "labeled", "labelled", "branded", "blasted", "slammed", "touted", "thundered", "declared",
            "writing", "posted", "calls", "claims", "notes", "states", "reports", "vows", "promises",
            "recalls", "continues", "stresses", "jokes", "pledges", "reads", "asking", "sings", "sang", "chimed",
            "scolded", "likened", "cited", "rated",
            "ruled", "touting", "mocked", "hailed", "criticized", "criticised", "decried", "denounced",
        ]
        return Set(forms)
    }()

    /// Cue verbs that only report speech when the quote is a fragment of their own sentence (`called it “…”`).
    static let partialOnlyCues: Set<String> = [
        "describe", "described", "describes", "describing", "called", "calls", "calling", "express",
        "expressed", "expresses", "expressing", "dismissed", "praised", "labeled", "labelled", "branded",
        "likened", "cited", "rated", "ruled", "mocked", "hailed", "criticized", "criticised", "decried",
        "denounced",
    ]

    /// Personal pronouns that can be a speaker.
    package static let pronouns: Set<String> = ["he", "she", "they", "i", "we", "it"]

    /// Head words of job titles and roles ("the Secretary General", "a spokesman", "the head of the Alliance").
    package static let titleWords: Set<String> = [
        "secretary", "general", "secretary-general", "president", "vice", "minister", "prime", "head", "chief",
        "leader", "spokesman", "spokeswoman", "spokesperson", "director", "ambassador", "senator", "sen.",
        "governor", "gov.", "representative", "rep.", "chairman", "chairwoman", "chair", "ceo", "mayor", "candidate",
        "nominee", "official", "officials", "aide", "adviser", "advisor", "manager", "commander", "envoy",
        "deputy", "foreign", "defense", "defence", "justice", "attorney", "judge", "king", "queen", "chancellor",
        "speaker", "founder", "executive", "analyst", "source", "sources", "spokespeople", "mr.", "mrs.", "ms.",
        "dr.", "gen.", "lt.", "col.", "rev.", "secretary general", "premier", "pope", "sheriff", "coach",
        "representative", "congressman", "congresswoman", "lawmaker", "strategist", "pollster", "economist",
        "professor", "prof.", "expert", "narrator", "statement", "report", "campaign",
    ]

    /// Title heads that name any leader ("the head of the Alliance" may be its Secretary General).
    static let genericHeads: Set<String> = ["head", "chief", "leader"]

    /// Words that end a speaker phrase read forward after a cue verb ("said Caddell, speaking of …").
    static let phraseStops: Set<String> = [
        "who", "which", "that", "in", "on", "at", "during", "after", "before", "when", "while", "as", "to",
        "because", "adding", "according", "and", "but", "or", "if", "for", "with", "from", "by", "about", "than",
        "since", "where", "last", "this", "today", "yesterday", "earlier", "later", "then", "also", "recently",
    ]

    /// Auxiliaries and adverbs that may stand between a subject and its cue verb ("has also said").
    static let subjectGap: Set<String> = [
        "has", "have", "had", "was", "were", "is", "are", "will", "would", "also", "later", "then", "previously",
        "repeatedly", "again", "once", "has", "had", "did", "does", "do", "not", "never", "publicly", "recently",
        "quickly", "simply", "still", "even", "further", "often", "had", "may", "might", "could", "should",
    ]

    package static let determiners: Set<String> = ["the", "a", "an", "its", "his", "her", "their", "our"]
}
