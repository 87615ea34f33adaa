// The daemon's configuration: defaults, overridden by the TOML file, overridden by command-line flags.
// Unknown keys are errors (a typo must not silently fall back to a default).
import Foundation
import TOMLKit
import WiredeskPipeline

/// What to do with an original file once its result is committed.
public enum SuccessAction: String, Codable, Sendable {
    case archive
    case delete
}

/// Everything `wiredesk run` needs to know.
public struct DaemonConfig: Sendable, Equatable {
    // One tree by default: under systemd's ProtectSystem= every writable path is its own mount, and rename(2)
    // between mounts fails, so inbox and state_dir must share a directory the unit makes writable.
    public var inbox = "/var/lib/wiredesk/inbox"
    public var outbox = "/var/lib/wiredesk/outbox"
    /// Holds `active/` (claimed files), `archive/` and the stages' state. Must be on the inbox's filesystem.
    public var stateDir = "/var/lib/wiredesk"
    /// Concurrent pipeline workers; 0 = number of cores.
    public var workers = 0
    public var onSuccess = SuccessAction.archive
    /// A file must be unchanged (size and mtime) for this long before it is claimed.
    public var settleMs = 300
    /// Full rescan of the inbox on a slow timer, in seconds (in addition to inotify events).
    public var rescanIntervalSeconds = 30.0
    /// Most files known but not yet claimed that are held in memory; beyond it the inbox is the queue.
    public var queueLimit = 1024
    /// fsync results and directories (the crash-safety guarantee). Off only for benchmarks.
    public var durable = true
    /// `auto` (journald when stderr is connected to it), `journal`, `stderr`.
    public var logTarget = "auto"
    /// `trace`, `debug`, `info`, `notice`, `warning`, `error`, `critical`.
    public var logLevel = "info"
    /// The outbox event log rotates when it reaches this size or when the UTC day changes.
    public var eventLogMaxBytes = 64 * 1024 * 1024
    /// Archived originals older than this are removed (0 = keep forever).
    public var archiveMaxAgeDays = 0.0
    /// On SIGTERM/SIGINT, articles in flight get this long to finish; the rest stay in active/ for the next start.
    /// Keep it below the unit's `TimeoutStopSec` (20 s in deploy/wiredesk.service).
    public var stopTimeoutSeconds = 8.0
    /// `[spool] claim`: how files are moved without replacing (`auto`, `rename`, `link`; see docs/SPOOL.md).
    public var claim = ClaimProtocol.auto
    /// `[metrics] textfile`: where to write Prometheus metrics for node_exporter's textfile collector ("" = off).
    public var metricsTextfile = ""
    /// `[metrics] interval_s`: how often the metrics file is rewritten.
    public var metricsIntervalSeconds = 5.0
    public var pipeline = PipelineConfig()

    public init() {}

    public var activeDir: String { stateDir + "/active" }
    public var archiveDir: String { stateDir + "/archive" }
    public var failedDir: String { outbox + "/failed" }
    public var logsDir: String { outbox + "/logs" }

    public var effectiveWorkers: Int {
        workers > 0 ? workers : Self.cores
    }

    /// Read once: Foundation's `activeProcessorCount` reads the cgroup CPU quota files on every call, and the
    /// scheduler asks for the worker count after every finished article (18 % of the daemon's CPU when it did).
    private static let cores = max(1, ProcessInfo.processInfo.activeProcessorCount)

