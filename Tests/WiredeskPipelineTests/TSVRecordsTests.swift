import Foundation
import Testing

@testable import WiredeskPipeline

@Suite("TSV records")
struct TSVRecordsTests {
    /// The records of `text`, each as its fields' strings.
    static func records(_ text: String) -> [[String]] {
        var records = TSVRecords(Array(text.utf8))
        var out: [[String]] = []
        while records.next() {
            out.append((0..<records.fields.count).map { String(decoding: records.bytes($0), as: UTF8.self) })
        }
        return out
    }

    /// The record `x \t field`, read: its field 1 is `field`.
    static func second(_ field: String) -> TSVRecords {
        var records = TSVRecords(Array("x\t\(field)".utf8))
        _ = records.next()
        return records
    }

    @Test func skipsCommentsAndEmptyLinesAndKeepsEmptyFields() {
        #expect(Self.records("# header\nthe\t8\n\n#x\ta\n\t\tb\r\nlast") == [["the", "8"], ["", "", "b"], ["last"]])
        #expect(Self.records("").isEmpty)
    }

    @Test func countsLinesIncludingSkippedOnes() {
        var records = TSVRecords(Array("# header\n\nword\t1\n".utf8))
        let first = records.next()
        #expect(first)
        #expect(records.lineNumber == 3)
        let second = records.next()
        #expect(!second)
    }

    @Test func decimalReadsDigitsOnly() {
        func decimal(_ field: String) -> UInt16? { Self.second(field).decimal(1) }
        #expect(decimal("0") == 0)
        #expect(decimal("1023") == 1023)
        #expect(decimal("65535") == 65535)
        #expect(decimal("65536") == nil)
        #expect(decimal("") == nil)
        #expect(decimal("12a") == nil)
        #expect(decimal("-1") == nil)
    }

    @Test func floatReadsNumbersAndRejectsText() {
        func float(_ field: String) -> Float? { Self.second(field).float(1) }
        #expect(float("2.5") == 2.5)
        #expect(float("-0.293") == Float("-0.293"))
        #expect(float("") == nil)
        #expect(float("-") == nil)
        #expect(float("1.2.3") == nil)
    }

    @Test func decodesWordsIntoTheReusedBuffer() {
        var records = TSVRecords(Array("Zürich\t1\nab\t2\n".utf8) + [0xFF, 0x09, 0x33])
        var word: [Unicode.Scalar] = []
        _ = records.next()
        records.scalars(0, into: &word)
        #expect(String(String.UnicodeScalarView(word)) == "Zürich")
        _ = records.next()
        records.scalars(0, into: &word)
        #expect(String(String.UnicodeScalarView(word)) == "ab")
        _ = records.next()
        records.scalars(0, into: &word)
        #expect(word == ["\u{FFFD}"])
    }

    @Test func fieldComparesWholeFields() {
        var records = TSVRecords(Array("L\tgood\nLB\tx\n".utf8))
        _ = records.next()
        #expect(records.field(0, is: "L"))
        #expect(!records.field(0, is: "B"))
        _ = records.next()
        #expect(!records.field(0, is: "L"))
    }
}
