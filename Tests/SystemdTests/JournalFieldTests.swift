// Field naming, priorities and entry layout of JournalLogHandler (no journald needed; the real journald is exercised
// by Tests/system/test-journald.sh).
import Logging
import Testing

@testable import Systemd

@Suite struct JournalFieldTests {
    @Test(arguments: [
        ("article_id", "ARTICLE_ID"), ("message_id", "MESSAGE_ID"), ("duration_us", "DURATION_US"),
        ("error_code", "ERROR_CODE"), ("Topic", "TOPIC"), ("stage", "STAGE"), ("a.b-c", "A_B_C"),
        ("_private", "PRIVATE"), ("__x", "X"), ("9lives", "X9LIVES"), ("", "X"), ("___", "X"),
        ("größe", "GR_E"), ("a  b", "A_B"),
    ])
    func fieldNamesAreValid(key: String, expected: String) {
        #expect(JournalLogHandler.fieldName(key) == expected)
    }

    @Test func fieldNamesAreAtMost64Characters() {
        let name = JournalLogHandler.fieldName(String(repeating: "k", count: 100))
        #expect(name.count == 64)
        #expect(name.allSatisfy { $0.isASCII && ($0.isUppercase || $0.isNumber || $0 == "_") })
    }

    @Test func prioritiesFollowSyslog() {
        let expected: [(Logger.Level, Int)] = [
            (.trace, 7), (.debug, 7), (.info, 6), (.notice, 5), (.warning, 4), (.error, 3), (.critical, 2),
        ]
        for (level, priority) in expected { #expect(JournalLogHandler.priority(level) == priority) }
    }

    @Test func entryHasOwnFieldsThenSortedMetadata() {
        let fields = JournalLogHandler.fields(
            message: "committed a.txt", level: .warning, identifier: "wiredesk",
            metadata: ["stage": "classify", "article_id": "abc", "message_id": "4f5c1b1e8a0b4c47a3c55d1a1e2f7a04"],
            file: "Sources/X.swift", function: "run()", line: 42)
        #expect(
            fields == [
                "MESSAGE=committed a.txt", "PRIORITY=4", "SYSLOG_IDENTIFIER=wiredesk", "CODE_FILE=Sources/X.swift",
                "CODE_LINE=42", "CODE_FUNC=run()", "ARTICLE_ID=abc", "MESSAGE_ID=4f5c1b1e8a0b4c47a3c55d1a1e2f7a04",
                "STAGE=classify",
            ])
    }

    @Test func metadataCannotOverwriteOwnFields() {
        let fields = JournalLogHandler.fields(
            message: "real", level: .info, identifier: "wiredesk", metadata: ["message": "fake", "priority": "0"],
            file: "f", function: "g", line: 1)
        #expect(fields.filter { $0.hasPrefix("MESSAGE=") } == ["MESSAGE=real"])
        #expect(fields.filter { $0.hasPrefix("PRIORITY=") } == ["PRIORITY=6"])
        #expect(fields.contains("X_MESSAGE=fake"))
        #expect(fields.contains("X_PRIORITY=0"))
    }

    @Test func logTargetChoice() {
        #expect(LogTarget.choose(configured: "auto", stderrIsJournal: true) == .journal)
        #expect(LogTarget.choose(configured: "auto", stderrIsJournal: false) == .stderr)
        #expect(LogTarget.choose(configured: "journal", stderrIsJournal: false) == .journal)
        #expect(LogTarget.choose(configured: "stderr", stderrIsJournal: true) == .stderr)
    }

    @Test func journalStreamMustNameStderr() {
        #expect(!JournalLogHandler.stderrMatches(journalStream: ""))
        #expect(!JournalLogHandler.stderrMatches(journalStream: "12"))
        #expect(!JournalLogHandler.stderrMatches(journalStream: "x:y"))
        #expect(!JournalLogHandler.stderrMatches(journalStream: "0:0"))
    }
}
