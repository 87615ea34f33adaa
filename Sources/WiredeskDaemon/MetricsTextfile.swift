// Prometheus metrics for node_exporter's textfile collector (`[metrics] textfile = "/var/lib/node_exporter/…prom"`).
//
// The daemon already reports every event to the event log; `DaemonMetrics` observes the same records (so the
// counts can never disagree with outbox/logs/), adds the scheduler's gauges, and swift-prometheus renders the
// text exposition format. The file is replaced atomically (temp file in the same directory, then rename(2)) every
// `interval_s` and at shutdown, so the collector never reads half a file.
@preconcurrency import Glibc
import Dispatch
import Foundation
import Prometheus
import Synchronization
import WiredeskPipeline

/// The daemon's metrics, rendered by swift-prometheus. Thread-safe: workers report through `observe`.
public final class DaemonMetrics: Sendable {
    public let path: String
    let registry = PrometheusCollectorRegistry()
    let committed: Counter
    let queued: Gauge
    let inFlight: Gauge
    let lastSuccess: Gauge
    let startTime: Gauge
    let commitLatency: DurationHistogram
    let modelGauges = Mutex<[Gauge]>([])
    /// Serialises the file writes (the timer's and the final one at shutdown).
    let writeLock = Mutex(())

    static var articles: MetricNameDescriptor {
        MetricNameDescriptor(
            namespace: "wiredesk", metricName: "articles", unitName: "total",
            helpText: "Articles finished, by outcome (committed, failed) and, for failures, the error code")
    }
    static var stageDuration: MetricNameDescriptor {
        MetricNameDescriptor(
            namespace: "wiredesk", metricName: "stage_duration", unitName: "seconds",
            helpText: "Time one article spent in a pipeline stage")
    }
    /// 50 µs … 10 s: normalize takes tens of microseconds, extract a few milliseconds, a huge article seconds.
    static let stageBuckets: [Duration] = [
        .microseconds(50), .microseconds(100), .microseconds(250), .microseconds(500), .milliseconds(1),
        .milliseconds(2), .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50),
        .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1), .seconds(2.5), .seconds(10),
    ]
    /// 1 ms … 5 min: from arrival in the inbox to the durable result (queueing included).
    static let latencyBuckets: [Duration] = [
        .milliseconds(1), .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50),
        .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1), .seconds(2.5), .seconds(5),
        .seconds(10), .seconds(30), .seconds(60), .seconds(300),
    ]

    public init(path: String) {
        self.path = path
        committed = registry.makeCounter(descriptor: Self.articles, labels: [("outcome", "committed")])
        queued = registry.makeGauge(
            descriptor: MetricNameDescriptor(
                namespace: "wiredesk", metricName: "queue_depth", unitName: "",
                helpText: "Files seen in the inbox and not yet claimed (held in memory, at most queue_limit)"))
        inFlight = registry.makeGauge(
            descriptor: MetricNameDescriptor(
                namespace: "wiredesk", metricName: "in_flight", unitName: "",
                helpText: "Claimed files being read, processed or committed"))
        lastSuccess = registry.makeGauge(
            descriptor: MetricNameDescriptor(
                namespace: "wiredesk", metricName: "last_success_timestamp", unitName: "seconds",
                helpText: "Unix time of the last committed result (0 = none since start)"))
        startTime = registry.makeGauge(
            descriptor: MetricNameDescriptor(
                namespace: "wiredesk", metricName: "start_time", unitName: "seconds",
                helpText: "Unix time at which the daemon started"))
        commitLatency = registry.makeDurationHistogram(
            descriptor: MetricNameDescriptor(
                namespace: "wiredesk", metricName: "commit_latency", unitName: "seconds",
                helpText: "From a file's arrival in the inbox to its durable result"),
            buckets: Self.latencyBuckets)
        startTime.set(Date().timeIntervalSince1970)
        lastSuccess.set(Double(0))
        for stage in ["normalize", "extract", "classify"] {
            _ = stageHistogram(stage)
        }
    }

    func stageHistogram(_ stage: String) -> DurationHistogram {
        // The registry returns the existing histogram for the same name and labels.
        registry.makeDurationHistogram(
            descriptor: Self.stageDuration, labels: [("stage", stage)], buckets: Self.stageBuckets)
    }

    /// Counts one event-log record (the event log calls this for every line it writes).
    public func observe(_ record: EventRecord) {
        switch record.event {
        case "committed":
            committed.increment()
            lastSuccess.set(Date().timeIntervalSince1970)
            if let ms = record.latencyMs, ms >= 0 { commitLatency.record(.microseconds(Int64(ms * 1000))) }
        case "failed":
            let code = record.code ?? "unknown"
            registry.makeCounter(descriptor: Self.articles, labels: [("outcome", "failed"), ("code", code)]).increment()
        case "stage":
            if let stage = record.stage, let us = record.durationUs { stageHistogram(stage).record(.microseconds(us)) }
        default:
            break
        }
    }

    /// `wiredesk_model_info{model=…,version=…} 1`, one series per model; replaces the previous set (a reload).
    public func setModels(_ models: [String: String]) {
        let descriptor = MetricNameDescriptor(
            namespace: "wiredesk", metricName: "model", unitName: "info",
            helpText: "The models the pipeline runs, by name and version (always 1)")
        modelGauges.withLock { gauges in
            for gauge in gauges { registry.unregisterGauge(gauge) }
            gauges = models.sorted { $0.key < $1.key }.map { name, version in
                let gauge = registry.makeGauge(descriptor: descriptor, labels: [("model", name), ("version", version)])
                gauge.set(Double(1))
                return gauge
            }
        }
    }

    /// The scheduler's gauges, sampled on its queue.
    public func update(queued: Int, inFlight: Int) {
        self.queued.set(Int64(queued))
        self.inFlight.set(Int64(inFlight))
    }

    /// The text exposition format.
    public func render() -> [UInt8] { registry.emitToBuffer() }

    /// Replaces `path` atomically: `.<name>.<pid>.tmp` in the same directory (not `*.prom`, so the collector
    /// ignores it), then rename(2).
    public func write() throws(SpoolError) {
        let bytes = render()
        try writeLock.withLock { _ throws(SpoolError) in
            let url = URL(fileURLWithPath: path)
            let tmp = url.deletingLastPathComponent().appendingPathComponent(
                ".\(url.lastPathComponent).\(getpid()).tmp"
            )
            .path
            let fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
            guard fd >= 0 else { throw SpoolError(operation: "create \(tmp)", errno: errno) }
            let failure: Int32? = bytes.withUnsafeBytes { raw in
                var offset = 0
                while offset < raw.count {
                    let n = Glibc.write(fd, raw.baseAddress! + offset, raw.count - offset)
                    if n < 0 {
                        if errno == EINTR { continue }
                        return errno
                    }
                    offset += n
                }
                return nil
            }
            close(fd)
            if let failure {
                unlink(tmp)
                throw SpoolError(operation: "write \(tmp)", errno: failure)
            }
            guard rename(tmp, path) == 0 else {
                let err = errno
                unlink(tmp)
                throw SpoolError(operation: "rename \(tmp) to \(path)", errno: err)
            }
        }
    }
}

extension Daemon {
    /// Starts the metrics timer: gauges sampled on the control queue, the file written off it.
    func startMetrics() {
        guard let metrics else { return }
        metrics.setModels(pipeline.models)
        let timer = DispatchSource.makeTimerSource(queue: control)
        let every = config.metricsIntervalSeconds
        timer.schedule(deadline: .now(), repeating: every, leeway: .milliseconds(250))
        timer.setEventHandler { [unowned self] in
            self.assumeIsolated { daemon in
                metrics.update(queued: daemon.pending.count, inFlight: daemon.inFlight.count)
                let logger = daemon.logger
                DispatchQueue.global(qos: .utility).async {
                    do {
                        try metrics.write()
                    } catch {
                        logger.warning("cannot write the metrics file: \(error)")
                    }
                }
            }
        }
        timer.resume()
        sources.append(timer)
    }

    /// The last write, at shutdown (on the control queue, so the gauges are current).
    func writeFinalMetrics() {
        guard let metrics else { return }
        metrics.update(queued: pending.count, inFlight: inFlight.count)
        do {
            try metrics.write()
        } catch {
            logger.warning("cannot write the metrics file: \(error)")
        }
    }
}
