// The commit path's lanes: every computed article submitted from several threads is committed exactly once, with
// its original archived, whichever lane takes it.
@preconcurrency import Glibc
import Dispatch
import Foundation
import Synchronization
import Testing
import WiredeskPipeline

@testable import WiredeskDaemon

@Suite struct CommitPathTests {
    @Test(arguments: [1, 3])
    func everyArticleIsCommittedOnceOnAnyLane(lanes: Int) throws {
        let t = try TestSpool()
        var config = PipelineConfig()
        config.stages = ["normalize"]
        let pipeline = try Pipeline(config: config)
        let processor = t.processor()
        let names = (0..<40).map { FileName("story-\($0).txt")! }
        for (i, name) in names.enumerated() {
            t.put(t.spool.active, name, Array("Headline \(i)\n\nBody number \(i) says something new.\n".utf8))
        }
        let path = CommitPath(lanes: lanes)
        let outcomes = Mutex([String: ProcessingOutcome]())
        let done = DispatchGroup()
        DispatchQueue.concurrentPerform(iterations: names.count) { i in
            guard case .commit(let article) = processor.compute(names[i], pipeline: pipeline, arrivedAt: Date())
            else { return }
            done.enter()
            path.submit(article) { outcome in
                outcomes.withLock { $0[names[i].display] = outcome }
                done.leave()
            }
        }
        #expect(done.wait(timeout: .now() + 30) == .success)
        let all = outcomes.withLock { $0 }
        #expect(all.count == names.count)
        #expect(all.values.allSatisfy { $0 == .finished(committed: 1, failed: 0) })
        let results = t.displayNames(t.spool.outbox).filter { $0.hasSuffix(".json") }
        #expect(Set(results) == Set(names.map { $0.display + ".json" }))
        #expect(results.count == names.count)
        #expect(t.names(t.spool.active).isEmpty)
        #expect(t.displayNames(t.spool.archive).count == names.count)
    }
}
