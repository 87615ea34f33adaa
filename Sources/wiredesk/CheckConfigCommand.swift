// `wiredesk check-config`: validate a configuration file and print the effective settings.
import ArgumentParser
import WiredeskDaemon
import WiredeskPipeline

struct CheckConfigCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check-config",
        abstract: "Validate the configuration (and load the models) and print the effective settings as TOML."
    )

    @Option(help: "Configuration file (TOML). Without it, the defaults are printed.")
    var config: String?

    func run() throws {
        let effective: DaemonConfig
        do {
            effective =
                try config.map { path throws(ConfigError) in try DaemonConfig.load(path: path) } ?? DaemonConfig()
            _ = try Pipeline(config: effective.pipeline)
        } catch {
            print("wiredesk: configuration error: \(error)")
            throw ExitCode(78)
        }
        print("# effective configuration\(config.map { " (from \($0))" } ?? " (defaults)")")
        print(effective.tomlDescription)
    }
}
