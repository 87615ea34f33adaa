// Tests of the TimeML date rules (issue 12): one fixture line per error class case (Fixtures/rules/date-cases.tsv),
// the anchor choice, kinds, and the TimeML scorer behind `wiredesk eval dates`.
import Foundation
import Testing

@testable import WiredeskLab
@testable import WiredeskPipeline

@Suite struct DateRulesTests {
    struct Case: CustomStringConvertible {
        var errorClass: String
        var published: String
        var sentence: String
        var span: String
        var value: String
        var type: String
        var description: String { "\(errorClass): \(sentence) → \(span) = \(value)" }
    }

    static func cases() throws -> [Case] {
        try rulesFixture("date-cases.tsv").split(separator: "\n").compactMap { line -> Case? in
            guard !line.hasPrefix("#") else { return nil }
            let f = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard f.count == 6 else { return nil }
            return Case(errorClass: f[0], published: f[1], sentence: f[2], span: f[3], value: f[4], type: f[5])
        }
    }

    static func dates(_ text: String, published: String?, receivedAt: String = "") -> [DateMention] {
        var r = rulesArticle([text], published: published)
        r.source.receivedAt = receivedAt
        ExtractRules.apply(to: &r)
        return r.dates ?? []
    }

    @Test func fixtureCoversEveryErrorClass() throws {
        let classes = Set(try Self.cases().map(\.errorClass))
        #expect(classes.isSuperset(of: ["future", "modifier", "duration", "set", "ref", "quarter", "time"]))
    }

    @Test(arguments: try DateRulesTests.cases()) func fixtureCase(_ c: Case) {
        let found = Self.dates(c.sentence, published: c.published)
        let mention = found.first { $0.text == c.span }
        #expect(mention != nil, "no date \"\(c.span)\" in \(found.map(\.text))")
        #expect(mention?.value == c.value)
        #expect(mention?.type == c.type)
    }

    @Test func kindIsRelativeWhenTheValueComesFromTheAnchor() {
        let d = Self.dates("They spoke last Tuesday and signed on 5 March 2014.", published: "2014-03-05")
        #expect(d.first { $0.text == "last Tuesday" }?.kind == "relative")
        #expect(d.first { $0.text == "last Tuesday" }?.anchor == "published")
        #expect(d.first { $0.text == "5 March 2014" }?.kind == "absolute")
        #expect(d.first { $0.text == "5 March 2014" }?.anchor == nil)
    }

    @Test func withoutPublicationTheReceivedTimeIsTheAnchor() {
        let d = Self.dates("They met last week.", published: nil, receivedAt: "2014-03-05T10:00:00.000Z")
        #expect(d.count == 1)
        #expect(d.first?.value == "2014-W09")
        #expect(d.first?.anchor == "received")
    }

    static func dates(_ text: String, dateline: String, published: String?, receivedAt: String) -> [DateMention] {
        var r = rulesArticle([text], published: published)
        r.article?.dateline = dateline
        r.source.receivedAt = receivedAt
        ExtractRules.apply(to: &r)
        return r.dates ?? []
    }

    @Test func withoutPublicationTheDatelineDateIsTheAnchor() {
        // Wednesday 5 March 2014, received a week later: "Monday" is the 3rd, not the 10th.
        let d = Self.dates(
            "LONDON, 5 March - The minister resigned on Monday.", dateline: "LONDON, 5 March", published: nil,
            receivedAt: "2014-03-12T10:00:00.000Z")
        let monday = d.first { $0.text == "Monday" }
        #expect(monday?.value == "2014-03-03")
        #expect(monday?.anchor == "dateline")
        #expect(d.first { $0.text == "5 March" }?.value == "2014-03-05")
    }

    @Test func publicationWinsOverTheDateline() {
        let d = Self.dates(
            "LONDON, 5 March - The minister resigned on Monday.", dateline: "LONDON, 5 March",
            published: "2014-03-20", receivedAt: "2014-03-12T10:00:00.000Z")
        let monday = d.first { $0.text == "Monday" }
        #expect(monday?.value == "2014-03-17")
        #expect(monday?.anchor == "published")
    }

    @Test func aDatelineWithoutADayLeavesTheReceivedAnchor() {
        let d = Self.dates(
            "MOSCOW (Reuters) - They met last week.", dateline: "MOSCOW", published: nil,
            receivedAt: "2014-03-05T10:00:00.000Z")
        #expect(d.first?.value == "2014-W09")
        #expect(d.first?.anchor == "received")
    }

