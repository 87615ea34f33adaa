// Signals and reload: SIGTERM/SIGINT drain what is in flight (at most `stop_timeout_s`), SIGHUP rebuilds the
// configuration and models off the control queue and swaps them in (see Daemon.swift).
@preconcurrency import Glibc
import Dispatch
import Foundation
import Logging
import Systemd
import WiredeskPipeline

extension Daemon {
    // MARK: Signals

    func installSignalHandlers() {
        for sig in [SIGTERM, SIGINT, SIGHUP] {
            // Ignore first: the source registers asynchronously and a signal in between would kill us.
            signal(sig, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: sig, queue: control)
            source.setEventHandler { [unowned self] in
                self.assumeIsolated { daemon in
                    if sig == SIGHUP { daemon.reload() } else { daemon.beginShutdown(signal: sig) }
                }
            }
            source.resume()
            sources.append(source)
        }
    }

    func beginShutdown(signal sig: Int32) {
        if stopping {
            logger.warning(
                "second stop signal: exiting now; files in flight stay in active/ and are redone at start-up")
            for name in inFlight.keys { crashes.end(name) }
            exit(0)
        }
        stopping = true
        notifier.stopping()
        watcher?.stop()
        logger.notice(
            "stopping on \(sig == SIGTERM ? "SIGTERM" : "SIGINT"): finishing \(inFlight.count) articles in flight",
            metadata: ["message_id": .string(DaemonEvent.stopping.messageID)])
        if inFlight.isEmpty {
            finish()
            return
        }
        // Whatever is still running after `stop_timeout_s` stays in active/ and is redone at the next start.
        let grace = config.stopTimeoutSeconds
        onControl(after: .now() + grace) { daemon in
            daemon.logger.warning(
                "\(daemon.inFlight.count) articles still in flight after \(grace) s; they stay in active/ for the next start"
            )
            daemon.finish()
        }
    }

    /// The end of a stop: records it, stops the timers and signal sources, and lets `run()` return. Once only.
    func finish() {
        guard !hasFinished else { return }
        hasFinished = true
        // Articles cut off by a stop did not crash the process: their runs are not counted against them.
        for name in inFlight.keys { crashes.end(name) }
        events.append(EventRecord(event: "stopped"))
        NearDuplicateIndex.flushShared()
        writeFinalMetrics()
        logger.notice(
            "stopped: processed \(processed), failed \(failed)",
            metadata: ["message_id": .string(DaemonEvent.stopped.messageID)])
        for source in sources { source.cancel() }
        finishedRun.signal()
    }

    /// SIGHUP: re-read the configuration and rebuild the pipeline (models included) off the control queue.
    func reload() {
        notifier.reloading()
        logger.notice("reloading configuration", metadata: ["message_id": .string(DaemonEvent.reloaded.messageID)])
        let path = configPath
        let overrides = self.overrides
        let current = config
        // The reload runs off the control queue: it gets its own copies of what it reads.
        let reloadLogger = logger
        DispatchQueue.global(qos: .userInitiated).async { [self] in
            do {
                var next = try path.map { p throws(ConfigError) in try DaemonConfig.load(path: p) } ?? DaemonConfig()
                overrides.apply(to: &next)
                try next.validate()
                if next.inbox != current.inbox || next.outbox != current.outbox || next.stateDir != current.stateDir {
                    reloadLogger.warning("inbox, outbox and state_dir changes take effect only after a restart")
                    next.inbox = current.inbox
                    next.outbox = current.outbox
                    next.stateDir = current.stateDir
                }
                let pipeline = try Pipeline(
                    config: next.pipeline, environment: PipelineEnvironment(stateDirectory: next.stateDir))
                let accepted = next
                onControl { daemon in
                    daemon.config = accepted
                    daemon.logger.logLevel = Logger.Level(rawValue: accepted.logLevel) ?? .info
                    daemon.pipeline = pipeline
                    daemon.processor = ArticleProcessor(
                        spool: daemon.spool, events: daemon.events, logger: daemon.logger,
                        onSuccess: accepted.onSuccess, crashes: daemon.crashes)
                    daemon.events.append(EventRecord(event: "reloaded"))
                    daemon.metrics?.setModels(pipeline.models)
                    daemon.logger.notice("configuration reloaded")
                    daemon.reportReloadFinished(failure: nil)
                    daemon.pump()
                }
            } catch {
                let reason = "\(error)"
                onControl { daemon in
                    daemon.logger.error("reload failed, keeping the running configuration: \(reason)")
                    daemon.reportReloadFinished(failure: reason)
                }
            }
        }
    }

    /// READY=1 for systemd, and `state_dir/reload-status` for `wiredesk reload` (the units' ExecReload=).
    func reportReloadFinished(failure: String?) {
        reloadsFinished += 1
        let status = ReloadStatus(pid: getpid(), generation: reloadsFinished, failure: failure)
        do {
            try status.write(stateDir: config.stateDir)
        } catch {
            logger.warning("could not write \(ReloadStatus.path(stateDir: config.stateDir)): \(error)")
        }
        notifier.ready(status: statusLine())
    }
}
