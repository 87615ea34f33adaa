// Names are bytes: spaces, Unicode, leading dashes, newlines, 255-byte names and invalid UTF-8 all round-trip.
import Testing

@testable import WiredeskDaemon

@Suite struct FileNameTests {
    @Test(arguments: [
        "with space.txt", "Zürich – 東京.txt", "-rf", "--help", "line\nbreak.txt", "tab\there", "emoji 📰.html",
    ])
    func acceptsOrdinaryOddNames(_ name: String) throws {
        let fileName = try #require(FileName(name))
        #expect(fileName.bytes == Array(name.utf8))
        #expect(fileName.display == name)
    }

    @Test func rejectsNamesThatAreNotOneEntry() {
        #expect(FileName("") == nil)
        #expect(FileName(".") == nil)
        #expect(FileName("..") == nil)
        #expect(FileName("a/b") == nil)
        #expect(FileName(bytes: [0x61, 0x00, 0x62]) == nil)
        #expect(FileName(String(repeating: "a", count: 256)) == nil)
        #expect(FileName(String(repeating: "a", count: 255)) != nil)
        #expect(FileName("...") != nil)
    }

    @Test func invalidUTF8KeepsItsBytes() throws {
        let bytes: [UInt8] = [0x61, 0xFF, 0xFE, 0x62, 0xC3]  // a, two invalid bytes, b, truncated sequence
        let name = try #require(FileName(bytes: bytes))
        #expect(name.bytes == bytes)
        #expect(name.display == "a\u{FFFD}\u{FFFD}b\u{FFFD}")
        #expect(name.appending(".json").bytes == bytes + Array(".json".utf8))
        // Two names that display alike stay distinct.
        let other = try #require(FileName(bytes: [0x61, 0xFE, 0xFF, 0x62, 0xC3]))
        #expect(other.display == name.display)
        #expect(other != name)
    }

    @Test func ignoredNames() {
        for ignored in [".hidden", ".x.txt", "a.tmp", "a.TMP", "a.part", "a.swp", "notes~"] {
            #expect(FileName(ignored)!.isIgnored, "\(ignored)")
        }
        for taken in ["a.txt", "tmp", "a.tmp.txt", "part", "a.json", "-"] {
            #expect(!FileName(taken)!.isIgnored, "\(taken)")
        }
    }

    @Test func appendingKeepsLongNamesWithinTheLimitAndDistinct() throws {
        let a = try #require(FileName(String(repeating: "a", count: 254) + "1"))
        let b = try #require(FileName(String(repeating: "a", count: 254) + "2"))
        let ra = a.appending(".json")
        let rb = b.appending(".json")
        #expect(ra.bytes.count <= FileName.maxBytes)
        #expect(rb.bytes.count <= FileName.maxBytes)
        #expect(ra != rb)
        #expect(ra.hasSuffix(".json"))
        // Stable: the same input gives the same shortened name (a restart must find its own result again).
        #expect(a.appending(".json") == ra)
        // A short name is unchanged.
        #expect(FileName("x")!.appending(".json").display == "x.json")
    }

    @Test func shorteningNeverCutsAUTF8Sequence() throws {
        // 85 three-byte characters = 255 bytes.
        let name = try #require(FileName(String(repeating: "東", count: 85)))
        let result = name.appending(".line-12.json")
        #expect(result.bytes.count <= FileName.maxBytes)
        #expect(!result.display.contains("\u{FFFD}"))
        #expect(result.display.hasPrefix("東東"))
    }
}
