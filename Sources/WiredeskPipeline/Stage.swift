// The one contract every pipeline step follows (after swift-service-lifecycle's `Service.swift`).
//
// A stage is a value-in, value-out step named by a verb. It owns its configuration, is `Sendable` so workers
// can share one instance, and reports failure with a `StageFailure` whose `code` ends up in
// `outbox/failed/<name>.error.json` and in journald's `ERROR_CODE` field.

/// A step of the pipeline: `normalize`, `extract`, `classify`.
public protocol Stage: Sendable {
    associatedtype Input: Sendable
    associatedtype Output: Sendable

    /// The stage's name, a verb; used in `pipeline.timings_us`, logs and error records.
    static var name: String { get }

    /// Runs the stage on one input.
    /// - Throws: `StageFailure` when the input cannot be processed; the daemon quarantines the file with it.
    func run(_ input: Input) throws(StageFailure) -> Output
}

/// Why a stage could not produce a result. Codes are stable, lower snake case, documented in the README.
public struct StageFailure: Error, Sendable, Equatable, Codable {
    public var stage: String
    /// e.g. `empty`, `binary`, `too_large`, `undecodable`, `not_regular_file`, `io_error`.
    public var code: String
    public var message: String

    public init(stage: String, code: String, message: String) {
        self.stage = stage
        self.code = code
        self.message = message
    }
}
