// `[metrics] textfile`: what the event records become in Prometheus' text format, and the atomic file write.
// (Tests/system/test-metrics.sh has a real node_exporter scrape the daemon's file.)
import Foundation
import Testing
import WiredeskPipeline

@testable import WiredeskDaemon

@Suite struct MetricsTextfileTests {
    static func lines(_ metrics: DaemonMetrics) -> [String] {
        String(decoding: metrics.render(), as: UTF8.self).split(separator: "\n").map(String.init)
    }

    @Test func countsCommittedAndFailedByCodeFromEventRecords() {
        let metrics = DaemonMetrics(path: "/nonexistent/x.prom")
        for _ in 0..<3 {
            var r = EventRecord(event: "committed", name: "a")
            r.latencyMs = 12.5
            metrics.observe(r)
        }
        for code in ["empty", "empty", "binary"] {
            var r = EventRecord(event: "failed", name: "b")
            r.code = code
            metrics.observe(r)
        }
        var stage = EventRecord(event: "stage", name: "a")
        stage.stage = "extract"
        stage.durationUs = 1500
        metrics.observe(stage)
        metrics.observe(EventRecord(event: "taken", name: "a"))  // not counted
        metrics.update(queued: 7, inFlight: 2)
        metrics.setModels(["ner": "ner-1", "topic": "bbc-2"])
        let text = Self.lines(metrics)
        #expect(text.contains(#"wiredesk_articles_total{outcome="committed"} 3"#))
        #expect(text.contains(#"wiredesk_articles_total{outcome="failed",code="empty"} 2"#))
        #expect(text.contains(#"wiredesk_articles_total{outcome="failed",code="binary"} 1"#))
        #expect(text.contains("wiredesk_queue_depth 7.0") && text.contains("wiredesk_in_flight 2.0"))
        #expect(text.contains(#"wiredesk_stage_duration_seconds_count{stage="extract"} 1"#))
        #expect(text.contains(#"wiredesk_stage_duration_seconds_bucket{stage="extract",le="0.002"} 1"#))
        #expect(text.contains(#"wiredesk_stage_duration_seconds_bucket{stage="extract",le="0.001"} 0"#))
        #expect(text.contains("wiredesk_commit_latency_seconds_count 3"))
        #expect(text.contains(#"wiredesk_model_info{model="ner",version="ner-1"} 1.0"#))
        #expect(text.contains("# TYPE wiredesk_articles_total counter"))
        let last = text.first { $0.hasPrefix("wiredesk_last_success_timestamp_seconds ") }
        let value = last.flatMap { Double($0.split(separator: " ")[1]) } ?? 0
        #expect(abs(value - Date().timeIntervalSince1970) < 60)
    }

    @Test func aReloadReplacesTheModelInfoSeries() {
        let metrics = DaemonMetrics(path: "/nonexistent/x.prom")
        metrics.setModels(["topic": "v1"])
        metrics.setModels(["topic": "v2"])
        let info = Self.lines(metrics).filter { $0.hasPrefix("wiredesk_model_info{") }
        #expect(info == [#"wiredesk_model_info{model="topic",version="v2"} 1.0"#])
    }

    @Test func writeReplacesTheFileAtomicallyAndLeavesNoTempFile() throws {
        let dir = NSTemporaryDirectory() + "wiredesk-metrics-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let metrics = DaemonMetrics(path: dir + "/wiredesk.prom")
        try metrics.write()
        metrics.observe(EventRecord(event: "committed", name: "a"))
        try metrics.write()
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir) == ["wiredesk.prom"])
        let text = try String(contentsOfFile: dir + "/wiredesk.prom", encoding: .utf8)
        #expect(text.contains(#"wiredesk_articles_total{outcome="committed"} 1"#))
        #expect(throws: SpoolError.self) { try DaemonMetrics(path: dir + "/missing/x.prom").write() }
    }

    @Test func configReadsTheMetricsSection() throws {
        let config = try DaemonConfig.parse(toml: "[metrics]\ntextfile = \"/run/n/wiredesk.prom\"\ninterval_s = 2\n")
        #expect(config.metricsTextfile == "/run/n/wiredesk.prom" && config.metricsIntervalSeconds == 2)
        #expect(DaemonConfig().metricsTextfile.isEmpty)
        #expect(throws: ConfigError.self) {
            _ = try DaemonConfig.parse(toml: "[metrics]\ntextfile = \"/x/metrics.txt\"\n")
        }
        #expect(throws: ConfigError.self) { _ = try DaemonConfig.parse(toml: "[metrics]\ninterval_s = 0\n") }
        #expect(throws: ConfigError.self) { _ = try DaemonConfig.parse(toml: "[metrics]\nport = 9100\n") }
    }

    /// `check-config` prints every section, and what it prints parses back to the same configuration.
    @Test func theEffectiveConfigurationListsEverySectionAndParsesBack() throws {
        var config = DaemonConfig()
        config.claim = .link
        config.metricsTextfile = "/var/lib/node-exporter/wiredesk.prom"
        config.pipeline.classify.duplicateThreshold = 0.7
        let text = config.tomlDescription
        for section in [
            "[log]", "[event_log]", "[spool]", "[metrics]", "[pipeline]", "[normalize]", "[extract]", "[classify]",
        ] {
            #expect(text.contains("\n\(section)\n"), "\(section)")
        }
        #expect(text.contains("duplicate_threshold = 0.7") && text.contains("duplicate_memory = 20000"))
        #expect(text.contains("topic = true") && text.contains(#"# ner_model = "PATH""#))
        let back = try DaemonConfig.parse(toml: text)
        #expect(back == config)
    }
}
