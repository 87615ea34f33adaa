// The IPTC Media Topic top level (https://cv.iptc.org/newscodes/mediatopic/): 17 subjects, medtop:01000000 …
// 17000000. Wiredesk's labels are stable slugs of their names; the shipped default model uses them.
/// One top-level IPTC Media Topic.
public struct IPTCSubject: Sendable, Equatable {
    /// Stable slug used as the topic `label` (and as the corpus folder name).
    public var slug: String
    /// `medtop:NN000000`.
    public var code: String
    /// The IPTC name.
    public var name: String
}

public enum IPTCTaxonomy {
    /// The 17 subjects in code order.
    public static let subjects: [IPTCSubject] = [
        ("arts-culture-entertainment-media", "arts, culture, entertainment and media"),
        ("crime-law-justice", "crime, law and justice"),
        ("disaster-accident-emergency", "disaster, accident and emergency incident"),
        ("economy-business-finance", "economy, business and finance"),
        ("education", "education"),
        ("environment", "environment"),
        ("health", "health"),
        ("human-interest", "human interest"),
        ("labour", "labour"),
        ("lifestyle-leisure", "lifestyle and leisure"),
        ("politics", "politics"),
        ("religion", "religion"),
        ("science-technology", "science and technology"),
        ("society", "society"),
        ("sport", "sport"),
        ("conflict-war-peace", "conflict, war and peace"),
        ("weather", "weather"),
    ].enumerated().map { i, s in
        IPTCSubject(slug: s.0, code: "medtop:" + (i + 1 < 10 ? "0" : "") + String(i + 1) + "000000", name: s.1)
    }

    /// Slug → code for the 17 subjects.
    public static let codes: [String: String] = Dictionary(uniqueKeysWithValues: subjects.map { ($0.slug, $0.code) })

    /// The old BBC labels and the IPTC subject each maps to.
    public static let bbc: [String: String] = [
        "business": "medtop:04000000",  // economy, business and finance
        "entertainment": "medtop:01000000",  // arts, culture, entertainment and media
        "politics": "medtop:11000000",  // politics
        "sport": "medtop:15000000",  // sport
        "tech": "medtop:13000000",  // science and technology
    ]

    /// The IPTC code of a label: an IPTC slug, a BBC label, or nil for a user's own label.
    public static func code(for label: String) -> String? { codes[label] ?? bbc[label] }
}