    /// Reads a TOML file on top of the defaults.
    /// - Throws: `ConfigError` naming the file and the problem.
    public static func load(path: String) throws(ConfigError) -> DaemonConfig {
        // read(2) until EOF, not String(contentsOfFile:): that fails on character devices such as /dev/null (as
        // root it said "You don't have permission"), and its errors do not name the errno.
        let bytes = try ConfigFile.read(path)
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw ConfigError("\(path): cannot read: the file is not UTF-8 text")
        }
        return try parse(toml: text, origin: path)
    }

    public static func parse(toml text: String, origin: String = "config") throws(ConfigError) -> DaemonConfig {
        let table: TOMLTable
        do {
            table = try TOMLTable(string: text)
        } catch let error as TOMLParseError {
            throw ConfigError("\(origin):\(error.source.begin.line): \(error.description)")
        } catch {
            throw ConfigError("\(origin): \(error)")
        }
        var config = DaemonConfig()
        try config.apply(table, origin: origin)
        try config.validate()
        return config
    }

    private static let topKeys: Set<String> = [
        "inbox", "outbox", "state_dir", "workers", "on_success", "settle_ms", "rescan_interval_s", "queue_limit",
        "durable", "archive_max_age_days", "stop_timeout_s", "log", "event_log", "pipeline", "normalize", "extract",
        "classify",
        "spool", "metrics",
    ]

    private mutating func apply(_ table: TOMLTable, origin: String) throws(ConfigError) {
        for key in table.keys where !Self.topKeys.contains(key) {
            throw ConfigError("\(origin): unknown key \"\(key)\"")
        }
        func string(_ t: TOMLTable, _ key: String, _ section: String) throws(ConfigError) -> String? {
            guard let v = t[key] else { return nil }
            guard let s = v.string else { throw ConfigError("\(origin): \(section)\(key) must be a string") }
            return s
        }
        func int(_ t: TOMLTable, _ key: String, _ section: String) throws(ConfigError) -> Int? {
            guard let v = t[key] else { return nil }
            guard let i = v.int else { throw ConfigError("\(origin): \(section)\(key) must be an integer") }
            return i
        }
        func double(_ t: TOMLTable, _ key: String, _ section: String) throws(ConfigError) -> Double? {
            guard let v = t[key] else { return nil }
            if let d = v.double { return d }
            if let i = v.int { return Double(i) }
            throw ConfigError("\(origin): \(section)\(key) must be a number")
        }
        inbox = try string(table, "inbox", "") ?? inbox
        outbox = try string(table, "outbox", "") ?? outbox
        stateDir = try string(table, "state_dir", "") ?? stateDir
        workers = try int(table, "workers", "") ?? workers
        if let action = try string(table, "on_success", "") {
            guard let parsed = SuccessAction(rawValue: action) else {
                throw ConfigError("\(origin): on_success must be \"archive\" or \"delete\"")
            }
            onSuccess = parsed
        }
        settleMs = try int(table, "settle_ms", "") ?? settleMs
        rescanIntervalSeconds = try double(table, "rescan_interval_s", "") ?? rescanIntervalSeconds
        queueLimit = try int(table, "queue_limit", "") ?? queueLimit
        archiveMaxAgeDays = try double(table, "archive_max_age_days", "") ?? archiveMaxAgeDays
        stopTimeoutSeconds = try double(table, "stop_timeout_s", "") ?? stopTimeoutSeconds
        if let v = table["durable"] {
            guard let b = v.bool else { throw ConfigError("\(origin): durable must be true or false") }
            durable = b
        }
        if let log = table["log"]?.table {
            for key in log.keys where !["target", "level"].contains(key) {
                throw ConfigError("\(origin): unknown key \"log.\(key)\"")
            }
            logTarget = try string(log, "target", "log.") ?? logTarget
            logLevel = try string(log, "level", "log.") ?? logLevel
        }
        if let events = table["event_log"]?.table {
            for key in events.keys where key != "max_bytes" {
                throw ConfigError("\(origin): unknown key \"event_log.\(key)\"")
            }
            eventLogMaxBytes = try int(events, "max_bytes", "event_log.") ?? eventLogMaxBytes
        }
        if let spool = table["spool"]?.table {
            for key in spool.keys where key != "claim" {
                throw ConfigError("\(origin): unknown key \"spool.\(key)\"")
            }
            if let value = try string(spool, "claim", "spool.") {
                guard let parsed = ClaimProtocol(rawValue: value) else {
                    throw ConfigError("\(origin): spool.claim must be \"auto\", \"rename\" or \"link\"")
                }
                claim = parsed
            }
        }
        if let metrics = table["metrics"]?.table {
            for key in metrics.keys where !["textfile", "interval_s"].contains(key) {
                throw ConfigError("\(origin): unknown key \"metrics.\(key)\"")
            }
            metricsTextfile = try string(metrics, "textfile", "metrics.") ?? metricsTextfile
            metricsIntervalSeconds = try double(metrics, "interval_s", "metrics.") ?? metricsIntervalSeconds
        }
        // Stage sections decode with TOMLKit's TOMLDecoder; the stage configs own their keys and defaults. [pipeline]
        // holds PipelineConfig's own keys (stages, article_timeout_s); its stage sections are top-level tables.
        let stageSections: Set<String> = ["normalize", "extract", "classify"]
        var decoded = try Self.decodeSection(table, "pipeline", PipelineConfig(), excluding: stageSections, origin)
        decoded.normalize = try Self.decodeSection(table, "normalize", decoded.normalize, origin)
        decoded.extract = try Self.decodeSection(table, "extract", decoded.extract, origin)
        decoded.classify = try Self.decodeSection(table, "classify", decoded.classify, origin)
        pipeline = decoded
    }

    /// Decodes `table[section]` (absent: `defaults`) with TOMLDecoder, after checking every key against the value of
    /// the same key in the encoded defaults (`sectionKeys`). TOMLDecoder alone would ignore a misspelt key
    /// (`topic_treshold`) and keep the default without a word, report a value of the wrong type as a missing key, and
    /// refuse an integer where a float is expected (`topic_threshold = 1`) or an integral float where an integer is
    /// (`max_bytes = 2e6`), both of which the configuration accepts.
    private static func decodeSection<C: Codable>(
        _ table: TOMLTable, _ section: String, _ defaults: C, excluding: Set<String> = [], _ origin: String
    ) throws(ConfigError) -> C {
        guard let value = table[section] else { return defaults }
        guard let t = value.table else { throw ConfigError("\(origin): \(section) must be a table ([\(section)])") }
        let expected = sectionKeys(defaults, section).filter { !excluding.contains($0.key) }
        for key in t.keys.sorted() {
            guard let wanted = expected[key], let given = t[key] else {
                throw ConfigError("\(origin): unknown key \"\(section).\(key)\"")
            }
            if sameType(given, wanted) { continue }
            // An exact number of the other kind is accepted (`topic_threshold = 1`, `max_bytes = 2e6`): TOMLDecoder takes
            // neither, and configurations written for the sections' earlier JSONDecoder path rely on both.
            if wanted.type == .double, let i = given.int {
                t[key] = Double(i)
                continue
            }
            if wanted.type == .int, let d = given.double, let i = Int(exactly: d) {
                t[key] = i
                continue
            }
            throw ConfigError("\(origin): \(section).\(key) must be \(typeName(wanted))")
        }
        do {
            return try TOMLDecoder().decode(C.self, from: t)
        } catch let error as DecodingError {
            throw ConfigError("\(origin): \(Self.describe(error, in: section))")
        } catch {
            throw ConfigError("\(origin): \(section): \(error)")
        }
    }

    /// Same TOML type; for arrays, every element of the type of the default's elements.
    private static func sameType(_ given: TOMLValueConvertible, _ wanted: TOMLValueConvertible) -> Bool {
        guard given.type == wanted.type else { return false }
        guard let items = given.array, let first = wanted.array?.first else { return true }
        return items.allSatisfy { $0.type == first.type }
    }

    /// What a value of the type of `wanted` is called in an error message.
    private static func typeName(_ wanted: TOMLValueConvertible) -> String {
        switch wanted.type {
        case .string: return "a string"
        case .int: return "an integer"
        case .double: return "a number"
        case .bool: return "true or false"
        case .table: return "a table"
        case .date, .time, .dateTime: return "a \(wanted.type.description)"
        case .array:
            guard let first = wanted.array?.first else { return "an array" }
            let plural: [TOMLType: String] = [
                .string: "strings", .int: "integers", .double: "numbers", .bool: "booleans",
            ]
            return "an array of \(plural[first.type] ?? "\(first.type.description) values")"
        }
    }

    /// A TOMLDecoder error as `section.key: problem`.
    private static func describe(_ error: DecodingError, in section: String) -> String {
        switch error {
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .keyNotFound(_, let context),
            .dataCorrupted(let context):
            let path = ([section] + context.codingPath.map(\.stringValue)).joined(separator: ".")
            return "\(path): \(context.debugDescription)"
        @unknown default:
            return "\(section): \(error)"
        }
    }

    /// Checks values that no type can express.
    public func validate() throws(ConfigError) {
        guard !inbox.isEmpty, !outbox.isEmpty, !stateDir.isEmpty else {
            throw ConfigError("inbox, outbox and state_dir must not be empty")
        }
        guard workers >= 0, workers <= 256 else { throw ConfigError("workers must be between 0 (= cores) and 256") }
        guard settleMs >= 0 else { throw ConfigError("settle_ms must not be negative") }
        guard rescanIntervalSeconds >= 1 else { throw ConfigError("rescan_interval_s must be at least 1") }
        guard queueLimit >= 1 else { throw ConfigError("queue_limit must be at least 1") }
        guard stopTimeoutSeconds >= 0, stopTimeoutSeconds <= 3600 else {
            throw ConfigError("stop_timeout_s must be between 0 and 3600")
        }
        guard ["auto", "journal", "stderr"].contains(logTarget) else {
            throw ConfigError("log.target must be \"auto\", \"journal\" or \"stderr\"")
        }
        guard ["trace", "debug", "info", "notice", "warning", "error", "critical"].contains(logLevel) else {
            throw ConfigError("log.level must be one of trace, debug, info, notice, warning, error, critical")
        }
        guard eventLogMaxBytes >= 4096 else { throw ConfigError("event_log.max_bytes must be at least 4096") }
        guard metricsIntervalSeconds >= 1 else { throw ConfigError("metrics.interval_s must be at least 1") }
        guard metricsTextfile.isEmpty || metricsTextfile.hasSuffix(".prom") else {
            throw ConfigError(
                "metrics.textfile must end in .prom (node_exporter's textfile collector reads only those)")
        }
        try pipeline.validate()
    }

    /// The effective configuration as TOML (what `check-config` prints).
    public var tomlDescription: String {
        """
        inbox = "\(inbox)"
        outbox = "\(outbox)"
        state_dir = "\(stateDir)"
        workers = \(workers)  # effective: \(effectiveWorkers)
        on_success = "\(onSuccess.rawValue)"
        settle_ms = \(settleMs)
        rescan_interval_s = \(rescanIntervalSeconds)
        queue_limit = \(queueLimit)
        durable = \(durable)
        archive_max_age_days = \(archiveMaxAgeDays)
        stop_timeout_s = \(stopTimeoutSeconds)

        [log]
        target = "\(logTarget)"
        level = "\(logLevel)"

        [event_log]
        max_bytes = \(eventLogMaxBytes)

        [spool]
        claim = "\(claim.rawValue)"

        [metrics]
        textfile = \(Self.tomlString(metricsTextfile))
        interval_s = \(metricsIntervalSeconds)

        [pipeline]
        stages = [\(pipeline.stages.map { "\"\($0)\"" }.joined(separator: ", "))]
        article_timeout_s = \(pipeline.articleTimeoutSeconds)

        \(Self.stageSection("normalize", pipeline.normalize))
        \(Self.stageSection("extract", pipeline.extract))
        \(Self.stageSection("classify", pipeline.classify))
        """
    }

    /// Path keys that are absent by default (the shipped model is used); printed as comments when unset.
    static let unsetPathKeys = [
        "extract": ["ner_model", "gazetteer", "word_clusters"], "classify": ["topic_model"],
    ]

    /// The keys a section may hold, each with its default value (whose type a value in the file must have): those
    /// its default configuration encodes, and the path keys that are absent by default (strings).
    static func sectionKeys<C: Encodable>(_ config: C, _ section: String) -> [String: TOMLValueConvertible] {
        var keys: [String: TOMLValueConvertible] = [:]
        for (key, value) in encoded(config) {
            keys[key] = value
        }
        for key in unsetPathKeys[section] ?? [] where keys[key] == nil {
            keys[key] = ""
        }
        return keys
    }

    /// `config` encoded with TOMLKit's TOMLEncoder; empty if it cannot be (the stage configs hold only strings,
    /// numbers, booleans and arrays of them, which always encode).
    static func encoded<C: Encodable>(_ config: C) -> TOMLTable {
        (try? TOMLTable(config)) ?? TOMLTable()
    }

    /// A stage's section, every key its configuration encodes (so keys a stage adds are printed without a change
    /// here), sorted by name.
    static func stageSection<C: Encodable>(_ name: String, _ config: C) -> String {
        var lines = ["[\(name)]"]
        let table = encoded(config)
        for key in table.keys.sorted() {
            if let value = table[key] { lines.append("\(key) = \(tomlValue(value))") }
        }
        for key in unsetPathKeys[name] ?? [] where table[key] == nil {
            lines.append("# \(key) = \"PATH\"  (unset: the model shipped with Wiredesk)")
        }
        return lines.joined(separator: "\n")
    }

    /// A value as TOML. Floats keep their fraction (`1.0`, not `1`) so that a printed configuration reads back as
    /// the same types.
    static func tomlValue(_ value: TOMLValueConvertible) -> String {
        switch value.type {
        case .string: return tomlString(value.string ?? "")
        case .int: return value.int.map(String.init) ?? "0"
        case .double: return value.double.map { "\($0)" } ?? "0.0"
        case .bool: return value.bool == true ? "true" : "false"
        case .array: return "[" + (value.array?.map(tomlValue) ?? []).joined(separator: ", ") + "]"
        case .table:
            guard let table = value.table else { return "{}" }
            let pairs = table.keys.sorted().compactMap { key in table[key].map { "\(key) = \(tomlValue($0))" } }
            return "{ " + pairs.joined(separator: ", ") + " }"
        case .date, .time, .dateTime: return tomlString("\(value)")
        }
    }

    /// A TOML basic string: quotes, backslashes and control characters escaped.
    static func tomlString(_ s: String) -> String {
        var out = "\""
        for ch in s.unicodeScalars {
            switch ch {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            default:
                if ch.value < 0x20 {
                    out += String(format: "\\u%04X", ch.value)
                } else {
                    out.unicodeScalars.append(ch)
                }
            }
        }
        return out + "\""
    }
}
