// The TOML configuration: defaults, overrides, and clear rejection of anything unknown or ill-typed.
import Testing
import WiredeskPipeline

@testable import WiredeskDaemon

@Suite struct DaemonConfigTests {
    @Test func defaultsAreValid() throws {
        let config = DaemonConfig()
        try config.validate()
        #expect(config.settleMs == 300)
        #expect(config.onSuccess == .archive)
        #expect(config.effectiveWorkers >= 1)
        #expect(config.activeDir == config.stateDir + "/active")
        #expect(config.failedDir == config.outbox + "/failed")
    }

    @Test func parsesEveryKey() throws {
        let config = try DaemonConfig.parse(
            toml: """
                inbox = "/srv/in"
                outbox = "/srv/out"
                state_dir = "/srv/state"
                workers = 3
                on_success = "delete"
                settle_ms = 50
                rescan_interval_s = 5
                queue_limit = 64
                durable = false
                archive_max_age_days = 1.5
                stop_timeout_s = 2.5

                [log]
                target = "stderr"
                level = "debug"

                [event_log]
                max_bytes = 8192

                [pipeline]
                stages = ["normalize"]
                """)
        try config.validate()
        #expect(config.inbox == "/srv/in")
        #expect(config.outbox == "/srv/out")
        #expect(config.stateDir == "/srv/state")
        #expect(config.workers == 3)
        #expect(config.effectiveWorkers == 3)
        #expect(config.onSuccess == .delete)
        #expect(config.settleMs == 50)
        #expect(config.rescanIntervalSeconds == 5)
        #expect(config.queueLimit == 64)
        #expect(!config.durable)
        #expect(config.archiveMaxAgeDays == 1.5)
        #expect(config.stopTimeoutSeconds == 2.5)
        #expect(config.logTarget == "stderr")
        #expect(config.logLevel == "debug")
        #expect(config.eventLogMaxBytes == 8192)
        #expect(config.pipeline.stages == ["normalize"])
    }

    @Test(arguments: [
        "inbox_dir = \"/x\"", "[log]\ncolour = true", "[event_log]\nmax = 1", "[pipeline]\nstage = [\"none\"]",
        "workers = \"two\"", "on_success = \"keep\"", "durable = 1", "settle_ms = 1.5", "inbox = [",
        "[classify]\ntopic_treshold = 0.3", "[normalize]\nmaxbytes = 10", "[extract]\nner = \"x\"",
    ])
    func rejectsUnknownOrIllTyped(_ toml: String) {
        #expect(throws: ConfigError.self) { try DaemonConfig.parse(toml: toml) }
    }

    @Test func unknownKeyIsNamedInTheError() {
        do {
            _ = try DaemonConfig.parse(toml: "inbxo = \"/x\"", origin: "wiredesk.toml")
            Issue.record("accepted an unknown key")
        } catch {
            #expect(error.description.contains("inbxo"))
            #expect(error.description.contains("wiredesk.toml"))
        }
    }

    @Test func stageSectionsTakeTheirOwnKeysIncludingPathsThatAreUnsetByDefault() throws {
        let config = try DaemonConfig.parse(
            toml: """
                [normalize]
                max_bytes = 2048
                [extract]
                ner_model = "/models/ner.model"
                [classify]
                topic_model = "/models/topic.model"
                topic_threshold = 0.4
                """)
        #expect(config.pipeline.normalize.maxBytes == 2048)
        #expect(config.pipeline.extract.nerModel == "/models/ner.model")
        #expect(config.pipeline.classify.topicModel == "/models/topic.model")
        #expect(config.pipeline.classify.topicThreshold == 0.4)
        do {
            _ = try DaemonConfig.parse(toml: "[classify]\ntopic_treshold = 0.3", origin: "wiredesk.toml")
            Issue.record("accepted a misspelt stage key")
        } catch {
            #expect(error.description.contains("classify.topic_treshold"))
        }
    }

    @Test func unknownStageIsRejectedByValidation() throws {
        #expect(throws: ConfigError.self) {
            try DaemonConfig.parse(toml: "[pipeline]\nstages = [\"summarize\"]").validate()
        }
    }

    @Test(arguments: [
        "workers = -1", "workers = 1000", "settle_ms = -1", "queue_limit = 0", "rescan_interval_s = 0",
        "inbox = \"\"", "[log]\nlevel = \"loud\"", "[log]\ntarget = \"syslog\"", "[event_log]\nmax_bytes = 10",
    ])
    func validationRejects(_ toml: String) {
        #expect(throws: ConfigError.self) { try DaemonConfig.parse(toml: toml).validate() }
        var config = DaemonConfig()
        config.workers = 1000
        #expect(throws: ConfigError.self) { try config.validate() }
    }

    @Test func overridesWinOverTheFile() throws {
        var config = try DaemonConfig.parse(toml: "inbox = \"/file/in\"\nworkers = 2")
        DaemonOverrides(inbox: "/flag/in", workers: 5).apply(to: &config)
        #expect(config.inbox == "/flag/in")
        #expect(config.workers == 5)
        #expect(config.outbox == DaemonConfig().outbox)
    }

    @Test func printedConfigurationParsesBack() throws {
        var config = DaemonConfig()
        config.inbox = "/a b/in"
        config.settleMs = 123
        config.onSuccess = .delete
        config.pipeline.stages = ["normalize", "extract"]
        let again = try DaemonConfig.parse(toml: config.tomlDescription)
        #expect(again.inbox == "/a b/in")
        #expect(again.settleMs == 123)
        #expect(again.onSuccess == .delete)
        #expect(again.pipeline.stages == ["normalize", "extract"])
    }
}
