// Runs the built `wiredesk` binary on a throw-away spool: start, drop files with real shell commands, poll the outbox.
@preconcurrency import Glibc
import Foundation

/// The `wiredesk` executable next to the test bundle (the products directory, e.g. `.build/debug/`).
let wiredeskBinary: String = {
    let exe = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
    return exe.deletingLastPathComponent().appendingPathComponent("wiredesk").path
}()

/// Output of a finished command.
struct CommandResult {
    var status: Int32
    var stdout: String
    var stderr: String
}

/// Runs `executable` with `arguments` to completion.
func runCommand(_ executable: String, _ arguments: [String]) throws -> CommandResult {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    let out = Pipe()
    let err = Pipe()
    process.standardOutput = out
    process.standardError = err
    process.standardInput = FileHandle.nullDevice
    try process.run()
    // Read before waiting: a full pipe would block the child.
    let outData = out.fileHandleForReading.readDataToEndOfFile()
    let errData = err.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return CommandResult(
        status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
        stderr: String(decoding: errData, as: UTF8.self))
}

/// Runs a bash script (for cp, mv, mkfifo, ln: the tools a person uses).
@discardableResult
func sh(_ script: String) throws -> CommandResult {
    try runCommand("/bin/bash", ["-c", script])
}

/// A spool with its own config; `start()` runs `wiredesk run` on it.
final class DaemonHarness {
    let root: String
    var inbox: String { root + "/inbox" }
    var outbox: String { root + "/outbox" }
    var failed: String { root + "/outbox/failed" }
    var state: String { root + "/state" }
    var configPath: String { root + "/wiredesk.toml" }
    var logPath: String { root + "/daemon.log" }
    private(set) var process: Process?

    init(stages: [String] = ["normalize"], extraConfig: String = "") throws {
        root = NSTemporaryDirectory() + "wiredesk-it-" + UUID().uuidString
        for dir in [inbox, outbox, state, root + "/staging"] {
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        }
        let config = """
            inbox = "\(inbox)"
            outbox = "\(outbox)"
            state_dir = "\(state)"
            settle_ms = 100
            workers = 2
            \(extraConfig)

            [log]
            target = "stderr"

            [pipeline]
            stages = [\(stages.map { "\"\($0)\"" }.joined(separator: ", "))]
            """
        try config.write(toFile: configPath, atomically: true, encoding: .utf8)
    }

    deinit {
        if let process, process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process?.waitUntilExit()
        try? FileManager.default.removeItem(atPath: root)
    }

    /// Starts the daemon; `environment` entries are added to the test's own environment.
    func start(environment: [String: String] = [:]) throws {
        _ = FileManager.default.createFile(atPath: logPath, contents: nil)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: wiredeskBinary)
        process.arguments = ["run", "--config", configPath]
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
        process.standardError = FileHandle(forWritingAtPath: logPath)
        process.standardOutput = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        try process.run()
        self.process = process
        // Ready once the start event is in the log.
        _ = waitFor(20) { self.log.contains("ready") }
    }

    var log: String { (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? "" }

    var isRunning: Bool { process?.isRunning ?? false }

    /// Sends `signal` and waits up to `seconds` for the exit; returns the exit status, or nil on time-out.
    func stop(signal: Int32 = SIGTERM, within seconds: Double = 10) -> Int32? {
        guard let process else { return nil }
        kill(process.processIdentifier, signal)
        guard waitFor(seconds, { !process.isRunning }) else { return nil }
        return process.terminationStatus
    }

    /// Entry names of a directory (empty when it does not exist).
    func list(_ dir: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []).sorted()
    }

    /// The parsed JSON object in `path`, or nil.
    func json(_ path: String) -> [String: Any]? {
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        return (try? JSONSerialization.jsonObject(with: data)) as? [String: Any]
    }

    /// `error.code` of `failed/<name>.error.json`.
    func failureCode(_ name: String) -> String? {
        (json(failed + "/" + name + ".error.json")?["error"] as? [String: Any])?["code"] as? String
    }

    /// Polls `condition` every 50 ms for up to `seconds`.
    func waitFor(_ seconds: Double, _ condition: () -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if condition() { return true }
            usleep(50_000)
        }
        return condition()
    }
}

/// Quotes a string for bash.
func quoted(_ s: String) -> String { "'" + s.replacingOccurrences(of: "'", with: "'\\''") + "'" }
