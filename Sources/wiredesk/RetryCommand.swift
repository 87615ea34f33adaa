// `wiredesk retry`: move quarantined files from outbox/failed/ back into the inbox.
import ArgumentParser
import WiredeskDaemon

struct RetryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "retry",
        abstract: "Move failed files back into the inbox so the daemon processes them again.",
        discussion: "Without NAMEs every file in outbox/failed/ is retried. Their .error.json records are removed."
    )

    @Option(help: "Configuration file (TOML).")
    var config: String?

    @Option(help: "Inbox directory (overrides the configuration).")
    var inbox: String?

    @Option(help: "Outbox directory (overrides the configuration).")
    var outbox: String?

    @Argument(help: "Names of files in outbox/failed/ (as listed there, without .error.json).")
    var names: [String] = []

    func run() throws {
        var effective = try config.map { try DaemonConfig.load(path: $0) } ?? DaemonConfig()
        DaemonOverrides(inbox: inbox, outbox: outbox).apply(to: &effective)
        let report = try FailedFiles.retry(config: effective, names: names)
        for line in report.moved { print("retry: \(line)") }
        for line in report.problems { print("wiredesk: \(line)") }
        if !report.problems.isEmpty { throw ExitCode(1) }
    }
}
