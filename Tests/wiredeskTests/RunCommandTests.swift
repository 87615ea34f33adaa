// `wiredesk run` as a person uses it: files dropped with cp, mv, a slow writer, odd kinds and odd names.
@preconcurrency import Glibc
import Foundation
import Testing

@Suite(.serialized) struct RunCommandTests {
    let article = "Headline of the day\n\nThe body of the article has a few words.\n"

    @Test func everyKindOfDropEndsInTheRightPlace() throws {
        let d = try DaemonHarness()
        try d.start()
        #expect(d.isRunning)
        let staging = d.root + "/staging"
        try article.write(toFile: staging + "/src.txt", atomically: false, encoding: .utf8)
        let odd = "-dash name\nwith newline ü.txt"
        try sh(
            """
            set -e
            cd \(quoted(staging))
            cp src.txt \(quoted(d.inbox))/copied.txt
            cp src.txt moved.txt && mv moved.txt \(quoted(d.inbox))/
            cp src.txt \(quoted(d.inbox))/\(quoted(odd))
            cp src.txt \(quoted(d.inbox))/"$(printf 'not\\377utf8.txt')"
            cp src.txt \(quoted(d.inbox))/\(String(repeating: "n", count: 255))
            ln -s /etc/hostname \(quoted(d.inbox))/link
            mkfifo \(quoted(d.inbox))/fifo
            mkdir \(quoted(d.inbox))/subdir
            : > \(quoted(d.inbox))/empty.txt
            printf 'ab\\0\\1\\2cd' > \(quoted(d.inbox))/binary.bin
            cp src.txt \(quoted(d.inbox))/.hidden
            cp src.txt \(quoted(d.inbox))/later.part
            # A slow writer: one descriptor held open for ~3 s, a line every 0.3 s.
            ( exec 3> \(quoted(d.inbox))/slow.txt; echo 'Slow headline' >&3; echo >&3
              for i in $(seq 1 10); do echo "slow line $i" >&3; sleep 0.3; done ) &
            """)
        let results = ["copied.txt.json", "moved.txt.json", odd + ".json", "slow.txt.json"]
        let failures = [
            "link": "not_regular_file", "fifo": "not_regular_file", "subdir": "not_regular_file",
            "empty.txt": "empty", "binary.bin": "binary",
        ]
        let done = d.waitFor(30) {
            Set(results).isSubset(of: d.list(d.outbox))
                && failures.keys.allSatisfy { d.list(d.failed).contains($0 + ".error.json") }
        }
        #expect(done, "outbox: \(d.list(d.outbox)), failed: \(d.list(d.failed))\n\(d.log)")
        for name in results {
            let result = d.json(d.outbox + "/" + name)
            #expect((result?["source"] as? [String: Any])?["name"] as? String == String(name.dropLast(5)))
        }
        // A name that is not UTF-8 keeps its bytes; a 255-byte name gets a shortened, distinct result name.
        let odder = try sh(
            """
            cd \(quoted(d.outbox)) && for i in $(seq 100); do
              [ -e "$(printf 'not\\377utf8.txt.json')" ] && ls | grep -c '^nnnnnnnnnn.*\\.json$' && exit 0; sleep 0.1
            done; exit 1
            """)
        #expect(odder.status == 0 && odder.stdout.hasPrefix("1"), "\(odder)")
        // The slow writer's file was taken whole, once.
        let slow = d.json(d.outbox + "/slow.txt.json")
        let slowSize = (try? FileManager.default.attributesOfItem(atPath: d.state + "/archive/slow.txt")[.size]) as? Int
        #expect((slow?["source"] as? [String: Any])?["bytes"] as? Int == slowSize)
        #expect(slowSize == 15 + 10 * 12 + 1)  // "Slow headline\n\n" + ten "slow line N\n" (N=10 is one longer)
        #expect(d.list(d.outbox).filter { $0.hasPrefix("slow.txt") }.count == 1)
        for (name, code) in failures {
            #expect(d.failureCode(name) == code, "\(name)")
            #expect(d.list(d.failed).contains(name), "\(name) moved to failed/")
        }
        // Ignored names stay until renamed.
        #expect(d.list(d.inbox) == [".hidden", "later.part"])
        try sh("mv \(quoted(d.inbox))/later.part \(quoted(d.inbox))/later.txt")
        #expect(d.waitFor(15) { d.list(d.outbox).contains("later.txt.json") })
        // Nothing stuck, originals archived, still running, and the event log tells the story.
        #expect(d.list(d.state + "/active").isEmpty)
        #expect(d.list(d.state + "/archive").contains("copied.txt"))
        #expect(d.isRunning)
        let events = d.list(d.outbox + "/logs").map {
            (try? String(contentsOfFile: d.outbox + "/logs/" + $0, encoding: .utf8)) ?? ""
        }
        .joined()
        for kind in ["\"started\"", "\"taken\"", "\"stage\"", "\"committed\"", "\"failed\""] {
            #expect(events.contains("\"event\":" + kind), "event \(kind)")
        }
        let start = Date()
        #expect(d.stop() == 0)
        #expect(Date().timeIntervalSince(start) < 10)
        #expect(d.log.contains("stopped"))
    }

