// Finds the model and lexicon files shipped with Wiredesk (Sources/WiredeskPipeline/Models in the repository).
//
// Search order: `$WIREDESK_MODELS`, the SwiftPM resource bundle next to the executable, the installed location
// (`/usr/share/wiredesk/models`, `/usr/local/share/wiredesk/models`), then the source tree this file was built
// from (development and tests). `Bundle.module` is not used: it aborts the process when the bundle is missing.
import Foundation

public enum ModelStore {
    /// Directories searched for model files, in order.
    public static var searchPath: [String] {
        var dirs: [String] = []
        if let env = ProcessInfo.processInfo.environment["WIREDESK_MODELS"], !env.isEmpty { dirs.append(env) }
        let exe = URL(fileURLWithPath: CommandLine.arguments.first ?? "").resolvingSymlinksInPath()
            .deletingLastPathComponent().path
        if let selfExe = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
            let dir = (selfExe as NSString).deletingLastPathComponent
            dirs.append(dir + "/wiredesk_WiredeskPipeline.resources/Models")
            dirs.append(dir + "/../share/wiredesk/models")
        }
        dirs.append(exe + "/wiredesk_WiredeskPipeline.resources/Models")
        dirs.append("/usr/share/wiredesk/models")
        dirs.append("/usr/local/share/wiredesk/models")
        dirs.append(sourceModelsDirectory)
        return dirs
    }

    /// `Sources/WiredeskPipeline/Models` in the checkout this binary was built from.
    public static var sourceModelsDirectory: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Models").path
    }

    /// The path of the shipped file `name`, or nil when no search directory has it.
    public static func path(for name: String) -> String? {
        for dir in searchPath {
            let candidate = dir + "/" + name
            if FileManager.default.isReadableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    /// Reads the shipped file `name`.
    /// - Throws: `ConfigError` listing where it looked.
    public static func load(_ name: String) throws(ConfigError) -> [UInt8] {
        guard let path = path(for: name), let data = FileManager.default.contents(atPath: path) else {
            throw ConfigError("model file \(name) not found; looked in: \(searchPath.joined(separator: ", "))")
        }
        return [UInt8](data)
    }
}
