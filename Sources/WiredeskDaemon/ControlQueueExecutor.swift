// The control queue as the `Daemon` actor's serial executor. The daemon's mutable state is isolated to that actor,
// so the compiler checks what a comment used to claim ("confined to the control queue"), while Dispatch still
// delivers every event: sources and timers target the queue, and `Daemon.onControl` hops onto it. No Swift task is
// created on the hot path; the executor exists so that `assumeIsolated` can verify, at run time, that code Dispatch
// runs on the queue really is on it (and traps when it is not).
import Dispatch

final class ControlQueueExecutor: SerialExecutor {
    let queue: DispatchQueue

    init(queue: DispatchQueue) {
        self.queue = queue
    }

    /// Jobs of Swift concurrency (an `await` on the daemon, if anyone makes one) run on the same queue as the
    /// Dispatch events, so they are serialized with them.
    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        queue.async { job.runSynchronously(on: self.asUnownedSerialExecutor()) }
    }

    /// `assumeIsolated` asks this when code runs outside a Swift task: isolated exactly when on the queue.
    func checkIsolated() {
        dispatchPrecondition(condition: .onQueue(queue))
    }
}