    @Test func largeCopyIsTakenWhole() throws {
        let d = try DaemonHarness(stages: ["none"], extraConfig: "[normalize]\nmax_bytes = 67108864")
        try d.start()
        let staging = d.root + "/staging"
        try sh("head -c 52428800 /dev/zero | tr '\\0' 'x' > \(quoted(staging))/big.txt")
        try sh("cp \(quoted(staging))/big.txt \(quoted(d.inbox))/big.txt")
        #expect(d.waitFor(60) { d.list(d.outbox).contains("big.txt.json") }, "\(d.log)")
        let result = d.json(d.outbox + "/big.txt.json")
        #expect((result?["source"] as? [String: Any])?["bytes"] as? Int == 52_428_800)
        let sum = try sh("sha256sum \(quoted(staging))/big.txt | cut -d' ' -f1").stdout
            .trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(result?["id"] as? String == sum)
        #expect(d.list(d.outbox).filter { $0.hasPrefix("big") }.count == 1)
        #expect(d.stop() == 0)
    }

    @Test func filesWaitingAtStartUpAndLeftInActiveAreProcessed() throws {
        let d = try DaemonHarness()
        try article.write(toFile: d.inbox + "/waiting.txt", atomically: false, encoding: .utf8)
        try FileManager.default.createDirectory(atPath: d.state + "/active", withIntermediateDirectories: true)
        try article.write(toFile: d.state + "/active/crashed.txt", atomically: false, encoding: .utf8)
        // Older than the quiet time, as after a restart.
        try sh("touch -d '-1 minute' \(quoted(d.inbox))/waiting.txt")
        try d.start()
        #expect(d.waitFor(20) { Set(["waiting.txt.json", "crashed.txt.json"]).isSubset(of: d.list(d.outbox)) })
        // The result is committed before the original leaves active/: wait for that last step too.
        #expect(d.waitFor(10) { d.list(d.state + "/active").isEmpty })
        #expect(d.stop() == 0)
    }

    /// Starts a daemon whose pipeline blocks forever on an article named "wedged" (the test hook), drops one in and
    /// waits until it is claimed.
    static func daemonWithAWedgedArticle(extraConfig: String = "") throws -> DaemonHarness {
        let d = try DaemonHarness(extraConfig: extraConfig)
        try d.start(environment: ["WIREDESK_TEST_HANG_ON": "wedged"])
        try sh(
            "printf 'Head\\n\\nBody\\n' > \(quoted(d.root))/staging/wedged.txt && mv \(quoted(d.root))/staging/wedged.txt \(quoted(d.inbox))/"
        )
        #expect(d.waitFor(20) { d.list(d.state + "/active") == ["wedged.txt"] })
        return d
    }

    @Test func sigtermWithAWedgedArticleStillExitsWithin10Seconds() throws {
        let d = try Self.daemonWithAWedgedArticle()
        let start = Date()
        #expect(d.stop(within: 12) == 0)
        #expect(Date().timeIntervalSince(start) < 10)
        // Not lost: it stays in active/ and is redone at the next start.
        #expect(d.list(d.state + "/active") == ["wedged.txt"])
        #expect(d.log.contains("still in flight"))
    }

