// `wiredesk run`: the daemon in the foreground (systemd runs it this way).
@preconcurrency import Glibc
import ArgumentParser
import Logging
import Systemd
import WiredeskDaemon

struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run the daemon in the foreground: watch the inbox, write results to the outbox.",
        discussion: """
            Runs until SIGTERM or SIGINT (finishing what is in flight first). SIGHUP reloads the configuration and \
            models. Command-line options override the configuration file, which overrides the defaults \
            (see `wiredesk check-config`).

            Drop files into the inbox with cp or, better, write them under a dot-name or a .tmp/.part name and \
            rename them when complete: a rename is taken at once, a cp after it has settled.
            """
    )

    @Option(help: "Configuration file (TOML).")
    var config: String?

    @Option(help: "Directory to watch for new articles.")
    var inbox: String?

    @Option(help: "Directory for results (<name>.json), failed/ and logs/.")
    var outbox: String?

    @Option(
        name: .customLong("state-dir"), help: "Directory for active/, archive/ and state; on the inbox's file system.")
    var stateDir: String?

    @Option(help: "Concurrent pipeline workers (default: number of cores).")
    var workers: Int?

    func validate() throws {
        if let workers, workers < 1 { throw ValidationError("--workers must be at least 1") }
    }

    func run() throws {
        setvbuf(stdout, nil, _IOLBF, 0)
        let target = LogSetup.bootstrap(configPath: config)
        let logger = Logger(label: "wiredesk")
        let overrides = DaemonOverrides(inbox: inbox, outbox: outbox, stateDir: stateDir, workers: workers)
        let daemon: Daemon
        do {
            daemon = try Daemon(configPath: config, overrides: overrides, logger: logger)
        } catch {
            logger.critical("cannot start: \(error)")
            throw ExitCode(78)  // EX_CONFIG: systemd does not restart-loop on a configuration error
        }
        logger.info("logging to \(target)")
        let status = daemon.run()
        // Exit now, whatever is still running: articles left in flight after `stop_timeout_s` are redone at the
        // next start (they are still in active/).
        Glibc.exit(status)
    }
}

/// Chooses journald or stderr for human-readable logs, once per process.
enum LogSetup {
    static func bootstrap(configPath: String?) -> String {
        var target = "auto"
        if let configPath, let config = try? DaemonConfig.load(path: configPath) { target = config.logTarget }
        let useJournal = LogTarget.choose(configured: target) == .journal
        LoggingSystem.bootstrap { label in
            if useJournal { return JournalLogHandler(identifier: "wiredesk") }
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = .info
            return handler
        }
        return useJournal ? "journald" : "stderr"
    }
}
