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

    @Test(
        arguments: zip(
            [
                "[extract]\nner_model = 3", "[normalize]\nmax_bytes = 1.5",
                "[normalize]\ndefault_language = 1979-05-27",
                "[classify]\ntopic = \"yes\"", "[classify]\ntopic_threshold = \"high\"", "[pipeline]\nstages = [1]",
                "[pipeline]\nstages = \"extract\"", "[pipeline]\narticle_timeout_s = \"60\"", "extract = \"/models\"",
            ],
            [
                "extract.ner_model must be a string", "normalize.max_bytes must be an integer",
                "normalize.default_language must be a string", "classify.topic must be true or false",
                "classify.topic_threshold must be a number", "pipeline.stages must be an array of strings",
                "pipeline.stages must be an array of strings", "pipeline.article_timeout_s must be a number",
                "extract must be a table ([extract])",
            ]))
    func aStageValueOfTheWrongTypeIsNamedInTheError(_ toml: String, _ message: String) {
        do {
            _ = try DaemonConfig.parse(toml: toml, origin: "wiredesk.toml")
            Issue.record("accepted \(toml)")
        } catch {
            #expect(error.description == "wiredesk.toml: \(message)")
        }
    }

    @Test func anIntegerWhereAStageExpectsAFloatIsThatFloatAndAnIntegralFloatWhereItExpectsAnIntegerThatInteger()
        throws
    {
        let config = try DaemonConfig.parse(
            toml: """
                [normalize]
                max_bytes = 2e3
                [classify]
                duplicate_memory = 500.0
                topic_threshold = 1
                duplicate_threshold = 0
                [pipeline]
                article_timeout_s = 60
                """)
        #expect(config.pipeline.classify.topicThreshold == 1)
        #expect(config.pipeline.classify.duplicateThreshold == 0)
        #expect(config.pipeline.articleTimeoutSeconds == 60)
        #expect(config.pipeline.normalize.maxBytes == 2000)
        #expect(config.pipeline.classify.duplicateMemory == 500)
    }

    @Test func stageSectionsPrintEveryKeyAsTOMLThatReadsBack() throws {
        var config = DaemonConfig()
        config.pipeline.normalize.maxBytes = 4096
        config.pipeline.extract.nerModel = #"/models/a "b"\c.model"#
        config.pipeline.classify.topicThreshold = 1
        config.pipeline.classify.tone = false
        let text = config.tomlDescription
        #expect(text.contains("\n[normalize]\ndefault_language = \"en\"\nmax_bytes = 4096\n"))
        #expect(text.contains(#"ner_model = "/models/a \"b\"\\c.model""#))
        #expect(text.contains(#"# gazetteer = "PATH""#) && !text.contains(#"# ner_model"#))
        #expect(text.contains("\ntopic_threshold = 1.0\n") && text.contains("\ntone = false\n"))
        #expect(try DaemonConfig.parse(toml: text) == config)
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
