// deploy/wiredesk.toml documents every key: each key `check-config` prints appears there, in its section, set or
// commented out, with a comment; and the file itself is a valid configuration.
import Foundation
import Testing

@testable import WiredeskDaemon

@Suite struct ConfigDocumentationTests {
    static let example = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("deploy/wiredesk.toml").path

    /// section → keys, from TOML text; `# key = …` comment lines count as keys (documented but unset).
    static func keys(_ text: String) -> [String: Set<String>] {
        var out: [String: Set<String>] = [:]
        var section = ""
        for raw in text.split(separator: "\n") {
            var line = raw.trimmingCharacters(in: .whitespaces)
            if line.hasPrefix("[") && line.hasSuffix("]") {
                section = String(line.dropFirst().dropLast())
                continue
            }
            if line.hasPrefix("# ") { line = String(line.dropFirst(2)) }
            guard let eq = line.range(of: " = "), !line.hasPrefix("#") else { continue }
            let key = String(line[..<eq.lowerBound])
            if key.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) { out[section, default: []].insert(key) }
        }
        return out
    }

    @Test func theExampleConfigurationDocumentsEveryKey() throws {
        let text = try String(contentsOfFile: Self.example, encoding: .utf8)
        _ = try DaemonConfig.parse(toml: text, origin: Self.example)
        let documented = Self.keys(text)
        let printed = Self.keys(DaemonConfig().tomlDescription)
        #expect(printed.count >= 9, "check-config prints every section")
        for (section, keys) in printed {
            let missing = keys.subtracting(documented[section] ?? [])
            #expect(missing.isEmpty, "deploy/wiredesk.toml lacks [\(section)] \(missing.sorted())")
        }
        // Every key line has a comment line right above it.
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        for (i, line) in lines.enumerated() where !line.hasPrefix("#") && line.contains(" = ") {
            #expect(i > 0 && lines[i - 1].hasPrefix("#"), "no comment above: \(line)")
        }
    }
}
