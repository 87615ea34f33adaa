// `wiredesk reload`: the units' ExecReload=. Signals the daemon and waits until it has reloaded, so that
// `systemctl reload` returns only when the new configuration runs, and fails when the daemon kept the old one.
import ArgumentParser
import WiredeskDaemon

struct ReloadCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reload",
        abstract: "Reload a running daemon's configuration and models, and wait until it is done.",
        discussion: """
            Sends SIGHUP to --pid and waits for the daemon's state_dir/reload-status. Exits 1 when the daemon \
            rejected the new configuration (it keeps running the old one) or did not answer within --timeout.
            """
    )

    @Option(help: "The daemon's process ID (ExecReload=: $MAINPID).")
    var pid: Int32

    @Option(help: "Configuration file (TOML) the daemon runs with; gives its state_dir.")
    var config: String?

    @Option(help: "State directory (overrides the configuration).")
    var stateDir: String?

    @Option(help: "Seconds to wait for the reload to finish.")
    var timeout: Double = 90

    func run() throws {
        let directory: String
        if let stateDir {
            directory = stateDir
        } else {
            do {
                directory = try config.map { try DaemonConfig.load(path: $0) }?.stateDir ?? DaemonConfig().stateDir
            } catch {
                // Still signal: the daemon logs the full error and keeps its running configuration.
                try? ReloadRequest.signal(pid: pid)
                print("wiredesk: reload: \(error)")
                throw ExitCode(1)
            }
        }
        do {
            try ReloadRequest.send(pid: pid, stateDir: directory, timeout: timeout)
        } catch {
            print("wiredesk: reload: \(error)")
            throw ExitCode(1)
        }
        print("wiredesk: reload: process \(pid) runs the new configuration")
    }
}