    @Test func stopTimeoutComesFromTheConfiguration() throws {
        let d = try Self.daemonWithAWedgedArticle(extraConfig: "stop_timeout_s = 1")
        let start = Date()
        #expect(d.stop(within: 12) == 0)
        #expect(Date().timeIntervalSince(start) < 4)  // the default would take 8 s
        #expect(d.list(d.state + "/active") == ["wedged.txt"])
        #expect(d.log.contains("still in flight after 1.0 s"))
    }

    @Test func sighupReloadsTheConfiguration() throws {
        let d = try DaemonHarness()
        try d.start()
        // Switch the stages off and reload: the next result must carry no article section.
        let config = try String(contentsOfFile: d.configPath, encoding: .utf8)
        try config.replacingOccurrences(of: "stages = [\"normalize\"]", with: "stages = [\"none\"]")
            .write(toFile: d.configPath, atomically: true, encoding: .utf8)
        kill(try #require(d.process).processIdentifier, SIGHUP)
        #expect(d.waitFor(20) { d.log.contains("configuration reloaded") }, "\(d.log)")
        try sh(
            "printf 'Head\\n\\nBody\\n' > \(quoted(d.root))/staging/a.txt && mv \(quoted(d.root))/staging/a.txt \(quoted(d.inbox))/"
        )
        #expect(d.waitFor(20) { d.list(d.outbox).contains("a.txt.json") })
        let result = d.json(d.outbox + "/a.txt.json")
        #expect(result?["id"] is String)
        #expect(result?["article"] == nil)
        // A broken file on reload keeps the running configuration.
        try "settle_ms = \"soon\"".write(toFile: d.configPath, atomically: true, encoding: .utf8)
        kill(try #require(d.process).processIdentifier, SIGHUP)
        #expect(d.waitFor(20) { d.log.contains("reload failed") })
        #expect(d.isRunning)
        #expect(d.stop() == 0)
    }

    @Test func reloadCommandReturnsOnceTheNewConfigurationRunsAndFailsWhenItIsRejected() throws {
        let d = try DaemonHarness()
        try d.start()
        let pid = try #require(d.process).processIdentifier
        let config = try String(contentsOfFile: d.configPath, encoding: .utf8)
        try config.replacingOccurrences(of: "stages = [\"normalize\"]", with: "stages = [\"none\"]")
            .write(toFile: d.configPath, atomically: true, encoding: .utf8)
        let accepted = try runCommand(wiredeskBinary, ["reload", "--pid", "\(pid)", "--config", d.configPath])
        #expect(accepted.status == 0, "\(accepted.stdout) \(accepted.stderr)")
        // No waiting here: when the command returns, the daemon has finished the reload and says so.
        let status = { (try? String(contentsOfFile: d.state + "/reload-status", encoding: .utf8)) ?? "" }
        #expect(status() == "\(pid) 1 ok\n")
        // Parses, but the daemon cannot build the pipeline: the command fails and the daemon keeps running.
        try
            (config.replacingOccurrences(of: "stages = [\"normalize\"]", with: "stages = [\"normalize\", \"classify\"]")
            + "\n[classify]\ntopic_model = \"\(d.root)/no-such.model\"\n")
            .write(toFile: d.configPath, atomically: true, encoding: .utf8)
        let rejected = try runCommand(wiredeskBinary, ["reload", "--pid", "\(pid)", "--config", d.configPath])
        #expect(rejected.status == 1)
        #expect(
            rejected.stdout.contains("reload failed") && rejected.stdout.contains("no-such.model"), "\(rejected.stdout)"
        )
        #expect(d.isRunning)
        #expect(status().hasPrefix("\(pid) 2 failed "))
        // A process that is not there is an error, not a wait.
        let gone = try runCommand(wiredeskBinary, ["reload", "--pid", "999999", "--state-dir", d.state])
        #expect(gone.status == 1 && gone.stdout.contains("no process 999999"))
        #expect(d.stop() == 0)
    }

    @Test func badConfigurationExits78() throws {
        let d = try DaemonHarness(extraConfig: "colour = true")
        let result = try runCommand(wiredeskBinary, ["run", "--config", d.configPath])
        #expect(result.status == 78)
        #expect(result.stderr.contains("colour"))
    }
}
