// Loading configuration for commands that do not run the daemon.
import WiredeskDaemon
import WiredeskPipeline

enum CLIConfig {
    static func loadPipelineConfig(path: String?) throws -> PipelineConfig {
        guard let path else { return PipelineConfig() }
        return try DaemonConfig.load(path: path).pipeline
    }
}