    @Test func datelineDates() {
        let received = CivilDate(year: 2015, month: 1, day: 1)
        #expect(CivilDate(dateline: "WASHINGTON, March 5, 2013", near: received) == CivilDate(iso: "2013-03-05"))
        #expect(CivilDate(dateline: "LONDON, 5 March 2013", near: nil) == CivilDate(iso: "2013-03-05"))
        // Filed on 31 December, received on 1 January: last year's. A day or two ahead: the received year's.
        #expect(CivilDate(dateline: "PARIS, Dec. 31", near: received) == CivilDate(iso: "2014-12-31"))
        #expect(CivilDate(dateline: "PARIS, Jan. 3", near: received) == CivilDate(iso: "2015-01-03"))
        #expect(CivilDate(dateline: "PARIS, Jan. 20", near: received) == CivilDate(iso: "2014-01-20"))
        // 29 February only in a leap year: the nearest one not ahead, else none.
        let leap = CivilDate(iso: "2016-02-29")
        #expect(CivilDate(dateline: "TOKYO, Feb 29", near: CivilDate(year: 2016, month: 3, day: 1)) == leap)
        #expect(CivilDate(dateline: "TOKYO, Feb 29", near: CivilDate(year: 2017, month: 3, day: 1)) == leap)
        #expect(CivilDate(dateline: "TOKYO, Feb 29", near: CivilDate(year: 2019, month: 3, day: 1)) == nil)
        #expect(CivilDate(dateline: "TOKYO, Feb 29, 2019", near: nil) == nil)
        #expect(CivilDate(dateline: "LONDON, 5 March", near: nil) == nil)
        #expect(CivilDate(dateline: "MOSCOW", near: received) == nil)
        #expect(CivilDate(dateline: "LONDON, 2014", near: received) == nil)
    }

    @Test func ratesArePerNotSets() {
        for text in [
            "The storm brought winds of 150 miles per hour.", "Trains run at 300 kilometres per hour.",
            "Cars reached 90 km per hour.", "She types 80 words per minute.", "The fee is $20 per hour.",
            "The company paid $5 per share.", "Prices rose 3 per cent.",
        ] {
            let d = Self.dates(text, published: "2014-03-05")
            #expect(d.isEmpty, "\(text) → \(d.map(\.text))")
        }
    }

    @Test func frequenciesPerUnitStaySets() {
        let week = Self.dates("The board meets twice per week.", published: "2014-03-05")
        #expect(week.map(\.text) == ["per week"])
        #expect(week.first?.type == "SET")
        #expect(week.first?.value == "P1W")
        let year = Self.dates("Inspectors visit three times per year.", published: "2014-03-05")
        #expect(year.first?.type == "SET")
        #expect(year.first?.value == "P1Y")
    }

    @Test func numbersThatAreNotDurations() {
        let d = Self.dates("The 6-year-old boy and 300 troops stayed two days ago.", published: "2014-03-05")
        #expect(d.map(\.text) == ["two days ago"])
        #expect(d.first?.value == "2014-03-03")
    }

    @Test func tenseMarkers() {
        let text = RuleText(text: "Officials said the talks will resume in December.")
        let x = DateExtractor(text: text, published: CivilDate(year: 1998, month: 3, day: 2))
        let december = text.tokens.firstIndex { $0.lower == "december" }!
        #expect(x.tense(december, december) == .future)
        let past = RuleText(text: "The talks resumed in December, officials will say.")
        let y = DateExtractor(text: past, published: CivilDate(year: 1998, month: 3, day: 2))
        let d2 = past.tokens.firstIndex { $0.lower == "december" }!
        #expect(y.tense(d2, d2) == .past)
    }
}

@Suite struct DateEvaluationTests {
    @Test func parsesTimeMLAndScores() throws {
        let doc = try #require(DateEvaluation.parseTimeML(try rulesFixture("sample.tml"), name: "sample.tml"))
        #expect(doc.dct == "1998-03-02")
        #expect(doc.timexes.map(\.text) == ["Friday", "December", "three years", "every Monday"])
        let scalars = Array(doc.text.unicodeScalars)
        for t in doc.timexes {
            var v = String.UnicodeScalarView()
            v.append(contentsOf: scalars[t.start..<t.end])
            #expect(String(v) == t.text)
        }
        #expect(doc.text.contains("Friday & agreed"))
        // One exact match with the right value, one overlapping match with a wrong value, one spurious date.
        let friday = doc.timexes[0]
        let december = doc.timexes[1]
        let predicted = [
            DateMention(text: "Friday", value: "1998-02-27", start: friday.start, end: friday.end, kind: "relative"),
            DateMention(
                text: "in December", value: "1997-12", start: december.start - 3, end: december.end, kind: "relative"),
            DateMention(text: "Ministers", value: "1998", start: 1, end: 9, kind: "absolute"),
        ]
        var report = DateEvaluation.Report()
        DateEvaluation.score(
            gold: doc.timexes, predicted: predicted, dct: doc.dct, documentText: scalars, name: "sample",
            into: &report)
        #expect(report.total.gold == 4)
        #expect(report.total.predicted == 3)
        #expect(report.total.relaxed == 2)
        #expect(report.total.strict == 1)
        #expect(report.total.valueCorrect == 1)
        #expect(report.classes[0].gold == 1)  // December 1998 is after the DCT
        #expect(report.classes[0].errors == 1)  // and was resolved into the past
        #expect(report.classes[2].errors == 1)  // the duration was missed
        #expect(report.byType["SET"]?.gold == 1)
    }

    @Test func weekValuesCompareWithoutLeadingZeros() {
        #expect(DateEvaluation.canonicalValue("1998-W07") == DateEvaluation.canonicalValue("1998-W7"))
        #expect(DateEvaluation.canonicalValue("1998-W10-WE") == "1998-W10-WE")
    }
}
